"""The terminal front end: a prompt-toolkit REPL around the engine, by keyboard (`--no-audio`) or
by voice and keyboard at once.

Typing talks to the interviewer, whose words stream in as they come. With a `VoiceKit`, every
engine event also goes through the `VoiceConversation`, which speaks the interviewer's words
(typed answers, nudges and the greeting alike), hears the candidate's turns, and stops talking
when the candidate talks over it.

Slash commands: /code (open $EDITOR on the current code, or paste it), /run, /hint, /show,
/finish, /help. The engine's clock is checked every few seconds while you think, so a long
silence brings a nudge like it would live.
"""

from __future__ import annotations

import asyncio
import os
import shlex
import subprocess
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import TYPE_CHECKING

from prompt_toolkit import PromptSession
from prompt_toolkit.history import InMemoryHistory
from prompt_toolkit.patch_stdout import patch_stdout
from rich.console import Console
from rich.markup import escape

from intervu_cli.engine.events import Event, InterviewerDelta, TestRunResult
from intervu_cli.engine.interview import Interview
from intervu_cli.frontends.render import show_problem

if TYPE_CHECKING:
    from intervu_cli.frontends.conversation import VoiceConversation

TICK_S = 5.0
HELP = """Type to talk to the interviewer. Commands:
  /code    edit your code ($EDITOR, or paste it and end with /endcode)
  /run     run the visible tests
  /submit  run the hidden tests too
  /hint    ask for a hint
  /show    show the problem again
  /finish  end the interview
  /help    this list
Ctrl+C or Ctrl+D leaves; the interview is saved and `intervu resume` continues it."""


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


class TextREPL:
    def __init__(self, interview: Interview, emit: Callable[[Event], None], code_dir: Path, console: Console,
                 voice: VoiceKit | None = None, *, show_voice: bool = True) -> None:
        self.voice = voice  # spoken: the interviewer talks, and what the candidate says goes in as a turn
        self.show_voice = show_voice  # print "… listening" and "you (voice)>" (not with --json)
        self.interview = interview
        self.emit = emit
        self.code_dir = code_dir
        self.console = console
        self.session: PromptSession[str] = PromptSession(history=InMemoryHistory())
        self._busy = asyncio.Lock()  # one engine call at a time: typed, spoken or the clock's
        self.conv: VoiceConversation | None = None

    async def _pump(self, stream: AsyncIterator[Event], *, protect_run: bool = False, typed: bool = False) -> None:
        conv = self.conv
        if conv is None:
            async for event in stream:
                self.emit(event)
            return
        if typed:
            await self._stop_talking()
        if protect_run:
            # A test run is not the interviewer talking: a turn spoken while it runs waits for its
            # result instead of cancelling it. The words after it can be interrupted as usual.
            async for event in stream:
                conv.emit(event)
                if isinstance(event, (TestRunResult, InterviewerDelta)):
                    break
            else:
                return
        await conv.pump(stream)  # a barge-in cancels just this stream (and the LLM's HTTP stream)

    async def _stop_talking(self) -> None:
        """The candidate typed something for the interviewer while it was still talking: as when
        they talk over it, it stops, and only what was heard stays on record."""
        await self.conv.interrupt_current()

    async def _ticker(self) -> None:
        while not self.interview.ended:
            await asyncio.sleep(TICK_S)
            if self._busy.locked():
                continue
            async with self._busy:
                await self._pump(self.interview.tick())

    async def _watch_end(self) -> None:
        """However the interview ends (a typed /finish, a spoken turn, the clock), stop waiting for a line."""
        while not self.interview.ended:
            await asyncio.sleep(0.2)
        if self.session.app.is_running:
            self.session.app.exit(result="")

    def _code_file(self) -> Path:
        ext = ".py" if self.interview.state.language == "python" else ".js"
        self.code_dir.mkdir(parents=True, exist_ok=True)
        return self.code_dir / f"{self.interview.session_id}{ext}"

    async def _edit_code(self) -> str | None:
        editor = os.environ.get("VISUAL") or os.environ.get("EDITOR")
        if editor:
            path = self._code_file()
            path.write_text(self.interview.state.code, encoding="utf-8")
            try:
                await asyncio.to_thread(subprocess.call, [*shlex.split(editor), str(path)])
            except OSError as exc:
                self.console.print(f"[yellow]! could not start {editor!r} ({exc}); paste the code instead[/]")
            else:
                return path.read_text(encoding="utf-8")
        self.console.print("[dim]Paste your code; finish with a line holding only /endcode.[/]")
        lines: list[str] = []
        while True:
            line = await self.session.prompt_async("... ")
            if line.strip() == "/endcode":
                return "\n".join(lines) + "\n"
            lines.append(line)

    def _heard(self, ev) -> None:
        """What the listening thread reports, as the conversation sees it (it acts on it itself)."""
        if not self.show_voice:
            return
        if ev.type == "speech_start":
            self.console.print("[dim]… listening[/]")
        elif ev.type == "final" and ev.text.strip() and not ev.during_floor:
            self.console.print(f"[bold]you (voice)>[/] {escape(ev.text.strip())}")
        # An `error` is shown by the conversation itself, as a notice: "voice input stopped (...)".

    def _speaking(self) -> bool:
        conv, player = self.conv, self.voice.player
        u = conv.utterance
        if u is not None and u.gen not in conv.dropped:
            return conv.still_speaking(u)
        return player.sounding or conv._pump_task is not None

    async def _let_it_finish(self, limit_s: float = 60.0) -> None:
        """The interview is over: let the interviewer's last words play out (Ctrl+C cuts them)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + limit_s
        quiet_since = None
        while loop.time() < deadline:
            if self._speaking():
                quiet_since = None
            elif quiet_since is None:
                quiet_since = loop.time()
            elif loop.time() - quiet_since >= 0.3:  # between two chunks the player may be empty briefly
                return
            await asyncio.sleep(0.05)

    async def run(self, notices: tuple[str, ...] = ()) -> bool:
        tasks: list[asyncio.Task] = []
        if self.interview.llm is not None:
            tasks.append(asyncio.create_task(self.interview.warm_llm()))  # while the greeting plays
        if self.voice is not None:
            from intervu_cli.frontends.conversation import VoiceConversation

            kit = self.voice
            conv = self.conv = kit.conv = VoiceConversation(
                self.interview, kit.duplex, kit.player, kit.tts, self.emit, lock=self._busy, on_heard=self._heard)
            kit.duplex.start(asyncio.get_running_loop(), conv.on_voice)  # the mic is open from the greeting on
            tasks.append(asyncio.create_task(conv.run()))
        try:
            async with self._busy:
                await self._pump(self.interview.start(notices))
            self.console.print("[dim]Type /help for commands.[/]" + (" [dim]Talk, or type.[/]" if self.voice else ""))
            tasks.append(asyncio.create_task(self._ticker()))
            tasks.append(asyncio.create_task(self._watch_end()))
            with patch_stdout(raw=True):
                while not self.interview.ended:
                    line = (await self.session.prompt_async("you> ")).strip()
                    if not line:
                        continue
                    async with self._busy:
                        await self._handle(line)
            if self.conv is not None:
                await self._let_it_finish()
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            if self.conv is not None:
                self.conv.close()
        return self.interview.ended

    async def _handle(self, line: str) -> None:
        iv = self.interview
        if not line.startswith("/"):
            await self._pump(iv.say(line), typed=True)
            return
        command = line.split()[0]
        if command == "/help":
            self.console.print(HELP)
        elif command == "/show":
            show_problem(iv.problem, iv.state.language, self.console)
        elif command == "/code":
            code = await self._edit_code()
            if code is not None:
                await self._pump(iv.code(code), protect_run=True, typed=True)
        elif command == "/run":
            await self._pump(iv.run(hidden=line.split()[1:] == ["hidden"]), protect_run=True, typed=True)
        elif command == "/submit":
            await self._pump(iv.run(hidden=True), protect_run=True, typed=True)
        elif command == "/hint":
            await self._pump(iv.hint(), typed=True)
        elif command == "/finish":
            await self._pump(iv.finish(), protect_run=True, typed=True)
        else:
            self.console.print(f"[yellow]! unknown command {command}; /help lists them[/]")
