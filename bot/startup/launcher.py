"""Start the bot: `python -m bot.startup.launcher run | cluster | shell | train`.

run      train if needed, start the action server, the Rasa server, the notifier, the gateway
         (and the Telegram front end when TELEGRAM_BOT_TOKEN is set, the WeChat one when
         WECHAT_APP_ID, WECHAT_APP_SECRET and WECHAT_TOKEN are), print the demo page's address
cluster  the same with several Rasa replicas on PostgreSQL and Redis (bot/startup/cluster.py)
shell    the same, but chat in this terminal (`rasa shell`)
train    only train (skipped when data and config are unchanged)
"""

from __future__ import annotations

import argparse
import functools
import os
import subprocess
import sys
from collections.abc import Callable, Mapping

from bot.gateway.process import start_gateway
from bot.startup.cluster import (
    cluster_settings,
    redis_env,
    redis_problem,
    replica_settings,
    start_replica,
    start_replicas,
)
from bot.startup.processes import Server, rasa_command, start_action_server, start_notifier, start_rasa_server, train
from bot.startup.settings import ROOT, Settings, load_settings
from bot.startup.shutdown import StopFlag
from bot.startup.status import STARTING, status_path
from bot.startup.supervisor import Supervised, Supervisor
from bot.wechat.config import enabled as wechat_enabled


def channels_on(env: Mapping[str, str] | None = None) -> dict[str, bool]:
    """Which channel front ends the environment turns on: Telegram (a bot token), WeChat (its three settings)."""
    env = os.environ if env is None else env
    return {"telegram": bool(env.get("TELEGRAM_BOT_TOKEN")), "wechat": wechat_enabled(env)}


def _how_to_chat(settings: Settings, channels: Mapping[str, bool]) -> str:
    url = f"{settings.rasa_url}/webhooks/rest/webhook"
    wechat = (
        f"on: give WeChat http(s)://<this host>:{settings.gateway_port}/wechat"
        if channels.get("wechat")
        else "off (set WECHAT_APP_ID, WECHAT_APP_SECRET and WECHAT_TOKEN to turn it on)"
    )
    return (
        "\nThe screening bot is running.\n"
        f"  Demo page with the chat widget: http://127.0.0.1:{settings.gateway_port}/\n"
        f"  Telegram: {'on' if channels.get('telegram') else 'off (set TELEGRAM_BOT_TOKEN to turn it on)'}\n"
        f"  WeChat: {wechat}\n"
        f"  Chat over HTTP (internal):  curl -s -X POST {url} -H 'Content-Type: application/json' \\\n"
        '                     -d \'{"sender": "me", "message": "hi"}\'\n'
        "  Chat in the terminal: make shell\n"
        f"  Conversation state: curl -s '{settings.rasa_url}/conversations/me/tracker?token=<RASA_API_TOKEN>'\n"
        f"  (the development token is in {settings.var_dir / 'rasa_api_token'} unless RASA_API_TOKEN is set)\n"
        f"  Referrals go to {settings.var_dir / 'maildir'} unless SMTP_HOST is set (see README).\n"
        "Press Ctrl-C to stop.\n"
    )


Starter = Callable[[], Server]


def _channel_starter(name: str, settings: Settings) -> Starter:
    """How to start one channel front end (imported only when it is on)."""
    if name == "telegram":
        from bot.telegram.process import start_telegram

        return functools.partial(start_telegram, settings, settings.var_dir / "telegram.log")
    from bot.wechat.process import start_wechat

    return functools.partial(start_wechat, settings, settings.var_dir / "wechat.log")


def supervise(started: list[tuple[Server, Starter]], settings: Settings, channels: Mapping[str, bool]) -> int:
    """Keep the servers running until Ctrl-C or SIGTERM; print how to chat once they all answer.

    A child that exits, also while the others are still starting, is started again with
    back-off; a crash loop leaves only that child down (bot/startup/supervisor.py). The
    channel front ends (Telegram, WeChat) start once Rasa answers, so their first patients are
    not told to try later. The children's state is in var/processes.json (`make status`).
    """
    flag = StopFlag().install()
    supervisor = Supervisor(
        [Supervised(server.name, start, server, state=STARTING) for server, start in started],
        status_path(settings.var_dir),
    )
    rasa = [server.name for server, _start in started if server.name.startswith("rasa")]
    waiting = [name for name, on in channels.items() if on]
    announce = [True]

    def after_step() -> None:
        if waiting and all(supervisor.is_up(name) for name in rasa):
            for name in waiting:
                start = _channel_starter(name, settings)
                front_end = start()
                supervisor.add(Supervised(front_end.name, start, front_end, state=STARTING))
            waiting.clear()
        if announce[0] and not waiting and supervisor.all_up():
            print(_how_to_chat(settings, channels), flush=True)
            announce[0] = False

    try:
        supervisor.run(lambda: flag.stopping, after_step=after_step)
    finally:
        supervisor.stop_all()
    if supervisor.all_failed() and not flag.stopping:
        print(f"Stopped: every process failed; see {settings.var_dir}/*.log", file=sys.stderr)
        return 1
    return 0


def run(settings: Settings) -> int:
    """Train if needed, start every process, keep them running until Ctrl-C."""
    model = train(settings)
    settings.var_dir.mkdir(parents=True, exist_ok=True)
    var = settings.var_dir
    starters: list[Starter] = [
        functools.partial(start_action_server, settings, var / "actions.log"),
        functools.partial(start_rasa_server, settings, model, var / "rasa.log"),
        functools.partial(start_notifier, settings, var / "notifier.log"),
        functools.partial(start_gateway, settings, var / "gateway.log"),
    ]
    return supervise([(start(), start) for start in starters], settings, channels_on())


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
    var = settings.var_dir
    actions = functools.partial(start_action_server, settings, var / "actions.log")
    started: list[tuple[Server, Starter]] = [(actions(), actions)]
    ports = [int(url.rsplit(":", 1)[1]) for url in settings.rasa_urls]
    replicas = replica_settings(settings, ports)
    for replica, server in zip(replicas, start_replicas(replicas, model, var, lock_env), strict=True):
        started.append((server, functools.partial(start_replica, replica, model, var, lock_env)))
    for start in (
        functools.partial(start_notifier, settings, var / "notifier.log"),
        functools.partial(start_gateway, settings, var / "gateway.log"),
    ):
        started.append((start(), start))
    print(f"Cluster: Rasa replicas {', '.join(settings.rasa_urls)}; database {settings.store_url}", flush=True)
    return supervise(started, settings, channels_on())


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
