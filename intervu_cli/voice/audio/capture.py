"""Audio in: the microphone (a sounddevice InputStream) or a WAV file, both as the same stream of
20 ms frames of 16 kHz mono signed 16-bit PCM.

The microphone's callback only copies the block and hands it on (a bounded queue, never a wait);
resampling, re-chunking, VAD and STT all happen on the consumer's thread. Overflows (the device
dropped input because nobody read it in time) and blocks dropped on a full queue are counted and
surfaced, never hidden.
"""

from __future__ import annotations

import queue
import threading
import time
import wave
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

RATE = 16000
FRAME_MS = 20
FRAME_SAMPLES = RATE * FRAME_MS // 1000
FRAME_BYTES = FRAME_SAMPLES * 2


class AudioError(Exception):
    """One line for the user: what is wrong with the audio set-up and what to do."""


@dataclass
class Frame:
    pcm: bytes  # FRAME_BYTES of 16 kHz mono s16le
    t: float  # seconds of audio before this frame, since the source started
    host_t: float | None = None  # microphone only: time.perf_counter() when its first sample was captured


class _Rechunker:
    """Turns blocks of any size (at any rate) into exact 20 ms frames at 16 kHz."""

    def __init__(self, in_rate: int) -> None:
        self.in_rate = in_rate
        self._buf = bytearray()
        self._resampler = None
        if in_rate != RATE:
            import soxr

            self._resampler = soxr.ResampleStream(in_rate, RATE, 1, dtype="int16", quality="HQ")
        self.frames_out = 0
        self._buf_t: float | None = None  # capture time of the buffer's first sample

    def push(self, pcm: bytes, last: bool = False, host_t: float | None = None) -> Iterator[Frame]:
        if self._resampler is not None:
            import numpy as np

            out = self._resampler.resample_chunk(np.frombuffer(pcm, dtype=np.int16), last=last)
            pcm = out.astype(np.int16).tobytes()
        if host_t is not None:  # the buffer starts this many samples before the new block
            self._buf_t = host_t - len(self._buf) / 2 / RATE
        self._buf += pcm
        while len(self._buf) >= FRAME_BYTES:
            chunk = bytes(self._buf[:FRAME_BYTES])
            del self._buf[:FRAME_BYTES]
            yield Frame(chunk, self.frames_out * FRAME_MS / 1000, self._buf_t)
            if self._buf_t is not None:
                self._buf_t += FRAME_MS / 1000
            self.frames_out += 1
        if last and self._buf:
            chunk = bytes(self._buf) + b"\0" * (FRAME_BYTES - len(self._buf))
            self._buf.clear()
            yield Frame(chunk, self.frames_out * FRAME_MS / 1000)
            self.frames_out += 1


def read_wav(path: Path) -> tuple[bytes, int]:
    """A WAV's samples as mono s16le, and its rate. One clear error for anything else (a FIFO or a
    device is refused before it is read, and so is a file over core.files.WAV_LIMIT)."""
    from intervu_cli.core.files import WAV_LIMIT, FileLimitError, open_file

    try:
        with open_file(path, "WAV file", WAV_LIMIT) as f, wave.open(f, "rb") as w:
            channels, width, rate = w.getnchannels(), w.getsampwidth(), w.getframerate()
            data = w.readframes(w.getnframes())
    except FileNotFoundError:
        raise AudioError(f"no such file: {path}") from None
    except FileLimitError as exc:
        raise AudioError(str(exc)) from None
    except (wave.Error, EOFError, OSError) as exc:
        raise AudioError(f"{path} is not a readable WAV file ({exc}); "
                         "convert it with: sox IN -r 16000 -c 1 -b 16 OUT.wav") from None
    if width != 2:
        raise AudioError(f"{path} has {8 * width}-bit samples; convert it with: sox IN -r 16000 -c 1 -b 16 OUT.wav")
    if channels > 1:
        import numpy as np

        data = np.frombuffer(data, dtype=np.int16).reshape(-1, channels).mean(axis=1).astype(np.int16).tobytes()
    return data, rate


def wav_frames(path: Path, block_ms: int = FRAME_MS) -> Iterator[Frame]:
    """A WAV file through the very same chunked path as the microphone: blocks of the device-like
    size at the file's rate, resampled and re-chunked into 20 ms frames at 16 kHz."""
    data, rate = read_wav(path)
    chunker = _Rechunker(rate)
    step = max(1, rate * block_ms // 1000) * 2
    for i in range(0, len(data), step):
        yield from chunker.push(data[i : i + step], last=i + step >= len(data))


def _device_arg(device: str | int | None) -> str | int | None:
    if isinstance(device, str) and device.strip().isdigit():
        return int(device)
    return device or None


def restart_stream(stream, what: str) -> None:
    """Start again a PortAudio stream that went inactive under us; AudioError if it will not."""
    import sounddevice as sd

    try:
        stream.abort()
    except sd.PortAudioError:
        pass
    try:
        stream.start()
    except sd.PortAudioError as exc:
        raise AudioError(f"{what} stopped and cannot be restarted ({exc})") from None


REVIVE_AFTER_S = 0.25  # this long without a block from the microphone: is its stream still alive?


class Microphone:
    """An InputStream that stays open for the whole interview. Iterate `frames()` on a worker
    thread; call `close()` from anywhere."""

    def __init__(self, device: str | int | None = None, rate: int = RATE, block_ms: int = FRAME_MS,
                 max_queue_s: float = 10.0) -> None:
        import sounddevice as sd

        self.device = _device_arg(device)
        self.block_ms = block_ms
        self.overflows = 0  # the device said input was lost
        self.restarts = 0  # the stream died under us (see _revive) and was started again
        self._control = threading.Lock()
        self.dropped = 0  # blocks dropped because the consumer fell max_queue_s behind
        try:
            info = sd.query_devices(self.device, "input")
        except (ValueError, sd.PortAudioError) as exc:
            raise AudioError(_no_input(self.device, exc)) from None
        self.name = str(info["name"])
        self.rate = rate
        try:
            sd.check_input_settings(self.device, samplerate=rate, channels=1, dtype="int16")
        except (ValueError, sd.PortAudioError):
            self.rate = int(info["default_samplerate"])  # it cannot do 16 kHz: take its own rate, resample
        blocksize = max(1, self.rate * block_ms // 1000)
        self._queue: queue.Queue[tuple[bytes, float] | None] = queue.Queue(
            maxsize=max(4, int(max_queue_s * 1000 / block_ms)))
        self._closed = threading.Event()
        try:
            self._stream = sd.InputStream(
                device=self.device, samplerate=self.rate, channels=1, dtype="int16", blocksize=blocksize,
                latency="low", callback=self._callback,
            )
            self._stream.start()
        except (ValueError, sd.PortAudioError) as exc:
            raise AudioError(f"cannot open the microphone {self.name!r} ({exc}); is another program using it? "
                             "Pick another with --device (see `intervu devices`)") from None

    def _callback(self, indata, frames, time_info, status) -> None:  # the audio thread: copy, hand on, return
        if status.input_overflow:
            self.overflows += 1
        # When the block's first sample was captured, on time.perf_counter()'s clock.
        host_t = time.perf_counter() - (time_info.currentTime - time_info.inputBufferAdcTime)
        try:
            self._queue.put_nowait((bytes(indata), host_t))
        except queue.Full:
            self.dropped += 1

    def frames(self) -> Iterator[Frame]:
        chunker = _Rechunker(self.rate)
        while True:
            try:
                item = self._queue.get(timeout=REVIVE_AFTER_S)
            except queue.Empty:
                self._revive()
                continue
            if item is None:
                return
            yield from chunker.push(item[0], host_t=item[1])

    def _revive(self) -> None:
        """No audio for a while: if the stream has died, start it again. PortAudio's ALSA host API
        gives up on a device now and then ("PaAlsaStream_WaitForFrames ... failed": a busy machine,
        a sound server that dropped the client, a USB hiccup) and the stream just goes inactive,
        with no error to the callback - the interview would go deaf. One hole in the audio (counted
        in the frames' timeline), then the microphone is back."""
        with self._control:
            if self._closed.is_set() or self._stream.active:
                return
            self.restarts += 1
            restart_stream(self._stream, f"the microphone {self.name!r}")

    def close(self) -> None:
        with self._control:
            if self._closed.is_set():
                return
            self._closed.set()
        try:
            self._stream.abort()
            self._stream.close()
        finally:
            try:
                self._queue.put_nowait(None)
            except queue.Full:
                try:
                    self._queue.get_nowait()
                except queue.Empty:
                    pass
                self._queue.put_nowait(None)

    def __enter__(self) -> Microphone:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _no_input(device, exc) -> str:
    which = f"input device {device!r}" if device is not None else "a default input device"
    return f"cannot find {which} ({exc}); list them with `intervu devices`, or pick one with --device"


def list_devices() -> list[dict]:
    """Every device PortAudio sees, with which are the defaults."""
    import sounddevice as sd

    try:
        devices = sd.query_devices()
        default_in, default_out = sd.default.device
    except sd.PortAudioError as exc:
        raise AudioError(f"cannot list audio devices ({exc})") from None
    out = []
    for i, d in enumerate(devices):
        out.append({
            "index": i,
            "name": d["name"],
            "hostapi": sd.query_hostapis(d["hostapi"])["name"],
            "inputs": d["max_input_channels"],
            "outputs": d["max_output_channels"],
            "default_samplerate": d["default_samplerate"],
            "default_input": i == default_in,
            "default_output": i == default_out,
        })
    return out
