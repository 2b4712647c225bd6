"""Which language a message is in, and whether it plainly asks for one (understanding/script.py)."""

from __future__ import annotations

import pytest

from understanding.script import asked_language, choose_language, hinted_language, mostly_chinese, simplified

ASKED = [
    # the whole message is a switch_to phrase
    ("中文", "zh"),
    ("English", "en"),
    ("  ＥＮＧＬＩＳＨ！", "en"),  # full-width letters and punctuation
    ("說中文", "zh"),  # Traditional characters
    ("switch to English", "en"),
    # a short request: the other words are only polite filler
    ("english please", "en"),
    ("Can we speak Chinese please?", "zh"),
    ("请用中文吧", "zh"),
    ("中文可以吗？", "zh"),
    ("我想用英文", "en"),
    ("英文可以吗", "en"),
    ("用英语回答", "en"),
    ("ok, english", "en"),
    # the word is there, but the message asks for nothing
    ("my english is bad", None),
    ("no english", None),
    ("我的报告是中文的", None),
    ("我不想说中文", None),
    ("HER2 1+", None),
    ("yes", None),
    ("是的", None),
    ("中文 english", None),  # two languages at once: no plain request
    ("english " * 12, None),  # too long for a request
    ("", None),
]


@pytest.mark.parametrize(("text", "expected"), ASKED)
def test_asked_language(text: str, expected: str | None) -> None:
    assert asked_language(text) == expected


MOSTLY_CHINESE = [
    ("我没有做过化疗", True),
    ("我沒有做過化療", True),  # Traditional
    ("FISH 阴性", True),  # two characters, one Latin word
    ("HER2（1+），FISH 无扩增", True),
    ("HER2 1+", False),
    ("ok", False),
    ("I had 赫赛汀 herceptin", False),  # three characters, three Latin words
    ("ER 90%+ PR 阴性", False),
    ("👍", False),
    ("", False),
]


@pytest.mark.parametrize(("text", "expected"), MOSTLY_CHINESE)
def test_mostly_chinese(text: str, expected: bool) -> None:
    assert mostly_chinese(text) is expected


@pytest.mark.parametrize(
    ("hint", "expected"),
    [
        ("zh", "zh"),
        ("zh-CN", "zh"),
        ("zh-hans", "zh"),
        ("zh_TW", "zh"),
        ("ZH-Hant-HK", "zh"),
        ("en", "en"),
        ("en-GB", "en"),
        ("fr", "en"),  # any other language: English
        ("zhx", "en"),  # not a zh tag
        ("", None),
        (None, None),
        (42, None),
    ],
)
def test_hinted_language(hint: object, expected: str | None) -> None:
    assert hinted_language(hint) == expected


CHOSEN = [
    # (current, text, hint, starting, expected)
    ("en", "hi", "zh-hans", True, "zh"),  # the channel's hint at the start
    ("en", "hi", "zh-hans", False, "en"),  # ... only at the start: a switch to English stays
    ("en", "你好", None, True, "zh"),  # the first message in Chinese
    ("en", "你好", "en", True, "zh"),  # Chinese characters beat the hint
    ("zh", "HER2 1+", None, False, "zh"),  # Latin report terms never switch to English
    ("zh", "ok", "en", False, "zh"),
    ("zh", "English", "zh", False, "en"),  # a request beats everything
    ("en", "说英文", None, False, "en"),  # a request in Chinese for English
    ("en", "中文", "en", True, "zh"),
    ("en", "我沒有做過化療", None, False, "zh"),  # Traditional text: Chinese
    ("zh", "I never had chemo", None, False, "zh"),  # English words alone ask for nothing
]


@pytest.mark.parametrize(("current", "text", "hint", "starting", "expected"), CHOSEN)
def test_choose_language(current: str, text: str, hint: object, starting: bool, expected: str) -> None:
    assert choose_language(current, text, hint, starting) == expected


def test_simplified_leaves_other_text_alone() -> None:
    assert simplified("說中文，HER2 1+") == "说中文，HER2 1+"
    assert simplified("HER2 1+") == "HER2 1+"
