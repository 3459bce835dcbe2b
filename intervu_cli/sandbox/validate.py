"""`intervu problems --validate`: every problem and pathway file, checked for real.

Beyond what loading checks (the schema, field by field), each problem must meet the library's bar:
enough tests, hints that keep the code to themselves, and reference solutions that pass every test
(visible and hidden) in the real sandbox, in both languages, while the starter code does not. Each
pathway must name problems that exist. Findings name the file and the field, like load errors.
"""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from intervu_cli.problems import (LANGUAGES, Problem, ProblemError, completeness, load_problems, parse_pathway,
                                  parse_problem)

MIN_TESTS = 8
# Code in a hint: a fence, a definition or an arrow function (prose may say "return" and use semicolons).
_CODE_IN_HINT = re.compile(r"```|\bdef \w+\(|\bfunction \w+\(|\bclass \w+[:({]|=>")


@dataclass
class Validation:
    errors: list[ProblemError] = field(default_factory=list)
    problems: int = 0
    pathways: int = 0
    runs: int = 0
    slowest: tuple[float, str] = (0.0, "")
    growth: list[str] = field(default_factory=list)  # each reference solution's measured growth

    @property
    def ok(self) -> bool:
        return not self.errors


def _static_checks(p: Problem) -> list[ProblemError]:
    out: list[ProblemError] = completeness(p)

    def err(where: str, message: str) -> None:
        out.append(ProblemError(p.path, where, message))

    if len(p.tests) < MIN_TESTS:
        err("tests", f"has {len(p.tests)} tests; a problem needs at least {MIN_TESTS} (visible and hidden together)")
    if not p.hidden_tests:
        err("tests.hidden", "needs at least one test, so finishing checks more than /run did")
    names = [t.name for t in p.tests]
    for name in sorted({n for n in names if names.count(n) > 1}):
        err("tests", f"two tests are named {name!r}; each name must be unique")
    for what in ("time", "space"):
        value = getattr(p, f"complexity_{what}")
        if not value.startswith("O("):
            err(f"complexity.{what}", f"should be written O(...), not {value!r}")
    for level, text in p.hints.items():
        m = _CODE_IN_HINT.search(text)
        if m:
            err(f"hints.{level}", f"looks like code ({m.group(0).strip()!r}); hints explain in words, even the reveal")
    for lang in LANGUAGES:
        spec = p.languages[lang]
        for part in ("starter", "solution"):
            if spec.function not in getattr(spec, part):
                err(f"{lang}.{part}", f"does not define {spec.function}")
    if p.kind == "design":
        for t in p.tests:
            if t.expected and t.expected[0] is not None:
                err(f"tests {t.name!r}", "expected[0] answers the constructor, so it should be null")
    return out


def _run_checks(p: Problem, languages: list[str]) -> tuple[list[ProblemError], int, tuple[float, str], list[str]]:
    from intervu_cli.sandbox import run_code

    out: list[ProblemError] = []
    growth: list[str] = []
    slowest = (0.0, "")
    runs = 0
    for lang in languages:
        spec = p.languages[lang]
        ref = run_code(p, lang, spec.solution, hidden=True)
        runs += 1
        slowest = max(slowest, (ref.duration_s, f"{p.slug} ({lang})"))
        if ref.error and not ref.tests:
            out.append(ProblemError(p.path, f"{lang}.solution", f"does not run: {ref.error}"))
        else:
            for t in ref.tests:
                if not t.passed:
                    why = t.error or f"expected {_short(t.expected)}, got {_short(t.actual)}"
                    out.append(ProblemError(p.path, f"{lang}.solution", f"fails test {t.name!r}: {why}"))
        starter = run_code(p, lang, spec.starter, hidden=True)
        runs += 1
        if starter.all_passed:
            out.append(ProblemError(p.path, f"{lang}.starter",
                                    "passes every test, so the tests cannot tell a solution from none"))
    for lang in languages if p.scale is not None else ():
        error, line = _growth_check(p, lang)
        growth.append(line)
        if error is not None:
            out.append(error)
            if error.field == "scale.generate":
                break  # the generator is the same for both languages: said once
    return out, runs, slowest, growth


def _growth_check(p: Problem, lang: str) -> tuple[ProblemError | None, str]:
    """The reference solution timed on the generator's inputs: its growth must fall in the band of
    `scale.time`. A measurement disturbed by the rest of the machine is taken again once."""
    from intervu_cli.core.growth import band_of_form, fit
    from intervu_cli.sandbox.growth import GrowthError, measure

    assert p.scale is not None
    time_ = p.scale.time_for(lang)
    want = band_of_form(time_)
    if want is None:
        return ProblemError(p.path, "scale.time", f"{time_} cannot be placed in a band of growth (use O(1), "
                                                  "O(log n), O(n), O(n log n), O(n^2), O(n^3) or O(2^n))"), ""
    verdict = None
    for _attempt in range(2):
        try:
            sample = measure(p, lang, p.languages[lang].solution)
        except GrowthError as exc:
            return ProblemError(p.path, "scale.generate", str(exc)), f"{p.slug} ({lang}): the generator failed"
        verdict = fit(sample)
        if verdict.band == want:
            break
    assert verdict is not None
    slope = "?" if verdict.slope is None else f"{verdict.slope:.2f}"
    line = f"{p.slug} ({lang}): {verdict.band or 'not measured'}, slope {slope}, {verdict.figures or verdict.why}"
    if verdict.band != want:
        why = verdict.figures or verdict.why
        return ProblemError(p.path, f"scale ({lang})", f"the reference solution measures {verdict.band or 'nothing'} "
                                                       f"({why}), but scale.time {time_} is {want}"), line
    return None, line


def _short(value: object, limit: int = 80) -> str:
    import json

    text = json.dumps(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def validate(dirs: list[Path], *, workers: int = 2) -> Validation:
    """Check every problem file and pathway file in `dirs` (missing folders are the caller's to report)."""
    from intervu_cli.sandbox import node_path

    result = Validation()
    to_run: list[Problem] = []
    for d in dirs:
        if not d.is_dir():
            continue
        for path in sorted(d.glob("*.toml")):
            result.problems += 1
            problem, errors = parse_problem(path)
            result.errors.extend(errors)
            if problem is not None:
                result.errors.extend(_static_checks(problem))
                to_run.append(problem)
    everything = load_problems(dirs)
    for d in dirs:
        for path in sorted((d / "pathways").glob("*.toml")) if d.is_dir() else []:
            result.pathways += 1
            plan, errors = parse_pathway(path)
            result.errors.extend(errors)
            for step in plan.steps if plan else ():
                if everything.get(step.slug) is None:
                    result.errors.append(ProblemError(path, f"week {step.week}",
                                                      f"lists {step.slug!r}, which is not a valid problem here"))
    for p in everything.problems.values():
        for name in p.pathways:
            plan = everything.pathways.get(name)
            if plan is not None and plan.week_of(p.slug) is None:
                result.errors.append(ProblemError(p.path, "pathways",
                                                  f"names {name!r}, but {plan.path} does not list {p.slug!r}"))

    languages = list(LANGUAGES)
    if node_path() is None:
        languages.remove("javascript")
        result.errors.append(ProblemError(Path("javascript"), "", "Node.js is not installed, "
                                          "so no JavaScript solution could be checked: install nodejs"))
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        for errors, runs, slowest, growth in pool.map(lambda p: _run_checks(p, languages), to_run):
            result.errors.extend(errors)
            result.growth.extend(growth)
            result.runs += runs
            result.slowest = max(result.slowest, slowest)
    return result
