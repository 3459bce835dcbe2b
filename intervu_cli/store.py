"""The session store: SQLite, one row per session and one per event, committed as it happens; and
for each session, how it was run (spoken or by keyboard, with which audio options), for resuming it.

Every turn, code snapshot, test run, hint and phase change is committed before any front end shows
it, so a kill -9 at any moment loses nothing already shown. An interviewer utterance is written
when its first words stream in and updated as the rest arrives; an utterance whose end never came
is read back as cut off.

The file's layout is versioned with `PRAGMA user_version`: MIGRATIONS lists the steps from an empty
file (or one written before versions, which reads 0) to today's layout, and opening a store runs
the ones it has not had yet, each in its own transaction. A file from a newer intervu is refused.

A file intervu cannot use as it is (damaged pages, a layout its version does not have, an event it
cannot read) is refused as it opens, before anything writes to it, and left as it is; an error
after that (a full disk, a read-only folder) is a `StoreError` too, with nothing half-written. Every
message is one line saying what is wrong and what to do. A session has one writer at a time
(`Store.claim`: a lock that dies with its process).
"""

from __future__ import annotations

import functools
import json
import os
import secrets
import shutil
import sqlite3
import sys
from contextlib import contextmanager
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from intervu_cli.core.events import EVENT_TYPES, Event, InterviewEnded, InterviewerSaid, event_from_dict

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


class StoreWriteError(StoreError):
    """A write the sessions file refused (a full disk, a read-only or failing one): none of it was
    written, everything committed before it is kept. `problem` says what happened and `remedy` what
    to do before trying again, so a command can say what to run then."""

    def __init__(self, problem: str, remedy: str) -> None:
        super().__init__(f"{problem}; nothing more was written: {remedy}, then try again")
        self.problem = problem
        self.remedy = remedy


class SessionBusy(StoreError):
    """Another process is the session's writer (`Store.claim`)."""


def _move_aside(path: Path) -> str:
    """What to do with a sessions file intervu will not touch: advice that loses nothing."""
    return f"move it aside (mv {path} {path}.old, with its -wal and -shm files if any) to start a new one"


def _damaged(path: Path, what: str) -> StoreError:
    what = " ".join(what.replace("*** in database main ***", "").split())  # (quick_check's report is lines)
    return StoreError(f"the sessions file {path} is damaged ({what}); intervu leaves it as it is: "
                      f"{_move_aside(path)}, or save what is readable in it with the sqlite3 tool's .recover")


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


@functools.cache
def _layout() -> dict[str, tuple[str, ...]]:
    """The tables and columns of a file at LATEST: what MIGRATIONS make of an empty one."""
    db = sqlite3.connect(":memory:", isolation_level=None)
    try:
        for _version, _description, step in MIGRATIONS:
            step(db)
        tables = [name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {t: tuple(c[1] for c in db.execute(f"PRAGMA table_info({t})")) for t in tables}
    finally:
        db.close()


def _disk_full(path: Path) -> bool:
    try:
        return shutil.disk_usage(path.parent).free < 1 << 20
    except OSError:
        return False


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
        self._claims: dict[str, int] = {}  # session id -> the descriptor of its lock file (see claim)
        self.db = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
        try:
            with self._sql():
                self.db.execute("PRAGMA busy_timeout=5000")
                self._check_intact()  # first: a file this intervu cannot read is left untouched
                migrate(self.db, path)
                self._check_layout()
                self._check_events()
                self.db.execute("PRAGMA journal_mode=WAL")
                self.db.execute("PRAGMA synchronous=NORMAL")  # WAL + NORMAL: a killed process loses no commit
                self._finish_ended()
        except BaseException:
            self.db.close()
            raise

    def close(self) -> None:
        for session_id in list(self._claims):
            self.release(session_id)
        self.db.close()

    # --- what a file must be to be used ----------------------------------------------------

    def _check_intact(self) -> None:
        """Refuse a file with damaged pages (SQLite's quick_check: every page of every table and
        index; 7 to 25 ms for a file of 2,000 sessions, 22 MB, with the check of `_check_events` as much
        again)."""
        try:
            problems = self.db.execute("PRAGMA quick_check(1)").fetchall()
        except sqlite3.DatabaseError as exc:  # not a database at all, or too damaged to check
            raise _damaged(self.path, str(exc)) from exc
        if problems != [("ok",)]:
            raise _damaged(self.path, f"SQLite's quick_check: {problems[0][0]}")

    def _check_layout(self) -> None:
        """Refuse a file whose tables lack a column its version has (changed by hand, or by
        another program): every query of it would fail."""
        version = _user_version(self.db)
        for table, columns in _layout().items():
            have = {c[1] for c in self.db.execute(f"PRAGMA table_info({table})")}
            missing = [c for c in columns if c not in have]
            if missing:
                what = f"no {table} table" if not have else f"its {table} table has no {', '.join(missing)} column"
                raise StoreError(f"the sessions file {self.path} is not laid out as its store version ({version}) "
                                 f"says: {what}; it was changed outside intervu, which leaves it as it is: "
                                 f"{_move_aside(self.path)}")

    def _check_events(self) -> None:
        """Refuse a file holding an event this intervu cannot read (a type it does not know, data
        that is not JSON), rather than fail on it later, halfway through a command."""
        known = tuple(EVENT_TYPES)
        types = f"type NOT IN ({', '.join('?' * len(known))})"
        try:
            row = self.db.execute(f"SELECT session_id, seq, type FROM events WHERE {types} OR NOT json_valid(data) "
                                  "LIMIT 1", known).fetchone()
        except sqlite3.OperationalError:  # an SQLite without json_valid: the types alone
            row = self.db.execute(f"SELECT session_id, seq, type FROM events WHERE {types} LIMIT 1", known).fetchone()
        if row is not None:
            session_id, seq, kind = row
            raise self._unreadable(session_id, seq, f"type {kind!r} is not one this intervu knows"
                                   if kind not in known else "its data is not valid JSON")

    def _unreadable(self, session_id: str, seq: int, why: str) -> StoreError:
        return StoreError(f"the sessions file {self.path} holds an event this intervu cannot read (session "
                          f"{session_id}, event {seq}: {why}): it is from a newer intervu, or damaged; it is left as "
                          f"it is: upgrade intervu to read it, or {_move_aside(self.path)}")

    def _finish_ended(self) -> None:
        """A session whose end is stored but whose row still says in progress (an older intervu
        committed the two apart, and a crash came between) is completed, as it ended. On a file
        that cannot be written it is left for the next time."""
        ended = ("status = 'in_progress' AND EXISTS (SELECT 1 FROM events"
                 " WHERE events.session_id = sessions.id AND events.type = 'ended')")
        if self.db.execute(f"SELECT 1 FROM sessions WHERE {ended} LIMIT 1").fetchone() is None:
            return
        try:
            with self._transaction():
                self.db.execute(f"UPDATE sessions SET status = 'completed', ended_at = COALESCE(ended_at, updated_at)"
                                f" WHERE {ended}")
        except sqlite3.OperationalError:
            pass  # read-only: `history` and `report` still read it; the next intervu that can write completes it

    def check_writable(self) -> None:
        """StoreWriteError if the file cannot be written (a read-only folder or disk): asked by a
        command that will write, before it starts. Nothing is written."""
        with self._sql():
            self.db.execute("BEGIN IMMEDIATE")
            try:  # rewriting the version as it is: the one write SQLite refuses on a read-only file
                self.db.execute(f"PRAGMA user_version = {_user_version(self.db)}")
            finally:
                if self.db.in_transaction:
                    self.db.execute("ROLLBACK")

    # --- errors ------------------------------------------------------------------------------

    @contextmanager
    def _sql(self) -> Iterator[None]:
        """SQLite's errors, as one line each that says what to do (see `_error`)."""
        try:
            yield
        except sqlite3.Error as exc:
            raise self._error(exc) from exc

    def _error(self, exc: sqlite3.Error) -> StoreError:
        name = getattr(exc, "sqlite_errorname", "") or ""  # (Python 3.11+; before it, the message says)
        text = str(exc)
        io_error = name.startswith("SQLITE_IOERR") or "disk I/O error" in text
        if name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")) or "malformed" in text or "not a database" in text:
            return _damaged(self.path, text)
        if name.startswith("SQLITE_FULL") or "disk is full" in text or (io_error and _disk_full(self.path)):
            return StoreWriteError(f"disk full: the sessions file {self.path} cannot grow ({text})",
                                   f"free some space on the disk of {self.path.parent}")
        if name.startswith("SQLITE_READONLY") or "readonly" in text:
            return StoreWriteError(f"the sessions file {self.path} cannot be written ({text})",
                                   f"make {self.path.parent} writable (or set INTERVU_HOME to a folder that is)")
        if io_error:
            return StoreWriteError(f"the sessions file {self.path} could not be read or written ({text})",
                                   f"check the disk of {self.path.parent}")
        if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "locked" in text:
            return StoreError(f"the sessions file {self.path} is kept busy by another program ({text}); "
                              "try again once it is done")
        return StoreError(f"the sessions file {self.path} cannot be used as this intervu expects ({text}); "
                          f"intervu leaves it as it is: {_move_aside(self.path)}")

    # --- one writer per session --------------------------------------------------------------

    def _lock_file(self, session_id: str) -> Path:
        return self.path.parent / "locks" / f"{session_id}.lock"

    def claim(self, session_id: str) -> None:
        """Make this process the session's one writer until `release` or `close`, or until it ends
        however it ends (kill -9 too): the lock is the kernel's (flock) on a file in `locks/` beside
        the sessions file, which names the process holding it. SessionBusy, naming that process,
        when another holds it; nothing is written then. POSIX only; elsewhere, no lock."""
        if session_id in self._claims:
            return
        try:
            import fcntl
        except ImportError:  # pragma: no cover - Windows
            return
        path = self._lock_file(session_id)
        try:
            path.parent.mkdir(exist_ok=True)
            while True:
                fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    holder = os.read(fd, 4096).decode("utf-8", "replace").strip()
                    os.close(fd)
                    pid, _, command = holder.partition(" ")
                    who = f"pid {pid}: {command}" if pid.isdigit() and command else "another process"
                    raise SessionBusy(f"session {session_id} is open in another intervu ({who}); finish it or leave "
                                      "it there (or end that process), then try again") from None
                try:  # its last holder may have removed the file between our open and our lock
                    same = os.stat(path).st_ino == os.fstat(fd).st_ino
                except FileNotFoundError:
                    same = False
                if same:
                    break
                os.close(fd)
            command = " ".join(["intervu", *sys.argv[1:]])
            os.ftruncate(fd, 0)
            os.write(fd, f"{os.getpid()} {command}\n".encode())
        except OSError as exc:
            raise StoreWriteError(f"cannot write the lock file {path} ({exc.strerror or exc})",
                                  f"make {path.parent} writable (or set INTERVU_HOME to a folder that is)") from exc
        self._claims[session_id] = fd

    def release(self, session_id: str) -> None:
        """Give up the session's lock (`claim`): its file removed first, while still held."""
        fd = self._claims.pop(session_id, None)
        if fd is None:
            return
        try:
            self._lock_file(session_id).unlink()
        except OSError:
            pass  # a read-only folder by now: the lock still goes with the descriptor
        os.close(fd)

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
        """A new session, in progress, claimed by this process (`claim`); `audio`: how it is run
        (see `audio`)."""
        session_id = datetime.now().strftime("%Y%m%d-") + secrets.token_hex(3)
        now = _now()
        self.claim(session_id)  # before its row exists: no `intervu resume` can take it in between
        try:
            with self._sql(), self._transaction():
                self.db.execute(
                    "INSERT INTO sessions (id, slug, title, language, status, started_at, updated_at, model, minutes)"
                    " VALUES (?, ?, ?, ?, 'in_progress', ?, ?, ?, ?)",
                    (session_id, slug, title, language, now, now, model, minutes),
                )
                if audio is not None:
                    self._set_audio(session_id, audio)
        except BaseException:
            self.release(session_id)
            raise
        return session_id

    def audio(self, session_id: str) -> dict[str, Any] | None:
        """How the session was last run: {"spoken": bool, and the audio options given on the command
        line: "input_device", "output_device", "tts_voice", "tts_rate", "backchannel_ms", "vosk_model"};
        None when nothing was recorded (a session by keyboard from before this was kept, say)."""
        with self._sql():
            row = self.db.execute("SELECT options FROM session_audio WHERE session_id = ?", (session_id,)).fetchone()
        try:
            return json.loads(row[0]) if row else None
        except ValueError:
            raise StoreError(f"the sessions file {self.path} holds audio options of session {session_id} that are "
                             f"not valid JSON; it is left as it is: {_move_aside(self.path)}") from None

    def set_audio(self, session_id: str, audio: dict[str, Any]) -> None:
        with self._sql():
            self._set_audio(session_id, audio)

    def _set_audio(self, session_id: str, audio: dict[str, Any]) -> None:
        self.db.execute("INSERT OR REPLACE INTO session_audio (session_id, options) VALUES (?, ?)",
                        (session_id, json.dumps(audio)))

    def session(self, session_id: str) -> SessionRow | None:
        with self._sql():
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
        with self._sql():
            return [SessionRow(*r) for r in self.db.execute(sql, args).fetchall()]

    def log(self, session_id: str) -> SessionLog:
        return SessionLog(self, session_id)

    def set_model(self, session_id: str, model: str) -> None:
        with self._sql():
            self.db.execute("UPDATE sessions SET model = ? WHERE id = ?", (model, session_id))

    # --- events ----------------------------------------------------------------------------

    def append(self, session_id: str, event: Event, *, complete: bool = True) -> int:
        """Commit one event now; returns its sequence number."""
        data = json.dumps(event.to_dict())
        with self._sql(), self._transaction():  # the event, the session's clock (and status) together
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
        with self._sql():
            self.db.execute(
                "UPDATE events SET data = ?, complete = ? WHERE session_id = ? AND seq = ?",
                (json.dumps(event.to_dict()), int(complete), session_id, seq),
            )

    def _event(self, session_id: str, seq: int, data: str) -> Event:
        """One stored event, or StoreError naming it (the file is checked as it opens; this is for
        a row that passed: JSON of the wrong shape, a field missing)."""
        try:
            return event_from_dict(json.loads(data))
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise self._unreadable(session_id, seq, f"{type(exc).__name__}: {exc}") from exc

    def events(self, session_id: str) -> list[Event]:
        out: list[Event] = []
        with self._sql():
            rows = self.db.execute(
                "SELECT seq, data, complete FROM events WHERE session_id = ? ORDER BY seq", (session_id,)
            ).fetchall()
        for seq, data, complete in rows:
            event = self._event(session_id, seq, data)
            if not complete and isinstance(event, InterviewerSaid):
                event = InterviewerSaid(
                    t=event.t, gen=event.gen, text=event.text, act=event.act, source=event.source, cut_off=True
                )
            out.append(event)
        return out

    def last_of(self, session_id: str, event_type: str) -> Event | None:
        """The session's latest event of one type (the feedback, say), without reading the rest."""
        with self._sql():
            row = self.db.execute(
                "SELECT seq, data FROM events WHERE session_id = ? AND type = ? ORDER BY seq DESC LIMIT 1",
                (session_id, event_type),
            ).fetchone()
        return self._event(session_id, *row) if row else None


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
