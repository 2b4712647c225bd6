"""The queue (order, filters, counts), the CSV export (with and without the sensitive columns), overview, audit."""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import re

from sqlalchemy import select
from starlette.testclient import TestClient

from bot.navigator import audit
from bot.navigator.export import COLUMNS, SENSITIVE_COLUMNS
from bot.store.database import transaction
from bot.store.schema import AuditEntry, DailyCount
from tests.navigator.conftest import Site
from tests.navigator.helpers import ANSWERS, log_in, screening, session_csrf

DAY = dt.datetime(2026, 3, 2, 9, 0)
FORMULA = '=HYPERLINK("http://evil.example","click")'


def populate(site: Site) -> dict[str, int]:
    """Four screenings on different days: a referral, a needs-review referral, a not eligible, one on Telegram."""
    words = [{**ANSWERS[0], "said": FORMULA}, *ANSWERS[1:]]
    ids = {}
    ids["eligible"], _ = screening(
        site.engine, site.cipher, sender="web:1", started_at=DAY, outcome="likely_eligible",
        refer=("Ann Lee", "+86 138 0013 8000", "Morning"), completed_at=DAY + dt.timedelta(minutes=5), answers=words,
    )  # fmt: skip
    ids["review"], _ = screening(
        site.engine, site.cipher, sender="web:2", started_at=DAY + dt.timedelta(days=1), outcome="needs_review",
        refer=("Bo Chen", "bo@example.org", "Evening"), completed_at=DAY + dt.timedelta(days=1, minutes=5),
    )  # fmt: skip
    ids["no"], _ = screening(
        site.engine, site.cipher, sender="web:3", started_at=DAY + dt.timedelta(days=2), outcome="not_eligible",
        results={"INC-03A": "not_met", "EXC-19": "pending"}, completed_at=DAY + dt.timedelta(days=2, minutes=5),
    )  # fmt: skip
    ids["telegram"], _ = screening(
        site.engine, site.cipher, sender="telegram:9", started_at=DAY + dt.timedelta(days=3), outcome="needs_review",
        channel="telegram", completed_at=DAY + dt.timedelta(days=3, minutes=5),
    )  # fmt: skip
    assert log_in(site.client).status_code == 303
    return ids


def queue_ids(client: TestClient, query: str = "") -> list[int]:
    page = client.get(f"/navigator/?{query}")
    assert page.status_code == 200
    return [int(n) for n in re.findall(r'<a href="/navigator/screenings/(\d+)">#', page.text)]


def count(page: str, label: str) -> int:
    found = re.search(rf'<span class="n">(\d+)</span> {label}', page)
    assert found, label
    return int(found.group(1))


def test_the_queue_is_newest_first_with_counts(site: Site) -> None:
    ids = populate(site)
    assert queue_ids(site.client) == [ids["telegram"], ids["no"], ids["review"], ids["eligible"]]
    page = site.client.get("/navigator/").text
    assert count(page, "screenings") == 4
    assert count(page, "likely eligible") == 1 and count(page, "needs review") == 2 and count(page, "not eligible") == 1
    assert re.search(r"New <b>2</b>", page) and re.search(r"No referral <b>2</b>", page)
    assert "INC-03A" in page and "Ann Lee" not in page  # ids of criteria, never names


def test_the_queue_filters_by_outcome_status_channel_and_date(site: Site) -> None:
    ids = populate(site)
    assert queue_ids(site.client, "outcome=needs_review") == [ids["telegram"], ids["review"]]
    assert queue_ids(site.client, "status=new") == [ids["review"], ids["eligible"]]
    assert queue_ids(site.client, "status=none") == [ids["telegram"], ids["no"]]
    assert queue_ids(site.client, "channel=telegram") == [ids["telegram"]]
    assert queue_ids(site.client, "from=2026-03-03&to=2026-03-04") == [ids["no"], ids["review"]]
    assert queue_ids(site.client, "outcome=needs_review&channel=web") == [ids["review"]]
    assert queue_ids(site.client, "outcome=bogus&status=<b>&from=yesterday") == queue_ids(site.client)  # ignored
    filtered = site.client.get("/navigator/?outcome=needs_review").text
    assert count(filtered, "screenings") == 2 and count(filtered, "not eligible") == 0


def export(site: Site, **form: str) -> list[dict[str, str]]:
    reply = site.client.post("/navigator/export.csv", data={"csrf": session_csrf(site.client), **form})
    assert reply.status_code == 200 and reply.headers["content-type"].startswith("text/csv")
    assert reply.headers["content-disposition"].startswith('attachment; filename="queue-')
    return list(csv.DictReader(io.StringIO(reply.content.decode("utf-8-sig"))))


def audited(site: Site) -> list[tuple[str, str]]:
    with transaction(site.engine) as session:
        query = select(AuditEntry.action, AuditEntry.subject).where(AuditEntry.action.like("exported%"))
        return [(a, s) for a, s in session.execute(query.order_by(AuditEntry.id))]


def test_the_csv_holds_no_free_text_or_contact_details_by_default(site: Site) -> None:
    ids = populate(site)
    rows = export(site)
    assert list(rows[0]) == COLUMNS
    assert [int(r["screening_id"]) for r in rows] == [ids["telegram"], ids["no"], ids["review"], ids["eligible"]]
    eligible = rows[-1]
    assert eligible["outcome"] == "likely_eligible" and eligible["channel"] == "web"
    assert eligible["completed_at_utc"] == "2026-03-02 09:05:00" and eligible["referral_status"] == "new"
    assert re.fullmatch(r"R-[A-Z2-9]{6}", eligible["referral_number"])
    assert eligible["criteria_unknown"] == "EXC-20" and rows[1]["criteria_not_met"] == "INC-03A"
    text = str(rows)
    for private in ("Ann Lee", "138 0013", "bo@example.org", "Morning", "HYPERLINK", "never", "I'm 54"):
        assert private not in text
    assert audited(site) == [(audit.EXPORTED, "queue: 4 screening(s)")]


def test_the_csv_with_the_box_ticked_has_contact_details_notes_and_words_and_is_audited(site: Site) -> None:
    ids = populate(site)
    note = {"csrf": session_csrf(site.client), "text": "@SUM(A1) called twice"}
    site.client.post(f"/navigator/screenings/{ids['eligible']}/notes", data=note)
    rows = export(site, sensitive="1", outcome="likely_eligible")
    assert len(rows) == 1
    [row] = rows
    assert list(row)[: len(COLUMNS) + len(SENSITIVE_COLUMNS)] == COLUMNS + SENSITIVE_COLUMNS
    assert row["name"] == "Ann Lee" and row["best_time"] == "Morning"
    assert row["phone_or_email"] == "'+86 138 0013 8000"  # a leading + would start a formula
    assert row["words_her2_ihc"] == "'" + FORMULA  # the patient's words can never become a formula
    assert row["words_age"] == "55 actually"  # the answer as it stood at the end
    assert row["navigator_notes"].endswith("nurse: @SUM(A1) called twice") and row["navigator_notes"].startswith("2")
    assert audited(site) == [(audit.EXPORTED_SENSITIVE, "queue: 1 screening(s)")]


def test_an_export_needs_a_log_in(site: Site) -> None:
    reply = TestClient(site.client.app).post("/navigator/export.csv", data={"sensitive": "1"})
    assert reply.status_code == 401 and "Ann" not in reply.text


def test_the_overview_draws_the_funnel_and_the_weeks_as_svg(site: Site) -> None:
    populate(site)
    with transaction(site.engine) as session:  # a purged screening still counts in its week
        session.add(DailyCount(day="2026-03-03", outcome="not_eligible", screenings=3, referrals=0))
    status = {"csrf": session_csrf(site.client), "status": "contacted", "seen": "new"}
    [eligible] = queue_ids(site.client, "outcome=likely_eligible")
    site.client.post(f"/navigator/screenings/{eligible}/status", data=status)
    page = site.client.get("/navigator/overview?weeks=104").text
    assert page.count("<svg") == 3  # funnel, weeks, channels and "<script" not in page
    funnel = html.unescape(page[page.index('<svg class="chart funnel"') : page.index("</svg>")])
    for label, number in (("Completed", 4), ("Likely eligible", 1), ("Referred", 2), ("Contacted", 1), ("Enrolled", 0)):
        assert f"{label}: {number}" in funnel, label
    assert "Started: 0" in funnel  # no conversations in this tracker store
    weekly = html.unescape(page[page.index('<svg class="chart weekly"') :])
    assert "Week of 02 Mar 2026: Not eligible 4" in weekly  # one kept, three purged but counted
    assert "Week of 02 Mar 2026: Needs review 2" in weekly and "Week of 02 Mar 2026: Likely eligible 1" in weekly


def test_the_audit_page_lists_who_did_what(site: Site) -> None:
    ids = populate(site)
    site.client.get(f"/navigator/screenings/{ids['review']}?contact=show")
    page = html.unescape(site.client.get("/navigator/audit").text)
    rows = re.findall(r"<tr>\s*<td>(.*?)</td>\s*<td>(.*?)</td>\s*<td>(.*?)</td>\s*<td>(.*?)</td>", page, re.S)
    cleaned = [(who, what, re.sub(r"<[^>]+>", "", about)) for _, who, what, about in rows]
    assert cleaned[:3] == [
        ("nurse", audit.VIEWED_CONTACT, f"screening:{ids['review']}"),
        ("nurse", audit.VIEWED_SCREENING, f"screening:{ids['review']}"),
        ("nurse", audit.LOGGED_IN, "navigator pages"),
    ]
    only = html.unescape(site.client.get(f"/navigator/audit?subject=screening:{ids['review']}").text)
    assert only.count("<tr>") == 2 + 1  # two entries and the header row
