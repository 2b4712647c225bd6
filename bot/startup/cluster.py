"""Several Rasa replicas behind one gateway: PostgreSQL tracker store, Redis lock store.

`python -m bot.startup.launcher cluster` (`make run-cluster`) starts one action server, CLUSTER_REPLICAS
Rasa servers (default 2, on RASA_PORT, RASA_PORT+1, ...), the notifier and the gateway, which
sends each sender to one replica (bot/startup/replicas.py). Every replica uses endpoints.cluster.yml:
the tracker store and the store live in one PostgreSQL database (CLUSTER_DATABASE_URL, created
when missing) and Redis (REDIS_HOST, REDIS_PORT, REDIS_DB) holds the conversation locks.
See docs/scale-out.md.
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bot.startup.processes import Server, start_rasa_server
from bot.startup.settings import Settings, sqlalchemy_url

CLUSTER_ENDPOINTS = "endpoints.cluster.yml"
DEFAULT_DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/nct06561607_cluster"


def redis_env(key_prefix: str = "nct06561607") -> dict[str, str]:
    """The variables endpoints.cluster.yml reads for the lock store (environment, else defaults)."""
    env = os.environ
    return {
        "REDIS_HOST": env.get("REDIS_HOST", "127.0.0.1"),
        "REDIS_PORT": env.get("REDIS_PORT", "6379"),
        "REDIS_DB": env.get("REDIS_DB", "1"),
        "REDIS_KEY_PREFIX": env.get("REDIS_KEY_PREFIX", key_prefix),  # letters and digits only (Rasa's rule)
    }


def redis_problem(env: dict[str, str]) -> str | None:
    """Why Redis cannot be used as the lock store, or None when it answers PING."""
    import redis

    client = redis.Redis(host=env["REDIS_HOST"], port=int(env["REDIS_PORT"]), socket_timeout=3)
    try:
        client.ping()
    except redis.RedisError as error:
        return f"Redis not reachable at {env['REDIS_HOST']}:{env['REDIS_PORT']}: {error.__class__.__name__}"
    finally:
        client.close()
    return None


def ensure_database(url: str) -> str:
    """Create the PostgreSQL database of this URL when it does not exist yet; return the URL."""
    target = make_url(sqlalchemy_url(url))
    admin = create_engine(target.set(database="postgres"), future=True, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            exists = connection.execute(
                text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": target.database}
            ).first()
            if not exists:
                connection.execute(text(f'CREATE DATABASE "{target.database}"'))
    finally:
        admin.dispose()
    return sqlalchemy_url(url)


def replica_settings(settings: Settings, ports: list[int]) -> list[Settings]:
    """One copy of the settings per replica, differing only in the Rasa port."""
    return [dataclasses.replace(settings, rasa_port=port) for port in ports]


def cluster_settings(settings: Settings) -> Settings:
    """The settings of `make run-cluster`: one PostgreSQL database, CLUSTER_REPLICAS replica URLs."""
    database = ensure_database(os.environ.get("CLUSTER_DATABASE_URL", DEFAULT_DATABASE_URL))
    count = int(os.environ.get("CLUSTER_REPLICAS", "2"))
    urls = tuple(f"http://127.0.0.1:{settings.rasa_port + i}" for i in range(count))
    return dataclasses.replace(settings, database_url=database, tracker_store_url=None, rasa_replicas=urls)


def start_replica(replica: Settings, model: Path, log_dir: Path, lock_env: dict[str, str]) -> Server:
    """Start one Rasa replica (its log: rasa-<port>.log); the caller waits until it is ready."""
    return start_rasa_server(replica, model, log_dir / f"rasa-{replica.rasa_port}.log", CLUSTER_ENDPOINTS, lock_env)


def start_replicas(replicas: list[Settings], model: Path, log_dir: Path, lock_env: dict[str, str]) -> list[Server]:
    """Start the Rasa replicas one after the other (the first creates the tracker tables)."""
    started: list[Server] = []
    try:
        for replica in replicas:
            started.append(start_replica(replica, model, log_dir, lock_env))
            started[-1].wait_ready()
    except BaseException:
        for server in started:
            server.stop()
        raise
    return started
