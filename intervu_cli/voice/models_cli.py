"""`intervu models list | download [NAME] | path [NAME]`. Module level imports only typer: the
CLI registers this at start-up, the work is imported inside each command."""

from __future__ import annotations

import typer

app = typer.Typer(help="List, download or locate speech models.", no_args_is_help=True)
