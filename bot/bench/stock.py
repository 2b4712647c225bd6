"""The yardstick: a stock `rasa init` bot, trained in a temporary folder and served on loopback."""

from __future__ import annotations

import subprocess
from pathlib import Path

from bot.startup.processes import Server, _spawn, rasa_command
from bot.startup.settings import Settings

# Fifteen turns the stock bot understands and answers (greet, mood_great, mood_unhappy,
# affirm, bot_challenge, goodbye), as many as an eligible screening of ours.
STOCK_SCRIPT = (
    "hello", "I am great", "are you a bot?", "hi", "I am sad", "yes", "good morning", "very sad",
    "yes", "hey there", "perfect", "bye", "good evening", "not good", "goodbye",
)  # fmt: skip


def init_stock_bot(folder: Path, settings: Settings) -> Path:
    """`rasa init --no-prompt` in `folder` (its own Rasa cache); returns the trained model."""
    project = folder / "stock-bot"
    project.mkdir(parents=True)
    env = {**settings.process_env(), "RASA_CACHE_DIRECTORY": str(folder / "stock-cache")}
    command = [rasa_command(), "init", "--no-prompt", "--init-dir", str(project)]
    subprocess.run(command, cwd=project, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    models = sorted((project / "models").glob("*.tar.gz"))
    if not models:
        raise RuntimeError(f"rasa init produced no model in {project / 'models'}")
    return models[-1]


def start_stock_server(settings: Settings, model: Path, log: Path | None = None) -> Server:
    """Plain `rasa run --enable-api` of the stock project (its own endpoints and credentials) on RASA_PORT."""
    project = model.parent.parent
    command = [
        rasa_command(), "run", "--enable-api", "--auth-token", settings.rasa_api_token, "--model", str(model),
        "--port", str(settings.rasa_port), "--interface", "127.0.0.1",
        "--endpoints", "endpoints.yml", "--credentials", "credentials.yml",
    ]  # fmt: skip
    ready = f"{settings.rasa_url}/status?token={settings.rasa_api_token}"
    return _spawn("stock rasa server", command, settings, ready, log, cwd=project)
