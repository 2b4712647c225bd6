"""Read the dates and relative times in an answer as the days the event may have been on.

"in 2019", "march 2024", "last summer", "3 weeks ago", "a year ago", "years ago",
"since 2020", "right now": each gives a `Span` (earliest and latest day). The words
are the language file's (`dates:`); today's date is given, so the reading is testable.
Whether a span is inside a criterion's time limit is decided in criteria/timing.py.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Mapping

from criteria.timing import Span, months_before
from understanding.cues import cues_for
from understanding.language import load_language
from understanding.normalise import normalise
from understanding.text import EDGE_AFTER, EDGE_BEFORE, alternation

SOME = (2, 12)  # "a few years ago", "years ago": between 2 and 12 units
_YEAR = r"(?:19|20)\d\d"
_UNIT_MONTHS = {"unit_month": 1, "unit_year": 12}  # units counted in calendar months
_UNIT_DAYS = {"unit_day": 1, "unit_week": 7}  # units counted in days


@dataclass(frozen=True)
class DateWords:
    """A language's date words, as regular-expression parts and lookups."""

    unit_of: Mapping[str, str]
    month_of: Mapping[str, int]
    seasons: Mapping[str, tuple[int, int]]
    numbers: Mapping[str, int]
    one: frozenset[str]
    patterns: Mapping[str, re.Pattern[str]]


def _words(raw: Mapping[str, Any], key: str, language: str) -> list[str]:
    return sorted({normalise(str(w), language) for w in raw.get(key, ())}, key=len, reverse=True)


@lru_cache(maxsize=8)
def date_words(language: str) -> DateWords:
    """The date words of a language, compiled once."""
    raw = load_language(language).get("dates") or {}
    cues = cues_for(language)
    unit_of = {normalise(w, language): unit for unit, ws in raw["units"].items() for w in ws}
    month_of = {normalise(str(w), language): int(n) for w, n in raw["months"].items()}
    seasons = {normalise(str(w), language): (int(a), int(b)) for w, (a, b) in raw["seasons"].items()}
    numbers = {normalise(str(w), language): int(n) for w, n in cues.numbers.items()}
    units = alternation(sorted(unit_of, key=len, reverse=True))
    months = alternation(sorted(month_of, key=len, reverse=True))
    count = alternation([*_words(raw, "some_words", language), *_words(raw, "one_words", language)])
    number = alternation(sorted(numbers, key=len, reverse=True))
    last, this = alternation(_words(raw, "last_words", language)), alternation(_words(raw, "this_words", language))
    before_month = alternation(_words(raw, "month_before", language))
    b, e, gap = EDGE_BEFORE, EDGE_AFTER, cues.script.gap  # word edges, and what stands between two words
    patterns = {
        "count_ago": re.compile(
            rf"{b}(?:(?P<digits>\d{{1,3}})|(?P<number>{number})|(?P<count>{count}))?\s*(?P<unit>{units}){gap}"
            rf"(?:{alternation(_words(raw, 'ago_words', language))}){e}"
        ),
        "month_year": re.compile(rf"{b}(?P<mm>{months})\.?\s+(?P<yyyy>{_YEAR})\b"),
        "year": re.compile(rf"\b(?P<yyyy>{_YEAR})\b"),
        "month": re.compile(rf"{b}(?P<before>{before_month}){gap}(?P<mm>{months}){e}(?!\s*\d)"),
        "season": re.compile(
            rf"{b}(?:(?P<prev>{last})|(?P<cur>{this})|{alternation(_words(raw, 'season_before', language))})?\s*"
            rf"(?P<season>{alternation(seasons)}){e}"
        ),
        "named_unit": re.compile(rf"{b}(?:(?P<prev>{last})|(?P<cur>{this})){gap}(?P<unit>{units}){e}"),
        "today": re.compile(rf"{b}(?:{alternation(_words(raw, 'now_words', language))}){e}"),
        "day_before": re.compile(rf"{b}(?:{alternation(_words(raw, 'yesterday_words', language))}){e}"),
        "from_then": re.compile(rf"{b}(?:{alternation(_words(raw, 'since_words', language))}){gap}$"),
    }
    return DateWords(unit_of, month_of, seasons, numbers, frozenset(_words(raw, "one_words", language)), patterns)


def _back(today: dt.date, unit: str, n: int) -> dt.date:
    """The day n units before today."""
    if unit in _UNIT_MONTHS:
        return months_before(today, n * _UNIT_MONTHS[unit])
    return today - dt.timedelta(days=n * _UNIT_DAYS[unit])


def _month_span(year: int, month: int) -> Span:
    return Span(dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1]))


def _ago(m: re.Match[str], words: DateWords, today: dt.date) -> Span:
    """'3 weeks ago' is 3 to 4 weeks ago; 'a year ago' 1 to 2 years; 'years ago' 2 to 12 years."""
    unit = words.unit_of[m.group("unit")]
    if m.group("digits") or m.group("number"):
        low = int(m.group("digits")) if m.group("digits") else words.numbers[m.group("number")]
        high = low + 1
    elif m.group("count") in words.one:
        low, high = 1, 2
    else:
        low, high = SOME
    return Span(_back(today, unit, high), _back(today, unit, low))


def _season(m: re.Match[str], words: DateWords, today: dt.date) -> Span:
    """The latest such season that has begun; 'last summer' the one before it if we are in it."""
    first, last_month = words.seasons[m.group("season")]
    year = today.year if (today.month >= first) else today.year - 1
    start = dt.date(year, first, 1)
    end_year = year + 1 if last_month < first else year
    end = _month_span(end_year, last_month).latest
    if m.group("prev") and start <= today <= end:
        start, end = start.replace(year=start.year - 1), dt.date(end.year - 1, end.month, end.day)
    return Span(start, min(end, today))


def _named_unit(m: re.Match[str], words: DateWords, today: dt.date) -> Span:
    """'last year', 'this month', 'last week'."""
    unit = words.unit_of[m.group("unit")]
    if unit == "unit_year":
        year = today.year - (1 if m.group("prev") else 0)
        return Span(dt.date(year, 1, 1), min(dt.date(year, 12, 31), today))
    if unit == "unit_month":
        first = months_before(today.replace(day=1), 1 if m.group("prev") else 0)
        return Span(first, min(_month_span(first.year, first.month).latest, today))
    days = _UNIT_DAYS[unit]
    if m.group("prev"):
        return Span(today - dt.timedelta(days=2 * days), today - dt.timedelta(days=days))
    return Span(today - dt.timedelta(days=days), today)


def spans(text: str, language: str, today: dt.date) -> list[Span]:
    """Every date or relative time in the text, as spans (none in the future)."""
    words = date_words(language)
    text = normalise(text, language)
    found: list[tuple[int, int, Span]] = []

    def add(m: re.Match[str], span: Span) -> None:
        if any(m.start() < e and s < m.end() for s, e, _ in found) or span.earliest > today:
            return
        since = words.patterns["from_then"].search(text[: m.start()])
        found.append((m.start(), m.end(), Span(span.earliest, today) if since else span))

    p = words.patterns
    for m in p["count_ago"].finditer(text):
        add(m, _ago(m, words, today))
    for m in p["month_year"].finditer(text):
        add(m, _month_span(int(m.group("yyyy")), words.month_of[m.group("mm")]))
    for m in p["year"].finditer(text):
        year = int(m.group("yyyy"))
        add(m, Span(dt.date(year, 1, 1), min(dt.date(year, 12, 31), today)))
    for m in p["month"].finditer(text):
        month = words.month_of[m.group("mm")]
        year = today.year if month <= today.month else today.year - 1
        add(m, _month_span(year, month))
    for m in p["season"].finditer(text):
        add(m, _season(m, words, today))
    for m in p["named_unit"].finditer(text):
        add(m, _named_unit(m, words, today))
    for m in p["today"].finditer(text):
        add(m, Span(today, today))
    for m in p["day_before"].finditer(text):
        add(m, Span(today - dt.timedelta(days=1), today - dt.timedelta(days=1)))
    return [span for _s, _e, span in sorted(found, key=lambda f: f[0])]
