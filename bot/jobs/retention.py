"""`make purge`: delete identifiable data older than RETENTION_DAYS, keeping anonymous counts."""

from __future__ import annotations

import os

from bot.startup.settings import load_settings
from bot.store.database import make_engine, migrate, transaction
from bot.store.retention import purge, purge_conversations


def main() -> int:
    """Run the purge once and say how many screenings went."""
    settings = load_settings()
    days = int(os.environ.get("RETENTION_DAYS", "365"))
    engine = make_engine(settings.store_url)
    migrate(engine)
    with transaction(engine) as session:
        purged = purge(session, older_than_days=days)
    chats = purge_conversations(settings.tracker_url, older_than_days=days)
    print(f"purged {purged} screening(s) and {chats} conversation(s) older than {days} days; daily counts kept")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
