"""Read an age in years from digits, words or a birth year."""

from __future__ import annotations

import datetime
import re
from functools import lru_cache

from criteria import Question
from understanding.cues import Cues, cues_for
from understanding.language import load_language
from understanding.numbers import spoken_number
from understanding.reading import Reading, not_sure
from understanding.text import alternation, has, own_clauses, words_alternation

MAX_AGE = 120
_JUST_A_NUMBER = re.compile(r"^\s*(\d{1,3})\s*[.!]?\s*$")


@lru_cache(maxsize=8)
def _alone(language: str) -> re.Pattern[str] | None:
    """A number alone but for a head before it or an ending after it ("我 67", "67 了"); None without such words."""
    age = load_language(language)["age"]
    heads, endings = age.get("alone_heads") or [], age.get("alone_after") or []
    if not heads and not endings:
        return None
    head = f"(?:{alternation(sorted(heads, key=len, reverse=True))})?" if heads else ""
    ending = f"(?:{alternation(sorted(endings, key=len, reverse=True))})?" if endings else ""
    return re.compile(rf"^\s*{head}\s*(\d{{1,3}})\s*{ending}\s*[.!]?\s*$")


@lru_cache(maxsize=8)
def _near_age(language: str) -> re.Pattern[str]:
    """A number said as an age: after "I'm", "aged"... (and not followed by "kg"...), or before "years"."""
    words = load_language(language)["age"]
    before, after, not_years = (
        words_alternation(words["before"]),
        words_alternation(words["after"]),
        alternation(words["not_years"]),
    )
    return re.compile(
        rf"(?:{before}\s*(?P<age_after_head>\d{{1,3}})\b(?!\s*(?:{not_years})))|(?:\b(?P<age_before_unit>\d{{1,3}})\s*{after})"
    )


def words_to_numbers(text: str, cues: Cues) -> str:
    """Replace number words with digits: 'fifty-four' -> '54', '五十四' -> '54'."""
    if cues.multipliers:
        said = sorted([*cues.numbers, *cues.multipliers], key=len, reverse=True)
        one = alternation(said)

        def number(m: re.Match[str]) -> str:
            value = spoken_number(re.findall(one, m.group(0)), cues.numbers, cues.multipliers)
            return m.group(0) if value is None else f" {value} "

        return re.sub(rf"(?:{one})+", number, text)
    tens = "|".join(w for w, n in cues.numbers.items() if n >= 20 and n % 10 == 0 and n < 100)
    units = "|".join(w for w, n in cues.numbers.items() if 1 <= n <= 9)

    def compound(m: re.Match[str]) -> str:
        return str(cues.numbers[m.group(1)] + cues.numbers[m.group(2)])

    text = re.sub(rf"\b({tens})[\s-]+({units})\b", compound, text)
    words = "|".join(sorted(cues.numbers, key=len, reverse=True))
    return re.sub(rf"\b({words})\b", lambda m: str(cues.numbers[m.group(1)]), text)


def _birth_years(text: str, language: str, today: datetime.date) -> list[int]:
    """The years said as a birth year ("born 1972", "1972年出生", "72年的": 1972).

    Any year counts, or, where the language file has `born` words, a year before one of them.
    """
    born = load_language(language)["age"].get("born")
    if not born:
        return [int(y) for y in re.findall(r"\b(19\d\d|20\d\d)\b", text)]
    said = re.findall(rf"\b(\d\d|19\d\d|20\d\d)\s*{words_alternation(born)}", text)
    return [int(y) if len(y) == 4 else _century(int(y), today) for y in said]


def _century(two_digits: int, today: datetime.date) -> int:
    """A year written with two digits ("72年"): this century when that is not ahead, else the last."""
    return 2000 + two_digits if 2000 + two_digits <= today.year else 1900 + two_digits


def _from_birth_year(text: str, language: str, today: datetime.date) -> tuple[int, int] | None:
    years = _birth_years(text, language, today)
    if len(years) != 1 or years[0] > today.year:
        return None
    oldest = today.year - years[0]
    return oldest - 1, oldest


def _nominal(text: str, language: str) -> tuple[list[int], str]:
    """The numbers said as a nominal age (虚岁), and the text without them."""
    words = load_language(language)["age"].get("nominal")
    if not words:
        return [], text
    said = words_alternation(words)
    pattern = re.compile(rf"(?:{said})\s*(\d{{1,3}})|(\d{{1,3}})\s*(?:{said})")
    found = [int(m.group(1) or m.group(2)) for m in pattern.finditer(text)]
    return found, pattern.sub(" , ", text)


def _either(question: Question, low: int, high: int, how: str) -> Reading | None:
    """An age known to be low or high: taken (as high) only when both give the same result."""
    if (18 <= low <= 75) != (18 <= high <= 75):
        return None
    return Reading({question.id: high}, how, details={"low": str(low), "high": str(high)})


def read_age(question: Question, text: str, language: str, today: datetime.date | None = None) -> Reading | None:
    """'54', 'I'm 54', 'fifty four', '54 years old', 'born in 1970'.

    A number that is not plainly an age ("I have 3 kids", "I weigh 54 kg",
    "my mother is 80", "almost 18") is not taken; several ages are unclear.

    From a birth year the age is one of two, and from a nominal age (虚岁, one or
    two years more); it is taken only when both give the same result (18 to 75, or not).
    """
    cues = cues_for(language)
    if has(text, cues.unsure):
        return not_sure(question)
    if has(text, cues.not_yet):
        return None  # "I'll be 18 next month": the age is not 18 yet
    # "age: 48", "年龄：45": the colon of a form line is no clause break
    text = re.sub(rf"({words_alternation(load_language(language)['age']['before'])})\s*:\s*(?=\d)", r"\1 ", text)
    text = words_to_numbers(" , ".join(own_clauses(text, cues)), cues)
    birth = _from_birth_year(text, language, today or datetime.date.today())
    if birth:
        return _either(question, *birth, "age_from_birth_year")
    nominal, text = _nominal(text, language)
    numbers = [int(m.group("age_after_head") or m.group("age_before_unit")) for m in _near_age(language).finditer(text)]
    alone = _alone(language)
    just = _JUST_A_NUMBER.match(text) or (alone.match(text) if alone else None)
    if just:
        numbers = [int(just.group(1))]
    if not numbers and len(set(nominal)) == 1 and 2 < nominal[0] <= MAX_AGE:
        return _either(question, nominal[0] - 2, nominal[0] - 1, "age_from_nominal_age")
    if len(set(numbers)) != 1 or not 0 < numbers[0] <= MAX_AGE:
        return None
    return Reading({question.id: numbers[0]}, "age_read", details={"age": str(numbers[0])})
