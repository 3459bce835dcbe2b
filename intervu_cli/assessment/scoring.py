"""Scoring the five pillars from the evidence of a replayed session (timeline.py), and the report
put together (report.py). The same events always give the same report (an LLM, when there is one,
may only write the narrative and move a pillar by one point with a stated reason: see
`narrative.py`).

How a pillar is scored: it starts from a base, and each piece of evidence adds or takes points;
the sum is clamped to 1-10. Every piece of evidence is kept with its points, so a score can always
be explained, and every missed one carries a concrete drill.
"""

from __future__ import annotations

import re
from typing import Any

from intervu_cli.assessment.complexity import estimate_time
from intervu_cli.assessment.report import (
    DRILLS,
    PILLAR_NAMES,
    PILLARS,
    SIGNALS,
    WEIGHTS,
    Evidence,
    Pillar,
    Report,
    _settle_signal,
    apply_adjustments,
    drill_for,
    mmss,
    signal_for,
    template_narrative,
    weakest_pillar,
    weighted_score,
)
from intervu_cli.assessment.timeline import _substantive, _Timeline, replay
from intervu_cli.core.events import HINT_LEVELS, Event
from intervu_cli.core.vocab import Act, Phase
from intervu_cli.engine import intent
from intervu_cli.engine.state import SessionState
from intervu_cli.problems import Problem

__all__ = ["DRILLS", "PILLAR_NAMES", "PILLARS", "SIGNALS", "WEIGHTS", "Evidence", "Pillar", "Report",
           "apply_adjustments", "drill_for", "mmss", "score", "signal_for", "template_narrative", "weakest_pillar",
           "weighted_score", "replay"]


_SHORT_NAMES_OK = {"i", "j", "k", "n", "m", "x", "y", "a", "b", "l", "r", "c", "s", "t", "_", "lo", "hi"}


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
    vague = sorted(n for n in names if len(n) == 1 and n not in _SHORT_NAMES_OK
                   or n in ("temp", "tmp", "foo", "bar", "data2", "arr2", "x1", "x2"))
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
        ev.append(Evidence("style_capped", "Clarity and length count for at most 2 points while tests fail.",
                           -cut, None))
    return _pillar("coding", 0, ev)


def _problem_solving(problem: Problem, state: SessionState, tl: _Timeline) -> Pillar:
    ev: list[Evidence] = []
    asked = [s for s in tl.said
             if intent.QUESTION in s.intents and s.phase in (Phase.INTRO, Phase.CLARIFY, Phase.APPROACH)
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
        ev.append(Evidence("traced",
                           f"You traced an example through your code aloud: \u201c{_clip(traced[0].text)}\u201d",
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
