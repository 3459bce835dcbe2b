"""The `intervu` command line.

Kept light at import time: `intervu --help` and `intervu problems` import no LLM, UI or audio
library (a test checks it); every command imports what it needs when it runs.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, Optional

import typer

if TYPE_CHECKING:
    from intervu_cli.problems import Problem, ProblemSet

app = typer.Typer(
    name="intervu",
    help="Practise coding interviews out loud: a mock interview in your terminal, offline.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

EXIT_BAD_INPUT = 2


def fail(message: str, code: int = EXIT_BAD_INPUT) -> NoReturn:
    """One clear line on stderr, a non-zero exit, no traceback."""
    typer.echo(f"intervu: {message}", err=True)
    raise typer.Exit(code)


def _settings(**options):
    from intervu_cli.config import ConfigError, load_settings

    try:
        return load_settings(**options)
    except ConfigError as exc:
        fail(str(exc))


def _problem_set(extra_dirs: list[Path]) -> ProblemSet:
    from intervu_cli.problems import load_problems, problem_dirs

    problems = load_problems(problem_dirs(extra_dirs))
    for err in problems.errors:
        typer.echo(f"intervu: skipping an invalid problem file: {err}", err=True)
    for missing in problems.missing_dirs:
        typer.echo(f"intervu: problems folder {missing} does not exist; ignoring it", err=True)
    return problems


def _find_problem(problems: ProblemSet, slug: str) -> Problem:
    problem = problems.get(slug)
    if problem is None:
        near = problems.closest(slug)
        hint = f"; did you mean {' or '.join(near)}?" if near else ""
        fail(f"no problem named {slug!r}{hint} (`intervu problems` lists them)")
    return problem


def _check_language(problem: Problem, language: str) -> None:
    from intervu_cli.sandbox import node_path

    if language not in problem.languages:
        fail(f"{problem.slug} has no {language} version; use --language python")
    if language == "javascript" and node_path() is None:
        fail("JavaScript needs Node.js, which is not installed: install nodejs, or use --language python")


ProblemsDirOpt = typer.Option(None, "--problems-dir", help="An extra folder of problem files (repeatable).")


# --- practice / resume -----------------------------------------------------------------------------


def _open_store():
    from intervu_cli.config import db_path
    from intervu_cli.store import Store

    path = db_path()
    try:
        return Store(path)
    except Exception as exc:  # noqa: BLE001 - sqlite3 and OS errors alike: one line, what to do
        fail(f"cannot open the session store at {path} ({exc}); set INTERVU_HOME to a writable folder")


def _read_text(path: Path, what: str) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        fail(f"no {what} {path}")
    except (OSError, UnicodeDecodeError) as exc:
        fail(f"cannot read the {what} {path} ({exc})")


def _read_script(script: str):
    from intervu_cli.frontends.script import ScriptError, parse, parse_stream

    if script == "-":
        return parse_stream(sys.stdin)
    text = _read_text(Path(script), "script file")
    try:
        return list(parse(text.splitlines()))
    except ScriptError as exc:
        fail(f"{script}: {exc}")


def _close_voice(voice) -> None:
    """Stop every audio stream and thread; say if the microphone lost audio on the way."""
    if voice is not None:
        voice.close()
        if voice.troubled:
            typer.echo(f"audio: {voice.stats}", err=True)


def _use_tui(script: Optional[str], json_out: bool, plain: bool) -> bool:
    """The full-screen app, unless scripted, asked for JSON or plain lines, or not on a terminal
    that can draw it."""
    import os

    if script is not None or json_out or plain:
        return False
    return sys.stdin.isatty() and sys.stdout.isatty() and os.environ.get("TERM", "") not in ("dumb", "")


def _conduct(interview, *, script: Optional[str], steps, json_out: bool, notices: tuple[str, ...], clock, voice=None,
             tui: bool = False, theme: str = "dark") -> None:
    """Run an interview in the scripted, keyboard-REPL or full-screen front end; exit with the right code."""
    import asyncio

    from intervu_cli.config import data_dir
    from intervu_cli.frontends.render import JsonRenderer, TextRenderer
    from intervu_cli.frontends.script import ScriptError

    emit = JsonRenderer() if json_out else TextRenderer(echo_candidate=script is not None)
    session_id = interview.session_id
    paused = f"The interview is saved; continue it with: intervu resume {session_id}"
    try:
        if script is not None:
            from intervu_cli.frontends.script import drive

            try:
                completed = asyncio.run(drive(interview, steps, emit, clock, notices))
            except ScriptError as exc:
                fail(f"{script}: {exc}. {paused}")
            if not completed:
                fail(f"the script ended before the interview did. {paused}", code=1)
        elif tui:
            from intervu_cli.frontends.tui.app import run_tui

            try:
                completed = run_tui(interview, voice=voice, notices=notices, theme=theme)
            finally:
                _close_voice(voice)
            if not completed:
                typer.echo(paused)
        else:
            from rich.console import Console

            from intervu_cli.frontends.text import TextREPL

            if not sys.stdin.isatty():
                fail("--no-audio without --script needs a terminal; to pipe input in, use --script -")
            repl = TextREPL(interview, emit, data_dir() / "code", Console(highlight=False, soft_wrap=True), voice=voice,
                            show_voice=not json_out)
            try:
                completed = asyncio.run(repl.run(notices))
            except EOFError:
                completed = interview.ended
            finally:
                _close_voice(voice)
            if not completed:
                typer.echo(paused)
    except KeyboardInterrupt:
        typer.echo(f"\n{paused}", err=True)
        raise typer.Exit(130) from None
    except (typer.Exit, SystemExit):
        raise
    except Exception as exc:  # noqa: BLE001 - a bug of ours: keep the details, lose nothing, say one line
        log = _crash_log(exc)
        fail(f"internal error ({type(exc).__name__}: {exc}); details in {log}. {paused}", code=1)
    finally:
        if voice is not None:
            voice.close()  # again, harmlessly: however we got here, no stream or thread is left
        interview.store.close()
    if interview.ended and not json_out:
        typer.echo(f"Session {session_id} saved. `intervu history` lists your sessions.")


def _crash_log(exc: BaseException) -> Path:
    import time
    import traceback

    from intervu_cli.config import data_dir

    path = data_dir() / "logs" / f"crash-{time.strftime('%Y%m%d-%H%M%S')}.log"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(traceback.format_exception(exc)), encoding="utf-8")
    return path


def _choose_model(settings, *, probe: bool = True):
    from intervu_cli.engine.llm import choose_model

    return choose_model(settings.model, settings.api_base, settings.api_key, probe=probe)


@app.command()
def practice(
    slug: str = typer.Argument(..., help="The problem, e.g. two-sum (`intervu problems` lists them)."),
    no_audio: bool = typer.Option(False, "--no-audio", help="Talk by keyboard instead of voice."),
    script: Optional[str] = typer.Option(None, "--script", help="Drive the interview from a script file ('-' for stdin)."),
    json_out: bool = typer.Option(False, "--json", help="Print one JSON object per event per line."),
    plain: bool = typer.Option(False, "--plain", help="Line by line in the terminal instead of the full-screen app."),
    model: Optional[str] = typer.Option(None, "--model", help="Any litellm model string; 'none' for built-in lines."),
    api_base: Optional[str] = typer.Option(None, "--api-base", help="Base URL of the model's API (Ollama, an OpenAI-compatible server)."),
    language: Optional[str] = typer.Option(None, "--language", help="python or javascript."),
    minutes: Optional[int] = typer.Option(None, "--minutes", help="Length of the interview (default 45)."),
    device: Optional[str] = typer.Option(None, "--device", help="Microphone, by number or name (see `intervu devices`)."),
    speaker: Optional[str] = typer.Option(None, "--speaker", help="Speaker (output device), by number or name (see `intervu devices`)."),
    voice_name: Optional[str] = typer.Option(None, "--voice", help="The interviewer's voice, by id or name (`intervu say --voices`)."),
    rate: Optional[int] = typer.Option(None, "--rate", help="The interviewer's speaking rate, in words per minute (default 185)."),
    backchannel_ms: Optional[int] = typer.Option(None, "--backchannel-ms", help="Speech shorter than this over the interviewer (\"mm-hmm\") does not interrupt it (default 400)."),
    vosk_model: Optional[Path] = typer.Option(None, "--vosk-model", help="A Vosk model folder (default: the downloaded one)."),
    problems_dir: Optional[list[Path]] = ProblemsDirOpt,
) -> None:
    """Start a mock interview on a problem."""
    from intervu_cli.engine.clock import ManualClock, MonotonicClock
    from intervu_cli.engine.interview import Interview

    settings = _settings(model=model, api_base=api_base, language=language, minutes=minutes, problems_dir=problems_dir,
                         input_device=device, output_device=speaker, tts_voice=voice_name, tts_rate=rate,
                         backchannel_ms=backchannel_ms)
    problem = _find_problem(_problem_set(settings.problems_dirs), slug)
    _check_language(problem, settings.language)
    steps = _read_script(script) if script is not None else None  # malformed: reported before anything starts
    notices: list[str] = []
    choice = _choose_model(settings)
    if choice.notice:
        notices.append(choice.notice)
    voice = None
    if not no_audio and script is None:
        voice, notice = _voice_kit(settings, vosk_model)
        if notice:
            notices.append(notice)
        notices.append(f"Listening on {voice.mic.name}, speaking on {voice.player.name}: talk, or type; "
                       "talk over the interviewer to interrupt.")
    clock = ManualClock() if script is not None else MonotonicClock()
    try:
        store = _open_store()
        interview = Interview.new(
            problem, store, clock, language=settings.language, minutes=settings.minutes,
            llm=choice.config, model_label=choice.label, runner=_runner(settings),
        )
    except BaseException:
        if voice is not None:
            voice.close()
        raise
    _conduct(interview, script=script, steps=steps, json_out=json_out, notices=tuple(notices), clock=clock, voice=voice,
             tui=_use_tui(script, json_out, plain), theme=settings.theme)


def _voice_kit(settings, vosk_model: Optional[Path]):
    """Everything a spoken interview needs, opened and working, or one clear line saying what to
    do: the TTS worker and a look at the speaker first (cheap, so a wrong --voice or --speaker
    fails before the speech model loads), then the recognizer, the microphone, the speaker's
    stream (opened last: it plays silence from then on, and a long model load would make it
    underrun) and the duplex listener over them."""
    if not sys.stdin.isatty():
        fail("a voice interview needs a terminal; to drive one from a file, use --no-audio --script FILE")
    from intervu_cli.frontends.driver import VoiceKit
    from intervu_cli.voice.capture import AudioError, Microphone
    from intervu_cli.voice.duplex import DuplexListener
    from intervu_cli.voice.echo import BargeInConfig
    from intervu_cli.voice.playback import RATE as OUT_RATE
    from intervu_cli.voice.tts import TTSError, TTSWorker

    _quiet_alsa()
    kit = VoiceKit()
    mic = recognizer = None
    try:
        try:
            kit.tts = TTSWorker(kit.deliver, kit.is_current, lambda gen: kit.player.backlog(gen),
                                voice=settings.tts_voice, rate_wpm=settings.tts_rate, out_rate=OUT_RATE)
            _check_speaker(settings.output_device)
            recognizer, notice = _recognizer(vosk_model)
            mic = Microphone(settings.input_device)
            kit.player = _player(settings.output_device)
        except (AudioError, TTSError) as exc:
            fail(str(exc))
        except OSError as exc:  # PortAudio itself is missing
            fail(f"cannot use audio here ({exc}); install PortAudio (Debian: libportaudio2), or use --no-audio")
        kit.duplex = DuplexListener(mic, recognizer, kit.player,
                                    barge=BargeInConfig(backchannel_ms=settings.backchannel_ms))
    except BaseException:
        if kit.duplex is None:
            for thing in (mic, recognizer):
                if thing is not None:
                    thing.close()
        kit.close()
        raise
    return kit, notice


def _check_speaker(device: Optional[str]) -> None:
    """Is there such an output device? (One clear line if not; the stream itself opens later.)"""
    import sounddevice as sd

    from intervu_cli.voice.capture import _device_arg

    wanted = _device_arg(device)
    try:
        sd.query_devices(wanted, "output")
    except (ValueError, sd.PortAudioError) as exc:
        which = f"output device {wanted!r}" if wanted is not None else "a default output device"
        fail(f"cannot find {which} ({exc}); list them with `intervu devices`, pick one with --speaker, "
             "or use --no-audio")


_alsa_handler = None


def _quiet_alsa() -> None:
    """ALSA's library prints its own warnings ("underrun occurred") straight onto stderr, in the
    middle of the interview; intervu counts and reports what matters itself, so they are dropped."""
    global _alsa_handler
    if _alsa_handler is not None or not sys.platform.startswith("linux"):
        return
    import ctypes
    import ctypes.util

    try:
        lib = ctypes.CDLL(ctypes.util.find_library("asound") or "libasound.so.2")
        handler_t = ctypes.CFUNCTYPE(None, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p)
        _alsa_handler = handler_t(lambda *args: None)
        lib.snd_lib_error_set_handler(_alsa_handler)
    except (OSError, AttributeError):  # no ALSA here: nothing to quiet
        _alsa_handler = False


def _player(device: Optional[str]):
    """The speaker, or one clear line (a missing device, no PortAudio)."""
    from intervu_cli.voice.capture import AudioError
    from intervu_cli.voice.playback import Player

    _quiet_alsa()
    try:
        return Player(device)
    except AudioError as exc:
        fail(str(exc))
    except OSError as exc:  # PortAudio itself is missing
        fail(f"cannot use audio here ({exc}); install PortAudio (Debian: libportaudio2), or use --no-audio")


def _runner(settings):
    """The sandbox, with the user's wall-clock limit."""
    from intervu_cli.sandbox import run_code

    def run(problem, language, code, hidden):
        return run_code(problem, language, code, hidden=hidden, timeout_s=settings.run_timeout)

    return run


def _pick_session(store, session_id: Optional[str], *, status: Optional[str], none: str):
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


@app.command()
def resume(
    session_id: Optional[str] = typer.Argument(None, help="The session (default: the latest unfinished one)."),
    script: Optional[str] = typer.Option(None, "--script", help="Continue from a script file ('-' for stdin)."),
    json_out: bool = typer.Option(False, "--json", help="Print one JSON object per event per line."),
    plain: bool = typer.Option(False, "--plain", help="Line by line in the terminal instead of the full-screen app."),
    model: Optional[str] = typer.Option(None, "--model", help="Any litellm model string; 'none' for built-in lines."),
    api_base: Optional[str] = typer.Option(None, "--api-base", help="Base URL of the model's API."),
    problems_dir: Optional[list[Path]] = ProblemsDirOpt,
) -> None:
    """Continue an unfinished interview."""
    from intervu_cli.engine.clock import ManualClock, MonotonicClock
    from intervu_cli.engine.interview import Interview

    settings = _settings(model=model, api_base=api_base, problems_dir=problems_dir)
    store = _open_store()
    row = _pick_session(store, session_id, status="in_progress",
                        none="there is no unfinished interview to resume; start one with `intervu practice SLUG`")
    if row.status == "completed":
        store.close()
        fail(f"session {row.id} is already complete; `intervu history` lists your sessions")
    problem = _find_problem(_problem_set(settings.problems_dirs), row.slug)
    steps = _read_script(script) if script is not None else None
    choice = _choose_model(settings)
    notices = (choice.notice,) if choice.notice else ()
    clock_type = ManualClock if script is not None else MonotonicClock
    interview = Interview.resume(problem, store, row.id, clock_type, llm=choice.config, model_label=choice.label,
                                 runner=_runner(settings))
    _conduct(interview, script=script, steps=steps, json_out=json_out, notices=notices, clock=interview.clock,
             tui=_use_tui(script, json_out, plain), theme=settings.theme)


# --- problems ----------------------------------------------------------------------------------------


@app.command()
def problems(
    difficulty: Optional[str] = typer.Option(None, "--difficulty", help="easy, medium or hard."),
    topic: Optional[str] = typer.Option(None, "--topic", help="Only problems with this topic."),
    pathway: Optional[str] = typer.Option(None, "--pathway", help="Only problems on this pathway, in its order, with the week (e.g. grind75)."),
    validate: bool = typer.Option(False, "--validate", help="Check every problem and pathway file: schema, and every reference solution against every test in the sandbox."),
    json_out: bool = typer.Option(False, "--json", help="Print a JSON list."),
    problems_dir: Optional[list[Path]] = ProblemsDirOpt,
) -> None:
    """List the problems (or check them all with --validate)."""
    import json

    from intervu_cli.problems import DIFFICULTIES

    if difficulty and difficulty.lower() not in DIFFICULTIES:
        fail(f"unknown difficulty {difficulty!r}; use one of {', '.join(DIFFICULTIES)}")
    settings = _settings(problems_dir=problems_dir)
    if validate:
        _validate_problems(settings.problems_dirs)
        return
    found = _problem_set(settings.problems_dirs)
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

    table = Table(title=f"{plan.title}: {len(chosen)} of {len(plan.steps)} problems over {weeks} weeks", title_justify="left",
                  caption=plan.description or None, caption_justify="left", box=box.SIMPLE_HEAD, pad_edge=False)
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
        table.add_row(str(found.position(pathway, p.slug) or ""), str(week or "") if week != previous_week else "", p.slug,
                      p.difficulty, fit(", ".join(p.topics)))
        previous_week = week
    console.print(table)


def _validate_problems(extra_dirs: list[Path]) -> None:
    import os

    from intervu_cli.problems import problem_dirs
    from intervu_cli.validate import validate

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
    typer.echo(f"intervu: {len(result.errors)} problem{'s' if len(result.errors) != 1 else ''} in {files} of {checked}; "
               "fix them (see above)", err=True)
    raise typer.Exit(1)


@app.command()
def show(
    slug: str = typer.Argument(..., help="The problem."),
    language: Optional[str] = typer.Option(None, "--language", help="python or javascript."),
    problems_dir: Optional[list[Path]] = ProblemsDirOpt,
) -> None:
    """Show a problem: statement, examples, constraints."""
    from intervu_cli.frontends.render import show_problem

    settings = _settings(language=language, problems_dir=problems_dir)
    problem = _find_problem(_problem_set(settings.problems_dirs), slug)
    show_problem(problem, settings.language)


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
    from intervu_cli.engine.scoring import score

    return score(problem, store.events(row.id)).to_dict()


def _stored_report(store, session_id: str) -> Optional[dict]:
    event = store.last_of(session_id, "feedback")
    return event.report if event is not None else None


@app.command()
def report(
    session_id: Optional[str] = typer.Argument(None, help="The session (default: the latest one; `intervu history` lists them)."),
    json_out: bool = typer.Option(False, "--json", help="Print the report as JSON."),
    markdown: bool = typer.Option(False, "--markdown", help="Print the report as Markdown, with the transcript and the code's timeline."),
    problems_dir: Optional[list[Path]] = ProblemsDirOpt,
) -> None:
    """Feedback on a session: five pillars with their evidence, and a hiring signal."""
    import json

    if json_out and markdown:
        fail("choose one of --json and --markdown")
    settings = _settings(problems_dir=problems_dir)
    store = _open_store()
    row = _pick_session(store, session_id, status=None,
                        none="there are no sessions yet; start one with `intervu practice two-sum`")
    try:
        data = _report_of(store, row, lambda: _problem_set(settings.problems_dirs))
        if data is None:
            fail(f"session {row.id} is on {row.slug!r}, which is not among the problems; add its folder with "
                 "--problems-dir")
        if markdown:
            from intervu_cli.frontends.feedback import session_markdown

            typer.echo(session_markdown(row, data, store.events(row.id)), nl=False)
            return
    finally:
        store.close()
    if json_out:
        typer.echo(json.dumps({"session_id": row.id, "status": row.status, "started_at": row.started_at, **data},
                              indent=2))
        return
    from rich.console import Console

    from intervu_cli.frontends.feedback import print_report

    print_report(data, Console(highlight=False, soft_wrap=True))
    typer.echo(f"With the transcript and the code's timeline: intervu report {row.id} --markdown > {row.id}.md")


@app.command()
def history(json_out: bool = typer.Option(False, "--json", help="Print a JSON list."),
            problems_dir: Optional[list[Path]] = ProblemsDirOpt) -> None:
    """List past sessions, with their signals, the trend of the five pillars, the weakest one and
    a drill for it."""
    import json

    from intervu_cli.engine.scoring import PILLARS

    settings = _settings(problems_dir=problems_dir)
    store = _open_store()
    try:
        rows = store.sessions()
        from functools import cache

        problems = cache(lambda: _problem_set(settings.problems_dirs))  # loaded once, and only if needed
        reports = {r.id: _report_of(store, r, problems) if r.status == "completed" else _stored_report(store, r.id)
                   for r in rows}
    finally:
        store.close()
    if json_out:
        out = []
        for r in rows:
            rep = reports[r.id]
            extra = {"signal": rep["signal"], "weighted": rep["weighted"],
                     "scores": {p: rep["pillars"][p]["score"] for p in PILLARS}} if rep else {"signal": None}
            out.append({**r.to_dict(), **extra})
        typer.echo(json.dumps(out, indent=2))
        return
    from rich.console import Console
    from rich.table import Table

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
        table.add_row(r.id, r.slug, r.started_at.replace("T", " ")[5:16], f"{minutes}:{seconds:02d}", signal, scores)
    console.print(table)
    console.print("[dim]A algorithms · C coding · P problem solving · V verification · Co communication; "
                  "`intervu report ID` explains a session's scores[/]")
    from intervu_cli.frontends.feedback import print_trend, trend

    summary = trend([reports[r.id] for r in reversed(rows) if reports[r.id] is not None])  # oldest first
    if summary:
        print_trend(summary, console)


@app.command()
def run(
    slug: str = typer.Argument(..., help="The problem."),
    file: Path = typer.Argument(..., help="A solution file (.py or .js)."),
    language: Optional[str] = typer.Option(None, "--language", help="python or javascript (default: from the file's extension)."),
    hidden: bool = typer.Option(False, "--hidden", help="Run the hidden tests too."),
    json_out: bool = typer.Option(False, "--json", help="Print the results as JSON."),
    timeout: Optional[float] = typer.Option(None, "--timeout", help="Wall-clock limit of the run, in seconds (default 5, or run_timeout in the config)."),
    problems_dir: Optional[list[Path]] = ProblemsDirOpt,
) -> None:
    """Run a solution file against a problem's tests (exit 0: all pass, 1: some fail, 2: bad input)."""
    import json

    settings = _settings(problems_dir=problems_dir)
    problem = _find_problem(_problem_set(settings.problems_dirs), slug)
    timeout = settings.run_timeout if timeout is None else timeout
    if language is None:
        language = {".py": "python", ".js": "javascript", ".mjs": "javascript", ".cjs": "javascript"}.get(file.suffix)
        if language is None:
            fail(f"cannot tell the language of {file.name}; pass --language python or --language javascript")
    if language not in ("python", "javascript"):
        fail(f"unsupported language {language!r}; use python or javascript")
    _check_language(problem, language)
    code = _read_text(file, "file")
    if timeout <= 0:
        fail("--timeout must be a positive number of seconds")
    from intervu_cli.sandbox import run_code

    result = run_code(problem, language, code, hidden=hidden, timeout_s=timeout)
    if json_out:
        typer.echo(json.dumps(result.to_dict(), indent=2, default=str))
    else:
        from intervu_cli.engine.events import TestRunResult
        from intervu_cli.frontends.render import TextRenderer

        TextRenderer().test_run(
            TestRunResult(t=0.0, hidden=hidden, passed=result.passed, total=result.total, summary=result.summary,
                          language=language, duration_s=result.duration_s, tests=tuple(result.to_dict()["tests"]))
        )
        missing = [layer for layer in ("netns", "landlock", "seccomp") if layer not in result.layers]
        if result.layers and missing:
            typer.echo(f"note: this machine has no {', '.join(missing)} for the sandbox; the harness stands in, more weakly "
                       "(see README: The sandbox)", err=True)
    raise typer.Exit(0 if result.all_passed else 1)


# --- named now, built by later issues ----------------------------------------------------------------


@app.command()
def bench(
    what: str = typer.Argument(
        "voice", help="voice (the audio loop), sandbox (what a test run costs) or tui (the full-screen app's "
                      "startup and keypress latency)."),
    turns: int = typer.Option(20, "--turns", help="voice: candidate turns (every other one barges in)."),
    llm_ttft_ms: float = typer.Option(200.0, "--llm-ttft-ms", help="voice: the fake LLM's first-token delay."),
    llm_tokens_per_s: float = typer.Option(40.0, "--llm-tokens-per-s", help="voice: the fake LLM's token rate."),
    echo_db: float = typer.Option(-10.0, "--echo-db", help="voice: level of the speaker-to-mic echo path."),
    no_echo: bool = typer.Option(False, "--no-echo", help="voice: no echo path from speaker to mic."),
    room: Optional[bool] = typer.Option(
        None, "--room/--rig",
        help="voice: on your own microphone and speaker (the bench speaks the candidate's lines through the "
             "speaker; keep the room quiet), or on the virtual audio rig. Default: the rig when it is running."),
    device: Optional[str] = typer.Option(None, "--device", help="voice, --room: the microphone (see `intervu devices`)."),
    speaker: Optional[str] = typer.Option(None, "--speaker", help="voice, --room: the speaker."),
    vosk_model: Optional[Path] = typer.Option(None, "--vosk-model", help="voice: a Vosk model directory."),
    runs: Optional[int] = typer.Option(
        None, "--runs", help="sandbox: runs per language (default 20); tui: startup runs per terminal size (default 5)."),
    keys: int = typer.Option(100, "--keys", help="tui: keypresses timed while the interviewer streams (half as many idle)."),
    problems_dir: Optional[list[Path]] = ProblemsDirOpt,
    json_out: bool = typer.Option(False, "--json", help="Print the figures as JSON."),
) -> None:
    """Measure: `intervu bench` runs the voice loop (on the audio rig, or with --room on your own
    microphone and speaker); `intervu bench sandbox` times test runs; `intervu bench tui` times the
    full-screen app on a pseudo-terminal (startup to the first screen, keypress to screen in the
    editor while the interviewer streams and while it is idle)."""
    import json

    if what == "tui":
        runs = 5 if runs is None else runs
        if not 1 <= runs <= 100:
            fail("--runs must be between 1 and 100")
        if not 5 <= keys <= 2000:
            fail("--keys must be between 5 and 2000")
        from intervu_cli import bench_tui

        try:
            report = bench_tui.run(runs=runs, keys=keys)
        except RuntimeError as exc:
            fail(str(exc), code=1)
        except KeyboardInterrupt:
            typer.echo("\nintervu: bench interrupted; every process it started is stopped", err=True)
            raise typer.Exit(130) from None
        if json_out:
            typer.echo(json.dumps(report, indent=2))
        else:
            for line in bench_tui.render(report):
                typer.echo(line)
        return
    if what == "voice":
        _bench_voice(turns, llm_ttft_ms, llm_tokens_per_s, None if no_echo else echo_db, problems_dir, json_out,
                     room=room, device=device, speaker=speaker, vosk_model=vosk_model)
        return
    if what != "sandbox":
        fail(f"unknown benchmark {what!r}; use voice, sandbox or tui")
    runs = 20 if runs is None else runs
    if not 2 <= runs <= 1000:
        fail("--runs must be between 2 and 1000")
    from intervu_cli import bench_sandbox

    settings = _settings(problems_dir=problems_dir)
    problem = _find_problem(_problem_set(settings.problems_dirs), "two-sum")
    try:
        report = bench_sandbox.run(problem, runs)
    except RuntimeError as exc:
        fail(str(exc))
    if json_out:
        typer.echo(json.dumps(report, indent=2))
    else:
        for line in bench_sandbox.render(report):
            typer.echo(line)


# --- voice in ------------------------------------------------------------------------------------------


def _bench_voice(turns: int, ttft_ms: float, tps: float, echo_db: Optional[float], problems_dir, json_out: bool, *,
                 room: Optional[bool] = None, device: Optional[str] = None, speaker: Optional[str] = None,
                 vosk_model: Optional[Path] = None) -> None:
    import json

    if not 1 <= turns <= 500:
        fail("--turns must be between 1 and 500")
    if not 0 <= ttft_ms <= 10000 or not 1 <= tps <= 1000:
        fail("--llm-ttft-ms must be 0-10000 and --llm-tokens-per-s 1-1000")
    from intervu_cli import bench_voice
    from intervu_cli.voice.capture import AudioError

    settings = _settings(problems_dir=problems_dir, input_device=device, output_device=speaker)
    problem = _find_problem(_problem_set(settings.problems_dirs), "two-sum")
    if room is None:
        from intervu_cli.voice.rigprobe import rig_present

        room = not rig_present()
    if not room and (device or speaker):
        fail("--device and --speaker choose your own devices: add --room (the rig has its own)")
    recognizer, _ = _recognizer(vosk_model)
    _quiet_alsa()
    log = (lambda line: typer.echo(line, err=True)) if not json_out else (lambda line: None)
    if room:
        log("on your own microphone and speaker: the bench speaks the candidate's lines out loud (keep the room quiet)")
    try:
        report = bench_voice.run(problem, turns=turns, ttft_ms=ttft_ms, tokens_per_s=tps, echo_db=echo_db,
                                 recognizer=recognizer, log=log, room=room,
                                 input_device=settings.input_device if room else None,
                                 output_device=settings.output_device if room else None)
    except AudioError as exc:
        fail(str(exc))
    if json_out:
        typer.echo(json.dumps(report, indent=2))
        return
    t = ttft_ms

    def fig(d):
        return f"median {d['median']} ms, P99 {d['p99']} ms (n={d['n']})" if d.get("median") is not None else "no data"

    if report.get("room"):
        r = report["room"]
        echo = (f"your microphone and speaker (room noise {r['noise_dbfs']} dBFS, speaker to microphone "
                f"{r['lag_ms']} ms), canceller {report['echo_canceller']}")
    else:
        echo = "no echo path" if echo_db is None else f"echo path {echo_db:g} dB, canceller {report['echo_canceller']}"
    typer.echo(f"voice loop, {turns} turns, LLM first token {t:g} ms at {tps:g} tokens/s, {echo}")
    typer.echo(f"  voice-to-voice (waveform):  {fig(report['voice_to_voice_ms'])}   target median <= {t + 300:g}, P99 <= {t + 500:g}")
    typer.echo(f"  voice-to-voice (timeline):  {fig(report['voice_to_voice_timeline_ms'])}")
    how = "waveform" if report.get("barge_in_measured_from") == "waveform" else "onset at the mic -> player stop"
    typer.echo(f"  barge-in stop ({how}):   {fig(report['barge_in_ms'])}   target median <= 80, P99 <= 150")
    typer.echo(f"  barge-in stop (timeline):   {fig(report['barge_in_timeline_ms'])}")
    typer.echo(f"  mic-ready gap:              {fig(report['mic_ready_gap_ms'])}; largest hole in the mic's frames {report['mic_max_frame_gap_ms']} ms   target <= 20")
    typer.echo(f"  TTS first audio:            {fig(report['tts_first_audio_ms'])}")
    typer.echo(f"  stale chunks after barge-in: {report['stale_chunks']}   target 0")
    typer.echo(f"  self-interruptions:          {report['self_interruptions']} (speaker paused by its own echo: {report['self_pauses']})   target 0")
    typer.echo(f"  barge-ins caught:            {report['barge_ins_caught']}/{report['barge_ins_tried']}   target >= 95%")
    typer.echo(f"  first audio after the endpoint: streaming {report['streaming_first_audio_ms']} ms, sequential "
               f"{report['sequential_first_audio_ms']} ms, ratio {report['first_audio_ratio']}   target >= 3")
    typer.echo(f"  speculative LLM starts used: {report['speculative_turns']}/{report['normal_turns']} turns")
    typer.echo(f"  turns unanswered: {report['turns_unanswered']}; lost to the probe's stream: "
               f"{report['turns_lost_to_the_probe']} (restarts: {report['probe_restarts']})")


@app.command()
def devices(json_out: bool = typer.Option(False, "--json", help="Print a JSON list.")) -> None:
    """List audio input and output devices, and which are the defaults."""
    import json

    from intervu_cli.voice.capture import AudioError, list_devices

    try:
        found = list_devices()
    except AudioError as exc:
        fail(str(exc))
    except OSError as exc:  # PortAudio itself is missing
        fail(f"cannot use audio here ({exc}); install PortAudio (Debian: libportaudio2)")
    settings = _settings()
    for d in found:
        d["in_use"] = _device_matches(d, settings.input_device) if settings.input_device else d["default_input"]
    if json_out:
        typer.echo(json.dumps(found, indent=2))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"{len(found)} audio devices")
    for col in ("#", "name", "host API", "in", "out", "rate", ""):
        table.add_column(col)
    for d in found:
        marks = [m for m, on in (("default in", d["default_input"]), ("default out", d["default_output"]),
                                  ("in use", d["in_use"])) if on]
        table.add_row(str(d["index"]), d["name"], d["hostapi"], str(d["inputs"]), str(d["outputs"]),
                      f"{d['default_samplerate']:g}", ", ".join(marks))
    Console().print(table)
    if not any(d["inputs"] for d in found):
        typer.echo("no input device: voice needs a microphone; use --no-audio to practise by keyboard", err=True)


def _device_matches(d: dict, wanted: str) -> bool:
    return str(d["index"]) == str(wanted).strip() or str(wanted).strip().lower() in d["name"].lower()


def _recognizer(vosk_model: Optional[Path]):
    """The recognizer and its notice, or one clear line."""
    from intervu_cli.voice.models import find_vosk_model
    from intervu_cli.voice.stt import open_recognizer

    try:
        return open_recognizer(find_vosk_model(vosk_model))
    except ValueError as exc:
        fail(str(exc))
    except (ImportError, OSError, RuntimeError) as exc:  # no working recognizer at all
        fail(f"speech recognition is not available ({type(exc).__name__}: {exc}); get a Vosk model with "
             "`intervu models download`, or use --no-audio")


@app.command()
def listen(
    file: Optional[Path] = typer.Option(None, "--file", help="A WAV file instead of the microphone (the same path)."),
    json_out: bool = typer.Option(False, "--json", help="One JSON object per line: speech_start, partial, final, speech_end."),
    device: Optional[str] = typer.Option(None, "--device", help="Input device, by number or name (see `intervu devices`)."),
    vosk_model: Optional[Path] = typer.Option(None, "--vosk-model", help="A Vosk model folder (default: the downloaded one)."),
    seconds: Optional[float] = typer.Option(None, "--seconds", help="Stop listening to the microphone after this long."),
    rate: int = typer.Option(16000, "--rate", help="Open the microphone at this rate (resampled to 16 kHz)."),
    block_ms: int = typer.Option(20, "--block-ms", help="The microphone's block size, in milliseconds."),
    aggressiveness: int = typer.Option(2, "--vad", help="VAD aggressiveness, 0 (lenient) to 3 (strict)."),
    end_silence_ms: int = typer.Option(700, "--end-silence-ms", help="Trailing silence that ends a turn."),
) -> None:
    """Stream the microphone (or a WAV) through VAD and speech recognition; print what is heard."""
    import json
    import threading

    from intervu_cli.voice.capture import AudioError, Microphone, wav_frames
    from intervu_cli.voice.pipeline import Listener
    from intervu_cli.voice.vad import VadConfig

    cfg = VadConfig(aggressiveness=aggressiveness, end_silence_ms=end_silence_ms,
                    hold_silence_ms=max(end_silence_ms, VadConfig.hold_silence_ms))
    try:
        cfg.validate()
    except ValueError as exc:
        fail(str(exc))
    settings = _settings()
    mic = None
    try:
        if file is not None:
            frames = wav_frames(file)
            next_frame = next(frames, None)  # a bad file fails here, before the model loads
            if next_frame is None:
                fail(f"{file} holds no audio")
            import itertools

            frames = itertools.chain([next_frame], frames)
        else:
            if not (8000 <= rate <= 192000 and 5 <= block_ms <= 200):
                fail("--rate must be 8000-192000 and --block-ms 5-200")
            mic = Microphone(device or settings.input_device, rate=rate, block_ms=block_ms)
            frames = mic.frames()
    except AudioError as exc:
        fail(str(exc))
    recognizer, notice = _recognizer(vosk_model)
    if notice:
        typer.echo(notice, err=True)
    if mic is not None:
        typer.echo(f"listening on {mic.name} ({mic.rate} Hz); Ctrl+C stops", err=True)
        if seconds:
            threading.Timer(seconds, mic.close).start()
    listener = Listener(recognizer, cfg)
    try:
        for heard in listener.process(frames):
            if json_out:
                typer.echo(json.dumps(heard.to_dict(), ensure_ascii=False))
            elif heard.type == "partial":
                typer.echo(f"  … {heard.text}")
            elif heard.type == "final":
                typer.echo(f"[{heard.t:7.2f}] {heard.text or '(nothing recognized)'}")
    except KeyboardInterrupt:
        pass
    finally:
        if mic is not None:
            mic.close()
            typer.echo(f"{mic.overflows} input overflows, {mic.dropped} blocks dropped", err=True)
        recognizer.close()


# --- voice out -----------------------------------------------------------------------------------------


@app.command()
def say(
    text: Optional[str] = typer.Argument(None, help="What to say (Markdown is read as speech, as the interviewer's words are)."),
    speaker: Optional[str] = typer.Option(None, "--speaker", help="Speaker (output device), by number or name (see `intervu devices`)."),
    voice_name: Optional[str] = typer.Option(None, "--voice", help="The voice, by id or name (see --voices)."),
    rate: Optional[int] = typer.Option(None, "--rate", help="Speaking rate, in words per minute (default 185)."),
    voices: bool = typer.Option(False, "--voices", help="List the voices (id and name) and exit."),
    json_out: bool = typer.Option(False, "--json", help="Print one JSON object: chunks, samples, timings."),
) -> None:
    """Speak TEXT through the interviewer's voice: sentence chunker, speech synthesizer, speaker."""
    import json
    import time

    settings = _settings(output_device=speaker, tts_voice=voice_name, tts_rate=rate)
    from intervu_cli.voice.capture import AudioError
    from intervu_cli.voice.tts import TTSError, Synthesizer

    if voices:
        try:
            synth = Synthesizer()
        except TTSError as exc:
            fail(str(exc))
        try:
            found = synth.voices()
        finally:
            synth.close()
        if json_out:
            typer.echo(json.dumps([{"id": vid, "name": name} for vid, name in found], indent=2))
        else:
            width = max((len(vid) for vid, _ in found), default=0)
            for vid, name in found:
                typer.echo(f"{vid:<{width}}  {name}")
        return
    if text is None or not text.strip():
        fail("say what? give the text: intervu say \"Two sum in linear time.\" (or --voices to list the voices)")
    from intervu_cli.voice.chunker import chunk_text

    chunks = chunk_text(text)
    if not chunks:
        fail("there is nothing speakable in that text")
    t_setup = time.perf_counter()
    player = _player(settings.output_device)
    synth = None
    try:
        try:
            synth = Synthesizer(settings.tts_voice, settings.tts_rate, out_rate=player.rate)
        except TTSError as exc:
            fail(str(exc))
        report = _speak(chunks, synth, player)
        report["setup_ms"] = round((report.pop("t0") - t_setup) * 1000, 1)
    except AudioError as exc:
        fail(str(exc))
    except KeyboardInterrupt:
        raise typer.Exit(130) from None
    finally:
        if synth is not None:
            synth.close()
        player.close()
    if json_out:
        report["speaker"] = player.name
        typer.echo(json.dumps(report, indent=2))


def _speak(chunks, synth, player) -> dict:
    """Synthesize each chunk and queue it on the player as soon as it is ready (the first one
    plays while the next is synthesized); return once the last sample has been played."""
    import threading
    import time

    from intervu_cli.voice.playback import Clip

    moved = threading.Event()  # a clip started or ended
    player.on_moved = moved.set
    t0 = time.perf_counter()
    clips, tts_ms = [], []
    for seq, chunk in enumerate(chunks, 1):
        t = time.perf_counter()
        samples = synth.synth(chunk.text)
        tts_ms.append(round((time.perf_counter() - t) * 1000, 1))
        clip = Clip(player.gen, seq, samples, chunk.source)
        clips.append(clip)
        player.play(clip)
    played = [c for c in clips if len(c.samples)]
    total = sum(len(c.samples) for c in played)
    deadline = time.perf_counter() + total / player.rate + 10.0
    while True:
        moved.clear()  # before looking, so an end that comes after the look wakes the wait
        left = deadline - time.perf_counter()
        if left <= 0 or all(c.done for c in played):
            break
        moved.wait(left)
    if played and not all(c.done for c in played):
        from intervu_cli.voice.capture import AudioError

        raise AudioError(f"the speaker {player.name!r} stopped playing; check it with `intervu devices`, or pick "
                         "another with --speaker")
    if played:  # `end_t` is when the last sample reaches the DAC: let it get there before closing
        time.sleep(max(0.0, max(c.end_t for c in played) - time.perf_counter()) + 0.05)
    first = min((c.start_t for c in played if c.start_t is not None), default=None)
    return {
        "t0": t0,
        "chunks": [{"text": c.text, "samples": len(clip.samples), "tts_ms": ms}
                   for c, clip, ms in zip(chunks, clips, tts_ms)],
        "samples": total,
        "rate": player.rate,
        "tts_ms": tts_ms,
        "first_sample_played_ms": round((first - t0) * 1000, 1) if first is not None else None,
        "duration_s": round(total / player.rate, 3),
        "underflows": player.underflows,
    }


def _later(name: str, what: str) -> None:
    @app.command(name=name, help=f"{what} (not built yet).")
    def _command() -> None:
        fail(f"`intervu {name}` is not built yet in this version; it arrives with a later release")


for _name, _what in (
    ("doctor", "Check this machine for what intervu needs"),
):
    _later(_name, _what)


from intervu_cli.voice.models_cli import app as _models_app  # noqa: E402 - typer only, the work is lazy

app.add_typer(_models_app, name="models")


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        typer.echo("\nintervu: interrupted", err=True)
        sys.exit(130)
