"""A test set for turn-taking: thinking-aloud utterances built from real recorded speech.

A candidate thinking aloud stops mid-sentence ("so what I'd do is ... keep a map"), and ends
a sentence and hands over. Each clip here is one real recording, either whole (a finished
sentence) or cut at a word boundary with a pause of 0.6-2 s spliced in, then the rest of the
sentence; every clip ends with 3 s of room. The pause is filled with the recording's own room
tone (its quietest stretches, stitched with cross-fades), never digital silence, and steady room
noise (a fan's rumble, mains hum, pink noise) at -50 to -35 dBFS can be laid under the whole clip.

Each `Clip` knows, from the audio itself, where its speech stops: the end of the last 10 ms
frame more than `SPEECH_ABOVE_DB` above the recording's room-tone level, before the pause and at
the end. A turn-taker fed a clip should decide nothing inside a pause and decide the end soon
after `final_end`.

Word boundaries come from a word list per recording (text, start, end in seconds: what a
recognizer's word timings give, refined here): a cut goes at the quietest 10 ms within 120 ms of
the boundary, and only where that dip is at least 10 dB below the speech around it, so a cut
never splits a sound.
"""

from __future__ import annotations

import random
import wave
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

RATE = 16000
FRAME = 160  # 10 ms analysis frames
SPEECH_ABOVE_DB = 12.0
TAIL_S = 3.0
LEAD_S = 0.4
PAUSES = (0.6, 0.8, 1.0, 1.2, 1.5, 2.0)
NOISES = ("fan", "hum", "pink")
LEVELS = (-50.0, -42.0, -35.0)


@dataclass
class Clip:
    name: str
    pcm: np.ndarray  # int16, 16 kHz mono
    text: str  # what is said (the reference words)
    pauses: list[tuple[float, float]] = field(default_factory=list)  # (speech stops, speech resumes), seconds
    final_end: float = 0.0  # the end of the last word
    noise: str = ""  # "" (the recording's own room only) or fan | hum | pink, at level_db
    level_db: float | None = None
    source: str = ""

    @property
    def seconds(self) -> float:
        return len(self.pcm) / RATE

    def frames(self, frame_ms: int = 20):
        """The clip as 20 ms capture frames (the microphone's shape)."""
        from intervu_cli.voice.audio.capture import Frame

        n = RATE * frame_ms // 1000
        usable = len(self.pcm) - len(self.pcm) % n
        for i in range(0, usable, n):
            yield Frame(self.pcm[i:i + n].tobytes(), i / RATE)


def read_wav(path: Path) -> np.ndarray:
    with wave.open(str(path), "rb") as w:
        if w.getframerate() != RATE or w.getnchannels() != 1 or w.getsampwidth() != 2:
            raise ValueError(f"{path}: turn-set clips must be 16 kHz mono 16-bit WAV")
        return np.frombuffer(w.readframes(w.getnframes()), np.int16).copy()


def write_wav(path: Path, pcm: np.ndarray) -> None:
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(np.asarray(pcm, np.int16).tobytes())


def _levels(x: np.ndarray) -> np.ndarray:
    """dBFS of each 10 ms frame."""
    n = len(x) // FRAME
    f = x[: n * FRAME].astype(np.float64).reshape(n, FRAME) / 32768.0
    return 10 * np.log10(np.mean(f * f, axis=1) + 1e-12)


def room_level(x: np.ndarray) -> float:
    return float(np.percentile(_levels(x), 10))


def speech_frames(x: np.ndarray, floor_db: float | None = None) -> np.ndarray:
    floor_db = room_level(x) if floor_db is None else floor_db
    return _levels(x) > floor_db + SPEECH_ABOVE_DB


def speech_end(x: np.ndarray, floor_db: float | None = None, before: float | None = None) -> float:
    """Seconds: the end of the last 10 ms frame of speech (before `before` seconds, when given: what
    follows the last word, a breath or applause, is not speech)."""
    sp = np.flatnonzero(speech_frames(x, floor_db))
    if before is not None:
        sp = sp[sp < int(before * 100)]
    return 0.0 if not len(sp) else (sp[-1] + 1) * FRAME / RATE


def speech_start(x: np.ndarray, floor_db: float | None = None) -> float:
    sp = np.flatnonzero(speech_frames(x, floor_db))
    return 0.0 if not len(sp) else sp[0] * FRAME / RATE


def room_tone(x: np.ndarray, seconds: float, rng: random.Random) -> np.ndarray:
    """`seconds` of the recording's own room: its quietest 10 ms frames, in 40 ms pieces joined with
    10 ms cross-fades."""
    lv = _levels(x)
    piece, fade = 640, 160
    quiet = lv <= np.percentile(lv, 20)
    k = piece // FRAME
    # whole 40 ms pieces of quiet, away from speech by 50 ms on either side
    near = np.convolve(~quiet, np.ones(2 * 5 + k), mode="full")[k + 5 - 1: k + 5 - 1 + len(lv)]
    starts = [i * FRAME for i in range(len(lv) - k) if near[i] == 0] or [int(np.argmin(lv)) * FRAME]
    out = np.zeros(int(seconds * RATE) + piece, np.float64)
    ramp = np.linspace(0.0, 1.0, fade)
    pos = 0
    while pos < len(out) - fade:
        s = rng.choice(starts)
        seg = x[s:s + piece].astype(np.float64)
        seg = seg[: len(out) - pos]
        if pos:
            k = min(fade, len(seg))
            seg[:k] = seg[:k] * ramp[:k]
            out[pos:pos + k] *= 1 - ramp[:k]
            out[pos:pos + len(seg)] += seg
        else:
            out[: len(seg)] = seg
        pos += piece - fade
    return out[: int(seconds * RATE)]


def steady_noise(kind: str, seconds: float, level_db: float, rng: random.Random) -> np.ndarray:
    """Steady room noise at `level_db` dBFS (RMS): a fan's rumble (brown-ish noise with a blade tone),
    mains hum (50 Hz and its harmonics over a little hiss) or pink noise."""
    n = int(seconds * RATE)
    gen = np.random.default_rng(rng.randrange(2**32))
    t = np.arange(n) / RATE
    white = gen.standard_normal(n)
    if kind == "fan":
        spec = np.fft.rfft(white)
        f = np.fft.rfftfreq(n, 1 / RATE)
        spec /= np.maximum(f, 20.0)  # brown: the power falls 6 dB an octave above 20 Hz
        brown = np.fft.irfft(spec, n)
        sig = brown / (np.std(brown) + 1e-9) + 0.3 * np.sin(2 * np.pi * 120 * t + gen.uniform(0, 6.28))
        sig += 0.2 * white
    elif kind == "hum":
        f0 = 50.0
        sig = sum((0.6 ** h) * np.sin(2 * np.pi * f0 * (h + 1) * t + gen.uniform(0, 6.28)) for h in range(8))
        sig = sig + 0.15 * white
    elif kind == "pink":
        spec = np.fft.rfft(white)
        f = np.fft.rfftfreq(n, 1 / RATE)
        spec[1:] /= np.sqrt(f[1:])
        spec[0] = 0
        sig = np.fft.irfft(spec, n)
    else:
        raise ValueError(f"unknown noise {kind!r} (fan, hum or pink)")
    rms = np.sqrt(np.mean(sig * sig)) + 1e-12
    return sig / rms * 32768.0 * 10 ** (level_db / 20)


def _cut_points(x: np.ndarray, words: list[tuple[str, float, float]]) -> list[tuple[int, float]]:
    """(index of the word after the cut, cut time) for each boundary between two words with a clear dip
    right there: the quietest 10 ms within 50 ms of the boundary the word timings give, at least 15 dB
    below the loudest of the 250 ms on either side (a stop consonant inside a word, "dash|wood", is
    not a boundary)."""
    lv = _levels(x)
    cuts = []
    for i in range(1, len(words)):
        b = (words[i - 1][2] + words[i][1]) / 2
        lo, hi = max(0, int((b - 0.05) * 100)), min(len(lv), int((b + 0.05) * 100) + 1)
        if hi - lo < 3:
            continue
        k = lo + int(np.argmin(lv[lo:hi]))
        left, right = lv[max(0, k - 25):k], lv[k + 1:k + 26]
        if len(left) and len(right) and min(np.max(left), np.max(right)) - lv[k] >= 15.0:
            cuts.append((i, (k + 0.5) * FRAME / RATE))
    return cuts


def build(speech_dir: Path, words: dict[str, dict], transcripts: dict[str, str], *, seed: int = 20,
          per_source: int = 8, variants: int = 1, noises: tuple[str, ...] = NOISES,
          levels: tuple[float, ...] = LEVELS, sources: list[str] | None = None) -> list[Clip]:
    """Clips from the recordings in `speech_dir`: for each source, the whole sentence once (finished)
    and up to `per_source` cuts at word boundaries, each with a pause; noise kinds, levels and pause
    lengths drawn in turn from a seeded generator; each cut `variants` times (another pause, another
    noise).

    `words[name]`: {"words": [[text, start, end], ...], "complete": [i, ...]}, where a cut before word
    i would leave a finished utterance ("ask not what your country can do for you"): no listener
    can tell such a pause from an end, so no pause is put there. Sources of fewer than three words
    give only the whole sentence."""
    rng = random.Random(seed)
    clips: list[Clip] = []
    names = sorted(words) if sources is None else sources
    variant = 0
    for name in names:
        x = read_wav(speech_dir / name).astype(np.float64)
        floor = room_level(x.astype(np.int16))
        ws = [(str(w[0]), float(w[1]), float(w[2])) for w in words[name]["words"]]
        complete = set(words[name].get("complete", ()))
        start = speech_start(x.astype(np.int16), floor)
        end = speech_end(x.astype(np.int16), floor, before=ws[-1][2] + 0.25)
        body = x[int(max(0.0, start - 0.05) * RATE): int(min(len(x) / RATE, end + 0.05) * RATE)]
        offset = max(0.0, start - 0.05)
        text = transcripts.get(name, " ".join(w[0] for w in ws))

        def assemble(parts: list[np.ndarray], pause_after: list[float]) -> tuple[np.ndarray, list, float]:
            lead = room_tone(x, LEAD_S, rng)
            out = [lead]
            t = LEAD_S
            pauses = []
            for j, part in enumerate(parts):
                out.append(part)
                if j < len(pause_after):
                    stop = t + speech_end(part.astype(np.int16), floor)
                    resume = t + len(part) / RATE + pause_after[j] + speech_start(parts[j + 1].astype(np.int16), floor)
                    pauses.append((round(stop, 3), round(resume, 3)))
                    out.append(room_tone(x, pause_after[j], rng))
                    t += len(part) / RATE + pause_after[j]
                else:
                    final = t + speech_end(part.astype(np.int16), floor)
                    t += len(part) / RATE
            out.append(room_tone(x, TAIL_S, rng))
            return np.concatenate(out), pauses, round(final, 3)

        def noisy(sig: np.ndarray) -> tuple[np.ndarray, str, float | None]:
            nonlocal variant
            kind_i, variant = variant, variant + 1
            if kind_i % (len(noises) * len(levels) + 1) == 0:  # now and then: the recording's own room only
                return sig, "", None
            kind = noises[kind_i % len(noises)]
            level = levels[(kind_i // len(noises)) % len(levels)]
            return sig + steady_noise(kind, len(sig) / RATE + 0.01, level, rng)[: len(sig)], kind, level

        whole, _, final = assemble([body], [])
        sig, kind, level = noisy(whole)
        clips.append(Clip(f"{Path(name).stem}-whole", _int16(sig), text, [], final, kind, level, name))
        if len(ws) < 3:
            continue
        cuts = [(i, c - offset) for i, c in _cut_points(x, ws)
                if i not in complete and 0.3 < c - offset < len(body) / RATE - 0.3]
        rng.shuffle(cuts)
        for i, cut in sorted(cuts[:per_source] * variants):
            k = int(cut * RATE)
            pause = rng.choice(PAUSES)
            whole, pauses, final = assemble([body[:k], body[k:]], [pause])
            sig, kind, level = noisy(whole)
            said = " ".join(w[0] for w in ws[:i])
            clips.append(Clip(f"{Path(name).stem}-cut{i}-{pause:g}s-{kind or 'room'}", _int16(sig), text, pauses, final,
                              kind, level,
                              name + f" | {said} ..."))
    return clips


def _int16(sig: np.ndarray) -> np.ndarray:
    return np.clip(np.round(sig), -32768, 32767).astype(np.int16)


@dataclass
class Outcome:
    clip: Clip
    pauses_taken: list[float]  # for each pause taken as the end of the turn: seconds into the pause
    final_after: float | None  # the end decided this long after the speech stopped (None: only when the audio ran out)
    why: str = ""
    evidence: list = field(default_factory=list)  # (time, why, the judge's evidence) of each end decided


def judge(clips: list[Clip], make_listener) -> list[Outcome]:
    """Each clip through a fresh listener from `make_listener()` (a `pipeline.Listener`): where it
    decided that a turn had ended, against where the speaker paused and where they finished."""
    out = []
    for clip in clips:
        listener = make_listener()
        ends, evidence = [], []
        judge_ = listener.endpointer.judge
        for heard in listener.process(clip.frames()):
            if heard.type == "speech_end":
                ends.append((heard.detected_t, listener.endpointer.why))
                evidence.append((round(heard.detected_t, 3), listener.endpointer.why,
                                 judge_.last if judge_ is not None else None))
        taken = []
        for stop, resume in clip.pauses:
            hit = [t for t, _ in ends if stop < t < resume + 0.1]
            if hit:
                taken.append(round(hit[0] - stop, 3))
        # The end decided after the last pause; a VAD may find the speech over a little before the level
        # does (a soft last sound under loud noise): such an end counts as immediate.
        last_resume = clip.pauses[-1][1] if clip.pauses else 0.0
        after = [(t, why) for t, why in ends if t >= max(last_resume + 0.1, clip.final_end - 0.3)]
        final = None
        why = ""
        if after and after[0][1] != "the audio ended":
            final, why = round(max(0.0, after[0][0] - clip.final_end), 3), after[0][1]
        out.append(Outcome(clip, taken, final, why, evidence))
    return out


def summary(outcomes: list[Outcome]) -> dict:
    pauses = sum(len(o.clip.pauses) for o in outcomes)
    taken = sum(len(o.pauses_taken) for o in outcomes)
    finals = [o.final_after for o in outcomes if o.final_after is not None]
    return {
        "clips": len(outcomes),
        "pauses": pauses,
        "pauses_taken": taken,
        "finished": len(outcomes),
        "never_ended": len(outcomes) - len(finals),
        "median_ms": round(float(np.median(finals)) * 1000) if finals else None,
        "p90_ms": round(float(np.percentile(finals, 90)) * 1000) if finals else None,
        "max_ms": round(max(finals) * 1000) if finals else None,
        "over_600ms": sum(1 for f in finals if f > 0.6),
    }


def keyboard(seconds: float, keys_per_s: float, peak_db: float, rng: random.Random) -> np.ndarray:
    """Typing, made up: no keyboard was recorded here. Each key is a press and, 60-120 ms later, a
    softer release: a 2-4 ms broadband burst ringing down in 5-15 ms through a resonance of 1.5-4 kHz
    (the key cap and the desk), at `peak_db` dBFS (a laptop keyboard half a metre from its microphone
    peaks around -30 to -20 dBFS), at `keys_per_s` with the rhythm of a typist (gaps drawn around the
    mean, now and then a longer pause between words)."""
    n = int(seconds * RATE)
    out = np.zeros(n + RATE, np.float64)
    gen = np.random.default_rng(rng.randrange(2**32))
    t = 0.2
    while t < seconds:
        for release, gain in ((0.0, 1.0), (rng.uniform(0.06, 0.12), rng.uniform(0.3, 0.6))):
            burst = int(rng.uniform(0.002, 0.004) * RATE)
            ring = int(rng.uniform(0.005, 0.015) * RATE)
            f0 = rng.uniform(1500, 4000)
            k = np.arange(burst + ring)
            click = gen.standard_normal(burst + ring) * np.exp(-k / max(1, ring / 3))
            click += 0.8 * np.sin(2 * np.pi * f0 * k / RATE) * np.exp(-k / max(1, ring / 2))
            click[burst:] *= 0.6
            i = int((t + release) * RATE)
            out[i:i + len(click)] += gain * click / (np.max(np.abs(click)) + 1e-9)
        gap = rng.expovariate(keys_per_s)
        if rng.random() < 0.15:
            gap += rng.uniform(0.2, 0.5)  # between words
        t += max(0.05, gap)
    out = out[:n]
    return out / (np.max(np.abs(out)) + 1e-9) * 32768.0 * 10 ** (peak_db / 20)
