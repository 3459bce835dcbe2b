"""Policy before prose: a deterministic policy owns the interview.

Given the state (with its ledger of what the candidate has shown) and what the candidate just did
(a turn read by `engine.understand`), it decides the interviewer's move: what to say (an act and the
facts it carries), whether the phase changes, whether a hint is given and at which level, whether
the interview ends. The wording (templates or an LLM) comes after and cannot change the decision.

It never asks for what the ledger already holds (a trace, edge cases, a complexity), challenges a
wrong complexity once and corrects it after, and uses the time it has: follow-ups not yet covered,
then "any questions for me?", then the close.

The hint ladder is nudge -> hint -> reveal. It climbs when the candidate asks, when they are stuck
(no progress: no substantive talk, no code change, no new passing test, for the configured time),
or after repeated failing runs. A candidate whose code passes is never hinted unasked. Before the
reveal the interviewer checks in ("what are you thinking?"). Asking for the answer outright climbs
at most one rung and never reaches the reveal; nor does asking for hints within `reveal_min_gap_s`
of the previous one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

from intervu_cli.core.events import (
    HINT_LEVELS,
    CandidateSaid,
    CodeSnapshot,
    Event,
    FinishRequested,
    HintRequested,
    RunRequested,
    Tick,
)
from intervu_cli.core.vocab import Act, EndReason, HintLevel, Phase
from intervu_cli.engine import clarify
from intervu_cli.engine import understand as und
from intervu_cli.engine.state import SessionState
from intervu_cli.problems import Problem


@dataclass(frozen=True)
class PolicyConfig:
    stuck_s: tuple[float, float, float] = (180.0, 150.0, 150.0)  # no progress before nudge, hint, reveal
    failing_runs_for_hint: int = 2
    reveal_min_gap_s: float = 90.0
    time_warning_s: float = 300.0  # warn when this much time is left
    follow_ups: int = 2  # follow-up questions, time permitting
    wrap_up_s: float = 180.0  # with less than this left, no new follow-up
    after_check_in_s: float = 120.0  # no progress this long after "what are you thinking?": the next rung


@dataclass(frozen=True)
class Decision:
    act: Act | None  # None: stay silent
    phase: Phase | None = None  # the phase to move to (after the words)
    hint: tuple[HintLevel, str] | None = None  # (level, reason)
    end: EndReason | None = None
    facts: dict[str, Any] = field(default_factory=dict)


def greet(state: SessionState, problem: Problem) -> Decision:
    return Decision(Act.GREET, phase=Phase.CLARIFY, facts={"title": problem.title, "minutes": state.minutes})


def welcome_back(state: SessionState) -> Decision:
    return Decision(Act.WELCOME_BACK,
                    facts={"phase": state.phase, "minutes_left": max(0, round(state.remaining_s() / 60))})


def decide(state: SessionState, event: Event, problem: Problem, cfg: PolicyConfig = PolicyConfig()) -> Decision | None:
    if state.ended:
        return None
    if isinstance(event, Tick):
        return _on_tick(state, problem, cfg)
    if isinstance(event, HintRequested):
        return _hint(state, problem, cfg, "asked")
    if isinstance(event, RunRequested):
        return _on_run(state, problem, cfg)
    if isinstance(event, FinishRequested):
        return _close(state, problem, EndReason.FINISHED)
    if isinstance(event, CodeSnapshot):
        if state.phase in (Phase.INTRO, Phase.CLARIFY, Phase.APPROACH) and state.code_started:
            if "approach_stated" in state.flags:
                return Decision(None, phase=Phase.CODE)
            return Decision(Act.NOTE_CODING, phase=Phase.CODE)
        return None
    if isinstance(event, CandidateSaid):
        return _on_said(state, event, problem, cfg)
    return None


# --- hints --------------------------------------------------------------------------------------


def _hint(state: SessionState, problem: Problem, cfg: PolicyConfig, reason: str) -> Decision:
    """The next rung of the ladder, when it may be climbed; otherwise a check-in, or the last rung
    held (in other words than before)."""
    level = state.hint_level
    demanded = reason == "asked_for_solution"
    if level >= len(HINT_LEVELS):
        return Decision(Act.REPEAT_REVEAL, facts={"hint_text": problem.hints[HintLevel.REVEAL], "level": "reveal"})
    nxt = HINT_LEVELS[level]
    last_t = state.last_hint_t
    if demanded and level >= 1:
        # asking for the answer climbs one rung at most, and never to the reveal
        if nxt == HintLevel.REVEAL or (last_t is not None and state.now - last_t < cfg.reveal_min_gap_s):
            return _hold(state, demanded=True)
    if nxt == HintLevel.REVEAL:
        checked = any(t >= (last_t or 0.0) for t in state.ledger.checkins)  # asked since the last hint
        if not checked:
            return Decision(Act.CHECK_IN, facts={"level": "reveal"})
        if reason == "asked" and last_t is not None and state.now - last_t < cfg.reveal_min_gap_s:
            return _hold(state, demanded=False)
    act = Act.DECLINE_SOLUTION if demanded else Act.GIVE_HINT
    return Decision(act, hint=(nxt, reason), facts={"hint_text": problem.hints[nxt], "level": nxt})


def _hold(state: SessionState, *, demanded: bool) -> Decision:
    last = HINT_LEVELS[state.hint_level - 1] if state.hint_level else None
    return Decision(Act.HOLD_HINT, facts={"level": last or "", "demanded": demanded})


# --- time ---------------------------------------------------------------------------------------


def _on_tick(state: SessionState, problem: Problem, cfg: PolicyConfig) -> Decision | None:
    if state.remaining_s() <= 0:
        return _close(state, problem, EndReason.TIME_UP)
    if state.remaining_s() <= cfg.time_warning_s and state.acts[Act.TIME_WARNING] == 0 and state.phase != Phase.WRAP_UP:
        return Decision(Act.TIME_WARNING, facts={"minutes_left": max(1, round(state.remaining_s() / 60))})
    if state.phase not in (Phase.CLARIFY, Phase.APPROACH, Phase.CODE, Phase.VERIFY):
        return None
    if state.hint_level >= len(HINT_LEVELS) or _code_works(state):
        return None  # nothing left to give, or nothing needed: passing code is never hinted unasked
    last_checkin = state.ledger.checkins[-1] if state.ledger.checkins else 0.0
    since = max(state.last_progress_t, state.last_hint_t or 0.0, last_checkin,
                state.phase_since if state.phase != Phase.CLARIFY else 0.0)
    checked = bool(state.ledger.checkins) and last_checkin >= max(state.last_progress_t, state.last_hint_t or 0.0)
    wait = min(cfg.stuck_s[state.hint_level], cfg.after_check_in_s) if checked else cfg.stuck_s[state.hint_level]
    if state.now - since >= wait:
        if not checked:
            # first ask where they are: silence is often thinking
            return Decision(Act.CHECK_IN, facts={"level": HINT_LEVELS[state.hint_level]})
        return _hint(state, problem, cfg, "stuck")
    return None


def _code_fails(state: SessionState) -> bool:
    """The code as it stands failed its last run."""
    last = state.last_run
    last_edit = state.snapshots[-1][0] if state.snapshots else 0.0
    return last is not None and not last.all_passed and last.t >= last_edit


def _code_works(state: SessionState) -> bool:
    last = state.last_run
    if last is None or not last.all_passed:
        return False
    last_edit = state.snapshots[-1][0] if state.snapshots else 0.0
    return last.t >= last_edit


# --- runs ---------------------------------------------------------------------------------------


def _on_run(state: SessionState, problem: Problem, cfg: PolicyConfig) -> Decision:
    run = state.last_run
    assert run is not None, "the engine records the run before asking the policy"
    facts = {"summary": run.summary, "passed": run.passed, "total": run.total}
    led = state.ledger
    if run.all_passed:
        if state.phase in (Phase.CLARIFY, Phase.APPROACH, Phase.CODE):
            if not led.edges:
                return Decision(Act.TESTS_PASS_PROBE_EDGES, phase=Phase.VERIFY, facts=facts)
            if not led.claims:
                return Decision(Act.TESTS_PASS_ASK_COMPLEXITY, phase=Phase.COMPLEXITY, facts=facts)
            return Decision(Act.REPORT_RUN, phase=Phase.VERIFY, facts=facts)
        if state.phase == Phase.VERIFY and not led.claims:
            return Decision(Act.TESTS_PASS_ASK_COMPLEXITY, phase=Phase.COMPLEXITY, facts=facts)
        return Decision(Act.REPORT_RUN, facts=facts)
    phase = Phase.CODE if state.phase in (Phase.CLARIFY, Phase.APPROACH) else None
    if state.failing_streak >= cfg.failing_runs_for_hint and state.hint_level < 2:
        level = HINT_LEVELS[state.hint_level]
        return Decision(Act.REPORT_RUN_WITH_HINT, phase=phase, hint=(level, "failing_runs"),
                        facts={**facts, "hint_text": problem.hints[level], "level": level})
    return Decision(Act.REPORT_RUN, phase=phase, facts=facts)


# --- finishing ------------------------------------------------------------------------------------


def _close(state: SessionState, problem: Problem, reason: str) -> Decision:
    hidden = next((r for r in reversed(state.runs) if r.hidden), None)
    facts = {"reason": reason, "hidden_summary": hidden.summary if hidden else ""}
    return Decision(Act.TIME_UP if reason == EndReason.TIME_UP else Act.CLOSE, phase=Phase.WRAP_UP, end=reason,
                    facts=facts)


def _on_done(state: SessionState, problem: Problem, cfg: PolicyConfig) -> Decision:
    """The candidate hands over: whatever is missing first (code, a check, the complexity), then the
    follow-ups and the close."""
    if not state.code_started:
        if not state.ledger.approaches:
            return Decision(Act.ASK_APPROACH, phase=Phase.APPROACH)
        return Decision(Act.NO_CODE_YET, phase=Phase.APPROACH if state.phase == Phase.CLARIFY else None)
    if _code_fails(state) and state.acts[Act.ACK_FIX] < 2:
        return Decision(Act.ACK_FIX, phase=Phase.CODE, facts={"summary": state.last_run.summary})
    if not state.verified and state.acts[Act.PUSH_VERIFY] == 0:
        return Decision(Act.PUSH_VERIFY, phase=Phase.VERIFY)
    if not state.ledger.claims and state.acts[Act.ASK_COMPLEXITY] == 0:
        return Decision(Act.ASK_COMPLEXITY, phase=Phase.COMPLEXITY)
    return _next_in_wrap_up(state, problem, cfg)


_O_IN_TEXT = re.compile(r"O\(([^)]*)\)")


def follow_ups_left(state: SessionState, problem: Problem) -> list[str]:
    """The problem's follow-ups still worth asking: not asked, and not answered already by what the
    candidate did ("can you beat O(n^2)?" is not for someone who has O(n))."""
    led = state.ledger
    best = led.approach
    reached = und.rank(led.claimed_time) if led.claimed_time else None
    if best is not None and best.quality == und.OPTIMAL:
        reached = und.rank(problem.complexity_time)
    out = []
    for text in problem.follow_ups:
        if text in led.follow_ups:
            continue
        forms = [und.rank(m.group(1)) for m in _O_IN_TEXT.finditer(text)]
        if forms and reached is not None and any(f is not None and reached < f for f in forms) and re.search(
                r"\b(beat|better|improve|faster|first idea|naive|brute|drop a factor|instead of)\b", text, re.I):
            continue  # about a slower version they are past
        if best is not None and best.quality == und.OPTIMAL and re.search(r"\b(single|one) pass\b", text, re.I) \
                and set(best.concepts) & {"one_pass", "fast_slow", "two_pointers", "sliding_window", "prefix_sums"}:
            continue  # they already do it in one pass
        space_said = led.claimed_space or (best.space if best is not None and best.quality == und.OPTIMAL else "")
        if space_said and und.rank(space_said) == 0 and re.search(r"\bO\(1\)\s*(extra |additional )?(space|memory)",
                                                                    text, re.I) and not re.search(r"\bsorted\b", text):
            continue  # they already use constant space
        out.append(text)
    slower = best is not None and best.quality in (und.BRUTE, und.SLOWER)
    if slower:  # a slower solution: the "can you do better" follow-up first
        out.sort(key=lambda text: 0 if re.search(r"\b(beat|better|faster|improve)\b", text, re.I) else 1)
    return out


TRADE_OFF = ("What trade-offs does your solution make, for example between time and memory, and when would you "
             "choose differently?")


def _next_in_wrap_up(state: SessionState, problem: Problem, cfg: PolicyConfig, *, ack: bool = False) -> Decision:
    """A follow-up while there is time for one, then "any questions for me?", then the close."""
    led = state.ledger
    before = [c for c in led.claims if state.phase != Phase.WRAP_UP or c.t <= state.phase_since]
    claimed = next((c.reading.time for c in reversed(before) if c.reading.time), "")
    if before and state.acts[Act.CORRECT_COMPLEXITY] == 0 and state.acts[Act.CONFIRM_COMPLEXITY] == 0:
        # a wrong claim left standing is corrected before the interview moves on
        target = _target_time(state, problem)
        if claimed and und.same_cost(claimed, target) is False and led.challenged:
            nxt = _next_in_wrap_up_plain(state, problem, cfg, ack=ack)
            return Decision(Act.CORRECT_COMPLEXITY, phase=nxt.phase or Phase.WRAP_UP, end=nxt.end,
                            facts={"stated": f"O({claimed})", "expected_time": target,
                                   "expected_space": _target_space(state, problem), "then": nxt.act, **nxt.facts})
    return _next_in_wrap_up_plain(state, problem, cfg, ack=ack)


def _next_in_wrap_up_plain(state: SessionState, problem: Problem, cfg: PolicyConfig, *, ack: bool = False) -> Decision:
    led = state.ledger
    asked = len(led.follow_ups)
    room = state.remaining_s() > cfg.wrap_up_s
    if asked < cfg.follow_ups and room:
        left = follow_ups_left(state, problem)
        if not left and TRADE_OFF not in led.follow_ups:
            left = [TRADE_OFF]
        if left:
            return Decision(Act.FOLLOW_UP, phase=Phase.WRAP_UP, facts={"follow_up": left[0], "ack": ack,
                                                                        "first": asked == 0})
    if not led.asked_for_questions and state.remaining_s() > 60:
        return Decision(Act.ASK_FOR_QUESTIONS, phase=Phase.WRAP_UP, facts={"ack": ack})
    return Decision(Act.CLOSE, phase=Phase.WRAP_UP, end=EndReason.FINISHED,
                    facts={"reason": EndReason.FINISHED, "hidden_summary": ""})


# --- complexity -----------------------------------------------------------------------------------


def _target_time(state: SessionState, problem: Problem) -> str:
    """What the candidate's solution costs, as far as the interviewer knows: the approach they stated
    and coded when it is a known one, else the problem's expected complexity."""
    if _code_works(state) and state.code_cost and und.rank(state.code_cost) is not None \
            and und.rank(problem.complexity_time) is not None:
        return f"O({state.code_cost})"
    best = state.ledger.approach
    if best is not None and best.approach and best.time and best.quality in (und.BRUTE, und.SLOWER, und.OPTIMAL):
        return f"O({best.time})"
    return problem.complexity_time


def _target_space(state: SessionState, problem: Problem) -> str:
    best = state.ledger.approach
    if best is not None and best.approach and best.space and best.quality in (und.BRUTE, und.SLOWER, und.OPTIMAL):
        return f"O({best.space})"
    return problem.complexity_space


def _judge(state: SessionState, problem: Problem, r: und.Understanding, cfg: PolicyConfig, *,
           then_code: bool = False) -> Decision:
    """A complexity claim: confirmed, questioned once when wrong, corrected after."""
    target, space = _target_time(state, problem), _target_space(state, problem)
    said_time, said_space = (r.time, r.space) if r.claimed else ("", "")
    stated_time = said_time or (state.ledger.claimed_time if state.phase in (Phase.COMPLEXITY, Phase.WRAP_UP) else "")
    ok = und.same_cost(stated_time, target) if stated_time else None
    space_ok = und.same_cost(said_space, space) if said_space and space else None
    facts = {"stated": f"O({stated_time})" if stated_time else "", "stated_space": f"O({said_space})" if said_space
             else "",
             "expected_time": target, "expected_space": space, "space_ok": space_ok}
    if ok is False or space_ok is False:
        if not state.ledger.challenged:
            return Decision(Act.QUESTION_COMPLEXITY, facts={**facts, "which": "time" if ok is False else "space"})
        if then_code:
            return Decision(Act.CORRECT_COMPLEXITY, phase=Phase.CODE, facts={**facts, "then": "code"})
        nxt = _next_in_wrap_up(state, problem, cfg)
        return Decision(Act.CORRECT_COMPLEXITY, phase=nxt.phase, end=nxt.end,
                        facts={**facts, "then": nxt.act, **nxt.facts})
    if then_code:
        return Decision(Act.GO_CODE, phase=Phase.CODE, facts={**facts, "confirmed": bool(stated_time)})
    if ok and _code_slower(state, problem) and state.acts[Act.PUSH_OPTIMAL] == 0:
        return Decision(Act.PUSH_OPTIMAL, facts={**facts, "time": facts["stated"], "confirmed_code": True})
    nxt = _next_in_wrap_up(state, problem, cfg)
    if ok is None and not stated_time:
        return nxt
    return Decision(Act.CONFIRM_COMPLEXITY, phase=nxt.phase, end=nxt.end, facts={**facts, "then": nxt.act,
                                                                                 **nxt.facts})


# --- what the candidate said --------------------------------------------------------------------


_ASKS_COST = (Act.ASK_APPROACH_COMPLEXITY, Act.ASK_COMPLEXITY, Act.ASK_COMPLEXITY_AGAIN, Act.TESTS_PASS_ASK_COMPLEXITY,
              Act.QUESTION_COMPLEXITY)


def _last_act(state: SessionState) -> str:
    """The act of the interviewer's last utterance ("follow_up" when it asked one, however worded)."""
    last = next((t for t in reversed(state.conversation) if t.role == "interviewer"), None)
    if last is None:
        return ""
    return Act.FOLLOW_UP if last.about.startswith("follow-up: ") else last.act


def _claims(r: und.Understanding) -> bool:
    """The turn states a complexity (not only the known cost of an approach it names)."""
    return r.claimed and bool(r.time or r.space)


def _answer(state: SessionState, problem: Problem, text: str, r: und.Understanding) -> Decision:
    found = clarify.find_clarification(text, problem, r.topics or None)
    if found:
        topics = ",".join(c.topic for c in found)
        said = [t.text for t in state.conversation if t.role == "interviewer"]
        again = all(any(c.answer[:60] in s for s in said) for c in found)
        return Decision(Act.ANSWER_QUESTION, facts={"answer": " ".join(c.answer for c in found), "about": topics,
                                                     "again": again})
    generic = clarify.generic_answer(r.topics)
    if generic:
        return Decision(Act.ANSWER_QUESTION, facts={"answer": generic, "about": r.topics[0], "again": False})
    return Decision(Act.YOUR_CALL, facts={"question": text})


_RESULTS = re.compile(r"\b(did i (pass|do (ok|okay|well|good))|how did i do|am i (hired|through)|will i (pass|get "
                      r"(the|an) offer))\b")


def _on_said(state: SessionState, event: CandidateSaid, problem: Problem, cfg: PolicyConfig) -> Decision | None:
    r = state.reading(event)
    phase = state.phase
    led = state.ledger

    if _RESULTS.search(event.text.lower()):
        return Decision(Act.ANSWER_ROLE, facts={"text": event.text})
    if und.ASK_HINT in r and r.kind in (und.ASK_HINT, und.THINKING) and _code_works(state) \
            and not isinstance(event, HintRequested):
        return Decision(Act.CHECK_IN, facts={"passing": True})
    if und.MANIPULATION in r or (und.ASK_ANSWER in r and _code_works(state)):
        return Decision(Act.DECLINE_MANIPULATION, facts={"phase": phase, "times": led.manipulations})
    if und.ASK_ANSWER in r:
        return _hint(state, problem, cfg, "asked_for_solution")
    if r.claimed and (r.time or r.space) and r.kind == und.QUESTION and _last_act(state) in _ASKS_COST:
        # "probably linear?" to "what's the complexity?" is an answer, however it is said
        r = replace(r, kind=und.COMPLEXITY, also=())
    if und.ASK_HINT in r and r.kind in (und.ASK_HINT, und.THINKING) or r.kind == und.ASK_HINT:
        return _hint(state, problem, cfg, "asked")
    if r.kind == und.ABOUT_ROLE:
        if phase == Phase.WRAP_UP:  # the end of the interview: the time for it
            return Decision(Act.ANSWER_ROLE, facts={"text": event.text})
        return Decision(Act.DEFLECT, facts={"phase": phase, "role": True})
    if r.kind == und.OFF_TOPIC:
        if phase == Phase.WRAP_UP and led.asked_for_questions:
            return Decision(Act.ANSWER_ROLE, facts={"text": event.text, "small_talk": True})
        return Decision(Act.DEFLECT, facts={"phase": phase, "role": False})

    if phase == Phase.WRAP_UP:
        return _in_wrap_up(state, event, problem, cfg, r)
    if r.kind == und.QUESTION:
        return _answer(state, problem, event.text, r)
    if phase in (Phase.INTRO, Phase.CLARIFY, Phase.APPROACH):
        return _before_code(state, problem, cfg, r)
    if phase == Phase.CODE:
        return _while_coding(state, problem, cfg, r)
    if phase == Phase.VERIFY:
        return _verifying(state, problem, cfg, r)
    if phase == Phase.COMPLEXITY:
        again = _recode(state, r)
        if again is not None:
            return again
        if _claims(r):
            return _judge(state, problem, r, cfg)
        if und.DONE in r or r.kind == und.ACK or state.acts[Act.ASK_COMPLEXITY_AGAIN] >= 1:
            return _next_in_wrap_up(state, problem, cfg)
        return Decision(Act.ASK_COMPLEXITY_AGAIN)
    return None


def _before_code(state: SessionState, problem: Problem, cfg: PolicyConfig, r: und.Understanding) -> Decision:
    led = state.ledger
    if r.kind == und.COMPLEXITY and _claims(r) and led.approaches:
        return _judge(state, problem, r, cfg, then_code=True)
    if und.APPROACH in r and (und.QUESTION in r or und.is_question(und.normalize(_text(state)))):
        found = clarify.find_clarification(_text(state), problem, r.topics or None)
        if found and found[0].topic in _PERMISSIONS:
            return _answer(state, problem, _text(state), r)
    if und.APPROACH in r:
        return _on_approach(state, problem, cfg, r)
    if r.kind == und.ASSUMPTION:
        found = clarify.find_clarification(" ".join(r.topics), problem, r.topics) if r.topics else []
        return Decision(Act.ACK_ASSUMPTION, facts={"answer": found[0].answer if found else "",
                                                   "about": found[0].topic if found else ""})
    if _claims(r) and led.approaches:
        return _judge(state, problem, r, cfg, then_code=True)
    if und.DONE in r:
        return _on_done(state, problem, cfg)
    if r.kind == und.TRACE:
        return Decision(Act.ACK_TRACE, facts={"early": True})
    if r.kind == und.EDGE_CASES:
        return Decision(Act.ACK_EDGES, facts={"edges": list(r.edges), "early": True})
    if r.kind == und.COMPLEXITY:
        return Decision(Act.ASK_APPROACH, phase=Phase.APPROACH, facts={"after_complexity": True})
    if r.kind == und.THINKING:
        return Decision(Act.ACK_THINKING, facts={"phase": state.phase})
    # a bare "okay" or "no more questions": on to the approach (asked in other words if asked before)
    return Decision(Act.ASK_APPROACH, phase=Phase.APPROACH)


_PERMISSIONS = ("in_place", "library", "reuse", "language", "valid_input")


def _text(state: SessionState) -> str:
    return next((t.text for t in reversed(state.conversation) if t.role == "candidate"), "")


def _asks_preference(text: str) -> bool:
    """'Would you rather I use a Map or an array?': the choice is the candidate's."""
    return bool(re.search(r"\b(would you rather|do you prefer|would you prefer|which (one )?(is better|would you|"
                          r"do you|"
                          r"should i)|(should|could|can) i use .{1,60}\bor\b|is it better to)\b", text.lower()))


def _on_approach(state: SessionState, problem: Problem, cfg: PolicyConfig, r: und.Understanding) -> Decision:
    facts: dict[str, Any] = {"concepts": list(r.concepts), "approach": r.approach,
                             "time": f"O({r.time})" if r.time else ""}
    q = r.quality
    stuck_on = re.search(r"\b(don'?t|do not|can'?t|cannot) (see|figure out|work out) how|not sure how|i'?m stuck on|"
                         r"that'?s where i'?m stuck", _text(state).lower())
    if q in (und.VAGUE, und.UNKNOWN) and stuck_on:
        return Decision(Act.ACK_THINKING, facts={"phase": state.phase, "stuck_on": True})
    if q == und.VAGUE:
        if state.acts[Act.PROBE_APPROACH] >= 2:
            return Decision(Act.GO_CODE, phase=Phase.CODE, facts={**facts, "vague": True})
        return Decision(Act.PROBE_APPROACH, phase=Phase.APPROACH, facts=facts)
    if q in (und.BRUTE, und.SLOWER):
        if state.acts[Act.PUSH_OPTIMAL] == 0:
            return Decision(Act.PUSH_OPTIMAL, phase=Phase.APPROACH, facts={**facts, "brute": q == und.BRUTE})
        return Decision(Act.GO_CODE, phase=Phase.CODE, facts={**facts, "slower": True})
    if _asks_preference(_text(state)):
        return Decision(Act.YOUR_CALL, facts={"choice": True})
    # optimal, or concrete but not one the problem file knows: its cost decides
    if r.claimed and r.time:
        if q == und.UNKNOWN and und.rank(r.time) is not None and und.rank(problem.complexity_time) is not None \
                and und.rank(r.time) > und.rank(problem.complexity_time):
            if state.acts[Act.PUSH_OPTIMAL] == 0:
                return Decision(Act.PUSH_OPTIMAL, phase=Phase.APPROACH, facts={**facts, "brute": False})
            return Decision(Act.GO_CODE, phase=Phase.CODE, facts={**facts, "slower": True})
        return _judge(state, problem, r, cfg, then_code=True)
    if _last_act(state) != Act.ASK_APPROACH_COMPLEXITY:
        return Decision(Act.ASK_APPROACH_COMPLEXITY, phase=Phase.APPROACH, facts={**facts, "optimal": q == und.OPTIMAL})
    return Decision(Act.GO_CODE, phase=Phase.CODE, facts=facts)


def _while_coding(state: SessionState, problem: Problem, cfg: PolicyConfig, r: und.Understanding) -> Decision:
    again = _recode(state, r)
    if again is not None:
        return again
    if und.DONE in r:
        return _on_done(state, problem, cfg)
    if r.kind == und.COMPLEXITY or (und.COMPLEXITY in r and _claims(r)):
        return _judge_in_passing(state, problem, r)
    if r.kind == und.TRACE:
        return Decision(Act.ACK_TRACE, facts={})
    if r.kind == und.EDGE_CASES:
        return Decision(Act.ACK_EDGES, facts={"edges": list(r.edges)})
    if r.kind == und.ASSUMPTION:
        return Decision(Act.ACK_ASSUMPTION, facts={"answer": "", "about": ""})
    if r.kind == und.APPROACH:
        return Decision(Act.ACK, facts={"concepts": list(r.concepts), "narration": True})
    if r.kind == und.THINKING:
        return Decision(Act.ACK_THINKING, facts={"phase": state.phase})
    return Decision(Act.ACK, facts={})


def _judge_in_passing(state: SessionState, problem: Problem, r: und.Understanding) -> Decision:
    """A complexity said while coding: noted if right, questioned (once) if wrong."""
    target = _target_time(state, problem)
    ok = und.same_cost(r.time, target) if r.time else None
    if ok is False and not state.ledger.challenged:
        return Decision(Act.QUESTION_COMPLEXITY, facts={"stated": f"O({r.time})", "which": "time",
                                                        "expected_time": target})
    return Decision(Act.ACK, facts={"complexity": f"O({r.time})" if r.time and ok else ""})


def _code_slower(state: SessionState, problem: Problem | None) -> bool:
    """The code as it stands is slower than the problem allows (by the estimate)."""
    if not _code_works(state) or not state.code_cost:
        return False
    cost = und.rank(state.code_cost)
    best = state.ledger.approach
    target = und.rank(problem.complexity_time) if problem is not None else (
        und.rank(best.time) if best is not None and best.quality == und.OPTIMAL and best.time else None)
    return cost is not None and target is not None and cost > target


def _recode(state: SessionState, r: und.Understanding) -> Decision | None:
    """After coding, a better approach than the one coded: let them write it."""
    if und.APPROACH not in r or r.quality != und.OPTIMAL or und.QUESTION in r:
        return None
    before = [s.reading.quality for s in state.ledger.approaches[:-1]]
    code_slower = _code_slower(state, None)
    if not code_slower and (any(q == und.OPTIMAL for q in before) or not any(q in (und.BRUTE, und.SLOWER)
                                                                             for q in before)):
        return None
    return Decision(Act.GO_CODE, phase=Phase.CODE, facts={"concepts": list(r.concepts), "recode": True})


def _verifying(state: SessionState, problem: Problem, cfg: PolicyConfig, r: und.Understanding) -> Decision:
    led = state.ledger
    again = _recode(state, r)
    if again is not None:
        return again
    if _claims(r):
        return _judge(state, problem, r, cfg)
    if und.DONE in r and not (und.TRACE in r or und.EDGE_CASES in r):
        if state.verified or state.acts[Act.PUSH_VERIFY]:
            if not led.claims:
                return Decision(Act.ASK_COMPLEXITY, phase=Phase.COMPLEXITY)
            return _next_in_wrap_up(state, problem, cfg)
        return _on_done(state, problem, cfg)
    if und.TRACE in r or und.EDGE_CASES in r:
        last = state.last_run
        if last is not None and not last.all_passed:
            return Decision(Act.ACK_FIX, phase=Phase.CODE)
        if last is None and state.acts[Act.ASK_RUN] == 0:
            return Decision(Act.ASK_RUN, facts={"edges": list(r.edges), "traced": und.TRACE in r})
        if not led.edges:
            return Decision(Act.PUSH_TRACE, facts={"want": "edges", "traced": True})
        if not led.traces and not state.runs:
            return Decision(Act.PUSH_TRACE, facts={"want": "trace"})
        if not led.claims:
            return Decision(Act.ASK_COMPLEXITY, phase=Phase.COMPLEXITY, facts={"ack": True})
        return _next_in_wrap_up(state, problem, cfg, ack=True)
    if r.kind in (und.APPROACH, und.THINKING, und.ASSUMPTION):
        return Decision(Act.ACK_THINKING, facts={"phase": state.phase})
    # what is still missing: a trace, edge cases, the complexity
    if not led.traces and not state.runs:
        return Decision(Act.PUSH_TRACE, facts={"want": "trace"})
    if not led.edges:
        return Decision(Act.PUSH_TRACE, facts={"want": "edges"})
    if not led.claims:
        return Decision(Act.ASK_COMPLEXITY, phase=Phase.COMPLEXITY)
    return _next_in_wrap_up(state, problem, cfg)


def _in_wrap_up(state: SessionState, event: CandidateSaid, problem: Problem, cfg: PolicyConfig,
                r: und.Understanding) -> Decision:
    led = state.ledger
    if led.asked_for_questions:
        if r.kind == und.QUESTION:  # a question at the end is about the job, or about the problem
            return Decision(Act.ANSWER_ROLE, facts={"text": event.text, "problem": True})
        if r.kind == und.THINKING and r.kinds & {und.QUESTION}:
            return Decision(Act.ANSWER_ROLE, facts={"text": event.text})
        return Decision(Act.CLOSE, end=EndReason.FINISHED, facts={"reason": EndReason.FINISHED,
                                                                  "hidden_summary": ""})
    if r.kind == und.QUESTION:
        return _answer(state, problem, event.text, r)
    again = _recode(state, r)
    if again is not None:
        return again
    if r.kind == und.APPROACH and r.quality == und.VAGUE and _last_act(state) != Act.PROBE_APPROACH:
        return Decision(Act.PROBE_APPROACH, facts={"concepts": list(r.concepts)})
    unsure = re.search(r"\b(not sure|no idea|don'?t know|not really sure|can'?t think|i'?m blanking|pass on that)\b",
                       event.text.lower())
    if unsure and r.kind not in (und.APPROACH, und.COMPLEXITY, und.TRACE):
        nxt = _next_in_wrap_up(state, problem, cfg)
        return Decision(nxt.act, phase=nxt.phase, end=nxt.end, facts={**nxt.facts, "unsure": True, "ack": False})
    if _claims(r) and _last_act(state) != Act.FOLLOW_UP:
        if not led.claims or led.challenged and state.acts[Act.CORRECT_COMPLEXITY] == 0:
            return _judge(state, problem, r, cfg)
    if r.kind == und.ACK and not led.follow_ups:
        return _next_in_wrap_up(state, problem, cfg)
    if r.kind in (und.ACK, und.DONE) and len(event.text.split()) <= 6 and led.follow_ups \
            and led.follow_up_answers == 0:
        # "not sure" / "okay" to a follow-up: say it is fine to think aloud, once
        if state.acts[Act.ACK_THINKING] == 0 or r.kind == und.DONE:
            return _next_in_wrap_up(state, problem, cfg)
    return _next_in_wrap_up(state, problem, cfg, ack=True)
