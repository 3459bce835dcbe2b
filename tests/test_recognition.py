"""What the interviewer hears: word error rate per engine through the real listening path, and
the end of a turn decided on thinking-aloud speech.

Real recorded speech from ../shared/speech, fed in 20 ms frames through the same `Listener` the
microphone feeds (VAD, endpointing, streaming recognizer, the final). Whisper base is the pinned
CTranslate2 conversion from the package index (tests/speech_models.py); smart-turn v3.2 comes out
of the pipecat-ai wheel. No mocks.
"""

from __future__ import annotations

import re
import subprocess
import wave
from pathlib import Path

import jiwer
import numpy as np
import pytest

from intervu_cli.voice.audio.capture import Frame
from intervu_cli.voice.listening.pipeline import Listener
from intervu_cli.voice.listening.stt import PocketsphinxRecognizer, WhisperRecognizer
from tests.conftest import SPEECH
from tests import speech_models

DATA = Path(__file__).resolve().parent / "data"

_ONES = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen " \
        "seventeen eighteen nineteen".split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()


def _number(token: str) -> str:
    if len(token) > 2 or token.startswith("0") and len(token) > 1:
        return " ".join(_ONES[int(d)] for d in token)
    n = int(token)
    if n < 20:
        return _ONES[n]
    return _TENS[n // 10] + ("" if n % 10 == 0 else " " + _ONES[n % 10])


def normalize(text: str) -> str:
    """Both sides of a WER, as Whisper's own English normalizer treats them: lower case, no
    punctuation, numbers as words (a digit string digit by digit), "mr" as "mister", "oh" as zero."""
    t = text.lower().replace("-", " ")
    t = re.sub(r"[^a-z0-9' ]+", " ", t)
    out = []
    for tok in t.split():
        if tok.isdigit():
            out.extend(_number(tok).split())
        elif tok == "mr":
            out.append("mister")
        elif tok == "oh":
            out.append("zero")
        else:
            out.append(tok)
    return " ".join(out)


def read(path: Path) -> np.ndarray:
    with wave.open(str(path), "rb") as w:
        return np.frombuffer(w.readframes(w.getnframes()), np.int16)


def frames(pcm: np.ndarray):
    for i in range(0, len(pcm) - 319, 320):
        yield Frame(pcm[i:i + 320].tobytes(), i / 16000)


def heard(recognizer, pcm: np.ndarray) -> str:
    listener = Listener(recognizer)
    return " ".join(h.text for h in listener.process(frames(pcm)) if h.type == "final")


@pytest.fixture(scope="module")
def whisper():
    from intervu_cli.voice.listening.whisper import Whisper

    return Whisper(speech_models.whisper_base())


@pytest.fixture(scope="module")
def references() -> dict[str, str]:
    return dict(line.rstrip("\n").split("\t") for line in (SPEECH / "transcripts.tsv").read_text().splitlines())


TECHNICAL = [
    "I would use a hash map from each value to its index",
    "the time complexity is O of n log n because of the sort",
    "two pointers moving toward each other from both ends of the array",
    "with memoization every subproblem is solved only once",
    "I push the neighbours onto a deque and pop from the left",
    "the space complexity is constant since we only keep two variables",
    "a binary search on the sorted array finds the first position",
    "is the input sorted or can it contain duplicates",
]


def synthesized(text: str, tmp: Path, voice: tuple[str, ...] = ()) -> np.ndarray:
    """eSpeak NG (the synthesizer the product speaks with), 22,050 Hz resampled to 16 kHz; `voice`:
    its options ("-v", "en-us", "-s", "150"), its default voice without."""
    import soxr

    out = tmp / "say.wav"
    subprocess.run(["espeak-ng", *voice, "-w", str(out), text], check=True, timeout=30)
    with wave.open(str(out), "rb") as w:
        rate = w.getframerate()
        x = np.frombuffer(w.readframes(w.getnframes()), np.int16).astype(np.float32) / 32768
    y = soxr.resample(x, rate, 16000)
    pad = np.zeros(8000, np.float32)
    return (np.concatenate([pad, y, pad]) * 32767).astype(np.int16)


def test_word_error_rate_per_engine(whisper, references, tmp_path, capsys):
    shared_refs, tech_refs = [], []
    hyps = {"pocketsphinx": ([], []), "whisper base": ([], [])}
    clips = {name: read(SPEECH / name) for name in references}
    tech = {text: synthesized(text, tmp_path) for text in TECHNICAL}
    for engine, make in (("pocketsphinx", PocketsphinxRecognizer),
                         ("whisper base", lambda: WhisperRecognizer(whisper, PocketsphinxRecognizer()))):
        rec = make()
        for name, pcm in clips.items():
            hyps[engine][0].append(normalize(heard(rec, pcm)))
        for text, pcm in tech.items():
            hyps[engine][1].append(normalize(heard(rec, pcm)))
        rec.close()
    shared_refs = [normalize(references[n]) for n in clips]
    tech_refs = [normalize(t) for t in TECHNICAL]
    wer = {e: (jiwer.wer(shared_refs, h[0]), jiwer.wer(tech_refs, h[1])) for e, h in hyps.items()}
    with capsys.disabled():
        print("\nWER through the listening path (shared clips: 13 real recordings; technical: 8 sentences "
              "synthesized with eSpeak NG)")
        for engine, (shared, technical) in wer.items():
            print(f"  {engine:13} shared {shared:.3f}   technical {technical:.3f}")
        for ref, hyp in zip(tech_refs, hyps["whisper base"][1]):
            if ref != hyp:
                print(f"  whisper: {hyp!r} (said: {ref!r})")
    assert wer["whisper base"][0] <= 0.10
    assert wer["whisper base"][1] < wer["pocketsphinx"][1]
    assert wer["whisper base"][0] < wer["pocketsphinx"][0]
