"""A screening's page: the criteria table, flags, transcript, contact details, workflow and notes."""

from __future__ import annotations

import datetime as dt
import html
import re

from sqlalchemy import select, text
from starlette.testclient import TestClient

from bot.navigator import audit
from bot.store.database import transaction
from bot.store.navigation import ReferralStatusChange, ScreeningNote
from bot.store.schema import AuditEntry, Referral
from tests.navigator.conftest import Site
from tests.navigator.helpers import (
    ANSWERS,
    XSS,
    conversation_events,
    log_in,
    screening,
    session_csrf,
    store_conversation,
)

STARTED = dt.datetime(2026, 3, 2, 9, 30, 5)
REFER = ("Mei <b>Wong</b>", "+86 138 0013 8000", "Morning")


def seeded(site: Site, *, conversation: bool = True) -> tuple[int, str]:
    """A needs-review screening with a referral (and its conversation); logged in as nurse."""
    person = {"kind": "asked_for_person", "question": "allergies", "at": STARTED.isoformat()}
    sid, number = screening(site.engine, site.cipher, sender="web:s1", started_at=STARTED, refer=REFER, flags=[person])
    if conversation:
        store_conversation(site.tracker, site.cipher, "pseudonym-1", conversation_events(STARTED))
    assert log_in(site.client).status_code == 303
    assert number
    return sid, number


def audit_actions(site: Site, subject: str) -> list[str]:
    with transaction(site.engine) as session:
        query = select(AuditEntry.action).where(AuditEntry.subject == subject, AuditEntry.actor == "nurse")
        return list(session.execute(query.order_by(AuditEntry.id)).scalars())


def cells(page: str, criterion: str) -> str:
    """The text of the criteria table's row for one criterion."""
    row = re.search(
        rf'<tr class="result-\w+">\s*<th scope="row"><span class="cid">{criterion}</span>(.*?)</tr>', page, re.S
    )
    assert row, f"no row for {criterion}"
    return html.unescape(re.sub(r"<[^>]+>", " ", row.group(1)))


def test_the_criteria_table_shows_question_words_reading_result_and_reason(site: Site) -> None:
    sid, _ = seeded(site)
    page = site.client.get(f"/navigator/screenings/{sid}").text
    her2 = " ".join(cells(page, "INC-03A").split())
    assert "HER2-low: a score of 1+, or 2+ with a negative ISH test" in her2  # the criterion
    assert "What was your HER2 result?" in her2  # the question as asked
    assert "A score of 2+ is usually checked" not in her2  # the ISH follow-up was never asked
    assert f"{XSS} 1+" in her2  # the patient's own words, exactly (decrypted)
    assert "HER2 test result: 1+" in her2 and "read HER2 her2_ihc=1+" in her2  # how the bot read them
    assert "Met" in her2 and "The answer fits this criterion." in her2
    unknown = " ".join(cells(page, "EXC-20").split())
    assert "Unknown" in unknown and "dunno" in unknown and "Not sure" in unknown
    assert "We need to know" in unknown or "allerg" in unknown.lower()  # the engine's reason for the unknown
    age = " ".join(cells(page, "INC-02A").split())
    assert "changed I'm 54" in age and "55 actually Age: 54 years" in age  # the first answer, marked as changed
    chemo = " ".join(cells(page, "EXC-18").split())
    assert "button No chemo since then" in chemo  # a button press shows the button's title, not its payload
    assert "Not asked" not in page or "The questions ended" in page
    assert "12 criteria only the study team can check" in page


def test_patient_text_is_escaped_everywhere(site: Site) -> None:
    sid, _ = seeded(site)
    page = site.client.get(f"/navigator/screenings/{sid}?contact=show").text
    assert "<script" not in page and "<img" not in page  # no tag of the patient's reached the page
    assert page.count("&lt;script&gt;window.__xss=2&lt;/script&gt;") == 2  # words in the table and the transcript
    assert html.unescape(page).count(XSS) == 2
    assert "Mei &lt;b&gt;Wong&lt;/b&gt;" in page  # the name too


def test_flags_from_the_store_and_the_conversation(site: Site) -> None:
    sid, _ = seeded(site)
    page = html.unescape(re.sub(r"\s+", " ", site.client.get(f"/navigator/screenings/{sid}").text))
    flags = dict(re.findall(r'<li class="flag flag-[\w-]+"><b>(.*?)</b> <span class="state">(.*?)</span>', page))
    assert flags == {
        "Answered “not sure”": "yes",
        "Changed an answer": "yes",
        "An answer asked again": "yes",
        "Asked “why do you ask?”": "no",
        "Asked for a person": "yes",
        "Mentioned an emergency": "no",
    }
    assert "Allergies or medicines you cannot take" in page  # which answer was "not sure"
    person = page[page.index("<b>Asked for a person</b>") :]
    assert "at the question: Allergies or medicines you cannot take" in person[:300]


def test_the_transcript_comes_from_the_tracker_store_with_buttons_by_title(site: Site) -> None:
    sid, _ = seeded(site)
    page = site.client.get(f"/navigator/screenings/{sid}").text
    transcript = page[page.index('id="transcript"') :]
    lines = [
        " ".join(html.unescape(re.sub(r"<[^>]+>", " ", line)).split())
        for line in re.findall(r'<li class="line from-\w+">(.*?)</li>', transcript, re.S)
    ]
    assert lines[0] == "Patient 09:30:01 hi"
    assert lines[1].startswith("Bot 09:30:02 Hello! I am an automated assistant.")
    assert "Yes, let's start No, thanks" in lines[1]  # the buttons offered
    assert lines[2] == "Patient 09:30:04 button Yes, let's start"  # the payload shown by its title
    assert any(line.endswith(f"{XSS} 1+") for line in lines)
    assert lines[-1].startswith("Bot") and "rules you out" in lines[-1]


def test_without_its_conversation_the_page_says_so(site: Site) -> None:
    sid, _ = seeded(site, conversation=False)
    page = html.unescape(site.client.get(f"/navigator/screenings/{sid}").text)
    assert "The conversation is no longer kept" in page
    assert 'An answer asked again</b> <span class="state">not recorded' in page.replace("\n", "")


def test_of_two_chats_consenting_in_the_same_second_the_page_shows_the_right_one(site: Site) -> None:
    sid, _ = seeded(site, conversation=False)
    other = [{**a, "said": f"other person {i}"} for i, a in enumerate(ANSWERS)]
    store_conversation(site.tracker, site.cipher, "pseudonym-other", conversation_events(STARTED, other))
    store_conversation(site.tracker, site.cipher, "pseudonym-1", conversation_events(STARTED))
    page = site.client.get(f"/navigator/screenings/{sid}").text
    transcript = page[page.index('id="transcript"') :]
    assert "other person" not in transcript and "55 actually" in transcript


def test_contact_details_only_on_request_and_each_view_audited(site: Site) -> None:
    sid, number = seeded(site)
    plain = site.client.get(f"/navigator/screenings/{sid}").text
    assert "Wong" not in plain and "138 0013" not in plain and number in plain
    for _ in range(2):
        shown = site.client.get(f"/navigator/screenings/{sid}?contact=show").text
        assert "Mei &lt;b&gt;Wong&lt;/b&gt;" in shown and "+86 138 0013 8000" in shown and "Morning" in shown
    assert (
        audit_actions(site, f"screening:{sid}")
        == [audit.VIEWED_SCREENING]
        + [
            audit.VIEWED_SCREENING,
            audit.VIEWED_CONTACT,
        ]
        * 2
    )
    anonymous = TestClient(site.client.app).get(f"/navigator/screenings/{sid}?contact=show", follow_redirects=False)
    assert anonymous.status_code == 303 and "Wong" not in anonymous.text


def test_the_referral_link_of_the_email_leads_to_its_screening(site: Site) -> None:
    sid, number = seeded(site)
    reply = site.client.get(f"/navigator/referrals/{number}", follow_redirects=False)
    assert reply.status_code == 303 and reply.headers["location"] == f"/navigator/screenings/{sid}#referral"
    assert site.client.get("/navigator/referrals/R-NONE99").status_code == 404
    assert site.client.get("/navigator/screenings/999").status_code == 404


def change(site: Site, sid: int, status: str, seen: str, note: str = "") -> int:
    form = {"csrf": session_csrf(site.client), "status": status, "seen": seen, "note": note}
    return site.client.post(f"/navigator/screenings/{sid}/status", data=form, follow_redirects=False).status_code


def test_status_changes_are_kept_with_who_and_when_and_audited(site: Site) -> None:
    sid, _ = seeded(site)
    assert change(site, sid, "contacted", "new", note="Called, she wants a visit <soon>") == 303
    assert change(site, sid, "visit_booked", "contacted") == 303
    assert change(site, sid, "enrolled", "visit_booked") == 303
    with transaction(site.engine) as session:
        assert session.execute(select(Referral.status)).scalar_one() == "enrolled"
        history = session.execute(select(ReferralStatusChange).order_by(ReferralStatusChange.id)).scalars().all()
        assert [(h.navigator, h.from_status, h.to_status) for h in history] == [
            ("nurse", "new", "contacted"),
            ("nurse", "contacted", "visit_booked"),
            ("nurse", "visit_booked", "enrolled"),
        ]
        assert all(abs(h.at - dt.datetime.utcnow()) < dt.timedelta(minutes=1) for h in history)
    actions = audit_actions(site, f"screening:{sid}")
    assert [a for a in actions if a.startswith("changed")] == [
        "changed referral status new → contacted",
        "changed referral status contacted → visit_booked",
        "changed referral status visit_booked → enrolled",
    ]
    assert actions.count(audit.ADDED_NOTE) == 1
    page = html.unescape(re.sub(r"<[^>]+>", " ", site.client.get(f"/navigator/screenings/{sid}").text))
    history_text = " ".join(page[page.index("History") : page.index("Notes")].split())
    assert "nurse New Contacted" in history_text and "nurse Visit booked Enrolled" in history_text
    assert "Called, she wants a visit <soon>" in page


def test_moves_outside_the_workflow_and_stale_forms_change_nothing(site: Site) -> None:
    sid, _ = seeded(site)
    assert change(site, sid, "enrolled", "new") == 400  # new cannot jump to enrolled
    assert change(site, sid, "made_up", "new") == 400
    assert change(site, sid, "contacted", "new") == 303
    assert change(site, sid, "declined", "new") == 409  # the form was loaded before someone else's change
    with transaction(site.engine) as session:
        assert session.execute(select(Referral.status)).scalar_one() == "contacted"
        assert len(session.execute(select(ReferralStatusChange)).all()) == 1


def test_notes_are_kept_encrypted_and_audited(site: Site) -> None:
    sid, _ = seeded(site)
    form = {"csrf": session_csrf(site.client), "text": "Her oncologist is Dr <i>Li</i>; HER2 report faxed"}
    assert site.client.post(f"/navigator/screenings/{sid}/notes", data=form, follow_redirects=False).status_code == 303
    empty = {"csrf": form["csrf"], "text": "   "}
    assert site.client.post(f"/navigator/screenings/{sid}/notes", data=empty).status_code == 400
    with transaction(site.engine) as session:
        [note] = session.execute(select(ScreeningNote)).scalars().all()
        assert note.navigator == "nurse" and "faxed" not in note.text_encrypted
        assert site.cipher.decrypt(note.text_encrypted) == form["text"]
    with site.engine.connect() as connection:
        raw = " ".join(str(v) for row in connection.execute(text("SELECT * FROM screening_notes")) for v in row)
    assert "oncologist" not in raw
    page = site.client.get(f"/navigator/screenings/{sid}").text
    assert "Her oncologist is Dr &lt;i&gt;Li&lt;/i&gt;; HER2 report faxed" in page
    assert audit.ADDED_NOTE in audit_actions(site, f"screening:{sid}")
