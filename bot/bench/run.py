"""`make bench`: our bot and a stock `rasa init` bot under the same load, side by side.

Trains our model from scratch into a temporary folder (real config.yml, own Rasa cache) and a
stock `rasa init --no-prompt` bot in another; starts our action server, Rasa server and gateway,
and the stock bot's Rasa server, all on free loopback ports. At each level (BENCH_LEVELS,
default 1,10,50,200 conversations at once) simulated patients hold whole conversations: ours
an eligible screening in free text through the gateway, in English and then in Chinese
(--no-chinese leaves the Chinese one out), the stock bot as many greet/mood/
affirm/deny turns over its REST channel. Prints turn latency (p50, p95, p99), throughput,
errors, ours/stock ratios, every finished screening's outcome and peak memory per process.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Awaitable
from dataclasses import dataclass, replace
from pathlib import Path

import httpx

from bot.bench.load import GatewayTarget, LevelResult, RestTarget, run_level
from bot.bench.report import cpu_lines, level_table, refusal_lines, targets
from bot.bench.stock import STOCK_SCRIPT, init_stock_bot, start_stock_server
from bot.gateway.process import start_gateway
from bot.startup.processes import Server, free_port, start_action_server, start_rasa_server, train
from bot.startup.settings import Settings, load_settings

# An eligible patient answering in free text, one message per turn (as tests/e2e/patients.py ELIGIBLE).
ELIGIBLE_SCRIPT = (
    "hi", "yes", "1+", "never", "no", "ER positive", "it spread to my liver", "yes it grew", "I'm 54",
    "I can do light housework", "none", "none of these", "no", "none", "yes",
)  # fmt: skip
# The same patient in Chinese (as tests/e2e/free_text_zh.py ELIGIBLE_ZH): the first message starts Chinese.
ELIGIBLE_SCRIPT_ZH = (
    "你好", "可以，开始吧", "HER2（1+）", "没用过", "没有", "ER阳性", "已经转移到肝上了", "是的，长大了", "54岁",
    "能做点轻的家务", "都没有", "这些都没有", "没有", "没有过敏", "对的",
)  # fmt: skip
DEFAULT_LEVELS = "1,10,50,200"
# The bench is one address sending for many patients, far faster than people type: no rate limits.
NO_LIMITS = {
    "RATE_SENDER_BURST": "1000", "RATE_SENDER_PER_SECOND": "1000",
    "RATE_ADDRESS_BURST": "1000000", "RATE_ADDRESS_PER_SECOND": "1000000",
}  # fmt: skip
# Without --admission the bench measures Rasa at every level: no admission control.
NO_ADMISSION = {"GATEWAY_MAX_IN_FLIGHT": "1000"}


def parse_levels(value: str) -> list[int]:
    """BENCH_LEVELS: comma-separated numbers of conversations at once, each 1 to 500."""
    levels = [int(part) for part in value.split(",") if part.strip()]
    if not levels or any(not 1 <= level <= 500 for level in levels):
        raise ValueError(f"levels must be numbers from 1 to 500: {value!r}")
    return levels


def web_sender(session: str) -> str:
    """The Rasa sender id of a gateway session (bot/gateway/sessions.py)."""
    return "web:" + session.split(".")[0]


async def outcomes(settings: Settings, senders: list[str]) -> Counter[str]:
    """The screening outcome of each finished conversation, from the tracker API (ten at a time)."""
    found: Counter[str] = Counter()
    gate = asyncio.Semaphore(10)

    async def one(client: httpx.AsyncClient, sender: str) -> None:
        async with gate:
            reply = await client.get(f"/conversations/{sender}/tracker", params={"token": settings.rasa_api_token})
        found[str(reply.json()["slots"].get("screening_outcome"))] += 1

    async with httpx.AsyncClient(base_url=settings.rasa_url, timeout=60) as client:
        await asyncio.gather(*(one(client, sender) for sender in senders))
    return found


def bench_settings(folder: Path, database_url: str | None) -> tuple[Settings, Settings]:
    """Free loopback ports and a temporary var/ for our bot; another Rasa port for the stock bot."""
    ours = replace(
        load_settings(),
        rasa_port=free_port(),
        actions_port=free_port(),
        gateway_port=free_port(),
        var_dir=folder,
        tracker_db=folder / "tracker.db",
        database_url=database_url,
        tracker_store_url=None,
        rasa_replicas=(),
    )
    return ours, replace(ours, rasa_port=free_port())


def main(argv: list[str] | None = None) -> int:
    """Train both bots, run the levels, print the figures; non-zero on errors or a wrong outcome."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--levels", default=os.environ.get("BENCH_LEVELS", DEFAULT_LEVELS))
    parser.add_argument(
        "--min-conversations", type=int, default=10, help="conversations per level at least (default 10)"
    )
    parser.add_argument("--reuse-model", action="store_true", help="use models/ (train only if changed)")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL") or None)
    parser.add_argument("--direct", action="store_true", help="also run ours straight to Rasa (no gateway)")
    parser.add_argument(
        "--no-chinese",
        dest="chinese",
        action="store_false",
        default=not os.environ.get("BENCH_NO_CHINESE"),
        help="leave out the Chinese patients (measured beside the English ones by default)",
    )
    parser.add_argument(
        "--admission",
        action="store_true",
        default=bool(os.environ.get("BENCH_ADMISSION")),
        help="keep the gateway's admission control on (GATEWAY_MAX_IN_FLIGHT default): new patients may be told busy",
    )
    args = parser.parse_args(argv)
    levels = parse_levels(args.levels)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        ours, stock = bench_settings(folder, args.database_url)
        started = time.perf_counter()
        cache = {"RASA_CACHE_DIRECTORY": str(folder / "cache")}
        model = train(ours) if args.reuse_model else train(ours, out=folder / "models", extra_env=cache, force=True)
        training_s = time.perf_counter() - started
        started = time.perf_counter()
        stock_model = init_stock_bot(folder, stock)
        stock_training_s = time.perf_counter() - started
        servers: dict[str, Server] = {}
        try:
            servers["action server"] = start_action_server(ours, folder / "actions.log")
            servers["Rasa server"] = start_rasa_server(ours, model, folder / "rasa.log")
            limits = NO_LIMITS if args.admission else {**NO_LIMITS, **NO_ADMISSION}
            servers["gateway"] = start_gateway(ours, folder / "gateway.log", limits)
            servers["stock Rasa server"] = start_stock_server(stock, stock_model, folder / "stock.log")
            for server in servers.values():
                server.wait_ready()
            results = asyncio.run(_measure(ours, stock, levels, args, servers))
            memory = {name: server.peak_rss_mib() for name, server in servers.items()}
        finally:
            for server in servers.values():
                server.stop()
    return _print(results, memory, training_s, stock_training_s, args)


@dataclass
class Measured:
    """One level: ours through the gateway, stock, ours straight to Rasa (--direct), ours in Chinese, outcomes."""

    ours: LevelResult
    stock: LevelResult
    direct: LevelResult | None
    chinese: LevelResult | None
    outcomes: Counter[str]


async def _with_cpu(servers: dict[str, Server], level: Awaitable[LevelResult]) -> LevelResult:
    """The level's result, with the CPU time each of `servers` spent on it per successful turn."""
    before = {name: server.cpu_seconds() for name, server in servers.items()}
    result = await level
    turns = max(result.answered, 1)
    result.cpu_ms_per_turn = {
        name: 1000 * (server.cpu_seconds() - before[name]) / turns for name, server in servers.items()
    }
    return result


async def _measure(
    ours: Settings, stock: Settings, levels: list[int], args: argparse.Namespace, servers: dict[str, Server]
) -> list[Measured]:
    """Warm both bots up, then each level on ours and then on stock (so noise hits both alike)."""
    our_servers = {name: server for name, server in servers.items() if not name.startswith("stock")}
    stock_servers = {name: server for name, server in servers.items() if name.startswith("stock")}
    gateway = GatewayTarget(f"http://127.0.0.1:{ours.gateway_port}")
    rest, direct = RestTarget(stock.rasa_url), RestTarget(ours.rasa_url)
    await run_level(gateway, ELIGIBLE_SCRIPT, 1, 1)  # warm-up, not counted
    if args.chinese:
        await run_level(gateway, ELIGIBLE_SCRIPT_ZH, 1, 1)
    await run_level(rest, STOCK_SCRIPT, 1, 1)
    results = []
    for level in levels:
        conversations = max(level, args.min_conversations)
        mine = await _with_cpu(our_servers, run_level(gateway, ELIGIBLE_SCRIPT, level, conversations))
        straight = await run_level(direct, ELIGIBLE_SCRIPT, level, conversations) if args.direct else None
        chinese = (
            await _with_cpu(our_servers, run_level(gateway, ELIGIBLE_SCRIPT_ZH, level, conversations))
            if args.chinese
            else None
        )
        theirs = await _with_cpu(stock_servers, run_level(rest, STOCK_SCRIPT, level, conversations))
        print(f"level {level}: ours {mine.seconds:.0f} s, stock {theirs.seconds:.0f} s", file=sys.stderr, flush=True)
        senders = [web_sender(s) for s in mine.conversations] + (straight.conversations if straight else [])
        senders += [web_sender(s) for s in chinese.conversations] if chinese else []
        results.append(Measured(mine, theirs, straight, chinese, await outcomes(ours, senders)))
    return results


def _print(
    results: list[Measured],
    memory: dict[str, float],
    training_s: float,
    stock_training_s: float,
    args: argparse.Namespace,
) -> int:
    training = "models/ (reused)" if args.reuse_model else "real config.yml, from scratch"
    database = "PostgreSQL" if args.database_url else "SQLite"
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"training: ours ({training}) {training_s:.1f} s; stock `rasa init` {stock_training_s:.1f} s")
    print(
        f"ours: gateway -> Rasa (encrypted {database} tracker store) -> action server (store writes); "
        "stock: Rasa REST channel, in-memory tracker store, no action server"
        + ("; direct: ours straight to its Rasa REST channel" if args.direct else "")
    )
    print(f"turns per conversation: {len(ELIGIBLE_SCRIPT)} (ours: an eligible screening in free text)")
    direct = {m.ours.concurrency: m.direct for m in results if m.direct}
    chinese = {m.ours.concurrency: m.chinese for m in results if m.chinese}
    if chinese:
        print("ours-zh: the same screening typed in Chinese (jieba, the Chinese readers and responses)")
    print("\n".join(level_table([(m.ours, m.stock) for m in results], direct, chinese)))
    print("\n".join(cpu_lines([(m.ours, m.stock) for m in results])))
    admission = "on (GATEWAY_MAX_IN_FLIGHT default)" if args.admission else "off"
    print(f"admission control: {admission}")
    for line in refusal_lines([m.ours for m in results] + [m.chinese for m in results if m.chinese]):
        print(line)
    wrong = 0
    for m in results:
        wrong += sum(count for outcome, count in m.outcomes.items() if outcome != "likely_eligible")
        shown = ", ".join(f"{outcome} {count}" for outcome, count in sorted(m.outcomes.items()))
        print(f"outcomes at {m.ours.concurrency} at once: {shown or 'none finished'}")
    print("peak memory: " + ", ".join(f"{name} {mib:.0f} MiB" for name, mib in memory.items()))
    print("targets (issues 7 and 15):")
    print("\n".join(targets({m.ours.concurrency: (m.ours, m.stock) for m in results}, chinese)))
    errors = sum(m.ours.errors + m.stock.errors + sum(r.errors for r in (m.direct, m.chinese) if r) for m in results)
    mid = sum(m.ours.refused_mid + (m.chinese.refused_mid if m.chinese else 0) for m in results)
    return 0 if errors == 0 and wrong == 0 and mid == 0 else 1
