"""The audio commands: `intervu devices`, `intervu listen` (the microphone or a WAV through VAD and
speech recognition) and `intervu say` (a line in the interviewer's voice)."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from intervu_cli.core.vocab import Hearing
from intervu_cli.cli.common import VoskModelOpt, ears_or_fail, fail, get_settings, open_player


def devices(json_out: bool = typer.Option(False, "--json", help="Print a JSON list.")) -> None:
    """List audio input and output devices, and which are the defaults."""
    import json

    from intervu_cli.voice.audio.capture import AudioError, list_devices

    try:
        found = list_devices()
    except AudioError as exc:
        fail(str(exc))
    except OSError as exc:  # PortAudio itself is missing
        fail(f"cannot use audio here ({exc}); install PortAudio (Debian: libportaudio2)")
    settings = get_settings()
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
        typer.echo("no input device: voice needs a microphone; `intervu practice SLUG --no-audio` practises by "
                   "keyboard", err=True)


def _device_matches(d: dict, wanted: str) -> bool:
    return str(d["index"]) == str(wanted).strip() or str(wanted).strip().lower() in d["name"].lower()


def listen(
    file: Optional[Path] = typer.Option(None, "--file", help="A WAV file instead of the microphone (the same path)."),
    json_out: bool = typer.Option(False, "--json",
                                  help="One JSON object per line: speech_start, partial, final, speech_end."),
    device: Optional[str] = typer.Option(None, "--device",
                                         help="Input device, by number or name (see `intervu devices`)."),
    vosk_model: Optional[Path] = VoskModelOpt,
    seconds: Optional[float] = typer.Option(None, "--seconds",
                                            help="Stop listening to the microphone after this long."),
    rate: int = typer.Option(16000, "--rate", help="Open the microphone at this rate (resampled to 16 kHz)."),
    block_ms: int = typer.Option(20, "--block-ms", help="The microphone's block size, in milliseconds."),
    aggressiveness: int = typer.Option(2, "--vad", help="VAD aggressiveness, 0 (lenient) to 3 (strict)."),
    end_silence_ms: Optional[int] = typer.Option(
        None, "--end-silence-ms",
        help="End a turn after this much silence, instead of the spoken interview's turn judge."),
) -> None:
    """Stream the microphone (or a WAV) through VAD and speech recognition; print what is heard. Turns end
    as in a spoken interview (the turn judge), unless --end-silence-ms is given."""
    import json
    import threading

    from intervu_cli.voice.audio.capture import AudioError, Microphone, wav_frames
    from intervu_cli.voice.listening.pipeline import Listener
    from intervu_cli.voice.listening.vad import VadConfig

    fixed = end_silence_ms is not None
    silence_ms = end_silence_ms if fixed else VadConfig.end_silence_ms
    cfg = VadConfig(aggressiveness=aggressiveness, end_silence_ms=silence_ms,
                    hold_silence_ms=max(silence_ms, VadConfig.hold_silence_ms))
    try:
        cfg.validate()
    except ValueError as exc:
        fail(str(exc))
    settings = get_settings()
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
    ears = ears_or_fail(vosk_model, live=mic is not None)
    recognizer, notice = ears.recognizer, ears.notice
    if notice:
        typer.echo(notice, err=True)
    if mic is not None:
        typer.echo(f"listening on {mic.name} ({mic.rate} Hz); Ctrl+C stops", err=True)
        if seconds:
            threading.Timer(seconds, mic.close).start()
    listener = Listener(recognizer, cfg) if fixed else Listener(recognizer, cfg, speech=ears.speech,
                                                                   judge=ears.judge)
    try:
        for heard in listener.process(frames):
            if json_out:
                typer.echo(json.dumps(heard.to_dict(), ensure_ascii=False))
            elif heard.type == Hearing.PARTIAL:
                typer.echo(f"  … {heard.text}")
            elif heard.type == Hearing.FINAL:
                typer.echo(f"[{heard.t:7.2f}] {heard.text or '(nothing recognized)'}")
    except KeyboardInterrupt:
        pass
    finally:
        if mic is not None:
            mic.close()
            typer.echo(f"{mic.overflows} input overflows, {mic.dropped} blocks dropped", err=True)
        ears.close()


def say(
    text: Optional[str] = typer.Argument(None, help="What to say (Markdown is read as speech, "
                                                    "as the interviewer's words are)."),
    speaker: Optional[str] = typer.Option(None, "--speaker",
                                          help="Speaker (output device), by number or name (see `intervu devices`)."),
    voice_name: Optional[str] = typer.Option(None, "--voice", help="The voice, by id or name (see --voices)."),
    rate: Optional[int] = typer.Option(None, "--rate", help="Speaking rate, in words per minute (default 185)."),
    voices: bool = typer.Option(False, "--voices", help="List the voices (id and name) and exit."),
    json_out: bool = typer.Option(False, "--json", help="Print one JSON object: chunks, samples, timings."),
) -> None:
    """Speak TEXT through the interviewer's voice: sentence chunker, speech synthesizer, speaker."""
    import json
    import time

    settings = get_settings(output_device=speaker, tts_voice=voice_name, tts_rate=rate)
    from intervu_cli.voice.audio.capture import AudioError
    from intervu_cli.voice.speaking.tts import TTSError, Synthesizer

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
    from intervu_cli.voice.speaking.chunker import chunk_text
    from intervu_cli.voice.speaking.say import speak

    chunks = chunk_text(text)
    if not chunks:
        fail("there is nothing speakable in that text")
    t_setup = time.perf_counter()
    player = open_player(settings.output_device)
    synth = None
    try:
        try:
            synth = Synthesizer(settings.tts_voice, settings.tts_rate, out_rate=player.rate)
        except TTSError as exc:
            fail(str(exc))
        report = speak(chunks, synth, player)
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
