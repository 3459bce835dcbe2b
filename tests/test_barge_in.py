"""The barge-in detector and the echo canceller, offline, on real sound.

The interviewer's voice is real eSpeak NG speech from the app's synthesizer; the candidate is real
recorded speech from ../shared/speech; the canceller is the real WebRTC AEC3 and the detector's
VAD the real webrtcvad. What is simulated is the room: the echo path from the speaker to the
microphone (a delay and a gain, optionally a reverberant tail) — this machine has no speaker and
no microphone, and the rig's loopback only gives one dry path (tests/test_duplex_rig.py and
tests/test_voice_out_cli.py exercise that one end to end). A paused speaker stops feeding the
echo, as a real one does.
"""

from __future__ import annotations

import wave

import numpy as np
import pytest

from conftest import SPEECH

from intervu_cli.voice.duplex.echo import BargeInConfig, BargeInDetector, EchoCanceller, dbfs

FRAME = 320  # the microphone's 20 ms frames

ANSWERS = [
    "Hi, thanks for joining. We have about 45 minutes for one problem: Two Sum. Take a moment to read it, "
    "ask me anything that's unclear, and then talk me through your approach before you start coding.",
    "Okay, that makes sense. What is the time complexity of that approach, and can you do better than "
    "quadratic time?",
]


@pytest.fixture(scope="module")
def interviewer() -> np.ndarray:
    from intervu_cli.voice.speaking.tts import Synthesizer

    synth = Synthesizer(out_rate=16000)
    try:
        parts = [synth.synth(text) for text in ANSWERS]
    finally:
        synth.close()
    gap = np.zeros(8000, np.int16)
    return np.concatenate([parts[0], gap, parts[1], gap, parts[0]])


def _load(name: str) -> np.ndarray:
    with wave.open(str(SPEECH / name), "rb") as w:
        return np.frombuffer(w.readframes(w.getnframes()), np.int16)


def _voice_start(pcm: np.ndarray, above_db: float) -> float:
    """Where the recording's voice starts, as a perfect detector would hear it: the first 30 ms
    that webrtcvad calls voiced and that are louder than `above_db` (the detector's floor with no
    echo; the echo's level when there is one — quieter voice is buried in it)."""
    import webrtcvad

    vad, run = webrtcvad.Vad(3), 0
    for k in range(0, len(pcm) - 160, 160):
        sub = pcm[k:k + 160]
        run = run + 1 if dbfs(sub) >= above_db and vad.is_speech(sub.tobytes(), 16000) else 0
        if run == 3:
            return (k - 320) / 16000
    raise AssertionError("no voice in the recording")


_IR = np.random.default_rng(1).normal(0, 1, 4800) * np.exp(-np.arange(4800) / 16000 * 6.9 / 0.3)
_IR[0] = 4
_IR /= np.sqrt(np.sum(_IR**2))  # a room's tail, RT60 0.3 s, energy 0 dB


def _room(speaker: np.ndarray, candidate: list[tuple[float, np.ndarray]], *, echo_db: float | None,
          reverb: bool = False, seconds: float | None = None, delay_ms: float = 35):
    """Plays `speaker` (pausing it at an onset, resuming after a back-channel, dropping it at a
    barge-in) while the candidate talks; returns the detector's decisions with their times, the
    detector, and what the recognizer would have heard."""
    n = int((seconds or len(speaker) / 16000 + 1) * 16000)
    cand = np.zeros(n)
    for start, pcm in candidate:
        a = int(start * 16000)
        cand[a:a + len(pcm)] += pcm[: n - a]
    cand += np.random.default_rng(0).normal(0, 32768 * 10 ** (-65 / 20), n)  # a quiet room's noise
    played = np.zeros(n)
    det, aec = BargeInDetector(BargeInConfig()), EchoCanceller()
    assert aec.available, aec.error
    d = int(delay_ms * 16)
    pos, paused, dropped, events = 0, False, False, []
    heard = np.zeros(n, np.int16)
    for i in range(0, n - FRAME + 1, FRAME):
        if not paused and not dropped and pos < len(speaker):
            block = speaker[pos:pos + FRAME]
            played[i:i + len(block)] = block
            pos += len(block)
        echo = 0.0
        if echo_db is not None and i >= d:
            if reverb:
                seg = played[max(0, i - d - len(_IR) + 1):i - d + FRAME]
                echo = np.convolve(seg, _IR)[len(seg) - FRAME:len(seg)]
            else:
                echo = played[i - d:i - d + FRAME]
            echo = echo * 10 ** (echo_db / 20)
        mic = np.clip(cand[i:i + FRAME] + echo, -32768, 32767).astype(np.int16)
        ref = played[i:i + FRAME].astype(np.int16)
        clean = aec.process(mic, ref)
        floor = (pos < len(speaker) and not dropped) or paused
        decision = det.feed(mic, clean, ref, i / 16000, floor=floor)
        heard[i:i + FRAME] = mic if det.echo_free else clean
        if decision:
            events.append((i / 16000, decision))
            if decision == "onset":
                paused = True
            elif decision == "backchannel":
                paused, pos = False, max(0, pos - 4000)
            elif decision == "barge_in":
                paused, dropped = False, True
    return events, det, heard, cand


@pytest.mark.parametrize("echo_db,reverb", [(-10, False), (-3, False), (0, False), (-10, True), (-3, True)],
                         ids=["-10dB", "-3dB", "0dB", "-10dB-room", "-3dB-room"])
def test_its_own_echo_never_pauses_the_interviewer(interviewer, echo_db, reverb):
    events, det, _, _ = _room(interviewer, [], echo_db=echo_db, reverb=reverb)
    assert events == [], f"paused by its own echo: {events}"
    assert det.erl_db is not None and abs(det.erl_db - echo_db) < 3, det.erl_db  # the echo path was learned


CASES = [("librivox-0880.wav", 1.0), ("cards-002.wav", 2.5), ("jfk.wav", 4.0), ("librivox-0930.wav", 6.0),
         ("goforward.wav", 8.5), ("cards-004.wav", 11.0)]


@pytest.mark.parametrize("echo_db", [None, -10], ids=["headphones", "laptop-echo"])
def test_the_candidate_talking_over_it_is_caught_at_once(interviewer, echo_db):
    latencies = []
    for name, start in CASES:
        speech = _load(name)
        above = BargeInConfig().floor_dbfs if echo_db is None else dbfs(interviewer) + echo_db
        voice = start + _voice_start(speech, above)
        events, det, heard, cand = _room(interviewer, [(start, speech)], echo_db=echo_db, seconds=start + 4)
        onsets = [t for t, what in events if what == "onset"]
        assert onsets and onsets[0] >= start, f"{name}: {events}"  # nothing before the candidate spoke
        assert any(what == "barge_in" for _, what in events), f"{name}: not committed: {events}"
        latencies.append((onsets[0] - voice) * 1000)
        if echo_db is None:
            # No echo: the recognizer hears the raw microphone, first words and all.
            first = slice(int(voice * 16000), int((voice + 0.5) * 16000))
            assert abs(dbfs(heard[first]) - dbfs(cand[first].astype(np.int16))) < 1.0, name
    print(f"\nonset after the voice starts ({'no echo' if echo_db is None else f'{echo_db} dB echo'}): "
          f"{[round(x) for x in latencies]} ms")
    # 30 ms of voice is the onset rule itself (times here are to the 20 ms frame); an echo costs
    # a little more (the raw microphone must beat it, or the canceller must let the voice through).
    if echo_db is None:
        assert min(latencies) >= 0, latencies  # never before the voice
    assert max(latencies) <= 150 and float(np.median(latencies)) <= 60, latencies


def test_a_back_channel_does_not_interrupt(interviewer):
    """"Mm-hmm": a quarter of a second of voice pauses the speaker and then resumes it."""
    speech = _load("cards-001.wav")
    a = int(_voice_start(speech, -40) * 16000)
    short = speech[a:a + 4000].astype(float) * np.hanning(8000)[4000:]  # 250 ms, faded out
    events, _, _, _ = _room(interviewer, [(3.0, short.astype(np.int16))], echo_db=-10, seconds=6)
    kinds = [what for _, what in events]
    assert kinds == ["onset", "backchannel"], events
