"""The sandbox: a separate process per run, results the code cannot forge, per-test details, the
summary line, the kernel layers, and nothing left behind. (Hostile code: test_sandbox_hostile.py.)"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from intervu_cli.problems import load_problems, problem_dirs
from intervu_cli.sandbox import run_code
from intervu_cli.sandbox.jail import readable_beneath

TWO_SUM = load_problems(problem_dirs()).get("two-sum")


def test_exception_line_is_the_candidates_own():
    code = "def two_sum(nums, target):\n    x = 1\n    return nums[99]\n"
    result = run_code(TWO_SUM, "python", code)
    assert result.passed == 0
    assert result.tests[0].error == "IndexError on line 3: list index out of range"
    js = "function twoSum(nums, target) {\n  const a = 1;\n  return nums.x.y;\n}\n"
    result = run_code(TWO_SUM, "javascript", js)
    assert result.tests[0].line == 3 and result.tests[0].error.startswith("TypeError on line 3")


def test_syntax_error_is_reported_with_its_line():
    result = run_code(TWO_SUM, "python", "def two_sum(nums, target)\n    return []\n")
    assert result.error.startswith("SyntaxError on line 1")
    assert result.summary.startswith("passes 0/3") or result.summary.startswith("does not run")


def test_printing_a_fake_pass_does_not_pass():
    code = (
        "import json, sys\n"
        "def two_sum(nums, target):\n"
        "    print('PASS')\n"
        "    print(json.dumps({'name': 'example 1', 'actual': [0, 1], 'passed': True}))\n"
        "    return [-1, -1]\n"
    )
    result = run_code(TWO_SUM, "python", code)
    assert result.passed == 0
    assert "PASS" in result.tests[0].output  # the candidate's output is kept, per test


def test_infinite_loop_times_out_and_leaves_nothing(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # a private temp dir: other test runs come and go in /tmp
    result = run_code(TWO_SUM, "python", "def two_sum(nums, target):\n    while True:\n        pass\n", timeout_s=1.0)
    assert result.passed == 0 and "timed out" in result.tests[0].error
    assert os.listdir(tmp_path) == []


def test_hidden_expected_values_never_reach_the_child():
    code = (
        "import sys, json\n"
        "def two_sum(nums, target):\n"
        "    return json.load(open('cases.json'))\n"
    )
    result = run_code(TWO_SUM, "python", code, hidden=True)
    for t in result.tests:
        assert all("expected" not in case for case in t.actual)
    hidden = [t for t in result.to_dict()["tests"] if t["hidden"]]
    assert hidden and all(t["expected"] == "hidden" for t in hidden)


def test_summary_names_the_failing_cases():
    code = "def two_sum(nums, target):\n    return [0, 1]\n"
    result = run_code(TWO_SUM, "python", code, hidden=True)
    assert result.summary.startswith(f"passes {result.passed}/{result.total} hidden and visible tests; fails on '")


@pytest.mark.parametrize("language", ["python", "javascript"])
def test_candidate_output_is_captured_not_shown(language, capfd):
    code = {
        "python": "def two_sum(nums, target):\n    print('debug', nums)\n    return [0, 1]\n",
        "javascript": "function twoSum(nums, target) {\n  console.log('debug', nums.length);\n  return [0, 1];\n}\n",
    }[language]
    result = run_code(TWO_SUM, language, code)
    assert "debug" in result.tests[0].output
    assert "debug" not in capfd.readouterr().out


def test_summary_says_what_the_failing_cases_have_in_common():
    problem = load_problems(problem_dirs()).get("maximum-subarray")
    # Kadane's without the all-negative case: the classic slip
    code = ("def max_subarray(nums):\n    best = cur = 0\n    for n in nums:\n        cur = max(0, cur + n)\n"
            "        best = max(best, cur)\n    return best\n")
    result = run_code(problem, "python", code, hidden=True)
    assert 0 < result.passed < result.total
    assert result.summary.endswith("failing cases involve all-negative arrays")
    fixed = (code.replace("best = cur = 0", "best, cur = nums[0], 0")
             .replace("cur = max(0, cur + n)", "cur = max(n, cur + n)"))
    fixed = fixed.replace("best = max(best, cur)", "best = max(best, cur)\n        cur = max(cur, 0)")
    assert run_code(problem, "python", fixed, hidden=True).all_passed


def test_readable_beneath_leaves_out_only_the_secret(tmp_path):
    root = tmp_path / "lib"
    (root / "python3" / "site-packages" / "intervu_cli").mkdir(parents=True)
    (root / "python3" / "json").mkdir()
    (root / "python3" / "os.py").write_text("")
    (root / "other").mkdir()
    secret = root / "python3" / "site-packages"
    allowed = readable_beneath([str(root)], [str(secret)])
    assert sorted(allowed) == sorted(str(p.resolve())
                                     for p in (root / "other", root / "python3" / "json", root / "python3" / "os.py"))
    assert readable_beneath([str(root / "other")], [str(secret)]) == [str((root / "other").resolve())]
    assert readable_beneath([str(secret / "intervu_cli")], [str(secret)]) == []


@pytest.mark.parametrize("language", ["python", "javascript"])
def test_every_kernel_layer_applies_on_this_machine(language):
    """The machines we test on (and most Linux laptops) have all four; a run says which applied."""
    result = run_code(TWO_SUM, language, TWO_SUM.languages[language].solution)
    assert result.all_passed
    assert result.layers == ["limits", "netns", "landlock", "seccomp"]
    assert result.to_dict()["sandbox"] == result.layers


def _pids_with(text: str) -> list[int]:
    found = []
    for pid in os.listdir("/proc"):
        try:
            if pid.isdigit() and text in Path(f"/proc/{pid}/cmdline").read_text(errors="replace"):
                found.append(int(pid))
        except OSError:
            pass
    return found


def test_a_run_dies_with_intervu_and_its_directory_is_swept_next_time(tmp_path):
    """intervu killed mid-run (kill -9: no cleanup code runs): the child goes too, at once, and the
    next run removes the directory the dead one left."""
    driver = tmp_path / "driver.py"
    driver.write_text(
        "from intervu_cli.problems import load_problems, problem_dirs\n"
        "from intervu_cli.sandbox import run_code\n"
        "p = load_problems(problem_dirs()).get('two-sum')\n"
        "run_code(p, 'python', 'import time\\ndef two_sum(nums, target):\\n    time.sleep(120)\\n', timeout_s=100)\n"
    )
    proc = subprocess.Popen([sys.executable, str(driver)], cwd=Path(__file__).resolve().parents[1])
    prefix = f"intervu-run-{proc.pid}-"
    deadline = time.monotonic() + 30
    children: list[int] = []
    while time.monotonic() < deadline and not children:
        children = _pids_with(prefix)
        time.sleep(0.05)
    try:
        assert children, "the run never started"
        assert [n for n in os.listdir(tempfile.gettempdir()) if n.startswith(prefix)]
    finally:
        proc.kill()
        proc.wait()
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and _pids_with(prefix):
        time.sleep(0.05)
    assert _pids_with(prefix) == [], "the run outlived intervu"
    assert [n for n in os.listdir(tempfile.gettempdir())
            if n.startswith(prefix)], "nothing to sweep: the test proves nothing"
    run_code(TWO_SUM, "python", TWO_SUM.languages["python"].solution)
    assert not [n for n in os.listdir(tempfile.gettempdir()) if n.startswith(prefix)]
