"""The rig probe (the candidate's side of the virtual audio rig, used by `intervu bench`) on the real
rig: its clock agrees with what the app's own streams on `default` say, in both directions; it finds
where sound starts and stops at the speaker; its echo path leaks the speaker into the mic at the
asked level and goes away again. No mocks: real PulseAudio, real PortAudio streams.

The offsets printed (-s) are the errors of the probe's clock mapping against the app side's
PortAudio times; the bounds are correctness bounds of that mapping, not speed targets.

The rig is shared with other tests and engineers: a measurement whose lead-in was not quiet (someone
else's sound) is retried a few times rather than trusted.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import threading
import time

import numpy as np
import pytest
import sounddevice as sd

from conftest import SPEECH
from intervu_cli.voice.audio.capture import read_wav
from intervu_cli.bench import rigprobe
from intervu_cli.bench.rigprobe import Playback, RigProbe, _streams, echo_path, rig_present, speech_bounds

RATE = 16000
BLOCK = 160


def _tone(ms: int, freq: float = 1000.0, dbfs: float = -6.0, phase: float = 0.0) -> np.ndarray:
    n = RATE * ms // 1000
    return (32767 * 10 ** (dbfs / 20) * np.sin(2 * np.pi * freq * np.arange(n) / RATE + phase)).astype(np.int16)


def _dbfs(x: np.ndarray) -> float:
    x = x.astype(np.float64) / 32768
    return 10 * np.log10(max(np.mean(x * x), 1e-20))


class AppSpeaker:
    """The app's side: an OutputStream on `default` (vspeaker). `play()` hands a clip to the
    callback and returns the host time its first sample reaches the DAC, as the app's own callback
    computes it: perf_counter() + (outputBufferDacTime - currentTime)."""

    def __init__(self) -> None:
        self._clip: np.ndarray | None = None
        self._pos = 0
        self._t: float | None = None
        self._started = threading.Event()
        self._stream = sd.OutputStream(device="default", samplerate=RATE, channels=1, dtype="int16",
                                       blocksize=BLOCK, latency="low", callback=self._callback)
        self._stream.start()

    def _callback(self, outdata, frames, time_info, status) -> None:
        now = time.perf_counter()
        out = outdata[:, 0]
        out.fill(0)
        clip = self._clip
        if clip is None:
            return
        if self._pos == 0:
            self._t = now + (time_info.outputBufferDacTime - time_info.currentTime)
            self._started.set()
        k = min(frames, len(clip) - self._pos)
        out[:k] = clip[self._pos : self._pos + k]
        self._pos += k
        if self._pos >= len(clip):
            self._clip = None

    def play(self, clip: np.ndarray) -> float:
        assert self._clip is None
        self._started.clear()
        self._pos, self._t = 0, None
        self._clip = clip
        assert self._started.wait(2.0), "the app's output callback never picked the clip up"
        return self._t

    def close(self) -> None:
        self._stream.abort()
        self._stream.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class AppMic:
    """The app's side: an InputStream on `default` (vmic). Keeps every block with its capture time
    as the app's own callback computes it: perf_counter() - (currentTime - inputBufferAdcTime).
    With `source`, the same on another PulseAudio source (opened on `pulse` with PULSE_SOURCE, as
    the probe is): a diagnostic tap, not the app."""

    def __init__(self, source: str | None = None) -> None:
        self.blocks: list[tuple[float, np.ndarray]] = []
        self.lags: list[float] = []
        kw = dict(samplerate=RATE, channels=1, dtype="int16", blocksize=BLOCK, latency="low", callback=self._callback)
        if source is None:
            self._stream = sd.InputStream(device="default", **kw)
        else:
            with rigprobe._OPEN_LOCK:
                os.environ["PULSE_SOURCE"] = source
                try:
                    self._stream = sd.InputStream(device="pulse", **kw)
                finally:
                    del os.environ["PULSE_SOURCE"]
        self._stream.start()
        deadline = time.monotonic() + 3
        while len(self.blocks) < 5:
            assert time.monotonic() < deadline, "the app's microphone delivers nothing"
            time.sleep(0.01)

    def _callback(self, indata, frames, time_info, status) -> None:
        lag = time_info.currentTime - time_info.inputBufferAdcTime
        self.lags.append(lag)
        self.blocks.append((time.perf_counter() - lag, indata[:, 0].copy()))

    def since(self, t0: float) -> tuple[list[float], np.ndarray]:
        """Blocks captured from t0 on: their capture times, and their samples joined."""
        got = [(t, b) for t, b in list(self.blocks) if t >= t0]
        return [t for t, _ in got], (np.concatenate([b for _, b in got]) if got else np.zeros(0, np.int16))

    def close(self) -> None:
        self._stream.abort()
        self._stream.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


@pytest.fixture
def probe(audio_rig):
    p = RigProbe()
    try:
        yield p
    finally:
        p.close()
        print(f"\n  probe: {p.output_underflows} output underflows, {p.input_overflows} input overflows")


def _attempts(what: str, n: int = 10):
    """Retry a measurement spoiled by someone else's sound on the shared rig (the caller breaks
    out of the loop once a measurement was clean), waiting longer each time; fail after n spoiled
    ones (about 20 s of other sound)."""
    for i in range(n):
        yield i
        print(f"{what}: someone else's sound on the shared rig; again")
        time.sleep(min(0.2 * (i + 1), 2.0))
    pytest.fail(f"{what}: {n} measurements in a row were spoiled by other sound on the shared rig")


def _find(x: np.ndarray, clip: np.ndarray) -> int | None:
    """Where `clip` occurs bit for bit in `x` (sample index), or None."""
    hay, needle = x.tobytes(), clip.tobytes()
    at = hay.find(needle)
    while at >= 0 and at % 2:
        at = hay.find(needle, at + 1)
    return None if at < 0 else at // 2


def _only(x: np.ndarray, clip: np.ndarray) -> bool:
    """`x` is `clip`, bit for bit, with nothing but digital silence around it: nobody else played."""
    at = _find(x, clip)
    return at is not None and not np.any(x[:at]) and not np.any(x[at + len(clip) :])


def _speaker_only(probe: RigProbe, t: float, clip: np.ndarray, margin: float = 0.15) -> bool:
    """The probe's ear heard exactly the app's clip, played at host time t, and silence around it."""
    time.sleep(max(0.0, t + len(clip) / RATE + margin + 0.05 - time.perf_counter()))
    t0, x = probe.record_since(t - margin)
    return _only(x[: int((len(clip) / RATE + 2 * margin) * RATE)], clip)


def test_the_rig_is_there(audio_rig):
    assert rig_present()


def test_the_probe_hears_the_app_speaker_on_the_app_clock(probe):
    """(1) A 50 ms tone burst from the app's speaker, timed by the app's own DAC time, is where
    the probe's ear says it starts."""
    offsets = []
    burst = _tone(50)
    with AppSpeaker() as app:
        time.sleep(0.3)
        for _ in range(10):
            for _attempt in _attempts("tone burst"):
                t = app.play(burst)
                seen = probe.first_sound_after(t - 0.1, timeout=1.0)
                if _speaker_only(probe, t, burst):
                    break
            assert seen is not None, "the probe heard nothing from the app's speaker"
            offsets.append((seen - t) * 1000)
    med, worst = statistics.median(offsets), max(offsets, key=abs)
    print(f"\nprobe onset - app DAC time (ms): {[round(o, 2) for o in offsets]}; median {med:.2f}, worst {worst:.2f}")
    print(f"probe latency {probe.latency}; adc fallbacks {probe.adc_fallbacks}, dac fallbacks {probe.dac_fallbacks} "
          f"of {probe.callbacks} callbacks")
    assert abs(med) <= 15 and all(abs(o) <= 40 for o in offsets), offsets


def test_the_app_hears_the_probe_speak_on_the_probe_clock(probe):
    """(2) Real speech played by the probe into the mic starts, for the app's own microphone
    (its callback's capture time), when the probe's Playback.onset_t says."""
    pcm, rate = read_wav(SPEECH / "cards-001.wav")
    speech = np.frombuffer(pcm, dtype=np.int16)
    if rate != RATE:
        import soxr

        speech = soxr.resample(speech, rate, RATE).astype(np.int16)
    clip = np.concatenate([np.zeros(RATE // 5, np.int16), speech, np.zeros(RATE // 5, np.int16)])
    offsets, tapped = [], []
    with AppMic() as mic, AppMic(source="vmic_sink.monitor") as tap:
        for _ in range(3):
            for _attempt in _attempts("speech into the mic"):
                t_asked = time.perf_counter()
                pb = probe.play(clip)
                assert isinstance(pb, Playback) and pb.done.wait(5.0) and not pb.cancelled
                assert pb.start_t is not None and pb.start_t >= t_asked and pb.end_t > pb.start_t
                # start and end are stamped by different callbacks, each with PulseAudio's delay at
                # the time, which moves by a few ms when other clients come and go on the sink
                assert pb.end_t - pb.start_t == pytest.approx(len(clip) / RATE, abs=0.015)
                time.sleep(max(0.0, pb.end_t - time.perf_counter()) + 0.25)
                times, heard = mic.since(pb.start_t - 0.15)
                heard = heard[: int((len(clip) / RATE + 0.3) * RATE)]
                if _only(heard, speech):  # the mic heard our clip bit for bit, and nothing else
                    break
            # the app's first 10 ms window over -40 dBFS, the windows laid in the clip's phase (so both
            # sides cut the speech alike and the grid adds no error of its own), timed by the app's
            # callback capture time of the block it is in
            phase = _find(heard, speech) % BLOCK  # the clip's leading silence is a whole number of blocks
            bounds = speech_bounds(heard[phase:])
            assert bounds is not None, "the app's microphone heard nothing"
            k = phase + int(round(bounds[0] * RATE))
            heard_onset = times[k // BLOCK] + (k % BLOCK) / RATE
            offsets.append((heard_onset - pb.onset_t) * 1000)
            # diagnostic: the same clip on vmic_sink's monitor, before the rig's remap to vmic
            t_times, t_heard = tap.since(pb.start_t - 0.15)
            at = _find(t_heard, speech)
            tapped.append(None if at is None else (t_times[at // BLOCK] + at % BLOCK / RATE - pb.start_t - 0.2) * 1000)
            print(f"\n  offset {offsets[-1]:.1f} ms; probe DAC lead {probe.dac_lead * 1000:.1f} ms, capture lag "
                  f"{probe.adc_lag * 1000:.1f} ms; app mic capture lag max {max(mic.lags) * 1000:.1f} ms, last "
                  f"{mic.lags[-1] * 1000:.1f} ms")
            assert pb.speech_end_t - pb.onset_t == pytest.approx(pb.bounds[1] - pb.bounds[0])
    print(f"\napp mic onset - probe onset_t (ms): {[round(float(o), 2) for o in offsets]}; "
          f"on vmic_sink.monitor, clip start - probe start_t (ms): {[o if o is None else round(o, 2) for o in tapped]}")
    assert all(abs(o) <= 30 for o in offsets), (offsets, "vmic_sink.monitor:", tapped)


def test_silence_after_finds_where_the_app_stopped_talking(probe):
    """(3) The end of a tone from the app's speaker, by the app's DAC clock."""
    offsets = []
    tone = _tone(200)
    with AppSpeaker() as app:
        time.sleep(0.3)
        for _ in range(5):
            for _attempt in _attempts("tone for silence_after"):
                t = app.play(tone)
                quiet = probe.silence_after(t + 0.05, timeout=1.0)
                if _speaker_only(probe, t, tone, margin=0.2):
                    break
            assert quiet is not None
            end = t + len(tone) / RATE
            offsets.append((quiet - end) * 1000)
            # quiet at a time inside that silence is that very time
            assert probe.silence_after(quiet + 0.02) == pytest.approx(quiet + 0.02, abs=1.5 / RATE)
            again = probe.first_sound_after(quiet)
            assert again is None or again > end + 0.2, (again - quiet)  # (later: someone else's sound)
    print(f"\nprobe silence - app tone end (ms): {[round(o, 2) for o in offsets]}")
    assert all(abs(o) <= 30 for o in offsets), offsets


def test_record_since_and_cancel(probe):
    """What record_since returns is the speaker from that time on; cancel() silences the mic from
    the next block (clips queued behind are dropped too), and a clip queued later plays."""
    time.sleep(0.7)
    t0, x = probe.record_since(time.perf_counter() - 0.5)
    assert len(x) == pytest.approx(0.5 * RATE, abs=0.06 * RATE) and abs(t0 - (time.perf_counter() - 0.5)) < 0.1
    long_tone, later_tone = _tone(2000, phase=0.3), _tone(100, freq=500, phase=0.3)  # no zero samples
    for _attempt in _attempts("cancel"):
        with AppMic() as mic:
            long = probe.play(long_tone)
            queued = probe.play(_tone(500, phase=0.3))
            time.sleep(0.3)
            t_cancel = time.perf_counter()
            probe.cancel()
            assert long.done.wait(1.0) and queued.done.wait(1.0)
            later = probe.play(later_tone)
            assert later.done.wait(2.0) and not later.cancelled
            time.sleep(max(0.0, later.end_t - time.perf_counter()) + 0.15)
            _, heard = mic.since(long.start_t - 0.1)
        # what the app's mic heard, bit for bit: silence, the long tone up to the cut, silence, the later clip, silence
        p = _find(heard, long_tone[:1600])
        if p is None:
            continue
        same = heard[p : p + len(long_tone)] == long_tone[: len(heard) - p]
        c = p + (int(np.argmin(same)) if not same.all() else len(same))
        q = _find(heard[c:], later_tone)
        if q is None:
            continue
        q += c
        if not (np.any(heard[:p]) or np.any(heard[c:q]) or np.any(heard[q + len(later_tone) :])):
            break
    assert long.cancelled and queued.cancelled and queued.start_t is None
    assert 0 < long.end_t - t_cancel < 0.1  # the next block was silent: at most a block and the output latency
    assert (c - p) / RATE == pytest.approx(long.end_t - long.start_t, abs=0.015)  # the cut is where end_t says
    assert (c - p) % BLOCK == 0  # at a block boundary
    assert (q - p) / RATE == pytest.approx(later.start_t - long.start_t, abs=0.015)


def test_echo_path_leaks_the_speaker_into_the_mic(probe):
    """(4) With the echo path loaded a tone on the app's speaker comes back in the app's mic about
    10 dB quieter; unloaded, the module is gone and so is the echo."""
    tone = _tone(400)

    def tone_levels() -> tuple[float, float]:
        """(speaker, mic) level in dBFS over 200 ms inside a tone played on the app's speaker."""
        for _attempt in _attempts("tone for the echo"):
            with AppMic() as mic, AppSpeaker() as app:
                time.sleep(0.2)
                t = app.play(tone)
                clean = _speaker_only(probe, t, tone)
                _, spk = probe.record_since(t + 0.1)
                _, lead = mic.since(t - 0.15)
                _, heard = mic.since(t + 0.1)
            if clean and _dbfs(lead[: int(0.12 * RATE)]) < -80:  # nobody else in the mic before it
                return _dbfs(spk[: int(0.2 * RATE)]), _dbfs(heard[: int(0.2 * RATE)])

    def modules() -> list[str]:
        listed = subprocess.run(["pactl", "list", "short", "modules"], capture_output=True, text=True, timeout=5)
        return [line.split("\t")[0] for line in listed.stdout.splitlines()]

    with echo_path(-10.0) as module:
        assert isinstance(module, int) and str(module) in modules()
        spk, mic = tone_levels()
    print(f"\nspeaker {spk:.2f} dBFS, mic {mic:.2f} dBFS: echo {mic - spk:.2f} dB")
    assert spk > -10  # the tone was really played
    assert -13 <= mic - spk <= -7
    assert str(module) not in modules()
    spk, mic = tone_levels()
    assert spk > -10 and mic < -80, (spk, mic)


def test_echo_path_is_unloaded_on_error(audio_rig):
    with pytest.raises(RuntimeError):
        with echo_path(-20.0) as module:
            raise RuntimeError("boom")
    listed = subprocess.run(["pactl", "list", "short", "modules"], capture_output=True, text=True, timeout=5).stdout
    assert not any(line.split("\t")[0] == str(module) for line in listed.splitlines())


def test_speech_bounds_is_exact_to_the_window():
    """(5) Silence, tone, silence: the bounds are the tone's, to the window."""
    z = lambda ms: np.zeros(RATE * ms // 1000, np.int16)  # noqa: E731
    assert speech_bounds(np.concatenate([z(300), _tone(500), z(200)])) == (0.3, 0.8)
    # off the grid: the windows that hold any of the tone
    off = np.concatenate([z(305), _tone(500), z(195)])
    assert speech_bounds(off) == (0.3, 0.81)
    assert speech_bounds(np.concatenate([z(300), _tone(500, dbfs=-45), z(200)])) is None  # below -40 dBFS
    assert speech_bounds(np.concatenate([z(300), _tone(500, dbfs=-45), z(200)]), threshold_dbfs=-50) == (0.3, 0.8)
    assert speech_bounds(np.concatenate([z(20), _tone(40)]), window_ms=20) == (0.02, 0.06)
    assert speech_bounds(z(1000)) is None and speech_bounds(np.zeros(0, np.int16)) is None


def test_close_is_idempotent_and_leaves_nothing_running(audio_rig):
    before = threading.active_count()
    p = RigProbe()
    pb = p.play(_tone(3000))
    p.close()
    p.close()
    assert pb.done.is_set() and pb.cancelled
    assert threading.active_count() == before
    pid = str(os.getpid())
    outs = _streams(
        subprocess.run(["pactl", "list", "sink-inputs"], capture_output=True, text=True, timeout=5).stdout, "Sink")
    ins = _streams(
        subprocess.run(["pactl", "list", "source-outputs"], capture_output=True, text=True, timeout=5).stdout, "Source")
    assert not [s for s in outs + ins if s[1] == pid], "a stream of this process is still open in PulseAudio"
    with RigProbe() as q:
        assert q.first_sound_after(time.perf_counter()) is None
    from intervu_cli.voice.audio.capture import AudioError

    with pytest.raises(AudioError):
        q.play(_tone(10))
