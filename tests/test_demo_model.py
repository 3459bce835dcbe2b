"""The demo model (`--model demo`): a scripted interviewer served as a local OpenAI-compatible model,
so that someone with no LLM can try the conversational path. Driven through the installed `intervu`
(real litellm over real HTTP, real sandbox, real store), on two problems worded differently, and its
server's lifetime checked in-process."""

from __future__ import annotations

import asyncio
import http.client
import json
import socket
import threading
import time

import pytest

from intervu_cli.engine import llm as llm_mod
from intervu_cli.problems import load_problems, problem_dirs

PROBLEMS = load_problems(problem_dirs())

TWO_SUM = """\
Could two entries be equal, like three and three?
Are the numbers in any particular order?
could the list have just one number
/hint
Okay so I'd keep a hash map from value to index and check it as I go. One pass, O(n) time and O(n) space.
/code
def two_sum(nums, target):
    seen = {}
    for i, x in enumerate(nums):
        if target - x in seen:
            return [seen[target - x], i]
        seen[x] = i
    return []
/endcode
/run
Let me trace 3, 2, 4 with target 6: store 3, then 2 needs 4, not there, then 4 needs 2 at index 1: return 1, 2.
/finish
"""

VALID_PARENTHESES = """\
hmm, can the string be empty?
what characters can appear in the string
i'm stuck, could you give me a hint
I'd push every opening bracket on a stack and pop when I see a closing one, checking that they match
it's linear time and linear space
/code
def is_valid(s):
    pairs = {')': '(', ']': '[', '}': '{'}
    stack = []
    for ch in s:
        if ch in pairs:
            if not stack or stack.pop() != pairs[ch]:
                return False
        else:
            stack.append(ch)
    return not stack
/endcode
/run
/finish
"""

# problem, script, and what each clarifying question's answer must say (from the problem's facts)
CASES = {
    "two-sum": (TWO_SUM, {"Could two entries be equal": ("repeat", "same value"),
                          "particular order": ("not sorted",),
                          "just one number": ("2 and 10 to the 4",)}),  # no authored answer: the constraints'
    "valid-parentheses": (VALID_PARENTHESES, {"can the string be empty": ("at least one character",),
                                              "what characters": ("bracket",)}),
}


def _events(stdout: str) -> list[dict]:
    return [json.loads(line) for line in stdout.splitlines()]


def _reply_to(events: list[dict], words: str) -> dict:
    """The interviewer's words that answer the candidate turn containing `words`."""
    at = next(i for i, e in enumerate(events) if e["type"] == "candidate_said" and words in e["text"])
    return next(e for e in events[at:] if e["type"] == "interviewer_said")


@pytest.mark.parametrize("slug", sorted(CASES))
def test_a_scripted_interview_with_the_demo_model(cli, tmp_path, slug):
    script, answers = CASES[slug]
    path = tmp_path / "script.txt"
    path.write_text(script)
    done = cli("practice", slug, "--no-audio", "--script", str(path), "--json", "--model", "demo")
    assert done.returncode == 0, done.stderr
    events = _events(done.stdout)
    assert events[0]["type"] == "session_started" and events[0]["model"] == "demo"
    notices = [e["text"] for e in events if e["type"] == "notice"]
    assert len(notices) == 1 and "scripted stand-in, not a real LLM" in notices[0] and "--model" in notices[0]

    said = [e for e in events if e["type"] == "interviewer_said"]
    candidate = [e["text"] for e in events if e["type"] == "candidate_said"]
    # every line after the greeting (always from the templates) came from the model over HTTP
    assert said[0]["act"] == "greet" and said[0]["source"] == "template"
    assert len(said) >= 7 and all(e["source"] == "llm" for e in said[1:]), [(e["act"], e["source"]) for e in said]
    texts = [e["text"] for e in said[1:]]
    # not echoes: the candidate's words are not said back, and no line is said twice
    assert not any("You said" in t for t in texts)
    assert not any(c.lower().rstrip("?.") in t.lower() for c in candidate for t in texts)
    assert len(set(texts)) == len(texts)
    # each clarifying question gets an answer that addresses it, from the problem's facts
    for asked, words in answers.items():
        reply = _reply_to(events, asked)
        assert reply["act"] in ("answer_question", "your_call") and reply["source"] == "llm"
        assert any(w in reply["text"] for w in words), (asked, reply["text"])
    # a hint asked for is given: the problem's nudge, in the interviewer's words around it
    hint = next(i for i, e in enumerate(events) if e["type"] == "hint")
    given = next(e for e in events[hint:] if e["type"] == "interviewer_said")
    nudge = PROBLEMS.get(slug).hints["nudge"].replace("`", "")
    assert given["act"] in ("give_hint", "decline_solution") and given["source"] == "llm"
    assert nudge.rstrip(".?") in given["text"] and given["text"] != nudge
    # it reads the test results, and it closes; the feedback's narrative is the model's
    run = next(i for i, e in enumerate(events) if e["type"] == "test_run")
    assert "passes" in next(e for e in events[run:] if e["type"] == "interviewer_said")["text"]
    assert said[-1]["act"] == "close" and "end of the interview" in said[-1]["text"]
    feedback = events[-1]
    assert feedback["type"] == "feedback" and feedback["report"]["narrative_source"] == "llm"
    assert "out of 10" in feedback["report"]["narrative"]


def test_a_demo_session_resumes_with_the_demo(cli, tmp_path):
    first, rest = tmp_path / "first.txt", tmp_path / "rest.txt"
    first.write_text("Is the input sorted?\n")
    rest.write_text("I'd use a hash map from value to index and look for the complement in one pass, "
                    "O(n) time and O(n) space.\n/finish\n")
    begun = cli("practice", "two-sum", "--no-audio", "--script", str(first), "--json", "--model", "demo")
    assert begun.returncode == 1 and "intervu resume" in begun.stderr  # the script ended first: saved
    assert _events(begun.stdout)[-1]["source"] == "llm"
    # no --model: the session was the demo's, so it goes on with the demo
    done = cli("resume", "--script", str(rest), "--json")
    assert done.returncode == 0, done.stderr
    events = _events(done.stdout)
    assert events[0]["type"] == "session_started" and events[0]["resumed"] and events[0]["model"] == "demo"
    said = [e for e in events if e["type"] == "interviewer_said"]
    assert said[0]["act"] == "welcome_back" and [e["source"] for e in said[1:]] == ["llm"] * (len(said) - 1)
    assert any(e["act"] == "go_code" for e in said)
    assert events[-1]["type"] == "feedback" and events[-1]["report"]["narrative_source"] == "llm"


def _demo_threads() -> list[str]:
    return [t.name for t in threading.enumerate() if t.name.startswith("intervu-demo")]


def _refused(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
    except ConnectionRefusedError:
        return True
    return False


def test_the_demo_server_streams_like_a_model_and_stops_clean():
    """Its endpoint as litellm uses it (streamed, the one-token warm-up, a probe), and its close: a
    stream in flight is ended, every thread joined, the port closed."""
    from intervu_cli.session import demo

    choice = llm_mod.choose_model("demo", None, None)
    assert choice.demo and choice.config is None and choice.label == "demo"  # nothing to reach until served
    choice, server = demo.serve(choice, PROBLEMS.get("two-sum"))
    assert server is not None and server.running and _demo_threads()
    cfg = choice.config
    try:
        assert cfg.model == "openai/demo" and cfg.api_base == server.base_url and cfg.api_key
        system = "You read one turn of a candidate in a mock coding interview, for the interviewer."
        read = [{"role": "system", "content": system + "\nInterview phase: clarify. What"},
                {"role": "user", "content": "Can the numbers be negative?"}]
        pieces = asyncio.run(_collect(llm_mod.stream_completion(cfg, read)))
        assert len(pieces) > 3  # streamed piece by piece, and the pieces make the reading's JSON
        assert json.loads("".join(pieces)) == {"kind": "question", "also": [], "quality": "", "time": "",
                                               "space": "", "topics": ["negatives"], "edges": []}
        assert asyncio.run(llm_mod.warm(cfg, read)) is not None  # one token asked, one answered
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
        conn.request("POST", "/v1/chat/completions", json.dumps(
            {"model": "demo", "max_tokens": 1, "messages": [{"role": "user", "content": "Say OK."}]}),
            {"Content-Type": "application/json"})
        answer = json.loads(conn.getresponse().read())
        conn.close()
        assert answer["choices"][0]["message"]["content"] == "OK"  # the probe: one token, not streamed
    finally:
        server.close()
    assert not server.running and _demo_threads() == [] and _refused(server.port)
    server.close()  # again: harmless


def test_a_stream_the_client_closes_stops_being_generated():
    """What a cut-off reply does (the candidate talked over it, a speculation dropped): the client
    closes the stream, and the server stops generating it then, not at its end."""
    from intervu_cli.session import demo

    with demo.DemoServer(demo.DemoInterviewer(PROBLEMS.get("two-sum")), first_token_s=(0, 0),
                         tokens_per_s=(0.5, 0.5)) as slow:  # a reply of ~25 pieces would take ~50 s
        conn = http.client.HTTPConnection("127.0.0.1", slow.port, timeout=30)
        conn.request("POST", "/v1/chat/completions", json.dumps({"model": "demo", "stream": True, "messages": [
            {"role": "system", "content": "You read one turn of a candidate in a mock coding interview"},
            {"role": "user", "content": "Is the input sorted?"}]}), {"Content-Type": "application/json"})
        resp = conn.getresponse()
        assert resp.read1(1024).startswith(b"data: ") and slow.connections == 1
        resp.close()
        conn.close()
        deadline = time.monotonic() + 20
        while slow.connections and time.monotonic() < deadline:
            time.sleep(0.02)
        assert slow.connections == 0


def test_a_stream_in_flight_is_ended_when_the_server_stops():
    from intervu_cli.session import demo

    slow = demo.DemoServer(demo.DemoInterviewer(PROBLEMS.get("two-sum")), first_token_s=(0, 0),
                           tokens_per_s=(2, 2)).start()  # a reply of ~25 pieces takes ~12 s
    try:
        conn = http.client.HTTPConnection("127.0.0.1", slow.port, timeout=30)
        conn.request("POST", "/v1/chat/completions", json.dumps({"model": "demo", "stream": True, "messages": [
            {"role": "system", "content": "You read one turn of a candidate in a mock coding interview"},
            {"role": "user", "content": "Is the input sorted?"}]}), {"Content-Type": "application/json"})
        resp = conn.getresponse()
        assert resp.status == 200 and resp.getheader("Content-Type").startswith("text/event-stream")
        body = resp.read1(1024)  # the first piece: the stream is under way
        assert body.startswith(b"data: ")
    finally:
        slow.close()
    ended = "complete"
    try:
        while piece := resp.read1(1024):
            body += piece
    except (http.client.IncompleteRead, ConnectionError):
        ended = "cut"  # the body broke off: no terminating chunk
    except TimeoutError:
        ended = "hanging"
    conn.close()
    assert ended == "cut" and b"[DONE]" not in body
    assert not slow.running and _demo_threads() == [] and _refused(slow.port)


async def _collect(stream) -> list[str]:
    return [piece async for piece in stream]


def test_the_session_stops_its_demo_server_when_it_ends(home, tmp_path, monkeypatch):
    """In the same process (so nothing is stopped by the process exiting): the practice command
    started a demo server, and when it returned that server was stopped and its port closed."""
    from typer.testing import CliRunner

    from intervu_cli.cli.app import app
    from intervu_cli.session import demo

    started: list = []
    real_start = demo.DemoServer.start

    def start(self):
        started.append(self)
        return real_start(self)

    monkeypatch.setattr(demo.DemoServer, "start", start)
    script = tmp_path / "s.txt"
    script.write_text("Is the input sorted?\n/finish\n")
    result = CliRunner().invoke(app, ["practice", "two-sum", "--no-audio", "--script", str(script), "--json",
                                      "--model", "demo"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert any(e.get("source") == "llm" for e in lines) and lines[-1]["type"] == "feedback"
    assert len(started) == 1
    assert not started[0].running and _demo_threads() == [] and _refused(started[0].port)


def test_the_demo_says_what_it_was_given_and_no_more():
    """The wording sees only the request (as a model does): a hint comes out at the level given, and
    a higher one it was never sent cannot."""
    from intervu_cli.session import demo

    problem = PROBLEMS.get("two-sum")
    interviewer = demo.DemoInterviewer(problem)
    from intervu_cli.engine.prompt import SYSTEM
    from intervu_cli.engine.wording import INSTRUCTIONS

    nudge = problem.hints["nudge"]
    system = SYSTEM.format(title="Two Sum", difficulty="easy", statement=problem.statement, examples="(none)",
                           constraints="- 2 <= len(nums) <= 10^4", clarifications="(none)", ledger="{}",
                           convey="What to convey (reword it naturally; keep every fact)", phase="approach",
                           elapsed=3, remaining=42, language="python", code_block="", run_block="",
                           instruction=INSTRUCTIONS["give_hint"], template=f"Here's a small nudge: {nudge}")
    said = interviewer.reply({"messages": [{"role": "system", "content": system},
                                           {"role": "user", "content": "Can I get a hint?"}]})
    assert nudge.replace("`", "") in said and "nudge" in said
    assert problem.hints["hint"].replace("`", "")[:40] not in said
    assert problem.hints["reveal"].replace("`", "")[:40] not in said
