"""Everything understanding/ builds on first use, built at start-up: `warm_up()`.

The first patient should not wait for jieba's dictionary, OpenCC, the term finders'
matchers or the compiled word patterns of each language (several seconds in all).
The action server and the Rasa components call `warm_up()` once when they start.
"""

from __future__ import annotations

import datetime as dt

from criteria import load_trial
from understanding.interpret import interpret
from understanding.language import languages
from understanding.startup import prepare
from understanding.terms.matcher import medical_terms
from understanding.yes_no import prompt_answer

_SAMPLE = "0"  # any text: read once on every question, in every language, to build the patterns


def warm_up() -> None:
    """Register and warm the segmenters, build the shared term finders, read one answer per question and language."""
    prepare()
    medical_terms().find(_SAMPLE)
    today = dt.date.today()
    for language in languages():
        for question in load_trial().questions:
            interpret(question, _SAMPLE, language, today=today)
        prompt_answer(_SAMPLE, None, language)
