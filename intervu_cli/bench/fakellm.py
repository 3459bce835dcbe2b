"""A local fake OpenAI-compatible chat-completions server (standard library only).

Used by the tests to drive the *real* litellm / OpenAI-SDK HTTP streaming path,
and by the latency benchmark, so the timing it produces is meant to be faithful:
the first content token is sent ``ttft_ms`` after the request was received, and
token ``i`` at ``ttft + i * token_delay`` (an absolute schedule, so write overhead
does not accumulate).

    with FakeLLMServer("Hello there.", ttft_ms=200, tokens_per_s=40) as srv:
        litellm.completion(model="openai/fake", api_base=srv.base_url, api_key="x", ...)

Responses always use HTTP/1.1 with ``Connection: close``; streams use chunked
transfer encoding so that an abrupt end ("die" / "hang" modes) is seen by the
client as a broken body, not as a normal end of stream.

Run it in the foreground::

    python -m intervu_cli.bench.fakellm --port 8000 --ttft-ms 200 --tokens-per-s 40

One module of ~630 lines, by design: `python -m intervu_cli.bench.fakellm` runs it as a server
of its own, standard library only, so everything it needs is in this file.
"""

from __future__ import annotations

import argparse
import json
import re
import select
import socket
import sys
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable, Union

__all__ = ["FakeLLMServer", "tokenize", "default_reply", "MODES"]

MODES = ("ok", "error", "die", "hang", "garbage")

Reply = Union[str, Callable[[list], str], None]

_TOKEN_RE = re.compile(r"\S+\s*")
_POLL_S = 0.02  # granularity at which waiting handlers notice close()/client EOF


def tokenize(text: str) -> list[str]:
    """Split text into word tokens that keep their trailing whitespace.

    ``"".join(tokenize(t)) == t`` for every string (leading whitespace, if any,
    is glued onto the first token).
    """
    tokens = _TOKEN_RE.findall(text)
    lead = text[: len(text) - len(text.lstrip())]
    if lead:
        if tokens:
            tokens[0] = lead + tokens[0]
        else:
            tokens = [lead]
    return tokens


def _message_text(content: Any) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, list):  # OpenAI "content parts"
        parts = []
        for part in content:
            if isinstance(part, dict) and isinstance(part.get("text"), str):
                parts.append(part["text"])
            elif isinstance(part, str):
                parts.append(part)
        return " ".join(parts)
    return ""


def default_reply(messages: list) -> str:
    """Deterministic reply built from the last user message."""
    text = ""
    for msg in reversed(messages or []):
        if isinstance(msg, dict) and msg.get("role") == "user":
            text = _message_text(msg.get("content"))
            break
    text = " ".join(text.split()).rstrip(".!?;:, ") or "nothing"
    return f"You said: {text}. Tell me more about your approach."


class _ClientGone(Exception):
    """The client closed the connection before the stream ended."""


class _Stopping(Exception):
    """close() was called on the server while a request was in progress."""


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 64

    def __init__(self, addr, handler_cls, owner: "FakeLLMServer"):
        self.owner = owner
        super().__init__(addr, handler_cls)

    # Like ThreadingMixIn.process_request, but every connection thread is
    # tracked by the owner so close() can wait for (and if needed force) them.
    def process_request(self, request, client_address):
        t = threading.Thread(
            target=self._conn_thread,
            args=(request, client_address),
            name="fakellm-conn",
            daemon=True,
        )
        with self.owner._cond:
            self.owner._conns[t] = request
        t.start()

    def _conn_thread(self, request, client_address):
        try:
            self.finish_request(request, client_address)
        except Exception:  # noqa: BLE001 - connection-level errors are expected (clients going away)
            pass
        finally:
            try:
                self.shutdown_request(request)
            finally:
                with self.owner._cond:
                    self.owner._conns.pop(threading.current_thread(), None)
                    self.owner._cond.notify_all()

    def handle_error(self, request, client_address):  # pragma: no cover - silence
        pass


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "FakeLLM/1.0"
    sys_version = ""
    server: _HTTPServer

    # ------------------------------------------------------------ plumbing
    def log_message(self, format, *args):  # noqa: A002 - silence default logging
        pass

    @property
    def owner(self) -> "FakeLLMServer":
        return self.server.owner

    def _path(self) -> str:
        return self.path.split("?", 1)[0].rstrip("/")

    def _read_body(self) -> bytes:
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            out = bytearray()
            while True:
                size_line = self.rfile.readline()
                if not size_line:
                    break
                size = int(size_line.split(b";", 1)[0].strip() or b"0", 16)
                if size == 0:
                    # trailers until blank line
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    break
                out += self.rfile.read(size)
                self.rfile.readline()  # CRLF after the chunk
            return bytes(out)
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    def _send_json(self, status: int, obj: Any) -> None:
        body = json.dumps(obj).encode()
        self._send_bytes(status, body, "application/json")

    def _send_bytes(self, status: int, body: bytes, ctype: str) -> None:
        self.close_connection = True
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)

    def _error_body(self, message: str, etype: str, code: str) -> dict:
        return {"error": {"message": message, "type": etype, "param": None, "code": code}}

    def _write(self, data: bytes) -> None:
        try:
            self.wfile.write(data)
            self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError, ConnectionAbortedError) as e:
            if self.owner._stop.is_set():
                raise _Stopping() from e
            raise _ClientGone() from e
        except OSError as e:
            if self.owner._stop.is_set():
                raise _Stopping() from e
            raise _ClientGone() from e

    def _chunk(self, data: bytes) -> None:
        """Write one HTTP chunk (one SSE event) in a single send."""
        self._write(b"%x\r\n%s\r\n" % (len(data), data))

    def _event(self, obj: Any) -> None:
        payload = obj if isinstance(obj, str) else json.dumps(obj, separators=(",", ":"))
        self._chunk(b"data: " + payload.encode() + b"\n\n")

    def _pause_until(self, deadline: float | None) -> None:
        """Sleep until `deadline` (monotonic; None = forever) while watching
        for server shutdown and for the client going away."""
        stop = self.owner._stop
        sock = self.connection
        peer_sent_data = False
        while True:
            if stop.is_set():
                raise _Stopping()
            now = time.monotonic()
            if deadline is not None and now >= deadline:
                return
            wait = _POLL_S if deadline is None else min(_POLL_S, deadline - now)
            if peer_sent_data:
                # Something unexpected (pipelined bytes) is buffered; don't spin
                # on select, just sleep.
                if stop.wait(wait):
                    raise _Stopping()
                continue
            try:
                r, _, _ = select.select([sock], [], [], wait)
            except (OSError, ValueError):
                raise _ClientGone()
            if r:
                try:
                    data = sock.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT)
                except BlockingIOError:
                    continue
                except OSError:
                    raise _ClientGone()
                if data == b"":
                    raise _ClientGone()
                peer_sent_data = True

    # ------------------------------------------------------------ routes
    def do_GET(self):  # noqa: N802
        path = self._path()
        if path in ("/v1/models", "/models"):
            self._send_json(
                200,
                {
                    "object": "list",
                    "data": [{"id": "fake", "object": "model", "created": 0, "owned_by": "fakellm"}],
                },
            )
        elif path in ("", "/", "/health", "/v1"):
            self._send_json(200, {"status": "ok"})
        else:
            self._send_json(404, self._error_body(f"Unknown path {self.path}", "invalid_request_error", "not_found"))

    def do_POST(self):  # noqa: N802
        path = self._path()
        raw = self._read_body()
        if path not in ("/v1/chat/completions", "/chat/completions"):
            self._send_json(404, self._error_body(f"Unknown path {self.path}", "invalid_request_error", "not_found"))
            return
        t0 = time.monotonic()
        try:
            body = json.loads(raw.decode() or "null")
            if not isinstance(body, dict):
                raise ValueError("body must be a JSON object")
        except (ValueError, UnicodeDecodeError) as e:
            self._send_json(400, self._error_body(f"Invalid JSON body: {e}", "invalid_request_error", "invalid_json"))
            return
        owner = self.owner
        owner._record_request(body)
        try:
            self._chat(body, t0)
        except _ClientGone:
            owner._bump("disconnects")
            self.close_connection = True
        except _Stopping:
            self.close_connection = True

    def _chat(self, body: dict, t0: float) -> None:
        owner = self.owner
        mode = owner.mode
        messages = body.get("messages") or []
        model = body.get("model") or "fake"
        stream = bool(body.get("stream"))

        if mode == "error":
            self._send_json(
                500,
                self._error_body("The fake server had an error (mode=error).", "server_error", "fake_server_error"),
            )
            return

        try:
            text = owner._make_reply(messages)
        except Exception as e:  # noqa: BLE001 - a user-supplied reply callable failed
            self._send_json(500, self._error_body(f"reply callable failed: {e!r}", "server_error", "reply_failed"))
            return
        tokens = tokenize(text)
        cid = "chatcmpl-" + uuid.uuid4().hex[:24]
        created = int(time.time())
        prompt_tokens = sum(len(_message_text(m.get("content")).split()) for m in messages if isinstance(m, dict))
        usage = {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": len(tokens),
            "total_tokens": prompt_tokens + len(tokens),
        }

        if not stream:
            if mode == "garbage":
                self._send_bytes(200, b"this is {not json", "application/json")
                return
            if mode in ("hang", "die"):
                # hang: never answer; die: drop the connection without an answer.
                self.close_connection = True
                if mode == "hang":
                    self._pause_until(None)
                return
            self._pause_until(t0 + owner.ttft_ms / 1000.0 + max(0, len(tokens) - 1) * owner.token_delay_s)
            self._send_json(
                200,
                {
                    "id": cid,
                    "object": "chat.completion",
                    "created": created,
                    "model": model,
                    "system_fingerprint": "fp_fakellm",
                    "choices": [
                        {
                            "index": 0,
                            "message": {"role": "assistant", "content": text},
                            "logprobs": None,
                            "finish_reason": "stop",
                        }
                    ],
                    "usage": usage,
                },
            )
            owner._bump("completed")
            return

        # ---- streaming
        self.close_connection = True
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Transfer-Encoding", "chunked")
        self.send_header("Connection", "close")
        self.send_header("X-Request-Id", cid)
        self.end_headers()  # flushes the headers to the socket right away

        if mode == "hang":
            self._pause_until(None)  # until the client leaves or close() is called
            return

        def chunk(delta: dict, finish: str | None = None) -> dict:
            return {
                "id": cid,
                "object": "chat.completion.chunk",
                "created": created,
                "model": model,
                "system_fingerprint": "fp_fakellm",
                "choices": [{"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}],
            }

        first_at = t0 + owner.ttft_ms / 1000.0
        delay = owner.token_delay_s

        if mode == "garbage":
            self._pause_until(first_at)
            self._event("this is not json")
            self._event("{still: not json]")
            self._event("[DONE]")
            self._chunk(b"")  # zero-length chunk terminates the body
            return

        limit = len(tokens) if mode == "ok" else min(owner.die_after_tokens, len(tokens))
        if not tokens:
            self._pause_until(first_at)
            self._event(chunk({"role": "assistant", "content": ""}))
        for i in range(limit):
            self._pause_until(first_at + i * delay)
            delta = {"content": tokens[i]}
            if i == 0:
                delta = {"role": "assistant", "content": tokens[i]}
            self._event(chunk(delta))

        if mode == "die":
            # Abrupt end: no stop chunk, no [DONE], no terminating zero chunk.
            try:
                self.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            owner._bump("died")
            return

        self._event(chunk({}, "stop"))
        so = body.get("stream_options")
        if isinstance(so, dict) and so.get("include_usage"):
            usage_chunk = chunk({}, None)
            usage_chunk["choices"] = []
            usage_chunk["usage"] = usage
            self._event(usage_chunk)
        self._event("[DONE]")
        self._chunk(b"")  # zero-length chunk terminates the chunked body
        owner._bump("completed")


class FakeLLMServer:
    """Fake OpenAI-compatible server running on a daemon thread.

    Counters (`disconnects`, `completed`, `died`) and `requests` are thread-safe.
    """

    def __init__(
        self,
        reply: Reply = None,
        *,
        ttft_ms: float = 0,
        tokens_per_s: float | None = None,
        token_delay_ms: float = 0,
        mode: str = "ok",
        die_after_tokens: int = 3,
        host: str = "127.0.0.1",
        port: int = 0,
    ):
        if mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}, got {mode!r}")
        if tokens_per_s is not None and tokens_per_s <= 0:
            raise ValueError("tokens_per_s must be > 0")
        if ttft_ms < 0 or token_delay_ms < 0:
            raise ValueError("delays must be >= 0")
        self.reply = reply
        self.ttft_ms = float(ttft_ms)
        self.tokens_per_s = tokens_per_s
        self.token_delay_ms = 1000.0 / tokens_per_s if tokens_per_s is not None else float(token_delay_ms)
        self.mode = mode
        self.die_after_tokens = int(die_after_tokens)
        self.host = host
        self.port = int(port)

        self._cond = threading.Condition()
        self._stop = threading.Event()
        self._requests: list[dict] = []
        self._counts = {"disconnects": 0, "completed": 0, "died": 0}
        self._conns: dict[threading.Thread, socket.socket] = {}
        self._httpd: _HTTPServer | None = None
        self._thread: threading.Thread | None = None

    # ------------------------------------------------------------ config / state
    @property
    def token_delay_s(self) -> float:
        return self.token_delay_ms / 1000.0

    @property
    def base_url(self) -> str:
        host = self.host
        if ":" in host and not host.startswith("["):
            host = f"[{host}]"
        return f"http://{host}:{self.port}/v1"

    @property
    def requests(self) -> list[dict]:
        """Parsed JSON bodies received on /chat/completions, in order (a copy)."""
        with self._cond:
            return list(self._requests)

    @property
    def disconnects(self) -> int:
        with self._cond:
            return self._counts["disconnects"]

    @property
    def completed(self) -> int:
        with self._cond:
            return self._counts["completed"]

    @property
    def died(self) -> int:
        """Streams this server cut off on purpose (mode="die")."""
        with self._cond:
            return self._counts["died"]

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def _make_reply(self, messages: list) -> str:
        if self.reply is None:
            return default_reply(messages)
        if callable(self.reply):
            return str(self.reply(messages))
        return str(self.reply)

    def _record_request(self, body: dict) -> None:
        with self._cond:
            self._requests.append(body)
            self._cond.notify_all()

    def _bump(self, name: str) -> None:
        with self._cond:
            self._counts[name] += 1
            self._cond.notify_all()

    def wait_for(self, predicate: Callable[[], bool], timeout: float = 5.0) -> bool:
        """Wait until predicate() is true (re-checked on every counter change and
        at least every 20 ms). Returns the final value of the predicate."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                if predicate():
                    return True
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return bool(predicate())
                self._cond.wait(min(remaining, _POLL_S))

    # ------------------------------------------------------------ lifecycle
    def start(self) -> "FakeLLMServer":
        if self._httpd is not None:
            return self
        self._stop.clear()
        httpd = _HTTPServer((self.host, self.port), _Handler, self)
        self._httpd = httpd
        self.port = httpd.server_address[1]
        self._thread = threading.Thread(
            target=httpd.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"fakellm-{self.port}",
            daemon=True,
        )
        self._thread.start()
        return self

    def close(self, timeout: float = 5.0) -> None:
        """Stop serving, end in-flight requests, close every socket, join threads."""
        httpd, thread = self._httpd, self._thread
        if httpd is None:
            return
        self._stop.set()
        try:
            if thread is not None and thread.is_alive():
                httpd.shutdown()  # stop the accept loop (returns within poll_interval)
            # Handlers poll _stop every 20 ms; give them a moment to end cleanly.
            self._join_conns(min(1.0, timeout))
            # Force whatever is still around (e.g. a client that connected but
            # never sent a request line): shutting the socket wakes blocked reads.
            with self._cond:
                stragglers = list(self._conns.items())
            for _, sock in stragglers:
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
            self._join_conns(timeout)
        finally:
            httpd.server_close()
            if thread is not None:
                thread.join(timeout)
            self._httpd = None
            self._thread = None

    def _join_conns(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while True:
            with self._cond:
                threads = list(self._conns)
            if not threads:
                return
            for t in threads:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return
                t.join(remaining)

    def __enter__(self) -> "FakeLLMServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.close()

    def __repr__(self) -> str:
        return (
            f"FakeLLMServer(mode={self.mode!r}, ttft_ms={self.ttft_ms}, "
            f"token_delay_ms={self.token_delay_ms:g}, url={self.base_url!r})"
        )


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(
        prog="python -m intervu_cli.bench.fakellm",
        description="Run a fake OpenAI-compatible chat-completions server in the foreground.",
    )
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--ttft-ms", type=float, default=0.0, help="delay before the first token")
    p.add_argument("--tokens-per-s", type=float, default=None, help="token rate (overrides --token-delay-ms)")
    p.add_argument("--token-delay-ms", type=float, default=0.0, help="delay between tokens")
    p.add_argument("--reply", default=None, help="fixed reply text (default: echo the last user message)")
    p.add_argument("--mode", choices=MODES, default="ok")
    p.add_argument("--die-after-tokens", type=int, default=3)
    args = p.parse_args(argv)

    srv = FakeLLMServer(
        args.reply,
        ttft_ms=args.ttft_ms,
        tokens_per_s=args.tokens_per_s,
        token_delay_ms=args.token_delay_ms,
        mode=args.mode,
        die_after_tokens=args.die_after_tokens,
        host=args.host,
        port=args.port,
    )
    srv.start()
    print(srv.base_url, flush=True)
    print(
        f"fake LLM: mode={srv.mode} ttft={srv.ttft_ms:g}ms token_delay={srv.token_delay_ms:g}ms "
        "(Ctrl+C to stop)",
        file=sys.stderr,
        flush=True,
    )
    try:
        srv._thread.join()  # serves until Ctrl+C (the join is interrupted by it)
    except KeyboardInterrupt:
        pass
    finally:
        srv.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
