"""The line-by-line REPL (`--plain`) shows the problem before the interviewer's first words ("take
a moment to read it"): title, statement, examples, constraints and the signature in the session's
language; a resumed session's too. Scripted and JSON output stay as they were: no problem text."""

from __future__ import annotations

import io
import json
import os
import re

import pexpect

from conftest import SCRIPTS, intervu_exe

from intervu_cli.problems import load_problems, problem_dirs

ANSI = re.compile(r"\x1b\[[0-9;?]*[a-zA-Z]")
STRONG = str(SCRIPTS / "strong-two-sum.txt")
TWO_SUM = load_problems(problem_dirs([])).get("two-sum")


def until_first_prompt(home, *args: str, width: int = 100) -> str:
    """Everything `intervu ARGS` prints up to its first `you>` prompt (then /quit); ANSI removed."""
    env = {**os.environ, "INTERVU_HOME": str(home), "COLUMNS": str(width), "LINES": "50", "TERM": "xterm",
           "PROMPT_TOOLKIT_NO_CPR": "1"}
    child = pexpect.spawn(intervu_exe(), list(args), env=env, encoding="utf-8", timeout=60, dimensions=(50, width))
    child.logfile_read = seen = io.StringIO()
    try:
        child.expect("you>")
        child.sendline("/quit")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == 0
    return ANSI.sub("", seen.getvalue()).split("you>")[0]


def in_order(text: str, *parts: str) -> None:
    at = 0
    for part in parts:
        found = text.find(part, at)
        assert found >= 0, (part, text[at:])
        at = found + len(part)


def words(text: str) -> str:
    return " ".join(text.split())


def test_the_problem_comes_before_the_interviewer(home):
    shown = until_first_prompt(home, "practice", "two-sum", "--no-audio", "--plain", "--model", "none")
    # The statement's first sentence, as Markdown renders it (no backticks), wrapped: compared word by word.
    first_sentence = TWO_SUM.statement.split(". ")[0].replace("`", "")
    in_order(words(shown), "intervu · Two Sum · python · session", "Two Sum easy · array, hash-table",
             words(first_sentence), "Example 1: nums = [2, 7, 11, 15], target = 9 → [0, 1]",
             "Example 2:", "Example 3:", "Constraints:", "2 <= len(nums) <= 10^4",
             "Signature (python):", "def two_sum(nums: list[int], target: int) -> list[int]:",
             "Interviewer: Hi, thanks for joining", "Take a moment to read it")
    assert shown.count("Constraints:") == 1 and "function twoSum" not in shown


def test_in_javascript_the_signature_is_javascripts(home):
    shown = until_first_prompt(home, "practice", "two-sum", "--no-audio", "--plain", "--model", "none",
                               "--language", "javascript", width=60)
    in_order(words(shown), "Two Sum easy", "Constraints:", "Signature (javascript):",
             "function twoSum(nums, target)", "Interviewer:")
    assert "def two_sum" not in shown
    assert "  function twoSum(nums, target)" in shown.splitlines()  # the code on a line of its own, unbroken


def test_a_resumed_session_shows_it_again(cli, home, tmp_path):
    part = tmp_path / "part.txt"
    part.write_text("Can the input be empty?\n")
    left = cli("practice", "two-sum", "--no-audio", "--script", str(part), "--model", "none")
    session = re.search(r"continue it with: intervu resume (\S+)", left.stderr).group(1)
    shown = until_first_prompt(home, "resume", session, "--no-audio", "--plain", "--model", "none")
    in_order(words(shown), f"resumed {session}", "Two Sum easy", "Constraints:", "Signature (python):",
             "Interviewer: Welcome back")


def test_scripts_and_json_do_not_print_it(cli):
    text = cli("practice", "two-sum", "--no-audio", "--script", STRONG, "--model", "none")
    assert text.returncode == 0, text.stderr
    assert "Constraints:" not in text.stdout and "Signature (" not in text.stdout
    as_json = cli("practice", "two-sum", "--no-audio", "--script", STRONG, "--model", "none", "--json")
    assert as_json.returncode == 0, as_json.stderr
    assert all(json.loads(line)["type"] for line in as_json.stdout.splitlines())  # JSON only, every line
