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
    """The processes being started again (down or starting) that stop every turn meanwhile.

    The action server, or the Rasa servers when none of them is up: with several replicas, the
    others carry the conversations of one that is down (bot/rasa_client.py hands them over).
    """
    if not status:
        return []
    serving = [p for p in status["processes"] if isinstance(p, dict) and serves_turns(str(p.get("name", "")))]
    back = [str(p.get("name")) for p in serving if p.get("state") in (DOWN, STARTING)]
    rasa_up = [p for p in serving if str(p.get("name", "")).startswith("rasa") and p.get("state") == UP]
    return [name for name in back if not (name.startswith("rasa") and rasa_up)]


def will_restart(status: dict[str, Any] | None) -> bool:
    """True when a launcher supervises Rasa and the action server and none of them has failed or stopped.

    Then a server that does not answer is being (or is about to be) started again: the supervisor
    notices an exit within a moment, but a patient's turn may fail first (seen in
    tests/e2e/test_supervision.py: "cannot answer right now" where "restarting" was true).
    """
    if not status:
        return False
    serving = [p for p in status["processes"] if isinstance(p, dict) and serves_turns(str(p.get("name", "")))]
    return bool(serving) and all(p.get("state") not in (FAILED, STOPPED) for p in serving)


def launcher_alive(status: dict[str, Any]) -> bool:
    """True when the process that wrote the status is still running (or the status does not say which)."""
    pid = status.get("launcher_pid")
    if not isinstance(pid, int) or pid <= 0:
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # running, as another user
        return True
    return True


class StatusFile:
    """The launcher's status file, read again only when it changed."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._seen: tuple[int, int] | None = None
        self._status: dict[str, Any] | None = None

    def read(self) -> dict[str, Any] | None:
        """The status as last written, or None when there is no file."""
        if self.path is None:
            return None
        try:
            stat = os.stat(self.path)
        except OSError:
            self._seen, self._status = None, None
            return None
        if (stat.st_mtime_ns, stat.st_ino) != self._seen:
            self._status = read_status(self.path)
            self._seen = (stat.st_mtime_ns, stat.st_ino)
        if self._status and not launcher_alive(self._status):
            return None  # the launcher was killed (SIGKILL): what it wrote last is no longer true
        return self._status

    def restarting(self) -> list[str]:
        """The Rasa or action server processes the launcher says are not up."""
        return restarting(self.read())

    def will_restart(self) -> bool:
        """True when the launcher will start a Rasa or action server that does not answer again."""
        return will_restart(self.read())


def actions_health_url(webhook_url: str) -> str:
    """The action server's /health beside its /webhook (ACTION_ENDPOINT_URL)."""
    return webhook_url.rstrip("/").removesuffix("/webhook") + "/health"


def main() -> int:
    """`make status`: the gateway's detail view, or the launcher's status file when the gateway does not answer."""
    import sys
    import urllib.error
    import urllib.request

    from bot.startup.settings import var_dir

    url = f"http://127.0.0.1:{os.environ.get('GATEWAY_PORT', '8000')}/healthz?detail=1"
    try:
        with urllib.request.urlopen(url, timeout=10) as reply:
            print(json.dumps(json.loads(reply.read()), indent=2))
            return 0
    except (urllib.error.URLError, OSError, ValueError) as error:
        print(f"The gateway does not answer at {url} ({error.__class__.__name__}).", file=sys.stderr)
    status = read_status(status_path(var_dir()))
    if status is None:
        print(f"No status file at {status_path(var_dir())}: is the bot running (make run)?", file=sys.stderr)
        return 1
    if not launcher_alive(status):
        print("The launcher that wrote this is no longer running: the states below are its last.", file=sys.stderr)
    print(json.dumps(status, indent=2))
    return 1


if __name__ == "__main__":
    raise SystemExit(main())
