"""Read and check contact details: a name, a phone number or e-mail, a good time."""

from __future__ import annotations

import re
import unicodedata

from understanding.cues import cues_for
from understanding.normalise import normalise
from understanding.text import bare_polarity

MAX_NAME = 100
MAX_TIME = 100
_EMAIL = re.compile(r"[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_PHONE = re.compile(r"\+?\(?\d[\d\s().-]{5,}\d")


def clean_name(text: str) -> str | None:
    """The name as typed (spaces tidied), or None when it is no name (empty, a payload, too long)."""
    name = " ".join(text.split())
    if not name or name.startswith("/") or len(name) > MAX_NAME:
        return None
    if not any(ch.isalpha() for ch in name):
        return None
    return name


def clean_reach(text: str) -> str | None:
    """One e-mail address (lower case) or one phone number (digits, leading +), else None.

    Full-width forms, as Chinese keyboards type them ("１３８…", "＠"), are read as their ASCII twins.
    """
    text = unicodedata.normalize("NFKC", text)
    emails = _EMAIL.findall(text)
    phones = [p for p in _PHONE.findall(text) if 7 <= len(re.sub(r"\D", "", p)) <= 15]
    if len(emails) + len(phones) != 1:
        return None
    if emails:
        return emails[0].lower()
    phone = phones[0].strip()
    return ("+" if phone.startswith("+") else "") + re.sub(r"\D", "", phone)


def only_yes_or_no(text: str, language: str) -> bool:
    """True when the text is a plain yes or no and nothing else ("是的", "no"): no time to call."""
    return bare_polarity(normalise(text, language), cues_for(language)) is not None


def clean_time(text: str) -> str | None:
    """A short note of when to call, or None when empty, a payload or too long."""
    note = " ".join(text.split())
    if not note or note.startswith("/") or len(note) > MAX_TIME:
        return None
    return note
