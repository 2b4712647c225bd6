"""Who gets in: every route refuses strangers, cookies, CSRF, lock-out, log-out, expiry."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import select, update
from starlette.routing import Mount, Route
from starlette.testclient import TestClient

from bot.gateway.config import GatewayConfig
from bot.navigator import audit
from bot.store.database import transaction
from bot.store.navigation import Navigator, NavigatorSession
from bot.store.schema import AuditEntry, Referral
from tests.navigator.conftest import Site
from tests.navigator.helpers import PASSWORD, log_in, screening, session_csrf

# The language switch is open too: the log-in page has it, and it changes only a preference.
PUBLIC = {("/navigator/login", "GET"), ("/navigator/login", "POST"), ("/navigator/language", "GET")}
SAMPLE_PARAMS = {"screening_id": "1", "number": "R-ABCDEF"}


def navigator_routes(site: Site) -> list[tuple[str, str]]:
    """Every (path, method) under /navigator/, found by walking the app's routes."""
    app = site.client.app
    found = []
    for route in app.routes:  # type: ignore[attr-defined]
        if isinstance(route, Mount) and route.path == "/navigator":
            for sub in route.routes:
                assert isinstance(sub, Route)
                path = "/navigator" + re.sub(r"\{(\w+)(:\w+)?\}", lambda m: SAMPLE_PARAMS[m.group(1)], sub.path)
                found += [(path, method) for method in sorted(sub.methods or ()) if method != "HEAD"]
    return found


def test_every_navigator_route_refuses_an_anonymous_visitor(site: Site) -> None:
    routes = navigator_routes(site)
    assert {path for path, _ in routes} >= {
        "/navigator/login", "/navigator/logout", "/navigator/", "/navigator/export.csv", "/navigator/screenings/1",
        "/navigator/screenings/1/status", "/navigator/screenings/1/notes", "/navigator/referrals/R-ABCDEF",
        "/navigator/overview", "/navigator/audit",
    }  # fmt: skip
    refer = ("Annabel Quist", "annabel@example.org", "am")
    screening(site.engine, site.cipher, sender="web:a", started_at=dt.datetime(2026, 3, 2, 9), refer=refer)
    for path, method in routes:
        if (path, method) in PUBLIC:
            continue
        form = {"csrf": "x", "status": "contacted", "seen": "new", "text": "a note", "sensitive": "1"}
        reply = site.client.request(method, path, data=form if method == "POST" else None, follow_redirects=False)
        if path.endswith(".csv"):
            assert reply.status_code == 401, (path, method)
        else:
            assert reply.status_code == 303, (path, method, reply.status_code)
            assert reply.headers["location"].startswith("/navigator/login?next="), (path, method)
        assert "Annabel" not in reply.text and "annabel@" not in reply.text
    with transaction(site.engine) as session:
        assert session.execute(select(Referral.status)).scalar_one() == "new"  # nothing was changed


def test_the_login_page_is_the_only_open_one_and_leads_back(site: Site) -> None:
    first = site.client.get("/navigator/screenings/1?contact=show", follow_redirects=False)
    assert first.headers["location"] == "/navigator/login?next=%2Fnavigator%2Fscreenings%2F1%3Fcontact%3Dshow"
    page = site.client.get(first.headers["location"])
    assert page.status_code == 200 and 'name="password"' in page.text
    assert 'value="/navigator/screenings/1?contact=show"' in page.text
    for outside in ("https://evil.example/", "//evil.example/navigator/", "/navigator/..\\evil", "/elsewhere"):
        reply = log_in(TestClient(site.client.app), next_page=outside)
        assert reply.status_code == 303 and reply.headers["location"] == "/navigator/", outside


def test_a_forged_or_unsigned_cookie_is_no_log_in(site: Site) -> None:
    assert log_in(site.client).status_code == 303
    token = site.client.cookies["navigator_session"].split(".")[0]
    for forged in (token, f"{token}.AAAA", "x.y", ""):
        site.client.cookies.clear()
        site.client.cookies.set("navigator_session", forged, path="/navigator")
        assert site.client.get("/navigator/", follow_redirects=False).status_code == 303


def test_session_cookie_flags(site: Site) -> None:
    reply = log_in(site.client)
    cookie = next(c for c in reply.headers.get_list("set-cookie") if c.startswith("navigator_session="))
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Path=/navigator" in cookie
    assert "Max-Age=28800" in cookie  # 8 hours at most
    assert "Secure" not in cookie  # plain HTTP here, not configured


@pytest.mark.parametrize("how", ["configured", "https"])
def test_cookies_are_secure_behind_https(site: Site, monkeypatch: pytest.MonkeyPatch, how: str) -> None:
    if how == "configured":
        monkeypatch.setenv("NAVIGATOR_SECURE_COOKIES", "1")
        from bot.gateway.app import create_app

        config = GatewayConfig(rasa_url="http://127.0.0.1:9", rasa_api_token="t", secret=b"s", public_url=None)
        client = TestClient(create_app(config))
    else:
        client = TestClient(site.client.app, base_url="https://testserver")
    login_page = client.get("/navigator/login")
    assert "Secure" in login_page.headers["set-cookie"]
    reply = log_in(client)
    assert all("Secure" in c for c in reply.headers.get_list("set-cookie"))


def test_pages_carry_the_security_headers_and_are_not_cached(site: Site) -> None:
    log_in(site.client)
    for path in ("/navigator/", "/navigator/login", "/navigator/overview"):
        reply = site.client.get(path)
        assert reply.headers["cache-control"] == "no-store", path
        assert "default-src 'self'" in reply.headers["content-security-policy"]
        assert reply.headers["x-frame-options"] == "DENY"
        assert " style=" not in reply.text and "<script" not in reply.text  # nothing inline for the CSP to block
    css = site.client.get("/navigator.css")
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")


def test_a_form_without_its_csrf_token_is_refused(site: Site) -> None:
    sid, _ = screening(
        site.engine, site.cipher, sender="web:b", started_at=dt.datetime(2026, 3, 2, 9), refer=("B", "b@x", "am")
    )
    log_in(site.client)
    good = session_csrf(site.client)
    for form in ({"status": "contacted", "seen": "new"}, {"status": "contacted", "seen": "new", "csrf": "wrong"}):
        reply = site.client.post(f"/navigator/screenings/{sid}/status", data=form, follow_redirects=False)
        assert reply.status_code == 403
    reply = site.client.post(f"/navigator/screenings/{sid}/notes", data={"text": "hello"}, follow_redirects=False)
    assert reply.status_code == 403
    assert site.client.post("/navigator/export.csv", data={}).status_code == 403
    assert site.client.post("/navigator/logout", data={}).status_code == 403
    with transaction(site.engine) as session:
        assert session.execute(select(Referral.status)).scalar_one() == "new"
    done = site.client.post(
        f"/navigator/screenings/{sid}/status",
        data={"status": "contacted", "seen": "new", "csrf": good},
        follow_redirects=False,
    )
    assert done.status_code == 303  # the same form with its token goes through


def test_the_login_form_needs_its_own_token(site: Site) -> None:
    site.client.get("/navigator/login")
    no_token = site.client.post(
        "/navigator/login", data={"username": "nurse", "password": PASSWORD}, follow_redirects=False
    )
    assert no_token.status_code == 403
    fresh = TestClient(site.client.app)  # a token from another browser (no matching cookie)
    token = re.search(r'name="csrf" value="([^"]+)"', site.client.get("/navigator/login").text)
    assert token
    stolen = fresh.post(
        "/navigator/login",
        data={"csrf": token.group(1), "username": "nurse", "password": PASSWORD},
        follow_redirects=False,
    )
    assert stolen.status_code == 403


def test_five_wrong_passwords_lock_the_account_for_fifteen_minutes(site: Site) -> None:
    statuses = [log_in(site.client, password="wrong password!").status_code for _ in range(5)]
    assert statuses == [401, 401, 401, 401, 429]
    locked = log_in(site.client)  # the right password, while locked
    assert locked.status_code == 429 and "locked for 15 minutes" in locked.text
    assert "navigator_session" not in locked.headers.get("set-cookie", "")
    with transaction(site.engine) as session:
        navigator = session.execute(select(Navigator)).scalar_one()
        until = navigator.locked_until
        assert dt.timedelta(minutes=14) < until - dt.datetime.utcnow() <= dt.timedelta(minutes=15)
        navigator.locked_until = dt.datetime.utcnow() - dt.timedelta(seconds=1)  # fifteen minutes later
        actions = list(session.execute(select(AuditEntry.action).where(AuditEntry.actor == "nurse")).scalars())
    assert (
        actions.count(audit.LOGIN_FAILED) == 4 and audit.LOCKED_OUT in actions and audit.LOGIN_WHILE_LOCKED in actions
    )
    assert log_in(site.client).status_code == 303


def test_an_unknown_username_is_told_the_same_as_a_wrong_password(site: Site) -> None:
    unknown = log_in(site.client, username="nobody", password=PASSWORD)
    wrong = log_in(site.client, password="not the password")
    assert unknown.status_code == wrong.status_code == 401
    assert "Wrong username or password." in unknown.text and "Wrong username or password." in wrong.text
    with transaction(site.engine) as session:
        actors = set(session.execute(select(AuditEntry.actor).where(AuditEntry.action == audit.LOGIN_FAILED)).scalars())
    assert actors == {audit.UNKNOWN_USER, "nurse"}  # a mistyped name (maybe a password) is not written down


def test_log_out_ends_the_session_even_for_a_copied_cookie(site: Site) -> None:
    log_in(site.client)
    copied = site.client.cookies["navigator_session"]
    reply = site.client.post("/navigator/logout", data={"csrf": session_csrf(site.client)}, follow_redirects=False)
    assert reply.status_code == 303 and reply.headers["location"] == "/navigator/login?bye=1"
    thief = TestClient(site.client.app)
    thief.cookies.set("navigator_session", copied, path="/navigator")
    assert thief.get("/navigator/", follow_redirects=False).status_code == 303


@pytest.mark.parametrize("which", ["idle", "age"])
def test_sessions_expire_when_idle_or_old(site: Site, which: str) -> None:
    log_in(site.client)
    assert site.client.get("/navigator/", follow_redirects=False).status_code == 200
    past = dt.datetime.utcnow() - (dt.timedelta(minutes=31) if which == "idle" else dt.timedelta(hours=8, minutes=1))
    column = NavigatorSession.last_seen_at if which == "idle" else NavigatorSession.created_at
    with transaction(site.engine) as session:
        session.execute(update(NavigatorSession).values({column: past}))
    assert site.client.get("/navigator/", follow_redirects=False).status_code == 303
