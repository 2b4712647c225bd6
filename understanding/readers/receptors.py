"""Read HER2 results (IHC score, ISH test) and hormone-receptor status."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Mapping

from criteria import Question
from criteria.model import AnswerValue
from understanding.cues import Cues, cues_for
from understanding.language import load_language
from understanding.normalise import HAN_CHARS
from understanding.readers.choices import read_choice
from understanding.reading import Reading, not_sure
from understanding.text import (
    EDGE_AFTER,
    EDGE_BEFORE,
    alternation,
    bare_polarity,
    find,
    has,
    own_clauses,
    topic_clauses,
    without_phrases,
    words_alternation,
)


@dataclass(frozen=True)
class _Words:
    """One language's HER2, ISH and receptor words (its data file), as patterns and phrases."""

    scores: Mapping[str, str]  # "2" or "two" -> "2"
    score_patterns: tuple[re.Pattern[str], ...]
    range: re.Pattern[str]  # "1-2+", "0/1+": not one score
    receptor_before: re.Pattern[str]  # "ER (3+": the score is the receptor's staining, not HER2's
    ish: re.Pattern[str]
    ish_colon: re.Pattern[str]  # "ISH: no amplification": the colon is no clause break
    ish_until: re.Pattern[str]  # the next result of a report line
    ish_negative: tuple[str, ...]
    ish_positive: tuple[str, ...]
    not_amplified: re.Pattern[str]
    ish_alone: tuple[str, ...]  # an ISH result without the test's name ("基因无扩增", "not amplified")
    ish_alone_negative: frozenset[str]
    her2: tuple[str, ...]
    her2_sign: re.Pattern[str]
    words: tuple[tuple[tuple[str, ...], str], ...]  # (phrases, IHC value), tried in order
    word_phrases: tuple[str, ...]  # the phrases of `words`, all of them
    bare: Mapping[str, str]  # a result word alone -> IHC value
    receptor_words: tuple[str, ...]
    receptor: re.Pattern[str]
    receptor_percent: re.Pattern[str]
    not_receptor: re.Pattern[str]  # a HER2, ISH or Ki-67 result, up to the next receptor
    receptor_result: re.Pattern[str]  # an ER, PR or HR result, up to the next other result
    opening_answer: re.Pattern[str]  # "no, the ER and the PR were both negative"
    positive: frozenset[str]
    er: frozenset[str]
    pr: frozenset[str]
    both: frozenset[str]
    receptor_topic: tuple[str, ...]
    triple: tuple[str, ...]
    both_negative: tuple[str, ...]
    said_positive: tuple[str, ...]
    said_negative: tuple[str, ...]
    yes: frozenset[str]


@lru_cache(maxsize=8)
def _words(language: str) -> _Words:
    data = load_language(language)
    her2, ish, receptors = data["her2"], data["ish"], data["receptors"]
    triple = tuple(data["triple_negative"]["phrases"])
    scores = {str(k): str(v) for k, v in her2["scores"].items()}
    number_words = [w for w in scores if not w.isdigit()]
    plus, heads, links = alternation(her2["plus"]), alternation(her2["score_heads"]), alternation(her2["score_links"])
    zero = alternation(w for w in number_words if scores[w] == "0")
    one_to_three = alternation(w for w in number_words if scores[w] != "0")
    gap, digit_plus = data["script"]["gap"], alternation(her2.get("digit_plus") or [])
    # After a plus word, no Chinese character but those of `after_plus` ("两个加强针" is no score).
    plus_end = rf"{EDGE_AFTER}(?!(?!{alternation(her2.get('after_plus') or [])})[{HAN_CHARS}])"
    counted = rf"{EDGE_BEFORE}([0-3]|{alternation(number_words)}){gap}(?:{plus}){plus_end}"  # two plus, 两个加号
    which = [*receptors["er"], *receptors["pr"], *receptors["both"]]
    positive, negative = receptors["positive"], receptors["negative"]
    lines = data["report_lines"]
    receptor_links = alternation(dict.fromkeys([*receptors["links"], *lines["receptor_links"]]))
    not_receptor = [*her2["written"], *her2["ihc"], *ish["tests"], *lines["not_receptor_heads"]]
    return _Words(
        scores=scores,
        score_patterns=(
            re.compile(r"(?<![\w.])([0-3])\s*\+"),  # 2+ / 2 +
            re.compile(r"(?<![\w])\+\s*([0-3])(?![\w.])"),  # +2
            re.compile(counted),
            *([re.compile(rf"{EDGE_BEFORE}([0-3]){gap}(?:{digit_plus}){plus_end}")] if digit_plus else []),  # 2加
            *([re.compile(rf"\b(?:{plus})\s+({one_to_three})\b")] if one_to_three else []),  # plus two
            re.compile(rf"\b(?:{heads})\s*(?:{links})?\s*([0-3]|{zero})(?![\w.%+])"),
        ),
        receptor_before=re.compile(
            rf"\b(?:{alternation([*receptors['er'], *receptors['pr']])})\s*(?:(?:{receptor_links})\s*)*$"
        ),
        range=re.compile(rf"\b[0-3]\s*(?:-|/|{alternation(her2['range'])}|\s)\s*[0-3]\s*\+"),
        ish=re.compile(rf"\b(?:{alternation(ish['tests'])})\b(?P<rest>[^,;.]*)"),
        ish_colon=re.compile(rf"\b({alternation([*ish['tests'], *her2['written'], *her2['ihc']])})\s*[:=]\s*"),
        ish_until=re.compile(words_alternation(lines["ish_until"])),
        ish_negative=tuple(ish["negative"]),
        ish_positive=tuple(ish["positive"]),
        not_amplified=re.compile(words_alternation(ish["not_amplified"])),
        ish_alone=(*ish["not_amplified"], *ish["amplified_alone"]),
        ish_alone_negative=frozenset(ish["not_amplified"]),
        her2=tuple(her2["written"]),
        her2_sign=re.compile(rf"\b(?:{alternation(her2['written'])})\s*(?P<sign>[+-])(?!\w)"),
        words=tuple((tuple(phrases), str(value)) for value, phrases in her2["words"]),
        word_phrases=tuple(p for _value, phrases in her2["words"] for p in phrases),
        bare={str(k): str(v) for k, v in her2["bare"].items()},
        receptor_words=tuple(which),
        receptor=re.compile(
            rf"\b(?P<which_receptor>{alternation(which)})"
            rf"(?:\s*(?:{alternation(receptors['joiners'])})\s*(?:(?:{alternation(lines['the'])})\s+)?"
            rf"(?P<second_receptor>{alternation(receptors['pr'])}))?"
            rf"(?:\s*(?:{alternation(receptors['receptor'])}))?(?:\s*(?:{alternation(receptors['status'])}))?"
            rf"(?:\s*(?:{receptor_links}){EDGE_AFTER}){{0,3}}\s*"
            rf"(?:[1-3]\s*(?=\+))?"  # "ER 3+ 90%": a staining score; any staining is positive
            rf"(?P<sign>{alternation([*positive, *negative])})"
        ),
        # "ER 95%": the share of stained cells; 1% or more is positive (ASCO/CAP), 0% negative.
        receptor_percent=re.compile(
            rf"\b(?P<which_receptor>{alternation([*receptors['er'], *receptors['pr']])})"
            rf"(?:\s*(?:{alternation(receptors['receptor'])}))?\s*(?:{alternation(receptors['percent_links'])})?\s*"
            r"(?P<stained_percent>\d{1,3})\s*%"
        ),
        not_receptor=re.compile(rf"\b(?:{alternation(not_receptor)})\b.*?(?=\b(?:{alternation(which)})\b|[,;.]|$)"),
        receptor_result=re.compile(rf"\b(?:{alternation(which)})\b.*?(?=\b(?:{alternation(not_receptor)})\b|[,;.]|$)"),
        opening_answer=re.compile(rf"^\s*(?P<answer>{alternation(data['answer_words'])})\s*[,.!:-]\s*"),
        positive=frozenset(positive),
        er=frozenset(receptors["er"]),
        pr=frozenset(receptors["pr"]),
        both=frozenset(receptors["both"]),
        receptor_topic=(*triple, *receptors["receptor"]),
        triple=triple,
        both_negative=tuple(receptors["both_negative"]),
        said_positive=tuple(receptors["said_positive"]),
        said_negative=tuple(receptors["said_negative"]),
        yes=frozenset(data["yes"]),
    )


def _scores(text: str, words: _Words) -> set[str]:
    """The HER2 scores said; a score right after ER or PR is that receptor's staining."""
    found: set[str] = set()
    for pattern in words.score_patterns:
        for m in pattern.finditer(text):
            if not words.receptor_before.search(text[: m.start()]):
                found.add(words.scores.get(m.group(1), m.group(1)))
    return found


def _ish(text: str, cues: Cues, words: _Words) -> str | None:
    """'negative', 'positive' or None from what is said about the ISH/FISH test.

    What is said ends at the next result of a report line ("FISH neg ER+"); a
    negation besides the result words ("FISH not negative") leaves it unclear. The
    report's finding said without the test's name ("HER2基因未扩增", "no amplification")
    is a result too.
    """
    results = set()
    outside = words.ish.sub(" ", text)
    alone = {phrase for _s, _e, phrase in find(outside, words.ish_alone)}
    if alone and has(without_phrases(outside, alone), cues.negation):
        results.add("unclear")
    results |= {"negative" if phrase in words.ish_alone_negative else "positive" for phrase in alone}
    for m in words.ish.finditer(text):
        rest = m.group("rest")
        until = words.ish_until.search(rest)
        rest = rest[: until.start()] if until else rest
        hits = find(rest, words.ish_negative + words.ish_positive)
        said = {phrase for _s, _e, phrase in hits}
        for start, end, _phrase in reversed(hits):
            rest = rest[:start] + " " + rest[end:]
        if said and has(rest, cues.negation):
            results.add("unclear")
        if said & set(words.ish_negative):
            results.add("negative")
        if said & set(words.ish_positive):
            results.add("positive")
    return results.pop() if len(results) == 1 and "unclear" not in results else None


def _denied(text: str, cues: Cues, words: _Words) -> bool:
    """True when a negation word stands outside the ISH part ("not HER2 positive")."""
    outside_ish = words.ish.sub(" ", text)
    outside_ish = words.not_amplified.sub(" ", outside_ish)
    return has(outside_ish, cues.negation)


def _ihc_value(text: str, words: _Words) -> str | None:
    scores = _scores(text, words)
    if len(scores) == 1:
        score = scores.pop()
        return score if score == "0" else f"{score}+"
    if scores:
        return None
    sign = {m.group("sign") for m in words.her2_sign.finditer(text)}
    if len(sign) == 1:
        return "positive" if sign == {"+"} else "negative"
    said = {phrase for _s, _e, phrase in find(text, words.word_phrases)}  # "超低表达" holds no "低表达"
    for phrases, value in words.words:
        if said & set(phrases):
            return value
    if has(text, words.receptor_words):
        return None  # "ER positive" is about hormones, not HER2
    for bare, value in words.bare.items():
        if find(text, (bare,)):
            return value
    return None


def _names_her2(clause: str, words: _Words) -> bool:
    """True when a clause speaks of the HER2 result (a score, ISH, a HER2 word)."""
    return bool(
        _scores(clause, words)
        or words.ish.search(clause)
        or words.her2_sign.search(clause)
        or find(clause, words.her2)
        or find(clause, words.word_phrases)
        or find(clause, words.ish_alone)
    )


def read_her2(question: Question, text: str, language: str) -> Reading | None:
    """IHC score and, for 2+, the ISH result; words like 'HER2-low' too.

    "her2 was 2+ but fish negative" fills both the score and the ISH answer.
    Doubt ("maybe 2+"), a negation ("not HER2 positive"), a range ("1-2+") or
    two scores are not taken; nor is anything said about someone else.
    """
    cues = cues_for(language)
    if has(text, cues.unsure):
        return not_sure(question)
    words = _words(language)
    text = words.ish_colon.sub(r"\1 ", text)
    own = topic_clauses(text, cues, lambda clause: _names_her2(clause, words))
    if not own or words.range.search(own) or _denied(own, cues, words):
        return None
    value = _ihc_value(own, words)
    if value is None:
        return None
    values: dict[str, AnswerValue] = {question.id: value}
    ish = _ish(own, cues, words)
    if value == "2+" and ish:
        values["her2_ish"] = ish
        return Reading(values, "her2_read_ish", details={"result": str(value), "ish": ish})
    return Reading(values, "her2_read", details={"result": str(value)})


def _names_receptor(clause: str, words: _Words) -> bool:
    """True when a clause speaks of hormone receptors (ER, PR, HR, triple negative)."""
    return bool(words.receptor.search(clause) or find(clause, words.receptor_topic))


def _receptor_part(text: str, words: _Words) -> str:
    """The text without the HER2, ISH and Ki-67 results of a report line, brackets opened.

    "ER(+, 80%) PR(-) HER2 2+ (ISH not amplified)" is read as "ER + 80% PR -": the
    "not" of the ISH result says nothing about the receptors.
    """
    opened = re.sub(r"\(([^()]*)\)", lambda m: " " + m.group(1).replace(",", " ") + " ", text)
    return re.sub(r"\s+", " ", words.not_receptor.sub(" ", opened)).strip()


def read_hormone_receptor(question: Question, text: str, language: str) -> Reading | None:
    """ER or PR positive is positive; both negative (or triple negative) is negative.

    "ER negative" alone leaves PR unknown, so it is not taken. A whole report line
    is read for its receptors only; an opening yes or no must agree with the
    results that follow it ("no, the ER and the PR were both negative").
    """
    cues = cues_for(language)
    if has(text, cues.unsure):
        return not_sure(question)
    bare = bare_polarity(text, cues)
    if bare:
        return Reading(
            {question.id: "positive" if bare == "yes" else "negative"}, "said_yes_no", details={"answer": bare}
        )
    words = _words(language)
    opening = words.opening_answer.match(text)
    reading = _receptors(question, _receptor_part(text[opening.end() :] if opening else text, words), cues, words)
    if opening and reading is not None:
        agrees = "positive" if opening.group("answer") in words.yes else "negative"
        if reading.values[question.id] != agrees:
            return None  # "yes, triple negative": the patient's words disagree
    return reading


def _receptors(question: Question, text: str, cues: Cues, words: _Words) -> Reading | None:
    """The receptor status the results in the text add up to (see `read_hormone_receptor`)."""
    own = topic_clauses(text, cues, lambda clause: _names_receptor(clause, words))
    if not own or has(own, cues.negation):
        return None
    if find(own, words.triple):
        return Reading({question.id: "negative"}, "triple_negative")
    negative: set[str] = set()
    for m in words.receptor_percent.finditer(own):
        if 1 <= int(m.group("stained_percent")) <= 100:
            return Reading({question.id: "positive"}, "receptor_percent")
        negative |= {"ER"} if m.group("which_receptor") in words.er else {"PR"}
    for m in words.receptor.finditer(own):
        if m.group("sign") in words.positive:
            return Reading({question.id: "positive"}, "receptor_positive")
        which = {m.group("which_receptor"), m.group("second_receptor")} - {None}
        negative |= {"ER" for w in which if w in words.er} | {"PR" for w in which if w in words.pr}
        negative |= {"ER", "PR"} if which & words.both else set()
    if negative == {"ER", "PR"} or find(own, words.both_negative):
        return Reading({question.id: "negative"}, "receptors_negative")
    if negative or find(own, words.her2):
        return None
    if find(own, words.said_positive) and not find(own, words.said_negative):
        return Reading({question.id: "positive"}, "said_positive")
    if find(own, words.said_negative):
        return Reading({question.id: "negative"}, "said_negative")
    return None


def read_ish(question: Question, text: str, language: str) -> Reading | None:
    """The ISH/FISH result; in a whole report line, what is said of that test only.

    "ER+ PR+, HER2 2+, FISH not amplified" is negative: the receptors' "+" is not
    the test's. "FISH equivocal" or "FISH pending" is no result; the receptors
    alone ("ER positive") answer nothing here.
    """
    words, cues = _words(language), cues_for(language)
    text = words.ish_colon.sub(r"\1 ", text)
    rest = re.sub(r"\s+", " ", words.receptor_result.sub(" ", text)).strip(" ,;.")
    if not rest:
        return None
    own = " , ".join(own_clauses(rest, cues))
    if words.ish.search(own) and not has(rest, cues.unsure):
        ish = _ish(own, cues, words)
        if ish:
            return Reading({question.id: ish}, "ish_read", details={"ish": ish})
    return read_choice(question, rest, language)
