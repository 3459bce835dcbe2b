"""Endpointing on real recorded speech (../shared/speech), cut and spliced with silence."""

from __future__ import annotations

import numpy as np
import pytest

from conftest import SPEECH
from intervu_cli.voice.audio.capture import FRAME_BYTES, RATE, Frame, read_wav
from intervu_cli.voice.listening.vad import Endpointer, VadConfig, ends_open


def _frames(pcm: bytes) -> list[Frame]:
    pcm = pcm + b"\0" * (-len(pcm) % FRAME_BYTES)
    return [Frame(pcm[i : i + FRAME_BYTES], i / 2 / RATE) for i in range(0, len(pcm), FRAME_BYTES)]


def _silence(ms: int) -> bytes:
    rng = np.random.default_rng(0)  # a quiet room, not digital zero
    return (rng.normal(0, 30, RATE * ms // 1000)).astype(np.int16).tobytes()


def _speech(name: str = "librivox-0880.wav") -> bytes:
    pcm, rate = read_wav(SPEECH / name)
    assert rate == RATE
    return pcm


def _run(pcm: bytes, cfg: VadConfig | None = None, context: str = "") -> list:
    ep = Endpointer(cfg)
    events = []
    frames = _frames(pcm)
    for f in frames:
        if context and ep.state == "speech":
            ep.context = context
        events += [e for e in ep.feed(f) if e.kind != "audio"]
    events += ep.flush(len(frames) * 0.02)
    return events


def _at(ms: int) -> int:
    return RATE * ms // 1000 * 2


def test_a_pause_below_the_threshold_does_not_split_a_turn():
    speech = _speech()
    pcm = _silence(500) + speech[: _at(1400)] + _silence(450) + speech[_at(1400) :] + _silence(1500)
    events = _run(pcm)
    assert [e.kind for e in events] == ["start", "end"]
    # ... and the same pause above the threshold does split it
    split = _run(pcm, VadConfig(end_silence_ms=300, hold_silence_ms=300))
    assert [e.kind for e in split] == ["start", "end", "start", "end"]


@pytest.mark.parametrize("end_ms", [400, 700, 1200])
def test_silence_after_speech_ends_the_turn_within_the_configured_time(end_ms):
    pcm = _silence(300) + _speech() + _silence(3000)
    start, end = _run(pcm, VadConfig(end_silence_ms=end_ms, hold_silence_ms=end_ms))
    assert start.kind == "start" and end.kind == "end"
    waited = round((end.detected_t - end.t) * 1000)
    assert end_ms <= waited <= end_ms + 40, waited
    speech_len = len(_speech()) / 2 / RATE
    assert abs(end.t - (0.3 + speech_len)) < 0.5  # it ended where the speech did, not at the file's end


def test_a_100_ms_click_is_not_a_turn():
    speech = _speech()
    # 100 ms out of the middle of a word: loud, and voiced as far as webrtcvad can tell
    click = speech[_at(600) : _at(700)]
    ep = Endpointer()
    assert sum(ep.voiced(f) for f in _frames(click)) >= 3, "the click is not voiced: the test would prove nothing"
    pcm = _silence(800) + click + _silence(1500) + click + _silence(1500)
    assert _run(pcm) == []
    # a real utterance after the clicks still is one
    assert [e.kind for e in _run(pcm + speech + _silence(1000))] == ["start", "end"]


def test_the_pre_roll_keeps_the_first_syllable():
    speech = _speech()
    pcm = _silence(1000) + speech + _silence(1000)
    start = _run(pcm)[0]
    assert start.t >= 1.0  # the onset is in the speech...
    assert round(start.t - start.frames[0].t, 3) >= 0.28  # ...and the 300 ms before it go to the recognizer too


def test_a_candidate_who_trails_off_gets_longer_than_one_who_asked():
    speech = _speech()
    pcm = _silence(300) + speech + _silence(1000) + speech + _silence(2500)
    cfg = VadConfig(end_silence_ms=700, hold_silence_ms=1500)
    assert [e.kind for e in _run(pcm, cfg, context="and so")] == ["start", "end"]  # a 1 s pause after "so": held
    asked = _run(pcm, cfg, context="can the array be empty?")
    assert [e.kind for e in asked] == ["start", "end", "start", "end"]
    assert ends_open("I would use a hash map and") and ends_open("um")
    assert not ends_open("what about duplicates?") and not ends_open("that's O(n).")
    # Mid-thought endings hold; words that often end a sentence do not.
    for held in ("so", "so the", "I loop over it and", "the complement of", "because", "then I", "uh"):
        assert ends_open(held), held
    for closed in ("he might have been more respectable than he was", "I would test it", "I think so",
                   "let me do that", "what is it for", "I guess so", "that is what I want to"):
        assert not ends_open(closed), closed


def test_bad_settings_are_refused():
    with pytest.raises(ValueError):
        Endpointer(VadConfig(aggressiveness=5))
