"""Start-up figures for the notes: `intervu --help`, and a scripted interview to its first
interviewer line. Prints medians over N runs (run it on an idle machine; compare within a run).

    python tools/measure_startup.py [N]
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
EXE = (str(Path(sys.executable).parent / "intervu") if (Path(sys.executable).parent / "intervu").exists()
       else shutil.which("intervu"))


def time_help() -> float:
    t0 = time.perf_counter()
    subprocess.run([EXE, "--help"], capture_output=True, check=True)
    return time.perf_counter() - t0


def time_first_line(home: str) -> tuple[float, float]:
    script = REPO / "tests" / "scripts" / "strong-two-sum.txt"
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        [EXE, "practice", "two-sum", "--no-audio", "--script", str(script), "--model", "none"],
        stdout=subprocess.PIPE, text=True, env={**os.environ, "INTERVU_HOME": home},
    )
    first = None
    for line in proc.stdout:
        if first is None and line.startswith("Interviewer:"):
            first = time.perf_counter() - t0
    proc.wait()
    return first, time.perf_counter() - t0


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    with tempfile.TemporaryDirectory() as home:
        time_help(), time_first_line(home)  # warm the OS caches
        helps = [time_help() for _ in range(n)]
        runs = [time_first_line(home) for _ in range(n)]
    ms = lambda xs: (f"median {statistics.median(xs) * 1000:.0f} ms, "  # noqa: E731
                     f"min {min(xs) * 1000:.0f}, max {max(xs) * 1000:.0f}")
    print(f"intervu --help ({n} runs): {ms(helps)}")
    print(f"practice two-sum --script (strong) --model none, to first interviewer line: {ms([r[0] for r in runs])}")
    print(f"  ... to the end of the whole scripted interview: {ms([r[1] for r in runs])}")


if __name__ == "__main__":
    main()
