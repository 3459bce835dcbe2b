"""The interview engine: candidate events in, interviewer events out.

It knows nothing of terminals, Textual, prompt-toolkit or audio, and owns no infrastructure: the
event log, the test runner and the assessment are given to it (`engine.ports`; import-linter
contracts check both). Every event it emits is applied to the state and committed to the log
before it is yielded to a front end, so nothing a candidate has seen can be lost; the state
changes only by applying events (`_commit`, `_amend`).
"""

from __future__ import annotations

import asyncio
import difflib
import threading
import time
from collections.abc import AsyncIterator
from dataclasses import replace

from intervu_cli.core.vocab import Act, RunTrigger
from intervu_cli.engine import clarify, intent, policy, reading
from intervu_cli.engine import understand as und
from intervu_cli.engine import llm as llm_mod
from intervu_cli.engine.clock import Clock
from intervu_cli.core.events import (
    CandidateSaid,
    CodeSnapshot,
    ComplexityMeasured,
    Event,
    FeedbackGiven,
    FinishRequested,
    HintGiven,
    HintRequested,
    InterviewEnded,
    InterviewerDelta,
    InterviewerSaid,
    Notice,
    PhaseChanged,
    RunRequested,
    SessionStarted,
    TestRunResult,
    Tick,
    TurnLatency,
)
from intervu_cli.engine.ports import Assessor, CostEstimator, EventLog, GrowthMeasurer, TestRunner
from intervu_cli.engine.prompt import build_messages
from intervu_cli.engine.state import SessionState
from intervu_cli.engine.wording import word
from intervu_cli.problems import Problem


class Speculation:
    """An LLM answer started before the candidate's turn was over (on a stable partial transcript,
    as trailing silence began). Its pieces are buffered; `Interview.say(text, speculation=...)`
    uses them if the final words lead to the same decision, and cancels it otherwise."""

    def __init__(self, text: str, decision: policy.Decision, stream: AsyncIterator[str],
                 reading_task: asyncio.Task | None = None) -> None:
        self.text = text
        self.decision = decision
        self.reading = reading_task  # the model's reading of the same words, asked at the same time
        self.requested = time.perf_counter()
        self.first_token: float | None = None
        self.used = False  # the turn's answer came from it (the final words led to the same decision)
        self._stream = stream
        self._queue: asyncio.Queue = asyncio.Queue()
        self._task = asyncio.create_task(self._pull())

    async def _pull(self) -> None:
        try:
            async for piece in self._stream:
                if self.first_token is None:
                    self.first_token = time.perf_counter()
                self._queue.put_nowait(piece)
            self._queue.put_nowait(None)
        except llm_mod.LLMError as exc:
            self._queue.put_nowait(exc)
        finally:
            await self._stream.aclose()

    async def pieces(self) -> AsyncIterator[str]:
        try:
            while True:
                item = await self._queue.get()
                if item is None:
                    return
                if isinstance(item, Exception):
                    raise item
                yield item
        finally:
            await self.cancel()

    async def cancel(self) -> None:
        """Drop it: the HTTP stream is closed (`aclose`), so the model stops generating."""
        tasks = [t for t in (self._task, self.reading) if t is not None]
        for task in tasks:
            if not task.done():
                task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


class Interview:
    """One interview. Built by `intervu_cli.session.assemble` (`new_interview`, `resume_interview`),
    which creates or replays the session and gives the engine its ports."""

    def __init__(
        self,
        problem: Problem,
        log: EventLog,
        clock: Clock,
        state: SessionState,
        *,
        runner: TestRunner,
        assess: Assessor | None = None,
        llm: llm_mod.LLMConfig | None = None,
        cfg: policy.PolicyConfig = policy.PolicyConfig(),
        resumed: bool = False,
        estimate: CostEstimator | None = None,
        measure: GrowthMeasurer | None = None,
    ) -> None:
        self.problem = problem
        self.log = log
        self.clock = clock
        self.state = state
        self.llm = llm
        self.runner = runner
        self.assess = assess
        self.cfg = cfg
        self.resumed = resumed
        self.estimate = estimate
        self.measure = measure
        self._costed: tuple[str, str] | None = None  # (code, language) the code_cost is for
        self._lock = asyncio.Lock()
        self._ended = asyncio.Event()  # set when InterviewEnded is committed (see wait_ended)
        if state.ended:
            self._ended.set()
        # gen -> perf_counter() marks of the LLM (llm_request, llm_first_token), for the voice
        # front end's latency timeline; gen -> (log place, event) of the latest utterance.
        self.timing: dict[int, dict[str, float]] = {}
        self._utterances: dict[int, tuple[int, InterviewerSaid]] = {}
        # The last speculation's trial state, refilled by the next (SessionState.trial): a trial is
        # done with before its function returns (speculate and _speculation never await), and
        # what it leaves behind (the decision, the messages) holds none of its containers.
        self._spare: SessionState | None = None
        if llm is not None:
            llm_mod.start_import()
        # Answering a first question builds the clarification index (a few hundred ms, the problems
        # read from disk): built now on a thread, not on the event loop at the candidate's first turn.
        threading.Thread(target=clarify.find_clarification, args=("can the input be empty", problem),
                         name="warm-clarify", daemon=True).start()

    # --- plumbing -------------------------------------------------------------------------------

    @property
    def session_id(self) -> str:
        return self.state.session_id

    @property
    def ended(self) -> bool:
        return self.state.ended

    def now(self) -> float:
        return round(self.clock.now(), 3)

    async def wait_ended(self) -> None:
        """Return once the interview has ended (however: finish, a spoken goodbye, the clock), at
        once if it has. For the front ends' watchers, on the loop that drives the interview."""
        await self._ended.wait()

    def _commit(self, event: Event) -> Event:
        """The one way an event enters the session: applied to the state, committed to the log."""
        self.state.apply(event)
        if not event.ephemeral:
            self._seq = self.log.append(event)
        if self.state.ended:
            self._ended.set()
        return event

    def _amend(self, seq: int | None, event: InterviewerSaid) -> int:
        """An utterance committed earlier, replaced (cut off where the candidate barged in, or
        ended early): in the log at its place, and in the state, which replaces the turn of the
        same generation. (None: it never reached the log; it is committed now.) Returns its
        place in the log."""
        if seq is None:
            self._commit(event)
            return self._seq
        self.log.update(seq, event)
        self.state.apply(event)
        return seq

    def _stream(self, seq: int | None, said: InterviewerSaid) -> int:
        """An utterance still streaming in, kept in the log as it grows (read back as cut off if
        its end never comes); the state takes it whole, once it is (`_commit` or `_amend`)."""
        if seq is None:
            return self.log.append(said, complete=False)
        self.log.update(seq, said, complete=False)
        return seq

    # --- the public API -------------------------------------------------------------------------

    async def start(self, notices: tuple[str, ...] = ()) -> AsyncIterator[Event]:
        """The opening: session start, notices, and the greeting (always from templates, so it
        never waits for litellm to load)."""
        async with self._lock:
            s = self.state
            yield self._commit(
                SessionStarted(
                    t=self.now(), session_id=s.session_id, slug=s.slug, title=self.problem.title,
                    language=s.language, model=s.model, minutes=s.minutes, resumed=self.resumed,
                )
            )
            for text in notices:
                yield self._commit(Notice(t=self.now(), text=text))
            if self.resumed:
                decision = policy.welcome_back(s)
            else:
                decision = policy.greet(s, self.problem)
            async for event in self._carry_out(decision, use_llm=False):
                yield event

    def _cost_code(self, state: SessionState) -> None:
        """Refresh `state.code_cost` for the code as it stands (the estimator is deterministic)."""
        key = (state.code, state.language)
        if self.estimate is None or not state.code_started:
            state.code_cost = None
        elif key != self._costed:
            state.code_cost = self.estimate(state.code, state.language)
            self._costed = key

    def read(self, text: str) -> und.Understanding:
        """What a candidate turn is, in this interview (the problem, the phase and what the
        interviewer just asked give it context)."""
        interjections = ("answer_role", "deflect", "decline_manipulation", "answer_question", "your_call")
        asked = next((f"{t.act}:{t.about}" if t.act == "push_trace" else str(t.act)
                      for t in reversed(self.state.conversation) if t.role == "interviewer"
                      and t.act not in interjections), "")
        return und.in_context(und.understand(text, self.problem, self.state.phase), asked, text)

    def say(self, text: str, speculation: Speculation | None = None) -> AsyncIterator[Event]:
        return self.send(CandidateSaid(t=self.now(), text=text), speculation=speculation)

    def speculate(self, text: str) -> Speculation | None:
        """Start the LLM on what the candidate has said so far, without committing anything.

        None when there is nothing to gain or it would not be safe: no LLM, the engine is busy,
        the words would run the tests, or the policy would stay silent or end the interview."""
        if self.llm is None or self._lock.locked() or self.state.ended or not text.strip():
            return None
        trial = self._spare = self.state.trial(self._spare)
        event = CandidateSaid(t=self.now(), text=text, understood=self.read(text).to_dict())
        trial.apply(event)
        self._cost_code(self.state)
        trial.code_cost = self.state.code_cost
        if trial.code_started and intent.asks_to_submit(text):
            return None
        decision = policy.decide(trial, event, self.problem, self.cfg)
        if decision is None or decision.act is None or decision.end is not None:
            return None
        stream = llm_mod.stream_completion(self.llm, build_messages(decision, trial, self.problem))
        # the model's reading of the same words starts too, so the final turn need not wait for it
        task = asyncio.create_task(reading.read_turn(self.llm, text, self.state, self.problem,
                                                     self.llm.reading_timeout_s))
        return Speculation(text, decision, stream, task)

    async def warm_llm(self) -> float | None:
        """Make the LLM ready for the candidate's first turn (see `llm.warm`): one token asked on
        this interview's own system prompt, so a server that caches prompt prefixes has the
        problem statement in it. Front ends start it beside the greeting; nothing waits on it."""
        if self.llm is None:
            return None
        decision = policy.greet(self.state, self.problem)
        messages = build_messages(decision, self.state, self.problem)
        return await llm_mod.warm(self.llm, messages)

    async def model_news(self) -> AsyncIterator[Event]:
        """After the warm-up failed (it is the session's check of its model, at the start): the one
        notice that the model is down, now rather than at the candidate's first turn; nothing if the
        candidate was told already, or the model answers."""
        if self.llm is None:
            return
        news = self.llm.health.down_notice(self.llm)
        if news is not None:
            yield self._commit(Notice(t=self.now(), text=news, level="warning"))

    def interrupt(self, gen: int, spoken: str) -> Event | None:
        """The candidate barged in on utterance `gen`: keep on record only what was spoken,
        marked as cut off (the next prompt tells the LLM where it was interrupted)."""
        found = self._utterances.pop(gen, None)
        if found is None:
            return None
        seq, said = found
        cut = replace(said, text=spoken, cut_off=True, t=self.now())
        self._amend(seq, cut)
        return cut

    def record_latency(self, kind: str, gen: int, marks: dict[str, float], speculative: bool = False) -> Event:
        """Store a voice turn's latency timeline (see TurnLatency)."""
        return self._commit(TurnLatency(t=self.now(), kind=kind, gen=gen, marks=marks, speculative=speculative))

    def code(self, code: str, language: str | None = None) -> AsyncIterator[Event]:
        return self.send(CodeSnapshot(t=self.now(), code=code, language=language or self.state.language))

    def run(self, hidden: bool = False) -> AsyncIterator[Event]:
        return self.send(RunRequested(t=self.now(), hidden=hidden))

    def hint(self) -> AsyncIterator[Event]:
        return self.send(HintRequested(t=self.now()))

    def finish(self) -> AsyncIterator[Event]:
        return self.send(FinishRequested(t=self.now()))

    def tick(self) -> AsyncIterator[Event]:
        return self.send(Tick(t=self.now()))

    async def send(self, event: Event, speculation: Speculation | None = None) -> AsyncIterator[Event]:
        own: list[Speculation] = []  # the wording the engine starts itself beside the model's reading
        try:
            async for out in self._send(event, speculation, own):
                yield out
        finally:
            for spec in (speculation, *own):
                if spec is not None:
                    await spec.cancel()  # unused (or used up): its stream is closed either way

    def _speculation(self, text: str, reading_: und.Understanding) -> Speculation | None:
        """The wording of the move the rules' reading leads to, started at once (inside the lock)."""
        trial = self._spare = self.state.trial(self._spare)
        event = CandidateSaid(t=self.now(), text=text, understood=reading_.to_dict())
        trial.apply(event)
        if trial.code_started and intent.asks_to_submit(text):
            return None
        decision = policy.decide(trial, event, self.problem, self.cfg)
        if decision is None or decision.act is None or decision.end is not None:
            return None
        return Speculation(text, decision, llm_mod.stream_completion(self.llm, build_messages(decision, trial,
                                                                                             self.problem)))

    async def _understood(self, text: str, speculation: Speculation | None,
                          own: list[Speculation]) -> und.Understanding:
        """What the turn is: the rules' reading, or with a model the model's (asked beside the rules,
        while the wording of the rules' move is already streaming in; see `engine.reading`)."""
        rules = self.read(text)
        if self.llm is None:
            return rules
        if speculation is not None and speculation.reading is not None and _same_words(speculation.text, text):
            task = speculation.reading  # asked on (nearly) these words while the turn was ending
            speculation.reading = None  # taken: awaited here, not cancelled with the speculation
        else:
            task = asyncio.create_task(reading.read_turn(self.llm, text, self.state, self.problem,
                                                         self.llm.reading_timeout_s))
        if speculation is None:
            self._cost_code(self.state)
            spec = self._speculation(text, rules)
            if spec is not None:
                own.append(spec)
        return reading.merge(rules, await task)

    async def _send(self, event: Event, speculation: Speculation | None,
                    own: list[Speculation] | None = None) -> AsyncIterator[Event]:
        own = own if own is not None else []
        async with self._lock:
            if self.state.ended:
                return
            if (isinstance(event, CodeSnapshot) and event.code == self.state.code
                    and event.language == self.state.language):
                return  # nothing changed: not worth a row
            if event.t < self.state.now:
                event = replace(event, t=self.now())
            if isinstance(event, CandidateSaid) and not event.understood:
                event = replace(event, understood=(await self._understood(event.text, speculation, own)).to_dict())
                if speculation is None and own:
                    speculation = own[0]
            event = self._commit(event)
            if not isinstance(event, Tick):
                yield event
            if isinstance(event, RunRequested):
                yield self._commit(await self._run_tests(event.hidden,
                                                         RunTrigger.SUBMIT if event.hidden else RunTrigger.RUN))
            elif isinstance(event, FinishRequested) and self.state.code_started:
                yield self._commit(await self._run_tests(True, RunTrigger.FINISH))
            elif isinstance(event, CandidateSaid) and self.state.code_started and intent.asks_to_submit(event.text):
                yield self._commit(await self._run_tests(True, RunTrigger.SUBMIT))
            self._cost_code(self.state)
            decision = policy.decide(self.state, event, self.problem, self.cfg)
            if speculation is not None and decision != speculation.decision:
                await speculation.cancel()  # the final words changed the move: ask afresh
                speculation = None
            if decision is not None:
                async for out in self._carry_out(decision, use_llm=True, speculation=speculation):
                    yield out

    # --- carrying out a decision ----------------------------------------------------------------

    async def _run_tests(self, hidden: bool, trigger: str) -> TestRunResult:
        s = self.state
        result = await asyncio.to_thread(self.runner, self.problem, s.language, s.code, hidden)
        return TestRunResult(
            t=self.now(),
            hidden=hidden,
            passed=result.passed,
            total=result.total,
            summary=result.summary,
            language=result.language,
            duration_s=round(result.duration_s, 4),
            tests=tuple(result.to_dict()["tests"]),
            error=result.error,
            trigger=trigger,
        )

    def _final_code_checked(self) -> bool:
        """Has the code as it stands been run against every test (hidden ones too)?"""
        s = self.state
        last_edit = s.snapshots[-1][0] if s.snapshots else 0.0
        return not s.code_started or any(r.hidden and r.t >= last_edit for r in s.runs)

    def _measure_final_code(self) -> asyncio.Task | None:
        """Start timing the final code on growing inputs (while the closing words are said), if it
        passes every test: code that fails earns no complexity credit, so it is not measured."""
        s = self.state
        last_edit = s.snapshots[-1][0] if s.snapshots else 0.0
        final = next((r for r in reversed(s.runs) if r.hidden and r.t >= last_edit), None)
        if self.measure is None or not s.code_started or final is None or not final.all_passed:
            return None
        return asyncio.create_task(asyncio.to_thread(self.measure, self.problem, s.language, s.code))

    async def _measured(self, task: asyncio.Task) -> ComplexityMeasured | None:
        try:
            sample = await task
        except Exception as exc:  # noqa: BLE001 - a measurement that fails leaves the static estimate
            return ComplexityMeasured(t=self.now(), language=self.state.language,
                                      sample={"language": self.state.language,
                                              "stopped": f"the measurement failed ({type(exc).__name__}: {exc})"})
        if sample is None:
            return None
        return ComplexityMeasured(t=self.now(), language=self.state.language, sample=sample)

    async def _feedback(self) -> FeedbackGiven | None:
        """The session scored from its logged events, by the assessment it was given (none: no
        feedback)."""
        if self.assess is None:
            return None
        report = await self.assess(self.problem, self.log.events(), self.state, self.llm)
        return FeedbackGiven(t=self.now(), report=report)

    async def _carry_out(self, decision: policy.Decision, *, use_llm: bool,
                         speculation: Speculation | None = None) -> AsyncIterator[Event]:
        # The decision's effects are committed before its words: a session cut off mid-sentence
        # resumes in the state the policy decided, whatever the prose got to say.
        s = self.state
        if decision.end is not None and not self._final_code_checked():
            # However it ends (finish, time up, a spoken goodbye), the final code meets the hidden
            # tests, so the closing words and the feedback can say how it does.
            run = self._commit(await self._run_tests(True, RunTrigger.END))
            yield run
            decision = replace(decision, facts={**decision.facts, "hidden_summary": run.summary})
        measuring = self._measure_final_code() if decision.end is not None else None
        if decision.hint is not None:
            level, reason = decision.hint
            yield self._commit(HintGiven(t=self.now(), level=level, reason=reason))
        if decision.phase is not None and decision.phase != s.phase:
            yield self._commit(PhaseChanged(t=self.now(), old=s.phase, new=decision.phase, reason=decision.act or ""))
        if decision.act is not None:
            async for event in self._speak(decision, use_llm=use_llm and self.llm is not None, speculation=speculation):
                yield event
        if decision.end is not None:
            yield self._commit(InterviewEnded(t=self.now(), reason=decision.end))
            if measuring is not None:
                measured = await self._measured(measuring)
                if measured is not None:
                    yield self._commit(measured)
            try:
                feedback: Event | None = await self._feedback()
            except Exception as exc:  # noqa: BLE001 - a bug in scoring must not take the ending with it
                feedback = Notice(t=self.now(), level="warning",
                                  text=f"The feedback could not be computed ({type(exc).__name__}: {exc}); "
                                       "the session is saved.")
            if feedback is not None:
                yield self._commit(feedback)

    async def _speak(self, decision: policy.Decision, *, use_llm: bool,
                     speculation: Speculation | None = None) -> AsyncIterator[Event]:
        """Stream the words of a decision: from the LLM when there is one, else (or when it
        fails) from the templates. The utterance is stored as its words arrive."""
        template = word(decision, self.state)
        if use_llm:
            gen = self.state.gen + 1
            text, seq, failure = "", None, None
            if speculation is not None:
                speculation.used = True
                stream = speculation.pieces()
                marks = self.timing[gen] = {"llm_request": speculation.requested}
            else:
                stream = llm_mod.stream_completion(self.llm, build_messages(decision, self.state, self.problem))
                marks = self.timing[gen] = {"llm_request": time.perf_counter()}
            try:
                async for piece in stream:
                    if "llm_first_token" not in marks:
                        marks["llm_first_token"] = (speculation.first_token if speculation is not None
                                                    and speculation.first_token else time.perf_counter())
                    if self.state.hint_level < 3 and "```" in text + piece:
                        text = (text + piece).split("```")[0]  # the LLM began writing code before
                        break  # any reveal: keep the words before the fence, stop the stream there
                    text += piece
                    said = InterviewerSaid(t=self.now(), gen=gen, text=text, act=decision.act, source="llm",
                                           about=_about(decision))
                    seq = self._stream(seq, said)
                    self._utterances[gen] = (seq, said)
                    yield InterviewerDelta(t=said.t, gen=gen, text=piece)
            except llm_mod.LLMError as exc:
                failure = str(exc)
            finally:
                await stream.aclose()
            if failure is None and text.strip():
                said = InterviewerSaid(t=self.now(), gen=gen, text=text.strip(), act=decision.act, source="llm",
                                           about=_about(decision))
                seq = self._amend(seq, said)
                self._utterances = {g: u for g, u in self._utterances.items() if g > gen - 4}
                self._utterances[gen] = (seq, said)
                yield said
                back = self.llm.health.up_notice(self.llm)
                if back is not None:
                    yield self._commit(Notice(t=self.now(), text=back))
                return
            if seq is not None:  # what was shown stays on record, marked as cut off
                self._amend(seq, InterviewerSaid(t=self.now(), gen=gen, text=text, act=decision.act, source="llm",
                                                 cut_off=True, about=_about(decision)))
            # A failure takes the model out until it answers again (llm.ModelHealth): said once, not every turn.
            news = (self.llm.health.down_notice(self.llm) if failure is not None else
                    "The LLM returned nothing; this answer comes from built-in lines.")
            if news is not None:
                yield self._commit(Notice(t=self.now(), text=news, level="warning"))
        gen = self.state.gen + 1
        said = InterviewerSaid(t=self.now(), gen=gen, text=template, act=decision.act or "", source="template",
                               about=_about(decision))
        self._commit(said)  # before a front end shows any of it: a line the candidate saw is never lost
        self._utterances = {gen: (self._seq, said)}
        yield InterviewerDelta(t=said.t, gen=gen, text=template)
        yield said


def _about(decision: policy.Decision) -> str:
    """What an utterance refers to, for the ledger (`SessionState`): a follow-up asked, question topics
    answered, the "any questions for me?"."""
    f = decision.facts
    step = f.get("then") or decision.act
    if step == Act.FOLLOW_UP and f.get("follow_up"):
        return f"follow-up: {f['follow_up']}"
    if step == Act.ASK_FOR_QUESTIONS:
        return "questions"
    if decision.act in (Act.ANSWER_QUESTION, Act.ACK_ASSUMPTION) and f.get("about"):
        return f"answered: {f['about']}"
    if decision.act == Act.PUSH_TRACE:
        return str(f.get("want") or "trace")
    return ""


def _same_words(a: str, b: str) -> bool:
    """Are two transcripts of a turn the same words, near enough (a recognizer's final result may
    add or change a word or two over the partial the speculation was started on)?"""
    wa, wb = und.normalize(a).text.split(), und.normalize(b).text.split()
    if wa == wb:
        return True
    return difflib.SequenceMatcher(None, wa, wb).ratio() >= 0.8
