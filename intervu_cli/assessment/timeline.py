"""A session replayed for scoring: the state its events build, and what the state does not keep:
what was said when and in which phase, which runs the candidate asked for, whether each of the
interviewer's questions got an answer, and where the time went (coding or testing)."""

from __future__ import annotations

from dataclasses import dataclass, field

from intervu_cli.core.events import (
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
from intervu_cli.core.vocab import Act, Phase, RunTrigger
from intervu_cli.engine import intent
from intervu_cli.engine.state import SessionState
from intervu_cli.problems import Problem

# Interviewer moves that ask the candidate something (answered: the next thing they say is a real answer).
QUESTION_ACTS = {
    Act.ASK_APPROACH, Act.PROBE_APPROACH, Act.PUSH_OPTIMAL, Act.TESTS_PASS_PROBE_EDGES, Act.TESTS_PASS_ASK_COMPLEXITY,
    Act.PUSH_VERIFY, Act.PUSH_TRACE, Act.ASK_COMPLEXITY, Act.ASK_COMPLEXITY_AGAIN, Act.QUESTION_COMPLEXITY,
    Act.CONFIRM_COMPLEXITY, Act.CORRECT_COMPLEXITY, Act.FOLLOW_UP,
}


@dataclass
class _Said:
    t: float
    text: str
    phase: str
    intents: intent.Intents
    code_started: bool
    while_coding: bool = False  # said between writing code and running it (the code changed since the last run)


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
    before_code: set[tuple[float, str]] = field(default_factory=set)  # (t, text) of turns said before any code

    def said_before_code(self, t: float, text: str) -> bool:
        return (t, text) in self.before_code


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
    code_at: int = -1  # where the code last changed, and the last run, in the order of events
    ran_at: int | None = None
    for seq, event in enumerate(events):
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
            edited_since_run = code_at >= 0 and (ran_at is None or code_at > ran_at)
            said = _Said(event.t, event.text, state.phase, intent.of_reading(state.reading(event)), state.code_started,
                         while_coding=state.code_started and edited_since_run)
            if not state.code_started:
                tl.before_code.add((event.t, event.text))
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
        if isinstance(event, CodeSnapshot) and event.code != state.code:
            code_at = seq
        elif isinstance(event, (RunRequested, TestRunResult)):
            ran_at = seq
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
        found = intent.of_reading(state.reading(event))
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
