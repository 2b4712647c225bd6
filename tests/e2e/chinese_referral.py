"""A Chinese patient's way to a referral number: how they answer, and the bot's words they meet on the way.

One script for the channels that play it: the widget in Chromium (tests/browser/chinese_patient.py)
and Telegram through the fake Bot API (tests/telegram/test_e2e_languages.py). The typed words are
those of the Chinese patient of the REST suite (free_text_zh.py), HER2 as the report's line in
Latin letters; some questions are answered with a tap. The bot's words are domain.yml's zh variants.
"""

from __future__ import annotations

import re

from criteria.loading import load_trial
from criteria.model import localize
from tests.e2e.free_text_zh import ELIGIBLE_ZH

REFERRAL_NUMBER = re.compile(r"推荐编号是 (R-[A-Z0-9]{6})")
GREETING = ("自动助手", "不是真人", "120")  # what the greeting must say, in Chinese
CONSENT = ["同意，我本人回答", "同意，替家人回答", "不了，谢谢"]
SUMMARY = "这是您告诉我的内容"
SUMMARY_BUTTONS = ["对，没错", "修改回答"]
LIKELY = "可能符合条件"
CONTACT_OFFER = ["好的，请联系我", "不了，谢谢"]
READ_BACK_BUTTONS = ["对，发送", "修改"]
NAME, PHONE, TIME = "王丽", "13800138000", "上午"

# How the patient answers each question: ("type", words) or ("press", the option's code). The
# words are those of the Chinese patient of the REST suite (tests/e2e/free_text_zh.py), HER2 as
# the report's line in Latin letters; three questions are answered with a tap.
TAPPED = {"chemo_metastatic": "no", "progression": "yes", "cancer_history": "none"}
TYPED = {**ELIGIBLE_ZH, "her2_ihc": "HER2(1+)"}
ANSWERS: dict[str, tuple[str, str]] = {
    question: ("press", TAPPED[question]) if question in TAPPED else ("type", str(words))
    for question, words in TYPED.items()
}


def button_title(question: str, option: str) -> str:
    """The Chinese words on the button of this option of this question (what the patient taps)."""
    found = next(q for q in load_trial().questions if q.id == question).option(option)
    assert found is not None, f"no option {option} in {question}"
    return localize(found.label, "zh")
