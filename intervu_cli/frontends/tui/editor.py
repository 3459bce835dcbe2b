"""The code editor of the interview room: Textual's TextArea, indenting as a programmer expects.

Every key reaches the editor in the order it was pressed, however fast the keys come (a burst from
`tmux send-keys`, a paste typed by the terminal): Textual hands a key to the focused widget, and
one the widget does not handle bubbles up, through the message queue of each container, to the app,
which only then runs the key's binding. A binding of the editor itself (Backspace, Ctrl+U, Ctrl+K,
the arrows, Ctrl+Z...) would thus run after the keys behind it, already in the editor's queue: so
the editor runs its own bindings itself, as the key comes.
"""

from __future__ import annotations

import asyncio
from typing import Any

from textual import events
from textual.binding import Binding
from textual.widgets import TextArea

OPENERS = (":", "{", "[", "(")
CLOSERS = ("}", "]", ")")
MATCHING = {"}": "{", "]": "[", ")": "("}
SETTLE_TIMEOUT_S = 5.0


def _indent_of(line: str) -> str:
    return line[: len(line) - len(line.lstrip())]


class CodeEditor(TextArea):
    """Textual's code editor, indenting as a programmer expects: Enter keeps the line's
    indentation, one level more after a line that opens a block (`:` in Python, `{`, `[`, `(`),
    a closing bracket typed on a blank line goes back to the indentation of the line that opened
    it (a level back), and Backspace in a line's leading spaces goes back to the previous indent
    stop. Ctrl+J (a line feed: what a program typing text, such as `tmux send-keys`, sends for a
    new line; the Enter key sends a carriage return) starts a new line with no indentation added,
    so code typed with its own indentation arrives as it was typed; so does a paste.

    Long lines wrap (the line number stays on their first row): the editor is narrow in an 80-column
    terminal, and a candidate must see the whole signature. Up and Down move by rows, as drawn;
    Home, End, Ctrl+U and Ctrl+K go to (delete to) the start and the end of the code's line.
    Ctrl+Home and Ctrl+End go to the start and the end of the code."""

    BINDINGS = [
        Binding("ctrl+home", "code_start", "Start of the code", show=False),
        Binding("ctrl+end", "code_end", "End of the code", show=False),
        Binding("ctrl+shift+home", "code_start(True)", "Select to the start of the code", show=False),
        Binding("ctrl+shift+end", "code_end(True)", "Select to the end of the code", show=False),
    ]

    @classmethod
    def code_editor(cls, text: str = "", *, soft_wrap: bool = True, **kwargs: Any) -> CodeEditor:
        """TextArea's code editor, soft-wrapped unless told otherwise."""
        editor = super().code_editor(text, soft_wrap=soft_wrap, **kwargs)
        assert isinstance(editor, CodeEditor)
        return editor

    # --- keys -------------------------------------------------------------------------------------

    async def _on_key(self, event: events.Key) -> None:
        # Textual calls TextArea._on_key (printable keys, Tab, Escape) after this one, unless this
        # one prevents it; a key nobody handles bubbles to the app, which runs its binding.
        if self.read_only:
            return
        insert = self._typed(event)
        if insert is not None:
            text, start, end = insert
            event.stop()
            event.prevent_default()
            self._restart_blink()
            self._replace_via_keyboard(text, start, end)
            return
        if event.is_printable or event.key == "tab":
            return  # TextArea._on_key types it, now
        await self._run_own_binding(event)

    def _typed(self, event: events.Key) -> tuple[str, tuple[int, int], tuple[int, int]] | None:
        """What Enter, Ctrl+J or a closing bracket inserts, and over what; None for other keys."""
        start, end = sorted(self.selection)
        row, col = start
        before = self.document[row][:col]
        indent = _indent_of(before)
        if event.key == "enter":
            if before.rstrip().endswith(OPENERS):
                indent += " " * self.indent_width
            return "\n" + indent, start, end
        if event.key == "ctrl+j":
            return "\n", start, end
        closer = event.character
        if closer in CLOSERS and start == end and before.strip() == "":
            target = self._opener_indent(start, closer)
            if target is None:  # no bracket to match: back one level
                target = before[: max(0, len(before) - self.indent_width)]
            if len(target) < len(before) and before.startswith(target):
                return closer, (row, len(target)), end
        return None

    def _opener_indent(self, location: tuple[int, int], closer: str) -> str | None:
        """The indentation of the line holding the bracket that `closer`, typed at `location`,
        closes; None if there is none (brackets in strings and comments are counted too)."""
        opener = MATCHING[closer]
        depth = 0
        row, col = location
        for r in range(row, -1, -1):
            line = self.document[r]
            for ch in reversed(line[:col] if r == row else line):
                if ch == closer:
                    depth += 1
                elif ch == opener:
                    if depth == 0:
                        return _indent_of(line)
                    depth -= 1
        return None

    async def _run_own_binding(self, event: events.Key) -> None:
        """Run the editor's own binding of the key now, in its turn among the keys, rather than
        once the key has bubbled up to the app (after the keys that followed it)."""
        active = self.screen.active_bindings.get(event.key)
        if active is None or active.node is not self:
            return  # the app's, or the screen's: it bubbles to them as before
        self._restart_blink()
        if await self.app.run_action(active.binding.action, self):
            event.stop()
            event.prevent_default()
        # else skipped (Ctrl+C with nothing selected...): it bubbles on, and the app tries the
        # bindings of the key, as Textual does

    # --- editing actions ------------------------------------------------------------------------

    def action_delete_left(self) -> None:
        """Backspace: in a line's leading spaces, back to the previous indent stop."""
        if self.read_only:
            return
        start, end = self.selection
        row, col = end
        if start == end and col > 0 and self.document[row][:col] == " " * col:
            stop = (col - 1) // max(1, self.indent_width) * max(1, self.indent_width)
            self._delete_via_keyboard((row, stop), end)
            return
        super().action_delete_left()

    def action_code_start(self, select: bool = False) -> None:
        """Ctrl+Home: the start of the code."""
        self.move_cursor((0, 0), select=select)

    def action_code_end(self, select: bool = False) -> None:
        """Ctrl+End: the end of the code."""
        self.move_cursor(self.document.end, select=select)

    # Wrapping is only drawn: Home and End (Ctrl+A, Ctrl+E), Ctrl+U and Ctrl+K go to, or delete
    # to, the start and the end of the code's line, not of the row it is drawn on (Textual's End
    # on a wrapped line stops on the row's last character, and stays there when pressed again).

    def get_cursor_line_start_location(self, smart_home: bool = False) -> tuple[int, int]:
        """The start of the cursor's line; with `smart_home`, its first non-blank character, or
        the start if the cursor is there already."""
        row, col = self.cursor_location
        if smart_home:
            line = self.document[row]
            first = len(line) - len(line.lstrip())
            if col == 0 or col > first:
                return row, first
        return row, 0

    def get_cursor_line_end_location(self) -> tuple[int, int]:
        """The end of the cursor's line."""
        row, _ = self.cursor_location
        return row, len(self.document[row])

    # --- the text, once the keys sent to it are in ------------------------------------------------

    async def settled(self) -> str:
        """The text once every key already handed to the editor is applied. A key binding of the
        app runs as the app reads the key, maybe before the editor has applied the keys typed just
        before it (its own queue): Ctrl+Q, say, after a burst of typing. Await this in such a
        binding (or a worker it starts) before reading the text; never in the editor's own handlers."""
        task = getattr(self, "_task", None)
        if task is None or task is asyncio.current_task() or not self.is_attached:
            return self.text
        done = asyncio.get_running_loop().create_future()

        def mark() -> None:
            if not done.done():
                done.set_result(None)

        if self.call_later(mark):
            try:
                await asyncio.wait_for(done, SETTLE_TIMEOUT_S)
            except asyncio.TimeoutError:
                pass  # the editor is stuck or closing: its text as it is
        return self.text
