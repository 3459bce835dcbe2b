"""The candidate's side of the virtual audio rig: a mouth that speaks into the app's microphone and
an ear that listens to the app's speaker, both on one clock. Used by the latency benchmark
(`intervu bench`) and by tests; never by the app itself.

The rig (../shared/audio-rig) is a private PulseAudio daemon with two null sinks: `vspeaker`, the
default sink (the app's speaker), and `vmic_sink`, whose monitor is remapped as the default source
`vmic` (the app's microphone). The app opens its streams on ALSA's `default` device and so talks
to `vspeaker` and `vmic`. The probe is the other end of both wires:

    probe output --> vmic_sink --> vmic ----------------> app input  (what the candidate says)
    app output ----> vspeaker --> vspeaker.monitor ----> probe input (what the interviewer says)

In a real room (`RigProbe(room=(mic, speaker))`, `intervu bench --room`) there are no wires to
reroute: the probe opens a second client on the app's own microphone and speaker, so what it plays
reaches the app through the air, and what it records is everything the microphone hears - the
candidate's lines as well as the interviewer. The benchmark accounts for that (`bench/voice.py`).

One stream, one clock
---------------------
The probe is ONE duplex `sounddevice.Stream` on ALSA's `pulse` device (16 kHz mono int16, 160-frame
blocks, low latency). Speaking and listening happen in the same callback, so "when did the
candidate stop talking" and "when did the interviewer start answering" are measured by the same
code on the same clock, with no second stream whose start-up or buffering could skew the difference.

Every time in this module is host time: `time.perf_counter()` seconds (CLOCK_MONOTONIC on Linux,
so comparable with any other `perf_counter()` reading in the process, including the app's own
callbacks). PortAudio's callback times are on PortAudio's own clock, so they are only ever used as
differences from `time_info.currentTime`, taken at the moment `perf_counter()` is read in the
callback:

    DAC time of the output block's first sample = perf_counter() + (outputBufferDacTime - currentTime)
    capture time of the input block's first sample = perf_counter() - (currentTime - inputBufferAdcTime)

What PortAudio reports through ALSA's pulse plugin (measured on the rig: PortAudio 19.7 via
sounddevice 0.5.6, libasound2-plugins, PulseAudio 16.1, null sinks at 16 kHz):

- `outputBufferDacTime - currentTime` is sane: 20-30 ms with `latency="low"`, depending on the
  open (it is the plugin's `snd_pcm_delay`: what is still queued in PulseAudio ahead of the block),
  and it grows to what is really queued after an underflow (20 -> 40 ms once seen).
- `currentTime - inputBufferAdcTime` is 0 in steady state (a few ms on the first block). That
  looks like nonsense - the first sample of a 10 ms block cannot have been captured at the instant
  the block is handed over - but on this rig it is right: a sample stamped so lands where the
  app's own DAC time says it plays, within a few ms (checked end to end by tests/test_rigprobe.py;
  most likely because a null sink renders ahead of its own clock, the clock the DAC times are on,
  and its monitor hands each chunk out as soon as it is rendered). When the
  callback falls behind the lag is not 0 but the real backlog: after a 150 ms stall in the
  callback it read 111 ms, exactly how far callbacks then ran behind the sample clock, for the
  rest of the stream's life. So the raw PortAudio times are used as they come.
- Using the stream's reported input latency (`stream.latency[0]`, 20 ms) as the capture lag
  instead, as one might for a plugin that reports nothing, put every capture 17-20 ms too early
  against the app's DAC times. It is kept only as the fallback for a PortAudio that gives no
  times at all (inputBufferAdcTime / outputBufferDacTime of 0) or absurd ones (negative, or over
  10 s); `adc_fallbacks` / `dac_fallbacks` count the callbacks that needed it (0 on this rig).
- Callbacks are regular (callback time minus sample clock spread under 0.5 ms over 5 s), but the
  times of a single callback can be off: the first block, the blocks right after a stall (one
  read 10 ms early). So the time of a sample is not just its block's stamp: it is the median of
  what its block and the 50 before it (0.5 s) say when extrapolated along the sample clock. Only
  earlier blocks are used, so the time given for a captured sample never changes later. Input
  overflows (lost samples) break the sample clock, so the estimate never crosses one.

The environment trick, and why
------------------------------
PortAudio's ALSA host API cannot name a PulseAudio sink or source: it sees only `pulse` and
`default`, both of which go to the default sink and source, i.e. the app's own speaker and mic.
But libpulse (inside the ALSA pulse plugin) reads PULSE_SINK and PULSE_SOURCE from the process
environment when a PCM is opened, and uses them instead of the defaults. So the probe sets
`PULSE_SINK=vmic_sink` and `PULSE_SOURCE=vspeaker.monitor` just before opening its stream and
restores the environment right after: its output goes to the virtual mic and its input records the
virtual speaker, while every stream opened on `default` without those variables (the app's) stays
on vmic / vspeaker. The environment is process-wide, so the open is serialized by a module lock;
a stream opened by another thread in those few milliseconds without holding that lock could be
misrouted (the app opens its streams before the benchmark starts speaking). After opening, the
probe asks `pactl` where its streams landed and refuses to run if they are not on vmic_sink /
vspeaker.monitor.

The callback
------------
It never blocks, never allocates more than sounddevice's own wrappers, and takes no lock except a
`threading.Event.set()` when a clip finishes and after each input block. Output: it copies samples
from the current clip (a deque of pending clips, popleft when one is done) and writes zeros when
there is none, stamping each clip's DAC start and end times as it goes. Input: it copies the block
into a preallocated ring of `keep_s` seconds and records the block's capture time in a parallel
ring; a sample counter published last tells readers on other threads how far the ring is filled
(and the block's Event wakes those waiting for it). `record_since`,
`first_sound_after` and `silence_after` read the ring from any thread.

One module of ~700 lines, by design: the mouth, the ear, their shared clock and the stream
restarts are one instrument, and the tests measure it as one.
"""

from __future__ import annotations

import bisect
import math
import os
import re
import subprocess
import threading
import time
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import numpy as np

from intervu_cli.voice.audio.capture import AudioError, restart_stream

RATE = 16000
BLOCK = 160
PROBE_SINK = "vmic_sink"  # what the probe plays lands in the app's microphone (vmic)
PROBE_SOURCE = "vspeaker.monitor"  # what the probe records is the app's speaker (vspeaker)
_SMOOTH_BLOCKS = 25  # the capture-time estimate uses a sample's block and the 2 * 25 before it
_OPEN_LOCK = threading.Lock()  # PULSE_SINK / PULSE_SOURCE are process-wide while a stream opens


def _pactl(*args: str, timeout: float = 2.0) -> str:
    """Run pactl in the C locale; its stdout, or AudioError with its stderr."""
    env = {**os.environ, "LC_ALL": "C"}
    try:
        done = subprocess.run(["pactl", *args], capture_output=True, text=True, timeout=timeout, env=env)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise AudioError(f"pactl {' '.join(args)} failed ({exc}); is the audio rig running? "
                         "source ../shared/audio-rig/start.sh") from None
    if done.returncode != 0:
        raise AudioError(f"pactl {' '.join(args)} failed: {(done.stderr or done.stdout).strip() or done.returncode}")
    return done.stdout


def rig_present() -> bool:
    """True when PulseAudio answers and has both the rig's sinks, `vmic_sink` and `vspeaker`."""
    try:
        out = subprocess.run(["pactl", "list", "short", "sinks"], capture_output=True, text=True, timeout=2,
                             env={**os.environ, "LC_ALL": "C"})
    except (OSError, subprocess.SubprocessError):
        return False
    if out.returncode != 0:
        return False
    names = {line.split("\t")[1] for line in out.stdout.splitlines() if line.count("\t") >= 1}
    return {"vmic_sink", "vspeaker"} <= names


def _window_rms_dbfs(samples: np.ndarray, win: int) -> np.ndarray:
    """RMS of each whole window of `win` samples, in dBFS (full scale = 32768)."""
    n = len(samples) // win
    if n == 0:
        return np.empty(0)
    x = samples[: n * win].astype(np.float64).reshape(n, win) / 32768.0
    ms = np.mean(x * x, axis=1)
    with np.errstate(divide="ignore"):
        return 10.0 * np.log10(ms)


def speech_bounds(samples, rate: int = RATE, threshold_dbfs: float = -40.0,
                  window_ms: int = 10) -> tuple[float, float] | None:
    """Where the sound is in a clip: (start of the first, end of the last) window of `window_ms`
    whose RMS exceeds `threshold_dbfs`, in seconds from the clip's first sample; windows are laid
    from the clip's start, a trailing partial window is ignored. None if no window is that loud."""
    x = np.asarray(samples).reshape(-1)
    win = max(1, rate * window_ms // 1000)
    loud = np.flatnonzero(_window_rms_dbfs(x, win) > threshold_dbfs)
    if len(loud) == 0:
        return None
    return loud[0] * win / rate, (loud[-1] + 1) * win / rate


@dataclass(eq=False)
class Playback:
    """A clip queued on the probe. `start_t` / `end_t` are filled in by the audio callback: the host
    time the clip's first sample reaches the DAC (the virtual mic), and the host time just after
    its last sample does (or, if cancelled, when its first silenced sample would have). `done` is
    set once the callback has handed the last sample to PortAudio or dropped the clip; `end_t` may
    then still be up to the output latency (~26 ms) in the future."""

    samples: np.ndarray
    start_t: float | None = None
    end_t: float | None = None
    done: threading.Event = field(default_factory=threading.Event)
    cancelled: bool = False
    bounds: tuple[float, float] | None = field(default=None, repr=False)  # speech_bounds(samples)
    _pos: int = field(default=0, repr=False)
    _gen: int = field(default=0, repr=False)
    _probe: object = field(default=None, repr=False)

    @property
    def onset_t(self) -> float | None:
        """Host time the clip's speech (first window over -40 dBFS) started at the virtual mic."""
        return None if self.start_t is None or self.bounds is None else self.start_t + self.bounds[0]

    @property
    def speech_end_t(self) -> float | None:
        """Host time the clip's speech (end of its last window over -40 dBFS) ended at the virtual mic."""
        return None if self.start_t is None or self.bounds is None else self.start_t + self.bounds[1]

    def wait(self, timeout: float | None = None) -> bool:
        """Wait until the clip has been fully handed to the device (or dropped: `cancelled`, also
        when the probe's stream died under it and was restarted)."""
        deadline = None if timeout is None else time.perf_counter() + timeout
        while not self.done.wait(0.1):
            if self._probe is not None:
                self._probe._check_alive()
            if deadline is not None and time.perf_counter() > deadline:
                return False
        return True


class RigProbe:
    """The duplex probe stream. See the module docstring for the clock and the routing."""

    def __init__(self, rate: int = RATE, block: int = BLOCK, keep_s: float = 600,
                 room: tuple[str | int | None, str | int | None] | None = None) -> None:
        """`room`: instead of the rig's wires, (input device, output device) of a real room - the
        probe then speaks through that speaker and listens with that microphone (the same ones the
        app uses), and what it records is everything the microphone hears: the candidate's lines
        as well as the interviewer. None for PortAudio's default device."""
        self._closed = True  # until the stream is open
        self._stream = None
        try:
            import sounddevice as sd
        except OSError as exc:
            raise AudioError(f"cannot load PortAudio ({exc}); install libportaudio2") from None

        self.rate, self.block = int(rate), int(block)
        if room is None and not rig_present():
            raise AudioError("the virtual audio rig is not running (pactl finds no vmic_sink and vspeaker); "
                             "start it with: source ../shared/audio-rig/start.sh")
        try:
            names = {str(d["name"]) for d in sd.query_devices()}
        except sd.PortAudioError as exc:
            raise AudioError(f"cannot list audio devices ({exc})") from None
        if room is None and "pulse" not in names:
            raise AudioError("PortAudio lists no ALSA 'pulse' device: install libasound2-plugins, and start the rig "
                             "before sounddevice is first imported (PortAudio lists devices only once per process)")
        # input ring: samples, and per block its first sample's index and capture time
        self._keep = max(int(keep_s * self.rate), 4 * self.rate)
        self._ring = np.zeros(self._keep, dtype=np.int16)
        self._nbk = self._keep // self.block + 2 * _SMOOTH_BLOCKS + 8
        self._bstart = np.zeros(self._nbk, dtype=np.int64)
        self._bt = np.zeros(self._nbk, dtype=np.float64)
        self._bseg = np.zeros(self._nbk, dtype=np.int64)
        self._n = 0  # samples captured so far (published last by the callback)
        self._captured = threading.Event()  # set by the callback after each input block
        self._nblocks = 0  # blocks captured so far
        self._seg = 0  # bumped by an input overflow: the sample clock is broken there
        # output queue
        self._pending: deque[Playback] = deque()
        self._cur: Playback | None = None
        self._cancel_req = 0
        # counters
        self.output_underflows = 0
        self.input_overflows = 0
        self.adc_fallbacks = 0
        self.dac_fallbacks = 0
        self.callbacks = 0
        self.restarts = 0  # the stream died (ALSA) and was started again
        self.dac_lead = 0.0  # the last callback's outputBufferDacTime - currentTime, as used (s)
        self.adc_lag = 0.0  # the last callback's currentTime - inputBufferAdcTime, as used (s)
        self.callback_error: str | None = None
        self._in_latency = 0.0
        self._out_latency = 0.0

        self.room = room
        with _OPEN_LOCK:
            if room is not None:
                self._stream = self._open_room(sd, room)
            else:
                self._stream = self._open_rig(sd)
        self._closed = False
        try:
            self._in_latency, self._out_latency = (float(x) for x in self._stream.latency)
            self._stream.start()
            if room is None:
                self._check_routing()
        except BaseException as exc:
            self.close()
            if isinstance(exc, (ValueError, sd.PortAudioError)):
                raise AudioError(f"cannot start the rig probe's stream ({exc})") from None
            raise

    # ---------------------------------------------------------------- set-up

    def _open_rig(self, sd):
        """The duplex stream on ALSA 'pulse', routed to the rig's wires (see the module docstring)."""
        saved = {k: os.environ.get(k) for k in ("PULSE_SINK", "PULSE_SOURCE")}
        os.environ["PULSE_SINK"], os.environ["PULSE_SOURCE"] = PROBE_SINK, PROBE_SOURCE
        try:
            return sd.Stream(device="pulse", samplerate=self.rate, channels=1, dtype="int16",
                             blocksize=self.block, latency="low", callback=self._callback)
        except (ValueError, sd.PortAudioError) as exc:
            raise AudioError(f"cannot open the rig probe's stream on ALSA 'pulse' ({exc}); "
                             "is libasound2-plugins installed and the rig running?") from None
        finally:
            for k, v in saved.items():
                if v is None:
                    os.environ.pop(k, None)
                else:
                    os.environ[k] = v

    def _open_room(self, sd, room):
        """The duplex stream on a real microphone and speaker (the app's own: a second client on
        each, which PulseAudio, PipeWire, CoreAudio and WASAPI allow)."""
        from intervu_cli.voice.audio.capture import _device_arg

        try:
            devs = (_device_arg(room[0]), _device_arg(room[1]))
            return sd.Stream(device=devs, samplerate=self.rate, channels=1, dtype="int16",
                             blocksize=self.block, latency="low", callback=self._callback)
        except (ValueError, sd.PortAudioError) as exc:
            raise AudioError(f"cannot open a second stream on your microphone and speaker ({exc}); "
                             "the bench listens beside the app, which a raw ALSA device does not allow: "
                             "use the 'pulse' or 'pipewire' device") from None

    def _check_routing(self) -> None:
        """Make sure libpulse honoured PULSE_SINK / PULSE_SOURCE: this process must have a sink
        input on vmic_sink and a source output on vspeaker.monitor."""
        pid = str(os.getpid())
        sinks = _names(_pactl("list", "short", "sinks"))
        sources = _names(_pactl("list", "short", "sources"))
        deadline = time.perf_counter() + 2.0
        while True:
            outs = _streams(_pactl("list", "sink-inputs"), "Sink")
            ins = _streams(_pactl("list", "source-outputs"), "Source")
            out_ok = any(pid_ == pid and sinks.get(dev) == PROBE_SINK for dev, pid_, _ in outs)
            in_ok = any(pid_ == pid and sources.get(dev) == PROBE_SOURCE for dev, pid_, _ in ins)
            if out_ok and in_ok:
                return
            if time.perf_counter() > deadline:
                raise AudioError(f"the rig probe's stream did not land on {PROBE_SINK} / {PROBE_SOURCE} "
                                 "(libpulse ignored PULSE_SINK / PULSE_SOURCE?)")
            time.sleep(0.05)

    # ---------------------------------------------------------------- the audio thread

    def _callback(self, indata, outdata, frames, time_info, status) -> None:
        try:
            now = time.perf_counter()
            cur_pa = time_info.currentTime
            lead = time_info.outputBufferDacTime - cur_pa
            if time_info.outputBufferDacTime == 0.0 or not 0.0 <= lead < 10.0:
                lead = self._out_latency
                self.dac_fallbacks += 1
            lag = cur_pa - time_info.inputBufferAdcTime
            if time_info.inputBufferAdcTime == 0.0 or not 0.0 <= lag < 10.0:
                lag = self._in_latency
                self.adc_fallbacks += 1
            if status.output_underflow:
                self.output_underflows += 1
            if status.input_overflow:
                self.input_overflows += 1
                self._seg += 1
            self.callbacks += 1
            self.dac_lead, self.adc_lag = lead, lag
            self._write_output(outdata[:, 0], frames, now + lead)
            self._store_input(indata[:, 0], frames, now - lag)
        except Exception as exc:  # never seen; say so to the readers instead of dying silently
            self.callback_error = repr(exc)
            outdata.fill(0)
            raise

    def _write_output(self, out: np.ndarray, frames: int, dac_t: float) -> None:
        req = self._cancel_req
        cur = self._cur
        if cur is not None and cur._gen < req:
            self._finish(cur, dac_t, cancelled=True)
            cur = self._cur = None
        pos = 0
        while pos < frames:
            if cur is None:
                if not self._pending:
                    break
                cur = self._pending.popleft()
                if cur._gen < req:
                    self._finish(cur, dac_t + pos / self.rate, cancelled=True)
                    cur = None
                    continue
                self._cur = cur
            if cur._pos == 0:
                cur.start_t = dac_t + pos / self.rate
            k = min(frames - pos, len(cur.samples) - cur._pos)
            out[pos : pos + k] = cur.samples[cur._pos : cur._pos + k]
            cur._pos += k
            pos += k
            if cur._pos >= len(cur.samples):
                self._finish(cur, dac_t + pos / self.rate, cancelled=False)
                cur = self._cur = None
        out[pos:] = 0

    @staticmethod
    def _finish(pb: Playback, t: float, cancelled: bool) -> None:
        pb.end_t = t
        pb.cancelled = cancelled
        pb.done.set()

    def _store_input(self, x: np.ndarray, frames: int, t_first: float) -> None:
        n = self._n
        s = n % self._keep
        k = min(frames, self._keep - s)
        self._ring[s : s + k] = x[:k]
        if k < frames:
            self._ring[: frames - k] = x[k:frames]
        j = self._nblocks % self._nbk
        self._bstart[j] = n
        self._bt[j] = t_first
        self._bseg[j] = self._seg
        self._nblocks += 1
        self._n = n + frames  # publish last: readers trust everything below _n
        self._captured.set()

    # ---------------------------------------------------------------- speaking

    def play(self, samples) -> Playback:
        """Queue `samples` (int16, mono, at `rate`) to be written to the virtual mic right after
        whatever is already queued. Returns at once; the Playback fills in its times as it plays."""
        self._check_alive()
        x = np.ascontiguousarray(np.asarray(samples).reshape(-1), dtype=np.int16)
        pb = Playback(samples=x, bounds=speech_bounds(x, self.rate))
        pb._gen = self._cancel_req
        pb._probe = self
        if len(x) == 0:
            pb.start_t = pb.end_t = time.perf_counter() + self._out_latency
            pb.done.set()
            return pb
        self._pending.append(pb)
        return pb

    def cancel(self) -> None:
        """Stop every clip queued or playing now: the next output block is silence. Clips queued
        after this call play normally."""
        self._cancel_req += 1

    # ---------------------------------------------------------------- listening

    def _state(self) -> tuple[int, int]:
        n = self._n
        return n, self._nblocks

    def _oldest(self, n: int) -> int:
        """Oldest sample index still safe to read (a second of margin before the writer laps it)."""
        return max(0, n - self._keep + self.rate, self._first_kept_block_start(n))

    def _first_kept_block_start(self, n: int) -> int:
        nb = self._nblocks
        j = max(0, nb - self._nbk + 2 * _SMOOTH_BLOCKS + 4)
        return int(self._bstart[j % self._nbk]) if j < nb else n

    def _block_of(self, i: int, nb: int) -> int:
        """The block holding sample index i (the last block if i is beyond it)."""
        lo = max(0, nb - self._nbk + 2 * _SMOOTH_BLOCKS + 4)
        j = bisect.bisect_right(range(lo, nb), i, key=lambda b: int(self._bstart[b % self._nbk])) - 1 + lo
        return min(max(j, lo), nb - 1)

    def _time_of(self, i: int, nb: int) -> float:
        """Host capture time of sample index i (extrapolated if not captured yet)."""
        j = self._block_of(i, nb)
        lo = max(0, nb - self._nbk + 2 * _SMOOTH_BLOCKS + 4, j - 2 * _SMOOTH_BLOCKS)
        blocks = np.arange(lo, j + 1)  # its block and those before: a captured sample's time never changes
        slots = blocks % self._nbk
        same = self._bseg[slots] == self._bseg[j % self._nbk]
        slots = slots[same]
        est = self._bt[slots] + (i - self._bstart[slots]) / self.rate
        return float(np.median(est))

    def _index_at(self, t: float, n: int, nb: int) -> int:
        """Index of the first sample captured at or after host time t (may be >= n: not yet)."""
        lo, hi = self._oldest(n), n
        if self._time_of(lo, nb) >= t:
            return lo
        # the sample clock is monotonic in time: bisect on it, then settle the last sample exactly
        while hi - lo > 1:
            mid = (lo + hi) // 2
            if self._time_of(mid, nb) >= t:
                hi = mid
            else:
                lo = mid
        if hi == n:  # beyond what is captured: extrapolate along the sample clock
            return n + max(0, math.ceil((t - self._time_of(n, nb)) * self.rate - 1e-6))
        return hi

    def _wait_for_samples(self, upto: int, deadline: float | None) -> bool:
        while self._n < upto:
            self._check_alive()
            left = deadline - time.perf_counter() if deadline is not None else 0.0
            if left <= 0:
                return False
            self._captured.clear()  # before looking again, so a block captured after the look wakes us
            if self._n < upto:
                self._captured.wait(min(left, 0.05))  # woken by each block; 50 ms: the stream's liveness again
        return True

    def _check_alive(self) -> None:
        if self._closed:
            raise AudioError("the rig probe is closed")
        if self.callback_error is not None:
            raise AudioError(f"the rig probe's audio callback failed: {self.callback_error}")
        stream = self._stream
        if stream is not None and not stream.active:
            self._restart(stream)

    def _restart(self, stream) -> None:
        """PortAudio's ALSA host API sometimes gives up on the 'pulse' device under load ("ContinuePoll
        ... failed", seen in `intervu bench` on 2 busy cores): the stream goes inactive with no
        error to the callback. Start it again; the clip that was playing is cut (`cancelled`), and
        the sample clock starts a new segment."""
        with _OPEN_LOCK:
            if stream.active or self._closed:
                return
            self.restarts += 1
            now = time.perf_counter()
            cur, self._cur = self._cur, None
            if cur is not None and not cur.done.is_set():
                self._finish(cur, now, cancelled=True)
            self._seg += 1
            restart_stream(stream, "the rig probe's stream")

    def _read(self, a: int, b: int) -> np.ndarray:
        a0, b0 = a % self._keep, b % self._keep
        if b - a <= 0:
            return np.zeros(0, dtype=np.int16)
        if a0 < b0:
            return self._ring[a0:b0].copy()
        return np.concatenate([self._ring[a0:], self._ring[:b0]])

    def record_since(self, t0: float) -> tuple[float, np.ndarray]:
        """What the speaker played from host time t0 until now, as captured so far: (host time of
        the first returned sample, samples). If t0 is older than `keep_s`, from the oldest kept
        sample; if t0 is still in the future (or nothing is captured), an empty array."""
        self._check_alive()
        n, nb = self._state()
        if nb == 0:
            return t0, np.zeros(0, dtype=np.int16)
        i0 = self._index_at(t0, n, nb)
        if i0 >= n:
            return self._time_of(i0, nb), np.zeros(0, dtype=np.int16)
        return self._time_of(i0, nb), self._read(i0, n)

    def _iter_chunks(self, t: float, win: int, timeout: float | None) -> Iterator[tuple[int, np.ndarray, np.ndarray]]:
        """Whole windows of `win` samples laid from the first sample captured at/after host time t,
        in chunks as they are captured: (index of the chunk's first sample, its samples, the RMS in
        dBFS of each of its windows). With `timeout`, goes on until the capture covers host time
        now + timeout (so what played before then has been heard), or a second past that if the
        stream stalls; without, reads only what has been captured."""
        self._check_alive()
        deadline = None if timeout is None else time.perf_counter() + timeout
        if self._nblocks == 0 and not self._wait_for_samples(1, deadline):
            return
        n, nb = self._state()
        i = self._index_at(t, n, nb)
        while True:
            n, nb = self._state()
            i = max(i, self._oldest(n))
            m = (n - i) // win
            if m > 0:
                x = self._read(i, i + m * win)
                yield i, x, _window_rms_dbfs(x, win)
                i += m * win
                continue
            if deadline is None or self._time_of(n, nb) >= deadline or time.perf_counter() > deadline + 1.0:
                return
            self._wait_for_samples(i + win, deadline + 1.0)

    def first_sound_after(self, t: float, threshold_dbfs: float = -45.0, window_ms: int = 10,
                          timeout: float | None = None) -> float | None:
        """Host time the speaker first got louder than `threshold_dbfs` at or after host time t.

        Windows of `window_ms` are laid from the first sample captured at/after t; the first whose
        RMS exceeds the threshold is found, and the time returned is that of its first sample whose
        magnitude exceeds the threshold level (so a sharp onset is timed to the sample, not rounded
        down to the window grid). With `timeout`, waits until the capture covers host time
        now + timeout for the sound; without, looks only at what has been captured so far."""
        win = max(1, self.rate * window_ms // 1000)
        amp = 32768.0 * 10 ** (threshold_dbfs / 20)
        for i, x, levels in self._iter_chunks(t, win, timeout):
            loud = np.flatnonzero(levels > threshold_dbfs)
            if len(loud):
                w = int(loud[0]) * win
                k = int(np.flatnonzero(np.abs(x[w : w + win].astype(np.int32)) > amp)[0])
                return self._time_of(i + w + k, self._nblocks)
        return None

    def silence_after(self, t: float, threshold_dbfs: float = -45.0, hold_ms: int = 100,
                      timeout: float | None = None, window_ms: int = 10) -> float | None:
        """Host time at which the speaker went quiet at/after host time t and then stayed quiet
        (every `window_ms` window's RMS at or below `threshold_dbfs`) for at least `hold_ms`.

        The time returned is the start of that silence refined to the sample: just after the last
        sample louder than the threshold level in the window before the quiet run (or in its first
        window), so the end of a sharp sound is timed to the sample. If it is already quiet at t,
        t's sample. Waits as `first_sound_after` does; None if no such silence was seen."""
        win = max(1, self.rate * window_ms // 1000)
        need = max(1, math.ceil(hold_ms / window_ms))
        amp = 32768.0 * 10 ** (threshold_dbfs / 20)
        run_start, run = None, 0  # the quiet run so far: its first sample index, its length in windows
        first_quiet = before = prev = None  # its first window, the loud window before it; the last loud window
        for i, x, levels in self._iter_chunks(t, win, timeout):
            for k, level in enumerate(levels):
                w = x[k * win : (k + 1) * win]
                if level > threshold_dbfs:
                    run_start, run, prev = None, 0, w
                    continue
                if run_start is None:
                    run_start, first_quiet, before = i + k * win, w.copy(), (None if prev is None else prev.copy())
                run += 1
                if run >= need:
                    loud = np.flatnonzero(np.abs(first_quiet.astype(np.int32)) > amp)
                    if len(loud):
                        idx = run_start + int(loud[-1]) + 1
                    elif before is not None:
                        loud = np.flatnonzero(np.abs(before.astype(np.int32)) > amp)
                        idx = run_start - win + int(loud[-1]) + 1 if len(loud) else run_start
                    else:
                        idx = run_start
                    return self._time_of(idx, self._nblocks)
        return None

    # ---------------------------------------------------------------- closing

    @property
    def latency(self) -> tuple[float, float]:
        """The stream's reported (input, output) latency in seconds."""
        return self._in_latency, self._out_latency

    def _abort_close(self) -> None:
        stream, self._stream = self._stream, None
        if stream is None:
            return
        try:
            stream.abort()
        finally:
            stream.close()

    def close(self) -> None:
        """Abort and close the stream; clips still queued are marked cancelled. Idempotent."""
        if self._closed:
            return
        self._closed = True
        try:
            self._abort_close()
        finally:
            now = time.perf_counter()
            for pb in [self._cur, *self._pending]:
                if pb is not None and not pb.done.is_set():
                    self._finish(pb, now, cancelled=True)
            self._cur = None
            self._pending.clear()

    def __enter__(self) -> RigProbe:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __del__(self) -> None:
        try:
            self.close()
        except Exception:  # noqa: BLE001 - a finalizer must not raise; nothing is left to report to
            pass


def _names(short_list: str) -> dict[str, str]:
    """index -> name from `pactl list short sinks|sources`."""
    out = {}
    for line in short_list.splitlines():
        parts = line.split("\t")
        if len(parts) >= 2:
            out[parts[0]] = parts[1]
    return out


def _streams(long_list: str, device_key: str) -> list[tuple[str, str, str]]:
    """(device index, application.process.id, the entry's own index) for each entry of
    `pactl list sink-inputs|source-outputs`."""
    out = []
    for block in re.split(r"\n(?=\S)", long_list):
        dev = re.search(rf"^\s*{device_key}: (\d+)", block, re.M)
        pid = re.search(r'application\.process\.id = "(\d+)"', block)
        head = re.match(r"\S+ \S+ #(\d+)", block)
        if dev:
            out.append((dev.group(1), pid.group(1) if pid else "", head.group(1) if head else ""))
    return out


def _loopback_sink_input(module_id: str) -> str | None:
    for block in re.split(r"\n(?=\S)", _pactl("list", "sink-inputs")):
        head = re.match(r"Sink Input #(\d+)", block)
        owner = re.search(r"^\s*Owner Module: (\d+)", block, re.M)
        if head and owner and owner.group(1) == module_id:
            return head.group(1)
    return None


@contextmanager
def echo_path(db: float = -10.0, latency_ms: int = 20) -> Iterator[int]:
    """A speaker-to-mic leak, as on a laptop: a PulseAudio loopback from vspeaker.monitor into
    vmic_sink with `latency_ms` of delay, its volume set to `db` dB. Everything the app plays then
    comes back into its own microphone, `db` quieter. Unloaded on exit, even on error. Yields the
    module id. (The rig is shared: while this is loaded every user of vmic hears the echo.)"""
    out = _pactl("load-module", "module-loopback", "source=vspeaker.monitor", f"sink={PROBE_SINK}",
                 f"latency_msec={int(latency_ms)}", "source_dont_move=true", "sink_dont_move=true")
    module_id = out.strip()
    if not module_id.isdigit():
        raise AudioError(f"pactl load-module module-loopback said {out.strip()!r}, not a module id")
    try:
        idx = None
        deadline = time.perf_counter() + 2.0
        while idx is None:
            idx = _loopback_sink_input(module_id)
            if idx is None:
                if time.perf_counter() > deadline:
                    raise AudioError(f"the echo loopback (module {module_id}) has no sink input on {PROBE_SINK}")
                time.sleep(0.02)
        vol = f"{db:g}dB"
        try:  # pactl 16 takes "-10dB" as is and rejects "-- -10dB"; others may want the "--"
            _pactl("set-sink-input-volume", idx, vol)
        except AudioError:
            _pactl("set-sink-input-volume", idx, "--", vol)
        yield int(module_id)
    except BaseException:
        try:
            _pactl("unload-module", module_id)
        except AudioError:
            pass  # the error in flight says more than a failed unload would
        raise
    _pactl("unload-module", module_id)
