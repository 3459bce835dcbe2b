"""What a run gives back and what it leaves behind cannot hurt intervu (issue 21): a result nested
thousands deep, returned or written straight onto the results pipe, is that test's error and not a
RecursionError in the parent; a run folder thousands of directories deep (or locked with chmod 000)
is removed, by this run or by the next one's sweep; and what Python code prints as it loads is kept
and shown, as JavaScript's is."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from intervu_cli import sandbox
from intervu_cli.problems import load_problems, problem_dirs
from intervu_cli.sandbox import run_code

from conftest import intervu_exe

TWO_SUM = load_problems(problem_dirs()).get("two-sum")
SOLUTION = {language: TWO_SUM.languages[language].solution for language in ("python", "javascript")}
TOO_DEEP = "returned a value nested too deeply (over 100 levels)"


def nested(language: str, levels: int, *, to_json: bool = False) -> str:
    """A two-sum "solution" that prints "building" and returns an empty list inside `levels - 1`
    more: `levels` deep."""
    if language == "python":
        return (f"def two_sum(nums, target):\n    print('building')\n    v = []\n    for _ in range({levels - 1}):\n"
                "        v = [v]\n    return v\n")
    build = f"let v = []; for (let i = 0; i < {levels - 1}; i++) v = [v]; return v;"
    if to_json:  # the deep value comes from the object's toJSON(), as JSON.stringify calls it
        build = f"return {{ toJSON() {{ {build} }} }};"
    return f"function twoSum(nums, target) {{\n  console.log('building');\n  {build}\n}}\n"


DEEP = {
    "python list": ("python", nested("python", 2500)),
    "python list in itself": ("python", "def two_sum(nums, target):\n    print('building')\n    v = []\n"
                                        "    v.append(v)\n    return v\n"),
    "javascript array": ("javascript", nested("javascript", 2500)),
    "javascript, deeper than its stack": ("javascript", nested("javascript", 200000)),
    "javascript toJSON": ("javascript", nested("javascript", 3000, to_json=True)),
}

# The harness's results pipe is its first argument: the code can write its own lines there.
FORGER = (
    "import os, sys\n"
    "FD = int(sys.argv[1])\n"
    "DEEP = b'[' * 3000 + b']' * 3000\n"
    "os.write(FD, b'{\"name\": \"example 1\", \"actual\": ' + DEEP + b'}\\n')\n"
    "os.write(FD, DEEP + b'\\n')\n"  # a deep line that names no test
    "ODD = b'{\"name\": \"example 3\", \"error\": \"forged\", \"time_s\": \"soon\", \"output\": {\"a\": 1}}'\n"
    "os.write(FD, ODD + b'\\n')\n"  # a time that is no number, an output that is no text
    + SOLUTION["python"]
)


@pytest.mark.parametrize("language, code", DEEP.values(), ids=list(DEEP))
def test_a_deeply_nested_result_is_that_tests_error(language, code):
    result = run_code(TWO_SUM, language, code)
    assert result.total == 3 and result.passed == 0 and not result.error
    assert all(TOO_DEEP in t.error for t in result.tests), [t.error for t in result.tests]
    assert all(t.output == "building\n" for t in result.tests)  # refused by the harness, with its output
    assert TOO_DEEP in result.summary
    assert json.loads(json.dumps(result.to_dict()))["tests"][0]["error"].endswith(TOO_DEEP)  # what is stored


@pytest.mark.parametrize("language", ["python", "javascript"])
def test_a_result_as_deep_as_the_limit_comes_back_whole_and_one_level_more_does_not(language):
    limit = sandbox.MAX_DEPTH
    whole = run_code(TWO_SUM, language, nested(language, limit)).tests[0]
    assert whole.error == "" and not whole.passed
    depth, value = 0, whole.actual
    while isinstance(value, list):
        depth, value = depth + 1, value[0] if value else None
    assert depth == limit
    assert TOO_DEEP in run_code(TWO_SUM, language, nested(language, limit + 1)).tests[0].error


def test_deep_and_odd_lines_written_on_the_results_pipe_are_read_safely():
    result = run_code(TWO_SUM, "python", FORGER)
    first, second, third = result.tests
    assert TOO_DEEP in first.error and not first.passed
    assert second.passed  # the unnamed deep line is dropped: the code's own answer counts
    assert third.error == "forged" and third.time_s == 0.0 and not third.passed


@pytest.mark.parametrize("name", ["python list", "javascript toJSON", "forged line"])
def test_intervu_run_reports_a_deep_result_and_exits_1(name, cli, tmp_path):
    language, code = DEEP[name] if name in DEEP else ("python", FORGER)
    file = tmp_path / ("solution.py" if language == "python" else "solution.js")
    file.write_text(code)
    proc = cli("run", "two-sum", str(file))
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr and "RecursionError" not in proc.stdout + proc.stderr
    assert TOO_DEEP in proc.stdout


def test_a_forged_timing_line_cannot_crash_the_growth_measure(cli, tmp_path):
    file = tmp_path / "solution.py"
    forged = '{"name": "n=10", "n": 10, "best_s": 1e-3, "reps": "x"}'  # a count of repetitions that is no number
    file.write_text(f"import os, sys\nos.write(int(sys.argv[1]), b'{forged}\\n')\n" + SOLUTION["python"])
    proc = cli("run", "two-sum", str(file), "--growth")
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr[-2000:]
    assert "growth" in proc.stdout


def test_an_interview_goes_on_after_a_deep_result(cli, tmp_path):
    script = tmp_path / "deep.txt"
    script.write_text("/code\n" + DEEP["python list"][1] + "/endcode\n/run\n/finish\n")
    proc = cli("practice", "two-sum", "--no-audio", "--model", "none", "--script", str(script), timeout=300)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr
    assert "internal error" not in proc.stdout + proc.stderr
    assert TOO_DEEP in proc.stdout


# --- run folders ------------------------------------------------------------------------------

# Each makes, as it loads, a chain of 3,000 nested directories (a path far beyond PATH_MAX, and
# far deeper than shutil.rmtree can recurse) with a folder made locked (mode 0) at its bottom, and
# a subtree locked by chmod where chmod is allowed (the seccomp layer refuses it: "no seccomp" runs).
MESS = {
    "python": (
        "import os\n"
        "HERE = os.getcwd()\n"
        "for _ in range(3000):\n"
        "    os.mkdir('d')\n"
        "    os.chdir('d')\n"
        "os.makedirs('locked/a')\n"
        "open('locked/a/f', 'w').close()\n"
        "os.mkdir('made-locked', 0)\n"
        "try:\n"
        "    os.chmod('locked/a', 0)\n"
        "    os.chmod('locked', 0o500)\n"
        "except PermissionError:\n"
        "    pass\n"  # (the seccomp layer refuses chmod)
        "os.chdir(HERE)\n"
    ),
    "javascript": (
        "const fs = process.mainModule.require('fs');\n"
        "const HERE = process.cwd();\n"
        "for (let i = 0; i < 3000; i++) { fs.mkdirSync('d'); process.chdir('d'); }\n"
        "fs.mkdirSync('locked/a', { recursive: true });\n"
        "fs.writeFileSync('locked/a/f', '');\n"
        "fs.mkdirSync('made-locked', { mode: 0 });\n"
        "try { fs.chmodSync('locked/a', 0); fs.chmodSync('locked', 0o500); } catch (err) {}\n"
        "process.chdir(HERE);\n"
    ),
}


@pytest.fixture
def private_tmp(tmp_path, monkeypatch):
    """A temp dir of the test's own (other runs come and go in /tmp), emptied by tools that cope
    with anything should the code under test leave something behind."""
    root = tmp_path / "tmp"
    root.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(root))
    monkeypatch.setenv("TMPDIR", str(root))
    yield root
    subprocess.run(["chmod", "-R", "u+rwx", str(root)], capture_output=True)
    subprocess.run(["rm", "-rf", str(root)], capture_output=True)


def _intervu_without_dac_override(*args: str, skip: str = "") -> subprocess.CompletedProcess:
    """`intervu ARGS` as an ordinary user would meet a chmod 000 folder: root's CAP_DAC_OVERRIDE
    (and CAP_DAC_READ_SEARCH) would go through it and prove nothing, so they are dropped."""
    prefix: list[str] = []
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        assert setpriv, "these tests need setpriv (util-linux) when run as root"
        prefix = [setpriv, "--bounding-set", "-dac_override,-dac_read_search", "--"]
    return subprocess.run([*prefix, intervu_exe(), *args], capture_output=True, text=True, timeout=300,
                          env={**os.environ, "COLUMNS": "200", "INTERVU_SANDBOX_SKIP": skip})


# (JavaScript without seccomp runs under node's permission model, which refuses process.chdir)
@pytest.mark.parametrize("language,skip", [("python", ""), ("python", "seccomp"), ("javascript", "")])
def test_a_run_that_leaves_3000_nested_and_locked_directories_is_cleaned_up(language, skip, home, private_tmp,
                                                                             tmp_path):
    file = tmp_path / ("solution.py" if language == "python" else "solution.js")
    file.write_text(MESS[language] + SOLUTION[language])
    proc = _intervu_without_dac_override("run", "two-sum", str(file), "--timeout", "120", skip=skip)
    assert proc.returncode == 0, proc.stdout + proc.stderr[-3000:]
    assert "passes 3/3 tests" in proc.stdout
    assert os.listdir(private_tmp) == []


def _deep_tree(top: Path, levels: int) -> None:
    """`levels` nested directories under `top`, each with a file, and a locked subtree at the bottom
    (made by descriptor: the path is far too long to name)."""
    top.mkdir()
    fd = os.open(top, os.O_RDONLY | os.O_DIRECTORY)
    for _ in range(levels):
        os.mkdir("d", dir_fd=fd)
        with open(os.open("f", os.O_WRONLY | os.O_CREAT, 0o600, dir_fd=fd), "w") as f:
            f.write("x")
        below = os.open("d", os.O_RDONLY | os.O_DIRECTORY, dir_fd=fd)
        os.close(fd)
        fd = below
    os.mkdir("locked", dir_fd=fd)
    os.mkdir("locked/a", dir_fd=fd)
    os.chmod("locked/a", 0, dir_fd=fd)
    os.chmod("locked", 0o500, dir_fd=fd)
    os.close(fd)


def test_the_next_run_sweeps_a_deep_orphan_and_survives_what_it_cannot_read(home, private_tmp, tmp_path):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()  # an intervu that died mid-run: its pid is no process now
    _deep_tree(private_tmp / f"{sandbox.RUN_PREFIX}{dead.pid}-left", 3000)
    odd = private_tmp / f"{sandbox.RUN_PREFIX}{'9' * 30}-x"  # no pid at all: left alone
    odd.mkdir()
    file = tmp_path / "solution.py"
    file.write_text(SOLUTION["python"])
    proc = _intervu_without_dac_override("run", "two-sum", str(file))
    assert proc.returncode == 0, proc.stdout + proc.stderr[-3000:]
    assert os.listdir(private_tmp) == [odd.name]


# --- what the code prints as it loads ---------------------------------------------------------

LOUD = {
    "python": "print('hello from load')\n" + SOLUTION["python"],
    "javascript": "console.log('hello from load');\n" + SOLUTION["javascript"],
}


@pytest.mark.parametrize("language", ["python", "javascript"])
def test_what_the_code_prints_as_it_loads_is_kept_and_shown(language, cli, tmp_path):
    result = run_code(TWO_SUM, language, LOUD[language])
    assert result.all_passed
    assert result.stdout == "hello from load\n"
    file = tmp_path / ("solution.py" if language == "python" else "solution.js")
    file.write_text(LOUD[language])
    proc = cli("run", "two-sum", str(file))
    assert proc.returncode == 0 and "| hello from load" in proc.stdout
    assert json.loads(cli("run", "two-sum", str(file), "--json").stdout)["stdout"] == "hello from load\n"


def test_python_load_output_is_kept_when_loading_fails_or_the_process_dies():
    unfinished = run_code(TWO_SUM, "python", "print('no newline', end='')\n" + SOLUTION["python"])
    assert unfinished.all_passed and unfinished.stdout == "no newline"
    broken = run_code(TWO_SUM, "python", "print('before the error')\nraise ValueError('no')\n")
    assert broken.error == "ValueError on line 2: no" and broken.stdout == "before the error\n"
    killed = run_code(TWO_SUM, "python", "import os, signal\nprint('before the kill')\n"
                                         "os.kill(os.getpid(), signal.SIGKILL)\n")
    assert "killed (SIGKILL)" in killed.tests[0].error and killed.stdout == "before the kill\n"
