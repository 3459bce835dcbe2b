"""Input that is too big, too deep, endless or nonsensical (issue 21: 11 and 12): every file intervu
reads is refused in one line when it is not a regular file, over its size limit or nested too deeply
(core.files); --timeout takes only a sensible number; a model server that stalls costs one notice and
is then skipped until a background probe finds it answering; and no terminal control sequence from
the candidate, their code or the model reaches a text stream. All through the installed `intervu`."""

from __future__ import annotations

import json
import os
import resource
import subprocess
from pathlib import Path

import pytest

from conftest import REPO, cfg_for, collect, intervu_exe
from intervu_cli.bench.fakellm import FakeLLMServer
from intervu_cli.core.events import InterviewerSaid, Notice
from intervu_cli.engine import llm as llm_mod
from intervu_cli.engine.clock import ManualClock
from intervu_cli.problems import load_problems, problem_dirs
from intervu_cli.session import assemble

SOLUTION = "def two_sum(nums, target):\n    seen = {}\n    for i, x in enumerate(nums):\n" \
           "        if target - x in seen:\n            return [seen[target - x], i]\n        seen[x] = i\n"
MEMORY_CAP = 1 << 30  # the address space a run gets here: reading /dev/zero whole would hit it, not the machine's


def _capped() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


def intervu(*args: str, stdin=None, timeout: float = 60, env: dict | None = None) -> subprocess.CompletedProcess:
    """The console script, its memory capped and its time bounded: a read that never ends shows as
    a failure here (TimeoutExpired, or a MemoryError's traceback), never as a hung test or machine."""
    return subprocess.run([intervu_exe(), *args], stdin=stdin if stdin is not None else subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=timeout, preexec_fn=_capped,
                          env={**os.environ, "COLUMNS": "200", **(env or {})})


def one_line(proc: subprocess.CompletedProcess) -> str:
    """The single line of stderr a refused input gets (no traceback, exit 2)."""
    lines = proc.stderr.strip().splitlines()
    assert "Traceback" not in proc.stderr and len(lines) == 1, proc.stderr[-2000:]
    assert proc.returncode == 2, (proc.returncode, proc.stderr[-500:])
    return lines[0]


def deep(n: int = 3000) -> str:
    return "[" * n + "]" * n


@pytest.fixture
def solution(tmp_path) -> Path:
    path = tmp_path / "sol.py"
    path.write_text(SOLUTION)
    return path


# --- 11 (a): a config or problem file nested thousands deep -------------------------------------------


def test_a_deep_config_file_is_one_line_in_every_command(home, solution):
    config = home / "config.toml"
    config.write_text(f"problems_dir = {deep()}\n")
    for args in (["problems"], ["show", "two-sum"], ["run", "two-sum", str(solution)], ["history"], ["report"],
                 ["practice", "two-sum", "--no-audio", "--script", str(solution)]):
        line = one_line(intervu(*args))
        assert str(config) in line and "too deeply" in line and "fix or remove it" in line, (args, line)


def test_a_config_file_nested_less_deep_but_past_the_limit_is_refused_too(home):
    (home / "config.toml").write_text(f"problems_dir = {deep(100)}\n")  # parses, but nothing means that
    line = one_line(intervu("problems"))
    assert "config.toml" in line and "64 deep" in line


def test_a_deep_problem_file_is_skipped_in_one_line_and_the_rest_load(home, tmp_path):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "deep-one.toml").write_text(f'slug = "deep-one"\nargs = {deep()}\n')
    proc = intervu("problems", "--json", "--problems-dir", str(folder))
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr[-2000:]
    assert proc.stderr.strip().splitlines() == [
        f"intervu: skipping an invalid problem file: {folder / 'deep-one.toml'}: nests arrays or tables too "
        "deeply to read at line 2; fix it or move it out of the folder"]
    assert "two-sum" in {p["slug"] for p in json.loads(proc.stdout)}


def test_a_deep_json_value_in_a_problem_file_is_skipped_in_one_line(home, tmp_path):
    folder = tmp_path / "mine"
    folder.mkdir()
    text = (REPO / "problems" / "two-sum.toml").read_text()
    assert 'args = [[3, 3], 6]' in text
    (folder / "two-sum.toml").write_text(text.replace('args = [[3, 3], 6]', f'args_json = "{deep()}"', 1))
    proc = intervu("show", "two-sum", "--problems-dir", str(folder))
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr[-2000:]
    assert proc.stderr.strip().splitlines() == [
        f"intervu: skipping an invalid problem file: {folder / 'two-sum.toml'}: tests.visible[2].args_json: "
        "nests arrays or objects too deeply to read; nest them at most 64 deep"]
    assert "Two Sum" in proc.stdout  # the built-in one stands


# --- 11 (b): --timeout --------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["nan", "inf", "-1", "0", "1e300", "121"])
def test_a_nonsensical_timeout_is_one_line(home, solution, value):
    line = one_line(intervu("run", "two-sum", str(solution), "--timeout", value))
    assert "--timeout" in line and "at most 120 seconds" in line


# --- 11 (c): files that never end, or never come ------------------------------------------------------


def test_dev_zero_as_a_solution_is_refused_not_read(home):
    line = one_line(intervu("run", "two-sum", "/dev/zero", "--language", "python"))
    assert line == "intervu: the solution file /dev/zero is a device, not a file; give the path of a file"


def test_a_fifo_as_a_solution_or_script_is_refused_not_waited_on(home, tmp_path):
    fifo = tmp_path / "sol.py"
    os.mkfifo(fifo)  # nobody ever writes to it: opening it to read would wait for ever
    try:
        proc = intervu("run", "two-sum", str(fifo), timeout=60)
    except subprocess.TimeoutExpired:
        pytest.fail("intervu run waited on a FIFO")
    assert one_line(proc) == f"intervu: the solution file {fifo} is a pipe (FIFO), not a file; give the path of a file"
    try:
        proc = intervu("practice", "two-sum", "--no-audio", "--script", str(fifo), timeout=60)
    except subprocess.TimeoutExpired:
        pytest.fail("intervu practice waited on a FIFO")
    assert "is a pipe (FIFO), not a file" in one_line(proc)


def test_a_folder_as_a_solution_is_one_line(home, tmp_path):
    assert "is a folder, not a file" in one_line(intervu("run", "two-sum", str(tmp_path), "--language", "python"))


def test_an_endless_script_on_standard_input_stops_at_the_line_limit(home):
    with open("/dev/zero", "rb") as zero:
        proc = intervu("practice", "two-sum", "--no-audio", "--model", "none", "--script", "-", stdin=zero)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr, proc.stderr[-2000:]
    last = proc.stderr.strip().splitlines()
    assert len(last) == 1 and "line 1: is longer than 1 MB" in last[0] and "intervu resume" in last[0]


# --- 11 (d): a huge problem file ----------------------------------------------------------------------


def test_a_huge_problem_file_is_refused_by_its_size(home, tmp_path):
    folder = tmp_path / "mine"
    folder.mkdir()
    big = folder / "big.toml"
    with big.open("w") as f:
        f.write('slug = "big"\nstatement = """')
        chunk = "x" * (1 << 20)
        for _ in range(50):
            f.write(chunk)
        f.write('"""\n')
    proc = intervu("show", "two-sum", "--problems-dir", str(folder))
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr[-2000:]
    assert proc.stderr.strip().splitlines() == [
        f"intervu: skipping an invalid problem file: {big}: is too large (50.0 MB; at most 2 MB is read); "
        "fix it or move it out of the folder"]


# --- 12 (a): a model server that stalls ----------------------------------------------------------------

TALK = """Can the array contain negative numbers?
Is there always exactly one answer?
Can I return the two indices in any order?
I'd use a hash map from value to index, one pass, checking for the complement. That's O(n) time and O(n) space.
What about duplicates, like three and three with target six?
I think that covers it; let me think about the edge cases once more.
/finish
"""


def test_a_stalled_model_costs_one_notice_and_is_not_asked_every_turn(home, tmp_path):
    script = tmp_path / "talk.txt"
    script.write_text(TALK)
    turns = sum(1 for line in TALK.splitlines() if not line.startswith("/"))
    # It takes every request and never answers: each would cost the wording's full first-token
    # timeout (20 s) if it were asked on every turn (and the feedback's narrative 40 s more).
    with FakeLLMServer("Never sent.", mode="hang") as server:
        try:
            proc = intervu("practice", "two-sum", "--no-audio", "--script", str(script), "--json",
                           "--model", "openai/x", "--api-base", server.base_url, timeout=150)
        except subprocess.TimeoutExpired:
            pytest.fail(f"the session waited on the stalled model turn after turn ({len(server.requests)} requests)")
        requests = server.requests
    assert proc.returncode == 0, proc.stderr[-2000:]
    events = [json.loads(line) for line in proc.stdout.splitlines()]
    assert sum(e["type"] == "candidate_said" for e in events) == turns
    notices = [e["text"] for e in events if e["type"] == "notice" and "openai/x" in e["text"]]
    assert len(notices) == 1, notices  # once, not every turn
    assert server.base_url in notices[0] and "built-in lines" in notices[0] and "--model none" in notices[0]
    assert not any(e["type"] == "notice" and "failed" in e["text"] and e["text"] != notices[0] for e in events)
    said = [e for e in events if e["type"] == "interviewer_said"]
    assert len(said) > turns and all(e["source"] == "template" for e in said)
    assert events[-1]["type"] == "feedback" and events[-1]["report"]["narrative_source"] == "template"
    # The first turn asked it (its reading and its wording); after that only probes may have, and
    # only a few: never one request per turn.
    streamed = [r for r in requests if r.get("stream")]
    probes = [r for r in requests if not r.get("stream")]
    assert 1 <= len(streamed) <= 3 and len(probes) <= 2, (len(streamed), len(probes))


def test_a_model_that_answers_again_is_used_again(store, monkeypatch):
    """The probe that brings it back: sent (off the turn's path) when a turn finds the model down,
    here at once instead of after llm.PROBE_FIRST_S."""
    monkeypatch.setattr(llm_mod, "PROBE_FIRST_S", 0.0)
    two_sum = load_problems(problem_dirs()).get("two-sum")
    with FakeLLMServer("Good question; go on.", mode="error") as server:
        cfg = cfg_for(server)
        iv = assemble.new_interview(two_sum, store, ManualClock(), llm=cfg, model_label=cfg.model)
        collect(iv.start())
        first = collect(iv.say("Can the numbers be negative?"))
        notices = [e.text for e in first if isinstance(e, Notice)]
        assert len(notices) == 1 and server.base_url in notices[0] and "built-in lines" in notices[0]
        asked = len(server.requests)
        server.mode = "ok"
        second = collect(iv.say("Is there always exactly one answer?"))  # skipped: a probe goes out meanwhile
        assert [e.source for e in second if isinstance(e, InterviewerSaid)] == ["template"]
        assert not any(isinstance(e, Notice) for e in second)
        assert server.wait_for(lambda: cfg.health.down is None, timeout=60), "the probe never brought it back"
        assert [bool(r.get("stream")) for r in server.requests[asked:]] == [False]  # the probe, no turn's request
        third = collect(iv.say("Can I return the indices in any order?"))
        assert [e.source for e in third if isinstance(e, InterviewerSaid)] == ["llm"]
        assert [e.text for e in third if isinstance(e, Notice)] == [f"The model {cfg.model} answers again; the "
                                                                    "interviewer uses it again."]


# --- 12 (b): terminal control sequences ----------------------------------------------------------------

EVIL = "\x1b]0;pwned\x07\x1b[2J"  # retitle the window, clear the screen
RAW = ("\x1b", "\x07", "\x9b")
PRINTS_EVIL = ('print("\\x1b]0;pwned\\x07\\x1b[2J loading")\n\n'
               'def two_sum(nums, target):\n'
               '    print("\\x1b]0;pwned\\x07\\x1b[2J inside")\n'
               '    raise ValueError("\\x1b[31mred\\x1b[0m \\x9b2J")\n')


def _no_raw_controls(text: str, what: str) -> None:
    found = sorted({repr(ch) for ch in RAW if ch in text})
    assert not found, f"{what} carries raw {', '.join(found)}: {text[:3000]!r}"


def test_no_control_sequence_from_the_candidate_their_code_or_the_model_reaches_text_output(home, tmp_path):
    env = {"FORCE_COLOR": "", "TTY_COMPATIBLE": "0"}  # plain text: whatever ESC is there came from the content
    script = tmp_path / "evil.txt"
    script.write_text(f"Can the array be empty? {EVIL}\n/code\n{PRINTS_EVIL}/endcode\n/run\n"
                      f"I'd use a hash map {EVIL}, one pass, O(n) time and O(n) space.\n/finish\n")
    solution = tmp_path / "evil.py"
    solution.write_text(PRINTS_EVIL)
    with FakeLLMServer(f"Sure {EVIL} go on.", token_delay_ms=1) as server:
        proc = intervu("practice", "two-sum", "--no-audio", "--script", str(script), "--model", "openai/fake",
                       "--api-base", server.base_url, env=env)
    assert proc.returncode == 0, proc.stderr[-2000:]
    _no_raw_controls(proc.stdout, "the scripted session's transcript")
    assert "^[]0;pwned^G^[[2J" in proc.stdout  # shown, visibly, where it was: the candidate's words
    assert "Sure ^[]0;pwned" in proc.stdout  # the model's
    assert "^[[31mred^[[0m \\x9b2J" in proc.stdout  # the code's error
    run = intervu("run", "two-sum", str(solution), env=env)
    assert run.returncode == 1, run.stderr[-2000:]
    _no_raw_controls(run.stdout + run.stderr, "intervu run")
    assert "^[]0;pwned^G^[[2J loading" in run.stdout
    for args in (["report"], ["report", "--markdown"], ["history"]):
        shown = intervu(*args, env=env)
        assert shown.returncode == 0, shown.stderr[-2000:]
        _no_raw_controls(shown.stdout + shown.stderr, f"intervu {' '.join(args)}")
    assert "^[]0;pwned" in intervu("report", "--markdown", env=env).stdout  # the transcript keeps the words


def test_markup_in_a_problem_file_is_printed_not_obeyed(home, tmp_path):
    folder = tmp_path / "mine"
    folder.mkdir()
    text = (REPO / "problems" / "two-sum.toml").read_text()
    assert 'title = "Two Sum"' in text
    evil_title = 'title = "Two [/] Sum [bold red]x\\u001b[2J"'  # (TOML's escape: the file itself is plain)
    (folder / "two-sum.toml").write_text(text.replace('title = "Two Sum"', evil_title))
    for args in (["problems"], ["show", "two-sum"]):
        proc = intervu(*args, "--problems-dir", str(folder), env={"FORCE_COLOR": ""})
        assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr[-2000:]
        _no_raw_controls(proc.stdout, f"intervu {args[0]}")
        assert "Two [/] Sum [bold red]x^[[2J" in proc.stdout
