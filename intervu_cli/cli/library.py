"""The problem library's commands: `intervu problems` (and `--validate`), `show`, and `run` (a
solution file against a problem's tests)."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from intervu_cli.cli.common import (
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
    from rich.table import Table

    if plan is None:
        table = Table(title=f"{len(chosen)} problems", title_justify="left")
        for column in ("slug", "title", "difficulty", "topics"):
            table.add_column(column)
        for p in chosen:
            table.add_row(p.slug, p.title, p.difficulty, ", ".join(p.topics))
        Console().print(table)
        return
    weeks = len({s.week for s in plan.steps})
    from rich import box

    table = Table(title=f"{plan.title}: {len(chosen)} of {len(plan.steps)} problems over {weeks} weeks",
                  title_justify="left", caption=plan.description or None, caption_justify="left", box=box.SIMPLE_HEAD,
                  pad_edge=False)
    console = Console()
    # Every column fits the width: a slug too long folds onto a second line, topics are cut short.
    widest = min(max((len(p.slug) for p in chosen), default=4), max(20, console.width - 40))
    table.add_column("#", justify="right", no_wrap=True, min_width=2)
    table.add_column("week", justify="right", no_wrap=True, min_width=4)
    table.add_column("slug: intervu practice SLUG", overflow="fold", width=widest)
    table.add_column("level", no_wrap=True, min_width=6)
    table.add_column("topics", no_wrap=True)
    room = max(8, console.width - widest - 29)  # what the other columns and the gaps leave the topics

    def fit(text: str) -> str:
        return text if len(text) <= room else text[: room - 1] + "…"

    previous_week = None
    for p in chosen:
        week = plan.week_of(p.slug)
        if previous_week is not None and week != previous_week:
            table.add_section()
        table.add_row(str(found.position(pathway, p.slug) or ""), str(week or "") if week != previous_week else "",
                      p.slug, p.difficulty, fit(", ".join(p.topics)))
        previous_week = week
    console.print(table)


def _validate_problems(extra_dirs: list[Path]) -> None:
    import os

    from intervu_cli.problems import problem_dirs
    from intervu_cli.sandbox.validate import validate

    dirs = problem_dirs(extra_dirs)

    for missing in [d for d in dirs if not d.is_dir()]:
        typer.echo(f"intervu: problems folder {missing} does not exist; ignoring it", err=True)
    result = validate(dirs, workers=os.cpu_count() or 2)
    for err in result.errors:
        typer.echo(f"invalid: {err}")
    checked = f"{result.problems} problem files and {result.pathways} pathway file{'s' if result.pathways != 1 else ''}"
    slow = f"; slowest run {result.slowest[0]:.2f} s ({result.slowest[1]})" if result.slowest[1] else ""
    if result.ok:
        typer.echo(f"valid: {checked}; {result.runs} sandbox runs, every reference solution passes every test{slow}")
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
    json_out: bool = typer.Option(False, "--json", help="Print the results as JSON."),
    timeout: Optional[float] = typer.Option(None, "--timeout",
                                            help="Wall-clock limit of the run, in seconds "
                                                 "(default 5, or run_timeout in the config)."),
    problems_dir: Optional[list[Path]] = ProblemsDirOpt,
) -> None:
    """Run a solution file against a problem's tests (exit 0: all pass, 1: some fail, 2: bad input)."""
    import json

    settings = get_settings(problems_dir=problems_dir)
    problem = find_problem(problem_set(settings.problems_dirs), slug)
    timeout = settings.run_timeout if timeout is None else timeout
    if language is None:
        language = {".py": "python", ".js": "javascript", ".mjs": "javascript", ".cjs": "javascript"}.get(file.suffix)
        if language is None:
            fail(f"cannot tell the language of {file.name}; pass --language python or --language javascript")
    if language not in ("python", "javascript"):
        fail(f"unsupported language {language!r}; use python or javascript")
    check_language(problem, language)
    code = read_text(file, "file")
    if timeout <= 0:
        fail("--timeout must be a positive number of seconds")
    from intervu_cli.sandbox import run_code

    result = run_code(problem, language, code, hidden=hidden, timeout_s=timeout)
    if json_out:
        typer.echo(json.dumps(result.to_dict(), indent=2, default=str))
    else:
        from intervu_cli.core.events import TestRunResult
        from intervu_cli.frontends.render import TextRenderer

        TextRenderer().test_run(
            TestRunResult(t=0.0, hidden=hidden, passed=result.passed, total=result.total, summary=result.summary,
                          language=language, duration_s=result.duration_s, tests=tuple(result.to_dict()["tests"]))
        )
        missing = [layer for layer in ("netns", "landlock", "seccomp") if layer not in result.layers]
        if result.layers and missing:
            typer.echo(f"note: this machine has no {', '.join(missing)} for the sandbox; "
                       "the harness stands in, more weakly (see README: The sandbox)", err=True)
    raise typer.Exit(0 if result.all_passed else 1)
