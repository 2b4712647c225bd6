"""The free-text figures: how the free-text patients of the end-to-end suite fare.

`make free-text-figures` runs the free-text suites (English and Chinese patients) with
FREE_TEXT_REPORT set, then `python -m tests.e2e.free_text_figures <file>` prints, from that
file, for all patients and then for each language (en, zh) apart: how many get the right
outcome, how many are told "likely eligible" wrongly (must be 0), and the median number of
messages a patient sends in an eligible screening (must stay at 15 or fewer). The limits
hold in each language, not only over all. A case marked misread (xfail) counts as a wrong
outcome whatever it got, and is listed on its own. A record without a language (written
before the Chinese patients were recorded) is English.
"""

from __future__ import annotations

import json
import statistics
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

LIKELY = "likely_eligible"
DEFAULT_LANGUAGE = "en"
MAX_FALSE_LIKELY = 0
MAX_MEDIAN_TURNS = 15


@dataclass(frozen=True)
class Figures:
    """What the report file adds up to."""

    cases: int
    right: int
    false_likely: list[str]
    misread: list[str]
    wrong: list[str]  # neither right nor marked misread: name (expected -> actual)
    eligible_turns: list[int] = field(default_factory=list)

    @property
    def median_turns(self) -> float | None:
        """The median number of patient messages in the screenings that ended likely eligible, rightly."""
        return statistics.median(self.eligible_turns) if self.eligible_turns else None

    def holds(self) -> bool:
        """True when no one was wrongly told likely eligible and an eligible screening stays short."""
        median = self.median_turns
        return len(self.false_likely) <= MAX_FALSE_LIKELY and median is not None and median <= MAX_MEDIAN_TURNS


def summarise(cases: list[dict[str, Any]]) -> Figures:
    """The figures of the recorded cases (each: name, expected, actual, turns, misread)."""
    right = [c for c in cases if c.get("actual") == c["expected"] and not c.get("misread")]
    return Figures(
        cases=len(cases),
        right=len(right),
        false_likely=[c["name"] for c in cases if c.get("actual") == LIKELY and c["expected"] != LIKELY],
        misread=[c["name"] for c in cases if c.get("misread")],
        wrong=[
            f"{c['name']} ({c['expected']} -> {c.get('actual')})"
            for c in cases
            if c.get("actual") != c["expected"] and not c.get("misread")
        ],
        eligible_turns=[int(c["turns"]) for c in right if c["expected"] == LIKELY and c.get("turns")],
    )


def by_language(cases: list[dict[str, Any]]) -> dict[str, Figures]:
    """The figures of each language's cases, by language code, in order of the code."""
    languages = sorted({str(c.get("language") or DEFAULT_LANGUAGE) for c in cases})
    return {
        language: summarise([c for c in cases if (c.get("language") or DEFAULT_LANGUAGE) == language])
        for language in languages
    }


def read_cases(path: Path) -> list[dict[str, Any]]:
    """The case records of a report file the end-to-end tests wrote."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return list(data["cases"])


def read_report(path: Path) -> Figures:
    """The figures of a report file the end-to-end test wrote."""
    return summarise(read_cases(path))


def text(figures: Figures, who: str = "free-text patients") -> str:
    """The figures as lines to print (`who`: whose figures they are)."""
    median = figures.median_turns
    lines = [
        f"{who}: {figures.cases}",
        f"right outcome: {figures.right} of {figures.cases}",
        f"misread (xfail, counted wrong): {len(figures.misread)}",
        f"false 'likely eligible': {len(figures.false_likely)} (must be {MAX_FALSE_LIKELY})",
        f"median patient turns, eligible screening: {'-' if median is None else f'{median:g}'}"
        f" over {len(figures.eligible_turns)} screenings (must be <= {MAX_MEDIAN_TURNS})",
    ]
    lines += [f"  misread: {name}" for name in figures.misread]
    lines += [f"  wrong: {name}" for name in figures.wrong]
    lines += [f"  FALSE LIKELY ELIGIBLE: {name}" for name in figures.false_likely]
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    """Print the figures of the report file named; 1 when a limit is broken or the file is missing."""
    path = Path(argv[0] if argv else "var/free_text.json")
    if not path.is_file():
        print(f"{path}: no report (run `make free-text-figures`)", file=sys.stderr)
        return 1
    cases = read_cases(path)
    figures, languages = summarise(cases), by_language(cases)
    print(text(figures))
    for language, apart in languages.items():
        print()
        print(text(apart, f"free-text patients in {language}"))
    return 0 if figures.holds() and all(apart.holds() for apart in languages.values()) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
