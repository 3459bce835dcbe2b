"""The app's own microphone and speaker come back when their stream dies.

PortAudio's ALSA host API now and then gives up on a device ("PaAlsaStream_WaitForFrames ...
failed") and the stream goes inactive with no error to anyone; it was seen on the rig's probe
under load. Here it is caused for real: the sound server drops the app's stream
(`pacmd kill-source-output` / `kill-sink-input` on the rig's PulseAudio), which makes PortAudio
fail in exactly that way. No mocks."""

from __future__ import annotations

import os
import subprocess
import threading
import time

import numpy as np

from intervu_cli.voice.audio.capture import Microphone
from intervu_cli.voice.audio.playback import Clip, Player
from intervu_cli.bench.rigprobe import RigProbe, _names, _pactl, _streams


def _mine(kind: str, device: str) -> list[str]:
    """Indexes of this process's `pactl list sink-inputs|source-outputs` entries on `device`."""
    key, short = ("Sink", "sinks") if kind == "sink-inputs" else ("Source", "sources")
    names = _names(_pactl("list", "short", short))
    pid = str(os.getpid())
    return [entry for dev, pid_, entry in _streams(_pactl("list", kind), key)
            if pid_ == pid and names.get(dev) == device]


def _kill(what: str, index: str) -> None:
    done = subprocess.run(["pacmd", what, index], capture_output=True, text=True, timeout=10)
    assert done.returncode == 0 and not done.stdout.strip(), (done.stdout, done.stderr)


def test_the_microphone_comes_back_after_its_stream_dies(audio_rig):
    mic = Microphone()
    frames: list[float] = []
    stop = threading.Event()

    def listen():
        for frame in mic.frames():
            frames.append(frame.host_t)
            if stop.is_set():
                return

    th = threading.Thread(target=listen, daemon=True)
    th.start()
    try:
        time.sleep(0.5)
        (index,) = _mine("source-outputs", audio_rig["mic"])
        _kill("kill-source-output", index)
        killed = time.perf_counter()
        deadline = killed + 5
        while time.perf_counter() < deadline and not (mic.restarts and frames and frames[-1] > killed + 0.5):
            time.sleep(0.05)
        assert mic.restarts == 1
        assert frames[-1] > killed + 0.5  # frames flow again after the restart
    finally:
        stop.set()
        mic.close()
        th.join(5)
    assert not th.is_alive()


def test_the_speaker_comes_back_and_finishes_the_clip(audio_rig):
    probe = RigProbe()
    player = Player()
    try:
        time.sleep(0.3)
        tone = (0.3 * 32767 * np.sin(2 * np.pi * 440 * np.arange(16000 * 2) / 16000)).astype(np.int16)
        player.play(Clip(0, 1, tone, "a two second tone"))
        time.sleep(0.5)
        (index,) = _mine("sink-inputs", audio_rig["speaker"])  # the player's (the probe's is on vmic_sink)
        _kill("kill-sink-input", index)
        time.sleep(0.3)
        assert not player._stream.active  # PortAudio gave up on it
        player.check()  # what the conversation does every 20 ms
        assert player.restarts == 1 and player._stream.active
        t = time.perf_counter()
        assert probe.first_sound_after(t + 0.05, timeout=2) is not None  # the speaker is playing again
        deadline = time.perf_counter() + 5
        while player.busy(0) and time.perf_counter() < deadline:
            time.sleep(0.05)
        assert not player.busy(0)  # the clip played on to its end
    finally:
        player.close()
        probe.close()
