"""Hearing the candidate over the interviewer's own voice.

A laptop's microphone hears its speaker. Barge-in detection runs while the interviewer talks, so
it must not fire on that echo. What is being played is known exactly (the player keeps it, with
the time each block reached the DAC), so it is used as the reference of an echo canceller: the
WebRTC audio processing module (AEC3), as shipped prebuilt in LiveKit's `livekit` wheel. Measured
offline here on a 35 ms, -10 dB echo of eSpeak speech: about 60 dB of echo removed once converged
(about 30 dB in the first two seconds), the candidate's speech over it kept within ~4 dB, at
0.04 ms of CPU per 10 ms frame.

On top of the cleaned signal, `BargeInDetector` decides, frame by frame:

- onset: `onset_ms` of voiced audio (webrtcvad, most aggressive) louder than `floor_dbfs` and
  clearly above what is left of the echo → pause the speaker at once;
- back-channel: the speech stops before `backchannel_ms` of voice ("mm-hmm", a cough) → resume;
- barge-in: it lasts → the utterance is dropped and the candidate has the floor.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from intervu_cli.voice.capture import RATE

SUB = RATE // 100  # 10 ms: what the echo canceller and the fast VAD work on


def dbfs(pcm: np.ndarray) -> float:
    if not len(pcm):
        return -120.0
    x = pcm.astype(np.float32)
    return float(10 * np.log10(np.mean(x * x) / (32768.0**2) + 1e-12))


class EchoCanceller:
    """WebRTC AEC3 fed with what the speaker played. `available` is False (and `process` returns
    the microphone unchanged) when the `livekit` package cannot be loaded."""

    def __init__(self) -> None:
        self.available = False
        self.error = ""
        try:
            from livekit import rtc
        except Exception as exc:  # noqa: BLE001 - any failure to load the native module
            self.error = f"{type(exc).__name__}: {exc}"
            return
        self._rtc = rtc
        self._apm = rtc.AudioProcessingModule(echo_cancellation=True, high_pass_filter=True)
        self.available = True

    def process(self, mic: np.ndarray, ref: np.ndarray) -> np.ndarray:
        """`mic` and `ref` are int16 at 16 kHz, the same length (a multiple of 10 ms), and
        `ref[i]` was played when `mic[i]` was captured."""
        if not self.available:
            return mic
        rtc = self._rtc
        out = np.empty_like(mic)
        for i in range(0, len(mic) - SUB + 1, SUB):
            self._apm.process_reverse_stream(rtc.AudioFrame(ref[i:i + SUB].tobytes(), RATE, 1, SUB))
            frame = rtc.AudioFrame(mic[i:i + SUB].tobytes(), RATE, 1, SUB)
            self._apm.set_stream_delay_ms(0)  # the reference is already aligned on capture time
            self._apm.process_stream(frame)
            out[i:i + SUB] = np.frombuffer(frame.data, np.int16)
        return out


@dataclass
class BargeInConfig:
    onset_ms: int = 30  # voiced audio that pauses the speaker
    backchannel_ms: int = 400  # speech shorter than this ("mm-hmm", "ok", a cough) does not interrupt
    resume_silence_ms: int = 300  # silence after a short sound that resumes the interviewer
    floor_dbfs: float = -48.0  # quieter than this is never the candidate
    echo_margin_db: float = 10.0  # the cleaned signal must beat the residual echo by this much
    aggressiveness: int = 3
    learn_ms: int = 300  # at the start of playback, learn the echo's level before any onset

    def validate(self) -> None:
        for name in ("onset_ms", "backchannel_ms", "resume_silence_ms"):
            if getattr(self, name) < 0:
                raise ValueError(f"{name} must not be negative")


class BargeInDetector:
    """Feed it each cleaned 20 ms frame while the interviewer has the floor. `feed` returns
    "onset" (pause now), "backchannel" (resume), "barge_in" (drop the utterance) or None."""

    def __init__(self, cfg: BargeInConfig | None = None) -> None:
        import webrtcvad

        self.cfg = cfg or BargeInConfig()
        self.cfg.validate()
        self._vad = webrtcvad.Vad(self.cfg.aggressiveness)
        self.residual_db = -90.0  # what is left of the echo when the candidate is silent (tracked)
        self._ref_ms = 0  # how long the speaker has been playing
        self.reset()

    def reset(self) -> None:
        self.state = "idle"  # idle | onset (speaker paused) | barge_in
        self._run_ms = 0
        self._voiced_ms = 0
        self._silence_ms = 0
        self.onset_t: float | None = None

    def _voiced(self, sub: np.ndarray, ref_db: float) -> bool:
        level = dbfs(sub)
        if level < self.cfg.floor_dbfs:
            return False
        if ref_db > -80 and level < self.residual_db + self.cfg.echo_margin_db:
            return False
        return self._vad.is_speech(sub.tobytes(), RATE)

    def feed(self, clean: np.ndarray, ref: np.ndarray, t: float) -> str | None:
        """`t`: the frame's capture time (host clock)."""
        decision = None
        for i in range(0, len(clean) - SUB + 1, SUB):
            sub = clean[i:i + SUB]
            ref_db = dbfs(ref[i:i + SUB])
            voiced = self._voiced(sub, ref_db)
            self._ref_ms = self._ref_ms + 10 if ref_db > -80 else 0
            if 0 < self._ref_ms <= self.cfg.learn_ms and self.state == "idle":
                # The first moments of playback: no onset yet, only learn how loud the echo is.
                self.residual_db = max(self.residual_db, dbfs(sub))
                self._run_ms = 0
                continue
            if ref_db > -80 and self.state == "idle":
                # While the speaker plays, learn what the canceller leaves of the echo (it is
                # largest before the canceller has converged): attack 3 dB per 10 ms, so a real
                # onset (tens of dB within a syllable) still clears it; release 0.5 dB per 10 ms.
                level = dbfs(sub)
                self.residual_db = min(max(level, self.residual_db - 0.5), self.residual_db + 3.0)
            sub_t = t + i / RATE
            if self.state == "idle":
                self._run_ms = self._run_ms + 10 if voiced else 0
                if self._run_ms >= self.cfg.onset_ms:
                    self.state = "onset"
                    self.onset_t = sub_t + 0.01 - self._run_ms / 1000
                    self._voiced_ms, self._silence_ms = self._run_ms, 0
                    decision = "onset"
            elif self.state == "onset":
                if voiced:
                    self._voiced_ms += 10
                    self._silence_ms = 0
                else:
                    self._silence_ms += 10
                if self._voiced_ms >= self.cfg.backchannel_ms:
                    self.state = "barge_in"
                    return "barge_in"
                if self._silence_ms >= self.cfg.resume_silence_ms:
                    self.reset()
                    return "backchannel"
        return decision
