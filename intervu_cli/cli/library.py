"""The problem library's commands: `intervu problems` (and `--validate`), `show`, and `run` (a
solution file against a problem's tests)."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer
from rich.text import Text

from intervu_cli.core import jsontext
from intervu_cli.core.visible import visible
from intervu_cli.cli.common import (
    EXIT_BAD_INPUT,
    ProblemsDirOpt,
    check_language,
    fail,
    find_problem,
    get_settings,
    problem_set,
    read_text,
)


def problems(
    difficulty: Optional[str] = typer.Option(None, "--difficulty", help="easy, medium or hard."),
    topic: Optional[str] = typer.Option(None, "--topic", help="Only problems with this topic."),
    pathway: Optional[str] = typer.Option(None, "--pathway",
                                          help="Only problems on this pathway, in its order, "
                                               "with the week (e.g. grind75)."),
    validate: bool = typer.Option(False, "--validate",
                                  help="Check every problem and pathway file: schema, and every reference solution "
                                       "against every test in the sandbox."),
    json_out: bool = typer.Option(False, "--json", help="Print a JSON list."),
    problems_dir: Optional[list[Path]] = ProblemsDirOpt,
) -> None:
    """List the problems (or check them all with --validate)."""
    import json

    from intervu_cli.problems import DIFFICULTIES

    if difficulty and difficulty.lower() not in DIFFICULTIES:
        fail(f"unknown difficulty {difficulty!r}; use one of {', '.join(DIFFICULTIES)}")
    settings = get_settings(problems_dir=problems_dir)
    if validate:
        _validate_problems(settings.problems_dirs)
        return
    found = problem_set(settings.problems_dirs)
    if pathway and pathway.lower() not in found.pathway_names():
        known = ", ".join(found.pathway_names()) or "none"
        fail(f"no pathway named {pathway!r}; the pathways are: {known}")
    chosen = found.filter(difficulty, topic, pathway)
    plan = found.pathways.get(pathway.lower()) if pathway else None
    if json_out:
        rows = []
        for p in chosen:
            row = p.summary()
            if pathway:
                row.update(position=found.position(pathway, p.slug), week=plan.week_of(p.slug) if plan else None)
            rows.append(row)
        typer.echo(json.dumps(rows, indent=2))
        return
    from rich.console import Console

    console = Console()
    if plan is None:
        _print_list(console, chosen)
    else:
        _print_pathway(console, plan, chosen, [found.position(pathway, p.slug) for p in chosen])


# The slug is what you type to start (`intervu practice SLUG`), so it is never cut, folded or wrapped,
# at any width: a table when every slug fits in its column beside the rest, else each problem as its slug
# on a line of its own (as long as it is), with the rest below it, indented.
LEVEL_WIDTH = len("medium")
LEVEL_STYLE = {"easy": "green", "medium": "yellow", "hard": "red"}


def _slug_width(chosen) -> int:
    return max((len(visible(p.slug)) for p in chosen), default=4)


def _plain(text: str) -> Text:
    """A problem file's words as they are printed: plain text (no [markup] obeyed), control characters
    made visible (core.visible)."""
    return Text(visible(text))


def _level(difficulty: str) -> Text:
    return Text(difficulty, style=LEVEL_STYLE.get(difficulty, ""))


def _print_list(console, chosen) -> None:
    from rich import box
    from rich.table import Table

    widest = _slug_width(chosen)
    rest = console.width - widest - LEVEL_WIDTH - 6  # title and topics share what the slug, level and gaps leave
    if rest >= 44:  # room for the longest topic word (21) in each of the two
        table = Table(title=f"{len(chosen)} problems", title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False)
        table.add_column("slug: intervu practice SLUG", no_wrap=True, min_width=widest)
        table.add_column("level", no_wrap=True, min_width=LEVEL_WIDTH)
        table.add_column("title", overflow="fold")
        table.add_column("topics", overflow="fold")
        for p in chosen:
            table.add_row(_plain(p.slug), _level(p.difficulty), _plain(p.title), _plain(", ".join(p.topics)))
        console.print(table)
        return
    console.print(f"{len(chosen)} problems (start one with: intervu practice SLUG)", soft_wrap=False)
    for p in chosen:
        _print_stacked(console, "", p, indent=4)


def _print_stacked(console, lead: str, p, *, indent: int) -> None:
    """The problem as two lines: `lead`, the slug whole (the terminal wraps it if it must) and the level;
    then the title and topics, indented and wrapped."""
    from rich.padding import Padding

    first = Text.assemble(lead, (visible(p.slug), "bold"))
    if len(first) + 2 + len(p.difficulty) <= console.width:
        first.append("  ").append_text(_level(p.difficulty))
        second = _plain(p.title)
    else:
        second = Text.assemble(_level(p.difficulty), " · ", visible(p.title))
    if p.topics:
        second.append(visible(" · " + ", ".join(p.topics)), style="dim")
    console.print(first, soft_wrap=True)
    console.print(Padding(second, (0, 0, 0, indent), expand=False), soft_wrap=False)


def _print_pathway(console, plan, chosen, positions: list) -> None:
    from rich import box
    from rich.table import Table

    weeks = len({s.week for s in plan.steps})
    title = _plain(f"{plan.title}: {len(chosen)} of {len(plan.steps)} problems over {weeks} weeks")
    widest = _slug_width(chosen)
    room = console.width - widest - 29  # what the other columns and the gaps leave the topics
    if room >= 12:
        table = Table(title=title, title_justify="left", caption=_plain(plan.description) if plan.description else None,
                      caption_justify="left",
                      box=box.SIMPLE_HEAD, pad_edge=False)
        table.add_column("#", justify="right", no_wrap=True, min_width=2)
        table.add_column("week", justify="right", no_wrap=True, min_width=4)
        table.add_column("slug: intervu practice SLUG", no_wrap=True, min_width=widest)
        table.add_column("level", no_wrap=True, min_width=LEVEL_WIDTH)
        table.add_column("topics", no_wrap=True)

        def fit(text: str) -> str:
            return text if len(text) <= room else text[: room - 1] + "…"

        previous_week = None
        for p, position in zip(chosen, positions):
            week = plan.week_of(p.slug)
            if previous_week is not None and week != previous_week:
                table.add_section()
            table.add_row(str(position or ""), str(week or "") if week != previous_week else "",
                          _plain(p.slug), _level(p.difficulty), _plain(fit(", ".join(p.topics))))
            previous_week = week
        console.print(table)
        return
    console.print(title, soft_wrap=False)
    if plan.description:
        console.print(_plain(plan.description), style="dim", soft_wrap=False)
    console.print("Start one with: intervu practice SLUG", soft_wrap=False)
    previous_week = object()
    for p, position in zip(chosen, positions):
        week = plan.week_of(p.slug)
        if week != previous_week:
            console.print()
            console.print(f"Week {week}" if week else "Not in a week", style="bold", soft_wrap=False)
            previous_week = week
        _print_stacked(console, f"{position or '':>3}  ", p, indent=5)


def _validate_problems(extra_dirs: list[Path]) -> None:
    import os

    from intervu_cli.problems import problem_dirs
    from intervu_cli.sandbox.validate import validate

    dirs = problem_dirs(extra_dirs)

    for missing in [d for d in dirs if not d.is_dir()]:
        typer.echo(f"intervu: problems folder {missing} does not exist; ignoring it", err=True)
    result = validate(dirs, workers=os.cpu_count() or 2)
    for line in result.growth:
        typer.echo(f"growth: {line}")
    for err in result.errors:
        typer.echo(f"invalid: {err}")
    checked = f"{result.problems} problem files and {result.pathways} pathway file{'s' if result.pathways != 1 else ''}"
    slow = f"; slowest run {result.slowest[0]:.2f} s ({result.slowest[1]})" if result.slowest[1] else ""
    if result.ok:
        grows = f", and grows as its [scale] says ({len(result.growth)} timed)" if result.growth else ""
        typer.echo(f"valid: {checked}; {result.runs} sandbox runs, every reference solution passes every test"
                   f"{grows}{slow}")
        return
    files = len({e.path for e in result.errors})
    typer.echo(f"intervu: {len(result.errors)} problem{'s' if len(result.errors) != 1 else ''} "
               f"in {files} of {checked}; fix them (see above)", err=True)
    raise typer.Exit(1)


def show(
    slug: str = typer.Argument(..., help="The problem."),
    language: Optional[str] = typer.Option(None, "--language", help="python or javascript."),
    problems_dir: Optional[list[Path]] = ProblemsDirOpt,
) -> None:
    """Show a problem: statement, examples, constraints."""
    from intervu_cli.frontends.render import show_problem

    settings = get_settings(language=language, problems_dir=problems_dir)
    problem = find_problem(problem_set(settings.problems_dirs), slug)
    show_problem(problem, settings.language)


def run(
    slug: str = typer.Argument(..., help="The problem."),
    file: Path = typer.Argument(..., help="A solution file (.py or .js)."),
    language: Optional[str] = typer.Option(None, "--language",
                                           help="python or javascript (default: from the file's extension)."),
    hidden: bool = typer.Option(False, "--hidden", help="Run the hidden tests too."),
    growth: bool = typer.Option(False, "--growth",
                                help="Also time it on inputs of growing size and say how its time grows."),
    json_out: bool = typer.Option(False, "--json", help="Print the results as JSON."),
    timeout: Optional[float] = typer.Option(None, "--timeout",
                                            help="Wall-clock limit of the run, in seconds "
                                                 "(default 5, or run_timeout in the config)."),
    problems_dir: Optional[list[Path]] = ProblemsDirOpt,
) -> None:
    """Run a solution file against a problem's tests (exit 0: all pass, 1: some fail, 2: bad input)."""

    from intervu_cli.core.files import SOLUTION_LIMIT

    settings = get_settings(problems_dir=problems_dir, run_timeout=timeout)  # --timeout is checked as run_timeout
    problem = find_problem(problem_set(settings.problems_dirs), slug)
    timeout = settings.run_timeout
    if language is None:
        language = {".py": "python", ".js": "javascript", ".mjs": "javascript", ".cjs": "javascript"}.get(file.suffix)
        if language is None:
            fail(f"cannot tell the language of {file.name}; pass --language python or --language javascript")
    if language not in ("python", "javascript"):
        fail(f"unsupported language {language!r}; use python or javascript")
    check_language(problem, language)
    code = read_text(file, "solution file", SOLUTION_LIMIT)
    from intervu_cli.sandbox import run_code

    result = run_code(problem, language, code, hidden=hidden, timeout_s=timeout)
    if result.bad_input and not json_out:  # it does not compile: bad input, said once (not once per test)
        fail(f"{file.name} does not load as {language}: {result.error}")
    measured = _growth(problem, language, code, result) if growth else None
    if json_out:
        typer.echo(jsontext.dumps({**result.to_dict(), **({"growth": measured} if growth else {})}, indent=2,
                                  default=str))
    else:
        from intervu_cli.core.events import TestRunResult
        from intervu_cli.frontends.render import TextRenderer

        TextRenderer().test_run(
            TestRunResult(t=0.0, hidden=hidden, passed=result.passed, total=result.total, summary=result.summary,
                          language=language, duration_s=result.duration_s, tests=tuple(result.to_dict()["tests"]),
                          error=result.error)
        )
        printed = result.stdout.rstrip().splitlines()  # outside any test: as the code loaded, say
        if printed:
            typer.echo("  printed outside the tests:")
            for text in printed[:10]:
                typer.echo("      | " + visible(text))
            if len(printed) > 10:
                typer.echo(f"      | ... ({len(printed) - 10} more lines: --json has them all)")
        missing = [layer for layer in ("netns", "landlock", "seccomp") if layer not in result.layers]
        if result.layers and missing:
            typer.echo(f"note: this machine has no {', '.join(missing)} for the sandbox; "
                       "the harness stands in, more weakly (see README: The sandbox)", err=True)
        if measured is not None:
            typer.echo(visible(measured["line"]))
    raise typer.Exit(EXIT_BAD_INPUT if result.bad_input else 0 if result.all_passed else 1)


def _growth(problem, language: str, code: str, result) -> dict:
    """The code timed on the problem's inputs of growing size (only code that passes the tests it
    ran: a wrong answer's speed means nothing)."""
    from intervu_cli.core.growth import BAND_FORMS, BAND_WORDS, band_of_form, fit
    from intervu_cli.sandbox.growth import GrowthError, measure

    if problem.scale is None:
        return {"line": f"growth: {problem.slug} has no input generator ([scale] in its file)", "band": None}
    if not result.all_passed:
        return {"line": "growth: not measured, because the code fails tests", "band": None}
    try:
        sample = measure(problem, language, code)
    except GrowthError as exc:
        return {"line": f"growth: not measured: {exc}", "band": None}
    verdict = fit(sample)
    want = band_of_form(problem.scale.time_for(language))
    if verdict.band is None:
        line = f"growth: could not be measured ({verdict.why})"
    else:
        compare = (f"as expected ({problem.scale.time_for(language)})" if verdict.band == want else
                   f"the reference solution grows as {problem.scale.time_for(language)}")
        line = (f"growth (n = {problem.scale.n}): {verdict.figures}: it {BAND_WORDS[verdict.band]}, "
                f"{BAND_FORMS[verdict.band]}; {compare}")
    return {"line": line, **verdict.to_dict(), "sample": sample.to_dict()}
