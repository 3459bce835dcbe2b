"""A line spoken and waited for (`intervu say`): the chunks synthesized one ahead of the player,
through the same path as the interview's words."""

from __future__ import annotations

import threading
import time

from intervu_cli.voice.audio.capture import AudioError
from intervu_cli.voice.audio.playback import Clip


def speak(chunks, synth, player) -> dict:
    """Synthesize each chunk and queue it on the player as soon as it is ready (the first one
    plays while the next is synthesized); return once the last sample has been played, with the
    figures `intervu say --json` prints."""
    moved = threading.Event()  # a clip started or ended
    player.on_moved = moved.set
    t0 = time.perf_counter()
    clips, tts_ms = [], []
    for seq, chunk in enumerate(chunks, 1):
        t = time.perf_counter()
        samples = synth.synth(chunk.text)
        tts_ms.append(round((time.perf_counter() - t) * 1000, 1))
        clip = Clip(player.gen, seq, samples, chunk.source)
        clips.append(clip)
        player.play(clip)
    played = [c for c in clips if len(c.samples)]
    total = sum(len(c.samples) for c in played)
    deadline = time.perf_counter() + total / player.rate + 10.0
    while True:
        moved.clear()  # before looking, so an end that comes after the look wakes the wait
        left = deadline - time.perf_counter()
        if left <= 0 or all(c.done for c in played):
            break
        moved.wait(left)
    if played and not all(c.done for c in played):
        raise AudioError(f"the speaker {player.name!r} stopped playing; check it with `intervu devices`, or pick "
                         "another with --speaker")
    if played:  # `end_t` is when the last sample reaches the DAC: let it get there before closing
        time.sleep(max(0.0, max(c.end_t for c in played) - time.perf_counter()) + 0.05)
    first = min((c.start_t for c in played if c.start_t is not None), default=None)
    return {
        "t0": t0,
        "chunks": [{"text": c.text, "samples": len(clip.samples), "tts_ms": ms}
                   for c, clip, ms in zip(chunks, clips, tts_ms)],
        "samples": total,
        "rate": player.rate,
        "tts_ms": tts_ms,
        "first_sample_played_ms": round((first - t0) * 1000, 1) if first is not None else None,
        "duration_s": round(total / player.rate, 3),
        "underflows": player.underflows,
    }
