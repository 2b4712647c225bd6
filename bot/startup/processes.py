"""Train the model and start the Rasa and action servers as child processes."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Sequence

from bot.startup.settings import ROOT, Settings

DATA_PATHS = ("nlu/data/en", "nlu/data/zh", "bot/flows")
# Files outside the data paths that a model is built from (the medical-terms component's
# lexicon and the language words it snapshots).
MODEL_INPUTS = ("criteria/data/medicines.yml", "understanding/languages/en.yml", "understanding/languages/zh.yml")
# Code a model is built with: our NLU components and the term finders they wrap.
MODEL_CODE = ("nlu", "understanding/terms")


def rasa_command() -> str:
    """The `rasa` executable of this virtual environment."""
    return str(Path(sys.executable).parent / "rasa")


def free_port() -> int:
    """A TCP port on loopback that is free right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def training_fingerprint(config: str = "config.yml", root: Path = ROOT) -> str:
    """A hash of everything a model is trained from: config, domain, data, lexicon, words, code, Rasa's version."""
    import hashlib

    import rasa

    digest = hashlib.sha256(rasa.__version__.encode())
    files = [root / config, root / "domain.yml", *(root / p for p in MODEL_INPUTS)]
    for folder in dict.fromkeys((*DATA_PATHS, *MODEL_CODE)):
        found = sorted(p for p in (root / folder).rglob("*") if p.is_file() and "__pycache__" not in p.parts)
        files += [p for p in found if p not in files]
    for path in files:
        digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def train(
    settings: Settings,
    config: str = "config.yml",
    out: Path | None = None,
    extra_env: dict[str, str] | None = None,
    force: bool = False,
) -> Path:
    """Train, unless a model of exactly this config, domain and data is already there."""
    out = out or settings.models_dir
    name = f"{Path(config).stem}-{training_fingerprint(config)}"
    model = out / f"{name}.tar.gz"
    if model.exists() and not force:
        return model
    command = [
        rasa_command(), "train", "--config", config, "--domain", "domain.yml",
        "--data", *DATA_PATHS, "--out", str(out), "--fixed-model-name", name,
    ]  # fmt: skip
    subprocess.run(command, cwd=ROOT, env={**settings.process_env(), **(extra_env or {})}, check=True)
    if not model.exists():
        raise RuntimeError(f"training produced no model at {model}")
    return model


@dataclass
class Server:
    """A started server process and the URL that tells when it is ready."""

    name: str
    process: subprocess.Popen[bytes]
    ready_url: str
    log: IO[bytes] | None = None

    def wait_ready(self, timeout: float = 180.0) -> None:
        """Poll the ready URL until it answers 200; fail if the process dies."""
        if not self.ready_url:  # nothing to poll: alive after a moment is ready
            time.sleep(1.0)
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.process.returncode}")
            return
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.process.returncode}")
            try:
                with urllib.request.urlopen(self.ready_url, timeout=2) as reply:
                    if reply.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.5)
        raise TimeoutError(f"{self.name} not ready after {timeout:.0f} s")

    @property
    def pid(self) -> int:
        """The process id."""
        return int(self.process.pid)

    def poll(self) -> int | None:
        """The exit code once the process has exited, else None."""
        return self.process.poll()

    def is_ready(self) -> bool:
        """One quick look: running, and its ready URL (if any) answers 200."""
        if self.process.poll() is not None:
            return False
        if not self.ready_url:
            return True
        try:
            with urllib.request.urlopen(self.ready_url, timeout=1) as reply:
                return bool(reply.status == 200)
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            return False

    def send(self, sig: int) -> None:
        """Send `sig` to the process and its children (its own process group)."""
        os.killpg(self.process.pid, sig)

    def close(self) -> None:
        """Close the log file the parent holds for it (once the process is gone)."""
        if self.log and not self.log.closed:
            self.log.close()

    def peak_rss_mib(self) -> float:
        """Peak resident memory (VmHWM) of the process so far, in MiB (NaN once it is gone)."""
        try:
            status = Path(f"/proc/{self.process.pid}/status").read_text()
        except OSError:
            return float("nan")
        for line in status.splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        return float("nan")

    def cpu_seconds(self) -> float:
        """CPU time (user and system) the process has used so far, in seconds (NaN once it is gone)."""
        try:
            stat = Path(f"/proc/{self.process.pid}/stat").read_text()
        except OSError:
            return float("nan")
        fields = stat.rsplit(")", 1)[1].split()  # after "pid (name)": state is field 3, utime 14, stime 15
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 20.0) -> None:
        """Stop the process (and its children), killing it if it lingers."""
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, sig)
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=timeout)
            except ProcessLookupError:
                pass
        if self.log:
            self.log.close()


def _spawn(
    name: str,
    command: Sequence[str],
    settings: Settings,
    ready_url: str,
    log: Path | None,
    extra_env: dict[str, str] | None = None,
    cwd: Path = ROOT,
) -> Server:
    handle = open(log, "ab") if log else None  # noqa: SIM115 - closed by Server.stop
    process = subprocess.Popen(
        command,
        cwd=cwd,
        env={**settings.process_env(), **(extra_env or {})},
        stdout=handle or subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    return Server(name, process, ready_url, handle)


def start_action_server(settings: Settings, log: Path | None = None) -> Server:
    """The action server (`rasa run actions`, readers warmed first: bot/startup/action_server.py)."""
    command = [
        sys.executable,
        "-m",
        "bot.startup.action_server",
        "--actions",
        "actions",
        "--port",
        str(settings.actions_port),
    ]
    ready = f"http://127.0.0.1:{settings.actions_port}/health"
    return _spawn("action server", command, settings, ready, log)


def start_rasa_server(
    settings: Settings,
    model: Path,
    log: Path | None = None,
    endpoints: str = "endpoints.yml",
    extra_env: dict[str, str] | None = None,
) -> Server:
    """`rasa run` with the REST channel and the HTTP API (token required), on RASA_PORT."""
    command = [
        sys.executable, "-m", "bot.rasa_server.speedups", "run",
        "--enable-api", "--auth-token", settings.rasa_api_token,
        "--model", str(model), "--port", str(settings.rasa_port),
        "--interface", settings.bind_host, "--endpoints", endpoints,
        "--credentials", "credentials.yml",
    ]  # fmt: skip
    ready = f"{settings.rasa_url}/status?token={settings.rasa_api_token}"
    return _spawn(f"rasa server :{settings.rasa_port}", command, settings, ready, log, extra_env)


def start_notifier(settings: Settings, log: Path | None = None, extra_env: dict[str, str] | None = None) -> Server:
    """The notifier (`python -m bot.jobs.notifier`): delivers referral messages; no port of its own."""
    return _spawn("notifier", [sys.executable, "-m", "bot.jobs.notifier"], settings, "", log, extra_env)
