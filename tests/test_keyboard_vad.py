"""Typing is not talking: a candidate types while the microphone is open.

No keyboard was recorded on these machines, so the clatter is made up (`bench/turnset.keyboard`:
key presses and releases, short broadband bursts ringing through a key-cap resonance, at a typist's
rate and at the levels a laptop keyboard reaches its own microphone), and said to be so. It goes
through the real `Listener` path (VAD, onset, minimum speech) with Silero and with webrtcvad, alone
and over the steady room noises of the turn-taking set; and speech typed over is still heard.
"""

from __future__ import annotations

import random

import jiwer
import numpy as np

from intervu_cli.bench import turnset
from intervu_cli.voice.audio.capture import Frame
from intervu_cli.voice.listening.pipeline import Listener
from intervu_cli.voice.listening.prosody import SpeechProbability
from intervu_cli.voice.listening.stt import PocketsphinxRecognizer, WhisperRecognizer
from intervu_cli.voice.listening.vad import VadConfig
from intervu_cli.voice.listening.whisper import Whisper
from tests import speech_models
from tests.conftest import SPEECH


def frames(pcm: np.ndarray):
    for i in range(0, len(pcm) - 319, 320):
        yield Frame(pcm[i:i + 320].tobytes(), i / 16000)


def onsets(listener: Listener, pcm: np.ndarray) -> int:
    return sum(1 for h in listener.process(frames(pcm)) if h.type == "speech_start")


def test_typing_is_not_speech(capsys):
    rng = random.Random(7)
    rec = PocketsphinxRecognizer()
    rows = []
    for peak in (-30.0, -24.0, -18.0):
        for rate in (4.0, 8.0):
            for noise in ("", "fan"):
                x = turnset.keyboard(12.0, rate, peak, rng)
                if noise:
                    x = x + turnset.steady_noise(noise, 12.01, -45.0, rng)[: len(x)]
                pcm = turnset._int16(x)
                silero = onsets(Listener(rec, VadConfig(), speech=SpeechProbability()), pcm)
                webrtc = onsets(Listener(rec, VadConfig()), pcm)
                rows.append((peak, rate, noise or "quiet", silero, webrtc))
    with capsys.disabled():
        print("\nturns started by 12 s of typing (made-up key clatter), Silero vs webrtcvad:")
        for peak, rate, noise, silero, webrtc in rows:
            print(f"  peak {peak:5.0f} dBFS, {rate:.0f} keys/s, {noise:5}: Silero {silero}, webrtcvad {webrtc}")
    assert sum(r[3] for r in rows) == 0
    assert sum(r[4] for r in rows) > 0  # the clatter is loud enough to fool the old VAD: the test can fail


def test_speech_typed_over_is_still_heard():
    rng = random.Random(8)
    with __import__("wave").open(str(SPEECH / "librivox-0880.wav"), "rb") as w:
        speech = np.frombuffer(w.readframes(w.getnframes()), np.int16).astype(np.float64)
    pad = np.zeros(8000)
    x = np.concatenate([pad, speech, pad, pad])
    x = x + turnset.keyboard(len(x) / 16000, 6.0, -24.0, rng)[: len(x)]
    whisper = Whisper(speech_models.whisper_base())
    listener = Listener(WhisperRecognizer(whisper, PocketsphinxRecognizer()), VadConfig(), speech=SpeechProbability())
    heard = list(listener.process(frames(turnset._int16(x))))
    assert sum(1 for h in heard if h.type == "speech_start") == 1  # one turn: the typing neither starts nor splits one
    final = [h.text for h in heard if h.type == "final"]
    assert len(final) == 1 and jiwer.wer("he was not an ill disposed young man", final[0]) <= 0.25, final
