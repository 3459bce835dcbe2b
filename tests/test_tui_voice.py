"""The interview room spoken, on the real audio rig (../shared/audio-rig): the app's microphone,
recognizer, synthesizer and speaker are the real ones, opened on the rig's virtual devices; the
candidate's voice is real recorded speech played into the virtual microphone by the rig's probe.
The app is driven with Textual's Pilot."""

from __future__ import annotations

import asyncio
import time

import numpy as np
import pytest

from conftest import SPEECH
from intervu_cli.core.config import db_path
from intervu_cli.engine.clock import MonotonicClock
from intervu_cli.session import assemble
from intervu_cli.session.driver import VoiceKit
from intervu_cli.frontends.tui.app import InterviewApp
from intervu_cli.frontends.tui.widgets import StatusBar, Transcript
from intervu_cli.problems import load_problems, problem_dirs
from intervu_cli.store import Store
from intervu_cli.voice.audio.capture import Microphone, read_wav
from intervu_cli.voice.duplex.listener import DuplexListener
from intervu_cli.voice.audio.playback import RATE as OUT_RATE
from intervu_cli.voice.audio.playback import Player
from intervu_cli.bench.rigprobe import RigProbe
from intervu_cli.voice.listening.stt import open_recognizer
from intervu_cli.voice.speaking.tts import TTSWorker


def _speech(name: str) -> np.ndarray:
    data, rate = read_wav(SPEECH / name)
    pcm = np.frombuffer(data, np.int16)
    if rate != 16000:
        import soxr

        pcm = soxr.resample(pcm, rate, 16000).astype(np.int16)
    return pcm


@pytest.fixture
def kit(audio_rig):
    """What `intervu practice` opens for a spoken interview (cli._voice_kit), on the rig."""
    kit = VoiceKit()
    try:
        kit.tts = TTSWorker(kit.deliver, kit.is_current, lambda gen: kit.player.backlog(gen), out_rate=OUT_RATE)
        recognizer, _ = open_recognizer(None)
        kit.player = Player()
        kit.duplex = DuplexListener(Microphone(), recognizer, kit.player)
        yield kit
    finally:
        kit.close()


def test_a_spoken_turn_in_the_app_then_mute_and_push_to_talk(home, kit):
    problem = load_problems(problem_dirs([])).get("two-sum")
    iv = assemble.new_interview(problem, Store(db_path()), MonotonicClock(), language="python", minutes=45)
    app = InterviewApp(iv, voice=kit)
    probe = RigProbe()
    seen_states: set[str] = set()
    partials: list[str] = []
    meter_levels: list[str] = []

    def candidate_lines() -> list[str]:
        return [str(c.render()) for c in app.query_one(Transcript).children if "candidate" in c.classes]

    async def wait_for(pilot, predicate, timeout: float = 20.0) -> None:
        deadline = time.monotonic() + timeout
        while not predicate():
            status = str(app.query_one(StatusBar).render())
            seen_states.update(s for s in ("speaking", "listening", "hearing you", "thinking…", "muted (F8",
                                           "talking: F9 to hand over", "over to the interviewer") if s in status)
            partial = app.query_one(Transcript)._partial
            if partial is not None:
                partials.append(str(partial.render()))
            if "mic " in status:
                meter_levels.append(status.split("mic ", 1)[1][:6])
            assert time.monotonic() < deadline, f"timed out; states seen {seen_states}"
            await pilot.pause(0.02)

    async def speak(pilot, pcm) -> None:
        pb = await asyncio.to_thread(probe.play, pcm)
        await asyncio.to_thread(pb.wait, 20)

    async def drive() -> None:
        async with app.run_test(size=(100, 30)) as pilot:
            # The greeting is spoken: the speaker sounds, the status says so, then it listens.
            await wait_for(pilot, lambda: "speaking" in seen_states)
            await wait_for(pilot,
                           lambda: not app.driver.speaking() and "listening" in str(app.query_one(StatusBar).render()),
                           timeout=40)
            assert probe.first_sound_after(0, timeout=1) is not None

            # A spoken turn: a dimmed partial transcript, then the final one as the candidate's line.
            await speak(pilot, _speech("librivox-0880.wav"))  # "he was not an ill disposed young man"
            await wait_for(pilot, lambda: candidate_lines())
            assert candidate_lines()[0].startswith("You (voice): ")
            assert partials and all(p.startswith("You: ") and p.endswith(" …") for p in partials)
            assert "hearing you" in seen_states
            assert any(level.strip() for level in meter_levels)  # the meter moved while they spoke
            assert any(e.type == "candidate_said" for e in iv.log.store.events(iv.session_id))
            await wait_for(pilot, lambda: not app.driver.speaking() and not app.driver.busy.locked(), timeout=40)
            # The status bar gives the turn's latency: end of speech to the answer's first sound.
            await wait_for(pilot, lambda: "ms after you stopped" in str(app.query_one(StatusBar).render()))

            # Muted (F8): speech reaches no one.
            await pilot.press("f8")
            assert kit.duplex.muted
            await wait_for(pilot, lambda: "muted (F8" in seen_states)
            before = len(candidate_lines())
            await speak(pilot, _speech("librivox-0930.wav"))
            await pilot.pause(2.0)
            assert len(candidate_lines()) == before

            # Push to talk (F9) from muted: press, talk, press again; the turn goes in, and the
            # microphone is muted again, as it was.
            await pilot.press("f9")
            assert not kit.duplex.muted
            await speak(pilot, _speech("librivox-0930.wav"))  # "he might even have been made amiable himself"
            await pilot.press("f9")
            assert kit.duplex.muted
            await wait_for(pilot, lambda: len(candidate_lines()) == before + 1)
            await wait_for(pilot, lambda: not app.driver.speaking() and not app.driver.busy.locked(), timeout=40)
            assert kit.duplex.muted
            await wait_for(pilot, lambda: "muted (F8" in str(app.query_one(StatusBar).render()), timeout=40)

            # From an open microphone: F9 talks and hands over mid-speech; once the turn is in, the
            # microphone is open again.
            await pilot.press("f8")
            assert not kit.duplex.muted
            await wait_for(pilot, lambda: "listening" in str(app.query_one(StatusBar).render()), timeout=40)
            await pilot.press("f9")
            assert not kit.duplex.muted
            playing = await asyncio.to_thread(probe.play, _speech("librivox-0880.wav"))
            await wait_for(pilot, lambda: app._hearing)
            reopened = []  # how the hand-over ended: (was it waiting for the turn, muted till then)
            handed_over = app._handed_over

            def watch() -> None:
                reopened.append((app._handing_over, kit.duplex.muted))
                handed_over()

            app._handed_over = watch  # an observation hook around the app's own method
            await pilot.press("f9")  # handed over while still talking (its turn not in yet)
            await wait_for(pilot, lambda: len(candidate_lines()) >= before + 2)
            await wait_for(pilot, lambda: not kit.duplex.muted and not app._handing_over)
            await asyncio.to_thread(playing.wait, 20)
            # The microphone stayed muted from the hand-over until the turn was in, then opened.
            assert reopened and reopened[0] == (True, True), reopened
            await pilot.press("ctrl+q")

    try:
        asyncio.run(drive())
    finally:
        probe.close()
        iv.log.store.close()
    assert app.return_value is False  # left mid-interview: resumable
