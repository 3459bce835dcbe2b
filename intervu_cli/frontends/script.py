"""The scripted front end: an interview driven by a file (or standard input, line by line).

    # a comment
    Can the array be empty?          <- plain lines are what the candidate says
    /code                            <- replaces the code buffer with the lines up to /endcode
    def two_sum(nums, target): ...
    /endcode
    /run                             <- runs the visible tests
    /submit                          <- runs the hidden tests too (so does /run hidden)
    /hint                            <- asks for a hint
    /wait 120                        <- advances the session clock without sleeping
    /finish                          <- ends the interview

The commands are parsed as every front end parses them (`frontends.commands`); those a script cannot
do (/show, /help, /quit) make it malformed, as any bad line does, before anything starts.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator, Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TextIO

from intervu_cli.core.files import SCRIPT_LIMIT
from intervu_cli.engine.clock import TICK_S, ManualClock
from intervu_cli.core.events import Event
from intervu_cli.engine.interview import Interview
from intervu_cli.frontends.commands import Command, CommandError, Frontend, ends_code
from intervu_cli.frontends.commands import parse as parse_command

_STEPS = {Command.RUN: "run", Command.HINT: "hint", Command.FINISH: "finish"}


class ScriptError(Exception):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(f"line {line}: {message}")
        self.line = line


@dataclass(frozen=True)
class Step:
    kind: str  # say | code | run | hint | wait | finish
    line: int
    text: str = ""
    seconds: float = 0.0


class Parser:
    """Turns script lines into steps as they come, so standard input can drive a live interview."""

    def __init__(self) -> None:
        self.number = 0
        self._code_start: int | None = None
        self._code: list[str] = []

    def feed(self, raw: str) -> list[Step]:
        self.number += 1
        number, line = self.number, raw.rstrip("\r\n")
        if self._code_start is not None:
            if ends_code(line):
                step = Step("code", self._code_start, text="\n".join(self._code) + "\n")
                self._code_start, self._code = None, []
                return [step]
            self._code.append(line)
            return []
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            return []
        try:
            parsed = parse_command(stripped, Frontend.SCRIPT)
        except CommandError as exc:
            raise ScriptError(number, str(exc)) from None
        if parsed is None:
            return [Step("say", number, text=stripped)]
        command = parsed.command
        if command is Command.CODE:
            self._code_start = number
            return []
        if command is Command.ENDCODE:
            raise ScriptError(number, "/endcode without a /code before it")
        if command is Command.WAIT:
            return [Step("wait", number, seconds=parsed.arg or 0.0)]
        if command is Command.SUBMIT:
            return [Step("run", number, text="hidden")]
        return [Step(_STEPS[command], number)]  # the parser let through no command a script cannot do

    def close(self) -> None:
        if self._code_start is not None:
            raise ScriptError(self._code_start, "/code is never closed by /endcode")


def parse(lines: Iterable[str]) -> Iterator[Step]:
    parser = Parser()
    for line in lines:
        yield from parser.feed(line)
    parser.close()


_TOO_LONG = object()  # a line longer than SCRIPT_LIMIT came in (standard input from /dev/zero, say)


async def parse_stream(stream: TextIO) -> AsyncIterator[Step]:
    """Steps from a stream read on a daemon thread, so the event loop (and Ctrl+C) stay live. A line
    is read to at most SCRIPT_LIMIT characters: one without an end is a ScriptError, not memory
    that grows without bound."""
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[object] = asyncio.Queue()

    def reader() -> None:
        try:
            while line := stream.readline(SCRIPT_LIMIT + 1):
                if len(line) > SCRIPT_LIMIT:
                    loop.call_soon_threadsafe(queue.put_nowait, _TOO_LONG)
                    return
                loop.call_soon_threadsafe(queue.put_nowait, line)
            loop.call_soon_threadsafe(queue.put_nowait, None)
        except (RuntimeError, ValueError, OSError):
            return  # the loop closed (the interview was interrupted) or the stream did: nothing to hand on

    threading.Thread(target=reader, name="script-stdin", daemon=True).start()
    parser = Parser()
    while (line := await queue.get()) is not None:
        if line is _TOO_LONG:
            raise ScriptError(parser.number + 1, f"is longer than {SCRIPT_LIMIT // (1024 * 1024)} MB; "
                                                 "end each line of the script with a newline")
        for step in parser.feed(str(line)):
            yield step
    parser.close()


async def _each(steps: Iterable[Step] | AsyncIterator[Step]) -> AsyncIterator[Step]:
    if hasattr(steps, "__aiter__"):
        async for step in steps:
            yield step
    else:
        for step in steps:
            yield step


async def drive(interview: Interview, steps: Iterable[Step] | AsyncIterator[Step], emit: Callable[[Event], None],
                clock: ManualClock, notices: tuple[str, ...] = ()) -> bool:
    """Run the steps through the engine. Returns True when the interview reached its end."""
    async for event in interview.start(notices):
        emit(event)
    async for step in _each(steps):
        if interview.ended:
            break
        if step.kind == "say":
            stream = interview.say(step.text)
        elif step.kind == "code":
            stream = interview.code(step.text)
        elif step.kind == "run":
            stream = interview.run(hidden=step.text == "hidden")
        elif step.kind == "hint":
            stream = interview.hint()
        elif step.kind == "finish":
            stream = interview.finish()
        else:  # wait: time passes as it would live, the engine looking at the clock every TICK_S
            left = step.seconds
            while left > 0 and not interview.ended:
                clock.advance(min(TICK_S, left))
                left -= TICK_S
                async for event in interview.tick():
                    emit(event)
            continue
        async for event in stream:
            emit(event)
    return interview.ended
