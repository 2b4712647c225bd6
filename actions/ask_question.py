"""The form's ask actions: one per question, all built from the trial data."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.caregiver import RELATION
from actions.screening_state import assess, language_of, progress, trial
from criteria import Question, localize
from criteria.audience import addressed

WHY_BUTTON = {"en": "Why do you ask?", "zh": "为什么问这个？"}


def question_buttons(question: Question, language: str, who: str | None = None) -> list[dict[str, str]]:
    """The options as buttons, plus 'Why do you ask?' (`who`: a caregiver's relation, for their labels)."""
    buttons = [
        {"title": addressed(o.label, language, who), "payload": f'/answer{{"choice": "{o.value}"}}'}
        for o in question.options
    ]
    buttons.append({"title": localize(WHY_BUTTON, language), "payload": "/ask_why"})
    return buttons


def send_question(dispatcher: CollectingDispatcher, tracker: Tracker, question_id: str) -> None:
    """'Question n of N.', the question in plain words, and its buttons."""
    language = language_of(tracker)
    question = trial().question(question_id)
    number, total = progress(tracker, assess(tracker), question)
    dispatcher.utter_message(
        response="utter_question_follow_up" if question.follows else "utter_question",
        number=number,
        total=total,
        question=addressed(question.text, language, tracker.get_slot(RELATION)),
        buttons=question_buttons(question, language, tracker.get_slot(RELATION)),
    )


class AskQuestion(Action, ABC):
    """Ask one question: 'Question n of N', the plain text, the buttons."""

    @property
    @abstractmethod
    def question_id(self) -> str:
        """The question (and slot) this action asks for."""

    def name(self) -> str:
        """Rasa's naming rule for a form's ask action."""
        return f"action_ask_{self.question_id}"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        """Send the question; it changes no slot."""
        send_question(dispatcher, tracker, self.question_id)
        return []


class AskHer2Ihc(AskQuestion):
    """HER2 score."""

    question_id = "her2_ihc"


class AskHer2Ish(AskQuestion):
    """ISH / FISH test, asked only after a 2+ score."""

    question_id = "her2_ish"


class AskAntiHer2(AskQuestion):
    """Any anti-HER2 medicine, ever."""

    question_id = "anti_her2"


class AskChemoMetastatic(AskQuestion):
    """Chemotherapy since the cancer came back or spread."""

    question_id = "chemo_metastatic"


class AskHormoneReceptor(AskQuestion):
    """ER / PR status."""

    question_id = "hormone_receptor"


class AskDiseaseExtent(AskQuestion):
    """Metastatic or unresectable."""

    question_id = "disease_extent"


class AskProgression(AskQuestion):
    """Growth on a scan after the latest treatment."""

    question_id = "progression"


class AskAge(AskQuestion):
    """Age in years."""

    question_id = "age"


class AskDailyActivity(AskQuestion):
    """Everyday activity (ECOG, never named so)."""

    question_id = "daily_activity"


class AskCancerHistory(AskQuestion):
    """Other cancers and complications of this one."""

    question_id = "cancer_history"


class AskHeartLung(AskQuestion):
    """Heart, lung and blood clot problems."""

    question_id = "heart_lung"


class AskOtherConditions(AskQuestion):
    """Liver, kidney, immune, gut, mental health, wounds."""

    question_id = "other_conditions"


class AskAllergies(AskQuestion):
    """Allergies and the study chemo."""

    question_id = "allergies"


# ---- follow-ups of the grouped questions (issue 14): asked only when the condition
# was named and the answer did not already say when it was, or how it is now.


class AskOtherCancerWhen(AskQuestion):
    """When the other cancer was (EXC-01: 5 years)."""

    question_id = "other_cancer_when"


class AskFluidRepeated(AskQuestion):
    """Fluid drained again and again (EXC-17.3)."""

    question_id = "fluid_repeated"


class AskBrainActive(AskQuestion):
    """Cancer in the brain active now (EXC-17.4)."""

    question_id = "brain_active"


class AskIldSteroids(AskQuestion):
    """Lung inflammation that needed steroids (EXC-05)."""

    question_id = "ild_steroids"


class AskLungDiseaseWhen(AskQuestion):
    """When the lung disease was moderate or severe (EXC-06: 3 months)."""

    question_id = "lung_disease_when"


class AskClotWhen(AskQuestion):
    """When the blood clot was (EXC-07: 6 months)."""

    question_id = "clot_when"


class AskHepatitisControlled(AskQuestion):
    """Hepatitis under control or cured (EXC-11)."""

    question_id = "hepatitis_controlled"
