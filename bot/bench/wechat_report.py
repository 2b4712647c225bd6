"""The WeChat bench's figures: per level, callback-to-ack and message-to-reply latency, lost and duplicated replies.

Pure (no servers, no clock): `bot/bench/wechat.py` fills a `WeChatLevel` per level and prints
`level_table` and `targets`; tests/bot/bench/test_wechat_report.py checks them.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field

from bot.bench.load import percentile

ACK_LIMIT_MS = 5000.0  # WeChat gives a callback 5 seconds, then tries it again
ACK_P99_TARGET_MS = 1000.0  # "well under 5 seconds" (issue 18): a fifth of WeChat's limit
SHARES = (0.50, 0.95, 0.99)


@dataclass
class WeChatLevel:
    """What one level measured: `followers` whole screenings, `concurrency` of them at once."""

    concurrency: int
    followers: int = 0  # followers started
    finished: int = 0  # followers whose every callback was acknowledged and every reply came
    acks_ms: list[float] = field(default_factory=list)  # callback POSTed until `success` came back
    replies_ms: list[float] = field(default_factory=list)  # callback POSTed until the turn's last reply was sent
    refused: int = 0  # callbacks answered with anything but 200 `success` (or no answer at all)
    lost: int = 0  # replies that never reached the customer-service API
    duplicated: int = 0  # replies that reached it more often than the bot sent them
    seconds: float = 0.0
    load: tuple[float, float] = (math.nan, math.nan)  # the machine's 1-minute load average before and after
    cpu_s: dict[str, float] = field(default_factory=dict)  # CPU seconds per server process during the level
    probes_ms: dict[str, list[float]] = field(default_factory=dict)  # per process, its liveness URL's latencies

    @property
    def late_acks(self) -> int:
        """Acknowledgements that took longer than WeChat waits (it would have tried the callback again)."""
        return sum(1 for ms in self.acks_ms if ms > ACK_LIMIT_MS)

    @property
    def throughput(self) -> float:
        """Patient turns answered (every reply in) per second over the level."""
        return len(self.replies_ms) / self.seconds if self.seconds else 0.0


def summary(values: list[float]) -> tuple[float, float, float, float]:
    """p50, p95, p99 (nearest rank) and the largest value; NaN for each when there are none."""
    p50, p95, p99 = (percentile(values, share) for share in SHARES)
    return p50, p95, p99, max(values) if values else math.nan


def tally(
    received: dict[str, list[str]], expected: list[list[str]], steps: dict[str, int], result: WeChatLevel
) -> None:
    """Add each follower's lost and duplicated replies to `result`.

    `received`: the texts each follower was sent; `expected`: what the lone follower was sent
    for each step; `steps`: how many steps each follower had acknowledged. A text missing is
    lost, one too many duplicated (a text that is wrong counts as both).
    """
    for open_id, done in steps.items():
        should = Counter(text for answer in expected[:done] for text in answer)
        got = Counter(received.get(open_id, []))
        result.lost += sum((should - got).values())
        result.duplicated += sum((got - should).values())


HEADER = (
    f"{'level':>5} {'follow':>6} {'done':>5} {'calls':>6} "
    f"{'ack p50':>8} {'p95':>7} {'p99':>7} {'max':>7} "
    f"{'reply p50':>9} {'p95':>7} {'p99':>7} {'max':>7} "
    f"{'lost':>4} {'dup':>4} {'refus':>5} {'>5s':>4} {'turns/s':>7} {'load':>9}"
)


def _ms(values: tuple[float, ...], widths: tuple[int, ...]) -> str:
    return " ".join(f"{value:>{width}.0f}" for value, width in zip(values, widths, strict=True))


def level_row(level: WeChatLevel) -> str:
    """One line of the table (latencies in ms; load: the load average before and after the level)."""
    acks, replies = _ms(summary(level.acks_ms), (8, 7, 7, 7)), _ms(summary(level.replies_ms), (9, 7, 7, 7))
    load = f"{level.load[0]:.1f}-{level.load[1]:.1f}"
    return (
        f"{level.concurrency:>5} {level.followers:>6} {level.finished:>5} {len(level.acks_ms):>6} {acks} {replies} "
        f"{level.lost:>4} {level.duplicated:>4} {level.refused:>5} {level.late_acks:>4} {level.throughput:>7.1f} "
        f"{load:>9}"
    )


def level_table(levels: list[WeChatLevel]) -> list[str]:
    """The header and a row per level."""
    return [HEADER, *(level_row(level) for level in levels)]


def cpu_lines(levels: list[WeChatLevel]) -> list[str]:
    """CPU seconds each server process spent per level, and per patient turn in milliseconds."""
    lines = []
    for level in levels:
        turns = max(len(level.replies_ms), 1)
        parts = ", ".join(f"{name} {s:.1f} s ({1000 * s / turns:.0f} ms/turn)" for name, s in level.cpu_s.items())
        if parts:
            lines.append(f"{level.concurrency:>5}  CPU: {parts}")
    return lines


def probe_lines(levels: list[WeChatLevel]) -> list[str]:
    """Per level and process, how long its liveness URL took: p50, p99 and the largest (a stalled event loop)."""
    lines = []
    for level in levels:
        parts = []
        for name, values in level.probes_ms.items():
            p50, _p95, p99, most = summary(values)
            parts.append(f"{name} {p50:.0f}/{p99:.0f}/{most:.0f}")
        if parts:
            lines.append(f"{level.concurrency:>5}  p50/p99/max: {', '.join(parts)}")
    return lines


def targets(levels: list[WeChatLevel]) -> list[str]:
    """Issue 18's target at 50 at once, and no reply lost or duplicated and no callback refused at any level."""
    lines = []

    def check(name: str, ok: bool, figure: str) -> None:
        lines.append(f"  {'met   ' if ok else 'MISSED'} {name}: {figure}")

    for level in levels:
        if level.concurrency == 50:
            p99 = summary(level.acks_ms)[2]
            check("50 at once, callback-to-ack p99 1 s or less", p99 <= ACK_P99_TARGET_MS, f"{p99:.0f} ms")
    wrong = sum(level.lost + level.duplicated for level in levels)
    check("no reply lost or duplicated", wrong == 0, f"{wrong} reply(ies)")
    refused = sum(level.refused + level.late_acks for level in levels)
    check("every callback acknowledged within 5 s", refused == 0, f"{refused} refused or late")
    unfinished = sum(level.followers - level.finished for level in levels)
    check("every follower finished the screening", unfinished == 0, f"{unfinished} did not")
    return lines


def passed(levels: list[WeChatLevel]) -> bool:
    """True when every target was met (the bench then exits 0)."""
    return not any("MISSED" in line for line in targets(levels))
