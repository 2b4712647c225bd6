"""Serve the gateway: `python -m bot.gateway` (started by `make run`).

Binds GATEWAY_HOST (default 127.0.0.1; 0.0.0.0 to be reachable from other machines,
normally behind a TLS-terminating proxy) on GATEWAY_PORT (default 8000).
"""

from __future__ import annotations

import logging
import os

import uvicorn

from bot.gateway.app import create_app
from bot.gateway.config import load_gateway_config
from bot.startup.settings import load_settings


def main() -> None:
    """Build the app from the environment and serve it until stopped."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s - %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)  # it logs every URL at INFO
    settings = load_settings()
    app = create_app(load_gateway_config(settings))
    uvicorn.run(
        app,
        host=os.environ.get("GATEWAY_HOST", "127.0.0.1"),
        port=settings.gateway_port,
        access_log=False,  # query strings carry session tokens; the app logs what it needs
        server_header=False,
        ws="none",  # no WebSockets here (Rasa pins an old websockets that uvicorn cannot use)
        proxy_headers=True,
        forwarded_allow_ips=os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1"),
        log_level="info",
    )


if __name__ == "__main__":
    main()
