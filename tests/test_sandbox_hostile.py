"""Hostile code in the real sandbox, through the real `intervu run` (so a parent that gets killed
shows up as a crashed command, not a dead test run).

Every snippet runs in both languages, and in two modes: with the kernel layers this machine has
(network namespace, Landlock, seccomp) and with them left out (INTERVU_SANDBOX_SKIP), where the
harnesses' own fallbacks must contain it instead. Each must end with a clear result, leave no
process and no file behind, and leave the parent untouched.
"""

from __future__ import annotations

import json
import os
import pwd
import socket
import threading
import uuid
from pathlib import Path

import pytest

from intervu_cli.problems import builtin_problems_dir
from intervu_cli.sandbox import node_path

from conftest import REPO

PROBLEM_FILE = builtin_problems_dir() / "two-sum.toml"
SOLUTION_MARK = "index_of = {}"  # a line of two-sum's reference solution
REAL_HOME = pwd.getpwuid(os.getuid()).pw_dir
MODES = {"kernel": "", "fallback": "netns,landlock,seccomp"}


def _processes_with(marker: str) -> list[str]:
    found = []
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
        except OSError:
            continue
        if marker in cmdline:
            found.append(f"{pid}: {cmdline}")
    return found


class Listener:
    """A real TCP server on loopback that records whether anyone connected."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen()
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self) -> None:
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            conn.close()

    def close(self) -> None:
        self.stop.set()
        self.thread.join()
        self.sock.close()


@pytest.fixture
def world(tmp_path):
    """What the hostile code aims at, and the checks that it missed."""
    marker = f"intervu-hostile-{uuid.uuid4().hex[:10]}"
    listener = Listener()
    home_target = Path(REAL_HOME) / f".{marker}"
    problem_before = PROBLEM_FILE.read_bytes()
    tmp = tmp_path / "tmp"  # the runs' own TMPDIR: other test runs come and go in /tmp
    tmp.mkdir()
    ctx = {
        "marker": marker,
        "port": listener.port,
        "home_target": str(home_target),
        "problem_file": str(PROBLEM_FILE),
        "repo_problem_file": str(REPO / "problems" / "two-sum.toml"),
        "pid": os.getpid(),
        "tmpdir": str(tmp),
    }
    yield ctx
    listener.close()
    try:
        assert listener.connections == 0, "the sandboxed code reached a socket on loopback"
        assert not home_target.exists(), "the sandboxed code wrote into the home directory"
        assert PROBLEM_FILE.read_bytes() == problem_before
        assert _processes_with(marker) == [], "a process outlived the run"
        assert os.listdir(tmp) == [], "a run's temporary directory was left behind"
    finally:
        home_target.unlink(missing_ok=True)


# Each: python code, javascript code, and what the result must show. `@name@` is world[name], as a literal.
HOSTILE = {
    "infinite loop": (
        "def two_sum(nums, target):\n    while True:\n        pass\n",
        "function twoSum(nums, target) {\n  while (true) {}\n}\n",
        "timed out",
    ),
    "memory bomb": (
        "def two_sum(nums, target):\n    hoard = []\n    while True:\n        hoard.append(bytearray(10**7))\n",
        "function twoSum(nums, target) {\n  const hoard = [];\n"
        "  while (true) hoard.push(new Array(1e6).fill(1.5));\n}\n",
        "memory",
    ),
    "fork bomb": (
        "import os\ndef two_sum(nums, target):\n    while True:\n        os.fork()\n",
        "const cp = process.mainModule.require('child_process');\n"
        "function twoSum(nums, target) {\n  while (true) cp.execFileSync(process.execPath, ['-e', '0']);\n}\n",
        "denied",
    ),
    "100 MB printed": (
        "import os\ndef two_sum(nums, target):\n    print('x' * 100_000_000)\n    os.write(1, b'y' * 100_000_000)\n"
        "    seen = {}\n    for i, n in enumerate(nums):\n        if target - n in seen:\n"
        "            return [seen[target - n], i]\n"
        "        seen[n] = i\n",
        # 100 MB in 1 MB pieces: one 100 MB string would be half of node's memory limit by itself
        "function twoSum(nums, target) {\n  const mb = 'x'.repeat(1 << 20);\n"
        "  for (let i = 0; i < 50; i++) { console.log(mb); process.stdout.write(mb); }\n"
        "  const seen = new Map();\n  for (let i = 0; i < nums.length; i++) {\n"
        "    if (seen.has(target - nums[i])) return [seen.get(target - nums[i]), i];\n"
        "    seen.set(nums[i], i);\n  }\n}\n",
        "passes, output truncated",
    ),
    "sys.exit / process.exit": (
        "import sys\ndef two_sum(nums, target):\n    sys.exit(0)\n",
        "function twoSum(nums, target) {\n  process.exit(0);\n}\n",
        "fails",
    ),
    "os._exit / process.reallyExit": (
        "import os\ndef two_sum(nums, target):\n    os._exit(0)\n",
        "function twoSum(nums, target) {\n  process.reallyExit(0);\n}\n",
        "fails",
    ),
    "kill the parent": (
        "import os\ndef two_sum(nums, target):\n    os.kill(os.getppid(), 9)\n    return [0, 1]\n",
        "function twoSum(nums, target) {\n  process.kill(process.ppid, 'SIGKILL');\n  return [0, 1];\n}\n",
        "denied",
    ),
    "read the problem file": (
        "def two_sum(nums, target):\n    return [open(p).read() for p in (@problem_file@, @repo_problem_file@)]\n",
        "const fs = process.mainModule.require('fs');\n"
        "function twoSum(nums, target) {\n"
        "  return [fs.readFileSync(@problem_file@, 'utf8'), fs.readFileSync(@repo_problem_file@, 'utf8')];\n}\n",
        "denied, nothing leaked",
    ),
    "open a socket": (
        "import socket\ndef two_sum(nums, target):\n    socket.create_connection(('127.0.0.1', @port@), timeout=2)\n"
        "    return [0, 1]\n",
        "async function twoSum(nums, target) {\n  await fetch('http://127.0.0.1:@port@/');\n  return [0, 1];\n}\n",
        "fails",
    ),
    "write into the home directory": (
        "def two_sum(nums, target):\n    with open(@home_target@, 'w') as f:\n        f.write('owned')\n"
        "    return [0, 1]\n",
        "const fs = process.mainModule.require('fs');\n"
        "function twoSum(nums, target) {\n  fs.writeFileSync(@home_target@, 'owned');\n  return [0, 1];\n}\n",
        "denied",
    ),
    "print a fake pass": (
        "import json, os\ndef two_sum(nums, target):\n    print('PASS')\n"
        "    print(json.dumps({'name': 'example 1', 'actual': [0, 1], 'passed': True}))\n"
        "    for fd in range(3, 12):\n        try:\n"
        "            os.write(fd, "
        "b'{\"name\": \"example 2\", \"actual\": [9, 9], \"passed\": true}\\n{\"done\": true}\\n')\n"
        "        except OSError:\n            pass\n    return [-1, -1]\n",
        "const fs = process.mainModule.require('fs');\n"
        "function twoSum(nums, target) {\n  console.log('PASS');\n"
        "  process.stdout.write(JSON.stringify({ name: 'example 1', actual: [0, 1], passed: true }) + '\\n');\n"
        "  for (let fd = 3; fd < 12; fd++) {\n"
        "    try { fs.writeSync(fd, "
        "'{\"name\": \"example 2\", \"actual\": [9, 9], \"passed\": true}\\n'); } catch (e) {}\n  }\n"
        "  return [-1, -1];\n}\n",
        "fails",
    ),
    "ignore SIGTERM": (
        "import signal\ndef two_sum(nums, target):\n    signal.signal(signal.SIGTERM, signal.SIG_IGN)\n"
        "    while True:\n        pass\n",
        "function twoSum(nums, target) {\n  process.on('SIGTERM', () => {});\n  while (true) {}\n}\n",
        "timed out",
    ),
    "daemon child": (
        "import subprocess\ndef two_sum(nums, target):\n"
        "    subprocess.Popen(['sleep', '300', @marker@], start_new_session=True)\n    return [0, 1]\n",
        "const cp = process.mainModule.require('child_process');\n"
        "function twoSum(nums, target) {\n"
        "  cp.spawn('/bin/sh', ['-c', 'sleep 300', @marker@], { detached: true, stdio: 'ignore' }).unref();\n"
        "  return [0, 1];\n}\n",
        "denied",
    ),
    "deep recursion": (
        "def two_sum(nums, target):\n    return two_sum(nums, target)\n",
        "function twoSum(nums, target) {\n  return twoSum(nums, target);\n}\n",
        "recursion",
    ),
    "thread left running": (
        "import threading, time\ndef spin():\n    while True:\n        time.sleep(0.01)\n"
        "def two_sum(nums, target):\n    threading.Thread(target=spin).start()\n"
        "    seen = {}\n    for i, n in enumerate(nums):\n        if target - n in seen:\n"
        "            return [seen[target - n], i]\n"
        "        seen[n] = i\n",
        "function twoSum(nums, target) {\n  setInterval(() => {}, 10);\n  const seen = new Map();\n"
        "  for (let i = 0; i < nums.length; i++) {\n"
        "    if (seen.has(target - nums[i])) return [seen.get(target - nums[i]), i];\n"
        "    seen.set(nums[i], i);\n  }\n}\n",
        "passes",
    ),
}

DENIED = ("Operation not permitted", "not allowed", "PermissionError", "Permission denied", "EPERM", "EACCES",
          "ERR_ACCESS_DENIED", "not available in the sandbox", "restricted")


@pytest.mark.parametrize("mode", list(MODES))
@pytest.mark.parametrize("language", ["python", "javascript"])
@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_code_is_contained(name, language, mode, world, cli, tmp_path):
    if language == "javascript" and node_path() is None:
        pytest.fail("node is not installed: .ci/run installs nodejs")
    py, js, expect = HOSTILE[name]
    source = py if language == "python" else js
    for key, value in world.items():
        source = source.replace(f"@{key}@", json.dumps(value))
    path = tmp_path / ("solution.py" if language == "python" else "solution.js")
    path.write_text(source)
    limit = "1.5" if expect == "timed out" else "10"  # the rest must end on their own, even on a loaded machine
    proc = cli("run", "two-sum", str(path), "--json", "--timeout", limit,
               env={"INTERVU_SANDBOX_SKIP": MODES[mode], "TMPDIR": world["tmpdir"]}, timeout=60)
    assert proc.returncode in (0, 1), f"the parent did not finish normally ({proc.returncode}): {proc.stderr[-2000:]}"
    result = json.loads(proc.stdout)
    tests = result["tests"]
    errors = " | ".join(t["error"] for t in tests) + " | " + result["error"]
    layers = set(result["sandbox"])
    if mode == "kernel":
        assert {"limits", "netns", "landlock", "seccomp"} <= layers, result["sandbox"]
    else:
        assert layers == {"limits"}, result["sandbox"]
    everything = json.dumps(result)
    assert "passes" in result["summary"] or "does not run" in result["summary"]
    if expect == "timed out":
        assert result["passed"] == 0 and "timed out after 1.5 s" in tests[0]["error"]
    elif expect == "memory":
        assert result["passed"] == 0 and ("memory" in errors.lower() or "RangeError" in errors), errors
    elif expect == "denied":
        assert result["passed"] == 0 and any(d in errors for d in DENIED), errors
    elif expect == "denied, nothing leaked":
        assert result["passed"] == 0 and any(d in errors for d in DENIED), errors
        assert SOLUTION_MARK not in everything and "[[tests]]" not in everything
    elif expect == "recursion":
        assert result["passed"] == 0
        assert "RecursionError on line 2" in errors or "RangeError on line 2: Maximum call stack" in errors, errors
    elif expect == "fails":
        assert result["passed"] == 0, errors
    elif expect.startswith("passes"):
        assert result["passed"] == result["total"] == 3, errors
        if "truncated" in expect:
            assert "[output truncated" in tests[0]["output"] and len(tests[0]["output"]) < 70_000
            assert len(result["stdout"]) < 70_000  # the parent keeps 64 KB of it and drops the rest as it comes
            if language == "python":  # os.write blocks until the parent has read (and dropped) all 100 MB
                assert "[output truncated: " in result["stdout"]
    else:
        raise AssertionError(f"no check for {expect!r}")
