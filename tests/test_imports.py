"""Start-up stays light, and the engine stays free of front ends (import-linter contract)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO

HEAVY = ("litellm", "textual", "vosk", "sounddevice", "numpy", "prompt_toolkit", "openai", "httpx")


def imported_modules(*args: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "intervu_cli", *args],
        capture_output=True, text=True, timeout=60,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    mods = set()
    for line in out.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            name = line.rsplit("|", 1)[1].strip()
            mods.add(name.split(".")[0])
    assert "intervu_cli" in mods  # the measurement saw our own imports
    return mods


@pytest.mark.parametrize("args", [("--help",), ("problems",), ("problems", "--json")])
def test_light_commands_import_nothing_heavy(args, home):
    loaded = imported_modules(*args)
    assert not loaded & set(HEAVY), sorted(loaded & set(HEAVY))


def test_engine_has_no_ui_imports():
    """The import-linter contract in pyproject.toml: engine, problems, sandbox and store never
    import front ends, UI toolkits or audio."""
    lint = Path(sys.executable).parent / "lint-imports"
    out = subprocess.run([str(lint), "--no-cache"], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "KEPT" in out.stdout
