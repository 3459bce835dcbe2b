"""The feedback: five pillars from evidence, a hiring signal, `intervu report` and `intervu history`.

Scripted candidates run through the installed CLI (`--script`, `--model none`): the real engine,
the real sandbox running their code, the real store; then `intervu report` reads the session back.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from intervu_cli.assessment.scoring import PILLARS, SIGNALS, signal_for, weighted_score

SCRIPTS = Path(__file__).parent / "scripts" / "feedback"
STRONG = (SCRIPTS / "strong.txt").read_text()
MIDDLE = (SCRIPTS / "middle.txt").read_text()
WEAK = (SCRIPTS / "weak.txt").read_text()


def interview(cli, tmp_path, script: str, name: str = "s") -> dict:
    """Run a scripted interview; return `intervu report --json` of it."""
    path = tmp_path / f"{name}.txt"
    path.write_text(script)
    done = cli("practice", "two-sum", "--no-audio", "--script", str(path), "--model", "none", "--json")
    assert done.returncode == 0, done.stderr
    events = [json.loads(line) for line in done.stdout.splitlines()]
    assert events[-1]["type"] == "feedback", [e["type"] for e in events[-3:]]
    session_id = events[0]["session_id"]
    shown = cli("report", session_id, "--json")
    assert shown.returncode == 0, shown.stderr
    report = json.loads(shown.stdout)
    assert report["session_id"] == session_id
    # what `report` shows is what the candidate was shown at the end
    assert {k: report[k] for k in events[-1]["report"]} == events[-1]["report"]
    return report


def scores(report: dict) -> dict[str, int]:
    return {p: report["pillars"][p]["score"] for p in PILLARS}


def evidence(report: dict, pillar: str, item: str) -> dict:
    found = [e for e in report["pillars"][pillar]["evidence"] if e["id"] == item]
    assert found, (pillar, item, report["pillars"][pillar]["evidence"])
    return found[0]


# --- the three candidates -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def three(tmp_path_factory):
    """The strong, middle and weak candidates' reports (one store for the three, as one user's)."""
    import os
    import subprocess

    from conftest import intervu_exe

    home = tmp_path_factory.mktemp("home")
    env = {**os.environ, "INTERVU_HOME": str(home), "COLUMNS": "200"}
    for var in ("INTERVU_MODEL", "INTERVU_API_BASE", "INTERVU_PROBLEMS_DIR", "INTERVU_LANGUAGE", "INTERVU_MINUTES"):
        env.pop(var, None)

    def cli(*args):
        return subprocess.run([intervu_exe(), *args], capture_output=True, text=True, env=env, timeout=120)

    tmp = tmp_path_factory.mktemp("scripts")
    out = {name: interview(cli, tmp, text, name)
           for name, text in (("weak", WEAK), ("middle", MIDDLE), ("strong", STRONG))}
    out["cli"] = cli
    return out


def test_the_strong_candidate_gets_hire_or_strong_hire_and_the_weak_one_no_hire(three):
    strong, middle, weak = three["strong"], three["middle"], three["weak"]
    assert strong["signal"] in ("Hire", "Strong Hire"), strong["signal_why"]
    assert weak["signal"] == "No Hire", weak["signal_why"]
    rank = SIGNALS.index
    assert rank(weak["signal"]) < rank(middle["signal"]) < rank(strong["signal"]), (
        weak["signal"], middle["signal"], strong["signal"])
    assert weak["weighted"] < middle["weighted"] < strong["weighted"]
    for report in (strong, middle, weak):
        for key in ("signal", "pillars", "time_coding_s", "time_testing_s", "hints"):
            assert key in report
        assert set(report["pillars"]) == set(PILLARS)
        for p in report["pillars"].values():
            assert 1 <= p["score"] <= 10 and p["evidence"]
            assert all(e["text"] and isinstance(e["points"], (int, float)) for e in p["evidence"])


def test_each_pillar_of_the_three_follows_its_evidence(three):
    strong, middle, weak = three["strong"], three["middle"], three["weak"]
    for pillar in PILLARS:
        assert (strong["pillars"][pillar]["score"] >= middle["pillars"][pillar]["score"]
                >= weak["pillars"][pillar]["score"]), pillar
    # algorithms: the optimal O(n) code against the weak one's O(n^2) nested loops
    assert evidence(strong, "algorithms", "complexity_reached")["met"] is True
    reached = evidence(weak, "algorithms", "complexity_reached")
    assert reached["met"] is False and "O(n^2)" in reached["text"] and "O(n)" in reached["text"]
    assert weak["complexity"]["code_time"] == "O(n^2)" and strong["complexity"]["code_time"] == "O(n)"
    assert evidence(weak, "algorithms", "algorithm_own")["met"] is False  # the reveal gave it away
    # coding: the weak candidate's brute force is correct: its tests pass, hidden ones too
    assert evidence(weak, "coding", "tests_pass")["met"] is True
    assert strong["tests"]["final"] == {"passed": 9, "total": 9, "hidden": True,
                                        "summary": strong["tests"]["final"]["summary"]}
    # problem solving: questions, approach first, hints
    assert evidence(strong, "problem_solving", "clarified")["points"] == 2
    assert evidence(middle, "problem_solving", "clarified")["points"] == 1
    assert evidence(weak, "problem_solving", "clarified")["met"] is False
    assert evidence(weak, "problem_solving", "approach_first")["met"] is False
    assert [h["level"] for h in weak["hints"]] == ["nudge", "hint", "reveal"]
    # demanding the answer climbs a rung at a time and never reaches the reveal; silence does
    assert [h["reason"] for h in weak["hints"]] == ["asked_for_solution", "asked_for_solution", "stuck"]
    assert [h["level"] for h in middle["hints"]] == ["nudge"] and strong["hints"] == []
    # verification, the one that separates: ran the tests, traced, edge cases, time testing
    for item in ("ran_tests", "traced", "edge_cases", "testing_time"):
        assert evidence(strong, "verification", item)["met"] is True, item
        assert evidence(weak, "verification", item)["met"] is False, item
    assert evidence(middle, "verification", "ran_tests")["met"] is True
    assert evidence(middle, "verification", "traced")["met"] is False
    assert weak["pillars"]["verification"]["score"] <= 2
    # communication: explained while coding
    assert evidence(strong, "communication", "explained")["met"] is True
    assert evidence(middle, "communication", "explained")["met"] is False
    assert evidence(weak, "communication", "explained")["met"] is False


def test_time_goes_to_coding_or_testing_by_what_the_candidate_did(three):
    # strong.txt: /wait 60 before each of its two code edits (coding 120 s); /wait 30 before the
    # trace and /wait 60 before the run (testing 90 s); the complexity talk after counts as neither.
    strong, weak = three["strong"], three["weak"]
    assert (strong["time_coding_s"], strong["time_testing_s"]) == (120.0, 90.0)
    # weak.txt: codes at t=0, then asks for the answer and goes quiet until /finish at 620 s: all coding, no testing
    assert weak["time_testing_s"] == 0.0 and weak["time_coding_s"] == 620.0
    assert "0:00 testing against 10:20 coding" in evidence(weak, "verification", "testing_time")["text"]


def test_the_signal_rule():
    def s(a, c, p, v, m):
        return dict(zip(PILLARS, (a, c, p, v, m)))

    assert signal_for(s(9, 9, 9, 9, 9), tests_all_pass=True, revealed=False)[0] == "Strong Hire"
    assert signal_for(s(9, 9, 9, 9, 6), tests_all_pass=True, revealed=False)[0] == "Hire"  # a pillar below 7
    assert signal_for(s(7, 7, 7, 7, 7), tests_all_pass=True, revealed=False)[0] == "Hire"
    assert signal_for(s(9, 9, 9, 9, 4), tests_all_pass=True, revealed=False)[0] == "Lean No Hire"  # a pillar below 5
    assert signal_for(s(5, 5, 5, 5, 5), tests_all_pass=True, revealed=False)[0] == "Lean No Hire"
    assert signal_for(s(4, 5, 5, 5, 4), tests_all_pass=True, revealed=False)[0] == "No Hire"
    # the caps: failing tests, the reveal, weak verification hold a Hire at Lean No Hire
    assert signal_for(s(9, 9, 9, 9, 9), tests_all_pass=False, revealed=False)[0] == "Lean No Hire"
    assert signal_for(s(9, 9, 9, 9, 9), tests_all_pass=True, revealed=True)[0] == "Lean No Hire"
    assert signal_for(s(10, 10, 10, 3, 10), tests_all_pass=True, revealed=False)[0] == "Lean No Hire"
    # verification weighs 1.5: the same points moved into it raise the weighted score
    assert weighted_score(s(6, 6, 6, 8, 6)) > weighted_score(s(8, 6, 6, 6, 6))
    why = signal_for(s(9, 9, 9, 9, 9), tests_all_pass=False, revealed=True)[1]
    assert "final code does not pass every test" in why and "reveal" in why


# --- one change at a time -------------------------------------------------------------------------

OPTIMAL = """    seen = {}
    for i, x in enumerate(nums):
        if target - x in seen:
            return [seen[target - x], i]
        seen[x] = i
    return []
"""
BRUTE = """    for i in range(len(nums)):
        for j in range(i + 1, len(nums)):
            if nums[i] + nums[j] == target:
                return [i, j]
    return []
"""
TRACE = ("Let me walk through an example: nums is 2, 7, 11, 15 and target 9; at index 0 we store 2, at index 1 "
         "the complement 2 is in the map so we return 0 and 1.\n")
EXPLAIN = "I keep a map from each value I have seen to its index, so each complement lookup takes constant time.\n"

VARIANTS = {
    # name: (the change to strong.txt, the pillar that must drop, the evidence that must flip)
    "brute force": (lambda s: s.replace(OPTIMAL, BRUTE), "algorithms", "complexity_reached"),
    "wrong complexity": (lambda s: s.replace("That's O(n) time and O(n) space.", "That's O(n log n) time.")
                         .replace("It's O(n) time and O(n) space.", "It's O(n log n) time."),
                         "algorithms", "complexity_stated"),
    "a bug": (lambda s: s.replace("return [seen[target - x], i]", "return [i, i]"), "coding", "tests_pass"),
    "no questions": (lambda s: s.replace("Can the array contain negative numbers?\n"
                                         "Is there always exactly one answer?\n", ""),
                     "problem_solving", "clarified"),
    "code first": (lambda s: s.replace("I'd use a hash map from value to index, one pass, checking for the complement. "
                                       "That's O(n) time and O(n) space.\n", ""), "problem_solving", "approach_first"),
    "no trace": (lambda s: s.replace(TRACE, ""), "verification", "traced"),
    "no run": (lambda s: s.replace("/run\n", ""), "verification", "ran_tests"),
    "silent coding": (lambda s: s.replace(EXPLAIN, ""), "communication", "explained"),
    "no answer to the follow-up": (lambda s: s.replace("If it were sorted I'd use two pointers from both ends, which "
                                                       "needs only constant extra space.\n", ""),
                                   "communication", "answered"),
}


@pytest.mark.parametrize("name", list(VARIANTS))
def test_each_pillar_moves_with_its_own_evidence(cli, tmp_path, three, name):
    change, pillar, item = VARIANTS[name]
    script = change(STRONG)
    assert script != STRONG, "the variant changed nothing"
    base = three["strong"]
    report = interview(cli, tmp_path, script)
    assert evidence(base, pillar, item)["met"] is True
    flipped = evidence(report, pillar, item)
    assert flipped["met"] is False, flipped
    assert flipped["points"] < evidence(base, pillar, item)["points"]
    assert report["pillars"][pillar]["score"] < base["pillars"][pillar]["score"], (name, scores(report), scores(base))
    assert report["weighted"] < base["weighted"]
    assert SIGNALS.index(report["signal"]) <= SIGNALS.index(base["signal"])


# --- report and history ---------------------------------------------------------------------------


def test_report_shows_the_pillars_and_exports_the_transcript_and_code_timeline(three):
    cli = three["cli"]
    sid = three["strong"]["session_id"]
    text = cli("report", sid)
    assert text.returncode == 0, text.stderr
    for name in ("Algorithms", "Coding", "Problem solving", "Verification", "Communication"):
        assert name in text.stdout
    assert three["strong"]["signal"] in text.stdout and "Every pillar scored 9 or 10" in text.stdout
    weak = cli("report", three["weak"]["session_id"]).stdout
    assert "No Hire" in weak and f"Drill (verification): {three['weak']['drill']}" in " ".join(weak.split())
    md = cli("report", sid, "--markdown")
    assert md.returncode == 0, md.stderr
    out = md.stdout
    assert out.startswith("# Two Sum: mock interview " + sid)
    assert f"## Feedback: {three['strong']['signal']}" in out
    assert "## Transcript" in out and "**You:** Can the array contain negative numbers?" in out
    assert "**Interviewer:**" in out and "*Tests (visible): passes 3/3 tests*" in out
    timeline = out.split("## The code, as it grew", 1)[1]
    # the two edits, as diffs with their times, the run between, then the final code whole
    assert "**1:30** +" in timeline and "**2:30** +" in timeline and "```diff" in timeline
    assert "+        if target - x in seen:" in timeline
    assert "**Final code** (python):" in timeline and "return [seen[target - x], i]" in timeline
    assert timeline.index("**2:30**") < timeline.index("tests (visible)") < timeline.index("**Final code**")
    both = cli("report", sid, "--json", "--markdown")
    assert both.returncode == 2 and both.stderr.startswith("intervu: ")


def test_history_shows_the_trend_the_weakest_pillar_and_a_drill(three):
    cli = three["cli"]
    rows = json.loads(cli("history", "--json").stdout)
    by_id = {r["id"]: r for r in rows}
    for name in ("strong", "middle", "weak"):
        row = by_id[three[name]["session_id"]]
        assert row["signal"] == three[name]["signal"]
        assert row["scores"] == scores(three[name])
    text = cli("history").stdout
    assert "Trend" in text and "Weakest pillar:" in text and "Drill:" in text
    # oldest first: weak, middle, strong; verification is the weakest over the three on average
    # (2 + ... ), and what those sessions missed most in it gives the drill
    means = {p: sum(three[n]["pillars"][p]["score"] for n in ("weak", "middle", "strong")) / 3 for p in PILLARS}
    weakest = min(PILLARS, key=lambda p: means[p])
    from intervu_cli.assessment.scoring import PILLAR_NAMES

    assert f"Weakest pillar: {PILLAR_NAMES[weakest].lower()}" in text
    assert "No Hire → " in text  # the signals in order


def test_report_of_an_unfinished_interview_is_provisional(cli, tmp_path):
    path = tmp_path / "half.txt"
    path.write_text("Can the array be empty?\n/code\ndef two_sum(nums, target):\n    return []\n/endcode\n")
    done = cli("practice", "two-sum", "--no-audio", "--script", str(path), "--model", "none")
    assert done.returncode == 1  # the script ended before the interview did
    report = json.loads(cli("report", "--json").stdout)
    assert report["status"] == "in_progress" and report["ended"] is False
    assert "provisional" in cli("report").stdout
    assert evidence(report, "coding", "tests_pass")["met"] is False  # never run
    bad = cli("report", "nosuchid")
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "intervu history" in bad.stderr


def test_the_scripted_interview_ends_with_the_feedback_shown(cli, tmp_path):
    path = tmp_path / "middle.txt"
    path.write_text(MIDDLE)
    done = cli("practice", "two-sum", "--no-audio", "--script", str(path), "--model", "none")
    assert done.returncode == 0, done.stderr
    tail = done.stdout.split("Interview over", 1)[1]
    assert "Feedback · Two Sum:" in tail
    for name in ("Algorithms", "Coding", "Problem solving", "Verification", "Communication", "Drill"):
        assert name in tail


# --- the LLM's narrative (a real HTTP stream through litellm to the local fake server) ----------------


def _feedback_reply(answer: str):
    def reply(messages: list) -> str:
        system = messages[0]["content"] if messages else ""
        return answer if "writing the candidate's feedback" in system else "Mm-hm, go on."
    return reply


def test_the_llm_writes_the_narrative_and_moves_a_pillar_one_point_at_most(cli, tmp_path):
    from intervu_cli.bench.fakellm import FakeLLMServer

    answer = json.dumps({
        "narrative": "You traced the example well. Next time, say the space complexity before you code.",
        "adjustments": [
            {"pillar": "communication", "delta": -3, "reason": "Long silences while the map was built."},
            {"pillar": "coding", "delta": 1},  # no reason: ignored
            {"pillar": "charisma", "delta": 1, "reason": "not a pillar"},
            {"pillar": "communication", "delta": 1, "reason": "a second move of the same pillar: ignored"},
        ],
    })
    path = tmp_path / "strong.txt"
    path.write_text(STRONG)
    with FakeLLMServer(_feedback_reply(answer), token_delay_ms=1) as server:
        done = cli("practice", "two-sum", "--no-audio", "--script", str(path), "--model", "openai/fake",
                   "--api-base", server.base_url, "--json")
        assert done.returncode == 0, done.stderr
        asked = [r for r in server.requests if "writing the candidate's feedback" in r["messages"][0]["content"]]
    assert len(asked) == 1
    prompt = asked[0]["messages"][1]["content"]
    assert "verification: " in prompt and "traced an example" in prompt  # the evidence goes in
    assert "index_of" not in prompt  # the reference solution does not
    report = json.loads(done.stdout.splitlines()[-1])["report"]
    assert report["narrative_source"] == "llm"
    assert report["narrative"].startswith("You traced the example well.")
    comm = report["pillars"]["communication"]
    assert comm["score"] == comm["base_score"] - 1
    assert comm["adjustment"] == {"delta": -1, "reason": "Long silences while the map was built."}
    assert report["pillars"]["coding"]["adjustment"] is None
    assert report["pillars"]["coding"]["score"] == report["pillars"]["coding"]["base_score"]
    scores_now = {p: report["pillars"][p]["score"] for p in PILLARS}
    assert report["weighted"] == weighted_score(scores_now)  # the signal is settled on the moved scores


@pytest.mark.parametrize("mode", ["garbage_reply", "error"])
def test_without_a_usable_narrative_the_feedback_stands_on_its_evidence(cli, tmp_path, mode):
    from intervu_cli.bench.fakellm import FakeLLMServer

    path = tmp_path / "strong.txt"
    path.write_text(STRONG)
    reply = _feedback_reply("") if mode == "garbage_reply" else "Mm-hm."
    with FakeLLMServer(reply, token_delay_ms=1, mode="ok" if mode == "garbage_reply" else "error") as server:
        done = cli("practice", "two-sum", "--no-audio", "--script", str(path), "--model", "openai/fake",
                   "--api-base", server.base_url, "--json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.splitlines()[-1])["report"]
    assert report["narrative_source"] == "template" and report["narrative"].startswith("Every pillar scored 9 or 10")
    assert all(p["adjustment"] is None and p["score"] == p["base_score"] for p in report["pillars"].values())
