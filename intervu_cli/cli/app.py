"""The `intervu` command line: the Typer app, with each command from its module by topic.

Kept light at import time: `intervu --help` and `intervu problems` import no LLM, UI or audio
library (a test checks it); every command imports what it needs when it runs.
"""

from __future__ import annotations

import sys

import typer

from intervu_cli.cli import audio, bench, doctor, helptext, library, models, practice, reports

app = typer.Typer(
    name="intervu",
    help="Practise coding interviews out loud: a mock interview in your terminal, offline.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    cls=helptext.IntervuGroup,
)

app.command()(practice.practice)
app.command()(practice.resume)
app.command()(library.problems)
app.command()(library.show)
app.command()(reports.report)
app.command()(reports.history)
app.command()(library.run)
app.add_typer(bench.app, name="bench")
app.command()(audio.devices)
app.command()(audio.listen)
app.command()(audio.say)
app.command()(doctor.doctor)
app.add_typer(models.app, name="models")


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        typer.echo("\nintervu: interrupted", err=True)
        sys.exit(130)
