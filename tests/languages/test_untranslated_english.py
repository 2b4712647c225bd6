"""No Chinese text keeps English words, beyond the terms that stay in Latin letters.

The terms below are what a Chinese report or the registry writes in Latin letters, and the
names of the study, its sponsor, its contact and the medicines (the lexicon's Latin names,
brands included); e-mail addresses, placeholders and Telegram's commands pass too. Anything
else in Latin letters is a leftover of the English: an ordinary word ("Yes", "start over"),
or two Latin words in a row (an English phrase or sentence).
A lone word in capitals passes as a report abbreviation (CT), except ECOG, which a patient
never sees (glossary-zh.md: 日常活动).
"""

from __future__ import annotations

import re

import pytest

from criteria import load_lexicon
from tests.languages.texts import Text, texts_in

STAY_LATIN = (
    "HER2", "IHC", "ISH", "FISH", "ER", "PR", "HR", "Ki-67", "Ki67", "TQB2102", "NCT06561607", "CTTQ",
    "Qingyuan Zhang", "ClinicalTrials.gov", "T-DM1", "T-DXd", "RC48", "mg/kg", "mg", "kg", "CT", "MRI",
    "PET-CT", "RECIST",
)  # fmt: skip
NEVER_SHOWN = ("ECOG",)
PLACEHOLDER = re.compile(r"\{\w+\}")
COMMAND = re.compile(r"(?<![\w/])/[a-z_]+")  # Telegram's commands (/start) stay as they are typed
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
WORD = re.compile(r"[A-Za-z][A-Za-z0-9'’]*(?:-[A-Za-z0-9]+)*")
# Latin words with only spaces or ASCII punctuation between them.
RUN = re.compile(r"[A-Za-z][A-Za-z0-9'’-]*(?:[ ,.:;!?\"/&]+[A-Za-z][A-Za-z0-9'’-]*)+")


def allowed_terms() -> list[str]:
    """The terms that stay Latin and the lexicon's Latin medicine names, longest first."""
    names = {str(n) for entry in load_lexicon() for n in [entry["name"], *entry.get("also", [])]}
    latin = {n for n in names if re.fullmatch(r"[A-Za-z0-9 ./+-]+", n) and re.search("[A-Za-z]", n)}
    return sorted({*STAY_LATIN, *latin}, key=len, reverse=True)


def leftovers(text: str) -> list[str]:
    """The English a Chinese text keeps: runs of Latin words, and lone ordinary words."""
    text = COMMAND.sub(" ", EMAIL.sub(" ", PLACEHOLDER.sub(" ", text)))
    for term in allowed_terms():
        text = re.sub(rf"(?i)(?<![A-Za-z0-9]){re.escape(term)}(?![A-Za-z0-9])", " ", text)
    found = [m.group(0) for m in RUN.finditer(text)]
    rest = RUN.sub(" ", text)
    found += [w for w in WORD.findall(rest) if w in NEVER_SHOWN or (len(w) > 1 and w != w.upper())]
    return found


ZH = texts_in("zh")


@pytest.mark.parametrize("text", ZH, ids=[t.where for t in ZH])
def test_no_english_left_in_chinese(text: Text) -> None:
    assert leftovers(text.text) == [], f"{text.where}: {text.text}"


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("如果是紧急情况，请立即拨打 120。", []),
        ("免疫组化（IHC）评分是 1+，FISH 阴性，ER 90%+。", []),
        ("HER2（1+）", []),
        ("您用过 Herceptin 或 T-DM1 吗？", []),  # a brand name and a code from the lexicon
        ("这项研究的主要联系人是 Qingyuan Zhang 医生。", []),
        ("比如 name@example.com 或 {reach}", []),
        ("在 ClinicalTrials.gov 网站上查找", []),
        ("请点 Yes", ["Yes"]),
        ("请输入 start over 重新开始", ["start over"]),
        ("If this is an emergency, call 120.", ["If this is an emergency, call"]),
        ("您的体能状态（ECOG）是多少？", ["ECOG"]),
        ("CT 检查", []),  # a lone abbreviation in capitals
        ("/start - 开始回答问题", []),  # a Telegram command
        ("/start - begin", ["begin"]),
    ],
)
def test_the_check_finds_english_and_spares_report_terms(text: str, found: list[str]) -> None:
    assert leftovers(text) == found
