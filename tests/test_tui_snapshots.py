"""Snapshots (pytest-textual-snapshot) of the interview room at 80x24 and 120x36: the main screen
after ten exchanges, the finish dialog, the help scrolled to its end, the feedback scrolled to
its evidence.

What changes from run to run is pinned, so a snapshot changes only when the screen does: the
session id (the store's clock and random part), the interview clock (a ManualClock), the cursors'
blinking, the status bar's last-latency figure (a real measurement, so it is set to a fixed
text before the picture is taken), and the final code's timing on growing inputs (a real
measurement in every other test: here the interview is handed fixed figures). After a deliberate
change of the screens, refresh them with `python -m pytest tests/test_tui_snapshots.py
--snapshot-update` and look at the SVGs.

Each picture is also checked for what it is there to show (the last reply in view, the dialog's
whole text, the help's last line, the evidence), so a snapshot refreshed without looking cannot
make a broken screen pass."""

from __future__ import annotations

from datetime import datetime

import pytest
from textual.widgets import Input, Markdown, TextArea

from intervu_cli.core.config import db_path
from intervu_cli.core.growth import Point, Sample
from intervu_cli.engine.clock import ManualClock
from intervu_cli.session import assemble
from intervu_cli.frontends.tui.app import ConfirmFinish, FeedbackScreen, HelpScreen, InterviewApp
from intervu_cli.frontends.tui.widgets import Transcript
from intervu_cli.problems import load_problems, problem_dirs
from intervu_cli.store import Store

SIZES = [(80, 24), (120, 36)]
SIZE_IDS = ["80x24", "120x36"]

# Ten exchanges a candidate might have before coding (the interviewer answers each from the rules).
EXCHANGES = [
    "Can the numbers be negative?",
    "Is there always exactly one answer?",
    "Can I use the same element twice?",
    "What should I return if there are several pairs?",
    "Brute force would check every pair, that is O of n squared.",
    "Better: one pass with a hash map from value to index, checking the complement first.",
    "That is O of n time and O of n space.",
    "For an empty list there is no pair, but the constraints say at least two numbers.",
    "Let me trace 2 7 11 15 with target 9: at 7 the complement 2 is in the map, so 0 and 1.",
    "Okay, I will code it up now.",
]

SOLUTION = ("def two_sum(nums, target):\n    seen = {}\n    for i, x in enumerate(nums):\n"
            "        if target - x in seen:\n            return [seen[target - x], i]\n        seen[x] = i\n")


class _FixedDate(datetime):
    @classmethod
    def now(cls, tz=None):
        return datetime(2026, 11, 21, 12, 0, 0)


@pytest.fixture
def app(home, monkeypatch):
    monkeypatch.setattr("intervu_cli.store.secrets.token_hex", lambda n: "abc123")
    monkeypatch.setattr("intervu_cli.store.datetime", _FixedDate)
    problem = load_problems(problem_dirs([])).get("two-sum")
    iv = assemble.new_interview(problem, Store(db_path()), ManualClock(), language="python", minutes=45)
    pinned = Sample("python", tuple(Point(n, n * 6e-8, 10) for n in (1000, 2000, 4000, 8000, 16000)),
                    n_means="the length of nums").to_dict()
    iv.measure = lambda problem, language, code: pinned
    yield InterviewApp(iv)
    iv.log.store.close()


async def _wait(pilot, until) -> None:
    for _ in range(400):
        if until():
            return
        await pilot.pause(0.05)
    assert until()


async def _settle(pilot, until) -> None:
    await _wait(pilot, until)
    for widget in [*pilot.app.query(TextArea), *pilot.app.query(Input)]:
        widget.cursor_blink = False
    pilot.app._latency = "answered in 3 ms"  # a live figure; pinned for the picture
    pilot.app._refresh_status()
    await pilot.pause(0.1)


def _lines(app) -> list:
    return list(app.query_one(Transcript).children)


def _text(app) -> str:
    return "\n".join(str(line.render()) for line in _lines(app))


def _idle(app) -> bool:
    return not app.driver.busy.locked() and not app._streaming


async def _ten_exchanges(pilot) -> None:
    await _wait(pilot, lambda: "talk me through" in _text(pilot.app))
    for said in EXCHANGES:
        before = len(_lines(pilot.app))
        await pilot.press(*[{" ": "space"}.get(c, c) for c in said], "enter")
        await _wait(pilot, lambda: _idle(pilot.app) and len(_lines(pilot.app)) > before + 1
                    and "interviewer" in _lines(pilot.app)[-1].classes)


def _in_view(widget, pane) -> bool:
    """The widget's whole region is inside the pane's content region on the screen."""
    region, inside = widget.region, pane.content_region
    return region.height > 0 and inside.y <= region.y and region.bottom <= inside.bottom


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_main_screen_after_ten_exchanges(app, snap_compare, size):
    async def run_before(pilot) -> None:
        await _ten_exchanges(pilot)
        transcript = pilot.app.query_one(Transcript)
        last = _lines(pilot.app)[-1]
        assert "interviewer" in last.classes and _in_view(last, transcript)  # the last reply, whole
        assert transcript.border_subtitle == ""  # nothing below it
        await _settle(pilot, lambda: _idle(pilot.app))

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_finish_dialog(app, snap_compare, size):
    async def run_before(pilot) -> None:
        await _wait(pilot, lambda: "talk me through" in _text(pilot.app))
        await pilot.press("f10")
        await _wait(pilot, lambda: isinstance(pilot.app.screen, ConfirmFinish))
        await pilot.pause(0.2)
        label = pilot.app.screen.query_one("#confirm-text")
        box = pilot.app.screen.query_one("#confirm-box")
        # The whole question is drawn, inside the box: its last words are on the label's last line.
        rendered = [str(strip.text) for strip in label.render_lines(label.region.reset_offset)]
        assert "wraps up." in rendered[-1] or "wraps up." in " ".join(rendered), rendered
        assert label.region.width <= box.content_region.width and label.region.right <= box.content_region.right
        await _settle(pilot, lambda: True)

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_help_scrolled_to_its_end(app, snap_compare, size):
    async def run_before(pilot) -> None:
        await _wait(pilot, lambda: "talk me through" in _text(pilot.app))
        await pilot.press("f1")
        await _wait(pilot, lambda: isinstance(pilot.app.screen, HelpScreen))
        await pilot.pause(0.2)
        await pilot.press("end")
        scroll = pilot.app.screen.query_one("#help-scroll")
        await _wait(pilot, lambda: scroll.scroll_y == scroll.max_scroll_y)
        help_text = pilot.app.screen.query_one("#help-text", Markdown)
        last_block = list(help_text.children)[-1]
        assert "sees your code" in str(last_block.render()) and _in_view(last_block, scroll)
        await _settle(pilot, lambda: True)

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_feedback_scrolled_to_the_evidence(app, snap_compare, size):
    async def run_before(pilot) -> None:
        await _wait(pilot, lambda: "talk me through" in _text(pilot.app))
        pilot.app.query_one("#editor", TextArea).load_text(SOLUTION)
        await pilot.press("f10")
        await _wait(pilot, lambda: isinstance(pilot.app.screen, ConfirmFinish))
        await pilot.press("y")
        await _wait(pilot, lambda: isinstance(pilot.app.screen, FeedbackScreen))
        await pilot.pause(0.3)
        screen = pilot.app.screen
        scroll = screen.query_one("#feedback-scroll")
        markdown = screen.query_one("#feedback", Markdown)
        block = next(b for _, title, b in markdown.table_of_contents if title.startswith("Verification"))
        target = markdown.query_one(f"#{block}")
        def reached() -> bool:  # at the top of the view, or as far as the view scrolls
            return _in_view(target, scroll) and (target.region.y == scroll.content_region.y
                                                 or scroll.scroll_y == scroll.max_scroll_y)

        assert not _in_view(target, scroll)  # below the fold at first
        for _ in range(12):  # Tab, section by section, down to the verification evidence
            if reached():
                break
            await pilot.press("tab")
            await pilot.pause(0.05)
        assert reached()
        await _settle(pilot, lambda: True)

    assert snap_compare(app, terminal_size=size, run_before=run_before)
