"""Voice out, part two: the speaker. One callback OutputStream for the whole interview.

- Clips (one synthesized chunk each) wait in a deque, tagged with their utterance's generation.
  The callback copies samples out and writes silence when there is nothing to say; it never waits,
  takes no lock of ours, and only reads `gen` to skip clips of a generation that is over. When a
  clip starts or ends it calls `on_moved` (if set), which must return at once (an Event's set:
  the TTS worker's `poke`, a waiter's wake-up).
- Barge-in: `pause()` calls `abort()` on the stream, which throws away what the device had buffered
  (~6 ms of audio still plays on the rig; `stop()` lets ~15-19 ms drain, and writing zeros from the
  callback leaves 36-61 ms). If the candidate only said "mm-hmm", `resume()` carries on from a
  little before where the voice stopped; if they go on, `cancel(gen)` drops every clip of that
  generation, so nothing from an interrupted utterance ever plays later. Two races are closed at the
  device's door: the callback checks the generation again once a block is filled and silences what
  a `cancel` on another thread ended meanwhile, and `cancel` aborts the stream while the end of a
  dropped clip is still in the device's buffer, between two clips too (not only while one plays).
- Everything played is kept for a few seconds with the time it reached the DAC, as the echo
  canceller's reference (`reference()`), and each clip records when its first and last samples
  were played, on `time.perf_counter()`'s clock.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from intervu_cli.voice.audio.capture import AudioError, restart_stream
from intervu_cli.voice.audio.devices import output_device, sounddevice

RATE = 16000
BLOCK = 160  # 10 ms: the shorter the block, the sooner a barge-in is heard and a clip starts
REWIND_S = 0.25  # a resumed utterance repeats this much before where it stopped


@dataclass(eq=False)
class Clip:
    gen: int
    seq: int
    samples: np.ndarray  # int16 at the player's rate
    text: str = ""  # the reply text it covers
    pos: int = 0  # next sample to play
    start_t: float | None = None  # when its first sample reached the DAC
    end_t: float | None = None  # when its last sample did
    played_to: int = 0  # samples known to have been played (set at pause/cancel, or at the end)

    @property
    def done(self) -> bool:
        return self.end_t is not None


class Player:
    def __init__(self, device: str | int | None = None, rate: int = RATE, block: int = BLOCK,
                 keep_s: float = 8.0) -> None:
        sd = sounddevice()
        self.device, info = output_device(device)
        self.rate = rate
        self.gen = 0  # clips of an older generation are dropped wherever they are found
        self.underflows = 0
        # Blocks in which the callback found, before handing them to the device, samples of a
        # generation that `cancel` ended while it was filling them (they are silenced): how often
        # that race happens. Nothing of a dropped generation reaches the device either way.
        self.stale_blocks = 0
        self._tail: tuple[int, float] | None = None  # (generation, DAC time) of the last sample written
        # What reached the device, for a measurement (`intervu bench`): (DAC start, DAC end, generation)
        # of every stretch of samples written, and when each generation was cancelled.
        self.spans: deque[tuple[float, float, int]] = deque(maxlen=int(keep_s * rate / block) * 2)
        self.cancelled_at: dict[int, float] = {}
        self.restarts = 0  # the stream died under us (see check) and was started again
        self._closed = False
        self._clips: deque[Clip] = deque()
        self._cur: Clip | None = None
        self._paused = False
        self._ref: deque[tuple[float, np.ndarray]] = deque(maxlen=int(keep_s * rate / block) + 1)
        self.history: deque[Clip] = deque(maxlen=64)  # clips that started, newest last
        self._control = threading.Lock()  # pause/resume/cancel come from different threads
        # Called when a clip starts or ends, or clips are dropped (from the audio callback too):
        # must return at once, like an Event's set (see the module's docstring).
        self.on_moved: Callable[[], None] | None = None
        self.name = str(info["name"])
        try:
            self._stream = sd.OutputStream(device=self.device, samplerate=rate, channels=1, dtype="int16",
                                           blocksize=block, latency="low", callback=self._callback)
            self._stream.start()
        except (ValueError, sd.PortAudioError) as exc:
            raise AudioError(f"cannot open the speaker {self.name!r} ({exc}); pick another with --speaker "
                             "(see `intervu devices`)") from None
        self.latency_s = float(self._stream.latency)

    # --- the audio thread -----------------------------------------------------------------------

    def _callback(self, outdata, frames, time_info, status) -> None:
        if status.output_underflow:
            self.underflows += 1
        dac_t = time.perf_counter() + (time_info.outputBufferDacTime - time_info.currentTime)
        out = outdata[:, 0]
        filled = 0
        moved = False
        gen = self.gen
        spans: list[tuple[int, int, Clip, bool]] = []  # (first sample, end, clip, whether it started here)
        while filled < frames:
            cur = self._cur
            if cur is None or cur.gen < gen:
                self._cur = None
                try:
                    cur = self._clips.popleft()
                except IndexError:
                    break
                moved = True
                if cur.gen < gen:
                    continue
                self._cur = cur
            started = cur.start_t is None
            if started:
                cur.start_t = dac_t + filled / self.rate
                self.history.append(cur)
            n = min(frames - filled, len(cur.samples) - cur.pos)
            out[filled:filled + n] = cur.samples[cur.pos:cur.pos + n]
            spans.append((filled, filled + n, cur, started))
            cur.pos += n
            filled += n
            if cur.pos >= len(cur.samples):
                cur.end_t = dac_t + filled / self.rate
                cur.played_to = cur.pos
                self._cur = None
                moved = True
        out[filled:] = 0
        # The last word on a generation, at the device's door: `cancel` may have ended one while this
        # block was being filled (it runs on another thread and takes no lock the callback waits
        # on). Samples of a generation that is over now are silenced before PortAudio gets them.
        over = self.gen
        if spans and min(c.gen for _, _, c, _ in spans) < over:
            self.stale_blocks += 1
            for a, b, c, started in spans:
                if c.gen < over:
                    out[a:b] = 0
                    if started:  # it never reached the speaker: not on record as played
                        c.start_t = None
                        try:
                            self.history.remove(c)
                        except ValueError:
                            pass
        for a, b, c, _ in spans:
            if c.gen >= over:
                self.spans.append((dac_t + a / self.rate, dac_t + b / self.rate, c.gen))
        if spans:
            # what is in the device's buffer and not yet played: `cancel` aborts the stream while a
            # dropped generation's samples are still ahead of the DAC, even between two clips
            self._tail = (max(c.gen for _, _, c, _ in spans), dac_t + spans[-1][1] / self.rate)
        if filled:
            self._ref.append((dac_t, out.copy()))
        if moved and self.on_moved is not None:
            self.on_moved()

    # --- control --------------------------------------------------------------------------------

    def play(self, clip: Clip) -> None:
        if clip.gen >= self.gen and len(clip.samples):
            try:
                self.check()
            except AudioError:
                pass  # the front end's own check reports it
            self._clips.append(clip)

    def check(self) -> None:
        """If the stream has died, start it again (the front end calls this every few tens of
        milliseconds, and every clip queued does). PortAudio's ALSA host API sometimes gives up on
        a device and the stream goes inactive with no error to the callback; the interviewer would
        fall silent for good. The clip that was playing carries on where the DAC stopped."""
        with self._control:
            if self._closed or self._paused or self._stream.active:
                return
            self.restarts += 1
            restart_stream(self._stream, f"the speaker {self.name!r}")

    def backlog(self, gen: int) -> int:
        """Clips of `gen` waiting to start."""
        return sum(1 for c in list(self._clips) if c.gen == gen)

    @property
    def sounding(self) -> bool:
        """Is there something playing, or about to?"""
        return not self._paused and (self._cur is not None or bool(self._clips))

    @property
    def paused(self) -> bool:
        return self._paused

    def busy(self, gen: int) -> bool:
        """Does utterance `gen` still have audio to play (or is it paused)?"""
        cur = self._cur
        return (cur is not None and cur.gen == gen) or any(c.gen == gen for c in list(self._clips))

    def pause(self) -> float:
        """Silence the speaker now (barge-in onset). Returns when the stream was aborted."""
        with self._control:
            if self._paused:
                return time.perf_counter()
            self._paused = True
            self._stream.abort()
            t = time.perf_counter()
            cur = self._cur
            if cur is not None and cur.start_t is not None:  # what the DAC really got to
                cur.played_to = max(0, min(cur.pos, int((t - cur.start_t) * self.rate)))
                cur.pos = max(0, cur.played_to - int(REWIND_S * self.rate))
            return t

    def resume(self) -> None:
        """Carry on after a back-channel ("mm-hmm"): the interrupted clip restarts a little early."""
        with self._control:
            if self._paused:
                self._paused = False
                self._stream.start()

    def cancel(self, gen: int) -> float:
        """Drop utterance `gen` (and anything older), silencing it at once if it is playing."""
        with self._control:
            self.gen = max(self.gen, gen + 1)
            playing = self._cur is not None and self._cur.gen <= gen
            # Between two clips nothing is playing, but the end of the last one may still be in the
            # device's buffer, ahead of the DAC: that is dropped too.
            tail = self._tail
            buffered = tail is not None and tail[0] <= gen and tail[1] > time.perf_counter()
            if (playing or buffered) and not self._paused:
                self._stream.abort()
            t = time.perf_counter()
            cur = self._cur
            if cur is not None and cur.gen <= gen:
                if cur.start_t is not None and not self._paused:
                    cur.played_to = max(0, min(cur.pos, int((t - cur.start_t) * self.rate)))
                self._cur = None
            for c in list(self._clips):
                if c.gen <= gen:
                    try:
                        self._clips.remove(c)
                    except ValueError:
                        pass
            self.cancelled_at.setdefault(gen, t)
            if playing or buffered or self._paused:
                self._paused = False
                self._stream.start()
        if self.on_moved is not None:
            self.on_moved()
        return t

    def spoken(self, gen: int) -> tuple[str, bool]:
        """The text of `gen` that reached the speaker, and whether it was all of it."""
        parts, whole = [], True
        for clip in list(self.history):
            if clip.gen != gen:
                continue
            if clip.done and clip.played_to >= len(clip.samples):
                parts.append(clip.text)
                continue
            whole = False
            frac = clip.played_to / max(1, len(clip.samples))
            words = clip.text.split()
            parts.append(" ".join(words[: int(len(words) * frac)]))
        return " ".join(p.strip() for p in parts if p.strip()), whole

    def reference(self, t0: float, n: int) -> np.ndarray:
        """What the speaker played from host time `t0` for `n` samples (zeros where it was silent)."""
        out = np.zeros(n, np.int16)
        t1 = t0 + n / self.rate
        for t, block in reversed(list(self._ref)):
            b1 = t + len(block) / self.rate
            if b1 <= t0 - 0.5:  # blocks are in time order: nothing older can overlap
                break
            if b1 <= t0 or t >= t1:
                continue
            i0 = int(round((t - t0) * self.rate))
            src0 = max(0, -i0)
            dst0 = max(0, i0)
            m = min(len(block) - src0, n - dst0)
            if m > 0:
                out[dst0:dst0 + m] = block[src0:src0 + m]
        return out

    def close(self) -> None:
        with self._control:
            self._closed = True
            self.gen += 1
            try:
                self._stream.abort()
                self._stream.close()
            except Exception:  # noqa: BLE001 - closing a stream whose device vanished
                pass
