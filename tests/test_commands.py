"""The one slash-command parser every front end uses (the app, the REPL, scripts), table by table."""

from __future__ import annotations

import re

import pytest

from intervu_cli.frontends.commands import (
    COMMANDS,
    Command,
    CommandError,
    Frontend,
    Parsed,
    ends_code,
    help_lines,
    parse,
)

TUI, REPL, SCRIPT = Frontend.TUI, Frontend.REPL, Frontend.SCRIPT
ALL = (TUI, REPL, SCRIPT)

PARSES = [  # line -> what it is, whatever the front end
    ("Can the array be empty?", None),
    ("I'd say O(n) / O(1)", None),  # a slash inside speech is speech
    ("", None),
    ("   ", None),
    ("/run", Parsed(Command.RUN)),
    ("  /run  ", Parsed(Command.RUN)),
    ("/RUN", Parsed(Command.RUN)),
    ("/run hidden", Parsed(Command.SUBMIT)),  # the same command as /submit, everywhere
    ("/run   Hidden", Parsed(Command.SUBMIT)),
    ("/submit", Parsed(Command.SUBMIT)),
    ("/hint", Parsed(Command.HINT)),
    ("/finish", Parsed(Command.FINISH)),
    ("/show", Parsed(Command.SHOW)),
    ("/code", Parsed(Command.CODE)),
    ("/endcode", Parsed(Command.ENDCODE)),
    ("/help", Parsed(Command.HELP)),
    ("/quit", Parsed(Command.QUIT)),
    ("/wait 120", Parsed(Command.WAIT, 120.0)),
    ("/wait 42.5", Parsed(Command.WAIT, 42.5)),
    ("/wait\t0", Parsed(Command.WAIT, 0.0)),
    ("/wait 1e3", Parsed(Command.WAIT, 1000.0)),
]

ERRORS = [  # line -> words of its one-line error, whatever the front end
    ("/dance", "unknown command '/dance'"),
    ("/", "unknown command '/'"),
    ("/ hello", "unknown command '/'"),
    ("/fnish", "unknown command '/fnish' (did you mean /finish?)"),
    ("/sumbit", "(did you mean /submit?)"),
    ("/hints", "(did you mean /hint?)"),
    ("/exit", "unknown command '/exit' (did you mean /quit?)"),  # by habit, not by spelling
    ("/edit", "(did you mean /code?)"),
    ("/?", "unknown command '/?' (did you mean /help?)"),
    ("/run foo", "/run takes no argument but `hidden`, not 'foo'"),
    ("/run hidden now", "/run takes no argument but `hidden`, not 'hidden now'"),
    ("/submit now", "/submit takes no argument, not 'now'"),
    ("/hint please", "/hint takes no argument, not 'please'"),
    ("/code def f(): pass", "/code takes no argument"),
    ("/finish early", "/finish takes no argument"),
]

WAIT_ERRORS = [  # /wait's argument, where /wait can be done
    ("/wait abc", "/wait needs a number of seconds (0 or more), not 'abc'"),
    ("/wait", "/wait needs a number of seconds, as in /wait 60"),
    ("/wait -1", "not '-1'"),
    ("/wait inf", "not 'inf'"),
    ("/wait nan", "not 'nan'"),
    ("/wait 10 20", "not '10 20'"),
]

NOT_HERE = [  # a command a front end cannot do: one line saying so and what to use instead
    ("/wait 30", TUI, "/wait only works in a script: here the clock runs by itself"),
    ("/wait 30", REPL, "/wait only works in a script: here the clock runs by itself"),
    ("/wait abc", REPL, "/wait only works in a script"),  # that it cannot be done comes first
    ("/endcode", TUI, "/endcode: nothing to end, the editor sends your code as you type"),
    ("/endcode", REPL, "/endcode only ends code pasted after /code"),
    ("/show", SCRIPT, "`intervu show SLUG` prints it"),
    ("/help", SCRIPT, "a script takes /code, /endcode, /run, /submit, /hint, /wait SECONDS, /finish"),
    ("/quit", SCRIPT, "a script leaves where it ends"),
]


@pytest.mark.parametrize("frontend", [None, *ALL])
@pytest.mark.parametrize(("line", "expected"), PARSES)
def test_parses(line, expected, frontend):
    if frontend is not None and expected is not None and not _does(expected.command, frontend):
        with pytest.raises(CommandError):  # what it says instead: NOT_HERE
            parse(line, frontend)
    else:
        assert parse(line, frontend) == expected


@pytest.mark.parametrize("frontend", [None, *ALL])
@pytest.mark.parametrize(("line", "words"), ERRORS)
def test_errors(line, words, frontend):
    with pytest.raises(CommandError) as caught:
        parse(line, frontend)
    message = str(caught.value)
    assert "\n" not in message
    meant = re.search(r"did you mean (/\w+)", words)
    if frontend is not None and meant and not _does(Command(meant[1]), frontend):
        assert "did you mean" not in message  # only commands this front end does are suggested
        words = words.split(" (did you mean")[0]
    assert words in message


@pytest.mark.parametrize("frontend", [None, SCRIPT])
@pytest.mark.parametrize(("line", "words"), WAIT_ERRORS)
def test_wait_needs_seconds(line, words, frontend):
    with pytest.raises(CommandError, match="/wait needs a number of seconds") as caught:
        parse(line, frontend)
    assert words in str(caught.value)


@pytest.mark.parametrize(("line", "frontend", "words"), NOT_HERE)
def test_a_command_a_front_end_cannot_do_says_so(line, frontend, words):
    with pytest.raises(CommandError) as caught:
        parse(line, frontend)
    assert words in str(caught.value) and "\n" not in str(caught.value)
    assert parse(line.split()[0] + (" 30" if line.startswith("/wait") else "")) is not None  # a command elsewhere


@pytest.mark.parametrize(("frontend", "pointer"), [
    (TUI, "; F1 lists the keys and commands"),
    (REPL, "; /help lists the commands"),
    (SCRIPT, "; a script takes /code, /endcode, /run, /submit, /hint, /wait SECONDS, /finish"),
])
def test_an_unknown_command_points_to_the_front_ends_list(frontend, pointer):
    with pytest.raises(CommandError) as caught:
        parse("/dance", frontend)
    assert str(caught.value) == f"unknown command '/dance'{pointer}"


def test_suggestions_are_only_commands_the_front_end_does():
    with pytest.raises(CommandError) as caught:
        parse("/exit", SCRIPT)  # /quit is no script command
    assert "did you mean" not in str(caught.value)
    with pytest.raises(CommandError) as caught:
        parse("/wiat 5", REPL)  # /wait is a script's
    assert "did you mean /wait" not in str(caught.value)
    with pytest.raises(CommandError, match=r"did you mean /wait\?"):
        parse("/wiat 5", SCRIPT)


def _does(command: Command, frontend: Frontend) -> bool:
    return any(spec.command is command and spec.does_in(frontend) for spec in COMMANDS)


DOES = {  # the agreed table: which front end does which command
    Command.CODE: ALL, Command.RUN: ALL, Command.SUBMIT: ALL, Command.HINT: ALL, Command.FINISH: ALL,
    Command.SHOW: (TUI, REPL), Command.HELP: (TUI, REPL), Command.QUIT: (TUI, REPL),
    Command.WAIT: (SCRIPT,), Command.ENDCODE: (SCRIPT,),
}


@pytest.mark.parametrize("command", list(Command))
def test_one_table_says_where_each_command_works(command):
    assert {f for f in ALL if _does(command, f)} == set(DOES[command])


@pytest.mark.parametrize("frontend", ALL)
def test_help_lists_what_the_front_end_does_one_line_each(frontend):
    lines = help_lines(frontend)
    assert [usage.split()[0] for usage, _ in lines] == [c.value for c in Command if frontend in DOES[c]]
    assert all(does and "\n" not in does for _, does in lines)
    assert dict(lines)["/run"] == "run the visible tests"  # the same words everywhere, unless it differs
    assert "/run hidden" in dict(lines)["/submit"]


def test_code_is_written_each_front_ends_way():
    code = {frontend: dict(help_lines(frontend))["/code"] for frontend in ALL}
    assert "editor" in code[TUI] and "$EDITOR" in code[REPL] and "/endcode" in code[SCRIPT]


@pytest.mark.parametrize(("line", "ends"), [
    ("/endcode", True), ("  /endcode  ", True), ("/ENDCODE", True),
    ("/endcode now", False), ("    return x / 2", False), ("", False), ("/code", False),
])
def test_what_ends_a_block_of_code(line, ends):
    assert ends_code(line) is ends
