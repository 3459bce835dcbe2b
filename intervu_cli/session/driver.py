"""What every interactive front end does around the engine, whatever draws it (the prompt-toolkit
REPL, the Textual app):

- one engine call at a time (typed, spoken, the clock's ticks, code snapshots), on the caller's
  asyncio loop;
- the engine's events go to the front end's `emit`, and, in a spoken interview, through the
  `VoiceConversation` that speaks them and can cut them short;
- the LLM is warmed up beside the greeting, and the clock ticks every few seconds, so a long
  silence brings a nudge as it would live;
- when the interview ends, the interviewer's last words are let play out.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from typing import TYPE_CHECKING

from intervu_cli.core.events import Event, InterviewerDelta, TestRunResult
from intervu_cli.engine.interview import Interview

if TYPE_CHECKING:
    from intervu_cli.session.conversation import VoiceConversation
    from intervu_cli.voice.duplex.listener import VoiceEvent

from intervu_cli.engine.clock import TICK_S


class VoiceKit:
    """What a spoken interview needs, opened by the CLI before the interview starts: the speaker
    (`Player`), the always-open microphone with its echo canceller and barge-in detector
    (`DuplexListener`) and the TTS worker. The REPL builds the `VoiceConversation` that ties them
    to the engine on its own event loop; `close()` stops every thread and stream, whatever was
    opened."""

    def __init__(self, player=None, duplex=None, tts=None) -> None:
        self.player = player
        self.duplex = duplex
        self.tts = tts
        self.conv: VoiceConversation | None = None
        self.closing = False

    @property
    def mic(self):
        return self.duplex.mic if self.duplex is not None else None

    # The TTS worker's callbacks, which reach the conversation once it exists.
    def deliver(self, job, samples, done_t: float) -> None:
        conv = self.conv
        if conv is not None and not self.closing:
            conv.deliver(job, samples, done_t)

    def is_current(self, gen: int) -> bool:
        conv = self.conv
        return conv is not None and not self.closing and conv.is_current(gen)

    @property
    def stats(self) -> str:
        mic, player = self.mic, self.player
        parts = []
        if mic is not None:
            parts.append(f"{mic.overflows} input overflows, {mic.dropped} blocks dropped")
        if player is not None:
            parts.append(f"{player.underflows} output underflows")
        return ", ".join(parts)

    @property
    def troubled(self) -> bool:
        """Did the microphone lose audio? (Worth a line at the end; an underflow of the speaker
        while it plays silence is not.)"""
        mic = self.mic
        return bool(mic is not None and (mic.overflows or mic.dropped))

    def close(self) -> None:
        """Conversation, listening thread (mic and recognizer), TTS thread, speaker: in that
        order, each one even if another fails. Closing twice does nothing more."""
        if self.closing:
            return
        self.closing = True  # the TTS thread drops what it still holds instead of waiting to play it
        for close in (self.conv.close if self.conv is not None else None,
                      self.duplex.close if self.duplex is not None else None,
                      self.tts.close if self.tts is not None else None,
                      self.player.close if self.player is not None else None):
            if close is None:
                continue
            try:
                close()
            except Exception:  # noqa: BLE001 - a device that vanished must not keep the others open
                pass


class Driver:
    def __init__(self, interview: Interview, emit: Callable[[Event], None], voice: VoiceKit | None = None, *,
                 on_heard: Callable[[VoiceEvent], None] | None = None, warm: bool = True) -> None:
        self.interview = interview
        self.emit = emit
        self.voice = voice  # spoken: the interviewer talks, and what the candidate says goes in as a turn
        self.on_heard = on_heard
        self.warm = warm
        self.busy = asyncio.Lock()  # one engine call at a time: typed, spoken or the clock's
        self.conv: VoiceConversation | None = None
        self.warming: asyncio.Task | None = None
        self._tasks: list[asyncio.Task] = []

    # --- the engine's streams -------------------------------------------------------------------

    async def pump(self, stream: AsyncIterator[Event], *, protect_run: bool = False, typed: bool = False) -> None:
        """Drain one engine stream into `emit` (and the voice). `typed`: the candidate typed
        something for the interviewer, so if it is still talking it stops, as when they talk over
        it. `protect_run`: a test run is not the interviewer talking, so a turn spoken while it
        runs waits for its result instead of cancelling it."""
        conv = self.conv
        if conv is None:
            async for event in stream:
                self.emit(event)
            return
        if typed:
            await conv.interrupt_current()
        if protect_run:
            async for event in stream:
                conv.emit(event)
                if isinstance(event, (TestRunResult, InterviewerDelta)):
                    break
            else:
                return
        await conv.pump(stream)  # a barge-in cancels just this stream (and the LLM's HTTP stream)

    async def call(self, stream: AsyncIterator[Event], *, protect_run: bool = False, typed: bool = False) -> None:
        """`pump` with the engine to ourselves."""
        async with self.busy:
            await self.pump(stream, protect_run=protect_run, typed=typed)

    # --- the session's life -----------------------------------------------------------------------

    async def start(self, notices: tuple[str, ...] = ()) -> None:
        """Warm the LLM, open the ears, say the greeting, start the clock's ticks."""
        iv = self.interview
        if iv.llm is not None and self.warm:
            self.warming = asyncio.create_task(self._check_model())  # while the greeting plays
            self._tasks.append(self.warming)
        if self.voice is not None:
            from intervu_cli.session.conversation import VoiceConversation

            kit = self.voice
            conv = self.conv = kit.conv = VoiceConversation(
                iv, kit.duplex, kit.player, kit.tts, self.emit, lock=self.busy, on_heard=self.on_heard)
            kit.duplex.start(asyncio.get_running_loop(), conv.on_voice)  # the mic is open from the greeting on
            self._tasks.append(asyncio.create_task(conv.run()))
        await self.call(iv.start(notices))
        self._tasks.append(asyncio.create_task(self._ticker()))

    async def _check_model(self) -> float | None:
        """The warm-up is the session's one check of its model: when it fails, the candidate is told
        at once (one notice, naming the model and its address), not at their first turn, and every
        turn is worded from the built-in lines until a probe finds it back (llm.ModelHealth)."""
        ms = await self.interview.warm_llm()
        if ms is None:
            await self.call(self.interview.model_news())
        return ms

    async def _ticker(self) -> None:
        while not self.interview.ended:
            await asyncio.sleep(TICK_S)
            if self.busy.locked():
                continue
            await self.call(self.interview.tick())

    def speaking(self) -> bool:
        """Is the interviewer's voice still to be heard (words to come, to synthesize or to play)?"""
        conv = self.conv
        if conv is None:
            return False
        u = conv.utterance
        if u is not None and u.gen not in conv.dropped:
            return conv.still_speaking(u)
        return self.voice.player.sounding or conv._pump_task is not None

    async def let_it_finish(self, limit_s: float = 60.0) -> None:
        """The interview is over: let the interviewer's last words play out."""
        if self.conv is None:
            return
        loop = asyncio.get_running_loop()
        deadline = loop.time() + limit_s
        quiet_since = None
        while loop.time() < deadline:
            if self.speaking():
                quiet_since = None
            elif quiet_since is None:
                quiet_since = loop.time()
            elif loop.time() - quiet_since >= 0.3:  # between two chunks the player may be empty briefly
                return
            await asyncio.sleep(0.05)

    async def stop(self) -> None:
        """Cancel the ticks, the warm-up and the conversation; stop listening."""
        tasks, self._tasks = self._tasks, []
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        if self.conv is not None:
            self.conv.close()
