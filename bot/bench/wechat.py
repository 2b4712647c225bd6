"""`make bench-wechat`: WeChat followers screening at once, timed from the callback to the ack and to the replies.

Starts the real processes on free loopback ports: the action server, the Rasa server with the
model in models/ (trained first if the data changed), the gateway and the WeChat process, whose
WECHAT_API_BASE is a fake WeChat API (bot/bench/fake_wechat_api.py) served by this process on
127.0.0.1. At each level (BENCH_LEVELS, default 1,10,50 followers at once; at least
--min-followers per level) each follower follows the account (the subscribe event) and goes
through a whole Chinese screening, one signed callback per turn (plain mode; --safe or
BENCH_WECHAT_SAFE=1: encrypted), sending the next once every reply of the last reached the fake.

Measured per level: callback-to-ack (the POST to the gateway's /wechat until its `success`),
message-to-reply (the POST until the turn's last reply reaches the fake customer-service API),
replies lost or duplicated (against what one follower alone was sent, before the levels),
callbacks refused or later than WeChat's 5 s, turns per second, the load average, CPU per
process. Exits non-zero when a target is missed. Every wait is bounded.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import platform
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from wechatpy.crypto import WeChatCrypto

from bot.bench.fake_wechat_api import FakeWeChatApi, Sent
from bot.bench.run import ELIGIBLE_SCRIPT_ZH, bench_settings, outcomes, parse_levels
from bot.bench.wechat_callbacks import ACCOUNT, AES_KEY, APP_ID, APP_SECRET, TOKEN, event_xml, new_open_id, text_xml
from bot.bench.wechat_report import (
    WeChatLevel,
    cpu_lines,
    level_table,
    passed,
    probe_lines,
    summary,
    tally,
    targets,
)
from bot.gateway.process import start_gateway
from bot.startup.processes import Server, free_port, start_action_server, start_rasa_server, train
from bot.startup.settings import Settings
from bot.store.crypto import load_cipher
from bot.wechat.conversations import sender_id
from bot.wechat.process import start_wechat
from bot.wechat.signing import signed_callback

DEFAULT_LEVELS = "1,10,50"
SUBSCRIBE = ""  # the first step: following the account (an event, not a text)
# Follow, consent by its number ("1": 同意，我本人回答), then the eligible Chinese patient of `make bench`.
STEPS = (SUBSCRIBE, "1", *ELIGIBLE_SCRIPT_ZH[2:])
ACK_TIMEOUT_S = 10.0  # WeChat gives up after 5 s; waiting longer shows how late an ack was
REPLY_TIMEOUT_S = 60.0  # a turn whose replies do not all come within this is given up (they count as lost)
PROBE_EVERY_S = 0.2  # how often each process's liveness URL is asked during a level
QUIET_S = 1.5  # the lone follower's turn is over once no reply came for this long
SETTLE_S = 2.0  # after a level, time for late (duplicated) replies to show up


@dataclass
class Wire:
    """What every follower shares: where to post, how to sign, the fake API and a wake-up per follower."""

    url: str
    fake: FakeWeChatApi
    crypto: WeChatCrypto | None = None
    probes: dict[str, str] = field(default_factory=dict)  # process -> a URL it answers at once (its loop's delay)
    _waiting: dict[str, asyncio.Event] = field(default_factory=dict)

    def listen(self, loop: asyncio.AbstractEventLoop) -> None:
        """Wake the follower a message was sent to (the fake calls this from its own thread)."""

        def wake(sent: Sent) -> None:
            event = self._waiting.get(sent.to)
            if event is not None:
                loop.call_soon_threadsafe(event.set)

        self.fake.on_send = wake

    def event(self, open_id: str) -> asyncio.Event:
        """The follower's wake-up."""
        return self._waiting.setdefault(open_id, asyncio.Event())

    async def post(self, client: httpx.AsyncClient, open_id: str, step: str) -> tuple[bool, float]:
        """One signed callback; (acknowledged with `success`, when it was posted: time.monotonic)."""
        xml = event_xml(open_id, "subscribe") if step == SUBSCRIBE else text_xml(open_id, step)
        params, body = signed_callback(TOKEN, xml, self.crypto, ACCOUNT)
        posted = time.monotonic()
        try:
            reply = await client.post(self.url, params=params, content=body, headers={"Content-Type": "text/xml"})
        except httpx.HTTPError:
            return False, posted
        return reply.status_code == 200 and reply.text == "success", posted

    async def replies(self, open_id: str, want: int, timeout: float, quiet_s: float | None = None) -> int:
        """Wait until the follower was sent `want` messages (or, with `quiet_s`, none came for that long)."""
        event, deadline = self.event(open_id), time.monotonic() + timeout
        while (count := self.fake.count_to(open_id)) < want or quiet_s is not None:
            event.clear()
            if self.fake.count_to(open_id) != count:
                continue
            left = deadline - time.monotonic()
            if left <= 0:
                break
            try:
                await asyncio.wait_for(event.wait(), min(left, quiet_s) if quiet_s is not None else left)
            except asyncio.TimeoutError:
                if quiet_s is not None and count >= want:
                    break
        return self.fake.count_to(open_id)


async def calibrate(wire: Wire) -> list[list[str]]:
    """One follower alone, every turn waited out: the texts each step is answered with (the yardstick)."""
    open_id = new_open_id()
    answers: list[list[str]] = []
    async with httpx.AsyncClient(timeout=ACK_TIMEOUT_S) as client:
        for step in STEPS:
            before = wire.fake.count_to(open_id)
            ok, _posted = await wire.post(client, open_id, step)
            if not ok:
                raise RuntimeError(f"the lone follower's callback {len(answers) + 1} was not acknowledged")
            await wire.replies(open_id, before + 1, REPLY_TIMEOUT_S, QUIET_S)
            answers.append(wire.fake.texts_to(open_id)[before:])
            if not answers[-1]:
                raise RuntimeError(f"no reply to the lone follower's step {len(answers)}")
    return answers


async def follower(
    client: httpx.AsyncClient, wire: Wire, expected: list[list[str]], result: WeChatLevel, open_id: str
) -> int:
    """One whole screening; returns how many steps were acknowledged (their replies are what it should get)."""
    done = 0
    for step, answer in zip(STEPS, expected, strict=True):
        before = wire.fake.count_to(open_id)
        ok, posted = await wire.post(client, open_id, step)
        result.acks_ms.append(1000 * (time.monotonic() - posted))
        if not ok:
            result.refused += 1
            return done
        done += 1
        if await wire.replies(open_id, before + len(answer), REPLY_TIMEOUT_S) < before + len(answer):
            return done
        last = wire.fake.sent_to(open_id)[before + len(answer) - 1]
        result.replies_ms.append(1000 * (last.at - posted))
    result.finished += 1
    return done


async def probe(urls: dict[str, str], result: WeChatLevel) -> None:
    """Until cancelled: each process's liveness URL every PROBE_EVERY_S, timed.

    How long a process keeps a request that needs no work waiting: what a callback's ack waits for too.
    """
    async with httpx.AsyncClient(timeout=ACK_TIMEOUT_S) as client:
        while True:
            for name, url in urls.items():
                asked = time.monotonic()
                with contextlib.suppress(httpx.HTTPError):
                    await client.get(url)
                result.probes_ms.setdefault(name, []).append(1000 * (time.monotonic() - asked))
            await asyncio.sleep(PROBE_EVERY_S)


async def run_level(
    wire: Wire, expected: list[list[str]], concurrency: int, followers: int, cpu: Callable[[], dict[str, float]]
) -> tuple[WeChatLevel, list[str]]:
    """`followers` screenings, `concurrency` at any time; the level's figures and the followers' OpenIDs."""
    result = WeChatLevel(concurrency, followers=followers, load=(os.getloadavg()[0], 0.0))
    open_ids = [new_open_id() for _ in range(followers)]
    queue = list(reversed(open_ids))
    steps_done: dict[str, int] = {}
    limits = httpx.Limits(max_connections=concurrency + 5, max_keepalive_connections=concurrency + 5)

    async def worker(client: httpx.AsyncClient) -> None:
        while queue:
            open_id = queue.pop()
            steps_done[open_id] = await follower(client, wire, expected, result, open_id)

    cpu_before, started = cpu(), time.monotonic()
    probing = asyncio.create_task(probe(wire.probes, result))
    async with httpx.AsyncClient(timeout=ACK_TIMEOUT_S, limits=limits) as client:
        await asyncio.gather(*(worker(client) for _ in range(concurrency)))
    result.seconds = time.monotonic() - started
    probing.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await probing
    await asyncio.sleep(SETTLE_S)
    result.cpu_s = {name: seconds - cpu_before[name] for name, seconds in cpu().items()}
    result.load = (result.load[0], os.getloadavg()[0])
    tally({open_id: wire.fake.texts_to(open_id) for open_id in steps_done}, expected, steps_done, result)
    return result, open_ids


def start_servers(
    settings: Settings, folder: Path, fake: FakeWeChatApi, safe: bool, wechat_port: int
) -> dict[str, Server]:
    """The action server, Rasa, the gateway and the WeChat process (its API the fake), all ready."""
    wechat = {
        "WECHAT_APP_ID": APP_ID,
        "WECHAT_APP_SECRET": APP_SECRET,
        "WECHAT_TOKEN": TOKEN,
        "WECHAT_PORT": str(wechat_port),
        "WECHAT_API_BASE": fake.base_url,
        "WECHAT_AES_KEY": AES_KEY if safe else "",
    }
    servers: dict[str, Server] = {}
    try:
        servers["action server"] = start_action_server(settings, folder / "actions.log")
        servers["Rasa server"] = start_rasa_server(settings, train(settings), folder / "rasa.log")
        servers["gateway"] = start_gateway(settings, folder / "gateway.log", wechat)
        servers["WeChat process"] = start_wechat(settings, folder / "wechat.log", wechat)
        for server in servers.values():
            server.wait_ready()
    except BaseException:
        for server in servers.values():
            server.stop()
        raise
    return servers


async def measure(
    settings: Settings, wire: Wire, levels: list[int], least: int, servers: dict[str, Server]
) -> tuple[list[WeChatLevel], list[Counter[str]]]:
    """The lone follower first (warm-up and yardstick), then each level; the figures and the outcomes."""
    wire.listen(asyncio.get_running_loop())
    expected = await calibrate(wire)
    cipher = load_cipher(settings.var_dir)
    results, found = [], []
    for level in levels:
        result, open_ids = await run_level(
            wire, expected, level, max(level, least), lambda: {n: s.cpu_seconds() for n, s in servers.items()}
        )
        ack_p99 = summary(result.acks_ms)[2]
        print(f"level {level}: {result.seconds:.0f} s, ack p99 {ack_p99:.0f} ms", file=sys.stderr, flush=True)
        results.append(result)
        found.append(await outcomes(settings, [sender_id(cipher, open_id) for open_id in open_ids]))
    return results, found


def main(argv: list[str] | None = None) -> int:
    """Start everything, run the levels, print the figures; non-zero when a target is missed."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--levels", default=os.environ.get("BENCH_LEVELS", DEFAULT_LEVELS))
    parser.add_argument("--min-followers", type=int, default=10, help="followers per level at least (default 10)")
    parser.add_argument(
        "--safe",
        action="store_true",
        default=bool(os.environ.get("BENCH_WECHAT_SAFE")),
        help="safe mode: WECHAT_AES_KEY set, every callback encrypted",
    )
    args = parser.parse_args(argv)
    levels = parse_levels(args.levels)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        settings, _stock = bench_settings(folder, None)
        fake = FakeWeChatApi().start()
        try:
            wechat_port = free_port()
            servers = start_servers(settings, folder, fake, args.safe, wechat_port)
            try:
                crypto = WeChatCrypto(TOKEN, AES_KEY, APP_ID) if args.safe else None
                probes = {
                    "gateway": f"http://127.0.0.1:{settings.gateway_port}/livez",
                    "WeChat process": f"http://127.0.0.1:{wechat_port}/healthz",
                }
                wire = Wire(f"http://127.0.0.1:{settings.gateway_port}/wechat", fake, crypto, probes)
                results, found = asyncio.run(measure(settings, wire, levels, args.min_followers, servers))
            finally:
                for server in servers.values():
                    server.stop()
        finally:
            fake.stop()
    mode = "safe (encrypted)" if args.safe else "plain"
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"WeChat {mode} mode; {len(STEPS)} callbacks per follower (follow, consent, a Chinese screening)")
    print("ack: POST to the gateway's /wechat until `success`; reply: until the turn's last reply reached the fake API")
    print("\n".join(level_table(results)))
    print("\n".join(cpu_lines(results)))
    print(f"liveness probes every {PROBE_EVERY_S} s during each level (GET /livez, /healthz), ms:")
    print("\n".join(probe_lines(results)))
    for result, outcome in zip(results, found, strict=True):
        shown = ", ".join(f"{name} {count}" for name, count in sorted(outcome.items()))
        print(f"outcomes at {result.concurrency} at once: {shown}")
    print("targets (issue 18):")
    print("\n".join(targets(results)))
    wrong = sum(count for outcome in found for name, count in outcome.items() if name != "likely_eligible")
    return 0 if passed(results) and wrong == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
