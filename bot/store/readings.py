"""How an answer was read, as the store keeps it: JSON, never a Python dict's text.

`values` maps question ids to the answers read (one message may answer several
questions), `how` is the reader's code (its phrase for people is in the language
data), `details` fill that phrase ("named {medicine}"), and `evidence` holds the
(start, end) spans of the words that decided it, in the patient's stored words.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Mapping

from criteria.model import AnswerValue


def _values(raw: Any) -> dict[str, AnswerValue]:
    if not isinstance(raw, Mapping):
        return {}
    return {str(k): v for k, v in raw.items() if isinstance(v, (str, int)) and not isinstance(v, bool)}


def _spans(raw: Any) -> tuple[tuple[int, int], ...]:
    if not isinstance(raw, list):
        return ()
    return tuple(
        (int(s[0]), int(s[1]))
        for s in raw
        if isinstance(s, (list, tuple)) and len(s) == 2 and all(isinstance(n, int) for n in s) and s[0] <= s[1]
    )


@dataclass(frozen=True)
class StoredReading:
    """One answer's reading: values, the reader's code, its details, the evidence spans."""

    values: dict[str, AnswerValue] = field(default_factory=dict)
    how: str = ""
    details: dict[str, str] = field(default_factory=dict)
    evidence: tuple[tuple[int, int], ...] = ()

    def to_json(self) -> str:
        """The JSON kept in the `answers.reading` column."""
        return json.dumps(
            {
                "values": self.values,
                "how": self.how,
                "details": self.details,
                "evidence": [list(s) for s in self.evidence],
            },
            ensure_ascii=False,
            sort_keys=True,
        )

    @classmethod
    def from_json(cls, text: str | None) -> StoredReading:
        """Read the column back; anything unreadable is an empty reading, never an error."""
        try:
            raw = json.loads(text or "{}")
        except ValueError:
            return cls()
        return cls.from_mapping(raw if isinstance(raw, Mapping) else {})

    @classmethod
    def from_mapping(cls, raw: Mapping[str, Any]) -> StoredReading:
        """From the stored JSON's object, keeping only well-formed parts."""
        details = raw.get("details")
        return cls(
            values=_values(raw.get("values")),
            how=str(raw.get("how") or ""),
            details={str(k): str(v) for k, v in details.items()} if isinstance(details, Mapping) else {},
            evidence=_spans(raw.get("evidence")),
        )

    @classmethod
    def from_log_entry(cls, entry: Mapping[str, Any]) -> StoredReading:
        """From one entry of the chat's answer log (`read_as`, `how`, `details`, `evidence`)."""
        return cls.from_mapping({**entry, "values": entry.get("read_as")})
