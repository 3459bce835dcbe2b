"""Has the candidate finished? The end of a spoken turn, decided from more than silence.

A coding candidate thinks aloud: "so what I'd do is ... [1.5 s] ... keep a map". An interviewer
that answers every pause is worse than a slow one; one that waits a second after every finished
question is slow. Three kinds of evidence, each from the turn's own audio, weighed as the
silence grows:

- **prosody** (`TurnEnd`, smart-turn v3): does the voice sound finished? Asked at 60 ms of
  silence and again every 340 ms; before Whisper's words are in, a voice that sounds finished
  beyond doubt (`fast`) ends the turn on its own;
- **the words** (Whisper's transcript of the turn, made as the silence begins): a sentence that
  cannot end there ("... is to", "he might", "unless", a trailing article or conjunction) holds
  the turn; a question ends it; how sure the transcription was that a full stop follows the last
  word (`Heard.ending`: it hears a voice trail off) counts at once, and Whisper's decoder, read as a
  language model on the words alone, says how likely a sentence is to end there
  (`Whisper.ends_here`) once it has read them (~50 ms later);
- **time**: past `SURE_MS` of silence the turn ends unless the evidence says clearly that the
  sentence is unfinished; past `HOLD_MS` it ends whatever the evidence;
- **the interview** (`coding`, set by the conversation in the coding phase): narration while
  typing is not a turn to answer. A question or a hand-over ("I think that's it") ends it as
  before; anything else waits `CODING_SURE_MS`, unfinished words `CODING_HOLD_MS`.

Every model call is timed, and its answer counts only from the audio time it would be ready at
(the silence's time plus the call's own): a file run faster than real time is judged as the
microphone would be. For a file the call's own time is the CPU time it took (Whisper runs on one
thread): what it costs on a core of its own, however busy the machine running the file is.

Without smart-turn or Whisper (not downloaded), what is missing is left out: the words of the
streaming recognizer stand in for Whisper's, with the continuation rule only.
"""

from __future__ import annotations

import math
import re
import time
from dataclasses import dataclass, field

import numpy as np

WHISPER_AT_MS = 40  # silence before the turn so far is transcribed
PROSODY_AT_MS = 60
PROSODY_EVERY_MS = 340
FAST_MS = 100  # the earliest end: a voice that sounds finished, words that may end
SURE_MS = 450  # from here the turn ends unless the words are clearly unfinished
HOLD_MS = 2400  # a pause longer than this ends the turn whatever was said
UNSURE = -0.45  # Whisper's mean log-probability a token below which its words are a guess
CODING_SURE_MS = 1500  # while coding, a statement ends the turn only after this much silence...
CODING_HOLD_MS = 4000  # ...and unfinished words only after this much
HEARD_SHIFT = 3.0  # log-odds: the transcription's P(. ? !) after the last word, read as the language model's
TAIL_S = 8.0  # the seconds of a turn Whisper transcribes to judge its end

# Words after which a sentence cannot end: articles and determiners, prepositions, conjunctions and
# subordinators, "to", fillers. Auxiliaries and pronouns are left to the language model: "he was" is
# unfinished, "than he was" finished. (vad.ends_open holds for the streaming recognizer's words; this
# list is for Whisper's, which are right often enough to be strict.)
OPEN_WORDS = frozenset(
    """a an the this these those my your his her its our their some any each every no
    of in on at by for with from into onto about over under between through than as like
    and but or nor so because cause unless if whether while although though since when where which who whose
    to um uh er erm hmm mm""".split()
)
# ...but these close a sentence as often as not when they come last.
_CLOSERS = {"so", "in", "on", "for", "that", "this", "these", "those", "which", "who", "when", "where", "over",
            "through", "about"}
_QUESTION_START = re.compile(
    r"^(is|are|was|were|do|does|did|can|could|should|would|will|may|might|shall|what|why|how|when|where|which|who)\b")


def last_word(text: str) -> str:
    words = re.findall(r"[a-z0-9']+", text.lower())
    return words[-1] if words else ""


def words_open(text: str) -> bool:
    """The words end where no sentence can: "so what I'd keep is a", "rather selfish is to", "unless"."""
    w = last_word(text)
    if not w or w not in OPEN_WORDS:
        return False
    if w in _CLOSERS:  # "I think so", "what is it for", "the one I put in": open only straight after a verb's object
        return _dangling(text)
    return True


def _dangling(text: str) -> bool:
    """A word that can close a sentence ("so", "for", "in", "that") dangles after a few words that cannot
    end one either ("and so", "the loop for", "put it in the")."""
    words = re.findall(r"[a-z0-9']+", text.lower())
    if len(words) < 2:
        return True
    return words[-2] in OPEN_WORDS or words[-2] in {"is", "are", "was", "were", "be", "and", "then", "loop", "search",
                                                    "iterate", "check", "look", "go", "store", "keep", "put"}


_HANDOVER = re.compile(
    r"(\b(i'?m|i am|i think i'?m|we'?re) (done|finished|ready)|\bthat'?s (it|all|my (solution|answer|code))"
    r"|\bthat should (do it|work|be it)|\bi think (that|this) (works|is (it|done|correct|right))"
    r"|\b(over to you|your turn|let'?s run it|can we run it|shall i run it))\W*$")


def hands_over(text: str) -> bool:
    """The candidate gives the floor back without a question: "I think that's it", "I'm done"."""
    return bool(_HANDOVER.search(text.strip().lower()))


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
    ending_heard: float | None = None  # Whisper's P(. ? !) after the last word, hearing the audio


class TurnJudge:
    """One per listener. `begin()` at a turn's onset, `add()` each frame of it, `decide()` at each frame
    of silence.

    Whisper runs beside the listening thread, never on it: with `live` on a worker thread of its own
    (the microphone: frames keep coming while it works, and its answer counts from the first frame
    after it is done); otherwise (a file, read faster than real time) inline, its answer counted from
    the audio time it would have been ready at on its own core. The prosody model (~25 ms) runs on
    the listening thread; its answers are counted the same way."""

    def __init__(self, prosody=None, whisper=None, vocabulary: str | None = None, *,
                 sure_ms: int = SURE_MS, hold_ms: int = HOLD_MS, fast: float | None = 0.95,
                 live: bool = False) -> None:
        self.prosody = prosody
        self.fast = fast  # end on prosody alone (P(finished) at least this) before Whisper's words are in
        self.whisper = whisper
        self.vocabulary = vocabulary
        self.sure_ms = sure_ms
        self.hold_ms = hold_ms
        self.live = live
        # The candidate is writing code (the interview's coding phase): narration while typing is
        # not a turn to answer. Set from the conversation; read here on the listening thread.
        self.coding = False
        self._chunks: list[np.ndarray] = []
        self._words: tuple = ()
        self._worker = None
        self._busy = None  # live: the worker's job in flight, whichever pause it was for
        self._free = {"prosody": 0.0, "whisper": 0.0}  # audio time each lane is next free (not live)
        self._reset_pause()
        self.last = Evidence()
        self.transcript: tuple[str, tuple, float] | None = None  # Whisper's (text, words, audio seconds) of the turn

    def begin(self) -> None:
        self._chunks = []
        self.transcript = None
        self._reset_pause()

    def _reset_pause(self) -> None:
        self._prosody: list[tuple[int, float, float]] = []  # (silence ms, p, ready at audio t)
        self._text: tuple[str, float | None, float] | None = None  # (text, its ending heard, ready at)
        self._lm: tuple[float, float] | None = None  # (ends_here of the text, ready at)
        self._pending: dict = {}  # live: the worker's futures for this pause
        self._next_prosody = PROSODY_AT_MS
        self._compute = 0.0

    def add(self, pcm: bytes) -> None:
        self._chunks.append(np.frombuffer(pcm, np.int16))

    def speech(self) -> None:
        """The candidate is talking again: the evidence of the last pause is old."""
        if self._prosody or self._text or self._pending:
            self._reset_pause()
        self.transcript = None

    @property
    def words_heard(self) -> str | None:
        """Whisper's words for the turn so far, once they are in (what to start the LLM on)."""
        if self._text is None:
            return None
        return self._text[0].lstrip("~")

    def audio(self) -> np.ndarray:
        return np.concatenate(self._chunks) if self._chunks else np.zeros(0, np.int16)

    def decide(self, silence_ms: int, t: float, partial: str) -> str | None:
        """At audio time `t`, `silence_ms` into a pause: why the turn ends now, or None to wait."""
        self._gather(silence_ms, t)
        ready_p = [p for ms, p, at in self._prosody if at <= t]
        p = ready_p[-1] if ready_p else None
        text, heard, lm = partial, None, None
        if self._text is not None and self._text[2] <= t:
            text, heard = self._text[0], self._text[1]
            if self._lm is not None and self._lm[1] <= t:
                lm = self._lm[0]
        why = self._judge(silence_ms, p, text, heard, lm)
        self.last = Evidence([(ms, round(q, 3)) for ms, q, at in self._prosody if at <= t], text,
                             None if lm is None else round(lm, 3), why or "", round(self._compute * 1000, 1),
                             None if heard is None else round(heard, 3))
        return why

    def _clock(self) -> float:
        return time.perf_counter() if self.live else time.process_time()

    def _hear(self, audio: np.ndarray):
        """Whisper on the turn's last seconds: ((text, P(a sentence ends after the last word, hearing the
        audio), the audio's seconds if the text covers the whole turn, else None), seconds spent). Words
        Whisper was guessing at (a word cut short, mumbled) are marked with a "~" in front."""
        started = self._clock()
        tail = audio[-int(TAIL_S * 16000):]
        whole = len(tail) == len(audio)
        kwargs = {} if self.vocabulary is None else {"vocabulary": self.vocabulary}
        heard = self.whisper.transcribe(tail, timings=whole, **kwargs)  # timings: it may be the final transcript
        text = heard.text if heard.confidence >= UNSURE else "~" + heard.text
        self._words = heard.words
        return (text, heard.ending, len(audio) / 16000 if whole else None), self._clock() - started

    def _read(self, text: str):
        """The decoder as a language model on the words alone: (P(a sentence ends here), seconds spent)."""
        started = self._clock()
        lm = self.whisper.ends_here(text.lstrip("~")) if text.strip("~ ") else 0.0
        return lm, self._clock() - started

    def _step(self, key: str, t: float, fn, args):
        """`fn(*args())` for this pause, as (its result, the audio time it is ready at), or None while it
        runs. Live, it runs on the worker and counts from the first frame after it is done; from a
        file, inline, counted from when it would be ready with the Whisper lane to itself. Either way
        one job at a time: while the lane is still busy with an earlier pause's words (the candidate
        went on talking), nothing queues behind it; this pause's job starts when the lane is free,
        on the audio heard by then."""
        if self.live:
            future = self._pending.get(key)
            if future is None:
                if self._busy is not None and not self._busy.done():
                    return None
                if self._worker is None:
                    from concurrent.futures import ThreadPoolExecutor

                    self._worker = ThreadPoolExecutor(1, thread_name_prefix="intervu-whisper")
                future = self._pending[key] = self._busy = self._worker.submit(fn, *args())
            if not future.done():
                return None
            del self._pending[key]
            result, spent = future.result()
            self._compute += spent
            return result, t
        if self._free["whisper"] > t:
            return None
        result, spent = fn(*args())
        self._free["whisper"] = t + spent
        self._compute += spent
        return result, t + spent

    def settle(self, timeout: float = 5.0) -> None:
        """The turn has ended (live) while Whisper was still on its words: wait for them rather than
        have the recognizer transcribe the turn again behind it."""
        future = self._pending.get("words")
        if future is None or self.transcript is not None:
            return
        try:
            (text, ending, seconds), spent = future.result(timeout)
        except Exception:  # noqa: BLE001 - a timeout or a failed job: the recognizer transcribes as before
            return
        self._compute += spent
        if seconds is not None:
            self.transcript = (text.lstrip("~"), self._words, seconds)

    def _gather(self, silence_ms: int, t: float) -> None:
        if self.whisper is not None and self._text is None and silence_ms >= WHISPER_AT_MS:
            # The end of a sentence is in its last words: the last few seconds are transcribed (a
            # quarter of the work of a long turn), then read by the language model.
            done = self._step("words", t, self._hear, lambda: (self.audio(),))
            if done is not None:
                (text, ending, seconds), ready = done
                self._text = (text, ending, ready)
                if seconds is not None:
                    self.transcript = (text.lstrip("~"), self._words, seconds)
        if self._text is not None and self._lm is None:
            done = self._step("lm", t, self._read, lambda: (self._text[0],))
            if done is not None:
                self._lm = done
        if self.prosody is not None and silence_ms >= self._next_prosody:
            started = self._clock()
            p = self.prosody.probability(self.audio())
            spent = self._clock() - started
            self._compute += spent
            start = t if self.live else max(t, self._free["prosody"])
            self._free["prosody"] = start + spent
            self._prosody.append((silence_ms, p, start + spent))
            self._next_prosody = silence_ms + PROSODY_EVERY_MS

    def close(self) -> None:
        if self._worker is not None:
            self._worker.shutdown(wait=True, cancel_futures=True)
            self._worker = None

    def _judge(self, silence_ms: int, p: float | None, text: str, heard: float | None,
               lm: float | None) -> str | None:
        if lm is None and heard is not None:
            # Until the language model has read the words, the transcription's own ending stands in
            # for it, on its scale (it hears the audio stop, so it says "." far more readily).
            lm = 1 / (1 + math.exp(HEARD_SHIFT - math.log(max(heard, 1e-4) / max(1 - heard, 1e-4))))
        if silence_ms >= (CODING_HOLD_MS if self.coding else self.hold_ms):
            return "long silence"
        if silence_ms < FAST_MS or words_open(text):
            return None
        if self.coding and silence_ms < CODING_SURE_MS:
            # Thinking aloud while typing: the interviewer keeps quiet until the candidate asks, hands
            # over, or stops for a while.
            sure = lm is not None and lm >= 0.1 and not text.startswith("~")
            if sure and is_question(text):
                return "a question"
            if sure and hands_over(text):
                return "handed over"
            return None
        trailing = text.rstrip()
        if lm is not None and (trailing.endswith(("...", "…", "-", "—"))):
            return None  # Whisper heard the voice trail off, or a word cut short
        comma = lm is not None and trailing.endswith((",", ";", ":"))  # a weaker sign of the same
        if lm is None:
            # Only the prosody and the streaming recognizer's words so far.
            if self.fast and p is not None and p >= self.fast and text:
                return "sounds finished"
            if silence_ms >= self.sure_ms and (p is None or p >= 0.1) and self.whisper is None:
                return "silence"
            return None
        if text.startswith("~"):  # Whisper was guessing: the words cannot be trusted to say it is over
            if silence_ms >= self.sure_ms and lm >= 0.1 and not comma and p is not None and p >= 0.9:
                return "sounds finished"
            return None
        if lm >= 0.1 and is_question(text):
            return "a question"
        if not comma and (lm >= 0.25 or (lm >= 0.12 and (p is None or p >= 0.5)) or (p is not None and p >= 0.9
                                                                                       and lm >= 0.06)):
            return "a finished sentence"
        if silence_ms >= self.sure_ms:
            if lm < 0.04 or (comma and lm < 0.12) or (p is not None and p < 0.3 and lm < 0.1):
                return None
            return "silence"
        return None
