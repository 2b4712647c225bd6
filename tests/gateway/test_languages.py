"""Issue 15: the widget's language travels to Rasa as REST metadata, the gateway's own replies are in it,
and the demo page is in both languages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from bot.gateway import replies
from bot.gateway.app import create_app
from bot.gateway.languages import code_of
from tests.gateway.fake_rasa import FakeRasa, config, gateway_client, new_session

# The gateway's replies with a Chinese block, whatever replies.yml holds today: the mechanics under test.
REPLIES = {
    "en": {"too_fast": "Too fast.", "unavailable": "Unavailable.", "empty": "Type.", "busy": "Busy."},
    "zh": {"too_fast": "太快了。", "unavailable": "暂时无法回答。", "empty": "请输入。", "busy": "人很多。"},
}


@pytest.fixture
def chinese_replies(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(replies, "_all", lambda: REPLIES)


@pytest.mark.parametrize(
    ("tag", "code"),
    [("zh", "zh"), ("zh-CN", "zh"), ("zh-Hans", "zh"), ("zh_TW", "zh"), ("en-GB", "en"), ("fr", "en")]
    + [("", None), ("zh;drop", None), (None, None), (7, None)],
)
def test_language_tags(tag: object, code: str | None) -> None:
    assert code_of(tag) == code


@pytest.mark.parametrize(
    ("body_language", "header", "hint"),
    [
        ("zh", None, {"language": "zh"}),  # the widget says
        ("zh-CN", "en", {"language": "zh"}),  # the body beats the header
        (None, "zh-CN,zh;q=0.9,en;q=0.8", {"language": "zh"}),  # the browser's header
        ("en", None, {"language": "en"}),
        (None, None, None),  # nothing given: no hint, the action server decides from the words
    ],
)
async def test_the_widget_s_language_is_sent_to_rasa_as_metadata(
    tmp_path: Path, body_language: str | None, header: str | None, hint: dict[str, str] | None
) -> None:
    fake = FakeRasa()
    async with gateway_client(fake, config(tmp_path)) as client:
        session = await new_session(client)
        body = {"session": session, "message": "你好"} | ({"language": body_language} if body_language else {})
        headers = {"accept-language": header} if header else {}
        reply = await client.post("/api/chat", json=body, headers=headers)
    assert reply.status_code == 200
    assert fake.messages == ["你好"]
    assert fake.metadata == [hint]


async def test_the_gateway_s_own_replies_are_in_the_widget_s_language(tmp_path: Path, chinese_replies: None) -> None:
    fake = FakeRasa(rasa_up=False)
    async with gateway_client(fake, config(tmp_path, sender_burst=1, sender_per_second=0.001)) as client:
        session = await new_session(client)
        down = await client.post("/api/chat", json={"session": session, "message": "hi", "language": "zh"})
        fast = await client.post("/api/chat", json={"session": session, "message": "hi", "language": "zh"})
        empty = await client.post(
            "/api/chat", json={"session": await new_session(client), "message": " ", "language": "zh"}
        )
        english = await client.post(
            "/api/chat", json={"session": await new_session(client), "message": " ", "language": "en"}
        )
    assert down.status_code == 503 and down.json()["messages"][0]["text"] == "暂时无法回答。"
    assert fast.status_code == 429 and fast.json()["messages"][0]["text"] == "太快了。"
    assert empty.json()["messages"][0]["text"] == "请输入。"
    assert english.json()["messages"][0]["text"] == "Type."


async def test_a_reply_before_the_body_is_read_follows_the_header(tmp_path: Path, chinese_replies: None) -> None:
    fake = FakeRasa()
    async with gateway_client(fake, config(tmp_path, address_burst=1, address_per_second=0.001)) as client:
        await new_session(client)
        refused = await client.post("/api/session", headers={"accept-language": "zh-CN"})
    assert refused.status_code == 429
    assert refused.json()["messages"][0]["text"] == "太快了。"


@pytest.fixture
def pages(tmp_path: Path) -> TestClient:
    return TestClient(create_app(config(tmp_path)))


@pytest.mark.parametrize("path", ["/zh/", "/zh", "/?lang=zh", "/?lang=zh-CN"])
def test_the_demo_page_in_chinese(pages: TestClient, path: str) -> None:
    page = pages.get(path)
    assert page.status_code == 200
    html = page.text
    assert '<html lang="zh-CN">' in html
    assert "<title>乳腺癌研究 NCT06561607：看看是否适合您</title>" in html
    assert 'data-lang="zh"' in html  # the widget starts in Chinese
    assert "HER2 低表达" in html and "紧急情况请立即拨打 120。" in html
    assert "ECOG" not in html and "你" not in html.replace("您", "")
    # no line break inside Chinese text: a browser shows it as a stray space
    assert not re.search("[\u4e00-\u9fff，。：；]\\s*\n\\s*[\u4e00-\u9fff]", html)
    assert 'href="http://gateway.test/" lang="en" hreflang="en">English</a>' in html  # the way back


@pytest.mark.parametrize("path", ["/", "/?lang=en", "/?lang=xx-<b>"])
def test_the_demo_page_in_english(pages: TestClient, path: str) -> None:
    html = pages.get(path).text
    assert '<html lang="en">' in html
    assert "A breast cancer study: TQB2102 or chemotherapy" in html
    assert 'data-lang="en"' in html
    assert 'href="http://gateway.test/zh/" lang="zh-CN" hreflang="zh-CN">中文</a>' in html
    assert "<b>" not in html
