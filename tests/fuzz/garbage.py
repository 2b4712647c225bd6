"""What the fuzz tests throw: hypothesis strategies for hostile texts, wrong JSON types and broken bodies."""

from __future__ import annotations

import json
import os
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from actions.verified_intent import said_plainly
from tests.actions.trackers import make_tracker

# Fixed nasty inputs, drawn among the random ones so every run meets each kind at least sometimes.
NASTY_TEXTS = [
    "<script>alert(document.cookie)</script>",
    "<img src=x onerror=alert(1)>",
    "javascript:alert(1)//",
    '"><svg onload=alert(1)>',
    "'; DROP TABLE screenings; --",
    "1 OR 1=1; DELETE FROM referrals WHERE '1'='1",
    "' UNION SELECT key FROM participants --",
    # a right-to-left override, Hebrew, Arabic
    "\u202eevil\u202c \u05e9\u05dc\u05d5\u05dd \u0645\u0631\u062d\u0628\u0627",
    "\u200f\u200e\u2066\u2067\u2068\u2069",  # direction marks and isolates only
    "👩🏽‍⚕️🧬💊 🏳️‍🌈 \U0001f1e8\U0001f1f3 ❤️‍🔥",  # emoji with joiners, modifiers, flags
    "\x00\x01\x02\x1b[31mred\x1b[0m\x7f",  # NUL, other control characters, an ANSI escape
    "Z\u0351\u0352\u0353\u0354a\u0355\u0356\u0357l\u0358\u0359go",  # combining marks
    "\ud7ff\ue000\uffff\U0010ffff",  # edges of the code space
    '/answer{"choice": ',  # a broken button payload
    '/answer{"choice": {"$ne": null}}',  # a payload with an object where a string belongs
    "/restart_nonexistent_intent",
    "{{7*7}} ${7*7} %s %n",  # template and format strings
    "../../../../etc/passwd",
    "A" * 100_000,  # 100 kB
    "é" * 50_000,  # 100 kB of two-byte characters
]

# Code points of the hostile kinds; hypothesis mixes them with any others.
RTL = st.characters(min_codepoint=0x0590, max_codepoint=0x08FF)  # Hebrew, Arabic, Syriac ...
EMOJI = st.characters(min_codepoint=0x1F300, max_codepoint=0x1FAFF)
CONTROL = st.characters(max_codepoint=0x1F) | st.sampled_from(["\x7f", "\u200b", "\u202e", "\ufeff", "\u2028"])
ANY_CHAR = st.characters(codec="utf-8")  # any code point JSON can carry (no lone surrogates)

texts = st.one_of(
    st.text(ANY_CHAR, max_size=300),
    st.text(RTL | EMOJI | CONTROL | ANY_CHAR, min_size=1, max_size=300),
    st.sampled_from(NASTY_TEXTS),
    st.builds(lambda c, n: c * n, st.sampled_from(["x", "中", "🙂", "\u202e", " "]), st.integers(2_000, 100_000)),
)

# JSON values of every type: anything that is not a string where a string belongs.
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)
not_strings = json_values.filter(lambda value: not isinstance(value, str))

# Bodies that are not JSON at all, or JSON cut short.
broken_bodies = st.one_of(
    st.binary(max_size=200),
    st.sampled_from([b"", b"{", b'{"message": ', b"[", b"null", b"\xff\xfe\x00", b"{'single': 'quotes'}", b"NaN"]),
    st.text(max_size=100).map(lambda t: ("{" + t).encode("utf-8", "surrogatepass")),
)

CONTENT_TYPES = [
    "application/json",
    "text/plain",
    "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=x",
    "application/xml",
    "application/json; charset=latin-1",
    "",
]


def reads_as_yes(text: str) -> bool:
    """True when the bot takes the text for a plain yes ("y", "ok", ...): no garbage, it may confirm a summary."""
    return said_plainly(make_tracker({}, text), "yes")


def dumps(value: Any) -> bytes:
    """JSON as UTF-8 bytes (non-ASCII kept as is, the way browsers send it)."""
    return json.dumps(value, ensure_ascii=False).encode("utf-8", "surrogatepass")


def fuzz_settings(examples: int) -> settings:
    """Hypothesis settings: `examples` (or FUZZ_EXAMPLES for a longer run), no deadline, real servers."""
    return settings(
        max_examples=int(os.environ.get("FUZZ_EXAMPLES", examples)),
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
        database=None,  # no example database left in the working tree
    )
