"""Rasa's buttons as numbered choices in the text, and a patient's reply read back as the choice.

WeChat's customer-service text messages have no buttons, so a question's buttons are written
under it ("回复 1：是 / 2：否 / 3：不确定"); a reply of the number ("1", full-width "１"), or of
the words themselves ("是"), is the choice and sends the button's payload to Rasa. Anything else
is the patient's own words, forwarded as typed (free text is always accepted).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence

from bot.rasa_client import Button

CJK = re.compile(r"[\u3400-\u9fff]")
LATIN = re.compile(r"[A-Za-z]")
ONE_LINE_WIDTH = 40  # choices wider than this together (a Chinese character counts 2) go one per line
TRAILING = "。.!！?？~～ \t\n"
WORDING = {  # the words around the numbers, by language
    "zh": {"reply": "回复 {choices}", "item": "{number}：{title}", "heading": "回复数字选择："},
    "en": {"reply": "Reply {choices}", "item": "{number}: {title}", "heading": "Reply with a number:"},
}


def language_of_text(text: str) -> str:
    """The language a bot text is in: Chinese when it is mostly Chinese, else English.

    Chinese texts carry Latin names and terms (NCT06561607, HER2) and English ones name "中文":
    Chinese characters must be at least a third as many as Latin letters.
    """
    chinese, latin = len(CJK.findall(text)), len(LATIN.findall(text))
    return "zh" if chinese and chinese * 3 >= latin else "en"


def _width(text: str) -> int:
    """How wide the text is on a phone, in Latin letters (a Chinese character is two)."""
    return len(text) + len(CJK.findall(text))


def numbered(text: str, buttons: Sequence[Button]) -> str:
    """The message's text with its buttons as numbered choices under it (the text alone without buttons)."""
    if not buttons:
        return text
    words = WORDING[language_of_text(text + "".join(b.title for b in buttons))]
    items = [words["item"].format(number=n, title=b.title) for n, b in enumerate(buttons, start=1)]
    if sum(_width(b.title) for b in buttons) <= ONE_LINE_WIDTH:
        listing = words["reply"].format(choices=" / ".join(items))
    else:
        listing = "\n".join([words["heading"], *items])
    return "\n\n".join(part for part in (text.strip(), listing) if part)


def normalised(text: str) -> str:
    """Full-width to half-width, no surrounding spaces or closing punctuation, case folded."""
    return unicodedata.normalize("NFKC", text).strip().rstrip(TRAILING).strip().casefold()


def choice_map(buttons: Sequence[Button]) -> dict[str, str]:
    """Each way to reply (the number, the words) -> the payload it stands for."""
    mapping: dict[str, str] = {}
    for number, button in enumerate(buttons, start=1):
        mapping[str(number)] = button.payload
        mapping.setdefault(normalised(button.title), button.payload)
    return mapping


def resolve(reply: str, choices: Mapping[str, str]) -> str | None:
    """The payload the reply chooses, or None when it is no choice (then it is sent as typed)."""
    return choices.get(normalised(reply)) if reply else None
