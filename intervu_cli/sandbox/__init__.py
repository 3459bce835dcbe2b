"""Runs a candidate's code against a problem's tests, in a separate process.

Each run gets a fresh process and a fresh temporary directory, a wall-clock timeout, CPU, memory
and file-size limits, and a minimal environment. The child only ever sees the test inputs; the
expected values stay here and the comparison happens here. Results come back on a pipe of their
own, so whatever the code prints cannot pose as a result. (The hardened sandbox is issue 3.)
"""

from __future__ import annotations

import json
import math
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from intervu_cli.problems import Problem, TestCase

HERE = Path(__file__).resolve().parent
DEFAULT_TIMEOUT_S = 5.0
MEMORY_LIMIT_BYTES = 256 * 1024 * 1024
FILE_SIZE_LIMIT_BYTES = 16 * 1024 * 1024
OUTPUT_CAP_BYTES = 64 * 1024
RESULTS_CAP_BYTES = 8 * 1024 * 1024


@dataclass
class TestResult:
    __test__ = False  # not a pytest test class
    name: str
    passed: bool
    args: list[Any]
    expected: Any
    actual: Any = None
    error: str = ""
    line: int | None = None
    output: str = ""
    time_s: float = 0.0
    hidden: bool = False


@dataclass
class RunResult:
    language: str
    hidden: bool
    tests: list[TestResult] = field(default_factory=list)
    error: str = ""  # the code did not load or the run itself failed
    stdout: str = ""
    stderr: str = ""
    duration_s: float = 0.0

    @property
    def passed(self) -> int:
        return sum(t.passed for t in self.tests)

    @property
    def total(self) -> int:
        return len(self.tests)

    @property
    def all_passed(self) -> bool:
        return self.total > 0 and self.passed == self.total and not self.error

    @property
    def summary(self) -> str:
        return summarize(self)

    def to_dict(self) -> dict[str, Any]:
        return {
            "language": self.language,
            "hidden": self.hidden,
            "passed": self.passed,
            "total": self.total,
            "summary": self.summary,
            "error": self.error,
            "duration_s": round(self.duration_s, 4),
            "tests": [_test_dict(t) for t in self.tests],
        }


def _test_dict(t: TestResult) -> dict[str, Any]:
    """A test's result; a hidden test keeps its input, expected and actual values to itself."""
    data = asdict(t)
    if t.hidden:
        data.update(args="hidden", expected="hidden", actual="hidden")
    return data


def summarize(run: RunResult) -> str:
    """One line the interviewer can use: "passes 3/5; fails on 'empty array' and 'duplicates'"."""
    if run.error and not run.tests:
        return f"does not run: {run.error}"
    if run.total == 0:
        return "no tests ran"
    kind = "hidden and visible " if run.hidden else ""
    line = f"passes {run.passed}/{run.total} {kind}tests"
    failing = [t for t in run.tests if not t.passed]
    if not failing:
        return line
    names = [f"'{t.name}'" for t in failing[:3]]
    more = f" and {len(failing) - 3} more" if len(failing) > 3 else ""
    joined = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    line += f"; fails on {joined}{more}"
    errors = {t.error.split(":")[0] for t in failing if t.error}
    timed_out = any("timed out" in t.error for t in failing)
    if timed_out:
        line += " (timed out)"
    elif errors:
        first = next(t for t in failing if t.error)
        line += f" ({first.error})"
    return line


# --- comparison (here, in the parent: the child never sees expected values) --------------------


def _normal(value: Any) -> Any:
    return json.loads(json.dumps(value))


def _sort_key(value: Any) -> str:
    return json.dumps(value, sort_keys=True)


def _floats_close(a: Any, b: Any) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-6)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_floats_close(x, y) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_floats_close(a[k], b[k]) for k in a)
    return a == b


def matches(rule: str, expected: Any, actual: Any) -> bool:
    try:
        expected, actual = _normal(expected), _normal(actual)
    except (TypeError, ValueError):
        return False
    if rule == "exact":
        return expected == actual and type(expected) is type(actual)
    if rule == "float":
        return _floats_close(expected, actual)
    if not isinstance(expected, list) or not isinstance(actual, list):
        return False
    if rule == "unordered":
        return sorted(expected, key=_sort_key) == sorted(actual, key=_sort_key)
    if rule == "unordered_nested":
        if not all(isinstance(x, list) for x in actual):
            return False

        def canon(rows: list) -> list:
            return sorted((sorted(r, key=_sort_key) for r in rows), key=_sort_key)

        return canon(expected) == canon(actual)
    raise ValueError(f"unknown comparison rule {rule!r}")


# --- running ----------------------------------------------------------------------------------


def node_path() -> str | None:
    return shutil.which("node")


class LanguageUnavailable(Exception):
    pass


def _command(language: str, result_fd: int, cases: Path, solution: Path, function: str) -> list[str]:
    if language == "python":
        return [sys.executable, "-I", "-S", str(HERE / "harness_py.py"), str(result_fd), str(cases), str(solution), function]
    if language == "javascript":
        node = node_path()
        if node is None:
            raise LanguageUnavailable("JavaScript needs Node.js, which is not installed here: install nodejs, or use --language python")
        return [node, "--max-old-space-size=256", "--stack-size=4000", str(HERE / "harness_js.js"), str(result_fd), str(cases), str(solution), function]
    raise LanguageUnavailable(f"unsupported language {language!r}: use python or javascript")


def _limits(language: str, timeout_s: float):
    def apply() -> None:  # runs in the child between fork and exec: no imports here (import lock)
        cpu = int(math.ceil(timeout_s)) + 1
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
        resource.setrlimit(resource.RLIMIT_FSIZE, (FILE_SIZE_LIMIT_BYTES, FILE_SIZE_LIMIT_BYTES))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        if language == "python":  # V8 reserves far more address space than it uses; node gets a heap cap instead
            resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT_BYTES, MEMORY_LIMIT_BYTES))

    return apply


def _read_capped(path: Path, cap: int = OUTPUT_CAP_BYTES) -> str:
    try:
        with open(path, "rb") as f:
            data = f.read(cap + 1)
    except OSError:
        return ""
    text = data[:cap].decode("utf-8", "replace")
    return text + ("\n[output truncated]" if len(data) > cap else "")


def run_code(
    problem: Problem,
    language: str,
    code: str,
    *,
    hidden: bool = False,
    timeout_s: float = DEFAULT_TIMEOUT_S,
) -> RunResult:
    """Run `code` against the visible tests (and the hidden ones too when `hidden`)."""
    cases: list[TestCase] = list(problem.visible_tests) + (list(problem.hidden_tests) if hidden else [])
    result = RunResult(language=language, hidden=hidden)
    spec = problem.languages.get(language)
    if spec is None:
        result.error = f"{problem.slug} has no {language} version"
        return result
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="intervu-run-") as tmp:
        work = Path(tmp)
        solution = work / ("solution.py" if language == "python" else "solution.js")
        solution.write_text(code, encoding="utf-8")
        cases_file = work / "cases.json"
        cases_file.write_text(json.dumps([{"name": c.name, "args": c.args} for c in cases]), encoding="utf-8")
        read_fd, write_fd = os.pipe()
        try:
            cmd = _command(language, write_fd, cases_file, solution, spec.function)
        except LanguageUnavailable as exc:
            os.close(read_fd)
            os.close(write_fd)
            result.error = str(exc)
            return result
        env = {"PATH": "/usr/bin:/bin", "HOME": tmp, "TMPDIR": tmp, "LANG": "C.UTF-8", "PYTHONHASHSEED": "0"}
        chunks: list[bytes] = []

        def pump() -> None:
            size = 0
            with os.fdopen(read_fd, "rb") as r:
                while data := r.read(65536):
                    if size < RESULTS_CAP_BYTES:
                        chunks.append(data)
                    size += len(data)

        with open(work / "stdout", "wb") as out, open(work / "stderr", "wb") as err:
            proc = subprocess.Popen(
                cmd,
                cwd=tmp,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=err,
                pass_fds=(write_fd,),
                start_new_session=True,
                preexec_fn=_limits(language, timeout_s),
            )
            os.close(write_fd)
            reader = threading.Thread(target=pump, daemon=True)
            reader.start()
            timed_out = False
            try:
                proc.wait(timeout=timeout_s)
            except subprocess.TimeoutExpired:
                timed_out = True
            finally:
                try:
                    os.killpg(proc.pid, signal.SIGKILL)  # the whole group: nothing it started survives
                except ProcessLookupError:
                    pass
                proc.wait()
            reader.join(timeout=2)
        result.stdout = _read_capped(work / "stdout")
        result.stderr = _read_capped(work / "stderr")
    result.duration_s = time.perf_counter() - started

    records: dict[str, dict[str, Any]] = {}
    for line in b"".join(chunks).decode("utf-8", "replace").splitlines():
        try:
            rec = json.loads(line)
        except ValueError:
            continue
        if not isinstance(rec, dict):
            continue
        if "load_error" in rec:
            result.error = str(rec["load_error"])
            break
        if isinstance(rec.get("name"), str) and rec["name"] not in records:
            records[rec["name"]] = rec

    for case in cases:
        rec = records.get(case.name)
        tr = TestResult(name=case.name, passed=False, args=case.args, expected=case.expected, hidden=case.hidden)
        if rec is None:
            if result.error:
                tr.error = result.error
            elif timed_out:
                tr.error = f"timed out after {timeout_s:g} s"
            else:
                tr.error = _crash_reason(proc.returncode, result.stderr)
        else:
            tr.actual = rec.get("actual")
            tr.error = str(rec.get("error") or "")
            tr.line = rec.get("line") if isinstance(rec.get("line"), int) else None
            tr.output = str(rec.get("output") or "")[:4096]
            tr.time_s = float(rec.get("time_s") or 0.0)
            tr.passed = not tr.error and "actual" in rec and matches(case.compare, case.expected, tr.actual)
        result.tests.append(tr)
    return result


def _crash_reason(returncode: int | None, stderr: str) -> str:
    if returncode is not None and returncode < 0:
        try:
            name = signal.Signals(-returncode).name
        except ValueError:
            name = f"signal {-returncode}"
        if name == "SIGXCPU":
            return "used too much CPU time"
        return f"the process was killed ({name})"
    if "MemoryError" in stderr or "heap out of memory" in stderr:
        return "ran out of memory"
    return f"the process exited early (exit code {returncode})"
