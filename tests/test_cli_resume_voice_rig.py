"""A spoken interview, left and resumed, on the audio rig's real devices: `intervu resume` opens the
microphone and speaker the interview was started with (here `pulse`, not the default device), and
the interviewer speaks again; `--no-audio` continues it by keyboard (and it stays so until
`--audio`); options given to resume replace the remembered ones."""

from __future__ import annotations

import os
import time

import pexpect

from conftest import intervu_exe
from test_voice_out_cli import SpeakerTap

from intervu_cli.store import Store


CHILDREN: list[pexpect.spawn] = []


def spawn(home, *args: str) -> pexpect.spawn:
    env = {**os.environ, "INTERVU_HOME": str(home), "COLUMNS": "160", "LINES": "50", "TERM": "xterm",
           "PROMPT_TOOLKIT_NO_CPR": "1"}
    child = pexpect.spawn(intervu_exe(), list(args), env=env, encoding="utf-8", timeout=60, dimensions=(50, 160))
    CHILDREN.append(child)
    return child


def leave(child: pexpect.spawn, how: str) -> None:
    if how == "ctrl-d":
        child.sendcontrol("d")
    else:
        child.sendline(how)
    child.expect("intervu resume")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


def remembered(home) -> tuple[str, dict]:
    store = Store(home / "sessions.sqlite3")
    try:
        (row,) = store.sessions()
        return row.id, store.audio(row.id)
    finally:
        store.close()


def test_a_spoken_interview_resumes_spoken_on_its_own_devices(audio_rig, home):
    speaker = SpeakerTap(audio_rig["env"])  # what reaches the rig's speaker (`pulse` plays there too)
    try:
        _left_and_resumed(home, speaker)
    finally:
        speaker.close()
        for child in CHILDREN:
            if child.isalive():
                child.terminate(force=True)
        CHILDREN.clear()


def _left_and_resumed(home, speaker: SpeakerTap) -> None:
    started = time.monotonic()
    child = spawn(home, "practice", "two-sum", "--plain", "--model", "none", "--device", "pulse", "--speaker", "pulse",
                  "--rate", "220")
    child.expect("Listening on pulse, speaking on pulse")
    child.expect("you>")
    assert speaker.wait_sound(started, timeout=30, min_s=1.0) is not None, "the greeting was not spoken"
    leave(child, "ctrl-d")
    session, audio = remembered(home)
    assert audio == {"spoken": True, "input_device": "pulse", "output_device": "pulse", "tts_rate": 220}

    left = time.monotonic()
    child = spawn(home, "resume", "--plain", "--model", "none")  # no audio option: as it was
    child.expect(f"resumed {session}")
    child.expect("Listening on pulse, speaking on pulse")
    child.expect("Welcome back")
    child.expect("you>")
    # The welcome back is spoken: a second of sound after the first process was gone (and its stream with it).
    assert speaker.wait_sound(left, timeout=30, min_s=1.0) is not None, "the welcome back was not spoken"
    leave(child, "ctrl-d")

    child = spawn(home, "resume", "--plain", "--model", "none", "--no-audio")
    child.expect(f"resumed {session}")
    child.expect("you>")
    assert "Listening on" not in child.before
    leave(child, "/quit")
    assert remembered(home) == (session, {**audio, "spoken": False})

    child = spawn(home, "resume", "--plain", "--model", "none")  # by keyboard, as it was last run
    child.expect(f"resumed {session}")
    child.expect("you>")
    assert "Listening on" not in child.before
    leave(child, "/quit")

    child = spawn(home, "resume", "--plain", "--model", "none", "--audio", "--speaker", "default")
    child.expect(f"resumed {session}")
    child.expect("Listening on pulse, speaking on default")
    child.expect("you>")
    leave(child, "ctrl-d")
    assert remembered(home) == (session, {**audio, "output_device": "default"})
