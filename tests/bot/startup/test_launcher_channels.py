"""Which channel front ends the launcher starts, and what its banner says about them."""

from __future__ import annotations

from pathlib import Path

from bot.startup.launcher import _how_to_chat, channels_on
from bot.startup.settings import Settings

WECHAT = {"WECHAT_APP_ID": "wx1", "WECHAT_APP_SECRET": "secret", "WECHAT_TOKEN": "token123"}


def settings(tmp_path: Path) -> Settings:
    return Settings(5005, 5055, 8000, "127.0.0.1", tmp_path, tmp_path / "t.db", tmp_path, "token")


def test_wechat_is_on_only_with_its_three_settings() -> None:
    assert channels_on({}) == {"telegram": False, "wechat": False}
    assert channels_on(WECHAT) == {"telegram": False, "wechat": True}
    for missing in WECHAT:
        assert not channels_on({k: v for k, v in WECHAT.items() if k != missing})["wechat"]
    assert channels_on({"TELEGRAM_BOT_TOKEN": "1:a", **WECHAT}) == {"telegram": True, "wechat": True}


def test_the_banner_says_how_to_turn_wechat_on_and_where_wechat_calls(tmp_path: Path) -> None:
    off = _how_to_chat(settings(tmp_path), channels_on({}))
    assert "WeChat: off (set WECHAT_APP_ID, WECHAT_APP_SECRET and WECHAT_TOKEN to turn it on)" in off
    on = _how_to_chat(settings(tmp_path), channels_on(WECHAT))
    assert "WeChat: on" in on and ":8000/wechat" in on
