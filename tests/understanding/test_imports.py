"""The action server's medicine finder (understanding/) does not pull TensorFlow in through spaCy's thinc."""

from __future__ import annotations

import subprocess
import sys

from bot.startup.settings import ROOT

SCRIPT = """
import sys
from understanding.readers.medicines import find_medicines
from understanding.cues import cues_for
assert [m.name for m in find_medicines("never had herceptin", cues_for("en"))] == ["trastuzumab"]
assert "tensorflow" not in sys.modules, "tensorflow was imported"
import tensorflow  # still importable afterwards
"""


def test_finding_medicines_loads_no_tensorflow() -> None:
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=ROOT, capture_output=True, text=True, timeout=300, env=None
    )
    assert result.returncode == 0, result.stderr[-3000:]
