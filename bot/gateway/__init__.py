"""The gateway: the only public face (demo page, widget, chat proxy, Telegram webhook, health)."""
