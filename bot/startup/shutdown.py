"""A flag that SIGINT (Ctrl-C) and SIGTERM raise, for loops that stop cleanly."""

from __future__ import annotations

import signal


class StopFlag:
    """Set by SIGINT or SIGTERM once installed; loops check `flag.stopping`."""

    def __init__(self) -> None:
        self.stopping = False

    def _raise(self, *_: object) -> None:
        self.stopping = True

    def install(self) -> StopFlag:
        """Catch SIGINT and SIGTERM in this process."""
        signal.signal(signal.SIGINT, self._raise)
        signal.signal(signal.SIGTERM, self._raise)
        return self
