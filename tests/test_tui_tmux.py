"""The installed `intervu practice two-sum --no-audio --model none`, in a real terminal (tmux): keys
go in with `send-keys`, the screen comes back with `capture-pane`."""

from __future__ import annotations

import os
import shutil
import subprocess
import time

import pytest

from conftest import intervu_exe


class Tmux:
    def __init__(self, home, width: int = 80, height: int = 24) -> None:
        if shutil.which("tmux") is None:
            pytest.fail("this test needs tmux (Debian: tmux; .ci/run installs it)")
        self.socket = f"intervu-test-{os.getpid()}-{time.monotonic_ns()}"
        # No COLUMNS/LINES from the test session (Textual would take them for the terminal's size
        # and never follow a resize).
        command = (f"env -u COLUMNS -u LINES INTERVU_HOME={home} TERM=xterm-256color {intervu_exe()} "
                   "practice two-sum --no-audio --model none")
        self.tmux("new-session", "-d", "-s", "t", "-x", str(width), "-y", str(height), command)
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

    def dead(self) -> bool:
        return self.tmux("display-message", "-p", "-t", "t", "#{pane_dead}").strip() == "1"

    def close(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True, timeout=20)


def test_the_installed_app_in_a_real_terminal(home):
    term = Tmux(home)
    try:
        first = term.wait_for("Two Sum", "talk me through", " left", "Help")
        assert "Problem" in first and "Tests" in first and "two_sum · python" in first
        assert "def two_sum(nums: list[int], target: int)" in first
        for key in ("^q Quit", "f1 Help", "f5 Run tests", "f10 Finish"):
            assert key in first, key

        term.type("Can the numbers be negative?")
        term.keys("Enter")
        term.wait_for("You: Can the numbers be", "ninth")

        term.keys("F2")  # to the editor: replace the starter's `pass` with a wrong answer
        term.keys("Down")
        term.keys("C-k")
        term.type("    return [0, 2]")
        term.wait_for("return [0, 2]")
        term.keys("F5")
        term.wait_for("0/3", "✗ example 1")

        term.keys("F3")
        term.wait_for("nudge:")

        term.tmux("resize-window", "-t", "t", "-x", "120", "-y", "40")
        wide = term.wait_for("hint given: nudge", "nudge:")
        assert max(len(line) for line in wide.splitlines()) > 80

        term.keys("C-q")  # leave: saved, resumable
        deadline = time.monotonic() + 20
        while not term.dead():
            assert time.monotonic() < deadline, term.screen()
            time.sleep(0.1)
        after = term.screen()
        assert "The interview is saved; continue it with: intervu resume" in after
        assert "Traceback" not in after
    finally:
        term.close()
