"""`intervu report` and `intervu history`: a session's feedback, and the sessions so far."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from intervu_cli.core import jsontext
from intervu_cli.core.visible import visible
from intervu_cli.cli.common import (
    ProblemsDirOpt,
    fail,
    fail_on_store_error,
    get_settings,
    open_store,
    pick_session,
    problem_set,
)


def _report_of(store, row, problems) -> Optional[dict]:
    """The session's feedback: as given at its end (stored), or computed now from its events (an
    unfinished session, or one that ended before feedback was stored). None when its problem is not
    among `problems()` (called only if needed)."""
    given = _stored_report(store, row.id)
    if given is not None:
        return given
    problem = problems().get(row.slug)
    if problem is None:
        return None
    from intervu_cli.assessment.scoring import score

    return score(problem, store.events(row.id)).to_dict()


def _stored_report(store, session_id: str) -> Optional[dict]:
    from intervu_cli.core.events import FeedbackGiven

    event = store.last_of(session_id, FeedbackGiven.type)
    return event.report if event is not None else None


def report(
    session_id: Optional[str] = typer.Argument(None, help="The session (default: the latest one; "
                                                          "`intervu history` lists them)."),
    json_out: bool = typer.Option(False, "--json", help="Print the report as JSON."),
    markdown: bool = typer.Option(False, "--markdown",
                                  help="Print the report as Markdown, with the transcript and the code's timeline."),
    problems_dir: Optional[list[Path]] = ProblemsDirOpt,
) -> None:
    """Feedback on a session: five pillars with their evidence, and a hiring signal."""
    if json_out and markdown:
        fail("choose one of --json and --markdown")
    settings = get_settings(problems_dir=problems_dir)
    store = open_store()
    row = pick_session(store, session_id, status=None,
                        none="there are no sessions yet; start one with `intervu practice two-sum`")
    try:
        data = _report_of(store, row, lambda: problem_set(settings.problems_dirs))
        if data is None:
            fail(f"session {row.id} is on {row.slug!r}, which is not among the problems; add its folder with "
                 "--problems-dir")
        if markdown:
            from intervu_cli.frontends.feedback import session_markdown

            typer.echo(visible(session_markdown(row, data, store.events(row.id))), nl=False)  # (core.visible)
            return
    except Exception as exc:  # noqa: BLE001 - a StoreError is one line; anything else is raised as it was
        fail_on_store_error(exc)
        raise
    finally:
        store.close()
    if json_out:
        typer.echo(jsontext.dumps({"session_id": row.id, "status": row.status, "started_at": row.started_at, **data},
                              indent=2))
        return
    from rich.console import Console

    from intervu_cli.frontends.feedback import print_report

    print_report(data, Console(highlight=False, soft_wrap=True))
    typer.echo(f"With the transcript and the code's timeline: intervu report {row.id} --markdown > {row.id}.md")


def history(json_out: bool = typer.Option(False, "--json", help="Print a JSON list."),
            problems_dir: Optional[list[Path]] = ProblemsDirOpt) -> None:
    """List past sessions, with their signals, the trend of the five pillars, the weakest one and
    a drill for it."""
    from intervu_cli.assessment.report import PILLARS

    settings = get_settings(problems_dir=problems_dir)
    store = open_store()
    try:
        rows = store.sessions()
        from functools import cache

        problems = cache(lambda: problem_set(settings.problems_dirs))  # loaded once, and only if needed
        reports = {r.id: _report_of(store, r, problems) if r.status == "completed" else _stored_report(store, r.id)
                   for r in rows}
    except Exception as exc:  # noqa: BLE001 - a StoreError is one line; anything else is raised as it was
        fail_on_store_error(exc)
        raise
    finally:
        store.close()
    if json_out:
        out = []
        for r in rows:
            rep = reports[r.id]
            extra = {"signal": rep["signal"], "weighted": rep["weighted"],
                     "scores": {p: rep["pillars"][p]["score"] for p in PILLARS}} if rep else {"signal": None}
            out.append({**r.to_dict(), **extra})
        typer.echo(jsontext.dumps(out, indent=2))
        return
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    if not rows:
        typer.echo("No sessions yet. Start one with: intervu practice two-sum --no-audio")
        return
    console = Console(highlight=False, soft_wrap=True)
    from rich import box

    table = Table(title="Sessions", title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False)
    for column in ("id", "problem", "started", "time", "signal", "A  C  P  V Co"):
        table.add_column(column, no_wrap=column != "problem", overflow="ellipsis")
    for r in rows:
        minutes, seconds = divmod(int(r.clock_s), 60)
        rep = reports[r.id]
        scores = " ".join(f"{rep['pillars'][p]['score']:>2}" for p in PILLARS) if rep else ""
        signal = rep["signal"] if rep and r.status == "completed" else "unfinished"
        table.add_row(Text(visible(r.id)), Text(visible(r.slug)), r.started_at.replace("T", " ")[5:16],
                      f"{minutes}:{seconds:02d}", signal, scores)
    console.print(table)
    console.print("[dim]A algorithms · C coding · P problem solving · V verification · Co communication; "
                  "`intervu report ID` explains a session's scores[/]")
    from intervu_cli.frontends.feedback import print_trend, trend

    summary = trend([reports[r.id] for r in reversed(rows) if reports[r.id] is not None])  # oldest first
    if summary:
        print_trend(summary, console)
