"""The runner the spine needs: a separate process per run, results the code cannot forge,
per-test details. (The hardened sandbox and its hostile suite are issue 3.)"""

from __future__ import annotations

import os
import tempfile

import pytest

from intervu_cli.problems import load_problems, problem_dirs
from intervu_cli.sandbox import run_code

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


def test_infinite_loop_times_out_and_leaves_nothing():
    before = set(os.listdir(tempfile.gettempdir()))
    result = run_code(TWO_SUM, "python", "def two_sum(nums, target):\n    while True:\n        pass\n", timeout_s=1.0)
    assert result.passed == 0 and "timed out" in result.tests[0].error
    after = {n for n in os.listdir(tempfile.gettempdir()) if n.startswith("intervu-run-")}
    assert not (after - before)


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
