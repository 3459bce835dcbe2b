"""The feedback report: five pillars scored 1-10 with their evidence, and a hiring signal, by a
written rule. (The pillars are scored in scoring.py, from the session replayed in timeline.py.)

A report is computed from a session's events alone. The same events always give the same report (an LLM,
when there is one, may only write the narrative and move a pillar by one point with a stated reason: see
`narrative.py`).

How a pillar is scored: it starts from a base, and each piece of evidence adds or takes points;
the sum is clamped to 1-10. Every piece of evidence is kept with its points, so a score can always
be explained, and every missed one carries a concrete drill.

The signal (written here and in the README):

    weighted = (algorithms + coding + problem solving + 1.5 x verification + communication) / 5.5

    Strong Hire   weighted >= 8.5 and every pillar >= 7, no hint beyond a nudge, no failing run
    Hire          weighted >= 7   and every pillar >= 5
    Lean No Hire  weighted >= 5
    No Hire       below that

    and never above Lean No Hire when the final code fails a test (hidden ones included) or was
    never written, when the reveal was needed, when verification is 3 or less, or when the report
    names a concern (scoring.py `_concerns`: the answer asked for, the key idea from a hint, code
    slower than expected, a wrong complexity claim, a late start, time running out); two concerns
    (or code failing a fifth of its tests) make it No Hire. The signal is said in plain words
    (`plain_why`); the figures behind it are kept as `signal_rule`.

Verification weighs half again as much as the other pillars: testing one's own work (tracing an
example aloud, checking edge cases) is what most separates a Hire from a No Hire.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

PILLARS = ("algorithms", "coding", "problem_solving", "verification", "communication")


PILLAR_NAMES = {
    "algorithms": "Algorithms",
    "coding": "Coding",
    "problem_solving": "Problem solving",
    "verification": "Verification",
    "communication": "Communication",
}


SIGNALS = ("No Hire", "Lean No Hire", "Hire", "Strong Hire")


WEIGHTS = {"algorithms": 1.0, "coding": 1.0, "problem_solving": 1.0, "verification": 1.5, "communication": 1.0}


# What to practise when a piece of evidence was missed (by evidence id).
DRILLS = {
    "complexity_reached": "Before you code, say the brute force and its cost, then ask which repeated work a hash "
                          "map, a sort or two pointers would remove; code only once you have beaten it.",
    "complexity_stated": "For every solution, say its time and space complexity aloud and name the loop or the "
                         "structure each term comes from.",
    "first_idea_optimal": "Before you propose an approach, spend a minute on what the fastest possible answer "
                          "could be (you must read the input once: is O(n) reachable?).",
    "algorithm_own": "Solve two problems of this pattern without any hint, then come back to this one.",
    "tests_pass": "Before you say you are done, run the tests and fix every failure; then submit to run the "
                  "hidden ones.",
    "clarity": "Name variables for what they hold (index_of, not d) and keep nesting to two levels; re-read your "
               "code once before you run it.",
    "length": "Write the solution in as few lines as the idea needs, then re-read it and cut what repeats.",
    "clarified": "Ask two clarifying questions before anything else: the input's size and range, and what to "
                 "return in the edge cases.",
    "approach_first": "Say your approach and its complexity in two sentences before you type a line of code.",
    "no_hints": "When you are stuck, say out loud what you know and work a small example by hand before you ask "
                "for a hint.",
    "ran_tests": "Run the visible tests yourself, read any failure, then submit: never let the hidden tests be the "
                 "first run.",
    "traced": "Before you run anything, trace {example} through your code aloud: say each variable's value at "
              "every step, and where the answer comes from.",
    "no_code": "Get to code sooner: ask your questions and state a plan in the first ten minutes, then write the "
               "simplest version that works and improve it from there.",
    "complexity_held": "When your complexity claim is questioned, count the loops and the work inside each one again "
                       "before you answer, then say which term dominates.",
    "debugged": "When a test fails, read its input and expected value, find the first line where your trace differs, "
                "fix that, and run again.",
    "time_to_code": "Time-box the discussion: questions and approach in about ten minutes, then code.",
    "overtime": "Keep an eye on the clock: leave the last five minutes for testing and the complexity, and say where "
                "you are when time is short.",
    "fillers": "Record yourself explaining a solution for two minutes; replace each um with a pause.",
    "silence": "When you are thinking, say what you are checking; when you are typing, say what the next block does.",
    "talk_while_coding": "Narrate while you type: one sentence for every few lines, saying what the block is for.",
    "edge_cases": "Name three edge cases (empty, one element, duplicates or negatives) and check each one "
                  "against your code, out loud.",
    "testing_time": "Stop coding with a third of your time left and spend it testing: trace, edge cases, then "
                    "run.",
    "explained": "Narrate while you type: say what each block will do before you write it.",
    "answered": "Answer each of the interviewer's questions in a full sentence before you move on.",
    "share_of_talk": "Think aloud: aim to do most of the talking, a sentence for every few lines you write.",
}


# --- the report -----------------------------------------------------------------------------------


@dataclass
class Evidence:
    id: str
    text: str
    points: float
    met: bool | None  # True: shown; False: missed (its drill applies); None: neither
    quote: str = ""  # the candidate's words it rests on, as said
    at: float | None = None  # when they were said (session seconds)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Pillar:
    name: str
    base: int  # the score from the evidence alone
    score: int  # after the narrative's adjustment (if any)
    evidence: list[Evidence]
    adjustment: dict[str, Any] | None = None  # {"delta": +1|-1, "reason": "..."}

    def to_dict(self) -> dict[str, Any]:
        return {
            "score": self.score,
            "base_score": self.base,
            "evidence": [e.to_dict() for e in self.evidence],
            "adjustment": self.adjustment,
        }


@dataclass
class Report:
    session_id: str
    slug: str
    title: str
    language: str
    ended: bool
    duration_s: float
    pillars: dict[str, Pillar]
    signal: str = ""
    signal_why: str = ""
    weighted: float = 0.0
    time_coding_s: float = 0.0
    time_testing_s: float = 0.0
    hints: list[dict[str, Any]] = field(default_factory=list)
    tests: dict[str, Any] = field(default_factory=dict)
    complexity: dict[str, Any] = field(default_factory=dict)
    talk: dict[str, Any] = field(default_factory=dict)
    timing: dict[str, Any] = field(default_factory=dict)  # first_code_s, minutes, overtime_s
    context: dict[str, Any] = field(default_factory=dict)  # what the drills are chosen from
    signal_rule: str = ""  # the rule's figures behind the signal ("weighted 7.9 >= 7 ...")
    narrative: str = ""
    narrative_source: str = "template"  # template | llm

    def to_dict(self) -> dict[str, Any]:
        weakest = weakest_pillar(self)
        return {
            "session_id": self.session_id,
            "slug": self.slug,
            "title": self.title,
            "language": self.language,
            "ended": self.ended,
            "duration_s": self.duration_s,
            "signal": self.signal,
            "signal_why": self.signal_why,
            "weighted": self.weighted,
            "pillars": {name: p.to_dict() for name, p in self.pillars.items()},
            "time_coding_s": self.time_coding_s,
            "time_testing_s": self.time_testing_s,
            "hints": self.hints,
            "tests": self.tests,
            "complexity": self.complexity,
            "talk": self.talk,
            "timing": self.timing,
            "signal_rule": self.signal_rule,
            "weakest": weakest,
            "drill": drill_for(self, weakest),
            "narrative": self.narrative,
            "narrative_source": self.narrative_source,
        }


def weakest_pillar(report: Report) -> str:
    """The lowest score; on a tie, the one weighted most (verification first), then the pillar order."""
    return min(PILLARS, key=lambda p: (report.pillars[p].score, -WEIGHTS[p], PILLARS.index(p)))


def drill_for(report: Report, pillar: str) -> str:
    """What to practise for the pillar: the drill of its costliest miss, in this session's terms
    ("" when nothing was missed)."""
    context = report.context or {}
    if context and not context.get("wrote_code", True):
        return DRILLS["no_code"]
    missed = [e for e in report.pillars[pillar].evidence if e.met is False and e.id in DRILLS]
    if not missed:
        return ""
    drill = DRILLS[min(missed, key=lambda e: e.points).id]
    example = context.get("example")
    if example and "{example}" in drill:
        return drill.replace("{example}", f"the first example ({example})")
    return drill.replace("{example}", "a small example")


# --- the signal -----------------------------------------------------------------------------------


def weighted_score(scores: dict[str, int]) -> float:
    return round(sum(scores[p] * WEIGHTS[p] for p in PILLARS) / sum(WEIGHTS.values()), 2)


def signal_for(scores: dict[str, int], *, tests_all_pass: bool, revealed: bool, concerns: tuple[str, ...] = (),
               strong_ok: bool = True) -> tuple[str, str]:
    """The hiring signal and why, by the rule in this module's docstring."""
    w = weighted_score(scores)
    low = min(scores.values())
    if w >= 8.5 and low >= 7:
        level, why = 3, f"weighted {w:.1f} >= 8.5 and every pillar >= 7"
    elif w >= 7 and low >= 5:
        level, why = 2, f"weighted {w:.1f} >= 7 and every pillar >= 5"
    elif w >= 5:
        level = 1
        why = f"weighted {w:.1f} >= 5" + (f", but {_lowest(scores)} is {low} (< 5)" if w >= 7 else " (< 7)")
    else:
        level, why = 0, f"weighted {w:.1f} < 5"
    caps = []
    if not tests_all_pass:
        caps.append("the final code does not pass every test")
    if revealed:
        caps.append("the reveal was needed")
    if scores["verification"] <= 3:
        caps.append(f"verification is {scores['verification']} (<= 3)")
    if caps and level > 1:
        level, why = 1, f"{why}, but held at Lean No Hire: {'; '.join(caps)}"
    if concerns and level > 1:
        level, why = 1, f"{why}, but held at Lean No Hire: {'; '.join(concerns)}"
    if len(concerns) >= 2 and level > 0:
        level, why = 0, f"{why}; No Hire: {'; '.join(concerns)}"
    if level == 3 and not strong_ok:
        level, why = 2, f"{why}, but held at Hire: a hint beyond a nudge, or a failing run of the candidate's"
    return SIGNALS[level], why


def _lowest(scores: dict[str, int]) -> str:
    return PILLAR_NAMES[min(PILLARS, key=lambda p: scores[p])].lower()


def apply_adjustments(report: Report, adjustments: list[dict[str, Any]]) -> None:
    """Move pillars by the narrative's adjustments (one point at most each, with a reason) and
    recompute the signal."""
    for adj in adjustments:
        pillar = report.pillars.get(adj.get("pillar", ""))
        reason = str(adj.get("reason", "")).strip()
        try:
            delta = int(adj.get("delta", 0))
        except (TypeError, ValueError):
            continue
        if pillar is None or not reason or delta == 0 or pillar.adjustment is not None:
            continue
        delta = max(-1, min(1, delta))
        new = max(1, min(10, pillar.base + delta))
        if new != pillar.base:
            pillar.score = new
            pillar.adjustment = {"delta": new - pillar.base, "reason": reason}
    _settle_signal(report)


def _settle_signal(report: Report) -> None:
    scores = {name: p.score for name, p in report.pillars.items()}
    report.weighted = weighted_score(scores)
    context = report.context or {}
    report.signal, report.signal_rule = signal_for(
        scores, tests_all_pass=bool(report.tests.get("all_pass")),
        revealed=any(h["level"] == "reveal" for h in report.hints),
        concerns=tuple(context.get("concerns", ())), strong_ok=bool(context.get("strong_ok", True)),
    )
    report.signal_why = plain_why(report)


def _met(report: Report, pillar: str, evidence_id: str) -> bool | None:
    return next((e.met for e in report.pillars[pillar].evidence if e.id == evidence_id), None)


def plain_why(report: Report) -> str:
    """The signal in plain words: what decided it, and the weakest pillar."""
    ps = report.pillars
    worst = weakest_pillar(report)
    weakest = f"your weakest pillar is {PILLAR_NAMES[worst].lower()} ({ps[worst].score}/10)"
    context = report.context or {}
    if report.signal in ("Hire", "Strong Hire"):
        tested = _met(report, "verification", "ran_tests") or _met(report, "verification", "traced")
        did = "you solved it"
        if _met(report, "algorithms", "complexity_reached"):
            did += f" in the expected {report.complexity.get('expected_time', '')}".rstrip()
        shown = []
        if ps["verification"].score >= 7 and tested:
            shown.append("tested your own code")
        if ps["communication"].score >= 7:
            shown.append("explained as you went")
        if shown:
            did += ", " + " and ".join(shown)
        if report.signal == "Strong Hire":
            return f"{report.signal}: {did}; every pillar is 7 or more."
        return f"{report.signal}: {did}; {weakest}."
    concerns = tuple(context.get("concerns", ()))
    reasons = [c for c in concerns if not c.startswith(("that is a fifth", "and held"))]
    held = "and held on to it when questioned" in concerns
    many = "that is a fifth of the tests or more" in concerns
    reasons = [f"{r}, and held on to it when questioned" if held and r.startswith("you stated a wrong") else
               f"{r}, too many to call it solved" if many and r.startswith("your final code fails") else r
               for r in reasons]
    if not context.get("concerns"):  # a report from before concerns were kept
        if not report.tests.get("all_pass"):
            reasons.append("your final code does not pass every test")
        if any(h["level"] == "reveal" for h in report.hints):
            reasons.append("the algorithm came from the reveal")
        if ps["verification"].score <= 3:
            reasons.append(f"you did little to test your own code (verification {ps['verification'].score}/10)")
    if not reasons:
        low = [p for p in PILLARS if ps[p].score < 5]
        if low:
            reasons.append(" and ".join(f"{PILLAR_NAMES[p].lower()} is {ps[p].score}/10" for p in low[:2]))
        else:
            reasons.append(f"the pillars average {report.weighted:.1f} of 10, short of the 7 a Hire needs")
    text = "; ".join(reasons[:3])
    if PILLAR_NAMES[worst].lower() not in text and context.get("wrote_code", True):
        text += f"; {weakest}"
    return f"{report.signal}: {text}."


def mmss(seconds: float) -> str:
    s = int(round(seconds or 0))
    return f"{s // 60}:{s % 60:02d}"


def template_narrative(report: Report) -> str:
    """The narrative without an LLM: the strongest and the weakest pillar (the drill is shown
    beside it)."""
    ps = report.pillars
    if report.context and not report.context.get("wrote_code", True):
        return ("The interview ended before any code was written, so there is little here to score: the work to "
                "practise is getting from the question to working code.")
    best = max(PILLARS, key=lambda p: (ps[p].score, WEIGHTS[p]))
    worst = weakest_pillar(report)
    shown = max((e for e in ps[best].evidence if e.met), key=lambda e: e.points, default=None)
    missed = min((e for e in ps[worst].evidence if e.met is False), key=lambda e: e.points, default=None)
    parts = []
    if ps[worst].score >= 9:
        parts.append("Every pillar scored 9 or 10: this is how the interview should go.")
    else:
        parts.append(f"Your strongest pillar was {PILLAR_NAMES[best].lower()} ({ps[best].score}/10)"
                     + (f": {_lower_first(shown.text)}" if shown else "."))
        parts.append(f"The one to work on is {PILLAR_NAMES[worst].lower()} ({ps[worst].score}/10)"
                     + (f": {_lower_first(missed.text)}" if missed else "."))
    return " ".join(p if p.endswith((".", "\u201d", "?")) else p + "." for p in parts)


def _lower_first(text: str) -> str:
    """"Your code runs..." -> "your code runs..." (but "O(n)..." stays)."""
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text
