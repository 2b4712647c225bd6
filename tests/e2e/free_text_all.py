"""Every free-text patient of the end-to-end suite, in one list: the test and the figures use it.

Each module of cases adds its list (and its misread cases) here with one line each, so that
`make free-text-figures` counts them all. The cases stay in their own modules, which may
import from tests/e2e/free_text_patients.py without an import loop.
"""

from __future__ import annotations

from tests.e2e.free_text_patients import FREE_TEXT_CASES, MISREAD, REPORT_LINE_CASES
from tests.e2e.patients import Case

ALL_FREE_TEXT_CASES: list[Case] = [
    *FREE_TEXT_CASES,
    *REPORT_LINE_CASES,
]

# Cases the bot misreads today (name -> what goes wrong), from every module: xfail(strict=True).
ALL_MISREAD: dict[str, str] = {
    **MISREAD,
}
