"""Which labelled sets `make nlu-eval` scores: both languages by default, the dev sets with --dev (four in Chinese)."""

from __future__ import annotations

import pytest

from bot.jobs.nlu_eval import DEV_SETS, HELDOUT_SETS, MORE_DEV_SETS, labelled_sets, parse_args
from bot.startup.settings import ROOT

CASES = [
    ([], HELDOUT_SETS),
    (["--dev"], {**DEV_SETS, **{f"zh:dev_zh_{n}": ROOT / f"tests/nlu/dev_zh_{n}.yml" for n in (2, 3, 4)}}),
    (["--language", "zh"], {"zh": HELDOUT_SETS["zh"]}),
    (["--language", "en", "--dev"], {"en": DEV_SETS["en"]}),
    # the four Chinese dev sets, each scored apart: the last three by people who never saw the training data
    (
        ["--language", "zh", "--dev"],
        {"zh": DEV_SETS["zh"], **{f"zh:dev_zh_{n}": ROOT / f"tests/nlu/dev_zh_{n}.yml" for n in (2, 3, 4)}},
    ),
    (["--heldout", "tests/nlu/dev.yml"], {"en": ROOT / "tests/nlu/dev.yml"}),
    (["--heldout", "x.yml", "--language", "zh"], {"zh": ROOT / "x.yml"}),
]


@pytest.mark.parametrize(("argv", "expected"), CASES, ids=[" ".join(a) or "default" for a, _ in CASES])
def test_the_sets_scored(argv: list[str], expected: dict[str, object]) -> None:
    sets = labelled_sets(parse_args(argv))
    assert {k: (ROOT / v).resolve() for k, v in sets.items()} == {
        k: (ROOT / str(v)).resolve() for k, v in expected.items()
    }


def test_both_languages_are_scored_by_default_and_their_sets_exist() -> None:
    assert set(HELDOUT_SETS) == set(DEV_SETS) == {"en", "zh"}
    assert all(p.is_file() for p in (*HELDOUT_SETS.values(), *DEV_SETS.values(), *MORE_DEV_SETS.values()))


def test_one_other_set_is_for_one_language() -> None:
    with pytest.raises(SystemExit):
        parse_args(["--heldout", "x.yml", "--language", "en", "--language", "zh"])
