"""The keyboard REPL (`--no-audio`), driven in a real pseudo-terminal with pexpect."""

from __future__ import annotations

import json
import os
import sqlite3
import sys

import pexpect

from conftest import intervu_exe

GOOD = (
    "def two_sum(nums, target):\n    seen = {}\n    for i, x in enumerate(nums):\n"
    "        if target - x in seen:\n            return [seen[target - x], i]\n        seen[x] = i\n"
)


def spawn(home, tmp_path, *extra: str, editor: str | None = None) -> pexpect.spawn:
    env = {**os.environ, "INTERVU_HOME": str(home), "COLUMNS": "160", "LINES": "50", "TERM": "xterm",
           "PROMPT_TOOLKIT_NO_CPR": "1"}
    env.pop("EDITOR", None)
    env.pop("VISUAL", None)
    if editor:
        env["EDITOR"] = editor
    child = pexpect.spawn(intervu_exe(), ["practice", "two-sum", "--no-audio", "--plain", "--model", "none", *extra],
                          env=env, encoding="utf-8", timeout=30, dimensions=(50, 160))
    return child


def test_a_whole_interview_by_keyboard(home, tmp_path):
    solution = tmp_path / "good.py"
    solution.write_text(GOOD)
    editor = tmp_path / "editor.sh"  # a non-interactive $EDITOR: writes the solution into the file it is given
    editor.write_text(f"#!/bin/sh\ncp {solution} \"$1\"\n")
    editor.chmod(0o755)
    child = spawn(home, tmp_path, editor=str(editor))
    try:
        child.expect("Two Sum")
        child.expect("you>")
        child.sendline("/help")
        child.expect("/finish")
        child.expect("you>")
        child.sendline("Can the numbers be negative?")
        child.expect(r"can be negative")
        child.expect("you>")
        child.sendline("/run")
        child.expect("passes 0/3")
        child.expect("you>")
        child.sendline("/hint")
        child.expect("hint given: nudge")
        child.expect("you>")
        child.sendline("/code")
        child.expect("code updated")
        child.expect("you>")
        child.sendline("/run")
        child.expect("passes 3/3")
        child.expect("you>")
        child.sendline("/show")
        child.expect("Constraints")
        child.expect("you>")
        child.sendline("/finish")
        child.expect("Interview over")
        # the feedback follows at once: the signal, the five pillars with their evidence, a drill
        child.expect("Feedback · Two Sum:")
        child.expect("Strong Hire|Hire|Lean No Hire|No Hire")
        for pillar in ("Algorithms", "Coding", "Problem solving", "You needed hints up to the nudge", "Verification",
                       "Communication", "In short"):
            child.expect(pillar)
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == 0
    (code_file,) = (home / "code").glob("*.py")
    assert code_file.read_text() == GOOD


def test_paste_mode_without_an_editor_and_ctrl_c(home, tmp_path, cli):
    child = spawn(home, tmp_path)
    try:
        child.expect("you>")
        child.sendline("/code")
        child.expect("Paste your code")
        for line in GOOD.splitlines():
            child.sendline(line)
        child.sendline("/endcode")
        child.expect("code updated")
        child.expect("you>")
        child.sendintr()
        child.expect("intervu resume")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    history = json.loads(cli("history", "--json").stdout)
    assert history[0]["status"] == "in_progress"
    resumed = cli("resume", "--script", "-", "--model", "none", "--json", input="/run\n/finish\n")
    runs = [e for e in map(json.loads, resumed.stdout.splitlines()) if e["type"] == "test_run"]
    assert runs[0]["passed"] == 3  # the pasted code came back with the session


def test_without_a_terminal_it_says_what_to_do(cli):
    done = cli("practice", "two-sum", "--no-audio", "--model", "none", input="hello\n")
    assert done.returncode == 2
    assert "--script -" in done.stderr and "Traceback" not in done.stderr
    assert sys.executable  # the same interpreter's console script was used


def test_the_clock_runs_while_you_think(home, tmp_path):
    """The REPL ticks the engine in real time: a 1-minute interview warns at the first tick."""
    child = spawn(home, tmp_path, "--minutes", "1")
    try:
        child.expect("you>")
        child.expect("we have about 1 minute left", timeout=20)
        child.sendline("/finish")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == 0


def test_the_keyboard_interview_warms_the_llm_while_it_greets(home, tmp_path):
    """Before the candidate says anything, one one-token request has gone out (litellm's first call
    is ~0.5 s slower than the next; that is paid during the greeting, not in the first answer)."""
    from intervu_cli.bench.fakellm import FakeLLMServer

    with FakeLLMServer("Sure, it can be empty.", token_delay_ms=1) as server:
        env = {**os.environ, "INTERVU_HOME": str(home), "COLUMNS": "160", "LINES": "50", "TERM": "xterm",
               "PROMPT_TOOLKIT_NO_CPR": "1"}
        child = pexpect.spawn(intervu_exe(), ["practice", "two-sum", "--no-audio", "--plain", "--model", "openai/fake",
                                              "--api-base", server.base_url],
                              env=env, encoding="utf-8", timeout=30, dimensions=(50, 160))
        try:
            child.expect("you>")
            assert server.wait_for(lambda: len(server.requests) == 1, 20)  # nothing typed yet
            assert server.requests[0]["max_tokens"] == 1 and server.requests[0]["stream"] is True
            child.sendline("Can the array be empty?")
            child.expect(r"empty\.")  # the answer (its words stream in between escapes)
            child.expect("you>")
            child.sendline("/finish")
            child.expect(pexpect.EOF, timeout=60)
        finally:
            child.close()
        turns = server.requests[1:]
        assert turns and all(r["max_tokens"] > 1 for r in turns)


def test_commands_read_as_in_every_front_end(home, tmp_path, cli):
    """The slash commands read as in the app and scripts: /run hidden is /submit; a script's /wait,
    a stray /endcode, a typo or a bad argument get one line and never reach the interviewer; /quit
    leaves, resumable."""
    child = spawn(home, tmp_path)
    try:
        child.expect("you>")
        child.sendline("/run hidden")
        child.expect(r"Test run \(all tests")
        child.expect("you>")
        for line, answer in (
            ("/wait 30", "/wait only works in a script: here the clock runs by itself"),
            ("/endcode", "/endcode only ends code pasted after /code"),
            ("/fnish", r"unknown command '/fnish' \(did you mean /finish\?\); /help lists the commands"),
            ("/hint please", "/hint takes no argument, not 'please'"),
        ):
            child.sendline(line)
            child.expect(answer)
            child.expect("you>")
        child.sendline("/help")
        child.expect("/quit +leave")
        child.expect("you>")
        child.sendline("/quit")
        child.expect("intervu resume")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == 0
    history = json.loads(cli("history", "--json").stdout)
    assert history[0]["status"] == "in_progress"
    db = sqlite3.connect(home / "sessions.sqlite3")
    kinds = [row[0] for row in db.execute("SELECT type FROM events ORDER BY seq")]
    hidden = [json.loads(row[0])["hidden"] for row in db.execute("SELECT data FROM events WHERE type = 'test_run'")]
    db.close()
    assert hidden == [True]
    assert "candidate_said" not in kinds and "hint" not in kinds  # no command reached the interviewer
