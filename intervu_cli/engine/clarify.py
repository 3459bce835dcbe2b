"""Answering a clarifying question: the problem's authored answers ([[clarifications]] in its file),
found by the question's topics and its words; or intervu's own answer to a question any problem
gets (may I use the standard library, what complexity do you want, which language)."""

from __future__ import annotations

import re

from intervu_cli.core.lexicon import GENERIC_TOPICS, topics_in
from intervu_cli.engine.understand import normalize
from intervu_cli.problems import Clarification, Problem


_STOP = set("the a an is are do does can could will would should i we it of to in on for and or be there what how "
            "if any this that with may might assume always ever you me my your our they them their its it's i'm "
            "i'd i'll just so like okay ok um uh also then than as at by from have has had was were am not no yes "
            "get got need want know think about".split())


def _content(text: str) -> set[str]:
    words = re.findall(r"[a-z0-9^]+", text.lower())
    return {w[:-1] if w.endswith("s") and len(w) > 3 else w for w in words if w not in _STOP and len(w) > 1}


def find_clarification(text: str, problem: Problem, topics: tuple[str, ...] | None = None) -> list[Clarification]:
    """The authored answers to a question: those of its topics, or the closest in wording; [] when
    none is the answer to it (the candidate's call, then)."""
    n = normalize(text)
    found = topics if topics is not None else tuple(topics_in(n.text))
    words = _content(n.text)
    scored: list[tuple[float, int, Clarification]] = []
    for i, c in enumerate(problem.clarifications):
        overlap = max((len(words & _content(ask)) / max(1, len(_content(ask))) for ask in c.ask), default=0.0)
        shared = max((len(words & _content(ask)) for ask in c.ask), default=0)
        score = overlap + (1.0 if c.topic in found else 0.0)
        if c.topic in found or (shared >= 2 and overlap >= 0.5):
            scored.append((score, -i, c))
    if not scored:
        return []
    scored.sort(key=lambda s: (s[0], s[1]), reverse=True)
    best = scored[0]
    out = [best[2]]
    # a question about two things ("can it be empty or have duplicates?") gets both answers
    for score, _, c in scored[1:]:
        if c.topic != best[2].topic and c.topic in found and score >= 1.0 and len(out) < 2 \
                and all(o.topic != c.topic for o in out):
            out.append(c)
    return out


GENERIC_ANSWERS = {
    "library": "Yes, use the standard library as you normally would; just tell me what it costs, for example "
               "that a sort is n log n.",
    "complexity_target": "Start with whatever you can get working and tell me its complexity; if there is a "
                         "better one, we'll talk about improving it.",
    "language": "Use the language you're coding in here; I care more about the reasoning than the syntax.",
}


def generic_answer(topics: tuple[str, ...]) -> str | None:
    for topic in topics:
        if topic in GENERIC_TOPICS:
            return GENERIC_ANSWERS[topic]
    return None
