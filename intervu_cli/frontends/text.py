"""The keyboard front end (`--no-audio`): a prompt-toolkit REPL around the engine.

Typing talks to the interviewer, whose words stream in as they come. Slash commands: /code (open
$EDITOR on the current code, or paste it), /run, /hint, /show, /finish, /help. The engine's clock
is checked every few seconds while you think, so a long silence brings a nudge like it would live.
"""

from __future__ import annotations

import asyncio
import os
import shlex
import subprocess
from collections.abc import AsyncIterator, Callable
from pathlib import Path

from prompt_toolkit import PromptSession
from prompt_toolkit.history import InMemoryHistory
from prompt_toolkit.patch_stdout import patch_stdout
from rich.console import Console

from intervu_cli.engine.events import Event
from intervu_cli.engine.interview import Interview
from intervu_cli.frontends.render import show_problem

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


class TextREPL:
    def __init__(self, interview: Interview, emit: Callable[[Event], None], code_dir: Path, console: Console,
                 voice=None) -> None:
        self.voice = voice  # a VoiceInput: what the candidate says goes in as if typed
        self.interview = interview
        self.emit = emit
        self.code_dir = code_dir
        self.console = console
        self.session: PromptSession[str] = PromptSession(history=InMemoryHistory())
        self._busy = asyncio.Lock()

    async def _pump(self, stream: AsyncIterator[Event]) -> None:
        async for event in stream:
            self.emit(event)

    async def _ticker(self) -> None:
        while not self.interview.ended:
            await asyncio.sleep(TICK_S)
            if self._busy.locked():
                continue
            async with self._busy:
                await self._pump(self.interview.tick())
            if self.interview.ended and self.session.app.is_running:
                self.session.app.exit(result="")  # time is up: stop waiting for a line

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

    async def _spoken(self, queue: asyncio.Queue) -> None:
        while not self.interview.ended:
            heard = await queue.get()
            if heard.type == "error":
                self.console.print(f"[yellow]! voice input stopped ({heard.text}); keep typing, or leave and resume[/]")
                return
            if heard.type == "speech_start":
                self.console.print("[dim]… listening[/]")
            elif heard.type == "final" and heard.text:
                self.console.print(f"[bold]you (voice)>[/] {heard.text}")
                async with self._busy:
                    await self._handle(heard.text)
                if self.interview.ended and self.session.app.is_running:
                    self.session.app.exit(result="")

    async def run(self, notices: tuple[str, ...] = ()) -> bool:
        await self._pump(self.interview.start(notices))
        self.console.print("[dim]Type /help for commands.[/]" + (" [dim]Speak, or type.[/]" if self.voice else ""))
        ticker = asyncio.create_task(self._ticker())
        spoken = None
        if self.voice is not None:
            queue: asyncio.Queue = asyncio.Queue()
            self.voice.start(asyncio.get_running_loop(), queue.put_nowait)
            spoken = asyncio.create_task(self._spoken(queue))
        try:
            with patch_stdout(raw=True):
                while not self.interview.ended:
                    line = (await self.session.prompt_async("you> ")).strip()
                    if not line:
                        continue
                    async with self._busy:
                        await self._handle(line)
        finally:
            ticker.cancel()
            if spoken is not None:
                spoken.cancel()
        return self.interview.ended

    async def _handle(self, line: str) -> None:
        iv = self.interview
        if not line.startswith("/"):
            await self._pump(iv.say(line))
            return
        command = line.split()[0]
        if command == "/help":
            self.console.print(HELP)
        elif command == "/show":
            show_problem(iv.problem, iv.state.language, self.console)
        elif command == "/code":
            code = await self._edit_code()
            if code is not None:
                await self._pump(iv.code(code))
        elif command == "/run":
            await self._pump(iv.run(hidden=line.split()[1:] == ["hidden"]))
        elif command == "/submit":
            await self._pump(iv.run(hidden=True))
        elif command == "/hint":
            await self._pump(iv.hint())
        elif command == "/finish":
            await self._pump(iv.finish())
        else:
            self.console.print(f"[yellow]! unknown command {command}; /help lists them[/]")
