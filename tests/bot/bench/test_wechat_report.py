"""The WeChat bench's figures: percentiles, the table, the targets, and lost and duplicated replies counted."""

from __future__ import annotations

import math

import pytest

from bot.bench.wechat_report import WeChatLevel, cpu_lines, level_table, passed, probe_lines, summary, tally, targets


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([], (math.nan,) * 4),  # nothing measured: NaN, not zero
        ([7.0], (7.0, 7.0, 7.0, 7.0)),  # one value is every percentile
        (list(range(1, 101)), (50, 95, 99, 100)),  # nearest rank on 1..100
        ([5.0, 1.0, 3.0, 2.0, 4.0], (3.0, 5.0, 5.0, 5.0)),  # unsorted input
        ([10.0] * 99 + [4000.0], (10.0, 10.0, 10.0, 4000.0)),  # one slow ack is the max, not the p99 of 100
        ([10.0] * 98 + [4000.0, 6000.0], (10.0, 10.0, 4000.0, 6000.0)),  # two are: the p99 shows it
    ],
)
def test_summary_is_nearest_rank_percentiles_and_the_max(values: list[float], expected: tuple[float, ...]) -> None:
    got = summary(values)
    assert all((math.isnan(a) and math.isnan(b)) or a == b for a, b in zip(got, expected, strict=True)), got


def level(
    concurrency: int,
    acks: list[float],
    replies: list[float] | None = None,
    seconds: float = 0.0,
    load: tuple[float, float] = (1.0, 1.0),
) -> WeChatLevel:
    """Every follower finished, with these acks and replies (ms)."""
    return WeChatLevel(concurrency, concurrency, concurrency, acks, replies or [], seconds=seconds, load=load)


def test_the_table_has_a_row_per_level_with_its_figures() -> None:
    fifty = level(50, [20.0] * 99 + [900.0], [300.0] * 50, seconds=10.0, load=(3.5, 4.25))
    fifty.lost = 1
    header, one, row = level_table([level(1, [5.0]), fifty])
    assert header.split()[:4] == ["level", "follow", "done", "calls"]
    fields = row.split()
    assert fields[:4] == ["50", "50", "50", "100"]
    assert fields[4:8] == ["20", "20", "20", "900"]  # ack p50 p95 p99 max
    assert fields[8:12] == ["300", "300", "300", "300"]  # reply
    assert fields[12:17] == ["1", "0", "0", "0", "5.0"]  # lost, duplicated, refused, over 5 s, turns/s
    assert fields[17] == "3.5-4.2"
    assert one.split()[0] == "1" and "nan" in one  # no replies measured at that level: shown as nan


def test_an_ack_over_five_seconds_is_late_and_misses_the_targets() -> None:
    slow = level(50, [100.0] * 97 + [1500.0, 5200.0, 6000.0])
    assert slow.late_acks == 2
    lines = targets([slow])
    assert "MISSED 50 at once, callback-to-ack p99 1 s or less: 5200 ms" in lines[0]
    assert any(line.strip().startswith("MISSED every callback acknowledged within 5 s: 2") for line in lines)
    assert not passed([slow])


def test_fast_acks_and_every_reply_once_meet_every_target() -> None:
    levels = [level(1, [30.0] * 15), level(50, [80.0] * 749 + [950.0])]
    lines = targets(levels)
    assert lines[0].strip() == "met    50 at once, callback-to-ack p99 1 s or less: 80 ms"
    assert all(line.strip().startswith("met") for line in lines) and passed(levels)


@pytest.mark.parametrize(
    ("field", "value", "target"),
    [
        ("lost", 1, "no reply lost or duplicated"),
        ("duplicated", 2, "no reply lost or duplicated"),
        ("refused", 1, "every callback acknowledged within 5 s"),
        ("finished", 49, "every follower finished the screening"),
    ],
)
def test_a_lost_duplicated_refused_or_unfinished_follower_fails_the_bench(field: str, value: int, target: str) -> None:
    result = level(50, [10.0] * 50)
    setattr(result, field, value)
    assert any(line.strip().startswith(f"MISSED {target}") for line in targets([result]))
    assert not passed([result])


def test_cpu_lines_give_seconds_and_milliseconds_per_turn() -> None:
    result = level(10, [1.0], [1.0] * 200)
    result.cpu_s = {"Rasa server": 4.0, "gateway": 0.5}
    assert cpu_lines([result]) == ["   10  CPU: Rasa server 4.0 s (20 ms/turn), gateway 0.5 s (2 ms/turn)"]


def test_tally_counts_each_reply_missing_or_extra_against_the_lone_follower() -> None:
    expected = [["您好", "语言"], ["问题 1"], ["问题 2"]]
    received = {
        "a": ["您好", "语言", "问题 1", "问题 2"],  # all of it, once
        "b": ["您好", "问题 1", "问题 1"],  # "语言" lost, "问题 1" twice
        "c": ["您好", "语言"],  # stopped after its first step: nothing owed after it
        "d": ["您好", "语言", "问题 2"],  # a wrong text: "问题 1" lost and "问题 2" one too many
    }
    result = WeChatLevel(4)
    tally(received, expected, {"a": 3, "b": 2, "c": 1, "d": 2}, result)
    assert (result.lost, result.duplicated) == (2, 2)


def test_probe_lines_show_each_process_p50_p99_and_max() -> None:
    result = level(50, [1.0])
    result.probes_ms = {"gateway": [2.0] * 99 + [40.0], "WeChat process": [3.0] * 98 + [700.0, 900.0]}
    assert probe_lines([result]) == ["   50  p50/p99/max: gateway 2/2/40, WeChat process 3/700/900"]
    assert probe_lines([level(1, [1.0])]) == []  # nothing probed: no line
