"""The bench's printed figures: one table of levels (ours, stock, ratio) and the issue's targets."""

from __future__ import annotations

from bot.bench.load import LevelResult

HEADER = (
    f"{'level':>5}  {'bot':<8} {'convs':>5} {'turns':>6} {'errors':>6} "
    f"{'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'turns/s':>8}"
)
SHARES = (0.50, 0.95, 0.99)


def _row(level: int, bot: str, result: LevelResult) -> str:
    p50, p95, p99 = (result.percentile_ms(share) for share in SHARES)
    finished = len(result.conversations)
    return (
        f"{level:>5}  {bot:<8} {finished:>5} {result.turns:>6} {result.errors:>6} "
        f"{p50:>8.1f} {p95:>8.1f} {p99:>8.1f} {result.throughput:>8.1f}"
    )


def _ratio(ours: float, stock: float) -> float:
    return ours / stock if stock else float("nan")


def ratio_row(level: int, ours: LevelResult, stock: LevelResult, label: str = "ratio") -> str:
    """Ours divided by stock: latencies (lower is better) and throughput (higher is better)."""
    p50, p95, p99 = (_ratio(ours.percentile_ms(s), stock.percentile_ms(s)) for s in SHARES)
    return (
        f"{level:>5}  {label:<8} {'':>5} {'':>6} {'':>6} "
        f"{p50:>7.2f}x {p95:>7.2f}x {p99:>7.2f}x {_ratio(ours.throughput, stock.throughput):>7.2f}x"
    )


def level_table(
    levels: list[tuple[LevelResult, LevelResult]],
    direct: dict[int, LevelResult] | None = None,
    chinese: dict[int, LevelResult] | None = None,
) -> list[str]:
    """The table: for each level, ours (straight to Rasa and in Chinese, if measured), stock, and ours/stock."""
    lines = [HEADER]
    for ours, stock in levels:
        level = ours.concurrency
        lines.append(_row(level, "ours", ours))
        if direct and level in direct:
            lines.append(_row(level, "direct", direct[level]))
        if chinese and level in chinese:
            lines.append(_row(level, "ours-zh", chinese[level]))
        lines += [_row(stock.concurrency, "stock", stock), ratio_row(level, ours, stock)]
        if chinese and level in chinese:
            lines.append(ratio_row(level, chinese[level], stock, "ratio-zh"))
    return lines


def cpu_lines(levels: list[tuple[LevelResult, LevelResult]]) -> list[str]:
    """CPU time per successful turn, per server process and in all, ours and stock, at each level."""

    def spent(result: LevelResult) -> str:
        parts = ", ".join(f"{name} {ms:.1f}" for name, ms in result.cpu_ms_per_turn.items())
        return f"{parts} (all {sum(result.cpu_ms_per_turn.values()):.1f})"

    lines = ["CPU ms per turn (user + system, per process):"]
    for ours, stock in levels:
        if ours.cpu_ms_per_turn or stock.cpu_ms_per_turn:
            lines.append(f"{ours.concurrency:>5}  ours: {spent(ours)}; stock: {spent(stock)}")
    return lines if len(lines) > 1 else []


def targets(
    levels: dict[int, tuple[LevelResult, LevelResult]], chinese: dict[int, LevelResult] | None = None
) -> list[str]:
    """The targets of issues 7 and 15 (Chinese beside English), each met or missed (or not measured)."""
    lines = []
    chinese = chinese or {}

    def check(name: str, ok: bool, figure: str) -> None:
        lines.append(f"  {'met   ' if ok else 'MISSED'} {name}: {figure}")

    def against_stock(label: str, ours: LevelResult, stock: LevelResult) -> None:
        throughput = _ratio(ours.throughput, stock.throughput)
        p95 = _ratio(ours.percentile_ms(0.95), stock.percentile_ms(0.95))
        check(f"50 at once{label}, throughput at least 0.9x stock", throughput >= 0.9, f"{throughput:.2f}x")
        check(f"50 at once{label}, p95 at most 1.5x stock", p95 <= 1.5, f"{p95:.2f}x")

    if 1 in levels:
        p50 = levels[1][0].percentile_ms(0.5)
        check("one patient, p50 60 ms or less", p50 <= 60, f"{p50:.1f} ms")
        if 1 in chinese:
            zh = _ratio(chinese[1].percentile_ms(0.5), p50)
            check("one Chinese patient, p50 at most 1.2x English", zh <= 1.2, f"{zh:.2f}x")
    if 50 in levels:
        ours, stock = levels[50]
        against_stock("", ours, stock)
        if 50 in chinese:
            against_stock(" in Chinese", chinese[50], stock)
    if 200 in levels:
        errors = levels[200][0].errors + (chinese[200].errors if 200 in chinese else 0)
        check("200 at once, no errors", errors == 0, f"{errors} error(s)")
    return lines or ["  (none at these levels: run 1, 50 and 200)"]


def refusal_lines(levels: list[LevelResult]) -> list[str]:
    """Patients turned away by admission control ("busy, come back later") and client time-outs, per level."""
    return [
        f"{result.concurrency:>5}  turned away: {result.refused_new} new patient(s) told busy, "
        f"{result.refused_mid} mid-screening; client time-outs: {result.timeouts}"
        for result in levels
        if result.refused_new or result.refused_mid or result.timeouts
    ]
