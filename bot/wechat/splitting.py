"""Long replies cut under WeChat's size limit for a text message, at a sentence end where possible."""

from __future__ import annotations

import re

TEXT_LIMIT_BYTES = 2048  # customer-service text messages: at most 2048 bytes of UTF-8
# Places to cut, best first: a blank line, a line break, a sentence end, a space.
CUTS = (
    re.compile(r"\n\s*\n"),
    re.compile(r"\n"),
    re.compile(r"(?<=[。！？；…])|(?<=[.!?;])(?=\s)"),
    re.compile(r"(?<=[，、,])|\s"),
)


def _fitting_prefix(text: str, limit: int) -> int:
    """How many characters of the text fit in `limit` bytes of UTF-8."""
    return len(text.encode("utf-8")[:limit].decode("utf-8", errors="ignore"))


def _cut(head: str) -> int:
    """Where to cut a piece that is too long: the last good place in it (0: none)."""
    for pattern in CUTS:
        ends = [m.end() for m in pattern.finditer(head) if m.end() > len(head) // 4]  # never cut to a sliver
        if ends:
            return ends[-1]
    return 0


def split_text(text: str, limit: int = TEXT_LIMIT_BYTES) -> list[str]:
    """The text in pieces of at most `limit` bytes each, cut between sentences where possible."""
    pieces = []
    rest = text.strip()
    while len(rest.encode("utf-8")) > limit:
        head = rest[: _fitting_prefix(rest, limit)]
        cut = _cut(head) or len(head)
        pieces.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest:
        pieces.append(rest)
    return [piece for piece in pieces if piece]
