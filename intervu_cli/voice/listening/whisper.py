"""Whisper (base, CTranslate2 through faster-whisper): accurate transcripts of a finished stretch
of speech, and a language model that says whether words so far could end a sentence.

- `Whisper.transcribe(pcm, vocabulary)`: the text of up to 30 s of 16 kHz int16 audio, biased toward
  the interview's words by a prompt ("hash map, two pointers, O(n log n) ..."), with word timings
  from the model's cross-attention (`word_timings`).
- `Whisper.ends_here(text)`: the decoder's probability that the next token after `text` is a full
  stop, a question mark, an exclamation mark or the end of the transcript, with no audio to go on
  (the encoder sees silence): a language model's view of "can the sentence end here?".
  "He was not an ill" → 0.02, "He was not an ill disposed young man" → 0.5, "so what I'd do is"
  → 0.01.
- `Heard.ending`: the same question asked of the transcription itself, at no extra cost: how sure the
  decoder was, hearing the audio, that a full stop, question mark or exclamation mark comes right
  after the last word (rather than a comma, a dash, "..." or more words). It hears a voice trail off
  or a word cut short, which the text alone cannot show.

The encoder is run on a window just longer than the audio (at least 10 s) instead of Whisper's
fixed 30 s: eight times less work on short turns, as accurate on these clips; a result that
repeats itself (what a short window can provoke) is decoded again on the full 30 s.

A model folder holds model.bin, config.json, tokenizer.json, vocabulary.txt (the layout
faster-whisper reads). Nothing heavy is imported until a `Whisper` is built.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np

RATE = 16000
FILES = ("model.bin", "config.json", "tokenizer.json", "vocabulary.txt")
MIN_WINDOW = 1000  # encoder frames (10 ms each): the shortest window the encoder is run on
PAD_FRAMES = 200
MAX_FRAMES = 3000
ENDINGS = (".", "?", "!")
LM_TOKENS = 10  # the end of a sentence is judged on its last words: each token costs ~6 ms on two cores

# What an interview is mostly about: in the prompt, so that "hash map" is not "hash mop".
INTERVIEW_WORDS = (
    "hash map, hash set, array, two pointers, sliding window, binary search, O(n), O(n log n), O(1), "
    "O(n^2), big O, time complexity, space complexity, memoization, dynamic programming, recursion, "
    "stack, queue, deque, heap, priority queue, linked list, tree, BFS, DFS, graph, index, complement, "
    "edge case, brute force."
)


def whisper_layout_missing(folder: Path) -> str | None:
    for name in FILES:
        if not (folder / name).is_file():
            return name
    return None


@dataclass(frozen=True)
class Timed:
    text: str
    start: float
    end: float
    conf: float | None = None


@dataclass(frozen=True)
class Heard:
    text: str
    words: tuple[Timed, ...]
    seconds: float  # of compute
    confidence: float = 0.0  # the decoder's mean log-probability a token: below -0.45 it is guessing
    ending: float | None = None  # P(. ? !) right after the last word, hearing the audio (None: no words)


class Whisper:
    def __init__(self, folder: Path, threads: int = 1) -> None:
        missing = whisper_layout_missing(Path(folder))
        if missing is not None:
            raise ValueError(f"{folder} is not a Whisper model folder (no {missing})")
        import ctranslate2
        from faster_whisper import WhisperModel
        from faster_whisper.feature_extractor import FeatureExtractor
        from faster_whisper.tokenizer import Tokenizer

        self._ct2 = ctranslate2
        self._model = WhisperModel(str(folder), device="cpu", compute_type="int8", cpu_threads=threads)
        self._features = FeatureExtractor()
        self._tok = Tokenizer(self._model.hf_tokenizer, True, task="transcribe", language="en")
        self._lock = threading.Lock()
        self._silence = None
        t = self._tok
        self._start = [t.sot, t.language, t.transcribe, t.no_timestamps]
        self._ends = [t.encode(p)[0] for p in ENDINGS]
        self._prompt_cache: dict[str, list[int]] = {}
        self._wordy_cache: dict[int, bool] = {}
        self._ending: float | None = None

    def _window(self, pcm: np.ndarray) -> tuple[np.ndarray, int]:
        audio = np.asarray(pcm, np.float32) / 32768.0 if pcm.dtype == np.int16 else np.asarray(pcm, np.float32)
        feats = self._features(audio[: MAX_FRAMES * 160])
        frames = min(feats.shape[1], MAX_FRAMES)
        return feats[:, :frames], frames

    def _prompt(self, vocabulary: str) -> list[int]:
        ids = self._prompt_cache.get(vocabulary)
        if ids is None:
            ids = self._tok.encode(" " + vocabulary.strip())[-200:]
            self._prompt_cache[vocabulary] = ids
        return ids

    def _decode(self, feats: np.ndarray, frames: int, width: int, vocabulary: str):
        x = np.zeros((1, 80, width), np.float32)
        k = min(width, frames)
        x[0, :, :k] = feats[:, :k]
        enc = self._model.model.encode(self._ct2.StorageView.from_array(x))
        prompt = ([self._tok.sot_prev] + self._prompt(vocabulary) if vocabulary else []) + self._start
        limit = max(16, int(frames / 100 * 8) + 8)  # ~8 tokens a second of speech is plenty
        # max_length counts the prompt, and two units a token (see `ends_here`).
        res = self._model.model.generate(enc, [prompt], beam_size=1, max_length=min(448, 2 * (len(prompt) + limit)),
                                         suppress_blank=True, suppress_tokens=[-1], return_scores=True,
                                         return_logits_vocab=True)
        self._score = float(res[0].scores[0]) if res[0].scores else 0.0
        ids = res[0].sequences_ids[0]
        self._ending = self._ending_after_words(ids, res[0].logits[0] if res[0].logits else [])
        return enc, [i for i in ids if i < self._tok.eot]

    def _ending_after_words(self, ids: list[int], logits) -> float | None:
        """P(. ? !) as the token after the last word (`logits[k]`: the distribution `ids[k]` was drawn from)."""
        words = [k for k, i in enumerate(ids) if i < self._tok.eot and self._wordy(i)]
        if not words or words[-1] + 1 >= len(logits):
            return None
        a = np.asarray(logits[words[-1] + 1], np.float64)
        p = np.exp(a - a.max())
        p /= p.sum()
        return float(sum(p[i] for i in self._ends))

    def _wordy(self, token: int) -> bool:
        w = self._wordy_cache.get(token)
        if w is None:
            w = self._wordy_cache[token] = any(ch.isalnum() for ch in self._tok.decode([token]))
        return w

    def transcribe(self, pcm: np.ndarray, vocabulary: str = INTERVIEW_WORDS, timings: bool = True) -> Heard:
        import time

        started = time.perf_counter()
        with self._lock:
            feats, frames = self._window(pcm)
            if frames < 10:
                return Heard("", (), time.perf_counter() - started)
            width = min(MAX_FRAMES, max(MIN_WINDOW, frames + PAD_FRAMES))
            enc, ids = self._decode(feats, frames, width, vocabulary)
            if width < MAX_FRAMES and _repeats(ids):
                width = MAX_FRAMES
                enc, ids = self._decode(feats, frames, width, vocabulary)
            text = self._tok.decode(ids).strip()
            words: tuple[Timed, ...] = ()
            if timings and ids:
                words = self._timings(enc, ids, frames)
        return Heard(text, words, time.perf_counter() - started, self._score, self._ending if text else None)

    def _timings(self, enc, ids: list[int], frames: int) -> tuple[Timed, ...]:
        try:
            rows = self._model.find_alignment(self._tok, [ids], enc, frames)[0]
        except Exception:  # noqa: BLE001 - timings are a nicety; the text stands without them
            return ()
        out = []
        for w in rows:
            text = str(w["word"]).strip()
            if text:
                out.append(Timed(text, round(float(w["start"]), 3), round(float(w["end"]), 3),
                                 float(w.get("probability", 0.0)) or None))
        return tuple(out)

    def ends_here(self, text: str) -> float:
        """P(a sentence ends right after `text`), from the decoder alone (silent audio)."""
        # Whisper's own punctuation is what is being asked; an ellipsis inside ("than... he was") is a
        # pause it heard, not a sentence it read.
        words = re.sub(r"\s*(\.\.\.|…)\s*", " ", text).strip().rstrip(".?!,;:- ")
        if not words:
            return 0.0
        with self._lock:
            if self._silence is None:
                feats = self._features(np.zeros(RATE, np.float32))
                x = np.zeros((1, 80, MIN_WINDOW), np.float32)
                x[0, :, : feats.shape[1]] = feats[:, :MIN_WINDOW]
                self._silence = self._model.model.encode(self._ct2.StorageView.from_array(x))
            ids = self._tok.encode(" " + words)[-LM_TOKENS:]
            # CTranslate2 counts max_length in two units a token and returns the logits of each
            # position, the forced text's too: this asks for exactly one position past the text.
            res = self._model.model.generate(self._silence, [self._start + ids], beam_size=1,
                                             max_length=2 * len(ids) + 2, return_logits_vocab=True,
                                             suppress_tokens=[], suppress_blank=True)
        logits = res[0].logits[0]  # logits[k]: the distribution the k-th token of the text was drawn from
        if len(logits) <= len(ids):
            return 0.0
        a = np.asarray(logits[len(ids)], np.float64)  # the first token after the text (the end of the
        p = np.exp(a - a.max())                        # transcript suppressed, as on a first step)
        p /= p.sum()
        return float(sum(p[i] for i in self._ends))


def _repeats(ids: list[int]) -> bool:
    """A decode that loops: a 3-token sequence seen four times or more."""
    if len(ids) < 12:
        return False
    seen: dict[tuple, int] = {}
    for i in range(len(ids) - 2):
        key = tuple(ids[i:i + 3])
        seen[key] = seen.get(key, 0) + 1
        if seen[key] >= 4:
            return True
    return False


_SPACES = re.compile(r"\s+")


def plain(text: str) -> str:
    """Whisper's text as the recognizers report theirs: lower case, words only (a "?" kept at the end)."""
    question = text.strip().endswith("?")
    t = text.lower().replace("-", " ")
    t = re.sub(r"[^a-z0-9'()^ ]+", " ", t)
    t = _SPACES.sub(" ", t).strip()
    return t + ("?" if question and t else "")
