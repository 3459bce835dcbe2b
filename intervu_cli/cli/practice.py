"""`intervu practice` and `intervu resume`: an interview put together (session.assemble) and run in
the front end asked for: scripted, the line-by-line REPL, or the full-screen app."""

from __future__ import annotations

import errno
import shlex
import sys
from pathlib import Path
from typing import Any, Optional

import typer

from intervu_cli.cli.common import (
    ProblemsDirOpt,
    VoskModelOpt,
    check_language,
    choose_model,
    crash_log,
    fail,
    fail_on_store_error,
    find_problem,
    get_settings,
    open_store,
    pick_session,
    problem_set,
    read_text,
    ears_or_fail,
    problem_vocabulary,
)


def _read_script(script: str):
    from intervu_cli.frontends.script import ScriptError, parse, parse_stream

    if script == "-":
        return parse_stream(sys.stdin)
    text = read_text(Path(script), "script file")
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


def _conduct(interview, store, *, script: Optional[str], steps, json_out: bool, notices: tuple[str, ...], clock,
             voice=None, tui: bool = False, theme: str = "dark", demo=None) -> None:
    """Run an interview in the scripted, keyboard-REPL or full-screen front end; exit with the right code.
    The demo model's server (`demo`), if any, is stopped when the interview is over, however it ends."""
    import asyncio

    from intervu_cli.core.config import data_dir
    from intervu_cli.frontends.render import JsonRenderer, TextRenderer
    from intervu_cli.frontends.script import ScriptError
    from intervu_cli.store import StoreError, StoreWriteError

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
                            show_voice=not json_out, problem_first=not json_out)
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
    except StoreWriteError as exc:  # a full disk, say: every line shown was committed before it was shown
        fail(f"{exc.problem}; the interview up to the last line shown is saved: {exc.remedy}, "
             f"then run `intervu resume {session_id}`", code=1)
    except StoreError as exc:  # the file damaged under us: its own advice
        fail(str(exc), code=1)
    except Exception as exc:  # noqa: BLE001 - a bug of ours: keep the details, lose nothing, say one line
        if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
            fail(f"disk full ({exc}); the interview up to the last line shown is saved: free some space, "
                 f"then run `intervu resume {session_id}`", code=1)
        log = crash_log(exc)
        details = f"details in {log}" if log is not None else "no crash log could be written"
        fail(f"internal error ({type(exc).__name__}: {exc}); {details}. {paused}", code=1)
    finally:
        if voice is not None:
            voice.close()  # again, harmlessly: however we got here, no stream or thread is left
        if demo is not None:
            demo.close()
        store.close()
    if interview.ended and not json_out:
        typer.echo(f"Session {session_id} saved. `intervu history` lists your sessions.")


# The audio options of a spoken interview, as `practice` and `resume` take them. A session remembers
# the ones given on the command line (and whether it was spoken); `resume` runs it with them again.
DeviceOpt = typer.Option(None, "--device", help="Microphone, by number or name (see `intervu devices`).")
SpeakerOpt = typer.Option(None, "--speaker", help="Speaker (output device), by number or name (see `intervu devices`).")
VoiceOpt = typer.Option(None, "--voice", help="The interviewer's voice, by id or name (`intervu say --voices`).")
RateOpt = typer.Option(None, "--rate", help="The interviewer's speaking rate, in words per minute (default 185).")
BackchannelOpt = typer.Option(None, "--backchannel-ms",
                              help="Speech shorter than this over the interviewer (\"mm-hmm\") does not interrupt it "
                                   "(default 400).")
AUDIO_SETTINGS = ("input_device", "output_device", "tts_voice", "tts_rate", "backchannel_ms")


def _audio_given(device: Optional[str], speaker: Optional[str], voice_name: Optional[str], rate: Optional[int],
                 backchannel_ms: Optional[int], vosk_model: Optional[Path]) -> dict[str, Any]:
    """The audio options given on this command line, by their settings' names."""
    given = {"input_device": device, "output_device": speaker, "tts_voice": voice_name, "tts_rate": rate,
             "backchannel_ms": backchannel_ms,
             "vosk_model": str(vosk_model.expanduser().resolve()) if vosk_model is not None else None}
    return {key: value for key, value in given.items() if value is not None}


def _audio_settings(audio: dict[str, Any]) -> dict[str, Any]:
    return {key: audio.get(key) for key in AUDIO_SETTINGS}


def _open_voice(settings, vosk_model: Optional[str], vocabulary: Optional[str] = None) -> tuple[Any, list[str]]:
    """The voice kit and the notices that say what it listens and speaks on."""
    voice, notice = _voice_kit(settings, Path(vosk_model) if vosk_model else None, vocabulary)
    notices = [notice] if notice else []
    notices.append(f"Listening on {voice.mic.name}, speaking on {voice.player.name}: talk, or type; "
                   "talk over the interviewer to interrupt.")
    return voice, notices


def _serve(choice, problem):
    """The model as the session uses it, and the demo model's server to stop when the session ends
    (None: not the demo)."""
    if not choice.demo:
        return choice, None
    from intervu_cli.session.demo import serve

    return serve(choice, problem)


def practice(
    slug: str = typer.Argument(..., help="The problem, e.g. two-sum (`intervu problems` lists them)."),
    no_audio: bool = typer.Option(False, "--no-audio", help="Talk by keyboard instead of voice."),
    script: Optional[str] = typer.Option(None, "--script",
                                         help="Drive the interview from a script file ('-' for stdin)."),
    json_out: bool = typer.Option(False, "--json", help="Print one JSON object per event per line."),
    plain: bool = typer.Option(False, "--plain", help="Line by line in the terminal instead of the full-screen app."),
    new: bool = typer.Option(False, "--new", help="Start a new interview even when an unfinished one of this "
                                                  "problem could be resumed (without asking)."),
    model: Optional[str] = typer.Option(None, "--model", help="Any litellm model string; 'none' for built-in lines; "
                                                              "'demo' for a scripted stand-in model."),
    api_base: Optional[str] = typer.Option(None, "--api-base",
                                           help="Base URL of the model's API (Ollama, an OpenAI-compatible server)."),
    language: Optional[str] = typer.Option(None, "--language", help="python or javascript."),
    minutes: Optional[int] = typer.Option(None, "--minutes", help="Length of the interview (default 45)."),
    device: Optional[str] = DeviceOpt,
    speaker: Optional[str] = SpeakerOpt,
    voice_name: Optional[str] = VoiceOpt,
    rate: Optional[int] = RateOpt,
    backchannel_ms: Optional[int] = BackchannelOpt,
    vosk_model: Optional[Path] = VoskModelOpt,
    problems_dir: Optional[list[Path]] = ProblemsDirOpt,
) -> None:
    """Start a mock interview on a problem (or continue an unfinished one of it)."""
    from intervu_cli.engine.clock import ManualClock, MonotonicClock
    from intervu_cli.session.assemble import new_interview, sandbox_runner

    audio = _audio_given(device, speaker, voice_name, rate, backchannel_ms, vosk_model)
    settings = get_settings(model=model, api_base=api_base, language=language, minutes=minutes,
                            problems_dir=problems_dir, **_audio_settings(audio))
    problem = find_problem(problem_set(settings.problems_dirs), slug)
    check_language(problem, settings.language)
    steps = _read_script(script) if script is not None else None  # malformed: reported before anything starts
    store = open_store(write=True)
    voice = demo = None
    try:
        unfinished = [] if new else [row for row in store.sessions(status="in_progress") if row.slug == problem.slug]
        if unfinished:
            again = f"intervu resume {unfinished[0].id}" + "".join(
                f" --problems-dir {shlex.quote(str(d))}" for d in problems_dir or ())
            if script is None and not json_out and sys.stdin.isatty():
                if _ask_to_resume(unfinished, settings.language, again):
                    _resume_row(unfinished[0], store, spoken=not no_audio, audio=audio, script=None, json_out=False,
                                plain=plain, model=model, api_base=api_base, problems_dir=problems_dir)
                    return
            else:
                typer.echo(f"intervu: {_unfinished_line(unfinished)}; this starts a new one. "
                           f"To continue that one instead: {again}", err=True)
        notices: list[str] = []
        choice = choose_model(settings)
        if choice.notice:
            notices.append(choice.notice)
        spoken = not no_audio and script is None
        if spoken:
            voice, said = _open_voice(settings, audio.get("vosk_model"), problem_vocabulary(problem))
            notices += said
        choice, demo = _serve(choice, problem)
        clock = ManualClock() if script is not None else MonotonicClock()
        interview = new_interview(
            problem, store, clock, language=settings.language, minutes=settings.minutes,
            llm=choice.config, model_label=choice.label, runner=sandbox_runner(settings.run_timeout),
            audio={"spoken": spoken, **audio},
        )
    except BaseException as exc:
        if voice is not None:
            voice.close()
        if demo is not None:
            demo.close()
        store.close()
        fail_on_store_error(exc)
        raise
    _conduct(interview, store, script=script, steps=steps, json_out=json_out, notices=tuple(notices), clock=clock,
             voice=voice, tui=_use_tui(script, json_out, plain), theme=settings.theme, demo=demo)


def _when(iso: str) -> str:
    """A stored UTC time, as the candidate's clock says it: "today at 14:03", "yesterday at 09:10",
    "Mon 3 Jun at 18:30" (with the year when it is not this one)."""
    from datetime import datetime, timedelta

    try:
        at = datetime.fromisoformat(iso).astimezone()
    except ValueError:
        return iso
    today = datetime.now().astimezone().date()
    if at.date() == today:
        day = "today"
    elif at.date() == today - timedelta(days=1):
        day = "yesterday"
    else:
        day = f"{at:%a} {at.day} {at:%b}" + (f" {at.year}" if at.year != today.year else "")
    return f"{day} at {at:%H:%M}"


def _minutes_in(clock_s: float) -> str:
    minutes = int(clock_s // 60)
    return "under a minute in" if minutes < 1 else f"{minutes} min in"


def _unfinished_line(rows, language: Optional[str] = None) -> str:
    """"you have an unfinished two-sum interview from today at 14:03 (ID, 12 min in)": the latest
    of `rows`, the unfinished sessions of one problem."""
    latest = rows[0]
    lang = f" in {latest.language}" if language is not None and latest.language != language else ""
    where = f"from {_when(latest.started_at)} ({latest.id}, {_minutes_in(latest.clock_s)})"
    if len(rows) == 1:
        return f"you have an unfinished {latest.slug} interview{lang} {where}"
    return f"you have {len(rows)} unfinished {latest.slug} interviews; the latest{lang} is {where}"


def _ask_to_resume(rows, language: str, again: str) -> bool:
    """Ask on the terminal whether to resume the latest unfinished session (True) or start a new one.
    Ctrl+C or Ctrl+D: leave, with nothing started."""
    line = _unfinished_line(rows, language)
    prompt = f"{line[0].upper()}{line[1:]}. Resume it? [Y/n] "
    try:
        while True:
            sys.stderr.write(prompt)
            sys.stderr.flush()
            answer = sys.stdin.readline()
            if not answer:
                raise EOFError
            answer = answer.strip().lower()
            if answer in ("", "y", "yes"):
                return True
            if answer in ("n", "no"):
                return False
            prompt = "Please answer y (resume it) or n (start a new one): "
    except (KeyboardInterrupt, EOFError) as exc:
        typer.echo(f"\nintervu: nothing started; `{again}` continues the unfinished one", err=True)
        raise typer.Exit(130 if isinstance(exc, KeyboardInterrupt) else 1) from None


# How a spoken interview that cannot open its audio goes on: the voice layer's messages say what is
# wrong with the device, the microphone or the recognizer; only here is there a keyboard to fall back on.
KEYBOARD = ", or practise by keyboard with --no-audio"


def _voice_kit(settings, vosk_model: Optional[Path], vocabulary: Optional[str] = None):
    """Everything a spoken interview needs (session.assemble.open_voice_kit), or one clear line
    saying what to do."""
    if not sys.stdin.isatty():
        fail("a voice interview needs a terminal; to drive one from a file, use --no-audio --script FILE")
    from intervu_cli.session.assemble import open_voice_kit
    from intervu_cli.voice.audio.capture import AudioError
    from intervu_cli.voice.speaking.tts import TTSError

    try:
        return open_voice_kit(input_device=settings.input_device, output_device=settings.output_device,
                              tts_voice=settings.tts_voice, tts_rate=settings.tts_rate,
                              backchannel_ms=settings.backchannel_ms,
                              open_ears=lambda: ears_or_fail(vosk_model, vocabulary, fallback=KEYBOARD))
    except (AudioError, TTSError) as exc:
        fail(f"{exc}{KEYBOARD}")
    except OSError as exc:  # PortAudio itself is missing
        fail(f"cannot use audio here ({exc}); install PortAudio (Debian: libportaudio2){KEYBOARD}")


def resume(
    session_id: Optional[str] = typer.Argument(None, help="The session (default: the latest unfinished one)."),
    audio_on: Optional[bool] = typer.Option(None, "--audio/--no-audio",
                                            help="Continue by voice, or by keyboard (default: as the interview "
                                                 "was last run)."),
    script: Optional[str] = typer.Option(None, "--script", help="Continue from a script file ('-' for stdin)."),
    json_out: bool = typer.Option(False, "--json", help="Print one JSON object per event per line."),
    plain: bool = typer.Option(False, "--plain", help="Line by line in the terminal instead of the full-screen app."),
    model: Optional[str] = typer.Option(None, "--model", help="Any litellm model string; 'none' for built-in lines; "
                                                              "'demo' for a scripted stand-in model."),
    api_base: Optional[str] = typer.Option(None, "--api-base", help="Base URL of the model's API."),
    device: Optional[str] = DeviceOpt,
    speaker: Optional[str] = SpeakerOpt,
    voice_name: Optional[str] = VoiceOpt,
    rate: Optional[int] = RateOpt,
    backchannel_ms: Optional[int] = BackchannelOpt,
    vosk_model: Optional[Path] = VoskModelOpt,
    problems_dir: Optional[list[Path]] = ProblemsDirOpt,
) -> None:
    """Continue an unfinished interview, spoken or by keyboard as it was (the options change that)."""
    audio = _audio_given(device, speaker, voice_name, rate, backchannel_ms, vosk_model)
    get_settings(model=model, api_base=api_base, problems_dir=problems_dir, **_audio_settings(audio))  # bad: say so now
    store = open_store(write=True)
    row = pick_session(store, session_id, status="in_progress",
                       none="there is no unfinished interview to resume; start one with `intervu practice SLUG`")
    if row.status == "completed":
        store.close()
        fail(f"session {row.id} is already complete; `intervu report {row.id}` shows its feedback, "
             "`intervu history` lists your sessions")
    _resume_row(row, store, spoken=audio_on, audio=audio, script=script, json_out=json_out, plain=plain,
                model=model, api_base=api_base, problems_dir=problems_dir)


def _resume_row(row, store, *, spoken: Optional[bool], audio: dict[str, Any], script: Optional[str], json_out: bool,
                plain: bool, model: Optional[str], api_base: Optional[str],
                problems_dir: Optional[list[Path]]) -> None:
    """Continue the unfinished session `row`: spoken or not as it was last run unless `spoken` says,
    with the audio options it remembers, those in `audio` over them. What was given here is
    remembered for the next time."""
    from intervu_cli.engine.clock import ManualClock, MonotonicClock
    from intervu_cli.session.assemble import resume_interview, sandbox_runner

    from intervu_cli.engine.llm import DEMO

    voice = demo = None
    if model is None and row.model == DEMO:
        model = DEMO  # a demo session goes on with the demo (it needs nothing but its name), unless told otherwise
    try:
        remembered = store.audio(row.id)
        before = remembered or {}
        options = {**{key: value for key, value in before.items() if key != "spoken" and value is not None}, **audio}
        talk = bool(before.get("spoken")) if spoken is None else spoken
        settings = get_settings(model=model, api_base=api_base, problems_dir=problems_dir,
                                **_audio_settings(options))
        problem = find_problem(problem_set(settings.problems_dirs), row.slug)
        steps = _read_script(script) if script is not None else None
        choice = choose_model(settings)
        notices = [choice.notice] if choice.notice else []
        if talk and script is None:
            voice, said = _open_voice(settings, options.get("vosk_model"), problem_vocabulary(problem))
            notices += said
        choice, demo = _serve(choice, problem)
        clock_type = ManualClock if script is not None else MonotonicClock
        interview = resume_interview(problem, store, row.id, clock_type, llm=choice.config, model_label=choice.label,
                                     runner=sandbox_runner(settings.run_timeout))
        if spoken is not None or audio:
            store.set_audio(row.id, {"spoken": talk, **options})
    except BaseException as exc:
        if voice is not None:
            voice.close()
        if demo is not None:
            demo.close()
        store.close()
        fail_on_store_error(exc)  # the session open in another intervu, say: one line, nothing written
        raise
    _conduct(interview, store, script=script, steps=steps, json_out=json_out, notices=tuple(notices),
             clock=interview.clock, voice=voice, tui=_use_tui(script, json_out, plain), theme=settings.theme,
             demo=demo)
