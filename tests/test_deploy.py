"""The deployment recipes: systemd units verified by `systemd-analyze verify` (when it is installed),
the Dockerfile and compose.yml read for what docs/deploy.md promises (no Docker engine runs here)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from bot.startup.settings import ROOT

DEPLOY = ROOT / "deploy"
UNITS = DEPLOY / "systemd"
INSTALLED_AT = "/opt/nct06561607"
SERVICES = ("rasa", "actions", "gateway", "notifier", "telegram", "wechat")


def settings_of(unit: Path) -> dict[str, list[str]]:
    """Every `Key=value` of a unit file, by key (a key may repeat)."""
    found: dict[str, list[str]] = {}
    for line in unit.read_text().splitlines():
        if "=" in line and not line.startswith(("#", "[")):
            key, _, value = line.partition("=")
            found.setdefault(key.strip(), []).append(value.strip())
    return found


@pytest.mark.parametrize("name", SERVICES)
def test_each_process_has_a_hardened_restarting_unit(name: str) -> None:
    unit = settings_of(UNITS / f"nct06561607-{name}.service")
    assert unit["Restart"] == ["on-failure"]
    assert unit["User"] == ["nct06561607"]
    assert unit["ProtectSystem"] == ["strict"]
    assert unit["ReadWritePaths"] == ["/var/lib/nct06561607"]
    assert unit["EnvironmentFile"] == ["/etc/nct06561607/env"]
    assert unit["StandardOutput"] == ["journal"] and unit["StandardError"] == ["journal"]
    assert unit["ExecStart"][0].startswith(f"{INSTALLED_AT}/.venv/bin/")
    assert "VAR_DIR=/var/lib/nct06561607" in " ".join(unit["Environment"])


def test_the_units_pass_systemd_analyze_verify(tmp_path: Path) -> None:
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze is not installed here (Debian package systemd): the units are not verified")
    for unit in UNITS.iterdir():  # installed where this checkout is, so the ExecStart programs exist
        if unit.suffix in (".service", ".target"):
            (tmp_path / unit.name).write_text(unit.read_text().replace(INSTALLED_AT, str(ROOT)))
    units = sorted(str(p) for p in tmp_path.iterdir())
    assert len(units) == len(SERVICES) + 1
    result = subprocess.run([analyze, "verify", *units], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == "", result.stderr  # a warning (an unknown key, say) fails too


def test_the_dockerfile_is_multi_stage_pinned_non_root_and_trains_at_build() -> None:
    dockerfile = (DEPLOY / "Dockerfile").read_text()
    assert "ARG PYTHON_IMAGE=python:3.10-slim-bookworm" in dockerfile
    assert re.findall(r"^FROM \$\{PYTHON_IMAGE\} AS (\w+)$", dockerfile, re.MULTILINE) == ["build", "runtime"]
    runtime = dockerfile.split("AS runtime", 1)[1]
    assert "USER bot" in runtime and "build-essential" not in runtime
    assert "bot.startup.launcher train" in dockerfile.split("AS runtime", 1)[0]
    ignored = (DEPLOY / "Dockerfile.dockerignore").read_text().split()
    assert {".venv", "var", "models", ".git"} <= set(ignored)


def test_compose_has_the_cluster_layout_and_no_secret_in_it() -> None:
    compose = yaml.safe_load((DEPLOY / "compose.yml").read_text())
    services = compose["services"]
    assert {"postgres", "redis", "migrate", "actions", "rasa-1", "rasa-2", "gateway", "notifier"} <= set(services)
    assert services["rasa-1"]["command"] == services["rasa-2"]["command"]
    assert "endpoints.cluster.yml" in services["rasa-1"]["command"]
    assert services["gateway"]["environment"]["RASA_URLS"] == "http://rasa-1:5005,http://rasa-2:5005"
    assert [p for s in services.values() for p in s.get("ports", [])] == ["8000:8000"]  # the gateway alone
    for name in ("SCREENING_DATA_KEY", "RASA_API_TOKEN", "GATEWAY_SECRET"):
        assert services["gateway"]["environment"][name].startswith("${"), name
