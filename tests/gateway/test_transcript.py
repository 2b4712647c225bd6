"""The history the widget shows after a reload, from a tracker's events."""

from __future__ import annotations

from bot.gateway.rasa_client import transcript
from bot.rasa_client import BotMessage, Button, parse_messages

BUTTONS = [{"title": "1+", "payload": '/answer{"choice": "1+"}'}, {"title": "Not sure", "payload": "/answer_unsure"}]

EVENTS = [
    {"event": "action", "name": "action_session_start"},
    {"event": "user", "text": "/greet"},  # a control message the widget sent: left out
    {"event": "bot", "text": "Hello! I am an automated assistant.", "data": {}},
    {"event": "user", "text": "yes <b>please</b>"},
    {"event": "slot", "name": "phase", "value": "screening"},
    {"event": "bot", "text": "Question 1 of 12", "data": {"buttons": BUTTONS}},
    {"event": "user", "text": '/answer{"choice": "1+"}'},  # a pressed button: shown as its title
    {"event": "bot", "text": "Question 2 of 12", "data": {"buttons": None}},
]


def test_the_transcript_keeps_texts_and_shows_buttons_by_their_titles() -> None:
    assert transcript(EVENTS) == [
        {"from": "bot", "text": "Hello! I am an automated assistant.", "buttons": []},
        {"from": "user", "text": "yes <b>please</b>", "buttons": []},
        {"from": "bot", "text": "Question 1 of 12", "buttons": BUTTONS},
        {"from": "user", "text": "1+", "buttons": []},
        {"from": "bot", "text": "Question 2 of 12", "buttons": []},
    ]


def test_odd_event_lists_give_an_empty_or_partial_transcript() -> None:
    assert transcript(None) == []
    assert transcript([1, "x", {"event": "bot"}]) == []


def test_rest_replies_keep_only_text_and_buttons() -> None:
    raw = [
        {"recipient_id": "web:x", "text": "Hi", "buttons": BUTTONS, "custom": {"a": 1}},
        {"recipient_id": "web:x", "image": "http://example.invalid/x.png"},
        "garbage",
    ]
    assert parse_messages(raw) == [BotMessage("Hi", [Button(b["title"], b["payload"]) for b in BUTTONS])]
