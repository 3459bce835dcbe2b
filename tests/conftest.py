"""Shared fixtures: a private INTERVU_HOME per test, and the installed `intervu` console script."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SCRIPTS = REPO / "tests" / "scripts"


def intervu_exe() -> str:
    """The console script installed beside this interpreter (tests use the real entry point)."""
    exe = Path(sys.executable).parent / "intervu"
    if exe.exists():
        return str(exe)
    found = shutil.which("intervu")
    assert found, "the intervu console script is not installed: pip install -e '.[test]'"
    return found


@pytest.fixture
def home(tmp_path, monkeypatch) -> Path:
    """A fresh INTERVU_HOME; no user config, no model from the environment."""
    h = tmp_path / "home"
    h.mkdir()
    monkeypatch.setenv("INTERVU_HOME", str(h))
    for var in ("INTERVU_MODEL", "INTERVU_API_BASE", "INTERVU_PROBLEMS_DIR", "INTERVU_LANGUAGE", "INTERVU_MINUTES"):
        monkeypatch.delenv(var, raising=False)
    return h


@pytest.fixture
def cli(home):
    """Run the installed `intervu` with arguments; returns the CompletedProcess."""

    def run(*args: str, input: str | None = None, timeout: float = 120, env: dict | None = None) -> subprocess.CompletedProcess:
        return subprocess.run(
            [intervu_exe(), *args],
            input=input,
            capture_output=True,
            text=True,
            timeout=timeout,
            env={**os.environ, "COLUMNS": "200", **(env or {})},
        )

    return run
