"""The interview room's panes: the transcript, the test results, the status bar, the problem.

They only draw; the app decides what goes in them (see app.py)."""

from __future__ import annotations

import json
from typing import Any

from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static, Tree

from intervu_cli.core.events import TestRunResult
from intervu_cli.core.visible import visible
from intervu_cli.problems import Problem

METER = " ▁▂▃▄▅▆▇█"


def problem_markdown(problem: Problem, language: str) -> str:
    """The statement, examples, constraints and signature, as Markdown."""
    parts = [f"## {problem.title}", f"*{problem.difficulty} · {', '.join(problem.topics)}*", "",
             problem.statement.strip()]
    for i, ex in enumerate(problem.examples, 1):
        parts += ["", f"**Example {i}**", "", "```text", f"Input:  {ex['input']}", f"Output: {ex['output']}", "```"]
        if ex.get("explanation"):
            parts += [ex["explanation"]]
    if problem.constraints:
        parts += ["", "**Constraints**", ""] + [f"- `{c}`" for c in problem.constraints]
    spec = problem.languages.get(language)
    if spec:
        parts += ["", f"**Signature ({language})**", "", "```" + language, spec.signature, "```"]
    return visible("\n".join(parts) + "\n")  # a problem file's text: no control sequence reaches the terminal


def meter(dbfs: float | None, width: int = 6) -> str:
    """A level meter from -60 dBFS (empty) to 0 dBFS (full)."""
    if dbfs is None:
        return " " * width
    fill = max(0.0, min(1.0, (dbfs + 60) / 60)) * width
    cells = []
    for i in range(width):
        part = max(0.0, min(1.0, fill - i))
        cells.append(METER[round(part * (len(METER) - 1))])
    return "".join(cells)


def clock(seconds: float) -> str:
    seconds = max(0, int(seconds))
    return f"{seconds // 60}:{seconds % 60:02d}"


MORE_BELOW = "▼ more below · Ctrl+End"
NEW_BELOW = "▼ new lines below · Ctrl+End"


class Transcript(VerticalScroll):
    """The conversation: the interviewer's words stream in; the candidate's live partial
    transcript shows dimmed until the final one replaces it; an utterance cut short is marked.

    The newest line stays in view as it streams (the pane is anchored to its end, so the layout
    itself keeps it there, however a line grows) until the candidate scrolls up to read; then a
    marker on the border says there is more below, and reaching the end again (or Ctrl+End)
    follows the conversation again."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._streams: dict[int, tuple[Static, str]] = {}  # gen -> (line, text so far)
        self._partial: Static | None = None
        self.unseen = False  # something was added while the candidate read further up

    @property
    def following(self) -> bool:
        return not (self.is_anchored and self._anchor_released)

    def _anchor_when_full(self) -> None:
        """Anchored only once the lines fill the pane (an anchored pane draws a short conversation
        at its bottom; it reads from the top until it fills); let go if it no longer fills."""
        full = self.virtual_size.height > self.scrollable_content_region.height
        if full and not self.is_anchored:
            self._anchor_released = False  # (a pane that did not scroll was not scrolled away)
            self.anchor()
        elif not full and self.is_anchored:
            self.anchor(False)
            self._anchor_released = False
            self.scroll_to(y=0, animate=False, release_anchor=False)

    def on_resize(self) -> None:
        self.call_after_refresh(self._anchor_when_full)

    def follow(self) -> None:
        """Back to the newest line, and follow the conversation again."""
        self.scroll_end(animate=False, immediate=True)  # (re-anchors)
        self._marker()

    def _marker(self) -> None:
        below = not self.following and self.scroll_y < self.max_scroll_y
        if not below:
            self.unseen = False
        self.border_subtitle = (NEW_BELOW if self.unseen else MORE_BELOW) if below else ""

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self._marker()

    def _changed(self) -> None:
        if not self.following:
            self.unseen = True
        self._marker()
        if not self.is_anchored:
            self.call_after_refresh(self._anchor_when_full)

    def _add(self, content: Text, *classes: str) -> Static:
        line = Static(content, classes=" ".join(("line", *classes)))
        if self._partial is not None and self._partial.parent is self:
            self.mount(line, before=self._partial)  # the candidate's words in progress stay last
        else:
            self.mount(line)
        self._changed()
        return line

    @staticmethod
    def _interviewer(text: str, *, cut: str | None = None) -> Text:
        line = Text.assemble(("Interviewer: ", "bold cyan"), visible(text))
        if cut is not None:
            line = Text.assemble(("Interviewer: ", "bold cyan"), visible(cut))
            rest = text[len(cut):] if text.startswith(cut) else ""
            if rest:
                line.append(visible(rest), style="dim strike")
            line.append("  (cut off)", style="italic yellow")
        return line

    def interviewer_delta(self, gen: int, piece: str) -> None:
        found = self._streams.get(gen)
        if found is None:
            self._streams = {g: v for g, v in self._streams.items() if g > gen - 4}
            self._streams[gen] = (self._add(self._interviewer(piece), "interviewer"), piece)
            return
        line, text = found
        text += piece
        self._streams[gen] = (line, text)
        line.update(self._interviewer(text))
        self._changed()

    def interviewer_said(self, gen: int, text: str, cut_off: bool) -> None:
        found = self._streams.get(gen)
        if found is None:
            line = self._add(self._interviewer(text, cut=text if cut_off else None), "interviewer")
            self._streams[gen] = (line, text)
            return
        line, shown = found
        if cut_off:  # what was spoken stays; what was shown but never heard is struck through
            line.update(self._interviewer(shown, cut=text))
        else:
            self._streams[gen] = (line, text)
            line.update(self._interviewer(text))
        self._changed()

    def candidate(self, text: str, *, voice: bool = False) -> None:
        self.clear_partial()
        who = "You (voice): " if voice else "You: "
        self._add(Text.assemble((who, "bold green"), visible(text)), "candidate")
        self.follow()  # the candidate just spoke: they are looking at the newest line

    def partial(self, text: str) -> None:
        content = Text.assemble(("You: ", "bold green"), (visible(text) + " …", "dim italic"))
        if self._partial is None or self._partial.parent is None:
            self._partial = Static(content, classes="line partial")
            self.mount(self._partial)
        else:
            self._partial.update(content)
        self._changed()

    def clear_partial(self) -> None:
        if self._partial is not None:
            self._partial.remove()
            self._partial = None

    def note(self, text: str, style: str = "dim") -> None:
        self._add(Text(visible(text), style=style), "note")


def _short(value: Any, limit: int = 200) -> str:
    text = json.dumps(value) if not isinstance(value, str) else visible(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


class TestResults(Tree):
    """Every test run, newest first: a line per test. The newest run's first failing test is open
    on its input, the expected and the actual value, the error and what it printed; Enter opens
    or closes any other."""

    __test__ = False  # not a pytest test class

    HOW = "Newest first · ↑↓ Enter: open a test"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__("No test run yet: F5 runs the visible tests.", **kwargs)
        self.show_root = True
        self.guide_depth = 2
        self.runs = 0

    def first_failing(self):
        """The newest run's first failing test (or the run itself when all passed)."""
        if not self.root.children:
            return None
        run = self.root.children[0]
        return next((n for n in run.children if n.allow_expand), run)

    def add_run(self, ev: TestRunResult) -> None:
        self.runs += 1
        if self.runs == 1:
            self.root.set_label(Text(self.HOW, style="dim"))
        for node in self.root.children:
            node.collapse()
        kind = " · hidden too" if ev.hidden else ""  # (short: the drawer is 40-odd columns at 80x24)
        ok = ev.total > 0 and ev.passed == ev.total
        label = Text.assemble((f"{ev.passed}/{ev.total}", "bold green" if ok else "bold red"),
                              (f" · run {self.runs}{kind} · {ev.language} · {ev.duration_s * 1000:.0f} ms", "dim"))
        run = self.root.add(label, expand=True, before=0 if self.root.children else None)
        if ev.error:
            run.add_leaf(Text(visible(ev.error), style="red"))
        opened = False
        for t in ev.tests if not ev.error else ():  # with an error no test ran: it is said once, above
            passed = bool(t.get("passed"))
            mark = Text("✓ ", style="green") if passed else Text("✗ ", style="red")
            name = Text.assemble(mark, visible(str(t.get("name"))))
            if t.get("hidden"):
                name.append("  (hidden)", style="dim")
            if passed or t.get("hidden"):
                run.add_leaf(name)
                continue
            test = run.add(name, expand=not opened)  # the first failure is open: no key needed
            opened = True
            test.add_leaf(Text.assemble(("input     ", "dim"), _short(t.get("args"))))
            if t.get("error"):
                test.add_leaf(Text.assemble(("error     ", "dim"), (_short(t["error"], 400), "red")))
            else:
                test.add_leaf(Text.assemble(("expected  ", "dim"), _short(t.get("expected"))))
                test.add_leaf(Text.assemble(("actual    ", "dim"), (_short(t.get("actual")), "red")))
            for out in str(t.get("output") or "").rstrip().splitlines()[:8]:
                test.add_leaf(Text.assemble(("printed   ", "dim"), visible(out)))
        self.root.expand()
        self.move_cursor(self.first_failing())


class StatusBar(Static):
    """Phase, the interview clock, the microphone, what is going on, the last turn's latency."""

    _shown: Text | None = None

    def show(self, *, phase: str, left_s: float, mic: str | None, state: str, latency: str, language: str) -> None:
        parts: list[tuple[str, str] | str] = [
            (f" {phase} ", "reverse bold"), "  ",
            (clock(left_s), "bold"), (" left", "dim"), "  ",
            (language, "bold"), "  ",
        ]
        if mic is not None:
            parts += [("mic ", "dim"), (mic, "bold"), "  "]
        parts += [(state, "bold yellow")]
        if latency:
            parts += ["  ", (latency, "dim")]
        text = Text.assemble(*parts, no_wrap=True, overflow="ellipsis")
        if text != self._shown:  # redrawn only when it changed (a terminal over ssh pays per byte)
            self._shown = text
            self.update(text)
