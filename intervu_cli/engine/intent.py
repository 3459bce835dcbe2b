"""The older, coarser view of a candidate's turn (a set of intent names), kept for the assessment's
timeline; it is now read off `engine.understand`, so both see a turn the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from intervu_cli.engine import understand as und

ASK_SOLUTION = "ask_solution"
ASK_HINT = "ask_hint"
DONE = "done"
QUESTION = "question"
APPROACH = "approach"
COMPLEXITY = "complexity"
TRACE = "trace"
EDGE_CASES = "edge_cases"

_FROM_KINDS = {
    und.ASK_ANSWER: ASK_SOLUTION, und.MANIPULATION: ASK_SOLUTION, und.ASK_HINT: ASK_HINT, und.DONE: DONE,
    und.QUESTION: QUESTION, und.APPROACH: APPROACH, und.COMPLEXITY: COMPLEXITY, und.TRACE: TRACE,
    und.EDGE_CASES: EDGE_CASES,
}


@dataclass(frozen=True)
class Intents:
    names: frozenset[str]

    def __contains__(self, name: str) -> bool:
        return name in self.names


def classify(text: str) -> Intents:
    return of_reading(und.understand(text))


def of_reading(reading: und.Understanding) -> Intents:
    """The intents of a turn already read (as stored with it, the way the interviewer read it)."""
    return Intents(frozenset(_FROM_KINDS[k] for k in reading.kinds if k in _FROM_KINDS))


_SUBMIT = re.compile(r"\b(submit(ting)?|run (it |this |them )?(against |on )?(the |all (the )?)?hidden( tests)?)\b")


def asks_to_submit(text: str) -> bool:
    """The candidate asks to submit: the hidden tests run, as at the end."""
    t = " ".join(text.lower().split())
    return bool(_SUBMIT.search(t)) and not re.search(r"\b(not|don'?t|before i|before we|won'?t)\b[^.]*\bsubmit", t)


def normalize_big_o(inner: str) -> str:
    return und.normalize_form(inner)


def rank(form: str | None) -> int | None:
    """The growth class of a form in one variable ("n log n" is 4); None for any other (the report
    compares those as written, "m * n" with "m * n")."""
    if not form:
        return None
    return und.RANKS.get(und.normalize_form(und._inner(form)))


def parse_complexities(text: str) -> dict[str, str]:
    """Stated complexities in speech: {"time": "n", "space": "1"} (either may be absent)."""
    time_, space, _ = und._claim(und.normalize(text).forms)
    return {k: v for k, v in (("time", time_), ("space", space)) if v}
