"""Tests for intervu_cli.bench.fakellm: the fake OpenAI-compatible server.

Real sockets, real httpx, real litellm: no mocks. Timing assertions are lower
bounds only (the server schedules tokens from the moment it received the
request, which is always after the client started its clock).
"""

from __future__ import annotations

import os

os.environ["LITELLM_LOCAL_MODEL_COST_MAP"] = "True"  # must precede the litellm import

import asyncio
import json
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import litellm
import pytest

from intervu_cli.bench.fakellm import FakeLLMServer, default_reply, tokenize

litellm.suppress_debug_info = True

REPO = Path(__file__).resolve().parents[1]
REPLY = "Great question! Let's think about the edge cases: empty input, duplicates, and overflow."


# ---------------------------------------------------------------- helpers


def _port_is_closed(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1.0):
            return False
    except OSError:
        return True


@pytest.fixture
def track():
    """Register servers; after the test, check they left nothing behind."""
    servers: list[FakeLLMServer] = []
    before_non_daemon = {t for t in threading.enumerate() if not t.daemon}

    def _track(server: FakeLLMServer) -> FakeLLMServer:
        servers.append(server)
        return server

    yield _track

    try:
        # The test itself must already have closed everything (context manager / close()).
        for s in servers:
            assert not s.running, f"{s!r} still running after the test"
            assert _port_is_closed(s.port), f"port {s.port} still accepting connections"
        deadline = time.monotonic() + 2.0
        while time.monotonic() < deadline:
            leftovers = [t for t in threading.enumerate() if t.name.startswith("fakellm")]
            if not leftovers:
                break
            time.sleep(0.01)
        assert not leftovers, f"fakellm threads left: {leftovers}"
        new_non_daemon = [
            t for t in threading.enumerate() if not t.daemon and t not in before_non_daemon and t.is_alive()
        ]
        assert not new_non_daemon, f"non-daemon threads left: {new_non_daemon}"
    finally:
        for s in servers:
            s.close()


def _iter_sse(resp: httpx.Response):
    """Yield the data: payloads of an SSE response as they arrive, checking the framing."""
    for line in resp.iter_lines():
        if not line:
            continue
        assert line.startswith("data: "), line
        yield line[len("data: ") :]


def _sse_payloads(resp: httpx.Response) -> list[str]:
    return list(_iter_sse(resp))


def _post_stream(client: httpx.Client, server: FakeLLMServer, **body):
    body = {"model": "fake", "messages": [{"role": "user", "content": "hi"}], "stream": True, **body}
    return client.stream("POST", server.base_url + "/chat/completions", json=body)


# ---------------------------------------------------------------- unit-ish


@pytest.mark.parametrize(
    "text",
    [REPLY, "", "one", "  leading and trailing  ", "line\nbreaks\n\n and\ttabs.", "Ünïcödé — ok?"],
)
def test_tokenize_roundtrip(text):
    tokens = tokenize(text)
    assert "".join(tokens) == text
    assert tokenize("Hello, world! Bye.") == ["Hello, ", "world! ", "Bye."]


def test_default_reply_uses_last_user_message():
    msgs = [
        {"role": "system", "content": "You are an interviewer."},
        {"role": "user", "content": "first"},
        {"role": "assistant", "content": "ok"},
        {"role": "user", "content": [{"type": "text", "text": "I would sort it."}]},
    ]
    assert default_reply(msgs) == "You said: I would sort it. Tell me more about your approach."


# ---------------------------------------------------------------- httpx: format


def test_stream_format_and_exact_reply(track):
    with track(FakeLLMServer(REPLY)) as s:
        assert s.base_url == f"http://127.0.0.1:{s.port}/v1"
        with httpx.Client(timeout=10) as c, _post_stream(c, s, model="my-model") as r:
            assert r.status_code == 200
            assert r.headers["content-type"].startswith("text/event-stream")
            payloads = _sse_payloads(r)

        assert payloads[-1] == "[DONE]"
        chunks = [json.loads(p) for p in payloads[:-1]]
        ids = {ch["id"] for ch in chunks}
        assert len(ids) == 1
        for ch in chunks:
            assert ch["object"] == "chat.completion.chunk"
            assert ch["model"] == "my-model"
            assert isinstance(ch["created"], int)
            assert len(ch["choices"]) == 1 and ch["choices"][0]["index"] == 0
        first, last = chunks[0]["choices"][0], chunks[-1]["choices"][0]
        assert first["delta"]["role"] == "assistant"
        assert last["delta"] == {} and last["finish_reason"] == "stop"
        assert all(ch["choices"][0]["finish_reason"] is None for ch in chunks[:-1])
        content = [ch["choices"][0]["delta"]["content"] for ch in chunks[:-1]]
        assert content == tokenize(REPLY)
        assert "".join(content) == REPLY

        assert s.wait_for(lambda: s.completed == 1, 5)
        assert s.disconnects == 0
        assert s.requests[0]["model"] == "my-model" and s.requests[0]["stream"] is True


def test_default_and_callable_reply_and_usage_chunk(track):
    seen = []

    def reply(messages):
        seen.append(messages)
        return f"{len(messages)} messages"

    with track(FakeLLMServer()) as s, httpx.Client(timeout=10) as c:
        with _post_stream(c, s, messages=[{"role": "user", "content": "use two pointers"}]) as r:
            chunks = [json.loads(p) for p in _sse_payloads(r)[:-1]]
        text = "".join(ch["choices"][0]["delta"].get("content") or "" for ch in chunks)
        assert text == "You said: use two pointers. Tell me more about your approach."

    with track(FakeLLMServer(reply)) as s, httpx.Client(timeout=10) as c:
        msgs = [{"role": "system", "content": "s"}, {"role": "user", "content": "u"}]
        with _post_stream(c, s, messages=msgs, stream_options={"include_usage": True}) as r:
            payloads = _sse_payloads(r)
        chunks = [json.loads(p) for p in payloads[:-1]]
        assert seen == [msgs]
        assert "".join(ch["choices"][0]["delta"].get("content") or "" for ch in chunks if ch["choices"]) == (
            "2 messages"
        )
        assert chunks[-1]["choices"] == [] and chunks[-1]["usage"]["completion_tokens"] == 2


def test_non_stream_completion_and_models(track):
    with track(FakeLLMServer(REPLY)) as s, httpx.Client(timeout=10) as c:
        r = c.post(s.base_url + "/chat/completions",
                   json={"model": "m", "messages": [{"role": "user", "content": "a b"}]})
        assert r.status_code == 200
        body = r.json()
        assert body["object"] == "chat.completion" and body["model"] == "m"
        assert body["choices"][0]["message"] == {"role": "assistant", "content": REPLY}
        assert body["choices"][0]["finish_reason"] == "stop"
        assert body["usage"]["completion_tokens"] == len(tokenize(REPLY))
        assert body["usage"]["total_tokens"] == body["usage"]["prompt_tokens"] + body["usage"]["completion_tokens"]

        # also served without the /v1 prefix
        r2 = c.post(f"http://127.0.0.1:{s.port}/chat/completions", json={"model": "m", "messages": []})
        assert r2.status_code == 200

        models = c.get(s.base_url + "/models").json()
        assert [m["id"] for m in models["data"]] == ["fake"]
        assert len(s.requests) == 2


# ---------------------------------------------------------------- timing


def test_ttft_and_token_delay_are_honoured(track):
    reply = "one two three four"
    with track(FakeLLMServer(reply, ttft_ms=300, token_delay_ms=100)) as s, httpx.Client(timeout=10) as c:
        c.get(s.base_url + "/models")  # warm up the client
        arrivals = []
        t0 = time.monotonic()
        with _post_stream(c, s) as r:
            t_headers = time.monotonic() - t0
            for p in _iter_sse(r):
                if p != "[DONE]" and json.loads(p)["choices"][0]["delta"].get("content"):
                    arrivals.append(time.monotonic() - t0)
        assert len(arrivals) == 4
        assert arrivals[0] >= 0.300
        for i, t in enumerate(arrivals):
            assert t >= 0.300 + i * 0.100, (i, arrivals)
        # headers are sent before the first token (like a real provider)
        assert t_headers < arrivals[0]


def test_tokens_per_s_overrides_token_delay(track):
    s = track(FakeLLMServer("a b c d", tokens_per_s=10, token_delay_ms=1))
    assert s.token_delay_ms == pytest.approx(100.0)
    with s, httpx.Client(timeout=10) as c:
        t0 = time.monotonic()
        with _post_stream(c, s) as r:
            _sse_payloads(r)
        assert time.monotonic() - t0 >= 0.300  # 3 gaps of 100 ms


# ---------------------------------------------------------------- failure modes


def test_error_mode_returns_500_openai_error(track):
    with track(FakeLLMServer(mode="error")) as s, httpx.Client(timeout=10) as c:
        for stream in (True, False):
            r = c.post(s.base_url + "/chat/completions", json={"model": "m", "messages": [], "stream": stream})
            assert r.status_code == 500
            err = r.json()["error"]
            assert err["message"] and err["type"] == "server_error"
        assert s.completed == 0


def test_die_mode_yields_n_tokens_then_breaks(track):
    with track(FakeLLMServer(REPLY, mode="die", die_after_tokens=3, token_delay_ms=10)) as s:
        got = []
        saw_done = False
        with httpx.Client(timeout=10) as c:
            with pytest.raises(httpx.RemoteProtocolError):
                with _post_stream(c, s) as r:
                    assert r.status_code == 200
                    for p in _iter_sse(r):
                        if p == "[DONE]":
                            saw_done = True
                        else:
                            got.append(json.loads(p)["choices"][0]["delta"]["content"])
        assert got == tokenize(REPLY)[:3]
        assert not saw_done
        assert s.wait_for(lambda: s.died == 1, 5)
        assert s.completed == 0


def test_garbage_mode_sends_non_json(track):
    with track(FakeLLMServer(mode="garbage")) as s, httpx.Client(timeout=10) as c:
        with _post_stream(c, s) as r:
            assert r.status_code == 200
            payloads = [p for p in _sse_payloads(r) if p != "[DONE]"]
        assert payloads
        for p in payloads:
            with pytest.raises(ValueError):
                json.loads(p)


def test_client_closing_mid_stream_counts_disconnect(track):
    with track(FakeLLMServer(REPLY, token_delay_ms=50)) as s, httpx.Client(timeout=10) as c:
        with _post_stream(c, s) as r:
            n = 0
            for line in r.iter_lines():
                if line.startswith("data: "):
                    n += 1
                if n == 2:
                    break
        # leaving the `with` closed the response (and, with Connection: close, the socket)
        assert s.wait_for(lambda: s.disconnects == 1, 5), (s.disconnects, s.completed)
        assert s.completed == 0


def test_hang_mode_close_returns_promptly(track):
    s = track(FakeLLMServer(mode="hang")).start()
    result: dict = {}

    def client():
        try:
            with httpx.Client(timeout=httpx.Timeout(30.0)) as c, _post_stream(c, s) as r:
                result["status"] = r.status_code
                result["lines"] = list(r.iter_lines())
        except Exception as e:  # noqa: BLE001 - the stream must end with an error, not hang
            result["error"] = e

    t = threading.Thread(target=client, daemon=True)
    t.start()
    assert s.wait_for(lambda: len(s.requests) == 1, 5)
    time.sleep(0.2)  # headers sent, now hanging
    assert "lines" not in result and "error" not in result

    t0 = time.monotonic()
    s.close()
    assert time.monotonic() - t0 < 3.0
    t.join(5)
    assert not t.is_alive()
    assert result["status"] == 200
    assert isinstance(result.get("error"), httpx.RemoteProtocolError)
    assert s.disconnects == 0  # the server hung up, not the client
    s.close()  # idempotent


def test_hang_mode_notices_client_leaving(track):
    with track(FakeLLMServer(mode="hang")) as s, httpx.Client(timeout=httpx.Timeout(10.0, read=0.3)) as c:
        with pytest.raises(httpx.ReadTimeout):
            with _post_stream(c, s) as r:
                assert r.status_code == 200
                r.read()
        assert s.wait_for(lambda: s.disconnects == 1, 5)


def test_close_with_idle_connection_is_prompt(track):
    s = track(FakeLLMServer()).start()
    sock = socket.create_connection(("127.0.0.1", s.port))  # connects, never sends a request
    try:
        time.sleep(0.1)
        t0 = time.monotonic()
        s.close()
        assert time.monotonic() - t0 < 3.0
    finally:
        sock.close()


def test_cli_runs_in_foreground_until_ctrl_c(track):
    proc = subprocess.Popen(
        [sys.executable, "-m", "intervu_cli.bench.fakellm", "--port", "0", "--reply", "hello from cli",
         "--ttft-ms", "10"],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        base_url = proc.stdout.readline().strip()
        assert base_url.startswith("http://127.0.0.1:") and base_url.endswith("/v1")
        r = httpx.post(base_url + "/chat/completions", json={"model": "m", "messages": []}, timeout=10)
        assert r.json()["choices"][0]["message"]["content"] == "hello from cli"
        proc.send_signal(signal.SIGINT)
        assert proc.wait(10) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        proc.stdout.close()
        proc.stderr.close()
    assert _port_is_closed(int(base_url.rsplit(":", 1)[1].split("/")[0]))


# ---------------------------------------------------------------- the real litellm path


async def _litellm_stream(server: FakeLLMServer, *, stop_after: int | None = None, **kw) -> list[str]:
    resp = await litellm.acompletion(
        model="openai/fake",
        api_base=server.base_url,
        api_key="x",
        messages=[{"role": "user", "content": "I would use a hash map"}],
        stream=True,
        **kw,
    )
    pieces: list[str] = []
    n = 0
    try:
        async for chunk in resp:
            n += 1
            content = chunk.choices[0].delta.content
            if content:
                pieces.append(content)
            if stop_after is not None and n >= stop_after:
                break
    finally:
        await resp.aclose()
    return pieces


def test_litellm_streams_exact_reply(track):
    with track(FakeLLMServer(REPLY, ttft_ms=50, token_delay_ms=5)) as s:
        pieces = asyncio.run(_litellm_stream(s))
        assert "".join(pieces) == REPLY
        assert s.wait_for(lambda: s.completed == 1, 5)
        assert s.disconnects == 0
        req = s.requests[0]
        assert req["model"] == "fake" and req["stream"] is True
        assert req["messages"] == [{"role": "user", "content": "I would use a hash map"}]


def test_litellm_default_reply_twice_in_fresh_event_loops(track):
    # litellm caches HTTP clients; make sure a second asyncio.run still works.
    with track(FakeLLMServer()) as s:
        for _ in range(2):
            text = "".join(asyncio.run(_litellm_stream(s)))
            assert text == "You said: I would use a hash map. Tell me more about your approach."
        assert s.wait_for(lambda: s.completed == 2, 5)


def test_litellm_aclose_mid_stream_is_seen_as_disconnect(track):
    with track(FakeLLMServer(REPLY, token_delay_ms=50)) as s:
        pieces = asyncio.run(_litellm_stream(s, stop_after=2))
        assert 1 <= len(pieces) <= 2
        assert "".join(pieces) == "".join(tokenize(REPLY)[: len(pieces)])
        assert s.wait_for(lambda: s.disconnects == 1, 5), (s.disconnects, s.completed)
        assert s.completed == 0


def test_litellm_error_mode_raises(track):
    with track(FakeLLMServer(mode="error")) as s:
        with pytest.raises(litellm.exceptions.InternalServerError):
            asyncio.run(_litellm_stream(s, max_retries=0))
        assert len(s.requests) == 1  # max_retries=0 disables the OpenAI SDK's retries
