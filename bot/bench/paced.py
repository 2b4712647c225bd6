"""`make bench-paced`: how many patients typing like people the bot serves at p95 <= 1 s.

Starts the bot as an operator does (`python -m bot.startup.launcher run`, or `cluster` for
`make run-cluster`: 2 Rasa replicas on PostgreSQL and Redis) on free loopback ports with its own
var/ folder, admission control on at its defaults and no per-address rate limit (the bench is
one address speaking for many patients). At each level (BENCH_PACED_LEVELS, default
10,25,50,100,150,200) that many patients arrive within one think time and hold a whole eligible
screening in free text, pausing about BENCH_THINK_S seconds (default 3) before each message.
Prints each level's turn latency, the patients turned away, and the largest level served at
p95 <= 1 s with every patient finished. Exit status 1 when a finished screening had the wrong
outcome, or a patient was turned away mid-screening.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import secrets
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, replace
from pathlib import Path

import httpx

from bot.bench.load import GatewayTarget, LevelResult, run_level
from bot.bench.run import ELIGIBLE_SCRIPT, NO_LIMITS, outcomes, parse_levels, web_sender
from bot.startup.processes import free_port
from bot.startup.settings import ROOT, load_settings

DEFAULT_LEVELS = "10,25,50,100,150,200"
TARGET_P95_MS = 1000.0
READY_TIMEOUT_S = 900.0  # the launcher trains first when models/ is out of date
BENCH_DATABASE = "nct06561607_bench"


@dataclass(frozen=True)
class Launched:
    """The launcher's process and where to reach what it started."""

    process: subprocess.Popen[bytes]
    gateway_url: str
    env: dict[str, str]


def launcher_env(layout: str, var_dir: Path) -> dict[str, str]:
    """Free ports, a var/ of its own, no rate limits, no Telegram; the cluster on a bench database."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "WECHAT_"))}
    env.update(NO_LIMITS)
    env.update(
        VAR_DIR=str(var_dir),
        RASA_PORT=str(free_port()),
        ACTIONS_PORT=str(free_port()),
        GATEWAY_PORT=str(free_port()),
        RASA_API_TOKEN=secrets.token_hex(16),
        TF_CPP_MIN_LOG_LEVEL="3",
        SQLALCHEMY_SILENCE_UBER_WARNING="1",
    )
    env.pop("DATABASE_URL", None)
    env.pop("RASA_URLS", None)
    if layout == "cluster":
        env.update(
            CLUSTER_DATABASE_URL=f"postgresql://postgres@127.0.0.1:5432/{BENCH_DATABASE}",
            REDIS_KEY_PREFIX="nct06561607bench",
        )
    return env


def launch(layout: str, var_dir: Path) -> Launched:
    """Start `python -m bot.startup.launcher run|cluster` in its own process group, logging to var_dir."""
    env = launcher_env(layout, var_dir)
    log = (var_dir / "launcher.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "bot.startup.launcher", layout],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    return Launched(process, f"http://127.0.0.1:{env['GATEWAY_PORT']}", env)


def wait_ready(launched: Launched, timeout_s: float = READY_TIMEOUT_S) -> None:
    """Until /readyz answers 200 (Rasa, the action server and the database up)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if launched.process.poll() is not None:
            raise RuntimeError(f"the launcher exited with status {launched.process.returncode}")
        try:
            if httpx.get(f"{launched.gateway_url}/readyz", timeout=5).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(2)
    raise RuntimeError(f"the bot was not ready within {timeout_s:.0f} s")


def stop(launched: Launched) -> None:
    """SIGTERM to the launcher's group (it stops its children), SIGKILL after 30 s."""
    try:
        os.killpg(launched.process.pid, signal.SIGTERM)
        launched.process.wait(30)
    except ProcessLookupError:
        return
    except subprocess.TimeoutExpired:
        os.killpg(launched.process.pid, signal.SIGKILL)
        launched.process.wait(10)


def drop_bench_database() -> None:
    """Remove the cluster bench's database (best effort: it holds only simulated patients)."""
    from sqlalchemy import create_engine, text

    engine = create_engine("postgresql://postgres@127.0.0.1:5432/postgres", isolation_level="AUTOCOMMIT", future=True)
    try:
        with engine.connect() as connection:
            connection.execute(text(f"DROP DATABASE IF EXISTS {BENCH_DATABASE} WITH (FORCE)"))
    finally:
        engine.dispose()


def served_at_target(results: list[LevelResult], target_ms: float = TARGET_P95_MS) -> int:
    """The largest level whose p95 was within the target with every patient finished (0 if none)."""
    good = [
        r.concurrency
        for r in results
        if r.percentile_ms(0.95) <= target_ms and len(r.conversations) == r.concurrency and not r.errors
    ]
    return max(good, default=0)


def paced_table(results: list[LevelResult]) -> list[str]:
    """One row per level: patients, finished, turns, errors, turned away, latencies."""
    lines = [
        f"{'patients':>8} {'finished':>8} {'turns':>6} {'errors':>6} {'busy new':>8} {'busy mid':>8} "
        f"{'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}"
    ]
    for r in results:
        p50, p95, p99 = (r.percentile_ms(share) for share in (0.5, 0.95, 0.99))
        lines.append(
            f"{r.concurrency:>8} {len(r.conversations):>8} {r.turns:>6} {r.errors:>6} {r.refused_new:>8} "
            f"{r.refused_mid:>8} {p50:>8.1f} {p95:>8.1f} {p99:>8.1f}"
        )
    return lines


async def _levels(launched: Launched, levels: list[int], think_s: float) -> tuple[list[LevelResult], int]:
    """Each level in turn (a warm-up patient first); returns the results and the wrong outcomes."""
    gateway = GatewayTarget(launched.gateway_url)
    settings = replace(  # only for the tracker API: the launched bot's Rasa port and token
        load_settings(), rasa_port=int(launched.env["RASA_PORT"]), rasa_api_token=launched.env["RASA_API_TOKEN"]
    )
    await run_level(gateway, ELIGIBLE_SCRIPT, 1, 1)
    results, wrong = [], 0
    for level in levels:
        result = await run_level(gateway, ELIGIBLE_SCRIPT, level, level, think_s=think_s)
        print(f"{level} patients: p95 {result.percentile_ms(0.95):.0f} ms", file=sys.stderr, flush=True)
        found = await outcomes(settings, [web_sender(s) for s in result.conversations])
        wrong += sum(count for outcome, count in found.items() if outcome != "likely_eligible")
        results.append(result)
    return results, wrong


def main(argv: list[str] | None = None) -> int:
    """Launch the bot, run the paced levels, print the table and the figure; stop the bot."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--layout", choices=("run", "cluster"), default=os.environ.get("BENCH_LAYOUT", "run"))
    parser.add_argument("--levels", default=os.environ.get("BENCH_PACED_LEVELS", DEFAULT_LEVELS))
    parser.add_argument("--think", type=float, default=float(os.environ.get("BENCH_THINK_S", "3")))
    args = parser.parse_args(argv)
    levels = parse_levels(args.levels)
    with tempfile.TemporaryDirectory() as tmp:
        launched = launch(args.layout, Path(tmp))
        try:
            wait_ready(launched)
            results, wrong = asyncio.run(_levels(launched, levels, args.think))
        finally:
            stop(launched)
            if args.layout == "cluster":
                drop_bench_database()
    command = "make run" if args.layout == "run" else "make run-cluster"
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"layout: {command}; admission control on (defaults); think time about {args.think:g} s per message")
    print(f"messages per patient: {len(ELIGIBLE_SCRIPT)} (an eligible screening in free text)")
    print("\n".join(paced_table(results)))
    print(f"wrong outcomes among finished screenings: {wrong}")
    served = served_at_target(results)
    print(f"patients served at p95 <= {TARGET_P95_MS:.0f} ms ({command}): {served} (largest level run within it)")
    return 0 if wrong == 0 and not any(r.refused_mid for r in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
