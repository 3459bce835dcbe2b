"""The spoken interview: the engine's words go out through the speaker as they stream in, and the
candidate's voice comes in, interrupts, or waits its turn.

Ties together the engine (an asyncio loop) and the voice threads:

- engine output → sentence chunker → TTS worker (one chunk ahead) → player, every chunk tagged
  with its utterance's generation;
- listening thread (`DuplexListener`) → here: a final transcript is a turn; trailing silence on
  a partial starts the LLM speculatively; a barge-in cancels the engine's stream (which closes the
  LLM's HTTP stream) and keeps on record only what was spoken, marked as cut off;
- every voice turn and every barge-in gets a latency timeline, stored with the session and shown.

Threads, what each owns, and how they talk:

- PortAudio input callback (`Microphone._callback`): copies each block with its capture time and
  `put_nowait`s it on `Microphone._queue` (bounded: a full queue drops and counts, never waits).
- PortAudio output callback (`Player._callback`): owns the playhead (`Player._cur`, each clip's
  pos/start_t/end_t) and the echo reference `_ref`; pops `Player._clips`, skips clips older than
  `Player.gen`; when a clip starts or ends it calls `Player.on_moved` (`TTSWorker.poke`, an Event's
  set). It takes no lock of ours.
- Listening thread `intervu-duplex` (`DuplexListener.run`): owns the echo canceller, barge-in
  detector, VAD and recognizer. Blocks on `Microphone.frames()` (a queue get whose 250 ms timeout
  is the microphone's watchdog). Acts on the speaker itself (`Player.pause/resume/cancel`, under
  `Player._control`), takes the floor on a barge-in, and hands every `VoiceEvent` to the loop with
  `call_soon_threadsafe` → `on_voice` → `_events` (an asyncio.Queue); it never waits on the loop.
- TTS worker `intervu-tts` (`TTSWorker._run`): owns the pyttsx3 engine. Takes `Job`s from its
  queue.Queue (put by `_say`), waits on its `_moved` Event while the player holds a chunk of the
  job's generation, drops jobs that `is_current` says are over, and `deliver`s to `Player.play`.
- The asyncio loop (the front end's): the engine (`Interview`, one call at a time under the
  shared lock), the LLM stream drained by `pump` in a task of its own (a barge-in cancels it),
  and this class, which owns `utterance`, `dropped`, `specs` and `_pump_task`. `_watch_floor`
  ticks every 20 ms: the speaker's watchdog (`Player.check`) and the end of an utterance.
- Sandbox thread (`asyncio.to_thread` in `Interview._run_tests`): runs the candidate's code in a
  subprocess; shares nothing, its result comes back to the loop as the awaited value.

Generation numbers: an utterance's deltas, TTS jobs and clips carry its `gen`; a gen is over once
it is in `dropped` or below `Player.gen` (raised by `cancel`), and each thread drops what it holds
of it. The floor (`DuplexListener.floor`, a `Floor`: one lock): the loop `give`s it when an
utterance starts and `release`s it (only if still its own) when it ends or is cut; the listening
thread `take`s it in one step on a barge-in, so a late barge-in never clears a newer utterance's.
"""

from __future__ import annotations

import asyncio
import difflib
import re
import time
from collections.abc import AsyncIterator, Callable

from intervu_cli.core.vocab import Hearing, Phase
from intervu_cli.core.events import Event, InterviewerDelta, InterviewerSaid, Notice
from intervu_cli.engine.interview import Interview, Speculation
from intervu_cli.voice.audio.capture import AudioError
from intervu_cli.voice.speaking.chunker import SentenceChunker
from intervu_cli.voice.duplex.listener import DuplexListener, VoiceEvent
from intervu_cli.voice.audio.playback import Clip, Player
from intervu_cli.voice.speaking.tts import Job, TTSWorker


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9' ]+", " ", text.lower()).split())


def _close(partial: str, final: str) -> bool:
    """Is the final transcript close enough to the partial the LLM was started on for its answer
    to stand? The recognizer's final pass often changes a word or two of the partial ("gotta"
    for "got a"); an answer to the partial still answers the turn. Words added or changed in
    substance ("... negative" → "... negative or zero") are not close: similarity of the
    normalized text >= 0.9."""
    a, b = _norm(partial), _norm(final)
    if a == b:
        return True
    if not a or not b:
        return False
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio() >= 0.9


class _Utterance:
    def __init__(self, gen: int, turn: dict | None) -> None:
        self.gen = gen
        self.chunker = SentenceChunker()
        self.seq = 0
        self.complete = False  # the engine has said all of it
        self.marks: dict[str, float] = dict(turn or {})  # host times
        self.speculative = bool(turn and turn.get("speculative"))


CODING_RECENT_S = 30.0  # an edit this recent, in the coding phase: the candidate is writing code


class VoiceConversation:
    def __init__(self, interview: Interview, duplex: DuplexListener, player: Player, tts: TTSWorker,
                 emit: Callable[[Event], None], *, lock: asyncio.Lock | None = None,
                 on_heard: Callable[[VoiceEvent], None] | None = None,
                 on_timeline: Callable[[str, dict], None] | None = None) -> None:
        self.interview = interview
        self.duplex = duplex
        self.player = player
        self.tts = tts
        player.on_moved = tts.poke  # a clip started or was dropped: the TTS worker may go ahead
        self._emit = emit
        self.lock = lock or asyncio.Lock()  # one engine call at a time (shared with typed input)
        self.on_heard = on_heard  # for a front end that shows partials and the like
        # A measurement hook: every latency timeline, ("turn" | "barge_in", its record with host times).
        self.on_timeline = on_timeline
        self.utterance: _Utterance | None = None
        self.dropped: set[int] = set()
        # LLM answers started on partial transcripts during the trailing silence: the first one
        # (furthest along) and the latest (closest to what the recognizer will settle on).
        self.specs: list[Speculation] = []
        self._pending_turn: dict | None = None  # the voice turn whose answer is being produced
        self._pending_spec: Speculation | None = None
        self._pump_task: asyncio.Task | None = None
        self._events: asyncio.Queue[VoiceEvent] = asyncio.Queue()
        self.closed = False
        self._loop: asyncio.AbstractEventLoop | None = None

    # --- engine → speaker -----------------------------------------------------------------------

    def emit(self, event: Event) -> None:
        self._emit(event)
        if isinstance(event, InterviewerDelta):
            if event.gen in self.dropped:
                return
            u = self.utterance
            if u is None or u.gen != event.gen:
                turn = self._pending_turn
                if turn is not None and self._pending_spec is not None:
                    # speculative only if the engine took the speculative answer (the final words
                    # can lead to another move, and then it asked afresh)
                    turn["speculative"] = self._pending_spec.used
                u = self.utterance = _Utterance(event.gen, turn)
                self._pending_turn = self._pending_spec = None
                self.duplex.floor.give(event.gen)
            for chunk in u.chunker.feed(event.text):
                self._say(u, chunk)
        elif isinstance(event, InterviewerSaid) and not event.cut_off:
            u = self.utterance
            if u is not None and u.gen == event.gen and event.gen not in self.dropped:
                for chunk in u.chunker.flush():
                    self._say(u, chunk)
                u.complete = True

    def _say(self, u: _Utterance, chunk) -> None:
        u.marks.setdefault("first_chunk", time.perf_counter())
        u.seq += 1
        self.tts.say(Job(u.gen, u.seq, chunk.text, chunk.source))

    def deliver(self, job: Job, samples, done_t: float) -> None:  # on the TTS thread
        u = self.utterance
        if u is not None and u.gen == job.gen:
            u.marks.setdefault("first_tts_samples", done_t)
        self.player.play(Clip(job.gen, job.seq, samples, job.source or job.text))

    def is_current(self, gen: int) -> bool:
        return gen not in self.dropped and gen >= self.player.gen

    async def pump(self, stream: AsyncIterator[Event]) -> None:
        """Drain an engine stream in a task of its own, so a barge-in can cancel just that."""
        async def drain() -> None:
            async for event in stream:
                self.emit(event)

        task = self._pump_task = asyncio.create_task(drain())
        try:
            await task
        except asyncio.CancelledError:
            current = asyncio.current_task()
            if current is not None and current.cancelling():
                raise  # we are being cancelled ourselves
        finally:
            if self._pump_task is task:
                self._pump_task = None

    # --- speaker bookkeeping ----------------------------------------------------------------------

    async def _watch_floor(self) -> None:
        """Release the floor when the utterance has been played to the end; record its timeline.
        Keeps the speaker's stream alive too (`Player.check`). A tick, not a wait: a stream that
        died tells nobody (a watchdog must look), and the end of an utterance is read at the same
        tick rather than signalled from the audio callback into the loop."""
        speaker_lost = False
        while not self.closed:
            await asyncio.sleep(0.02)
            if not speaker_lost:
                try:
                    self.player.check()
                except AudioError as exc:
                    speaker_lost = True
                    self._emit(Notice(t=self.interview.now(), level="warning",
                                      text=f"{exc}; keep going by keyboard, or leave and resume"))
            u = self.utterance
            if u is None or u.gen in self.dropped or self.still_speaking(u):
                continue
            self.utterance = None
            self.duplex.floor.release(u.gen)
            self._record_turn(u)

    def still_speaking(self, u: _Utterance) -> bool:
        """Has utterance `u` words yet to come from the engine, to synthesize, or to play?"""
        return (not u.complete or self.tts.pending > 0 or self.player.busy(u.gen)
                or bool(self.player.backlog(u.gen)))

    async def interrupt_current(self) -> None:
        """Stop the interviewer if it is still speaking (the candidate typed over it)."""
        u = self.utterance
        if u is not None and u.gen not in self.dropped and self.still_speaking(u):
            await self._cut(u.gen)

    def _record_turn(self, u: _Utterance) -> None:
        started = [c.start_t for c in list(self.player.history) if c.gen == u.gen and c.start_t]
        if started:
            u.marks["first_sample_played"] = min(started)
        ended = [c.end_t for c in list(self.player.history) if c.gen == u.gen and c.end_t]
        if ended:
            u.marks["last_sample_played"] = max(ended)
        llm = self.interview.timing.get(u.gen, {})
        u.marks.update({k: v for k, v in llm.items() if k not in u.marks})
        ref = u.marks.get("speech_end")
        record = {"gen": u.gen, "speculative": u.speculative, "heard": u.marks.pop("heard", None),
                  "why": u.marks.pop("why", None), "evidence": u.marks.pop("evidence", None),
                  "host": dict(u.marks)}
        if ref is not None:
            ms = {k: round((v - ref) * 1000, 1) for k, v in u.marks.items()
                  if isinstance(v, float) and k not in ("speech_end",)}
            record["ms"] = ms
            self._emit(self.interview.record_latency("turn", u.gen, ms, speculative=u.speculative))
        if self.on_timeline is not None:
            self.on_timeline("turn", record)

    # --- voice → engine ---------------------------------------------------------------------------

    def on_voice(self, ev: VoiceEvent) -> None:  # on the loop, from the listening thread
        self._events.put_nowait(ev)

    async def run(self) -> None:
        self._loop = asyncio.get_running_loop()
        watcher = asyncio.create_task(self._watch_floor())
        try:
            while not self.closed and not self.interview.ended:
                ev = await self._events.get()
                if ev is None:  # close()
                    return
                if self.on_heard is not None:
                    self.on_heard(ev)
                self._sync_turn_taking()
                if ev.type == Hearing.ERROR:
                    self._emit(Notice(t=self.interview.now(), level="warning",
                                      text=f"voice input stopped ({ev.text}); keep typing, or leave and resume"))
                    return
                await self._handle(ev)
        finally:
            watcher.cancel()
            await self._drop_spec()

    def _sync_turn_taking(self) -> None:
        """Tell the turn judge what the interview is at: while the candidate writes code (the coding
        phase, and an edit in the last `CODING_RECENT_S`), narration is not a turn to answer (a
        question, a hand-over or a long silence is)."""
        judge = getattr(self.duplex, "judge", None)
        if judge is not None:
            s = self.interview.state
            typing = (bool(s.snapshots) and s.code_started
                      and self.interview.now() - s.snapshots[-1][0] <= CODING_RECENT_S)
            judge.coding = s.phase == Phase.CODE and typing

    async def _handle(self, ev: VoiceEvent) -> None:
        if ev.type == Hearing.SILENCE and self._pump_task is None and self.utterance is None:
            if any(_norm(sp.text) == _norm(ev.text) for sp in self.specs):
                return
            spec = self.interview.speculate(ev.text)
            if spec is not None:
                self.specs.append(spec)
                while len(self.specs) > 2:  # keep the first and the newest
                    await self.specs.pop(1).cancel()
        elif ev.type == Hearing.RESUMED:
            await self._drop_spec()
        elif ev.type == Hearing.BARGE_IN:
            await self._barged_in(ev)
        elif ev.type == Hearing.FINAL:
            if ev.during_floor or not ev.text.strip():
                return  # a back-channel or a noise while the interviewer spoke: not a turn
            await self._turn(ev)

    async def _drop_spec(self) -> None:
        specs, self.specs = self.specs, []
        for spec in specs:
            await spec.cancel()

    async def _barged_in(self, ev: VoiceEvent) -> None:
        gen = ev.gen
        if gen is None:
            return
        await self._cut(gen)
        marks = ev.marks
        onset = marks.get("onset")
        if onset is not None:
            ms = {"decided": round((marks["decided"] - onset) * 1000, 1),
                  "playback_stopped": round((marks["stopped"] - onset) * 1000, 1)}
            if "committed" in marks:
                ms["committed"] = round((marks["committed"] - onset) * 1000, 1)
            if self.on_timeline is not None:
                self.on_timeline("barge_in", {"gen": gen, "ms": ms, "host": dict(marks)})
            self._emit(self.interview.record_latency("barge_in", gen, ms))

    async def _cut(self, gen: int) -> None:
        """Drop utterance `gen`: stop its audio, its synthesis and its LLM stream; keep on record
        what was spoken, marked as cut off. A late cut (a barge-in on an utterance that was
        already cut, or that a newer one has followed) leaves the newer utterance alone."""
        if gen in self.dropped:
            return
        self.dropped.add(gen)
        self.player.cancel(gen)
        task = self._pump_task
        newer = self.utterance is not None and self.utterance.gen > gen  # the stream is a newer utterance's
        if task is not None and not task.done() and not newer:
            task.cancel()  # → the engine's stream closes the LLM's HTTP response (aclose)
            await asyncio.gather(task, return_exceptions=True)
        self.duplex.floor.release(gen)
        if self.utterance is not None and self.utterance.gen == gen:
            self.utterance = None
        spoken, _ = self.player.spoken(gen)
        cut = self.interview.interrupt(gen, spoken)
        if cut is not None:
            self._emit(cut)

    async def _turn(self, ev: VoiceEvent) -> None:
        text = ev.text.strip()
        u = self.utterance
        if u is not None:  # the candidate spoke before the answer was heard: it is moot now
            await self._cut(u.gen)
        elif self._pump_task is not None and not self._pump_task.done():
            self._pump_task.cancel()
            await asyncio.gather(self._pump_task, return_exceptions=True)
        # The earliest started answer whose words are close to the final ones: the furthest along.
        spec = next((sp for sp in self.specs if _close(sp.text, text)), None)
        if spec is not None:
            self.specs.remove(spec)
        await self._drop_spec()
        marks = dict(ev.marks)
        marks["speculative"] = spec is not None
        marks["heard"] = text
        marks["why"] = ev.why  # why the turn was taken to be over (the endpointer's / turn judge's reason)
        marks["evidence"] = ev.evidence
        self._pending_turn = marks
        self._pending_spec = spec
        async with self.lock:
            await self.pump(self.interview.say(text, speculation=spec))

    def close(self) -> None:
        """Stop `run()` (from any thread)."""
        self.closed = True
        loop = self._loop
        if loop is not None and not loop.is_closed():
            loop.call_soon_threadsafe(self._events.put_nowait, None)
