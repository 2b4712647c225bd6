"""Liveness, readiness and the detail view with parts down; what a patient is told while a part restarts."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from bot.startup.status import write_status
from bot.store.database import make_engine, migrate, transaction
from bot.store.outbox import error_class
from bot.store.schema import DeliveryAttempt, OutboxMessage, Participant, Referral, Screening, utcnow
from tests.gateway.fake_rasa import FakeRasa, config, gateway_client, new_session, say

CONTACT = "mei@example.org"


def launcher_status(path: Path, **states: str) -> None:
    """A status file as the launcher writes it, with these processes in these states."""
    processes = [
        {"name": name.replace("_", " "), "pid": 1, "state": state, "restarts": 1, "last_exit_code": -9}
        for name, state in states.items()
    ]
    write_status(path, {"launcher_pid": 1, "updated_at": "T", "processes": processes})


def store_with_a_waiting_referral(tmp_path: Path, minutes_ago: int) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'screening.db'}")
    migrate(engine)
    made = utcnow() - dt.timedelta(minutes=minutes_ago)
    with transaction(engine) as session:
        participant = Participant(key="p" * 64, channel="web")
        screening = Screening(
            participant=participant, key="s" * 64, trial_id="NCT06561607", channel="web", started_at=made,
            outcome="likely_eligible",
        )  # fmt: skip
        referral = Referral(
            screening=screening, number="R-TEST01", name_encrypted="x", contact_encrypted=CONTACT,
            best_time_encrypted="x", created_at=made,
        )  # fmt: skip
        message = OutboxMessage(referral=referral, status="pending", attempts=1, message_id="<m@test>")
        session.add_all([participant, screening, referral, message])
        session.flush()
        reason = f"SMTPRecipientsRefused: {{'{CONTACT}': (550, b'no such user')}}"
        session.add(DeliveryAttempt(outbox_id=message.id, at=utcnow(), ok=0, error=reason))
    engine.dispose()


async def test_liveness_is_200_while_the_gateway_answers_even_with_everything_down(tmp_path: Path) -> None:
    fake = FakeRasa(rasa_up=False, actions_up=False)
    async with gateway_client(fake, config(tmp_path, store_url="sqlite:////nonexistent/dir/x.db")) as client:
        for path in ("/healthz", "/livez"):
            reply = await client.get(path)
            assert (reply.status_code, reply.json()) == (200, {"status": "ok"})


async def test_ready_when_rasa_the_action_server_and_the_database_answer(tmp_path: Path) -> None:
    async with gateway_client(FakeRasa(), config(tmp_path)) as client:
        reply = await client.get("/readyz")
    assert reply.status_code == 200
    assert reply.json() == {"status": "ok", "rasa": "ok", "actions": "ok", "database": "ok", "down": []}


async def test_not_ready_names_the_part_that_is_down(tmp_path: Path) -> None:
    async with gateway_client(FakeRasa(actions_up=False), config(tmp_path)) as client:
        reply = await client.get("/readyz")
    assert (reply.status_code, reply.json()["down"], reply.json()["rasa"]) == (503, ["actions"], "ok")
    async with gateway_client(FakeRasa(rasa_up=False), config(tmp_path)) as client:
        assert (await client.get("/readyz")).json()["down"] == ["rasa"]
    broken = config(tmp_path, store_url="sqlite:////nonexistent/dir/x.db")
    async with gateway_client(FakeRasa(), broken) as client:
        reply = await client.get("/readyz")
    assert (reply.status_code, reply.json()["down"]) == (503, ["database"])


async def test_the_detail_view_shows_processes_readiness_and_the_outbox_without_patient_data(tmp_path: Path) -> None:
    store_with_a_waiting_referral(tmp_path, minutes_ago=30)
    launcher_status(tmp_path / "processes.json", action_server="up", notifier="starting", telegram="failed")
    async with gateway_client(FakeRasa(), config(tmp_path)) as client:
        detail = (await client.get("/healthz", params={"detail": "1"})).json()
        assert (await client.get("/status")).json()["processes"] == detail["processes"]
    assert detail["status"] == "ok" and detail["ready"]["database"] == "ok"
    assert list(detail["rasa_replicas"].values()) == ["ok"]
    assert [(p["name"], p["state"], p["restarts"]) for p in detail["processes"]] == [
        ("action server", "up", 1),
        ("notifier", "starting", 1),
        ("telegram", "failed", 1),
    ]
    outbox = detail["outbox"]
    assert outbox["undelivered"] == 1
    assert 30 * 60 - 5 < outbox["oldest_undelivered_age_s"] < 30 * 60 + 60
    assert outbox["last_delivery_error"] == "SMTPRecipientsRefused"
    text = json.dumps(detail)
    assert CONTACT not in text and "R-TEST01" not in text and "no such user" not in text


async def test_the_detail_view_without_a_launcher_or_a_store(tmp_path: Path) -> None:
    async with gateway_client(FakeRasa(), config(tmp_path)) as client:
        detail = (await client.get("/healthz?detail=1")).json()
    assert detail["processes"] is None  # no status file: not started by the launcher
    assert detail["outbox"] is None  # the store has no tables yet


def test_the_error_class_is_the_name_before_the_colon() -> None:
    assert error_class("ConnectionRefusedError: [Errno 111] Connection refused") == "ConnectionRefusedError"
    assert error_class(None) is None


async def test_while_the_action_server_restarts_the_patient_is_told_and_nothing_is_forwarded(tmp_path: Path) -> None:
    fake = FakeRasa()
    launcher_status(tmp_path / "processes.json", action_server="down", notifier="up")
    async with gateway_client(fake, config(tmp_path)) as client:
        session = await new_session(client)
        reply = await say(client, session, "1+")
    assert reply.status_code == 503 and reply.headers["Retry-After"] == "60"
    text = reply.json()["messages"][0]["text"]
    assert text.startswith("The assistant is starting again. Please try again in a minute.")
    assert fake.messages == []  # not forwarded: the answer is not lost in a turn without its action


async def test_a_notifier_restart_does_not_stop_the_chat(tmp_path: Path) -> None:
    launcher_status(tmp_path / "processes.json", action_server="up", notifier="down")
    async with gateway_client(FakeRasa(), config(tmp_path)) as client:
        reply = await say(client, await new_session(client), "hi")
    assert reply.status_code == 200


async def test_an_empty_reply_with_the_action_server_down_is_a_restarting_503(tmp_path: Path) -> None:
    fake = FakeRasa(actions_up=False, reply=[])  # Rasa answers 200 and nothing when its action fails
    async with gateway_client(fake, config(tmp_path)) as client:
        reply = await say(client, await new_session(client), "1+")
    assert reply.status_code == 503
    assert reply.json()["error"] == "the action server is unavailable"
    assert "starting again" in reply.json()["messages"][0]["text"]


async def test_rasa_down_while_the_launcher_restarts_it_says_restarting_else_unavailable(tmp_path: Path) -> None:
    fake = FakeRasa(rasa_up=False)
    async with gateway_client(fake, config(tmp_path)) as client:
        session = await new_session(client)
        unavailable = await say(client, session, "hi")
        launcher_status(tmp_path / "processes.json", rasa_server_5005="starting")
        restarting = await say(client, session, "hi")
        launcher_status(tmp_path / "processes.json", rasa_server_5005="up")  # died; not yet noticed
        not_noticed = await say(client, session, "hi")
        launcher_status(tmp_path / "processes.json", rasa_server_5005="failed")  # a crash loop: given up
        failed = await say(client, session, "hi")
    assert (unavailable.status_code, unavailable.json()["error"]) == (503, "the assistant is unavailable")
    assert (restarting.status_code, restarting.json()["error"]) == (503, "the assistant is restarting")
    assert (not_noticed.status_code, not_noticed.json()["error"]) == (503, "the assistant is restarting")
    assert (failed.status_code, failed.json()["error"]) == (503, "the assistant is unavailable")
