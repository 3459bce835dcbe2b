"""The command line, on top of every other layer: `app.py` assembles the Typer app; each topic's
commands are in a module of their own (practice, library, reports, audio, bench, models), sharing
`common.py`."""
