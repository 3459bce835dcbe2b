"""The session clock. Injected everywhere time matters, so tests advance it instead of sleeping."""

from __future__ import annotations

import time
from typing import Protocol

TICK_S = 5.0  # how often every front end lets the engine look at the clock (a scripted /wait too)


class Clock(Protocol):
    def now(self) -> float:
        """Seconds since the session started (continues across a resume)."""


class MonotonicClock:
    """Real time, from time.monotonic(), starting at `offset` seconds of session time."""

    def __init__(self, offset: float = 0.0) -> None:
        self._t0 = time.monotonic() - offset

    def now(self) -> float:
        return time.monotonic() - self._t0


class ManualClock:
    """A clock that only moves when told to (scripted interviews, tests)."""

    def __init__(self, offset: float = 0.0) -> None:
        self._t = float(offset)

    def now(self) -> float:
        return self._t

    def advance(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError("the clock cannot go backwards")
        self._t += seconds
