"""Policy before prose: a deterministic policy owns the interview.

Given the state and what the candidate just did, it decides the interviewer's move: what to say
(an act), whether the phase changes, whether a hint is given and at which level, whether the
interview ends. The wording (templates or an LLM) comes after and cannot change the decision.

The hint ladder is nudge -> hint -> reveal. It climbs when the candidate asks, when they are stuck
(no progress for a while), or after repeated failing runs; asking for the answer outright, however
it is phrased, climbs at most one rung, and the reveal never comes sooner than
`reveal_min_gap_s` after the previous hint when it was asked for.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from intervu_cli.core.vocab import Act, EndReason, HintLevel, Phase
from intervu_cli.engine import intent
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
from intervu_cli.engine.state import SessionState
from intervu_cli.problems import Problem


@dataclass(frozen=True)
class PolicyConfig:
    stuck_s: tuple[float, float, float] = (180.0, 150.0, 150.0)  # no progress before nudge, hint, reveal
    failing_runs_for_hint: int = 2
    reveal_min_gap_s: float = 90.0
    time_warning_s: float = 300.0  # warn when this much time is left


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


def _next_hint(state: SessionState, cfg: PolicyConfig, reason: str) -> str | None:
    """The next rung of the ladder, or None when it may not be climbed now."""
    level = state.hint_level
    if level >= len(HINT_LEVELS):
        return None
    nxt = HINT_LEVELS[level]
    if nxt == "reveal" and reason in ("asked", "asked_for_solution"):
        last = state.last_hint_t
        if last is not None and state.now - last < cfg.reveal_min_gap_s:
            return None
    return nxt


def _hint(state: SessionState, problem: Problem, cfg: PolicyConfig, reason: str) -> Decision:
    level = _next_hint(state, cfg, reason)
    if level is None:
        if state.hint_level >= len(HINT_LEVELS):
            return Decision(Act.REPEAT_REVEAL, facts={"hint_text": problem.hints["reveal"]})
        last = HINT_LEVELS[state.hint_level - 1]
        return Decision(Act.HOLD_HINT, facts={"hint_text": problem.hints[last], "level": last})
    act = Act.DECLINE_SOLUTION if reason == "asked_for_solution" else Act.GIVE_HINT
    return Decision(act, hint=(level, reason), facts={"hint_text": problem.hints[level], "level": level})


# --- time ---------------------------------------------------------------------------------------


def _on_tick(state: SessionState, problem: Problem, cfg: PolicyConfig) -> Decision | None:
    if state.remaining_s() <= 0:
        return _close(state, problem, EndReason.TIME_UP)
    if state.remaining_s() <= cfg.time_warning_s and state.acts[Act.TIME_WARNING] == 0 and state.phase != Phase.WRAP_UP:
        return Decision(Act.TIME_WARNING, facts={"minutes_left": max(1, round(state.remaining_s() / 60))})
    if state.phase in (Phase.CLARIFY, Phase.APPROACH, Phase.CODE, Phase.VERIFY) and state.hint_level < len(HINT_LEVELS):
        since = max(state.last_progress_t, state.last_hint_t or 0.0,
                    state.phase_since if state.phase != Phase.CLARIFY else 0.0)
        if state.now - since >= cfg.stuck_s[state.hint_level]:
            return _hint(state, problem, cfg, "stuck")
    return None


# --- runs ---------------------------------------------------------------------------------------


def _on_run(state: SessionState, problem: Problem, cfg: PolicyConfig) -> Decision:
    run = state.last_run
    assert run is not None, "the engine records the run before asking the policy"
    facts = {"summary": run.summary, "passed": run.passed, "total": run.total}
    if run.all_passed:
        if state.phase in (Phase.CLARIFY, Phase.APPROACH, Phase.CODE):
            return Decision(Act.TESTS_PASS_PROBE_EDGES, phase=Phase.VERIFY, facts=facts)
        if state.phase == Phase.VERIFY and "complexity_stated" not in state.flags:
            return Decision(Act.TESTS_PASS_ASK_COMPLEXITY, phase=Phase.COMPLEXITY, facts=facts)
        return Decision(Act.REPORT_RUN, facts=facts)
    phase = Phase.CODE if state.phase in (Phase.CLARIFY, Phase.APPROACH) else None
    if state.failing_streak >= cfg.failing_runs_for_hint:
        level = _next_hint(state, cfg, "failing_runs")
        if level is not None:
            return Decision(
                Act.REPORT_RUN_WITH_HINT,
                phase=phase,
                hint=(level, "failing_runs"),
                facts={**facts, "hint_text": problem.hints[level], "level": level},
            )
    return Decision(Act.REPORT_RUN, phase=phase, facts=facts)


# --- finishing ------------------------------------------------------------------------------------


def _close(state: SessionState, problem: Problem, reason: str) -> Decision:
    hidden = next((r for r in reversed(state.runs) if r.hidden), None)
    facts = {"reason": reason, "hidden_summary": hidden.summary if hidden else ""}
    return Decision(Act.TIME_UP if reason == EndReason.TIME_UP else Act.CLOSE, phase=Phase.WRAP_UP, end=reason,
                    facts=facts)


def _on_done(state: SessionState, problem: Problem) -> Decision:
    if not state.verified and state.acts[Act.PUSH_VERIFY] == 0:
        return Decision(Act.PUSH_VERIFY, phase=Phase.VERIFY)
    if "complexity_stated" not in state.flags and state.acts[Act.ASK_COMPLEXITY] == 0:
        return Decision(Act.ASK_COMPLEXITY, phase=Phase.COMPLEXITY)
    return _follow_up_or_close(state, problem)


def _follow_up_or_close(state: SessionState, problem: Problem) -> Decision:
    asked = state.acts[Act.FOLLOW_UP]
    if asked < 1 and problem.follow_ups:
        return Decision(Act.FOLLOW_UP, phase=Phase.WRAP_UP, facts={"follow_up": problem.follow_ups[0]})
    return Decision(Act.CLOSE, phase=Phase.WRAP_UP, end=EndReason.FINISHED,
                    facts={"reason": EndReason.FINISHED, "hidden_summary": ""})


# --- what the candidate said --------------------------------------------------------------------

_STOP = set(
    "the a an is are do does can could will would should i we it of to in on for and or be there what how if "
    "any input inputs array list value values number numbers this that with may might assume always ever".split()
)


# What a question's words look like in a constraint line ("negative" -> "-10^9 <= nums[i]").
_SYNONYMS = {
    "negative": ("-", "negative"),
    "empty": ("len", "length", "0 <=", "1 <=", "empty"),
    "size": ("len", "length", "10^"),
    "large": ("len", "length", "10^"),
    "long": ("len", "length", "10^"),
    "duplicate": ("distinct", "unique", "duplicate", "same"),
    "repeat": ("distinct", "unique", "duplicate", "same"),
    "sorted": ("sorted", "order", "ascending"),
    "unique": ("exactly one", "unique", "distinct"),
    "answer": ("exactly one", "answer", "solution"),
    "character": ("ascii", "letter", "character", "lowercase", "english"),
    "letter": ("ascii", "letter", "character", "lowercase", "english"),
}


def _answer_from_constraints(question: str, problem: Problem) -> str | None:
    words = {w for w in re.findall(r"[a-z0-9^]+", question.lower()) if w not in _STOP and len(w) > 1}
    stems = {w.rstrip("s") for w in words}
    best, best_score = None, 0
    for line in (*problem.constraints, *(ex.get("explanation", "") for ex in problem.examples)):
        lw = {w.rstrip("s") for w in re.findall(r"[a-z0-9^]+", line.lower())}
        score = len(stems & lw)
        score += sum(1 for stem in stems for key in _SYNONYMS.get(stem, ()) if key in line.lower())
        if score > best_score:
            best, best_score = line, score
    return best


def _on_said(state: SessionState, event: CandidateSaid, problem: Problem, cfg: PolicyConfig) -> Decision | None:
    found = intent.classify(event.text)
    phase = state.phase

    def answer() -> Decision:
        return Decision(Act.ANSWER_QUESTION, facts={"answer": _answer_from_constraints(event.text, problem)})

    if intent.ASK_SOLUTION in found:
        return _hint(state, problem, cfg, "asked_for_solution")
    explicit = re.search(r"\b(hint|clue|stuck)\b", event.text.lower())
    if explicit or (intent.ASK_HINT in found and intent.QUESTION not in found):
        return _hint(state, problem, cfg, "asked")

    if phase in (Phase.INTRO, Phase.CLARIFY):
        if intent.APPROACH in found or intent.COMPLEXITY in found:
            return _on_approach(state, problem)
        if intent.QUESTION in found:
            return answer()
        return Decision(Act.ASK_APPROACH, phase=Phase.APPROACH)

    if phase == Phase.APPROACH:
        if intent.APPROACH in found or intent.COMPLEXITY in found:
            return _on_approach(state, problem)
        if intent.QUESTION in found:
            return answer()
        if state.acts[Act.PROBE_APPROACH] >= 2:
            return Decision(Act.GO_CODE, phase=Phase.CODE)
        return Decision(Act.PROBE_APPROACH)

    if phase == Phase.CODE:
        if intent.DONE in found:
            return _on_done(state, problem)
        if intent.QUESTION in found:
            return answer()
        return Decision(Act.ACK)

    if phase == Phase.VERIFY:
        if intent.TRACE in found or intent.EDGE_CASES in found:
            if not state.runs:
                return Decision(Act.ASK_RUN)
            if state.last_run and state.last_run.all_passed:
                return Decision(Act.ASK_COMPLEXITY, phase=Phase.COMPLEXITY)
            return Decision(Act.ACK_FIX, phase=Phase.CODE)
        if intent.DONE in found:
            return _on_done(state, problem)
        if intent.QUESTION in found:
            return answer()
        return Decision(Act.PUSH_TRACE)

    if phase == Phase.COMPLEXITY:
        stated = intent.parse_complexities(event.text)
        if "time" in stated:
            return _judge_complexity(state, problem, stated)
        if intent.DONE in found:
            return _follow_up_or_close(state, problem)
        return Decision(Act.ASK_COMPLEXITY_AGAIN)

    if phase == Phase.WRAP_UP:
        return Decision(Act.CLOSE, end=EndReason.FINISHED, facts={"reason": EndReason.FINISHED, "hidden_summary": ""})
    return None


def _on_approach(state: SessionState, problem: Problem) -> Decision:
    stated = intent.parse_complexities(" ".join(t.text for t in state.conversation[-1:] if t.role == "candidate"))
    said_rank = intent.rank(stated.get("time"))
    expected_rank = intent.rank(problem.complexity_time.removeprefix("O(").removesuffix(")"))
    if (
        said_rank is not None
        and expected_rank is not None
        and said_rank > expected_rank
        and state.acts[Act.PUSH_OPTIMAL] == 0
    ):
        return Decision(Act.PUSH_OPTIMAL, phase=Phase.APPROACH, facts={"stated": f"O({stated['time']})"})
    return Decision(Act.GO_CODE, phase=Phase.CODE)


def _judge_complexity(state: SessionState, problem: Problem, stated: dict[str, str]) -> Decision:
    expected = problem.complexity_time.removeprefix("O(").removesuffix(")")
    ok = intent.rank(stated["time"]) is not None and intent.rank(stated["time"]) == intent.rank(expected)
    facts = {
        "stated": f"O({stated['time']})",
        "expected_time": problem.complexity_time,
        "expected_space": problem.complexity_space,
        "follow_up": problem.follow_ups[0] if problem.follow_ups else "",
    }
    if ok or state.acts[Act.QUESTION_COMPLEXITY] >= 1 or intent.rank(expected) is None:
        act = Act.CONFIRM_COMPLEXITY if ok else Act.CORRECT_COMPLEXITY
        return Decision(act, phase=Phase.WRAP_UP, facts=facts)
    return Decision(Act.QUESTION_COMPLEXITY, facts=facts)
