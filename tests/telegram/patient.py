"""A patient on Telegram, played through the fake Bot API: types, presses buttons, reads replies."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tests.telegram.fake_bot_api import Call, FakeBotApi


@dataclass
class TelegramPatient:
    """One private chat with the bot; each turn waits until the bot has answered."""

    fake: FakeBotApi
    chat_id: int
    turns: list[list[Call]] = field(default_factory=list)
    said: list[str] = field(default_factory=list)  # what the patient typed, to look for in logs
    pressed: list[str] = field(default_factory=list)  # callback data of each press
    callback_ids: list[str] = field(default_factory=list)  # id of each press, to be answered
    deliver: Callable[[dict[str, Any]], None] | None = None  # webhook mode: how an update reaches the bot

    def _turn(self, update: dict[str, Any]) -> list[str]:
        since = len(self.fake.calls)
        if self.deliver is None:
            self.fake.queue(update)  # polling: getUpdates hands it out
        else:
            self.deliver({"update_id": self.fake.next_update_id(), **update})
        self.turns.append(self.fake.wait_turn(self.chat_id, since))
        return self.last_texts

    def say(self, text: str) -> list[str]:
        """Type a message (or a command); return the texts the bot sent back."""
        self.said.append(text)
        return self._turn(self.fake.text_update(self.chat_id, text))

    def send_location(self) -> list[str]:
        """Send something that is not text."""
        return self._turn(self.fake.location_update(self.chat_id))

    def bot_messages(self) -> list[dict[str, Any]]:
        """The bot's messages in this chat as they stand now (edits included), oldest first."""
        mine = [m for (chat, _), m in self.fake.messages.items() if chat == self.chat_id]
        return sorted(mine, key=lambda m: int(m["message_id"]))

    def keyboard_message(self, title: str) -> tuple[dict[str, Any], str]:
        """The latest bot message with a button of this title, and the button's callback data."""
        for message in reversed(self.bot_messages()):
            for row in message.get("reply_markup", {}).get("inline_keyboard", []):
                for button in row:
                    if button["text"] == title:
                        return message, button["callback_data"]
        raise AssertionError(f"no button {title!r}; last buttons: {self.last_buttons()}")

    def press(self, title: str) -> list[str]:
        """Press the button with these words (on the latest message that has it)."""
        message, data = self.keyboard_message(title)
        return self.press_data(message, data)

    def press_data(self, message: dict[str, Any], data: str) -> list[str]:
        """A press with this callback data on this message (as a client would send it)."""
        update = self.fake.press_update(self.chat_id, message, data)
        self.pressed.append(data)
        self.callback_ids.append(update["callback_query"]["id"])
        return self._turn(update)

    def answer(self, step: str) -> list[str]:
        """A scripted step: "[title]" presses a button, anything else is typed."""
        if step.startswith("[") and step.endswith("]"):
            return self.press(step[1:-1])
        return self.say(step)

    @property
    def last_texts(self) -> list[str]:
        """The texts the bot sent in the last turn."""
        return [c.params["text"] for c in self.turns[-1] if c.method == "sendMessage"]

    @property
    def all_text(self) -> str:
        """Everything the bot sent in this chat."""
        return "\n".join(c.params["text"] for turn in self.turns for c in turn if c.method == "sendMessage")

    def last_buttons(self) -> list[str]:
        """The button words of the last keyboard the bot sent this turn."""
        for call in reversed(self.turns[-1] if self.turns else []):
            if call.method == "sendMessage" and call.params.get("reply_markup"):
                return [b["text"] for row in call.params["reply_markup"]["inline_keyboard"] for b in row]
        return []

    def calls(self, method: str) -> list[Call]:
        """Every call of this method the bot made for this chat."""
        return [c for turn in self.turns for c in turn if c.method == method]
