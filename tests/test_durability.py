"""Nothing shown is ever lost: kill -9 at any moment, Ctrl+C, then `intervu resume`.

The real console script is driven over a pipe (`--script -`) one line at a time, so the test
knows exactly what the candidate has seen when it pulls the plug.
"""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import time
from pathlib import Path


from conftest import intervu_exe
from intervu_cli.bench.fakellm import FakeLLMServer

GOOD = [
    "/code",
    "def two_sum(nums, target):",
    "    seen = {}",
    "    for i, x in enumerate(nums):",
    "        if target - x in seen:",
    "            return [seen[target - x], i]",
    "        seen[x] = i",
    "/endcode",
]


class Live:
    """`intervu practice ... --script - --json`, fed and read one line at a time."""

    def __init__(self, *args: str) -> None:
        self.proc = subprocess.Popen(
            [intervu_exe(), *args, "--script", "-", "--json"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, bufsize=1,
        )
        self.shown: list[dict] = []

    def read_until(self, predicate, timeout: float = 60) -> dict:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            line = self.proc.stdout.readline()
            assert line, f"intervu ended early: {self.proc.stderr.read()}"
            event = json.loads(line)
            self.shown.append(event)
            if predicate(event):
                return event
        raise AssertionError("timed out waiting for an event")

    def send(self, *lines: str) -> None:
        for line in lines:
            self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()

    def turn(self, *lines: str, until: str = "interviewer_said") -> dict:
        self.send(*lines)
        return self.read_until(lambda e: e["type"] == until)

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(timeout=10)
        for f in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
            try:
                f.close()
            except OSError:
                pass


def stored(home: Path, session_id: str) -> list[tuple[dict, int]]:
    db = sqlite3.connect(str(home / "sessions.sqlite3"))
    try:
        rows = db.execute("SELECT data, complete FROM events WHERE session_id = ? ORDER BY seq",
                          (session_id,)).fetchall()
    finally:
        db.close()
    return [(json.loads(d), c) for d, c in rows]


def test_kill_9_loses_nothing_shown_and_resume_continues(home, cli):
    live = Live("practice", "two-sum", "--no-audio", "--model", "none")
    try:
        start = live.read_until(lambda e: e["type"] == "phase")
        session_id = live.shown[0]["session_id"]
        live.turn("Can the numbers be negative?")
        live.turn("I'd use a hash map from value to index, one pass, O(n).")
        live.send(*GOOD)
        live.read_until(lambda e: e["type"] == "code_snapshot")
        live.turn("/run")
        live.proc.send_signal(signal.SIGKILL)
        live.proc.wait(timeout=10)
    finally:
        live.close()
    assert start["new"] == "clarify"
    rows = [d for d, _ in stored(home, session_id)]
    shown = [e for e in live.shown if e["type"] != "interviewer_delta"]
    assert rows[: len(shown)] == shown  # every event shown, in order (and maybe more it printed unread)
    assert shown[-1]["type"] == "interviewer_said" and "passes 3/3" in shown[-1]["text"]

    resumed = cli("resume", session_id, "--script", "-", "--model", "none", "--json", input="/finish\n")
    assert resumed.returncode == 0, resumed.stderr
    events = [json.loads(line) for line in resumed.stdout.splitlines()]
    assert events[0]["type"] == "session_started" and events[0]["resumed"] is True
    welcome = next(e for e in events if e["type"] == "interviewer_said")
    assert "verify" in welcome["text"]  # it knows where we were: the passing run moved us to verify
    assert events[0]["t"] >= rows[-1]["t"]  # the clock carries on from where it stopped
    final_run = next(e for e in events if e["type"] == "test_run")
    assert final_run["hidden"] and final_run["passed"] == final_run["total"]  # the code survived the kill
    assert [e["type"] for e in events if e["type"] != "complexity_measured"][-2:] == ["ended", "feedback"]
    # the feedback covers the whole session, before the kill as well as after it
    assert events[-1]["report"]["tests"]["candidate_runs"] == 1


def test_kill_9_mid_sentence_keeps_the_words_already_streamed(home):
    reply = " ".join(f"w{i}" for i in range(400))
    with FakeLLMServer(reply, token_delay_ms=30) as server:
        live = Live("practice", "two-sum", "--no-audio", "--model", "openai/fake", "--api-base", server.base_url)
        try:
            live.read_until(lambda e: e["type"] == "phase")
            session_id = live.shown[0]["session_id"]
            live.send("Can the numbers be negative?")
            for _ in range(5):
                live.read_until(lambda e: e["type"] == "interviewer_delta" and e["gen"] == 2)
            live.proc.send_signal(signal.SIGKILL)
            live.proc.wait(timeout=10)
        finally:
            live.close()
        shown = "".join(e["text"] for e in live.shown if e["type"] == "interviewer_delta" and e["gen"] == 2)
        last, complete = stored(home, session_id)[-1]
        assert last["type"] == "interviewer_said" and complete == 0
        assert last["text"].startswith(shown) and len(shown.split()) >= 5
        assert server.wait_for(lambda: server.disconnects >= 1, timeout=5)


def test_ctrl_c_leaves_a_session_that_resume_continues(home, cli):
    live = Live("practice", "two-sum", "--no-audio", "--model", "none")
    try:
        live.read_until(lambda e: e["type"] == "phase")
        session_id = live.shown[0]["session_id"]
        live.turn("I'd use a hash map, one pass.")
        live.proc.send_signal(signal.SIGINT)
        code = live.proc.wait(timeout=10)
        err = live.proc.stderr.read()
    finally:
        live.close()
    assert code == 130
    assert f"intervu resume {session_id}" in err and "Traceback" not in err
    history = json.loads(cli("history", "--json").stdout)
    assert history[0]["id"] == session_id and history[0]["status"] == "in_progress"
    resumed = cli("resume", "--script", "-", "--model", "none", input="/finish\n")  # latest unfinished
    assert resumed.returncode == 0, resumed.stderr
    assert "Welcome back" in resumed.stdout and session_id in resumed.stdout
    assert json.loads(cli("history", "--json").stdout)[0]["status"] == "completed"
    again = cli("resume", session_id)
    assert again.returncode == 2 and "already complete" in again.stderr
