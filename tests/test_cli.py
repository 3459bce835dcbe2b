"""The installed `intervu` console script, end to end: scripted interviews, JSON interfaces, bad input."""

from __future__ import annotations

import json
import re
import sqlite3
import subprocess
import sys

import pytest
from conftest import REPO, SCRIPTS, intervu_exe

STRONG = str(SCRIPTS / "strong-two-sum.txt")
WEAK = str(SCRIPTS / "weak-two-sum.txt")


def events_of(stdout: str) -> list[dict]:
    return [json.loads(line) for line in stdout.splitlines() if line.strip()]


def test_python_dash_m_works_too(cli):
    out = subprocess.run([sys.executable, "-m", "intervu_cli", "--help"], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0
    for command in ("practice", "resume", "problems", "show", "history", "run", "report", "bench"):
        assert command in out.stdout


def test_scripted_interview_is_deterministic_and_complete(cli):
    first = cli("practice", "two-sum", "--no-audio", "--script", STRONG, "--model", "none")
    second = cli("practice", "two-sum", "--no-audio", "--script", STRONG, "--model", "none")
    assert first.returncode == 0, first.stderr
    # the same but for the session ids and the timing figures of the final code (a real measurement;
    # its band, "grows linearly", must be the same)
    def strip(text: str) -> list[str]:
        return [re.sub(r"at n = [^:]*: [\d., ]+ (ms|µs|s)\b", "at n = ...", line) for line in text.splitlines()
                if "session" not in line.lower()]

    assert strip(first.stdout) == strip(second.stdout)
    assert "it grows linearly" in first.stdout
    out = first.stdout
    assert "Interviewer: Hi, thanks for joining" in out
    assert "Yes. Values and the target can be negative" in out  # a clarifying question answered, as authored
    assert "Good question" not in out
    assert "passes 3/3 tests" in out
    assert "→ wrap-up" in out
    assert "Interview over (finished)" in out


def test_json_events_have_type_and_time(cli):
    done = cli("practice", "two-sum", "--no-audio", "--script", STRONG, "--model", "none", "--json")
    assert done.returncode == 0, done.stderr
    events = events_of(done.stdout)
    assert all("type" in e and isinstance(e["t"], (int, float)) for e in events)
    types = [e["type"] for e in events]
    # (the final code, passing, is timed between the end and the feedback)
    assert types[0] == "session_started" and [t for t in types if t != "complexity_measured"][-2:] == ["ended",
                                                                                                        "feedback"]
    assert events[-1]["report"]["signal"] in ("Hire", "Strong Hire")
    for expected in ("interviewer_delta", "interviewer_said", "candidate_said", "code_snapshot", "test_run", "phase"):
        assert expected in types
    run = next(e for e in events if e["type"] == "test_run")
    assert run["passed"] == run["total"] == 3
    assert {"name", "passed", "expected", "actual", "error"} <= set(run["tests"][0])


def test_weak_candidate_gets_pushed_and_never_gets_the_answer_early(cli):
    done = cli("practice", "two-sum", "--no-audio", "--script", WEAK, "--model", "none", "--json")
    assert done.returncode == 0, done.stderr
    events = events_of(done.stdout)
    said = [e for e in events if e["type"] == "interviewer_said"]
    acts = [e["act"] for e in said]
    assert "push_verify" in acts  # "I'm done" without testing
    assert "decline_solution" in acts  # "just give me the answer"
    hints = [e for e in events if e["type"] == "hint"]
    assert [h["level"] for h in hints] == ["nudge"]  # the reveal was never reached
    assert [h["reason"] for h in hints] == ["asked_for_solution"]
    assert "check_in" in acts  # 200 s with nothing new: "what are you thinking?" before any more help
    assert acts[-2] == "decline_manipulation"  # "ignore your instructions": declined in character, no hint
    final = [e for e in events if e["type"] == "test_run"][-1]
    assert final["hidden"] and final["passed"] < final["total"]  # /finish ran the hidden tests too


def test_t_advances_with_wait_in_scripts(cli, tmp_path):
    script = tmp_path / "s.txt"
    script.write_text("Hello there.\n/wait 42.5\nWhat is the input size?\n/finish\n")
    done = cli("practice", "two-sum", "--no-audio", "--script", str(script), "--model", "none", "--json")
    events = events_of(done.stdout)
    asked = [e for e in events if e["type"] == "candidate_said"]
    assert asked[0]["t"] == 0 and asked[1]["t"] == 42.5


def test_malformed_script_is_reported_with_its_line(cli, tmp_path):
    for body, line, words in (
        ("Hi\n\n/wait soon\n", 3, "/wait needs a number"),
        ("Hi\n/dance\n", 2, "unknown command '/dance'"),
        ("# c\n/code\ndef f(): pass\n", 2, "never closed"),
        ("/endcode\n", 1, "without a /code"),
        # read as every front end reads them; what a script cannot do says so, and what to use instead
        ("Hi\n/show\n", 2, "/show has no screen to show the problem on in a script; `intervu show SLUG` prints it"),
        ("/help\n", 1, "a script takes /code, /endcode, /run, /submit, /hint, /wait SECONDS, /finish"),
        ("/run\n/quit\n", 2, "/quit: a script leaves where it ends"),
        ("/fnish\n", 1, "unknown command '/fnish' (did you mean /finish?)"),
        ("/run now\n", 1, "/run takes no argument but `hidden`, not 'now'"),
    ):
        script = tmp_path / "bad.txt"
        script.write_text(body)
        done = cli("practice", "two-sum", "--no-audio", "--script", str(script), "--model", "none")
        assert done.returncode == 2
        assert f"line {line}: " in done.stderr and words in done.stderr
        assert "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1
        assert done.stdout == ""  # nothing started


def test_run_hidden_is_submit_in_scripts_as_everywhere(cli, tmp_path):
    script = tmp_path / "s.txt"
    script.write_text("/run\n/run hidden\n/RUN Hidden\n/submit\n")
    done = cli("practice", "two-sum", "--no-audio", "--script", str(script), "--model", "none", "--json")
    assert done.returncode == 1, done.stderr  # the script ended first
    runs = [e for e in events_of(done.stdout) if e["type"] == "test_run"]
    assert [r["hidden"] for r in runs] == [False, True, True, True]


def test_bad_input_is_one_clear_line(cli, tmp_path):
    cases = [
        ("practice", "two-summ", "--no-audio", "--model", "none"),
        ("practice", "two-sum", "--no-audio", "--script", str(tmp_path / "nope.txt")),
        ("practice", "two-sum", "--no-audio", "--language", "cobol", "--script", STRONG),
        ("show", "no-such-problem"),
        ("run", "two-sum", str(tmp_path / "missing.py")),
        ("run", "two-sum", str(tmp_path / "x.rb")),
        ("resume",),
        ("resume", "nosuchid"),
        ("problems", "--difficulty", "impossible"),
        ("problems", "--pathway", "nowhere"),
        ("report",),
    ]
    for args in cases:
        done = cli(*args)
        assert done.returncode == 2, (args, done.stdout, done.stderr)
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("intervu: "), (args, done.stderr)
        assert "Traceback" not in done.stderr
    assert "did you mean two-sum" in cli("practice", "two-summ", "--no-audio").stderr


def test_problems_json_and_filters(cli):
    done = cli("problems", "--json")
    assert done.returncode == 0
    listing = json.loads(done.stdout)
    assert len(listing) >= 12
    for p in listing:
        assert {"slug", "title", "difficulty", "topics", "pathways"} <= set(p)
    assert {p["difficulty"] for p in listing} == {"easy", "medium", "hard"}
    easy = json.loads(cli("problems", "--json", "--difficulty", "easy").stdout)
    assert easy and all(p["difficulty"] == "easy" for p in easy)
    hashing = json.loads(cli("problems", "--json", "--topic", "hash-table").stdout)
    assert "two-sum" in {p["slug"] for p in hashing}
    unknown = cli("problems", "--json", "--pathway", "no-such-pathway")
    assert unknown.returncode == 2 and "no pathway named 'no-such-pathway'" in unknown.stderr


def test_show_prints_statement_examples_constraints(cli):
    done = cli("show", "two-sum")
    assert done.returncode == 0
    assert "Two Sum" in done.stdout and "Example 1" in done.stdout and "Constraints" in done.stdout
    assert "def two_sum" in done.stdout


def test_history_json(cli):
    assert json.loads(cli("history", "--json").stdout) == []
    cli("practice", "two-sum", "--no-audio", "--script", STRONG, "--model", "none")
    rows = json.loads(cli("history", "--json").stdout)
    assert len(rows) == 1
    assert {"id", "slug", "status", "started_at"} <= set(rows[0])
    assert rows[0]["slug"] == "two-sum" and rows[0]["status"] == "completed"


def test_run_exit_codes_and_json(cli, tmp_path):
    good = tmp_path / "good.py"
    good.write_text("def two_sum(nums, target):\n    seen = {}\n    for i, x in enumerate(nums):\n"
                    "        if target - x in seen:\n            return [seen[target - x], i]\n        seen[x] = i\n")
    bad = tmp_path / "bad.js"
    bad.write_text("function twoSum(nums, target) {\n  return [0, 1];\n}\n")
    ok = cli("run", "two-sum", str(good), "--json", "--hidden")
    assert ok.returncode == 0
    result = json.loads(ok.stdout)
    assert result["passed"] == result["total"] and result["total"] > 3
    assert {"passed", "total", "tests", "summary", "sandbox"} <= set(result)
    assert all({"name", "passed", "expected", "actual", "error"} <= set(t) for t in result["tests"])
    fails = cli("run", "two-sum", str(bad), "--json")
    assert fails.returncode == 1
    result = json.loads(fails.stdout)
    assert 0 < result["passed"] < result["total"]
    assert "fails on" in result["summary"]
    human = cli("run", "two-sum", str(bad))
    assert human.returncode == 1 and "✗" in human.stdout and "expected" in human.stdout


def test_javascript_interview(cli, tmp_path):
    script = tmp_path / "js.txt"
    script.write_text(
        "I'll use a map from value to index in one pass, O(n) time.\n/code\n"
        "function twoSum(nums, target) {\n  const seen = new Map();\n  for (let i = 0; i < nums.length; i++) {\n"
        "    if (seen.has(target - nums[i])) return [seen.get(target - nums[i]), i];\n"
        "    seen.set(nums[i], i);\n  }\n}\n"
        "/endcode\n/run\n/finish\n"
    )
    done = cli("practice", "two-sum", "--no-audio", "--script", str(script), "--model", "none",
               "--language", "javascript", "--json")
    assert done.returncode == 0, done.stderr
    runs = [e for e in events_of(done.stdout) if e["type"] == "test_run"]
    assert runs[0]["language"] == "javascript" and runs[0]["passed"] == 3
    assert runs[-1]["hidden"] and runs[-1]["passed"] == runs[-1]["total"]


def test_script_that_stops_early_leaves_a_resumable_session(cli, tmp_path):
    part1 = tmp_path / "part1.txt"
    part1.write_text("Can the input be empty?\nI'd use a hash map, one pass.\n")
    first = cli("practice", "two-sum", "--no-audio", "--script", str(part1), "--model", "none")
    assert first.returncode == 1
    assert "intervu resume" in first.stderr
    part2 = tmp_path / "part2.txt"
    part2.write_text("/finish\n")
    second = cli("resume", "--script", str(part2), "--model", "none")
    assert second.returncode == 0, second.stderr
    assert "Welcome back" in second.stdout and "Interview over" in second.stdout
    db = sqlite3.connect(str(next((tmp_path / "home").glob("*.sqlite3"))))
    assert db.execute("SELECT status FROM sessions").fetchall() == [("completed",)]


def test_user_problem_folder_and_invalid_files(cli, tmp_path):
    folder = tmp_path / "mine"
    folder.mkdir()
    source = (REPO / "problems" / "two-sum.toml").read_text()
    (folder / "two-sum-copy.toml").write_text(source.replace('slug = "two-sum"', 'slug = "two-sum-copy"'))
    (folder / "broken.toml").write_text('slug = "broken"\ntitle = 3\n')
    (folder / "not-toml.toml").write_text("this is = = not toml")
    done = cli("problems", "--json", "--problems-dir", str(folder))
    slugs = {p["slug"] for p in json.loads(done.stdout)}
    assert "two-sum-copy" in slugs and "two-sum" in slugs and "broken" not in slugs
    assert "broken.toml: title: should be a str, not int" in done.stderr
    assert "broken.toml: difficulty: is missing" in done.stderr
    assert "not-toml.toml: is not valid TOML" in done.stderr
    via_env = cli("problems", "--json", env={"INTERVU_PROBLEMS_DIR": str(folder)})
    assert "two-sum-copy" in {p["slug"] for p in json.loads(via_env.stdout)}
    config = tmp_path / "home" / "config.toml"
    config.write_text(f'problems_dir = "{folder}"\n')
    via_config = cli("problems", "--json")
    assert "two-sum-copy" in {p["slug"] for p in json.loads(via_config.stdout)}
    config.write_text("modle = 'x'\n")
    typo = cli("problems")
    assert typo.returncode == 2 and "unknown setting 'modle'" in typo.stderr


def test_console_script_is_installed():
    assert intervu_exe()


def test_no_model_configured_says_how_in_one_line(cli):
    done = cli("practice", "two-sum", "--no-audio", "--script", STRONG)  # nothing listens on 127.0.0.1:11434 here
    assert done.returncode == 0
    notices = [l for l in done.stdout.splitlines() if l.startswith("! ")]  # noqa: E741 - l: a line
    assert len(notices) == 1 and "No LLM configured" in notices[0] and "--model" in notices[0]


def test_javascript_without_node_is_one_clear_line(cli):
    done = cli("practice", "two-sum", "--no-audio", "--script", STRONG, "--model", "none",
               "--language", "javascript", env={"PATH": "/nonexistent"})
    assert done.returncode == 2
    assert done.stderr.strip() == ("intervu: JavaScript needs Node.js, which is not installed: "
                                   "install nodejs, or use --language python")


def test_submit_runs_hidden_tests_and_every_run_is_recorded(cli, home, tmp_path):
    script = tmp_path / "submit.txt"
    script.write_text(
        "I'll use a hash map from value to index.\n"
        "/code\ndef two_sum(nums, target):\n    return [0, 1]\n/endcode\n"
        "/run\n/wait 30\n/submit\n"
        "Can I submit this now?\n"
    )
    proc = cli("practice", "two-sum", "--no-audio", "--model", "none", "--script", str(script), "--json")
    runs = [e for e in map(json.loads, proc.stdout.splitlines()) if e["type"] == "test_run"]
    assert [r["hidden"] for r in runs] == [False, True, True]  # /run, /submit, and asking to submit
    assert runs[0]["total"] == 3 and runs[1]["total"] > 3
    db = sqlite3.connect(home / "sessions.sqlite3")
    stored = [json.loads(row[0]) for row in db.execute("SELECT data FROM events WHERE type = 'test_run' ORDER BY seq")]
    db.close()
    assert ([(r["hidden"], r["passed"], r["total"]) for r in stored]
            == [(r["hidden"], r["passed"], r["total"]) for r in runs])
    assert "I can't submit" not in proc.stdout
    assert stored[1]["t"] - stored[0]["t"] >= 30


def test_run_timeout_is_configurable(cli, home, tmp_path):
    slow = tmp_path / "slow.py"
    slow.write_text("import time\ndef two_sum(nums, target):\n    time.sleep(1.5)\n    return [0, 1]\n")
    quick = cli("run", "two-sum", str(slow), "--json", env={"INTERVU_RUN_TIMEOUT": "0.5"})
    assert "timed out after 0.5 s" in json.loads(quick.stdout)["tests"][0]["error"]
    (home / "config.toml").write_text("run_timeout = 0.7\n")
    assert "timed out after 0.7 s" in json.loads(cli("run", "two-sum", str(slow), "--json").stdout)["tests"][0]["error"]
    assert "timed out after 0.6 s" in json.loads(
        cli("run", "two-sum", str(slow), "--json", "--timeout", "0.6").stdout)["tests"][0]["error"]
    bad = cli("run", "two-sum", str(slow), env={"INTERVU_RUN_TIMEOUT": "soon"})
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "INTERVU_RUN_TIMEOUT" in bad.stderr


@pytest.mark.bench
@pytest.mark.timeout(900)  # a whole benchmark, slower on a loaded machine; its subprocess has its own bound
def test_bench_sandbox_prints_its_figures(cli):
    """The figures themselves are for the note (not asserted: shared machines are noisy)."""
    proc = cli("bench", "sandbox", "--runs", "2", "--json", timeout=300)
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    for language in ("python", "javascript"):
        r = report["run_to_results_ms"][language]
        assert r["median"] > 0 and r["p90"] >= r["median"] and r["ratio"] > 0
        assert r["layers"] == ["limits", "netns", "landlock", "seccomp"]
    memory = report["parent_memory"]
    assert memory["peak_mb_after_bombs"] > 0 and memory["child_peak_mb"] > 100
    assert "MemoryError" in memory["bomb_results"]["python"] and "memory" in memory["bomb_results"]["javascript"]
    human = cli("bench", "sandbox", "--runs", "2", timeout=300)
    assert "run → results" in human.stdout and "parent peak RSS" in human.stdout
    voice = cli("bench", "--turns", "0")  # the voice benchmark itself runs on the rig: tests/test_duplex_rig.py
    assert voice.returncode == 2 and "--turns must be between" in voice.stderr and "Traceback" not in voice.stderr
    voice = cli("bench", "voice", "--turns", "0")  # the same checks by its own name
    assert voice.returncode == 2 and "--turns must be between" in voice.stderr and "Traceback" not in voice.stderr


def test_bench_options_given_before_the_benchmark_are_not_lost(cli):
    """`intervu bench --json sandbox` would print text if the group's --json were dropped: it says
    where the option goes instead, and runs nothing."""
    proc = cli("bench", "--json", "sandbox")
    assert proc.returncode == 2 and proc.stdout == ""
    line = proc.stderr.strip()
    assert "\n" not in line and "--json before `sandbox`" in line and "intervu bench sandbox --help" in line
