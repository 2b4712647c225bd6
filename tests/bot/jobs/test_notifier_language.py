"""The referral e-mail in the navigators' language (REFERRAL_EMAIL_LANGUAGE, Chinese by default): still the minimum."""

from __future__ import annotations

import re
from email import message_from_bytes, policy
from pathlib import Path

import pytest

from bot.jobs.notifier import MailSettings, compose, email_language
from tests.bot.jobs.test_notifier import mail_to
from tests.bot.jobs.test_notifier_answered_by import _message

LINK = "https://screening.example.org/navigator/referrals/R-ABCDEF"


@pytest.mark.parametrize(("value", "language"), [(None, "zh"), ("", "zh"), ("en", "en"), ("ZH", "zh"), ("fr", "zh")])
def test_the_setting_defaults_to_chinese(value: str | None, language: str) -> None:
    assert email_language(value) == language


def test_the_environment_sets_the_language(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("REFERRAL_EMAIL_LANGUAGE", raising=False)
    assert MailSettings.from_env(tmp_path).language == "zh"
    monkeypatch.setenv("REFERRAL_EMAIL_LANGUAGE", "en")
    assert MailSettings.from_env(tmp_path).language == "en"


@pytest.mark.parametrize(
    ("language", "subject", "lines"),
    [
        (
            "zh",
            "新推荐 R-ABCDEF - NCT06561607",
            ["推荐编号：R-ABCDEF", "筛查结论：可能符合条件", "回答人：", f"详情（需要登录）：{LINK}",
             "本邮件特意不含健康信息和联系方式。"],
        ),
        (
            "en",
            "New referral R-ABCDEF for NCT06561607",
            ["Referral number: R-ABCDEF", "Screening outcome: Likely eligible", "Answered by: the patient\n",
             f"Details (log-in needed): {LINK}"],
        ),
    ],
)  # fmt: skip
def test_the_email_in_each_language(tmp_path: Path, language: str, subject: str, lines: list[str]) -> None:
    email = compose(_message("self"), mail_to(None, tmp_path, language))
    received = message_from_bytes(bytes(email), policy=policy.default)  # as a mail client reads it
    assert received["Subject"] == subject
    body = received.get_content()
    for line in lines:
        assert line in body, line
    assert (
        len(body.strip().splitlines()) == 8
    )  # seven lines and a blank one: the minimum: no health or contact details grew in


def test_the_chinese_email_has_no_english_sentence(tmp_path: Path) -> None:
    body = compose(_message(None), mail_to(None, tmp_path, "zh")).get_content()
    # Left in Latin letters: the link, the referral number, the trial's id, and who answered until
    # criteria/data/relations.yml has its Chinese (it falls back to English meanwhile).
    ours = [line for line in body.replace(LINK, "").splitlines() if not line.startswith("回答人：")]
    latin = set(re.findall(r"[A-Za-z][A-Za-z-]+", "\n".join(ours)))
    assert latin <= {"R-ABCDEF", "NCT"}, latin
