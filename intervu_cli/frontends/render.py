"""Showing engine events in a terminal: a readable transcript, or one JSON object per line."""

from __future__ import annotations

import json
import sys
from typing import Any

from rich.console import Console
from rich.markdown import Markdown
from rich.markup import escape
from rich.padding import Padding
from rich.text import Text

from intervu_cli.core.events import (
    CandidateSaid,
    CodeSnapshot,
    Event,
    FeedbackGiven,
    HintGiven,
    InterviewEnded,
    InterviewerDelta,
    InterviewerSaid,
    Notice,
    TurnLatency,
    PhaseChanged,
    SessionStarted,
    TestRunResult,
)
from intervu_cli.core import jsontext
from intervu_cli.core.visible import visible
from intervu_cli.problems import Problem


def shown(text: Any) -> str:
    """Text from elsewhere (the candidate, their code, the model, a problem file), made safe to put
    in Rich markup: its terminal control characters made visible (core.visible), its [tags] escaped."""
    return escape(visible(str(text)))


def _short(value: Any, limit: int = 80) -> str:
    text = json.dumps(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


class JsonRenderer:
    """One JSON object per event per line: `type`, `t` (seconds of session time), the fields."""

    def __init__(self, out=None) -> None:
        self.out = out

    def __call__(self, event: Event) -> None:
        out = self.out or sys.stdout
        out.write(jsontext.dumps(event.to_dict(), default=str) + "\n")
        out.flush()


class TextRenderer:
    """A transcript: the interviewer's words stream in as they come."""

    def __init__(self, console: Console | None = None, *, echo_candidate: bool = True) -> None:
        self.console = console or Console(highlight=False, soft_wrap=True)
        self.echo_candidate = echo_candidate
        self._streaming_gen: int | None = None

    def _end_stream(self) -> None:
        if self._streaming_gen is not None:
            self.console.file.write("\n")
            self.console.file.flush()
            self._streaming_gen = None

    def __call__(self, event: Event) -> None:
        c = self.console
        if isinstance(event, InterviewerDelta):
            if self._streaming_gen != event.gen:
                self._end_stream()
                c.print("[bold cyan]Interviewer:[/] ", end="")
                self._streaming_gen = event.gen
            c.file.write(visible(event.text))
            c.file.flush()
            return
        if isinstance(event, InterviewerSaid):
            if self._streaming_gen == event.gen:
                if event.cut_off:
                    c.print(" [dim](cut off)[/]", end="")
                self._end_stream()
            elif event.cut_off:  # a barge-in after the words were shown: say where speech stopped
                self._end_stream()
                c.print(f"[dim]· (cut off after: {shown(event.text.strip()[-60:]) or 'nothing'})[/]")
            else:
                self._end_stream()
                c.print(f"[bold cyan]Interviewer:[/] {shown(event.text)}")
            return
        self._end_stream()
        if isinstance(event, SessionStarted):
            what = "resumed" if event.resumed else "session"
            c.print(
                f"[dim]intervu · {shown(event.title)} · {event.language} · {what} {event.session_id} · "
                f"model {shown(event.model)} · {event.minutes} min[/]"
            )
        elif isinstance(event, Notice):
            style = "yellow" if event.level == "warning" else "dim"
            c.print(f"[{style}]! {shown(event.text)}[/]")
        elif isinstance(event, CandidateSaid):
            if self.echo_candidate:
                c.print(f"[bold green]You:[/] {shown(event.text)}")
        elif isinstance(event, CodeSnapshot):
            lines = len(event.code.splitlines())
            c.print(f"[dim]· code updated ({lines} lines of {event.language})[/]")
        elif isinstance(event, TestRunResult):
            self.test_run(event)
        elif isinstance(event, HintGiven):
            c.print(f"[magenta]· hint given: {event.level}[/]")
        elif isinstance(event, PhaseChanged):
            c.print(f"[dim]· phase: {event.old} → {event.new}[/]")
        elif isinstance(event, TurnLatency):
            m = event.marks
            if event.kind == "turn" and "first_sample_played" in m:
                c.print(f"[dim]· answered {m['first_sample_played']:.0f} ms after you stopped"
                        f"{' (speculative start)' if event.speculative else ''}[/]")
            elif event.kind == "barge_in" and "playback_stopped" in m:
                c.print(f"[dim]· stopped {m['playback_stopped']:.0f} ms after you started talking[/]")
        elif isinstance(event, InterviewEnded):
            c.print(f"[bold]Interview over ({event.reason.replace('_', ' ')}).[/]")
        elif isinstance(event, FeedbackGiven):
            from intervu_cli.frontends.feedback import print_report

            c.print()
            print_report(event.report, c)

    def test_run(self, event: TestRunResult) -> None:
        c = self.console
        kind = "all tests" if event.hidden else "visible tests"
        c.print(f"[bold]Test run ({kind}, {event.language}):[/]")
        # With an `error` no test ran (the code does not load, say): the summary says why, once.
        for t in event.tests if not event.error else ():
            mark = "[green]✓[/]" if t.get("passed") else "[red]✗[/]"
            line = f"  {mark} {shown(t.get('name'))}"
            if not t.get("passed"):
                if t.get("hidden"):
                    line += " [dim](hidden test)[/]"
                elif t.get("error"):
                    line += f": {shown(t['error'])}"
                else:
                    line += f": expected {shown(_short(t.get('expected')))}, got {shown(_short(t.get('actual')))}"
            c.print(line)
            if t.get("output") and not t.get("passed") and not t.get("hidden"):
                out = str(t["output"]).rstrip().splitlines()[:5]
                for o in out:
                    c.print(f"      [dim]| {shown(o)}[/]")
        c.print(f"  {shown(event.summary)}")


def show_problem(problem: Problem, language: str, console: Console | None = None) -> None:
    """The problem as text: title, statement, examples, constraints and the signature in `language`
    (`intervu show`, /show, and the line-by-line REPL as it starts). Words wrap at the terminal's
    width, even on a console that otherwise leaves long lines to the terminal."""
    c = console or Console()

    def say(*things: Any) -> None:
        c.print(*things, soft_wrap=False)

    say(f"[bold]{shown(problem.title)}[/]  [dim]{problem.difficulty} · {shown(', '.join(problem.topics))}[/]")
    say(Markdown(visible(problem.statement)))
    for i, ex in enumerate(problem.examples, 1):
        say(f"[bold]Example {i}:[/] {shown(ex['input'])}  →  {shown(ex['output'])}")
        if ex.get("explanation"):
            say(Padding(Text(visible(ex["explanation"]), style="dim"), (0, 0, 0, 2), expand=False))
    say("[bold]Constraints:[/]")
    for line in problem.constraints:
        say(Padding(Text(visible(f"• {line}")), (0, 0, 0, 2), expand=False))
    spec = problem.languages.get(language)
    if spec:
        say(f"[bold]Signature ({language}):[/]")
        c.print(Text(visible(f"  {spec.signature}")), soft_wrap=True)  # code: never broken by us
