"""`intervu resume` continues an interview the way it was run: a session remembers whether it was
spoken and the audio options given for it (microphone, speaker, voice, rate, back-channel, Vosk
model), resume runs it with them again, and resume's own options override them (`--no-audio` to go
on by keyboard, `--audio` to speak a keyboard one), and are remembered from then on.

A speaker that does not exist stands for a remembered one here: whether the rig is running or not,
resuming spoken with it fails naming it, which shows that it was the one used. The spoken resume
itself, on real devices, is in test_cli_resume_voice_rig.py."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import sqlite3

import pexpect

from conftest import REPO, SCRIPTS, intervu_exe

from intervu_cli.store import Store

STRONG = str(SCRIPTS / "strong-two-sum.txt")
ANSI = re.compile(r"\x1b\[[0-9;?]*[a-zA-Z]")
OLD_STORE = REPO / "tests" / "fixtures" / "store-v0.sqlite"  # written by an intervu from before this was kept
OLD_UNFINISHED = "20261204-406d05"


def leave_unfinished(cli, tmp_path, *extra: str) -> str:
    part = tmp_path / "part.txt"
    part.write_text("Can the input be empty?\n")
    done = cli("practice", "two-sum", "--script", str(part), "--model", "none", *extra)
    assert done.returncode == 1, done.stderr
    return re.search(r"continue it with: intervu resume (\S+)", done.stderr).group(1)


def audio_of(home, session_id: str) -> dict | None:
    store = Store(home / "sessions.sqlite3")
    try:
        return store.audio(session_id)
    finally:
        store.close()


def run_on_a_terminal(home, *args: str, env: dict | None = None) -> tuple[int, str]:
    """`intervu ARGS` on a pseudo-terminal, to its end; its exit status and the last line it printed."""
    child = pexpect.spawn(intervu_exe(), list(args), encoding="utf-8", timeout=60, dimensions=(50, 200),
                          env={**os.environ, "INTERVU_HOME": str(home), "COLUMNS": "200", "TERM": "xterm",
                               "PROMPT_TOOLKIT_NO_CPR": "1", **(env or {})})
    child.expect(pexpect.EOF)
    child.close()
    return child.exitstatus, ANSI.sub("", child.before).strip().splitlines()[-1]


def resume_by_keyboard(home, *args: str, env: dict | None = None) -> str:
    """`intervu resume ARGS --plain` on a pseudo-terminal, left with /quit once it is up; what it printed."""
    child = pexpect.spawn(intervu_exe(), ["resume", *args, "--plain", "--model", "none"], encoding="utf-8",
                          timeout=60, dimensions=(50, 160),
                          env={**os.environ, "INTERVU_HOME": str(home), "COLUMNS": "160", "TERM": "xterm",
                               "PROMPT_TOOLKIT_NO_CPR": "1", **(env or {})})
    child.logfile_read = seen = io.StringIO()
    try:
        child.expect(r"resumed \d{8}-[0-9a-f]{6}")  # the session's first line: then the interviewer's welcome
        child.expect("you>")
        shown = ANSI.sub("", seen.getvalue())
        child.sendline("/quit")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == 0
    return shown


def test_practice_remembers_the_audio_options_it_was_given(cli, home, tmp_path):
    vosk = tmp_path / "no-model-here"
    session = leave_unfinished(cli, tmp_path, "--no-audio", "--device", "3", "--speaker", "no-such-speaker",
                               "--voice", "gmw/en-us", "--rate", "210", "--backchannel-ms", "500",
                               "--vosk-model", str(vosk))
    assert audio_of(home, session) == {"spoken": False, "input_device": "3", "output_device": "no-such-speaker",
                                       "tts_voice": "gmw/en-us", "tts_rate": 210, "backchannel_ms": 500,
                                       "vosk_model": str(vosk)}
    plain = leave_unfinished(cli, tmp_path)  # a script is never spoken, --no-audio or not; nothing else given
    assert audio_of(home, plain) == {"spoken": False}


def test_resume_uses_the_remembered_options_and_its_own_over_them(cli, home, tmp_path):
    session = leave_unfinished(cli, tmp_path, "--no-audio", "--speaker", "no-such-speaker", "--rate", "210")
    # By keyboard, as it was: no voice is opened, so the missing speaker does not matter.
    shown = resume_by_keyboard(home, session)
    assert f"resumed {session}" in shown and "Listening on" not in shown
    # Spoken (--audio): on the remembered speaker...
    code, said = run_on_a_terminal(home, "resume", session, "--audio", "--plain", "--model", "none")
    assert code == 2 and said.startswith("intervu: ") and "'no-such-speaker'" in said, said
    # ...unless this command names another one.
    code, said = run_on_a_terminal(home, "resume", session, "--audio", "--speaker", "no-such-other-speaker",
                                   "--plain", "--model", "none")
    assert code == 2 and "'no-such-other-speaker'" in said, said
    # A run that never started changed nothing it remembers.
    assert audio_of(home, session) == {"spoken": False, "output_device": "no-such-speaker", "tts_rate": 210}
    # One that ran remembers what it was given, for the next time.
    shown = resume_by_keyboard(home, session, "--no-audio", "--rate", "250")
    assert audio_of(home, session) == {"spoken": False, "output_device": "no-such-speaker", "tts_rate": 250}


def test_a_spoken_session_from_an_older_intervu_resumes_spoken(home, tmp_path):
    """A store from before sessions kept how they were run: the one whose first notice said it was
    listening is resumed spoken (here on a speaker that is not there, which is what it then names);
    `--no-audio` continues it by keyboard, and that is remembered."""
    db = home / "sessions.sqlite3"
    shutil.copyfile(OLD_STORE, db)
    with sqlite3.connect(db) as conn:
        seq, t = conn.execute("SELECT MAX(seq) + 1, MAX(t) FROM events WHERE session_id = ?",
                              (OLD_UNFINISHED,)).fetchone()
        notice = {"type": "notice", "t": t, "text": "Listening on default, speaking on default: talk, or type; "
                                                    "talk over the interviewer to interrupt.", "level": "info"}
        conn.execute("INSERT INTO events (session_id, seq, t, type, data, complete) VALUES (?, ?, ?, 'notice', ?, 1)",
                     (OLD_UNFINISHED, seq, t, json.dumps(notice)))
    no_speaker = {"INTERVU_OUTPUT_DEVICE": "no-such-speaker"}
    code, said = run_on_a_terminal(home, "resume", OLD_UNFINISHED, "--plain", "--model", "none", env=no_speaker)
    assert code == 2 and "'no-such-speaker'" in said and "--no-audio" in said, said
    assert audio_of(home, OLD_UNFINISHED) == {"spoken": True}
    completed = [s for (s,) in sqlite3.connect(db).execute("SELECT id FROM sessions WHERE status = 'completed'")]
    assert completed and all(audio_of(home, s) is None for s in completed)  # by keyboard: nothing to remember
    shown = resume_by_keyboard(home, OLD_UNFINISHED, "--no-audio", env=no_speaker)
    assert f"resumed {OLD_UNFINISHED}" in shown and "Listening on" not in shown
    assert audio_of(home, OLD_UNFINISHED) == {"spoken": False}
    shown = resume_by_keyboard(home, OLD_UNFINISHED, env=no_speaker)  # by keyboard again, as last run
    assert "Listening on" not in shown


def test_scripted_and_json_output_carry_no_audio_options(cli, home, tmp_path):
    session = leave_unfinished(cli, tmp_path, "--no-audio", "--speaker", "no-such-speaker")
    done = cli("resume", session, "--script", STRONG, "--model", "none", "--json")
    assert done.returncode == 0, done.stderr
    events = [json.loads(line) for line in done.stdout.splitlines()]
    assert set(events[0]) == {"type", "t", "session_id", "slug", "title", "language", "model", "minutes", "resumed"}
    assert events[0]["resumed"] is True and events[-1]["type"] in ("ended", "feedback")
    assert "no-such-speaker" not in done.stdout


def test_bad_audio_options_to_resume_are_one_line(cli, home, tmp_path):
    session = leave_unfinished(cli, tmp_path, "--no-audio")
    for args, what in ((("--rate", "5"), "--rate"), (("--backchannel-ms", "-1"), "--backchannel-ms")):
        done = cli("resume", session, *args, "--script", STRONG, "--model", "none")
        assert done.returncode == 2 and done.stderr.startswith("intervu: ") and what in done.stderr, done.stderr
        assert len(done.stderr.splitlines()) == 1
    assert audio_of(home, session) == {"spoken": False}
