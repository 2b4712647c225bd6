"""An HTTP server on a free loopback port, in a daemon thread: the base of the fake outer APIs (Telegram, WeChat).

Used by the tests and by the WeChat bench (`make bench-wechat`), so it lives in bot/ (bot/ never imports tests/).
"""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, TypeVar

Fake = TypeVar("Fake", bound="LoopbackServer")


class LoopbackServer:
    """start() listens, `_handle` answers every GET and POST, stop() stops; `base_url` is where it listens."""

    _server: ThreadingHTTPServer | None = None
    keep_alive = False  # HTTP/1.1 keep-alive: only for a fake whose every answer has a Content-Length

    def _handle(self, request: BaseHTTPRequestHandler) -> None:
        raise NotImplementedError

    def start(self: Fake) -> Fake:
        """Listen on a free loopback port, in a daemon thread."""
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1" if fake.keep_alive else "HTTP/1.0"

            def do_POST(self) -> None:  # noqa: N802 - the http.server hook name
                fake._handle(self)

            do_GET = do_POST  # noqa: N815

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        """Stop listening."""
        if self._server:
            self._server.shutdown()
            self._server.server_close()

    @property
    def base_url(self) -> str:
        """The server's address: what the process under test is given as its API base URL."""
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.server_address[1]}"
