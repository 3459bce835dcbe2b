"""The LLM that words the interviewer's moves, streamed through litellm.

`import litellm` costs seconds (and reaches for the network unless LITELLM_LOCAL_MODEL_COST_MAP is
set first), so it is imported on a background thread as soon as a session knows it will need it;
the opening lines are worded from templates and never wait for it.
"""

from __future__ import annotations

import asyncio
import gc
import json
import os
import re
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import AsyncIterator
from dataclasses import dataclass, field, replace
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
        # The ~half a million objects the import leaves live as long as the process: out of the
        # cyclic collector's sight (after one collection of what it left as garbage), so that a
        # full collection scans what the interview makes, and comes as often as that calls for.
        # Without this the cyclic garbage of each turn (asyncio's, the HTTP client's) waited for
        # full collections that grew rarer: a 2,000-turn soak's RSS grew by a sixth; with it, flat.
        gc.collect()
        gc.freeze()
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


class ModelDown(LLMError):
    """The model failed lately and is skipped (no request is made) until a probe finds it answering."""


PROBE_FIRST_S = 5.0  # after a failure, the first probe is sent no sooner than this
PROBE_MAX_S = 60.0  # the wait between probes doubles from PROBE_FIRST_S up to this
PROBE_TIMEOUT_S = 5.0  # a probe asks for one token, and waits no longer than this for it


class ModelHealth:
    """Whether a session's model answers, shared by every request made of it (the wording, the
    reading of turns, the warm-up, the feedback's narrative: `replace(cfg, ...)` keeps it).

    A model that fails once (an error, no first token within its timeout, a stream that stalls or
    breaks) is skipped from then on: a request fails at once with ModelDown, so every turn is worded
    from the templates without waiting and the feedback is the rules' alone. The candidate is told
    once (`down_notice`), and once more when it is back (`up_notice`). It comes back when a probe
    answers: one token asked with a short timeout (PROBE_TIMEOUT_S), on a thread of its own, never
    on a turn's path; a probe is sent when a request finds the model down and the wait since the
    failure or the last probe has passed (PROBE_FIRST_S, doubling up to PROBE_MAX_S), so a model
    nobody asks for is not probed, and a dead one costs a connection a minute at most."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.down: str | None = None  # why the model is skipped; None: it is used
        self._wait = PROBE_FIRST_S
        self._probe_at = 0.0
        self._probe: threading.Thread | None = None
        self._said_down = False  # the candidate was told it is down (and not yet that it is back)
        self.probes = 0  # probes sent (for tests and the curious)

    def check(self, cfg: "LLMConfig") -> None:
        """Raise ModelDown when the model is skipped, sending a probe first if one is due."""
        with self._lock:
            if self.down is None:
                return
            reason = self.down
            if (self._probe is None or not self._probe.is_alive()) and time.monotonic() >= self._probe_at:
                self.probes += 1
                self._probe = threading.Thread(target=self._send_probe, args=(cfg,), name="llm-probe", daemon=True)
                self._probe.start()
        raise ModelDown(f"skipped since it failed: {reason}")

    def failed(self, exc: LLMError) -> LLMError:
        """Note a failure (the model is skipped from now on); returns `exc`, to raise."""
        with self._lock:
            if self.down is None:
                self.down = str(exc)
                self._wait = PROBE_FIRST_S
                self._probe_at = time.monotonic() + self._wait
        return exc

    def answered(self) -> None:
        """A request got an answer: the model is used again."""
        with self._lock:
            self.down = None

    def _send_probe(self, cfg: "LLMConfig") -> None:
        try:
            litellm = get_litellm(PROBE_TIMEOUT_S)
            kwargs: dict[str, Any] = {"model": cfg.model, "messages": [{"role": "user", "content": "Say OK."}],
                                      "max_tokens": 1, "temperature": 0.0, "timeout": PROBE_TIMEOUT_S,
                                      "num_retries": 0, "max_retries": 0}
            if cfg.api_base:
                kwargs["api_base"] = cfg.api_base
            if cfg.api_key:
                kwargs["api_key"] = cfg.api_key
            litellm.completion(**kwargs)
        except Exception:  # noqa: BLE001 - any failure means the same: still down, probe again later
            with self._lock:
                self._wait = min(self._wait * 2, PROBE_MAX_S)
                self._probe_at = time.monotonic() + self._wait
        else:
            self.answered()

    def down_notice(self, cfg: "LLMConfig") -> str | None:
        """The one line to tell the candidate the model is skipped (None: nothing to tell, or told)."""
        with self._lock:
            if self.down is None or self._said_down:
                return None
            self._said_down = True
            reason = self.down
        where = f" at {cfg.api_base}" if cfg.api_base else ""
        doctor = f"intervu doctor --model {cfg.model}" + (f" --api-base {cfg.api_base}" if cfg.api_base else "")
        return (f"The model {cfg.model}{where} failed ({reason}): the interviewer uses built-in lines until it "
                f"answers again (it is checked in the background). Check that it is running (`{doctor}` tries it), "
                "or pass --model none.")

    def up_notice(self, cfg: "LLMConfig") -> str | None:
        """The one line to say the model is back, after `down_notice` said it was not."""
        with self._lock:
            if self.down is not None or not self._said_down:
                return None
            self._said_down = False
        return f"The model {cfg.model} answers again; the interviewer uses it again."


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
    health: ModelHealth = field(default_factory=ModelHealth, compare=False, repr=False)  # one per session's model


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
    demo: bool = False  # the scripted demo model: the session serves it and fills in `config` (session.demo)


DEMO = "demo"
DEMO_NOTICE = (
    "The demo model is a scripted stand-in, not a real LLM: it shows the conversational path (streamed over a local "
    "OpenAI-compatible server) with canned interviewer phrasings. For a real one, pass --model (e.g. "
    "ollama_chat/llama3.2, gpt-4o-mini, openai/<name> with --api-base) or set INTERVU_MODEL."
)


CONFIGURE_HINT = (
    "No LLM configured: the interviewer uses built-in lines. For a conversational interviewer, "
    "pass --model (e.g. ollama_chat/llama3.2, gpt-4o-mini, openai/<name> with --api-base) or set INTERVU_MODEL."
)


def choose_model(model: str | None, api_base: str | None, api_key: str | None, *, probe: bool = True) -> ModelChoice:
    if model and model.lower() == "none":
        return ModelChoice(None, "none")
    if model and model.lower() == DEMO:
        # The engine starts no server: it recognises the name; the session layer serves the demo and
        # gives it its config (until then there is none, so nothing can reach for a real endpoint).
        return ModelChoice(None, DEMO, notice=DEMO_NOTICE, demo=True)
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
    """The failure in a few words: litellm's message repeats the class names it passed through
    ("litellm.InternalServerError: InternalServerError: OpenAIException - Connection error.")."""
    name = type(exc).__name__
    text = " ".join(str(exc).split())
    text = re.sub(r"^(?:litellm\.\w+: )?(?:\w+: )?(?:\w+Exception - )?", "", text)
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
    cfg.health.check(cfg)  # a model that failed lately is not asked (ModelDown), until a probe finds it back
    failed = cfg.health.failed  # every failure below is noted, so that the next requests skip the model
    loop = asyncio.get_running_loop()
    try:
        litellm = await loop.run_in_executor(None, get_litellm, None)
    except LLMError as exc:
        raise failed(exc) from None
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
        raise failed(LLMError(f"no answer within {cfg.first_token_timeout_s:g} s")) from None
    except Exception as exc:  # noqa: BLE001 - litellm raises many kinds; all mean "no LLM this turn"
        raise failed(LLMError(_describe(exc))) from None
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
                raise failed(LLMError(f"the stream stalled for {wait:g} s")) from None
            except Exception as exc:  # noqa: BLE001 - litellm's streams break in many ways; each is one LLMError
                raise failed(LLMError(f"the stream broke ({_describe(exc)})")) from None
            choices = getattr(chunk, "choices", None) or []
            delta = getattr(choices[0], "delta", None) if choices else None
            text = getattr(delta, "content", None) if delta is not None else None
            if text:
                if first:
                    cfg.health.answered()
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
