"""The end of a spoken turn on thinking-aloud speech: real recordings (../shared/speech) cut at word
boundaries where the sentence cannot end yet, with a pause of 0.6-2 s spliced in (the recording's
own room tone, never digital silence), and whole sentences; steady room noise (fan, mains hum,
pink noise at -50, -42 and -35 dBFS) under most clips (`bench/turnset.py`).

Each clip goes through the real `Listener` in 20 ms frames, with the streaming recognizer for the
words as they come. Two listeners: what a spoken interview used until now (webrtcvad, 350 ms of
silence, 1.5 s after a trailing "so"/"and"), and the turn judge (Silero for speech, smart-turn v3
for prosody, Whisper's transcript and its decoder as a language model for the words). A model's
answer counts only from the audio time it would be ready at on a live microphone.

The figures are printed for both; what is asserted is where the judge stands today (see the
issue-20 note: the bar of 1 pause in 10 and 250 ms is not reached yet).
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import jiwer
import numpy as np

import pytest

from intervu_cli.bench import turnset
from intervu_cli.voice.listening.pipeline import Listener
from intervu_cli.voice.listening.prosody import SpeechProbability, TurnEnd
from intervu_cli.voice.listening.stt import PocketsphinxRecognizer
from intervu_cli.voice.listening.turns import CODING_SURE_MS, TurnJudge
from intervu_cli.voice.listening.vad import VadConfig
from intervu_cli.voice.listening.whisper import Whisper
from tests import speech_models
from tests.conftest import SPEECH

DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="module")
def clips() -> list[turnset.Clip]:
    words = json.loads((DATA / "speech_words.json").read_text())
    refs = dict(line.split("\t") for line in (SPEECH / "transcripts.tsv").read_text().splitlines())
    return turnset.build(SPEECH, words, refs, seed=20, variants=2)


@pytest.fixture(scope="module")
def outcomes(clips):
    rec = PocketsphinxRecognizer()
    prosody = TurnEnd(speech_models.smart_turn())
    whisper = Whisper(speech_models.whisper_base())
    before = turnset.judge(clips, lambda: Listener(rec, VadConfig(end_silence_ms=350, hold_silence_ms=1500)))
    after = turnset.judge(clips, lambda: Listener(rec, VadConfig(), speech=SpeechProbability(),
                                                   judge=TurnJudge(prosody, whisper, fast=0.95)))
    return before, after


def test_the_set_is_what_it_says(clips):
    pauses = [p for c in clips for p in c.pauses]
    assert len(clips) >= 40 and len(pauses) >= 30
    assert all(0.55 <= resume - stop <= 2.3 for stop, resume in pauses)
    assert {c.noise for c in clips} == {"", "fan", "hum", "pink"}
    assert {c.level_db for c in clips if c.noise} == {-50.0, -42.0, -35.0}


def test_turn_ends_on_thinking_aloud_speech(outcomes, capsys):
    before, after = outcomes
    b, a = turnset.summary(before), turnset.summary(after)
    with capsys.disabled():
        print(f"\nturn-taking on {a['clips']} clips ({a['pauses']} mid-sentence pauses, "
              f"{a['finished']} finished turns)")
        for label, s in (("350 ms silence (before)", b), ("turn judge", a)):
            print(f"  {label:24} pauses taken {s['pauses_taken']}/{s['pauses']}; finished turns decided "
                  f"median {s['median_ms']} ms, p90 {s['p90_ms']} ms, max {s['max_ms']} ms after the speech; "
                  f"over 600 ms {s['over_600ms']}; never ended {s['never_ended']}")
        for o in after:
            if o.pauses_taken or o.final_after is None or o.final_after > 0.6:
                print(f"    {o.clip.name:34} {o.clip.noise or 'room':5} pause taken at {o.pauses_taken} s; "
                      f"end after {o.final_after} s ({o.why})")
    # Room noise never holds a turn open, at any level.
    assert a["never_ended"] == 0
    # The judge waits out most of the pauses the fixed silence answered, and answers a finished turn as
    # fast. (The bar is 1 pause in 10, finished turns a median 250 ms and at most 600 ms after the
    # speech: not there yet; these are where it stands, with a margin for a loaded machine.)
    assert b["pauses_taken"] >= 0.6 * b["pauses"]
    assert a["pauses_taken"] <= 0.3 * a["pauses"]
    assert a["median_ms"] <= 320
    assert a["over_600ms"] <= 0.2 * a["finished"]


def test_listen_judges_turns_as_a_spoken_interview_does(cli, tmp_path):
    """`intervu listen` ends turns with the spoken interview's judge (and Whisper's words) unless told
    to use a fixed silence: "he was not an ill [1.2 s] disposed young man" is one turn, not two."""
    words = json.loads((DATA / "speech_words.json").read_text())
    refs = dict(line.split("\t") for line in (SPEECH / "transcripts.tsv").read_text().splitlines())
    (clip,) = [c for c in turnset.build(SPEECH, words, refs, seed=5, sources=["librivox-0880.wav"])
               if c.pauses and c.name.startswith("librivox-0880-cut5")] or [None]
    assert clip is not None, "the cut after 'he was not an ill' is in the set"
    wav = tmp_path / "thinking.wav"
    turnset.write_wav(wav, clip.pcm)
    env = {"INTERVU_WHISPER_MODEL": str(speech_models.whisper_base()),
           "INTERVU_SMART_TURN_MODEL": str(speech_models.smart_turn())}
    judged = cli("listen", "--file", str(wav), "--json", env=env)
    assert judged.returncode == 0, judged.stderr
    finals = [json.loads(line) for line in judged.stdout.splitlines() if '"final"' in line]
    assert len(finals) == 1, finals
    assert jiwer.wer("he was not an ill disposed young man", finals[0]["text"]) <= 0.2  # Whisper's words
    assert finals[0]["words"][0]["word"] == "he"
    fixed = cli("listen", "--file", str(wav), "--json", "--end-silence-ms", "350", env=env)
    assert fixed.returncode == 0, fixed.stderr
    assert len([line for line in fixed.stdout.splitlines() if '"final"' in line]) == 2


@pytest.mark.timeout(900)
def test_while_coding_narration_is_not_answered_but_a_question_is(clips, tmp_path, capsys):
    """In the coding phase the judge answers a question or a hand-over at once and lets narration run:
    every other clip of the set that has a pause in it, and eSpeak NG sentences (a question, a
    hand-over, a statement) followed by the room tone of a recording."""
    from intervu_cli.voice.audio.capture import Frame
    from tests.test_recognition import synthesized

    rec = PocketsphinxRecognizer()
    prosody = TurnEnd(speech_models.smart_turn())
    whisper = Whisper(speech_models.whisper_base())

    def coding_listener():
        judge = TurnJudge(prosody, whisper, fast=0.95)
        judge.coding = True
        return Listener(rec, VadConfig(), speech=SpeechProbability(), judge=judge)

    # Their tails lengthened by 3 s of their own last second (room and noise), past the coding hold.
    longer = [dataclasses.replace(c, pcm=np.concatenate([c.pcm] + [c.pcm[-16000:]] * 3))
              for c in clips if c.pauses][::2]
    coding = turnset.summary(turnset.judge(longer, coding_listener))
    with capsys.disabled():
        print(f"\nwhile coding: pauses taken {coding['pauses_taken']}/{coding['pauses']}; finished turns decided "
              f"median {coding['median_ms']} ms, max {coding['max_ms']} ms; never ended {coding['never_ended']}")
    assert coding["pauses_taken"] <= 0.1 * coding["pauses"]
    assert coding["never_ended"] == 0

    quiet = next(c for c in clips if not c.noise)
    room = quiet.pcm[:int(max(0.05, turnset.speech_start(quiet.pcm) - 0.05) * 16000)]  # before its first word
    tone = np.tile(room, 16000 * 5 // len(room) + 1)[:16000 * 5]
    said, after = {}, {}
    for text in ("Can the numbers be negative?", "What should I return if there is no answer?",
                 "Okay, I think that's it.", "I think that should work.",
                 "Then I return the two indexes."):
        # eSpeak's US voice at 150 words a minute: its default at 175 is harder for Whisper than any
        # person ("Should I" becomes "Shorn"). Its 0.5 s of digital silence after is dropped.
        pcm = np.concatenate([synthesized(text, tmp_path, ("-v", "en-us", "-s", "150"))[:-8000], tone])
        listener = coding_listener()
        frames = (Frame(pcm[i:i + 320].tobytes(), i / 16000) for i in range(0, len(pcm) - 319, 320))
        ends = [(h.detected_t - h.t, listener.endpointer.why) for h in listener.process(frames)
                if h.type == "speech_end"]
        after[text], said[text] = ends[0] if ends else (None, None)
    with capsys.disabled():
        print("  while coding:", said)
    assert said["Can the numbers be negative?"] == "a question"
    assert said["What should I return if there is no answer?"] == "a question"
    assert said["Okay, I think that's it."] == "handed over"
    assert said["I think that should work."] == "handed over"
    # A statement is a turn too, once the candidate has stopped for a while.
    assert said["Then I return the two indexes."] in ("a finished sentence", "silence", "sounds finished")
    assert after["Then I return the two indexes."] >= CODING_SURE_MS / 1000


def test_the_conversation_tells_the_judge_when_the_candidate_is_coding(tmp_path):
    """`VoiceConversation` sets the turn judge's coding flag from the interview's phase and the
    candidate's last edit. The interview,
    its store and the judge are real; the microphone, speaker and synthesizer are not needed to read
    the phase, so plain stand-ins take their places."""
    import asyncio
    from types import SimpleNamespace

    from intervu_cli.engine.clock import ManualClock
    from intervu_cli.problems import load_problems, problem_dirs
    from intervu_cli.session import assemble
    from intervu_cli.session.conversation import CODING_RECENT_S, VoiceConversation
    from intervu_cli.store import Store

    store = Store(tmp_path / "s.sqlite3")
    clock = ManualClock()
    iv = assemble.new_interview(load_problems(problem_dirs()).get("two-sum"), store, clock)

    def drain(stream):
        async def go():
            return [e async for e in stream]
        return asyncio.run(go())

    drain(iv.start())
    judge = TurnJudge()
    conv = VoiceConversation(iv, SimpleNamespace(judge=judge), SimpleNamespace(on_moved=None),
                             SimpleNamespace(poke=lambda: None), lambda ev: None)
    conv._sync_turn_taking()
    assert judge.coding is False
    drain(iv.say("I'd keep a hash map of values to indexes and look up the complement in one pass."))
    drain(iv.code("def two_sum(nums, target):\n    seen = {}\n    for i, x in enumerate(nums):\n"
                  "        if target - x in seen:\n            return [seen[target - x], i]\n        seen[x] = i\n"))
    conv._sync_turn_taking()
    assert judge.coding is True  # the coding phase, and an edit just now
    clock.advance(CODING_RECENT_S + 1)
    conv._sync_turn_taking()
    assert judge.coding is False  # no edit for a while: talking it over is a conversation again
    drain(iv.code("def two_sum(nums, target):\n    seen = {}  # value -> index\n    for i, x in enumerate(nums):\n"
                  "        if target - x in seen:\n            return [seen[target - x], i]\n        seen[x] = i\n"))
    conv._sync_turn_taking()
    assert judge.coding is True
    drain(iv.run())
    conv._sync_turn_taking()
    assert judge.coding is False  # verifying: a finished sentence is a turn again
    store.close()
