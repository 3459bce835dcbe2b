"""One scripted interview run to its end through the real engine, sandbox and measurement (the
store in a temporary folder), with the report it ends with. Shared by the report tests."""

from __future__ import annotations

import asyncio
import functools
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from intervu_cli.core.events import Event, FeedbackGiven
from intervu_cli.engine.clock import ManualClock
from intervu_cli.frontends.script import Parser, drive
from intervu_cli.problems import Problem, load_problems, problem_dirs
from intervu_cli.session import assemble
from intervu_cli.store import Store

TESTS = Path(__file__).parent
PROBLEMS = load_problems(problem_dirs())


@dataclass
class Session:
    path: Path
    header: dict[str, str]
    problem: Problem
    events: list[Event]
    report: dict[str, Any]


def header(path: Path) -> dict[str, str]:
    out: dict[str, str] = {}
    for raw in path.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^#\s*(\w+):\s*(.+)$", raw.strip())
        if m:
            out.setdefault(m.group(1), m.group(2).strip())
        elif raw.strip() and not raw.startswith("#"):
            break
    return out


@functools.lru_cache(maxsize=None)
def run(path: Path) -> Session:
    """Run the script (ending it with /finish if it does not end itself) and return the session."""
    head = header(path)
    problem = PROBLEMS.get(head.get("problem", "two-sum"))
    assert problem is not None, f"{path.name}: no problem {head.get('problem')!r}"
    parser = Parser()
    steps = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        if raw.strip().startswith("#>"):
            parser.number += 1
            continue
        steps += parser.feed(raw)
    parser.close()

    async def go(store: Store) -> list[Event]:
        clock = ManualClock()
        iv = assemble.new_interview(problem, store, clock, language=head.get("language", "python"),
                                    minutes=int(head.get("minutes", 45)))
        await drive(iv, steps, lambda event: None, clock)  # as `practice --script` drives it
        if not iv.ended:
            async for _ in iv.finish():
                pass
        return list(store.events(iv.session_id))

    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "s.sqlite3")
        try:
            events = asyncio.run(go(store))
        finally:
            store.close()
    given = next((e for e in reversed(events) if isinstance(e, FeedbackGiven)), None)
    assert given is not None, f"{path.name}: the interview ended without feedback"
    return Session(path, head, problem, events, given.report)


def scripts() -> list[Path]:
    """Every scripted interview in the tests."""
    found = sorted((TESTS / "interviews").glob("*.txt")) + sorted((TESTS / "scripts").rglob("*.txt"))
    found += sorted((TESTS / "population").glob("*.txt"))
    return found
