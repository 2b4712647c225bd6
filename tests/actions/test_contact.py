"""Contact details: checks, the consent to share, the read-back and the referral."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from actions.contact import (
    ActionAgreeToShare,
    ActionChangeContact,
    ActionDeclineShare,
    ActionMakeReferral,
    ValidateContactForm,
)
from actions.contact_details import clean_name, clean_reach, clean_time
from actions.store_access import store
from bot.store.database import transaction
from bot.store.schema import Consent, OutboxMessage, Referral
from tests.actions.test_actions import responses, run
from tests.actions.trackers import ELIGIBLE_ANSWERS, make_tracker, slot_events


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mei Wong", "Mei Wong"),
        ("  Anna   Maria ", "Anna Maria"),
        ("<b>Bob</b>'); DROP TABLE referrals; --", "<b>Bob</b>'); DROP TABLE referrals; --"),  # kept as text
        ("", None),
        ("12345", None),
        ("/affirm", None),
        ("x" * 101, None),
    ],
)
def test_name(text: str, expected: str | None) -> None:
    assert clean_name(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("+86 138 0013 8000", "+8613800138000"),
        ("我的手机：１３８　００１３　８０００", "13800138000"),  # full-width digits from a Chinese keyboard
        ("邮箱 ｍｅｉ＠ｅｘａｍｐｌｅ．ｏｒｇ", "mei@example.org"),
        ("my number is (555) 123-4567", "5551234567"),
        ("Mei.Wong@Example.org", "mei.wong@example.org"),
        ("email me at a@b.co please", "a@b.co"),
        ("12345", None),  # too short
        ("call 555 123 4567 or a@b.co", None),  # two ways: which one?
        ("not telling", None),
        ("a@b", None),
        ("", None),
    ],
)
def test_reach(text: str, expected: str | None) -> None:
    assert clean_reach(text) == expected


@pytest.mark.parametrize(("text", "expected"), [("Morning", "Morning"), ("", None), ("/deny", None), ("x" * 101, None)])
def test_time(text: str, expected: str | None) -> None:
    assert clean_time(text) == expected


async def test_plain_yes_records_the_sharing_consent() -> None:
    events, messages = await run(ActionAgreeToShare(), make_tracker({"phase": "contact_offer"}, "/affirm"))
    slots = dict(slot_events(events))
    assert slots["share_consent"]["version"].startswith("share_contact-")
    assert slots["share_consent"]["purpose"] == "share_contact"
    assert slots["phase"] == "contact"
    assert messages == []


async def test_unclear_yes_to_sharing_asks_again() -> None:
    events, messages = await run(
        ActionAgreeToShare(), make_tracker({"phase": "contact_offer"}, "asdfgh", intent="affirm")
    )
    assert slot_events(events) == [("phase", "contact_offer")]
    assert responses(messages) == ["utter_default", "utter_ask_share_contact"]


async def test_no_to_sharing_asks_nothing() -> None:
    events, messages = await run(ActionDeclineShare(), make_tracker({"phase": "contact_offer"}, "no thanks"))
    assert slot_events(events) == [("phase", "outcome")]
    assert responses(messages) == ["utter_share_declined"]


async def test_bad_phone_is_asked_again() -> None:
    form = ValidateContactForm()
    from rasa_sdk.executor import CollectingDispatcher

    dispatcher = CollectingDispatcher()
    assert form.validate_contact_reach("123", dispatcher) == {"contact_reach": None}
    assert responses(dispatcher.messages) == ["utter_contact_reach_invalid"]


# (typed at "when is a good time to call?", the language, what is kept): a plain yes or no is no time
TIMES = [
    ("是的", "zh", None),  # was kept as the time and read back as "方便的时间：是的"
    ("没有", "zh", None),
    ("yes", "en", None),
    ("no", "en", None),
    ("都可以", "zh", "都可以"),
    ("上午吧", "zh", "上午吧"),
    ("whenever, anytime is fine", "en", "whenever, anytime is fine"),
    ("weekday mornings", "en", "weekday mornings"),
]  # fmt: skip


@pytest.mark.parametrize(("said", "language", "kept"), TIMES)
def test_a_plain_yes_or_no_is_no_time_to_call(said: str, language: str, kept: str | None) -> None:
    from rasa_sdk.executor import CollectingDispatcher

    dispatcher = CollectingDispatcher()
    tracker = make_tracker({"language": language, "requested_slot": "contact_time"}, said)
    assert ValidateContactForm().validate_contact_time(said, dispatcher, tracker, {}) == {"contact_time": kept}
    assert responses(dispatcher.messages) == ([] if kept else ["utter_contact_time_invalid"])


async def test_change_clears_the_details() -> None:
    events, _ = await run(ActionChangeContact(), make_tracker({"contact_name": "Mei"}))
    assert slot_events(events) == [
        ("contact_name", None),
        ("contact_reach", None),
        ("contact_time", None),
        ("phase", "contact"),
    ]


def referral_tracker(said: str = "yes") -> Any:
    consent = {"version": "screening-consent-v1", "at": "2026-11-26T10:00:00+00:00", "purpose": "screening"}
    share = {"version": "share-contact-v1", "at": "2026-11-26T10:05:00+00:00", "purpose": "share_contact"}
    slots = {
        **ELIGIBLE_ANSWERS,
        "consent": consent,
        "share_consent": share,
        "contact_name": "Mei Wong",
        "contact_reach": "+8613800138000",
        "contact_time": "Morning",
        "phase": "contact_confirm",
    }
    return make_tracker(slots, said, intent="affirm")


async def test_referral_is_made_once_with_its_outbox_message() -> None:
    events, messages = await run(ActionMakeReferral(), referral_tracker())
    again, _ = await run(ActionMakeReferral(), referral_tracker())  # the same details submitted twice
    number = dict(slot_events(events))["referral_number"]
    assert dict(slot_events(again))["referral_number"] == number
    assert responses(messages) == ["utter_referral_made"]
    assert messages[0]["number"] == number
    assert dict(slot_events(events))["contact_reach"] is None  # forgotten in the chat
    engine, cipher = store()
    with transaction(engine) as session:
        [referral] = session.execute(select(Referral)).scalars().all()
        assert cipher.decrypt(referral.contact_encrypted) == "+8613800138000"
        assert session.execute(select(OutboxMessage)).scalar_one().status == "pending"
        purposes = sorted(c.purpose for c in session.execute(select(Consent)).scalars())
        assert purposes == ["screening", "share_contact"]


async def test_unclear_confirmation_makes_no_referral() -> None:
    events, messages = await run(ActionMakeReferral(), referral_tracker("asdfgh"))
    assert slot_events(events) == [("phase", "contact_confirm")]
    assert responses(messages) == ["utter_default", "utter_contact_read_back"]
