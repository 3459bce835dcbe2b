"""What every command shares: one clear line and an exit code for bad input, the settings, the
problem library, the session store, and the speech recognizer or speaker a command opens."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, Optional

import typer

if TYPE_CHECKING:
    from intervu_cli.problems import Problem, ProblemSet

EXIT_BAD_INPUT = 2


def fail(message: str, code: int = EXIT_BAD_INPUT) -> NoReturn:
    """One clear line on stderr, a non-zero exit, no traceback (and no control sequence from a path or
    a file obeyed by the terminal: core.visible)."""
    from intervu_cli.core.visible import visible

    typer.echo(f"intervu: {visible(message)}", err=True)
    raise typer.Exit(code)


def get_settings(**options):
    from intervu_cli.core.config import ConfigError, load_settings

    try:
        return load_settings(**options)
    except ConfigError as exc:
        fail(str(exc))


def problem_set(extra_dirs: list[Path]) -> ProblemSet:
    from intervu_cli.core.visible import visible
    from intervu_cli.problems import load_problems, problem_dirs

    problems = load_problems(problem_dirs(extra_dirs))
    for err in problems.errors:
        typer.echo(f"intervu: skipping an invalid problem file: {visible(str(err))}", err=True)
    for missing in problems.missing_dirs:
        typer.echo(f"intervu: problems folder {missing} does not exist; ignoring it", err=True)
    return problems


def find_problem(problems: ProblemSet, slug: str) -> Problem:
    problem = problems.get(slug)
    if problem is None:
        near = problems.closest(slug)
        hint = f"; did you mean {' or '.join(near)}?" if near else ""
        fail(f"no problem named {slug!r}{hint} (`intervu problems` lists them)")
    return problem


def check_language(problem: Problem, language: str) -> None:
    from intervu_cli.session.assemble import cannot_run

    if language not in problem.languages:
        fail(f"{problem.slug} has no {language} version; use --language python")
    reason = cannot_run(language)
    if reason is not None:
        fail(f"{reason}: install nodejs, or use --language python")


VoskModelOpt = typer.Option(None, "--vosk-model", help="A Vosk model folder (default: the downloaded one).")
ProblemsDirOpt = typer.Option(None, "--problems-dir", help="An extra folder of problem files (repeatable).")


def open_store(*, write: bool = False):
    """The sessions file, checked as it opens (see `store`); `write`: the command will write to it,
    so a read-only one is refused now, before anything starts."""
    from intervu_cli.core.config import db_path
    from intervu_cli.store import Store, StoreError

    path = db_path()
    try:
        store = Store(path)
    except StoreError as exc:  # a sessions file from a newer intervu, a damaged one: the message says what to do
        fail(str(exc))
    except Exception as exc:  # noqa: BLE001 - sqlite3 and OS errors alike: one line, what to do
        fail(f"cannot open the session store at {path} ({exc}); set INTERVU_HOME to a writable folder")
    if write:
        try:
            store.check_writable()
        except StoreError as exc:
            store.close()
            fail(str(exc))
    return store


def fail_on_store_error(exc: BaseException) -> None:
    """A StoreError (a damaged sessions file, a full disk, the session open in another intervu): its
    one line and exit 2. Anything else: nothing (the caller re-raises it)."""
    from intervu_cli.store import StoreError

    if isinstance(exc, StoreError):
        fail(str(exc))


def read_text(path: Path, what: str, limit: int | None = None) -> str:
    """A file the user named, or one clear line: none there, not a regular file (a FIFO would hang,
    /dev/zero never end), over `limit` bytes (default: a script's), not UTF-8 text."""
    from intervu_cli.core.files import SCRIPT_LIMIT, FileLimitError
    from intervu_cli.core.files import read_text as read_limited

    try:
        return read_limited(path, what, SCRIPT_LIMIT if limit is None else limit)
    except FileNotFoundError:
        fail(f"no {what} {path}")
    except FileLimitError as exc:
        fail(str(exc))
    except (OSError, UnicodeDecodeError) as exc:
        fail(f"cannot read the {what} {path} ({exc})")


def crash_log(exc: BaseException) -> Optional[Path]:
    """The details of a crash, in the data folder's logs (or, when that cannot be written, a full
    disk say, the temporary folder); None when no file could be written: the crash is not made
    worse by its log."""
    import tempfile
    import time
    import traceback

    from intervu_cli.core.config import data_dir

    name = f"crash-{time.strftime('%Y%m%d-%H%M%S')}.log"
    for folder in (data_dir() / "logs", Path(tempfile.gettempdir()) / "intervu-logs"):
        path = folder / name
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path.write_text("".join(traceback.format_exception(exc)), encoding="utf-8")
            return path
        except OSError:
            try:
                path.unlink(missing_ok=True)  # half a log is no log
            except OSError:
                pass
    return None


def choose_model(settings, *, probe: bool = True):
    from intervu_cli.engine.llm import choose_model

    return choose_model(settings.model, settings.api_base, settings.api_key, probe=probe)


def pick_session(store, session_id: Optional[str], *, status: Optional[str], none: str):
    """The session by id (or a unique prefix), else the latest one with `status`; one clear line
    (and the store closed) when there is none."""
    if session_id is None:
        rows = store.sessions(status=status)
        if not rows:
            store.close()
            fail(none)
        return rows[0]
    rows = store.find_session(session_id)
    if len(rows) != 1:
        store.close()
        fail(f"no session {session_id!r}; `intervu history` lists them" if not rows
             else f"{session_id!r} matches several sessions; give more of the id")
    return rows[0]


def recognizer_or_fail(vosk_model: Optional[Path]):
    """The recognizer and its notice, or one clear line."""
    from intervu_cli.voice.listening.models import find_vosk_model
    from intervu_cli.voice.listening.stt import open_recognizer

    try:
        return open_recognizer(find_vosk_model(vosk_model))
    except ValueError as exc:
        fail(str(exc))
    except (ImportError, OSError, RuntimeError) as exc:  # no working recognizer at all
        fail(f"speech recognition is not available ({type(exc).__name__}: {exc}); get a Vosk model with "
             "`intervu models download`")


def problem_vocabulary(problem) -> str:
    """Words Whisper should expect in an interview on `problem` beyond the usual algorithm words: its
    title and topics ("Two Sum", "hash table"). The spoken interview and the voice bench both pass it."""
    return ", ".join([problem.title, *problem.topics])


def ears_or_fail(vosk_model: Optional[Path], vocabulary: Optional[str] = None, *, live: bool = True,
                 fallback: str = ""):
    """What hears the candidate (voice.listening.ears.Ears: the recognizer, Whisper when downloaded, the
    VAD and the turn judge), or one clear line. `fallback` ends that line with the calling command's own
    way round it (practice: by keyboard): only the command knows its options."""
    from intervu_cli.voice.listening.ears import open_ears
    from intervu_cli.voice.listening.models import find_vosk_model

    try:
        return open_ears(find_vosk_model(vosk_model), vocabulary=vocabulary, live=live)
    except ValueError as exc:
        fail(str(exc))
    except (ImportError, OSError, RuntimeError) as exc:  # no working recognizer at all
        fail(f"speech recognition is not available ({type(exc).__name__}: {exc}); get a Vosk model with "
             f"`intervu models download`{fallback}")


def open_player(device: Optional[str]):
    """The speaker, or one clear line (a missing device, no PortAudio)."""
    from intervu_cli.voice.audio.capture import AudioError
    from intervu_cli.voice.audio.devices import quiet_alsa
    from intervu_cli.voice.audio.playback import Player

    quiet_alsa()
    try:
        return Player(device)
    except AudioError as exc:
        fail(str(exc))
