"""What the engine is given: it owns no infrastructure.

The interview engine decides and words an interview; it does not pick where events are kept, how
code is run or how a session is scored. The layer that wires a session (`intervu_cli.session.assemble`)
hands it these small interfaces, backed by the SQLite store, the sandbox and the assessment; a test
may hand it others. An import-linter contract keeps the engine from importing the store, the
sandbox or voice itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Protocol

from intervu_cli.core.events import Event

if TYPE_CHECKING:
    from intervu_cli.engine.llm import LLMConfig
    from intervu_cli.engine.state import SessionState
    from intervu_cli.problems import Problem


class EventLog(Protocol):
    """One session's events, committed as they happen (a kill -9 loses nothing committed)."""

    def append(self, event: Event, *, complete: bool = True) -> int:
        """Commit one event now; returns its place (for `update`). `complete=False`: an utterance
        still streaming in, read back as cut off if its end never comes."""

    def update(self, seq: int, event: Event, *, complete: bool = True) -> None:
        """Replace the event at `seq` (an utterance as more of it arrives, or cut off)."""

    def events(self) -> list[Event]:
        """Every committed event, in order."""


class RunReport(Protocol):
    """What a test run gives back (the sandbox's RunResult is one)."""

    language: str
    error: str
    duration_s: float

    @property
    def passed(self) -> int: ...

    @property
    def total(self) -> int: ...

    @property
    def summary(self) -> str: ...

    def to_dict(self) -> dict[str, Any]: ...


class TestRunner(Protocol):
    """Runs the candidate's code against the problem's tests (the hidden ones too if asked); called
    on a worker thread."""

    def __call__(self, problem: Problem, language: str, code: str, hidden: bool) -> RunReport: ...


class CostEstimator(Protocol):
    """What the candidate's code costs in time, read from the code ("n", "n^2"; None: cannot tell)."""

    def __call__(self, code: str, language: str) -> str | None: ...


class GrowthMeasurer(Protocol):
    """Times the code on the problem's generated inputs of growing size (`core.growth.Sample` as a
    dict); None when the problem has no generator or the language cannot run here. Called on a
    worker thread; bounded to a few seconds."""

    def __call__(self, problem: Problem, language: str, code: str) -> dict[str, Any] | None: ...


class Assessor(Protocol):
    """Scores a session that has ended, from its events: the report a FeedbackGiven carries."""

    async def __call__(self, problem: Problem, events: Sequence[Event], state: SessionState,
                       llm: LLMConfig | None) -> dict[str, Any]: ...
