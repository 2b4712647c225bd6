"""What the bot sends back to a chat: the typing action while Rasa thinks, and Rasa's messages.

Every text goes out as plain text (no parse_mode), so HTML or Markdown in a bot
text is shown as written and never interpreted.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, MutableMapping, Sequence
from typing import Any

from telegram import Bot
from telegram.constants import ChatAction, MessageLimit
from telegram.error import TelegramError

from bot.telegram.keyboards import build_keyboard, forget_all, full_choices, remember
from bot.telegram.logs import chat_tag
from bot.telegram.rasa_client import BotMessage
from bot.telegram.texts import Texts

logger = logging.getLogger(__name__)

TYPING_EVERY_S = 4.5  # Telegram shows "typing..." for about 5 seconds per action


def split_text(text: str, limit: int = MessageLimit.MAX_TEXT_LENGTH) -> list[str]:
    """The text in pieces Telegram accepts, cut at a line break or a space where possible."""
    pieces = []
    rest = text.strip()
    while len(rest) > limit:
        cut = rest.rfind("\n", 0, limit)
        if cut <= 0:
            cut = rest.rfind(" ", 0, limit)
        if cut <= 0:
            cut = limit
        pieces.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest:
        pieces.append(rest)
    return pieces


async def _send_typing(bot: Bot, chat_id: int) -> None:
    try:
        await bot.send_chat_action(chat_id=chat_id, action=ChatAction.TYPING)
    except TelegramError as error:  # only a courtesy: never stop a turn for it
        logger.debug("chat %s: typing action failed: %s", chat_tag(chat_id), error.__class__.__name__)


@contextlib.asynccontextmanager
async def typing(bot: Bot, chat_id: int) -> AsyncIterator[None]:
    """Show "typing..." now, and again every few seconds, until the block ends."""
    await _send_typing(bot, chat_id)

    async def keep_typing() -> None:
        while True:
            await asyncio.sleep(TYPING_EVERY_S)
            await _send_typing(bot, chat_id)

    task = asyncio.create_task(keep_typing())
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


def message_text(message: BotMessage, texts: Texts) -> str:
    """The text to send: Rasa's words, plus the choices in full when the buttons cannot show them."""
    listing = full_choices(message.buttons, texts.all_choices, always=not message.text)
    return "\n\n".join(part for part in (message.text, listing) if part)


async def send_replies(
    bot: Bot, chat_id: int, messages: Sequence[BotMessage], chat_data: MutableMapping[str, Any], texts: Texts
) -> int:
    """Send Rasa's messages in order; the keyboards of this turn become the only live ones."""
    forget_all(chat_data)
    sent = 0
    for message in messages:
        keyboard = build_keyboard(message.buttons)
        pieces = split_text(message_text(message, texts))
        for number, piece in enumerate(pieces, start=1):
            last = number == len(pieces)
            markup = keyboard.markup if keyboard and last else None
            reply = await bot.send_message(chat_id=chat_id, text=piece, reply_markup=markup)
            sent += 1
            if keyboard and last:
                remember(chat_data, reply.message_id, keyboard)
    return sent
