"""Session state, built only by applying events: the same events always give the same state.

That is what makes resume work: the store holds the events, and replaying them rebuilds the state.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, fields, replace

from intervu_cli.core.vocab import Act, Phase
from intervu_cli.engine import understand as und
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
    about: str = ""  # what an interviewer utterance refers to (InterviewerSaid.about)


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
class Said:
    """A candidate turn the ledger keeps: when, the words, and what it was read as."""

    t: float
    text: str
    reading: und.Understanding


@dataclass
class Ledger:
    """What the candidate has shown so far, kept as the session goes (and rebuilt on replay): the
    policy never asks for what it holds, and the report reads it."""

    questions: list[Said] = field(default_factory=list)  # clarifying questions
    answered: dict[str, float] = field(default_factory=dict)  # question topic -> when it was answered
    assumptions: list[Said] = field(default_factory=list)
    approaches: list[Said] = field(default_factory=list)
    traces: list[Said] = field(default_factory=list)
    edges: dict[str, float] = field(default_factory=dict)  # edge case -> when first named ("named": unspecified)
    claims: list[Said] = field(default_factory=list)  # complexity claims (time and/or space)
    follow_ups: list[str] = field(default_factory=list)  # follow-up questions asked
    follow_up_answers: int = 0
    answer_requests: int = 0
    manipulations: int = 0
    off_topic: int = 0
    checkins: list[float] = field(default_factory=list)  # "what are you thinking?" before a hint
    challenged: bool = False  # a wrong complexity claim was questioned
    asked_for_questions: bool = False  # "any questions for me?"
    last_talk_turn: int = -1  # where in the conversation the latest substantive turn is

    @property
    def approach(self) -> und.Understanding | None:
        """The best concrete approach stated (the latest of the best quality)."""
        order = {und.OPTIMAL: 0, und.UNKNOWN: 1, und.SLOWER: 2, und.BRUTE: 3, und.VAGUE: 4}
        best = None
        for said in self.approaches:
            if best is None or order.get(said.reading.quality, 5) <= order.get(best.quality, 5):
                best = said.reading
        return best

    @property
    def claimed_time(self) -> str:
        return next((c.reading.time for c in reversed(self.claims) if c.reading.time), "")

    @property
    def claimed_space(self) -> str:
        return next((c.reading.space for c in reversed(self.claims) if c.reading.space), "")

    def summary(self) -> dict:
        """The ledger in plain data (for `--json` readers and the report)."""
        best = self.approach
        return {
            "questions": [s.text for s in self.questions],
            "answered_topics": sorted(self.answered),
            "assumptions": [s.text for s in self.assumptions],
            "approach": {"quality": best.quality, "name": best.approach, "concepts": list(best.concepts),
                         "time": best.time} if best else None,
            "traces": len(self.traces),
            "edge_cases": sorted(self.edges),
            "complexity": {"time": self.claimed_time, "space": self.claimed_space} if self.claims else None,
            "follow_ups": list(self.follow_ups),
            "follow_up_answers": self.follow_up_answers,
            "answer_requests": self.answer_requests,
            "manipulations": self.manipulations,
        }


def _refill(dst, src, skip: str = "") -> None:
    """`dst` (a dataclass like `src`, with containers of its own) made a copy of `src`: each list,
    dict, set and Counter refilled in place, anything else assigned."""
    for f in fields(src):
        if f.name == skip:
            continue
        value, mine = getattr(src, f.name), getattr(dst, f.name)
        if isinstance(value, list) and type(mine) is type(value):
            mine[:] = value
        elif isinstance(value, (dict, set)) and type(mine) is type(value):
            mine.clear()
            mine.update(value)  # (a Counter's update adds counts: to none, after the clear)
        elif isinstance(value, (list, dict, set)):
            setattr(dst, f.name, type(value)(value))
        else:
            setattr(dst, f.name, value)


def _containers_copied(obj):
    """`obj` (a dataclass, freshly made: it is changed) with each of its list, dict, set and Counter fields a
    shallow copy of its own."""
    for f in fields(obj):
        value = getattr(obj, f.name)
        if isinstance(value, (list, dict, set)):  # (a Counter is a dict)
            setattr(obj, f.name, type(value)(value))
    return obj


# What counts as substantive talk (progress, for the stuck timer).
_SUBSTANTIVE = {und.QUESTION, und.ASSUMPTION, und.APPROACH, und.TRACE, und.EDGE_CASES, und.COMPLEXITY}


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
    ledger: Ledger = field(default_factory=Ledger)
    # What the code as it stands costs in time, as the engine's estimator reads it (not from an
    # event: a cache of a pure function of `code`, refreshed by the engine before each decision).
    code_cost: str | None = None

    def trial(self, into: SessionState | None = None) -> SessionState:
        """A copy to try an event on (a speculation), at the cost of its containers, not its history:
        each list, dict, set and counter (the ledger's too) is a copy of its own, and their items are
        shared, since `apply` only ever adds, replaces or removes an item and never changes one in
        place. (A deep copy grew with the whole interview, on every turn.)

        `into`: an earlier trial that is done with; it is refilled, its containers in place, and
        returned. A long interview's trials then reuse the same memory: a fresh list a little longer
        than the last, every turn, fragments the heap (a 2,000-turn soak's RSS grew by a quarter)."""
        if into is None:
            return _containers_copied(replace(self, ledger=_containers_copied(replace(self.ledger))))
        _refill(into, self, skip="ledger")
        _refill(into.ledger, self.ledger)
        return into

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

    def reading(self, event: CandidateSaid) -> und.Understanding:
        """What a candidate turn was read as: as stored with it, or (an older session) by rule."""
        return und.Understanding.from_dict(event.understood) or und.understand(event.text, None, self.phase)

    def _answered_as_question(self) -> None:
        """The last candidate turn got an answer: it was a question (a permission asked, 'can I copy
        the nodes into a dict?', is not the approach), whatever else it was read as."""
        last = next((t for t in reversed(self.conversation[:-1]) if t.role == "candidate"), None)
        if last is None:
            return
        led = self.ledger
        if led.approaches and led.approaches[-1].t == last.t and led.approaches[-1].text == last.text:
            led.questions.append(led.approaches.pop())
        elif not any(q.t == last.t and q.text == last.text for q in led.questions):
            led.questions.append(Said(last.t, last.text, und.understand(last.text)))

    def _take(self, event: CandidateSaid) -> None:
        """A candidate turn into the ledger (and the flags the report reads)."""
        r = self.reading(event)
        said = Said(event.t, event.text, r)
        led = self.ledger
        early = self.phase in (Phase.INTRO, Phase.CLARIFY, Phase.APPROACH)
        if und.QUESTION in r:
            led.questions.append(said)
            if early:
                self.flags.add("clarified")
        if und.ASSUMPTION in r:
            led.assumptions.append(said)
            if early:
                self.flags.add("clarified")
        if und.APPROACH in r:
            led.approaches.append(said)
            if early and r.quality != und.VAGUE:
                if "approach_stated" not in self.flags:
                    self.last_progress_t = event.t
                self.flags.add("approach_stated")
        if und.TRACE in r:
            led.traces.append(said)
            self.flags.add("traced")
        if r.kind == und.EDGE_CASES or (und.EDGE_CASES in r and und.APPROACH not in r):
            for edge in r.edges or ("named",):
                led.edges.setdefault(edge, event.t)
            if not early:
                self.flags.add("edge_cases")
        if r.claimed and (r.time or r.space):
            led.claims.append(said)
            self.stated_complexity.update({k: v for k, v in (("time", r.time), ("space", r.space)) if v})
            self.flags.add("complexity_stated")
        if und.ASK_ANSWER in r:
            led.answer_requests += 1
        if und.MANIPULATION in r:
            led.manipulations += 1
        if und.OFF_TOPIC in r or und.ABOUT_ROLE in r:
            led.off_topic += 1
        if self.phase == Phase.WRAP_UP and led.follow_ups and r.kinds & (_SUBSTANTIVE | {und.THINKING}) \
                and und.QUESTION not in r:
            led.follow_up_answers += 1
        if self.phase in (Phase.CODE, Phase.VERIFY) and len(event.text.split()) >= 4:
            self.flags.add("explained_while_coding")
        answered_check_in = bool(self.conversation[:-1]) and any(
            t.role == "interviewer" and t.act == "check_in" for t in self.conversation[-3:-1]) \
            and len(event.text.split()) >= 4 and not r.kinds & {und.ASK_HINT, und.ASK_ANSWER}
        if r.kinds & _SUBSTANTIVE or (r.kind == und.THINKING and len(event.text.split()) >= 8) or answered_check_in:
            led.last_talk_turn = len(self.conversation) - 1
            self.last_progress_t = max(self.last_progress_t, event.t)

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
            self._take(event)
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
            turn = Turn("interviewer", event.text, event.t, event.act, event.cut_off, event.gen, event.about)
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
            if not event.cut_off and event.act == Act.ANSWER_QUESTION:
                self._answered_as_question()
            if not event.cut_off:
                about = event.about
                if about.startswith("follow-up: "):
                    self.ledger.follow_ups.append(about.removeprefix("follow-up: "))
                elif about == "questions":
                    self.ledger.asked_for_questions = True
                elif about.startswith("answered: "):
                    for topic in about.removeprefix("answered: ").split(","):
                        self.ledger.answered.setdefault(topic, event.t)
                if event.act == Act.CHECK_IN:
                    self.ledger.checkins.append(event.t)
                elif event.act == Act.QUESTION_COMPLEXITY:
                    self.ledger.challenged = True
        elif isinstance(event, InterviewEnded):
            self.ended = True
        elif isinstance(event, FeedbackGiven):
            self.feedback = event.report
