"""A bounded CPU hog: the load `intervu bench --hog` runs the voice loop beside.

`n` busy Python processes (default: as many as the machine has cores), each spinning on arithmetic
at normal priority. None of them can outlive the bench:

- each has a hard deadline of its own (`deadline_s`, counted in the child), after which it exits;
- each exits as soon as its parent is gone (it checks its parent's pid a few hundred times a second:
  a bench killed with SIGKILL leaves it re-parented, and it sees that);
- `close()` (the bench calls it in a `finally`) kills every one and waits for it.
"""

from __future__ import annotations

import os
import subprocess
import sys

_SPIN = """
import os, sys, time
end = time.monotonic() + float(sys.argv[1])
parent = int(sys.argv[2])
x = 0
while time.monotonic() < end and os.getppid() == parent:
    for i in range(20000):
        x = (x + i * i) % 1000003
"""


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


class CpuHog:
    def __init__(self, n: int | None = None, *, deadline_s: float = 600.0) -> None:
        self.n = cores() if not n or n < 0 else int(n)
        self.deadline_s = float(deadline_s)
        self.procs: list[subprocess.Popen] = []

    def start(self) -> CpuHog:
        for _ in range(self.n):
            self.procs.append(subprocess.Popen(
                [sys.executable, "-c", _SPIN, str(self.deadline_s), str(os.getpid())],
                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        return self

    def alive(self) -> int:
        """How many of its processes are still running."""
        return sum(1 for p in self.procs if p.poll() is None)

    def close(self) -> None:
        for p in self.procs:
            if p.poll() is None:
                p.kill()
        for p in self.procs:
            try:
                p.wait(timeout=5)
            except subprocess.TimeoutExpired:  # a process that does not die to SIGKILL: nothing more to do
                pass

    def __enter__(self) -> CpuHog:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.close()
