"""Hearing the candidate over the interviewer's own voice.

A laptop's microphone hears its speaker. Barge-in detection runs while the interviewer talks, so
it must not fire on that echo. What is being played is known exactly (the player keeps it, with
the time each block reached the DAC), so it is used as the reference of an echo canceller: the
WebRTC audio processing module (AEC3), as shipped prebuilt in LiveKit's `livekit` wheel. Measured
offline here on a 35 ms, -10 dB echo of eSpeak speech: about 60 dB of echo removed once converged
(about 30 dB in the first two seconds), the candidate's speech over it kept within ~4 dB, at
0.04 ms of CPU per 10 ms frame.

AEC3 alone is not enough to hear a barge-in: while the interviewer plays, its suppressor also
holds down the candidate's voice (double talk) — offline, up to 65 dB when there is no echo at all
(headphones), which made a barge-in late by seconds and lost the first words. So
`BargeInDetector` decides on two pieces of evidence, either of which counts: the raw microphone
against the echo predicted from the reference and a learned echo return loss, and the canceller's
output once it has measurably converged. It also says when the raw microphone is echo-free, so
the recognizer hears the candidate's first words unsuppressed. Frame by frame:

- onset: `onset_ms` of the candidate's voice → pause the speaker at once;
- back-channel: the speech stops before `backchannel_ms` of voice ("mm-hmm", a cough) → resume;
- barge-in: it lasts → the utterance is dropped and the candidate has the floor.

Tuned offline (`tests/test_barge_in.py` mixes real synthesized speech, an echo path and real
recorded speech): no self-pause on a -10..0 dB echo, dry or reverberant; onset within a few tens
of ms of the candidate's voice with no echo, median 10-50 ms under an echo.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

import numpy as np

from intervu_cli.voice.audio.capture import RATE
from intervu_cli.voice.listening.vad import dbfs  # noqa: F401 - also this module's public name

SUB = RATE // 100  # 10 ms: what the echo canceller and the fast VAD work on


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
    raw_margin_db: float = 4.0  # the raw microphone must beat the echo predicted from the reference by this
    clean_margin_db: float = 14.0  # the canceller's output must beat what it leaves of the echo by this
    aggressiveness: int = 3
    learn_ms: int = 300  # playback needed to learn the echo path before the raw microphone is trusted
    converged_erle_db: float = 20.0  # the canceller's output is trusted once it removes this much echo

    def validate(self) -> None:
        for name in ("onset_ms", "backchannel_ms", "resume_silence_ms"):
            if getattr(self, name) < 0:
                raise ValueError(f"{name} must not be negative")


# The echo of a 10 ms block reaches the microphone up to ~60 ms after the reference says it was
# played (room, device buffers, the rig's loopback measured 22-37 ms); after that it dies away
# (a room's reverberation: tens of dB per 100 ms). The echo envelope below is the loudest
# reference block of the last 300 ms, discounted by its age past 60 ms at 0.2 dB per ms.
ENV_BLOCKS = 30
NO_ECHO_DB = -100.0  # the echo return loss when no echo rises above the microphone's noise
_ENV_DISCOUNT = np.maximum(0.0, np.arange(ENV_BLOCKS) * 10.0 - 60.0) * 0.2


class BargeInDetector:
    """Decides, every 10 ms, whether the candidate is talking over the interviewer.

    Two pieces of evidence, either of which counts:

    - the raw microphone, against the echo predicted from the reference: the loudest recent
      reference block plus the echo return loss (ERL), learned while the interviewer plays and the
      candidate is quiet (the 95th percentile of mic-minus-reference over the last 3 s, from the
      frames where an echo rises 10 dB above the microphone's measured noise; when hardly any
      does, there is no echo — headphones — and any voice at the mic counts at once, the echo
      canceller never in the way). Once the speaker is paused the predicted echo dies away within
      ~150 ms and the raw microphone is the candidate alone.
    - the echo canceller's output, once it has converged (it removes `converged_erle_db` of the
      echo, measured on the same frames), against what it leaves of the echo — and only when the
      raw microphone is not quieter than the predicted echo (AEC3 leaks in bursts).

    `feed` returns "onset" (pause now), "backchannel" (resume), "barge_in" (drop the utterance) or
    None. It is fed every frame; `floor` says whether the interviewer has the floor (playing,
    or paused by an onset). `echo_free` says whether the raw microphone can go to the recognizer
    as it is (no echo expected in it), which keeps the canceller's double-talk suppression off the
    candidate's first words.
    """

    def __init__(self, cfg: BargeInConfig | None = None) -> None:
        import webrtcvad

        self.cfg = cfg or BargeInConfig()
        self.cfg.validate()
        self._vad = webrtcvad.Vad(self.cfg.aggressiveness)
        self._ref_db = np.full(ENV_BLOCKS, -120.0)  # newest first
        self._erl: deque[float] = deque(maxlen=300)
        self._erle: deque[float] = deque(maxlen=200)
        self._audible: deque[bool] = deque(maxlen=300)  # playing loud: was there an echo above the noise?
        self._noise: deque[float] = deque(maxlen=300)
        self.noise_db: float | None = None  # the microphone's own floor, measured while nothing plays
        self.erl_db: float | None = None  # echo return loss (mic - reference envelope), None until learned
        self.erle_db: float | None = None  # what the canceller removes, None until echo was heard
        self.residual_db = -90.0  # what the canceller leaves of the echo when the candidate is silent
        self.env_db = -120.0
        self.echo_free = True
        self.heard = False
        self.reset()

    def reset(self) -> None:
        self.state = "idle"  # idle | onset (speaker paused) | barge_in
        self._run_ms = 0
        self._voiced_ms = 0
        self._silence_ms = 0
        self.onset_t: float | None = None

    @property
    def converged(self) -> bool:
        return len(self._erle) >= 50 and self.erle_db is not None and self.erle_db >= self.cfg.converged_erle_db

    def _echo_est(self) -> float:
        if self.env_db < -80:
            return -120.0
        return self.env_db + (self.erl_db if self.erl_db is not None else 0.0)

    def _speech(self, raw: np.ndarray, clean: np.ndarray, raw_db: float, clean_db: float) -> bool:
        cfg = self.cfg
        if raw_db < cfg.floor_dbfs:
            return False
        learning = self.erl_db is None and self.env_db >= -80
        if not learning and raw_db >= self._echo_est() + cfg.raw_margin_db:
            if self._vad.is_speech(raw.tobytes(), RATE):
                return True
        # The canceller's output, once converged; but it leaks now and then (on the rig, bursts of
        # -29 dBFS out of a -26 dBFS echo), so the raw microphone must not look like the echo
        # alone (quieter than the predicted echo) for it to count.
        if (self.converged and clean_db >= cfg.floor_dbfs and raw_db >= self._echo_est()
                and clean_db >= self.residual_db + cfg.clean_margin_db):
            return self._vad.is_speech(clean.tobytes(), RATE)
        return False

    def _learn(self, raw_db: float, clean_db: float, speech: bool) -> None:
        """While the interviewer plays and nobody talks over it: the echo path and the canceller.
        Only frames where an echo rises above the microphone's noise say how loud the echo is; if
        hardly any does (headphones), there is no echo to speak of."""
        if self.env_db < -50 or speech or self.state != "idle":
            return
        noise = self.noise_db if self.noise_db is not None else self.cfg.floor_dbfs - 10
        audible = raw_db > noise + 10
        self._audible.append(audible)
        if audible:
            self._erl.append(raw_db - self.env_db)
        if len(self._audible) * 10 >= self.cfg.learn_ms:
            if sum(self._audible) < 0.1 * len(self._audible):
                self.erl_db = NO_ECHO_DB
            elif len(self._erl) * 10 >= self.cfg.learn_ms / 2:
                self.erl_db = float(np.percentile(self._erl, 95))
        if raw_db >= self.cfg.floor_dbfs:  # an echo is there: how much of it does the canceller remove?
            self._erle.append(raw_db - clean_db)
            self.erle_db = float(np.median(self._erle))
            # attack 3 dB per 10 ms (a real onset rises tens of dB within a syllable), release 0.5
            self.residual_db = min(max(clean_db, self.residual_db - 0.5), self.residual_db + 3.0)

    def feed(self, raw: np.ndarray, clean: np.ndarray, ref: np.ndarray, t: float, floor: bool = True) -> str | None:
        """`raw`: the microphone; `clean`: the canceller's output; `ref`: what was played, aligned;
        `t`: the frame's capture time (host clock); `floor`: the interviewer has the floor.
        Sets `heard`: whether any of the frame sounded like the candidate (not the echo)."""
        decision = None
        self.heard = False
        for i in range(0, len(raw) - SUB + 1, SUB):
            r, c = raw[i:i + SUB], clean[i:i + SUB]
            self._ref_db = np.roll(self._ref_db, 1)
            self._ref_db[0] = dbfs(ref[i:i + SUB])
            self.env_db = float(np.max(self._ref_db - _ENV_DISCOUNT))
            est = self._echo_est()
            quiet = max(self.cfg.floor_dbfs - 10, (self.noise_db if self.noise_db is not None else -120.0) + 6)
            self.echo_free = est < quiet and (self.erl_db is not None or self.env_db < -80)
            raw_db, clean_db = dbfs(r), dbfs(c)
            speech = self._speech(r, c, raw_db, clean_db)
            self.heard = self.heard or speech
            if self.env_db < -80 and not speech and self.state == "idle":  # nothing plays: the mic's floor
                self._noise.append(raw_db)
                if len(self._noise) >= 20:
                    self.noise_db = float(np.percentile(self._noise, 20))
            if not floor:
                if self.state != "idle":
                    self.reset()
                continue
            self._learn(raw_db, clean_db, speech)
            if decision not in ("backchannel", "barge_in"):
                decision = self._step(speech, t + i / RATE) or decision
        return decision

    def _step(self, speech: bool, sub_t: float) -> str | None:
        if self.state == "idle":
            self._run_ms = self._run_ms + 10 if speech else 0
            if self._run_ms >= self.cfg.onset_ms:
                self.state = "onset"
                self.onset_t = sub_t + 0.01 - self._run_ms / 1000
                self._voiced_ms, self._silence_ms = self._run_ms, 0
                return "onset"
        elif self.state == "onset":
            if speech:
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
        return None
