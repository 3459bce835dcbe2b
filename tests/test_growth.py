"""The measured complexity end to end: `intervu run --growth`, and an interview that ends with its
final code timed (the real sandbox throughout; timing figures are printed, never asserted; a
generator held to its reference solution by `problems --validate` is in test_library.py)."""

from __future__ import annotations

import re
import shutil

from intervu_cli.core.events import ComplexityMeasured
from intervu_cli.core.growth import Point, Sample, band_of_form, band_of_slope, fit
from intervu_cli.problems import problem_dirs
from tests import scripted_session

BUILTIN = problem_dirs()[-1]

BRUTE = """def two_sum(nums, target):
    for i in range(len(nums)):
        for j in range(i + 1, len(nums)):
            if nums[i] + nums[j] == target:
                return [i, j]
    return []
"""


def test_run_growth_says_how_a_file_grows_with_the_figures(cli, tmp_path):
    f = tmp_path / "brute.py"
    f.write_text(BRUTE)
    done = cli("run", "two-sum", str(f), "--growth", timeout=120)
    print(done.stdout)
    assert done.returncode == 0
    line = next(x for x in done.stdout.splitlines() if x.startswith("growth"))
    assert "grows quadratically" in line and "the reference solution grows as O(n)" in line
    assert re.search(r"at n = 1k, 2k(, \d+k)*: [\d.]+, [\d.]+", line), line


def test_run_growth_does_not_time_code_that_fails(cli, tmp_path):
    f = tmp_path / "wrong.py"
    f.write_text("def two_sum(nums, target):\n    return [0, 1]\n")
    done = cli("run", "two-sum", str(f), "--growth", timeout=120)
    assert done.returncode == 1
    assert "growth: not measured, because the code fails tests" in done.stdout


def test_an_interview_times_its_final_code_and_the_report_gives_the_figures():
    s = scripted_session.run(scripted_session.TESTS / "scripts" / "feedback" / "weak.txt")
    measured = [e for e in s.events if isinstance(e, ComplexityMeasured)]
    assert len(measured) == 1 and measured[0].sample["points"], measured
    cx = s.report["complexity"]["measured"]
    print(cx)
    assert cx["band"] == "quadratic"
    reached = next(e for e in s.report["pillars"]["algorithms"]["evidence"] if e["id"] == "complexity_reached")
    assert reached["met"] is False and "grows quadratically" in reached["text"] and cx["figures"] in reached["text"]


def test_code_that_fails_is_not_timed():
    s = scripted_session.run(scripted_session.TESTS / "population" / "weak-03-reverse-linked-list.txt")
    assert not any(isinstance(e, ComplexityMeasured) for e in s.events)
    reached = next(e for e in s.report["pillars"]["algorithms"]["evidence"] if e["id"] == "complexity_reached")
    assert reached["points"] == 0 and "earns no credit" in reached["text"]


def test_the_bands_and_the_fit():
    assert [band_of_slope(x) for x in (0.1, 1.0, 2.0, 3.0, 5.0)] == \
        ["sublinear", "linear", "quadratic", "cubic", "exponential"]
    assert band_of_form("O(n log n)") == "linear" and band_of_form("O(2^n)") == "exponential"
    assert band_of_form("O(m * n)") is None
    # one disturbed size moves one slope, not the median
    pts = tuple(Point(n, n * 1e-6 * (5 if n == 8000 else 1)) for n in (1000, 2000, 4000, 8000, 16000))
    assert fit(Sample("python", pts)).band == "linear"
    # a call still running when time ran out raises the slope to at least what it implies
    slow = Sample("python", (Point(16, 0.001), Point(32, 0.004)), unfinished=64, unfinished_s=3.0)
    assert fit(slow).band == "exponential" and fit(slow).lower_bound
    assert fit(Sample("python", (), stopped="at n = 500 the code failed")).band is None


def test_every_builtin_problem_has_a_generator():
    from intervu_cli.problems import load_problems

    missing = [slug for slug, p in load_problems([BUILTIN]).problems.items() if p.scale is None]
    assert not missing, missing
    assert shutil.which("node")  # both languages are checked by problems --validate in CI
