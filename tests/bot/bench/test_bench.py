"""The load generator and the bench's report, against fake servers (httpx.MockTransport)."""

from __future__ import annotations

import asyncio
import json
import math
import subprocess
import sys

import httpx
import pytest

from bot.bench.load import GatewayTarget, LevelResult, RestTarget, percentile, run_level
from bot.bench.report import cpu_lines, level_table, targets
from bot.bench.run import ELIGIBLE_SCRIPT, ELIGIBLE_SCRIPT_ZH, parse_levels
from bot.bench.stock import STOCK_SCRIPT
from bot.startup.processes import Server

SCRIPT = ("hi", "yes", "1+")


class FakeGateway:
    """Answers /api/session and /api/chat; counts conversations in flight; can fail one message."""

    def __init__(self, fail_on: str | None = None) -> None:
        self.fail_on = fail_on
        self.sessions = 0
        self.in_flight = 0
        self.most_in_flight = 0
        self.said: list[tuple[str, str]] = []

    async def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/api/session":
            self.sessions += 1
            return httpx.Response(201, json={"session": f"s{self.sessions}.sig"})
        body = json.loads(request.content)
        self.in_flight += 1
        self.most_in_flight = max(self.most_in_flight, self.in_flight)
        await asyncio.sleep(0.001)
        self.in_flight -= 1
        self.said.append((body["session"], body["message"]))
        if body["message"] == self.fail_on:
            return httpx.Response(503, json={"error": "the assistant is unavailable", "messages": []})
        return httpx.Response(200, json={"messages": [{"text": "ok", "buttons": []}]})


async def test_every_conversation_sends_the_whole_script_in_order_and_concurrency_is_bounded() -> None:
    fake = FakeGateway()
    result = await run_level(GatewayTarget("http://gw"), SCRIPT, 4, 10, httpx.MockTransport(fake))
    assert fake.sessions == 10 and len(result.conversations) == 10
    assert result.turns == 30 and result.errors == 0
    assert 1 < fake.most_in_flight <= 4  # several at once, never more than the level
    for session in result.conversations:
        assert [m for s, m in fake.said if s == session] == list(SCRIPT)
    assert result.throughput > 0


async def test_a_failed_turn_is_an_error_and_ends_that_conversation() -> None:
    fake = FakeGateway(fail_on="yes")
    result = await run_level(GatewayTarget("http://gw"), SCRIPT, 2, 3, httpx.MockTransport(fake))
    assert result.errors == 3 and result.conversations == [] and result.answered == 3
    assert result.turns == 6  # "hi" and the failed "yes" of each; "1+" never sent
    assert "1+" not in [m for _, m in fake.said]


async def test_the_rest_target_sends_one_sender_per_conversation_and_accepts_an_empty_reply() -> None:
    senders: set[str] = set()

    def rasa(request: httpx.Request) -> httpx.Response:
        assert request.url.path == "/webhooks/rest/webhook"
        senders.add(json.loads(request.content)["sender"])
        return httpx.Response(200, json=[])  # the stock bot may say nothing: not an error

    result = await run_level(RestTarget("http://rasa"), SCRIPT, 3, 5, httpx.MockTransport(rasa))
    assert len(senders) == 5 and result.errors == 0 and result.turns == 15


async def test_a_refused_connection_is_an_error_not_a_crash() -> None:
    def down(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    result = await run_level(RestTarget("http://rasa"), SCRIPT, 2, 2, httpx.MockTransport(down))
    assert result.errors == 2 and result.turns == 2


@pytest.mark.parametrize(
    ("share", "expected"),
    [(0.5, 50.0), (0.95, 95.0), (0.99, 99.0), (1.0, 100.0), (0.0, 1.0)],  # nearest rank on 1..100
)
def test_percentile(share: float, expected: float) -> None:
    assert percentile([float(v) for v in range(100, 0, -1)], share) == expected


@pytest.mark.parametrize(
    ("value", "levels"),
    [("1,10,50,200", [1, 10, 50, 200]), ("1, 10", [1, 10]), ("7", [7])],
)
def test_levels(value: str, levels: list[int]) -> None:
    assert parse_levels(value) == levels


@pytest.mark.parametrize("value", ["", "0", "1,1000", "ten"])
def test_levels_out_of_bounds_are_refused(value: str) -> None:
    with pytest.raises(ValueError):
        parse_levels(value)


def test_both_scripts_have_the_same_number_of_turns() -> None:
    assert len(ELIGIBLE_SCRIPT) == len(STOCK_SCRIPT) == 15


def level(concurrency: int, latency_ms: float, seconds: float, errors: int = 0) -> LevelResult:
    return LevelResult(concurrency, [latency_ms] * 100, errors, 100 - errors, seconds, ["c"] * 10)


def test_the_table_shows_ours_stock_and_the_ratio() -> None:
    lines = level_table([(level(50, 300.0, 10.0), level(50, 200.0, 8.0))])
    assert lines[1].split() == ["50", "ours", "10", "100", "0", "300.0", "300.0", "300.0", "10.0"]
    assert lines[2].split() == ["50", "stock", "10", "100", "0", "200.0", "200.0", "200.0", "12.5"]
    assert lines[3].split() == ["50", "ratio", "1.50x", "1.50x", "1.50x", "0.80x"]


def test_targets_are_met_or_missed() -> None:
    report = targets(
        {
            1: (level(1, 55.0, 1.0), level(1, 20.0, 1.0)),
            50: (level(50, 300.0, 10.0), level(50, 250.0, 10.5)),
            200: (level(200, 900.0, 40.0, errors=2), level(200, 800.0, 40.0)),
        }
    )
    assert report == [
        "  met    one patient, p50 60 ms or less: 55.0 ms",
        "  met    50 at once, throughput at least 0.9x stock: 1.05x",
        "  met    50 at once, p95 at most 1.5x stock: 1.20x",
        "  MISSED 200 at once, no errors: 2 error(s)",
    ]


def test_the_table_shows_ours_straight_to_rasa_when_measured() -> None:
    lines = level_table([(level(10, 300.0, 10.0), level(10, 200.0, 8.0))], {10: level(10, 250.0, 9.0)})
    assert [line.split()[1] for line in lines[1:]] == ["ours", "direct", "stock", "ratio"]
    assert lines[2].split()[5] == "250.0"


def test_cpu_per_turn_is_shown_per_process_and_in_all() -> None:
    ours, stock = level(50, 100, 10), level(50, 50, 10)
    ours.cpu_ms_per_turn = {"Rasa server": 20.0, "action server": 5.5}
    stock.cpu_ms_per_turn = {"stock Rasa server": 12.0}
    assert cpu_lines([(ours, stock)]) == [
        "CPU ms per turn (user + system, per process):",
        "   50  ours: Rasa server 20.0, action server 5.5 (all 25.5); stock: stock Rasa server 12.0 (all 12.0)",
    ]
    assert cpu_lines([(level(1, 1, 1), level(1, 1, 1))]) == []  # not measured: nothing printed


def test_a_servers_cpu_time_grows_as_it_works() -> None:
    busy = "import time\nend = time.process_time() + 0.3\nwhile time.process_time() < end: pass\ntime.sleep(30)"
    server = Server("busy", subprocess.Popen([sys.executable, "-c", busy], start_new_session=True), "")
    try:
        for _ in range(50):  # at most 5 s
            if server.cpu_seconds() >= 0.25:
                break
            subprocess.run(["sleep", "0.1"], check=True)
        assert 0.25 <= server.cpu_seconds() < 5
    finally:
        server.stop()
    assert math.isnan(server.cpu_seconds())  # once it is gone


class BusyGateway(FakeGateway):
    """Turns a conversation away ("busy", 503 with Retry-After) at a given message of it."""

    def __init__(self, busy_on: str) -> None:
        super().__init__()
        self.busy_on = busy_on

    async def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/api/chat" and json.loads(request.content)["message"] == self.busy_on:
            body = {"error": "the assistant is busy", "messages": [{"text": "busy, come back later"}]}
            return httpx.Response(503, json=body, headers={"Retry-After": "120"})
        return await super().__call__(request)


async def test_a_patient_told_busy_at_the_first_message_is_refused_not_an_error() -> None:
    result = await run_level(GatewayTarget("http://gw"), SCRIPT, 2, 3, httpx.MockTransport(BusyGateway("hi")))
    assert (result.refused_new, result.refused_mid, result.errors, result.turns) == (3, 0, 0, 0)
    assert result.conversations == []


async def test_a_patient_told_busy_mid_screening_is_counted_apart() -> None:
    result = await run_level(GatewayTarget("http://gw"), SCRIPT, 2, 2, httpx.MockTransport(BusyGateway("1+")))
    assert (result.refused_new, result.refused_mid, result.errors) == (0, 2, 0)
    assert result.answered == 4  # "hi" and "yes" of both, then turned away


async def test_an_unavailable_gateway_without_retry_after_is_an_error_not_busy() -> None:
    result = await run_level(GatewayTarget("http://gw"), SCRIPT, 1, 1, httpx.MockTransport(FakeGateway("hi")))
    assert (result.errors, result.refused_new) == (1, 0)


async def test_a_client_time_out_is_counted() -> None:
    def slow(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("slow", request=request)

    result = await run_level(RestTarget("http://rasa"), SCRIPT, 1, 1, httpx.MockTransport(slow))
    assert (result.timeouts, result.errors) == (1, 1)


def test_paced_waits_are_spread_around_the_think_time() -> None:
    from bot.bench.load import Pace

    pace = Pace(3.0)
    firsts = [pace.wait_s(first=True) for _ in range(200)]
    laters = [pace.wait_s(first=False) for _ in range(200)]
    assert all(0 <= w <= 3.0 for w in firsts) and max(firsts) - min(firsts) > 2
    assert all(1.5 <= w <= 4.5 for w in laters) and 2.5 < sum(laters) / len(laters) < 3.5
    assert Pace(0).wait_s(first=False) == 0.0


async def test_a_paced_level_takes_about_the_think_times() -> None:
    fake = FakeGateway()
    started = asyncio.get_running_loop().time()
    result = await run_level(GatewayTarget("http://gw"), SCRIPT, 3, 3, httpx.MockTransport(fake), think_s=0.05)
    elapsed = asyncio.get_running_loop().time() - started
    assert len(result.conversations) == 3 and result.errors == 0
    assert elapsed >= 0.05  # two thinking pauses of at least 0.025 s each, after a first of up to 0.05 s


def test_patients_served_at_the_target_is_the_largest_level_within_it_with_all_finished() -> None:
    from bot.bench.paced import paced_table, served_at_target

    def paced(level: int, p95_ms: float, finished: int | None = None) -> LevelResult:
        done = level if finished is None else finished
        return LevelResult(level, [p95_ms] * 20, 0, 20, 10.0, ["c"] * done)

    results = [paced(10, 120.0), paced(50, 640.0), paced(100, 1400.0), paced(150, 900.0, finished=140)]
    assert served_at_target(results) == 50  # 100 is too slow; 150 left patients unfinished
    assert served_at_target([paced(10, 2000.0)]) == 0
    table = paced_table(results)
    assert table[0].split()[:2] == ["patients", "finished"] and table[2].split()[:2] == ["50", "50"]


def test_the_refusal_lines_name_new_and_mid_screening_patients() -> None:
    from bot.bench.report import refusal_lines

    busy = LevelResult(200, [], 0, 0, 1.0, [], refused_new=37)
    assert refusal_lines([busy, level(50, 1.0, 1.0)]) == [
        "  200  turned away: 37 new patient(s) told busy, 0 mid-screening; client time-outs: 0"
    ]


def test_the_paced_launcher_environment_has_no_rate_limit_and_no_telegram(tmp_path, monkeypatch) -> None:
    from bot.bench.paced import launcher_env

    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123:abc")
    env = launcher_env("cluster", tmp_path)
    assert "TELEGRAM_BOT_TOKEN" not in env and env["VAR_DIR"] == str(tmp_path)
    assert env["RATE_ADDRESS_BURST"] == "1000000" and "GATEWAY_MAX_IN_FLIGHT" not in env
    assert env["CLUSTER_DATABASE_URL"].endswith("/nct06561607_bench")
    assert len({env["RASA_PORT"], env["ACTIONS_PORT"], env["GATEWAY_PORT"]}) == 3


def test_the_chinese_script_is_the_same_screening_in_chinese() -> None:
    assert len(ELIGIBLE_SCRIPT_ZH) == len(ELIGIBLE_SCRIPT)
    chinese = [m for m in ELIGIBLE_SCRIPT_ZH if any("\u4e00" <= ch <= "\u9fff" for ch in m)]
    assert chinese[0] == ELIGIBLE_SCRIPT_ZH[0] and len(chinese) == len(ELIGIBLE_SCRIPT_ZH) - 1  # all but "HER2（1+）"


def test_the_table_shows_chinese_patients_and_their_ratio_to_stock() -> None:
    lines = level_table([(level(50, 300.0, 10.0), level(50, 200.0, 8.0))], chinese={50: level(50, 400.0, 12.0)})
    assert [line.split()[1] for line in lines[1:]] == ["ours", "ours-zh", "stock", "ratio", "ratio-zh"]
    assert lines[5].split() == ["50", "ratio-zh", "2.00x", "2.00x", "2.00x", "0.67x"]


def test_chinese_targets_are_set_against_english_and_stock() -> None:
    levels = {1: (level(1, 50.0, 1.0), level(1, 20.0, 1.0)), 50: (level(50, 300.0, 10.0), level(50, 250.0, 10.5))}
    report = targets(levels, {1: level(1, 65.0, 1.0), 50: level(50, 400.0, 13.0)})
    assert "  MISSED one Chinese patient, p50 at most 1.2x English: 1.30x" in report
    assert "  MISSED 50 at once in Chinese, throughput at least 0.9x stock: 0.81x" in report
    assert "  MISSED 50 at once in Chinese, p95 at most 1.5x stock: 1.60x" in report
