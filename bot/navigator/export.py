"""CSV export of the queue: ids, dates, outcomes, criteria and statuses; free text and contact details only on request.

Cells a spreadsheet would run as a formula (starting with =, +, -, @, tab or return) get a
leading apostrophe, so a patient's words can never become one. The header is in the
navigator's language; cells keep their codes (outcome, status, language). The file starts
with a UTF-8 byte order mark: without it Excel reads Chinese as gibberish.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.navigator.queue import QueueRow
from bot.navigator.summary import final_answers
from bot.navigator.texts import DEFAULT_LANGUAGE, fill, texts
from bot.navigator.workflow import notes_of
from bot.store.crypto import Cipher
from bot.store.schema import Answer, Referral
from criteria import Trial
from criteria.audience import answered_by

COLUMNS = [
    "screening_id", "started_at_utc", "completed_at_utc", "channel", "outcome",
    "criteria_not_met", "criteria_unknown", "referral_number", "referral_status", "referred_at_utc",
    "answered_by",  # caregiver mode (issue 14)
    "language",  # the patient's language in the chat (issue 15)
]  # fmt: skip
SENSITIVE_COLUMNS = ["name", "phone_or_email", "best_time", "navigator_notes"]
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
BYTE_ORDER_MARK = "\ufeff"


def safe_cell(value: object) -> str:
    """The value as text a spreadsheet shows as text."""
    cell = "" if value is None else str(value)
    return "'" + cell if cell.startswith(FORMULA_START) else cell


def _time(value: dt.datetime | None) -> str:
    return value.isoformat(sep=" ", timespec="seconds") if value else ""


def words_columns(trial: Trial, language: str = DEFAULT_LANGUAGE) -> list[str]:
    """One column per question for the patient's own words (sensitive export only)."""
    return [fill(texts(language)["csv"]["words"], question=q.id) for q in trial.questions]


def header(trial: Trial, *, sensitive: bool, language: str = DEFAULT_LANGUAGE) -> list[str]:
    """The CSV's first row in the navigator's language."""
    names = texts(language)["csv"]
    columns = COLUMNS + (SENSITIVE_COLUMNS if sensitive else [])
    return [names[c] for c in columns] + (words_columns(trial, language) if sensitive else [])


def _words(session: Session, cipher: Cipher, trial: Trial, screening_ids: Sequence[int]) -> dict[int, dict[str, str]]:
    """The patient's words per screening and question (the last answer to each question)."""
    answers: dict[int, list[Answer]] = defaultdict(list)
    for start in range(0, len(screening_ids), 500):
        chunk = list(screening_ids[start : start + 500])
        for answer in session.execute(select(Answer).where(Answer.screening_id.in_(chunk))).scalars():
            answers[answer.screening_id].append(answer)
    words: dict[int, dict[str, str]] = {}
    for screening_id, rows in answers.items():
        kept = final_answers(trial, rows)
        words[screening_id] = {
            a.question_id: cipher.decrypt(a.said_encrypted)
            for a in sorted(rows, key=lambda a: a.id)
            if a.question_id in kept
        }
    return words


def queue_csv(
    session: Session,
    rows: Sequence[QueueRow],
    *,
    sensitive: bool,
    cipher: Cipher,
    trial: Trial,
    language: str = DEFAULT_LANGUAGE,
) -> str:
    """The rows as CSV (header in `language`); with `sensitive`, also contact details, notes and the patient's words."""
    out = io.StringIO()
    out.write(BYTE_ORDER_MARK)
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header(trial, sensitive=sensitive, language=language))
    words = _words(session, cipher, trial, [r.screening_id for r in rows]) if sensitive else {}
    for row in rows:
        cells: list[object] = [
            row.screening_id, _time(row.started_at), _time(row.completed_at), row.channel, row.outcome,
            " ".join(row.not_met), " ".join(row.unknown), row.referral_number, row.referral_status,
            _time(row.referred_at), answered_by(row.answered_by, language), row.language or "",
        ]  # fmt: skip
        if sensitive:
            referral = session.get(Referral, row.referral_id) if row.referral_id else None
            contact = (
                [cipher.decrypt(referral.name_encrypted), cipher.decrypt(referral.contact_encrypted),
                 cipher.decrypt(referral.best_time_encrypted)]
                if referral else ["", "", ""]
            )  # fmt: skip
            notes = " | ".join(
                f"{n.at:%Y-%m-%d %H:%M} {n.navigator}: {n.text}"
                for n in notes_of(session, cipher=cipher, screening_id=row.screening_id)
            )
            said = words.get(row.screening_id, {})
            cells += [*contact, notes, *(said.get(q.id, "") for q in trial.questions)]
        writer.writerow([safe_cell(c) for c in cells])
    return out.getvalue()
