"""The launcher's status file: each child process's state, for the gateway's health views and `make status`.

The launcher (bot/startup/supervisor.py) writes `var/processes.json` atomically whenever a child
changes state; readers take it as it is, or None when there is none (no launcher, e.g. systemd).
It names processes and counts restarts; it holds no patient data.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

STATUS_FILE = "processes.json"
UP = "up"
STARTING = "starting"  # started again, not answering yet
DOWN = "down"  # exited, waiting for its back-off before it is started again
FAILED = "failed"  # exited too often (a crash loop): not started again
STOPPED = "stopped"  # the launcher stopped it (Ctrl-C, SIGTERM)


def status_path(var_dir: Path) -> Path:
    """Where the launcher writes the status file."""
    return var_dir / STATUS_FILE


def write_status(path: Path, status: dict[str, Any]) -> None:
    """Write the status as JSON in one step (a temporary file renamed over the old one)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".processes-", suffix=".json", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            json.dump(status, file, indent=1, sort_keys=True)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def read_status(path: Path) -> dict[str, Any] | None:
    """The status the launcher wrote, or None when there is no (readable) file."""
    try:
        loaded = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return loaded if isinstance(loaded, dict) and isinstance(loaded.get("processes"), list) else None


def serves_turns(name: str) -> bool:
    """True for the processes a patient's turn passes through: a Rasa server or the action server."""
    return name.startswith("rasa") or name.startswith("action")


def restarting(status: dict[str, Any] | None) -> list[str]:
    """The Rasa or action server processes that are being started again (down or starting)."""
    if not status:
        return []
    return [
        str(p.get("name"))
        for p in status["processes"]
        if isinstance(p, dict) and serves_turns(str(p.get("name", ""))) and p.get("state") in (DOWN, STARTING)
    ]
