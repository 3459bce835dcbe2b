"""`intervu bench`: the voice loop, measured on a real audio loop.

The candidate's side is the audio rig's probe (`bench/rigprobe.py`): it plays the candidate's
utterances into the virtual microphone and records the virtual speaker, on one clock. The app's
side is the real thing: microphone (always open), echo canceller, barge-in detector, VAD and
streaming STT, the engine, litellm streaming over real HTTP from a local fake OpenAI-compatible
server (`fakellm`) with the chosen first-token delay and token rate, the sentence chunker, eSpeak
NG through pyttsx3 on its worker thread, and the callback player.

The app hears the candidate with the spoken interview's ears (`voice.listening.ears.open_ears`: Silero
VAD and the turn judge, with Whisper and smart-turn when installed). In the same run, on the same clips
and barge-in times, `baseline` also runs the loop with the old endpointing (webrtcvad, a fixed 350 ms
silence, the streaming recognizer alone), and `hog` beside busy processes of the bench's own
(`bench/hog.py`), for the figures side by side.

Each turn the candidate says a line; the interviewer answers with three sentences. Every other
turn the candidate barges in partway through the answer. Measured from the waveforms:

- voice-to-voice: end of speech in what was played into the mic → first sound at the speaker;
- barge-in: the candidate's speech onset → the speaker silent;
- stale chunks: a clip of a cut-off utterance that started after it was cancelled, or sound after
  the cut that the player's own record (what it wrote, and when it reached the DAC) gives to the cut
  utterance after its cancel, or cannot account for;

and from the timeline: mic-ready gap (the interviewer's last sample → the first microphone frame
holding audio after it, which the always-open microphone makes 0), TTS first audio (first chunk
handed to TTS → its samples), self-interruptions (the speaker paused or cut while the candidate
was silent, with an echo path from speaker to mic), and a naive sequential pipeline on the same
turns (whole transcript, whole LLM answer, whole synthesis, then play) against streaming; and for
each answered turn, where its time went from the end of speech at the microphone (the timeline's
marks, the endpoint's reason, Whisper's work).
"""

from __future__ import annotations

import asyncio
import random
import statistics
import tempfile
import threading
import time
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from intervu_cli.core.vocab import Hearing
from intervu_cli.bench.stats import percentile
from intervu_cli.voice.audio.capture import FRAME_MS
from intervu_cli.voice.duplex.listener import DUPLEX_VAD
from intervu_cli.voice.listening.ears import Ears

ANSWER = ("Okay, that makes sense. "
          "A hash map from each value to its index gives you constant time lookups there. "
          "How would you handle duplicate values in the input array?")
CANDIDATE_LINES = [
    "I would use a hash map to store each number and its index.",
    "Then for every number I check whether the complement is already there.",
    "That makes it one pass over the array.",
    "The time is linear and the space is linear too.",
    "I think I should also test an empty array.",
    "Let me walk through the first example now.",
]
BARGE_LINES = [
    "Sorry, wait, can I ask about the input first?",
    "Hold on, I think there is a problem with that.",
    "Actually, let me stop you there for a second.",
]


def _pct(values: list[float], q: float) -> float | None:
    return round(percentile(values, q / 100), 1) if values else None


def _stat(values: list[float]) -> dict:
    return {"median": round(statistics.median(values), 1) if values else None, "p99": _pct(values, 99),
            "n": len(values)}


class _FrameClock:
    """The microphone's frames as the duplex listener took them (its `on_frame` hook, on the
    listening thread): their capture times, the largest hole between two, and how soon after a
    moment the first frame holding audio from it came."""

    def __init__(self) -> None:
        self.times: deque[float] = deque(maxlen=3000)  # recent frames' capture times (60 s)
        self.max_gap_ms = 0.0
        self.max_gap_at = 0.0  # seconds after the first frame
        self._first_t: float | None = None

    def add(self, host_t: float) -> None:
        if self.times:
            gap = (host_t - self.times[-1]) * 1000 - FRAME_MS
            if gap > self.max_gap_ms:
                self.max_gap_ms, self.max_gap_at = gap, host_t - (self._first_t or host_t)
        else:
            self._first_t = host_t
        self.times.append(host_t)

    def gap_after(self, t: float) -> float | None:
        """Milliseconds from host time `t` (the interviewer's last sample) to the start of the
        first microphone frame that holds audio from `t` on: 0 when the frame covering `t` was
        captured and processed. None if no frame reaches past `t` yet."""
        for ft in list(self.times):
            if ft + FRAME_MS / 1000 > t:
                return max(0.0, (ft - t) * 1000)
        return None


class _Loop:
    """An asyncio loop on a thread of its own: the app under test, as it runs in `practice`."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="bench-loop", daemon=True)
        self.thread.start()

    def call(self, coro, timeout: float = 30):
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)

    def close(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(5)
        self.loop.close()


BASELINE_ENGINES = "webrtcvad, a fixed {ms} ms silence"


@dataclass
class Setup:
    name: str  # "after" (the interview's ears), "before" (the old endpointing), "hog" (after, beside a CPU hog)
    open_ears: Callable[[], Ears]
    hog: int = 0  # busy processes beside the loop


def run(problem, *, turns: int = 20, ttft_ms: float = 200, tokens_per_s: float = 40, echo_db: float | None = -10.0,
        open_ears: Callable[[], Ears] | None = None, open_baseline: Callable | None = None,
        baseline: bool = False, hog: int = 0, log=lambda s: None, room: bool = False, input_device=None,
        output_device=None) -> dict:
    """The benchmark. `open_ears()`: what hears the candidate, as the spoken interview opens it (an object
    with `recognizer`, `speech`, `judge`, `engines`: `voice.listening.ears.Ears`); None for `open_ears()`
    with what is installed. `baseline`: also run the loop, in the same run and on the same clips, with
    the old endpointing (webrtcvad, a fixed silence, the streaming recognizer from `open_baseline()`
    alone), for the figures before and after. `hog`: also run it beside that many busy processes (each
    with a hard deadline, killed when the run is over). `room`: on a real microphone and speaker
    (`input_device`, `output_device`, None for the defaults) instead of the rig: the candidate's lines
    are played through the speaker and everything is heard through the microphone (see `_calibrate`
    and `_turns`)."""
    from intervu_cli.bench.fakellm import FakeLLMServer
    from intervu_cli.bench.rigprobe import RigProbe, echo_path, rig_present
    from intervu_cli.engine.llm import LLMConfig, get_litellm
    from intervu_cli.voice.audio.capture import AudioError
    from intervu_cli.voice.speaking.tts import Synthesizer

    if not room and not rig_present():
        raise AudioError("the virtual audio rig is not running (source ../shared/audio-rig/start.sh); "
                         "to measure on your own microphone and speaker, use --room")
    if open_ears is None:
        from intervu_cli.voice.listening.ears import open_ears as _open_ears

        open_ears = _open_ears
    if open_baseline is None:
        from intervu_cli.voice.listening.stt import open_recognizer

        def open_baseline():
            return open_recognizer(None)[0]

    def old_ears() -> Ears:
        rec = open_baseline()
        return Ears(rec, engines=f"{rec.name}; turns: " + BASELINE_ENGINES.format(ms=DUPLEX_VAD.end_silence_ms))

    setups = ([Setup("before", old_ears)] if baseline else []) + [Setup("after", open_ears)] + \
        ([Setup("hog", open_ears, hog=hog)] if hog else [])
    log("loading litellm ...")
    get_litellm()
    tmp = tempfile.mkdtemp(prefix="intervu-bench-")
    server = FakeLLMServer(ANSWER, ttft_ms=ttft_ms, tokens_per_s=tokens_per_s).start()
    cfg = LLMConfig("openai/fake", api_base=server.base_url, api_key="sk-local", max_tokens=200)
    lp = _Loop()
    ctx = None
    try:
        # The candidate's lines, spoken by a different eSpeak voice than the interviewer's: the same
        # clips for every configuration.
        voice_synth = Synthesizer(voice="gmw/en-us", rate_wpm=170)
        pad = np.zeros(1600, np.int16)
        clips = [np.concatenate([pad, voice_synth.synth(t), pad]) for t in CANDIDATE_LINES]
        barges = [np.concatenate([pad, voice_synth.synth(t), pad]) for t in BARGE_LINES]
        voice_synth.close()
        ear = None
        if room:
            with RigProbe(room=(input_device, output_device)) as probe:
                ear = _calibrate(probe, log)
        ctx = echo_path(db=echo_db) if echo_db is not None and not room else None
        if ctx is not None:
            ctx.__enter__()
        figures: dict[str, dict] = {}
        for setup in setups:
            log(f"--- {setup.name}: " + {"before": "the old endpointing (webrtcvad, fixed silence)",
                                        "after": "the spoken interview's ears",
                                        "hog": f"the interview's ears beside {setup.hog} busy processes"}[setup.name])
            figures[setup.name] = _measure(setup, problem, lp, cfg, tmp, clips, barges, turns, log, ear,
                                           room=room, input_device=input_device, output_device=output_device,
                                           server=server)
        if ctx is not None:
            ctx.__exit__(None, None, None)
            ctx = None
        main = figures["after"]
        seq_ms = _sequential(main.pop("_normal"), lp, cfg, main.pop("_player_latency_s"))
        for f in figures.values():
            f.pop("_normal", None)
            f.pop("_player_latency_s", None)
        stream_first = main["_stream_first"]
        report = {
            "turns": turns,
            "audio": ("room: your microphone and speaker" if room else "rig: virtual microphone and speaker"),
            "llm_ttft_ms": ttft_ms,
            "llm_tokens_per_s": tokens_per_s,
            "echo_db": None if room else echo_db,
            "room": ({"lag_ms": round(ear["lag_s"] * 1000, 1), "noise_dbfs": round(ear["noise_dbfs"], 1),
                      "threshold_dbfs": round(ear["threshold_dbfs"], 1)} if ear is not None else None),
            **{k: v for k, v in main.items() if not k.startswith("_")},
            "streaming_first_audio_ms": _stat(stream_first)["median"],
            "sequential_first_audio_ms": round(statistics.median(seq_ms), 1) if seq_ms else None,
            "first_audio_ratio": (round(statistics.median(seq_ms) / statistics.median(stream_first), 2)
                                  if seq_ms and stream_first and statistics.median(stream_first) > 0 else None),
            "first_audio_definition": "endpoint decided -> first sample at the speaker",
            "breakdown_definition": ("per_turn[].from_mic_ms: each mark of the turn's timeline, in ms after the end of "
                                     "the candidate's speech in the audio at the microphone (the waveform's)"),
        }
        for name in ("before", "hog"):
            if name in figures:
                report[name] = {k: v for k, v in figures[name].items() if not k.startswith("_")}
        if "before" in figures:
            report["ratios_after_to_before"] = _ratios(report["before"], report)
        if hog:
            report["hog"]["processes"] = hog
    finally:
        if ctx is not None:
            ctx.__exit__(None, None, None)
        lp.close()
        server.close()
        import shutil

        shutil.rmtree(tmp, ignore_errors=True)
    return report


# The marks of a turn's timeline, in order, as the per-turn breakdown shows them.
BREAKDOWN = ("speech_end", "endpoint", "llm_request", "llm_first_token", "first_chunk", "first_tts_samples",
             "first_sample_played")
RATIO_KEYS = ("voice_to_voice_ms", "voice_to_voice_timeline_ms", "barge_in_ms")


def _ratios(before: dict, after: dict) -> dict:
    """after / before of the medians and P99s."""
    out = {}
    for key in RATIO_KEYS:
        for q in ("median", "p99"):
            a, b = after.get(key, {}).get(q), before.get(key, {}).get(q)
            out[f"{key}.{q}"] = round(a / b, 2) if a is not None and b else None
    return out


def _sequential(normal: list[dict], lp, cfg, latency_s: float) -> list[float]:
    """The naive sequential pipeline, on the same turns' audio and words: the whole transcript, the
    whole LLM answer, the whole synthesis, then play."""
    from intervu_cli.engine.llm import stream_completion
    from intervu_cli.voice.listening.stt import decode_offline
    from intervu_cli.voice.speaking.tts import Synthesizer

    seq_ms = []
    synth = Synthesizer()
    try:
        for r in normal:
            t0 = time.perf_counter()
            decode_offline(r["clip"].tobytes())  # the whole transcript at once, after the turn

            async def whole(text=r["text"]) -> str:
                answer = ""
                async for piece in stream_completion(cfg, [{"role": "user", "content": text or "hello"}]):
                    answer += piece
                return answer

            answer = lp.call(whole())
            synth.synth(answer)
            seq_ms.append((time.perf_counter() - t0) * 1000 + latency_s * 1000)
    finally:
        synth.close()
    return seq_ms


def _measure(setup: Setup, problem, lp, cfg, tmp: str, clips, barges, turns: int, log, ear, *, room: bool,
             input_device, output_device, server) -> dict:
    """One configuration of the loop, from opening the ears to closing the speaker: its figures."""
    from intervu_cli.bench.hog import CpuHog
    from intervu_cli.bench.rigprobe import RigProbe
    from intervu_cli.engine.clock import MonotonicClock
    from intervu_cli.session.assemble import new_interview
    from intervu_cli.session.conversation import VoiceConversation
    from intervu_cli.store import Store
    from intervu_cli.voice.audio.capture import AudioError, Microphone
    from intervu_cli.voice.audio.playback import Player
    from intervu_cli.voice.duplex.listener import DuplexListener
    from intervu_cli.voice.speaking.tts import TTSWorker

    rng = random.Random(7)  # the same barge-in times in every configuration
    objs: list = []
    holder: dict = {}
    hog = CpuHog(setup.hog, deadline_s=120 + 20 * turns) if setup.hog else None
    conv = None
    disconnects0 = server.disconnects
    try:
        if hog is not None:
            hog.start()
            objs.append(hog)
        ears = setup.open_ears()
        objs.append(ears)  # until the duplex listener has them (it closes them then)
        store = Store(Path(tmp) / f"bench-{setup.name}.db")
        objs.append(store)
        interview = new_interview(problem, store, MonotonicClock(), llm=cfg, model_label="fake")
        # As `practice` does while the greeting plays: litellm's first call costs ~0.5 s more.
        warm_ms = lp.call(interview.warm_llm())
        if warm_ms is None:
            raise AudioError("the bench's own LLM server did not answer")
        player = Player(output_device)
        objs.append(player)
        mic = Microphone(input_device)
        objs.append(mic)
        duplex = DuplexListener(mic, ears.recognizer, player, speech=ears.speech, judge=ears.judge)
        objs.remove(ears)
        whisper_calls = _watch_whisper(ears)
        objs.append(duplex)  # closes the mic, the judge and the recognizer
        tts = TTSWorker(lambda job, s, t: holder["conv"].deliver(job, s, t),
                        lambda gen: holder["conv"].is_current(gen), player.backlog)
        objs.append(tts)
        events: list = []
        voice_log: list = []
        timelines: dict[str, list[dict]] = {"turn": [], "barge_in": []}  # the conversation's, as they come
        frames = _FrameClock()
        duplex.on_frame = frames.add

        async def build():
            c = VoiceConversation(interview, duplex, player, tts, events.append,
                                  on_heard=lambda ev: voice_log.append(ev),
                                  on_timeline=lambda kind, record: timelines[kind].append(record))
            holder["conv"] = c
            duplex.start(asyncio.get_running_loop(), c.on_voice)
            holder["task"] = asyncio.create_task(c.run())
            return c

        conv = lp.call(build())
        probe = RigProbe(room=(input_device, output_device) if room else None)
        objs.append(probe)
        results = _turns(lp, conv, timelines, frames, player, probe, clips, barges, turns, rng, log, ear,
                         whisper_calls=whisper_calls)
        mic_gap = (round(frames.max_gap_ms, 1), round(frames.max_gap_at, 2))
        windows = results.pop("windows")

        def candidate_speaking(t: float) -> bool:
            return any(a - 0.05 <= t <= b + 0.5 for a, b in windows)

        onsets = [ev for ev in voice_log if ev.type == Hearing.ONSET]
        cuts = [ev for ev in voice_log if ev.type == Hearing.BARGE_IN]
        self_pauses = sum(1 for ev in onsets if not candidate_speaking(ev.marks.get("onset") or ev.t))
        self_interruptions = sum(1 for ev in cuts if not candidate_speaking(ev.marks.get("onset") or ev.t))
        stream_first = [r["first_audio_ms"] for r in results["normal"] if r.get("first_audio_ms") is not None]
        v2v = [r["v2v_ms"] for r in results["normal"] if r.get("v2v_ms") is not None]
        figures = {
            "ears": ears.engines,
            "endpointing": ("the turn judge" if ears.judge is not None
                            else f"a fixed {DUPLEX_VAD.end_silence_ms} ms silence"),
            "llm_warm_ms": round(warm_ms, 1),
            "echo_canceller": "webrtc-aec3 (livekit)" if duplex.aec is not None and duplex.aec.available else "none",
            "voice_to_voice_ms": _stat(v2v),
            "voice_to_voice_timeline_ms": _stat([r["v2v_timeline_ms"] for r in results["normal"]
                                                 if r.get("v2v_timeline_ms") is not None]),
            "barge_in_ms": _stat(results["barge_ms"]),
            "barge_in_measured_from": ("the candidate's onset at the microphone -> the player's last sample (DAC time)"
                                       if room else "waveform"),
            "barge_in_timeline_ms": _stat(results["barge_timeline_ms"]),
            "mic_ready_gap_ms": _stat(results["gaps"]),
            "mic_max_frame_gap_ms": mic_gap[0],
            "mic_max_frame_gap_at_s": mic_gap[1],
            "tts_first_audio_ms": _stat(results["tts_ms"]),
            "stale_chunks": results["stale"],
            "stale_clips_played": results["stale_clips"],
            "stale_sound_after_cut": results["stale_wave"],
            "player_stale_blocks": player.stale_blocks,
            # sound after a barge-in's cut that was not stale: the utterance carrying on after a pause
            # taken for a back-channel, before it was cancelled; another (a late) utterance
            "after_cut_resumed": results["after_cut_resumed"],
            "after_cut_other_utterance": results["after_cut_other"],
            "self_interruptions": self_interruptions,
            "self_pauses": self_pauses,
            "barge_ins_caught": results["caught"],
            "barge_ins_tried": results["tried"],
            "vad_end_after_speech_end_ms": _stat(results["vad_end_lag_ms"]),
            "sound_after_reported_dac_ms": _stat(results["dac_to_sound_ms"]),
            "turns_unanswered": results["unanswered"],
            "turns_lost_to_the_probe": results["lost"],
            "probe_restarts": probe.restarts,
            "speculative_turns": sum(1 for r in results["normal"] if r.get("speculative")),
            "normal_turns": len(results["normal"]),
            "endpoint_reasons": dict(Counter(r.get("why") for r in results["normal"] if r.get("why"))),
            "per_turn": [{k: (round(v, 1) if isinstance(v, float) else v)
                          for k, v in r.items() if k not in ("clip", "text")}
                         for r in results["normal"]],
            "llm_requests_closed_early": server.disconnects - disconnects0,
            "mic_overflows": mic.overflows,
            "mic_restarts": mic.restarts,
            "speaker_restarts": player.restarts,
            "speaker_underflows": player.underflows,
            "tts_chunks_dropped": tts.dropped,
            "_normal": results["normal"],
            "_player_latency_s": player.latency_s,
            "_stream_first": stream_first,
        }
        if hog is not None:
            figures["hog_processes"] = hog.n
            figures["hog_deadline_s"] = hog.deadline_s
    finally:
        if conv is not None:
            conv.close()
            task = holder.get("task")
            if task is not None:  # the conversation's last turn must be over before its store closes
                try:
                    lp.call(_settle(task), timeout=10)
                except Exception:  # noqa: BLE001 - best effort on the way out
                    pass
        for obj in reversed(objs):
            try:
                obj.close()
            except Exception:  # noqa: BLE001 - best effort on the way out
                pass
    if hog is not None:
        figures["hog_left_running"] = hog.alive()
    return figures


async def _settle(task) -> None:
    if not task.done():
        try:
            await asyncio.wait_for(asyncio.shield(task), 2)
        except (asyncio.TimeoutError, Exception):  # noqa: BLE001 - it is being stopped
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)


def _watch_whisper(ears) -> list[tuple[float, float, float, str]] | None:
    """Every Whisper transcription of this configuration (the turn judge's, on its worker, and the
    recognizer's final, on the listening thread), as (started, done, audio seconds, thread name) in
    host time: where a turn's time went when Whisper is in the loop. None without Whisper."""
    whisper = getattr(ears.judge, "whisper", None) if ears.judge is not None else None
    if whisper is None:
        return None
    calls: list[tuple[float, float, float, str]] = []
    transcribe = whisper.transcribe

    def timed(pcm, *args, **kwargs):
        started = time.perf_counter()
        try:
            return transcribe(pcm, *args, **kwargs)
        finally:
            calls.append((started, time.perf_counter(), len(pcm) / 16000, threading.current_thread().name))

    whisper.transcribe = timed
    return calls


def _calibrate(probe, log) -> dict:
    """A real room: how loud it is when nobody talks, and how long the bench's own sound takes from
    the speaker to the microphone (`lag_s`: output buffering, the air, input buffering).

    The waveform figures are then read off the microphone: the candidate's speech ends there at its
    DAC end + lag_s, and the interviewer's first sound is the first sound after the candidate's
    has died away. Both travel the same path, so the difference is what a person at the microphone
    hears between the two."""
    from intervu_cli.bench.rigprobe import _window_rms_dbfs
    from intervu_cli.voice.audio.capture import AudioError

    time.sleep(0.5)
    t0 = time.perf_counter()
    time.sleep(0.6)
    _, quiet = probe.record_since(t0)
    levels = np.maximum(_window_rms_dbfs(quiet, 160), -120.0)  # 10 ms windows; digital silence is -inf
    if not len(levels):
        raise AudioError("the microphone gave no audio to measure the room with")
    noise = float(np.percentile(levels, 90))
    threshold = max(noise + 15.0, -60.0)
    t = np.arange(int(0.06 * 16000)) / 16000
    ramp = np.minimum(1.0, np.minimum(t, t[-1] - t) / 0.005)
    tone = (0.3 * 32767 * np.sin(2 * np.pi * 1000 * t) * ramp).astype(np.int16)
    lags = []
    for _ in range(3):
        pb = probe.play(np.concatenate([tone, np.zeros(4800, np.int16)]))
        if not pb.wait(5) or pb.cancelled or pb.start_t is None:
            continue
        heard = probe.first_sound_after(pb.start_t, threshold_dbfs=threshold, timeout=1.0)
        if heard is not None and heard - pb.start_t < 1.0:
            lags.append(heard - pb.start_t)
        time.sleep(0.2)
    if not lags:
        raise AudioError(f"the bench's test tone never reached the microphone (room noise {noise:.0f} dBFS): "
                           "turn the speaker up, unmute the microphone, or pick them with --device / --speaker")
    lag = statistics.median(lags)
    log(f"room: noise {noise:.0f} dBFS, speaker to microphone {lag * 1000:.0f} ms")
    return {"lag_s": lag, "noise_dbfs": noise, "threshold_dbfs": threshold}


def _wait_idle(conv, player, timeout: float = 20.0) -> bool:
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        if conv.utterance is None and conv._pump_task is None and not player.sounding and not player.paused:
            return True
        time.sleep(0.02)
    return False


def _turns(lp, conv, timelines, frames, player, probe, clips, barges, n, rng, log, ear: dict | None = None, *,
           whisper_calls: list | None = None) -> dict:
    """The conversation. On the rig the probe's ear is the speaker itself. In a room (`ear`, from
    `_calibrate`) it is the microphone: times of the candidate's speech are moved by the speaker-to-
    microphone lag, the interviewer's first sound is looked for once the candidate's has died away,
    and barge-in stops are taken from the timeline (over the candidate's own voice, the microphone
    cannot tell when the speaker went quiet)."""
    lag = ear["lag_s"] if ear is not None else 0.0
    level = ear["threshold_dbfs"] if ear is not None else -45.0
    out = {"normal": [], "barge_ms": [], "barge_timeline_ms": [], "gaps": [], "tts_ms": [], "stale": 0,
           "self_interruptions": 0, "self_pauses": 0, "caught": 0, "tried": 0, "windows": [],
           "lost": 0, "unanswered": 0, "vad_end_lag_ms": [], "dac_to_sound_ms": [], "stale_clips": 0,
           "stale_wave": 0, "after_cut_resumed": 0, "after_cut_other": 0}
    # Greeting-free start: the first turn is the candidate's. A turn lost to the probe's own stream
    # (it restarts under load) is played again, so that `n` turns are measured (2n extra tries at most).
    i, tries = -1, 0
    while i + 1 < n and tries < 3 * n:
        tries += 1
        i += 1
        if not _wait_idle(conv, player):
            log(f"turn {i}: the interviewer did not go quiet; skipped")
            continue
        time.sleep(0.3)
        clip = clips[i % len(clips)]
        n_turns = len(timelines["turn"])
        n_barges = len(timelines["barge_in"])
        pb = probe.play(clip)
        ok = pb.wait(30) and not pb.cancelled
        if pb.start_t is not None:
            out["windows"].append((pb.start_t + lag, (pb.end_t or pb.start_t + len(clip) / 16000) + lag))
        if not ok:
            out["lost"] += 1
            log(f"turn {i}: the probe's stream failed while playing the candidate (restarts: {probe.restarts}); "
                "turn not counted, played again")
            i -= 1
            continue
        end_t = pb.speech_end_t
        if end_t is not None and ear is not None:
            end_t += lag  # as heard at the microphone
            quiet = probe.silence_after(end_t, threshold_dbfs=level, hold_ms=40, timeout=3)
            sound = probe.first_sound_after(quiet, threshold_dbfs=level, timeout=10) if quiet is not None else None
        else:
            sound = probe.first_sound_after(end_t, timeout=10) if end_t else None
        rec = {"clip": clip[1600:-1600], "text": ""}
        # the interview's phase as the candidate speaks: while they write code (the code phase), the turn
        # judge deliberately waits longer before it answers narration
        phase = getattr(conv.interview.state, "phase", None)
        rec["phase"] = getattr(phase, "value", phase)
        barge = i % 2 == 1
        if barge and sound is not None:
            # Barge in partway through the answer, with the candidate's own words.
            time.sleep(rng.uniform(0.6, 1.6))
            gen = conv.utterance.gen if conv.utterance is not None else None
            bp = probe.play(barges[i % len(barges)])
            ok = bp.wait(30) and not bp.cancelled
            if bp.start_t is not None:
                out["windows"].append((bp.start_t + lag, (bp.end_t or bp.start_t + 3) + lag))
            if not ok:
                out["lost"] += 1
                log(f"turn {i}: the probe's stream failed while barging in; turn not counted, played again")
                i -= 1
                continue
            out["tried"] += 1
            onset = bp.onset_t
            if ear is not None and onset is not None:
                onset += lag
                # the microphone hears the candidate over the speaker: the speaker's stop is the
                # player's (the DAC time of its last sample), if the app caught the barge-in
                cut = timelines["barge_in"]
                stopped = cut[-1]["host"]["stopped"] if len(cut) > n_barges else None
                silent = stopped if stopped is not None and stopped > onset - 0.2 else None
            else:
                silent = probe.silence_after(onset, timeout=3) if onset else None
            if silent is not None and silent - onset < 1.0 and len(timelines["barge_in"]) > n_barges:
                out["caught"] += 1
                out["barge_ms"].append((silent - onset) * 1000)
                out["barge_timeline_ms"].append(timelines["barge_in"][-1]["ms"]["playback_stopped"])
                cut_t = timelines["barge_in"][-1]["host"]["stopped"]
                # Stale: a clip of the dropped utterance that started after the cut, or sound at
                # the speaker between the cut and the next utterance.
                _wait_idle(conv, player)
                # (from the player's cancel of it: before that, after a pause taken for a back-channel, the
                # utterance carries on, as it should)
                cut_ref = player.cancelled_at.get(gen, cut_t) if gen is not None else cut_t
                stale_clips = [c for c in list(player.history)
                               if c.gen == gen and c.start_t and c.start_t > cut_ref + 0.005]
                nxt = [c.start_t for c in list(player.history) if gen is not None and c.gen > gen and c.start_t]
                window_end = min(nxt) - 0.03 if nxt else time.perf_counter()
                t_sound = probe.first_sound_after(silent + 0.05, timeout=0) if ear is None else None
                # Sound at the speaker after it went silent, before the next utterance: whose? The player
                # knows what it wrote and when it reached the DAC. Stale: samples of the dropped utterance
                # that reached the DAC after it was cancelled (or sound the player cannot account for).
                # Not stale: the same utterance carrying on after a pause the detector took for a
                # back-channel (before it was cancelled), or another utterance (a late answer).
                kind = None
                if t_sound is not None and t_sound < window_end:
                    # the probe hears a sample this long after the DAC time the player reported for it
                    # (measured on this run's answers; PulseAudio's buffer grows after underflows)
                    shift = statistics.median(out["dac_to_sound_ms"]) / 1000 if out["dac_to_sound_ms"] else 0.0
                    t_dac, tol = t_sound - shift, 0.05
                    hits = [sp for sp in list(player.spans) if sp[0] - tol <= t_dac <= sp[1] + tol]
                    cut_at = player.cancelled_at.get(gen) if gen is not None else None
                    mine = [sp for sp in hits if sp[2] == gen]
                    if not hits:
                        kind = "unaccounted"
                    elif mine and cut_at is not None and any(sp[0] > cut_at for sp in mine):
                        kind = "stale"
                    elif mine:
                        kind = "resumed"
                    else:
                        kind = "other"
                stale_wave = kind in ("stale", "unaccounted")
                out["stale"] += len(stale_clips) + (1 if stale_wave and not stale_clips else 0)
                out["stale_clips"] += len(stale_clips)
                out["stale_wave"] += 1 if stale_wave else 0
                if kind in ("resumed", "other"):
                    out["after_cut_" + kind] += 1
                if stale_clips or kind is not None:
                    log(f"turn {i}: sound after the cut ({kind}): {len(stale_clips)} clip(s) of the dropped "
                        f"utterance started {[round((c.start_t - cut_t) * 1000) for c in stale_clips]} ms after it; "
                        f"sound at the speaker {round((t_sound - silent) * 1000) if t_sound else None} ms after "
                        "it went silent")
            log(f"turn {i}: barge-in " + (f"stopped the speaker in {(silent - onset) * 1000:.0f} ms"
                                          if silent is not None and onset is not None else "missed"))
        elif sound is not None:
            rec["v2v_ms"] = float(sound - end_t) * 1000
            _wait_idle(conv, player)
            time.sleep(0.1)
            if len(timelines["turn"]) > n_turns:
                turn = timelines["turn"][-1]
                ms, host = turn.get("ms", {}), turn["host"]
                rec["v2v_timeline_ms"] = ms.get("first_sample_played")
                if "endpoint" in host and "first_sample_played" in host:
                    rec["first_audio_ms"] = (host["first_sample_played"] - host["endpoint"]) * 1000
                if "first_chunk" in host and "first_tts_samples" in host:
                    out["tts_ms"].append((host["first_tts_samples"] - host["first_chunk"]) * 1000)
                rec["speculative"] = turn["speculative"]
                rec["heard"] = turn.get("heard")  # what the recognizer made of the line
                rec["why"] = turn.get("why")  # why the endpointer took the turn to be over
                ev = turn.get("evidence")
                if ev:
                    rec["judge"] = {"p": ev["prosody"][-1][1] if ev.get("prosody") else None,
                                    "lm": ev.get("ends_here"), "words": ev.get("text"),
                                    "compute_ms": ev.get("compute_ms")}
                # Where the time went, from the end of the candidate's speech in the audio at the mic.
                rec["from_mic_ms"] = {k: round((host[k] - end_t) * 1000, 1) for k in BREAKDOWN if k in host}
                rec["from_mic_ms"]["sound"] = round(rec["v2v_ms"], 1)
                if whisper_calls is not None and pb.start_t is not None:
                    # Whisper's work from the clip's start to the endpoint, and how it ended
                    mine = [c for c in list(whisper_calls) if c[1] > pb.start_t and c[0] < host.get("stt_final", 0)]
                    rel = [(round((a - end_t) * 1000), round((b - end_t) * 1000)) for a, b, _, _ in mine]
                    rec["whisper"] = {"calls": len(mine), "busy_ms": sum(b - a for a, b in rel),
                                      "last_ms": list(rel[-1]) if rel else None,
                                      "on_listening_thread": sum(1 for *_, name in mine if name == "intervu-duplex")}
                rec["timeline_ms"] = ms  # every mark, from the app's end of speech
                rec["endpoint_ms"] = ms.get("endpoint")
                # Where the waveform and the timeline part: the app's end of speech (its VAD) against
                # the end of the played speech (-40 dBFS), and the first sound at the speaker
                # against the DAC time the player reported for its first sample.
                if "speech_end" in host:
                    out["vad_end_lag_ms"].append((host["speech_end"] - end_t) * 1000)
                if "first_sample_played" in host:
                    out["dac_to_sound_ms"].append((sound - lag - host["first_sample_played"]) * 1000)
                if "last_sample_played" in host:
                    gap = frames.gap_after(host["last_sample_played"])
                    if gap is not None:
                        out["gaps"].append(gap)
            log(f"turn {i}: voice-to-voice {rec['v2v_ms']:.0f} ms; "
                f"timeline {timelines['turn'][-1].get('ms') if timelines['turn'] else None}")
        else:
            out["unanswered"] += 1
            log(f"turn {i}: no answer heard")
        rec["text"] = CANDIDATE_LINES[i % len(CANDIDATE_LINES)]
        if not barge:
            out["normal"].append(rec)
    return out


def render(report: dict, *, turns: int, ttft_ms: float, tokens_per_s: float, echo_db: float | None) -> list[str]:
    """The figures of `run`, as `intervu bench` prints them: the header (what hears, and how a turn's
    end is decided), the figures of the interview's ears, where each turn's time went, and with
    `--baseline` / `--hog` the same figures before (the old endpointing) and beside the CPU hog, side
    by side."""
    out: list[str] = []
    tps = tokens_per_s
    t = ttft_ms

    def fig(d):
        return f"median {d['median']} ms, P99 {d['p99']} ms (n={d['n']})" if d.get("median") is not None else "no data"

    if report.get("room"):
        r = report["room"]
        echo = (f"your microphone and speaker (room noise {r['noise_dbfs']} dBFS, speaker to microphone "
                f"{r['lag_ms']} ms), canceller {report['echo_canceller']}")
    else:
        echo = "no echo path" if echo_db is None else f"echo path {echo_db:g} dB, canceller {report['echo_canceller']}"
    out.append(f"voice loop, {turns} turns, LLM first token {t:g} ms at {tps:g} tokens/s, {echo}")
    out.append(f"ears: {report['ears']} (endpointing: {report['endpointing']})")
    if "before" in report:
        out.append(f"before (--baseline): {report['before']['ears']} (endpointing: {report['before']['endpointing']})")
    if "hog" in report:
        h = report["hog"]
        out.append(f"hog (--hog): the same ears beside {h.get('hog_processes')} busy processes "
                   f"(deadline {h.get('hog_deadline_s'):g} s each; left running after: {h.get('hog_left_running')})")
    out.append("")
    out.append("after: the spoken interview's ears")
    out.extend(_figures(report, t, fig))
    out.append(f"  first audio after the endpoint: streaming {report['streaming_first_audio_ms']} ms, sequential "
               f"{report['sequential_first_audio_ms']} ms, ratio {report['first_audio_ratio']}   target >= 3")
    out.append("  where each turn's time went, ms after the end of speech at the mic (waveform): VAD end of speech, "
               "endpoint (why), LLM request / first token, first chunk to TTS, first TTS samples, first sample "
               "played, first sound heard")
    out.extend(_breakdown(report["per_turn"]))
    for name, title in (("before", "before: the old endpointing"), ("hog", "after, beside the CPU hog")):
        if name in report:
            out.append("")
            out.append(title)
            out.extend(_figures(report[name], t, fig))
            out.append("  where each turn's time went (as above):")
            out.extend(_breakdown(report[name]["per_turn"]))
    if "before" in report or "hog" in report:
        out.append("")
        out.extend(_side_by_side(report))
    return out


def _figures(f: dict, t: float, fig) -> list[str]:
    how = "waveform" if f.get("barge_in_measured_from") == "waveform" else "onset at the mic -> player stop"
    return [
        f"  voice-to-voice (waveform):  {fig(f['voice_to_voice_ms'])}   "
        f"target median <= {t + 250:g}, P99 <= {t + 500:g}",
        f"  voice-to-voice (timeline):  {fig(f['voice_to_voice_timeline_ms'])}",
        f"  barge-in stop ({how}):   {fig(f['barge_in_ms'])}   target median <= 80, P99 <= 150",
        f"  barge-in stop (timeline):   {fig(f['barge_in_timeline_ms'])}",
        f"  mic-ready gap:              {fig(f['mic_ready_gap_ms'])}; "
        f"largest hole in the mic's frames {f['mic_max_frame_gap_ms']} ms   target <= 20",
        f"  TTS first audio:            {fig(f['tts_first_audio_ms'])}",
        f"  stale chunks after barge-in: {f['stale_chunks']} (clips {f['stale_clips_played']}, sound after the cut "
        f"{f['stale_sound_after_cut']}; blocks the player silenced at the device's door "
        f"{f['player_stale_blocks']})   target 0",
        f"  sound after a cut, not stale: the utterance resumed after a pause taken for a back-channel "
        f"{f['after_cut_resumed']}, another utterance {f['after_cut_other_utterance']}",
        f"  self-interruptions:          {f['self_interruptions']} "
        f"(speaker paused by its own echo: {f['self_pauses']})   target 0",
        f"  barge-ins caught:            {f['barge_ins_caught']}/{f['barge_ins_tried']}   target >= 95%",
        f"  speaker underflows: {f['speaker_underflows']}; mic overflows: {f['mic_overflows']}; "
        f"restarts: speaker {f['speaker_restarts']}, mic {f['mic_restarts']}",
        f"  endpoints: {', '.join(f'{k} {v}' for k, v in f['endpoint_reasons'].items()) or 'none'}; "
        f"speculative LLM starts used: {f['speculative_turns']}/{f['normal_turns']} turns",
        f"  turns unanswered: {f['turns_unanswered']}; lost to the probe's stream: "
        f"{f['turns_lost_to_the_probe']} (restarts: {f['probe_restarts']})",
    ]


_SHORT = {"speech_end": "vad", "endpoint": "end", "llm_request": "req", "llm_first_token": "tok",
          "first_chunk": "chunk", "first_tts_samples": "tts", "first_sample_played": "played", "sound": "heard"}


def _breakdown(per_turn: list[dict]) -> list[str]:
    """One line per normal turn: its marks from the end of speech at the mic, the endpoint's reason."""
    lines = []
    for i, r in enumerate(per_turn):
        m = r.get("from_mic_ms")
        if not m:
            lines.append(f"    #{i + 1:<2} no answer heard" if r.get("v2v_ms") is None
                         else f"    #{i + 1:<2} {r['v2v_ms']:.0f} ms (no timeline)")
            continue
        parts = []
        for k in (*BREAKDOWN, "sound"):
            if k not in m:
                continue
            part = f"{_SHORT[k]} {m[k]:.0f}"
            if k == "endpoint":
                j = r.get("judge") or {}
                extra = [f"p={j['p']:.2f}" if j.get("p") is not None else "",
                         f"lm={j['lm']:.2f}" if j.get("lm") is not None else ""]
                extra = " ".join(e for e in extra if e)
                part += f" ({r.get('why') or '?'}{'; ' + extra if extra else ''})"
            parts.append(part)
        spec = " spec" if r.get("speculative") else ""
        if r.get("phase"):
            spec += f" [{r['phase']}]"
        w = r.get("whisper")
        if w:
            spec += (f" | whisper {w['calls']}x, busy {w['busy_ms']}"
                     + (f", last {w['last_ms'][0]}..{w['last_ms'][1]}" if w.get("last_ms") else "")
                     + (f", {w['on_listening_thread']} on the listening thread"
                        if w.get("on_listening_thread") else ""))
        lines.append(f"    #{i + 1:<2} {m.get('sound', 0):5.0f} ms: " + ", ".join(parts) + spec)
    return lines


def _side_by_side(report: dict) -> list[str]:
    cols = [("before", report.get("before")), ("after", report), ("after/before", None), ("hog", report.get("hog"))]
    cols = [(name, f) for name, f in cols if f is not None or (name == "after/before" and "before" in report)]
    rows = [("voice-to-voice median", "voice_to_voice_ms", "median"),
            ("voice-to-voice P99", "voice_to_voice_ms", "p99"),
            ("  timeline median", "voice_to_voice_timeline_ms", "median"),
            ("  timeline P99", "voice_to_voice_timeline_ms", "p99"),
            ("barge-in median", "barge_in_ms", "median"), ("barge-in P99", "barge_in_ms", "p99"),
            ("stale chunks", "stale_chunks", None), ("barge-ins caught", "barge_ins_caught", None),
            ("turns unanswered", "turns_unanswered", None), ("speaker underflows", "speaker_underflows", None),
            ("mic overflows", "mic_overflows", None)]
    out = ["side by side (ms)".ljust(26) + "".join(name.rjust(14) for name, _ in cols)]
    ratios = report.get("ratios_after_to_before", {})
    for label, key, q in rows:
        line = label.ljust(26)
        for name, f in cols:
            if f is None:
                v = ratios.get(f"{key}.{q}") if q else None
                line += (f"x{v:.2f}" if v is not None else "").rjust(14)
                continue
            v = f.get(key, {}).get(q) if q else f.get(key)
            if key == "barge_ins_caught":
                v = f"{f['barge_ins_caught']}/{f['barge_ins_tried']}"
            line += ("-" if v is None else (f"{v:.0f}" if isinstance(v, float) else str(v))).rjust(14)
        out.append(line)
    return out
