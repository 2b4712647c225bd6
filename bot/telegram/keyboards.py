"""Rasa's buttons as Telegram inline keyboards, and which keyboards a patient may still press.

Telegram allows at most 64 bytes of callback data per button. A payload that fits
is sent as it is; a longer one (e.g. `/inform{"choice": "..."}`) gets a short key
`b:<n>` instead. Either way the bot keeps, per chat, the choices of the keyboards
of its latest turn (`chat_data`), so a press on an older message is recognised and
never answers the current question by accident.
"""

from __future__ import annotations

from collections.abc import MutableMapping, Sequence
from dataclasses import dataclass
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.telegram.rasa_client import Button

MAX_CALLBACK_BYTES = 64  # Bot API limit of InlineKeyboardButton.callback_data
KEY_PREFIX = "b:"  # callback data that is a key into the chat's live choices, not a payload
SHORT_TITLE = 16  # two buttons whose words are this short share a row
LONG_TITLE = 32  # longer words are cut on a phone's button: the message lists them in full
LIVE = "live_keyboards"  # chat_data key: {message_id: {callback_data: Choice}}


@dataclass(frozen=True)
class Choice:
    """What a button stands for: the payload Rasa gets and the words the patient saw."""

    payload: str
    title: str


@dataclass(frozen=True)
class Keyboard:
    """An inline keyboard and the choice behind each button's callback data."""

    markup: InlineKeyboardMarkup
    choices: dict[str, Choice]


def callback_data(index: int, payload: str, taken: Sequence[str] = ()) -> str:
    """The payload itself when it fits in 64 bytes (and is no key), else the short key `b:<index>`."""
    fits = len(payload.encode("utf-8")) <= MAX_CALLBACK_BYTES
    if fits and payload and not payload.startswith(KEY_PREFIX) and payload not in taken:
        return payload
    return f"{KEY_PREFIX}{index}"


def rows(buttons: Sequence[InlineKeyboardButton]) -> list[list[InlineKeyboardButton]]:
    """One button per row, except two short ones side by side."""
    laid_out: list[list[InlineKeyboardButton]] = []
    for button in buttons:
        last = laid_out[-1] if laid_out else None
        if last and len(last) == 1 and max(len(last[0].text), len(button.text)) <= SHORT_TITLE:
            last.append(button)
        else:
            laid_out.append([button])
    return laid_out


def build_keyboard(buttons: Sequence[Button]) -> Keyboard | None:
    """The inline keyboard for Rasa's buttons, or None when there are none."""
    if not buttons:
        return None
    choices: dict[str, Choice] = {}
    telegram_buttons = []
    for index, button in enumerate(buttons):
        data = callback_data(index, button.payload, list(choices))
        choices[data] = Choice(payload=button.payload, title=button.title)
        telegram_buttons.append(InlineKeyboardButton(button.title, callback_data=data))
    return Keyboard(markup=InlineKeyboardMarkup(rows(telegram_buttons)), choices=choices)


def full_choices(buttons: Sequence[Button], heading: str, always: bool = False) -> str:
    """The choices written out when a button's words are too long to show whole (or `always`); else ""."""
    if not buttons or not (always or any(len(b.title) > LONG_TITLE for b in buttons)):
        return ""
    return "\n".join([heading, *(f"- {b.title}" for b in buttons)])


def forget_all(chat_data: MutableMapping[str, Any]) -> None:
    """A new turn: no earlier keyboard may be pressed any more."""
    chat_data[LIVE] = {}


def remember(chat_data: MutableMapping[str, Any], message_id: int, keyboard: Keyboard) -> None:
    """The keyboard sent with this message may be pressed until the next turn."""
    chat_data.setdefault(LIVE, {})[message_id] = dict(keyboard.choices)


def resolve(chat_data: MutableMapping[str, Any], message_id: int, data: str | None) -> Choice | None:
    """The choice behind a press, or None when the keyboard is older or the data unknown."""
    choice = chat_data.get(LIVE, {}).get(message_id, {}).get(data or "")
    return choice if isinstance(choice, Choice) else None
