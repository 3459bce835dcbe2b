"""A model server that goes away costs the candidate one notice per session, not one per turn.

Real parts: the installed `intervu`, real HTTP through litellm to the fake OpenAI-compatible server
(intervu_cli.bench.fakellm), stopped mid-interview and started again on the same port.

- Mid-interview (`--script -`, fed a line at a time on a pipe, so the server can be stopped between
  turns): the first turn after it stops says once that the model is down, naming it and its address,
  and what to do; every turn after it is answered from the built-in lines at once, with no further
  notice; when the server is back, a background probe finds it and the model is used again (said once).
- At the start (the keyboard REPL in a pseudo-terminal, which checks its model as it greets): a server
  that is not there is said right after the greeting, before the candidate's first turn, and only then.
"""

from __future__ import annotations

import io
import json
import os
import queue
import socket
import subprocess
import threading
import time

import pexpect
import pytest

from conftest import intervu_exe
from intervu_cli.bench.fakellm import FakeLLMServer

pytestmark = pytest.mark.timeout(400)


class Session:
    """`intervu practice ... --script - --json`, a line at a time, its events read as they come."""

    def __init__(self, home, *args: str) -> None:
        env = {**os.environ, "INTERVU_HOME": str(home), "COLUMNS": "200"}
        self.proc = subprocess.Popen([intervu_exe(), "practice", "two-sum", "--no-audio", "--script", "-", "--json",
                                      *args], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True, env=env)
        self.events: list[dict] = []
        self._lines: queue.Queue = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.proc.stdout:
            self._lines.put(json.loads(line))
        self._lines.put(None)

    def until(self, predicate, timeout: float = 120) -> list[dict]:
        """The events up to the first for which `predicate` holds."""
        got = []
        deadline = time.monotonic() + timeout
        while True:
            try:
                event = self._lines.get(timeout=max(0.1, deadline - time.monotonic()))
            except queue.Empty:
                pytest.fail(f"no such event within {timeout} s; got {got}")
            if event is None:
                pytest.fail(f"the session ended first: {got}\n{self.proc.stderr.read()[-2000:]}")
            self.events.append(event)
            got.append(event)
            if predicate(event):
                return got

    def drain(self) -> None:
        """The rest of the events, once the session has ended."""
        while (event := self._lines.get(timeout=60)) is not None:
            self.events.append(event)

    def turn(self, text: str) -> list[dict]:
        """Say a line; the events until the interviewer's whole answer."""
        self.proc.stdin.write(text + "\n")
        self.proc.stdin.flush()
        return self.until(lambda e: e["type"] == "interviewer_said")

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(timeout=30)


def notices(events: list[dict], about: str) -> list[str]:
    return [e["text"] for e in events if e["type"] == "notice" and about in e["text"]]


def test_a_server_stopped_mid_interview_costs_one_notice_and_is_used_again_when_back(home):
    server = FakeLLMServer("Good question. What have you got so far?", token_delay_ms=2).start()
    port, base = server.port, server.base_url
    session = Session(home, "--model", "openai/x", "--api-base", base)
    try:
        session.until(lambda e: e["type"] == "interviewer_said")  # the greeting
        before = session.turn("Can the numbers be negative?")
        assert [e["source"] for e in before if e["type"] == "interviewer_said"] == ["llm"]

        server.close()  # the model server goes away mid-interview
        after = []
        for line in ("Is there always exactly one answer?", "Can I return the indices in any order?",
                     "I'd use a hash map from value to index, checking for the complement.",
                     "That's O(n) time and O(n) space."):
            said = session.turn(line)
            after += said
            assert [e["source"] for e in said if e["type"] == "interviewer_said"] == ["template"], said
        down = notices(after, "openai/x")
        assert len(down) == 1, down  # once in the session, not once per turn
        assert base in down[0] and "built-in lines" in down[0] and "--model none" in down[0], down[0]
        assert "litellm." not in down[0] and "Exception" not in down[0], down[0]  # the reason, not a stack of names
        first_turn = after[:next(i for i, e in enumerate(after) if e["type"] == "interviewer_said") + 1]
        assert notices(first_turn, "openai/x") == down  # said on the first turn that found it down

        # Back on the same port: a probe (sent when a turn finds the model down, at most every few
        # seconds) finds it, and the turn after that is the model's again, said once.
        server = FakeLLMServer("Good; and what about duplicates?", token_delay_ms=2, port=port).start()
        deadline = time.monotonic() + 120
        sources = []
        while "llm" not in sources:
            assert time.monotonic() < deadline, "the model was never used again"
            said = session.turn("What about duplicates, like three and three?")
            sources = [e["source"] for e in said if e["type"] == "interviewer_said"]
            time.sleep(1)
        session.proc.stdin.write("/finish\n")
        session.proc.stdin.close()
        assert session.proc.wait(timeout=120) == 0, session.proc.stderr.read()[-2000:]
        session.drain()
        assert session.events[-1]["type"] == "feedback"
        back = [e["text"] for e in session.events
                if e["type"] == "notice" and e["text"].startswith("The model openai/x answers")]
        assert back == ["The model openai/x answers again; the interviewer uses it again."]
        assert len(notices(session.events, f"at {base}")) == 1
    finally:
        session.close()
        server.close()


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # nothing listens on it once the socket is closed


def test_a_server_that_is_not_there_at_the_start_is_said_once_right_after_the_greeting(home):
    base = f"http://127.0.0.1:{closed_port()}/v1"
    env = {**os.environ, "INTERVU_HOME": str(home), "COLUMNS": "160", "LINES": "50", "TERM": "xterm",
           "PROMPT_TOOLKIT_NO_CPR": "1"}
    log = io.StringIO()
    child = pexpect.spawn(intervu_exe(), ["practice", "two-sum", "--no-audio", "--plain", "--model", "openai/x",
                                          "--api-base", base], env=env, encoding="utf-8", timeout=60,
                          dimensions=(50, 160))
    child.logfile_read = log
    try:
        child.expect("Two Sum")
        # before the candidate says anything: the check at the start finds it down
        child.expect(r"The model openai/x at \S+ failed")
        for line in ("Can the numbers be negative?", "Is there always exactly one answer?",
                     "I'd use a hash map, one pass."):
            child.expect("you>")
            child.sendline(line)
            child.expect("Interviewer")
        child.expect("you>")
        child.sendline("/quit")
        child.expect(pexpect.EOF, timeout=60)
    finally:
        child.close(force=True)
    seen = " ".join(log.getvalue().split())
    assert child.exitstatus == 0, seen[-2000:]
    assert seen.count("The model openai/x at") == 1, seen
    assert base in seen and "--model none" in seen
    assert seen.index("The model openai/x at") < seen.index("Can the numbers be negative?"), seen
