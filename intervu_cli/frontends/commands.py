"""The slash commands, one parser for every front end: the full-screen app, the `--plain` REPL and
scripts.

`parse(line)` tells a command from plain speech (None) and checks its argument; given the front
end, it also answers a command that front end cannot do with one line saying what to use instead.
Every problem is a `CommandError` whose message is that one line. `COMMANDS` is the one table of
the commands and their help, which every front end's help is made from.

What each command does, everywhere:

- `/run` runs the visible tests; `/submit` (and `/run hidden`, the same command) the hidden ones too.
- `/hint` asks for a hint; `/finish` ends the interview (the app asks first, as F10 does).
- `/show` shows the problem: printed again in the REPL, the Problem tab in the app. A script has no
  screen to show it on.
- `/code` writes code: the app moves to its editor, the REPL opens $EDITOR (or takes the code pasted
  up to `/endcode`), a script takes the lines up to `/endcode`.
- `/quit` leaves, the interview saved for `intervu resume` (a script leaves where it ends).
- `/help` lists the commands (a script has nobody to show them to).
- `/wait SECONDS` and `/endcode` belong to scripts (the REPL's paste mode ends on `/endcode` too).
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum


class Command(Enum):
    CODE = "/code"
    ENDCODE = "/endcode"
    RUN = "/run"
    SUBMIT = "/submit"
    HINT = "/hint"
    SHOW = "/show"
    WAIT = "/wait"
    FINISH = "/finish"
    QUIT = "/quit"
    HELP = "/help"


class Frontend(Enum):
    TUI = "tui"  # the full-screen app
    REPL = "repl"  # the line-by-line REPL (`--plain`)
    SCRIPT = "script"  # `--script FILE`


@dataclass(frozen=True)
class Parsed:
    command: Command
    arg: float | None = None  # the seconds of /wait; None for every other command


class CommandError(ValueError):
    """A line that is a command, but not one that can be done: the message says why, in one line."""


@dataclass(frozen=True)
class Spec:
    command: Command
    help: str  # what it does, in one line
    usage: str = ""  # as the help shows it, when not just the command
    takes: str = ""  # its argument: "" none, "hidden" an optional `hidden`, "seconds" a number of seconds
    help_in: Mapping[Frontend, str] = field(default_factory=dict)  # a front end that does it its own way
    # A front end that cannot do it: the one line it answers instead ({look}: where its commands are listed).
    not_in: Mapping[Frontend, str] = field(default_factory=dict)

    @property
    def shown(self) -> str:
        return self.usage or self.command.value

    def does_in(self, frontend: Frontend) -> bool:
        return frontend not in self.not_in

    def help_for(self, frontend: Frontend) -> str:
        return self.help_in.get(frontend, self.help)


_WAIT_ELSEWHERE = "/wait only works in a script: here the clock runs by itself"
COMMANDS: tuple[Spec, ...] = (
    Spec(Command.CODE, "write your code",
         help_in={Frontend.TUI: "move to the code editor (F2 moves back)",
                  Frontend.REPL: "edit your code ($EDITOR, or paste it and end with /endcode)",
                  Frontend.SCRIPT: "the lines up to /endcode replace the code"}),
    Spec(Command.ENDCODE, "end the code after /code",
         not_in={Frontend.TUI: "/endcode: nothing to end, the editor sends your code as you type",
                 Frontend.REPL: "/endcode only ends code pasted after /code"}),
    Spec(Command.RUN, "run the visible tests", takes="hidden"),
    Spec(Command.SUBMIT, "run the hidden tests too (so does /run hidden)"),
    Spec(Command.HINT, "ask for a hint"),
    Spec(Command.SHOW, "show the problem again",
         help_in={Frontend.TUI: "show the problem (the Problem tab)"},
         not_in={Frontend.SCRIPT: "/show has no screen to show the problem on in a script; "
                                  "`intervu show SLUG` prints it"}),
    Spec(Command.WAIT, "advance the session clock, without sleeping", usage="/wait SECONDS", takes="seconds",
         not_in={Frontend.TUI: _WAIT_ELSEWHERE, Frontend.REPL: _WAIT_ELSEWHERE}),
    Spec(Command.FINISH, "end the interview (the hidden tests run too)",
         help_in={Frontend.TUI: "end the interview (asks first, as F10 does; the hidden tests run too)"}),
    Spec(Command.QUIT, "leave; the interview is saved and `intervu resume` continues it",
         not_in={Frontend.SCRIPT: "/quit: a script leaves where it ends (and `intervu resume` continues it)"}),
    Spec(Command.HELP, "this list",
         help_in={Frontend.TUI: "the keys and the commands (F1)"},
         not_in={Frontend.SCRIPT: "/help: a script has nobody to show help to; {look}"}),
)
_BY_NAME: dict[str, Spec] = {spec.command.value: spec for spec in COMMANDS}


def available(frontend: Frontend) -> list[Spec]:
    """The commands a front end does, in the table's order."""
    return [spec for spec in COMMANDS if spec.does_in(frontend)]


def help_lines(frontend: Frontend) -> list[tuple[str, str]]:
    """(usage, what it does) for each command the front end does."""
    return [(spec.shown, spec.help_for(frontend)) for spec in available(frontend)]


def where_to_look(frontend: Frontend) -> str:
    """What an unknown command's answer points to, in each front end."""
    if frontend is Frontend.TUI:
        return "F1 lists the keys and commands"
    if frontend is Frontend.REPL:
        return "/help lists the commands"
    return "a script takes " + ", ".join(spec.shown for spec in available(frontend))


# What a candidate may type for a command, by habit from elsewhere: suggested, never done.
_LIKE = {"/exit": Command.QUIT, "/q": Command.QUIT, "/stop": Command.QUIT, "/leave": Command.QUIT,
         "/edit": Command.CODE, "/editor": Command.CODE, "/test": Command.RUN, "/tests": Command.RUN,
         "/problem": Command.SHOW, "/done": Command.FINISH, "/end": Command.FINISH, "/?": Command.HELP,
         "/h": Command.HELP, "/commands": Command.HELP}


def suggest(name: str, frontend: Frontend | None = None) -> str | None:
    """The known command closest to an unknown one (among those the front end does), if any is close."""
    names = [spec.command.value for spec in (available(frontend) if frontend is not None else COMMANDS)]
    like = _LIKE.get(name)
    if like is not None:
        return like.value if like.value in names else None
    close = difflib.get_close_matches(name, names, n=1, cutoff=0.6)
    return close[0] if close else None


def ends_code(line: str) -> bool:
    """Does this line end a block of code started by /code (in a script, or pasted in the REPL)?"""
    return line.strip().lower() == Command.ENDCODE.value


def parse(line: str, frontend: Frontend | None = None) -> Parsed | None:
    """The command on a line, or None when the line is plain speech (it does not start with a
    slash). Raises `CommandError` for an unknown command, a bad argument, or (given the front end) a
    command that front end cannot do: a line with a slash first never goes to the interviewer."""
    text = line.strip()
    if not text.startswith("/"):
        return None
    name, *rest = text.split(maxsplit=1)
    name = name.lower()
    arg = rest[0].strip() if rest else ""
    spec = _BY_NAME.get(name)
    if spec is None:
        guess = suggest(name, frontend)
        raise CommandError(f"unknown command {name!r}" + (f" (did you mean {guess}?)" if guess else "")
                           + (f"; {where_to_look(frontend)}" if frontend is not None else ""))
    if frontend is not None and not spec.does_in(frontend):
        raise CommandError(spec.not_in[frontend].replace("{look}", where_to_look(frontend)))
    if spec.takes == "seconds":
        try:
            seconds = float(arg)
        except ValueError:
            seconds = -1.0
        if not (math.isfinite(seconds) and seconds >= 0):
            raise CommandError(f"/wait needs a number of seconds (0 or more), not {arg!r}" if arg
                               else "/wait needs a number of seconds, as in /wait 60")
        return Parsed(spec.command, seconds)
    if spec.takes == "hidden" and arg.lower() == "hidden":
        return Parsed(Command.SUBMIT)  # /run hidden is /submit
    if arg:
        also = " but `hidden`" if spec.takes == "hidden" else ""
        raise CommandError(f"{name} takes no argument{also}, not {arg!r}")
    return Parsed(spec.command)
