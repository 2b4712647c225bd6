"""A tracker store that fails fails the turn, instead of Rasa starting the conversation over in memory.

Rasa 3.6 wraps every tracker store in `FailSafeTrackerStore`: when reading a
conversation fails (the database restarting, say) it carries on with no
conversation at all, so the patient's answer lands in a new, empty one and the
bot greets them again; when saving fails it keeps the turn in memory only, lost
at the next restart. Found by the fault tests (tests/faults/, PostgreSQL
restarted under load). Here the error is logged and raised again: the REST
channel answers 503, the gateway asks the patient to try again, and the
conversation in the database is untouched.
"""

from __future__ import annotations

import logging
from typing import Any

logger = logging.getLogger(__name__)


def fail_the_turn(self: Any, error: Exception) -> None:
    """Drop-in for FailSafeTrackerStore's error handlers: log the kind of error, raise it again."""
    logger.error("the tracker store failed (%s): this turn fails, nothing is kept in memory", type(error).__name__)
    raise error


def apply() -> None:
    """Install it in this process (the Rasa server)."""
    from rasa.core.tracker_store import FailSafeTrackerStore

    FailSafeTrackerStore.on_tracker_store_error = fail_the_turn  # type: ignore[method-assign]
    FailSafeTrackerStore.on_tracker_store_retrieve_error = fail_the_turn  # type: ignore[method-assign]
