"""What a candidate's utterance is doing, by rule: deterministic, fast, and the same on replay.

The policy decides from these intents; the LLM never decides anything.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ASK_SOLUTION = "ask_solution"
ASK_HINT = "ask_hint"
DONE = "done"
QUESTION = "question"
APPROACH = "approach"
COMPLEXITY = "complexity"
TRACE = "trace"
EDGE_CASES = "edge_cases"

_RULES: list[tuple[str, re.Pattern[str]]] = [
    (
        ASK_SOLUTION,
        re.compile(
            r"\b(ignore (all |your |the |any )?(previous |prior )?(instructions|rules|prompt)"
            r"|(give|show|tell|send|write) me the (whole |full |complete |final |optimal )?"
            r"(answer|solution|code|implementation)"
            r"|(just|can you|could you|please) (give|tell|show|write)( me)? (the |it|that)?\s*(answer|solution|code)?"
            r"|what('s| is) the (answer|solution)"
            r"|write (it|the code|the solution) for me|solve it for me|do it for me)\b"
        ),
    ),
    (
        ASK_HINT,
        re.compile(
            r"\b(hint|clue|i'?m stuck|i am stuck|stuck|help me|need (some )?help|no idea|not sure (how|where|what)"
            r"|don'?t know (how|where|what)|can'?t think of|point me)\b"
        ),
    ),
    (
        DONE,
        re.compile(
            r"\b(i'?m done|i am done|i'?m finished|i am finished"
            r"|i think (that'?s|this is|it'?s) (it|done|correct|right)"
            r"|that'?s (it|all|my solution)|done coding|finished coding"
            r"|ready to submit|i'?d submit|i('?ll| will) submit"
            r"|(this|it|that) should work|i think it works|all done)\b"
        ),
    ),
    (
        APPROACH,
        re.compile(
            r"\b(hash ?(map|set|table)?|dict(ionary)?|map|set|sort(ed|ing)?|two pointers?|pointers?|iterate|loop"
            r"|scan|pass(es)?|stack|queue|heap|binary search|dynamic programming|dp|memo(ize|ization)?|brute force"
            r"|sliding window|window|greedy|recurs(ion|ive|ively)|prefix|suffix|bfs|dfs|count(er|s|ing)?|bucket"
            r"|compare|complement|store|keep track|track)\b"
        ),
    ),
    (
        COMPLEXITY,
        re.compile(
            r"(\bo\s*\(|big[- ]?o|\blinear\b|\bquadratic\b|\bconstant (time|space|extra)|\blogarithmic\b"
            r"|\bn squared\b|\bn log n\b|\bn\^2\b|\bexponential\b|\btime complexity\b|\bspace complexity\b)"
        ),
    ),
    (
        TRACE,
        re.compile(
            r"\b(for example|for instance|let'?s say|say (the input|we have|nums)|walk(ing)? through|trac(e|ing)"
            r"|step through|dry run|first iteration|on the first"
            r"|if (the )?input is|with the input|plug in|i = 0|index 0)\b"
        ),
    ),
    (
        EDGE_CASES,
        re.compile(
            r"\b(edge cases?|corner cases?|empty|single (element|character|item)|one element|duplicates?|negative"
            r"|overflow|null|none|zero|all the same|large input|boundary)\b"
        ),
    ),
]

_QUESTION_START = re.compile(
    r"^(can|could|is|are|does|do|did|what|how|should|will|would|may|might|which|when|where|why|am i|are we)\b"
)


@dataclass(frozen=True)
class Intents:
    names: frozenset[str]

    def __contains__(self, name: str) -> bool:
        return name in self.names


_SUBMIT = re.compile(r"\b(submit(ting)?|run (it |this |them )?(against |on )?(the |all (the )?)?hidden( tests)?)\b")


def asks_to_submit(text: str) -> bool:
    """The candidate asks to submit: the hidden tests run, as at the end."""
    return bool(_SUBMIT.search(" ".join(text.lower().split())))


def classify(text: str) -> Intents:
    t = " ".join(text.lower().replace("’", "'").split())
    names = {name for name, rx in _RULES if rx.search(t)}
    if t.endswith("?") or _QUESTION_START.match(t):
        names.add(QUESTION)
    return Intents(frozenset(names))


# --- complexity ---------------------------------------------------------------------------------

# Ranks of common growth classes; unknown forms get no rank and no judgement.
_RANKS = {
    "1": 0,
    "log n": 1,
    "sqrt n": 2,
    "n": 3,
    "n log n": 4,
    "n^2": 5,
    "n^3": 6,
    "2^n": 7,
    "n!": 8,
}
_WORDS = {
    "constant": "1",
    "logarithmic": "log n",
    "linear": "n",
    "linearithmic": "n log n",
    "quadratic": "n^2",
    "n squared": "n^2",
    "cubic": "n^3",
    "exponential": "2^n",
}


def normalize_big_o(inner: str) -> str:
    s = inner.lower().strip()
    s = s.replace("²", "^2").replace("³", "^3").replace("*", " ").replace("·", " ").replace("\\", "")
    s = re.sub(r"\blogn\b", "log n", s)
    s = re.sub(r"\bnlogn\b", "n log n", s)
    s = re.sub(r"\bn\s*log\s*\(?\s*n\s*\)?", "n log n", s)
    s = re.sub(r"\blog\s*\(?\s*n\s*\)?", "log n", s)
    s = re.sub(r"n\s*\^\s*2|n\s*\*\*\s*2|n squared|n n\b", "n^2", s)
    s = re.sub(r"n\s*\^\s*3|n\s*\*\*\s*3", "n^3", s)
    s = re.sub(r"\s+", " ", s).strip()
    if s in ("c", "k", "const"):
        s = "1"
    return s


def rank(form: str | None) -> int | None:
    if form is None:
        return None
    return _RANKS.get(normalize_big_o(form))


def parse_complexities(text: str) -> dict[str, str]:
    """Pull stated complexities out of speech: {"time": "n", "space": "1"} (either may be absent)."""
    t = text.lower()
    found: list[tuple[int, str]] = []
    for m in re.finditer(r"\bo\s*\(([^)]{1,20})\)", t):
        found.append((m.start(), normalize_big_o(m.group(1))))
    for word, form in _WORDS.items():
        for m in re.finditer(rf"\b{word}\b", t):
            found.append((m.start(), form))
    for m in re.finditer(r"(?<!\()\bn log n\b", t):
        if not any(abs(pos - m.start()) < 4 for pos, _ in found):
            found.append((m.start(), "n log n"))
    found.sort()
    out: dict[str, str] = {}
    unlabeled: list[str] = []
    for pos, form in found:
        after = t[pos : pos + 40]
        before = t[max(0, pos - 25) : pos]
        label = None
        for kind in ("time", "space"):
            if re.match(rf"^[^,.;]*?\b{kind}\b", after[: after.find(" and ") if " and " in after else len(after)]):
                label = kind
            elif re.search(rf"\b{kind}\b[^,.;]*$", before) and label is None:
                label = kind
        if label and label not in out:
            out[label] = form
        elif not label:
            unlabeled.append(form)
    for form in unlabeled:
        for kind in ("time", "space"):
            if kind not in out:
                out[kind] = form
                break
    return out
