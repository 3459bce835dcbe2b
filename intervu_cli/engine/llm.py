"""The LLM that words the interviewer's moves, streamed through litellm.

`import litellm` costs seconds (and reaches for the network unless LITELLM_LOCAL_MODEL_COST_MAP is
set first), so it is imported on a background thread as soon as a session knows it will need it;
the opening lines are worded from templates and never wait for it.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import AsyncIterator
from dataclasses import dataclass, replace
from typing import Any

OLLAMA_BASE = "http://127.0.0.1:11434"

_import_lock = threading.Lock()
_import_thread: threading.Thread | None = None
_litellm: Any = None
_import_error: BaseException | None = None


def _do_import() -> None:
    global _litellm, _import_error
    try:
        import litellm

        litellm.telemetry = False
        litellm.suppress_debug_info = True
        litellm.drop_params = True
        _litellm = litellm
    except BaseException as exc:  # noqa: BLE001 - reported when the LLM is first used
        _import_error = exc


def start_import() -> None:
    """Begin importing litellm in the background (idempotent)."""
    global _import_thread
    os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
    os.environ.setdefault("LITELLM_LOG", "ERROR")
    with _import_lock:
        if _import_thread is None:
            _import_thread = threading.Thread(target=_do_import, name="import-litellm", daemon=True)
            _import_thread.start()


def get_litellm(timeout: float | None = None) -> Any:
    start_import()
    assert _import_thread is not None
    _import_thread.join(timeout)
    if _import_thread.is_alive():
        raise LLMError("litellm is still loading")
    if _import_error is not None:
        raise LLMError(f"litellm could not be imported ({_import_error})")
    return _litellm


class LLMError(Exception):
    """The LLM is down, slow, or broke mid-stream: one line of notice, then templates."""


@dataclass(frozen=True)
class LLMConfig:
    model: str
    api_base: str | None = None
    api_key: str | None = None
    first_token_timeout_s: float = 20.0
    idle_timeout_s: float = 10.0
    max_tokens: int = 220
    temperature: float = 0.4
    reading_timeout_s: float = 3.0  # the model's reading of a turn, beside the rules': later than this, the rules'


def probe_ollama(timeout_s: float = 0.3, base: str = OLLAMA_BASE) -> str | None:
    """The first model a local Ollama has, or None when there is no Ollama (fast: loopback only)."""
    try:
        with urllib.request.urlopen(f"{base}/api/tags", timeout=timeout_s) as resp:
            models = json.loads(resp.read().decode("utf-8")).get("models") or []
    except (OSError, ValueError, urllib.error.URLError):
        return None
    names = [m.get("name") or m.get("model") for m in models if isinstance(m, dict)]
    names = [n for n in names if n]
    return names[0] if names else None


@dataclass(frozen=True)
class ModelChoice:
    config: LLMConfig | None  # None: templates
    label: str  # what the session records as its model
    notice: str = ""  # one line for the candidate, when there is something to say


CONFIGURE_HINT = (
    "No LLM configured: the interviewer uses built-in lines. For a conversational interviewer, "
    "pass --model (e.g. ollama_chat/llama3.2, gpt-4o-mini, openai/<name> with --api-base) or set INTERVU_MODEL."
)


def choose_model(model: str | None, api_base: str | None, api_key: str | None, *, probe: bool = True) -> ModelChoice:
    if model and model.lower() == "none":
        return ModelChoice(None, "none")
    if model:
        if api_base and not api_key and model.startswith("openai/"):
            api_key = "sk-local"  # OpenAI-compatible local servers ignore it; litellm insists on one
        return ModelChoice(LLMConfig(model, api_base, api_key), model)
    if probe:
        found = probe_ollama()
        if found:
            label = f"ollama_chat/{found}"
            return ModelChoice(
                LLMConfig(label, api_base or OLLAMA_BASE, api_key),
                label,
                notice=f"Using {found} from the local Ollama (set --model to choose another).",
            )
    return ModelChoice(None, "none", notice=CONFIGURE_HINT)


def _describe(exc: BaseException) -> str:
    name = type(exc).__name__
    text = " ".join(str(exc).split())
    if len(text) > 120:
        text = text[:117] + "..."
    return f"{name}: {text}" if text else name


if sys.version_info >= (3, 11):
    async def _within(awaitable, seconds: float):
        """`await awaitable`, with a time limit. Not `asyncio.wait_for`: on Python 3.11 it loses a
        cancellation that comes as the awaited piece completes (CPython gh-86296), so a stream
        being cut off (the candidate talked over it, or left) could carry on to its end; seen
        about one time in four when leaving the app while tokens arrive every 40 ms."""
        async with asyncio.timeout(seconds):
            return await awaitable
else:  # pragma: no cover - Python 3.10 has no asyncio.timeout
    _within = asyncio.wait_for


async def stream_completion(cfg: LLMConfig, messages: list[dict[str, str]]) -> AsyncIterator[str]:
    """Yield the reply's text as it streams. Raises LLMError; always closes the HTTP stream.

    Abandon it with `await gen.aclose()`: that closes the response (`resp.aclose()`), so the server
    stops generating.
    """
    loop = asyncio.get_running_loop()
    litellm = await loop.run_in_executor(None, get_litellm, None)
    kwargs: dict[str, Any] = {
        "model": cfg.model,
        "messages": messages,
        "stream": True,
        "max_tokens": cfg.max_tokens,
        "temperature": cfg.temperature,
        "timeout": cfg.first_token_timeout_s + cfg.idle_timeout_s,
        "num_retries": 0,
        "max_retries": 0,  # the OpenAI SDK retries 500s twice by default: a slow way to fail
    }
    if cfg.api_base:
        kwargs["api_base"] = cfg.api_base
    if cfg.api_key:
        kwargs["api_key"] = cfg.api_key
    try:
        resp = await _within(litellm.acompletion(**kwargs), cfg.first_token_timeout_s)
    except asyncio.TimeoutError:
        raise LLMError(f"no answer within {cfg.first_token_timeout_s:g} s") from None
    except Exception as exc:  # noqa: BLE001 - litellm raises many kinds; all mean "no LLM this turn"
        raise LLMError(_describe(exc)) from None
    try:
        first = True
        iterator = resp.__aiter__()
        while True:
            wait = cfg.first_token_timeout_s if first else cfg.idle_timeout_s
            try:
                chunk = await _within(iterator.__anext__(), wait)
            except StopAsyncIteration:
                return
            except asyncio.TimeoutError:
                raise LLMError(f"the stream stalled for {wait:g} s") from None
            except Exception as exc:  # noqa: BLE001 - litellm's streams break in many ways; each is one LLMError
                raise LLMError(f"the stream broke ({_describe(exc)})") from None
            choices = getattr(chunk, "choices", None) or []
            delta = getattr(choices[0], "delta", None) if choices else None
            text = getattr(delta, "content", None) if delta is not None else None
            if text:
                first = False
                yield text
    finally:
        close = getattr(resp, "aclose", None)
        if close is not None:
            try:
                await close()
            except Exception:  # noqa: BLE001 - closing a broken stream may itself fail; nothing to do
                pass


async def warm(cfg: LLMConfig, messages: list[dict[str, str]]) -> float | None:
    """Ask for one token, so the candidate's first turn does not pay for the set-up.

    litellm's first streamed call costs about half a second more than the next ones (measured on
    this project's fake server: ~530 ms to the first token, then ~9 ms; a non-streamed call leaves
    ~170 ms of it), and a local server may have a model to load and a prompt prefix to cache. Run
    it while the interviewer greets. Milliseconds taken, or None when the LLM did not answer (the
    first real turn then reports it, in one line, as it would have anyway)."""
    t = time.perf_counter()
    try:
        async for _ in stream_completion(replace(cfg, max_tokens=1), messages):
            pass
    except LLMError:
        return None
    return (time.perf_counter() - t) * 1000
