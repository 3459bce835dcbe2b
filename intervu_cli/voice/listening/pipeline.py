"""Frames → VAD and endpointing → streaming STT → what was heard.

The same code runs for the microphone and for a WAV file (`intervu listen --file`): both are
streams of 20 ms frames. Events carry `t`, seconds of audio since the source started:

- ``speech_start``  t: the onset (the pre-roll before it is fed to the recognizer too)
- ``partial``       t: the frame that changed the words; text
- ``speech_end``    t: when the speech stopped; ``detected_t``: when the trailing silence said so
- ``final``         t: as speech_end's detected_t; text, words (with timings), ``finalize_ms``:
                    the recognizer's own time to finish, measured here
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from intervu_cli.core.vocab import Hearing
from intervu_cli.voice.audio.capture import Frame
from intervu_cli.voice.listening.vad import Endpointer, VadConfig


@dataclass
class Heard:
    type: Hearing  # speech_start | partial | speech_end | final
    t: float
    text: str = ""
    words: tuple = ()
    detected_t: float | None = None
    finalize_ms: float | None = None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"type": self.type, "t": round(self.t, 3)}
        if self.type in (Hearing.PARTIAL, Hearing.FINAL):
            data["text"] = self.text
        if self.type == Hearing.FINAL:
            data["words"] = [
                {"word": w.text, "start": round(w.start, 3), "end": round(w.end, 3)} for w in self.words
            ]
            data["finalize_ms"] = round(self.finalize_ms or 0.0, 1)
        if self.detected_t is not None:
            data["detected_t"] = round(self.detected_t, 3)
        return data


class Listener:
    """Feeds frames through the endpointer and the recognizer; yields what was heard."""

    def __init__(self, recognizer, cfg: VadConfig | None = None, *, speech=None, judge=None) -> None:
        self.recognizer = recognizer
        self.endpointer = Endpointer(cfg, speech=speech, judge=judge)
        self._onset = 0.0

    def process(self, frames: Iterable[Frame]) -> Iterator[Heard]:
        last_t = 0.0
        for frame in frames:
            last_t = frame.t
            yield from self.feed(frame)
        yield from self.flush(last_t + 0.02)

    def feed(self, frame: Frame) -> Iterator[Heard]:
        """One frame in; what it completed out."""
        yield from self._events(self.endpointer.feed(frame))

    def flush(self, t: float) -> Iterator[Heard]:
        yield from self._events(self.endpointer.flush(t))

    def _accept(self, frame: Frame) -> Iterator[Heard]:
        partial = self.recognizer.accept(frame.pcm)
        if partial is not None and partial.text:
            self.endpointer.context = partial.text
            yield Heard(Hearing.PARTIAL, frame.t, partial.text)

    def _events(self, events) -> Iterator[Heard]:
        for ev in events:
            if ev.kind == "start":
                self.recognizer.reset()
                self._onset = ev.frames[0].t if ev.frames else ev.t
                yield Heard(Hearing.SPEECH_START, ev.t, detected_t=ev.detected_t)
                for f in ev.frames:
                    yield from self._accept(f)
            elif ev.kind == "audio":
                for f in ev.frames:
                    yield from self._accept(f)
            elif ev.kind == "end":
                yield Heard(Hearing.SPEECH_END, ev.t, detected_t=ev.detected_t)
                judge = self.endpointer.judge
                offer = getattr(self.recognizer, "offer", None)
                if judge is not None and offer is not None:
                    judge.settle()
                if judge is not None and judge.transcript is not None and offer is not None:
                    offer(*judge.transcript)  # Whisper already heard this turn while judging its end
                started = time.perf_counter()
                result = self.recognizer.finish()
                finalize_ms = (time.perf_counter() - started) * 1000
                words = tuple(type(w)(w.text, w.start + self._onset, w.end + self._onset, w.conf) for w in result.words)
                yield Heard(Hearing.FINAL, ev.detected_t, result.text, words, detected_t=ev.detected_t,
                            finalize_ms=finalize_ms)
