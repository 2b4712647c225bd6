"""Start the bot: `python -m bot.startup.launcher run | cluster | shell | train`.

run      train if needed, start the action server, the Rasa server, the notifier, the gateway
         (and the Telegram front end when TELEGRAM_BOT_TOKEN is set), print the demo page's address
cluster  the same with several Rasa replicas on PostgreSQL and Redis (bot/startup/cluster.py)
shell    the same, but chat in this terminal (`rasa shell`)
train    only train (skipped when data and config are unchanged)
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time

from bot.gateway.process import start_gateway
from bot.startup.cluster import cluster_settings, redis_env, redis_problem, replica_settings, start_replicas
from bot.startup.processes import Server, rasa_command, start_action_server, start_notifier, start_rasa_server, train
from bot.startup.settings import ROOT, Settings, load_settings
from bot.startup.shutdown import StopFlag


def _how_to_chat(settings: Settings, telegram: bool) -> str:
    url = f"{settings.rasa_url}/webhooks/rest/webhook"
    return (
        "\nThe screening bot is running.\n"
        f"  Demo page with the chat widget: http://127.0.0.1:{settings.gateway_port}/\n"
        f"  Telegram: {'on' if telegram else 'off (set TELEGRAM_BOT_TOKEN to turn it on)'}\n"
        f"  Chat over HTTP (internal):  curl -s -X POST {url} -H 'Content-Type: application/json' \\\n"
        '                     -d \'{"sender": "me", "message": "hi"}\'\n'
        "  Chat in the terminal: make shell\n"
        f"  Conversation state: curl -s '{settings.rasa_url}/conversations/me/tracker?token=<RASA_API_TOKEN>'\n"
        f"  (the development token is in {settings.var_dir / 'rasa_api_token'} unless RASA_API_TOKEN is set)\n"
        f"  Referrals go to {settings.var_dir / 'maildir'} unless SMTP_HOST is set (see README).\n"
        "Press Ctrl-C to stop.\n"
    )


def supervise(servers: list[Server], settings: Settings, telegram: bool) -> int:
    """Wait until the servers are ready, print how to chat, run until Ctrl-C or one dies; stop them all."""
    flag = StopFlag().install()
    try:
        for server in servers:
            server.wait_ready()
        if telegram:  # after Rasa is ready, so the first patients are not told to try later
            from bot.telegram.process import start_telegram

            servers.append(start_telegram(settings, settings.var_dir / "telegram.log"))
            servers[-1].wait_ready()
        print(_how_to_chat(settings, telegram), flush=True)
        while not flag.stopping and all(s.process.poll() is None for s in servers):
            time.sleep(0.5)
    finally:
        for server in reversed(servers):
            server.stop()
    dead = [s.name for s in servers if s.process.returncode not in (0, -15, None)]
    if dead and not flag.stopping:
        print(
            f"Stopped because {', '.join(dead)} exited; see {settings.var_dir}/*.log",
            file=sys.stderr,
        )
        return 1
    return 0


def run(settings: Settings) -> int:
    """Train if needed, start every process, wait until Ctrl-C or one dies."""
    model = train(settings)
    settings.var_dir.mkdir(parents=True, exist_ok=True)
    actions = start_action_server(settings, settings.var_dir / "actions.log")
    rasa = start_rasa_server(settings, model, settings.var_dir / "rasa.log")
    notifier = start_notifier(settings, settings.var_dir / "notifier.log")
    gateway = start_gateway(settings, settings.var_dir / "gateway.log")
    return supervise([actions, rasa, notifier, gateway], settings, bool(os.environ.get("TELEGRAM_BOT_TOKEN")))


def cluster(base: Settings) -> int:
    """Like `run`, with CLUSTER_REPLICAS Rasa servers on PostgreSQL and Redis behind the gateway."""
    lock_env = redis_env()
    problem = redis_problem(lock_env)
    if problem:
        print(f"{problem}; the cluster needs Redis as its lock store (see docs/scale-out.md)", file=sys.stderr)
        return 1
    settings = cluster_settings(base)
    model = train(settings)
    settings.var_dir.mkdir(parents=True, exist_ok=True)
    actions = start_action_server(settings, settings.var_dir / "actions.log")
    ports = [int(url.rsplit(":", 1)[1]) for url in settings.rasa_urls]
    replicas = start_replicas(replica_settings(settings, ports), model, settings.var_dir, lock_env)
    notifier = start_notifier(settings, settings.var_dir / "notifier.log")
    gateway = start_gateway(settings, settings.var_dir / "gateway.log")
    print(f"Cluster: Rasa replicas {', '.join(settings.rasa_urls)}; database {settings.store_url}", flush=True)
    return supervise([actions, *replicas, notifier, gateway], settings, bool(os.environ.get("TELEGRAM_BOT_TOKEN")))


def shell(settings: Settings) -> int:
    """Chat in the terminal with the real action server behind it."""
    model = train(settings)
    actions = start_action_server(settings, settings.var_dir / "actions.log")
    try:
        actions.wait_ready()
        command = [rasa_command(), "shell", "--model", str(model), "--endpoints", "endpoints.yml"]
        return subprocess.call(command, cwd=ROOT, env=settings.process_env())
    finally:
        actions.stop()


def main(argv: list[str] | None = None) -> int:
    """Parse the command and run it."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["run", "cluster", "shell", "train"])
    args = parser.parse_args(argv)
    settings = load_settings()
    if args.command == "train":
        train(settings)
        return 0
    commands = {"run": run, "cluster": cluster, "shell": shell}
    return commands[args.command](settings)


if __name__ == "__main__":
    sys.exit(main())
