"""Shared fixtures: a private INTERVU_HOME per test, the installed `intervu` console script, a session
store, and the helpers of the tests that talk to the fake LLM server."""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from intervu_cli.bench.fakellm import FakeLLMServer
from intervu_cli.engine import llm as llm_mod
from intervu_cli.store import Store

# Tests must not depend on how pytest was started. Under a wrapper that ignores SIGINT (a shell's
# background job, `python -c 'signal.signal(SIGINT, SIG_IGN); os.execvp(...)'`), an ignored signal is
# inherited through fork and exec, so every `intervu` a test starts would ignore Ctrl+C (and Python in it
# would install no KeyboardInterrupt at all). A handled signal is reset to the default by exec: with
# Python's own handler here, each child starts with SIGINT as a terminal gives it.
if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)

REPO = Path(__file__).resolve().parents[1]
SCRIPTS = REPO / "tests" / "scripts"
SHARED = REPO.parent / "shared"  # beside the clone, in CI as here
SPEECH = SHARED / "speech"  # real recorded English speech, with transcripts.tsv
RIG = SHARED / "audio-rig"  # a virtual microphone and speaker on PulseAudio


def intervu_exe() -> str:
    """The console script installed beside this interpreter (tests use the real entry point)."""
    exe = Path(sys.executable).parent / "intervu"
    if exe.exists():
        return str(exe)
    found = shutil.which("intervu")
    assert found, "the intervu console script is not installed: pip install -e '.[test]'"
    return found


def live_processes_with(entry: str) -> list[int]:
    """Live processes (zombies aside) whose environment holds `entry` ("NAME=value"): a test tags
    what it starts through the environment, which every child inherits, and asks this at the end."""
    needle = entry.encode()
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit() or int(proc.name) == os.getpid():
            continue
        try:
            environ = (proc / "environ").read_bytes()
            state = (proc / "stat").read_text().split(") ", 1)[1][0]
        except OSError:  # gone, or not ours
            continue
        if needle in environ.split(b"\0") and state != "Z":
            found.append(int(proc.name))
    return found


@pytest.fixture
def home(tmp_path, monkeypatch) -> Path:
    """A fresh INTERVU_HOME; no user config, no model from the environment."""
    h = tmp_path / "home"
    h.mkdir()
    monkeypatch.setenv("INTERVU_HOME", str(h))
    for var in ("INTERVU_MODEL", "INTERVU_API_BASE", "INTERVU_PROBLEMS_DIR", "INTERVU_LANGUAGE", "INTERVU_MINUTES"):
        monkeypatch.delenv(var, raising=False)
    return h


@pytest.fixture
def cli(home):
    """Run the installed `intervu` with arguments; returns the CompletedProcess."""

    def run(*args: str, input: str | None = None, timeout: float = 120,
            env: dict | None = None) -> subprocess.CompletedProcess:
        return subprocess.run(
            [intervu_exe(), *args],
            input=input,
            capture_output=True,
            text=True,
            timeout=timeout,
            env={**os.environ, "COLUMNS": "200", **(env or {})},
        )

    return run


def _pulse_up(env: dict) -> bool:
    try:
        return subprocess.run(["pactl", "info"], env=env, capture_output=True, timeout=10).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


def pytest_collection_modifyitems(items) -> None:
    """Every test that uses the audio rig, through whatever fixture, is marked `rig` (pyproject.toml's
    markers): `-m rig` selects them, `-m "not rig"` leaves the rig to whoever has it."""
    for item in items:
        if "audio_rig" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.rig)


def _clear_dead_pid_file() -> None:
    """A PulseAudio that aborted is left a zombie here (nothing reaps the daemon), and its pid file
    still names it: a new one would refuse to start ("Daemon already running")."""
    pid_file = Path(os.environ.get("XDG_RUNTIME_DIR", "/tmp/intervu-audio-rig/xdg")) / "pulse" / "pid"
    try:
        pid = int(pid_file.read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        state = "gone"
    if state in ("Z", "X", "gone"):
        pid_file.unlink(missing_ok=True)


def _start_rig() -> None:
    _clear_dead_pid_file()
    out = subprocess.run(
        ["bash", "-c",
         f"source {RIG / 'start.sh'} >/dev/null 2>&1; echo \"$XDG_RUNTIME_DIR\"; echo \"$PULSE_SERVER\""],
        capture_output=True, text=True, timeout=60,
    )
    xdg, pulse = out.stdout.strip().splitlines()[-2:]
    os.environ["XDG_RUNTIME_DIR"], os.environ["PULSE_SERVER"] = xdg, pulse
    assert _pulse_up(dict(os.environ)), "the audio rig did not start"


@pytest.fixture(scope="session")
def _rig_session(tmp_path_factory):
    if shutil.which("pactl") is None or shutil.which("pulseaudio") is None:
        pytest.fail("the audio rig needs Debian's pulseaudio, pulseaudio-utils, alsa-utils, libasound2-plugins and "
                    "libportaudio2 (.ci/run installs them)")
    # The rig's PulseAudio aborts now and then when a client's stream is killed while its shared-memory
    # blocks are in flight ("Cannot send block reference with non-registered memfd", then an assertion
    # in memblock_replace_import: pulseaudio issue 824; seen once, right after test_audio_watchdog
    # dropped streams on purpose). The clients the tests start (intervu, the probe, pactl) send their
    # audio over the socket instead: the same streams, without that code path.
    if "PULSE_CLIENTCONFIG" not in os.environ:
        conf = tmp_path_factory.mktemp("pulse") / "client.conf"
        conf.write_text("enable-shm = no\nenable-memfd = no\n")
        os.environ["PULSE_CLIENTCONFIG"] = str(conf)
    started_here = not _pulse_up(dict(os.environ))
    if started_here:
        _start_rig()
    yield
    if started_here:
        subprocess.run(["bash", str(RIG / "stop.sh")], capture_output=True, timeout=30)


@pytest.fixture
def audio_rig(_rig_session):
    """The virtual microphone `vmic` (fed through the sink `vmic_sink`) and speaker `vspeaker` of
    ../shared/audio-rig, reached through ALSA's `default` device. .ci/run starts it; when it is not
    running, it is started here and stopped again at the end of the session. If its PulseAudio died
    during an earlier test (see `_rig_session`), it is started again, and the test says so on stderr,
    so that one crash does not fail every rig test after it."""
    if not _pulse_up(dict(os.environ)):
        log = Path(os.environ.get("AUDIO_DIR", "/tmp/intervu-audio-rig")) / "pulse.log"
        last = log.read_text(errors="replace").strip().splitlines()[-1:] if log.is_file() else []
        print(f"the audio rig's PulseAudio was not running (its log ends: {last}); starting it again",
              file=sys.stderr)
        _start_rig()
    return {"mic_sink": "vmic_sink", "mic": "vmic", "speaker": "vspeaker", "env": dict(os.environ)}


@pytest.fixture
def store(tmp_path):
    """A session store in the test's own folder, closed after it."""
    s = Store(tmp_path / "s.sqlite3")
    yield s
    s.close()


def cfg_for(server: FakeLLMServer, **kw) -> llm_mod.LLMConfig:
    """An LLM configuration that talks to the fake OpenAI-compatible server over real HTTP."""
    return llm_mod.LLMConfig(model="openai/fake", api_base=server.base_url, api_key="sk-test", **kw)


def collect(stream) -> list:
    """Every event of an engine stream, driven to its end."""
    async def go():
        return [e async for e in stream]

    return asyncio.run(go())
