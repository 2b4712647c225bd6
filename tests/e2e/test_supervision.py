"""`python -m bot.startup.launcher run` keeps serving when a part is killed: notifier, actions, gateway, Rasa, Telegram.

The launcher runs on its own free ports with VAR_DIR a temporary folder and MODELS_DIR the model the
`trained_model` fixture made. Each part is SIGKILLed; the others keep answering, /readyz shows the gap
and recovers, the killed part is back within its back-off, and a patient's conversation goes on. Last,
SIGTERM stops everything within 10 s.
"""

from __future__ import annotations

import contextlib
import dataclasses
import mailbox
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from bot.startup.settings import ROOT, Settings
from bot.startup.status import read_status
from tests.e2e.chat import WebPatient
from tests.e2e.patients import ELIGIBLE
from tests.running import on_free_ports
from tests.telegram.conftest import TOKEN, new_chat_id
from tests.telegram.fake_bot_api import FakeBotApi, running_fake
from tests.telegram.patient import TelegramPatient

pytestmark = pytest.mark.e2e

START_TIMEOUT_S = 300.0  # a loaded 2-core machine: Rasa loads its model in 30-120 s
BACK_TIMEOUT_S = 180.0  # back-off (1 s) plus the part's own start


@dataclasses.dataclass
class Launched:
    """The launcher process, its settings, its stderr file."""

    process: subprocess.Popen[bytes]
    settings: Settings
    stderr: Path
    telegram: FakeBotApi

    @property
    def gateway(self) -> str:
        return f"http://127.0.0.1:{self.settings.gateway_port}"

    def processes(self) -> dict[str, dict[str, Any]]:
        status = read_status(self.settings.var_dir / "processes.json")
        return {p["name"]: p for p in status["processes"]} if status else {}

    def log(self) -> str:
        return self.stderr.read_text(errors="replace")


def wait_for(what: str, condition: Callable[[], bool], launched: Launched, timeout: float) -> None:
    """Poll (bounded) until the condition holds; fail early if the launcher itself exits."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert launched.process.poll() is None, f"the launcher exited: {launched.log()[-3000:]}"
        assert time.monotonic() < deadline, f"not within {timeout:.0f} s: {what}\n{launched.log()[-3000:]}"
        time.sleep(0.2)


def ready(launched: Launched) -> requests.Response | None:
    try:
        return requests.get(f"{launched.gateway}/readyz", timeout=10)
    except requests.RequestException:
        return None


def is_ready(launched: Launched) -> bool:
    reply = ready(launched)
    return reply is not None and reply.status_code == 200


def not_ready(launched: Launched) -> bool:
    reply = ready(launched)
    return reply is not None and reply.status_code == 503


def all_up(launched: Launched, count: int = 5) -> bool:
    processes = launched.processes()
    return len(processes) == count and {p["state"] for p in processes.values()} == {"up"}


@pytest.fixture(scope="module")
def bot_api() -> Iterator[FakeBotApi]:
    """Telegram's cloud, faked on loopback: the launcher's Telegram process polls it."""
    yield from running_fake(TOKEN)


@contextlib.contextmanager
def launch(
    command: str, own: Settings, bot_api: FakeBotApi, extra: dict[str, str] | None = None, processes: int = 5
) -> Iterator[Launched]:
    """`python -m bot.startup.launcher <command>` on `own`'s free ports and VAR_DIR, until every process is up."""
    var = own.var_dir
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "TRACKER_STORE_URL", "TRACKER_DB", "RASA_URLS", "TELEGRAM_BOT_TOKEN")
    }
    env.update(
        {
            "RASA_PORT": str(own.rasa_port),
            "ACTIONS_PORT": str(own.actions_port),
            "GATEWAY_PORT": str(own.gateway_port),
            "VAR_DIR": str(var),
            "MODELS_DIR": str(own.models_dir),
            "RASA_API_TOKEN": own.rasa_api_token,
            "PYTHONPATH": str(ROOT),
            "RATE_SENDER_BURST": "50",
            "RATE_SENDER_PER_SECOND": "20",
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "TELEGRAM_API_BASE_URL": bot_api.base_url,
            "TELEGRAM_WEBHOOK_URL": "",
            **(extra or {}),
        }
    )
    stderr = var / "launcher.stderr"
    with stderr.open("wb") as errors:
        process = subprocess.Popen(
            [sys.executable, "-m", "bot.startup.launcher", command],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=errors,
            start_new_session=True,
        )
    running = Launched(process, own, stderr, bot_api)
    try:
        wait_for("the bot is ready", lambda: is_ready(running), running, START_TIMEOUT_S)
        wait_for("every process is up", lambda: all_up(running, processes), running, START_TIMEOUT_S)
        yield running
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)  # only when a test failed before the clean stop
            process.wait(timeout=30)


@pytest.fixture(scope="module")
def launched(
    settings: Settings, trained_model: Path, tmp_path_factory: pytest.TempPathFactory, bot_api: FakeBotApi
) -> Iterator[Launched]:
    var = tmp_path_factory.mktemp("launched")
    with launch("run", on_free_ports(settings, var, models_dir=trained_model.parent), bot_api) as running:
        yield running


def test_the_status_file_lists_every_process_up(launched: Launched) -> None:
    processes = launched.processes()
    rasa = f"rasa server :{launched.settings.rasa_port}"
    assert sorted(processes) == sorted(["action server", rasa, "notifier", "gateway", "telegram"])
    assert {p["state"] for p in processes.values()} == {"up"}
    detail = requests.get(f"{launched.gateway}/healthz", params={"detail": "1"}, timeout=30).json()
    assert sorted(p["name"] for p in detail["processes"]) == sorted(processes)
    assert detail["ready"] == {"rasa": "ok", "actions": "ok", "database": "ok"}
    assert detail["outbox"]["undelivered"] == 0


def test_the_notifier_killed_comes_back_and_the_chat_never_stops(launched: Launched) -> None:
    patient = WebPatient(launched.settings, launched.gateway)
    patient.say("hi")
    before = launched.processes()["notifier"]
    os.kill(before["pid"], signal.SIGKILL)
    wait_for("the notifier is seen down", lambda: launched.processes()["notifier"]["state"] != "up", launched, 30)
    patient.say("yes")  # the rest keep serving meanwhile
    assert "Question 1 of 12" in patient.last_text
    assert is_ready(launched)  # the notifier is not on a patient's path
    wait_for(
        "the notifier is back", lambda: launched.processes()["notifier"]["state"] == "up", launched, BACK_TIMEOUT_S
    )
    after = launched.processes()["notifier"]
    assert after["pid"] != before["pid"]
    assert (after["restarts"], after["last_exit_code"]) == (1, -9)
    log = launched.log()
    assert "notifier exited with signal 9 (SIGKILL); restarting in 1 s" in log
    assert "notifier is back" in log
    assert launched.process.poll() is None


def test_the_action_server_killed_shows_the_gap_then_recovers_and_the_conversation_goes_on(
    launched: Launched,
) -> None:
    patient = WebPatient(launched.settings, launched.gateway)
    for message in ("hi", "yes", "1+"):
        patient.say(message)
    assert "Question 2 of 12" in patient.last_text
    pid = launched.processes()["action server"]["pid"]
    os.killpg(pid, signal.SIGKILL)
    seen: list[Any] = []

    def gap_seen() -> bool:
        reply = ready(launched)
        if reply is not None and reply.status_code == 503:
            seen.append(reply.json())
        return bool(seen)

    wait_for("/readyz shows the action server down", gap_seen, launched, 30)
    assert seen[0]["actions"] == "down" and "actions" in seen[0]["down"] and seen[0]["rasa"] == "ok"
    during = patient.post("never")  # while it is down: told kindly, the answer not lost in a turn without it
    if during.status_code == 503:
        assert during.json()["messages"][0]["text"].startswith("The assistant is starting again")
        assert int(during.headers["Retry-After"]) > 0
    else:  # it came back already
        assert during.status_code == 200
    wait_for(
        "/readyz is 200 and the launcher sees it up again",
        lambda: is_ready(launched) and launched.processes()["action server"]["state"] == "up",
        launched,
        BACK_TIMEOUT_S,
    )
    actions = launched.processes()["action server"]
    assert (actions["state"], actions["restarts"], actions["last_exit_code"]) == ("up", 1, -9)
    assert actions["pid"] != pid
    if "Question 3 of 12" not in patient.last_text:
        patient.say("never")  # the patient says it again
    assert "Question 3 of 12" in patient.last_text
    patient.say("no")
    assert "Question 4 of 12" in patient.last_text
    assert patient.slots()["anti_her2"] == "no"
    log = launched.log()
    assert "action server exited with signal 9 (SIGKILL); restarting in 1 s" in log
    assert "action server is back" in log
    assert "never" not in log and "1+" not in log  # no patient words in the launcher's log


def test_the_gateway_killed_comes_back_and_the_same_web_session_goes_on(launched: Launched) -> None:
    patient = WebPatient(launched.settings, launched.gateway)
    for message in ("hi", "yes"):
        patient.say(message)
    assert "Question 1 of 12" in patient.last_text
    before = launched.processes()["gateway"]
    os.kill(before["pid"], signal.SIGKILL)
    wait_for("the gateway is seen down", lambda: launched.processes()["gateway"]["state"] != "up", launched, 30)
    wait_for(
        "the gateway is back and ready",
        lambda: launched.processes()["gateway"]["state"] == "up" and is_ready(launched),
        launched,
        BACK_TIMEOUT_S,
    )
    after = launched.processes()["gateway"]
    assert after["pid"] != before["pid"] and (after["restarts"], after["last_exit_code"]) == (1, -9)
    patient.say("1+")  # the signed session from before the restart still works: nothing to start again
    assert "Question 2 of 12" in patient.last_text
    assert patient.slots()["her2_ihc"] == "1+"
    assert "gateway exited with signal 9 (SIGKILL); restarting in 1 s" in launched.log()


def test_rasa_killed_tells_the_patient_it_is_restarting_and_loses_no_answer(launched: Launched) -> None:
    patient = WebPatient(launched.settings, launched.gateway)
    for message in ("hi", "yes", "2+"):
        patient.say(message)
    assert "ISH" in patient.last_text
    name = f"rasa server :{launched.settings.rasa_port}"
    before = launched.processes()[name]
    os.killpg(before["pid"], signal.SIGKILL)
    wait_for("/readyz shows Rasa down", lambda: not_ready(launched), launched, 30)
    during = patient.post("the fish was negative")
    assert during.status_code == 503  # Rasa loads its model for 30 s or more: it cannot be back yet
    assert during.json()["messages"][0]["text"].startswith("The assistant is starting again")
    assert int(during.headers["Retry-After"]) > 0
    wait_for(
        "Rasa is back and /readyz is 200",
        lambda: launched.processes()[name]["state"] == "up" and is_ready(launched),
        launched,
        BACK_TIMEOUT_S,
    )
    after = launched.processes()[name]
    assert after["pid"] != before["pid"] and (after["restarts"], after["last_exit_code"]) == (1, -9)
    patient.say("the fish was negative")  # said again, as the message asked
    assert "Question 2 of 12" in patient.last_text
    slots = patient.slots()
    assert (slots["her2_ihc"], slots["her2_ish"]) == ("2+", "negative")  # the answer before the crash is kept
    assert f"{name} exited with signal 9 (SIGKILL); restarting in 1 s" in launched.log()


def test_telegram_killed_comes_back_and_answers_what_the_patient_sent_meanwhile(launched: Launched) -> None:
    patient = TelegramPatient(launched.telegram, new_chat_id())
    patient.say("hi")
    patient.say("yes")
    assert any("Question 1 of 12" in text for text in patient.last_texts)
    before = launched.processes()["telegram"]
    os.killpg(before["pid"], signal.SIGKILL)
    wait_for("Telegram is seen down", lambda: launched.processes()["telegram"]["state"] != "up", launched, 30)
    since = len(launched.telegram.calls)
    launched.telegram.queue(launched.telegram.text_update(patient.chat_id, "1+"))  # sent while it is down
    wait_for("Telegram is back", lambda: launched.processes()["telegram"]["state"] == "up", launched, BACK_TIMEOUT_S)
    calls = launched.telegram.wait_turn(patient.chat_id, since, timeout=BACK_TIMEOUT_S)
    texts = [str(c.params.get("text", "")) for c in calls if c.method == "sendMessage"]
    assert any("Question 2 of 12" in text for text in texts), texts  # the message sent meanwhile is not lost
    after = launched.processes()["telegram"]
    assert after["pid"] != before["pid"] and (after["restarts"], after["last_exit_code"]) == (1, -9)
    assert "telegram exited with signal 9 (SIGKILL); restarting in 1 s" in launched.log()


def kill_and_wait_back(launched: Launched, name: str) -> None:
    """SIGKILL one part (its process group) and wait until it is up again and the bot is ready."""
    before = launched.processes()[name]
    os.killpg(before["pid"], signal.SIGKILL)
    wait_for(f"{name} is seen down", lambda: launched.processes()[name]["pid"] != before["pid"]
             or launched.processes()[name]["state"] != "up", launched, 30)  # fmt: skip
    wait_for(
        f"{name} is back and the bot is ready",
        lambda: launched.processes()[name]["state"] == "up" and is_ready(launched),
        launched,
        BACK_TIMEOUT_S,
    )
    assert launched.processes()[name]["pid"] != before["pid"]


def referral_mails(launched: Launched, number: str) -> list[str]:
    """The messages in the launcher's Maildir (its embedded delivery) that carry this referral number."""
    box = mailbox.Maildir(str(launched.settings.var_dir / "maildir"), create=True)
    return [key for key, message in box.items() if number in str(message["Subject"])]


def test_a_screening_goes_on_through_every_kill_to_exactly_one_referral_email(launched: Launched) -> None:
    patient = WebPatient(launched.settings, launched.gateway)
    rasa = f"rasa server :{launched.settings.rasa_port}"
    answers = dict(ELIGIBLE)
    kills = iter(["notifier", "action server", rasa, "gateway", "telegram"])
    for message in ("hi", "yes"):
        patient.say(message)
    asked: list[str] = []
    for _ in range(30):  # one answer, then one part killed, until the summary
        slots = patient.slots()
        if slots["phase"] != "screening" or slots["requested_slot"] is None:
            break
        question = slots["requested_slot"]
        asked.append(question)
        patient.say(str(answers[question]))
        name = next(kills, None)
        if name:
            kill_and_wait_back(launched, name)
    assert asked[:5] == ["her2_ihc", "anti_her2", "chemo_metastatic", "hormone_receptor", "disease_extent"]
    assert {q: patient.slots()[q] for q in asked[:3]} == {"her2_ihc": "1+", "anti_her2": "no", "chemo_metastatic": "no"}
    patient.say("yes")  # the summary is right
    assert patient.slots()["screening_outcome"] == "likely_eligible"
    for message in ("/affirm", "Mei Wong", "mei@example.org", "Morning", "yes, send it"):
        patient.say(message)
    number = str(patient.slots()["referral_number"])
    assert number and number in patient.last_text
    kill_and_wait_back(launched, "notifier")  # right after the referral: before or while it delivers
    wait_for("the referral e-mail is delivered", lambda: bool(referral_mails(launched, number)), launched, 120)
    time.sleep(3)  # a second delivery, if there were one, would come within the notifier's interval
    assert len(referral_mails(launched, number)) == 1
    detail = requests.get(f"{launched.gateway}/healthz", params={"detail": "1"}, timeout=30).json()
    assert detail["outbox"]["undelivered"] == 0


def assert_sigterm_stops_everything_within_10_seconds(launched: Launched) -> None:
    """SIGTERM to the launcher: it exits 0 within 10 s and no child of it is left."""
    pids = [p["pid"] for p in launched.processes().values()]
    began = time.monotonic()
    launched.process.send_signal(signal.SIGTERM)
    assert launched.process.wait(timeout=15) == 0
    assert time.monotonic() - began < 10.0
    for pid in pids:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)
    assert {p["state"] for p in launched.processes().values()} == {"stopped"}


def test_sigterm_stops_everything_within_10_seconds(launched: Launched) -> None:
    assert_sigterm_stops_everything_within_10_seconds(launched)
