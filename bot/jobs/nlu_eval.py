"""`make nlu-eval`: train with the real config.yml, score the held-out NLU sets, check floors.

    python -m bot.jobs.nlu_eval [--model models/x.tar.gz] [--language en] [--dev]
                           [--heldout tests/nlu/dev.yml] [--min-intent-accuracy 0.9]
                           [--min-entity-f1 medicine=0.95] [--out results/nlu-eval.json]

Without --model it trains with config.yml (reusing a model of the same inputs, see
bot.startup.processes.train). English and Chinese are scored apart, each on its own held-out
set (tests/nlu/heldout.yml, tests/nlu/heldout_zh.yml; --dev: the dev sets, for Chinese
tests/nlu/dev_zh.yml and dev_zh_2.yml, each scored apart), with the same
floors: one model serves both, and a language below a floor fails the command. The sets are
never in the training data paths. Prints the figures of each language, writes them as JSON
(`languages`), exits 1 when one is below its floor.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import sys
import warnings
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from bot.jobs.nlu_scores import Example, Prediction, Report, below_floors, score
from bot.startup.settings import ROOT

HELDOUT = ROOT / "tests" / "nlu" / "heldout.yml"
# The labelled sets of each language: held-out (only measured) and dev (tuned against).
HELDOUT_SETS = {"en": HELDOUT, "zh": ROOT / "tests" / "nlu" / "heldout_zh.yml"}
DEV_SETS = {"en": ROOT / "tests" / "nlu" / "dev.yml", "zh": ROOT / "tests" / "nlu" / "dev_zh.yml"}
# Further dev sets, scored with --dev after their language's own, each under the label
# "<language>:<file stem>": dev_zh_2.yml was written by a second hand, who never saw the
# training data (dev_zh.yml's writer also wrote the training data, so it had stopped steering);
# dev_zh_3.yml and dev_zh_4.yml by two more hands, apart from each other and from every other
# set (older patients and families in WeChat; city patients and carers with the report in hand).
MORE_DEV_SETS = {f"zh:dev_zh_{n}": ROOT / "tests" / "nlu" / f"dev_zh_{n}.yml" for n in (2, 3, 4)}
LANGUAGES = tuple(HELDOUT_SETS)
OUT = ROOT / "results" / "nlu-eval.json"
EXTRACTOR = "MedicalTermsExtractor"
ENTITY_TYPES = ("medicine", "her2_result", "hormone_receptor", "age", "red_flag")
RETRIEVAL_INTENT = "faq"
# Floors that CI holds the model to, per language: the targets where the figures meet them,
# else just below the figures measured with config.yml (random_seed fixed); raise them when
# the figures rise. The same data and seed trained on another CPU moved intent accuracy by
# 1 point and the FAQ figure by 3. The targets (issues 6 and 15) are 0.95 intent accuracy and
# 0.95 medicine and HER2 F1 in both languages; both languages meet them since stop 18
# (docs/nlu.md, "Eighth round"), and their floors are the targets.
TARGET_INTENT = 0.95
TARGET_ENTITY_F1 = {"medicine": 0.95, "her2_result": 0.95}


@dataclass(frozen=True)
class Floors:
    """The figures one language's held-out set must reach."""

    intent_accuracy: float
    macro_f1: float
    response_accuracy: float  # an answer is chosen only for messages taken for faq
    entity_f1: dict[str, float]


FLOORS = {
    # measured 0.9825, 0.9846, 0.9537, medicine and HER2 1.00 (2026-12-07, stop 18's model)
    "en": Floors(0.95, 0.94, 0.91, {"medicine": 0.95, "her2_result": 0.95}),
    # measured 0.9570, 0.9510, 0.9636, medicine and HER2 1.00 (2026-12-07, stop 18's model)
    "zh": Floors(0.95, 0.94, 0.93, {"medicine": 0.95, "her2_result": 0.95}),
}
# The English floors (the targets), for the matcher-only tests and the command's help.
INTENT_ACCURACY_FLOOR = FLOORS["en"].intent_accuracy
INTENT_MACRO_F1_FLOOR = FLOORS["en"].macro_f1
RESPONSE_ACCURACY_FLOOR = FLOORS["en"].response_accuracy
ENTITY_F1_FLOORS = FLOORS["en"].entity_f1


def load_examples(path: Path = HELDOUT) -> list[Example]:
    """The labelled messages of a Rasa NLU YAML file."""
    from rasa.shared.nlu.training_data.loading import load_data

    examples = []
    for message in load_data(str(path)).intent_examples:
        entities = tuple((e["entity"], str(e["value"])) for e in message.get("entities") or [])
        key = message.get("intent_response_key")
        examples.append(
            Example(message.get("text"), message.get("intent"), key if key and "/" in key else None, entities)
        )
    return examples


def _prediction(parsed: dict[str, Any]) -> Prediction:
    selector = (parsed.get("response_selector") or {}).get(RETRIEVAL_INTENT) or {}
    key = (selector.get("response") or {}).get("intent_response_key")
    entities = tuple(
        (e["entity"], str(e["value"])) for e in parsed.get("entities") or [] if e.get("extractor") == EXTRACTOR
    )
    return Prediction((parsed.get("intent") or {}).get("name") or "", key, entities)


def predict(model: Path, texts: list[str]) -> list[Prediction]:
    """Parse every text with the trained model (NLU only, in this process, the model loaded once)."""
    from rasa.core.agent import Agent
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.WARNING)  # Rasa's debug lines would repeat every message
    warnings.filterwarnings("ignore", message="Parsed an entity")  # once per message; docs/nlu.md says it
    agent = Agent.load(str(model))

    async def parse_all() -> list[dict[str, Any]]:
        return [await agent.parse_message(text) for text in texts]

    return [_prediction(p) for p in asyncio.run(parse_all())]


def train_model() -> Path:
    """The model of the real config.yml (trained now unless one of the same inputs exists)."""
    from bot.startup.processes import train
    from bot.startup.settings import load_settings

    return train(load_settings())


def print_report(report: Report, label: str, path: Path) -> None:
    """The figures of one set ("en", "zh", "zh:dev_zh_2"), readable."""
    print(f"== {label}: {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
    print(f"held-out messages:      {report.examples}")
    print(f"intent accuracy:        {report.intent_accuracy:.4f}")
    print(f"intent macro F1:        {report.intent_macro_f1:.4f}")
    faq = "n/a" if report.response_accuracy is None else f"{report.response_accuracy:.4f}"
    print(f"FAQ response accuracy:  {faq}")
    for entity, figures in report.entities.items():
        print(
            f"entity {entity:<17} F1 {figures['f1']:.4f}  (precision {figures['precision']:.4f}, "
            f"recall {figures['recall']:.4f}, {figures['support']} annotated)"
        )
    print("per intent F1: " + ", ".join(f"{i} {f['f1']:.2f}" for i, f in report.intents.items()))


def _entity_floor(text: str) -> tuple[str, float]:
    entity, _, floor = text.partition("=")
    if entity not in ENTITY_TYPES or not floor:
        raise argparse.ArgumentTypeError(f"expected ENTITY=FLOOR with ENTITY in {ENTITY_TYPES}")
    return entity, float(floor)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """The command line (floors default to the constants above)."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", type=Path, help="a trained model (default: train with config.yml)")
    parser.add_argument(
        "--language", choices=LANGUAGES, action="append", default=[],
        help="repeatable; default every language (with --heldout: en)",
    )  # fmt: skip
    parser.add_argument("--dev", action="store_true", help="score the dev sets instead of the held-out sets")
    parser.add_argument("--heldout", type=Path, help="another labelled set, for one --language")
    parser.add_argument("--out", type=Path, default=OUT)
    each = "default: each language's floor (FLOORS)"
    parser.add_argument("--min-intent-accuracy", type=float, help=f"for every language; {each}")
    parser.add_argument("--min-macro-f1", type=float, help=f"for every language; {each}")
    parser.add_argument("--min-response-accuracy", type=float, help=f"for every language; {each}")
    parser.add_argument(
        "--min-entity-f1", type=_entity_floor, action="append", default=[], metavar="ENTITY=FLOOR",
        help=f"repeatable, for every language; {each}",
    )  # fmt: skip
    args = parser.parse_args(argv)
    if args.heldout and len(args.language) > 1:
        parser.error("--heldout scores one language: give at most one --language")
    return args


def language_of(label: str) -> str:
    """The language of a set's label ("zh:dev_zh_2" is Chinese)."""
    return label.partition(":")[0]


def labelled_sets(args: argparse.Namespace) -> dict[str, Path]:
    """Label (the language code, or "<language>:<stem>" for a further dev set) to the set to score."""
    if args.heldout:
        return {(args.language or ["en"])[0]: args.heldout}
    sets = {**DEV_SETS, **MORE_DEV_SETS} if args.dev else HELDOUT_SETS
    return {label: path for label, path in sets.items() if language_of(label) in (args.language or LANGUAGES)}


def main(argv: list[str] | None = None) -> int:
    """Train (or load), score each set (one per language, more with --dev), print, write JSON, check the floors."""
    args = parse_args(argv)
    model = args.model or train_model()
    sets = labelled_sets(args)
    examples = {label: load_examples(path) for label, path in sets.items()}
    texts = [e.text for label in sets for e in examples[label]]
    predictions = iter(predict(model, texts))
    floors = {label: floors_of(language_of(label), args) for label in sets}
    failures: list[str] = []
    short: list[str] = []
    languages: dict[str, Any] = {}
    for label, path in sets.items():
        report = score(examples[label], [next(predictions) for _ in examples[label]], ENTITY_TYPES)
        print_report(report, label, path)
        floor = floors[label]
        below = below_floors(report, floor.intent_accuracy, floor.macro_f1, floor.entity_f1, floor.response_accuracy)
        failures += [f"{label}: {failure}" for failure in below]
        short += [f"{label}: {gap}" for gap in below_floors(report, TARGET_INTENT, 0.0, TARGET_ENTITY_F1, 0.0)]
        languages[label] = {"heldout": str(path), "below_floors": below, "floors": asdict(floor), **asdict(report)}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    targets = {"intent_accuracy": TARGET_INTENT, "entity_f1": TARGET_ENTITY_F1}
    document = {
        "model": str(model),
        "targets": targets,
        "below_targets": short,
        "below_floors": failures,
        "languages": languages,
    }
    args.out.write_text(json.dumps(document, indent=2, ensure_ascii=False), encoding="utf-8")
    print(f"written: {args.out}")
    for gap in short:
        print(f"TARGET NOT MET: {gap}")
    for failure in failures:
        print(f"BELOW FLOOR: {failure}", file=sys.stderr)
    return 1 if failures else 0


def floors_of(language: str, args: argparse.Namespace) -> Floors:
    """The language's floors, with any given on the command line in their place."""
    own = FLOORS[language]
    return Floors(
        own.intent_accuracy if args.min_intent_accuracy is None else args.min_intent_accuracy,
        own.macro_f1 if args.min_macro_f1 is None else args.min_macro_f1,
        own.response_accuracy if args.min_response_accuracy is None else args.min_response_accuracy,
        dict(args.min_entity_f1) or dict(own.entity_f1),
    )


if __name__ == "__main__":
    sys.exit(main())
