"""Rasa buttons as inline keyboards: 64-byte callback data, titles kept, rows, live keyboards."""

from __future__ import annotations

import pytest

from bot.telegram.keyboards import (
    MAX_CALLBACK_BYTES,
    Choice,
    build_keyboard,
    callback_data,
    forget_all,
    full_choices,
    remember,
    resolve,
)
from bot.telegram.rasa_client import Button

LONG = '/inform{"choice": "heart attack, heart failure or an uneven heartbeat"}'  # 71 bytes
CHINESE = '/answer{"choice": "' + "不确定" * 8 + '"}'  # 45 characters but 93 bytes in UTF-8


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        ('/answer{"choice": "2+"}', '/answer{"choice": "2+"}'),  # fits: kept as it is
        ("/affirm", "/affirm"),
        ("x" * 64, "x" * 64),  # exactly 64 bytes still fits
        ("x" * 65, "b:4"),  # one byte over: a key
        (LONG, "b:4"),
        (CHINESE, "b:4"),  # counted in bytes, not characters
        ("b:7", "b:4"),  # looks like a key: never sent as a payload
        ("", "b:4"),  # nothing to send: a key
    ],
)
def test_callback_data(payload: str, expected: str) -> None:
    assert callback_data(4, payload) == expected


def test_long_payloads_are_mapped_and_short_ones_kept() -> None:
    buttons = [Button("2+", '/answer{"choice": "2+"}'), Button("Heart problems", LONG), Button("不确定", CHINESE)]
    keyboard = build_keyboard(buttons)
    assert keyboard is not None
    shown = [b for row in keyboard.markup.inline_keyboard for b in row]
    assert [b.text for b in shown] == ["2+", "Heart problems", "不确定"]  # titles kept, in order
    assert [b.callback_data for b in shown] == ['/answer{"choice": "2+"}', "b:1", "b:2"]
    assert all(len(str(b.callback_data).encode("utf-8")) <= MAX_CALLBACK_BYTES for b in shown)
    assert keyboard.choices["b:1"] == Choice(payload=LONG, title="Heart problems")
    assert keyboard.choices["b:2"].payload == CHINESE


def test_the_same_payload_twice_gets_a_key_the_second_time() -> None:
    keyboard = build_keyboard([Button("Yes", "/affirm"), Button("Sure", "/affirm")])
    assert keyboard is not None
    assert list(keyboard.choices) == ["/affirm", "b:1"]
    assert {c.payload for c in keyboard.choices.values()} == {"/affirm"}


def test_no_buttons_no_keyboard() -> None:
    assert build_keyboard([]) is None


def test_two_short_buttons_share_a_row_long_ones_do_not() -> None:
    titles = ["Yes", "No, never", "Not sure", "Why do you ask?", "Only for early cancer, before or after surgery", "1+"]
    keyboard = build_keyboard([Button(t, f"/p{i}") for i, t in enumerate(titles)])
    assert keyboard is not None
    layout = [[b.text for b in row] for row in keyboard.markup.inline_keyboard]
    assert layout == [
        ["Yes", "No, never"],
        ["Not sure", "Why do you ask?"],
        ["Only for early cancer, before or after surgery"],
        ["1+"],
    ]


def test_long_titles_are_written_out_in_the_message() -> None:
    short = [Button("Yes", "/affirm"), Button("No", "/deny")]
    long = [Button("A bad allergic reaction to an antibody medicine", "/a"), Button("None of these", "/b")]
    assert full_choices(short, "The choices:") == ""
    assert full_choices(short, "The choices:", always=True) == "The choices:\n- Yes\n- No"
    assert full_choices(long, "The choices:") == (
        "The choices:\n- A bad allergic reaction to an antibody medicine\n- None of these"
    )


def test_only_the_latest_turns_keyboards_can_be_pressed() -> None:
    chat_data: dict = {}
    first = build_keyboard([Button("Yes", "/affirm"), Button("Long", LONG)])
    second = build_keyboard([Button("1+", '/answer{"choice": "1+"}')])
    assert first and second
    forget_all(chat_data)
    remember(chat_data, 10, first)
    assert resolve(chat_data, 10, "/affirm") == Choice("/affirm", "Yes")
    assert resolve(chat_data, 10, "b:1") == Choice(LONG, "Long")
    assert resolve(chat_data, 11, "/affirm") is None  # another message
    assert resolve(chat_data, 10, "b:9") is None  # an unknown key
    assert resolve(chat_data, 10, None) is None
    forget_all(chat_data)  # the next turn
    remember(chat_data, 12, second)
    assert resolve(chat_data, 10, "/affirm") is None  # older message: expired
    assert resolve(chat_data, 12, '/answer{"choice": "1+"}') == Choice('/answer{"choice": "1+"}', "1+")
    assert resolve({}, 12, "/affirm") is None  # nothing remembered (e.g. after a restart of the process)
