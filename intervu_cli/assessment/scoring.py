"""Feedback from evidence: five pillars scored 1-10 and a hiring signal, computed from a session's
events alone. The same events always give the same report (an LLM, when there is one, may only
write the narrative and move a pillar by one point with a stated reason: see `narrative.py`).

How a pillar is scored: it starts from a base, and each piece of evidence adds or takes points;
the sum is clamped to 1-10. Every piece of evidence is kept with its points, so a score can always
be explained, and every missed one carries a concrete drill.

The signal (written here and in the README):

    weighted = (algorithms + coding + problem solving + 1.5 x verification + communication) / 5.5

    Strong Hire   weighted >= 8.5 and every pillar >= 7
    Hire          weighted >= 7   and every pillar >= 5
    Lean No Hire  weighted >= 5
    No Hire       below that

    and never above Lean No Hire when the final code fails a test (hidden ones included) or was
    never written, when the reveal was needed, or when verification is 3 or less.

Verification weighs half again as much as the other pillars: testing one's own work (tracing an
example aloud, checking edge cases) is what most separates a Hire from a No Hire.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

from intervu_cli.core.vocab import Act, Phase, RunTrigger
from intervu_cli.engine import intent
from intervu_cli.assessment.complexity import estimate_time
from intervu_cli.core.events import (
    HINT_LEVELS,
    CandidateSaid,
    CodeSnapshot,
    Event,
    FeedbackGiven,
    InterviewerSaid,
    PhaseChanged,
    RunRequested,
    SessionStarted,
    TestRunResult,
)
from intervu_cli.engine.state import SessionState
from intervu_cli.problems import Problem

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
    "ran_tests": "Run the tests yourself before you tell the interviewer you are done.",
    "traced": "Trace your solution with a concrete input before you run it: say each variable's value at every "
              "step.",
    "edge_cases": "Name three edge cases (empty, one element, duplicates or negatives) and check each one "
                  "against your code, out loud.",
    "testing_time": "Stop coding with a third of your time left and spend it testing: trace, edge cases, then "
                    "run.",
    "explained": "Narrate while you type: say what each block will do before you write it.",
    "answered": "Answer each of the interviewer's questions in a full sentence before you move on.",
    "share_of_talk": "Think aloud: aim to do most of the talking, a sentence for every few lines you write.",
}

# Interviewer moves that ask the candidate something (answered: the next thing they say is a real answer).
QUESTION_ACTS = {
    Act.ASK_APPROACH, Act.PROBE_APPROACH, Act.PUSH_OPTIMAL, Act.TESTS_PASS_PROBE_EDGES, Act.TESTS_PASS_ASK_COMPLEXITY,
    Act.PUSH_VERIFY, Act.PUSH_TRACE, Act.ASK_COMPLEXITY, Act.ASK_COMPLEXITY_AGAIN, Act.QUESTION_COMPLEXITY,
    Act.CONFIRM_COMPLEXITY, Act.CORRECT_COMPLEXITY, Act.FOLLOW_UP,
}

_SHORT_NAMES_OK = {"i", "j", "k", "n", "m", "x", "y", "a", "b", "l", "r", "c", "s", "t", "_", "lo", "hi"}


# --- the report -----------------------------------------------------------------------------------


@dataclass
class Evidence:
    id: str
    text: str
    points: float
    met: bool | None  # True: shown; False: missed (its drill applies); None: neither

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
            "weakest": weakest,
            "drill": drill_for(self, weakest),
            "narrative": self.narrative,
            "narrative_source": self.narrative_source,
        }


def weakest_pillar(report: Report) -> str:
    """The lowest score; on a tie, the one weighted most (verification first), then the pillar order."""
    return min(PILLARS, key=lambda p: (report.pillars[p].score, -WEIGHTS[p], PILLARS.index(p)))


def drill_for(report: Report, pillar: str) -> str:
    """What to practise for the pillar: the drill of its costliest miss ("" when nothing was missed)."""
    missed = [e for e in report.pillars[pillar].evidence if e.met is False and e.id in DRILLS]
    if not missed:
        return ""
    return DRILLS[min(missed, key=lambda e: e.points).id]


# --- the signal -----------------------------------------------------------------------------------


def weighted_score(scores: dict[str, int]) -> float:
    return round(sum(scores[p] * WEIGHTS[p] for p in PILLARS) / sum(WEIGHTS.values()), 2)


def signal_for(scores: dict[str, int], *, tests_all_pass: bool, revealed: bool) -> tuple[str, str]:
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
    report.signal, report.signal_why = signal_for(
        scores, tests_all_pass=bool(report.tests.get("all_pass")), revealed=any(h["level"] == "reveal" for h in report.hints)
    )


# --- replaying the session ------------------------------------------------------------------------


@dataclass
class _Said:
    t: float
    text: str
    phase: str
    intents: intent.Intents
    code_started: bool


@dataclass
class _Timeline:
    said: list[_Said] = field(default_factory=list)
    candidate_runs: list[TestRunResult] = field(default_factory=list)
    all_runs: list[TestRunResult] = field(default_factory=list)
    coding_s: float = 0.0
    testing_s: float = 0.0
    interviewer_words: int = 0
    candidate_words: int = 0
    answers: list[bool] = field(default_factory=list)  # one per question the interviewer asked: answered?


def _words(text: str) -> int:
    return len(text.split())


def _substantive(said: _Said) -> bool:
    """A real answer: a few words, not a request for help or a bare "I'm done"."""
    if intent.ASK_HINT in said.intents or intent.ASK_SOLUTION in said.intents:
        return False
    return _words(said.text) >= 4


def replay(problem: Problem, events: list[Event]) -> tuple[SessionState, _Timeline]:
    """Apply the events to a fresh state, noting what scoring needs along the way: when each
    thing was said and in which phase, which runs the candidate asked for, and where the time went
    (coding or testing)."""
    state = SessionState(starters={name: spec.starter for name, spec in problem.languages.items()})
    tl = _Timeline()
    mode: str | None = None  # coding | testing | None (talking about something else)
    prev_t: float | None = None
    pending_question: tuple[str, float] | None = None
    for event in events:
        if isinstance(event, FeedbackGiven):
            continue
        if isinstance(event, SessionStarted) and not event.resumed:
            starter = problem.languages.get(event.language)
            state.starter = state.code = starter.starter if starter else ""
        # The time since the last event goes to what the candidate was doing; the event that ends an
        # interval says what that was (an edit: coding; a run, a trace or edge cases: testing; talk
        # of complexity or the wrap-up: neither), and anything else continues what went before.
        kind = _activity(event, state)
        if kind is not None:
            mode = None if kind == "other" else kind
        # (Nothing counts before the first line of code: running the starter is not testing.)
        if prev_t is not None and mode is not None and not state.ended and (state.code_started or kind == "coding"):
            gap = max(0.0, event.t - prev_t)
            if mode == "coding":
                tl.coding_s += gap
            else:
                tl.testing_s += gap
        if isinstance(event, CandidateSaid):
            said = _Said(event.t, event.text, state.phase, intent.classify(event.text), state.code_started)
            tl.said.append(said)
            tl.candidate_words += _words(event.text)
            if pending_question is not None:
                tl.answers.append(_substantive(said))
                pending_question = None
        elif isinstance(event, InterviewerSaid):
            tl.interviewer_words += _words(event.text)
            if event.act in QUESTION_ACTS and not event.cut_off:
                if pending_question is not None:
                    tl.answers.append(False)
                pending_question = (event.act, event.t)
        elif isinstance(event, TestRunResult):
            tl.all_runs.append(event)
            if event.trigger in (RunTrigger.RUN, RunTrigger.SUBMIT):
                tl.candidate_runs.append(event)
                if pending_question is not None and pending_question[0] in (Act.PUSH_VERIFY, Act.PUSH_TRACE):
                    tl.answers.append(True)  # asked to verify, they ran the tests
                    pending_question = None
        state.apply(event)
        prev_t = event.t
    if pending_question is not None:
        tl.answers.append(False)  # the last question was never answered
    return state, tl


def _activity(event: Event, state: SessionState) -> str | None:
    """What the interval ending with this event was spent on: coding, testing, other, or None
    (no change: the interviewer talking, a phase change)."""
    if isinstance(event, CodeSnapshot):
        starter = state.starters.get(event.language, state.starter)
        if event.code != state.code and event.code.strip() and event.code.strip() != starter.strip():
            return "coding"
        return None
    if isinstance(event, RunRequested):
        return "testing"
    if isinstance(event, CandidateSaid):
        found = intent.classify(event.text)
        if not state.code_started:
            return None
        if intent.TRACE in found or intent.EDGE_CASES in found or intent.asks_to_submit(event.text):
            return "testing"
        if intent.COMPLEXITY in found or state.phase in (Phase.COMPLEXITY, Phase.WRAP_UP):
            return "other"
        return None
    if isinstance(event, PhaseChanged) and event.new in (Phase.COMPLEXITY, Phase.WRAP_UP):
        return "other"
    return None


# --- the pillars ----------------------------------------------------------------------------------


def _clamp(points: float) -> int:
    return int(max(1, min(10, round(points))))


def _pillar(name: str, base: float, evidence: list[Evidence]) -> Pillar:
    score = _clamp(base + sum(e.points for e in evidence))
    return Pillar(name, score, score, evidence)


def _big_o(form: str | None) -> str:
    return f"O({form})" if form else "?"


def _inner(big_o: str) -> str:
    return big_o.strip().removeprefix("O(").removesuffix(")")


def _same_form(a: str | None, b: str | None) -> bool:
    """The same complexity: the same rank, or, for forms of several sizes that have no rank
    (O(m * n), O(V + E)), the same terms in any order."""
    if not a or not b:
        return False
    ra, rb = intent.rank(a), intent.rank(b)
    if ra is not None or rb is not None:
        return ra == rb
    return sorted(intent.normalize_big_o(a).split()) == sorted(intent.normalize_big_o(b).split())


def stated_complexity(tl: _Timeline) -> dict[str, str]:
    """What the candidate last said their solution costs. Not what they said in the wrap-up: the
    follow-ups there are about other versions of the problem ("if it were sorted...")."""
    stated: dict[str, str] = {}
    for said in tl.said:
        if said.phase != Phase.WRAP_UP:
            stated.update(intent.parse_complexities(said.text))
    return stated


def _algorithms(problem: Problem, state: SessionState, info: dict[str, Any]) -> Pillar:
    ev: list[Evidence] = []
    expected = _inner(problem.complexity_time)
    expected_rank = intent.rank(expected)
    est = info["estimate"]
    reached: bool | None = None
    if not state.code_started:
        ev.append(Evidence("complexity_reached", "No code was written, so no complexity was reached.", 0, False))
    elif est.time is None:
        why = f" ({est.reasons[0]})" if est.reasons else ""
        ev.append(Evidence("complexity_reached", f"Could not tell your code's complexity from it{why}; "
                           f"{problem.complexity_time} was expected.", 2, None))
    else:
        target = info["target_rank"]
        reached = intent.rank(est.time) is not None and target is not None and intent.rank(est.time) <= target
        how = f" ({est.reasons[0]})" if est.reasons else ""
        if reached:
            ev.append(Evidence("complexity_reached", f"Your code runs in {_big_o(est.time)}{how}: the expected "
                               f"{problem.complexity_time}.", 4, True))
        else:
            ev.append(Evidence("complexity_reached", f"Your code runs in {_big_o(est.time)}{how}; "
                               f"{problem.complexity_time} was expected.", 0, False))
    info["reached"] = reached
    said = info["stated"]
    stated = said.get("time")
    # Right means right for the code as written (an O(n^2) solution honestly called O(n^2) is stated
    # correctly); when the code's cost cannot be told, right means the expected complexity.
    truth = est.time if (est.time is not None and state.code_started) else expected
    if stated is None:
        ev.append(Evidence("complexity_stated", "You never stated the time complexity.", 0, False))
    elif _same_form(stated, truth) or (reached and expected_rank is None and _same_form(stated, expected)):
        # (a problem of several sizes, O(m * n), is stated right in its own terms by code that reached it)
        ev.append(Evidence("complexity_stated", f"You stated {_big_o(stated)} time, which is right.", 3, True))
        space = said.get("space")
        if space and reached and _same_form(space, _inner(problem.complexity_space)):
            ev.append(Evidence("space_stated", f"You stated {_big_o(space)} extra space, also right.", 1, True))
    else:
        ev.append(Evidence("complexity_stated", f"You stated {_big_o(stated)} time, but your code runs in "
                           f"{_big_o(truth)}.", 0, False))
    if state.acts[Act.PUSH_OPTIMAL] and expected_rank is not None:
        ev.append(Evidence("first_idea_optimal", "Your first approach was slower than needed; I had to ask for a "
                           "better one.", -1, False))
    if state.hint_level >= 3:
        ev.append(Evidence("algorithm_own", "The algorithm came from the reveal, not from you.", -2, False))
    elif state.hint_level == 2:
        ev.append(Evidence("algorithm_own", "The hint named the key idea for you.", -1, False))
    return _pillar("algorithms", 2, ev)


def _code_lines(code: str, language: str) -> int:
    comment = "#" if language == "python" else "//"
    return sum(1 for line in code.splitlines() if line.strip() and not line.strip().startswith(comment))


def _clarity_issues(code: str, language: str) -> list[str]:
    issues: list[str] = []
    lines = [line for line in code.splitlines() if line.strip()]
    width = 4 if language == "python" else 2
    deepest = max((len(line) - len(line.lstrip(" ")) for line in lines), default=0) // width
    if deepest > 4:  # the function's body is one level in already
        issues.append(f"nesting {deepest} levels deep")
    if any(len(line) > 100 for line in lines):
        issues.append("lines over 100 characters")
    names = _assigned_names(code, language)
    vague = sorted(n for n in names if len(n) == 1 and n not in _SHORT_NAMES_OK or n in ("temp", "tmp", "foo", "bar", "data2", "arr2", "x1", "x2"))
    if len(vague) >= 2:
        issues.append(f"vague names ({', '.join(vague[:4])})")
    return issues


def _assigned_names(code: str, language: str) -> set[str]:
    if language == "python":
        import ast

        try:
            tree = ast.parse(code)
        except SyntaxError:
            return set()
        return {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
    return set(re.findall(r"\b(?:let|const|var)\s+([A-Za-z_$][\w$]*)", code))


def _coding(problem: Problem, state: SessionState, tl: _Timeline, info: dict[str, Any]) -> Pillar:
    ev: list[Evidence] = []
    final = info["final_run"]
    all_pass = False
    if not state.code_started:
        ev.append(Evidence("tests_pass", "No code was written.", 0, False))
        return _pillar("coding", 1, ev)
    if final is None:
        ev.append(Evidence("tests_pass", "Your final code was never run against the tests.", 0, False))
    else:
        hidden_note = "with the hidden ones" if final.hidden else "visible only; the hidden ones never ran"
        all_pass = final.total > 0 and final.passed == final.total
        if all_pass and final.hidden:
            ev.append(Evidence("tests_pass", f"Your final code passes {final.passed}/{final.total} tests, "
                               f"{hidden_note}.", 6, True))
        elif all_pass:
            ev.append(Evidence("tests_pass", f"Your final code passes {final.passed}/{final.total} tests "
                               f"({hidden_note}).", 4, True))
        else:
            failing = [t.get("name") for t in final.tests if not t.get("passed")][:3]
            names = f" (failing: {', '.join(map(str, failing))})" if failing else ""
            ev.append(Evidence("tests_pass", f"Your final code passes {final.passed}/{final.total} tests, "
                               f"{hidden_note}{names}.", round(3 * final.passed / max(1, final.total)), False))
    info["all_pass"] = all_pass and final is not None and final.hidden
    issues = _clarity_issues(state.code, state.language)
    extra = 0.0
    if issues:
        extra += max(0, 2 - len(issues))
        ev.append(Evidence("clarity", f"Readability: {'; '.join(issues)}.", max(0, 2 - len(issues)), False))
    else:
        extra += 2
        ev.append(Evidence("clarity", "The code reads clearly: descriptive names, shallow nesting.", 2, True))
    reference = problem.languages[state.language].solution if state.language in problem.languages else ""
    ours, theirs = _code_lines(state.code, state.language), _code_lines(reference, state.language)
    ratio = ours / theirs if theirs else 1.0
    info["length"] = {"lines": ours, "reference_lines": theirs, "ratio": round(ratio, 2)}
    if ratio <= 1.5:
        points, met, what = 2, True, "about as long as it needs to be"
    elif ratio <= 2.5:
        points, met, what = 1, None, "somewhat longer than it needs to be"
    else:
        points, met, what = 0, False, "much longer than it needs to be"
    extra += points
    ev.append(Evidence("length", f"{ours} lines against {theirs} in a reference solution: {what}.", points, met))
    if not info["all_pass"] and extra > 2:  # code that does not work earns little for its looks
        cut = extra - 2
        ev.append(Evidence("style_capped", "Clarity and length count for at most 2 points while tests fail.", -cut, None))
    return _pillar("coding", 0, ev)


def _problem_solving(problem: Problem, state: SessionState, tl: _Timeline) -> Pillar:
    ev: list[Evidence] = []
    asked = [s for s in tl.said if intent.QUESTION in s.intents and s.phase in (Phase.INTRO, Phase.CLARIFY, Phase.APPROACH)
             and not s.code_started and intent.ASK_HINT not in s.intents and intent.ASK_SOLUTION not in s.intents]
    if len(asked) >= 2:
        ev.append(Evidence("clarified", f"You asked {len(asked)} clarifying questions before coding.", 2, True))
    elif asked:
        ev.append(Evidence("clarified", "You asked one clarifying question before coding.", 1, True))
    else:
        ev.append(Evidence("clarified", "You asked no clarifying questions.", 0, False))
    if "approach_stated" in state.flags and "coded_before_approach" not in state.flags:
        ev.append(Evidence("approach_first", "You stated your approach before coding.", 3, True))
    elif "coded_before_approach" in state.flags:
        ev.append(Evidence("approach_first", "You started coding before stating an approach.", 0, False))
    else:
        ev.append(Evidence("approach_first", "You never stated an approach.", 0, False))
    level = state.hint_level
    reasons = ", ".join(f"{h.level} ({h.reason.replace('_', ' ')})" for h in state.hints)
    if level == 0:
        ev.append(Evidence("no_hints", "You needed no hints.", 3, True))
    else:
        points = {1: 2, 2: 1, 3: -1}[level]
        ev.append(Evidence("no_hints", f"You needed hints up to the {HINT_LEVELS[level - 1]}: {reasons}.", points,
                           False))
    return _pillar("problem_solving", 2, ev)


def _verification(state: SessionState, tl: _Timeline) -> Pillar:
    ev: list[Evidence] = []
    if not state.code_started:
        ev.append(Evidence("ran_tests", "There was no code to verify.", 0, False))
        return _pillar("verification", 1, ev)
    runs = tl.candidate_runs
    if runs:
        times = {1: "once", 2: "twice"}.get(len(runs), f"{len(runs)} times")
        ev.append(Evidence("ran_tests", f"You ran the tests {times}.", 2, True))
    else:
        ev.append(Evidence("ran_tests", "You never ran the tests yourself.", 0, False))
    traced = [s for s in tl.said if s.code_started and intent.TRACE in s.intents]
    if traced:
        ev.append(Evidence("traced", f"You traced an example through your code aloud: \u201c{_clip(traced[0].text)}\u201d",
                           3, True))
    else:
        ev.append(Evidence("traced", "You never traced an example through your code aloud.", 0, False))
    edges = [s for s in tl.said if intent.EDGE_CASES in s.intents and (s.code_started or s.phase in (Phase.APPROACH,))]
    if edges:
        ev.append(Evidence("edge_cases", f"You named edge cases: \u201c{_clip(edges[0].text)}\u201d", 2, True))
    else:
        ev.append(Evidence("edge_cases", "You named no edge cases.", 0, False))
    coding, testing = tl.coding_s, tl.testing_s
    if coding <= 0 and testing <= 0:
        ev.append(Evidence("testing_time", "No time was measured coding or testing.", 0, None))
    else:
        ratio = testing / coding if coding > 0 else 1.0
        split = f"{mmss(testing)} testing against {mmss(coding)} coding"
        if ratio >= 0.25:
            ev.append(Evidence("testing_time", f"You spent {split}: a healthy share.", 2, True))
        elif ratio >= 0.1:
            ev.append(Evidence("testing_time", f"You spent {split}: little testing for the coding.", 1, False))
        else:
            ev.append(Evidence("testing_time", f"You spent {split}: almost no testing.", 0, False))
    return _pillar("verification", 1, ev)


def _communication(state: SessionState, tl: _Timeline) -> Pillar:
    ev: list[Evidence] = []
    # While coding: from the first line of code to the last edit; a trace or edge cases named once
    # the code is written are verification, not explanation.
    last_edit = state.snapshots[-1][0] if state.snapshots else 0.0
    coding = [s for s in tl.said if s.code_started and s.t <= last_edit and _substantive(s)
              and intent.DONE not in s.intents]
    if not state.code_started:
        ev.append(Evidence("explained", "You wrote no code, so there was no coding to explain.", 0, False))
    elif coding:
        times = {1: "once", 2: "twice"}.get(len(coding), f"{len(coding)} times")
        ev.append(Evidence("explained", f"You explained what you were doing while coding ({times}).", 3, True))
    else:
        ev.append(Evidence("explained", "You coded in silence: nothing explained while coding.", 0, False))
    asked, answered = len(tl.answers), sum(tl.answers)
    if asked:
        share = answered / asked
        ev.append(Evidence("answered", f"You answered {answered} of my {asked} questions.", round(3 * share),
                           True if share >= 0.75 else False))
    else:
        ev.append(Evidence("answered", "I asked you no questions to answer.", 2, None))
    total = tl.candidate_words + tl.interviewer_words
    share = tl.candidate_words / total if total else 0.0
    pct = f"{round(share * 100)}%"
    if 0.35 <= share <= 0.85:
        ev.append(Evidence("share_of_talk", f"You did {pct} of the talking.", 2, True))
    elif 0.2 <= share < 0.35 or share > 0.85:
        ev.append(Evidence("share_of_talk", f"You did {pct} of the talking.", 1, False))
    else:
        ev.append(Evidence("share_of_talk", f"You did only {pct} of the talking.", 0, False))
    return _pillar("communication", 2, ev)


def _clip(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


def mmss(seconds: float) -> str:
    s = int(round(seconds or 0))
    return f"{s // 60}:{s % 60:02d}"


# --- putting it together --------------------------------------------------------------------------


def score(problem: Problem, events: list[Event]) -> Report:
    """The report of a session (finished or not) from its events."""
    state, tl = replay(problem, events)
    language = state.language
    spec = problem.languages.get(language)
    est = estimate_time(state.code, language) if state.code_started else estimate_time("", language)
    ref = estimate_time(spec.solution, language) if spec else None
    expected_rank = intent.rank(_inner(problem.complexity_time))
    ranks = [r for r in (expected_rank, intent.rank(ref.time) if ref and ref.time else None) if r is not None]
    final_run = None
    if tl.all_runs:
        last_code_t = state.snapshots[-1][0] if state.snapshots else 0.0
        final_run = next((r for r in reversed(tl.all_runs) if r.t >= last_code_t), None)
    info: dict[str, Any] = {"estimate": est, "target_rank": max(ranks) if ranks else None, "final_run": final_run,
                            "stated": stated_complexity(tl)}
    pillars = {
        "algorithms": _algorithms(problem, state, info),
        "coding": _coding(problem, state, tl, info),
        "problem_solving": _problem_solving(problem, state, tl),
        "verification": _verification(state, tl),
        "communication": _communication(state, tl),
    }
    report = Report(
        session_id=state.session_id, slug=state.slug or problem.slug, title=problem.title, language=language,
        ended=state.ended, duration_s=round(state.now, 1), pillars=pillars,
        time_coding_s=round(tl.coding_s, 1), time_testing_s=round(tl.testing_s, 1),
        hints=[{"level": h.level, "reason": h.reason, "t": round(h.t, 1)} for h in state.hints],
        tests={
            "all_pass": bool(info.get("all_pass")),
            "final": None if final_run is None else {
                "passed": final_run.passed, "total": final_run.total, "hidden": final_run.hidden,
                "summary": final_run.summary},
            "candidate_runs": len(tl.candidate_runs),
        },
        complexity={
            "expected_time": problem.complexity_time, "expected_space": problem.complexity_space,
            "code_time": _big_o(est.time) if state.code_started and est.time else None,
            "code_reasons": list(est.reasons) if state.code_started else [],
            "stated_time": _big_o(info["stated"]["time"]) if "time" in info["stated"] else None,
            "stated_space": _big_o(info["stated"]["space"]) if "space" in info["stated"] else None,
        },
        talk={"candidate_words": tl.candidate_words, "interviewer_words": tl.interviewer_words,
              "questions_asked": len(tl.answers), "questions_answered": sum(tl.answers), **info.get("length", {})},
    )
    _settle_signal(report)
    report.narrative = template_narrative(report)
    return report


def template_narrative(report: Report) -> str:
    """The narrative without an LLM: the strongest and the weakest pillar (the drill is shown
    beside it)."""
    ps = report.pillars
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
