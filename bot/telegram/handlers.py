"""The handlers: commands, text, button presses, other messages, and the one error handler.

Every patient message goes to Rasa's REST channel as sender `telegram:<chat_id>`, with the
user's Telegram language (`language_code`: zh-hans, zh-CN... are Chinese) as the language
hint; Rasa's messages come back as plain text with inline keyboards. The front end's own
words (help, errors) are in that language too (texts/<code>.yml). Logs name a chat by
its keyed tag (bot/telegram/logs.py) and an update by its id, never what anyone wrote.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Mapping
from typing import Any

import httpx
from telegram import BotCommand, CallbackQuery, Message, Update
from telegram.constants import MessageLimit
from telegram.error import BadRequest, NetworkError, TelegramError
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, ContextTypes, MessageHandler, filters

from bot.rasa_client import action_server_up
from bot.startup.status import StatusFile
from bot.telegram.keyboards import Choice, resolve
from bot.telegram.logs import chat_tag
from bot.telegram.rasa_client import BotMessage, RasaClient, RasaUnavailable, sender_id
from bot.telegram.replies import send_replies, typing
from bot.telegram.texts import DEFAULT_LANGUAGE, Texts, language_of

logger = logging.getLogger(__name__)

Context = ContextTypes.DEFAULT_TYPE

# Commands forwarded to Rasa, as the intent payload each one sends.
START_PAYLOAD = "/greet"
RESTART_PAYLOAD = "/restart"
DELETE_PAYLOAD = "/delete_data"


def _chat_data(context: Context) -> dict[Any, Any]:
    if context.chat_data is None:  # only updates without a chat lack it; handlers here all have one
        raise RuntimeError("no chat data for this update")
    return context.chat_data


class FrontEnd:
    """The Telegram side of the conversation, forwarding to Rasa."""

    def __init__(
        self,
        rasa: RasaClient,
        texts: Texts | Mapping[str, Texts],
        status: StatusFile | None = None,
        actions_health_url: str | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        default_language: str = DEFAULT_LANGUAGE,
    ):
        """`texts`: one language's, or every language's by code (bot/telegram/texts.py load_all)."""
        self.rasa = rasa
        self.by_language = {default_language: texts} if isinstance(texts, Texts) else dict(texts)
        self.default_language = default_language if default_language in self.by_language else DEFAULT_LANGUAGE
        self.texts = self.by_language[self.default_language]  # for a user whose language has no texts file
        self.status = status or StatusFile(None)  # the launcher's status file: who is restarting
        self.actions_health_url = actions_health_url
        self.http = httpx.AsyncClient(timeout=3.0, transport=transport)

    def register(self, application: Application[Any, Any, Any, Any, Any, Any]) -> None:
        """Add every handler and the error handler; only private chats are served."""
        private = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE
        application.add_handler(CommandHandler("start", self.start, filters=private))
        application.add_handler(CommandHandler("restart", self.restart, filters=private))
        application.add_handler(CommandHandler("delete", self.delete, filters=private))
        application.add_handler(CommandHandler("help", self.help, filters=private))
        application.add_handler(MessageHandler(private & filters.TEXT & ~filters.COMMAND, self.text))
        application.add_handler(MessageHandler(private & filters.COMMAND, self.help))  # an unknown command
        application.add_handler(CallbackQueryHandler(self.button))
        application.add_handler(MessageHandler(private & ~filters.TEXT, self.not_text))
        application.add_error_handler(self.on_error)

    def language(self, update: object) -> str:
        """The user's language: from their Telegram app's language_code, else the default."""
        user = update.effective_user if isinstance(update, Update) else None
        return language_of(user.language_code if user else None, self.default_language)

    def texts_for(self, update: object) -> Texts:
        """The front end's own words in the user's language (the default's when there is no such file)."""
        return self.by_language.get(self.language(update), self.texts)

    @staticmethod
    def hint(update: Update) -> str | None:
        """The language hint for Rasa: the user's language_code as zh or en; None when Telegram gives none."""
        user = update.effective_user
        return language_of(user.language_code, "") or None if user else None

    async def set_command_menu(self, application: Application[Any, Any, Any, Any, Any, Any]) -> None:
        """Show the commands in Telegram's menu, for each language (a failure only costs the menu)."""
        for code, texts in self.by_language.items():
            commands = [BotCommand(name, description) for name, description in texts.commands.items()]
            scope = {} if code == self.default_language else {"language_code": code}
            try:
                await application.bot.set_my_commands(commands, **scope)
            except TelegramError as error:
                logger.warning("could not set the command menu (%s): %s", code, error.__class__.__name__)

    async def close(self, application: Application[Any, Any, Any, Any, Any, Any]) -> None:
        """Close the connection pools when the application shuts down."""
        await self.rasa.aclose()
        await self.http.aclose()

    async def start(self, update: Update, context: Context) -> None:
        """/start: greet (Rasa introduces itself and asks consent), then both languages and how to switch."""
        replies = await self._ask(update, context, START_PAYLOAD)
        if replies is None or update.effective_chat is None:
            return
        await self._reply(update, context, replies, "/start")
        await context.bot.send_message(chat_id=update.effective_chat.id, text=self.texts_for(update).languages)

    async def restart(self, update: Update, context: Context) -> None:
        """/restart: start the questions over."""
        await self._turn(update, context, RESTART_PAYLOAD, "/restart")

    async def delete(self, update: Update, context: Context) -> None:
        """/delete: ask Rasa to delete the patient's data (it asks to confirm first)."""
        await self._turn(update, context, DELETE_PAYLOAD, "/delete")

    async def help(self, update: Update, context: Context) -> None:
        """/help (and any unknown command): what the bot is, the commands, emergencies."""
        if update.effective_chat:
            await context.bot.send_message(chat_id=update.effective_chat.id, text=self.texts_for(update).help)
            logger.info("chat %s update %s: help shown", chat_tag(update.effective_chat.id), update.update_id)

    async def text(self, update: Update, context: Context) -> None:
        """A typed message: forwarded to Rasa as it is."""
        if update.message and update.message.text:
            await self._turn(update, context, update.message.text, "text")

    async def not_text(self, update: Update, context: Context) -> None:
        """A photo, sticker, voice note...: only text can be read."""
        if update.effective_chat:
            await context.bot.send_message(chat_id=update.effective_chat.id, text=self.texts_for(update).text_only)
            logger.info(
                "chat %s update %s: not text, asked to type", chat_tag(update.effective_chat.id), update.update_id
            )

    async def button(self, update: Update, context: Context) -> None:
        """A button press: acknowledged, its payload forwarded, the keyboard marked with the choice."""
        query = update.callback_query
        chat = update.effective_chat
        if query is None or query.message is None or chat is None:
            return
        await query.answer()
        choice = resolve(_chat_data(context), query.message.message_id, query.data)
        if choice is None:
            logger.info("chat %s update %s: button of an older message", chat_tag(chat.id), update.update_id)
            await self._remove_keyboard(query)
            await context.bot.send_message(chat_id=chat.id, text=self.texts_for(update).older_button)
            return
        replies = await self._ask(update, context, choice.payload)
        if replies is None:  # Rasa is down: the keyboard stays, to be pressed again later
            return
        await self._mark(query, choice, self.texts_for(update))
        await self._reply(update, context, replies, "button")

    async def on_error(self, update: object, context: Context) -> None:
        """Log the failure by type and place (never its message: it may quote a patient) and apologise."""
        error = context.error
        update_id = update.update_id if isinstance(update, Update) else None
        chat = update.effective_chat if isinstance(update, Update) else None
        if isinstance(error, NetworkError):  # Telegram unreachable for a moment: PTB retries
            logger.warning("update %s: network error talking to Telegram (%s)", update_id, error.__class__.__name__)
        else:
            frames = "".join(traceback.format_tb(error.__traceback__)) if error else ""
            logger.error(
                "update %s (chat %s) failed with %s\n%s",
                update_id,
                chat_tag(chat.id if chat else None),
                error.__class__.__name__,
                frames,
            )
            logger.debug("failure details", exc_info=error)
        if chat is not None:
            try:
                await context.bot.send_message(chat_id=chat.id, text=self.texts_for(update).error)
            except TelegramError:
                logger.warning("chat %s: could not apologise for a failure", chat_tag(chat.id))

    async def _turn(self, update: Update, context: Context, message: str, what: str) -> None:
        """One exchange with Rasa: typing while it thinks, then its messages."""
        replies = await self._ask(update, context, message)
        if replies is not None:
            await self._reply(update, context, replies, what)

    async def _ask(self, update: Update, context: Context, message: str) -> list[BotMessage] | None:
        """Rasa's messages for this message, or None after telling the patient Rasa cannot answer now."""
        chat = update.effective_chat
        if chat is None:
            return None
        texts = self.texts_for(update)
        text = texts.restarting
        if self.status.restarting():  # the launcher is bringing Rasa or the action server back: not forwarded
            logger.info("chat %s update %s: held back, a restart is under way", chat_tag(chat.id), update.update_id)
        else:
            async with typing(context.bot, chat.id):
                try:
                    replies = await self.rasa.send(sender_id(chat.id), message, self.hint(update))
                except RasaUnavailable as error:
                    logger.warning(
                        "chat %s update %s: Rasa unavailable (%s)", chat_tag(chat.id), update.update_id, error
                    )
                    if not self.status.will_restart():
                        text = texts.unavailable
                else:
                    if replies or await self._actions_up():
                        return replies
                    logger.warning("chat %s update %s: the action server is down", chat_tag(chat.id), update.update_id)
        await context.bot.send_message(chat_id=chat.id, text=text)
        return None

    async def _actions_up(self) -> bool:
        """True when the action server's /health answers (Rasa answers nothing when it cannot reach it)."""
        return await action_server_up(self.http, self.actions_health_url)

    async def _reply(self, update: Update, context: Context, replies: list[BotMessage], what: str) -> None:
        chat = update.effective_chat
        if chat is None:
            return
        sent = await send_replies(context.bot, chat.id, replies, _chat_data(context), self.texts_for(update))
        logger.info(
            "chat %s update %s: %s forwarded, %d message(s) back", chat_tag(chat.id), update.update_id, what, sent
        )

    async def _mark(self, query: CallbackQuery, choice: Choice, texts: Texts) -> None:
        """Replace the pressed keyboard by a line saying what was chosen (or just remove it)."""
        message = query.message
        if isinstance(message, Message) and message.text:
            marked = f"{message.text}\n\n{texts.chosen_line(choice.title)}"
            if len(marked) <= MessageLimit.MAX_TEXT_LENGTH:
                try:
                    await query.edit_message_text(marked, reply_markup=None)
                    return
                except BadRequest as error:
                    logger.debug("could not mark the choice: %s", error.__class__.__name__)
        await self._remove_keyboard(query)

    @staticmethod
    async def _remove_keyboard(query: CallbackQuery) -> None:
        try:
            await query.edit_message_reply_markup(reply_markup=None)
        except BadRequest as error:  # already gone, or too old to edit
            logger.debug("could not remove a keyboard: %s", error.__class__.__name__)
