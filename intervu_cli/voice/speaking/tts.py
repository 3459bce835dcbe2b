"""Voice out, part one: text → samples with pyttsx3 (eSpeak NG on Linux), on a worker thread.

pyttsx3's `say()` plays through `aplay` and cannot be interrupted, so it is never used: each chunk
is rendered with `save_to_file` into a private temporary WAV (eSpeak NG takes ~10 ms a sentence),
read back, resampled to the player's rate, and handed to the player, which can stop it at once.

pyttsx3 announces every file it saves with a `print` ("Audio saved to ...") that would land in the
middle of a TUI; that print is silenced in pyttsx3's espeak driver module alone, never by swapping
`sys.stdout` (other threads are printing). The engine is used from one thread only, as pyttsx3
requires.
"""

from __future__ import annotations

import os
import queue
import shutil
import tempfile
import threading
import time
import wave
import weakref
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

DEFAULT_RATE_WPM = 185  # eSpeak's own default (175) sounds slow for an interviewer
RECHECK_S = 0.05  # waiting for room at the player: re-checked this often even if nobody pokes


class TTSError(Exception):
    """One line for the user: the speech synthesizer cannot run, and what to do."""


def _quiet_pyttsx3() -> None:
    try:
        from pyttsx3.drivers import espeak as drv
    except Exception:  # noqa: BLE001 - another platform's driver; nothing printed there that we know of
        return
    drv.print = lambda *a, **k: None  # shadows the builtin in that module only


class Synthesizer:
    """pyttsx3 → int16 mono samples at `out_rate`. Create and use it on one thread."""

    def __init__(self, voice: str | None = None, rate_wpm: int | None = None, out_rate: int = 16000) -> None:
        try:
            import pyttsx3
        except ImportError as exc:
            raise TTSError(f"pyttsx3 is not installed ({exc}); reinstall intervu-cli") from None
        _quiet_pyttsx3()
        try:
            self._engine = pyttsx3.init()
        except Exception as exc:  # noqa: BLE001 - pyttsx3 raises RuntimeError/OSError/... when eSpeak is missing
            raise TTSError(
                f"cannot start the speech synthesizer ({type(exc).__name__}: {exc}); install eSpeak NG "
                "(Debian/Ubuntu: apt install espeak-ng)"
            ) from None
        self.out_rate = out_rate
        if voice:
            known = {v.id: v for v in self._engine.getProperty("voices")}
            names = {v.name.lower(): v.id for v in known.values()}
            vid = voice if voice in known else names.get(voice.lower())
            if vid is None:
                raise TTSError(f"no voice {voice!r}; `intervu say --voices` lists them")
            self._engine.setProperty("voice", vid)
        self._engine.setProperty("rate", int(rate_wpm or DEFAULT_RATE_WPM))
        self._dir = tempfile.mkdtemp(prefix="intervu-tts-")
        # the directory goes with the synthesizer even if close() is never reached (a thread that
        # died, an interpreter shutting down)
        self._cleanup = weakref.finalize(self, shutil.rmtree, self._dir, True)
        self._n = 0

    def voices(self) -> list[tuple[str, str]]:
        return [(v.id, v.name) for v in self._engine.getProperty("voices")]

    def current_voice(self) -> tuple[str, str]:
        """The voice it speaks with, (id, name): the one asked for, else the synthesizer's default."""
        vid = str(self._engine.getProperty("voice"))
        return vid, dict(self.voices()).get(vid, vid)

    def synth(self, text: str) -> np.ndarray:
        """The samples of `text` spoken (empty for nothing speakable)."""
        if not text.strip():
            return np.zeros(0, np.int16)
        # pyttsx3's eSpeak driver now and then ends an utterance on a stale end-of-message event
        # left over from the one before: the file is then empty (measured: 7 of 40 fresh
        # processes, on the second of two long lines) or not written at all (seen once in CI, with
        # several synthesizers in one process). Saying it again has always worked.
        error = ""
        rate, pcm = self.out_rate, np.zeros(0, np.int16)
        for _attempt in range(3):
            try:
                rate, pcm = self._render(text)
            except (OSError, EOFError, wave.Error) as exc:
                error = str(exc)
                continue
            if len(pcm):
                break
        else:
            if error:
                raise TTSError(f"the speech synthesizer wrote no audio ({error})")
        if rate != self.out_rate and len(pcm):
            import soxr

            pcm = soxr.resample(pcm, rate, self.out_rate).astype(np.int16)
        return pcm

    def _render(self, text: str) -> tuple[int, np.ndarray]:
        self._n += 1
        path = os.path.join(self._dir, f"{self._n % 4}.wav")
        self._engine.save_to_file(text, path)
        self._engine.runAndWait()
        with wave.open(path, "rb") as w:
            rate = w.getframerate()
            pcm = np.frombuffer(w.readframes(w.getnframes()), np.int16)
            if w.getnchannels() > 1:
                pcm = pcm.reshape(-1, w.getnchannels())[:, 0].copy()
        try:
            os.remove(path)  # a later stale write must not be read as this one
        except OSError:
            pass
        return rate, pcm

    def close(self) -> None:
        self._cleanup()


@dataclass
class Job:
    gen: int
    seq: int
    text: str  # what to say
    source: str = ""  # the reply text it covers (what goes on record if it is played)
    queued_t: float = 0.0


class TTSWorker:
    """Synthesizes chunks on its own thread, at most `ahead` chunks ahead of playback, and hands
    each one's samples to `deliver(job, samples, synth_done_t)`. Chunks of a generation that
    `is_current(gen)` says is over are dropped before and after synthesis. While the player holds
    `ahead` chunks of a job's generation, the worker waits; `poke()` (the player calls it when a
    clip starts or clips are dropped) wakes it to look again."""

    def __init__(self, deliver: Callable[[Job, np.ndarray, float], None], is_current: Callable[[int], bool],
                 backlog: Callable[[int], int], *, voice: str | None = None, rate_wpm: int | None = None,
                 out_rate: int = 16000, ahead: int = 1) -> None:
        self.deliver = deliver
        self.is_current = is_current
        self.backlog = backlog  # how many of gen's clips are queued but not yet started
        self.ahead = ahead
        self.dropped = 0
        self.error: str | None = None
        self._submitted = 0  # written by the caller's thread only
        self._finished = 0  # written by the worker only
        self._jobs: queue.Queue[Job | None] = queue.Queue()
        self._moved = threading.Event()  # poked: the backlog or a generation's currency may have changed
        self._ready = threading.Event()
        self._args = (voice, rate_wpm, out_rate)
        self._thread = threading.Thread(target=self._run, name="intervu-tts", daemon=True)
        self._thread.start()
        self._ready.wait(10)
        if self.error:
            raise TTSError(self.error)

    def say(self, job: Job) -> None:
        job.queued_t = time.perf_counter()
        self._submitted += 1
        self._jobs.put(job)

    def poke(self) -> None:
        """The player's backlog or a generation's currency may have changed: look again now. Safe
        from an audio callback (an Event's set: a lock held for a few instructions)."""
        self._moved.set()

    @property
    def pending(self) -> int:
        """Chunks handed over and not yet delivered or dropped (queued or being synthesized)."""
        return self._submitted - self._finished

    def _run(self) -> None:
        try:
            synth = Synthesizer(*self._args)
        except TTSError as exc:
            self.error = str(exc)
            self._ready.set()
            return
        synth.synth("ready")  # warm: the first call pays for eSpeak's voice loading
        self._ready.set()
        try:
            while True:
                job = self._jobs.get()
                if job is None:
                    return
                try:
                    self._one(job, synth)
                finally:
                    self._finished += 1
        finally:
            synth.close()

    def _one(self, job: Job, synth: Synthesizer) -> None:
        # One chunk ahead: wait while the player already has `ahead` of this gen waiting. Cleared
        # before each look, so a poke that comes after it is not lost.
        while True:
            self._moved.clear()
            if not (self.is_current(job.gen) and self.backlog(job.gen) >= self.ahead):
                break
            self._moved.wait(RECHECK_S)
        if not self.is_current(job.gen):
            self.dropped += 1
            return
        samples = synth.synth(job.text)
        if not self.is_current(job.gen):
            self.dropped += 1
            return
        self.deliver(job, samples, time.perf_counter())

    def close(self) -> None:
        self._jobs.put(None)
        self.poke()
        self._thread.join(timeout=5)
