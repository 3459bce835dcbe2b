"""Voice in for the terminal interview: the microphone stays open for the whole interview, and
each final transcript reaches the engine the way a typed line does.

The listening runs on a thread of its own (capture → VAD → STT); what it hears is handed to the
event loop with `call_soon_threadsafe`, so neither side ever waits on the other.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable

from intervu_cli.voice.pipeline import Heard, Listener


class VoiceInput:
    def __init__(self, mic, recognizer, cfg=None) -> None:
        self.mic = mic
        self.recognizer = recognizer
        self.listener = Listener(recognizer, cfg)
        self._thread: threading.Thread | None = None

    def start(self, loop: asyncio.AbstractEventLoop, on_heard: Callable[[Heard], None]) -> None:
        def run() -> None:
            try:
                for heard in self.listener.process(self.mic.frames()):
                    loop.call_soon_threadsafe(on_heard, heard)
            except Exception as exc:  # noqa: BLE001 - reported by the front end, not lost on a thread
                loop.call_soon_threadsafe(on_heard, Heard("error", 0.0, text=f"{type(exc).__name__}: {exc}"))

        self._thread = threading.Thread(target=run, name="intervu-listen", daemon=True)
        self._thread.start()

    def close(self) -> None:
        self.mic.close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self.recognizer.close()

    @property
    def stats(self) -> str:
        return f"{self.mic.overflows} input overflows, {self.mic.dropped} blocks dropped"
