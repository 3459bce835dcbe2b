"""The interview room: a Textual app around the engine, spoken or (`--no-audio`) by keyboard.

The engine knows nothing of it: the app is an adapter, like the REPL. Everything slow runs off the
UI's path: the engine and the LLM's stream are asyncio tasks on Textual's own loop (workers), the
sandbox runs in a thread (the engine's `to_thread`), the microphone, the recognizer and the
synthesizer have threads of their own, and the app only draws what they report.

The editor's text reaches the engine as code snapshots, 0.8 s after the candidate stops typing
(and at once before a test run, a language switch, finishing or quitting), so the interviewer can
talk about the code as it is written, and quitting loses nothing.
"""

from __future__ import annotations

import asyncio
import gc
import time
from collections.abc import Callable
from functools import partial

from textual import events, on
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.css.scalar import Scalar
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Footer, Input, Label, Markdown, TabbedContent, TabPane, TextArea, Tree

from intervu_cli.core.vocab import Hearing
from intervu_cli.core.events import (
    CandidateSaid,
    CodeSnapshot,
    Event,
    HintGiven,
    InterviewEnded,
    InterviewerDelta,
    InterviewerSaid,
    Notice,
    PhaseChanged,
    SessionStarted,
    TestRunResult,
    TurnLatency,
)
from intervu_cli.engine.interview import Interview
from intervu_cli.frontends.commands import Command, CommandError, Frontend, help_lines, parse
from intervu_cli.session.assemble import cannot_run
from intervu_cli.session.driver import Driver, VoiceKit
from intervu_cli.frontends.tui.editor import CodeEditor
from intervu_cli.core.visible import visible
from intervu_cli.frontends.tui.widgets import StatusBar, TestResults, Transcript, meter, problem_markdown

CODE_DEBOUNCE_S = 0.8
SPLITS = (0.45, 0.6, 0.3)  # the conversation's share of the width: even, the conversation wider, the code wider
MIN_CONVERSATION, MIN_EDITOR = 24, 40  # columns
MIN_EDITOR_ROWS, MIN_DRAWER_ROWS = 6, 9
HAND_OVER_S = 3.0  # push-to-talk released mid-speech: the microphone opens again at the turn's end, or after this
STATUS_EVERY_S = 0.1
LANGUAGES = ("python", "javascript")
EDITOR_THEMES = {True: "monokai", False: "github_light"}  # dark, light

HELP = """\
# Keys

| key | does |
| --- | --- |
| **F1** | this help |
| **F2** | move between the editor and the line to the interviewer |
| **F3** | ask for a hint (a nudge first, then a hint, then the answer) |
| **F4** | switch language (Python / JavaScript): your code in each is kept |
| **F5** or **Ctrl+R** | run the visible tests |
| **F6** | show the problem under the editor, or hide it (the editor gets the room) |
| **F7** | the test results: opens them and moves there (**F7** again goes back) |
| **F8** | mute the microphone, or open it again |
| **F9** | push to talk: press, talk, press again to hand over (the microphone goes back to how it was) |
| **F10** | finish the interview (the hidden tests run too) |
| **F12** | change the split: the conversation wider, the code wider, or even |
| **PgUp** / **PgDn** | scroll the conversation (from the line to the interviewer) |
| **Ctrl+End** | back to the newest line of the conversation (in the editor: the end of the code) |
| **Ctrl+T** | light or dark theme |
| **Ctrl+Q** | leave; the interview is saved, `intervu resume` continues it |

In the test results, the newest run's first failing test is open on its input, the expected value
and yours; **↑↓** and **Enter** open any other.

# Talking

Type to the interviewer on the line at the bottom and press **Enter**; in a spoken interview,
just talk (talk over the interviewer to interrupt). The line also takes these commands:

| command | does |
| --- | --- |
""" + "".join(f"| `{usage}` | {does} |\n" for usage, does in help_lines(Frontend.TUI)) + """
The interviewer sees your code as you write it.
"""


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,f1,q", "dismiss", "Close")]

    def compose(self) -> ComposeResult:
        with Vertical(id="help-box"):
            with VerticalScroll(id="help-scroll"):
                yield Markdown(HELP, id="help-text")
            yield Label("↑↓ PgUp PgDn scroll · Esc closes this", id="help-close")

    def on_mount(self) -> None:
        self.query_one("#help-scroll").focus()


class ConfirmFinish(ModalScreen[bool]):
    BINDINGS = [Binding("y", "answer(True)", "Finish"), Binding("n,escape", "answer(False)", "Keep going")]

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box"):
            yield Label("Finish the interview? Your code goes through the hidden tests, and the "
                        "interviewer wraps up.", id="confirm-text")
            with Horizontal(id="confirm-buttons"):
                yield Button("Finish (y)", id="yes", variant="primary")
                yield Button("Keep going (n)", id="no")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")


class FeedbackScreen(Screen[None]):
    """The end of the interview: what the session showed, scrolled by keys and the mouse."""

    BINDINGS = [
        Binding("q,escape,enter", "app.quit", "Leave"),
        Binding("tab", "section(1)", "Next section"),
        Binding("shift+tab", "section(-1)", "Previous section", show=False),
    ]

    def __init__(self, markdown: str) -> None:
        super().__init__()
        self.markdown = markdown

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="feedback-scroll"):
            yield Markdown(self.markdown, id="feedback")
        yield Label("↑↓ PgUp PgDn scroll · Tab next section · q leaves", id="feedback-keys")
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one("#feedback-scroll").focus()

    def action_section(self, step: int) -> None:
        """To the next (or previous) heading of the feedback, at the top of the view."""
        scroll = self.query_one("#feedback-scroll", VerticalScroll)
        markdown = self.query_one("#feedback", Markdown)
        tops = sorted({markdown.virtual_region.y + markdown.query_one(f"#{block}").virtual_region.y
                       for _, _, block in markdown.table_of_contents})
        now = round(scroll.scroll_y)
        if step > 0:
            target = next((y for y in tops if y > now + 1), None)
        else:
            target = next((y for y in reversed(tops) if y < now), 0)
        if target is not None:
            scroll.scroll_to(y=target, animate=False)


def feedback_markdown(interview: Interview, closing: str, reason: str = "finished") -> str:
    """The last screen: the interviewer's closing words, then the feedback (five pillars with their
    evidence, the signal, the narrative and a drill)."""
    from intervu_cli.frontends.feedback import details_markdown, summary_markdown

    s, p = interview.state, interview.problem
    report = s.feedback
    reason = {"finished": "finished", "time_up": "time was up"}.get(reason, reason)
    meta = f"*{s.language} · {int(s.now // 60)} min {int(s.now % 60)} s · {reason} · session {s.session_id}*"
    title = f"{p.title}: {report['signal']}" if report else f"Interview over: {p.title}"
    lines = [f"# {title}", "", meta, ""]
    lines += summary_markdown(report) if report else ["The feedback could not be computed.", ""]  # (a notice said why)
    if closing:
        lines += ["## The interviewer", "", f"> {closing}", ""]
    if report:
        lines += details_markdown(report, "##")
    lines += [f"`intervu report {s.session_id} --markdown` exports this with the transcript and the code's "
              "timeline; `intervu history` shows your trend. Press **q** to leave."]
    return visible("\n".join(lines) + "\n")  # the model's and the candidate's words: no control sequence obeyed


class InterviewApp(App[bool]):
    """Returns True when the interview ended, False when the candidate left it (resumable)."""

    CSS_PATH = "tui.tcss"
    TITLE = "intervu"
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [
        Binding("f1", "help", "Help"),
        # At once, as the key is read: the keys typed after F2 go where F2 sends them.
        Binding("f2", "switch_focus", "Code/Chat", priority=True),
        Binding("f3", "hint", "Hint"),
        Binding("f4", "language", "Language", show=False),
        Binding("f5,ctrl+r", "run_tests", "Run", priority=True),
        # (priority: over the editor's own F6 and F7, select line and select all)
        Binding("f6", "problem", "Problem", priority=True),
        Binding("f7", "tests", "Tests", priority=True),
        Binding("f8", "mute", "Mute"),
        Binding("f9", "talk", "Talk"),
        Binding("f10", "finish", "Finish"),
        Binding("f12", "split", "Split", show=False),
        Binding("pageup", "conversation('page_up')", "Scroll up", show=False),
        Binding("pagedown", "conversation('page_down')", "Scroll down", show=False),
        Binding("ctrl+end", "conversation('follow')", "Newest line", show=False),
        Binding("ctrl+t", "toggle_theme", "Theme", show=False),
        Binding("ctrl+q", "quit", "Quit", priority=True),
    ]

    def __init__(self, interview: Interview, *, voice: VoiceKit | None = None, notices: tuple[str, ...] = (),
                 theme: str = "dark", warm: bool = True, event_hook: Callable[[Event], None] | None = None) -> None:
        super().__init__()
        self.interview = interview
        self.voice = voice
        self.notices = notices
        self.event_hook = event_hook  # every engine event, after it is drawn (tests, the bench)
        self.driver = Driver(interview, self._emit, voice, on_heard=self._heard, warm=warm)
        self.theme = "textual-light" if theme == "light" else "textual-dark"
        state = interview.state
        self.buffers = {state.language: state.code}  # each language's code, kept across switches
        self.language = state.language
        self._code_timer = None
        self._code_flush_waiting = False
        self._typed_at: float | None = None  # when the candidate last sent a line (for its latency)
        self._latency = ""
        self._hearing = False
        self._hearing_turn = False  # the next candidate turn was spoken
        self._running_tests = False
        self._streaming = False
        self._closing_words = ""
        self._end_reason = "finished"
        self._ended_shown = False
        self._push_to_talk = False
        self._muted_before_talk = False  # the microphone's state before push-to-talk
        self._handing_over = False  # push-to-talk released: the turn is ending, then the mic goes back
        self._turn_open = False  # speech started and its final transcript not in yet
        self._split = 0
        self._focus_before = None  # where F7 came from

    # --- layout ---------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        """The conversation and the code side by side, what a candidate looks at all along; the
        problem (or the test results) under the editor, in the room a short solution leaves, one
        key from hidden (F6) or shown (F6, F7)."""
        iv = self.interview
        yield StatusBar(id="status")
        with Horizontal(id="main"):
            transcript = Transcript(id="transcript")
            transcript.styles.width = self._conversation_columns(self.size.width)
            yield transcript
            with Vertical(id="right"):
                editor = CodeEditor.code_editor(self.interview.state.code, language=self.language, id="editor",
                                              theme=EDITOR_THEMES[not self.theme.endswith("light")])
                editor.indent_width = 4 if self.language == "python" else 2
                editor.border_title = self._editor_title()
                editor.styles.height = self._first_editor_rows(self.interview.state.code)
                yield editor
                with TabbedContent(id="tabs"):
                    with TabPane("Problem", id="problem-tab"):
                        yield Markdown(problem_markdown(iv.problem, self.language), id="problem")
                    with TabPane("Tests", id="tests-tab"):
                        yield TestResults(id="results")
        placeholder = ("Talk, or type to the interviewer and press Enter" if self.voice is not None
                       else "Type to the interviewer and press Enter (F1: keys and commands)")
        with Horizontal(id="say-row"):
            yield Label("you ›", id="say-label")
            yield Input(placeholder=placeholder, id="say", compact=True)
        yield Footer(compact=True, show_command_palette=False)

    # --- the room's layout ------------------------------------------------------------------------

    def _conversation_columns(self, width: int) -> int:
        """The conversation's share of the width (F12 cycles it), kept within what leaves the
        editor its 40 columns and the conversation its 24."""
        return max(MIN_CONVERSATION, min(round(width * SPLITS[self._split]), width - MIN_EDITOR))

    def _apply_split(self, width: int | None = None) -> None:
        self.query_one(Transcript).styles.width = self._conversation_columns(width or self.size.width)

    def _first_editor_rows(self, code: str) -> int:
        """The editor's rows before the first layout (so the first screen is drawn once, not twice):
        the code's lines as they will wrap; `_fit_editor` measures from then on."""
        width, height = self.size
        inner = width - self._conversation_columns(width) - 2 - (len(str(code.count("\n") + 1)) + 3)
        rows = sum(max(1, -(-len(line) // max(inner, 1))) for line in code.split("\n"))
        room = height - 4  # the status bar, the line at the bottom (and its margin), the footer
        return max(MIN_EDITOR_ROWS, min(rows + 3, room - MIN_DRAWER_ROWS))

    def _fit_editor(self) -> None:
        """The editor takes the rows its code needs (and one to grow into), the drawer under it the
        rest: the problem has the room while the code is short; as the code grows the drawer
        shrinks to its least, then the editor scrolls. Without the drawer, the editor has it all."""
        editor = self.query_one("#editor", TextArea)
        tabs = self.query_one(TabbedContent)
        if not editor.size.width:
            return  # not laid out yet: its wrap is unknown (`_first_editor_rows` holds till then)
        if not tabs.display:
            height = Scalar.parse("1fr")
        else:
            room = self.query_one("#right").size.height or self.size.height
            needed = editor.wrapped_document.height + 3  # the borders and a line to grow into
            height = Scalar.from_number(max(MIN_EDITOR_ROWS, min(needed, room - MIN_DRAWER_ROWS)))
        if editor.styles.height != height:  # (checked again with the status: the wrap follows the width)
            editor.styles.height = height

    def on_resize(self, event: events.Resize) -> None:
        self._apply_split(event.size.width)
        self.call_after_refresh(self._fit_editor)

    def action_split(self) -> None:
        self._split = (self._split + 1) % len(SPLITS)
        self._apply_split()
        self.notify(f"conversation {round(SPLITS[self._split] * 100)}% of the width (F12 changes it)", timeout=3)

    def _drawer(self, tab: str | None) -> None:
        """Show the drawer under the editor on a tab, or hide it (None)."""
        tabs = self.query_one(TabbedContent)
        tabs.display = tab is not None
        if tab is not None:
            tabs.active = tab
        self._fit_editor()

    def action_problem(self) -> None:
        tabs = self.query_one(TabbedContent)
        if tabs.display and tabs.active == "problem-tab":
            if self.focused is not None and tabs in self.focused.ancestors:
                self.screen.set_focus(self._back_to())
            self._drawer(None)
        else:
            self._drawer("problem-tab")

    def action_tests(self) -> None:
        """To the test results (the newest run's first failure under the cursor), or back."""
        tree = self.query_one(TestResults)
        if tree.has_focus:
            self.screen.set_focus(self._back_to())
            return
        if self.focused is not None and not isinstance(self.focused, Tree):
            self._focus_before = self.focused
        self._drawer("tests-tab")
        node = tree.first_failing()
        if node is not None:
            tree.move_cursor(node)
        self.screen.set_focus(tree)

    def _back_to(self):
        before = self._focus_before
        self._focus_before = None
        if before is not None and before.is_attached:
            return before
        return self.query_one("#say", Input)

    def action_conversation(self, how: str) -> None:
        transcript = self.query_one(Transcript)
        if how == "follow":
            transcript.follow()
        elif how == "page_up":
            transcript.scroll_page_up(animate=False)
        else:
            transcript.scroll_page_down(animate=False)

    def _editor_title(self) -> str:
        return f"{self.interview.problem.languages[self.language].function} · {self.language}"

    async def on_mount(self) -> None:
        self.query_one("#transcript", Transcript).border_title = "Conversation"
        self.query_one("#say", Input).focus()
        for turn in self.interview.state.conversation:  # resumed: the conversation so far
            if turn.role == "interviewer":
                self.query_one(Transcript).note(f"Interviewer: {turn.text}")
            else:
                self.query_one(Transcript).note(f"You: {turn.text}")
        self._refresh_status()
        self.set_interval(STATUS_EVERY_S, self._refresh_status)
        self.run_worker(self._start, group="engine", name="start")
        self.run_worker(self._watch_end, name="watch-end")

    async def _start(self) -> None:
        await self.driver.start(self.notices)
        warming = self.driver.warming
        if warming is not None:
            await asyncio.wait([warming], timeout=30)
        # Everything loaded so far (Textual, litellm's ~400k objects) lives as long as the app: out
        # of the garbage collector's sight, so that a full collection does not stall a keypress
        # for a quarter of a second (measured with `intervu bench tui`).
        gc.collect()
        gc.freeze()

    # --- engine → screen ------------------------------------------------------------------------

    def _emit(self, event: Event) -> None:
        transcript = self.query_one(Transcript)
        if isinstance(event, InterviewerDelta):
            if self._typed_at is not None:
                self._latency = f"answered in {(time.perf_counter() - self._typed_at) * 1000:.0f} ms"
                self._typed_at = None
            self._streaming = True
            transcript.interviewer_delta(event.gen, event.text)
        elif isinstance(event, InterviewerSaid):
            self._streaming = False
            transcript.interviewer_said(event.gen, event.text, event.cut_off)
            if event.act in ("close", "time_up"):
                self._closing_words = event.text
        elif isinstance(event, CandidateSaid):
            transcript.candidate(event.text, voice=self._hearing_turn)
            self._hearing_turn = False
        elif isinstance(event, TestRunResult):
            self.query_one(TestResults).add_run(event)
            self._drawer("tests-tab")
            transcript.note(f"· tests: {event.summary}",
                            "bold green" if event.total and event.passed == event.total else "bold red")
        elif isinstance(event, HintGiven):
            transcript.note(f"· hint given: {event.level}", "magenta")
        elif isinstance(event, PhaseChanged):
            transcript.note(f"· phase: {event.old} → {event.new}")
        elif isinstance(event, Notice):
            transcript.note(f"! {event.text}", "yellow" if event.level == "warning" else "dim")
            if event.level == "warning":
                self.notify(event.text, severity="warning", timeout=8)
        elif isinstance(event, SessionStarted):
            what = "resumed" if event.resumed else "session"
            transcript.note(f"{event.title} · {event.language} · {what} {event.session_id} · model {event.model} · "
                            f"{event.minutes} min")
        elif isinstance(event, TurnLatency):
            m = event.marks
            if event.kind == "turn" and "first_sample_played" in m:
                self._latency = f"answered {m['first_sample_played']:.0f} ms after you stopped"
            elif event.kind == "barge_in" and "playback_stopped" in m:
                self._latency = f"stopped {m['playback_stopped']:.0f} ms after you spoke"
        elif isinstance(event, InterviewEnded):
            self._end_reason = event.reason
            transcript.note(f"Interview over ({event.reason.replace('_', ' ')}).", "bold")
        self._refresh_status()
        if self.event_hook is not None:
            self.event_hook(event)

    def _heard(self, ev) -> None:
        """The listening thread's events, as the conversation sees them (on the loop)."""
        transcript = self.query_one(Transcript)
        if ev.type == Hearing.SPEECH_START:
            self._hearing = True
            self._turn_open = True
        elif ev.type == Hearing.PARTIAL and ev.text.strip():
            transcript.partial(ev.text.strip())
        elif ev.type in (Hearing.SPEECH_END,):
            self._hearing = False
        elif ev.type == Hearing.FINAL:
            self._hearing = False
            self._turn_open = False
            transcript.clear_partial()
            if ev.text.strip() and not ev.during_floor:
                self._hearing_turn = True
            self._handed_over()

    def _state(self) -> str:
        if self.interview.ended:
            return "interview over"
        if self._running_tests:
            return "running tests…"
        duplex = self.voice.duplex if self.voice is not None else None
        if duplex is not None:
            if self.driver.speaking():
                return "speaking"
            if self.driver.busy.locked():
                return "thinking…"
            if self._handing_over:
                return "over to the interviewer"
            if duplex.muted:
                return "muted (F8 opens, F9 push to talk)"
            if self._hearing:
                return "hearing you"
            return "talking: F9 to hand over" if self._push_to_talk else "listening"
        if self._streaming:
            return "answering"
        if self.driver.busy.locked():
            return "thinking…"
        return "your turn"

    def _refresh_status(self) -> None:
        self._fit_editor()
        iv = self.interview
        mic = None
        if self.voice is not None and self.voice.duplex is not None:
            d = self.voice.duplex
            mic = "muted " if d.muted else meter(d.level_dbfs)
        self.query_one(StatusBar).show(phase=iv.state.phase, left_s=iv.state.minutes * 60 - iv.clock.now(), mic=mic,
                                       state=self._state(), latency=self._latency, language=self.language)

    async def _watch_end(self) -> None:
        """However the interview ends (finish, a spoken turn, the clock), the last words play out,
        then the feedback shows."""
        await self.interview.wait_ended()
        await self.driver.let_it_finish()
        if self.interview.state.feedback is None:
            # The feedback follows the end, in the engine call that ended it (an LLM may be writing
            # its narrative): once that call lets go of the engine, the feedback is in, or failed.
            async with self.driver.busy:
                pass
        if not self._ended_shown:
            self._ended_shown = True
            self.push_screen(FeedbackScreen(feedback_markdown(self.interview, self._closing_words, self._end_reason)))

    # --- the editor → the engine ------------------------------------------------------------------

    @on(TextArea.Changed, "#editor")
    def _code_changed(self) -> None:
        self._fit_editor()
        if self._code_timer is not None:
            self._code_timer.stop()
        self._code_timer = self.set_timer(CODE_DEBOUNCE_S, self._code_due)

    def _code_due(self) -> None:
        self._code_timer = None
        if not self._code_flush_waiting:
            self._code_flush_waiting = True
            self.run_worker(self._send_code, group="code")

    async def _send_code(self) -> None:
        try:
            async with self.driver.busy:
                self._code_flush_waiting = False
                await self._pump_code()
        finally:
            self._code_flush_waiting = False

    async def _pump_code(self) -> None:
        """With the engine held: the editor as it is now, if it changed (not a turn: the interviewer
        is not interrupted)."""
        if self._code_timer is not None:
            self._code_timer.stop()
            self._code_timer = None
        code = await self.query_one("#editor", CodeEditor).settled()  # every key typed before this
        self.buffers[self.language] = code
        if self.interview.ended:
            return
        await self.driver.pump(self.interview.code(code, self.language), protect_run=True)

    # --- the candidate's actions ----------------------------------------------------------------

    def _engine(self, work, *args, **kwargs) -> None:
        """Run an engine call as a worker (its coroutine is made when it starts, so one cancelled
        before it starts leaves nothing behind)."""
        self.run_worker(partial(work, *args, **kwargs), group="engine")

    @on(Input.Submitted, "#say")
    def _said(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        event.input.value = ""
        if not text or self.interview.ended:
            return
        try:
            parsed = parse(text, Frontend.TUI)
        except CommandError as exc:
            self.query_one(Transcript).note(f"! {exc}", "yellow")  # where the line would have gone
            return
        if parsed is None:
            self._engine(self._say, text)
            return
        command = parsed.command
        if command in (Command.RUN, Command.SUBMIT):
            self.action_run_tests(hidden=command is Command.SUBMIT)
        elif command is Command.HINT:
            self.action_hint()
        elif command is Command.FINISH:
            self.action_finish()  # asks first, as F10 does
        elif command is Command.SHOW:
            self._drawer("problem-tab")
        elif command is Command.CODE:
            self.screen.set_focus(self.query_one("#editor", TextArea))
        elif command is Command.HELP:
            self.action_help()
        elif command is Command.QUIT:
            self.call_later(self.action_quit)

    async def _say(self, text: str) -> None:
        async with self.driver.busy:
            self._typed_at = time.perf_counter()
            await self.driver.pump(self.interview.say(text), typed=True)

    def action_run_tests(self, hidden: bool = False) -> None:
        if not self.interview.ended:
            self._engine(self._run, hidden)

    async def _run(self, hidden: bool) -> None:
        async with self.driver.busy:
            self._running_tests = True
            try:
                await self._pump_code()
                await self.driver.pump(self.interview.run(hidden=hidden), protect_run=True, typed=True)
            finally:
                self._running_tests = False

    def action_hint(self) -> None:
        if not self.interview.ended:
            self._engine(self.driver.call, self.interview.hint(), typed=True)

    def action_finish(self) -> None:
        if self.interview.ended:
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self._engine(self._finish)

        self.push_screen(ConfirmFinish(), answered)

    async def _finish(self) -> None:
        async with self.driver.busy:
            self._running_tests = True
            try:
                await self._pump_code()
                await self.driver.pump(self.interview.finish(), protect_run=True, typed=True)
            finally:
                self._running_tests = False

    def action_language(self) -> None:
        if self.interview.ended:
            return
        options = [lang for lang in LANGUAGES if lang in self.interview.problem.languages]
        new = options[(options.index(self.language) + 1) % len(options)] if self.language in options else options[0]
        if new == self.language:
            self.notify(f"{self.interview.problem.title} has only a {self.language} version")
            return
        reason = cannot_run(new)
        if reason is not None:
            self.notify(f"{reason} here", severity="warning")
            return
        editor = self.query_one("#editor", TextArea)
        self.buffers[self.language] = editor.text
        self.language = new
        code = self.buffers.get(new) or self.interview.problem.languages[new].starter
        self.buffers[new] = code
        editor.load_text(code)
        editor.language = new
        editor.indent_width = 4 if new == "python" else 2
        editor.border_title = self._editor_title()
        self.query_one("#problem", Markdown).update(problem_markdown(self.interview.problem, new))
        self._code_due()  # the engine (and the tests) follow the editor at once

    def action_switch_focus(self) -> None:
        editor = self.query_one("#editor", TextArea)
        # At once, not after the next refresh (`focus()`): keys typed right after F2 go where F2 sent them.
        self.screen.set_focus(self.query_one("#say", Input) if editor.has_focus else editor)

    def action_help(self) -> None:
        self.push_screen(HelpScreen())

    def action_mute(self) -> None:
        duplex = self.voice.duplex if self.voice is not None else None
        if duplex is None:
            return
        self._push_to_talk = False
        self._handing_over = False
        duplex.muted = not duplex.muted
        self.notify("microphone muted (F8 opens it)" if duplex.muted else "microphone open")

    def action_talk(self) -> None:
        """Push to talk, in a terminal (which sees no key being held): press to talk (the
        interviewer stops, the microphone opens), press again to hand the turn over; then the
        microphone goes back to how it was before (muted, or open)."""
        duplex = self.voice.duplex if self.voice is not None else None
        if duplex is None:
            return
        if not self._push_to_talk:
            if not self._handing_over:
                self._muted_before_talk = duplex.muted
            self._handing_over = False
            self._push_to_talk = True
            duplex.muted = False
            if self.driver.conv is not None:
                self.run_worker(self.driver.conv.interrupt_current, group="talk")
            return
        self._push_to_talk = False
        duplex.muted = True  # silence: the turn in progress ends now
        if self._muted_before_talk:
            return
        if self._turn_open:  # open again once the turn is in (or, if it never comes, soon anyway)
            self._handing_over = True
            self.set_timer(HAND_OVER_S, self._handed_over)
        else:
            duplex.muted = False

    def _handed_over(self) -> None:
        if self._handing_over:
            self._handing_over = False
            if self.voice is not None and self.voice.duplex is not None:
                self.voice.duplex.muted = False

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action in ("switch_focus", "problem", "tests") and isinstance(self.screen, ModalScreen):
            return False  # (priority keys: not over a dialog)
        if action in ("mute", "talk"):
            return self.voice is not None and not self.interview.ended  # a spoken interview's keys
        if self.interview.ended and action not in ("quit", "toggle_theme", "help_quit", "command_palette"):
            return False  # over: the feedback screen's own keys only
        return True

    def action_toggle_theme(self) -> None:
        self.theme = "textual-light" if self.theme == "textual-dark" else "textual-dark"

    def watch_theme(self, theme: str) -> None:
        try:
            editor = self.query_one("#editor", TextArea)
        except Exception:  # noqa: BLE001 - not composed yet
            return
        editor.theme = EDITOR_THEMES[not theme.endswith("light")]

    async def action_quit(self) -> None:
        """Leave: the editor's text is saved first, so `intervu resume` has it."""
        self.workers.cancel_group(self, "engine")  # a stream in progress is cut where it is
        self.workers.cancel_group(self, "code")
        if not self.interview.ended:
            try:
                await self._save_code()
            except Exception:  # noqa: BLE001 - leaving must not fail; the snapshot is best effort
                pass
        await self.driver.stop()
        self.exit(self.interview.ended)

    async def _save_code(self) -> None:
        """The editor's text, committed, with no answer waited for (nobody will hear it)."""
        code = await self.query_one("#editor", CodeEditor).settled()  # every key typed before Ctrl+Q
        stream = self.interview.code(code, self.language)
        try:
            async for event in stream:
                if isinstance(event, CodeSnapshot):
                    break  # committed before it was yielded
        finally:
            await stream.aclose()

    async def on_unmount(self) -> None:
        await self.driver.stop()


def run_tui(interview: Interview, *, voice: VoiceKit | None, notices: tuple[str, ...], theme: str = "dark") -> bool:
    """Run the app to its end; True when the interview ended (False: left, resumable)."""
    app = InterviewApp(interview, voice=voice, notices=notices, theme=theme)
    result = app.run()
    if app.return_code not in (0, None) and app._exception is not None:  # noqa: SLF001 - a crash inside the app
        raise app._exception
    return bool(result)


