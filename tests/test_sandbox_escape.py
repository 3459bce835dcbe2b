"""Ways out of the sandbox found by a fault campaign (issue 21), each tried for real, in each
language, with the kernel layers this machine has and with them left out (INTERVU_SANDBOX_SKIP),
where the harnesses' fallbacks must hold instead:

- other programs reached over Unix sockets or System V IPC;
- a run that outlives intervu after clearing its parent-death signal;
- files made or moved outside the run's folder, and signals to (or limits set on) intervu.
"""

from __future__ import annotations

import ctypes
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest

from intervu_cli.problems import load_problems, problem_dirs
from intervu_cli.sandbox import node_path, run_code

from conftest import REPO, intervu_exe
from test_sandbox import _pids_with

TWO_SUM = load_problems(problem_dirs()).get("two-sum")
MODES = {"kernel": "", "fallback": "netns,landlock,seccomp"}
LAYERS = {"": ["limits", "netns", "landlock", "seccomp"], "netns,landlock,seccomp": ["limits"],
          "seccomp": ["limits", "netns", "landlock"]}


def _need_node(language: str) -> None:
    if language == "javascript" and node_path() is None:
        pytest.fail("node is not installed: .ci/run installs nodejs")


def _run(monkeypatch, skip: str, language: str, source: str):
    """One real sandboxed run of `source` on two-sum, with the layers `skip` names left out."""
    _need_node(language)
    monkeypatch.setenv("INTERVU_SANDBOX_SKIP", skip)
    result = run_code(TWO_SUM, language, source)
    assert result.layers == LAYERS[skip], "the run was not confined as this test means"
    return result


def _outcome(result) -> str:
    """What the code said of its attempt: 'done', or 'refused: ...' with the reason."""
    first = result.tests[0]
    return str(first.actual if first.actual is not None else first.error or result.error)


# --- Unix sockets and other IPC -------------------------------------------------------------------


class UnixService:
    """A real local service on Unix sockets, outside any run's folder (a stream socket, like the tmux
    server or an SSH agent, and a datagram one, like /dev/log): it records whatever reaches it."""

    def __init__(self) -> None:
        self.folder = tempfile.mkdtemp(prefix="intervu-svc-")  # short: a socket's path has 108 bytes at most
        self.stream_path = os.path.join(self.folder, "stream.sock")
        self.dgram_path = os.path.join(self.folder, "dgram.sock")
        self.stream = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.stream.bind(self.stream_path)
        self.stream.listen()
        self.stream.settimeout(0.1)
        self.dgram = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.dgram.bind(self.dgram_path)
        self.dgram.settimeout(0.1)
        self.received: list[str] = []
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while not self.stop.is_set():
            try:
                conn, _ = self.stream.accept()
            except OSError:
                pass
            else:
                with conn:
                    conn.settimeout(2)
                    try:
                        self.received.append(f"a connection: {conn.recv(100)!r}")
                    except OSError:
                        self.received.append("a connection")
            try:
                self.received.append(f"a datagram: {self.dgram.recv(100)!r}")
            except OSError:
                pass

    def close(self) -> None:
        self.stop.set()
        self.thread.join()
        self.stream.close()
        self.dgram.close()
        shutil.rmtree(self.folder, ignore_errors=True)


@pytest.fixture
def service():
    svc = UnixService()
    yield svc
    svc.close()


UNIX_ROUTES = {
    ("python", "connect"):
        "s = socket.socket(socket.AF_UNIX)\n        s.connect(@stream@)\n        s.sendall(b'hello')",
    ("python", "datagram socketpair, sendto a path"): (
        "a, b = socket.socketpair(socket.AF_UNIX, socket.SOCK_DGRAM)\n        a.sendto(b'hello', @dgram@)"),
    ("javascript", "net.connect"): "const c = process.mainModule.require('net').connect(@stream@);",
    ("javascript", "a net.Socket reached through process.stdout"):
        "const c = new (process.stdout.constructor)(); c.connect(@stream@);",
}
PY_SOCKET = """import socket
def two_sum(nums, target):
    try:
        ROUTE
    except Exception as exc:
        return f"refused: {type(exc).__name__}: {exc}"
    return "done"
"""
JS_SOCKET = """async function twoSum(nums, target) {
  try {
    await new Promise((resolve, reject) => {
      ROUTE
      c.on("error", reject);
      c.on("connect", () => c.write("hello", () => { c.end(); resolve(); }));
    });
  } catch (err) {
    return `refused: ${err.code || err.name}: ${err.message}`;
  }
  return "done";
}
"""


@pytest.mark.parametrize("mode", ["kernel", "fallback", "no seccomp"])
@pytest.mark.parametrize("language,route", list(UNIX_ROUTES))
def test_a_unix_socket_outside_the_run_is_out_of_reach(language, route, mode, service, monkeypatch):
    """Landlock does not stop connect() to a Unix socket by its path: seccomp allows no socket at all
    (a stream socketpair of its own only), and without seccomp the harnesses refuse them."""
    code = UNIX_ROUTES[(language, route)].replace("@stream@", json.dumps(service.stream_path))
    code = code.replace("@dgram@", json.dumps(service.dgram_path))
    source = (PY_SOCKET if language == "python" else JS_SOCKET).replace("ROUTE", code)
    result = _run(monkeypatch, {"no seccomp": "seccomp"}.get(mode, MODES.get(mode, "")), language, source)
    time.sleep(0.3)  # anything sent is in the service's queue by now; a late arrival only makes this fail
    assert service.received == [], "the sandboxed code reached a service on a Unix socket"
    assert _outcome(result).startswith("refused"), _outcome(result)


def test_a_stream_socketpair_of_its_own_still_works(monkeypatch):
    """What seccomp leaves: a connected pair of the process's own (asyncio's self-pipe is one)."""
    code = ("import socket\ndef two_sum(nums, target):\n    a, b = socket.socketpair()\n    a.sendall(b'ok')\n"
            "    return b.recv(2).decode()\n")
    assert _outcome(_run(monkeypatch, "", "python", code)) == "ok"


@pytest.mark.parametrize("mode", list(MODES))
def test_system_v_ipc_objects_of_the_machine_are_out_of_reach(mode, monkeypatch):
    """An unprivileged user namespace does not isolate IPC: the jail unshares an IPC namespace too, so
    a message queue of another program (made here) cannot be found, let alone written to."""
    libc = ctypes.CDLL(None, use_errno=True)
    key = 0x1E7E0000 | (os.getpid() & 0xFFFF)
    queue = libc.msgget(key, 0o1600)  # IPC_CREAT | rw for its owner
    assert queue >= 0, os.strerror(ctypes.get_errno())
    try:
        code = (
            "import ctypes\ndef two_sum(nums, target):\n    try:\n"
            "        libc = ctypes.CDLL(None, use_errno=True)\n"
            f"        queue = libc.msgget({key}, 0)\n"
            "        if queue < 0:\n            return 'refused: errno %d' % ctypes.get_errno()\n"
            "        return 'done: queue %d' % queue\n"
            "    except Exception as exc:\n        return f'refused: {exc}'\n")
        assert _outcome(_run(monkeypatch, MODES[mode], "python", code)).startswith("refused")
    finally:
        libc.msgctl(queue, 0, None)  # IPC_RMID


# --- a run cannot outlive intervu ---------------------------------------------------------------------

OUTLIVE = {
    "python": """import time
def clear():
    tried = []
    try:
        import ctypes
        tried.append(ctypes.CDLL(None, use_errno=True).prctl(1, 0, 0, 0, 0))  # PR_SET_PDEATHSIG, none
    except Exception as exc:
        tried.append(repr(exc))
        try:  # ctypes is shut: a new interpreter starts without the audit hook
            import _xxsubinterpreters as interpreters
            interpreters.run_string(interpreters.create(), "import ctypes; ctypes.CDLL(None).prctl(1, 0, 0, 0, 0)")
            tried.append("from a new interpreter")
        except Exception as exc:
            tried.append(repr(exc))
    return tried
def two_sum(nums, target):
    tried = clear()
    with open("cleared", "w") as f:
        f.write(repr(tried))
    time.sleep(60)
""",
    "javascript": """const fs = process.mainModule.require("fs");
function twoSum(nums, target) {
  fs.writeFileSync("cleared", "nothing to try without an addon");
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60000);
}
""",
}


@pytest.mark.parametrize("mode", list(MODES))
@pytest.mark.parametrize("language", ["python", "javascript"])
def test_a_run_that_clears_its_parent_death_signal_still_dies_with_intervu(language, mode, tmp_path):
    """intervu killed with SIGKILL (no cleanup code runs) while the code sleeps, having first tried
    to clear its parent-death signal: seccomp refuses prctl(PR_SET_PDEATHSIG), and without it the
    harness leaves no way to native code (ctypes, a new interpreter)."""
    _need_node(language)
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    solution = tmp_path / ("solution.py" if language == "python" else "solution.js")
    solution.write_text(OUTLIVE[language])
    driver = tmp_path / "driver.py"
    driver.write_text(
        "import sys\n"
        "from intervu_cli.problems import load_problems, problem_dirs\n"
        "from intervu_cli.sandbox import run_code\n"
        "p = load_problems(problem_dirs()).get('two-sum')\n"
        "run_code(p, sys.argv[1], open(sys.argv[2]).read(), timeout_s=60)\n"
    )
    env = {**os.environ, "INTERVU_SANDBOX_SKIP": MODES[mode], "TMPDIR": str(tmp)}
    proc = subprocess.Popen([sys.executable, str(driver), language, str(solution)], cwd=REPO, env=env)
    prefix = f"intervu-run-{proc.pid}-"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not list(tmp.glob(f"{prefix}*/cleared")):
            assert proc.poll() is None, "the driver ended before the run started"
            time.sleep(0.05)
        assert list(tmp.glob(f"{prefix}*/cleared")), "the run never got to its attempt"
        assert _pids_with(prefix), "the run is not running"
    finally:
        proc.kill()
        proc.wait()
    deadline = time.monotonic() + 10  # a deadline, not a timing check: the kernel kills it at once
    while time.monotonic() < deadline and _pids_with(prefix):
        time.sleep(0.05)
    survivors = _pids_with(prefix)
    for pid in survivors:  # started (through the driver) by this test
        os.kill(pid, signal.SIGKILL)
    assert survivors == [], "the run outlived intervu"


# --- files outside the run's folder, and intervu itself --------------------------------------------

FILE_ROUTES = {
    ("python", "os.link"): "os.link('solution.py', T + '/made')",
    ("python", "os.rename"): "open('moved', 'w').close()\n        os.rename('moved', T + '/made')",
    ("python", "os.replace"): "open('moved', 'w').close()\n        os.replace('moved', T + '/made')",
    ("python", "shutil.move"):
        "import shutil\n        open('moved', 'w').close()\n        shutil.move('moved', T + '/made')",
    ("python", "os.mkfifo"): "os.mkfifo(T + '/made')",
    ("python", "os.mknod"): "os.mknod(T + '/made')",
    ("python", "os.symlink"): "os.symlink('/etc/hostname', T + '/made')",
    ("python", "os.open with a dir_fd outside"):
        "os.close(os.open('made', os.O_CREAT | os.O_WRONLY, dir_fd=os.open(T, os.O_RDONLY)))",
    ("python", "os.mkdir with .. from a dir_fd inside"):
        "os.mkdir(os.path.relpath(T + '/made', os.getcwd()), dir_fd=os.open('.', os.O_RDONLY))",
    ("python", "a Unix socket bound outside"): "import socket\n        socket.socket(socket.AF_UNIX).bind(T + '/made')",
    ("python", "os.path.realpath replaced"):
        "os.path.realpath = lambda path, *a, **k: os.getcwd()\n        open(T + '/made', 'w').close()",
    ("python", "posix made afresh"):
        "import sys, _imp\n        fresh = _imp.create_builtin(sys.__spec__.loader.find_spec('posix'))\n"
        "        fresh.mkfifo(T + '/made')",
    ("python", "a new interpreter"):
        "import _xxsubinterpreters as i\n        i.run_string(i.create(), f'open({T!r} + \"/made\", \"w\").close()')",
    ("javascript", "fs.linkSync"): "fs.linkSync('solution.js', T + '/made');",
    ("javascript", "fs.renameSync"): "fs.writeFileSync('moved', ''); fs.renameSync('moved', T + '/made');",
    ("javascript", "fs.symlinkSync"): "fs.symlinkSync('/etc/hostname', T + '/made');",
    ("javascript", "fs.copyFileSync"): "fs.copyFileSync('solution.js', T + '/made');",
    ("javascript", "a Unix socket bound outside through process.stdout's handle"):
        "const err = new (process.stdout._handle.constructor)(1).bind(T + '/made');\n"
        "    if (err) throw new Error(`bind: ${err}`);",
}
PY_FILES = """import os
T = @outside@
def two_sum(nums, target):
    try:
        ROUTE
    except Exception as exc:
        return f"refused: {type(exc).__name__}: {exc}"
    return "done"
"""
JS_FILES = """const fs = process.mainModule.require("fs");
const T = @outside@;
function twoSum(nums, target) {
  try {
    ROUTE
  } catch (err) {
    return `refused: ${err.code || err.name}: ${err.message}`;
  }
  return "done";
}
"""


@pytest.mark.parametrize("mode", list(MODES))
@pytest.mark.parametrize("language,route", list(FILE_ROUTES))
def test_nothing_is_made_or_moved_outside_the_run(language, route, mode, tmp_path, monkeypatch):
    """Links, renames, FIFOs, device nodes, symlinks, socket files: under Landlock (and its REFER
    right) and under the fallbacks alike, nothing appears outside the run's folder."""
    outside = tmp_path / "outside"
    outside.mkdir()
    source = (PY_FILES if language == "python" else JS_FILES).replace("ROUTE", FILE_ROUTES[(language, route)])
    result = _run(monkeypatch, MODES[mode], language, source.replace("@outside@", json.dumps(str(outside))))
    assert os.listdir(outside) == [], f"the sandboxed code made {os.listdir(outside)} outside its folder"
    if route == "a new interpreter" and mode == "kernel":
        # Under Landlock a new interpreter cannot even find its codecs: the process ends there.
        assert "exited early" in _outcome(result) or _outcome(result).startswith("refused"), _outcome(result)
    else:
        assert _outcome(result).startswith("refused"), _outcome(result)


@pytest.mark.parametrize("mode", list(MODES))
def test_a_dir_fd_taken_before_a_chdir_does_not_lead_out(mode, tmp_path, monkeypatch):
    """The audit event of os.open() does not carry its dir_fd, so a path relative to it is checked
    against the working directory: after a chdir() into a subfolder, '../made' checks as inside the
    folder and is created beside it. The fallback keeps the working directory where it is."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # beside the run's folder is this test's own
    code = ("import os\ndef two_sum(nums, target):\n    try:\n        os.mkdir('sub')\n"
            "        fd = os.open('.', os.O_RDONLY)\n        os.chdir('sub')\n"
            "        os.close(os.open('../made', os.O_CREAT | os.O_WRONLY, dir_fd=fd))\n"
            "    except Exception as exc:\n        return f'refused: {type(exc).__name__}: {exc}'\n    return 'done'\n")
    result = _run(monkeypatch, MODES[mode], "python", code)
    assert os.listdir(tmp_path) == [], "the sandboxed code made a file beside its folder"
    assert _outcome(result).startswith("refused"), _outcome(result)


SIGNAL_ROUTES = {
    ("python", "os.kill"): "os.kill(pid, sig)",
    ("python", "os.killpg"): "os.killpg(os.getpgid(pid), 0)",  # (0: a stop would stop the test run's group)
    ("python", "os.pidfd_open and signal.pidfd_send_signal"): "signal.pidfd_send_signal(os.pidfd_open(pid), sig)",
    ("python", "a /proc folder as a pidfd"):
        "signal.pidfd_send_signal(os.open(f'/proc/{pid}', os.O_RDONLY | os.O_DIRECTORY), sig)",
    ("python", "kill() through ctypes"):
        "import ctypes\n    libc = ctypes.CDLL(None, use_errno=True)\n"
        "    if libc.kill(pid, sig):\n        raise OSError(ctypes.get_errno(), 'kill')",
    ("python", "pidfd_send_signal() through ctypes"):
        "import ctypes\n    libc = ctypes.CDLL(None, use_errno=True)\n    fd = libc.syscall(434, pid, 0)\n"
        "    if fd < 0 or libc.syscall(424, fd, sig, None, 0):\n        raise OSError(ctypes.get_errno(), 'pidfd')",
    ("python", "resource.prlimit (its own value back)"):
        "import resource\n    resource.prlimit(pid, resource.RLIMIT_CORE, resource.prlimit(pid, resource.RLIMIT_CORE))",
    # (each sets what is already there: harmless if it got through, but it must not get through)
    ("python", "os.setpriority (intervu's niceness)"):
        "os.setpriority(os.PRIO_PROCESS, pid, os.getpriority(os.PRIO_PROCESS, pid))",
    ("python", "os.sched_setaffinity (intervu's CPUs)"): "os.sched_setaffinity(pid, os.sched_getaffinity(pid))",
    ("python", "setpriority() through ctypes"):
        "import ctypes\n    libc = ctypes.CDLL(None, use_errno=True)\n"
        "    if libc.setpriority(0, pid, os.getpriority(os.PRIO_PROCESS, pid)):\n"
        "        raise OSError(ctypes.get_errno(), 'setpriority')",
    ("javascript", "os.setPriority (intervu's niceness)"):
        "const os = process.mainModule.require('os');\n  os.setPriority(pid, os.getPriority(pid));",
    ("javascript", "process.kill"): "process.kill(pid, sig);",
    ("javascript", "process._kill"):
        "const err = process._kill(pid, sig);\n  if (err) throw new Error(`errno ${err}`);",
}
PY_SIGNAL = """import os, signal
def attempt(pid, sig):
    ROUTE
def two_sum(nums, target):
    out = []
    for pid, sig in ((os.getppid(), signal.SIGSTOP), (@pid@, 0)):  # intervu; the test (only probed)
        try:
            attempt(pid, sig)
            out.append("done")
        except Exception as exc:
            out.append(f"refused: {type(exc).__name__}: {exc}")
    return out
"""
JS_SIGNAL = """const { signals } = process.mainModule.require("os").constants;
function attempt(pid, sig) {
  ROUTE
}
function twoSum(nums, target) {
  const out = [];
  for (const [pid, sig] of [[process.ppid, signals.SIGSTOP], [@pid@, 0]]) {  // intervu; the test (only probed)
    try {
      attempt(pid, sig);
      out.push("done");
    } catch (err) {
      out.push(`refused: ${err.code || err.name}: ${err.message}`);
    }
  }
  return out;
}
"""


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return ""


@pytest.mark.parametrize("mode", list(MODES))
@pytest.mark.parametrize("language,route", list(SIGNAL_ROUTES))
def test_intervu_is_neither_signalled_nor_changed(language, route, mode, home, tmp_path):
    """The code tries to stop intervu (its parent, the real `intervu run`) and to signal the test
    itself, through every route there is; intervu finishes normally and every attempt is refused."""
    _need_node(language)
    source = (PY_SIGNAL if language == "python" else JS_SIGNAL).replace("ROUTE", SIGNAL_ROUTES[(language, route)])
    path = tmp_path / ("solution.py" if language == "python" else "solution.js")
    path.write_text(source.replace("@pid@", str(os.getpid())))
    tmp = tmp_path / "tmp"  # the run's own TMPDIR: a stopped intervu would leave its run folder behind
    tmp.mkdir()
    proc = subprocess.Popen([intervu_exe(), "run", "two-sum", str(path), "--json", "--timeout", "10"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "INTERVU_SANDBOX_SKIP": MODES[mode], "TMPDIR": str(tmp)})
    deadline = time.monotonic() + 60
    while True:
        try:
            stdout, stderr = proc.communicate(timeout=0.2)
            break
        except subprocess.TimeoutExpired:
            stopped = _state(proc.pid) in ("T", "t")
            if stopped or time.monotonic() > deadline:
                proc.kill()
                proc.communicate()
                pytest.fail("the sandboxed code stopped intervu" if stopped else "intervu run did not finish")
    assert proc.returncode in (0, 1), f"intervu did not finish normally ({proc.returncode}): {stderr[-2000:]}"
    result = json.loads(stdout)
    assert result["sandbox"] == LAYERS[MODES[mode]]
    outcome = result["tests"][0]["actual"]
    assert isinstance(outcome, list) and all(o.startswith("refused") for o in outcome), result["tests"][0]
    assert os.listdir(tmp) == [], "the run's folder was left behind"


@pytest.mark.parametrize("mode", ["kernel", "fallback", "no seccomp"])
@pytest.mark.parametrize("language", ["python", "javascript"])
def test_ordinary_solutions_still_run_in_every_mode(language, mode, monkeypatch):
    """No sockets, no prctl(PR_SET_PDEATHSIG), a private IPC namespace and the harnesses' new
    stand-ins leave both interpreters working: the reference solution passes."""
    skip = {"no seccomp": "seccomp"}.get(mode, MODES.get(mode, ""))
    result = _run(monkeypatch, skip, language, TWO_SUM.languages[language].solution)
    assert result.all_passed, result.summary
