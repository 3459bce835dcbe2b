"""Full duplex: the microphone stays open while the interviewer speaks.

One listening thread takes every 20 ms frame of the microphone, for the whole interview:

1. the echo canceller removes what the speaker played (the player's reference, aligned on the
   frame's capture time);
2. while the interviewer has the floor, the barge-in detector decides on the raw and the cleaned
   audio (see `echo.py`), and acts on the player itself, on this thread (pause at the onset,
   resume after a back-channel, drop the utterance when the candidate goes on) — no hop through
   the event loop before the speaker goes quiet;
3. the audio (raw when no echo is expected in it, else cleaned) goes through VAD, endpointing and
   streaming STT as in voice-in; while the interviewer talks, only what the detector took for the
   candidate reaches them;
4. when trailing silence begins on a partial transcript, a `silence` event lets the front end
   start the LLM speculatively; `resumed` says the candidate went on after all.

Everything is handed to the event loop with `call_soon_threadsafe`; nothing here waits on it.
Times in events are `time.perf_counter()` seconds (host clock), converted from the frames'
capture times.

Because the microphone is never closed or paused, there is no gap between the interviewer's last
sample and the candidate's next word being heard; the `on_frame` hook (each frame's capture time)
lets the benchmark measure that it is zero.
"""

from __future__ import annotations

import dataclasses

import asyncio
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from intervu_cli.core.vocab import Hearing
from intervu_cli.voice.audio.capture import FRAME_SAMPLES, Frame
from intervu_cli.voice.duplex.echo import BargeInConfig, BargeInDetector, EchoCanceller
from intervu_cli.voice.listening.pipeline import Heard, Listener
from intervu_cli.voice.listening.vad import VadConfig, dbfs

# Voice conversation endpointing: a closed-sounding sentence ends the turn after 350 ms of silence
# (an open one, "so...", "and", waits 1.5 s), and the LLM is started speculatively at 80 ms, so its
# first sentence is ready about when the turn ends. Ending a turn early is cheap: if the candidate
# goes on, they barge in and the interviewer stops within a few tens of milliseconds.
DUPLEX_VAD = VadConfig(end_silence_ms=350, hold_silence_ms=1500)
SPECULATE_MS = 80
GATE_FRAMES = 3  # 60 ms delay line for the recognizer while the interviewer has the floor
GATE_TAIL_S = 0.2  # ... and this long after it stops (the echo's tail)


class Floor:
    """Which interviewer utterance (its generation) has the floor. Shared by two threads: the
    front end's event loop gives it when an utterance starts playing and releases it when the
    utterance ends or is cut; the listening thread takes it when it decides a barge-in. Every
    change is made under one lock, held for a few instructions, and neither side can clear what
    the other set after it looked:

    - `give(gen)` (the loop): utterance `gen` has the floor from now on;
    - `take()` (the listening thread, on a barge-in): the generation that had the floor, or None,
      and the floor is cleared, in one step: a `give()` that lands just after it is kept, and
      the next barge-in takes that generation;
    - `release(gen)` (the loop, when utterance `gen` has been played out or cut): clears the
      floor only if `gen` still holds it, so a late release never drops a newer utterance's floor.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._gen: int | None = None

    @property
    def gen(self) -> int | None:
        """The generation that has the floor now (a single read; decisions use `take`)."""
        return self._gen

    def give(self, gen: int) -> None:
        with self._lock:
            self._gen = gen

    def take(self) -> int | None:
        with self._lock:
            gen, self._gen = self._gen, None
            return gen

    def release(self, gen: int) -> bool:
        """Clear the floor if `gen` holds it; whether it did."""
        with self._lock:
            if self._gen != gen:
                return False
            self._gen = None
            return True


@dataclass
class VoiceEvent:
    type: Hearing
    t: float  # host time it refers to (speech: the audio; decisions: when decided)
    text: str = ""
    heard: Heard | None = None
    gen: int | None = None  # barge-in: the utterance it was about
    marks: dict = field(default_factory=dict)  # host times: onset, decided, stopped, speech_end, endpoint, final
    during_floor: bool = False  # final: spoken while the interviewer had the floor, with no barge-in
    why: str = ""  # final: why the turn was taken to be over (the turn judge's reason, or "silence")
    evidence: dict | None = None  # final, with the turn judge: what it knew when it decided (see turns.Evidence)


class DuplexListener:
    def __init__(self, mic, recognizer, player, *, vad: VadConfig | None = None,
                 barge: BargeInConfig | None = None, speculate_ms: int = SPECULATE_MS, echo: bool = True,
                 speech=None, judge=None) -> None:
        self.mic = mic
        self.recognizer = recognizer
        self.player = player
        # `speech` (Silero) and `judge` (the turn judge, see listening/turns.py): when given, they
        # decide what is speech and when a turn is over; otherwise webrtcvad and a fixed silence.
        self.listener = Listener(recognizer, vad or DUPLEX_VAD, speech=speech, judge=judge)
        self.judge = judge
        self.detector = BargeInDetector(barge)
        self.aec = EchoCanceller() if echo else None
        self.speculate_ms = speculate_ms
        self.floor = Floor()  # given and released by the front end, taken here on a barge-in
        self.muted = False  # set by the front end: the microphone is heard as silence (mute, push-to-talk)
        self.level_dbfs: float | None = None  # the latest frame's level, before muting (a front end's meter)
        self.on_frame: Callable[[float], None] | None = None  # a measurement hook: each frame's capture time
        self._thread: threading.Thread | None = None
        self._offset = 0.0  # host time - audio time
        self._spec_sent = False
        self._spec_text = ""
        self._turn_on_floor = False
        self._barge_marks: dict = {}
        self._speech_end_t: float | None = None
        self._gate_until = 0.0
        self._delay: deque[tuple[Frame, bool]] = deque()

    # --- on the listening thread ----------------------------------------------------------------

    def _frame(self, frame: Frame, emit: Callable[[VoiceEvent], None]) -> None:
        host_t = frame.host_t if frame.host_t is not None else time.perf_counter()
        if self.on_frame is not None:
            self.on_frame(host_t)
        self._offset = host_t - frame.t
        mic = np.frombuffer(frame.pcm, np.int16)
        self.level_dbfs = dbfs(mic)
        if self.muted:  # silence, so the turn in progress ends and nothing said now is heard
            mic = np.zeros_like(mic)
        ref = self.player.reference(host_t, FRAME_SAMPLES)
        clean = self.aec.process(mic, ref) if self.aec is not None else mic
        player = self.player
        floor = player.sounding or player.paused or self.detector.state == "onset"
        decision = self.detector.feed(mic, clean, ref, host_t, floor=floor)
        if decision == "onset":
            decided = time.perf_counter()
            stopped = player.pause()
            self._barge_marks = {"onset": self.detector.onset_t, "decided": decided, "stopped": stopped}
            emit(VoiceEvent(Hearing.ONSET, decided, gen=self.floor.gen, marks=dict(self._barge_marks)))
        elif decision == "backchannel":
            player.resume()
            emit(VoiceEvent(Hearing.BACKCHANNEL, time.perf_counter(), gen=self.floor.gen,
                            marks=dict(self._barge_marks)))
        elif decision == "barge_in":
            # The candidate has the floor: this speech is their turn. Taken in one step: an
            # utterance given the floor while this one is being cancelled keeps it.
            gen = self.floor.take()
            if gen is not None:
                player.cancel(gen)
            self._turn_on_floor = False
            marks = dict(self._barge_marks, committed=time.perf_counter())
            emit(VoiceEvent(Hearing.BARGE_IN, marks["committed"], gen=gen, marks=marks))
        # The recognizer hears the raw microphone whenever no echo is expected in it (headphones,
        # the speaker quiet for a moment): the canceller's double-talk suppression would eat the
        # candidate's first words. Otherwise it hears the canceller's output.
        pcm = mic if self.detector.echo_free else clean
        # While the interviewer talks (and its echo dies away), the recognizer hears only what the
        # detector took for the candidate: the canceller leaks (most before it has converged), and
        # a leak heard as speech would make the interviewer's own words the candidate's turn. The
        # frames wait GATE_FRAMES in a delay line, so the start of a word that the detector
        # recognizes a few frames in still reaches the recognizer.
        if floor or decision is not None:
            self._gate_until = host_t + GATE_TAIL_S
        gated = host_t < self._gate_until and self.detector.state == "idle"
        self._delay.append((Frame(pcm.tobytes(), frame.t, host_t), self.detector.heard))
        if gated:
            if len(self._delay) <= GATE_FRAMES:
                return self._after_stt(emit)
            f, heard = self._delay.popleft()
            if not heard and not any(h for _, h in self._delay):  # nothing of the candidate near it
                f = Frame(bytes(len(f.pcm)), f.t, f.host_t)
            self._listen(f, emit)
        else:
            while self._delay:
                self._listen(self._delay.popleft()[0], emit)
        self._after_stt(emit)

    def _listen(self, frame: Frame, emit: Callable[[VoiceEvent], None]) -> None:
        for heard in self.listener.feed(frame):
            self._heard(heard, emit)

    def _after_stt(self, emit: Callable[[VoiceEvent], None]) -> None:
        ep = self.listener.endpointer
        if ep.state == "speech" and ep.context:
            # Whisper's words for the turn, once the turn judge has them, are the final ones: better
            # to start the LLM on them than on the streaming recognizer's partial.
            words = self.judge.words_heard if self.judge is not None and ep._silence_ms else None
            text = words or ep.context
            if ep._silence_ms >= self.speculate_ms and (not self._spec_sent or text != self._spec_text):
                # Trailing silence on a partial transcript: start the LLM on it. The recognizer's
                # partial often catches up with the last word only during the silence; when it
                # does, start again on the newer words (the front end drops the older start).
                self._spec_sent, self._spec_text = True, text
                emit(VoiceEvent(Hearing.SILENCE, time.perf_counter(), text=text))
            elif self._spec_sent and ep._silence_ms == 0:
                self._spec_sent = False
                emit(VoiceEvent(Hearing.RESUMED, time.perf_counter(), text=ep.context))

    def _heard(self, heard: Heard, emit: Callable[[VoiceEvent], None]) -> None:
        t = heard.t + self._offset
        if heard.type == Hearing.SPEECH_START:
            self._spec_sent = False
            self._turn_on_floor = self.floor.gen is not None and self.detector.state != "barge_in"
            emit(VoiceEvent(Hearing.SPEECH_START, t, heard=heard))
        elif heard.type == Hearing.PARTIAL:
            emit(VoiceEvent(Hearing.PARTIAL, t, text=heard.text, heard=heard))
        elif heard.type == Hearing.SPEECH_END:
            self._speech_end_t = t
            emit(VoiceEvent(Hearing.SPEECH_END, t, heard=heard))
        elif heard.type == Hearing.FINAL:
            now = time.perf_counter()
            marks = {"speech_end": self._speech_end_t if self._speech_end_t is not None else t,
                     "endpoint": (heard.detected_t or heard.t) + self._offset, "stt_final": now}
            ep = self.listener.endpointer
            evidence = None
            if self.judge is not None:
                evidence = dataclasses.asdict(self.judge.last)
            emit(VoiceEvent(Hearing.FINAL, now, text=heard.text, heard=heard, marks=marks,
                            during_floor=self._turn_on_floor, why=ep.why, evidence=evidence))
            self._turn_on_floor = False
            self._spec_sent = False
            if self.detector.state == "barge_in":
                self.detector.reset()

    def run(self, emit: Callable[[VoiceEvent], None]) -> None:
        try:
            for frame in self.mic.frames():
                self._frame(frame, emit)
        except Exception as exc:  # noqa: BLE001 - reported by the front end, not lost on a thread
            emit(VoiceEvent(Hearing.ERROR, time.perf_counter(), text=f"{type(exc).__name__}: {exc}"))

    # --- from the front end ---------------------------------------------------------------------

    def start(self, loop: asyncio.AbstractEventLoop, on_event: Callable[[VoiceEvent], None]) -> None:
        def emit(ev: VoiceEvent) -> None:
            try:
                loop.call_soon_threadsafe(on_event, ev)
            except RuntimeError:  # the loop is closed: the interview is over
                pass

        self._thread = threading.Thread(target=self.run, args=(emit,), name="intervu-duplex", daemon=True)
        self._thread.start()

    def close(self) -> None:
        self.mic.close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        if self.judge is not None:
            self.judge.close()
        self.recognizer.close()
