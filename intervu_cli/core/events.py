"""The one event vocabulary of intervu.

Every adapter (text REPL, script, TUI, voice) speaks these frozen dataclasses, and the session
store records them. Each event carries `t`: seconds of session time (the injected clock) when it
happened, so a stored session replays into the same state and `--json` output can be correlated.

Candidate events go into the engine; interviewer events come out of it.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, ClassVar

from intervu_cli.core.vocab import HintLevel, Phase

PHASES = tuple(Phase)
HINT_LEVELS = tuple(HintLevel)


@dataclass(frozen=True)
class Event:
    type: ClassVar[str] = "event"
    ephemeral: ClassVar[bool] = False  # streaming deltas and ticks are not history: never stored
    t: float

    def to_dict(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        return {"type": self.type, **data}


# --- candidate events (into the engine) -------------------------------------------------------


@dataclass(frozen=True)
class CandidateSaid(Event):
    """A finished candidate utterance: a typed line, a script line or a final transcript."""

    type: ClassVar[str] = "candidate_said"
    text: str = ""
    # What the turn is (engine.understand.Understanding.to_dict), filled in by the engine as it takes
    # the turn, so a replay reads it the same way; empty from a front end (and in older sessions).
    understood: dict = field(default_factory=dict)


@dataclass(frozen=True)
class CodeSnapshot(Event):
    """The candidate's code buffer as it is now."""

    type: ClassVar[str] = "code_snapshot"
    code: str = ""
    language: str = "python"


@dataclass(frozen=True)
class RunRequested(Event):
    type: ClassVar[str] = "run_requested"
    hidden: bool = False


@dataclass(frozen=True)
class HintRequested(Event):
    type: ClassVar[str] = "hint_requested"


@dataclass(frozen=True)
class FinishRequested(Event):
    type: ClassVar[str] = "finish_requested"


@dataclass(frozen=True)
class Tick(Event):
    """Time passes (the engine checks the clock: stuck candidate, time warnings)."""

    type: ClassVar[str] = "tick"
    ephemeral: ClassVar[bool] = True


# --- interviewer / engine events (out of the engine) ------------------------------------------


@dataclass(frozen=True)
class SessionStarted(Event):
    type: ClassVar[str] = "session_started"
    session_id: str = ""
    slug: str = ""
    title: str = ""
    language: str = "python"
    model: str = "none"
    minutes: int = 45
    resumed: bool = False


@dataclass(frozen=True)
class PhaseChanged(Event):
    type: ClassVar[str] = "phase"
    old: str = ""
    new: str = ""
    reason: str = ""


@dataclass(frozen=True)
class InterviewerDelta(Event):
    """A piece of the interviewer's words as it streams in (not stored; InterviewerSaid is)."""

    type: ClassVar[str] = "interviewer_delta"
    ephemeral: ClassVar[bool] = True
    gen: int = 0
    text: str = ""


@dataclass(frozen=True)
class InterviewerSaid(Event):
    """A whole interviewer utterance. `act` is the policy decision it words."""

    type: ClassVar[str] = "interviewer_said"
    gen: int = 0
    text: str = ""
    act: str = ""
    source: str = "template"  # template | llm
    cut_off: bool = False
    about: str = ""  # what it refers to, for the ledger: the follow-up asked, the question's topic answered


@dataclass(frozen=True)
class HintGiven(Event):
    type: ClassVar[str] = "hint"
    level: str = "nudge"  # nudge | hint | reveal
    reason: str = ""  # asked | stuck | failing_runs | asked_for_solution


@dataclass(frozen=True)
class TestRunResult(Event):
    __test__ = False  # not a pytest test class
    type: ClassVar[str] = "test_run"
    hidden: bool = False
    passed: int = 0
    total: int = 0
    summary: str = ""
    language: str = "python"
    duration_s: float = 0.0
    tests: tuple = field(default_factory=tuple)  # tuple of dicts, one per test
    error: str = ""
    trigger: str = ""  # run | submit (the candidate asked) | finish | end (the engine checks the final code)


@dataclass(frozen=True)
class Notice(Event):
    """A one-line notice for the candidate (LLM fell back to templates, and the like)."""

    type: ClassVar[str] = "notice"
    text: str = ""
    level: str = "info"  # info | warning


@dataclass(frozen=True)
class TurnLatency(Event):
    """A voice turn's latency timeline. `marks` maps each step to milliseconds after `ref`:

    kind "turn" (ref: the end of the candidate's speech, as the microphone captured it):
      endpoint, stt_final, llm_request, llm_first_token, first_chunk, first_tts_samples,
      first_sample_played (and speculative: whether the LLM was started on a partial transcript)
    kind "barge_in" (ref: the onset of the candidate's speech): decided, playback_stopped,
      committed (the speech outlasted a back-channel and the utterance was dropped)."""

    type: ClassVar[str] = "latency"
    kind: str = "turn"  # turn | barge_in
    gen: int = 0
    marks: dict = field(default_factory=dict)
    speculative: bool = False


@dataclass(frozen=True)
class InterviewEnded(Event):
    type: ClassVar[str] = "ended"
    reason: str = "finished"  # finished | time_up


@dataclass(frozen=True)
class ComplexityMeasured(Event):
    """The final code (which passed every test) timed on the problem's generated inputs of growing
    size, as the interview ended: `sample` is `core.growth.Sample.to_dict()`, read by the report."""

    type: ClassVar[str] = "complexity_measured"
    language: str = "python"
    sample: dict = field(default_factory=dict)


@dataclass(frozen=True)
class FeedbackGiven(Event):
    """The end of an interview: five pillars, a signal and a narrative (see assessment/report.py).
    `report` is `Report.to_dict()`; stored, so `intervu report` shows what the candidate saw."""

    type: ClassVar[str] = "feedback"
    report: dict = field(default_factory=dict)


CANDIDATE_EVENTS = (CandidateSaid, CodeSnapshot, RunRequested, HintRequested, FinishRequested, Tick)

EVENT_TYPES: dict[str, type[Event]] = {
    cls.type: cls
    for cls in (
        *CANDIDATE_EVENTS,
        SessionStarted,
        PhaseChanged,
        InterviewerDelta,
        InterviewerSaid,
        HintGiven,
        TestRunResult,
        Notice,
        TurnLatency,
        InterviewEnded,
        ComplexityMeasured,
        FeedbackGiven,
    )
}


def event_from_dict(data: dict[str, Any]) -> Event:
    data = dict(data)
    cls = EVENT_TYPES[data.pop("type")]
    names = {f.name for f in dataclasses.fields(cls)}
    kwargs = {k: v for k, v in data.items() if k in names}
    if "tests" in kwargs and isinstance(kwargs["tests"], list):
        kwargs["tests"] = tuple(kwargs["tests"])
    return cls(**kwargs)
