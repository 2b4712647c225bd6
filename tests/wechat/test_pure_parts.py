"""The WeChat channel's pure parts: signatures, the replay window, once-only keys, numbering, splitting, texts."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bot.rasa_client import Button
from bot.wechat.choices import choice_map, numbered, resolve
from bot.wechat.config import ConfigError, enabled, load_config
from bot.wechat.seen import SeenKeys
from bot.wechat.signing import ReplayGuard, sign, signature_ok
from bot.wechat.splitting import TEXT_LIMIT_BYTES, split_text
from bot.wechat.texts import KEYS, load_texts

YES_NO = [Button("是", "/affirm"), Button("否", "/deny"), Button("不确定", "/dont_know")]


def test_the_signature_is_wechats_sha1_of_the_sorted_parts() -> None:
    # WeChat's documented example: sha1 of the sorted token, timestamp and nonce, joined
    import hashlib

    expected = hashlib.sha1("".join(sorted(["tok3n", "1409304348", "xxxxxx"])).encode()).hexdigest()
    assert sign("tok3n", "1409304348", "xxxxxx") == expected
    assert signature_ok("tok3n", expected, "1409304348", "xxxxxx")
    assert not signature_ok("tok3n", expected, "1409304349", "xxxxxx")
    assert not signature_ok("other", expected, "1409304348", "xxxxxx")
    assert not signature_ok("tok3n", None, "1409304348", "xxxxxx")
    assert not signature_ok("tok3n", expected, "", "xxxxxx")
    assert not signature_ok("", sign("", "1", "2"), "1", "2")  # no token configured: nothing is signed


def test_the_replay_guard_takes_a_nonce_once_and_only_fresh_timestamps() -> None:
    now = [1_000_000.0]
    guard = ReplayGuard(window_s=300, clock=lambda: now[0])
    assert guard.refusal("1000000", "n1") is None
    assert guard.refusal("1000000", "n1") == "nonce seen before"
    assert guard.refusal("999650", "n2") == "old timestamp"  # 350 s ago
    assert guard.refusal("1000400", "n3") == "old timestamp"  # from the future
    assert guard.refusal("soon", "n4") == "bad timestamp"
    assert guard.refusal("999800", "n5") is None
    now[0] += 601  # the nonces' windows have passed: forgotten, and their timestamps too old anyway
    assert guard.refusal(str(int(now[0])), "n6") is None
    assert len(guard) == 1


def test_the_replay_guard_forgets_the_oldest_past_its_bound() -> None:
    guard = ReplayGuard(window_s=300, max_nonces=3, clock=lambda: 5000.0)
    for nonce in "abcd":
        assert guard.refusal("5000", nonce) is None
    assert len(guard) == 3
    assert guard.refusal("5000", "d") == "nonce seen before"
    assert guard.refusal("5000", "a") is None  # forgotten first


def test_a_key_is_taken_once_and_the_memory_is_bounded() -> None:
    seen = SeenKeys(memory=3)
    assert seen.first_time("m1") and not seen.first_time("m1")
    for key in ("m2", "m3", "m4", "m5"):
        assert seen.first_time(key)
    assert len(seen) == 3
    assert seen.first_time("m1")  # memory alone forgets the oldest


def test_keys_taken_survive_a_restart_in_the_file(tmp_path: Path) -> None:
    path = tmp_path / "seen.sqlite"
    first = SeenKeys(path, memory=1)
    assert first.first_time("m1") and first.first_time("m2")
    assert not first.first_time("m1")  # out of memory, still in the file
    first.close()
    again = SeenKeys(path)
    assert not again.first_time("m1") and not again.first_time("m2") and again.first_time("m3")
    again.close()


def test_keys_taken_survive_the_process_dying_without_closing_the_file(tmp_path: Path) -> None:
    path = tmp_path / "seen.sqlite"
    code = (
        "import os, sys; from pathlib import Path; from bot.wechat.seen import SeenKeys; "
        "seen = SeenKeys(Path(sys.argv[1])); assert seen.first_time('m1'); os._exit(0)"
    )
    root = str(Path(__file__).resolve().parents[2])
    subprocess.run([sys.executable, "-c", code, str(path)], check=True, timeout=60, cwd=root)
    again = SeenKeys(path)
    assert again._db is not None and again._db.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    assert not again.first_time("m1") and again.first_time("m2")
    again.close()


def test_buttons_become_numbered_choices_in_the_patients_language() -> None:
    assert numbered("您做过化疗吗？", YES_NO) == "您做过化疗吗？\n\n回复 1：是 / 2：否 / 3：不确定"
    english = [Button("Yes", "/affirm"), Button("No", "/deny"), Button("Not sure", "/dont_know")]
    assert numbered("Have you had chemotherapy?", english).endswith("Reply 1: Yes / 2: No / 3: Not sure")
    assert numbered("No buttons here.", []) == "No buttons here."
    long = [Button("是，我替家人（比如母亲）回答问题", "/a"), Button("是，我是患者本人，自己回答这些问题", "/b")]
    listing = numbered("您是为谁询问？", long).split("\n")
    assert listing[-3:] == [
        "回复数字选择：",
        "1：是，我替家人（比如母亲）回答问题",
        "2：是，我是患者本人，自己回答这些问题",
    ]


def test_the_language_of_a_bot_text_is_the_language_most_of_it_is_in() -> None:
    from bot.wechat.choices import language_of_text

    assert language_of_text("这项研究（临床试验）的编号是 NCT06561607，比较的是研究药物 TQB2102 和化疗。") == "zh"
    assert language_of_text('OK, I will use English from now on. To use Chinese, send "中文".') == "en"
    assert language_of_text("HER2 1+") == "en" and language_of_text("好") == "zh"


def test_a_reply_of_the_number_or_the_words_is_the_choice() -> None:
    choices = choice_map(YES_NO)
    assert resolve("1", choices) == "/affirm"
    assert resolve(" ３ ", choices) == "/dont_know"  # full-width digit
    assert resolve("否。", choices) == "/deny"
    assert resolve("不确定", choices) == "/dont_know"
    assert resolve("4", choices) is None and resolve("我不知道", choices) is None and resolve("", choices) is None
    english = choice_map([Button("Not sure", "/dont_know")])
    assert resolve("not sure!", english) == "/dont_know"


def test_long_replies_are_cut_under_the_limit_between_sentences() -> None:
    sentence = "这项研究会比较两种治疗。"
    text = sentence * 300  # 10,800 bytes
    pieces = split_text(text)
    assert len(pieces) >= 6 and "".join(pieces) == text
    assert all(len(p.encode("utf-8")) <= TEXT_LIMIT_BYTES and p.endswith("。") for p in pieces)
    english = "The dose is 7.5 mg/kg every 21 days. " * 120
    pieces = split_text(english)
    assert all(len(p.encode()) <= TEXT_LIMIT_BYTES and p.endswith("days.") for p in pieces)
    assert split_text("short") == ["short"] and split_text("  ") == []
    unbroken = "x" * 5000  # no place to cut: cut at the limit
    assert [len(p) for p in split_text(unbroken)] == [2048, 2048, 904]


def test_texts_are_complete_in_both_languages() -> None:
    texts = load_texts()
    assert set(texts) == {"en", "zh"}
    for language in texts:
        assert set(texts[language]) == set(KEYS)
    assert "输入" in texts["zh"]["please_type"] and "type" in texts["en"]["please_type"]
    assert "English" in texts["zh"]["languages"] and "中文" in texts["en"]["languages"]
    assert "重新开始" in texts["zh"]["languages"] and "删除我的数据" in texts["zh"]["languages"]
    assert '"start over"' in texts["en"]["languages"] and '"delete my data"' in texts["en"]["languages"]
    assert "发送" not in texts["zh"]["languages"]  # one word per idea: "输入", as in the bot's own texts
    for key in ("unavailable", "restarting"):  # no Rasa behind them, and still the emergency line (DESIGN.md 2)
        assert "拨打 120" in texts["zh"][key] and "emergency number" in texts["en"][key]
    assert "重启" not in texts["zh"]["restarting"]  # plain words: 重新启动


def test_a_texts_file_missing_a_key_is_refused(tmp_path: Path) -> None:
    (tmp_path / "zh.yml").write_text("please_type: 请打字\n", encoding="utf-8")
    with pytest.raises(ValueError, match="missing or empty"):
        load_texts(tmp_path)


def test_settings() -> None:
    env = {"WECHAT_APP_ID": "wx1", "WECHAT_APP_SECRET": "s", "WECHAT_TOKEN": "token123"}
    assert enabled(env) and not enabled({**env, "WECHAT_TOKEN": " "})
    config = load_config(env)
    assert config.port == 8082 and config.api_base == "https://api.weixin.qq.com" and config.aes_key is None
    with pytest.raises(ConfigError, match="WECHAT_TOKEN"):
        load_config({**env, "WECHAT_TOKEN": "no spaces allowed"})
    with pytest.raises(ConfigError, match="WECHAT_AES_KEY"):
        load_config({**env, "WECHAT_AES_KEY": "short"})
    with pytest.raises(ConfigError, match="WECHAT_APP_SECRET"):
        load_config({"WECHAT_APP_ID": "wx1", "WECHAT_TOKEN": "token123"})
    custom = load_config({**env, "WECHAT_API_BASE": "http://127.0.0.1:9/", "WECHAT_PORT": "9100"})
    assert custom.api_base == "http://127.0.0.1:9" and custom.port == 9100


@pytest.mark.parametrize("key", KEYS)
def test_the_words_are_plain_in_both_languages(key: str) -> None:
    import re

    import textstat

    from tests.test_readability import MAX_GRADE, plain

    texts = load_texts()
    assert textstat.flesch_kincaid_grade(plain(texts["en"][key])) <= MAX_GRADE
    sentences = [s for s in re.split(r"[。！？]", texts["zh"][key]) if s.strip()]
    assert sentences and all(len(s) <= 30 for s in sentences), sentences  # short Chinese sentences
