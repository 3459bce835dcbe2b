"""The versioned session store: a file written by an older intervu opens, migrated, and reads as it did.

tests/fixtures/store-v0.sqlite was written by the intervu of before versions (user_version 0, commit
4877d27): a completed Python session with feedback, one in progress and a completed JavaScript one,
plus rows by hand standing for older releases (an utterance with complete=0, test runs stored
without their trigger). store-v0.expected.json is what that intervu printed from it for
`history --json` and `report ID --json|--markdown`: keys are the arguments, values the output.
The unfinished session has no stored feedback: its report is scored afresh, so it follows how turns
are read. It was regenerated once, when the reading learned that "I'll try every pair first, that's
O(n^2)" states an approach (before: "You started coding before stating an approach"), and again
when the report came to quote the candidate, say its signal in plain words and tell a reading of
the code from a measurement ("Read from the code (not measured)").
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

from conftest import REPO

from intervu_cli.store import LATEST

FIXTURE = REPO / "tests" / "fixtures" / "store-v0.sqlite"
EXPECTED = json.loads((REPO / "tests" / "fixtures" / "store-v0.expected.json").read_text(encoding="utf-8"))
STARTER_SCRIPT = "Can the array be empty?\n/finish\n"


def _old_store(home: Path) -> Path:
    db = home / "sessions.sqlite3"
    shutil.copyfile(FIXTURE, db)
    return db


def _dump(db_file: Path) -> dict:
    with sqlite3.connect(db_file) as db:
        return {
            "user_version": db.execute("PRAGMA user_version").fetchone()[0],
            "sessions": db.execute("SELECT * FROM sessions ORDER BY id").fetchall(),
            "events": db.execute("SELECT * FROM events ORDER BY session_id, seq").fetchall(),
        }


def _user_version(db_file: Path) -> int:
    with sqlite3.connect(db_file) as db:
        return db.execute("PRAGMA user_version").fetchone()[0]


def test_old_store_prints_what_it_printed_before(cli, home):
    # Nothing here depends on the time now: ids, started_at, updated_at and ended_at are read from the
    # file, and the unfinished session's report is computed from its events' session times.
    db = _old_store(home)
    assert _user_version(db) == 0
    for args, printed in EXPECTED.items():
        done = cli(*args.split())
        assert done.returncode == 0, (args, done.stderr)
        assert done.stdout == printed, args
    assert _user_version(db) == LATEST


def test_runs_stored_without_a_trigger_get_the_one_scoring_used_to_guess(cli, home):
    db_file = _old_store(home)
    before = _dump(db_file)
    with sqlite3.connect(db_file) as db:
        (unfinished,) = db.execute("SELECT id FROM sessions WHERE status = 'in_progress'").fetchone()
        (javascript,) = db.execute("SELECT id FROM sessions WHERE language = 'javascript'").fetchone()
    # The run after "Let me submit it now." (a candidate_said), the JavaScript /run (after run_requested,
    # not hidden) and its /finish run (after finish_requested, stored with an empty trigger).
    guessed = {(unfinished, 18): "submit", (javascript, 11): "run", (javascript, 15): "finish"}
    old_runs = {(s, seq): json.loads(data) for s, seq, _t, kind, data, _c in before["events"] if kind == "test_run"}
    assert {key for key, run in old_runs.items() if not run.get("trigger")} == set(guessed)
    assert "trigger" not in old_runs[unfinished, 18] and old_runs[javascript, 15]["trigger"] == ""

    assert cli("history", "--json").returncode == 0
    after = _dump(db_file)
    assert after["user_version"] == LATEST
    assert after["sessions"] == before["sessions"]
    changed = {}
    for old, new in zip(before["events"], after["events"], strict=True):
        if old != new:
            assert old[:4] == new[:4] and old[5] == new[5]  # only the data of the row changes
            changed[old[0], old[1]] = json.loads(new[4])
    assert set(changed) == set(guessed)  # every other row, complete=0 and runs with a trigger alike, as it was
    for key, trigger in guessed.items():
        assert changed[key] == {**old_runs[key], "trigger": trigger}


def test_opening_a_migrated_store_again_changes_nothing(cli, home):
    db = _old_store(home)
    first = cli("history", "--json")
    once = _dump(db)
    second = cli("history", "--json")
    assert first.returncode == second.returncode == 0
    assert second.stdout == first.stdout
    assert _dump(db) == once


def test_a_new_store_gets_the_tables_at_the_latest_version(cli, home):
    done = cli("history", "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == []
    db = home / "sessions.sqlite3"
    assert _user_version(db) == LATEST
    with sqlite3.connect(db) as conn:
        tables = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert tables == {"sessions", "events", "session_audio"}


def test_a_store_from_a_newer_intervu_is_refused_and_left_alone(cli, home, tmp_path):
    db = _old_store(home)
    with sqlite3.connect(db) as conn:
        conn.execute(f"PRAGMA user_version = {LATEST + 1}")
    content = db.read_bytes()
    files = sorted(p.name for p in home.iterdir())
    script = tmp_path / "script.txt"
    script.write_text(STARTER_SCRIPT)
    for args in (("history", "--json"), ("report", "--json"),
                 ("practice", "two-sum", "--no-audio", "--script", str(script), "--model", "none")):
        done = cli(*args)
        assert done.returncode == 2, (args, done.stderr)
        assert done.stdout == ""
        assert "Traceback" not in done.stderr
        (line,) = done.stderr.splitlines()
        assert line.startswith("intervu: the sessions file ") and "written by a newer intervu" in line, line
        assert "upgrade intervu" in line
    assert db.read_bytes() == content
    assert sorted(p.name for p in home.iterdir()) == files
