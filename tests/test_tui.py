"""The Textual interview room, driven with Textual's Pilot: real engine, real session store, real
sandbox, and (for streaming) real HTTP through litellm to the local fake OpenAI-compatible server.
Nothing is mocked."""

from __future__ import annotations

import asyncio

import pytest
from textual.widgets import Input, Markdown, TabbedContent, TextArea

from intervu_cli.core.config import db_path
from intervu_cli.engine.clock import ManualClock
from intervu_cli.engine.interview import Interview
from intervu_cli.session import assemble
from intervu_cli.engine.llm import LLMConfig
from intervu_cli.bench.fakellm import FakeLLMServer
from intervu_cli.frontends.tui.app import ConfirmFinish, FeedbackScreen, HelpScreen, InterviewApp
from intervu_cli.frontends.tui.widgets import StatusBar, TestResults, Transcript
from intervu_cli.problems import load_problems, problem_dirs
from intervu_cli.store import Store

SOLUTION_LINES = [  # typed key by key: the editor indents by itself after a ':'
    "seen = {}", "for i, x in enumerate(nums):", "if target - x in seen:", "return [seen[target - x], i]",
]


def two_sum():
    return load_problems(problem_dirs([])).get("two-sum")


def new_interview(language: str = "python", llm: LLMConfig | None = None, minutes: int = 45) -> Interview:
    return assemble.new_interview(two_sum(), Store(db_path()), ManualClock(), language=language, minutes=minutes,
                                  llm=llm, model_label="fake" if llm else "none")


def transcript_text(app: InterviewApp) -> str:
    t = app.query_one(Transcript)
    return "\n".join(str(line.render()) for line in t.children)


async def wait_for(pilot, predicate, timeout: float = 15.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not predicate():
        assert loop.time() < deadline, "timed out waiting on the app"
        await pilot.pause(0.05)


async def type_keys(pilot, text: str) -> None:
    await pilot.press(*[{" ": "space"}.get(c, c) for c in text])


def test_a_whole_short_interview(home):
    """Type to the interviewer, write code in the editor, run the tests, ask for a hint, finish:
    the feedback screen shows, and the session is stored complete."""
    iv = new_interview()
    events = []
    app = InterviewApp(iv, event_hook=events.append)

    async def drive() -> None:
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_for(pilot, lambda: "talk me through" in transcript_text(app))
            assert app.focused is app.query_one("#say", Input)
            await type_keys(pilot, "Can the numbers be negative?")
            await pilot.press("enter")
            await wait_for(pilot, lambda: "ninth" in transcript_text(app))
            assert "You: Can the numbers be negative?" in transcript_text(app)
            await type_keys(pilot, "I will use a hash map from value to index, one pass.")
            await pilot.press("enter")
            await wait_for(pilot, lambda: iv.state.phase in ("approach", "code") and not app.driver.busy.locked())

            # The starter code fails: F5 runs the tests and the results pane opens on them.
            await pilot.press("f5")
            await wait_for(pilot, lambda: app.query_one(TestResults).runs == 1)
            assert app.query_one(TabbedContent).active == "tests-tab"
            assert "0/3" in str(app.query_one(TestResults).root.children[0].label)

            await pilot.press("f3")
            await wait_for(pilot, lambda: "hint given: nudge" in transcript_text(app))

            # Write the solution in the editor, key by key, below the signature.
            await pilot.press("f2")
            editor = app.query_one("#editor", TextArea)
            assert app.focused is editor
            await pilot.press("ctrl+home", "end", "right", "ctrl+k")  # the starter's `pass` goes
            await pilot.press("tab")
            for line in SOLUTION_LINES:
                await type_keys(pilot, line)
                await pilot.press("enter")
            await pilot.press("backspace")  # out of the `if`: one indent level
            await type_keys(pilot, "seen[x] = i")
            assert editor.text.splitlines()[1:] == [
                "    seen = {}", "    for i, x in enumerate(nums):", "        if target - x in seen:",
                "            return [seen[target - x], i]", "        seen[x] = i"]
            # The engine gets the code as a snapshot once the typing pauses.
            await wait_for(pilot, lambda: iv.state.code == editor.text)
            await pilot.press("f5")
            await wait_for(pilot, lambda: app.query_one(TestResults).runs == 2)
            assert "3/3" in str(app.query_one(TestResults).root.children[0].label)

            # F10 asks first; "n" keeps going, "y" finishes.
            await pilot.press("f10")
            await wait_for(pilot, lambda: isinstance(app.screen, ConfirmFinish))
            await pilot.press("n")
            await wait_for(pilot, lambda: not isinstance(app.screen, ConfirmFinish))
            assert not iv.ended
            await pilot.press("f10")
            await wait_for(pilot, lambda: isinstance(app.screen, ConfirmFinish))
            await pilot.press("y")
            await wait_for(pilot, lambda: isinstance(app.screen, FeedbackScreen))
            feedback = app.screen.markdown
            assert feedback.startswith(f"# Two Sum: {iv.state.feedback['signal']}")  # the engine's report, as stored
            assert "**Tests:** 9/9 with the hidden ones" in feedback and "nudge (asked)" in feedback
            for heading in ("Algorithms", "Coding", "Problem solving", "Verification", "Communication"):
                assert f"## {heading}: " in feedback
            assert "You asked one clarifying question before coding" in feedback
            assert "You stated your approach before coding" in feedback
            await pilot.press("q")
        assert app.return_value is True

    asyncio.run(drive())
    kinds = [e.type for e in events]
    assert kinds.count("test_run") == 3  # two runs and the hidden tests at the finish
    assert [k for k in kinds if k != "complexity_measured"][-2:] == ["ended", "feedback"]
    assert "ended" in kinds
    assert iv.log.store.session(iv.session_id).status == "completed"
    stored = [e.type for e in iv.log.store.events(iv.session_id)]
    assert "code_snapshot" in stored and "hint" in stored


def test_help_screen_and_keys_in_the_footer(home):
    app = InterviewApp(new_interview())

    async def drive() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause(0.2)
            shown = {key for key, active in app.active_bindings.items() if active.binding.show}
            for key in ("f1", "f2", "f3", "f6", "f7", "f10", "ctrl+q"):
                assert key in shown, key
            assert "f5" in shown or "f5,ctrl+r" in shown or "ctrl+r" in shown
            assert "f8" not in shown and "f9" not in shown  # mute and push-to-talk: a spoken interview's keys
            await pilot.press("f1")
            await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
            help_text = app.screen.query_one(Markdown).source
            for what in ("run the visible tests", "ask for a hint", "push to talk", "switch language", "finish",
                         "`intervu resume` continues it"):
                assert what in help_text, what
            await pilot.press("escape")
            await wait_for(pilot, lambda: not isinstance(app.screen, HelpScreen))
            await pilot.press("ctrl+q")

    asyncio.run(drive())


def test_leaving_mid_interview_keeps_the_code_and_resumes_in_the_app(home):
    """Ctrl+Q right after typing (before the snapshot's pause has passed): the code is saved;
    the resumed app shows the conversation so far and the code."""
    iv = new_interview()
    app = InterviewApp(iv)

    async def first() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await wait_for(pilot, lambda: "talk me through" in transcript_text(app))
            await type_keys(pilot, "Is the input sorted?")
            await pilot.press("enter")
            await wait_for(pilot, lambda: len(iv.state.conversation) >= 3)
            await pilot.press("f2")
            assert app.focused is app.query_one("#editor", TextArea)
            await pilot.press("ctrl+home", "end", "right", "ctrl+k")
            await type_keys(pilot, "    return []  # thinking")
            await pilot.press("ctrl+q")
        assert app.return_value is False

    asyncio.run(first())
    session_id = iv.session_id
    assert iv.log.store.session(session_id).status == "in_progress"
    iv.log.store.close()

    resumed = assemble.resume_interview(two_sum(), Store(db_path()), session_id, ManualClock)
    assert "return []  # thinking" in resumed.state.code
    app2 = InterviewApp(resumed)

    async def second() -> None:
        async with app2.run_test(size=(80, 24)) as pilot:
            await wait_for(pilot, lambda: "Welcome back" in transcript_text(app2) or "back" in transcript_text(app2))
            assert "Is the input sorted?" in transcript_text(app2)
            assert "return []  # thinking" in app2.query_one("#editor", TextArea).text
            await pilot.press("ctrl+q")

    asyncio.run(second())
    resumed.log.store.close()


def test_switching_language_keeps_each_languages_code(home):
    iv = new_interview()
    app = InterviewApp(iv)

    async def drive() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause(0.2)
            editor = app.query_one("#editor", TextArea)
            editor.insert("# python notes\n", (0, 0))
            await pilot.press("f4")
            await wait_for(pilot, lambda: iv.state.language == "javascript")
            assert editor.language == "javascript"
            assert editor.text == two_sum().languages["javascript"].starter
            assert "javascript" in str(app.query_one(StatusBar).render())
            assert "function twoSum" in app.query_one("#problem", Markdown).source
            assert not iv.state.code_started  # the JavaScript starter is not the candidate's code
            await pilot.press("f5")
            await wait_for(pilot, lambda: app.query_one(TestResults).runs == 1)
            assert "javascript" in str(app.query_one(TestResults).root.children[0].label)
            await pilot.press("f4")
            await wait_for(pilot, lambda: iv.state.language == "python")
            assert editor.text.startswith("# python notes\n")
            await pilot.press("ctrl+q")

    asyncio.run(drive())


def test_a_failing_test_opens_on_expected_and_actual(home):
    iv = new_interview()
    app = InterviewApp(iv)

    async def drive() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause(0.2)
            editor = app.query_one("#editor", TextArea)
            editor.load_text("def two_sum(nums, target):\n    return [0, 2]\n")
            await pilot.press("f5")
            await wait_for(pilot, lambda: app.query_one(TestResults).runs == 1)
            tree = app.query_one(TestResults)
            run = tree.root.children[0]
            assert "0/3" in str(run.label)
            failing = [n for n in run.children if "✗" in str(n.label)]
            # The first failure is open at once, on its input, the expected value and the actual one.
            assert len(failing) == 3 and [n.is_expanded for n in failing] == [True, False, False]
            details = [str(n.label) for n in failing[0].children]
            assert any(d.startswith("expected") for d in details) and any(d.startswith("actual") for d in details)
            assert any(d.startswith("input") for d in details)
            # F7 goes to the results with the cursor on it; Down and Enter open the next one.
            assert app.focused is app.query_one("#say", Input)
            await pilot.press("f7")
            assert app.focused is tree and tree.cursor_node is failing[0]
            for _ in range(len(failing[0].children) + 1):
                await pilot.press("down")
            assert tree.cursor_node is failing[1]
            await pilot.press("enter")
            assert failing[1].is_expanded
            assert any(str(n.label).startswith("actual") for n in failing[1].children)
            await pilot.press("f7")  # and back to where it came from
            assert app.focused is app.query_one("#say", Input)
            await pilot.press("ctrl+q")

    asyncio.run(drive())


def test_resizes_and_switches_theme(home):
    app = InterviewApp(new_interview(), theme="light")

    async def drive() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause(0.2)
            editor = app.query_one("#editor", TextArea)
            assert app.theme == "textual-light" and editor.theme == "github_light"
            for size in ((80, 24), (120, 40), (200, 60), (80, 24)):
                await pilot.resize_terminal(*size)
                await pilot.pause(0.1)
                for wid in ("#editor", "#transcript", "#tabs", "#say", "#status"):
                    region = app.query_one(wid).region
                    assert region.width > 0 and region.height > 0, (wid, size)
                assert editor.region.width >= 40
            await pilot.press("ctrl+t")
            assert app.theme == "textual-dark" and editor.theme == "monokai"
            await pilot.press("ctrl+q")

    asyncio.run(drive())


@pytest.fixture
def slow_llm(home):
    """A model that answers every turn with 150 words at 25 tokens/s, over real HTTP: the fake
    OpenAI-compatible server, reached through litellm."""
    words = " ".join(f"word{i}" for i in range(150))
    server = FakeLLMServer(reply=lambda messages: words, ttft_ms=50, tokens_per_s=25).start()
    try:
        yield server, LLMConfig(model="openai/fake", api_base=server.base_url, api_key="sk-fake")
    finally:
        server.close()


async def ask_and_let_it_stream(pilot, app, first_words: str) -> None:
    await wait_for(pilot, lambda: "talk me through" in transcript_text(app))
    await type_keys(pilot, "Can the numbers be negative?")
    await pilot.press("enter")
    await wait_for(pilot, lambda: first_words in transcript_text(app), timeout=30)


def test_the_interviewer_streams_in_while_the_editor_keeps_up(slow_llm):
    """A slow model over real HTTP (litellm → the fake server): its words show as they come, and
    keys typed in the editor meanwhile land at once; the engine gets the code without cutting it."""
    _, llm = slow_llm
    iv = new_interview(llm=llm)
    app = InterviewApp(iv, warm=False)

    async def drive() -> None:
        async with app.run_test(size=(100, 30)) as pilot:
            await ask_and_let_it_stream(pilot, app, "word5")
            assert "word149" not in transcript_text(app)  # still streaming
            assert "answering" in str(app.query_one(StatusBar).render())
            await pilot.press("f2")
            editor = app.query_one("#editor", TextArea)
            editor.move_cursor((1, 0))
            await type_keys(pilot, "# ok")
            assert editor.text.splitlines()[1].startswith("# ok")  # landed while it streams
            assert "word149" not in transcript_text(app)
            await wait_for(pilot, lambda: "word149" in transcript_text(app), timeout=30)
            await wait_for(pilot, lambda: "# ok" in iv.state.code)
            assert not any(t.cut_off for t in iv.state.conversation)  # typing code cut nothing off
            assert "answered in" in str(app.query_one(StatusBar).render())
            await pilot.press("ctrl+q")

    asyncio.run(drive())


def test_leaving_while_it_streams_saves_the_code_and_waits_for_no_answer(slow_llm):
    """Ctrl+Q in the middle of a long answer, with unsent code in the editor: the code is saved,
    the stream is closed where it is (the server sees the client go), and no new answer to that
    code is waited for."""
    server, llm = slow_llm
    iv = new_interview(llm=llm)
    app = InterviewApp(iv, warm=False)

    async def drive() -> None:
        async with app.run_test(size=(100, 30)) as pilot:
            await ask_and_let_it_stream(pilot, app, "word3")
            await pilot.press("f2", "ctrl+end")
            await type_keys(pilot, "# half done")
            requests = len(server.requests)
            await pilot.press("ctrl+q")
        assert len(server.requests) == requests  # nothing asked about the saved code

    asyncio.run(drive())
    assert app.return_value is False
    assert server.wait_for(lambda: server.disconnects >= 1, timeout=5), (server.disconnects, server.completed)
    assert server.completed == 0  # the answer was never streamed to its end
    session_id = iv.session_id
    iv.log.store.close()
    resumed = assemble.resume_interview(two_sum(), Store(db_path()), session_id, ManualClock)
    assert resumed.state.code.rstrip().endswith("# half done")
    said = [t for t in resumed.state.conversation if t.role == "interviewer"]
    assert said[-1].text.startswith("word0") and "word149" not in said[-1].text
    resumed.log.store.close()


def test_an_utterance_cut_off_shows_what_was_heard_and_strikes_the_rest(home):
    """The conversation pane on its own: what the interviewer streamed, then cut short after its
    first words (as a barge-in reports it)."""
    from textual.app import App

    class One(App):
        def compose(self):
            yield Transcript()

    app = One()

    async def drive() -> None:
        async with app.run_test(size=(80, 12)) as pilot:
            t = app.query_one(Transcript)
            for piece in ("Let's think ", "about the ", "edge cases first."):
                t.interviewer_delta(7, piece)
            t.partial("so what if")
            await pilot.pause(0.05)
            line = t.children[0].render()
            assert str(line) == "Interviewer: Let's think about the edge cases first."
            t.interviewer_said(7, "Let's think", cut_off=True)
            await pilot.pause(0.05)
            line = t.children[0].render()
            assert str(line) == "Interviewer: Let's think about the edge cases first.  (cut off)"
            struck = [span for span in line.spans if "strike" in str(span.style)]
            assert struck and str(line)[struck[0].start:struck[0].end] == " about the edge cases first."
            # the candidate's words in progress stay last, dimmed, until the final transcript
            assert "partial" in t.children[-1].classes and str(t.children[-1].render()) == "You: so what if …"
            t.candidate("so what if the list is empty", voice=True)
            await pilot.pause(0.05)
            assert not any("partial" in c.classes for c in t.children)
            assert str(t.children[-1].render()) == "You (voice): so what if the list is empty"

    asyncio.run(drive())


def test_the_line_takes_the_commands_every_front_end_takes(home):
    """The slash commands read as in the REPL and scripts: /run hidden is /submit, /show opens the
    Problem tab, /code moves to the editor; a script's /wait, a stray /endcode, a typo or a bad
    argument get one line in the conversation and never reach the interviewer; /quit leaves."""
    iv = new_interview()
    events = []
    app = InterviewApp(iv, event_hook=events.append)

    async def command(pilot, line: str) -> None:
        await type_keys(pilot, line)
        await pilot.press("enter")

    async def drive() -> None:
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_for(pilot, lambda: "talk me through" in transcript_text(app))
            await command(pilot, "/run hidden")
            await wait_for(pilot, lambda: app.query_one(TestResults).runs == 1)
            runs = [e for e in events if e.type == "test_run"]
            assert [r.hidden for r in runs] == [True] and runs[0].total > 3
            assert app.query_one(TabbedContent).active == "tests-tab"
            await command(pilot, "/show")
            await wait_for(pilot, lambda: app.query_one(TabbedContent).active == "problem-tab")
            await command(pilot, "/code")
            await wait_for(pilot, lambda: app.focused is app.query_one("#editor", TextArea))
            await pilot.press("f2")
            assert app.focused is app.query_one("#say", Input)
            for line, answer in (
                ("/wait 30", "! /wait only works in a script: here the clock runs by itself"),
                ("/endcode", "! /endcode: nothing to end, the editor sends your code as you type"),
                ("/fnish", "! unknown command '/fnish' (did you mean /finish?); F1 lists the keys and commands"),
                ("/hint please", "! /hint takes no argument, not 'please'"),
            ):
                await command(pilot, line)
                await wait_for(pilot, lambda: answer in transcript_text(app))
            await command(pilot, "/quit")
        assert app.return_value is False

    asyncio.run(drive())
    assert not [e for e in events if e.type in ("candidate_said", "hint")]  # no command reached the interviewer
    assert iv.log.store.session(iv.session_id).status == "in_progress"  # /quit left it resumable
