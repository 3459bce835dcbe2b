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

from dataclasses import dataclass

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
from intervu_cli.core.events import HINT_LEVELS, CandidateSaid, ComplexityMeasured, Event, InterviewEnded, TurnLatency
from intervu_cli.core.growth import BAND_FORMS, BAND_WORDS, BANDS, Sample, Verdict, band_of_form, fit
from intervu_cli.core.vocab import Act, Phase, RunTrigger
from intervu_cli.engine import intent
from intervu_cli.engine import understand as und
from intervu_cli.engine.state import Said, SessionState
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


# --- what the session holds, read once for every pillar ----------------------------------------------


def _at(t: float | None) -> str:
    return f"at {mmss(t)}" if t is not None else ""


def _quoted(said: Said, limit: int = 90) -> str:
    """“the candidate's words” (at 3:12)"""
    return f"\u201c{_clip(said.text, limit)}\u201d ({_at(said.t)})"


def _ev(id_: str, text: str, points: float, met: bool | None, said: Said | None = None) -> Evidence:
    return Evidence(id_, text, points, met, quote=said.text if said else "", at=said.t if said else None)


@dataclass
class _Facts:
    """The session as the report reads it: from the ledger the live interviewer kept, the runs, the
    hints and the measurement."""

    first_code_t: float | None
    final_run: Any
    all_pass: bool
    measured: Verdict | None
    sample: Sample | None
    static: Any
    spoken: bool
    answer_demanded: Said | None
    reveal_t: float | None
    ended_reason: str = ""


def _first_code_t(state: SessionState, problem: Problem) -> float | None:
    starters = {spec.starter.strip() for spec in problem.languages.values()}
    return next((t for t, code in state.snapshots if code.strip() and code.strip() not in starters), None)


def _clean_questions(state: SessionState) -> list[Said]:
    """Clarifying questions: a demand for the answer, a hint request, small talk or an attempt to
    steer the interviewer is not one."""
    bad = {und.MANIPULATION, und.ASK_ANSWER, und.ASK_HINT, und.OFF_TOPIC, und.ABOUT_ROLE}
    return [q for q in state.ledger.questions if not (q.reading.kinds & bad)]


def _measurement(events: list[Event], state: SessionState) -> tuple[Verdict | None, Sample | None]:
    """The growth measured at the end, if it is of the final code."""
    last_edit = state.snapshots[-1][0] if state.snapshots else 0.0
    found = next((e for e in reversed(events) if isinstance(e, ComplexityMeasured)), None)
    if found is None or found.t < last_edit or found.language != state.language:
        return None, None
    sample = Sample.from_dict(found.sample)
    if sample is None:
        return None, None
    return fit(sample), sample


def _expected_band(problem: Problem, language: str) -> str | None:
    return band_of_form(problem.scale.time_for(language) if problem.scale else problem.complexity_time)


def _truth(problem: Problem, state: SessionState, facts: _Facts) -> tuple[str | None, str | None]:
    """What the final code costs: (band, exact form if known). Measured when it could be; the code's
    reading names the form inside the measured band (timing cannot tell n from n log n)."""
    static_form = facts.static.time if facts.static is not None else None
    one_size = intent.rank(_inner(problem.complexity_time)) is not None and (
        problem.scale is None or _same_form(_inner(problem.scale.time), _inner(problem.complexity_time)))
    if facts.measured is not None and facts.measured.band is not None:
        band = facts.measured.band
        # the code's reading names the form inside the band, where n means one size throughout
        form = static_form if static_form and one_size and band_of_form(static_form) == band else None
        return band, form
    if static_form:
        return band_of_form(static_form), static_form
    return None, None


def _algorithms(problem: Problem, state: SessionState, tl: _Timeline, facts: _Facts, info: dict[str, Any]) -> Pillar:
    ev: list[Evidence] = []
    expected = _inner(problem.complexity_time)
    expected_band = _expected_band(problem, state.language)
    target_form = _inner(problem.scale.time) if problem.scale else expected
    reached: bool | None = None
    band, form = _truth(problem, state, facts)
    info["truth"] = (band, form)
    n_means = f" (n = {facts.sample.n_means})" if facts.sample and facts.sample.n_means else ""
    if facts.first_code_t is None:
        ev.append(Evidence("complexity_reached", "No code was written, so no complexity was reached.", 0, None))
    elif not facts.all_pass:
        ev.append(Evidence("complexity_reached", "Your final code does not pass every test, so its complexity "
                           "earns no credit.", 0, None))
    elif band is None:
        why = facts.measured.why if facts.measured is not None else (
            facts.static.reasons[0] if facts.static is not None and facts.static.reasons else "")
        ev.append(Evidence("complexity_reached", f"Your code's growth could not be told{f' ({why})' if why else ''}; "
                           f"{problem.complexity_time} was expected.", 2, None))
    else:
        named = f"O({form})" if form else BAND_FORMS[band]
        if facts.measured is not None and facts.measured.band is not None:
            how = (f"Timed on inputs of growing size{n_means}, {facts.measured.figures}: it "
                   f"{BAND_WORDS[band]}")
            if form and facts.static is not None and facts.static.reasons:
                how += f", {named} ({facts.static.reasons[0]})"
        else:
            how = f"Read from the code (not measured): {named}" + (
                f" ({facts.static.reasons[0]})" if facts.static is not None and facts.static.reasons else "")
        order = list(BANDS)
        if expected_band is None:
            reached = form is not None and _same_form(form, expected)
        elif order.index(band) < order.index(expected_band):
            reached = True
        elif band == expected_band:
            slower = form is not None and intent.rank(form) is not None and intent.rank(target_form) is not None \
                and intent.rank(form) > intent.rank(target_form)
            reached = not slower
        else:
            reached = False
        if reached:
            ev.append(Evidence("complexity_reached", f"{how}: the expected {problem.complexity_time}.", 4, True))
        elif band == expected_band:
            ev.append(Evidence("complexity_reached", f"{how}: close, but {problem.complexity_time} was expected.", 2,
                               False))
        else:
            ev.append(Evidence("complexity_reached", f"{how}; {problem.complexity_time} was expected.", 0, False))
    info["reached"] = reached
    claims = [c for c in state.ledger.claims if c.reading.time]
    before_wrap = [c for c in claims if not _in_wrap_up(c, tl)]
    claim = before_wrap[-1] if before_wrap else (claims[0] if claims else None)
    info["claim"] = claim
    truth_form = form
    if claim is None:
        ev.append(Evidence("complexity_stated", "You never stated the time complexity.", 0, False))
    else:
        # the claim as its own words give it, conclusion first ("k log k each, so n times k log k overall")
        stated = intent.parse_complexities(claim.text).get("time") or claim.reading.time
        right = _claim_right(stated, band, truth_form, expected, reached, facts)
        then = _code_when_said(state, problem, claim, facts)
        if right and then is not None:
            # said of earlier code, which cost something else, and never said again of the final code
            right = False
            info["claim_of_other_code"] = then
        info["claim_right"] = right
        if right and not facts.all_pass and facts.first_code_t is not None:
            ev.append(_ev("complexity_stated", f"You stated O({stated}) time, {_quoted(claim)}: it matches your code "
                          "as written, but that code does not solve the problem yet.", 1, None, claim))
        elif right:
            ev.append(_ev("complexity_stated", f"You stated O({stated}) time, which is right: {_quoted(claim)}.", 3,
                          True, claim))
            space = claim.reading.space or next((c.reading.space for c in reversed(state.ledger.claims)
                                                 if c.reading.space), "")
            if space and reached and _space_right(space, problem, state):
                ev.append(Evidence("space_stated", f"You stated O({space}) extra space, also right.", 1, True))
        elif then is not None:
            ev.append(_ev("complexity_stated", f"You stated O({stated}) time, {_quoted(claim)}, when your code then "
                          f"ran in O({then}); you did not say what the final code costs.", 0, False, claim))
        else:
            truth = f"O({truth_form})" if truth_form else (BAND_FORMS.get(band or "", "") or problem.complexity_time)
            ev.append(_ev("complexity_stated", f"You stated O({stated}) time, {_quoted(claim)}, but your code runs "
                          f"in {truth}.", 0, False, claim))
        if not right:
            challenge = _challenge_index(state)
            if challenge is not None and _turn_index(state, claim) > challenge[0]:
                ev.append(_ev("complexity_held", f"When I questioned it ({_at(challenge[1])}), you kept the wrong "
                              f"complexity.", -2, False, claim))
                info["held_wrong"] = True
    # How the algorithm came: from a brute force improved on, from a push, from a hint.
    approaches = _approaches(state)
    optimal = next((a for a in approaches if a.reading.quality == und.OPTIMAL), None)
    first = next((a for a in approaches if tl.said_before_code(a.t, a.text)), None)
    push_t = next((t.t for t in state.conversation if t.role == "interviewer" and t.act == Act.PUSH_OPTIMAL
                   and not t.cut_off), None)
    if not reached:
        optimal = None  # an approach called optimal that the final code does not bear out is not claimed
    if first is not None and optimal is not None and first is not optimal and first.reading.quality != und.OPTIMAL:
        if push_t is not None and first.t <= push_t <= optimal.t:
            ev.append(_ev("first_idea_optimal", f"You began with a slower approach, {_quoted(first, 60)}, and found "
                          f"the better one after I asked for it, {_quoted(optimal, 60)}.", -1, False, first))
        else:
            ev.append(_ev("first_idea_optimal", f"You started from a simpler approach and improved it yourself: "
                          f"{_quoted(optimal, 70)}.", 1, True, optimal))
    hints = state.hints
    first_hint_t = hints[0].t if hints else None
    own = optimal is not None and (first_hint_t is None or optimal.t < first_hint_t)
    if facts.reveal_t is not None and not own:
        if reached:
            ev.append(Evidence("algorithm_own", f"The algorithm came from the reveal ({_at(facts.reveal_t)}), not "
                               "from you.", -3, False))
        else:
            ev.append(Evidence("algorithm_own", f"You needed the reveal ({_at(facts.reveal_t)}), and your final code "
                               "still does not reach its approach.", -3, False))
    elif facts.answer_demanded is not None and not own:
        ev.append(_ev("algorithm_own", f"You asked for the answer instead of working toward it: "
                      f"{_quoted(facts.answer_demanded)}.", -2, False, facts.answer_demanded))
    elif state.hint_level >= 2 and not own:
        ev.append(Evidence("algorithm_own", f"The hint ({_at(next(h.t for h in hints if h.level != 'nudge'))}) named "
                           "the key idea for you.", -1, False))
    elif optimal is not None and own:
        ev.append(_ev("algorithm_own", f"The algorithm was yours, stated before any hint: {_quoted(optimal, 70)}.",
                      0, True, optimal))
    pillar = _pillar("algorithms", 2, ev)
    if (facts.reveal_t is not None or facts.answer_demanded is not None) and not own and pillar.score > 3:
        pillar = _capped(pillar, 3, "A reveal asked for or received holds algorithms at 3.")
    return pillar


_HEDGED = re.compile(r"\b(maybe|perhaps|or maybe|not sure|i guess|no idea)\b", re.I)


def _approaches(state: SessionState) -> list[Said]:
    """The approaches the candidate committed to (whatever else the turn was: a plan often comes with
    its cost or a trace), not a list of hedged options, nor a demand for the answer."""
    out = []
    for a in state.ledger.approaches:
        r = a.reading
        if not r.quality or r.quality == und.VAGUE:
            continue
        if r.kinds & {und.MANIPULATION, und.ASK_ANSWER, und.ASK_HINT}:
            continue
        if len(_HEDGED.findall(a.text)) >= 2:
            continue
        out.append(a)
    return out


_EXAMPLE = re.compile(r"\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|zero|example|input|trace|walk|step|"
                      r"push|pop|index|first|second|then)\b", re.I)
_NO_EDGES = re.compile(r"\b(don'?t|do not|doesn'?t|can'?t|cannot|no|not any|aren'?t|are not|never)\b[^.]{0,40}"
                       r"\b(edge|corner|special) cases?\b|"
                       r"\b(edge|corner) cases?\b[^.]{0,20}\b(don'?t|do not|aren'?t|no)\b", re.I)


def _real_trace(said: Said) -> bool:
    """A walk through the code with values: numbers, an example, steps (not a remark about it)."""
    return len(_EXAMPLE.findall(said.text)) >= 3


def _in_wrap_up(said: Said, tl: _Timeline) -> bool:
    return any(s.t == said.t and s.text == said.text and s.phase == Phase.WRAP_UP for s in tl.said)


def _challenge_index(state: SessionState) -> tuple[int, float] | None:
    """Where in the conversation the interviewer first questioned a complexity claim, and when."""
    return next(((i, t.t) for i, t in enumerate(state.conversation) if t.role == "interviewer"
                 and t.act == Act.QUESTION_COMPLEXITY and not t.cut_off), None)


def _turn_index(state: SessionState, said: Said) -> int:
    return next((i for i, t in enumerate(state.conversation) if t.role == "candidate" and t.t == said.t
                 and t.text == said.text), -1)


def _code_when_said(state: SessionState, problem: Problem, claim: Said, facts: _Facts) -> str | None:
    """The cost of the code as it was when a claim was made, if that code was another version that
    cost something else than the final code (a claim of O(n) made of a plain recursion, memoized
    later). None when the claim was about the final code, or nothing can be told."""
    starters = {spec.starter.strip() for spec in problem.languages.values()}
    then = next((code for t, code in reversed(state.snapshots) if t <= claim.t), None)
    if then is None or not then.strip() or then.strip() in starters or then == state.code:
        return None
    if und.APPROACH in claim.reading or _PLANNED.search(claim.text):
        return None  # the cost of a plan ("that would be O(n)"), not of the code on the screen
    earlier = estimate_time(then, state.language).time
    final = facts.static.time if facts.static is not None else None
    if not earlier or not final or band_of_form(f"O({earlier})") == band_of_form(f"O({final})"):
        return None
    if band_of_form(f"O({claim.reading.time})") == band_of_form(f"O({earlier})"):
        return None  # right about the code of the time
    return earlier


_PLANNED = re.compile(r"\b(would|will|could|i'?d|we'?d|going to|gonna|if (i|we)|instead|new (version|approach))\b",
                      re.I)


def _space_right(space: str, problem: Problem, state: SessionState) -> bool:
    """A space claim is checked against the approach the candidate named, when it has a known cost,
    else against the problem's (no measurement of memory is made)."""
    best = state.ledger.approach
    if best is not None and best.space:
        return _same_form(space, best.space)
    return _same_form(space, _inner(problem.complexity_space))


def _claim_right(stated: str, band: str | None, form: str | None, expected: str, reached: bool | None,
                 facts: _Facts) -> bool:
    if reached and _same_form(stated, expected):
        return True  # in the problem's own terms (O(m * n) for a grid), for code that reached it
    if form is not None and _same_form(stated, form):
        return True
    if band is not None:
        stated_band = band_of_form(f"O({stated})")
        if stated_band is not None and stated_band == band:
            # the same band: right, unless the code's reading names another form of one size ("n" for a sort)
            ranks = (intent.rank(stated), intent.rank(form) if form else None)
            return None in ranks or ranks[0] == ranks[1]
        if stated_band is not None:
            return False
    # a problem of several sizes, O(m * n), is stated right in its own terms by code that reached it;
    # with nothing known of the code, right means the expected complexity
    return _same_form(stated, expected) and reached is not False


def _capped(pillar: Pillar, cap: int, why: str) -> Pillar:
    cut = pillar.base - cap
    evidence = [*pillar.evidence, Evidence("capped", why, -cut, None)]
    return Pillar(pillar.name, cap, cap, evidence)


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


def _coding(problem: Problem, state: SessionState, tl: _Timeline, facts: _Facts, info: dict[str, Any]) -> Pillar:
    ev: list[Evidence] = []
    final = facts.final_run
    if facts.first_code_t is None:
        ev.append(Evidence("tests_pass", "No code was written.", 0, None))
        return _pillar("coding", 1, ev)
    if final is None:
        ev.append(Evidence("tests_pass", "Your final code was never run against the tests.", 0, False))
    else:
        hidden_note = "with the hidden ones" if final.hidden else "visible only; the hidden ones never ran"
        if facts.all_pass:
            ev.append(Evidence("tests_pass", f"Your final code passes {final.passed}/{final.total} tests, "
                               f"{hidden_note}.", 6, True))
        elif final.total > 0 and final.passed == final.total:
            ev.append(Evidence("tests_pass", f"Your final code passes {final.passed}/{final.total} tests "
                               f"({hidden_note}).", 4, True))
        else:
            failing = [t.get("name") for t in final.tests if not t.get("passed")][:3]
            names = f" (failing: {', '.join(map(str, failing))})" if failing else ""
            what = final.error or ""
            if final.total == 0:
                ev.append(Evidence("tests_pass", f"Your final code does not run{f': {what}' if what else ''}.", 0,
                                   False))
            else:
                ev.append(Evidence("tests_pass", f"Your final code passes {final.passed}/{final.total} tests, "
                                   f"{hidden_note}{names}.", round(3 * final.passed / max(1, final.total)), False))
    reference = problem.languages[state.language].solution if state.language in problem.languages else ""
    ours, theirs = _code_lines(state.code, state.language), _code_lines(reference, state.language)
    ratio = ours / theirs if theirs else 1.0
    info["length"] = {"lines": ours, "reference_lines": theirs, "ratio": round(ratio, 2)}
    if not facts.all_pass:
        # code that does not work earns nothing for its looks
        ev.append(Evidence("clarity", "Readability and length earn no credit while the code fails tests.", 0, None))
    else:
        issues = _clarity_issues(state.code, state.language)
        if issues:
            ev.append(Evidence("clarity", f"Readability: {'; '.join(issues)}.", max(0, 2 - len(issues)), False))
        else:
            ev.append(Evidence("clarity", "The code reads clearly: descriptive names, shallow nesting.", 2, True))
        if ratio <= 1.5:
            points, met, what = 2, True, "about as long as it needs to be"
        elif ratio <= 2.5:
            points, met, what = 1, None, "somewhat longer than it needs to be"
        else:
            points, met, what = 0, False, "much longer than it needs to be"
        ev.append(Evidence("length", f"{ours} lines against {theirs} in a reference solution: {what}.", points, met))
    pillar = _pillar("coding", 0, ev)
    if facts.reveal_t is not None and facts.reveal_t <= (state.snapshots[-1][0] if state.snapshots else 0.0) \
            and pillar.score > 6:
        pillar = _capped(pillar, 6, f"The code followed the reveal ({_at(facts.reveal_t)}), which described it step "
                                    "by step: coding is held at 6.")
    return pillar


def _problem_solving(problem: Problem, state: SessionState, tl: _Timeline, facts: _Facts) -> Pillar:
    ev: list[Evidence] = []
    led = state.ledger
    asked = [q for q in _clean_questions(state) if tl.said_before_code(q.t, q.text)]
    assumed = [a for a in led.assumptions if tl.said_before_code(a.t, a.text)]
    if len(asked) >= 2:
        ev.append(_ev("clarified", f"You asked {len(asked)} clarifying questions before coding, first "
                      f"{_quoted(asked[0])}.", 2, True, asked[0]))
    elif asked:
        ev.append(_ev("clarified", f"You asked one clarifying question before coding: {_quoted(asked[0])}.", 1, True,
                      asked[0]))
    elif assumed:
        ev.append(_ev("clarified", f"You asked no questions, but stated an assumption: {_quoted(assumed[0])}.", 1,
                      True, assumed[0]))
    elif facts.first_code_t is None and not led.questions:
        ev.append(Evidence("clarified", "You asked no clarifying questions.", 0, False))
    else:
        ev.append(Evidence("clarified", "You asked no clarifying questions before coding.", 0, False))
    stated = _approaches(state)
    first_plan = stated[0] if stated else None
    if first_plan is not None and tl.said_before_code(first_plan.t, first_plan.text):
        ev.append(_ev("approach_first", f"You stated your approach before coding: {_quoted(first_plan)}.", 3, True,
                      first_plan))
    elif first_plan is not None:
        ev.append(_ev("approach_first", f"You started coding ({_at(facts.first_code_t)}) before stating an approach "
                      f"({_quoted(first_plan, 60)}).", 1, False, first_plan))
    else:
        ev.append(Evidence("approach_first", "You never stated an approach.", 0, False))
    level = state.hint_level
    reasons = ", ".join(f"{h.level} {_at(h.t)} ({h.reason.replace('_', ' ')})" for h in state.hints)
    if facts.first_code_t is None:
        ev.append(Evidence("no_hints", "The problem was not solved: no code was written.", 0, None))
    elif level == 0 and facts.all_pass:
        ev.append(Evidence("no_hints", "You solved it without a hint.", 3, True))
    elif level == 0:
        ev.append(Evidence("no_hints", "You took no hints, but the problem is not solved: your code fails tests.", 1,
                           None))
    else:
        points = {1: 2, 2: 1, 3: -1}[level]
        ev.append(Evidence("no_hints", f"You needed hints up to the {HINT_LEVELS[level - 1]}: {reasons}.", points,
                           False))
    ev.extend(_time_management(state, facts))
    return _pillar("problem_solving", 2, ev)


def _time_management(state: SessionState, facts: _Facts) -> list[Evidence]:
    ev = []
    budget = state.minutes * 60
    if facts.first_code_t is not None and budget > 0:
        share = facts.first_code_t / budget
        when = f"{mmss(facts.first_code_t)} into a {state.minutes}-minute interview"
        if share > 0.4:
            ev.append(Evidence("time_to_code", f"Your first line of code came {when}, which left little time to code "
                               "and test.", -1, False))
        else:
            ev.append(Evidence("time_to_code", f"Your first line of code came {when}.", 0, True))
    over = state.now - budget
    if budget > 0 and over > 30:
        ev.append(Evidence("overtime", f"The interview ran {mmss(over)} past its {state.minutes} minutes.", -1, False))
    elif facts.ended_reason == "time_up":
        ev.append(Evidence("overtime", f"Time ran out ({state.minutes} minutes) before you said you were done.", -1,
                           False))
    return ev


def _verification(state: SessionState, tl: _Timeline, facts: _Facts, info: dict[str, Any]) -> Pillar:
    ev: list[Evidence] = []
    if facts.first_code_t is None:
        ev.append(Evidence("ran_tests", "There was no code to verify.", 0, None))
        return _pillar("verification", 1, ev)
    runs = tl.candidate_runs
    own = [r for r in runs if r.trigger == RunTrigger.RUN]
    if own:
        times = {1: "once", 2: "twice"}.get(len(own), f"{len(own)} times")
        submits = len(runs) - len(own)
        also = f", and submitted {({1: 'once', 2: 'twice'}.get(submits, f'{submits} times'))}" if submits else ""
        ev.append(Evidence("ran_tests", f"You ran the tests yourself {times} (first {_at(own[0].t)}){also}.", 2,
                           True))
    elif runs:
        ev.append(Evidence("ran_tests", "You submitted without running the tests yourself first.", 1, False))
    else:
        ev.append(Evidence("ran_tests", "You never ran the tests yourself.", 0, False))
    traced = [s for s in state.ledger.traces if not tl.said_before_code(s.t, s.text) and _real_trace(s)] or [
        Said(s.t, s.text, und.understand(s.text)) for s in tl.said
        if s.code_started and _ANNOUNCED_TRACE.search(s.text) and len(s.text.split()) >= 8]
    if traced:
        ev.append(_ev("traced", f"You traced an example through your code aloud: {_quoted(traced[0])}.", 3, True,
                      traced[0]))
    else:
        ev.append(Evidence("traced", "You never traced an example through your code aloud.", 0, False))
    edges = [s for s in tl.said if (s.code_started or s.phase == Phase.APPROACH) and not _NO_EDGES.search(s.text) and (
        intent.EDGE_CASES in s.intents or (s.code_started and intent.QUESTION not in s.intents
                                           and und.edges_named(s.text)))]
    if edges:
        named = f"\u201c{_clip(edges[0].text)}\u201d ({_at(edges[0].t)})"
        ev.append(Evidence("edge_cases", f"You named edge cases: {named}.",
                           2, True, quote=edges[0].text, at=edges[0].t))
    else:
        ev.append(Evidence("edge_cases", "You named no edge cases.", 0, False))
    fixed = _debugged(tl, state)
    if fixed is not None:
        failed, passed = fixed
        ev.append(Evidence("debugged", f"Your run {_at(failed.t)} failed ({failed.passed}/{failed.total}); you found "
                           f"the bug and fixed it, and the run {_at(passed.t)} passed.", 2, True))
    elif any(r.total and r.passed < r.total for r in runs) and not facts.all_pass:
        ev.append(Evidence("debugged", "A run of yours failed and the bug was never fixed.", 0, False))
    failed_submits = [r for r in runs if r.trigger == RunTrigger.SUBMIT and r.total and r.passed < r.total]
    if failed_submits:
        r = failed_submits[0]
        ev.append(Evidence("submitted_failing", f"Your submission {_at(r.t)} failed {r.total - r.passed} of {r.total} "
                           "tests: the hidden tests found what your own testing had not.", -1, False))
    coding, testing = tl.coding_s, tl.testing_s
    if coding > 0 or testing > 0:
        ratio = testing / coding if coding > 0 else 1.0
        split = f"{mmss(testing)} testing against {mmss(coding)} coding"
        if ratio >= 0.25:
            ev.append(Evidence("testing_time", f"You spent {split}: a healthy share.", 1, True))
        else:
            ev.append(Evidence("testing_time", f"You spent {split}: little testing for the coding.", 0, False))
    if info.get("held_wrong"):
        ev.append(Evidence("complexity_held", "You did not check your complexity claim against your code when "
                           "questioned.", -1, False))
    return _pillar("verification", 1, ev)


# "let me trace ( [ ] ): push paren, ...": a walk through the code announced, whatever it walks through
_ANNOUNCED_TRACE = re.compile(r"\b(let me|let'?s|i'?ll|i will|i'?m going to|going to) (trace|walk through|step "
                              r"through|dry[- ]run|run through)\b|\btrac(e|ing) (it|this|that|through)\b", re.I)


def _debugged(tl: _Timeline, state: SessionState) -> tuple[Any, Any] | None:
    """A failing run of the candidate's, then a code change, then a run that passes: a bug found
    and fixed."""
    runs = tl.all_runs
    for i, bad in enumerate(runs):
        if bad.trigger not in (RunTrigger.RUN, RunTrigger.SUBMIT) or not bad.total or bad.passed == bad.total:
            continue
        for good in runs[i + 1:]:
            edited = any(bad.t < t <= good.t for t, _ in state.snapshots)
            if edited and good.total and good.passed == good.total:
                return bad, good
    return None


_FOLLOWED = re.compile(r"\b(i did what you said|like you said|as you said|i did that|done that)\b", re.I)
_FILLERS = re.compile(r"\b(um+|uh+|erm|er|hmm+|you know)\b")


def _communication(state: SessionState, tl: _Timeline, facts: _Facts) -> Pillar:
    ev: list[Evidence] = []
    last_edit = state.snapshots[-1][0] if state.snapshots else 0.0
    # While coding: between changing the code and running it (and within two minutes of the last
    # edit), which takes in what a candidate says right after typing; a walk through finished code is
    # verification, and said so.
    window = [s for s in tl.said if s.while_coding and s.t <= last_edit + 120 and _substantive(s)
              and len(s.text.split()) >= 6 and intent.DONE not in s.intents
              and not _FOLLOWED.search(s.text)]
    coding = [s for s in window if intent.TRACE not in s.intents]
    walked = [s for s in window if intent.TRACE in s.intents]
    if facts.first_code_t is None:
        ev.append(Evidence("explained", "You wrote no code, so there was no coding to explain.", 0, None))
    elif coding:
        times = {1: "once", 2: "twice"}.get(len(coding), f"{len(coding)} times")
        ev.append(Evidence("explained", f"You explained what you were doing while coding ({times}), e.g. "
                           f"\u201c{_clip(coding[0].text, 70)}\u201d ({_at(coding[0].t)}).", 3, True,
                           quote=coding[0].text, at=coding[0].t))
    elif walked:
        ev.append(Evidence("explained", f"You wrote the code without explaining it as you went; you walked through "
                           f"it only once it was written ({_at(walked[0].t)}).", 1, False))
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
    if facts.spoken:
        ev.extend(_delivery(state, tl, facts, last_edit))
    return _pillar("communication", 2, ev)


def _delivery(state: SessionState, tl: _Timeline, facts: _Facts, last_edit: float) -> list[Evidence]:
    """How it sounded, in a spoken interview: fillers, long silences, talk while coding."""
    ev = []
    words = sum(len(s.text.split()) for s in tl.said)
    fillers = sum(len(_FILLERS.findall(s.text.lower())) for s in tl.said)
    if words >= 30:
        rate = 100 * fillers / words
        if rate > 6:
            ev.append(Evidence("fillers", f"{fillers} fillers (um, uh) in {words} words: {rate:.0f} per 100.", -1,
                               False))
        else:
            ev.append(Evidence("fillers", f"Few fillers: {fillers} in {words} words.", 0, True))
    moments = sorted([s.t for s in tl.said] + [t for t, _ in state.snapshots] + [r.t for r in tl.candidate_runs])
    gaps = [(b - a, a) for a, b in zip(moments, moments[1:])]
    if gaps:
        longest, since = max(gaps)
        if longest >= 120:
            ev.append(Evidence("silence", f"The longest silence was {mmss(longest)}, from {mmss(since)}: say where "
                               "you are before the interviewer has to ask.", -1, False))
    if facts.first_code_t is not None and tl.coding_s >= 60:
        said = sum(len(s.text.split()) for s in tl.said if facts.first_code_t <= s.t <= last_edit)
        per_min = said / (tl.coding_s / 60)
        ev.append(Evidence("talk_while_coding", f"You said {per_min:.0f} words a minute while coding.",
                           0, per_min >= 15))
    return ev


def _clip(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


def score(problem: Problem, events: list[Event]) -> Report:
    """The report of a session (finished or not) from its events."""
    state, tl = replay(problem, events)
    language = state.language
    first_code_t = _first_code_t(state, problem)
    final_run = None
    if tl.all_runs:
        last_code_t = state.snapshots[-1][0] if state.snapshots else 0.0
        final_run = next((r for r in reversed(tl.all_runs) if r.t >= last_code_t), None)
    all_pass = bool(final_run is not None and final_run.hidden and final_run.total > 0
                    and final_run.passed == final_run.total and first_code_t is not None)
    measured, sample = _measurement(events, state)
    demanded = next((Said(e.t, e.text, state.reading(e)) for e in events if isinstance(e, CandidateSaid)
                     and state.reading(e).kinds & {und.ASK_ANSWER}), None)
    ended = next((e for e in reversed(events) if isinstance(e, InterviewEnded)), None)
    facts = _Facts(
        first_code_t=first_code_t, final_run=final_run, all_pass=all_pass, measured=measured, sample=sample,
        static=estimate_time(state.code, language) if first_code_t is not None else None,
        spoken=any(isinstance(e, TurnLatency) for e in events), answer_demanded=demanded,
        reveal_t=next((h.t for h in state.hints if h.level == "reveal"), None),
        ended_reason=ended.reason if ended is not None else "",
    )
    info: dict[str, Any] = {}
    pillars = {
        "algorithms": _algorithms(problem, state, tl, facts, info),
        "coding": _coding(problem, state, tl, facts, info),
        "problem_solving": _problem_solving(problem, state, tl, facts),
        "verification": _verification(state, tl, facts, info),
        "communication": _communication(state, tl, facts),
    }
    band, form = info.get("truth", (None, None))
    claim = info.get("claim")
    concerns = _concerns(problem, state, tl, facts, info, pillars)
    strong_ok = state.hint_level <= 1 and not any(r.total and r.passed < r.total for r in tl.candidate_runs)
    report = Report(
        session_id=state.session_id, slug=state.slug or problem.slug, title=problem.title, language=language,
        ended=state.ended, duration_s=round(state.now, 1), pillars=pillars,
        time_coding_s=round(tl.coding_s, 1), time_testing_s=round(tl.testing_s, 1),
        hints=[{"level": h.level, "reason": h.reason, "t": round(h.t, 1)} for h in state.hints],
        tests={
            "all_pass": all_pass,
            "final": None if final_run is None else {
                "passed": final_run.passed, "total": final_run.total, "hidden": final_run.hidden,
                "summary": final_run.summary},
            "candidate_runs": len(tl.candidate_runs),
        },
        complexity={
            "expected_time": problem.complexity_time, "expected_space": problem.complexity_space,
            "code_time": (f"O({form})" if form else BAND_FORMS.get(band or "")) if first_code_t is not None else None,
            "code_reasons": list(facts.static.reasons) if facts.static is not None else [],
            "measured": None if measured is None else {**measured.to_dict(), "n": sample.n_means if sample else ""},
            "stated_time": f"O({claim.reading.time})" if claim is not None else None,
            "stated_space": next((f"O({c.reading.space})" for c in reversed(state.ledger.claims) if c.reading.space),
                                 None),
        },
        talk={"candidate_words": tl.candidate_words, "interviewer_words": tl.interviewer_words,
              "questions_asked": len(tl.answers), "questions_answered": sum(tl.answers), **info.get("length", {})},
        timing={"first_code_s": None if first_code_t is None else round(first_code_t, 1),
                "minutes": state.minutes, "overtime_s": round(max(0.0, state.now - state.minutes * 60), 1)},
        context={"wrote_code": first_code_t is not None, "example": _example(problem),
                 "revealed": facts.reveal_t is not None, "answer_demanded": demanded is not None,
                 "held_wrong_complexity": bool(info.get("held_wrong")), "concerns": concerns,
                 "strong_ok": strong_ok},
    )
    _settle_signal(report)
    report.narrative = template_narrative(report)
    return report


def _concerns(problem: Problem, state: SessionState, tl: _Timeline, facts: _Facts, info: dict[str, Any],
              pillars: dict[str, Pillar]) -> list[str]:
    """What would worry a hiring committee, in plain words: each holds the signal at Lean No Hire,
    and two of them (or code failing a fifth of its tests) make it No Hire."""
    out = []
    final = facts.final_run
    if facts.first_code_t is None:
        out.append("no code was written")
    elif not facts.all_pass:
        if final is not None and final.total and final.passed < final.total:
            out.append(f"your final code fails {final.total - final.passed} of {final.total} tests")
            if final.total - final.passed > 0.2 * final.total:
                out.append("that is a fifth of the tests or more")
        elif final is not None and not final.hidden:
            out.append("your final code never ran against the hidden tests")
        else:
            out.append("your final code does not run")
    if facts.reveal_t is not None:
        out.append("the algorithm came from the reveal")
    elif facts.answer_demanded is not None:
        out.append("you asked for the answer")
    elif any(e.id == "algorithm_own" and e.points <= -1 for e in pillars["algorithms"].evidence):
        out.append("the key idea came from a hint")
    band, _ = info.get("truth", (None, None))
    expected = _expected_band(problem, state.language)
    if facts.all_pass and band and expected and BANDS.index(band) > BANDS.index(expected):
        out.append(f"your code is slower than needed ({BAND_FORMS[band]} where {problem.complexity_time} was "
                   "expected)")
    if info.get("claim_right") is False:
        out.append("you stated a wrong complexity for your code")
        if info.get("held_wrong"):
            out.append("and held on to it when questioned")
    if pillars["verification"].score <= 3 and facts.first_code_t is not None:
        out.append(f"you did little to test your own code (verification {pillars['verification'].score}/10)")
    for e in pillars["problem_solving"].evidence:
        if e.id == "time_to_code" and e.met is False:
            out.append("your first code came late")
        elif e.id == "overtime":
            out.append("you ran out of time")
    return out


def _example(problem: Problem) -> str:
    return problem.examples[0].get("input", "") if problem.examples else ""
