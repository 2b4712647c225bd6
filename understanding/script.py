"""Which language a message is in, and whether it asks for a language (issue 15).

The action server sets the patient's language from these (actions/language.py): a plain
request ("中文", "English please", "请用中文") beats everything, then a message mostly in
Chinese characters starts Chinese, then the channel's hint at the start of a chat;
otherwise the language stays as it is. A Chinese patient who types only Latin report
terms ("HER2 1+", "ok") stays in Chinese: Latin letters never switch to English.
The words that ask for a language are each language's `switch_to` list
(understanding/languages/<code>.yml); the words that may stand around such a request,
script.yml beside this file.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

from understanding.language import languages, load_language
from understanding.normalise import HAN_CHARS, normalise, simplified

CHINESE, ENGLISH = "zh", "en"
POLITE_FILE = Path(__file__).with_name("script.yml")
MAX_REQUEST = 40  # characters: a longer message is no plain request for a language
_HAN = re.compile(f"[{HAN_CHARS}]")
_LATIN_WORD = re.compile(r"[a-z]+")
_NOT_WORD = re.compile(r"[^\w\s'+]")


def mostly_chinese(text: str) -> bool:
    """True when Chinese characters outnumber Latin words: "FISH 阴性" yes; "HER2 1+", "I had 赫赛汀 herceptin" no."""
    han = len(_HAN.findall(text))
    return han > 0 and han > len(_LATIN_WORD.findall(text.lower()))


def hinted_language(hint: object) -> str | None:
    """A channel's language tag as our code: zh-* (zh-CN, zh-hans, zh_TW) is zh, any other tag en; None without one."""
    if not isinstance(hint, str) or not hint.strip():
        return None
    return CHINESE if re.match(r"zh(?![a-z])", hint.strip().lower()) else ENGLISH


@lru_cache(maxsize=1)
def _requests() -> tuple[tuple[str, str], ...]:
    """(phrase, language) for every language's switch_to phrases, longest first."""
    pairs = [(simplified(normalise(p)), code) for code in languages() for p in load_language(code).get("switch_to", [])]
    return tuple(sorted(pairs, key=lambda pair: -len(pair[0])))


@lru_cache(maxsize=1)
def _polite() -> tuple[frozenset[str], tuple[str, ...]]:
    """(Latin words, Chinese words longest first) that may stand around a request."""
    with POLITE_FILE.open(encoding="utf-8") as handle:
        data: dict[str, list[str]] = yaml.safe_load(handle)
    words = [w for code_words in data.values() for w in code_words]
    latin = frozenset(w for w in words if not _HAN.search(w))
    chinese = tuple(sorted((w for w in words if _HAN.search(w)), key=len, reverse=True))
    return latin, chinese


def _only_polite(rest: str) -> bool:
    latin, chinese = _polite()
    for word in chinese:
        rest = rest.replace(word, " ")
    return not _HAN.search(rest) and all(w in latin for w in re.findall(r"[a-z0-9'+]+", rest))


def _found(phrase: str, text: str) -> re.Match[str] | None:
    if _HAN.search(phrase):
        return re.search(re.escape(phrase), text)
    return re.search(rf"(?<![a-z0-9]){re.escape(phrase)}(?![a-z0-9])", text)


def asked_language(text: str) -> str | None:
    """The language a message plainly asks for ("中文", "switch to English", "请说中文吧"), else None.

    The whole message, or a short one whose other words are only polite filler: a
    message that merely holds the word ("my english is bad", "报告是中文的") asks
    nothing, nor does one asking for two languages.
    """
    said = _NOT_WORD.sub(" ", simplified(normalise(text)))
    said = re.sub(r"\s+", " ", said).strip()
    if not said or len(said) > MAX_REQUEST:
        return None
    asked = set()
    for phrase, code in _requests():
        match = _found(phrase, said)
        if match and _only_polite(said[: match.start()] + " " + said[match.end() :]):
            asked.add(code)
    return asked.pop() if len(asked) == 1 else None


def choose_language(current: str, text: str, hint: object = None, starting: bool = False) -> str:
    """The patient's language after this message.

    A plain request, else Chinese for a message mostly in Chinese characters, else the
    channel's hint when the chat is `starting`, else `current` (Latin text never
    switches a Chinese patient to English).
    """
    asked = asked_language(text)
    if asked:
        return asked
    if mostly_chinese(text):
        return CHINESE
    hinted = hinted_language(hint) if starting else None
    return hinted or current
