"""`intervu practice SLUG` with an unfinished interview of that problem: on a terminal it asks once
whether to resume it; elsewhere (no terminal, --script, --json) it starts a new one and says, in one
line on stderr, how to continue the old one. `--new` skips both. Ctrl+C or Ctrl+D at the question
leaves with nothing started.

The real console script, the real store: the unfinished session is one a script left unfinished."""

from __future__ import annotations

import json
import os
import re
import sqlite3

import pexpect

from conftest import SCRIPTS, intervu_exe

STRONG = str(SCRIPTS / "strong-two-sum.txt")
QUESTION = r"Resume it\? \[Y/n\] "
ANSI = re.compile(r"\x1b\[[0-9;?]*[a-zA-Z]")


def leave_unfinished(cli, tmp_path, *extra: str) -> str:
    """A two-sum interview a script leaves unfinished; its id."""
    part = tmp_path / "part.txt"
    part.write_text("Can the input be empty?\n")
    done = cli("practice", "two-sum", "--no-audio", "--script", str(part), "--model", "none", *extra)
    assert done.returncode == 1, done.stderr
    return re.search(r"continue it with: intervu resume (\S+)", done.stderr).group(1)


def spawn(home, *args: str) -> pexpect.spawn:
    env = {**os.environ, "INTERVU_HOME": str(home), "COLUMNS": "160", "LINES": "50", "TERM": "xterm",
           "PROMPT_TOOLKIT_NO_CPR": "1"}
    return pexpect.spawn(intervu_exe(), list(args), env=env, encoding="utf-8", timeout=60, dimensions=(50, 160))


def stored(home) -> dict:
    with sqlite3.connect(home / "sessions.sqlite3") as db:
        return {
            "sessions": db.execute("SELECT id, status FROM sessions ORDER BY id").fetchall(),
            "events": db.execute("SELECT session_id, seq, type, data FROM events ORDER BY session_id, seq").fetchall(),
        }


def test_yes_resumes_the_unfinished_one(cli, home, tmp_path):
    old = leave_unfinished(cli, tmp_path)
    child = spawn(home, "practice", "two-sum", "--no-audio", "--plain", "--model", "none")
    try:
        child.expect(QUESTION)
        asked = ANSI.sub("", child.before + child.after)
        assert re.search(rf"You have an unfinished two-sum interview from .+ \({old}, under a minute in\)\. "
                         r"Resume it\? \[Y/n\] $", asked), asked
        child.sendline("")  # Enter: yes, the default
        child.expect(f"resumed {old}")
        child.expect("Welcome back")
        child.expect("you>")
        child.sendline("/quit")
        child.expect(f"intervu resume {old}")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == 0
    after = stored(home)
    assert after["sessions"] == [(old, "in_progress")]  # nothing new: the old one went on
    starts = [json.loads(data) for _s, _seq, kind, data in after["events"] if kind == "session_started"]
    assert [s["resumed"] for s in starts] == [False, True]


def test_no_starts_a_new_one(cli, home, tmp_path):
    old = leave_unfinished(cli, tmp_path)
    child = spawn(home, "practice", "two-sum", "--no-audio", "--plain", "--model", "none")
    try:
        child.expect(QUESTION)
        child.sendline("what")  # neither: asked again
        child.expect(r"Please answer y \(resume it\) or n \(start a new one\): ")
        child.sendline("n")
        child.expect(r"session (\d{8}-[0-9a-f]{6})")
        new = child.match.group(1)
        child.expect("Hi, thanks for joining")
        child.expect("you>")
        child.sendline("/quit")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == 0
    assert new != old
    assert stored(home)["sessions"] == sorted([(old, "in_progress"), (new, "in_progress")])


def test_new_skips_the_question(cli, home, tmp_path):
    old = leave_unfinished(cli, tmp_path)
    child = spawn(home, "practice", "two-sum", "--no-audio", "--plain", "--model", "none", "--new")
    try:
        child.expect("you>")
        assert "Resume it?" not in child.before and "unfinished" not in child.before
        child.sendline("/quit")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == 0
    assert len(stored(home)["sessions"]) == 2 and (old, "in_progress") in stored(home)["sessions"]


def test_ctrl_c_or_ctrl_d_at_the_question_leaves_nothing_behind(cli, home, tmp_path):
    old = leave_unfinished(cli, tmp_path)
    before = stored(home)
    for press, code in (("c", 130), ("d", 1)):
        child = spawn(home, "practice", "two-sum", "--no-audio", "--plain", "--model", "none")
        try:
            child.expect(QUESTION)
            child.sendcontrol(press)
            child.expect(f"nothing started; `intervu resume {old}` continues the unfinished one")
            child.expect(pexpect.EOF)
        finally:
            child.close()
        assert child.exitstatus == code, press
        assert "Traceback" not in child.before
        assert stored(home) == before, press  # no session, no event: not even a resumed start


def test_a_problem_with_no_unfinished_interview_asks_nothing(cli, home, tmp_path):
    leave_unfinished(cli, tmp_path)
    finished = cli("practice", "two-sum", "--no-audio", "--script", STRONG, "--model", "none", "--new")
    assert finished.returncode == 0, finished.stderr
    child = spawn(home, "practice", "valid-parentheses", "--no-audio", "--plain", "--model", "none")
    try:
        child.expect("you>")  # two-sum's unfinished interview is not valid-parentheses'
        assert "Resume it?" not in child.before
        child.sendline("/quit")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == 0


def test_yes_resumes_with_this_commands_options(cli, home, tmp_path):
    """The session was by keyboard, with a speaker that is not there. `practice` without --no-audio,
    answered yes, resumes it spoken, on the speaker it remembers; with --no-audio, by keyboard."""
    old = leave_unfinished(cli, tmp_path, "--speaker", "no-such-speaker")
    before = stored(home)
    child = spawn(home, "practice", "two-sum", "--plain", "--model", "none")
    try:
        child.expect(QUESTION)
        child.sendline("y")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    said = ANSI.sub("", child.before).strip().splitlines()[-1]  # after the answer the terminal echoed
    assert child.exitstatus == 2, said
    assert said.startswith("intervu: ") and "no-such-speaker" in said and "--no-audio" in said, said
    assert stored(home) == before
    child = spawn(home, "practice", "two-sum", "--plain", "--model", "none", "--no-audio")
    try:
        child.expect(QUESTION)
        child.sendline("y")
        child.expect(f"resumed {old}")
        child.expect("you>")
        assert "Listening on" not in child.before
        child.sendline("/quit")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == 0


def test_without_a_terminal_it_starts_new_and_says_how_to_continue(cli, home, tmp_path):
    old = leave_unfinished(cli, tmp_path)
    done = cli("practice", "two-sum", "--no-audio", "--script", STRONG, "--model", "none")
    assert done.returncode == 0, done.stderr
    (line,) = done.stderr.splitlines()
    assert line.startswith("intervu: you have an unfinished two-sum interview from ")
    assert f"({old}, under a minute in)" in line
    assert line.endswith(f"To continue that one instead: intervu resume {old}")
    assert "Interview over (finished)" in done.stdout
    as_json = cli("practice", "two-sum", "--no-audio", "--script", STRONG, "--model", "none", "--json")
    assert as_json.returncode == 0, as_json.stderr
    events = [json.loads(line) for line in as_json.stdout.splitlines()]  # stdout is JSON only
    assert events[0]["type"] == "session_started" and events[0]["session_id"] != old and not events[0]["resumed"]
    assert f"intervu resume {old}" in as_json.stderr and len(as_json.stderr.splitlines()) == 1
    quiet = cli("practice", "two-sum", "--no-audio", "--script", STRONG, "--model", "none", "--new")
    assert quiet.returncode == 0 and quiet.stderr == ""
    sessions = stored(home)["sessions"]
    assert len(sessions) == 4 and (old, "in_progress") in sessions  # the unfinished one is left as it was


def test_on_a_terminal_a_script_is_not_asked_either(cli, home, tmp_path):
    old = leave_unfinished(cli, tmp_path)
    child = spawn(home, "practice", "two-sum", "--no-audio", "--script", STRONG, "--model", "none")
    try:
        child.expect(f"To continue that one instead: intervu resume {old}")
        child.expect("Interview over")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == 0
    assert "Resume it?" not in child.before
