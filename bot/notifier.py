"""The notifier: delivers each referral's outbox message to the central contact.

`python -m bot.notifier` (started by `make run`) polls the outbox. With SMTP_HOST
set it sends over SMTP (SMTP_PORT, SMTP_STARTTLS or SMTP_SSL, SMTP_USER,
SMTP_PASSWORD) to REFERRAL_TO; otherwise it writes into a local Maildir under
var/maildir. A failed try is recorded and retried with back-off. The message
carries the referral number, the outcome and the link to the navigator view,
and no health details. Once a day it also runs the retention purge.
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

from sqlalchemy import select
from sqlalchemy.engine import Engine

from bot.settings import load_settings
from bot.shutdown import StopFlag
from bot.store.database import database_url, make_engine, migrate, transaction
from bot.store.retention import purge, purge_conversations
from bot.store.schema import DeliveryAttempt, OutboxMessage, utcnow

logger = logging.getLogger("notifier")

FIRST_RETRY_S = 5.0
MAX_RETRY_S = 600.0
SENDER = "screening-bot@localhost"


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

    @classmethod
    def from_env(cls, var_dir: Path) -> MailSettings:
        """Read SMTP_*, REFERRAL_TO and NAVIGATOR_BASE_URL from the environment."""
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
        )


def compose(message: OutboxMessage, mail: MailSettings) -> EmailMessage:
    """The referral e-mail: number, outcome, link; no health details, no contact details."""
    referral = message.referral
    email = EmailMessage()
    email["From"] = mail.sender
    email["To"] = mail.to
    email["Subject"] = f"New referral {referral.number} for {referral.screening.trial_id}"
    email["Message-ID"] = message.message_id
    email.set_content(
        f"A patient screened by the chat assistant asks to be contacted about {referral.screening.trial_id}.\n\n"
        f"Referral number: {referral.number}\n"
        f"Screening outcome: {referral.screening.outcome.replace('_', ' ')}\n"
        f"Details (log-in needed): {mail.navigator_url}/navigator/referrals/{referral.number}\n\n"
        "This message holds no health or contact details on purpose.\n"
    )
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
        smtp: smtplib.SMTP = smtplib.SMTP_SSL(mail.host, mail.port, timeout=30, context=context)
    else:
        smtp = smtplib.SMTP(mail.host, mail.port, timeout=30)
    with smtp:
        if mail.starttls:
            smtp.starttls(context=context)
        if mail.user and mail.password:
            smtp.login(mail.user, mail.password)
        smtp.send_message(email)


def backoff(attempts: int) -> dt.timedelta:
    """Seconds to wait after the n-th failed try: 5, 10, 20 ... at most 10 minutes."""
    return dt.timedelta(seconds=min(MAX_RETRY_S, FIRST_RETRY_S * 2 ** max(attempts - 1, 0)))


def run_once(engine: Engine, mail: MailSettings, now: dt.datetime | None = None) -> int:
    """Try every message that is due; return how many were delivered."""
    now = now or utcnow()
    with transaction(engine) as session:
        due = session.execute(
            select(OutboxMessage.id)
            .where(OutboxMessage.status == "pending", OutboxMessage.next_attempt_at <= now)
            .order_by(OutboxMessage.id)
        ).scalars()
        ids = list(due)
    delivered = 0
    for message_id in ids:
        with transaction(engine) as session:
            message = session.get(OutboxMessage, message_id, with_for_update=True)
            if message is None or message.status != "pending":
                continue  # sent by another notifier meanwhile, or erased
            message.attempts += 1
            try:
                deliver(compose(message, mail), mail)
            except (OSError, smtplib.SMTPException) as error:
                reason = f"{error.__class__.__name__}: {str(error)[:200]}"
                message.last_error = reason
                message.next_attempt_at = now + backoff(message.attempts)
                session.add(DeliveryAttempt(message=message, at=now, ok=0, error=reason))
                logger.warning("referral message %s not delivered (try %d): %s", message.id, message.attempts, reason)
                continue
            message.status, message.sent_at, message.last_error = "sent", utcnow(), None
            session.add(DeliveryAttempt(message=message, at=now, ok=1))
            delivered += 1
            logger.info("referral message %s delivered", message.id)
    return delivered


def main() -> None:
    """Poll the outbox until stopped; purge old data once a day."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s - %(message)s")
    settings = load_settings()
    engine = make_engine(database_url(settings.var_dir))
    migrate(engine)
    mail = MailSettings.from_env(settings.var_dir)
    interval = float(os.environ.get("NOTIFIER_INTERVAL", "2"))
    retention_days = int(os.environ.get("RETENTION_DAYS", "365"))
    flag = StopFlag().install()
    target = f"SMTP {mail.host}:{mail.port}" if mail.host else f"the Maildir {mail.maildir}"
    logger.info("notifier started: delivering referrals to %s", target)
    last_purge = 0.0
    while not flag.stopping:
        if time.monotonic() - last_purge > 86_400:
            with transaction(engine) as session:
                logger.info("retention: purged %d screenings", purge(session, older_than_days=retention_days))
            chats = purge_conversations(f"sqlite:///{settings.tracker_db}", older_than_days=retention_days)
            logger.info("retention: purged %d conversations", chats)
            last_purge = time.monotonic()
        try:
            run_once(engine, mail)
        except Exception:  # the database may be down: keep going, try again
            logger.exception("notifier round failed")
        time.sleep(interval)


if __name__ == "__main__":
    main()
