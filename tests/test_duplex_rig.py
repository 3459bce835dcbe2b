"""The speaker, barge-in and echo on the real audio rig (../shared/audio-rig): real streams, real
samples, the speaker recorded by the rig's probe on the same clock. Bounds here are correctness
bounds (did it stop at all, did anything stale play), loose enough for a loaded shared machine;
the latency targets are measured by `intervu bench`, not asserted."""

from __future__ import annotations

import json
import threading
import time

import numpy as np
import pytest

from intervu_cli.engine import reading
from intervu_cli.voice.audio.capture import Microphone, read_wav
from intervu_cli.voice.duplex.listener import DuplexListener
from intervu_cli.voice.audio.playback import Clip, Player
from intervu_cli.bench.rigprobe import RigProbe, echo_path
from intervu_cli.voice.listening.stt import open_recognizer
from intervu_cli.voice.speaking.tts import Synthesizer

from conftest import SPEECH


def tone(seconds: float, hz: float = 440.0, level: float = 0.3) -> np.ndarray:
    t = np.arange(int(seconds * 16000)) / 16000
    return (np.sin(2 * np.pi * hz * t) * level * 32767).astype(np.int16)


@pytest.fixture
def rig(audio_rig):
    probe = RigProbe()
    player = Player()
    try:
        yield probe, player
    finally:
        player.close()
        probe.close()


def test_cancel_silences_the_speaker_at_once_and_nothing_stale_plays(rig):
    probe, player = rig
    player.play(Clip(1, 1, tone(1.5), "one two three four five six seven eight nine"))
    player.play(Clip(1, 2, tone(1.5, 660), "second sentence"))
    first = probe.first_sound_after(time.perf_counter() - 0.05, timeout=3)
    assert first is not None
    time.sleep(0.5)
    t_cut = player.cancel(1)
    silent = probe.silence_after(t_cut - 0.1, timeout=3)
    assert silent is not None and silent - t_cut < 0.05, f"still sounding {1000 * (silent - t_cut):.0f} ms after cancel"
    time.sleep(1.2)  # where the second clip would have played
    assert probe.first_sound_after(t_cut + 0.05, timeout=0) is None, "a chunk of the dropped utterance played"
    assert player.play(Clip(1, 3, tone(0.5), "late")) is None and player.backlog(1) == 0  # stale: refused
    t_next = time.perf_counter()
    player.play(Clip(2, 1, tone(0.5), "next utterance"))
    assert probe.first_sound_after(t_next, timeout=3) is not None  # the next generation plays
    spoken, whole = player.spoken(1)  # only what reached the speaker: about a third of the first clip
    assert not whole and spoken and "one two three four five six seven eight nine".startswith(spoken)
    assert 1 <= len(spoken.split()) <= 6


def test_pause_then_resume_carries_on_after_a_backchannel(rig):
    probe, player = rig
    player.play(Clip(1, 1, tone(2.0), "one two three four five six seven eight"))
    probe.first_sound_after(time.perf_counter() - 0.05, timeout=3)
    time.sleep(0.6)
    t_pause = player.pause()
    assert player.paused and not player.sounding
    silent = probe.silence_after(t_pause - 0.1, timeout=3)
    assert silent is not None and silent - t_pause < 0.05
    time.sleep(0.4)
    t_resume = time.perf_counter()
    player.resume()
    again = probe.first_sound_after(t_resume, timeout=3)
    assert again is not None and again - t_resume < 0.2  # back on, from a little before where it stopped
    deadline = time.time() + 5
    while player.busy(1) and time.time() < deadline:
        time.sleep(0.05)
    assert player.spoken(1) == ("one two three four five six seven eight", True)


def _listen(duplex: DuplexListener, events: list) -> threading.Thread:
    th = threading.Thread(target=duplex.run, args=(events.append,), daemon=True)
    th.start()
    return th


def test_own_voice_through_an_echo_path_does_not_interrupt_but_the_candidate_does(rig):
    probe, player = rig
    synth = Synthesizer()
    speech = synth.synth("A hash map from each value to its index gives you constant time lookups. "
                         "Walk the array once, and for each number check whether its complement is already there. "
                         "That gives linear time and linear space, which is optimal for this problem.")
    synth.close()
    recognizer, _ = open_recognizer(None)
    duplex = DuplexListener(Microphone(), recognizer, player)
    assert duplex.aec is not None and duplex.aec.available, duplex.aec.error if duplex.aec else ""
    events: list = []
    with echo_path(db=-10):
        th = _listen(duplex, events)
        try:
            time.sleep(0.3)
            duplex.floor.give(1)
            player.play(Clip(1, 1, speech, "interviewer"))
            t0 = time.perf_counter()
            while player.busy(1) and time.perf_counter() - t0 < 20:
                time.sleep(0.05)
            own = [e.type for e in events if e.type in ("onset", "barge_in")]
            print(f"self-pauses on its own echo: {own.count('onset')}, self-interruptions: {own.count('barge_in')}")
            assert own.count("barge_in") == 0, own  # it never cut itself off
            assert own.count("onset") <= 1, own  # nor stuttered (one pause while it learns the echo, at most)
            # ... and its own voice never became the candidate's words
            assert not any(e.type in ("speech_start", "final") for e in events), [e.type for e in events]
            events.clear()
            # Now the candidate talks over a second utterance.
            data, rate = read_wav(SPEECH / "cards-001.wav")
            cand = np.frombuffer(data, np.int16)
            if rate != 16000:
                import soxr

                cand = soxr.resample(cand, rate, 16000).astype(np.int16)
            duplex.floor.give(2)
            player.play(Clip(2, 1, speech, "interviewer again"))
            probe.first_sound_after(time.perf_counter(), timeout=3)
            time.sleep(1.0)
            pb = probe.play(cand)
            pb.wait(15)
            deadline = time.time() + 3
            while not any(e.type == "barge_in" for e in events) and time.time() < deadline:
                time.sleep(0.05)
            kinds = [e.type for e in events]
            assert "onset" in kinds and "barge_in" in kinds, kinds
            onset = next(e for e in events if e.type == "onset")
            assert onset.marks["stopped"] - pb.onset_t < 0.5  # the speaker paused while they spoke
            assert not player.busy(2)  # the utterance was dropped
            deadline = time.time() + 6
            while not any(e.type == "final" for e in events) and time.time() < deadline:
                time.sleep(0.05)
            assert any(e.type == "final" and e.text and not e.during_floor for e in events)  # their words are a turn
        finally:
            duplex.close()
            th.join(5)


@pytest.mark.bench
@pytest.mark.timeout(900)  # a whole benchmark, slower on a loaded machine; its subprocess has its own bound
def test_bench_runs_the_voice_loop_and_reports_every_figure(audio_rig, cli):
    """`intervu bench` end to end on the rig; the figures are printed for the note, not asserted
    (shared, noisy machine) — only that each was measured."""
    proc = cli("bench", "--turns", "6", "--json", timeout=400, env=audio_rig["env"])
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    for key in ("voice_to_voice_ms", "barge_in_ms", "mic_ready_gap_ms", "tts_first_audio_ms"):
        assert set(report[key]) >= {"median", "p99"}, key
    for key in ("stale_chunks", "self_interruptions", "barge_ins_caught", "barge_ins_tried",
                "sequential_first_audio_ms", "streaming_first_audio_ms", "llm_ttft_ms"):
        assert key in report, key
    assert report["barge_ins_tried"] >= 1 and report["llm_ttft_ms"] == 200
    assert report["voice_to_voice_ms"]["n"] + report["barge_ins_tried"] >= 3  # the interviewer answered turns
    print(json.dumps(report, indent=1))


@pytest.mark.bench
@pytest.mark.timeout(900)  # a whole benchmark, slower on a loaded machine; its subprocess has its own bound
def test_bench_runs_the_interviews_ears_beside_a_cpu_hog_and_the_old_endpointing_in_one_run(audio_rig, cli):
    """`intervu bench --baseline --hog`: in one run, on the same clips, the loop with the spoken interview's
    ears (Whisper base and smart-turn, found as `intervu models download` installs them), the same beside a
    CPU hog of the bench's own, and the old endpointing (webrtcvad, a fixed silence). Asserted: what is not
    timing. Nothing of a dropped utterance reaches the speaker at any load, every barge-in is caught, every
    turn is answered, each turn's breakdown names the endpoint's reason, both configurations are reported,
    and the hog is gone when the bench is."""
    from intervu_cli.bench import voice as bench_voice
    from tests import speech_models

    env = {**audio_rig["env"], "INTERVU_WHISPER_MODEL": str(speech_models.whisper_base()),
           "INTERVU_SMART_TURN_MODEL": str(speech_models.smart_turn())}
    proc = cli("bench", "--turns", "4", "--baseline", "--hog", "--json", timeout=600, env=env)
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    print(json.dumps({k: v for k, v in report.items() if k not in ("before", "hog")}, indent=1))
    for name in ("before", "hog"):
        print(name, json.dumps(report[name], indent=1))
    assert "whisper base" in report["ears"] and "smart-turn" in report["ears"], report["ears"]
    assert report["endpointing"] == "the turn judge" and report["hog"]["endpointing"] == "the turn judge"
    assert report["before"]["endpointing"].startswith("a fixed 350 ms silence") and "whisper" not in \
        report["before"]["ears"]
    assert report["hog"]["processes"] >= 1 and report["hog"]["hog_left_running"] == 0
    for name, figures in (("after", report), ("before", report["before"]), ("hog", report["hog"])):
        assert figures["stale_chunks"] == 0, (name, figures["stale_chunks"])
        assert figures["barge_ins_tried"] >= 1, name
        assert figures["barge_ins_caught"] == figures["barge_ins_tried"], name
        assert figures["turns_unanswered"] == 0, (name, figures["per_turn"])
        turns = figures["per_turn"]
        assert turns and all(t.get("v2v_ms") is not None for t in turns), (name, turns)
        for t in turns:
            marks = t["from_mic_ms"]
            assert {"speech_end", "endpoint", "first_chunk", "first_tts_samples", "first_sample_played",
                    "sound"} <= set(marks), (name, marks)
            assert marks["speech_end"] <= marks["endpoint"] <= marks["first_sample_played"], (name, marks)
            if name == "before":
                assert t["why"] == "silence", t
            else:
                assert t["why"] and t["why"] != "the audio ended" and t.get("judge") is not None, t
        assert figures["voice_to_voice_ms"]["median"] is not None, name
    assert set(report["ratios_after_to_before"]) >= {"voice_to_voice_ms.median", "voice_to_voice_ms.p99"}
    # the text the bench prints from these figures: both configurations, each turn's line with its reason
    text = "\n".join(bench_voice.render(report, turns=4, ttft_ms=200, tokens_per_s=40, echo_db=-10))
    assert "before: the old endpointing" in text and "after, beside the CPU hog" in text and "side by side" in text
    lines = [ln for ln in text.splitlines() if ln.startswith("    #")]
    assert len(lines) == sum(len(f["per_turn"]) for f in (report, report["before"], report["hog"]))
    assert all("end " in ln and "(" in ln for ln in lines), lines


@pytest.mark.bench
@pytest.mark.timeout(900)  # a whole benchmark, slower on a loaded machine; its subprocess has its own bound
def test_bench_on_your_own_microphone_and_speaker(audio_rig, cli):
    """`intervu bench --room`: no rig wires, the bench speaks the candidate's lines through the
    speaker the app uses and listens with the microphone the app uses. The room is simulated with
    the rig (no sound card here): a loopback from the speaker into the microphone at 0 dB, 20 ms,
    stands for the air. Checked: it measures the room, the lag is the loopback's order of
    magnitude, the interviewer answers, barge-ins are caught, and the waveform's voice-to-voice
    agrees with the app's own timeline (both read in one run)."""
    with echo_path(db=0, latency_ms=20):
        proc = cli("bench", "--room", "--turns", "6", "--json", timeout=400, env=audio_rig["env"])
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    print(json.dumps({k: v for k, v in report.items() if k != "per_turn"}, indent=1))
    assert report["audio"].startswith("room") and report["echo_db"] is None
    assert 5 <= report["room"]["lag_ms"] <= 200 and report["room"]["threshold_dbfs"] >= -60
    assert report["barge_ins_tried"] >= 2 and report["barge_ins_caught"] >= report["barge_ins_tried"] - 1
    turns = [t for t in report["per_turn"] if t.get("v2v_ms") is not None and t.get("v2v_timeline_ms") is not None]
    assert len(turns) >= 2
    # The waveform (speaker -> air -> microphone) and the player's own DAC times tell the same story.
    # Agreement, not speed: the loopback standing for the air re-times its own buffer (a 95 ms gap
    # was seen once in CI with 2 turns), so the bound is well under one voice-to-voice turn but
    # roomy enough for that jitter; a broken timeline is off by whole sentences (seconds).
    gaps = sorted(abs(t["v2v_ms"] - t["v2v_timeline_ms"]) for t in turns)
    assert gaps[len(gaps) // 2] < 200, turns
    mistaken = cli("bench", "--rig", "--device", "default", env=audio_rig["env"])
    assert mistaken.returncode == 2 and "add --room" in mistaken.stderr and "Traceback" not in mistaken.stderr


class _Player(Player):
    """The real player, with a seam: `before_cancel(gen)`, when set, runs once at the start of the
    next `cancel()` made on the thread `hook_thread`. The listening thread calls `cancel` between
    deciding a barge-in and carrying on, so the test can make the event loop act at that point."""

    def __init__(self) -> None:
        super().__init__()
        self.before_cancel = None
        self.hook_thread: threading.Thread | None = None

    def cancel(self, gen: int) -> float:
        hook = self.before_cancel
        if hook is not None and threading.current_thread() is self.hook_thread:
            self.before_cancel = None
            hook(gen)
        return super().cancel(gen)


def _wait(predicate, timeout: float) -> bool:
    deadline = time.perf_counter() + timeout
    while not predicate():
        if time.perf_counter() > deadline:
            return False
        time.sleep(0.01)
    return True


def test_a_late_barge_in_leaves_the_floor_to_the_next_utterance(audio_rig, tmp_path):
    """The floor is written by two threads: the event loop gives it to an utterance as it starts
    and releases it when it ends; the listening thread takes it when it decides a barge-in. Here
    they meet in the worst order: the listening thread decides a barge-in on the greeting (gen 1)
    and, while it silences the speaker, the loop starts the next utterance (the candidate typed
    over the greeting; the engine answers, gen 2, from a real LLM stream). That barge-in is late
    for the answer: the answer keeps the floor and its stream, and when the candidate then talks
    over the answer, that barge-in carries gen 2, stops it and closes its LLM stream.

    Real parts throughout: engine, litellm over HTTP to the local fake server, conversation,
    TTS, the player on the rig, the listening thread's frame processing (echo canceller, barge-in
    detector, VAD, recognizer). The test is the listening thread: it feeds the frames of a real
    recording itself, so the order of the two threads' steps is fixed, not left to timing."""
    import asyncio

    from intervu_cli.engine.clock import MonotonicClock
    from intervu_cli.core.events import InterviewerDelta
    from intervu_cli.engine.llm import LLMConfig, get_litellm
    from intervu_cli.bench.fakellm import FakeLLMServer
    from intervu_cli.session.conversation import VoiceConversation
    from intervu_cli.session.assemble import new_interview
    from intervu_cli.session.driver import Driver
    from intervu_cli.problems import load_problems, problem_dirs
    from intervu_cli.store import Store
    from intervu_cli.voice.audio.capture import FRAME_SAMPLES, Frame
    from intervu_cli.voice.speaking.tts import TTSWorker

    data, rate = read_wav(SPEECH / "cards-001.wav")
    cand = np.frombuffer(data, np.int16)
    if rate != 16000:
        import soxr

        cand = soxr.resample(cand, rate, 16000).astype(np.int16)
    # The answer's first sentence takes a few tokens to arrive, so it is not yet playing just
    # after the answer started (when the candidate's first barge-in ends, below).
    answer = ("Let me put that another way for you. A hash map from each value to its index gives constant "
              "time lookups. Then one pass over the array finds the pair. ") * 2
    get_litellm()
    server = FakeLLMServer(answer, ttft_ms=50, token_delay_ms=300).start()
    try:  # whatever fails on the way (no rig, say), the server, the store and the loop are closed
        store = Store(tmp_path / "s.sqlite3")
        problem = load_problems(problem_dirs()).get("two-sum")
        llm = LLMConfig("openai/fake", api_base=server.base_url, api_key="sk-test")
        iv = new_interview(problem, store, MonotonicClock(), llm=llm, model_label="fake")
        loop = asyncio.new_event_loop()
        loop_thread = threading.Thread(target=loop.run_forever, name="test-loop", daemon=True)
        loop_thread.start()

        def on_loop(coro, timeout: float = 60):
            return asyncio.run_coroutine_threadsafe(coro, loop).result(timeout)

        player = _Player()
        player.hook_thread = threading.current_thread()  # this thread plays the listening thread
        recognizer, _ = open_recognizer(None)
        duplex = DuplexListener(None, recognizer, player)  # no microphone: the frames come from here
        said: list = []
        answer_started = asyncio.Event()

        def sink(event) -> None:  # the front end's view of the engine's events (on the loop)
            said.append(event)
            if isinstance(event, InterviewerDelta) and event.gen > greeting:
                answer_started.set()

        greeting = 1 << 30
        conv = None
        tts = TTSWorker(lambda job, s, t: conv.deliver(job, s, t), lambda gen: conv.is_current(gen), player.backlog)
        driver = Driver(iv, sink, None, warm=False)
        conv = driver.conv = VoiceConversation(iv, duplex, player, tts, sink, lock=driver.busy)
        asyncio.run_coroutine_threadsafe(conv.run(), loop)
        heard: list = []

        def emit(ev) -> None:  # as DuplexListener.start hands events to the loop
            heard.append(ev)
            loop.call_soon_threadsafe(conv.on_voice, ev)

        fed = [0]  # frames fed so far (their capture times follow on)

        def frame(pcm: np.ndarray) -> None:
            duplex._frame(Frame(pcm.tobytes(), fed[0] * 0.02), emit)
            fed[0] += 1

        def talk_until_barge_in() -> bool:
            n = sum(1 for e in heard if e.type == "barge_in")
            for i in range(0, len(cand) - FRAME_SAMPLES + 1, FRAME_SAMPLES):
                frame(cand[i:i + FRAME_SAMPLES])
                if sum(1 for e in heard if e.type == "barge_in") > n:
                    return True
            return False

        def typed_over_the_greeting(gen: int) -> None:
            """On the loop, at the worst moment: the greeting is cut (the candidate typed) and the
            engine's answer starts, given the floor with its first words."""
            async def go() -> None:
                asyncio.ensure_future(driver.call(iv.say("Can the numbers be negative?"), typed=True))
                await answer_started.wait()

            on_loop(go())

        try:
            on_loop(driver.call(iv.start()))
            greeting = next(e.gen for e in said if isinstance(e, InterviewerDelta))
            assert _wait(lambda: player.busy(greeting) and player.sounding, 10), "the greeting did not play"
            # Quiet while the greeting plays, with headphones: the detector learns there is no echo
            # (a silent frame every 10 ms or so until it has).
            silence = np.zeros(FRAME_SAMPLES, np.int16)
            assert _wait(lambda: frame(silence) or duplex.detector.erl_db is not None, 10)
            player.before_cancel = typed_over_the_greeting
            assert talk_until_barge_in(), [e.type for e in heard]
            first = [e for e in heard if e.type == "barge_in"][0]
            assert first.gen == greeting and player.before_cancel is None
            answer_gen = next(e.gen for e in said if isinstance(e, InterviewerDelta) and e.gen > greeting)
            # The candidate pauses before the answer is heard (the detector is ready again) ...
            for _ in range(3):
                frame(silence)
            assert duplex.detector.state == "idle"
            assert _wait(lambda: player.busy(answer_gen), 20), "the answer never played"
            # the model's reading of the turn (engine.reading) is given up at its first word, not JSON here;
            # the answer's own stream is the one still open
            readings = sum(1 for r in server.requests if r["messages"][0]["content"].startswith(reading.MARKER))
            still_open = len(server.requests) - server.completed - server.disconnects - server.died
            assert server.disconnects == readings and still_open >= 1 and conv.utterance is not None \
                and conv.utterance.gen == answer_gen, "the late barge-in on the greeting cut the answer's stream"
            # ... then talks over it.
            assert talk_until_barge_in(), [e.type for e in heard]
            second = [e for e in heard if e.type == "barge_in"][1]
            assert second.gen == answer_gen, \
                f"the barge-in on the answer came with gen {second.gen}: the floor was lost"
            assert server.wait_for(lambda: server.disconnects >= readings + 1, timeout=10), \
                "the answer's LLM stream kept running"
            assert answer_gen in conv.dropped and not player.busy(answer_gen)
        finally:
            async def shut_down() -> None:
                conv.close()
                others = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
                for task in others:
                    task.cancel()
                await asyncio.gather(*others, return_exceptions=True)

            on_loop(shut_down())
            loop.call_soon_threadsafe(loop.stop)
            loop_thread.join(5)
            loop.close()
            tts.close()
            recognizer.close()
            player.close()
            server.close()
            store.close()
    finally:
        server.close()
        if "store" in locals():
            store.close()
        if "loop" in locals() and not loop.is_closed():
            loop.call_soon_threadsafe(loop.stop)
            loop_thread.join(5)
            loop.close()
