"""The session store under faults (issue 21), through the real `intervu` console script over real
SQLite files:

- a line is in the store before it is shown: kill -9 right on an interviewer line, and it is there;
- a session whose end was stored without its status (an older intervu committed the two apart) is
  completed as it opens, with its signal;
- one writer per session: a second `intervu resume` of a running interview says who has it, in one
  line, and writes nothing; the lock dies with its process;
- a damaged, unreadable or hand-changed sessions file, a read-only home and a full disk are one
  line each and a non-zero exit, with the file left as it was and nothing shown lost.

The read-only home and the full disk are made in a private mount namespace (`unshare -m`): a
read-only bind mount, a small tmpfs. Root can write through permission bits, so chmod would not do;
these tests run as root here and in CI.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import sqlite3
import subprocess
from pathlib import Path

import pytest

from conftest import intervu_exe
from intervu_cli.bench.fakellm import FakeLLMServer
from intervu_cli.store import LATEST
from test_durability import GOOD, Live, stored
from tools.fault_campaign import fill, stored_in  # (the campaign's full-disk trials use them too)

SOLVED = ["I'd use a hash map from value to index, one pass, O(n).", *GOOD, "/run", "/finish"]
NO_LLM = ("--model", "none")


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def one_line(done: subprocess.CompletedProcess) -> str:
    """The command's one line on stderr (nothing else there, no traceback)."""
    assert "Traceback" not in done.stderr, done.stderr
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, done.stderr
    return lines[0]


def kill_on_line(*args: str, lines: tuple[str, ...] = (), nth: int = 1) -> tuple[str, dict]:
    """Start an interview, feed it `lines`, and kill -9 it the moment its `nth` interviewer line is
    read (its first delta: the candidate has seen the line begin). The session id and that delta."""
    live = Live("practice", "two-sum", "--no-audio", "--new", *args)
    try:
        live.send(*lines)
        seen = 0

        def on_line(event: dict) -> bool:
            nonlocal seen
            seen += event["type"] == "interviewer_delta"
            return seen == nth

        delta = live.read_until(on_line)
        live.proc.send_signal(signal.SIGKILL)
        live.proc.wait(timeout=10)
    finally:
        live.close()
    return live.shown[0]["session_id"], delta


# --- 7: a line the candidate saw is in the store ------------------------------------------------

@pytest.mark.parametrize("nth", [1, 2, 3, 4])
def test_kill_9_on_a_template_line_finds_it_in_the_store(home, cli, nth):
    """No model: every interviewer line is a template. The kill lands right on the line's first
    delta (the greeting, the answer to a question, to the approach, to the test run), each twice."""
    for _ in range(2):
        session_id, delta = kill_on_line(*NO_LLM, lines=("Can the numbers be negative?", *SOLVED), nth=nth)
        said = [(d, c) for d, c in stored(home, session_id)
                if d["type"] == "interviewer_said" and d["gen"] == delta["gen"]]
        assert said, f"the line shown ({delta['text']!r}) is not in the store"
        (data, complete), = said
        assert data["text"] == delta["text"] and data["source"] == "template" and complete == 1
        report = cli("report", session_id, "--markdown")
        assert report.returncode == 0, report.stderr
        assert f"**Interviewer:** {delta['text']}" in report.stdout  # and `intervu report` shows it


def test_kill_9_on_the_first_streamed_words_finds_them_in_the_store(home):
    """A model's utterance: its first delta is stored (as cut off) before it is printed."""
    with FakeLLMServer(" ".join(f"w{i}" for i in range(200)), token_delay_ms=20) as server:
        for _ in range(3):
            session_id, delta = kill_on_line("--model", "openai/fake", "--api-base", server.base_url,
                                             lines=("Can the numbers be negative?",), nth=2)
            last, complete = stored(home, session_id)[-1]
            assert last["type"] == "interviewer_said" and last["gen"] == delta["gen"] and complete == 0
            assert last["text"].startswith(delta["text"])


# --- 8: an end stored without its status --------------------------------------------------------

@pytest.fixture(scope="module")
def finished(tmp_path_factory) -> Path:
    """A sessions file holding one interview that ran to its end (with its feedback)."""
    home = tmp_path_factory.mktemp("finished")
    script = home / "solved.txt"
    script.write_text("\n".join(SOLVED) + "\n")
    done = subprocess.run([intervu_exe(), "practice", "two-sum", "--no-audio", "--script", str(script), *NO_LLM],
                          capture_output=True, text=True, timeout=120, env={**os.environ, "INTERVU_HOME": str(home)})
    assert done.returncode == 0, done.stderr
    return home / "sessions.sqlite3"


def ended_in_progress(finished: Path, home: Path, *, feedback: bool) -> str:
    """The finished session as an older intervu could leave it: its `ended` event committed, the
    status update (and the feedback) not. Its id."""
    db_file = home / "sessions.sqlite3"
    shutil.copyfile(finished, db_file)
    with sqlite3.connect(db_file) as db:
        (session_id,) = db.execute("SELECT id FROM sessions").fetchone()
        db.execute("UPDATE sessions SET status = 'in_progress', ended_at = NULL")
        if not feedback:
            db.execute("DELETE FROM events WHERE type = 'feedback'")
    db.close()
    return session_id


def session_state(home: Path, session_id: str) -> tuple[tuple, list]:
    with sqlite3.connect(home / "sessions.sqlite3") as db:
        row = db.execute("SELECT status, ended_at FROM sessions WHERE id = ?", (session_id,)).fetchone()
        events = db.execute("SELECT seq, type, data FROM events WHERE session_id = ? ORDER BY seq",
                            (session_id,)).fetchall()
    db.close()
    return row, events


@pytest.mark.parametrize("feedback", [True, False], ids=["with-feedback", "feedback-lost"])
@pytest.mark.parametrize("first", ["resume-id", "resume-latest", "report", "history"])
def test_a_session_ended_but_in_progress_is_completed_with_its_signal(finished, home, cli, first, feedback):
    session_id = ended_in_progress(finished, home, feedback=feedback)
    _, events = session_state(home, session_id)
    if first == "resume-id":
        done = cli("resume", session_id, "--script", "-", "--json", *NO_LLM, input="/finish\n")
        assert done.returncode == 2 and "already complete" in one_line(done) and done.stdout == ""
    elif first == "resume-latest":
        done = cli("resume", "--script", "-", "--json", *NO_LLM, input="/finish\n")
        assert done.returncode == 2 and "no unfinished interview" in one_line(done) and done.stdout == ""
    elif first == "report":
        done = cli("report", "--json")
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout)["status"] == "completed"
    else:
        done = cli("history")
        assert done.returncode == 0, done.stderr
        assert "unfinished" not in done.stdout
    (status, ended_at), after = session_state(home, session_id)
    assert status == "completed" and ended_at is not None
    assert after == events  # nothing added to it: no second start, no welcome back
    (listed,) = json.loads(cli("history", "--json").stdout)
    assert listed["status"] == "completed" and listed["signal"]
    report = json.loads(cli("report", session_id, "--json").stdout)
    assert report["status"] == "completed" and report["signal"] == listed["signal"]


# --- 9: one writer per session ------------------------------------------------------------------

def test_a_running_interview_has_one_writer_and_its_lock_dies_with_it(home, cli):
    live = Live("practice", "two-sum", "--no-audio", *NO_LLM)
    try:
        live.read_until(lambda e: e["type"] == "interviewer_said")
        session_id = live.shown[0]["session_id"]
        before = stored(home, session_id)
        for args in (("resume", session_id), ("resume",)):  # by id, and the latest unfinished (this one)
            done = cli(*args, "--script", "-", "--json", *NO_LLM, input="/finish\n")
            assert done.returncode != 0 and done.stdout == ""
            line = one_line(done)
            assert session_id in line and f"pid {live.proc.pid}" in line and "intervu practice two-sum" in line, line
        assert stored(home, session_id) == before  # nothing written: one session_started, no second greeting
        live.proc.send_signal(signal.SIGKILL)
        live.proc.wait(timeout=10)
    finally:
        live.close()

    again = Live("resume", session_id, *NO_LLM)  # the lock died with the killed process
    try:
        again.read_until(lambda e: e["type"] == "interviewer_said")
        twice = cli("resume", session_id, "--script", "-", "--json", *NO_LLM, input="/finish\n")
        assert twice.returncode != 0 and f"pid {again.proc.pid}" in one_line(twice)  # two resumes at once
        again.send("/finish")
        again.read_until(lambda e: e["type"] == "ended")
    finally:
        again.close()
    kinds = [d["type"] for d, _ in stored(home, session_id)]
    assert kinds.count("session_started") == 2 and kinds.count("ended") == 1


# --- 10: damaged, unreadable, hand-changed files; a read-only home; a full disk ---------------

@pytest.fixture(scope="module")
def several(tmp_path_factory) -> Path:
    """A sessions file of several pages: two finished interviews and an unfinished one."""
    home = tmp_path_factory.mktemp("several")
    env = {**os.environ, "INTERVU_HOME": str(home)}
    for name, lines in (("a", SOLVED), ("b", SOLVED), ("c", ["Can the numbers be negative?"])):
        script = home / f"{name}.txt"
        script.write_text("\n".join(lines) + "\n")
        subprocess.run([intervu_exe(), "practice", "two-sum", "--no-audio", "--new", "--script", str(script),
                        *NO_LLM], capture_output=True, text=True, timeout=120, env=env, check=False)
    db_file = home / "sessions.sqlite3"
    with sqlite3.connect(db_file) as db:
        assert db.execute("SELECT COUNT(*) FROM sessions").fetchone() == (3,)
        assert db.execute("PRAGMA page_count").fetchone()[0] >= 8
    db.close()
    return db_file


def _corrupt_pages(db_file: Path) -> None:
    """Scribble over the cell pointers of the table pages in the middle of the file."""
    data = bytearray(db_file.read_bytes())
    size = int.from_bytes(data[16:18], "big")
    pages = [n for n in range(1, len(data) // size) if data[n * size] == 0x0D]  # table leaves (page 1 aside)
    for n in pages[len(pages) // 3: 2 * len(pages) // 3 + 1]:
        data[n * size + 8: n * size + 64] = b"\xa5" * 56
    db_file.write_bytes(bytes(data))


def _edit(db_file: Path, *statements: str) -> None:
    db = sqlite3.connect(db_file, isolation_level=None)
    try:
        for statement in statements:
            db.execute(statement)
    finally:
        db.close()


DAMAGE = {
    "malformed-pages": (_corrupt_pages, "is damaged"),
    "unknown-event-type": (lambda f: _edit(f, "UPDATE events SET type = 'from_the_future' WHERE rowid = "
                                              "(SELECT rowid FROM events WHERE type = 'candidate_said' LIMIT 1)"),
                           "'from_the_future' is not one this intervu knows"),
    "invalid-json": (lambda f: _edit(f, "UPDATE events SET data = '{\"type\": \"candidate_said\", \"t\": 1' WHERE "
                                        "rowid = (SELECT rowid FROM events WHERE type = 'code_snapshot' LIMIT 1)"),
                     "not valid JSON"),
    "old-layout-at-latest": (lambda f: _edit(f, "ALTER TABLE sessions DROP COLUMN clock_s",
                                             f"PRAGMA user_version = {LATEST}"),
                             "has no clock_s column"),
}


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_a_file_intervu_cannot_use_is_one_line_and_left_as_it_is(several, home, cli, tmp_path, damage):
    db_file = home / "sessions.sqlite3"
    shutil.copyfile(several, db_file)
    make, says = DAMAGE[damage]
    make(db_file)
    before, files = sha(db_file), sorted(p.name for p in home.iterdir())
    script = tmp_path / "s.txt"
    script.write_text("\n".join(SOLVED) + "\n")
    for args in (("practice", "two-sum", "--no-audio", "--new", "--script", str(script), *NO_LLM),
                 ("resume", "--script", str(script), *NO_LLM),
                 ("history",), ("history", "--json"), ("report",), ("report", "--markdown")):
        done = cli(*args)
        assert done.returncode != 0, (args, done.stdout)
        line = one_line(done)
        assert line.startswith(f"intervu: the sessions file {db_file} ") and says in line, (args, line)
        assert "move it aside" in line, line  # what to do, losing nothing
        assert sha(db_file) == before, args  # not a byte written: no new session, no "repair"
        assert sorted(p.name for p in home.iterdir()) == files, args


def _as_root() -> None:
    if os.geteuid() != 0 or shutil.which("unshare") is None:
        pytest.skip("a read-only mount and a tmpfs need root and unshare (CI runs as root)")


def read_only(home: Path, *args: str, input: str = "") -> subprocess.CompletedProcess:
    """`intervu ARGS` with `home` mounted read-only, in a mount namespace of its own."""
    return subprocess.run(
        ["unshare", "-m", "sh", "-c", 'mount --bind "$0" "$0" && mount -o remount,bind,ro "$0" && shift && '
         'exec "$@"', str(home), "sh", intervu_exe(), *args],
        input=input, capture_output=True, text=True, timeout=120, env={**os.environ, "INTERVU_HOME": str(home)})


def test_a_read_only_home_is_one_line_for_what_writes_and_readable_for_the_rest(home, cli, tmp_path):
    _as_root()
    live = Live("practice", "two-sum", "--no-audio", *NO_LLM)  # killed: its -wal and -shm stay beside the file
    try:
        live.read_until(lambda e: e["type"] == "interviewer_said")
        live.proc.send_signal(signal.SIGKILL)
        live.proc.wait(timeout=10)
    finally:
        live.close()
    session_id = live.shown[0]["session_id"]
    db_file = home / "sessions.sqlite3"
    before = {p.name: sha(p) for p in home.iterdir() if p.is_file()}
    script = tmp_path / "s.txt"
    script.write_text("\n".join(SOLVED) + "\n")
    for args in (("practice", "two-sum", "--no-audio", "--new", "--script", str(script), *NO_LLM),
                 ("resume", session_id, "--script", str(script), *NO_LLM)):
        done = read_only(home, *args)
        assert done.returncode != 0, (args, done.stdout)
        line = one_line(done)
        assert f"the sessions file {db_file} cannot be written" in line and "writable" in line, line
    for args in (("history", "--json"), ("report", session_id, "--json")):  # reading needs no writing
        done = read_only(home, *args)
        assert done.returncode == 0, done.stderr
    assert {p.name: sha(p) for p in home.iterdir() if p.is_file()} == before


class InNamespace(Live):
    """`Live`, run inside the mount namespace of the process `pid` (nsenter)."""

    def __init__(self, pid: int, *args: str) -> None:
        self.proc = subprocess.Popen(
            ["nsenter", "-t", str(pid), "-m", "--", intervu_exe(), *args, "--script", "-", "--json"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, bufsize=1,
        )
        self.shown = []


def test_a_full_disk_mid_interview_is_one_line_and_keeps_every_line_shown(home):
    _as_root()
    holder = subprocess.Popen(  # a 2 MB tmpfs over the home, in a namespace this process holds open
        ["unshare", "-m", "sh", "-c", 'mount -t tmpfs -o size=2m tmpfs "$0" && echo ready && exec cat', str(home)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        inside = Path(f"/proc/{holder.pid}/root") / str(home).lstrip("/")  # the tmpfs, seen from here
        live = InNamespace(holder.pid, "practice", "two-sum", "--no-audio", *NO_LLM)
        try:
            live.read_until(lambda e: e["type"] == "interviewer_said")
            live.turn("Can the numbers be negative?")
            session_id = live.shown[0]["session_id"]
            fill(inside)
            live.send(*SOLVED)
            live.proc.stdin.close()
            for rest in live.proc.stdout:  # through the reader that holds what it read ahead
                live.shown.append(json.loads(rest))
            live.proc.wait(timeout=60)
            err = live.proc.stderr.read()
        finally:
            live.close()
        assert live.proc.returncode == 1, err
        line = one_line(subprocess.CompletedProcess([], 1, "", err))
        assert line.startswith("intervu: disk full: the sessions file ") and "the last line shown is saved" in line
        assert f"intervu resume {session_id}" in line, line

        (inside / "filler").unlink()  # space freed
        rows = [data for data, _ in stored_in(holder.pid, home / "sessions.sqlite3", session_id)]
        shown = [e for e in live.shown if e["type"] != "interviewer_delta"]
        assert len(shown) >= 5 and rows[: len(shown)] == shown  # every line shown is in the store
        resumed = subprocess.run(["nsenter", "-t", str(holder.pid), "-m", "--", intervu_exe(), "resume", session_id,
                                  "--script", "-", "--json", *NO_LLM],
                                 input="/finish\n", capture_output=True, text=True, timeout=120)
        assert resumed.returncode == 0, resumed.stderr
        assert [json.loads(x)["type"] for x in resumed.stdout.splitlines()][-1] == "feedback"
    finally:
        holder.stdin.close()
        holder.wait(timeout=10)
