"""Voice out and full duplex, part by part, with real components:

- the engine's side of barge-in and speculation, through real litellm HTTP streaming to the local
  fake OpenAI-compatible server (no mocks);
- eSpeak NG through pyttsx3 to samples, with nothing printed;
- the player on the audio rig: barge-in silences the speaker at once, nothing of a dropped
  generation plays later, a back-channel pause resumes;
- the echo canceller and barge-in detector on the rig with a real speaker→mic echo path;
- `intervu bench` end to end on the rig (its figures are printed, not asserted: shared machine).
"""

from __future__ import annotations

import asyncio
import gc
import json
import os
import time

import numpy as np

from intervu_cli.engine import reading
from intervu_cli.engine import llm as llm_mod
from intervu_cli.engine.clock import ManualClock
from intervu_cli.core.events import InterviewerDelta, InterviewerSaid
from intervu_cli.session import assemble
from intervu_cli.engine.prompt import build_messages
from intervu_cli.engine.policy import decide
from intervu_cli.bench.fakellm import FakeLLMServer
from intervu_cli.problems import load_problems, problem_dirs

from conftest import cfg_for

TWO_SUM = load_problems(problem_dirs()).get("two-sum")
REPLY = "Okay, that makes sense. A hash map gives constant time lookups. How would you handle duplicates?"


def test_speculation_is_used_when_the_final_words_match(store):
    async def go(server):
        iv = assemble.new_interview(TWO_SUM, store, ManualClock(), llm=cfg_for(server), model_label="fake")
        [e async for e in iv.start()]
        spec = iv.speculate("Can the numbers be negative?")
        assert spec is not None
        for _ in range(300):  # the first token is in before the turn is over (litellm may still be loading)
            if spec.first_token is not None:
                break
            await asyncio.sleep(0.05)
        assert spec.first_token is not None
        events = [e async for e in iv.say("Can the numbers be negative?", speculation=spec)]
        return iv, events, spec

    with FakeLLMServer(REPLY, ttft_ms=100, token_delay_ms=5) as server:
        iv, events, spec = asyncio.run(go(server))
        worded = [r for r in server.requests if not r["messages"][0]["content"].startswith(reading.MARKER)]
        read = [r for r in server.requests if r["messages"][0]["content"].startswith(reading.MARKER)]
        assert len(worded) == 1  # one request: the speculative one
        assert len(read) == 1  # and the model's reading, asked with it on the same words, not asked again
        assert spec.used
        said = [e for e in events if isinstance(e, InterviewerSaid)]
        assert said and said[-1].text == REPLY and said[-1].source == "llm"
        gen = said[-1].gen
        # The timeline carries the speculative request's own times (it began before the turn did).
        assert iv.timing[gen] == {"llm_request": spec.requested, "llm_first_token": spec.first_token}


def test_speculation_is_dropped_when_the_candidate_goes_on(store):
    async def go(server):
        iv = assemble.new_interview(TWO_SUM, store, ManualClock(), llm=cfg_for(server), model_label="fake")
        [e async for e in iv.start()]
        llm_mod.get_litellm()  # loaded, so the speculative request is in flight before the turn ends
        spec = iv.speculate("So I think")
        await asyncio.sleep(0.3)
        events = [e async for e in iv.say("So I think I would sort the array and use two pointers.", speculation=spec)]
        return events, spec

    with FakeLLMServer(REPLY, ttft_ms=50, token_delay_ms=30) as server:
        events, spec = asyncio.run(go(server))
        worded = [r for r in server.requests if not r["messages"][0]["content"].startswith(reading.MARKER)]
        read = [r for r in server.requests if r["messages"][0]["content"].startswith(reading.MARKER)]
        assert len(worded) == 2 and len(read) == 2  # both asked afresh with the final words
        assert not spec.used
        assert server.wait_for(lambda: server.disconnects >= 1)  # the speculative stream was closed early
        last_user = [m for m in worded[-1]["messages"] if m["role"] == "user"][-1]["content"]
        assert "two pointers" in last_user
        assert any(isinstance(e, InterviewerSaid) and e.text == REPLY for e in events)


def test_barge_in_closes_the_llm_stream_and_keeps_only_what_was_spoken(store):
    async def go(server):
        iv = assemble.new_interview(TWO_SUM, store, ManualClock(), llm=cfg_for(server), model_label="fake")
        [e async for e in iv.start()]
        seen = []

        async def pump():
            async for e in iv.say("Can the numbers be negative?"):
                seen.append(e)

        task = asyncio.create_task(pump())
        while sum(isinstance(e, InterviewerDelta) for e in seen) < 4:
            await asyncio.sleep(0.01)
        task.cancel()  # what the voice front end does on a barge-in
        await asyncio.gather(task, return_exceptions=True)
        gen = seen[-1].gen
        cut = iv.interrupt(gen, "Okay, that makes")
        # The next turn's prompt tells the LLM where it was cut off.
        nxt = [e async for e in iv.say("Sorry, what about duplicates?")]
        return iv, cut, nxt

    with FakeLLMServer(REPLY, ttft_ms=20, token_delay_ms=60) as server:
        iv, cut, nxt = asyncio.run(go(server))
        assert server.wait_for(lambda: server.disconnects >= 1)  # aclose reached the server
        assert cut.cut_off and cut.text == "Okay, that makes"
        stored = [e for e in iv.log.store.events(iv.session_id) if isinstance(e, InterviewerSaid) and e.source == "llm"]
        assert stored[0].cut_off and stored[0].text == "Okay, that makes"  # on record: only what was spoken
        turns = [t for t in iv.state.conversation if t.role == "interviewer"]
        assert any(t.cut_off and t.text == "Okay, that makes" for t in turns)
        # The last request that words a reply (the turn's reading is another request, which may come last).
        worded = [r for r in server.requests if not r["messages"][0]["content"].startswith(reading.MARKER)]
        assistant = [m["content"] for m in worded[-1]["messages"] if m["role"] == "assistant"]
        assert any("Okay, that makes [interrupted here]" in a for a in assistant)


def test_a_template_utterance_cut_off_is_on_record_as_cut(store):
    async def go():
        iv = assemble.new_interview(TWO_SUM, store, ManualClock(), model_label="none")
        events = [e async for e in iv.start()]
        said = [e for e in events if isinstance(e, InterviewerSaid)][-1]
        cut = iv.interrupt(said.gen, " ".join(said.text.split()[:3]))
        return iv, said, cut

    iv, said, cut = asyncio.run(go())
    stored = [e for e in iv.log.store.events(iv.session_id) if isinstance(e, InterviewerSaid)]
    assert stored[-1].cut_off and stored[-1].text == " ".join(said.text.split()[:3])
    assert iv.state.acts[said.act] == 0  # a cut utterance does not count as said
    from intervu_cli.engine.policy import greet

    msgs = build_messages(decide(iv.state, stored[-1], TWO_SUM) or greet(iv.state, TWO_SUM), iv.state, TWO_SUM)
    assert any("[interrupted here]" in m["content"] for m in msgs if m["role"] == "assistant")


def test_latency_timeline_is_stored(store):
    iv = assemble.new_interview(TWO_SUM, store, ManualClock(), model_label="none")
    ev = iv.record_latency("turn", 3, {"endpoint": 400.0, "first_sample_played": 612.5}, speculative=True)
    stored = [e for e in store.events(iv.session_id) if e.type == "latency"]
    assert stored == [ev] and stored[0].marks["first_sample_played"] == 612.5
    assert json.loads(json.dumps(ev.to_dict()))["marks"]["endpoint"] == 400.0


def test_tts_makes_speech_and_prints_nothing(capfd):
    from intervu_cli.voice.speaking.tts import Synthesizer

    s = Synthesizer()
    try:
        pcm = s.synth("Two sum, in linear time, with a hash map.")
        short = s.synth("Yes.")
        assert s.synth("   ").size == 0
    finally:
        s.close()
    assert not os.path.exists(s._dir)  # its scratch directory goes with it
    lost = Synthesizer()  # ... even when close() is never reached
    where = lost._dir
    del lost
    gc.collect()
    assert not os.path.exists(where)
    out, err = capfd.readouterr()
    assert out == "" and "Audio saved" not in err
    assert 1.0 < len(pcm) / 16000 < 6.0 and len(short) < len(pcm)
    level = 10 * np.log10(np.mean(pcm.astype(np.float64) ** 2) / 32768**2)
    assert level > -35  # speech, not silence


def test_tts_worker_drops_a_dropped_generation_and_stays_one_ahead():
    from intervu_cli.voice.speaking.tts import Job, TTSWorker

    delivered, current, backlog = [], {"gen": 1}, {"n": 0}
    w = TTSWorker(lambda job, s, t: delivered.append((job.gen, job.seq, len(s))),
                  lambda gen: gen >= current["gen"], lambda gen: backlog["n"])
    try:
        backlog["n"] = 1  # the player already has one chunk waiting: the next one must wait
        w.say(Job(1, 1, "First sentence."))
        time.sleep(0.3)
        assert delivered == []
        backlog["n"] = 0
        deadline = time.time() + 5
        while not delivered and time.time() < deadline:
            time.sleep(0.01)
        assert [d[:2] for d in delivered] == [(1, 1)]
        current["gen"] = 2  # barge-in: generation 1 is over
        w.say(Job(1, 2, "Stale sentence."))
        w.say(Job(2, 1, "Fresh sentence."))
        deadline = time.time() + 5
        while len(delivered) < 2 and time.time() < deadline:
            time.sleep(0.01)
        assert [d[:2] for d in delivered] == [(1, 1), (2, 1)] and w.dropped == 1
    finally:
        w.close()


def test_a_speculative_answer_stands_only_when_the_final_words_are_close():
    from intervu_cli.session.conversation import _close

    assert _close("on what you gotta worry", "On what you got a worry.")  # the recognizer's final pass
    assert _close("Can the numbers be negative?", "can the numbers be negative")
    assert not _close("Can the numbers be negative", "Can the numbers be negative or zero")
    assert not _close("So I think", "So I think I would sort the array and use two pointers")
    assert not _close("yes", "yes please")
    assert not _close("", "hello")
