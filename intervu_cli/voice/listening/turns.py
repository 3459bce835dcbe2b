"""Has the candidate finished? The end of a spoken turn, decided from more than silence.

A coding candidate thinks aloud: "so what I'd do is ... [1.5 s] ... keep a map". An interviewer
that answers every pause is worse than a slow one; one that waits a second after every finished
question is slow. Three kinds of evidence, each from the turn's own audio, weighed as the
silence grows:

- **prosody** (`TurnEnd`, smart-turn v3): does the voice sound finished? Asked at 100 ms of
  silence and again every half second;
- **the words** (Whisper's transcript of the turn, made as the silence begins): a sentence that
  cannot end there ("... is to", "he might", "unless", a trailing article or conjunction) holds
  the turn; a question ends it; and Whisper's decoder, read as a language model, says how likely a
  sentence is to end after these words (`Whisper.ends_here`);
- **time**: past `SURE_MS` of silence the turn ends unless the evidence says clearly that the
  sentence is unfinished; past `HOLD_MS` it ends whatever the evidence.

Every model call is timed, and its answer counts only from the audio time it would be ready at
(the silence's time plus the call's own): a file run faster than real time is judged as the
microphone would be.

Without smart-turn or Whisper (not downloaded), what is missing is left out: the words of the
streaming recognizer stand in for Whisper's, with the continuation rule only.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field

import numpy as np

WHISPER_AT_MS = 60  # silence before the turn so far is transcribed
PROSODY_AT_MS = 100
PROSODY_EVERY_MS = 500
FAST_MS = 160  # the earliest end: a voice that sounds finished, words that may end
SURE_MS = 600  # from here the turn ends unless the words are clearly unfinished
HOLD_MS = 2400  # a pause longer than this ends the turn whatever was said

# Words after which a sentence cannot end: articles and determiners, prepositions, conjunctions and
# subordinators, auxiliaries and modals, "to", fillers. (vad.ends_open holds for the streaming
# recognizer's words; this list is for Whisper's, which are right often enough to be strict.)
OPEN_WORDS = frozenset(
    """a an the this these those my your his her its our their some any each every no
    of in on at by for with from into onto about over under between through than as like
    and but or nor so because cause unless if whether while although though since when where which who whose
    that then
    is are was were be been being am have has had do does did will would can could shall should may might must
    to not very rather quite more most less just also even
    um uh er erm hmm mm i we you they he she it""".split()
)
# ...but these close a sentence as often as not when they come last.
_CLOSERS = {"it", "you", "that", "then", "them", "so", "more", "less", "too", "do", "did", "is", "not", "in", "on",
            "for", "up", "out", "one", "there", "here", "now", "first", "last"}
_QUESTION_START = re.compile(
    r"^(is|are|was|were|do|does|did|can|could|should|would|will|may|might|shall|what|why|how|when|where|which|who)\b")


def last_word(text: str) -> str:
    words = re.findall(r"[a-z0-9']+", text.lower())
    return words[-1] if words else ""


def words_open(text: str) -> bool:
    """The words end where no sentence can: "so what I'd do is", "he might have", "rather selfish is to"."""
    w = last_word(text)
    if not w:
        return False
    if w in _CLOSERS:
        return w in ("is", "not", "in", "on", "for") and _dangling(text)
    return w in OPEN_WORDS


def _dangling(text: str) -> bool:
    """'is', 'not', 'in', 'on', 'for' end a sentence only after a few words ("that's all it is",
    "what is it for"); straight after a subject or an auxiliary they dangle ("the answer is")."""
    words = re.findall(r"[a-z0-9']+", text.lower())
    if len(words) < 2:
        return True
    return words[-2] in {"the", "answer", "complexity", "time", "space", "idea", "plan", "approach", "which", "that",
                         "this", "it", "what", "result", "is", "was", "be", "are", "and", "or", "put", "look", "go",
                         "check", "store", "keep", "loop", "iterate"}


def is_question(text: str) -> bool:
    """Worded as a question ("is the input sorted", "what if it is empty"). Whisper's own "?" is not
    enough: it puts one after any inversion ("had he married a more amiable woman?")."""
    t = text.strip().lower()
    return bool(_QUESTION_START.match(t)) and not words_open(t)


@dataclass
class Evidence:
    """What was known when the turn ended (or was held): for the timeline and the tests."""
    prosody: list[tuple[int, float]] = field(default_factory=list)  # (silence ms, P(finished))
    text: str = ""
    ends_here: float | None = None
    why: str = ""
    compute_ms: float = 0.0


class TurnJudge:
    """One per listener. `begin()` at a turn's onset, `add()` each frame of it, `decide()` at each frame
    of silence."""

    def __init__(self, prosody=None, whisper=None, vocabulary: str | None = None, *,
                 sure_ms: int = SURE_MS, hold_ms: int = HOLD_MS) -> None:
        self.prosody = prosody
        self.whisper = whisper
        self.vocabulary = vocabulary
        self.sure_ms = sure_ms
        self.hold_ms = hold_ms
        self._chunks: list[np.ndarray] = []
        self._pause_start = None
        self._reset_pause()
        self.last = Evidence()
        self.transcript: tuple[str, tuple, float] | None = None  # Whisper's (text, words, audio seconds) of the turn

    def begin(self) -> None:
        self._chunks = []
        self.transcript = None
        self._reset_pause()

    def _reset_pause(self) -> None:
        self._prosody: list[tuple[int, float, float]] = []  # (silence ms, p, ready at audio t)
        self._text: tuple[str, float, float] | None = None  # (text, ends_here, ready at)
        self._next_prosody = PROSODY_AT_MS
        self._compute = 0.0

    def add(self, pcm: bytes) -> None:
        self._chunks.append(np.frombuffer(pcm, np.int16))

    def speech(self) -> None:
        """The candidate is talking again: the evidence of the last pause is old."""
        if self._prosody or self._text:
            self._reset_pause()

    def audio(self) -> np.ndarray:
        return np.concatenate(self._chunks) if self._chunks else np.zeros(0, np.int16)

    def decide(self, silence_ms: int, t: float, partial: str) -> str | None:
        """At audio time `t`, `silence_ms` into a pause: why the turn ends now, or None to wait."""
        self._gather(silence_ms, t)
        ready_p = [p for ms, p, at in self._prosody if at <= t]
        p = ready_p[-1] if ready_p else None
        text, lm = partial, None
        if self._text is not None and self._text[2] <= t:
            text, lm = self._text[0], self._text[1]
        why = self._judge(silence_ms, p, text, lm)
        self.last = Evidence([(ms, round(q, 3)) for ms, q, at in self._prosody if at <= t], text,
                             None if lm is None else round(lm, 3), why or "", round(self._compute * 1000, 1))
        return why

    def _gather(self, silence_ms: int, t: float) -> None:
        if self.whisper is not None and self._text is None and silence_ms >= WHISPER_AT_MS:
            started = time.perf_counter()
            heard = self.whisper.transcribe(self.audio(), **({} if self.vocabulary is None else
                                                              {"vocabulary": self.vocabulary}))
            lm = self.whisper.ends_here(heard.text) if heard.text else 0.0
            spent = time.perf_counter() - started
            self._compute += spent
            self._text = (heard.text, lm, t + spent)
            self.transcript = (heard.text, heard.words, len(self.audio()) / 16000)
        if self.prosody is not None and silence_ms >= self._next_prosody:
            started = time.perf_counter()
            p = self.prosody.probability(self.audio())
            spent = time.perf_counter() - started
            self._compute += spent
            self._prosody.append((silence_ms, p, t + spent))
            self._next_prosody = silence_ms + PROSODY_EVERY_MS

    def _judge(self, silence_ms: int, p: float | None, text: str, lm: float | None) -> str | None:
        if silence_ms >= self.hold_ms:
            return "long silence"
        unfinished = words_open(text)
        if silence_ms < FAST_MS or unfinished:
            return None
        if text and lm is not None and lm >= 0.1 and is_question(text):
            return "a question"
        if lm is not None:
            if lm >= 0.3 or (lm >= 0.15 and (p is None or p >= 0.4)) or (p is not None and p >= 0.85 and lm >= 0.08):
                return "a finished sentence"
        elif p is not None and p >= 0.9 and (self.whisper is None or silence_ms >= 400):
            return "sounds finished"
        if silence_ms >= self.sure_ms:
            if lm is not None and (lm < 0.06 or (p is not None and p < 0.3 and lm < 0.15)):
                return None
            if lm is None and p is not None and p < 0.1:
                return None
            return "silence"
        return None
