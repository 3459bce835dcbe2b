"""The terminal front end: a prompt-toolkit REPL around the engine, by keyboard (`--no-audio`) or
by voice and keyboard at once.

Typing talks to the interviewer, whose words stream in as they come. With a `VoiceKit`, every
engine event also goes through the `VoiceConversation`, which speaks the interviewer's words
(typed answers, nudges and the greeting alike), hears the candidate's turns, and stops talking
when the candidate talks over it.

Slash commands (`frontends.commands`, as every front end parses them): /code (open $EDITOR on the
current code, or paste it), /run, /submit, /hint, /show, /finish, /quit, /help. The engine's clock
is checked every few seconds while you think, so a long silence brings a nudge like it would live.
"""

from __future__ import annotations

import asyncio
import os
import shlex
import subprocess
from collections.abc import Callable
from pathlib import Path

from prompt_toolkit import PromptSession
from prompt_toolkit.history import InMemoryHistory
from prompt_toolkit.patch_stdout import patch_stdout
from rich.console import Console

from intervu_cli.core.files import SOLUTION_LIMIT, FileLimitError, read_text
from intervu_cli.core.vocab import Hearing
from intervu_cli.core.events import Event, SessionStarted
from intervu_cli.engine.interview import Interview
from intervu_cli.frontends.commands import Command, CommandError, Frontend, ends_code, help_lines, parse
from intervu_cli.session.driver import Driver, VoiceKit
from intervu_cli.frontends.render import show_problem, shown

HELP = "\n".join([
    "Type to talk to the interviewer. Commands:",
    *(f"  {usage:<8} {does}" for usage, does in help_lines(Frontend.REPL)),
    "Ctrl+C or Ctrl+D leaves too.",
])


class TextREPL:
    def __init__(self, interview: Interview, emit: Callable[[Event], None], code_dir: Path, console: Console,
                 voice: VoiceKit | None = None, *, show_voice: bool = True, problem_first: bool = True) -> None:
        self.voice = voice
        self.show_voice = show_voice  # print "… listening" and "you (voice)>" (not with --json)
        self.problem_first = problem_first  # print the problem as the session starts (not with --json)
        self.interview = interview
        self.emit = emit
        self.code_dir = code_dir
        self.console = console
        self.session: PromptSession[str] = PromptSession(history=InMemoryHistory())
        self.driver = Driver(interview, self._emit, voice, on_heard=self._heard)
        self.leaving = False  # /quit: leave the interview where it is (resumable)

    def _emit(self, event: Event) -> None:
        """Every event as `emit` shows it; right after the session's first line, the problem, so it
        is on screen before the interviewer asks you to read it (a resumed session's too)."""
        self.emit(event)
        if isinstance(event, SessionStarted) and self.problem_first:
            self.console.print()
            show_problem(self.interview.problem, self.interview.state.language, self.console)
            self.console.print()

    async def _watch_end(self) -> None:
        """However the interview ends (a typed /finish, a spoken turn, the clock), stop waiting for a line."""
        await self.interview.wait_ended()
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
                self.console.print(f"[yellow]! could not start {shown(repr(editor))} ({shown(exc)}); paste the code "
                                   "instead[/]")
            else:
                try:
                    return read_text(path, "code file", SOLUTION_LIMIT)
                except (OSError, UnicodeDecodeError, FileLimitError) as exc:
                    self.console.print(f"[yellow]! {shown(exc)}; paste the code instead[/]")
        self.console.print("[dim]Paste your code; finish with a line holding only /endcode.[/]")
        lines: list[str] = []
        while True:
            line = await self.session.prompt_async("... ")
            if ends_code(line):
                return "\n".join(lines) + "\n"
            lines.append(line)

    def _heard(self, ev) -> None:
        """What the listening thread reports, as the conversation sees it (it acts on it itself)."""
        if not self.show_voice:
            return
        if ev.type == Hearing.SPEECH_START:
            self.console.print("[dim]… listening[/]")
        elif ev.type == Hearing.FINAL and ev.text.strip() and not ev.during_floor:
            self.console.print(f"[bold]you (voice)>[/] {shown(ev.text.strip())}")
        # An `error` is shown by the conversation itself, as a notice: "voice input stopped (...)".

    async def run(self, notices: tuple[str, ...] = ()) -> bool:
        driver = self.driver
        watcher = None
        try:
            await driver.start(notices)
            self.console.print("[dim]Type /help for commands.[/]" + (" [dim]Talk, or type.[/]" if self.voice else ""))
            watcher = asyncio.create_task(self._watch_end())
            with patch_stdout(raw=True):
                while not self.interview.ended and not self.leaving:
                    line = (await self.session.prompt_async("you> ")).strip()
                    if not line:
                        continue
                    async with driver.busy:
                        await self._handle(line)
            if self.interview.ended:
                await driver.let_it_finish()
        finally:
            if watcher is not None:
                watcher.cancel()
                await asyncio.gather(watcher, return_exceptions=True)
            await driver.stop()
        return self.interview.ended

    async def _handle(self, line: str) -> None:
        iv = self.interview
        try:
            parsed = parse(line, Frontend.REPL)
        except CommandError as exc:
            self.console.print(f"[yellow]! {shown(exc)}[/]")
            return
        if parsed is None:
            await self.driver.pump(iv.say(line), typed=True)
            return
        command = parsed.command
        if command is Command.HELP:
            self.console.print(HELP, markup=False)
        elif command is Command.SHOW:
            show_problem(iv.problem, iv.state.language, self.console)
        elif command is Command.CODE:
            code = await self._edit_code()
            if code is not None:
                await self.driver.pump(iv.code(code), protect_run=True, typed=True)
        elif command in (Command.RUN, Command.SUBMIT):
            await self.driver.pump(iv.run(hidden=command is Command.SUBMIT), protect_run=True, typed=True)
        elif command is Command.HINT:
            await self.driver.pump(iv.hint(), typed=True)
        elif command is Command.FINISH:
            await self.driver.pump(iv.finish(), protect_run=True, typed=True)
        elif command is Command.QUIT:
            self.leaving = True
