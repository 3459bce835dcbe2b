"""VAD and endpointing: when the candidate starts talking, and when their turn is over.

webrtcvad marks each 20 ms frame voiced or not. On top of it:

- a pre-roll buffer, so the audio just before the detected onset (the first syllable) still
  reaches the recognizer;
- an onset: a run of `start_ms` of voiced frames;
- a minimum length: a burst with less than `min_speech_ms` of voiced audio before a gap (a cough,
  a click, a knock on the desk) is not speech and never becomes a turn;
- the end of a turn: a trailing silence of `end_silence_ms` (silence: what webrtcvad calls
  unvoiced, or, once speech has started, a frame `tail_db` below the loudest of the turn so far —
  webrtcvad keeps calling the ~100 ms after a word voiced, which a turn's end would wait for),
  or `hold_silence_ms` when the words so far end as if more is coming ("so...", "and", "um",
  "because"): a candidate thinking mid-sentence is not cut off, one who asked a question is not
  left waiting.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

import numpy as np

from intervu_cli.voice.audio.capture import FRAME_MS, RATE, Frame

# Words after which a speaker is almost never done: conjunctions, fillers, articles, possessives,
# a subject pronoun waiting for its verb. Words that often end a sentence are left out, though a
# thinking pause can follow them too ("it", "that", "is", "was", "to", "for", "then", "like",
# "actually"): holding on them would make "... than he was." wait 1.5 s. A turn ended too early
# costs the candidate a barge-in (tens of milliseconds); one held too long costs every turn that
# ends that way over a second.
CONTINUATIONS = frozenset(
    "and but or nor so because cause um uh er erm hmm mm the a an of my our your their whose which whether "
    "if i we".split()
)
# "so" closes "I think so", "I guess so".
_SO_CLOSERS = frozenset("think guess hope believe suppose said do did not".split())


SPEECH_START = 0.5  # Silero's probability for a frame to count as speech at an onset
SPEECH_KEEP = 0.5  # ... and once speech has started


@dataclass
class VadConfig:
    aggressiveness: int = 2  # webrtcvad 0..3: higher rejects more non-speech
    preroll_ms: int = 300
    start_ms: int = 60  # voiced run that makes an onset
    min_speech_ms: int = 250  # voiced audio before a gap, for the onset to count as speech (webrtcvad's own
    # hangover makes a 100 ms click read as ~180 ms voiced)
    gap_ms: int = 200  # a gap this long before min_speech_ms is reached drops the onset
    end_silence_ms: int = 700  # trailing silence that ends a turn
    hold_silence_ms: int = 1500  # ... when the words so far end with a continuation
    tail_db: float = 30.0  # during speech, a frame this far below the loudest so far is silence

    def validate(self) -> None:
        if self.aggressiveness not in (0, 1, 2, 3):
            raise ValueError("VAD aggressiveness must be 0, 1, 2 or 3")
        for name in ("preroll_ms", "start_ms", "min_speech_ms", "gap_ms", "end_silence_ms", "hold_silence_ms",
                     "tail_db"):
            if getattr(self, name) < 0:
                raise ValueError(f"{name} must not be negative")


@dataclass
class VadEvent:
    kind: str  # start | audio | end
    t: float  # start: onset; audio: the frame's time; end: when the speech stopped (last voiced frame's end)
    frames: list[Frame] = field(default_factory=list)  # start: the pre-roll and the onset; audio: one frame
    detected_t: float = 0.0  # the audio time at which this was decided


def dbfs(pcm: np.ndarray) -> float:
    """The level of int16 samples, in dB below full scale (-120 for nothing)."""
    if not len(pcm):
        return -120.0
    x = pcm.astype(np.float32)
    return float(10 * np.log10(np.mean(x * x) / (32768.0**2) + 1e-12))


def _frame_db(frame: Frame) -> float:
    return dbfs(np.frombuffer(frame.pcm, np.int16))


def ends_open(text: str) -> bool:
    """Do the words so far end as if the speaker has more to say?"""
    stripped = text.strip().rstrip(".,!").lower()
    if not stripped or stripped.endswith("?"):
        return False
    words = stripped.split()
    if words[-1] == "so" and len(words) > 1 and words[-2] in _SO_CLOSERS:
        return False
    return words[-1] in CONTINUATIONS


class Endpointer:
    """`speech`: a `prosody.SpeechProbability` (Silero) to tell speech from noise, instead of webrtcvad;
    `judge`: a `turns.TurnJudge` to decide when a turn is over, instead of a fixed silence."""

    def __init__(self, cfg: VadConfig | None = None, *, speech=None, judge=None) -> None:
        import webrtcvad

        self.cfg = cfg or VadConfig()
        self.cfg.validate()
        self._vad = webrtcvad.Vad(self.cfg.aggressiveness)
        self.speech = speech
        self.judge = judge
        self.why = ""  # why the last turn ended (the judge's words, or "silence")
        self._preroll: deque[Frame] = deque(maxlen=max(1, (self.cfg.preroll_ms + self.cfg.start_ms) // FRAME_MS))
        self.state = "idle"  # idle | onset | speech
        self._run = 0
        self._pending: list[Frame] = []
        self._voiced_ms = 0
        self._silence_ms = 0
        self._onset_t = 0.0
        self._last_voiced_end = 0.0
        self._peak_db = -120.0
        self.context = ""  # the words recognized so far in this turn (the pipeline keeps it current)

    def voiced(self, frame: Frame) -> bool:
        if self.speech is not None:  # Silero, with hysteresis: harder to start than to keep going
            p = self.speech.feed(frame.pcm)
            return p >= (SPEECH_KEEP if self.state == "speech" else SPEECH_START)
        return self._vad.is_speech(frame.pcm, RATE)

    @property
    def end_threshold_ms(self) -> int:
        return self.cfg.hold_silence_ms if ends_open(self.context) else self.cfg.end_silence_ms

    def feed(self, frame: Frame) -> list[VadEvent]:
        voiced = self.voiced(frame)
        end_t = frame.t + FRAME_MS / 1000
        if self.state == "idle":
            self._preroll.append(frame)
            self._run = self._run + 1 if voiced else 0
            if self._run * FRAME_MS >= self.cfg.start_ms:
                self.state = "onset"
                self._onset_t = frame.t - (self._run - 1) * FRAME_MS / 1000
                self._pending = list(self._preroll)
                self._preroll.clear()
                self._voiced_ms = self._run * FRAME_MS
                self._silence_ms = 0
                self._peak_db = max(_frame_db(f) for f in self._pending[-self._run:])
                self._last_voiced_end = end_t
                return self._confirm(end_t)
            return []
        level = _frame_db(frame)
        self._peak_db = max(self._peak_db, level)
        if voiced and level >= self._peak_db - self.cfg.tail_db:
            self._voiced_ms += FRAME_MS
            self._silence_ms = 0
            self._last_voiced_end = end_t
        else:
            self._silence_ms += FRAME_MS
        if self.state == "onset":
            self._pending.append(frame)
            if self._silence_ms >= self.cfg.gap_ms:  # a click or a cough: not speech
                self._preroll.extend(self._pending[-self._preroll.maxlen :])
                self._reset()
                return []
            return self._confirm(end_t)
        events = [VadEvent("audio", frame.t, [frame])]
        if self.judge is not None:
            self.judge.add(frame.pcm)
            if self._silence_ms == 0:
                self.judge.speech()
                return events
            why = self.judge.decide(self._silence_ms, end_t, self.context)
        else:
            why = "silence" if self._silence_ms >= self.end_threshold_ms else None
        if why:
            self.why = why
            events.append(VadEvent("end", self._last_voiced_end, detected_t=end_t))
            self._reset()
        return events

    def _confirm(self, now: float) -> list[VadEvent]:
        if self._voiced_ms < self.cfg.min_speech_ms:
            return []
        self.state = "speech"
        frames, self._pending = self._pending, []
        if self.judge is not None:
            self.judge.begin()
            for f in frames:
                self.judge.add(f.pcm)
        return [VadEvent("start", self._onset_t, frames, detected_t=now)]

    def flush(self, now: float) -> list[VadEvent]:
        """The source ended: a turn in progress ends here."""
        if self.state == "speech":
            self.why = "the audio ended"
            self._reset()
            return [VadEvent("end", self._last_voiced_end, detected_t=now)]
        self._reset()
        return []

    def _reset(self) -> None:
        self.state = "idle"
        self._run = 0
        self._pending = []
        self._voiced_ms = 0
        self._silence_ms = 0
        self._peak_db = -120.0
        self.context = ""
