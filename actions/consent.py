"""The two consents a patient gives, the texts each covers, and how they are recorded.

A consent's version is a hash of the words the patient agreed to, so it changes
whenever those words change; the version and the time are stored with the screening.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from typing import Any

SCREENING = "screening"  # to start the questions
SHARE_CONTACT = "share_contact"  # to pass contact details to the study team

# The responses whose words each consent covers.
TEXTS = {
    SCREENING: ("utter_greet", "utter_explain_process", "utter_privacy", "utter_ask_consent"),
    SHARE_CONTACT: ("utter_ask_share_contact", "utter_ask_share_help"),
}


def consent_version(purpose: str, domain: dict[str, Any]) -> str:
    """A version that changes whenever the words the patient agreed to change: a hash of them."""
    texts = {name: domain.get("responses", {}).get(name) for name in TEXTS[purpose]}
    digest = hashlib.sha256(json.dumps(texts, sort_keys=True).encode("utf-8")).hexdigest()[:12]
    return f"{purpose}-{digest}"


def consent_record(purpose: str, domain: dict[str, Any]) -> dict[str, str]:
    """What is kept of one agreement: its purpose, the version of the words, and when."""
    now = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")
    return {"version": consent_version(purpose, domain), "at": now, "purpose": purpose}
