"""`intervu bench`: the voice loop (the default), `bench sandbox` and `bench tui`. Each benchmark
measures and renders itself (`intervu_cli.bench`); this module only checks the options."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer

from intervu_cli.cli.common import (
    ProblemsDirOpt,
    ears_or_fail,
    fail,
    find_problem,
    get_settings,
    problem_set,
    problem_vocabulary,
    recognizer_or_fail,
)

app = typer.Typer(no_args_is_help=False, add_completion=False)

JsonOpt = typer.Option(False, "--json", help="Print the figures as JSON.")
# The voice loop's options, shared by `intervu bench` and `intervu bench voice`.
Turns = typer.Option(20, "--turns", help="voice: candidate turns (every other one barges in).")
TTFT = typer.Option(200.0, "--llm-ttft-ms", help="voice: the fake LLM's first-token delay.")
TPS = typer.Option(40.0, "--llm-tokens-per-s", help="voice: the fake LLM's token rate.")
EchoDb = typer.Option(-10.0, "--echo-db", help="voice: level of the speaker-to-mic echo path.")
NoEcho = typer.Option(False, "--no-echo", help="voice: no echo path from speaker to mic.")
Room = typer.Option(None, "--room/--rig",
                    help="voice: on your own microphone and speaker (the bench speaks the candidate's lines through "
                         "the speaker; keep the room quiet), or on the virtual audio rig. Default: the rig when it "
                         "is running.")
Device = typer.Option(None, "--device", help="voice, --room: the microphone (see `intervu devices`).")
Speaker = typer.Option(None, "--speaker", help="voice, --room: the speaker.")
VoskModel = typer.Option(None, "--vosk-model", help="voice: a Vosk model directory.")
Baseline = typer.Option(False, "--baseline",
                        help="voice: also run the loop, in the same run and on the same clips, with the old "
                             "endpointing (webrtcvad, a fixed 350 ms silence, the streaming recognizer alone), and "
                             "print the figures before and after side by side.")
Hog = typer.Option(False, "--hog",
                   help="voice: also run the loop beside a CPU hog of the bench's own (busy processes, each with a "
                        "hard deadline, killed when the bench ends): stale chunks, underflows, latency under load.")
HogProcesses = typer.Option(0, "--hog-processes", help="voice, --hog: busy processes (0: as many as cores).")


@app.callback(invoke_without_command=True)
def voice_by_default(ctx: typer.Context, turns: int = Turns, llm_ttft_ms: float = TTFT, llm_tokens_per_s: float = TPS,
                     echo_db: float = EchoDb, no_echo: bool = NoEcho, room: Optional[bool] = Room,
                     device: Optional[str] = Device, speaker: Optional[str] = Speaker,
                     vosk_model: Optional[Path] = VoskModel, baseline: bool = Baseline, hog: bool = Hog,
                     hog_processes: int = HogProcesses, problems_dir: Optional[list[Path]] = ProblemsDirOpt,
                     json_out: bool = JsonOpt) -> None:
    """Measure. `intervu bench` alone (or `bench voice`) runs the voice loop: voice-to-voice latency, barge-in,
    stale audio, on the audio rig or (--room) your own microphone and speaker. `bench sandbox`: what a test run
    costs. `bench tui`: the full-screen app's startup and keypress latency."""
    if ctx.invoked_subcommand is not None:
        given = [name for name in ctx.params
                 if getattr(ctx.get_parameter_source(name), "name", "DEFAULT") != "DEFAULT"]
        if given:
            flags = {param.name: param.opts[0] for param in ctx.command.params}
            options = " ".join(flags.get(name, name) for name in given)
            fail(f"{options} before `{ctx.invoked_subcommand}` would be lost: put the options after it "
                 f"(`intervu bench {ctx.invoked_subcommand} --help` lists them)")
        return
    _bench_voice(turns, llm_ttft_ms, llm_tokens_per_s, None if no_echo else echo_db, problems_dir, json_out,
                 room=room, device=device, speaker=speaker, vosk_model=vosk_model, baseline=baseline,
                 hog=hog, hog_processes=hog_processes)


@app.command("voice")
def voice(turns: int = Turns, llm_ttft_ms: float = TTFT, llm_tokens_per_s: float = TPS, echo_db: float = EchoDb,
          no_echo: bool = NoEcho, room: Optional[bool] = Room, device: Optional[str] = Device,
          speaker: Optional[str] = Speaker, vosk_model: Optional[Path] = VoskModel, baseline: bool = Baseline,
          hog: bool = Hog, hog_processes: int = HogProcesses,
          problems_dir: Optional[list[Path]] = ProblemsDirOpt, json_out: bool = JsonOpt) -> None:
    """The voice loop: voice-to-voice latency, barge-in, stale audio, on the rig or with --room on your own
    microphone and speaker; with --baseline also before (the old endpointing), with --hog also beside a CPU hog."""
    _bench_voice(turns, llm_ttft_ms, llm_tokens_per_s, None if no_echo else echo_db, problems_dir, json_out,
                 room=room, device=device, speaker=speaker, vosk_model=vosk_model, baseline=baseline,
                 hog=hog, hog_processes=hog_processes)


@app.command("sandbox")
def sandbox(
    runs: int = typer.Option(20, "--runs", help="Runs per language."),
    problems_dir: Optional[list[Path]] = ProblemsDirOpt,
    json_out: bool = JsonOpt,
) -> None:
    """What a test run costs, with and without the kernel layers, and the parent's memory through hostile runs."""
    if not 2 <= runs <= 1000:
        fail("--runs must be between 2 and 1000")
    from intervu_cli.bench import sandbox as bench_sandbox

    settings = get_settings(problems_dir=problems_dir)
    problem = find_problem(problem_set(settings.problems_dirs), "two-sum")
    try:
        report = bench_sandbox.run(problem, runs)
    except RuntimeError as exc:
        fail(str(exc))
    _print(report, json_out, bench_sandbox.render)


@app.command("tui")
def tui(
    runs: int = typer.Option(5, "--runs", help="Startup runs per terminal size."),
    keys: int = typer.Option(100, "--keys", help="Keypresses timed while the interviewer streams (half as many idle)."),
    json_out: bool = JsonOpt,
) -> None:
    """The full-screen app on a pseudo-terminal: startup to the first screen, and keypress to screen in the editor
    while the interviewer streams and while it is idle."""
    if not 1 <= runs <= 100:
        fail("--runs must be between 1 and 100")
    if not 5 <= keys <= 2000:
        fail("--keys must be between 5 and 2000")
    from intervu_cli.bench import tui as bench_tui

    try:
        report = bench_tui.run(runs=runs, keys=keys)
    except RuntimeError as exc:
        fail(str(exc), code=1)
    except KeyboardInterrupt:
        typer.echo("\nintervu: bench interrupted; every process it started is stopped", err=True)
        raise typer.Exit(130) from None
    _print(report, json_out, bench_tui.render)


def _print(report: dict, json_out: bool, render) -> None:
    if json_out:
        typer.echo(json.dumps(report, indent=2))
    else:
        for line in render(report):
            typer.echo(line)


def _bench_voice(turns: int, ttft_ms: float, tps: float, echo_db: Optional[float], problems_dir, json_out: bool, *,
                 room: Optional[bool] = None, device: Optional[str] = None, speaker: Optional[str] = None,
                 vosk_model: Optional[Path] = None, baseline: bool = False, hog: bool = False,
                 hog_processes: int = 0) -> None:
    if not 1 <= turns <= 500:
        fail("--turns must be between 1 and 500")
    if not 0 <= hog_processes <= 64:
        fail("--hog-processes must be between 0 (as many as cores) and 64")
    if hog_processes and not hog:
        fail("--hog-processes goes with --hog")
    if not 0 <= ttft_ms <= 10000 or not 1 <= tps <= 1000:
        fail("--llm-ttft-ms must be 0-10000 and --llm-tokens-per-s 1-1000")
    from intervu_cli.voice.audio.capture import AudioError
    from intervu_cli.voice.audio.devices import input_device, output_device, quiet_alsa

    settings = get_settings(problems_dir=problems_dir, input_device=device, output_device=speaker)
    problem = find_problem(problem_set(settings.problems_dirs), "two-sum")
    if room is None:
        from intervu_cli.bench.rigprobe import rig_present

        room = not rig_present()
    if not room and (device or speaker):
        fail("--device and --speaker choose your own devices: add --room (the rig has its own)")
    if room:  # a missing microphone or speaker is said at once, not after seconds of loading models and litellm
        quiet_alsa()
        try:
            input_device(settings.input_device)
            output_device(settings.output_device)
        except AudioError as exc:
            fail(str(exc))
    from intervu_cli.bench import voice as bench_voice
    # What hears the candidate: the spoken interview's ears (`practice` opens them the same way, with
    # the problem's words for Whisper), and for --baseline the old path's streaming recognizer alone.
    # Each configuration opens its own (the duplex listener closes what it was given).
    vocabulary = problem_vocabulary(problem)
    first = ears_or_fail(vosk_model, vocabulary, live=True)
    opened = [first]

    def open_ears():
        return opened.pop() if opened else ears_or_fail(vosk_model, vocabulary, live=True)

    def open_baseline():
        return recognizer_or_fail(vosk_model)[0]

    quiet_alsa()
    log = (lambda line: typer.echo(line, err=True)) if not json_out else (lambda line: None)
    if room:
        log("on your own microphone and speaker: the bench speaks the candidate's lines out loud (keep the room quiet)")
    try:
        from intervu_cli.bench.hog import cores

        if not json_out and first.notice:
            log(first.notice)
        report = bench_voice.run(problem, turns=turns, ttft_ms=ttft_ms, tokens_per_s=tps, echo_db=echo_db,
                                 open_ears=open_ears, open_baseline=open_baseline, baseline=baseline,
                                 hog=(hog_processes or cores()) if hog else 0, log=log, room=room,
                                 input_device=settings.input_device if room else None,
                                 output_device=settings.output_device if room else None)
    except AudioError as exc:
        fail(str(exc))
    finally:
        for ears in opened:  # not used (the run stopped before)
            ears.close()
    if json_out:
        typer.echo(json.dumps(report, indent=2))
        return
    for line in bench_voice.render(report, turns=turns, ttft_ms=ttft_ms, tokens_per_s=tps, echo_db=echo_db):
        typer.echo(line)
