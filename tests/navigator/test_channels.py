"""Where each patient chatted, named in the navigator's language: queue, filter, screening page, overview, CSV."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest

from bot.navigator.texts import LANGUAGES, texts
from tests.navigator.conftest import Site
from tests.navigator.helpers import log_in, screening, session_csrf, switch

DAY = dt.datetime(2026, 11, 2, 9, 0)
# (channel stored, English name, Chinese name)
CHANNELS = [
    ("wechat", "WeChat", "微信"),
    ("telegram", "Telegram", "Telegram（电报）"),
    ("web", "Website chat", "网页聊天"),
]


def seeded(site: Site) -> dict[str, int]:
    """One screening per channel, WeChat twice (so the counts differ)."""
    ids = {}
    senders = [("wechat", "wechat:a"), ("wechat", "wechat:b"), ("telegram", "telegram:c"), ("web", "web:d")]
    for n, (channel, sender) in enumerate(senders):
        ids[sender], _ = screening(
            site.engine, site.cipher, sender=sender, channel=channel, started_at=DAY + dt.timedelta(hours=n),
            completed_at=DAY + dt.timedelta(hours=n, minutes=5),
        )  # fmt: skip
    assert log_in(site.client).status_code == 303
    return ids


def shown(page: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_channel_is_named_in_the_queue_filter_page_and_overview(site: Site, language: str) -> None:
    ids = seeded(site)
    switch(site.client, language)
    names = {code: (en if language == "en" else zh) for code, en, zh in CHANNELS}
    queue = site.client.get("/navigator/?channel=wechat").text
    options = re.findall(r'<option value="(\w+)"\s*(?:selected)?>([^<]+)</option>', queue.split('id="channel"')[1])
    assert dict(options[: len(CHANNELS)]) == names  # every channel stored, by its name
    rows = re.findall(r'<a href="/navigator/screenings/(\d+)">#', queue)
    assert sorted(map(int, rows)) == sorted([ids["wechat:a"], ids["wechat:b"]])  # the filter keeps WeChat only
    assert f"<td>{names['wechat']}</td>" in queue
    page = shown(site.client.get(f"/navigator/screenings/{ids['wechat:a']}").text)
    assert re.search(rf"{texts(language)['screening']['channel']}\s+{names['wechat']}", page)
    overview = html.unescape(site.client.get("/navigator/overview").text)
    table = re.search(r'<table class="numbers by-channel">(.*?)</table>', overview, re.S)
    assert table
    chart = re.search(r'<svg class="chart channels".*?</svg>', overview, re.S)
    assert chart and re.findall(r"<title>([^<:]+): (\d+)</title></rect>", chart.group(0)) == [
        (names["wechat"], "2"), (names["telegram"], "1"), (names["web"], "1"),
    ]  # fmt: skip
    assert re.findall(r"<tr><td>(.*?)</td><td>(\d+)</td></tr>", table.group(1)) == [
        (names["wechat"], "2"), (names["telegram"], "1"), (names["web"], "1"),
    ]  # fmt: skip


def test_the_csv_keeps_the_channel_code(site: Site) -> None:
    seeded(site)
    reply = site.client.post("/navigator/export.csv", data={"csrf": session_csrf(site.client)})
    body = reply.content.decode("utf-8-sig")
    assert sorted(line.split(",")[3] for line in body.split("\r\n")[1:] if line) == [
        "telegram", "web", "wechat", "wechat",
    ]  # fmt: skip
