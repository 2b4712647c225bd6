"""The pure parts: reading stored answers back, the follow-up rule, flags without a chat, charts, CSV cells."""

from __future__ import annotations

import ast
import datetime as dt
from types import SimpleNamespace
from typing import Any

import pytest

from bot.navigator.charts import _nice_top, funnel_svg, weekly_svg
from bot.navigator.conversation import transcript
from bot.navigator.export import safe_cell
from bot.navigator.overview import Step, Week, monday
from bot.navigator.summary import final_answers
from bot.navigator.workflow import MOVES, STATUSES
from bot.store.readings import StoredReading
from criteria import load_trial


@pytest.mark.parametrize(
    ("stored", "values", "how"),
    [
        (
            '{"values": {"her2_ihc": "2+", "her2_ish": "negative"}, "how": "her2_read"}',
            {"her2_ihc": "2+", "her2_ish": "negative"},
            "her2_read",
        ),
        ('{"values": {"age": 54}, "how": "age_read", "evidence": [[4, 6]]}', {"age": 54}, "age_read"),
        # unreadable or odd JSON is an empty reading, never an error
        (None, {}, ""),
        ("", {}, ""),
        ("{'age': 54}", {}, ""),
        ('["age"]', {}, ""),
        ('{"values": {"age": true, "her2_ihc": ["1+"], "anti_her2": "no"}}', {"anti_her2": "no"}, ""),
    ],
)
def test_stored_readings_are_read_back(stored: str | None, values: dict[str, Any], how: str) -> None:
    reading = StoredReading.from_json(stored)
    assert reading.values == values
    assert reading.how == how


def test_a_log_entry_round_trips_through_the_store_json() -> None:
    entry = {"question": "anti_her2", "read_as": {"anti_her2": "no"}, "how": "said_never", "evidence": [[0, 5]]}
    stored = StoredReading.from_log_entry(entry).to_json()
    assert StoredReading.from_json(stored) == StoredReading({"anti_her2": "no"}, "said_never", {}, ((0, 5),))


def answer(answer_id: int, question: str, read_as: str) -> Any:
    values = StoredReading.from_mapping({"values": ast.literal_eval(read_as)})
    return SimpleNamespace(id=answer_id, question_id=question, reading=values.to_json())


def test_changing_the_her2_score_clears_the_old_ish_result() -> None:
    trial = load_trial()
    rows = [
        answer(1, "her2_ihc", "{'her2_ihc': '2+'}"),
        answer(2, "her2_ish", "{'her2_ish': 'positive'}"),
        answer(3, "her2_ihc", "{'her2_ihc': '1+'}"),  # changed from the summary
    ]
    assert final_answers(trial, rows) == {"her2_ihc": "1+"}
    both = [answer(1, "her2_ihc", "{'her2_ihc': '2+', 'her2_ish': 'negative'}")]  # one message, both tests
    assert final_answers(trial, both) == {"her2_ihc": "2+", "her2_ish": "negative"}


def test_every_status_has_a_label_and_every_move_is_to_a_known_status() -> None:
    assert set(MOVES) == set(STATUSES)
    assert all(target in STATUSES and target != source for source, moves in MOVES.items() for target in moves)
    path = ["new", "contacted", "visit_booked", "enrolled"]
    assert all(b in MOVES[a] for a, b in zip(path, path[1:], strict=False))


def test_transcript_shows_pressed_buttons_by_title_and_commands_as_sent() -> None:
    offered = {"buttons": [{"title": "1+", "payload": '/answer{"choice": "1+"}'}]}
    lines = transcript(
        [
            {"event": "bot", "timestamp": 0, "text": "Question 1", "data": offered},
            {"event": "user", "timestamp": 1, "text": '/answer{"choice": "1+"}'},
            {"event": "user", "timestamp": 2, "text": "/restart"},
            {"event": "user", "timestamp": 3, "text": "<b>hi</b>"},
            {"event": "slot", "name": "phase", "value": "x"},
        ]
    )
    assert [(line.speaker, line.text, line.button, line.control) for line in lines] == [
        ("bot", "Question 1", False, False),
        ("patient", "1+", True, False),
        ("patient", "/restart", False, True),
        ("patient", "<b>hi</b>", False, False),  # kept as typed: the template escapes it
    ]
    assert lines[0].buttons == ("1+",) and lines[1].at == dt.datetime(1970, 1, 1, 0, 0, 1)


@pytest.mark.parametrize(("cell", "safe"), [("=1+1", "'=1+1"), ("+86 1", "'+86 1"), ("-2", "'-2"), ("@A", "'@A"),
                                              ("\tx", "'\tx"), ("plain", "plain"), (None, ""), (7, "7")])  # fmt: skip
def test_csv_cells_never_start_a_formula(cell: object, safe: str) -> None:
    assert safe_cell(cell) == safe


def test_the_funnel_chart_escapes_its_words_and_shows_every_step() -> None:
    steps = [Step("Started", 10, ""), Step("A <b> & c", 5, ""), Step("Enrolled", 0, "")]
    svg = str(funnel_svg(steps))
    assert svg.startswith('<svg class="chart funnel"') and svg.count("<rect") == 3
    assert "A &lt;b&gt; &amp; c: 5 (50%)" in svg and "<b>" not in svg
    assert "Enrolled: 0 (0%)" in svg and 'role="img"' in svg


def test_the_weekly_chart_stacks_outcomes_and_labels_the_last_week() -> None:
    start = monday(dt.date(2026, 3, 4))
    weeks = [
        Week(start + dt.timedelta(weeks=i), {"likely_eligible": i, "needs_review": 1, "not_eligible": 0})
        for i in range(12)
    ]
    svg = str(weekly_svg(weeks))
    assert svg.count('class="o-needs_review"') == 12 + 1  # a column part each week, and the legend
    assert svg.count('class="o-not_eligible"') == 1  # only the legend: no zero-height rectangles
    assert f">{weeks[-1].start:%d %b}<" in svg  # this week's column is labelled
    assert [_nice_top(n) for n in (0, 3, 7, 12, 51, 100)] == [1, 3, 10, 20, 100, 100]


def test_the_transcript_hides_contact_details_unless_asked() -> None:
    events: list[dict[str, Any]] = [
        {"event": "slot", "name": "requested_slot", "value": "contact_name"},
        {"event": "bot", "text": "What is your name?", "data": {}},
        {"event": "user", "text": "Mei Wong"},
        {"event": "slot", "name": "requested_slot", "value": "contact_reach"},
        {"event": "user", "text": "mei@example.org"},
        {"event": "slot", "name": "requested_slot", "value": None},
        {"event": "bot", "text": "- Name: Mei Wong", "metadata": {"utter_action": "utter_contact_read_back"}},
        {"event": "user", "text": "yes, send it"},
    ]
    hidden = [line.text for line in transcript(events)]
    assert "Mei Wong" not in str(hidden) and "mei@example.org" not in str(hidden)
    assert hidden[0] == "What is your name?" and hidden[-1] == "yes, send it" and hidden.count(hidden[1]) == 3
    shown = [line.text for line in transcript(events, show_contact=True)]
    assert shown[1:4] == ["Mei Wong", "mei@example.org", "- Name: Mei Wong"]
