"""`intervu bench`: the voice loop, measured on a real audio loop.

The candidate's side is the audio rig's probe (`bench/rigprobe.py`): it plays the candidate's
utterances into the virtual microphone and records the virtual speaker, on one clock. The app's
side is the real thing: microphone (always open), echo canceller, barge-in detector, VAD and
streaming STT, the engine, litellm streaming over real HTTP from a local fake OpenAI-compatible
server (`fakellm`) with the chosen first-token delay and token rate, the sentence chunker, eSpeak
NG through pyttsx3 on its worker thread, and the callback player.

Each turn the candidate says a line; the interviewer answers with three sentences. Every other
turn the candidate barges in partway through the answer. Measured from the waveforms:

- voice-to-voice: end of speech in what was played into the mic → first sound at the speaker;
- barge-in: the candidate's speech onset → the speaker silent;
- stale chunks: sound from a cut-off utterance after the speaker went silent (plus, from the
  player's own record, clips of a dropped generation that started after the cut);

and from the timeline: mic-ready gap (the interviewer's last sample → the first microphone frame
holding audio after it, which the always-open microphone makes 0), TTS first audio (first chunk
handed to TTS → its samples), self-interruptions (the speaker paused or cut while the candidate
was silent, with an echo path from speaker to mic), and a naive sequential pipeline on the same
turns (whole transcript, whole LLM answer, whole synthesis, then play) against streaming.
"""

from __future__ import annotations

import asyncio
import random
import statistics
import tempfile
import threading
import time
from collections import deque
from pathlib import Path

import numpy as np

from intervu_cli.core.vocab import Hearing
from intervu_cli.bench.stats import percentile
from intervu_cli.voice.audio.capture import FRAME_MS

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


def run(problem, *, turns: int = 20, ttft_ms: float = 200, tokens_per_s: float = 40, echo_db: float | None = -10.0,
        recognizer=None, log=lambda s: None, room: bool = False, input_device=None, output_device=None) -> dict:
    """The benchmark. `room`: on a real microphone and speaker (`input_device`, `output_device`,
    None for the defaults) instead of the rig: the candidate's lines are played through the
    speaker and everything is heard through the microphone (see `_calibrate` and `_turns`)."""
    from intervu_cli.bench.fakellm import FakeLLMServer
    from intervu_cli.bench.rigprobe import RigProbe, echo_path, rig_present
    from intervu_cli.engine.clock import MonotonicClock
    from intervu_cli.engine.llm import LLMConfig, get_litellm, stream_completion
    from intervu_cli.session.assemble import new_interview
    from intervu_cli.session.conversation import VoiceConversation
    from intervu_cli.store import Store
    from intervu_cli.voice.audio.capture import AudioError, Microphone
    from intervu_cli.voice.audio.playback import Player
    from intervu_cli.voice.duplex.listener import DuplexListener
    from intervu_cli.voice.listening.stt import decode_offline
    from intervu_cli.voice.speaking.tts import Synthesizer, TTSWorker

    if not room and not rig_present():
        raise AudioError("the virtual audio rig is not running (source ../shared/audio-rig/start.sh); "
                         "to measure on your own microphone and speaker, use --room")
    rng = random.Random(7)
    log("loading litellm ...")
    get_litellm()
    tmp = tempfile.mkdtemp(prefix="intervu-bench-")
    server = FakeLLMServer(ANSWER, ttft_ms=ttft_ms, tokens_per_s=tokens_per_s).start()
    cfg = LLMConfig("openai/fake", api_base=server.base_url, api_key="sk-local", max_tokens=200)
    lp = _Loop()
    objs: list = []
    report: dict = {}
    try:
        # The candidate's lines, spoken by a different eSpeak voice than the interviewer's.
        voice_synth = Synthesizer(voice="gmw/en-us", rate_wpm=170)
        pad = np.zeros(1600, np.int16)
        clips = [np.concatenate([pad, voice_synth.synth(t), pad]) for t in CANDIDATE_LINES]
        barges = [np.concatenate([pad, voice_synth.synth(t), pad]) for t in BARGE_LINES]
        voice_synth.close()

        store = Store(Path(tmp) / "bench.db")
        interview = new_interview(problem, store, MonotonicClock(), llm=cfg, model_label="fake")
        # As `practice` does while the greeting plays: litellm's first call costs ~0.5 s more.
        warm_ms = lp.call(interview.warm_llm())
        if warm_ms is None:
            raise AudioError("the bench's own LLM server did not answer")
        player = Player(output_device)
        objs.append(player)
        mic = Microphone(input_device)
        if recognizer is None:
            from intervu_cli.voice.listening.stt import open_recognizer

            recognizer, _ = open_recognizer(None)
        duplex = DuplexListener(mic, recognizer, player)
        objs.append(duplex)
        holder: dict = {}
        tts = TTSWorker(lambda job, s, t: holder["conv"].deliver(job, s, t),
                        lambda gen: holder["conv"].is_current(gen), player.backlog)
        objs.append(tts)
        events: list = []
        voice_log: list = []

        timelines: dict[str, list[dict]] = {"turn": [], "barge_in": []}  # the conversation's, as they come
        frames = _FrameClock()
        duplex.on_frame = frames.add

        async def build():
            conv = VoiceConversation(interview, duplex, player, tts, events.append,
                                     on_heard=lambda ev: voice_log.append(ev),
                                     on_timeline=lambda kind, record: timelines[kind].append(record))
            holder["conv"] = conv
            duplex.start(asyncio.get_running_loop(), conv.on_voice)
            holder["task"] = asyncio.create_task(conv.run())
            return conv

        conv = lp.call(build())
        probe = RigProbe(room=(input_device, output_device) if room else None)
        objs.append(probe)
        ear = _calibrate(probe, log) if room else None
        ctx = echo_path(db=echo_db) if echo_db is not None and not room else None
        if ctx is not None:
            ctx.__enter__()
        try:
            results = _turns(lp, conv, timelines, frames, player, probe, clips, barges, turns, rng, log, ear)
            # The mic's frame timeline during the conversation (the sequential baseline below keeps
            # both cores and the GIL busy for seconds, which is the bench's doing, not the app's).
            mic_gap = (round(frames.max_gap_ms, 1), round(frames.max_gap_at, 2))
            windows = results.pop("windows")

            def candidate_speaking(t: float) -> bool:
                return any(a - 0.05 <= t <= b + 0.5 for a, b in windows)

            onsets = [ev for ev in voice_log if ev.type == Hearing.ONSET]
            cuts = [ev for ev in voice_log if ev.type == Hearing.BARGE_IN]
            results["self_pauses"] = sum(1 for ev in onsets if not candidate_speaking(ev.marks.get("onset") or ev.t))
            results["self_interruptions"] = sum(1 for ev in cuts
                                                if not candidate_speaking(ev.marks.get("onset") or ev.t))
        finally:
            if ctx is not None:
                ctx.__exit__(None, None, None)

        # The naive sequential pipeline, on the same turns' audio and words.
        seq_ms = []
        synth = Synthesizer()
        for r in results["normal"]:
            t0 = time.perf_counter()
            decode_offline(r["clip"].tobytes())  # the whole transcript at once, after the turn
            t1 = time.perf_counter()

            async def whole() -> str:
                text = ""
                async for piece in stream_completion(cfg, [{"role": "user", "content": r["text"] or "hello"}]):
                    text += piece
                return text

            answer = lp.call(whole())
            t2 = time.perf_counter()
            synth.synth(answer)
            t3 = time.perf_counter()
            seq_ms.append((t3 - t0) * 1000 + player.latency_s * 1000)
        synth.close()
        stream_first = [r["first_audio_ms"] for r in results["normal"] if r.get("first_audio_ms") is not None]
        v2v = [r["v2v_ms"] for r in results["normal"] if r.get("v2v_ms") is not None]
        report = {
            "turns": turns,
            "audio": ("room: your microphone and speaker" if room else "rig: virtual microphone and speaker"),
            "llm_ttft_ms": ttft_ms,
            "llm_warm_ms": round(warm_ms, 1),
            "llm_tokens_per_s": tokens_per_s,
            "echo_db": None if room else echo_db,
            "room": ({"lag_ms": round(ear["lag_s"] * 1000, 1), "noise_dbfs": round(ear["noise_dbfs"], 1),
                      "threshold_dbfs": round(ear["threshold_dbfs"], 1)} if ear is not None else None),
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
            "self_interruptions": results["self_interruptions"],
            "self_pauses": results["self_pauses"],
            "barge_ins_caught": results["caught"],
            "barge_ins_tried": results["tried"],
            "vad_end_after_speech_end_ms": _stat(results["vad_end_lag_ms"]),
            "sound_after_reported_dac_ms": _stat(results["dac_to_sound_ms"]),
            "turns_unanswered": results["unanswered"],
            "turns_lost_to_the_probe": results["lost"],
            "probe_restarts": probe.restarts,
            "speculative_turns": sum(1 for r in results["normal"] if r.get("speculative")),
            "normal_turns": len(results["normal"]),
            "per_turn": [{k: (round(v, 1) if isinstance(v, float) else v)
                          for k, v in r.items() if k not in ("clip", "text")}
                         for r in results["normal"]],
            "streaming_first_audio_ms": _stat(stream_first)["median"],
            "sequential_first_audio_ms": round(statistics.median(seq_ms), 1) if seq_ms else None,
            "first_audio_ratio": (round(statistics.median(seq_ms) / statistics.median(stream_first), 2)
                                  if seq_ms and stream_first and statistics.median(stream_first) > 0 else None),
            "llm_requests_closed_early": server.disconnects,
            "mic_overflows": mic.overflows,
            "mic_restarts": mic.restarts,
            "speaker_restarts": player.restarts,
            "speaker_underflows": player.underflows,
            "first_audio_definition": "endpoint decided -> first sample at the speaker",
        }
    finally:
        conv = locals().get("conv")
        if conv is not None:
            conv.close()
        for obj in reversed(objs):
            try:
                obj.close()
            except Exception:  # noqa: BLE001 - best effort on the way out
                pass
        lp.close()
        server.close()
        import shutil

        shutil.rmtree(tmp, ignore_errors=True)
    return report


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


def _turns(lp, conv, timelines, frames, player, probe, clips, barges, n, rng, log, ear: dict | None = None) -> dict:
    """The conversation. On the rig the probe's ear is the speaker itself. In a room (`ear`, from
    `_calibrate`) it is the microphone: times of the candidate's speech are moved by the speaker-to-
    microphone lag, the interviewer's first sound is looked for once the candidate's has died away,
    and barge-in stops are taken from the timeline (over the candidate's own voice, the microphone
    cannot tell when the speaker went quiet)."""
    lag = ear["lag_s"] if ear is not None else 0.0
    level = ear["threshold_dbfs"] if ear is not None else -45.0
    out = {"normal": [], "barge_ms": [], "barge_timeline_ms": [], "gaps": [], "tts_ms": [], "stale": 0,
           "self_interruptions": 0, "self_pauses": 0, "caught": 0, "tried": 0, "windows": [],
           "lost": 0, "unanswered": 0, "vad_end_lag_ms": [], "dac_to_sound_ms": []}
    # Greeting-free start: the first turn is the candidate's.
    for i in range(n):
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
                "turn not counted")
            continue
        end_t = pb.speech_end_t
        if end_t is not None and ear is not None:
            end_t += lag  # as heard at the microphone
            quiet = probe.silence_after(end_t, threshold_dbfs=level, hold_ms=40, timeout=3)
            sound = probe.first_sound_after(quiet, threshold_dbfs=level, timeout=10) if quiet is not None else None
        else:
            sound = probe.first_sound_after(end_t, timeout=10) if end_t else None
        rec = {"clip": clip[1600:-1600], "text": ""}
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
                log(f"turn {i}: the probe's stream failed while barging in; turn not counted")
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
                stale_clips = [c for c in list(player.history)
                               if c.gen == gen and c.start_t and c.start_t > cut_t + 0.005]
                nxt = [c.start_t for c in list(player.history) if gen is not None and c.gen > gen and c.start_t]
                window_end = min(nxt) - 0.03 if nxt else time.perf_counter()
                t_sound = probe.first_sound_after(silent + 0.05, timeout=0) if ear is None else None
                stale_wave = t_sound is not None and t_sound < window_end
                out["stale"] += len(stale_clips) + (1 if stale_wave and not stale_clips else 0)
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
    """The figures of `run`, as `intervu bench` prints them."""
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
    out.append(f"  voice-to-voice (waveform):  {fig(report['voice_to_voice_ms'])}   "
               f"target median <= {t + 300:g}, P99 <= {t + 500:g}")
    out.append(f"  voice-to-voice (timeline):  {fig(report['voice_to_voice_timeline_ms'])}")
    how = "waveform" if report.get("barge_in_measured_from") == "waveform" else "onset at the mic -> player stop"
    out.append(f"  barge-in stop ({how}):   {fig(report['barge_in_ms'])}   target median <= 80, P99 <= 150")
    out.append(f"  barge-in stop (timeline):   {fig(report['barge_in_timeline_ms'])}")
    out.append(f"  mic-ready gap:              {fig(report['mic_ready_gap_ms'])}; "
               f"largest hole in the mic's frames {report['mic_max_frame_gap_ms']} ms   target <= 20")
    out.append(f"  TTS first audio:            {fig(report['tts_first_audio_ms'])}")
    out.append(f"  stale chunks after barge-in: {report['stale_chunks']}   target 0")
    out.append(f"  self-interruptions:          {report['self_interruptions']} "
               f"(speaker paused by its own echo: {report['self_pauses']})   target 0")
    out.append(f"  barge-ins caught:            {report['barge_ins_caught']}/{report['barge_ins_tried']}   "
               "target >= 95%")
    out.append(f"  first audio after the endpoint: streaming {report['streaming_first_audio_ms']} ms, sequential "
               f"{report['sequential_first_audio_ms']} ms, ratio {report['first_audio_ratio']}   target >= 3")
    out.append(f"  speculative LLM starts used: {report['speculative_turns']}/{report['normal_turns']} turns")
    out.append(f"  turns unanswered: {report['turns_unanswered']}; lost to the probe's stream: "
               f"{report['turns_lost_to_the_probe']} (restarts: {report['probe_restarts']})")
    return out
