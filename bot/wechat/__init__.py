"""The WeChat Official Account front end: its own process, forwarding to Rasa's REST channel.

Run it with `python -m bot.wechat` (see `bot/wechat/__main__.py`); the launcher starts it
with `bot.wechat.process.start_wechat` when WECHAT_APP_ID, WECHAT_APP_SECRET and WECHAT_TOKEN
are set. WeChat calls the gateway's public `/wechat`, which forwards to this process.
"""
