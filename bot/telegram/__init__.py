"""The Telegram front end: python-telegram-bot in its own process, forwarding to Rasa's REST channel.

Run it with `python -m bot.telegram` (see `bot/telegram/__main__.py`); the launcher
starts it with `bot.telegram.process.start_telegram` when TELEGRAM_BOT_TOKEN is set.
"""
