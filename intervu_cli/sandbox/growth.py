"""How a solution's running time grows, measured: the problem's generator makes inputs of growing
size (in the sandbox), and the code is timed on them, size after size (in the sandbox too).

The generator is Python in the problem file (`[scale]`, README: "Problem files"): `generate(n, rng)`
returns a test's arguments for size n. The inputs are the same for every language and every run of
a problem (a fixed seed), so a candidate's figures and the reference's compare.

Each size is timed on a fresh copy of its input, repeatedly for a short while, and the best time
kept (the run least disturbed by whatever else the machine does). The climb stops at the first call
slower than `cap_s`: the next size would take too long. The whole measurement is bounded by
`budget_s` of wall-clock time; what was measured by then is kept (`core.growth` reads it).
"""

from __future__ import annotations

import time

from intervu_cli.core.growth import Point, Sample
from intervu_cli.problems import Problem
from intervu_cli.sandbox import _harness_run, _seconds

SEED = 7
BUDGET_S = 4.0
SIZE_S = 0.08  # each size's share of time: as many calls as fit (at least 3)
CAP_S = 0.3  # a call slower than this ends the climb
GENERATE_TIMEOUT_S = 20.0
INPUTS_CAP_BYTES = 64 * 1024 * 1024


class GrowthError(Exception):
    """The problem's generator failed (the problem file's fault, not the candidate's)."""


# the generator is called as a plain function of (n, rng)
_GENERATOR_SHAPE = {"kind": "function", "params": ["n", "rng"], "types": ["value", "value"], "returns": "value"}


_MADE: dict[tuple, tuple[tuple[int, str], ...]] = {}


def _inputs(problem: Problem, sizes: tuple[int, ...], seed: int) -> tuple[tuple[int, str], ...]:
    """The generated inputs, one per size, as JSON text (made once per generator, sizes and seed)."""
    key = (problem.slug, problem.scale, sizes, seed)
    if key not in _MADE:
        if len(_MADE) >= 8:
            _MADE.pop(next(iter(_MADE)))
        _MADE[key] = _generate(problem, sizes, seed)
    return _MADE[key]


def _generate(problem: Problem, sizes: tuple[int, ...], seed: int) -> tuple[tuple[int, str], ...]:
    import json

    scale = problem.scale
    assert scale is not None
    raw = _harness_run(problem, "python", scale.generate, "generate",
                       {"mode": "generate", "seed": seed, "shape": _GENERATOR_SHAPE,
                        "cases": [{"name": f"n={n}", "n": n} for n in sizes]},
                       GENERATE_TIMEOUT_S, results_cap=INPUTS_CAP_BYTES)
    if raw.error:
        raise GrowthError(raw.error)
    load = next((r for r in raw.lines if "load_error" in r), None)
    if load is not None:
        raise GrowthError(f"the generator does not load: {load['load_error']}")
    made = {r["name"]: r for r in raw.lines if isinstance(r.get("name"), str)}
    out = []
    for n in sizes:
        rec = made.get(f"n={n}")
        if rec is None:
            why = "timed out" if raw.timed_out else (raw.stderr.strip().splitlines() or ["no input came back"])[-1]
            raise GrowthError(f"the generator made no input for n = {n} ({why})")
        if "error" in rec:
            raise GrowthError(f"the generator failed for n = {n}: {rec['error']}")
        args = rec.get("args")
        if not isinstance(args, list) or (problem.params and len(args) != len(problem.params)):
            raise GrowthError(f"the generator's input for n = {n} should be a list of {len(problem.params)} "
                              "arguments, as a test's args")
        out.append((n, json.dumps(args)))
    return tuple(out)


def measure(problem: Problem, language: str, code: str, *, budget_s: float = BUDGET_S, cap_s: float = CAP_S,
            size_s: float = SIZE_S, sizes: tuple[int, ...] | None = None) -> Sample:
    """Time `code` on the problem's generated inputs of growing size. Never raises for the
    candidate's code (what went wrong is in the sample's `stopped`); GrowthError when the
    problem has no generator or it fails."""
    import json

    if problem.scale is None:
        raise GrowthError(f"{problem.slug} has no input generator ([scale] in its file)")
    spec = problem.languages.get(language)
    if spec is None:
        raise GrowthError(f"{problem.slug} has no {language} version")
    ladder = tuple(sizes or problem.scale.sizes)
    inputs = _inputs(problem, ladder, SEED)
    started = time.perf_counter()
    raw = _harness_run(problem, language, code, spec.function,
                       {"mode": "time", "shape": problem.shape, "size_s": size_s, "cap_s": cap_s,
                        "cases": [{"name": f"n={n}", "n": n, "args": json.loads(text)} for n, text in inputs]},
                       budget_s, results_cap=1024 * 1024)
    wall = time.perf_counter() - started
    points: list[Point] = []
    stopped = ""
    load = next((r for r in raw.lines if "load_error" in r), None)
    for rec in raw.lines:
        if not isinstance(rec.get("name"), str) or not isinstance(rec.get("n"), int):
            continue
        if "error" in rec:
            stopped = f"at n = {rec['n']} the code failed: {rec['error']}"
            break
        best, reps = rec.get("best_s"), rec.get("reps")  # what the code writes itself can say anything
        if isinstance(best, (int, float)) and best >= 0:
            points.append(Point(int(rec["n"]), _seconds(best), reps if isinstance(reps, int) and reps > 0 else 1))
    if raw.error:
        stopped = raw.error
    elif load is not None:
        stopped = f"the code does not load: {load['load_error']}"
    elif not stopped:
        measured = {p.n for p in points}
        left = [n for n, _ in inputs if n not in measured]
        if left and points and points[-1].seconds >= cap_s:
            stopped = f"stopped after n = {points[-1].n}: one call took {points[-1].seconds:.2f} s"
        elif left and raw.timed_out:
            stopped = f"at n = {left[0]} a call took longer than the {budget_s:g} s measurement allows"
        elif left:
            stopped = f"at n = {left[0]} the run ended without a result"
    unfinished, unfinished_s = None, 0.0
    if raw.timed_out:
        measured = {p.n for p in points}
        unfinished = next((n for n, _ in inputs if n not in measured), None)
        last = max((at for rec, at in zip(raw.lines, raw.arrived) if isinstance(rec.get("n"), int)
                    or "layers" in rec), default=None)
        if unfinished is not None and last is not None:
            unfinished_s = round(max(0.0, raw.ended - last), 3)  # it began no earlier than the line before it
    return Sample(language=language, points=tuple(points), stopped=stopped, unfinished=unfinished,
                  unfinished_s=unfinished_s, wall_s=round(wall, 3), n_means=problem.scale.n)
