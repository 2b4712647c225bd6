"""What counts as English left in a Chinese text, beyond the terms that stay in Latin letters.

The terms below are what a Chinese report or the registry writes in Latin letters, and the
names of the study, its sponsor, its contact and the medicines (the lexicon's Latin names,
brands included); e-mail addresses, placeholders and Telegram's commands pass too. Anything
else in Latin letters is a leftover of the English: an ordinary word ("Yes", "start over"),
or two Latin words in a row (an English phrase or sentence).
A lone word in capitals passes as a report abbreviation (CT), except ECOG, which a patient
never sees (glossary-zh.md: 日常活动).

One detector for the text files (test_untranslated_english.py) and for what a Chinese patient
is really shown in the widget and on Telegram (tests/browser/, tests/telegram/).
"""

from __future__ import annotations

import re
from functools import lru_cache

from criteria import load_lexicon

STAY_LATIN = (
    "HER2", "IHC", "ISH", "FISH", "ER", "PR", "HR", "Ki-67", "Ki67", "TQB2102", "NCT06561607", "CTTQ",
    "Qingyuan Zhang", "ClinicalTrials.gov", "T-DM1", "T-DXd", "RC48", "mg/kg", "mg", "kg", "CT", "MRI",
    "PET-CT", "RECIST",
    "English",  # the word a patient sends to switch to English (switch_to), quoted in the Chinese texts that say so
)  # fmt: skip
NEVER_SHOWN = ("ECOG",)
PLACEHOLDER = re.compile(r"\{\w+\}")
COMMAND = re.compile(r"(?<![\w/])/[a-z_]+")  # Telegram's commands (/start) stay as they are typed
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
WORD = re.compile(r"[A-Za-z][A-Za-z0-9'’]*(?:-[A-Za-z0-9]+)*")
# Latin words with only spaces or ASCII punctuation between them.
RUN = re.compile(r"[A-Za-z][A-Za-z0-9'’-]*(?:[ ,.:;!?\"/&]+[A-Za-z][A-Za-z0-9'’-]*)+")


@lru_cache(maxsize=1)
def allowed_terms() -> tuple[str, ...]:
    """The terms that stay Latin and the lexicon's Latin medicine names, longest first."""
    names = {str(n) for entry in load_lexicon() for n in [entry["name"], *entry.get("also", [])]}
    latin = {n for n in names if re.fullmatch(r"[A-Za-z0-9 ./+-]+", n) and re.search("[A-Za-z]", n)}
    return tuple(sorted({*STAY_LATIN, *latin}, key=len, reverse=True))


def leftovers(text: str) -> list[str]:
    """The English a Chinese text keeps: runs of Latin words, and lone ordinary words."""
    text = COMMAND.sub(" ", EMAIL.sub(" ", PLACEHOLDER.sub(" ", text)))
    for term in allowed_terms():
        text = re.sub(rf"(?i)(?<![A-Za-z0-9]){re.escape(term)}(?![A-Za-z0-9])", " ", text)
    found = [m.group(0) for m in RUN.finditer(text)]
    rest = RUN.sub(" ", text)
    found += [w for w in WORD.findall(rest) if w in NEVER_SHOWN or (len(w) > 1 and w != w.upper())]
    return found
