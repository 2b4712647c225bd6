"""The navigator pages in Chinese and English: the texts, the choice of language, every page, the CSV header."""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import re
from collections.abc import Iterator, Mapping
from typing import Any

import pytest
from sqlalchemy import select
from starlette.testclient import TestClient

from bot.navigator import audit
from bot.navigator.export import COLUMNS
from bot.navigator.language import COOKIE, choose, from_accept_language
from bot.navigator.texts import LANGUAGES, key_paths, texts
from bot.store.database import transaction
from bot.store.navigation import Navigator
from bot.store.schema import AuditEntry
from tests.navigator.conftest import Site
from tests.navigator.helpers import (
    ANSWERS,
    conversation_events,
    log_in,
    screening,
    session_csrf,
    store_conversation,
    switch,
)

STARTED = dt.datetime(2026, 3, 2, 9, 30, 5)
# A Chinese patient's words, with what HTML, CSV and encodings could trip on: shown exactly as typed.
TYPED = "HER2（++），FISH 阴性 & <无扩增> “好像是” 😊 １＋"
CHINESE_ANSWERS = [{**ANSWERS[0], "said": TYPED}, *ANSWERS[1:]]
REFER = ("王美 <b>", "+86 138 0013 8000", "上午")
PLACEHOLDER = re.compile(r"\{(\w+)\}")
# Texts that are no words: the page's lang attribute and the charts' date formats.
NOT_WORDS = {"html_lang", "charts.tick_date", "charts.long_date"}


def leaves(mapping: Mapping[str, Any], prefix: str = "") -> Iterator[tuple[str, str]]:
    """(dotted key, text) of every text of a language."""
    for key, value in mapping.items():
        if isinstance(value, Mapping):
            yield from leaves(value, f"{prefix}{key}.")
        else:
            yield f"{prefix}{key}", str(value)


# --- the texts


def test_both_languages_have_the_same_keys_and_placeholders() -> None:
    en, zh = texts("en"), texts("zh")
    assert key_paths(en) == key_paths(zh)
    chinese = dict(leaves(zh))
    for key, words in leaves(en):
        assert words.strip() and chinese[key].strip(), key
        assert set(PLACEHOLDER.findall(words)) == set(PLACEHOLDER.findall(chinese[key])), key


def test_no_key_hides_behind_a_mapping_method() -> None:
    """The templates read `t.site.reset` with a dot: a key named like a dict method would show the method."""
    for language in LANGUAGES:
        names = {path.rsplit(".", 1)[-1] for path in key_paths(texts(language))}
        assert not names & set(dir(dict)), names & set(dir(dict))


def test_a_missing_key_is_found() -> None:
    english = dict(texts("en"))
    chinese = {**texts("zh"), "site": {k: v for k, v in texts("zh")["site"].items() if k != "queue"}}
    assert key_paths(english) - key_paths(chinese) == {"site.queue"}


@pytest.mark.parametrize(("key", "words"), [p for p in leaves(texts("zh")) if p[0] not in NOT_WORDS])
def test_every_chinese_text_is_chinese_short_and_uses_full_width_punctuation(key: str, words: str) -> None:
    plain = PLACEHOLDER.sub("", words)
    assert re.search(r"[\u4e00-\u9fff]", plain) or not re.search(r"[A-Za-z]", plain), key
    assert not re.search(r"[,?:;()!]", plain), f"{key}: half-width punctuation in {words!r}"
    latin = set(re.findall(r"[A-Za-z][A-Za-z0-9]*", plain)) - {"UTC", "CSV", "NCT06561607", "Telegram"}
    assert not latin, f"{key}: English left in {words!r}"
    for sentence in re.split(r"[。？！；]", plain):
        assert len(re.findall(r"[\u4e00-\u9fff]", sentence)) <= 25, f"{key}: a long sentence {sentence!r}"


def test_the_glossary_words_are_used() -> None:
    zh = texts("zh")
    assert zh["outcomes"] == {
        "likely_eligible": "可能符合条件",
        "needs_review": "还需要确认一些信息",
        "not_eligible": "不符合这项研究的条件",
    }
    assert zh["screening"]["number"] == "推荐编号" and zh["csv"]["referral_number"] == "推荐编号"
    assert zh["results"]["unknown"] == "不确定"
    assert zh["consents"] == {"screening": "同意开始回答问题", "share_contact": "同意把联系方式交给研究团队"}


# --- which language


@pytest.mark.parametrize(
    ("header", "language"),
    [
        ("zh-CN,zh;q=0.9,en;q=0.8", "zh"),
        ("zh-TW", "zh"),
        ("zh_Hans", "zh"),
        ("en-US,en;q=0.9,zh-CN;q=0.8", "en"),
        ("fr-FR,zh;q=0.5,en;q=0.4", "zh"),
        ("en;q=0.2,zh;q=0.7", "zh"),
        ("zh;q=0,en", "en"),
        ("fr, de", None),
        ("", None),
        (None, None),
        ("*", None),
        ("zh;q=x", None),
    ],
)
def test_accept_language(header: str | None, language: str | None) -> None:
    assert from_accept_language(header) == language


@pytest.mark.parametrize(
    ("cookie", "account", "accept", "language"),
    [
        ("en", "zh", "zh-CN", "en"),  # this browser's choice first
        (None, "zh", "en-US", "zh"),  # then the account's
        (None, None, "zh-CN", "zh"),  # then the browser's language
        ("xx", None, "zh-CN", "zh"),  # an unknown cookie is no choice
        (None, None, None, "en"),
    ],
)
def test_the_choice_comes_before_the_browser(
    cookie: str | None, account: str | None, accept: str | None, language: str
) -> None:
    assert choose(cookie=cookie, account=account, accept_language=accept) == language


def seeded(site: Site) -> int:
    """A Chinese patient's screening with a referral and its conversation; logged in as nurse (no language chosen)."""
    sid, number = screening(
        site.engine, site.cipher, sender="web:zh", started_at=STARTED, refer=REFER, answers=CHINESE_ANSWERS,
        language="zh", flags=[{"kind": "emergency", "question": "allergies", "at": STARTED.isoformat()}],
    )  # fmt: skip
    screening(site.engine, site.cipher, sender="web:en", started_at=STARTED - dt.timedelta(days=1), language="en")
    screening(site.engine, site.cipher, sender="web:old", started_at=STARTED - dt.timedelta(days=2))
    store_conversation(site.tracker, site.cipher, "pseudonym-zh", conversation_events(STARTED, CHINESE_ANSWERS))
    assert log_in(site.client).status_code == 303 and number
    return sid


def test_accept_language_decides_until_a_navigator_chooses(site: Site) -> None:
    page = site.client.get("/navigator/login", headers={"accept-language": "zh-CN,zh;q=0.9"})
    assert '<html lang="zh-Hans">' in page.text and "用户名" in page.text and "Username" not in page.text
    assert page.headers["content-language"] == "zh"
    assert "Username" in site.client.get("/navigator/login", headers={"accept-language": "en-GB"}).text
    switch(site.client, "en", "/navigator/login")
    assert "Username" in site.client.get("/navigator/login", headers={"accept-language": "zh-CN"}).text


def test_the_switch_is_kept_for_the_browser_and_on_the_account(site: Site) -> None:
    seeded(site)
    switch(site.client, "zh")
    assert site.client.cookies.get(COOKIE) == "zh"
    assert "筛查列表" in site.client.get("/navigator/").text
    with transaction(site.engine) as session:
        assert session.execute(select(Navigator.language).where(Navigator.username == "nurse")).scalar_one() == "zh"
    elsewhere = TestClient(site.client.app)  # another computer: no cookie, an English browser
    assert log_in(elsewhere).status_code == 303
    assert "筛查列表" in elsewhere.get("/navigator/", headers={"accept-language": "en-US"}).text
    switch(elsewhere, "en")
    assert "Export these" in elsewhere.get("/navigator/").text


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/navigator/", "/elsewhere"])
def test_the_switch_goes_back_only_to_a_navigator_page(site: Site, target: str) -> None:
    reply = site.client.get("/navigator/language", params={"to": "zh", "next": target}, follow_redirects=False)
    assert reply.headers["location"] == "/navigator/"


def test_an_unknown_language_changes_nothing(site: Site) -> None:
    reply = site.client.get("/navigator/language", params={"to": "fr"}, follow_redirects=False)
    assert reply.status_code == 303 and COOKIE not in reply.headers.get("set-cookie", "")


def test_every_page_links_to_the_other_language(site: Site) -> None:
    seeded(site)
    page = site.client.get("/navigator/?outcome=needs_review").text
    assert 'href="/navigator/language?to=zh&amp;next=/navigator/%3Foutcome%3Dneeds_review"' in page
    assert '<span class="current" lang="en">English</span>' in page and ">中文</a>" in page


# --- every page in Chinese: Chinese words, no English UI words, the patient's words as typed


def english_ui_words() -> list[str]:
    """The English texts of the pages, in the pieces between placeholders, that the Chinese ones replace."""
    chinese = dict(leaves(texts("zh")))
    words: set[str] = set()
    for key, english in leaves(texts("en")):
        if key in NOT_WORDS or english == chinese[key] or english == texts("en")["language_name"]:
            continue
        words |= {p.strip() for p in PLACEHOLDER.split(english) if len(re.findall(r"[A-Za-z]", p)) >= 3}
    return sorted(words)


DATA = [  # what shows the trial's and the patient's words (the trial file's Chinese is the zhtrial helper's)
    r'(?<=<table class="criteria">)(.*?<tbody>).*?(?=</tbody>)',
    r'<details class="site">.*?</details>',
    r'<div class="text">.*?</div>',
    r'<div class="offered">.*?</div>',
    r'<span class="detail">.*?</span>',
    r'<dd class="answered-by">.*?</dd>',
    r"<title>.*?</title>",
]


def ui_text(page: str) -> str:
    """A page's visible words outside the patient's and the trial's words, ids and versions."""
    for pattern in DATA:
        page = re.sub(pattern, lambda m: m.group(1) if m.groups() else " ", page, flags=re.S)
    words = html.unescape(re.sub(r"<[^>]+>", " ", page))
    return re.sub(r"screening:\d+|screening-v1", " ", words)


def english_left(page: str) -> list[str]:
    text = ui_text(page)
    return [w for w in english_ui_words() if re.search(rf"(?<![A-Za-z]){re.escape(w)}(?![A-Za-z])", text)]


def test_the_english_ui_words_are_found_on_an_english_page(site: Site) -> None:
    sid = seeded(site)
    left = english_left(site.client.get(f"/navigator/screenings/{sid}").text)
    assert {"Answered by", "Patient's own words", "Show contact details", "Transcript"} <= set(left)


def pages(site: Site, sid: int) -> dict[str, str]:
    """Every page once, in the language chosen."""
    client = site.client
    token = session_csrf(client)
    client.post(f"/navigator/screenings/{sid}/status", data={"csrf": token, "status": "contacted", "seen": "new"})
    stale = client.post(
        f"/navigator/screenings/{sid}/status", data={"csrf": token, "status": "contacted", "seen": "new"}
    )
    assert stale.status_code == 409
    anonymous = TestClient(client.app, cookies={COOKIE: client.cookies.get(COOKIE) or ""})
    return {
        "queue": client.get("/navigator/").text,
        "screening": client.get(f"/navigator/screenings/{sid}").text,
        "screening with contact": client.get(f"/navigator/screenings/{sid}?contact=show").text,
        "stale status": stale.text,
        "overview": client.get("/navigator/overview").text,
        "audit": client.get("/navigator/audit").text,
        "not found": client.get("/navigator/screenings/999").text,
        "expired form": client.post(f"/navigator/screenings/{sid}/notes", data={"csrf": "x", "text": "n"}).text,
        "empty note": client.post(f"/navigator/screenings/{sid}/notes", data={"csrf": token, "text": " "}).text,
        "login": anonymous.get("/navigator/login").text,
        "wrong password": log_in(anonymous, password="wrong").text,
        "logged out": anonymous.get("/navigator/login?bye=1").text,
    }


CHINESE = {  # what each page must say in Chinese
    "queue": ["筛查列表", "语言", "中文", "英文", "可能符合条件", "把这 3 条导出为 CSV", "退出登录"],
    "screening": [
        "筛查 #",
        "患者使用的语言",
        "中文",
        "患者原话",
        "回答人",
        "提到紧急情况",
        "显示联系方式",
        "聊天记录",
        "自动助手",
    ],
    "screening with contact": ["联系方式：这次查看已记入审计日志。", "方便联系的时间", "上午"],
    "stale status": ["您查看期间，状态已改为“已联系”。请再核对一下。"],
    "overview": ["漏斗", "每周筛查结论", "按语言统计的筛查", "无记录（开始保存语言之前）", "可能符合条件"],
    "audit": ["审计日志", "查看联系方式", "修改推荐状态 新推荐 → 已联系", "登录"],
    "not found": ["找不到", "没有这条筛查（可能已被删除）。"],
    "expired form": ["已拒绝", "这个表单已过期。请返回，刷新后再试。"],
    "empty note": ["备注是空的。"],
    "login": ["登录", "用户名", "密码", "仅供研究团队的导航员使用。"],
    "wrong password": ["用户名或密码不对。"],
    "logged out": ["您已退出登录。"],
}


def test_every_page_in_chinese_has_no_english_ui_words(site: Site) -> None:
    sid = seeded(site)
    switch(site.client, "zh")
    for name, page in pages(site, sid).items():
        assert '<html lang="zh-Hans">' in page, name
        shown = html.unescape(page)
        for words in CHINESE[name]:
            assert words in shown, (name, words)
        assert english_left(page) == [], name
        assert "built-in method" not in page and "Undefined" not in page, name


def test_every_page_in_english_still_reads_as_before(site: Site) -> None:
    sid = seeded(site)
    shown = {name: html.unescape(page) for name, page in pages(site, sid).items()}
    assert (
        "Language the patient used" in shown["screening"]
        and '<dd class="patient-language">Chinese' in shown["screening"]
    )
    assert "Screenings by language" in shown["overview"] and "Export these 3 as CSV" in shown["queue"]
    assert "The status changed to “Contacted” while you were looking." in shown["stale status"]
    assert "changed referral status New → Contacted" in shown["audit"]
    assert "Wrong username or password." in shown["wrong password"]
    english = ui_text(site.client.get("/navigator/overview").text).replace("中文", "")  # the switch's link
    assert not re.search(r"[\u4e00-\u9fff]", english)


def test_the_patients_words_are_shown_exactly_as_typed(site: Site) -> None:
    sid = seeded(site)
    switch(site.client, "zh")
    page = site.client.get(f"/navigator/screenings/{sid}?contact=show").text
    assert html.escape(TYPED, quote=False) in page  # escaped once, not re-encoded
    assert "&lt;无扩增&gt;" in page and "<无扩增>" not in page
    assert f'<q class="words">{html.escape(TYPED, quote=False)}</q>' in page
    assert "王美 &lt;b&gt;" in page  # contact details too
    transcript = re.search(r'<ol class="transcript">(.*?)</ol>', page, re.S)
    assert transcript and html.escape(TYPED, quote=False) in transcript.group(1)


def test_the_queue_shows_and_filters_the_patients_language(site: Site) -> None:
    seeded(site)
    switch(site.client, "zh")
    page = site.client.get("/navigator/").text
    cells = re.findall(r'<td class="language">(.*?)</td>', page)
    assert sorted(re.sub(r"<[^>]+>", "", c) for c in cells) == sorted(["中文", "英文", "–"])
    only = site.client.get("/navigator/?language=zh").text
    assert re.findall(r'<td class="language">(.*?)</td>', only) == ["中文"]
    overview = html.unescape(site.client.get("/navigator/overview").text)
    counts = re.search(r'<table class="numbers by-language">(.*?)</table>', overview, re.S)
    assert counts
    rows = re.findall(r"<tr><td>(.*?)</td><td>(\d+)</td></tr>", counts.group(1))
    assert rows == [("英文", "1"), ("中文", "1"), ("无记录（开始保存语言之前）", "1")]


# --- the CSV


def export(site: Site, sensitive: bool = False) -> tuple[str, list[dict[str, str]]]:
    data = {"csrf": session_csrf(site.client), **({"sensitive": "1"} if sensitive else {})}
    reply = site.client.post("/navigator/export.csv", data=data)
    assert reply.status_code == 200 and reply.content.startswith("\ufeff".encode())  # Excel reads it as UTF-8
    body = reply.content.decode("utf-8-sig")
    return body.split("\r\n")[0], list(csv.DictReader(io.StringIO(body)))


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_csv_header_is_in_the_navigators_language(site: Site, language: str) -> None:
    seeded(site)
    switch(site.client, language)
    header, rows = export(site, sensitive=True)
    names = texts(language)["csv"]
    assert header.split(",")[: len(COLUMNS)] == [names[c] for c in COLUMNS]
    languages = {r[names["screening_id"]]: r[names["language"]] for r in rows}
    assert sorted(languages.values()) == ["", "en", "zh"]  # cells keep the codes
    words = names["words"].format(question="her2_ihc")
    [chinese] = [r for r in rows if r[names["language"]] == "zh"]
    assert chinese[words] == TYPED
    if language == "zh":
        assert header.startswith("筛查编号,开始时间_UTC,完成时间_UTC,渠道,筛查结论,") and "原话_her2_ihc" in header
        assert not re.search(r"[A-Za-z]{3,}", re.sub(r"UTC|原话_\w+", "", header))


def test_the_audit_log_keeps_codes_and_shows_words(site: Site) -> None:
    sid = seeded(site)
    switch(site.client, "zh")
    site.client.get(f"/navigator/screenings/{sid}?contact=show")
    export(site)
    with transaction(site.engine) as session:
        stored = list(session.execute(select(AuditEntry.action).order_by(AuditEntry.id)).scalars())
    assert audit.VIEWED_CONTACT in stored and audit.EXPORTED in stored  # the codes, in the store
    page = html.unescape(site.client.get("/navigator/audit").text)
    assert "导出筛查列表（不含原话）" in page and "筛查列表：3 条筛查" in page and "查看联系方式" in page


@pytest.mark.parametrize(
    ("action", "zh"),
    [
        (audit.LOGGED_IN, "登录"),
        (audit.LOGIN_WHILE_LOCKED, "账号已锁定，拒绝登录"),
        (f"{audit.CHANGED_STATUS} visit_booked → enrolled", "修改推荐状态 已约访视 → 已入组"),
        (f"{audit.CHANGED_STATUS} odd → enrolled", "修改推荐状态 odd → 已入组"),
        ("something new", "something new"),  # an action these texts do not know: as stored
    ],
)
def test_audit_actions_in_chinese(action: str, zh: str) -> None:
    assert audit.action_words(action, "zh") == zh


def test_audit_actions_in_english_name_the_statuses() -> None:
    assert audit.action_words(audit.VIEWED_CONTACT, "en") == audit.VIEWED_CONTACT
    moved = f"{audit.CHANGED_STATUS} visit_booked → enrolled"
    assert audit.action_words(moved, "en") == "changed referral status Visit booked → Enrolled"


def test_audit_subjects_and_actors_in_chinese() -> None:
    assert audit.subject_words("navigator pages", "zh") == "导航员页面"
    assert audit.subject_words("queue: 12 screening(s)", "zh") == "筛查列表：12 条筛查"
    assert audit.subject_words("screening:7", "zh") == "screening:7"
    assert audit.actor_words(audit.UNKNOWN_USER, "zh") == "（未知用户名）"
    assert audit.actor_words("nurse", "zh") == "nurse"
