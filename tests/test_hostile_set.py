"""A hostile-solution set of our own, in both languages (tests/hostile/: one file per solution, its
header saying what it attempts and what "contained" means for it), each run through the real
sandbox, with every kernel layer and under the harnesses' fallback (INTERVU_SANDBOX_SKIP).

Each solution runs in a driver process of its own (a few also through the real `intervu run`): the
driver calls run_code and then runs a good solution, so that whatever the hostile code does to its
parent (a signal, a SIGSTOP, a renice, new resource limits) lands on a process the test watches,
not on the test run. After each run the test checks, whatever the solution: run_code returned, the
result is what the header expects, the parent was not stopped, signalled or changed and still runs
good code, no process of the run is alive, nothing was written, created or changed outside the run
folder (an outside folder the code aims at, the home folder, the repository, /tmp, /dev/shm, System V
IPC), no run folder is left, nothing secret came back, and no server in the test heard from it.
Everything found is listed at once, and removed or killed."""

from __future__ import annotations

import hashlib
import json
import os
import pwd
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest

from intervu_cli.problems import builtin_problems_dir
from intervu_cli.sandbox import node_path

from conftest import REPO, intervu_exe

HOSTILE = Path(__file__).resolve().parent / "hostile"
SOLUTIONS = sorted(p.name for p in HOSTILE.iterdir() if p.suffix in (".py", ".js"))
MODES = {"kernel": "", "fallback": "netns,landlock,seccomp"}
PROBLEM_FILE = builtin_problems_dir() / "two-sum.toml"
REAL_HOME = pwd.getpwuid(os.getuid()).pw_dir
# what must never come back from a run: lines of two-sum's reference solutions and of its tests
SECRET_MARKS = ("index_of = {}", "indexOf = new Map()", "[[tests.visible]]")
KEYS = ("expect", "timeout", "via", "kill-intervu")

# The parent: runs the hostile code through run_code, then a good solution, and reports as JSON on
# stdout what it saw. It is a child subreaper, so any process that escapes the run's process group
# is reparented to it and found here; it records every catchable signal it gets.
DRIVER = r"""
import ctypes, json, os, platform, resource, signal, sys, traceback

libc = ctypes.CDLL(None)
libc.prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER
IOPRIO_GET = {"x86_64": 252, "aarch64": 31}.get(platform.machine())
received = []
for name in ("SIGHUP", "SIGINT", "SIGQUIT", "SIGTERM", "SIGUSR1", "SIGUSR2", "SIGALRM", "SIGCONT", "SIGTSTP",
             "SIGTTIN", "SIGTTOU", "SIGXCPU", "SIGXFSZ", "SIGVTALRM", "SIGPROF", "SIGWINCH", "SIGURG", "SIGIO",
             "SIGPWR", "SIGTRAP", "SIGSYS"):
    signal.signal(getattr(signal, name), lambda s, f: received.append(signal.Signals(s).name))


def state():
    def read(name):
        with open(f"/proc/self/{name}") as f:
            return f.read().strip()

    return {"nice": os.getpriority(os.PRIO_PROCESS, 0), "affinity": sorted(os.sched_getaffinity(0)),
            "policy": os.sched_getscheduler(0), "oom_score_adj": read("oom_score_adj"), "comm": read("comm"),
            "ioprio": libc.syscall(IOPRIO_GET, 1, 0) if IOPRIO_GET else None,
            "limits": {n: list(resource.getrlimit(getattr(resource, n))) for n in sorted(dir(resource))
                       if n.startswith("RLIMIT_")}}


from intervu_cli.problems import builtin_problems_dir, load_problems
from intervu_cli.sandbox import run_code

problem = load_problems([builtin_problems_dir()]).get("two-sum")
language, path, timeout, what = sys.argv[1:5]
report = {"before": state()}
if what == "hostile":
    with open(path, encoding="utf-8") as f:
        code = f.read()
    try:
        result = run_code(problem, language, code, timeout_s=float(timeout))
        report["result"] = dict(result.to_dict(), all_passed=result.all_passed)
    except BaseException:
        report["raised"] = traceback.format_exc()
report["after"] = state()
try:
    good = run_code(problem, language, problem.languages[language].solution)
    report["good"] = {"all_passed": good.all_passed, "summary": good.summary}
except BaseException:
    report["good"] = {"all_passed": False, "summary": traceback.format_exc()}
report["signals"] = received
orphans = []
for pid in os.listdir("/proc"):
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        if int(fields[1]) != os.getpid():
            continue
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            cmdline = f.read().replace(b"\0", b" ").decode("utf-8", "replace")
    except (OSError, ValueError, IndexError):
        continue
    if fields[0] != "Z":
        orphans.append(f"{pid}: {' '.join(cmdline.split())[:160]}")
    try:
        os.kill(int(pid), signal.SIGKILL)
        os.waitpid(int(pid), 0)
    except OSError:
        pass
report["orphans"] = orphans
print(json.dumps(report, default=str))
"""


@dataclass
class Solution:
    name: str
    language: str
    source: str
    header: dict[str, str]

    @property
    def expect(self) -> str:
        return self.header.get("expect", "fail")

    @property
    def timeout(self) -> float:
        return float(self.header.get("timeout", "5"))

    @property
    def via(self) -> list[str]:
        return [v.strip() for v in self.header.get("via", "run_code").split(",")]


def load(name: str) -> Solution:
    path = HOSTILE / name
    source = path.read_text(encoding="utf-8")
    prefix = "#" if path.suffix == ".py" else "//"
    header: dict[str, str] = {}
    for line in source.splitlines():
        if not line.startswith(prefix):
            break
        m = re.match(r"\s*([A-Za-z-]+):\s*(.*)", line[len(prefix):])
        if m:
            header[m.group(1).lower()] = m.group(2).strip()
    return Solution(name, "python" if path.suffix == ".py" else "javascript", source, header)


def test_every_solution_says_what_it_attempts_and_what_contained_means():
    assert len(SOLUTIONS) >= 30
    for name in SOLUTIONS:
        sol = load(name)
        assert sol.header.get("attempts") and sol.header.get("contained"), f"{name}: no Attempts:/Contained: header"
        assert set(sol.header) <= {"attempts", "contained", *KEYS}, f"{name}: unknown header keys {set(sol.header)}"
        assert sol.expect in ("fail", "timeout", "any"), name
        assert set(sol.via) <= {"run_code", "cli", "cli-json"}, name
    languages = [load(n).language for n in SOLUTIONS]
    assert min(languages.count("python"), languages.count("javascript")) >= 15


class Server:
    """A real server in the test (TCP, UDP, a pathname or abstract Unix socket) that records anyone
    who reaches it and what they send."""

    def __init__(self, family: int, kind: int, address) -> None:
        self.sock = socket.socket(family, kind)
        self.sock.bind(address)
        self.kind = kind
        if kind == socket.SOCK_STREAM:
            self.sock.listen()
        self.sock.settimeout(0.1)
        self.address = self.sock.getsockname()
        self.heard: list[bytes] = []
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while not self.stop.is_set():
            try:
                if self.kind == socket.SOCK_DGRAM:
                    self.heard.append(self.sock.recv(65536))
                    continue
                conn, _ = self.sock.accept()
            except OSError:
                continue
            conn.settimeout(1)
            try:
                self.heard.append(b"connection: " + conn.recv(65536))
            except OSError:
                self.heard.append(b"connection")
            conn.close()

    def close(self) -> None:
        self.stop.set()
        self.thread.join()
        self.sock.close()


def _snapshot(folder: Path) -> dict[str, tuple]:
    """Every entry of `folder`, as what could change about it: type and mode, size, times,
    extended attributes, content."""
    out = {}
    for entry in sorted(os.listdir(folder)):
        p = folder / entry
        st = os.lstat(p)
        try:
            xattrs = sorted(os.listxattr(p, follow_symlinks=False))
        except OSError:
            xattrs = []
        digest = hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() and not p.is_symlink() else ""
        out[entry] = (oct(st.st_mode), st.st_size, st.st_mtime_ns, xattrs, digest)
    return out


def _processes_with(needles: list[str]) -> list[tuple[int, str]]:
    """Live processes (zombies aside) whose command line or environment holds one of `needles`."""
    found = []
    for pid in os.listdir("/proc"):
        if not pid.isdigit() or int(pid) == os.getpid():
            continue
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ")
            environ = Path(f"/proc/{pid}/environ").read_bytes()
        except (OSError, IndexError):
            continue
        if state != "Z" and any(n.encode() in cmdline or n.encode() in environ for n in needles):
            found.append((int(pid), cmdline.decode("utf-8", "replace")))
    return found


def _remove(path: Path) -> None:
    """Remove whatever a run left, however deep and whatever its modes."""
    subprocess.run(["chmod", "-R", "u+rwx", str(path)], capture_output=True, timeout=60)
    subprocess.run(["rm", "-rf", "--", str(path)], capture_output=True, timeout=60)


@dataclass
class Supervised:
    returncode: int | None = None
    stdout: str = ""
    stderr: str = ""
    stopped: int = 0  # how many times it was found stopped (and continued)
    killed_by_test: bool = False


def supervise(cmd: list[str], env: dict[str, str], cwd: Path, timeout: float, kill_when=None,
              poke=None) -> Supervised:
    """Run the parent (the driver or `intervu run`), watching that it is never stopped: a stopped
    parent is noted and continued. `kill_when()` true: the test kills it (kill -9), as a user might.
    `poke()` is called all the while (to knock on a port the run may have opened)."""
    out = Supervised()
    proc = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True)
    chunks: dict[str, list[bytes]] = {"out": [], "err": []}
    readers = [threading.Thread(target=lambda s=s, k=k: chunks[k].append(s.read()), daemon=True)
               for s, k in ((proc.stdout, "out"), (proc.stderr, "err"))]
    for r in readers:
        r.start()
    deadline = time.monotonic() + timeout
    try:
        while proc.poll() is None:
            try:
                state = Path(f"/proc/{proc.pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
            except (OSError, IndexError):
                state = ""
            if state in ("T", "t"):
                out.stopped += 1
                proc.send_signal(signal.SIGCONT)
            if poke is not None:
                poke()
            if kill_when is not None and not out.killed_by_test and kill_when():
                proc.kill()
                out.killed_by_test = True
            if time.monotonic() > deadline:
                proc.kill()
                break
            time.sleep(0.02)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait()
        for r in readers:
            r.join(10)
        proc.stdout.close()
        proc.stderr.close()
    out.returncode = proc.returncode
    out.stdout = b"".join(chunks["out"]).decode("utf-8", "replace")
    out.stderr = b"".join(chunks["err"]).decode("utf-8", "replace")
    return out


class World:
    """What the hostile code aims at, and the checks that it missed. `findings` collects every
    containment failure found; check_outside() also kills and removes what it finds, close() ends
    the servers and removes the folders."""

    def __init__(self, tmp_path: Path, mode: str) -> None:
        self.mode = mode
        self.marker = f"intervu-hostile-{uuid.uuid4().hex[:12]}"
        self.secret = f"secret-{uuid.uuid4().hex}"  # in the outside folder's secret.txt and the driver's environment
        self.ipc_key = int(uuid.uuid4().hex[:7], 16) + 1
        self.tmp = tmp_path / "tmp"  # the parent's TMPDIR: where run folders go
        self.tmp.mkdir()
        self.outside = tmp_path / "outside"  # a folder outside the run folder that the code aims at
        self.outside.mkdir()
        self.home = tmp_path / "home"  # INTERVU_HOME of `intervu run`
        self.home.mkdir()
        (self.outside / "secret.txt").write_text(self.secret)
        victim = self.outside / "victim.txt"
        victim.write_text("victim")
        os.chmod(victim, 0o644)
        os.utime(victim, (1_600_000_000, 1_600_000_000))
        self.servers = {
            "unix": Server(socket.AF_UNIX, socket.SOCK_STREAM, str(self.outside / "unix.sock")),
            "abstract": Server(socket.AF_UNIX, socket.SOCK_STREAM, f"\0{self.marker}"),
            "tcp": Server(socket.AF_INET, socket.SOCK_STREAM, ("127.0.0.1", 0)),
            "udp": Server(socket.AF_INET, socket.SOCK_DGRAM, ("127.0.0.1", 0)),
        }
        probe = socket.socket()
        probe.bind(("127.0.0.1", 0))
        self.free_port = probe.getsockname()[1]  # a port nobody listens on, for the run to try to open
        probe.close()
        self.knocked: list[str] = []
        self.values = {
            "OUTSIDE": str(self.outside), "VICTIM": str(victim), "SECRET_FILE": str(self.outside / "secret.txt"),
            "SOCKET": str(self.outside / "unix.sock"), "ABSTRACT": f"\0{self.marker}", "MARKER": self.marker,
            "PORT": self.servers["tcp"].address[1], "UDP_PORT": self.servers["udp"].address[1], "REPO": str(REPO),
            "PROBLEM_FILE": str(PROBLEM_FILE), "IPC_KEY": self.ipc_key, "FREE_PORT": self.free_port,
        }
        self.before = _snapshot(self.outside)
        self.problems_before = _snapshot(builtin_problems_dir())  # the reference solutions and hidden tests
        self.findings: list[str] = []

    def source(self, sol: Solution) -> str:
        text = sol.source
        for key, value in self.values.items():
            text = text.replace(f'"@{key}@"', json.dumps(value))
        assert not re.search(r'"@[A-Z_]+@"', text), f"{sol.name}: a placeholder the test does not fill"
        return text

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("INTERVU_", "PYTHONIOENCODING", "LC_"))}
        env.update(TMPDIR=str(self.tmp), INTERVU_SANDBOX_SKIP=MODES[self.mode], INTERVU_HOME=str(self.home),
                   INTERVU_HOSTILE_SECRET=self.secret, LANG="C.UTF-8", COLUMNS="200")
        return env

    def knock(self) -> None:
        """Try the port the run was told it may open: nobody must answer."""
        try:
            with socket.create_connection(("127.0.0.1", self.free_port), timeout=0.05):
                self.knocked.append("connected")
        except OSError:
            pass

    def fail(self, what: str) -> None:
        self.findings.append(what)

    # --- the checks, after each run ------------------------------------------------------------

    def check_result(self, sol: Solution, result: dict) -> None:
        layers = set(result.get("sandbox") or [])
        want = {"limits", "netns", "landlock", "seccomp"} if self.mode == "kernel" else {"limits"}
        if layers != want and not (self.mode == "kernel" and want <= layers):
            self.fail(f"the run was confined by {sorted(layers)}, not the {self.mode} mode's {sorted(want)}")
        errors = " | ".join(str(t.get("error")) for t in result.get("tests", [])) + " | " + str(result.get("error"))
        if sol.expect in ("fail", "timeout") and result.get("passed"):
            self.fail(f"{result['passed']} of {result['total']} tests passed: {result.get('summary')}")
        if sol.expect == "timeout" and "timed out" not in errors:
            self.fail(f"expected a time-out, got: {errors[:300]}")

    def check_leaks(self, text: str) -> None:
        for secret in (self.secret, *SECRET_MARKS):
            if secret in text:
                self.fail(f"a secret came back from the run: {secret!r}")
        for m in re.finditer(r"BREACH: [^\"\\]*", text):
            self.fail(f"the code says it got through: {m.group()!r}")

    def check_driver(self, sol: Solution, run: Supervised, *, killed: bool = False) -> None:
        if run.stopped:
            self.fail(f"the parent was stopped ({run.stopped} times; the test continued it)")
        if killed:
            return
        if run.returncode != 0:
            self.fail(f"the parent died ({run.returncode}): {run.stderr[-1500:]}")
            return
        try:
            report = json.loads(run.stdout.strip().splitlines()[-1])
        except (ValueError, IndexError):
            self.fail(f"the parent gave no report: {run.stdout[-500:]} {run.stderr[-1500:]}")
            return
        if "raised" in report:
            self.fail(f"run_code raised: {report['raised'][-1500:]}")
        if "result" in report:
            self.check_result(sol, report["result"])
        self.check_leaks(json.dumps(report.get("result", {})))
        for key, before in report["before"].items():
            if report["after"][key] != before:
                self.fail(f"the parent's {key} changed: {before} -> {report['after'][key]}")
        if not report["good"]["all_passed"]:
            self.fail(f"the parent no longer runs a good solution: {report['good']['summary'][-1500:]}")
        if report["signals"]:
            self.fail(f"the parent was signalled: {report['signals']}")
        for orphan in report["orphans"]:
            self.fail(f"a process escaped the run's process group and outlived it (killed): {orphan}")

    def check_cli(self, sol: Solution, run: Supervised, json_out: bool = False) -> None:
        if run.stopped:
            self.fail(f"intervu was stopped ({run.stopped} times; the test continued it)")
        if run.returncode not in (0, 1) or "Traceback" in run.stderr:
            last = " / ".join(run.stderr.strip().splitlines()[-2:])
            self.fail(f"`intervu run` did not end normally ({run.returncode}): {last[-600:]}")
        elif json_out:
            def strict(word: str):
                raise ValueError(f"{word} is not JSON")

            try:
                result = json.loads(run.stdout, parse_constant=strict)
                self.check_result(sol, result)
            except ValueError as exc:
                self.fail(f"`intervu run --json` printed what a strict JSON reader rejects: {exc}")
        elif "Test run" not in run.stdout:
            self.fail(f"`intervu run` showed no test run: {run.stdout[-500:]}")
        controls = sorted({repr(c) for c in run.stdout + run.stderr if (ord(c) < 32 and c not in "\n\t")
                           or 0x7F <= ord(c) < 0xA0})
        if controls:
            self.fail(f"`intervu run` wrote control characters to the terminal: {', '.join(controls)}")
        if sol.expect in ("fail", "timeout") and re.search(r"passes [1-9]", run.stdout):
            self.fail(f"`intervu run` says tests passed: {run.stdout[-300:]}")
        self.check_leaks(run.stdout + run.stderr)

    def check_outside(self) -> None:
        """Nothing created, changed or left behind anywhere outside the run folder; no process of
        the run alive (killed if so); no run folder left."""
        for pid, cmdline in _processes_with([self.marker, str(self.tmp)]):
            self.fail(f"a process of the run is still alive (killed): {pid}: {cmdline[:200]}")
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        after = _snapshot(self.outside)
        for name in sorted(set(self.before) | set(after)):
            if self.before.get(name) != after.get(name):
                self.fail(f"outside the run folder, {name} changed: {self.before.get(name)} -> {after.get(name)}")
        if _snapshot(builtin_problems_dir()) != self.problems_before:
            self.fail("the problem files changed during the run")
        for folder in {Path(REAL_HOME), REPO, REPO / "tests", REPO / "problems", builtin_problems_dir(), Path("/tmp"),
                       Path("/dev/shm"), Path("/")}:
            try:
                names = [n for n in os.listdir(folder) if self.marker in n]
            except OSError:
                continue
            for n in names:
                self.fail(f"the run created {folder / n} (removed)")
                _remove(folder / n)
        left = [n for n in os.listdir(self.tmp)]
        if left:
            self.fail(f"the run left {left} in the temporary folder (removed)")
            for n in left:
                _remove(self.tmp / n)
        for kind in ("shm", "msg", "sem"):
            try:
                rows = Path(f"/proc/sysvipc/{kind}").read_text().splitlines()[1:]
            except OSError:
                continue
            if any(row.split()[0] == str(self.ipc_key) for row in rows):
                self.fail(f"the run left a System V {kind} object (removed)")
                flag = {"shm": "-M", "msg": "-Q", "sem": "-S"}[kind]
                subprocess.run(["ipcrm", flag, str(self.ipc_key)], capture_output=True, timeout=10)
        if self.knocked:
            self.fail(f"the test connected to a port the run listened on ({len(self.knocked)} times)")
        for name, server in self.servers.items():
            if server.heard:
                self.fail(f"the {name} server in the test heard from the run: {server.heard[:3]}")

    def close(self) -> None:
        for server in self.servers.values():
            server.close()
        _remove(self.outside)
        _remove(self.tmp)


def _driver(world: World, sol: Solution, path: Path, what: str, **kw) -> Supervised:
    knock = world.knock if '"@FREE_PORT@"' in sol.source else None  # (no knocking on others' ports)
    return supervise([sys.executable, "-c", DRIVER, sol.language, str(path), str(sol.timeout), what],
                     world.env(), path.parent, sol.timeout + 90, poke=knock, **kw)


def _started(world: World) -> bool:
    return any((world.tmp / n / "started").exists() for n in os.listdir(world.tmp))


@pytest.mark.parametrize("mode", list(MODES))
@pytest.mark.parametrize("name", SOLUTIONS)
def test_hostile_solution_is_contained(name, mode, tmp_path):
    sol = load(name)
    if sol.language == "javascript" and node_path() is None:
        pytest.fail("node is not installed: .ci/run installs nodejs")
    world = World(tmp_path, mode)
    try:
        path = tmp_path / ("solution.py" if sol.language == "python" else "solution.js")
        path.write_text(world.source(sol), encoding="utf-8")
        if sol.header.get("kill-intervu") == "when started":
            # intervu killed mid-run (kill -9): the run must die with it, and the next run sweeps its folder
            run = _driver(world, sol, path, "hostile", kill_when=lambda: _started(world))
            world.check_driver(sol, run, killed=True)
            if not run.killed_by_test:
                world.fail(f"the run never started: {run.stderr[-1500:]}")
            deadline = time.monotonic() + 5
            while time.monotonic() < deadline and _processes_with([world.marker, str(world.tmp)]):
                time.sleep(0.05)
            world.check_driver(sol, _driver(world, sol, path, "good"))
        if "run_code" in sol.via and "kill-intervu" not in sol.header:
            world.check_driver(sol, _driver(world, sol, path, "hostile"))
        for via in ("cli", "cli-json"):
            if via in sol.via:
                json_flag = ["--json"] if via == "cli-json" else []
                run = supervise([intervu_exe(), "run", "two-sum", str(path), "--timeout", str(sol.timeout), *json_flag],
                                world.env(), tmp_path, sol.timeout + 90)
                world.check_cli(sol, run, json_out=bool(json_flag))
    finally:
        world.check_outside()  # (after a failure above too: nothing may stay running or written)
        world.close()
    assert not world.findings, f"{name} [{mode}] NOT CONTAINED:\n  " + "\n  ".join(dict.fromkeys(world.findings))
