"""Measure how solutions' times grow on a problem's generated inputs: `python tools/measure.py SLUG
[FILE.py|FILE.js ...]` (no file: the reference solutions in both languages)."""

import sys
from pathlib import Path

from intervu_cli.core.growth import band_of_form, fit
from intervu_cli.problems import load_problems, problem_dirs
from intervu_cli.sandbox.growth import measure


def main() -> None:
    problems = load_problems(problem_dirs())
    problem = problems.get(sys.argv[1])
    if problem is None:
        sys.exit(f"no problem {sys.argv[1]!r}")
    files = sys.argv[2:]
    runs = [(lang, problem.languages[lang].solution, f"reference ({lang})") for lang in ("python", "javascript")]
    if files:
        runs = [("javascript" if f.endswith(".js") else "python", Path(f).read_text(), f) for f in files]
    for lang, code, label in runs:
        sample = measure(problem, lang, code)
        v = fit(sample)
        want = band_of_form(problem.scale.time_for(lang)) if problem.scale else None
        print(f"{label}: {v.band} (slope {v.slope if v.slope is None else round(v.slope, 2)}; expected {want}) "
              f"{v.figures} {sample.stopped} [{sample.wall_s:.1f} s]")


main()
