"""`python -m bot.store`: bring the store's schema (DATABASE_URL, or SQLite under var/) to the newest revision.

Run it before starting a new release (docs/deploy.md): the processes also migrate at start,
one at a time, but an upgrade should find out about a failing migration before any restart.
"""

from __future__ import annotations

import sys

from sqlalchemy import text

from bot.startup.settings import var_dir
from bot.store.database import database_url, make_engine, migrate


def main() -> int:
    """Migrate, then print the revision the store is at."""
    var_dir().mkdir(parents=True, exist_ok=True)  # the default SQLite file lives there
    engine = make_engine(database_url(var_dir()))
    try:
        migrate(engine)
        with engine.connect() as connection:
            revision = connection.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
    finally:
        engine.dispose()
    print(f"store schema at revision {revision} ({engine.url.render_as_string(hide_password=True)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
