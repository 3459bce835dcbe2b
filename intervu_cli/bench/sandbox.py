"""`intervu bench sandbox`: what the sandbox costs, measured.

- run → results: the time `run_code` takes for a correct two-sum with its visible tests, Python
  and JavaScript, median and P90 over N runs; the same with the kernel layers left out, in the
  same run, so the ratio says what the confinement costs on this machine, whatever its load.
- the parent's memory: a fresh interpreter imports the sandbox, then runs a memory bomb and 100 MB
  of output in both languages; its peak RSS before and after says whether any of it reached the
  parent (the children's own peak is shown beside it: the bomb meeting its limit).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from contextlib import contextmanager
from typing import Any

from intervu_cli.bench.stats import percentile
from intervu_cli.problems import Problem

KERNEL_LAYERS = "netns,landlock,seccomp"

_MEMORY_PROBE = r"""
import json, resource, sys
from intervu_cli.problems import load_problems, problem_dirs
from intervu_cli.sandbox import run_code, node_path
p = load_problems(problem_dirs()).get("two-sum")
run_code(p, "python", p.languages["python"].solution)  # warm: the parent's own working set
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
bombs = {
    "python": ("def two_sum(nums, target):\n    hoard = []\n    while True:\n        hoard.append(bytearray(10**7))\n",
               "import os\ndef two_sum(nums, target):\n    os.write(1, b'y' * 100_000_000)\n    return [0, 1]\n"),
    "javascript": ("function twoSum(nums, target) {\n  const h = [];\n"
                   "  while (true) h.push(new Array(1e6).fill(1.5));\n}\n",
                   "function twoSum(nums, target) {\n  const mb = 'y'.repeat(1 << 20);\n"
                   "  for (let i = 0; i < 100; i++) process.stdout.write(mb);\n  return [0, 1];\n}\n"),
}
errors = {}
for language, (bomb, flood) in bombs.items():
    if language == "javascript" and node_path() is None:
        continue
    errors[language] = run_code(p, language, bomb).tests[0].error
    run_code(p, language, flood)
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"parent_peak_kb_before": before, "parent_peak_kb_after": after, "child_peak_kb": children,
                  "errors": errors}))
"""


@contextmanager
def _skipping(layers: str):
    old = os.environ.get("INTERVU_SANDBOX_SKIP")
    os.environ["INTERVU_SANDBOX_SKIP"] = layers
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("INTERVU_SANDBOX_SKIP", None)
        else:
            os.environ["INTERVU_SANDBOX_SKIP"] = old


def _times(problem: Problem, language: str, runs: int) -> tuple[list[float], list[str]]:
    from intervu_cli.sandbox import run_code

    code = problem.languages[language].solution
    run_code(problem, language, code)  # warm the page cache and node's version probe
    times: list[float] = []
    layers: list[str] = []
    for _ in range(runs):
        started = time.perf_counter()
        result = run_code(problem, language, code)
        times.append((time.perf_counter() - started) * 1000)
        if not result.all_passed:
            raise RuntimeError(f"the reference {language} solution failed in the sandbox: {result.summary}")
        layers = result.layers
    return times, layers


def run(problem: Problem, runs: int) -> dict[str, Any]:
    from intervu_cli.sandbox import node_path

    report: dict[str, Any] = {"runs": runs, "problem": problem.slug, "run_to_results_ms": {}}
    for language in ("python", "javascript"):
        if language == "javascript" and node_path() is None:
            report["run_to_results_ms"][language] = None
            continue
        confined, layers = [], []
        bare: list[float] = []
        for _ in range(2):  # interleaved halves, so a burst of load hits both alike
            t, layers = _times(problem, language, runs // 2 or 1)
            confined += t
            with _skipping(KERNEL_LAYERS):
                t, _ = _times(problem, language, runs // 2 or 1)
                bare += t
        report["run_to_results_ms"][language] = {
            "median": round(statistics.median(confined), 1),
            "p90": round(percentile(confined, 0.9), 1),
            "layers": layers,
            "without_kernel_layers_median": round(statistics.median(bare), 1),
            "ratio": round(statistics.median(confined) / statistics.median(bare), 2),
        }
    probe = subprocess.run([sys.executable, "-c", _MEMORY_PROBE], capture_output=True, text=True, timeout=300)
    if probe.returncode != 0:
        raise RuntimeError(f"the memory probe failed: {probe.stderr.strip().splitlines()[-1:]}")
    memory = json.loads(probe.stdout)
    report["parent_memory"] = {
        "peak_mb_before": round(memory["parent_peak_kb_before"] / 1024, 1),
        "peak_mb_after_bombs": round(memory["parent_peak_kb_after"] / 1024, 1),
        "child_peak_mb": round(memory["child_peak_kb"] / 1024, 1),
        "bomb_results": memory["errors"],
    }
    return report


def render(report: dict[str, Any]) -> list[str]:
    lines = [f"sandbox benchmark: {report['problem']}, correct solution, visible tests, "
             f"{report['runs']} runs per language"]
    for language, r in report["run_to_results_ms"].items():
        if r is None:
            lines.append(f"  {language:<10}  node is not installed")
            continue
        lines.append(
            f"  {language:<10}  run → results  median {r['median']:.1f} ms  p90 {r['p90']:.1f} ms"
            f"   (without the kernel layers {r['without_kernel_layers_median']:.1f} ms: ×{r['ratio']:.2f})"
        )
        lines.append(f"  {'':<10}  layers: {', '.join(r['layers'])}")
    m = report["parent_memory"]
    lines.append(
        f"  parent peak RSS  {m['peak_mb_before']:.1f} MB before, {m['peak_mb_after_bombs']:.1f} MB after a memory bomb"
        f" and 100 MB of output in each language (the children peaked at {m['child_peak_mb']:.1f} MB)"
    )
    for language, error in m["bomb_results"].items():
        lines.append(f"  {language} memory bomb: {error}")
    return lines
