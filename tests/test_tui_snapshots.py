"""Snapshots (pytest-textual-snapshot) of the interview room at 80x24 and of the feedback screen.

What changes from run to run is pinned, so a snapshot changes only when the screen does: the
session id (the store's clock and random part), the interview clock (a ManualClock), the cursors'
blinking, and the status bar's last-latency figure (a real measurement, so it is set to a fixed
text before the picture is taken). After a deliberate change of the screens, refresh them with
`python -m pytest tests/test_tui_snapshots.py --snapshot-update` and look at the SVGs."""

from __future__ import annotations

from datetime import datetime

import pytest
from textual.widgets import Input, TextArea

from intervu_cli.core.config import db_path
from intervu_cli.engine.clock import ManualClock
from intervu_cli.session import assemble
from intervu_cli.frontends.tui.app import FeedbackScreen, InterviewApp
from intervu_cli.problems import load_problems, problem_dirs
from intervu_cli.store import Store


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
    yield InterviewApp(iv)
    iv.log.store.close()


async def _settle(pilot, until) -> None:
    for _ in range(200):
        if until():
            break
        await pilot.pause(0.05)
    assert until()
    for widget in [*pilot.app.query(TextArea), *pilot.app.query(Input)]:
        widget.cursor_blink = False
    pilot.app._latency = "answered in 3 ms"  # a live figure; pinned for the picture
    pilot.app._refresh_status()
    await pilot.pause(0.1)


def _text(app) -> str:
    return "\n".join(str(line.render()) for line in app.query_one("#transcript").children)


def test_main_screen(app, snap_compare):
    async def run_before(pilot) -> None:
        await _settle(pilot, lambda: "talk me through" in _text(pilot.app))
        await pilot.press(*[{" ": "space"}.get(c, c) for c in "Can the numbers be negative?"], "enter")
        await _settle(pilot, lambda: "ninth" in _text(pilot.app) and not pilot.app.driver.busy.locked())

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_feedback_screen(app, snap_compare):
    async def run_before(pilot) -> None:
        await _settle(pilot, lambda: "talk me through" in _text(pilot.app))
        pilot.app.query_one("#editor", TextArea).load_text(
            "def two_sum(nums, target):\n    seen = {}\n    for i, x in enumerate(nums):\n"
            "        if target - x in seen:\n            return [seen[target - x], i]\n        seen[x] = i\n")
        await pilot.press("f10")
        await pilot.pause(0.2)
        await pilot.press("y")
        await _settle(pilot, lambda: isinstance(pilot.app.screen, FeedbackScreen))

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
