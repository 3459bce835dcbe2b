"""`intervu bench tui` end to end: the installed app on a pseudo-terminal. The figures are for the
note, not asserted (shared machines are noisy); only that they exist and are sane, and that the
bench leaves no process behind."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest
from conftest import live_processes_with

SANE_MS = 5000


@pytest.mark.bench
@pytest.mark.timeout(900)  # a whole benchmark, slower on a loaded machine; its subprocess has its own bound
def test_bench_tui_reports_startup_and_keypress_figures_and_leaves_nothing_running(cli):
    tag = f"bench-tui-test-{uuid.uuid4().hex}"
    proc = cli("bench", "tui", "--runs", "2", "--keys", "15", "--json", timeout=240, env={"BENCH_TUI_TEST_TAG": tag})
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)

    startup = report["startup"]
    assert set(startup["sizes"]) == {"24x80", "50x160"}
    for size in startup["sizes"].values():
        assert len(size["samples_ms"]) == 2
        assert 0 < size["median_ms"] <= size["max_ms"] < 30_000  # the whole app starts: generous
    assert startup["quit"]["timeouts"] == 0 and 0 < startup["quit"]["exited_ms_median"] < SANE_MS

    keys = report["keypress"]
    for kind in ("streaming", "idle"):
        r = keys[kind]
        assert r["n"] > 0, keys
        assert 0 < r["median_ms"] <= r["p99_ms"] <= r["max_ms"] < SANE_MS
        assert keys["lost"][kind] == 0
    assert keys["streaming"]["n"] == 15 and keys["answers"] >= 1
    assert keys["typed_into_editor"]  # F2 moved the keys from the line to the interviewer into the editor
    assert keys["idle_output_bytes_per_s"] >= 0

    assert report["pids"] and not live_processes_with(f"BENCH_TUI_TEST_TAG={tag}"), \
        "a process the bench started is still running"
    for pid in report["pids"]:
        cmdline = Path(f"/proc/{pid}/cmdline")
        assert not (cmdline.exists() and b"intervu" in cmdline.read_bytes()), f"intervu {pid} is still running"

    human = cli("bench", "tui", "--keys", "2")
    assert human.returncode == 2 and "--keys must be between" in human.stderr
