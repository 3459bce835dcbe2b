"""The installed `intervu practice two-sum --no-audio --model none`, in a real terminal (tmux): keys
go in with `send-keys`, the screen comes back with `capture-pane`."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time

import pytest

from conftest import intervu_exe


class Tmux:
    def __init__(self, home, width: int = 80, height: int = 24, *, command: str | None = None,
                 cwd: str | None = None) -> None:
        if shutil.which("tmux") is None:
            pytest.fail("this test needs tmux (Debian: tmux; .ci/run installs it)")
        self.socket = f"intervu-test-{os.getpid()}-{time.monotonic_ns()}"
        # No COLUMNS/LINES from the test session (Textual would take them for the terminal's size
        # and never follow a resize).
        if command is None:
            command = (f"env -u COLUMNS -u LINES INTERVU_HOME={home} TERM=xterm-256color {intervu_exe()} "
                       "practice two-sum --no-audio --model none")
        where = ("-c", cwd) if cwd else ()
        self.tmux("new-session", "-d", "-s", "t", *where, "-x", str(width), "-y", str(height), command)
        self.tmux("set-option", "-t", "t", "remain-on-exit", "on")

    def tmux(self, *args: str) -> str:
        return subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True, text=True, check=True,
                              timeout=20).stdout

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "t")

    def wait_for(self, *texts: str, timeout: float = 30) -> str:
        deadline = time.monotonic() + timeout
        while True:
            screen = self.screen()
            if all(t in screen for t in texts):
                return screen
            if time.monotonic() > deadline:
                raise AssertionError(f"{texts} not on the screen:\n{screen}")
            time.sleep(0.1)

    def keys(self, *keys: str) -> None:
        """Special keys, one at a time, as a person presses them: an escape sequence sent hard on
        the heels of another (microseconds apart, as only send-keys can) sometimes loses the
        second one in the app's input parser."""
        for key in keys:
            self.tmux("send-keys", "-t", "t", key)
            time.sleep(0.15)

    def type(self, text: str) -> None:
        self.tmux("send-keys", "-t", "t", "-l", text)

    def wait_dead(self, timeout: float) -> None:
        """Wait for the program in the pane to have ended (the screen in the failure if it does not)."""
        deadline = time.monotonic() + timeout
        while not self.dead():
            assert time.monotonic() < deadline, self.screen()
            time.sleep(0.1)

    def dead(self) -> bool:
        return self.tmux("display-message", "-p", "-t", "t", "#{pane_dead}").strip() == "1"

    def close(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True, timeout=20)


def test_the_installed_app_in_a_real_terminal(home):
    term = Tmux(home)
    try:
        first = term.wait_for("Two Sum", "talk me through", " left", "Help")
        assert "Problem" in first and "Tests" in first and "two_sum · python" in first
        assert "def two_sum(nums: list[int]," in first and "target: int) -> list[int]:" in first  # wrapped
        for key in ("^q Quit", "f1 Help", "f5 Run", "f6 Problem", "f7 Tests", "f10 Finish"):
            assert key in first, key

        term.type("Can the numbers be negative?")
        term.keys("Enter")
        term.wait_for("You: Can the numbers be", "ninth")

        term.keys("F2")  # to the editor: replace the starter's `pass` with a wrong answer
        term.keys("End", "Right")
        term.keys("C-k")
        term.type("    return [0, 2]")
        term.wait_for("return [0, 2]")
        term.keys("F5")
        term.wait_for("0/3", "✗ example 1")

        term.keys("F3")
        term.wait_for("nudge:")

        term.tmux("resize-window", "-t", "t", "-x", "120", "-y", "40")
        deadline = time.monotonic() + 20
        while True:  # the app follows the resize: lines wider than 80 columns, the same conversation
            wide = term.wait_for("hint given: nudge", "nudge:")
            if max(len(line) for line in wide.splitlines()) > 80:
                break
            assert time.monotonic() < deadline, wide
            time.sleep(0.1)

        term.keys("C-q")  # leave: saved, resumable
        term.wait_dead(20)
        after = term.screen()
        assert "The interview is saved; continue it with: intervu resume" in after
        assert "Traceback" not in after
    finally:
        term.close()


TEN = [
    "Can the numbers be negative?", "Is there always exactly one answer?", "Can I use the same element twice?",
    "What should I return if there are several pairs?", "Brute force checks every pair, O of n squared.",
    "Better: one pass with a hash map from value to index.", "That is O of n time and O of n space.",
    "An empty list has no pair, but there are at least two numbers.", "Let me trace 2 7 11 15 with target 9.",
    "Okay, I will code it up now.",
]


def _last_interviewer_line(screen: str) -> list[str]:
    """The rows of the conversation pane (its left column) from the last "Interviewer:" down to the
    pane's bottom border, unwrapped."""
    rows = [line.split("│")[1].strip() if line.startswith("│") and line.count("│") >= 2 else None
            for line in screen.splitlines()]
    starts = [i for i, row in enumerate(rows) if row is not None and row.startswith("Interviewer:")]
    assert starts, screen
    out = []
    for row in rows[starts[-1]:]:
        if row is None:
            break
        out.append(row)
    return out


def test_ten_exchanges_the_finish_dialog_and_the_feedback_at_80x24(home):
    """The installed app at 80x24: after ten typed exchanges the interviewer's last line is on the
    screen, whole; the finish dialog's whole question shows; the feedback's evidence is reached
    by keys, down to its last line."""
    import sqlite3

    term = Tmux(home)
    try:
        term.wait_for("talk me through", " left", "Help")
        for n, said in enumerate(TEN, 1):
            term.type(said)
            term.keys("Enter")
            deadline = time.monotonic() + 30
            while True:  # the turn is in and answered (the store has both), then drawn
                db = sqlite3.connect(f"file:{home}/sessions.sqlite3?mode=ro", uri=True)
                kinds = [r[0] for r in db.execute("SELECT type FROM events ORDER BY seq")]
                db.close()
                if kinds.count("candidate_said") == n and kinds[-1] == "interviewer_said":
                    break
                assert time.monotonic() < deadline, kinds[-5:]
                time.sleep(0.1)
        db = sqlite3.connect(f"file:{home}/sessions.sqlite3?mode=ro", uri=True)
        last = json.loads(db.execute("SELECT data FROM events WHERE type = 'interviewer_said' "
                                     "ORDER BY seq DESC LIMIT 1").fetchone()[0])["text"]
        db.close()
        deadline = time.monotonic() + 20
        while True:  # the last line the interviewer said is on the screen, all of it
            shown = " ".join(_last_interviewer_line(term.screen()))
            if shown == f"Interviewer: {last}":
                break
            assert time.monotonic() < deadline, (shown, last, term.screen())
            time.sleep(0.1)

        term.keys("F10")
        dialog = term.wait_for("Finish the interview?").splitlines()
        top = next(i for i, row in enumerate(dialog) if "Finish the interview?" in row)
        left = dialog[top].rfind("│", 0, dialog[top].index("Finish the interview?"))
        right = dialog[top].index("│", left + 1)
        question = []
        for row in dialog[top:]:  # the dialog's rows, between its borders, down to its buttons
            if "▔" in row or "Finish (y)" in row:
                break
            question.append(row[left + 1:right].strip())
        assert " ".join(" ".join(question).split()) == ("Finish the interview? Your code goes through the hidden "
                                                        "tests, and the interviewer wraps up."), dialog
        term.keys("y")
        term.wait_for("Next section", "Leave")
        term.keys("Tab", "Tab", "Tab", "Tab", "Tab")
        term.wait_for("Verification")
        term.keys("End")
        end = term.wait_for("Press q to", "leave.")
        assert "The session" in end or "Complexity:" in end, end
        term.keys("q")
        term.wait_dead(20)
        assert "Traceback" not in term.screen()
    finally:
        term.close()
