"""Session state, built only by applying events: the same events always give the same state.

That is what makes resume work: the store holds the events, and replaying them rebuilds the state.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from intervu_cli.core.vocab import Phase
from intervu_cli.engine import intent
from intervu_cli.core.events import (
    HINT_LEVELS,
    CandidateSaid,
    CodeSnapshot,
    Event,
    FeedbackGiven,
    HintGiven,
    InterviewEnded,
    InterviewerSaid,
    PhaseChanged,
    SessionStarted,
    TestRunResult,
)


@dataclass
class Turn:
    role: str  # candidate | interviewer
    text: str
    t: float
    act: str = ""
    cut_off: bool = False
    gen: int = 0  # an interviewer utterance's generation


@dataclass
class RunRecord:
    t: float
    hidden: bool
    passed: int
    total: int
    summary: str

    @property
    def all_passed(self) -> bool:
        return self.total > 0 and self.passed == self.total


@dataclass
class HintRecord:
    t: float
    level: str
    reason: str


@dataclass
class SessionState:
    session_id: str = ""
    slug: str = ""
    language: str = "python"
    minutes: int = 45
    model: str = "none"
    starter: str = ""
    starters: dict[str, str] = field(default_factory=dict)  # every language's starter code (switching language)
    phase: Phase | str = Phase.INTRO  # a stored session reads back plain strings: equal to the Phase
    phase_since: float = 0.0
    now: float = 0.0  # session time of the latest event
    conversation: list[Turn] = field(default_factory=list)
    code: str = ""
    snapshots: list[tuple[float, str]] = field(default_factory=list)
    runs: list[RunRecord] = field(default_factory=list)
    hints: list[HintRecord] = field(default_factory=list)
    acts: Counter = field(default_factory=Counter)
    flags: set[str] = field(default_factory=set)
    stated_complexity: dict[str, str] = field(default_factory=dict)
    last_progress_t: float = 0.0
    best_passed: int = 0
    failing_streak: int = 0  # failing runs in a row that did not improve on the best
    gen: int = 0
    ended: bool = False
    feedback: dict | None = None  # the report given at the end (FeedbackGiven)

    # --- derived ------------------------------------------------------------------------------

    @property
    def hint_level(self) -> int:
        """0 before any hint; 1 nudge, 2 hint, 3 reveal."""
        given = {h.level for h in self.hints}
        return max((HINT_LEVELS.index(level) + 1 for level in given), default=0)

    @property
    def last_hint_t(self) -> float | None:
        return self.hints[-1].t if self.hints else None

    @property
    def code_started(self) -> bool:
        starter = self.starters.get(self.language, self.starter)
        return bool(self.code.strip()) and self.code.strip() != starter.strip()

    @property
    def last_run(self) -> RunRecord | None:
        return self.runs[-1] if self.runs else None

    @property
    def verified(self) -> bool:
        """Ran the tests, or traced an example aloud."""
        return bool(self.runs) or "traced" in self.flags

    def remaining_s(self) -> float:
        return self.minutes * 60 - self.now

    def _utterance(self, gen: int) -> int | None:
        """Where the interviewer's utterance of generation `gen` is in the conversation, if it is."""
        if gen <= 0:
            return None
        for i in range(len(self.conversation) - 1, -1, -1):
            turn = self.conversation[i]
            if turn.role == "interviewer" and turn.gen == gen:
                return i
        return None

    # --- the reducer --------------------------------------------------------------------------

    def apply(self, event: Event) -> None:
        self.now = max(self.now, event.t)
        if isinstance(event, SessionStarted):
            if not event.resumed:
                self.session_id, self.slug, self.language = event.session_id, event.slug, event.language
                self.model, self.minutes = event.model, event.minutes
            else:
                self.model = event.model
        elif isinstance(event, CandidateSaid):
            self.conversation.append(Turn("candidate", event.text, event.t))
            found = intent.classify(event.text)
            if intent.QUESTION in found and self.phase in (Phase.INTRO, Phase.CLARIFY):
                self.flags.add("clarified")
            if intent.APPROACH in found and self.phase in (Phase.INTRO, Phase.CLARIFY, Phase.APPROACH):
                if "approach_stated" not in self.flags:
                    self.last_progress_t = event.t
                self.flags.add("approach_stated")
            if intent.TRACE in found:
                self.flags.add("traced")
                self.last_progress_t = event.t
            if intent.EDGE_CASES in found and self.phase not in (Phase.INTRO, Phase.CLARIFY):
                self.flags.add("edge_cases")
            if self.phase in (Phase.CODE, Phase.VERIFY) and len(event.text.split()) >= 4:
                self.flags.add("explained_while_coding")
            stated = intent.parse_complexities(event.text)
            if stated:
                self.stated_complexity.update(stated)
                self.flags.add("complexity_stated")
        elif isinstance(event, CodeSnapshot):
            self.language = event.language
            if event.code != self.code:
                self.code = event.code
                self.snapshots.append((event.t, event.code))
                if self.code_started:
                    self.last_progress_t = event.t
                    if "approach_stated" not in self.flags:
                        self.flags.add("coded_before_approach")
        elif isinstance(event, TestRunResult):
            self.runs.append(RunRecord(event.t, event.hidden, event.passed, event.total, event.summary))
            if event.total and event.passed == event.total:
                self.failing_streak = 0
                self.last_progress_t = event.t
            elif event.passed > self.best_passed:
                self.failing_streak = 0
                self.last_progress_t = event.t
            else:
                self.failing_streak += 1
            self.best_passed = max(self.best_passed, event.passed)
        elif isinstance(event, HintGiven):
            self.hints.append(HintRecord(event.t, event.level, event.reason))
            self.failing_streak = 0
        elif isinstance(event, PhaseChanged):
            self.phase, self.phase_since = event.new, event.t
            if event.new in (Phase.APPROACH, Phase.CODE):
                self.last_progress_t = max(self.last_progress_t, event.t)
        elif isinstance(event, InterviewerSaid):
            turn = Turn("interviewer", event.text, event.t, event.act, event.cut_off, event.gen)
            earlier = self._utterance(event.gen) if event.cut_off else None
            if earlier is not None and not self.conversation[earlier].cut_off:
                # The same utterance, cut off where the candidate barged in: it takes the whole one's
                # place. (Only a whole one is cut: a session stored by an older release may hold a
                # cut-off line and a later one of the same generation, which stay two turns.)
                self.acts[self.conversation[earlier].act] -= 1
                self.conversation[earlier] = turn
            else:
                self.conversation.append(turn)
            if not event.cut_off:  # an utterance cut short is said again, so it does not count
                self.acts[event.act] += 1
            self.gen = max(self.gen, event.gen)
        elif isinstance(event, InterviewEnded):
            self.ended = True
        elif isinstance(event, FeedbackGiven):
            self.feedback = event.report
