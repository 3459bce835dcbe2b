"""The session store: SQLite, one row per session and one per event, committed as it happens; and
for each session, how it was run (spoken or by keyboard, with which audio options), for resuming it.

Every turn, code snapshot, test run, hint and phase change is committed before any front end shows
it, so a kill -9 at any moment loses nothing already shown. An interviewer utterance is written
when its first words stream in and updated as the rest arrives; an utterance whose end never came
is read back as cut off.

The file's layout is versioned with `PRAGMA user_version`: MIGRATIONS lists the steps from an empty
file (or one written before versions, which reads 0) to today's layout, and opening a store runs
the ones it has not had yet, each in its own transaction. A file from a newer intervu is refused.
"""

from __future__ import annotations

import json
import secrets
import sqlite3
from contextlib import contextmanager
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from intervu_cli.core.events import Event, InterviewEnded, InterviewerSaid, event_from_dict

SCHEMA = """
CREATE TABLE IF NOT EXISTS sessions (
    id TEXT PRIMARY KEY,
    slug TEXT NOT NULL,
    title TEXT NOT NULL,
    language TEXT NOT NULL,
    status TEXT NOT NULL,           -- in_progress | completed
    started_at TEXT NOT NULL,       -- ISO 8601, UTC
    updated_at TEXT NOT NULL,
    ended_at TEXT,
    model TEXT NOT NULL,
    minutes INTEGER NOT NULL,
    clock_s REAL NOT NULL DEFAULT 0 -- session time of the last event
);
CREATE TABLE IF NOT EXISTS events (
    session_id TEXT NOT NULL REFERENCES sessions(id),
    seq INTEGER NOT NULL,
    t REAL NOT NULL,
    type TEXT NOT NULL,
    data TEXT NOT NULL,
    complete INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (session_id, seq)
);
"""

class StoreError(Exception):
    """The session store cannot be used as it is; the message is one line saying why and what to do."""


def _create_tables(db: sqlite3.Connection) -> None:
    # IF NOT EXISTS: a file written before versions (user_version 0) already has them, unchanged.
    for statement in SCHEMA.split(";"):
        if statement.strip():
            db.execute(statement)


def _trigger_after(kind: str | None, data: str) -> str:
    """The trigger of a run stored without one, from the event stored before it (its type and data),
    as scoring guessed it before runs carried their trigger."""
    if kind == "run_requested":
        return "submit" if json.loads(data).get("hidden") else "run"
    if kind == "candidate_said":
        return "submit"  # "let me submit it": the engine ran the hidden tests
    if kind == "finish_requested":
        return "finish"
    return "end"


def _add_run_triggers(db: sqlite3.Connection) -> None:
    """Test runs stored before runs carried their trigger (no "trigger", or an empty one) get it.
    The event before a run is the one before it in its session, feedback aside (scoring skipped it)."""
    fixes = []
    session, previous = None, (None, "")
    rows = db.execute("SELECT session_id, seq, type, data FROM events ORDER BY session_id, seq")
    for session_id, seq, kind, data in rows:
        if session_id != session:
            session, previous = session_id, (None, "")
        if kind == "test_run":
            run = json.loads(data)
            if not run.get("trigger"):
                run["trigger"] = _trigger_after(*previous)
                fixes.append((json.dumps(run), session_id, seq))
        if kind != "feedback":
            previous = (kind, data)
    db.executemany("UPDATE events SET data = ? WHERE session_id = ? AND seq = ?", fixes)


SPOKEN_NOTICE = "Listening on "  # how a spoken interview's first notice begins ("Listening on <mic>, speaking on ...")


def _add_session_audio(db: sqlite3.Connection) -> None:
    """How each session was run, spoken or by keyboard, and the audio options given for it (JSON), so
    `intervu resume` continues it the same way. A session from before this table was spoken if it
    said so in a notice as it started; the others were by keyboard (no row)."""
    db.execute("CREATE TABLE session_audio (session_id TEXT PRIMARY KEY REFERENCES sessions(id),"
               " options TEXT NOT NULL)")
    spoken = set()
    for session_id, data in db.execute("SELECT session_id, data FROM events WHERE type = 'notice'"):
        if str(json.loads(data).get("text", "")).startswith(SPOKEN_NOTICE):
            spoken.add(session_id)
    db.executemany("INSERT INTO session_audio (session_id, options) VALUES (?, ?)",
                   [(s, json.dumps({"spoken": True})) for s in sorted(spoken)])


# (version, what it does, the step): applied in order, each once. Append; never edit a released step.
MIGRATIONS: list[tuple[int, str, Callable[[sqlite3.Connection], None]]] = [
    (1, "the sessions and events tables", _create_tables),
    (2, "test runs stored without their trigger get it", _add_run_triggers),
    (3, "how each session was run: spoken or not, and its audio options", _add_session_audio),
]
LATEST = MIGRATIONS[-1][0]


def _user_version(db: sqlite3.Connection) -> int:
    return db.execute("PRAGMA user_version").fetchone()[0]


def migrate(db: sqlite3.Connection, path: Path) -> None:
    """Bring the file up to LATEST, one transaction per step; refuse a file from a newer intervu
    before anything writes to it."""
    version = _user_version(db)
    if version > LATEST:
        raise StoreError(f"the sessions file {path} was written by a newer intervu (store version {version}; "
                         f"this one reads up to {LATEST}): upgrade intervu to open it, or set INTERVU_HOME elsewhere")
    for step_version, description, step in MIGRATIONS:
        if step_version <= version:
            continue
        db.execute("BEGIN IMMEDIATE")  # another intervu opening the file at once waits, then finds it done
        try:
            if _user_version(db) < step_version:
                step(db)
                db.execute(f"PRAGMA user_version = {step_version}")
            db.execute("COMMIT")
        except Exception as exc:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise StoreError(f"cannot upgrade the sessions file {path} to store version {step_version} "
                             f"({description}: {exc}); the file is as it was before this step") from exc


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


@dataclass(frozen=True)
class SessionRow:
    id: str
    slug: str
    title: str
    language: str
    status: str
    started_at: str
    updated_at: str
    ended_at: str | None
    model: str
    minutes: int
    clock_s: float

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


class Store:
    """The sessions file. `log(session_id)` is one session's event log, as the engine takes it."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.db = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
        try:
            self.db.execute("PRAGMA busy_timeout=5000")
            migrate(self.db, path)  # first: a file this intervu cannot read is left untouched
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")  # WAL + NORMAL: a killed process loses no commit
        except BaseException:
            self.db.close()
            raise

    def close(self) -> None:
        self.db.close()

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        """One transaction. (The connection is in autocommit mode, where `with self.db:` would
        begin none: each statement would be a commit of its own.)"""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
            self.db.execute("COMMIT")
        except BaseException:
            if self.db.in_transaction:  # (SQLite may have rolled it back itself: a full disk, say)
                self.db.execute("ROLLBACK")
            raise

    # --- sessions --------------------------------------------------------------------------

    def create_session(self, slug: str, title: str, language: str, model: str, minutes: int,
                       audio: dict[str, Any] | None = None) -> str:
        """A new session, in progress; `audio`: how it is run (see `audio`)."""
        session_id = datetime.now().strftime("%Y%m%d-") + secrets.token_hex(3)
        now = _now()
        with self._transaction():
            self.db.execute(
                "INSERT INTO sessions (id, slug, title, language, status, started_at, updated_at, model, minutes)"
                " VALUES (?, ?, ?, ?, 'in_progress', ?, ?, ?, ?)",
                (session_id, slug, title, language, now, now, model, minutes),
            )
            if audio is not None:
                self._set_audio(session_id, audio)
        return session_id

    def audio(self, session_id: str) -> dict[str, Any] | None:
        """How the session was last run: {"spoken": bool, and the audio options given on the command
        line: "input_device", "output_device", "tts_voice", "tts_rate", "backchannel_ms", "vosk_model"};
        None when nothing was recorded (a session by keyboard from before this was kept, say)."""
        row = self.db.execute("SELECT options FROM session_audio WHERE session_id = ?", (session_id,)).fetchone()
        return json.loads(row[0]) if row else None

    def set_audio(self, session_id: str, audio: dict[str, Any]) -> None:
        self._set_audio(session_id, audio)

    def _set_audio(self, session_id: str, audio: dict[str, Any]) -> None:
        self.db.execute("INSERT OR REPLACE INTO session_audio (session_id, options) VALUES (?, ?)",
                        (session_id, json.dumps(audio)))

    def session(self, session_id: str) -> SessionRow | None:
        row = self.db.execute(
            "SELECT id, slug, title, language, status, started_at, updated_at, ended_at, model, minutes, clock_s"
            " FROM sessions WHERE id = ?",
            (session_id,),
        ).fetchone()
        return SessionRow(*row) if row else None

    def find_session(self, prefix: str) -> list[SessionRow]:
        exact = self.session(prefix)
        if exact:
            return [exact]
        return [s for s in self.sessions() if s.id.startswith(prefix) or s.id.endswith(prefix)]

    def sessions(self, status: str | None = None) -> list[SessionRow]:
        sql = ("SELECT id, slug, title, language, status, started_at, updated_at, ended_at, model, minutes, clock_s "
               "FROM sessions")
        args: tuple = ()
        if status:
            sql += " WHERE status = ?"
            args = (status,)
        sql += " ORDER BY started_at DESC, rowid DESC"
        return [SessionRow(*r) for r in self.db.execute(sql, args).fetchall()]

    def log(self, session_id: str) -> SessionLog:
        return SessionLog(self, session_id)

    def set_model(self, session_id: str, model: str) -> None:
        self.db.execute("UPDATE sessions SET model = ? WHERE id = ?", (model, session_id))

    # --- events ----------------------------------------------------------------------------

    def append(self, session_id: str, event: Event, *, complete: bool = True) -> int:
        """Commit one event now; returns its sequence number."""
        data = json.dumps(event.to_dict())
        with self._transaction():  # the event, the session's clock (and status) together
            (seq,) = self.db.execute(
                "SELECT COALESCE(MAX(seq), 0) + 1 FROM events WHERE session_id = ?", (session_id,)
            ).fetchone()
            self.db.execute(
                "INSERT INTO events (session_id, seq, t, type, data, complete) VALUES (?, ?, ?, ?, ?, ?)",
                (session_id, seq, event.t, event.type, data, int(complete)),
            )
            self.db.execute(
                "UPDATE sessions SET clock_s = MAX(clock_s, ?), updated_at = ? WHERE id = ?",
                (event.t, _now(), session_id),
            )
            if isinstance(event, InterviewEnded):  # with its event, so no session is left ended but in progress
                self.db.execute("UPDATE sessions SET status = 'completed', ended_at = ? WHERE id = ?",
                                (_now(), session_id))
        return seq

    def update(self, session_id: str, seq: int, event: Event, *, complete: bool = True) -> None:
        """Replace an event written earlier (an utterance still streaming in)."""
        self.db.execute(
            "UPDATE events SET data = ?, complete = ? WHERE session_id = ? AND seq = ?",
            (json.dumps(event.to_dict()), int(complete), session_id, seq),
        )

    def events(self, session_id: str) -> list[Event]:
        out: list[Event] = []
        for data, complete in self.db.execute(
            "SELECT data, complete FROM events WHERE session_id = ? ORDER BY seq", (session_id,)
        ):
            event = event_from_dict(json.loads(data))
            if not complete and isinstance(event, InterviewerSaid):
                event = InterviewerSaid(
                    t=event.t, gen=event.gen, text=event.text, act=event.act, source=event.source, cut_off=True
                )
            out.append(event)
        return out

    def last_of(self, session_id: str, event_type: str) -> Event | None:
        """The session's latest event of one type (the feedback, say), without reading the rest."""
        row = self.db.execute(
            "SELECT data FROM events WHERE session_id = ? AND type = ? ORDER BY seq DESC LIMIT 1",
            (session_id, event_type),
        ).fetchone()
        return event_from_dict(json.loads(row[0])) if row else None


class SessionLog:
    """One session's events in the store: the engine's `EventLog` port."""

    def __init__(self, store: Store, session_id: str) -> None:
        self.store = store
        self.session_id = session_id

    def append(self, event: Event, *, complete: bool = True) -> int:
        return self.store.append(self.session_id, event, complete=complete)

    def update(self, seq: int, event: Event, *, complete: bool = True) -> None:
        self.store.update(self.session_id, seq, event, complete=complete)

    def events(self) -> list[Event]:
        return self.store.events(self.session_id)
