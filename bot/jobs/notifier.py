"""The notifier: delivers each referral's outbox message to the central contact.

`python -m bot.jobs.notifier` (started by `make run`) polls the outbox. With SMTP_HOST
set it sends over SMTP (SMTP_PORT, SMTP_STARTTLS or SMTP_SSL, SMTP_USER,
SMTP_PASSWORD) to REFERRAL_TO; otherwise it writes into a local Maildir under
var/maildir. The message carries the referral number, the outcome, who answered
and the link to the navigator view, and no health details; it is written in the
navigators' language, REFERRAL_EMAIL_LANGUAGE (zh by default, or en), with the
words of bot/navigator/texts/<code>.yml. Once a day it also runs the retention purge.

Exactly one message per referral across crashes: each try is first claimed in
its own committed transaction (status 'sending', one more attempt, an attempt
row, and a lease longer than any send can take), then sent with no transaction
open, then recorded ('sent', or pending again with back-off). A claim whose
lease ran out was cut short by a crash: that try is recorded as interrupted and
the message goes again, with the same Message-ID. The one window left: the
server accepted the message and the notifier died before committing 'sent';
the copy then carries the same Message-ID, so the receiver can drop it.
The outbox's queries are in bot/store/outbox.py; each step here is one transaction.
"""

from __future__ import annotations

import datetime as dt
import logging
import mailbox
import os
import smtplib
import ssl
import time
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path

from sqlalchemy.engine import Engine

from bot.navigator.texts import fill, known_language, texts
from bot.startup.settings import load_settings
from bot.startup.shutdown import StopFlag
from bot.store import outbox
from bot.store.database import make_engine, migrate, transaction
from bot.store.retention import purge, purge_conversations
from bot.store.schema import OutboxMessage, utcnow
from criteria.audience import answered_by

logger = logging.getLogger("notifier")

FIRST_RETRY_S = 5.0
MAX_RETRY_S = 600.0
SMTP_TIMEOUT_S = 30.0
# Replies one SMTP send may wait for, each up to the timeout: connect, greeting, EHLO, STARTTLS,
# EHLO again, AUTH (two), MAIL, RCPT, DATA, end of data, QUIT. A claim's lease outlasts them all.
SMTP_ROUND_TRIPS = 12
SENDER = "screening-bot@localhost"
EMAIL_LANGUAGE = "zh"  # the navigators (the central contact's team) read Chinese first


@dataclass(frozen=True)
class MailSettings:
    """Where referral messages go: SMTP when a host is set, else a local Maildir."""

    to: str
    host: str | None
    port: int
    starttls: bool
    use_ssl: bool
    user: str | None
    password: str | None
    maildir: Path
    navigator_url: str
    sender: str = SENDER
    timeout: float = SMTP_TIMEOUT_S
    language: str = EMAIL_LANGUAGE

    @property
    def lease(self) -> dt.timedelta:
        """How long a claim holds: longer than the slowest send this timeout allows."""
        return dt.timedelta(seconds=SMTP_ROUND_TRIPS * self.timeout)

    @classmethod
    def from_env(cls, var_dir: Path) -> MailSettings:
        """Read SMTP_*, REFERRAL_TO, NAVIGATOR_BASE_URL, NOTIFIER_SMTP_TIMEOUT_S, REFERRAL_EMAIL_LANGUAGE."""
        env = os.environ
        use_ssl = env.get("SMTP_SSL", "").lower() in ("1", "true", "yes")
        return cls(
            to=env.get("REFERRAL_TO", "central-contact@localhost"),
            host=env.get("SMTP_HOST") or None,
            port=int(env.get("SMTP_PORT", "465" if use_ssl else "25")),
            starttls=env.get("SMTP_STARTTLS", "").lower() in ("1", "true", "yes"),
            use_ssl=use_ssl,
            user=env.get("SMTP_USER") or None,
            password=env.get("SMTP_PASSWORD") or None,
            maildir=var_dir / "maildir",
            navigator_url=env.get("NAVIGATOR_BASE_URL", "http://127.0.0.1:8000").rstrip("/"),
            timeout=float(env.get("NOTIFIER_SMTP_TIMEOUT_S", SMTP_TIMEOUT_S)),
            language=email_language(env.get("REFERRAL_EMAIL_LANGUAGE")),
        )


def email_language(value: str | None) -> str:
    """REFERRAL_EMAIL_LANGUAGE as a language the texts have; unset or unknown: Chinese."""
    return known_language(value) or EMAIL_LANGUAGE


def referral_subject(number: str, trial_id: str, language: str = EMAIL_LANGUAGE) -> str:
    """The referral e-mail's subject line."""
    return fill(texts(language)["email"]["subject"], number=number, trial=trial_id)


def compose(message: OutboxMessage, mail: MailSettings) -> EmailMessage:
    """The referral e-mail in the navigators' language: number, outcome, who answered, link; no health details."""
    referral = message.referral
    screening = referral.screening
    words = texts(mail.language)
    said = words["email"]
    email = EmailMessage()
    email["From"] = mail.sender
    email["To"] = mail.to
    email["Subject"] = referral_subject(referral.number, screening.trial_id, mail.language)
    email["Message-ID"] = message.message_id
    lines = [
        fill(said["asks"], trial=screening.trial_id),
        "",
        fill(said["number"], number=referral.number),
        fill(said["outcome"], outcome=words["outcomes"].get(screening.outcome, screening.outcome)),
        fill(said["answered_by"], who=answered_by(screening.answered_by, mail.language)),  # caregiver mode (issue 14)
        fill(said["details"], link=f"{mail.navigator_url}/navigator/referrals/{referral.number}"),
        "",
        said["no_details"],
    ]
    email.set_content("\n".join(lines) + "\n")
    return email


def deliver(email: EmailMessage, mail: MailSettings) -> None:
    """Send over SMTP, or drop into the Maildir (the embedded default)."""
    if not mail.host:
        box = mailbox.Maildir(str(mail.maildir), create=True)
        box.add(email)
        box.close()
        return
    context = ssl.create_default_context()
    if mail.use_ssl:
        smtp: smtplib.SMTP = smtplib.SMTP_SSL(mail.host, mail.port, timeout=mail.timeout, context=context)
    else:
        smtp = smtplib.SMTP(mail.host, mail.port, timeout=mail.timeout)
    with smtp:
        if mail.starttls:
            smtp.starttls(context=context)
        if mail.user and mail.password:
            smtp.login(mail.user, mail.password)
        smtp.send_message(email)


@dataclass(frozen=True)
class RetryPolicy:
    """How often the outbox is polled and how a failed try backs off."""

    first_s: float = FIRST_RETRY_S
    max_s: float = MAX_RETRY_S
    interval_s: float = 2.0

    @classmethod
    def from_env(cls) -> RetryPolicy:
        """NOTIFIER_FIRST_RETRY_S, NOTIFIER_MAX_RETRY_S and NOTIFIER_INTERVAL (short ones for tests)."""
        env = os.environ
        return cls(
            first_s=float(env.get("NOTIFIER_FIRST_RETRY_S", FIRST_RETRY_S)),
            max_s=float(env.get("NOTIFIER_MAX_RETRY_S", MAX_RETRY_S)),
            interval_s=float(env.get("NOTIFIER_INTERVAL", "2")),
        )


def backoff(attempts: int, retry: RetryPolicy = RetryPolicy()) -> dt.timedelta:
    """The wait after the n-th failed try: 5, 10, 20 ... seconds, at most 10 minutes (by default)."""
    return dt.timedelta(seconds=min(retry.max_s, retry.first_s * 2 ** max(attempts - 1, 0)))


@dataclass(frozen=True)
class Claim:
    """A message this notifier has claimed (status 'sending') and the attempt row of this try."""

    outbox_id: int
    attempt_id: int
    attempts: int
    email: EmailMessage


def due_messages(engine: Engine, now: dt.datetime) -> list[int]:
    """Ids of the pending messages whose next try is due."""
    with transaction(engine) as session:
        return outbox.due_messages(session, now=now)


def release_interrupted(engine: Engine, now: dt.datetime) -> int:
    """Claims whose lease ran out (the notifier died mid-send): record the try as interrupted, make it pending."""
    with transaction(engine) as session:
        released = outbox.release_interrupted(session, now=now)
    for outbox_id in released:
        logger.warning("referral message %s: the try in progress was interrupted; it goes again", outbox_id)
    return len(released)


def claim(engine: Engine, outbox_id: int, mail: MailSettings, now: dt.datetime) -> Claim | None:
    """Commit 'sending', one more attempt, its attempt row and a lease BEFORE sending; None if not ours.

    The UPDATE only matches a pending, due row, so of two notifiers only one gets it.
    """
    with transaction(engine) as session:
        claimed = outbox.claim_message(session, outbox_id=outbox_id, now=now, lease=mail.lease)
        if claimed is None:
            return None
        message, attempt = claimed
        return Claim(outbox_id, attempt.id, message.attempts, compose(message, mail))


def finish(engine: Engine, claimed: Claim, *, error: str | None, next_try: dt.datetime) -> bool:
    """Record how the try ended: 'sent', or pending again with the error; False if the claim was lost."""
    with transaction(engine) as session:
        return outbox.finish_attempt(
            session,
            outbox_id=claimed.outbox_id,
            attempts=claimed.attempts,
            attempt_id=claimed.attempt_id,
            error=error,
            next_try=next_try,
        )


def run_once(
    engine: Engine, mail: MailSettings, now: dt.datetime | None = None, retry: RetryPolicy = RetryPolicy()
) -> int:
    """Release interrupted tries, then claim and send every message that is due; return how many were sent.

    No transaction is open while a message is on its way: the claim is committed before,
    the result after. A kill in between leaves the claim, released when its lease runs out.
    """
    now = now or utcnow()
    release_interrupted(engine, now)
    delivered = 0
    for outbox_id in due_messages(engine, now):
        claimed = claim(engine, outbox_id, mail, now)
        if claimed is None:
            continue
        try:
            deliver(claimed.email, mail)
        except (OSError, smtplib.SMTPException) as error:
            reason = f"{error.__class__.__name__}: {str(error)[:200]}"
            finish(engine, claimed, error=reason, next_try=now + backoff(claimed.attempts, retry))
            logger.warning("referral message %s not delivered (try %d): %s", outbox_id, claimed.attempts, reason)
            continue
        if not finish(engine, claimed, error=None, next_try=now):
            logger.warning("referral message %s delivered, but its claim was lost (erased or lease ran out)", outbox_id)
        delivered += 1
        logger.info("referral message %s delivered (try %d)", outbox_id, claimed.attempts)
    return delivered


def main() -> None:
    """Poll the outbox until stopped; purge old data once a day."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s - %(message)s")
    settings = load_settings()
    engine = make_engine(settings.store_url)
    migrate(engine)
    mail = MailSettings.from_env(settings.var_dir)
    retry = RetryPolicy.from_env()
    retention_days = int(os.environ.get("RETENTION_DAYS", "365"))
    flag = StopFlag().install()
    target = f"SMTP {mail.host}:{mail.port}" if mail.host else f"the Maildir {mail.maildir}"
    logger.info("notifier started: delivering referrals to %s", target)
    last_purge = 0.0
    while not flag.stopping:
        if time.monotonic() - last_purge > 86_400:
            with transaction(engine) as session:
                logger.info("retention: purged %d screenings", purge(session, older_than_days=retention_days))
            chats = purge_conversations(settings.tracker_url, older_than_days=retention_days)
            logger.info("retention: purged %d conversations", chats)
            last_purge = time.monotonic()
        try:
            run_once(engine, mail, retry=retry)
        except Exception:  # the database may be down: keep going, try again
            logger.exception("notifier round failed")
        time.sleep(retry.interval_s)


if __name__ == "__main__":
    main()
