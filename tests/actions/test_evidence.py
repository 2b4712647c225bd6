"""The answer log's evidence: where the deciding words stand in the patient's own message."""

from __future__ import annotations

import pytest

from actions.answer_log import evidence_spans


@pytest.mark.parametrize(
    ("said", "matched", "spans"),
    [
        ("I had Kadcyla and taxol", ("kadcyla",), [[6, 13]]),  # found whatever the case
        ("Never had HERCEPTIN", ("herceptin",), [[10, 19]]),
        ("a clot and heart failure", ("clot", "heart failure"), [[2, 6], [11, 24]]),
        ("her2 1+", (), []),  # a reader that names no words gives no span
        ("hercepton", ("herceptin",), []),  # words not in the message as typed: no made-up span
        ("anything", ("",), []),
    ],
)
def test_evidence_spans(said: str, matched: tuple[str, ...], spans: list[list[int]]) -> None:
    assert evidence_spans(said, matched) == spans
    for start, end in spans:
        assert said[start:end].lower() in {m.lower() for m in matched}
