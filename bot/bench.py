"""`make bench`: training time, per-turn latency, turns per screening, peak memory.

Trains the model from scratch into a temporary folder (with the real config),
starts the real Rasa and action servers on free loopback ports, and drives
scripted screenings one patient at a time over the REST channel.
"""

from __future__ import annotations

import argparse
import os
import platform
import socket
import statistics
import tempfile
import time
import uuid
from dataclasses import replace
from pathlib import Path

import requests

from bot.processes import Server, start_action_server, start_rasa_server, train
from bot.settings import Settings, load_settings

# An eligible patient answering in free text, one message per turn.
ELIGIBLE_SCRIPT = (
    "hi", "yes", "1+", "never", "no", "ER positive", "it spread to my liver", "yes it grew", "I'm 54",
    "I can do light housework", "none", "none of these", "no", "none", "yes",
)  # fmt: skip


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def peak_rss_mib(server: Server) -> float:
    """Peak resident memory (VmHWM) of a server process, in MiB."""
    for line in Path(f"/proc/{server.process.pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def percentile(values: list[float], share: float) -> float:
    """The value below which `share` of the values fall (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def screen_once(settings: Settings, latencies: list[float]) -> tuple[int, str]:
    """One scripted eligible screening; returns (patient turns, outcome)."""
    sender = f"bench-{uuid.uuid4().hex[:10]}"
    url = f"{settings.rasa_url}/webhooks/rest/webhook"
    with requests.Session() as http:
        for message in ELIGIBLE_SCRIPT:
            started = time.perf_counter()
            reply = http.post(url, json={"sender": sender, "message": message}, timeout=60)
            latencies.append((time.perf_counter() - started) * 1000)
            reply.raise_for_status()
        tracker = http.get(
            f"{settings.rasa_url}/conversations/{sender}/tracker",
            params={"token": settings.rasa_api_token},
            timeout=30,
        ).json()
    return len(ELIGIBLE_SCRIPT), str(tracker["slots"]["screening_outcome"])


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--screenings", type=int, default=20, help="scripted screenings to run (default 20)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        base = load_settings()
        settings = replace(
            base,
            rasa_port=_free_port(),
            actions_port=_free_port(),
            var_dir=Path(tmp),
            tracker_db=Path(tmp) / "tracker.db",
        )
        started = time.perf_counter()
        model = train(
            settings, out=Path(tmp) / "models", extra_env={"RASA_CACHE_DIRECTORY": str(Path(tmp) / "cache")}, force=True
        )
        training_s = time.perf_counter() - started
        actions = start_action_server(settings, Path(tmp) / "actions.log")
        rasa = start_rasa_server(settings, model, Path(tmp) / "rasa.log")
        try:
            actions.wait_ready()
            rasa.wait_ready()
            screen_once(settings, [])  # warm-up, not counted
            latencies: list[float] = []
            results = [screen_once(settings, latencies) for _ in range(args.screenings)]
            rasa_mib, actions_mib = peak_rss_mib(rasa), peak_rss_mib(actions)
        finally:
            rasa.stop()
            actions.stop()
    outcomes = {outcome for _turns, outcome in results}
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"training (real config.yml, from scratch): {training_s:.1f} s")
    print(f"screenings: {len(results)} (one patient at a time), outcome(s): {', '.join(sorted(outcomes))}")
    print(f"patient turns per eligible screening: {results[0][0]}")
    print(
        f"turn latency over {len(latencies)} turns: p50 {statistics.median(latencies):.1f} ms, "
        f"p95 {percentile(latencies, 0.95):.1f} ms, max {max(latencies):.1f} ms"
    )
    print(f"peak memory: Rasa server {rasa_mib:.0f} MiB, action server {actions_mib:.0f} MiB")
    return 0 if outcomes == {"likely_eligible"} else 1


if __name__ == "__main__":
    raise SystemExit(main())
