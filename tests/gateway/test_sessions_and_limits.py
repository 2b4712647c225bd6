"""Signed web sessions and the token-bucket rate limiter."""

from __future__ import annotations

import pytest

from bot.gateway.rate_limit import RateLimiter
from bot.gateway.sessions import new_session, sender_of

SECRET = b"test-secret"


def test_a_session_the_gateway_issued_maps_to_a_web_sender() -> None:
    session = new_session(SECRET)
    token = session.split(".")[0]
    assert sender_of(SECRET, session) == f"web:{token}"
    assert new_session(SECRET) != session  # random each time


@pytest.mark.parametrize(
    "session",
    [
        None,
        42,
        "",
        "telegram:12345",  # another channel's sender id
        "abc.def.ghi",
        "AAAAAAAAAAAAAAAAAAAAAAAA.wrongsignature",
        "short.sig",
        "<script>.x",
    ],
)
def test_anything_else_is_refused(session: object) -> None:
    assert sender_of(SECRET, session) is None


def test_a_session_signed_with_another_secret_is_refused() -> None:
    assert sender_of(SECRET, new_session(b"another secret")) is None


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_burst_is_allowed_then_the_steady_rate() -> None:
    clock = Clock()
    limiter = RateLimiter(burst=3, per_second=1.0, clock=clock)
    assert [limiter.allow("a") for _ in range(5)] == [True, True, True, False, False]
    assert limiter.retry_after("a") == 1
    clock.now += 1.0
    assert limiter.allow("a") is True
    assert limiter.allow("a") is False


def test_one_key_over_its_limit_does_not_touch_another() -> None:
    limiter = RateLimiter(burst=2, per_second=0.1, clock=Clock())
    assert [limiter.allow("flood") for _ in range(10)].count(True) == 2
    assert limiter.allow("calm") is True
    assert limiter.allow("calm") is True


def test_memory_stays_bounded_however_many_keys() -> None:
    limiter = RateLimiter(burst=1, per_second=1.0, max_keys=100, clock=Clock())
    for i in range(1000):
        limiter.allow(f"sender-{i}")
    assert len(limiter._buckets) == 100
