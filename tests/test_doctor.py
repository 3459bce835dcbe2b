"""`intervu doctor`, the real console script: on the audio rig with a model server and without one,
with Node.js hidden, with no audio device at all, with a bad config; and every command its fixes
name is a real one, with options that exist."""

from __future__ import annotations

import json
import math
import os
import re
import shlex
import socket
import struct
import subprocess
import time
import wave
from pathlib import Path

import pytest

from intervu_cli.bench.fakellm import FakeLLMServer
from tests import speech_models


@pytest.fixture(autouse=True)
def _nothing_chosen(monkeypatch):
    """No choice from the environment this runs in: each test says what it asks for."""
    for var in ("INTERVU_INPUT_DEVICE", "INTERVU_OUTPUT_DEVICE", "INTERVU_TTS_VOICE", "INTERVU_TTS_RATE",
                "INTERVU_VOSK_MODEL", "INTERVU_WHISPER_MODEL", "INTERVU_SMART_TURN_MODEL", "INTERVU_SANDBOX_SKIP",
                "INTERVU_API_KEY", "INTERVU_THEME"):
        monkeypatch.delenv(var, raising=False)


def run_json(cli, *args, env=None):
    proc = cli("doctor", "--json", *args, env=env)
    assert proc.stdout.strip(), proc.stderr
    report = json.loads(proc.stdout)
    checks = {c["name"]: c for c in report["checks"]}
    for check in checks.values():
        assert set(check) == {"name", "ok", "status", "detail", "fix", "blocking"}
        assert check["ok"] == (check["status"] != "fail")
        assert check["status"] in ("ok", "fail", "warn", "absent")
        assert (check["fix"] is None) == (check["status"] == "ok"), check  # every line but a ✔ says what to do
    assert report["ok"] == (proc.returncode == 0)
    return proc, checks


def line(text: str, title: str) -> str:
    """The report's line for `title` (its mark first)."""
    found = [x for x in text.splitlines() if x[2:].startswith(title + " ")]
    assert len(found) == 1, text
    return found[0]


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def no_audio_env(tmp_path: Path) -> dict:
    """No audio device at all, whatever the machine has: a sound server that is not there, and an
    ALSA configuration whose only devices go through it (no card of the machine's)."""
    conf = tmp_path / "asound.conf"
    conf.write_text("pcm.!default { type pulse }\nctl.!default { type pulse }\n")
    return {"PULSE_SERVER": f"unix:{tmp_path}/no-such-dir/native", "ALSA_CONFIG_PATH": str(conf)}


def path_without_node(tmp_path: Path) -> str:
    """A PATH like this one, but with no node on it: a folder of links to everything else."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for folder in os.environ.get("PATH", "").split(os.pathsep):
        try:
            names = os.listdir(folder)
        except OSError:
            continue
        for name in names:
            if name in ("node", "nodejs") or (bin_dir / name).exists():
                continue
            os.symlink(os.path.join(folder, name), bin_dir / name)
    return str(bin_dir)


def tone(path: Path, seconds: float = 60.0, amplitude: float = 0.3) -> Path:
    rate = 16000
    frames = b"".join(struct.pack("<h", int(amplitude * 32767 * math.sin(2 * math.pi * 440 * i / rate)))
                      for i in range(int(rate * seconds)))
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(frames)
    return path


class Playing:
    """A WAV played into the rig's microphone for as long as the block lasts (started for sure)."""

    def __init__(self, rig: dict, wav: Path) -> None:
        self.rig, self.wav = rig, wav

    def _inputs(self) -> str:
        return subprocess.run(["pactl", "list", "sink-inputs"], env=self.rig["env"], capture_output=True, text=True,
                              timeout=10).stdout

    def __enter__(self):
        before = self._inputs().count("Sink Input #")
        self.proc = subprocess.Popen(["paplay", "-d", self.rig["mic_sink"], str(self.wav)], env=self.rig["env"],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 30
        while self._inputs().count("Sink Input #") <= before:
            assert self.proc.poll() is None and time.monotonic() < deadline, "paplay did not start"
            time.sleep(0.05)
        return self

    def __exit__(self, *exc) -> None:
        self.proc.kill()
        self.proc.wait()


def test_on_the_rig_with_a_model_server_all_that_is_asked_for_works(cli, home, audio_rig, tmp_path):
    with Playing(audio_rig, tone(tmp_path / "tone.wav")), FakeLLMServer("Hi.") as server:
        args = ("--model", "openai/x", "--api-base", server.base_url)
        proc = cli("doctor", *args, env=audio_rig["env"])
        json_proc, checks = run_json(cli, *args, env=audio_rig["env"])
        asked = len(server.requests)
    out = proc.stdout
    assert proc.returncode == 0 and json_proc.returncode == 0, out + proc.stderr
    assert proc.stderr == "" and json_proc.stderr == ""  # no chatter from ALSA, eSpeak or litellm
    mic = line(out, "Microphone")
    assert mic.startswith("✔"), out
    level = float(re.search(r"level (-?\d+) dBFS", mic).group(1))
    assert -30 <= level <= -3, mic  # the 440 Hz tone at 0.3 of full scale: about -13.5 dBFS
    assert line(out, "Speaker").startswith("✔"), out
    llm = line(out, "LLM")
    assert llm.startswith("✔") and "openai/x" in llm and "--model" in llm, out
    assert re.search(r"first token in \d+ ms", llm), llm
    assert asked >= 2  # a real request from each run reached the server
    assert line(out, "Speech synthesis").startswith("✔") and " ms" in line(out, "Speech synthesis")
    assert line(out, "Sandbox").startswith(("✔", "!")), out
    assert checks["microphone"]["status"] == "ok" and "dBFS" in checks["microphone"]["detail"]
    assert checks["speaker"]["status"] == "ok"
    assert checks["llm"]["status"] == "ok" and server.base_url in checks["llm"]["detail"]
    assert not any(c["blocking"] for c in checks.values())


def test_on_the_rig_without_a_model_server(cli, home, audio_rig):
    address = f"http://127.0.0.1:{closed_port()}/v1"
    proc = cli("doctor", "--model", "openai/x", "--api-base", address, env=audio_rig["env"])
    assert proc.returncode == 1, proc.stdout + proc.stderr
    llm = line(proc.stdout, "LLM")
    assert llm.startswith("✘") and address in llm and "openai/x" in llm, proc.stdout
    fix = proc.stdout.splitlines()[proc.stdout.splitlines().index(llm) + 1]
    assert "fix:" in fix and address in fix and "--model none" in fix
    assert "Not ready: LLM" in proc.stdout
    # nothing plays into the rig's microphone: digital silence, said as such, and no failure
    assert line(proc.stdout, "Microphone").startswith("!") and "silence" in line(proc.stdout, "Microphone")
    assert line(proc.stdout, "Speaker").startswith("✔")

    _, checks = run_json(cli, "--model", "openai/x", "--api-base", address, env=audio_rig["env"])
    assert checks["llm"]["status"] == "fail" and checks["llm"]["blocking"] and address in checks["llm"]["detail"]

    # the same model from INTERVU_MODEL, then from the config file: asked for too, and the line says where from
    proc = cli("doctor", "--api-base", address, env={**audio_rig["env"], "INTERVU_MODEL": "openai/x"})
    assert proc.returncode == 1 and "INTERVU_MODEL" in line(proc.stdout, "LLM"), proc.stdout
    (home / "config.toml").write_text(f'model = "openai/x"\napi_base = "{address}"\n')
    proc = cli("doctor", env=audio_rig["env"])
    assert proc.returncode == 1 and str(home / "config.toml") in line(proc.stdout, "LLM"), proc.stdout

    # no model at all: the built-in lines, how to configure one, and not a failure
    (home / "config.toml").unlink()
    proc = cli("doctor", env=audio_rig["env"])
    assert proc.returncode == 0, proc.stdout + proc.stderr
    llm = line(proc.stdout, "LLM")
    assert llm.startswith("–") and "built-in lines" in llm, proc.stdout
    assert "--model" in proc.stdout.splitlines()[proc.stdout.splitlines().index(llm) + 1]
    proc = cli("doctor", "--model", "none", env=audio_rig["env"])
    assert proc.returncode == 0 and line(proc.stdout, "LLM").startswith("✔"), proc.stdout


def test_node_hidden(cli, home, tmp_path):
    env = {"PATH": path_without_node(tmp_path), **no_audio_env(tmp_path)}
    proc = cli("doctor", env=env)
    assert proc.returncode == 0, proc.stdout + proc.stderr  # python asked for: JavaScript is optional
    node = line(proc.stdout, "Node.js")
    assert node.startswith("–") and "Node.js" in node, proc.stdout
    assert "apt install nodejs" in proc.stdout.splitlines()[proc.stdout.splitlines().index(node) + 1]

    for args, extra in ((("--language", "javascript"), {}), ((), {"INTERVU_LANGUAGE": "javascript"})):
        proc, checks = run_json(cli, *args, env={**env, **extra})
        assert proc.returncode == 1, proc.stdout
        assert checks["node"]["status"] == "fail" and checks["node"]["blocking"]
        assert "apt install nodejs" in checks["node"]["fix"] and "--language python" in checks["node"]["fix"]
    (home / "config.toml").write_text('language = "javascript"\n')
    proc = cli("doctor", env=env)
    assert proc.returncode == 1 and line(proc.stdout, "Node.js").startswith("✘"), proc.stdout

    # with node on the PATH: found, with its version
    (home / "config.toml").unlink()
    _, checks = run_json(cli, "--language", "javascript", env=no_audio_env(tmp_path))
    assert checks["node"]["status"] == "ok" and re.search(r"v\d+\.\d+", checks["node"]["detail"])


def test_no_audio_device(cli, home, tmp_path):
    env = no_audio_env(tmp_path)
    proc = cli("doctor", env=env)
    assert proc.returncode == 0, proc.stdout + proc.stderr  # no device asked for: practise by keyboard
    assert proc.stderr == ""
    for title in ("Microphone", "Speaker"):
        found = line(proc.stdout, title)
        assert found.startswith("✘") and "no audio devices" in found, proc.stdout
        fix = proc.stdout.splitlines()[proc.stdout.splitlines().index(found) + 1]
        assert "`intervu practice two-sum --no-audio`" in fix
    assert "Ready" in proc.stdout

    proc, checks = run_json(cli, "--device", "99", env=env)
    assert proc.returncode == 1
    assert checks["microphone"]["status"] == "fail" and checks["microphone"]["blocking"]
    assert "--device" in checks["microphone"]["fix"]
    assert checks["speaker"]["status"] == "fail" and not checks["speaker"]["blocking"]
    # the speech synthesizer needs no device: it still works
    assert checks["speech_synthesis"]["status"] == "ok"


def test_the_models_practice_would_use(cli, home, tmp_path):
    """Whisper and smart-turn where INTERVU_WHISPER_MODEL and INTERVU_SMART_TURN_MODEL say: used and
    said so; set to what is not a model: a failure of what was asked for."""
    env = {**no_audio_env(tmp_path), "INTERVU_WHISPER_MODEL": str(speech_models.whisper_base()),
           "INTERVU_SMART_TURN_MODEL": str(speech_models.smart_turn())}
    proc = cli("doctor", env=env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert line(proc.stdout, "Speech recognition").startswith("✔ Speech recognition  Whisper base"), proc.stdout
    assert line(proc.stdout, "Turn-taking model").startswith("✔") and "loaded" in proc.stdout
    assert line(proc.stdout, "Voice activity").startswith("✔ Voice activity      Silero VAD loaded")

    env.update(INTERVU_WHISPER_MODEL=str(tmp_path), INTERVU_SMART_TURN_MODEL=str(tmp_path / "none.onnx"))
    proc, checks = run_json(cli, env=env)
    assert proc.returncode == 1
    assert checks["speech_recognition"]["blocking"] and "INTERVU_WHISPER_MODEL" in checks["speech_recognition"]["fix"]
    assert checks["smart_turn"]["blocking"] and "INTERVU_SMART_TURN_MODEL" in checks["smart_turn"]["fix"]

    env.update(INTERVU_WHISPER_MODEL="", INTERVU_SMART_TURN_MODEL="")  # none: pocketsphinx, and how to do better
    _, checks = run_json(cli, env=env)
    heard = checks["speech_recognition"]
    assert heard["status"] == "absent" and "pocketsphinx" in heard["detail"]
    assert "`intervu models download whisper-base`" in heard["fix"]
    assert checks["smart_turn"]["status"] == "absent"


def test_a_bad_config_is_a_line_and_a_bad_option_one_clear_error(cli, home, tmp_path):
    env = no_audio_env(tmp_path)
    (home / "config.toml").write_text('minutes = "many"\n')
    proc = cli("doctor", env=env)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr
    config = line(proc.stdout, "Config file")
    assert config.startswith("✘") and "minutes" in config and str(home / "config.toml") in config
    assert line(proc.stdout, "Sandbox")  # the other checks went on
    (home / "config.toml").unlink()
    proc = cli("doctor", "--language", "cobol", env=env)
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr.startswith("intervu: ") and len(proc.stderr.strip().splitlines()) == 1, proc.stderr


def test_every_fix_names_a_real_command_with_real_options(cli, home, tmp_path):
    """Doctor run where most things fail; each `intervu ...` its fixes name is run with --help: the
    command exists, and every option the fix gives it is in its help."""
    env = {"PATH": path_without_node(tmp_path), **no_audio_env(tmp_path),
           "INTERVU_WHISPER_MODEL": str(tmp_path / "no-whisper"),
           "INTERVU_SMART_TURN_MODEL": str(tmp_path / "no-smart-turn.onnx")}
    fixes = []
    for args, extra in (
        (("--model", "openai/x", "--api-base", f"http://127.0.0.1:{closed_port()}/v1", "--language", "javascript",
          "--device", "99", "--speaker", "98", "--voice", "no-such-voice"), {}),
        ((), {"INTERVU_WHISPER_MODEL": "", "INTERVU_SMART_TURN_MODEL": ""}),  # the absent, optional things
        (("--vosk-model", str(tmp_path)), {}),
    ):
        proc, checks = run_json(cli, *args, env={**env, **extra})
        fixes += [c["fix"] for c in checks.values() if c["fix"]]
    commands = sorted({m for fix in fixes for m in re.findall(r"`(intervu [^`]*)`", fix)})
    assert len(commands) >= 8, commands
    for wanted in ("intervu practice two-sum --no-audio", "intervu models download whisper-base",
                   "intervu models download smart-turn-v3.2", "intervu say --voices",
                   "intervu practice two-sum --model none", "intervu practice two-sum --language python"):
        assert wanted in commands, commands
    for command in commands:
        words = shlex.split(command)
        proc = cli(*words[1:], "--help")
        assert proc.returncode == 0, (command, proc.stdout, proc.stderr)
        for option in (w for w in words if w.startswith("--")):
            assert option in proc.stdout, (command, option)
