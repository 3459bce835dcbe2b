"""Cut a streamed LLM reply into speakable chunks, as early as sense allows.

The interviewer's reply arrives as text pieces split anywhere (mid-word, mid-number, mid-"e.g.",
mid-fence). `SentenceChunker` turns that stream into `Chunk`s for the TTS (eSpeak NG):

    chunker = SentenceChunker()
    for piece in stream:
        for chunk in chunker.feed(piece):
            say(chunk.text)
    for chunk in chunker.flush():
        say(chunk.text)

Where the stream is cut
-----------------------
- The first chunk goes out at the first sentence end, or at the first clause boundary (", " "; "
  ": " " — " " – " " - ") once the chunk holds at least `first_min_words` spoken words: the
  interviewer starts talking as soon as it can.
- Later chunks end at sentence ends: ". " "! " "? " "… " (a run like "?!" counts once), also when
  closed by a quote, bracket or emphasis (`stop." `, `done.) `, `**done.** `). A later sentence
  with fewer than `min_words` spoken words is not cut off on its own: it is joined to the next one
  (set `min_words=0` to cut at every sentence end).
- A line break always ends a chunk (list items, headings, table rows, paragraphs), and so does
  the end of a fenced code block.
- A chunk that reaches `max_chars` (counted on the raw text from its first non-blank character)
  with no sentence end is cut at its last sentence end left joined by `min_words`, else its last
  clause boundary (when not in its first third), else its last whitespace outside quotes and
  brackets, else its last whitespace; words are never split, so a single word longer than
  `max_chars` is cut at the whitespace after it.

What is never cut
-----------------
Numbers ("3.5", "1,000", "10.5%", "v1.2.3", "3:30"), brackets and parentheses ("O(n log n)",
"(see above. Then)"), quotations ('"Is it sorted?" she asked' — a sentence end inside quotes is
only an end if the quotation is followed by a capital, or the stream ends), identifiers and URLs
("nums.length", "arr[i].val", "example.com/a.b"), inline code, fenced code, ellipses followed by
a lowercase word ("well... maybe"), and abbreviations: titles and Latin ("Mr." "Dr." "e.g." "i.e."
"vs." "cf." "approx.") never end a sentence; "etc." "Inc." "Jr." "et al." and dotted acronyms
("U.S.", "a.m.") end one only when the next word is capitalised. A number alone at the start of
a line ("1. ") is a list marker, not a sentence end.

Deciding a cut needs the character(s) after it ("3." may be "3.5"), so `feed` holds the text
back until they arrive, and no longer: "Great. " is cut at the space. Every decision depends
only on the text, never on how it was split into pieces: any splitting of the same reply gives
the same chunks.

What is spoken
--------------
Each chunk's `text` is `speech.speakable` of its raw text (Markdown stripped, code blocks
replaced by `CODE_PHRASE`, symbols read aloud: see speech.py). A fenced code block's chunk is
emitted when its closing fence line ends, since the phrase is past tense and its `source` holds
the whole block. A chunk whose speech is empty (e.g. just "**" or "---") is not emitted: its raw
text is folded into the next chunk's `source`, so the sources of all chunks, followed by whatever
unspeakable text is left at the end, always concatenate back to exactly the text fed.

Not handled: a backtick fence must start its line; a stray unmatched quote or parenthesis
suppresses sentence cuts until the line ends or `max_chars` is reached; a single capital letter
before a period ("plan B.") ends a sentence, so initials ("J. Smith") are cut.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from intervu_cli.voice.speaking.speech import CODE_PHRASE, speakable

__all__ = ["Chunk", "SentenceChunker", "chunk_text"]


@dataclass(frozen=True)
class Chunk:
    text: str  # what the TTS says: Markdown stripped, code replaced; never empty
    source: str  # the raw reply text this chunk covers (all sources + unspoken tail == the text fed)
    first: bool  # the first chunk of the utterance


# --- boundaries -------------------------------------------------------------------------------

# A period after these never ends a sentence.
_NEVER_END = frozenset(
    "mr mrs ms dr prof sr st vs e.g i.e cf viz approx fig eq".split()
)
# ... after these (and dotted acronyms, "U.S.") only when the next word is capitalised.
_WAIT_END = frozenset("etc inc ltd co corp jr al".split())
_ACRONYM = re.compile(r"(?:[a-z]\.)+[a-z]")
# Characters that may close a sentence after its punctuation: `stop."`, `done.)`, `**done.**`.
_CLOSERS = "\"'”’)]}*_"
# Characters stripped from the front of the word before a period: `(e.g.`, `**Dr.`.
_OPENERS = "\"'“‘([{*_"
_HSPACE = " \t"


def _count_words(text: str) -> int:
    return sum(1 for w in text.split() if any(ch.isalnum() for ch in w))


class SentenceChunker:
    """Feed an LLM reply piece by piece; get `Chunk`s to speak (see the module docstring).

    `flush()` ends the utterance; the chunker is then ready for the next one.
    `code_phrase` is what a fenced code block becomes ("" drops code blocks from speech).
    """

    def __init__(
        self,
        first_min_words: int = 4,
        min_words: int = 6,
        max_chars: int = 220,
        *,
        code_phrase: str = CODE_PHRASE,
    ) -> None:
        if first_min_words < 0 or min_words < 0:
            raise ValueError("word counts must not be negative")
        if max_chars < 1:
            raise ValueError("max_chars must be at least 1")
        self._first_min = first_min_words
        self._min_words = min_words
        self._max = max_chars
        self._code_phrase = code_phrase
        self._reset_utterance()

    # -- public ---------------------------------------------------------------------------------

    def feed(self, piece: str) -> list[Chunk]:
        """Add a piece of the reply; return the chunks it completes (often none)."""
        if not piece:
            return []
        self._buf += piece
        return self._run(final=False)

    def flush(self) -> list[Chunk]:
        """End of the reply: the chunks still held back, the last one whatever is left."""
        out = self._run(final=True)
        rest = self._buf
        text = self._speak(rest)
        if text:
            out.append(Chunk(text, rest, not self._emitted))
        self._reset_utterance()
        return out

    # -- state ----------------------------------------------------------------------------------

    def _reset_utterance(self) -> None:
        self._buf = ""  # raw text not yet emitted; index 0 is the current chunk's start
        self._bol = True  # _buf[0] is at the beginning of a line
        self._emitted = False
        self._new_chunk(0, False)

    def _new_chunk(self, depth: int, quote: bool) -> None:
        self._pos = 0  # scan position: every cut before it has been decided against
        self._depth = depth  # open ( [ {
        self._quote = quote  # inside a double quotation
        self._inline = 0  # length of the backtick run opening the current inline code, or 0
        self._fence = ""  # the run that opened the current fenced block, or ""
        self._seg = 0  # start of the text not folded into an empty cut
        self._lead = -1  # first non-blank character since _seg (max_chars counts from here)
        self._overlong = False  # max_chars reached with nowhere to cut: cut at the next space
        self._cands: dict[str, tuple[int, int, bool]] = {}  # fallback cuts: kind -> (pos, depth, quote)

    def _speak(self, raw: str) -> str:
        return speakable(raw, code_phrase=self._code_phrase, at_line_start=self._bol)

    # -- cutting --------------------------------------------------------------------------------

    def _run(self, final: bool) -> list[Chunk]:
        out: list[Chunk] = []
        while True:
            cut = self._scan(final)
            if cut is None:
                return out
            pos, depth, quote = cut
            s = self._buf
            text = self._speak(s[:pos])
            if not text:  # nothing to say yet: fold this text into the next chunk
                self._seg, self._pos, self._depth, self._quote = pos, pos, depth, quote
                self._lead, self._overlong, self._cands = -1, False, {}
                continue
            out.append(Chunk(text, s[:pos], not self._emitted))
            self._emitted = True
            self._bol = s[pos - 1] == "\n"
            self._buf = s[pos:]
            self._new_chunk(depth, quote)

    def _scan(self, final: bool) -> tuple[int, int, bool] | None:
        """Scan on from `_pos`. Return a cut (position, depth and quote state there), or None
        when the text so far is used up or the next decision needs characters not yet here."""
        s = self._buf
        n = len(s)
        i = self._pos
        while i < n:
            self._pos = i  # resume here if we must wait (state below is not yet updated for s[i])
            c = s[i]
            if self._fence:
                r = self._in_fence(s, i, final)
                if r is None:
                    return None
                i = r
                continue
            if self._lead < 0 and not c.isspace():
                self._lead = i
            if self._lead >= 0 and not self._overlong and i - self._lead >= self._max and i > self._seg:
                cut = self._fallback()
                if cut is not None:
                    return cut
                self._overlong = True
            if c == "\n":
                if i > self._seg:
                    return (i, 0, False)  # a line break ends the chunk; the break goes with the next
                self._depth, self._quote, self._inline = 0, False, 0
                i += 1
                continue
            if not self._inline and ((i == 0 and self._bol) or (i > 0 and s[i - 1] == "\n")):
                r = self._fence_open(s, i, final)
                if r is None:
                    return None
                if r > 0:
                    i = r
                    continue
            if c == "`":
                k = i
                while k < n and s[k] == "`":
                    k += 1
                if k == n and not final:
                    return None  # the run may go on
                if not self._inline:
                    self._inline = k - i
                elif k - i == self._inline:
                    self._inline = 0
                i = k
                continue
            if self._inline:
                i += 1
                continue
            if c.isspace():
                if self._overlong and i > self._seg:
                    return (i, self._depth, self._quote)
                if self._lead >= 0 and i - self._lead <= self._max:
                    if not self._depth and not self._quote:
                        self._cands["top"] = (i, 0, False)
                    self._cands["ws"] = (i, self._depth, self._quote)
                i += 1
                continue
            if c in ".!?…,;:—–-":
                if c in ".!?…":
                    r = self._sentence_end(s, i, final)
                elif c in ",;:":
                    r = self._clause(s, i, final)
                else:
                    r = self._dash(s, i, final)
                if r is None:
                    return None  # the decision needs what comes next
                if isinstance(r, tuple):
                    return r
                i = r  # no cut here: scan on
                continue
            if c in "([{":
                self._depth += 1
            elif c in ")]}":
                self._depth = max(0, self._depth - 1)
            elif c == '"':
                self._quote = not self._quote
            elif c == "“":
                self._quote = True
            elif c == "”":
                self._quote = False
            i += 1
        self._pos = n
        return None

    def _sentence_end(self, s: str, i: int, final: bool):
        """At . ! ? …: None to wait, a tuple to cut, or the index to scan on from."""
        n = len(s)
        c = s[i]
        j = i + 1
        if c in ".…":
            while j < n and s[j] in ".…":
                j += 1
            ellipsis = c == "…" or j - i > 1
        else:
            while j < n and s[j] in "!?":
                j += 1
            ellipsis = False
        depth, quote, wait = self._depth, self._quote, ellipsis
        k = j
        while k < n and s[k] in _CLOSERS:
            ch = s[k]
            if ch in ")]}":
                depth = max(0, depth - 1)
            elif ch == '"':
                quote = not quote
            elif ch == "”":
                quote = False
            if ch not in "*_":
                wait = True  # `"Is it sorted?" she asked`: the next word decides
            k += 1
        if k == n and not final:
            return None
        if depth or quote or (k < n and not s[k].isspace()):
            return j  # inside brackets or quotes, or "3.5", "e.g", "nums.length": no end here
        if c == "." and not ellipsis:
            b = i
            while b > 0 and not s[b - 1].isspace():
                b -= 1
            word = s[b:i].lstrip(_OPENERS).lower()
            if word in _NEVER_END:
                return j
            if word in _WAIT_END or _ACRONYM.fullmatch(word):
                wait = True
            elif word.isdigit() and self._at_line_start(s, b):
                return j  # "1. " opens a numbered list item
        if wait and k < n:
            m = k
            while m < n and s[m].isspace() and s[m] != "\n":
                m += 1
            if m == n:
                if not final:
                    return None
            elif s[m] != "\n" and (s[m].islower() or s[m].isdigit()):
                return j  # "etc. and", "U.S. team", "... maybe", '"Stop!" she said'
        if self._emitted and k < n and _count_words(self._speak(s[:k])) < self._min_words:
            self._remember("sentence", k, depth, quote)
            return j  # a short later sentence waits for the next one
        return (k, depth, quote)

    def _clause(self, s: str, i: int, final: bool):
        """At , ; : — a clause boundary when followed by whitespace (not "1,000", "3:30")."""
        if self._depth or self._quote:
            return i + 1
        n = len(s)
        k = i + 1
        while k < n and s[k] in "*_":  # `**Note:** ...`
            k += 1
        if k == n:
            return k if final else None
        if not s[k].isspace():
            return i + 1
        return self._clause_at(s, k)

    def _dash(self, s: str, i: int, final: bool):
        """At — – -: an em dash is a clause boundary; an en dash or hyphen only between spaces,
        and a hyphen only between words ("great - let's", not "n - 1" or "i - j")."""
        if self._depth or self._quote:
            return i + 1
        n = len(s)
        if s[i] == "—":
            return self._clause_at(s, i + 1)
        if i == 0 or s[i - 1] not in _HSPACE:
            return i + 1
        k = i + 1
        if s[i] == "-" and k < n and s[k] == "-":  # " -- "
            k += 1
        if k == n:
            return k if final else None
        if s[k] not in _HSPACE:
            return i + 1  # "-5", "--flag"
        if s[i] == "-":
            e = i - 1
            while e > 0 and s[e - 1] in _HSPACE:
                e -= 1
            b = e
            while b > 0 and not s[b - 1].isspace():
                b -= 1
            word = s[b:e]
            if not (len(word) >= 2 and word.isalpha()):
                return k
            m = k
            while m < n and s[m] in _HSPACE:
                m += 1
            if m == n:
                return k if final else None
            if not s[m].isalpha():
                return k
        return self._clause_at(s, k)

    def _clause_at(self, s: str, k: int):
        if not self._emitted and _count_words(self._speak(s[:k])) >= self._first_min:
            return (k, 0, False)
        self._remember("clause", k, 0, False)
        return k

    def _remember(self, kind: str, pos: int, depth: int, quote: bool) -> None:
        if self._lead >= 0 and self._lead < pos and pos - self._lead <= self._max:
            self._cands[kind] = (pos, depth, quote)

    def _fallback(self) -> tuple[int, int, bool] | None:
        """max_chars reached: the best cut so far, if any."""
        for kind in ("sentence", "clause", "top", "ws"):
            cut = self._cands.get(kind)
            if cut is None:
                continue
            if kind == "clause" and cut[0] - self._lead < self._max // 3:
                continue
            return cut
        return None

    def _at_line_start(self, s: str, b: int) -> bool:
        nl = s.rfind("\n", 0, b)
        if nl < 0 and not self._bol:
            return False
        return not s[nl + 1 : b].strip()

    def _fence_open(self, s: str, i: int, final: bool) -> int | None:
        """At a line start: the index after an opening fence, 0 if none, None to wait."""
        n = len(s)
        j = i
        while j < n and s[j] in _HSPACE:
            j += 1
        if j == n:
            return 0 if final else None
        ch = s[j]
        if ch not in "`~":
            return 0
        k = j
        while k < n and s[k] == ch:
            k += 1
        if k == n and not final:
            return None
        if k - j < 3:
            return 0
        self._fence = s[j:k]
        return k

    def _in_fence(self, s: str, i: int, final: bool) -> int | None:
        """Inside a fenced block: skip a line, or stop at the line break after the closing fence."""
        n = len(s)
        if (i == 0 and self._bol) or (i > 0 and s[i - 1] == "\n"):
            f = self._fence
            j = i
            while j < n and s[j] in _HSPACE:
                j += 1
            if j == n:
                return n if final else None
            if s[j] == f[0]:
                k = j
                while k < n and s[k] == f[0]:
                    k += 1
                if k == n and not final:
                    return None
                if k - j >= len(f):
                    m = k
                    while m < n and s[m] in " \t\r":
                        m += 1
                    if m == n and not final:
                        return None
                    if m == n or s[m] == "\n":
                        self._fence = ""
                        return m
        nl = s.find("\n", i)
        return n if nl < 0 else nl + 1


def chunk_text(text: str, **kw) -> list[Chunk]:
    """Chunk a whole reply: feed it all, then flush. Keywords go to `SentenceChunker`."""
    chunker = SentenceChunker(**kw)
    return chunker.feed(text) + chunker.flush()
