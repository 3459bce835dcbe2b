"""The scripted front end: an interview driven by a file (or standard input, line by line).

    # a comment
    Can the array be empty?          <- plain lines are what the candidate says
    /code                            <- replaces the code buffer with the lines up to /endcode
    def two_sum(nums, target): ...
    /endcode
    /run                             <- runs the visible tests
    /hint                            <- asks for a hint
    /wait 120                        <- advances the session clock without sleeping
    /finish                          <- ends the interview
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from intervu_cli.engine.clock import ManualClock
from intervu_cli.engine.events import Event
from intervu_cli.engine.interview import Interview

TICK_S = 5.0  # the live front ends tick this often too
COMMANDS = ("/code", "/endcode", "/run", "/hint", "/wait", "/finish")


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


def parse(lines: Iterable[str]) -> Iterator[Step]:
    """Steps from script lines, as they come (so standard input can drive a live interview)."""
    code_start: int | None = None
    code: list[str] = []
    number = 0
    for number, raw in enumerate(lines, 1):
        line = raw.rstrip("\r\n")
        if code_start is not None:
            if line.strip() == "/endcode":
                yield Step("code", code_start, text="\n".join(code) + "\n")
                code_start, code = None, []
            else:
                code.append(line)
            continue
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if not stripped.startswith("/"):
            yield Step("say", number, text=stripped)
            continue
        command, _, arg = stripped.partition(" ")
        arg = arg.strip()
        if command == "/code":
            if arg:
                raise ScriptError(number, "/code takes no argument; put the code on the lines after it")
            code_start = number
        elif command == "/endcode":
            raise ScriptError(number, "/endcode without a /code before it")
        elif command in ("/run", "/hint", "/finish"):
            if arg and not (command == "/run" and arg == "hidden"):
                raise ScriptError(number, f"{command} takes no argument")
            yield Step(command[1:], number, text=arg)
        elif command == "/wait":
            try:
                seconds = float(arg)
            except ValueError:
                raise ScriptError(number, f"/wait needs a number of seconds, not {arg!r}") from None
            if seconds < 0 or seconds != seconds:
                raise ScriptError(number, "/wait needs a positive number of seconds")
            yield Step("wait", number, seconds=seconds)
        else:
            raise ScriptError(number, f"unknown command {command!r}; known: {', '.join(COMMANDS)}")
    if code_start is not None:
        raise ScriptError(code_start, "/code is never closed by /endcode")


async def drive(interview: Interview, steps: Iterable[Step], emit: Callable[[Event], None], clock: ManualClock, notices: tuple[str, ...] = ()) -> bool:
    """Run the steps through the engine. Returns True when the interview reached its end."""
    async for event in interview.start(notices):
        emit(event)
    for step in steps:
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
