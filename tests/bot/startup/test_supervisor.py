"""The supervisor with a fake clock and fake processes: back-off, crash-loop containment, clean stop."""

from __future__ import annotations

import json
import os
import signal
from pathlib import Path

import pytest

from bot.startup.status import read_status, restarting, will_restart
from bot.startup.supervisor import Supervised, Supervisor, backoff, describe_exit


class Clock:
    """Time that passes only when the test (or the supervisor's sleep) says so."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds


class FakeProcess:
    """A child that runs until told to exit; it may ignore SIGTERM."""

    pids = iter(range(100, 10_000))

    def __init__(self, name: str, ignores_term: bool = False) -> None:
        self.name = name
        self.pid = next(self.pids)
        self.code: int | None = None
        self.ready = False
        self.ignores_term = ignores_term
        self.signals: list[int] = []
        self.closed = False

    def poll(self) -> int | None:
        return self.code

    def is_ready(self) -> bool:
        return self.ready and self.code is None

    def send(self, sig: int) -> None:
        self.signals.append(sig)
        if sig == signal.SIGKILL or not self.ignores_term:
            self.code = -sig

    def close(self) -> None:
        self.closed = True


class Starter:
    """Starts fake processes and remembers them."""

    def __init__(self, name: str, ignores_term: bool = False) -> None:
        self.name = name
        self.ignores_term = ignores_term
        self.started: list[FakeProcess] = []

    def __call__(self) -> FakeProcess:
        self.started.append(FakeProcess(self.name, self.ignores_term))
        return self.started[-1]

    @property
    def current(self) -> FakeProcess:
        return self.started[-1]


def supervisor_of(clock: Clock, tmp_path: Path, *starters: Starter, state: str = "up") -> tuple[Supervisor, list[str]]:
    lines: list[str] = []
    children = [Supervised(s.name, s, s(), state=state) for s in starters]
    for s in starters:
        s.current.ready = state == "up"
    supervisor = Supervisor(
        children, tmp_path / "processes.json", clock=clock, wall=lambda: "T", sleep=clock.sleep, log=lines.append
    )
    return supervisor, lines


def run_for(supervisor: Supervisor, clock: Clock, seconds: float, tick: float = 0.5) -> None:
    end = clock.now + seconds
    while clock.now < end:
        supervisor.step()
        clock.sleep(tick)


def test_backoff_doubles_from_one_second_up_to_thirty() -> None:
    assert [backoff(n) for n in range(1, 9)] == [1, 2, 4, 8, 16, 30, 30, 30]


def test_exit_codes_are_described_with_the_signal_name() -> None:
    assert describe_exit(-9) == "signal 9 (SIGKILL)"
    assert describe_exit(1) == "code 1"


def test_a_killed_child_is_restarted_after_a_second_and_the_others_are_left_alone(tmp_path: Path) -> None:
    clock = Clock()
    notifier, gateway = Starter("notifier"), Starter("gateway")
    supervisor, lines = supervisor_of(clock, tmp_path, notifier, gateway)
    notifier.current.code = -9
    supervisor.step()
    assert lines == ["T notifier exited with signal 9 (SIGKILL); restarting in 1 s"]
    assert read_status(tmp_path / "processes.json")["processes"][0]["state"] == "down"  # type: ignore[index]
    run_for(supervisor, clock, 0.9)
    assert len(notifier.started) == 1  # not before the back-off
    run_for(supervisor, clock, 0.5)
    assert len(notifier.started) == 2 and "started again" in lines[-1]
    notifier.current.ready = True
    supervisor.step()
    assert lines[-1].startswith("T notifier is back (pid")
    status = read_status(tmp_path / "processes.json")
    assert status is not None
    assert status["processes"][0] == {
        "name": "notifier",
        "pid": notifier.current.pid,
        "state": "up",
        "restarts": 1,
        "last_exit_code": -9,
        "last_exit_at": "T",
    }
    assert status["processes"][1]["state"] == "up" and status["processes"][1]["restarts"] == 0
    assert len(gateway.started) == 1 and gateway.current.signals == []
    assert notifier.started[0].closed  # its log file handle is released


def test_exits_in_a_row_back_off_1_2_4_8_16_seconds(tmp_path: Path) -> None:
    clock = Clock()
    actions = Starter("action server")
    supervisor, lines = supervisor_of(clock, tmp_path, actions)
    delays: list[float] = []
    for _ in range(5):
        clock.sleep(20.0)  # up a while, but less than a minute: still the same streak
        actions.current.code = 1
        supervisor.step()
        exited_at = clock.now
        while len(actions.started) == len(delays) + 1:
            clock.sleep(0.25)
            supervisor.step()
        delays.append(clock.now - exited_at)
        actions.current.ready = True
        supervisor.step()
    assert delays == [1, 2, 4, 8, 16]
    assert supervisor.children[0].state == "up"  # 5 exits, but never 5 within 60 s


def test_a_child_up_for_a_minute_starts_the_back_off_anew(tmp_path: Path) -> None:
    clock = Clock()
    actions = Starter("action server")
    supervisor, lines = supervisor_of(clock, tmp_path, actions)
    for _ in range(2):
        actions.current.code = 1
        supervisor.step()
        run_for(supervisor, clock, 5)
        actions.current.ready = True
        supervisor.step()
    assert "restarting in 2 s" in lines[-3]
    run_for(supervisor, clock, 61)
    actions.current.code = 1
    supervisor.step()
    assert lines[-1].endswith("restarting in 1 s")


def test_a_crash_loop_is_marked_failed_and_the_rest_keep_running(tmp_path: Path) -> None:
    clock = Clock()
    rasa, gateway = Starter("rasa server :5005"), Starter("gateway")
    supervisor, lines = supervisor_of(clock, tmp_path, rasa, gateway)
    for _ in range(40):  # rasa dies at once every time it is started
        rasa.current.code = 2
        supervisor.step()
        clock.sleep(0.5)
    assert len(rasa.started) == 5  # the first run and 4 restarts: the 5th exit within 60 s ends it
    assert supervisor.children[0].state == "failed"
    assert lines[-1] == "T rasa server :5005 exited with code 2; 5 exits within 60 s: marked failed, not restarted"
    run_for(supervisor, clock, 120)
    assert len(rasa.started) == 5  # never started again
    assert supervisor.children[1].state == "up" and gateway.current.code is None
    status = read_status(tmp_path / "processes.json")
    assert restarting(status) == []  # failed is not "restarting"
    assert status is not None and status["processes"][0]["state"] == "failed"
    assert not supervisor.all_failed()


def test_a_child_that_dies_while_the_others_still_start_is_started_again(tmp_path: Path) -> None:
    clock = Clock()
    rasa, notifier = Starter("rasa server :5005"), Starter("notifier")
    supervisor, lines = supervisor_of(clock, tmp_path, rasa, notifier, state="starting")
    notifier.current.ready = True
    supervisor.step()
    assert lines == [f"T notifier is up (pid {notifier.current.pid}) after 0.0 s"]
    assert not supervisor.all_up() and restarting(read_status(tmp_path / "processes.json")) == ["rasa server :5005"]
    notifier.current.code = -9  # killed before Rasa is ready: only the notifier is started again
    run_for(supervisor, clock, 1.5)
    assert len(notifier.started) == 2 and len(rasa.started) == 1
    rasa.current.ready = notifier.current.ready = True
    supervisor.step()
    assert supervisor.all_up() and supervisor.is_up("rasa server :5005")


def test_a_start_that_raises_counts_as_an_exit(tmp_path: Path) -> None:
    clock = Clock()
    notifier = Starter("notifier")
    supervisor, lines = supervisor_of(clock, tmp_path, notifier)

    def broken() -> FakeProcess:
        raise OSError("no such file")

    supervisor.children[0].start = broken
    notifier.current.code = 1
    run_for(supervisor, clock, 3)
    assert "T notifier could not be started (OSError)" in lines
    assert lines[-1].endswith("restarting in 2 s")


def test_stop_terminates_all_at_once_and_kills_what_lingers(tmp_path: Path) -> None:
    clock = Clock()
    actions, rasa, gateway = Starter("action server"), Starter("rasa", ignores_term=True), Starter("gateway")
    supervisor, lines = supervisor_of(clock, tmp_path, actions, rasa, gateway)
    began = clock.now
    supervisor.stop_all(grace=8.0)
    assert actions.current.signals == [signal.SIGTERM] and gateway.current.signals == [signal.SIGTERM]
    assert rasa.current.signals == [signal.SIGTERM, signal.SIGKILL]
    assert clock.now - began < 10.0
    assert lines == ["T rasa did not stop within 8 s: killed"]
    status = json.loads((tmp_path / "processes.json").read_text())
    assert [p["state"] for p in status["processes"]] == ["stopped"] * 3
    assert all(s.current.closed for s in (actions, rasa, gateway))


def test_run_stops_when_asked(tmp_path: Path) -> None:
    clock = Clock()
    notifier = Starter("notifier")
    supervisor, _lines = supervisor_of(clock, tmp_path, notifier)
    began = clock.now
    supervisor.run(lambda: clock.now - began >= 5.0)
    assert 5.0 <= clock.now - began < 6.0


def test_the_status_file_is_replaced_whole(tmp_path: Path) -> None:
    clock = Clock()
    supervisor, _lines = supervisor_of(clock, tmp_path, Starter("notifier"))
    supervisor.write()
    assert [p.name for p in tmp_path.iterdir()] == ["processes.json"]  # no temporary file left behind
    assert read_status(tmp_path / "missing.json") is None
    (tmp_path / "broken.json").write_text("{not json")
    assert read_status(tmp_path / "broken.json") is None


@pytest.mark.parametrize(
    ("states", "expected"),
    [
        ({"rasa server :5005": "up", "action server": "up", "notifier": "failed"}, True),  # the notifier is no turn's
        ({"rasa server :5005": "down", "action server": "up"}, True),
        ({"rasa server :5005": "failed", "action server": "up"}, False),
        ({"rasa server :5005": "stopped", "action server": "stopped"}, False),
        ({"notifier": "up"}, False),  # nothing that serves turns is supervised
    ],
)
def test_will_restart_when_a_launcher_supervises_every_server_of_a_turn_and_none_gave_up(
    states: dict[str, str], expected: bool
) -> None:
    status = {"processes": [{"name": name, "state": state} for name, state in states.items()]}
    assert will_restart(status) is expected
    assert will_restart(None) is False


def test_a_status_file_whose_launcher_is_gone_is_not_believed(tmp_path: Path) -> None:
    import subprocess
    import sys

    from bot.startup.status import StatusFile, write_status

    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    path = tmp_path / "processes.json"
    processes = [{"name": "rasa server :5005", "state": "up"}, {"name": "action server", "state": "up"}]
    write_status(path, {"launcher_pid": gone.pid, "updated_at": "T", "processes": processes})
    assert StatusFile(path).read() is None and not StatusFile(path).will_restart()
    write_status(path, {"launcher_pid": os.getpid(), "updated_at": "T", "processes": processes})
    assert StatusFile(path).will_restart()


def _status(**states: str) -> dict[str, object]:
    return {"processes": [{"name": name.replace("_", " "), "state": state} for name, state in states.items()]}


@pytest.mark.parametrize(
    ("states", "held_back"),
    [
        ({"rasa_server_:5005": "down", "action_server": "up"}, ["rasa server :5005"]),  # the only replica
        ({"rasa_server_:5005": "starting", "rasa_server_:5006": "up"}, []),  # the other replica carries on
        ({"rasa_server_:5005": "down", "rasa_server_:5006": "starting"}, ["rasa server :5005", "rasa server :5006"]),
        ({"rasa_server_:5005": "up", "rasa_server_:5006": "up", "action_server": "down"}, ["action server"]),
        ({"rasa_server_:5005": "up", "notifier": "down", "gateway": "starting"}, []),  # not on a turn's path
    ],
)
def test_turns_are_held_back_only_when_no_replica_or_no_action_server_can_serve(
    states: dict[str, str], held_back: list[str]
) -> None:
    assert restarting(_status(**states)) == held_back
