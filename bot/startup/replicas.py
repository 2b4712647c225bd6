"""Sticky routing of conversations to Rasa replicas.

Several Rasa servers can share one tracker store (PostgreSQL) and lock store (Redis);
each sender still goes to one replica, so its turns are served in order by one process
and the replica's caches stay warm. The choice is rendezvous hashing of the sender id
with each replica's URL: the same in every process and every run, and when a replica is
added or removed only the senders of that replica move.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence


def _weight(url: str, sender: str) -> int:
    return int.from_bytes(hashlib.sha256(f"{url}\0{sender}".encode()).digest()[:8], "big")


def replicas_in_order(sender: str, urls: Sequence[str]) -> list[str]:
    """Every replica URL, the sender's own first, then the one to use when that one is down, and so on."""
    if not urls:
        raise ValueError("no Rasa replica configured")
    return sorted(urls, key=lambda url: _weight(url, sender), reverse=True)


def replica_for(sender: str, urls: Sequence[str]) -> str:
    """The URL of the replica that serves this sender (stable for the same URLs)."""
    return replicas_in_order(sender, urls)[0]


def parse_urls(value: str) -> tuple[str, ...]:
    """Comma-separated base URLs (RASA_URLS), without blanks or a trailing slash."""
    return tuple(url.strip().rstrip("/") for url in value.split(",") if url.strip())
