"""Caregiver mode for navigators: who answered, on the screening page and in the CSV export."""

from __future__ import annotations

import csv
import datetime as dt
import html
import io

from tests.navigator.conftest import Site
from tests.navigator.helpers import log_in, screening, session_csrf

DAY = dt.datetime(2026, 3, 2, 9, 0)


def _stored(site: Site) -> dict[str, int]:
    ids = {}
    for number, who in enumerate(("mother", "self", None)):
        ids[str(who)], _ = screening(
            site.engine, site.cipher, sender=f"web:{number}", started_at=DAY + dt.timedelta(days=number),
            answered_by=who, refer=("Li Wei", "+86 138 0013 8000", "Morning") if who == "mother" else None,
        )  # fmt: skip
    assert log_in(site.client).status_code == 303
    return ids


def answered_by_on_page(site: Site, screening_id: int) -> str:
    page = site.client.get(f"/navigator/screenings/{screening_id}")
    assert page.status_code == 200
    cell = page.text.split('<dd class="answered-by">', 1)[1].split("</dd>", 1)[0]
    return html.unescape(cell)


def test_the_screening_page_says_who_answered(site: Site) -> None:
    ids = _stored(site)
    assert answered_by_on_page(site, ids["mother"]) == "their son or daughter (a caregiver); answering for: mother"
    assert answered_by_on_page(site, ids["self"]) == "the patient"
    assert answered_by_on_page(site, ids["None"]).startswith("the patient, as far as the chat knows")


def test_the_csv_says_who_answered(site: Site) -> None:
    ids = _stored(site)
    reply = site.client.post("/navigator/export.csv", data={"csrf": session_csrf(site.client)})
    rows = {
        int(r["screening_id"]): r["answered_by"] for r in csv.DictReader(io.StringIO(reply.content.decode("utf-8-sig")))
    }
    assert rows[ids["mother"]] == "their son or daughter (a caregiver); answering for: mother"
    assert rows[ids["self"]] == "the patient"
    assert rows[ids["None"]].startswith("the patient, as far as the chat knows")
