"""Speech to text: one small streaming interface over Vosk and pocketsphinx.

Audio in is 16 kHz mono signed 16-bit little-endian PCM (bytes). A recognizer is fed the
audio of one utterance with ``accept()`` (typically 20 ms = 640 bytes at a time, on a worker
thread), which now and then returns a partial ``Transcript``; ``finish()`` returns the final
``Transcript`` of the whole utterance, with word timings measured from the first sample fed in
that utterance. Turn ends are decided by our own VAD, never by the engine: Vosk's built-in
endpointer may close a segment mid-utterance, and those segments are stitched back together.

Nothing heavy is imported at module import time: vosk and pocketsphinx are imported where a
recognizer is built, so ``import intervu_cli.voice.listening.stt`` is cheap.
"""

from __future__ import annotations

import json
import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from intervu_cli.voice.listening.models import not_a_model

SAMPLE_RATE = 16000  # all audio in is 16 kHz mono signed 16-bit little-endian PCM bytes
BYTES_PER_SECOND = SAMPLE_RATE * 2

POCKETSPHINX_NOTICE = (
    "Speech recognition: pocketsphinx (built in, less accurate); "
    "for better accuracy run `intervu models download`."
)

# Partials are looked at (and returned when their text changed) at most once per this much
# audio. Both engines' partial look-ups are cheap (pocketsphinx hyp() ~5 us, Vosk
# PartialResult() 0.05-0.3 ms, against ~1.5-5 ms of decoding per 20 ms frame), so this is
# for the consumer: a redraw every 20 ms would only churn.
PARTIAL_INTERVAL = 0.1


def _whole_samples(pending: bytes, pcm: bytes) -> tuple[bytes, bytes]:
    """`pending + pcm` cut to whole 16-bit samples, and the odd byte left over for next time."""
    if pending:
        pcm = pending + bytes(pcm)
    if len(pcm) % 2:
        return bytes(pcm[:-1]), bytes(pcm[-1:])
    return bytes(pcm), b""


@dataclass(frozen=True)
class Word:
    text: str
    start: float  # seconds from the first sample fed in this utterance
    end: float
    conf: float | None = None


@dataclass(frozen=True)
class Transcript:
    text: str  # lower case, single spaces, no fillers (<sil>, [noise], <s>, ...)
    final: bool
    words: tuple[Word, ...] = ()  # always filled for finals; Vosk partials carry them too


@runtime_checkable
class Recognizer(Protocol):
    name: str  # "vosk" or "pocketsphinx"

    def accept(self, pcm: bytes) -> Transcript | None:
        """Feed audio of the current utterance; a partial Transcript when its text changed."""
        ...

    def finish(self) -> Transcript:
        """The final Transcript of everything fed since the last finish()/reset()."""
        ...

    def reset(self) -> None:
        """Drop the current utterance without a result."""
        ...

    def close(self) -> None: ...


# ---------------------------------------------------------------------------------------------
# Text clean-up shared by both engines

_FILLER = re.compile(r"^(<.*>|\[.*\]|\+\+.*\+\+)$")  # <s> </s> <sil> <unk> [NOISE] [2] ++UH++
_ALT = re.compile(r"\(\d+\)$")  # pocketsphinx alternate pronunciations: "and(2)"


def _clean_token(token: str) -> str:
    """A recognizer's word as we report it: '' for fillers and markers."""
    token = _ALT.sub("", token.strip())
    if not token or _FILLER.match(token):
        return ""
    return token.lower()


def _clean_text(text: str) -> str:
    return " ".join(t for t in (_clean_token(tok) for tok in text.split()) if t)


def _join(*parts: str) -> str:
    return " ".join(p for p in parts if p)


# ---------------------------------------------------------------------------------------------
# pocketsphinx


def _pocketsphinx_decoder() -> Any:
    from pocketsphinx import Decoder

    # fwdflat/bestpath off: the final result is the first pass's, ready ~40 ms after the last
    # audio. loglevel FATAL: nothing on stderr.
    return Decoder(fwdflat=False, bestpath=False, loglevel="FATAL")


class PocketsphinxRecognizer:
    """pocketsphinx with the US English model shipped in its wheel.

    One Decoder per recognizer (~0.2 s to build). Its live cepstral-mean estimate carries over
    from one utterance to the next, so accuracy improves after the first utterance of a
    speaker on a microphone: keep one recognizer for a whole session.
    """

    name = "pocketsphinx"

    def __init__(self, partial_interval: float = PARTIAL_INTERVAL) -> None:
        self._decoder = _pocketsphinx_decoder()
        self._frate = int(self._decoder.config["frate"])  # frames per second (100)
        self._partial_every = max(2, int(partial_interval * BYTES_PER_SECOND) & ~1)
        self._in_utt = False
        self._fed = 0  # bytes fed in this utterance
        self._next_partial = self._partial_every
        self._partial = ""
        self._odd = b""

    def _start(self) -> None:
        if not self._in_utt:
            self._decoder.start_utt()
            self._in_utt = True

    def accept(self, pcm: bytes) -> Transcript | None:
        pcm, self._odd = _whole_samples(self._odd, pcm)
        if not pcm:
            return None
        self._start()
        self._decoder.process_raw(pcm, no_search=False, full_utt=False)
        self._fed += len(pcm)
        if self._fed < self._next_partial:
            return None
        self._next_partial = self._fed + self._partial_every
        hyp = self._decoder.hyp()
        text = _clean_text(hyp.hypstr) if hyp is not None else ""
        if text == self._partial:
            return None
        self._partial = text
        return Transcript(text, final=False)

    def finish(self) -> Transcript:
        self._odd = b""
        if not self._in_utt:
            self._clear()
            return Transcript("", final=True)
        self._decoder.end_utt()
        self._in_utt = False
        result = _pocketsphinx_result(self._decoder, self._frate, self._fed / BYTES_PER_SECOND)
        self._clear()
        return result

    def reset(self) -> None:
        if self._in_utt:
            self._decoder.end_utt()  # the result is never looked at
            self._in_utt = False
        self._odd = b""
        self._clear()

    def _clear(self) -> None:
        self._fed = 0
        self._next_partial = self._partial_every
        self._partial = ""

    def close(self) -> None:
        self.reset()
        self._decoder = None


def _pocketsphinx_result(decoder: Any, frate: int, duration: float) -> Transcript:
    """The final Transcript after end_utt(): words from the segmentation, frames -> seconds."""
    words = []
    for seg in decoder.seg():
        text = _clean_token(seg.word)
        if not text:
            continue
        start = seg.start_frame / frate
        end = min((seg.end_frame + 1) / frate, duration)  # end_frame is inclusive
        words.append(Word(text, round(start, 3), round(max(end, start), 3)))
    if words:
        text = " ".join(w.text for w in words)
    else:
        hyp = decoder.hyp()
        text = _clean_text(hyp.hypstr) if hyp is not None else ""
    return Transcript(text, final=True, words=tuple(words))


_offline_lock = threading.Lock()
_offline_decoder: Any = None


def _pocketsphinx_offline(pcm: bytes) -> Transcript:
    global _offline_decoder
    with _offline_lock:
        if _offline_decoder is None:
            _offline_decoder = _pocketsphinx_decoder()
        d = _offline_decoder
        d.start_utt()
        # full_utt: the cepstral mean comes from the whole clip (what streaming cannot do).
        d.process_raw(pcm, no_search=False, full_utt=True)
        d.end_utt()
        return _pocketsphinx_result(d, int(d.config["frate"]), len(pcm) / BYTES_PER_SECOND)


# ---------------------------------------------------------------------------------------------
# Vosk

_models: dict[Path, Any] = {}
_models_lock = threading.Lock()


def load_vosk_model(path: Path) -> Any:
    """vosk.Model for a folder, loaded once per process (a big model takes seconds and
    hundreds of MB). Raises ValueError with one line if the folder is not a Vosk model (the
    definition and the line are intervu_cli.voice.listening.models', as for `intervu models path`)."""
    path = Path(path).expanduser().resolve()
    with _models_lock:
        model = _models.get(path)
        if model is not None:
            return model
        problem = not_a_model(path)
        if problem is not None:
            raise ValueError(problem)
        import vosk

        vosk.SetLogLevel(-2)  # -1 still lets Kaldi print warnings (word alignment) to stderr
        try:
            model = vosk.Model(str(path))
        except Exception as e:  # vosk raises a bare Exception("Failed to create a model")
            raise ValueError(f"Vosk could not load the model in {path}: {e}") from e
        _models[path] = model
        return model


class VoskRecognizer:
    """Vosk (Kaldi) streaming recognizer on a model folder.

    Vosk's own endpointer makes AcceptWaveform() return True after ~0.5 s of silence; such a
    mid-utterance Result() is kept and the utterance goes on, so finish() returns everything
    fed since the last finish()/reset().
    """

    name = "vosk"

    def __init__(self, model_path: Path, partial_interval: float = PARTIAL_INTERVAL) -> None:
        import vosk

        self._model = load_vosk_model(model_path)
        self._rec = vosk.KaldiRecognizer(self._model, SAMPLE_RATE)
        self._rec.SetWords(True)
        if hasattr(self._rec, "SetPartialWords"):
            self._rec.SetPartialWords(True)
        self._partial_every = max(2, int(partial_interval * BYTES_PER_SECOND) & ~1)
        # Vosk's word times count from the recognizer's creation: neither FinalResult() nor
        # Reset() restarts them. Keep the stream position where this utterance began.
        self._stream_bytes = 0
        self._utt_start = 0
        self._next_partial = self._partial_every
        self._segments: list[Transcript] = []  # mid-utterance results, times already shifted
        self._partial = ""
        self._odd = b""

    # The time offset of this utterance in Vosk's clock.
    def _offset(self) -> float:
        return self._utt_start / BYTES_PER_SECOND

    def _words(self, items: list[dict[str, Any]] | None, duration: float) -> tuple[Word, ...]:
        off = self._offset()
        words = []
        for w in items or ():
            text = _clean_token(str(w.get("word", "")))
            if not text:
                continue
            start = min(max(float(w["start"]) - off, 0.0), duration)
            end = min(max(float(w["end"]) - off, start), duration)
            conf = w.get("conf")
            words.append(Word(text, round(start, 3), round(end, 3),
                              None if conf is None else float(conf)))
        return tuple(words)

    def _segment(self, raw: str) -> Transcript:
        res = json.loads(raw)
        duration = (self._stream_bytes - self._utt_start) / BYTES_PER_SECOND
        words = self._words(res.get("result"), duration)
        text = " ".join(w.text for w in words) if words else _clean_text(res.get("text", ""))
        return Transcript(text, final=True, words=words)

    def _feed(self, pcm: bytes) -> bool:
        pcm, self._odd = _whole_samples(self._odd, pcm)
        if not pcm:
            return False
        endpoint = self._rec.AcceptWaveform(bytes(pcm))
        self._stream_bytes += len(pcm)
        if endpoint:  # Vosk closed a segment by itself: keep it, the utterance goes on
            seg = self._segment(self._rec.Result())
            if seg.text:
                self._segments.append(seg)
        return bool(endpoint)

    def _committed(self) -> str:
        return _join(*(s.text for s in self._segments))

    def accept(self, pcm: bytes) -> Transcript | None:
        endpoint = self._feed(pcm)
        fed = self._stream_bytes - self._utt_start
        if not endpoint and fed < self._next_partial:
            return None
        self._next_partial = fed + self._partial_every
        words: tuple[Word, ...] = ()
        if endpoint:
            current = ""
        else:
            res = json.loads(self._rec.PartialResult())
            words = self._words(res.get("partial_result"), fed / BYTES_PER_SECOND)
            current = " ".join(w.text for w in words) if words else _clean_text(res.get("partial", ""))
        text = _join(self._committed(), current)
        if text == self._partial:
            return None
        self._partial = text
        all_words = tuple(w for s in self._segments for w in s.words) + words
        return Transcript(text, final=False, words=all_words)

    def finish(self) -> Transcript:
        self._odd = b""
        last = self._segment(self._rec.FinalResult())
        segments = [*self._segments, last]
        result = Transcript(
            _join(*(s.text for s in segments)),
            final=True,
            words=tuple(w for s in segments for w in s.words),
        )
        self._new_utterance()
        return result

    def reset(self) -> None:
        self._odd = b""
        self._rec.Reset()
        self._new_utterance()

    def _new_utterance(self) -> None:
        self._utt_start = self._stream_bytes
        self._next_partial = self._partial_every
        self._segments = []
        self._partial = ""

    def close(self) -> None:
        self._rec = None  # the model stays cached for the process


# ---------------------------------------------------------------------------------------------
# Entry points


def open_recognizer(vosk_model: Path | None = None) -> tuple[Recognizer, str | None]:
    """vosk_model given -> VoskRecognizer on it (ValueError if the folder is not a Vosk model).
    None -> PocketsphinxRecognizer with the English model shipped in the pocketsphinx wheel,
    plus a notice line for the user. Returns (recognizer, notice or None)."""
    if vosk_model is not None:
        return VoskRecognizer(Path(vosk_model)), None
    return PocketsphinxRecognizer(), POCKETSPHINX_NOTICE


def decode_offline(pcm: bytes, engine: str = "pocketsphinx", vosk_model: Path | None = None) -> Transcript:
    """The whole clip in one go, for reference: the offline decode the streaming WER is compared
    to. pocketsphinx: same decoder settings as streaming, but one process_raw(full_utt=True), so
    the cepstral mean is the clip's own. vosk: one AcceptWaveform() of the whole clip."""
    if len(pcm) % 2:
        pcm = pcm[:-1]
    if engine == "pocketsphinx":
        return _pocketsphinx_offline(pcm)
    if engine == "vosk":
        if vosk_model is None:
            raise ValueError("decode_offline(engine='vosk') needs vosk_model")
        rec = VoskRecognizer(Path(vosk_model))
        try:
            rec._feed(pcm)
            return rec.finish()
        finally:
            rec.close()
    raise ValueError(f"unknown speech recognition engine {engine!r} (vosk or pocketsphinx)")


# ---------------------------------------------------------------------------------------------
# Whisper for finals


class WhisperRecognizer:
    """A streaming recognizer for partials (what the screen, speculation and barge-in need as the
    candidate talks) and Whisper for the final transcript of each utterance (what the interviewer
    reads). The audio of the utterance is kept as it is fed; `finish()` transcribes it, biased toward
    the interview's words (`vocabulary`).

    When the turn judge has already transcribed exactly this utterance while deciding that it was
    over (`offer()`), that transcript is the final one: Whisper is not run twice."""

    name = "whisper"

    def __init__(self, whisper, streaming: Recognizer, vocabulary: str | None = None) -> None:
        self.whisper = whisper
        self.streaming = streaming
        self.vocabulary = vocabulary
        self._audio = bytearray()
        self._offered: tuple[int, Transcript] | None = None

    def accept(self, pcm: bytes) -> Transcript | None:
        self._audio += pcm
        return self.streaming.accept(pcm)

    def offer(self, text: str, words: tuple, seconds: float) -> None:
        """A transcript of the first `seconds` of this utterance, made elsewhere."""
        self._offered = (int(round(seconds * SAMPLE_RATE)) * 2, _whisper_transcript(text, words))

    def finish(self) -> Transcript:
        import numpy as np

        self.streaming.finish()
        audio, self._audio = bytes(self._audio), bytearray()
        offered, self._offered = self._offered, None
        if offered is not None and offered[0] <= len(audio):  # made in the silence that ended this utterance
            return offered[1]
        if len(audio) % 2:
            audio = audio[:-1]
        kwargs = {} if self.vocabulary is None else {"vocabulary": self.vocabulary}
        heard = self.whisper.transcribe(np.frombuffer(audio, np.int16), **kwargs)
        return _whisper_transcript(heard.text, heard.words)

    def reset(self) -> None:
        self._audio = bytearray()
        self._offered = None
        self.streaming.reset()

    def close(self) -> None:
        self.streaming.close()


def _whisper_transcript(text: str, words: tuple) -> Transcript:
    from intervu_cli.voice.listening.whisper import plain

    out = []
    for w in words:
        token = plain(w.text).rstrip("?")
        if token:
            out.append(Word(token, w.start, w.end, w.conf))
    said = plain(text)
    return Transcript(said.rstrip("?") if not said.endswith("?") else said, final=True, words=tuple(out))
