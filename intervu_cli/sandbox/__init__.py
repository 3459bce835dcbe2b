"""Runs a candidate's code against a problem's tests, in a separate process.

Each run gets a fresh process and a fresh temporary directory, a wall-clock timeout, CPU, memory
and file-size limits, and a minimal environment. The child only ever sees the test inputs; the
expected values stay here and the comparison happens here. Results come back on a pipe of their
own, so whatever the code prints cannot pose as a result; and a line the code writes on that pipe
itself can claim no more than its own return value could, because the comparison is made here.

On Linux the child is also confined by the kernel (jail.py): no network (a network namespace),
no files outside its directory and the interpreter's own (Landlock), no new processes and no
signals to others (seccomp). Each run reports which layers applied; where one is missing, the
harness stands in for it, more weakly.
"""

from __future__ import annotations

import contextlib
import functools
import json
import math
import os
import re
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Iterator

from intervu_cli.problems import Problem, TestCase
from intervu_cli.sandbox.jail import readable_beneath

HERE = Path(__file__).resolve().parent
DEFAULT_TIMEOUT_S = 5.0
MEMORY_LIMIT_BYTES = 256 * 1024 * 1024
FILE_SIZE_LIMIT_BYTES = 16 * 1024 * 1024
OUTPUT_CAP_BYTES = 64 * 1024
RESULTS_CAP_BYTES = 8 * 1024 * 1024
# A result nested deeper than this is refused (the harnesses hold the same number): decoding a
# value, comparing, summarizing, storing and showing it all recurse once per level, and a list
# nested a few thousand deep would take intervu down with a RecursionError.
MAX_DEPTH = 100
TOO_DEEP = f"ShapeError: returned a value nested too deeply (over {MAX_DEPTH} levels)"


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


NOT_LOADED = "not run: the code does not load"  # each test's error when the run's `error` says why


@dataclass
class RunResult:
    language: str
    hidden: bool
    tests: list[TestResult] = field(default_factory=list)
    error: str = ""  # the code did not load or the run itself failed: no test ran (each says "not run")
    # The code does not compile, or does not define what the problem asks for: not a solution to run
    # at all (`intervu run` exits 2 on it, as on any bad input), said once in `error`.
    bad_input: bool = False
    stdout: str = ""
    stderr: str = ""
    duration_s: float = 0.0
    layers: list[str] = field(default_factory=list)  # the kernel layers that confined the run

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
            "bad_input": self.bad_input,
            "duration_s": round(self.duration_s, 4),
            "sandbox": self.layers,
            "stdout": self.stdout,
            "stderr": self.stderr,
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
    if run.error:  # nothing ran: the reason once, not a failure per test
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
    pattern = failing_pattern(failing, [t for t in run.tests if t.passed])
    if pattern:
        line += f"; failing cases involve {pattern}"
    errors = {t.error.split(":")[0] for t in failing if t.error}
    timed_out = any("timed out" in t.error for t in failing)
    if timed_out:
        line += " (timed out)"
    elif errors:
        first = next(t for t in failing if t.error)
        line += f" ({first.error})"
    return line


def _traits(args: list[Any]) -> set[str]:
    """What an input is like, in words an interviewer would use."""
    found: set[str] = set()

    def walk(value: Any, top: bool) -> None:
        if isinstance(value, bool):
            return
        if isinstance(value, (int, float)):
            if value < 0:
                found.add("negative numbers")
            if value == 0:
                found.add("zeros")
            if abs(value) >= 10**9:
                found.add("very large numbers")
        elif isinstance(value, str):
            if top and value == "":
                found.add("empty strings")
            elif top and len(value) == 1:
                found.add("single characters")
        elif isinstance(value, list):
            if top and not value:
                found.add("empty arrays")
            elif top and len(value) == 1:
                found.add("single-element arrays")
            if top and len(value) >= 1000:
                found.add("large inputs")
            numbers = [v for v in value if isinstance(v, (int, float)) and not isinstance(v, bool)]
            if top and numbers and len(numbers) == len(value) and all(v < 0 for v in numbers):
                found.add("all-negative arrays")
            plain = [json.dumps(v, sort_keys=True) for v in value]
            if top and len(set(plain)) < len(plain):
                found.add("duplicates")
            for v in value:
                walk(v, False)

    for arg in args:
        walk(arg, True)
    return found


def failing_pattern(failing: list[TestResult], passing: list[TestResult]) -> str:
    """What every failing case has and not every passing one: "empty arrays", "negative numbers"."""
    if not failing:
        return ""
    common = set.intersection(*(_traits(t.args) for t in failing))
    if passing:
        common -= set.intersection(*(_traits(t.args) for t in passing))
    order = ["empty arrays", "empty strings", "all-negative arrays", "single-element arrays", "single characters",
             "duplicates", "negative numbers", "zeros", "very large numbers", "large inputs"]
    if "all-negative arrays" in common:
        common.discard("negative numbers")
    picked = [c for c in order if c in common][:2]
    return " and ".join(picked)


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


@functools.lru_cache(maxsize=1)
def _stdlib_roots() -> list[str]:
    import sysconfig

    paths = sysconfig.get_paths()
    roots = {os.path.realpath(paths["stdlib"]), os.path.realpath(paths["platstdlib"])}
    return sorted(roots)


def _secrets(problem: Problem) -> list[str]:
    """What the candidate's process must never read, wherever it lies: the problem files (with the
    reference solutions and hidden expected values), intervu itself, the user's sessions and config."""
    from intervu_cli.core import config
    from intervu_cli.problems import builtin_problems_dir

    found = [str(problem.path.parent), str(builtin_problems_dir()), str(HERE.parent)]
    for where in (config.data_dir, lambda: config.config_path().parent):
        try:
            found.append(str(where()))
        except Exception:  # noqa: BLE001 - no home at all: nothing there to hide
            pass
    site = [p for p in sys.path if p.endswith(("site-packages", "dist-packages"))]
    site += [os.path.join(root, name) for root in _stdlib_roots() for name in ("site-packages", "dist-packages")]
    return found + site


_SYSTEM_LIBS = ["/lib", "/lib64", "/usr/lib", "/usr/lib64", "/usr/local/lib"]


@functools.lru_cache(maxsize=16)
def _readable(roots: tuple[str, ...], secrets: tuple[str, ...]) -> list[str]:
    return readable_beneath(list(roots), list(secrets))


def _skipped_layers() -> list[str]:
    """INTERVU_SANDBOX_SKIP=netns,landlock,seccomp leaves kernel layers out: the tests use it to
    exercise the harness fallbacks on a machine that has every layer."""
    return [x.strip() for x in os.environ.get("INTERVU_SANDBOX_SKIP", "").split(",") if x.strip()]


def _command(language: str, result_fd: int, work: Path, cases: Path, solution: Path, function: str,
             problem: Problem, timeout_s: float) -> list[str]:
    cpu = int(math.ceil(timeout_s)) + 1
    secrets = _secrets(problem)
    cfg: dict[str, Any] = {"cpu_s": cpu, "file_bytes": FILE_SIZE_LIMIT_BYTES, "write": [str(work)],
                           "skip": _skipped_layers(), "parent": os.getpid()}
    if language == "python":
        cfg.update(as_bytes=MEMORY_LIMIT_BYTES, read=_readable(tuple(_stdlib_roots()), tuple(secrets)))
        return [sys.executable, "-I", "-S", str(HERE / "harness_py.py"), str(result_fd), json.dumps(cfg), str(cases),
                str(solution), function]
    if language == "javascript":
        node = node_path()
        if node is None:
            raise LanguageUnavailable("JavaScript needs Node.js, which is not installed here: "
                                      "install nodejs, or use --language python")
        harness = str(HERE / "harness_js.js")
        heap_mb = (MEMORY_LIMIT_BYTES >> 20) - 64  # V8's heap, inside the data limit with room for the rest of node
        cfg.update(
            data_bytes=MEMORY_LIMIT_BYTES,
            read=_readable(tuple(d for d in _SYSTEM_LIBS if os.path.isdir(d)), tuple(secrets)),
            read_files=[os.path.realpath(node), harness, "/etc/ld.so.cache", "/dev/null"],
            node_fallback=[_node_permission_flag(node), "--no-warnings", f"--allow-fs-read={harness}",
                           f"--allow-fs-read={work}", f"--allow-fs-write={work}"],
        )
        # (--expose-gc: a timed call starts on a clean heap, see harness_js.js)
        node_cmd = [node, f"--max-old-space-size={heap_mb}", "--stack-size=4000", "--expose-gc", harness,
                    str(result_fd), str(cases), str(solution), function]
        return [sys.executable, "-I", "-S", str(HERE / "jail.py"), json.dumps(cfg), str(result_fd), "--", *node_cmd]
    raise LanguageUnavailable(f"unsupported language {language!r}: use python or javascript")


@functools.lru_cache(maxsize=4)
def _node_permission_flag(node: str) -> str:
    """Node's permission model is `--experimental-permission` up to 22 and `--permission` since."""
    try:
        version = subprocess.run([node, "--version"], capture_output=True, text=True, timeout=10).stdout
        major = int(version.strip().lstrip("v").split(".")[0])
    except (OSError, ValueError, subprocess.SubprocessError):
        major = 20
    return "--permission" if major >= 23 else "--experimental-permission"


class _Pump:
    """Reads the child's result pipe, stdout and stderr on one thread. It keeps the first
    OUTPUT_CAP bytes of each output stream and drops the rest as it comes (100 MB of output costs
    the parent nothing), and notices the harness's closing {"done": true} line."""

    def __init__(self, result_fd: int, stdout, stderr, results_cap: int = RESULTS_CAP_BYTES) -> None:
        self.results = bytearray()
        self.results_cap = results_cap
        self.arrivals: list[tuple[int, float]] = []  # (bytes of results so far, when they had arrived)
        self.outputs = {stdout.fileno(): bytearray(), stderr.fileno(): bytearray()}
        self.dropped = {stdout.fileno(): 0, stderr.fileno(): 0}
        self.stdout_fd, self.stderr_fd = stdout.fileno(), stderr.fileno()
        self.result_fd = result_fd
        self.done = threading.Event()  # the harness said it is done, or every pipe closed
        self.closed = threading.Event()
        self.thread = threading.Thread(target=self._run, name="intervu-sandbox-pump", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        import selectors

        sel = selectors.DefaultSelector()
        for fd in (self.result_fd, self.stdout_fd, self.stderr_fd):
            os.set_blocking(fd, False)
            sel.register(fd, selectors.EVENT_READ)
        open_fds = 3
        try:
            while open_fds:
                for key, _ in sel.select(timeout=1.0):
                    fd = key.fd
                    try:
                        data = os.read(fd, 65536)
                    except BlockingIOError:
                        continue
                    if not data:
                        sel.unregister(fd)
                        open_fds -= 1
                        continue
                    if fd == self.result_fd:
                        if len(self.results) < self.results_cap:
                            self.results += data
                            self.arrivals.append((len(self.results), time.perf_counter()))
                        if b'"done": true' in data[-40:] or b'"done":true' in data[-40:]:
                            self.done.set()
                    else:
                        buf = self.outputs[fd]
                        room = OUTPUT_CAP_BYTES - len(buf)
                        if room > 0:
                            buf += data[:room]
                        self.dropped[fd] += max(0, len(data) - max(room, 0))
        finally:
            sel.close()
            self.done.set()
            self.closed.set()

    def text(self, fd: int) -> str:
        text = bytes(self.outputs[fd]).decode("utf-8", "replace")
        return text + (f"\n[output truncated: {self.dropped[fd]} more bytes]" if self.dropped[fd] else "")


RUN_PREFIX = "intervu-run-"


_DIR_FLAGS = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)


def _enter(name: str, dir_fd: int) -> int:
    """Open the directory `name` in `dir_fd`, first giving it back the owner's rwx if the run took
    them away (chmod 000): it must be listed, entered and emptied."""
    st = os.stat(name, dir_fd=dir_fd, follow_symlinks=False)
    if not stat.S_ISDIR(st.st_mode):
        raise NotADirectoryError(name)
    if st.st_mode & 0o700 != 0o700:
        os.chmod(name, stat.S_IMODE(st.st_mode) | 0o700, dir_fd=dir_fd)  # a directory, checked just above
    return os.open(name, _DIR_FLAGS, dir_fd=dir_fd)


def remove_run_dir(path: str) -> None:
    """Remove a run's directory and all the code left in it; OSError if some of it stays.

    Whatever the code made there must not break this (shutil.rmtree recurses once per level, so a
    few thousand nested directories raise RecursionError, and their paths outgrow PATH_MAX): it goes
    down one directory at a time, by file descriptor and name, holding one descriptor, and comes back
    up through "..", removing each directory once it is empty. Nothing is resolved by path below the
    top, so no symbolic link is ever followed and no path is ever too long."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return
    if not stat.S_ISDIR(st.st_mode):
        os.unlink(path)
        return
    parent, top = os.path.split(os.path.abspath(path))
    root = os.open(parent, _DIR_FLAGS)
    try:
        fd = _enter(top, root)
    finally:
        os.close(root)
    names: list[str] = []  # the directories from `path` down to fd's
    try:
        while True:
            sub = None
            with os.scandir(fd) as entries:
                for entry in entries:
                    if entry.is_dir(follow_symlinks=False):
                        sub = entry.name
                        break
                    os.unlink(entry.name, dir_fd=fd)
            if sub is not None:
                child = _enter(sub, fd)
                os.close(fd)
                fd = child
                names.append(sub)
            elif names:
                up = os.open("..", _DIR_FLAGS, dir_fd=fd)
                os.close(fd)
                fd = up
                os.rmdir(names.pop(), dir_fd=fd)
            else:
                break
    finally:
        os.close(fd)
    os.rmdir(path)


@contextlib.contextmanager
def _run_dir() -> Iterator[str]:
    """A fresh directory for one run (its name carries this process's pid, for _sweep_orphans),
    removed afterwards by remove_run_dir (not TemporaryDirectory's rmtree: see there). Its removal
    never raises: what cannot be removed is left, for the sweep after this intervu has ended."""
    path = tempfile.mkdtemp(prefix=f"{RUN_PREFIX}{os.getpid()}-")
    try:
        yield path
    finally:
        try:
            remove_run_dir(path)
        except OSError:
            pass


def _sweep_orphans() -> None:
    """Remove the run directories of intervu processes that died mid-run (killed, crashed): each
    directory's name carries the pid of the intervu that made it. Never raises: a directory that
    cannot be removed now is left for a later sweep, and this run goes on."""
    root = tempfile.gettempdir()
    try:
        names = [n for n in os.listdir(root) if n.startswith(RUN_PREFIX)]
    except OSError:
        return
    for name in names:
        try:
            pid = name[len(RUN_PREFIX):].split("-", 1)[0]
            if not pid.isdigit() or int(pid) == os.getpid():
                continue
            try:
                os.kill(int(pid), 0)
                continue  # that intervu is still running
            except ProcessLookupError:
                pass
            except (PermissionError, OverflowError):
                continue  # someone else's process, or no pid at all
            remove_run_dir(os.path.join(root, name))
        except Exception:  # noqa: BLE001 - whatever a dead run left behind, this run goes on
            continue


@dataclass
class _Raw:
    """What one sandboxed harness run gave back: its result lines, unread."""

    lines: list[dict[str, Any]] = field(default_factory=list)
    stdout: str = ""
    stderr: str = ""
    timed_out: bool = False
    returncode: int | None = None
    error: str = ""  # it could not be started
    layers: list[str] = field(default_factory=list)
    arrived: list[float] = field(default_factory=list)  # when each line arrived (perf_counter), beside `lines`
    ended: float = 0.0  # when the run was over (perf_counter)


def _harness_run(problem: Problem, language: str, source: str, function: str, payload: dict[str, Any],
                 timeout_s: float, results_cap: int = RESULTS_CAP_BYTES) -> _Raw:
    """Run the harness of `language` on `source` (calling `function`) with `payload` as its cases
    file, confined, within `timeout_s` of wall-clock time; the process group is gone on return."""
    raw = _Raw()
    _sweep_orphans()
    with _run_dir() as tmp:
        work = Path(os.path.realpath(tmp))
        solution = work / ("solution.py" if language == "python" else "solution.js")
        solution.write_text(source, encoding="utf-8")
        cases_file = work / "cases.json"
        cases_file.write_text(json.dumps(payload), encoding="utf-8")
        read_fd, write_fd = os.pipe()
        try:
            cmd = _command(language, write_fd, work, cases_file, solution, function, problem, timeout_s)
        except LanguageUnavailable as exc:
            os.close(read_fd)
            os.close(write_fd)
            raw.error = str(exc)
            return raw
        env = {"PATH": "/usr/bin:/bin", "HOME": str(work), "TMPDIR": str(work), "LANG": "C.UTF-8",
               "PYTHONHASHSEED": "0", "OPENSSL_CONF": "/dev/null"}  # node reads no system OpenSSL configuration
        try:
            proc = subprocess.Popen(
                cmd, cwd=work, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                pass_fds=(write_fd,), start_new_session=True,
            )
        except OSError as exc:
            os.close(read_fd)
            os.close(write_fd)
            raw.error = f"could not start the run: {exc}"
            return raw
        os.close(write_fd)
        pump = _Pump(read_fd, proc.stdout, proc.stderr, results_cap)
        try:
            raw.timed_out = not pump.done.wait(timeout_s)
        finally:
            raw.ended = time.perf_counter()
            try:
                os.killpg(proc.pid, signal.SIGKILL)  # the whole group: nothing it started survives
            except ProcessLookupError:
                pass
            proc.wait()
            pump.closed.wait(5)
            for f in (proc.stdout, proc.stderr):
                f.close()
            os.close(read_fd)
        raw.returncode = proc.returncode
        raw.stdout = pump.text(pump.stdout_fd)
        raw.stderr = pump.text(pump.stderr_fd)
        results = bytes(pump.results)
    offset, chunk = 0, 0
    for line in results.split(b"\n"):
        offset += len(line) + 1
        while chunk < len(pump.arrivals) - 1 and pump.arrivals[chunk][0] < min(offset, len(results)):
            chunk += 1
        rec = _decode(line)
        if isinstance(rec, dict):
            if isinstance(rec.get("layers"), list) and not raw.layers:
                raw.layers = [str(x) for x in rec["layers"]]
            raw.lines.append(rec)
            raw.arrived.append(pump.arrivals[chunk][1] if pump.arrivals else raw.ended)
    return raw


_JSON_TOKEN = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]', re.DOTALL)  # a string, or a bracket
_LEADING_NAME = re.compile(rb'\s*\{\s*"name"\s*:\s*("[^"\\]*(?:\\.[^"\\]*)*")', re.DOTALL)


def _too_deep(line: bytes, limit: int) -> bool:
    """Whether JSON text nests its arrays and objects more than `limit` deep, told without parsing
    it (the parser recurses once per level): brackets inside strings are skipped."""
    if line.count(b"[") + line.count(b"{") <= limit:
        return False  # it cannot nest deeper than it has brackets
    depth = 0
    for token in _JSON_TOKEN.finditer(line):
        c = token.group()
        if c in (b"[", b"{"):
            depth += 1
            if depth > limit:
                return True
        elif c in (b"]", b"}"):
            depth -= 1
    return False


def _decode(line: bytes) -> Any:
    """A result line, read without trusting it: the child's code can write anything on the
    results pipe. A line nested deeper than a result may be (MAX_DEPTH, and one level for the
    record around it) is not parsed at all: it becomes its test's error if it names one, and is
    dropped otherwise, like any line that is not JSON. Nothing the child writes can raise here."""
    if _too_deep(line, MAX_DEPTH + 1):
        named = _LEADING_NAME.match(line)
        try:
            name = json.loads(named.group(1).decode("utf-8", "replace")) if named else None
        except ValueError:
            name = None
        return {"name": name, "error": TOO_DEEP} if isinstance(name, str) else None
    try:
        return json.loads(line.decode("utf-8", "replace"))
    except (ValueError, RecursionError):
        return None


def _seconds(value: Any) -> float:
    """A time the child reported; anything else (a forged line's string, say) counts as none."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return 0.0
    try:
        return float(value)
    except OverflowError:  # an integer of a thousand digits
        return 0.0


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
    raw = _harness_run(problem, language, code, spec.function,
                       {"shape": problem.shape, "cases": [{"name": c.name, "args": c.args} for c in cases]}, timeout_s)
    if raw.error:
        result.error = raw.error
        return result
    result.stdout, result.stderr, result.layers = raw.stdout, raw.stderr, raw.layers
    timed_out = raw.timed_out
    result.duration_s = time.perf_counter() - started

    records: dict[str, dict[str, Any]] = {}
    done = False
    for rec in raw.lines:
        if isinstance(rec.get("layers"), list):
            continue
        elif rec.get("done") is True:
            done = True
        elif "load_error" in rec:
            result.error = str(rec["load_error"])
            result.bad_input = rec.get("stage") in ("compile", "missing")
            break
        elif isinstance(rec.get("name"), str) and rec["name"] not in records:
            records[rec["name"]] = rec

    reason = ""
    for case in cases:
        rec = records.get(case.name)
        tr = TestResult(name=case.name, passed=False, args=case.args, expected=case.expected, hidden=case.hidden)
        if rec is None:
            if result.error:
                tr.error = NOT_LOADED
            elif reason:
                tr.error = f"not run: {reason} in an earlier test"
            else:
                if timed_out:
                    reason = f"timed out after {timeout_s:g} s"
                elif done:
                    reason = "no result came back"
                else:
                    reason = _crash_reason(raw.returncode, result.stderr)
                tr.error = reason
        else:
            tr.actual = rec.get("actual")
            tr.error = str(rec.get("error") or "")
            tr.line = rec.get("line") if isinstance(rec.get("line"), int) else None
            tr.output = str(rec.get("output") or "")[: OUTPUT_CAP_BYTES]
            tr.time_s = _seconds(rec.get("time_s"))
            tr.passed = not tr.error and "actual" in rec and matches(case.compare, case.expected, tr.actual)
        result.tests.append(tr)
    return result


def _crash_reason(returncode: int | None, stderr: str) -> str:
    low = stderr.lower()
    if "memoryerror" in low or "out of memory" in low or "process oom" in low:
        return "ran out of memory"
    if returncode is not None and returncode < 0:
        try:
            name = signal.Signals(-returncode).name
        except ValueError:
            name = f"signal {-returncode}"
        if name == "SIGXCPU":
            return "used too much CPU time"
        if name == "SIGXFSZ":
            return "wrote a file larger than the limit"
        if name == "SIGSEGV":
            return "crashed (SIGSEGV), most likely a stack overflow from deep recursion"
        return f"the process was killed ({name})"
    return f"the process exited early (exit code {returncode})"
