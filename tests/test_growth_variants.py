"""Candidate-like solutions measured against the problems' input generators (`[scale]`): each one
must land in the growth band its algorithm has.

A variant is a file in tests/growth_variants/ named SLUG.WHAT.py or SLUG.WHAT.js (the problem's slug
is the name before the first dot), a correct solution whose first line says the band it must measure
in: `# expect: quadratic` (or `// expect: quadratic` in JavaScript). Brute force against the optimal
approach, and the idioms whose growth is easy to misjudge: itertools.combinations over pairs, a loop
that skips whole runs, recursion with and without a memo, heapq, sort-then-scan, `x in list` or
list.pop(0) inside a loop, strings cut in a loop, Counter and set, JS Map/Set against indexOf/includes.

The machine is shared and timing is noisy, so a variant that lands in another band is measured once
more before the test fails; every line (band, slope, figures) is printed at the end of the run, with
or without -s.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from intervu_cli.core.growth import BANDS, fit
from intervu_cli.problems import load_problems, problem_dirs
from intervu_cli.sandbox.growth import measure

HERE = Path(__file__).parent / "growth_variants"
VARIANTS = sorted(p for p in HERE.iterdir() if p.suffix in (".py", ".js"))
LINES: list[str] = []


def _expected(path: Path) -> str:
    first = path.read_text().splitlines()[0]
    marker = "# expect:" if path.suffix == ".py" else "// expect:"
    assert first.startswith(marker), f"{path.name}: the first line should be '{marker} BAND'"
    band = first[len(marker):].strip()
    assert band in BANDS, f"{path.name}: {band!r} is not one of {BANDS}"
    return band


@pytest.fixture(scope="module")
def problems():
    return load_problems(problem_dirs())


def test_there_are_variants_in_both_languages():
    assert len(VARIANTS) >= 44
    assert sum(p.suffix == ".js" for p in VARIANTS) >= 12


@pytest.mark.parametrize("path", VARIANTS, ids=[p.name for p in VARIANTS])
def test_variant_lands_in_its_band(path, problems, capsys):
    slug = path.name.split(".")[0]
    language = "javascript" if path.suffix == ".js" else "python"
    expected = _expected(path)
    problem = problems.get(slug)
    assert problem is not None, f"{path.name}: no problem {slug!r}"
    assert problem.scale is not None, f"{slug} has no [scale] generator"
    code = path.read_text()
    tries = []
    for _ in range(2):  # a wrong band is measured once more: one disturbed run does not fail the test
        sample = measure(problem, language, code)
        verdict = fit(sample)
        slope = "-" if verdict.slope is None else f"{verdict.slope:.2f}"
        tries.append(f"{verdict.band} (slope {slope}) {verdict.figures}"
                     + (f" [{sample.stopped}]" if sample.stopped else ""))
        if verdict.band == expected:
            break
    line = f"{path.name:<66} {str(verdict.band):<11} slope {slope:>5}  {verdict.figures}"
    if len(tries) > 1:
        line += f"  (first try: {tries[0]})"
    LINES.append(("ok   " if verdict.band == expected else "FAIL ") + line)
    with capsys.disabled():
        print(f"\n  {LINES[-1]}", end="")
    assert verdict.band == expected, (f"{path.name}: expected {expected}, measured " + "; then ".join(tries))


def test_summary(capsys):
    """Prints every variant's measurement (this runs last: the order of the file)."""
    with capsys.disabled():
        print("\n\ngrowth variants: band, slope, figures")
        for line in LINES:
            print("  " + line)
