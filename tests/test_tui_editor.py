"""The interview room's code editor (frontends/tui/editor.py): keys applied in the order they came,
however fast; Enter's indentation, a closing bracket's, Backspace's indent stops; pastes kept exact;
long lines wrapped. Driven with Textual's Pilot on an app holding just the editor, the keys parsed
from a terminal's bytes by Textual's own parser and posted all at once (a burst, as a terminal
delivers a paste typed by tmux); and the installed app in a real terminal (tmux)."""

from __future__ import annotations

import asyncio
import json
import sqlite3
import time

from textual._xterm_parser import XTermParser
from textual.app import App, ComposeResult
from textual.binding import Binding

from intervu_cli.frontends.tui.editor import CodeEditor
from test_tui_tmux import Tmux

SIGNATURE = "def two_sum(nums: list[int], target: int) -> list[int]:"
PASTE_START, PASTE_END = "\x1b[200~", "\x1b[201~"  # a bracketed paste, as a terminal sends it
LEFT, DOWN, HOME, END = "\x1b[D", "\x1b[B", "\x1b[H", "\x1b[F"
CTRL_HOME, CTRL_END, CTRL_SHIFT_END = "\x1b[1;5H", "\x1b[1;5F", "\x1b[1;6F"
CTRL_A, CTRL_K, CTRL_Q, CTRL_U, BACKSPACE = "\x01", "\x0b", "\x11", "\x15", "\x7f"


class EditorApp(App[None]):
    """Just the editor, made as the interview room makes it, with the room's Ctrl+Q: a priority
    binding of the app, which reads the editor's text."""

    BINDINGS = [Binding("ctrl+q", "leave", priority=True)]

    def __init__(self, text: str = "", *, language: str = "python", indent: int = 4) -> None:
        super().__init__()
        self.start_text, self.language, self.indent = text, language, indent
        self.left_with: str | None = None

    def compose(self) -> ComposeResult:
        editor = CodeEditor.code_editor(self.start_text, language=self.language, id="editor")
        editor.indent_width = self.indent
        yield editor

    def on_mount(self) -> None:
        self.query_one(CodeEditor).focus()

    async def action_leave(self) -> None:
        self.left_with = await self.query_one(CodeEditor).settled()


def burst(app: App, data: str) -> None:
    """A terminal's bytes, parsed into keys (and pastes) as Textual's driver parses them, all put
    in the app's queue at once: nothing is handled before the last one is in."""
    parser = XTermParser()
    for event in [*parser.feed(data), *parser.tick()]:
        event.set_sender(app)
        app.post_message(event)


async def applied(app: App) -> str:
    """The editor's text once everything sent to the app so far is handled: the app hands the keys
    in its queue to the editor, in order, and then (a callback behind them) waits for the editor
    to apply every key handed to it."""
    editor = app.query_one(CodeEditor)
    done: asyncio.Future[str] = asyncio.get_running_loop().create_future()

    async def behind_the_keys() -> None:
        done.set_result(await editor.settled())

    assert app.call_later(behind_the_keys)
    return await asyncio.wait_for(done, 60)


async def typed(data: str, text: str = "", *, cursor: tuple[int, int] | None = None, language: str = "python",
                indent: int = 4) -> str:
    """The editor's text after `data` arrives in one burst, into `text` with the cursor at `cursor`
    (its end if None)."""
    app = EditorApp(text, language=language, indent=indent)
    async with app.run_test(size=(80, 24)):
        editor = app.query_one(CodeEditor)
        editor.move_cursor(cursor if cursor is not None else editor.document.end)
        burst(app, data)
        return await applied(app)


def run(coro):
    return asyncio.run(coro)


# --- order ------------------------------------------------------------------------------------------


def test_ctrl_u_and_ctrl_k_in_a_burst_act_where_they_came():
    """Ctrl+U and Ctrl+K are bindings, not text: before the fix they bubbled up to the app and ran
    after the keys typed behind them, deleting those."""
    assert run(typed("junk" + CTRL_U + "kept")) == "kept"
    assert run(typed("x = 1  # junk" + LEFT * 8 + CTRL_K + " + 2")) == "x = 1 + 2"
    assert run(typed("ab" + BACKSPACE + "c" + BACKSPACE * 2 + "xy")) == "xy"
    assert run(typed("    return None" + CTRL_A + CTRL_K + "return []")) == "    return []"


def test_ctrl_home_and_ctrl_end_go_to_the_start_and_the_end_of_the_code():
    """The editor's own, before the app's Ctrl+End (the conversation's newest line)."""
    code = "def f():\n    pass\n"
    assert run(typed(CTRL_END + "# end", code, cursor=(0, 3))) == code + "# end"
    assert run(typed(CTRL_HOME + "# start\n", code, cursor=(1, 4))) == "# start\n" + code
    assert run(typed(CTRL_SHIFT_END + "x", code, cursor=(1, 4))) == "def f():\n    x"


def test_a_whole_solution_typed_in_one_burst_arrives_exactly():
    """A solution typed by a program (a line feed for each new line: the code's own indentation is
    kept, nothing added), with Enter (a carriage return: indented), Backspace, the arrows, Ctrl+U and
    Ctrl+K in the middle, all in one burst."""
    data = ("def two_sum(nums, target):\n"
            "    seen = {}  # value -> index" + CTRL_U + "    seen = {}\n"
            "    for i, x in enumerate(nums):\n"
            "        if target - x in seen:\n"
            "            return [seen[target - x], i]\n"
            "        seen[x] = i\r"  # Enter: the new line is indented as this one
            + BACKSPACE + "return []  # none" + LEFT * 8 + CTRL_K + "\n")
    assert run(typed(data)) == ("def two_sum(nums, target):\n"
                                "    seen = {}\n"
                                "    for i, x in enumerate(nums):\n"
                                "        if target - x in seen:\n"
                                "            return [seen[target - x], i]\n"
                                "        seen[x] = i\n"
                                "    return []\n")


def test_a_priority_binding_after_a_burst_reads_every_key_before_it():
    """Ctrl+Q, a priority binding, runs as the app reads it, maybe before the editor has applied
    the keys typed just before it: `settled()` gives the text with all of them."""

    async def drive() -> None:
        app = EditorApp()
        async with app.run_test(size=(80, 24)):
            burst(app, "x = [1, 2, 3]" + CTRL_U + "y = 4\nz = 5" + CTRL_Q)
            await applied(app)
            assert app.left_with == "y = 4\nz = 5"

    run(drive())


# --- Enter and brackets -------------------------------------------------------------------------------


def test_enter_keeps_the_indentation_and_adds_a_level_after_an_opener():
    assert run(typed("    a = 1\rb")) == "    a = 1\n    b"
    assert run(typed("if x:\ry")) == "if x:\n    y"
    assert run(typed("if x:  \ry")) == "if x:  \n    y"
    assert run(typed("    xs = [\r1,")) == "    xs = [\n        1,"
    assert run(typed("f(a,\rb")) == "f(a,\nb"
    assert run(typed("f(\ra", language="javascript", indent=2)) == "f(\n  a"
    assert run(typed("if (x) {\ry();", language="javascript", indent=2)) == "if (x) {\n  y();"
    # In the middle of a line: the rest moves down, after the indentation.
    assert run(typed("\r", "    ab", cursor=(0, 5))) == "    a\n    b"


def test_ctrl_j_is_a_new_line_with_nothing_added():
    """A line feed (Ctrl+J; what `tmux send-keys -l` sends for a new line) adds no indentation, so
    code typed with its own arrives as typed; Textual used to drop it."""
    assert run(typed("if x:\n    y\nz")) == "if x:\n    y\nz"


def test_a_closing_bracket_on_a_blank_line_steps_back_a_level():
    assert run(typed("xs = [\r]")) == "xs = [\n]"
    assert run(typed("if (x) {\rf();\r}", language="javascript", indent=2)) == "if (x) {\n  f();\n}"
    assert run(typed("def f():\rreturn g(\rx,\r)")) == "def f():\n    return g(\n        x,\n    )"
    # To the indentation of the line that opened it: typed code with its own indentation stays.
    typed_js = "function f() {\n  if (x) {\n    y();\n  }\n}"
    assert run(typed(typed_js, language="javascript", indent=2)) == typed_js
    # Nothing to close: back one level.
    assert run(typed("        )")) == "    )"
    # Not on a blank line: as typed.
    assert run(typed("f(\ra)")) == "f(\n    a)"
    assert run(typed("    g(a)")) == "    g(a)"


# --- Backspace --------------------------------------------------------------------------------------


def test_backspace_in_leading_spaces_goes_back_to_the_previous_indent_stop():
    assert run(typed(BACKSPACE, "        ")) == "    "
    assert run(typed(BACKSPACE, "      ")) == "    "
    assert run(typed(BACKSPACE * 2, "        ")) == ""
    assert run(typed(BACKSPACE * 3, "x\n        ")) == "x"  # at the start: joins the line above
    assert run(typed(BACKSPACE, "        return x", cursor=(0, 8))) == "    return x"
    assert run(typed(BACKSPACE, "      return x", cursor=(0, 6))) == "    return x"
    assert run(typed(BACKSPACE, "     ", language="javascript", indent=2)) == "    "
    # Elsewhere, one character.
    assert run(typed(BACKSPACE, "    x = 1  ")) == "    x = 1 "
    assert run(typed(BACKSPACE, "    return x", cursor=(0, 10))) == "    retur x"
    assert run(typed(BACKSPACE, "\t  x", cursor=(0, 3))) == "\t x"


def test_backspace_with_a_selection_deletes_it():
    async def drive() -> None:
        app = EditorApp("        abc")
        async with app.run_test(size=(80, 24)):
            editor = app.query_one(CodeEditor)
            editor.select_line(0)
            burst(app, BACKSPACE)
            assert await applied(app) == ""

    run(drive())


# --- pastes ------------------------------------------------------------------------------------------


def test_a_paste_keeps_the_text_exactly():
    """A terminal's paste (bracketed, its new lines sent as carriage returns) goes in as it is: no
    indentation added after a `:`, none taken away before a closing bracket."""
    code = ("def two_sum(nums, target):\n"
            "    seen = {}\n"
            "    for i, x in enumerate(nums):\n"
            "        if target - x in seen:\n"
            "            return [seen[target - x], i]\n"
            "        seen[x] = i\n"
            "    return [\n"
            "    ]\n")
    assert run(typed(PASTE_START + code.replace("\n", "\r") + PASTE_END)) == code
    assert run(typed(PASTE_START + code.replace("\n", "\r\n") + PASTE_END)) == code
    # Into an indented line: the first line lands where the cursor is, the others as pasted.
    assert run(typed(PASTE_START + "if x:\r    y()" + PASTE_END, "def f():\n    ")) == "def f():\n    if x:\n    y()"


def test_keys_and_pastes_in_one_burst_keep_their_order():
    data = "a" + PASTE_START + "b\rc" + PASTE_END + "d" + CTRL_U + "e" + PASTE_START + "f" + PASTE_END
    assert run(typed(data)) == "ab\nef"


# --- long lines --------------------------------------------------------------------------------------


def rows(editor: CodeEditor) -> list[str]:
    return [editor.render_line(y).text.rstrip() for y in range(editor.size.height)]


def test_long_lines_wrap_in_a_narrow_editor_and_editing_follows_the_code_lines():
    """At 80 columns the editor is about 44 wide: the signature wraps, whole, its line number on its
    first row. Up and Down go by rows; Home and End, Ctrl+U and Ctrl+K by the code's lines; Enter at
    the end of the wrapped line indents the next."""

    async def drive() -> None:
        app = EditorApp(SIGNATURE + "\n    pass\n")
        async with app.run_test(size=(44, 12)):
            editor = app.query_one(CodeEditor)
            assert editor.soft_wrap
            shown = rows(editor)
            gutter = editor.gutter_width
            assert shown[0].startswith("1") and shown[1][:gutter].strip() == ""  # one number, first row
            assert shown[2].startswith("2")
            assert " ".join(row[gutter:] for row in shown[:2]) == SIGNATURE  # wrapped at a space, whole
            # Down from the start goes to the signature's second row, a second Down to `pass`.
            burst(app, DOWN)
            await applied(app)
            assert editor.cursor_location[0] == 0 and editor.cursor_location[1] > 0
            burst(app, DOWN)
            await applied(app)
            assert editor.cursor_location[0] == 1
            # End, from the signature's first row: the end of the code's line, and Enter indents.
            editor.move_cursor((0, 3))
            burst(app, END + "\rreturn []")
            assert await applied(app) == SIGNATURE + "\n    return []\n    pass\n"
            # Home (smart) and Ctrl+K, from the signature's second row: the whole code line.
            editor.move_cursor((0, len(SIGNATURE) - 2))
            burst(app, HOME + CTRL_K + "pass")
            assert await applied(app) == "pass\n    return []\n    pass\n"
            # Ctrl+U from the end of a wrapped line: to the start of the code's line.
            editor.load_text(SIGNATURE)
            editor.move_cursor((0, len(SIGNATURE)))
            burst(app, CTRL_U + "x")
            assert await applied(app) == "x"

    run(drive())


# --- the installed app, in a real terminal -----------------------------------------------------------------


def drawn_line(screen: str, start: str) -> str:
    """The code line drawn from `start` on, its wrapped rows joined (each row from the column
    `start` is at to the editor's border; a wrapped row has no line number before it)."""
    lines = screen.splitlines()
    row = next(i for i, line in enumerate(lines) if start in line)
    col = lines[row].index(start)
    parts = []
    for line in lines[row:]:
        if parts and line[:col].rstrip().endswith(tuple("0123456789")):
            break  # the next code line
        text = line[col:].split("│")[0].strip()
        if not text:
            break
        parts.append(text)
    return " ".join(parts)


def saved_code(home) -> str:
    con = sqlite3.connect(str(home / "sessions.sqlite3"))
    try:
        row = con.execute("SELECT data FROM events WHERE type = 'code_snapshot' ORDER BY rowid DESC LIMIT 1").fetchone()
    finally:
        con.close()
    assert row is not None, "no code saved"
    return json.loads(row[0])["code"]


def to_the_editor(term: Tmux) -> None:
    """F2, and wait until the editor has the focus: the terminal's cursor (which Textual puts where
    the focused widget's is) on the start of the code. F2 is the app's binding: keys typed before the
    app has run it would go to the line to the interviewer."""
    term.keys("F2")
    deadline = time.monotonic() + 30
    while True:
        lines = term.screen().splitlines()
        row = next((i for i, line in enumerate(lines) if "def two_sum(" in line), None)
        cursor = term.tmux("display-message", "-p", "-t", "t", "#{cursor_x} #{cursor_y}").split()
        if row is not None and cursor == [str(lines[row].index("def two_sum(")), str(row)]:
            return
        assert time.monotonic() < deadline, f"the editor has no focus (cursor at {cursor}):\n{chr(10).join(lines)}"
        time.sleep(0.1)


def leave(term: Tmux) -> None:
    term.keys("C-q")
    deadline = time.monotonic() + 30
    while not term.dead():
        assert time.monotonic() < deadline, term.screen()
        time.sleep(0.1)


SOLUTION = ("def two_sum(nums: list[int], target: int) -> list[int]:\n"
            "    seen = {}\n"
            "    for i, x in enumerate(nums):\n"
            "        if target - x in seen:\n"
            "            return [seen[target - x], i]\n"
            "        seen[x] = i\n"
            "    return []\n"
            "# done\n")


def test_a_solution_typed_in_one_burst_in_a_real_terminal(home):
    """`tmux send-keys -l` of the whole solution at once (the keys a few microseconds apart), with
    Ctrl+K clearing the starter, Ctrl+U, Ctrl+A and Ctrl+K fixing lines, Enter and Backspace in
    the middle: the saved code is exactly the solution. And at 80 columns the signature wraps,
    whole."""
    term = Tmux(home)
    try:
        term.wait_for("Two Sum", "talk me through")
        # Wrapped, not cut off (once the layout has settled: the first frames may be drawn before
        # the editor has its width).
        signature = SOLUTION.splitlines()[0]
        deadline = time.monotonic() + 30
        while drawn_line(screen := term.screen(), "def two_sum(") != signature:
            assert time.monotonic() < deadline, f"{drawn_line(screen, 'def two_sum(')!r}, in:\n{screen}"
            time.sleep(0.1)
        to_the_editor(term)  # its cursor at the start
        term.type(CTRL_K * 4  # the starter goes, line by line
                  + "def two_sum(nums: list[int], target: int) -> list[int]:\n"
                  "    seen = {}  # value -> index" + CTRL_U + "    seen = {}\n"
                  "    for i, x in enumerate(nums):\n"
                  "        if target - x in seen:\n"
                  "            return [seen[target - x], i]\n"
                  "        seen[x] = i\r" + BACKSPACE  # Enter indents as `seen[x]`; Backspace, a level back
                  + "return None if False else 0" + CTRL_A + CTRL_K + "return []\n"
                  "# done\n")
        term.wait_for("# done")  # the last key is in: those before it are, in order
        leave(term)
        assert saved_code(home) == SOLUTION
    finally:
        term.close()


def test_a_paste_in_a_real_terminal_arrives_exactly(home, tmp_path):
    """tmux pastes the solution as a terminal does (bracketed, new lines sent as carriage returns)
    into the editor emptied with Ctrl+K: saved exactly, no indentation added."""
    term = Tmux(home)
    try:
        term.wait_for("Two Sum", "talk me through")
        to_the_editor(term)
        term.type(CTRL_K * 4)
        buffer = tmp_path / "paste.txt"
        buffer.write_text(SOLUTION)
        term.tmux("load-buffer", str(buffer))
        term.tmux("paste-buffer", "-p", "-t", "t")
        term.wait_for("# done")
        leave(term)
        assert saved_code(home) == SOLUTION
    finally:
        term.close()
