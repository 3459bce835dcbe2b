"""`intervu doctor`: what a practice session needs, tried here, a line each (session.doctor does the
checking; this draws it). Module level imports only typer: the work is imported inside the command."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from intervu_cli.cli.common import VoskModelOpt, fail

MARKS = {"ok": "✔", "fail": "✘", "warn": "!", "absent": "–"}
TITLES = {"python": "Python", "microphone": "Microphone", "speaker": "Speaker",
          "speech_recognition": "Speech recognition", "speech_synthesis": "Speech synthesis", "vad": "Voice activity",
          "smart_turn": "Turn-taking model", "llm": "LLM", "node": "Node.js", "sandbox": "Sandbox",
          "config": "Config file", "data": "Data folder"}


def doctor(
    json_out: bool = typer.Option(False, "--json", help="Print one JSON object: {ok, checks: [{name, ok, status, "
                                                        "detail, fix, blocking}]}."),
    model: Optional[str] = typer.Option(None, "--model", help="The model to try, as practice takes it "
                                                               "(default: the one practice would choose)."),
    api_base: Optional[str] = typer.Option(None, "--api-base", help="Base URL of the model's API."),
    language: Optional[str] = typer.Option(None, "--language", help="python or javascript (javascript needs "
                                                                     "Node.js)."),
    device: Optional[str] = typer.Option(None, "--device", help="Microphone to try, by number or name "
                                                                 "(see `intervu devices`)."),
    speaker: Optional[str] = typer.Option(None, "--speaker", help="Speaker to try, by number or name."),
    voice_name: Optional[str] = typer.Option(None, "--voice", help="The interviewer's voice to try "
                                                                    "(`intervu say --voices`)."),
    rate: Optional[int] = typer.Option(None, "--rate", help="Its speaking rate, in words per minute."),
    vosk_model: Optional[Path] = VoskModelOpt,
) -> None:
    """Check what a practice session needs on this machine: a line each, and what to do about what
    does not work.

    Python, the microphone (its level) and the speaker, speech recognition and synthesis, the
    turn-taking models, the LLM (one real request), Node.js, the sandbox's layers, the config file and
    the data folder. ✔ works, ✘ does not, ! works less well, – optional and not there; every line but
    a ✔ says what to do.

    Exit 1 when something you asked for cannot work: a model, microphone, speaker or voice chosen by
    an option, an INTERVU_* variable or the config file; javascript as the language without Node.js;
    a model path in INTERVU_VOSK_MODEL, INTERVU_WHISPER_MODEL or INTERVU_SMART_TURN_MODEL that is not
    one; or what every session needs: valid settings, the sessions file, the sandbox. Else exit 0,
    even with ✘ lines for what you did not ask for (no audio device: `intervu practice SLUG --no-audio`
    practises by keyboard; no model: the interviewer uses its built-in lines). Exit 2 for a bad option.
    """
    from intervu_cli.core import jsontext
    from intervu_cli.core.config import ConfigError
    from intervu_cli.core.visible import visible
    from intervu_cli.session.doctor import exit_code, run_checks

    try:
        checks = run_checks(model=model, api_base=api_base, language=language, input_device=device,
                            output_device=speaker, tts_voice=voice_name, tts_rate=rate,
                            vosk_model=str(vosk_model) if vosk_model is not None else None)
    except ConfigError as exc:  # a bad option: one line, as practice says it
        fail(str(exc))
    code = exit_code(checks)
    if json_out:
        typer.echo(jsontext.dumps({"ok": code == 0, "checks": [c.to_dict() for c in checks]}, indent=2))
        raise typer.Exit(code)
    width = max(len(t) for t in TITLES.values())
    for check in checks:
        typer.echo(f"{MARKS[check.status]} {TITLES.get(check.name, check.name):<{width}}  {visible(check.detail)}")
        if check.fix and check.status != "ok":
            typer.echo(f"  {'':<{width}}  fix: {visible(check.fix)}")
    failed = [TITLES.get(c.name, c.name) for c in checks if c.blocking and c.status == "fail"]
    if failed:
        typer.echo(f"\nNot ready: {', '.join(failed)}: asked for (or needed by every session), and not working.")
    else:
        typer.echo("\nReady: what you asked for works" + (" (the lines without ✔ say what else could)."
                                                          if any(c.status != "ok" for c in checks) else "."))
    raise typer.Exit(code)
