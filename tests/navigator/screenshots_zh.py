"""Screenshots of the navigator pages in Chinese: `python -m tests.navigator.screenshots_zh [folder]`.

No model is trained: Chinese patients' screenings are written into a temporary store (as the
action server records them, with `language` = zh), their conversations into a tracker table,
and only the gateway is started. A navigator chooses 中文 on the log-in page, works the queue
a little in headless Chromium (1280 px wide; Chinese needs Debian's fonts-noto-cjk) and the
pictures go to (default folder docs/screenshots/):

- navigator-queue-zh.png: the queue with its counts, filters and the patients' languages;
- navigator-summary-zh.png: a Chinese patient's screening: the language used, flags, referral, notes;
- navigator-summary-criteria-zh.png: the criteria table with the patient's words as typed, and the transcript.

Until the trial file has its Chinese texts (the zhtrial helper), questions and reasons in the
criteria table show in English, as the pages fall back to it.
"""

from __future__ import annotations

import datetime as dt
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, sync_playwright

from bot.gateway.process import start_gateway
from bot.navigator.accounts import create_navigator
from bot.startup.settings import ROOT, Settings
from bot.store.crypto import Cipher, load_cipher
from bot.store.database import make_engine, migrate, transaction
from criteria import load_trial
from tests.e2e.patients import button
from tests.navigator.helpers import ANSWERS, conversation_events, log_in_chinese, screening, store_conversation

PASSWORD = "screenshots and tests only"
WIDE = {"width": 1280, "height": 900}
NOW = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None, microsecond=0)


def said(question: str, words: str, value: Any, how: str = "said_none", **details: str) -> dict[str, Any]:
    """One answer-log entry as the chat keeps it (`how`: a reader's code of understanding/languages)."""
    return {"question": question, "said": words, "read_as": {question: value}, "how": how, "details": details}


UNSURE = [  # a Chinese patient, not sure of the second HER2 test, who mixes report terms into Chinese
    said("her2_ihc", "病理报告写的 HER2（++）", "2+", "her2_read", result="2+"),
    said("her2_ish", "不太清楚，好像没做过 FISH", "not_sure", "not_sure"),
    said("anti_her2", "从来没打过赫赛汀", "no", "never_had_medicine", medicine="赫赛汀"),
    said("chemo_metastatic", button("no"), "no", "button"),
    said("hormone_receptor", "ER（+，90%），PR（-）", "positive", "receptor_percent"),
    said("disease_extent", "已经转移到骨头了", "metastatic", "matched_phrase", phrase="转移"),
    said("progression", "上个月 CT 显示长大了", "yes", "matched_phrase", phrase="长大"),
    said("age", "今年五十四", 54, "age_read", age="54"),
    said("daily_activity", "能做轻的家务", "light_work", "matched_phrase", phrase="轻的家务"),
    said("cancer_history", "没有", "none"),
    said("heart_lung", "没有", "none"),
    said("other_conditions", "没有", "none"),
    said("allergies", "不确定", "not_sure", "not_sure"),
]
ELIGIBLE = [
    *UNSURE[:1],
    said("her2_ish", "FISH 阴性，无扩增", "negative", "said_negative"),
    *UNSURE[2:12],
    said("allergies", "没有", "none"),
]
HERCEPTIN = [*UNSURE[:2], said("anti_her2", "我2019年打过赫赛汀", "yes", "named_medicine", medicine="赫赛汀")]


def chinese_chat(started_at: dt.datetime, answers: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A conversation like the one the screening stores, the bot's words in Chinese."""
    events = conversation_events(started_at, answers)
    chinese = {
        "Hello! I am an automated assistant.": "您好！我是自动助手，不是真人。",
        "Question 1 of 12. What was your HER2 result?": "第 1 题，共 12 题。您的 HER2 结果是什么？",
        "Sorry, I did not understand that answer.": "抱歉，我没看懂这个回答。",
        "Thank you. Nothing you said rules you out.": "谢谢。您的回答没有不符合的地方。",
        "Yes, let's start": "好的，开始",
        "No, thanks": "不用了",
    }
    for event in events:
        if event["event"] == "bot":
            event["text"] = chinese.get(event["text"], event["text"])
            for offered in event.get("data", {}).get("buttons", []):
                offered["title"] = chinese.get(offered["title"], offered["title"])
        if event["event"] == "user" and event["text"] == "hi":
            event["text"] = "你好"
    return events


def populate(settings: Settings, cipher: Cipher) -> dict[str, int]:
    """Screenings of Chinese and English patients; the id of each by name."""
    store, tracker = make_engine(settings.store_url), make_engine(settings.tracker_url)
    migrate(store)
    met = dict.fromkeys((c.id for c in load_trial().criteria if c.asked), "met")
    unsure_results = {**met, "INC-03A": "unknown", "EXC-20": "unknown"}
    eligible_results = {**met, "EXC-20": "unknown"}
    made = {}
    plans = [  # name, language, outcome, answers, results, referral, days ago
        ("unsure", "zh", "needs_review", UNSURE, unsure_results, ("李娜", "+86 139 1234 5678", "下午"), 0),
        ("eligible", "zh", "likely_eligible", ELIGIBLE, eligible_results, ("王美", "+86 138 0013 8000", "上午"), 1),
        ("english", "en", "likely_eligible", None, None, ("Mei Wong", "mei@example.org", "Morning"), 2),
        ("herceptin", "zh", "not_eligible", HERCEPTIN, {"EXC-19": "not_met"}, None, 3),
        ("eligible2", "zh", "likely_eligible", ELIGIBLE, eligible_results, ("赵磊", "+86 137 5555 0000", "晚上"), 5),
    ]
    for index, (name, language, outcome, answers, results, refer, days) in enumerate(plans):
        started = NOW - dt.timedelta(days=days, minutes=20)
        made[name], _ = screening(
            store, cipher, sender=f"web:shot{index}", started_at=started, outcome=outcome, results=results,
            refer=refer, language=language, completed_at=started + dt.timedelta(minutes=9),
            answers=answers or ANSWERS,
        )  # fmt: skip
        if answers:
            store_conversation(tracker, cipher, f"pseudonym-{index}", chinese_chat(started, answers))
    with transaction(store) as session:
        create_navigator(session, username="zhang.hushi", password=PASSWORD)
    store.dispose()
    tracker.dispose()
    return made


def work(page: Page, gateway: str, made: dict[str, int]) -> None:
    """Choose 中文 on the log-in page (the browser asks for English), log in, move two referrals, add a note."""
    page.goto(f"{gateway}/navigator/")
    page.get_by_role("link", name="中文").click()
    log_in_chinese(page, "zhang.hushi", PASSWORD)
    page.wait_for_url(f"{gateway}/navigator/")
    for name, status in (("eligible", "已联系"), ("eligible", "已约访视"), ("unsure", "已联系")):
        page.goto(f"{gateway}/navigator/screenings/{made[name]}")
        page.locator("#new-status").select_option(label=status)
        page.get_by_role("button", name="修改状态").click()
        page.wait_for_load_state()
    page.locator("#note-text").fill("患者不确定 FISH 结果，已请她周五带病理报告来。")
    page.get_by_role("button", name="添加备注").click()
    page.wait_for_load_state()


def main(argv: list[str]) -> None:
    """Make the store, start the gateway, take the pictures, stop the gateway."""
    from tests.browser.screenshots import temporary_settings

    folder = Path(argv[0]) if argv else ROOT / "docs" / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    chromium = shutil.which("chromium")
    if chromium is None:
        sys.exit("Chromium is not installed: run `make browser`")
    with tempfile.TemporaryDirectory(prefix="navigator-zh-shots-") as var:
        settings = temporary_settings(Path(var))
        made = populate(settings, load_cipher(settings.var_dir))
        gateway = start_gateway(settings, settings.var_dir / "gateway.log")
        try:
            gateway.wait_ready()
            url = f"http://127.0.0.1:{settings.gateway_port}"
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
                context = browser.new_context(viewport=WIDE, device_scale_factor=1, locale="en-US")  # type: ignore[arg-type]
                page = context.new_page()
                work(page, url, made)
                shots = [
                    ("navigator-queue-zh.png", "/navigator/", None),
                    ("navigator-summary-zh.png", f"/navigator/screenings/{made['unsure']}", None),
                    ("navigator-summary-criteria-zh.png", f"/navigator/screenings/{made['unsure']}", "criteria-title"),
                ]
                for name, path, anchor in shots:
                    page.set_viewport_size({"width": 1280, "height": 900 if path == "/navigator/" else 1500})
                    page.goto(url + path)
                    if anchor:
                        page.evaluate(f"document.getElementById('{anchor}').scrollIntoView()")
                    page.mouse.move(0, 0)
                    page.screenshot(path=str(folder / name))
                    print(f"wrote {folder / name}")
                browser.close()
        finally:
            gateway.stop()


if __name__ == "__main__":
    main(sys.argv[1:])
