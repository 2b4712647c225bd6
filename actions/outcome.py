"""Tell the patient the outcome, with the reasons, and set the outcome slots."""

from __future__ import annotations

import asyncio
import logging
from typing import Any, Mapping

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.caregiver import RELATION, speak
from actions.phases import Phase, enter
from actions.screening_state import answers_of, assess, language_of, trial
from actions.store_access import channel_of, consents_from, language_to_store, log_id, parse_time, store
from actions.summary import send_summary
from actions.verified_intent import SUMMARY, said_plainly
from bot.store.database import transaction
from bot.store.screenings import record_screening
from criteria import Assessment, Outcome, Result
from criteria.audience import addressed
from criteria.model import NOT_SURE

logger = logging.getLogger(__name__)


def bullet_list(lines: list[str]) -> str:
    """Unique lines as a plain list, in order."""
    return "\n".join(f"- {line}" for line in dict.fromkeys(lines) if line)


def missing_lines(
    assessment: Assessment, language: str, who: str | None = None, answers: Mapping[str, Any] | None = None
) -> list[str]:
    """What is still needed: one line per unsure question group, or per criterion (`who`: a caregiver's relation).

    A group answered but a follow-up not sure ("a clot, not sure when") gives the
    criterion's own line, not the whole group's.
    """
    lines = []
    for cid in assessment.unknown:
        criterion = trial().criterion(cid)
        grouped = [
            trial().question(q)
            for q in criterion.questions()
            if trial().question(q).missing and (answers is None or answers.get(q) == NOT_SURE)
        ]
        if grouped:
            lines.append(addressed(grouped[0].missing, language, who))
        else:
            lines.append(addressed(assessment.results[cid].reason, language, who))
    return lines


def store_screening(
    tracker: Tracker, assessment: Assessment, outcome: Outcome, extra_consents: list[Any] | None = None
) -> int:
    """Keep the screening in the store (answers' words encrypted, results, consents); return its id.

    Saving the same screening again (same sender, same start) returns the first record.
    """
    consent = tracker.get_slot("consent") or {}
    results = {cid: r.result.value for cid, r in assessment.results.items() if r.result is not Result.SITE}
    engine, cipher = store()
    with transaction(engine) as session:
        screening = record_screening(
            session,
            cipher=cipher,
            channel=channel_of(tracker),
            sender_id=tracker.sender_id,
            trial_id=trial().nct_id,
            started_at=parse_time(consent.get("at")),
            outcome=outcome.value,
            answers=tracker.get_slot("answer_log") or [],
            results=results,
            consents=consents_from([consent, *(extra_consents or [])]),
            flags=tracker.get_slot("flags") or [],
            answered_by=tracker.get_slot(RELATION),
            language=language_to_store(tracker),
        )
        return int(screening.id)


class ActionGiveOutcome(Action):
    """Likely eligible, needs review, or not eligible, in plain words."""

    def name(self) -> str:
        """Action name."""
        return "action_give_outcome"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        """Evaluate the confirmed answers and tell the patient (only after a plain yes)."""
        if not said_plainly(tracker, "yes", SUMMARY):
            dispatcher.utter_message(response="utter_default")
            send_summary(dispatcher, tracker)
            return [enter(Phase.SUMMARY)]
        language = language_of(tracker)
        assessment = assess(tracker)
        outcome = assessment.outcome or Outcome.NEEDS_REVIEW  # never claim more than known
        if outcome is Outcome.NOT_ELIGIBLE:
            reasons = [speak(assessment.results[c].reason, tracker) for c in assessment.not_met]
            dispatcher.utter_message(response="utter_outcome_not_eligible", reasons=bullet_list(reasons))
            dispatcher.utter_message(response="utter_other_options")
        elif outcome is Outcome.NEEDS_REVIEW:
            missing = bullet_list(missing_lines(assessment, language, tracker.get_slot(RELATION), answers_of(tracker)))
            dispatcher.utter_message(response="utter_outcome_needs_review", missing=missing)
            dispatcher.utter_message(response="utter_where_to_find")
            dispatcher.utter_message(response="utter_ask_share_help")
        else:
            contact = trial().info["central_contact"]
            dispatcher.utter_message(response="utter_outcome_likely_eligible")
            dispatcher.utter_message(
                response="utter_next_steps_eligible",
                nct_id=trial().nct_id,
                contact=f"{contact['name']}, {contact['title']}",
            )
            dispatcher.utter_message(response="utter_site_checks")
            dispatcher.utter_message(response="utter_ask_share_contact")
        logger.info("screening outcome: chat=%s outcome=%s", log_id(tracker), outcome.value)
        try:
            await asyncio.to_thread(store_screening, tracker, assessment, outcome)
        except Exception:  # a dead store must not keep the patient from the answer
            logger.exception("could not store the screening: chat=%s", log_id(tracker))
        unknown = assessment.unknown if outcome is not Outcome.NOT_ELIGIBLE else []
        if assessment.outcome is None:
            unknown = [c for c, r in assessment.results.items() if r.result is Result.PENDING]
        return [
            SlotSet("screening_outcome", outcome.value),
            SlotSet("criteria_not_met", assessment.not_met),
            SlotSet("criteria_unknown", unknown),
            enter(Phase.OUTCOME if outcome is Outcome.NOT_ELIGIBLE else Phase.CONTACT_OFFER),
        ]
