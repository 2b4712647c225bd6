"""No Chinese text keeps English words, beyond the terms that stay in Latin letters (tests/languages/english.py)."""

from __future__ import annotations

import pytest

from tests.languages.english import leftovers
from tests.languages.texts import Text, texts_in

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
