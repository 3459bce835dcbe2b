"""`intervu bench tui`: how quickly the full-screen app draws and answers keys, measured on a real
pseudo-terminal, running the installed `intervu` (nothing of the app is imported here).

- startup → first screen: from spawning `intervu practice two-sum --no-audio --model none` to the
  moment the terminal has received the problem's title and the status bar's clock ("44:59 left"),
  at 24x80 and 50x160, median and max over N runs (after one uncounted warm-up run); also how long
  Ctrl+Q takes to hand the terminal back (the session saved) and for the process to exit, without
  an LLM and with one.
- keypress → screen in the editor: each key a character that appears nowhere else (a distinct CJK
  ideograph), timed from just before its bytes are written to the terminal to the moment the
  terminal receives it back, drawn. Timed while the interviewer streams a long answer from a local
  fake LLM (the server says a stream is open, at the write and at the echo), and with the
  interviewer idle, in the same run, interleaved, so their ratio holds whatever the machine's load.
  Also: the bytes the app writes to the terminal per second while nothing happens.

Every child is stopped at the end, whatever happens: Ctrl+Q (the session is saved), then SIGTERM,
then SIGKILL, to the app's whole process group; the fake server is closed.
"""

from __future__ import annotations

import codecs
import fcntl
import json
import math
import os
import random
import re
import shutil
import signal
import sqlite3
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Iterator

from intervu_cli.bench.stats import percentile
from intervu_cli.engine.reading import MARKER as READING_MARKER

PROBLEM = "two-sum"
TITLE = "Two Sum"
SIZES = ((24, 80), (50, 160))
KEYS_SIZE = (50, 160)
LLM_TTFT_MS = 100.0
LLM_TOKENS_PER_S = 25.0
ANSWER_TOKENS = 300
SPACING_MS = (50, 100)  # between one key's echo and the next key
KEY_TIMEOUT_S = 5.0
QUIT_TIMEOUT_S = 5.0
MARK = "tangerine"  # in the candidate's lines only: the fake LLM answers long to those, short to the rest
STREAM_KEYS_PER_ROUND = 50

F2 = "\x1bOQ"
CTRL_Q = "\x11"
ENTER = "\r"
LEAVE_ALT_SCREEN = "\x1b[?1049l"

_ESCAPE = re.compile(
    r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|P[^\x1b]*\x1b\\|[()][0-9A-Za-z]|.)", re.S
)
_STATUS_CLOCK = re.compile(r"\d+:\d\d left")


def intervu_exe() -> str:
    """The console script installed beside this interpreter (the real entry point)."""
    exe = Path(sys.executable).parent / "intervu"
    if exe.exists():
        return str(exe)
    found = shutil.which("intervu")
    if not found:
        raise RuntimeError("the intervu console script is not installed: pip install -e .")
    return found


def _child_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("INTERVU_") and k not in ("COLUMNS", "LINES", "OPENAI_API_KEY", "OPENAI_BASE_URL")}
    env["INTERVU_HOME"] = str(home)
    env["TERM"] = "xterm-256color"
    env["LITELLM_LOCAL_MODEL_COST_MAP"] = "True"  # no network for litellm's price list
    return env


class Terminal:
    """The app on a pseudo-terminal of its own, its output read continuously on a thread; every
    chunk is kept with the time it arrived, so a wait reports when the screen got there, not when
    the waiter looked."""

    def __init__(self, argv: list[str], env: dict[str, str], rows: int, cols: int) -> None:
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))

        def controlling_terminal() -> None:  # in the child, after setsid(): the terminal is its own
            fcntl.ioctl(0, termios.TIOCSCTTY, 0)

        self.spawned = time.perf_counter()
        try:
            self.proc = subprocess.Popen(argv, env=env, stdin=slave, stdout=slave, stderr=slave, close_fds=True,
                                         start_new_session=True, preexec_fn=controlling_terminal)
        except BaseException:
            os.close(master)
            raise
        finally:
            os.close(slave)
        self.fd = master
        self.pid = self.proc.pid
        self._cond = threading.Condition()
        self._chunks: list[tuple[float, str]] = []
        self.nbytes = 0
        self.eof = False
        self._reader = threading.Thread(target=self._read, name="bench-tui-pty", daemon=True)
        self._reader.start()

    def alive(self) -> bool:
        return self.proc.poll() is None

    def _read(self) -> None:
        decoder = codecs.getincrementaldecoder("utf-8")("replace")
        fd = self.fd
        while True:
            try:
                data = os.read(fd, 65536)
            except OSError:  # EIO: the app is gone and the terminal closed
                data = b""
            t = time.perf_counter()
            if not data:
                with self._cond:
                    self.eof = True
                    self._cond.notify_all()
                return
            text = decoder.decode(data)
            with self._cond:
                self.nbytes += len(data)
                self._chunks.append((t, text))
                self._cond.notify_all()

    @property
    def mark(self) -> int:
        """Where the output is now: a wait from here sees only what arrives after."""
        with self._cond:
            return len(self._chunks)

    def wait_for(self, found: Callable[[str], bool], start: int, timeout: float) -> float | None:
        """The arrival time of the first chunk from `start` on for which `found(chunk)` (called
        on each chunk in order, so it may accumulate) is true; None on timeout or EOF."""
        deadline = time.perf_counter() + timeout
        i = start
        with self._cond:
            while True:
                while i < len(self._chunks):
                    t, text = self._chunks[i]
                    i += 1
                    if found(text):
                        return t
                if self.eof:
                    return None
                remaining = deadline - time.perf_counter()
                if remaining <= 0:
                    return None
                self._cond.wait(remaining)

    def tail(self, n: int = 300) -> str:
        """The end of the output, escape sequences left out (for an error message)."""
        with self._cond:
            text = "".join(chunk for _, chunk in self._chunks[-200:])
        return " ".join(_ESCAPE.sub("", text).split())[-n:]

    def send(self, text: str) -> float:
        """Write to the terminal; the time just before the write."""
        data = text.encode("utf-8")
        t = time.perf_counter()
        os.write(self.fd, data)
        return t

    def quit(self, timeout: float = QUIT_TIMEOUT_S) -> tuple[float | None, float | None]:
        """Ctrl+Q. The ms until the terminal was handed back (the app left the alternate screen)
        and until the process exited; None for what did not happen within `timeout` (the app is
        then stopped by `stop`)."""
        if not self.alive():
            return None, None
        start = self.mark
        try:
            t = self.send(CTRL_Q)
        except OSError:
            return None, None
        deadline = t + timeout
        exited = None
        while time.perf_counter() < deadline:
            if not self.alive():
                exited = (time.perf_counter() - t) * 1000
                break
            time.sleep(0.005)
        left = self.wait_for(lambda chunk: LEAVE_ALT_SCREEN in chunk, start, 0.5 if exited is not None else 0)
        return (None if left is None else (left - t) * 1000), exited

    def stop(self) -> None:
        """However it stands: SIGTERM then SIGKILL to the app's process group (it leads a session
        of its own, on its terminal), then close the terminal and reap."""
        for sig, grace in ((signal.SIGTERM, 2.0), (signal.SIGKILL, 2.0)):
            if not self.alive():
                break
            try:
                os.killpg(self.pid, sig)
            except (ProcessLookupError, PermissionError):
                pass
            deadline = time.perf_counter() + grace
            while time.perf_counter() < deadline and self.alive():
                time.sleep(0.02)
        try:
            os.killpg(self.pid, signal.SIGKILL)  # anything the app left in its group
        except (ProcessLookupError, PermissionError):
            pass
        try:
            self.proc.wait(2.0)
        except subprocess.TimeoutExpired:
            pass
        self._reader.join(2.0)  # the terminal's other end closed with the app: the reader saw EOF
        try:
            os.close(self.fd)
        except OSError:
            pass


@contextmanager
def _terminal(argv: list[str], env: dict[str, str], rows: int, cols: int, pids: list[int]) -> Iterator[Terminal]:
    term = Terminal(argv, env, rows, cols)
    pids.append(term.pid)
    try:
        yield term
    finally:
        term.quit()
        term.stop()


@contextmanager
def _sigterm_as_interrupt() -> Iterator[None]:
    """A SIGTERM to the bench cleans up like Ctrl+C does (main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum, frame):  # noqa: ARG001
        raise KeyboardInterrupt

    old = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, old)


def _first_screen() -> Callable[[str], bool]:
    seen: list[str] = []

    def found(chunk: str) -> bool:
        seen.append(chunk)
        plain = _ESCAPE.sub("", "".join(seen))
        return TITLE in plain and _STATUS_CLOCK.search(plain) is not None

    return found


def _startup_once(exe: str, env: dict[str, str], rows: int, cols: int,
                  pids: list[int]) -> tuple[float, tuple[float | None, float | None]]:
    argv = [exe, "practice", PROBLEM, "--no-audio", "--model", "none"]
    with _terminal(argv, env, rows, cols, pids) as term:
        t = term.wait_for(_first_screen(), 0, timeout=60)
        if t is None:
            raise RuntimeError(f"the app drew no screen with {TITLE!r} and its clock within 60 s at {rows}x{cols}"
                               + (" (it exited)" if term.eof else "") + f"; its last words: {term.tail()!r}")
        startup = (t - term.spawned) * 1000
        time.sleep(0.3)  # let the first screen's follow-ups land before leaving
        quit_ms = term.quit()
    return startup, quit_ms


def _startup(exe: str, home_root: Path, runs: int, pids: list[int]) -> dict[str, Any]:
    def fresh_env(tag: str) -> dict[str, str]:
        home = Path(tempfile.mkdtemp(prefix=f"{tag}-", dir=home_root))
        return _child_env(home)

    warmup, _ = _startup_once(exe, fresh_env("warmup"), *SIZES[0], pids)  # the page cache, the .pyc files
    samples: dict[str, list[float]] = {f"{r}x{c}": [] for r, c in SIZES}
    handed_back: list[float] = []
    exits: list[float] = []
    quit_timeouts = 0
    for i in range(runs):
        for rows, cols in SIZES:  # interleaved, so a burst of load hits both sizes alike
            ms, quit_ms = _startup_once(exe, fresh_env(f"start{i}"), rows, cols, pids)
            samples[f"{rows}x{cols}"].append(ms)
            screen_ms, exit_ms = quit_ms
            if screen_ms is not None:
                handed_back.append(screen_ms)
            if exit_ms is not None:
                exits.append(exit_ms)
            else:
                quit_timeouts += 1
    return {
        "runs": runs,
        "warmup_ms": round(warmup, 1),
        "sizes": {size: {"median_ms": round(statistics.median(v), 1), "max_ms": round(max(v), 1),
                         "samples_ms": [round(x, 1) for x in v]} for size, v in samples.items()},
        "quit": _quit_figures(handed_back, exits, quit_timeouts),
    }


def _quit_figures(handed_back: list[float], exits: list[float], timeouts: int) -> dict[str, Any]:
    return {"terminal_back_ms_median": round(statistics.median(handed_back), 1) if handed_back else None,
            "exited_ms_median": round(statistics.median(exits), 1) if exits else None,
            "exited_ms_max": round(max(exits), 1) if exits else None,
            "timeouts": timeouts}


def _long_answer(n: int) -> str:
    words = ("Right, so let us think about the hash map idea here: for each number we look up "
             "its complement and remember where we saw it before moving on through the array.").split()
    return " ".join(words[i % len(words)] for i in range(n)) + "."


def _stats(values: list[float]) -> dict[str, Any]:
    if not values:
        return {"n": 0, "median_ms": None, "p99_ms": None, "max_ms": None}
    return {"n": len(values), "median_ms": round(statistics.median(values), 1),
            "p99_ms": round(percentile(values, 0.99), 1), "max_ms": round(max(values), 1)}


def _saved_code(home: Path) -> str | None:
    """The editor's text as the app saved it on leaving (its last code snapshot)."""
    db = home / "sessions.sqlite3"
    if not db.exists():
        return None
    con = sqlite3.connect(str(db))
    try:
        row = con.execute("SELECT data FROM events WHERE type = 'code_snapshot' ORDER BY rowid DESC LIMIT 1").fetchone()
    finally:
        con.close()
    if row is None:
        return None
    return json.loads(row[0]).get("code")


def _keypress(exe: str, home_root: Path, keys: int, idle_keys: int, pids: list[int], seed: int) -> dict[str, Any]:
    from intervu_cli.bench.fakellm import FakeLLMServer

    answer = _long_answer(ANSWER_TOKENS)

    answered: set[str] = set()

    def reply(messages: list) -> str:
        """Long to each of the bench's questions, once; short to the rest (the warm-up, the
        interviewer's remarks on the code), so the streams are the ones the bench asked for."""
        said = [str(m.get("content", "")) for m in messages if isinstance(m, dict) and m.get("role") == "user"]
        last = said[-1] if said else ""
        system = str(messages[0].get("content", "")) if messages and isinstance(messages[0], dict) else ""
        if system.startswith(READING_MARKER):
            return "Okay."  # the model's reading of the turn (no reading: the rules' stands), not the answer
        if MARK in last and last not in answered:
            answered.add(last)
            return answer
        return "Okay."

    rng = random.Random(seed)
    home = Path(tempfile.mkdtemp(prefix="keys-", dir=home_root))
    env = _child_env(home)
    server = FakeLLMServer(reply, ttft_ms=LLM_TTFT_MS, tokens_per_s=LLM_TOKENS_PER_S).start()
    streaming: list[float] = []
    idle: list[float] = []
    lost = {"streaming": 0, "idle": 0}
    skipped = 0  # keys whose condition changed between the write and the echo
    typed: list[str] = []
    answers = 0
    idle_bytes_per_s = None
    quit_figures = None

    def open_streams() -> int:
        return len(server.requests) - server.completed - server.disconnects - server.died

    def key(term: Terminal, want_stream: bool) -> None:
        nonlocal skipped
        ch = chr(0x4E00 + len(typed))
        typed.append(ch)
        start = term.mark
        before = open_streams() > 0
        t0 = term.send(ch)
        t1 = term.wait_for(lambda chunk: ch in chunk, start, KEY_TIMEOUT_S)
        after = open_streams() > 0
        if t1 is None and term.eof:
            raise RuntimeError(f"the app exited during the keypress run; its last words: {term.tail()!r}")
        kind = "streaming" if want_stream else "idle"
        if t1 is None:
            lost[kind] += 1
        elif before == after == want_stream:
            (streaming if want_stream else idle).append((t1 - t0) * 1000)
        else:
            skipped += 1
        if len(typed) % 12 == 0:  # lines of a dozen characters, as code goes
            time.sleep(rng.uniform(*SPACING_MS) / 1000)
            term.send(ENTER)
        time.sleep(rng.uniform(*SPACING_MS) / 1000)

    argv = [exe, "practice", PROBLEM, "--no-audio", "--model", "openai/fake", "--api-base", server.base_url]
    rounds = max(1, math.ceil(keys / STREAM_KEYS_PER_ROUND))
    stream_quota = math.ceil(keys / rounds)
    idle_quota = math.ceil(idle_keys / rounds)
    answer_s = LLM_TTFT_MS / 1000 + ANSWER_TOKENS / LLM_TOKENS_PER_S
    try:
        with _terminal(argv, env, *KEYS_SIZE, pids) as term:
            if term.wait_for(_first_screen(), 0, timeout=60) is None:
                raise RuntimeError(f"the app drew no first screen within 60 s; its last words: {term.tail()!r}")
            # the greeting and the warm-up (both short) done, then a quiet while: what does idle cost?
            server.wait_for(lambda: open_streams() == 0, timeout=30)
            time.sleep(1.0)
            b0, t0 = term.nbytes, time.perf_counter()
            time.sleep(2.0)
            idle_bytes_per_s = (term.nbytes - b0) / (time.perf_counter() - t0)
            in_editor = False
            for round_no in range(rounds * 3 + 2):
                if len(streaming) >= keys and len(idle) >= idle_keys:
                    break
                if in_editor:
                    term.send(F2)
                    in_editor = False
                    time.sleep(0.2)
                asked = len(server.requests)
                term.send(f"Question {round_no + 1}, {MARK}: how would you approach this, in detail?")
                time.sleep(0.05)
                term.send(ENTER)
                if not server.wait_for(lambda: len(server.requests) > asked, timeout=30):
                    raise RuntimeError("the line to the interviewer reached no LLM within 30 s (was the line focused? "
                                       f"did Enter send it?); the screen's last words: {term.tail()!r}")
                answers += 1
                time.sleep(LLM_TTFT_MS / 1000 + 0.15)  # the first tokens on screen
                term.send(F2)
                in_editor = True
                time.sleep(0.2)
                goal = min(keys, len(streaming) + stream_quota)
                while len(streaming) < goal and open_streams() > 0:
                    key(term, want_stream=True)
                if not server.wait_for(lambda: open_streams() == 0, timeout=answer_s + 30):
                    raise RuntimeError("the fake LLM's answer never ended")
                time.sleep(0.5)  # the last words drawn, the answer stored
                goal = min(idle_keys, len(idle) + idle_quota)
                tries = 0
                while len(idle) < goal and tries < idle_quota * 3:
                    tries += 1
                    if open_streams() > 0:
                        server.wait_for(lambda: open_streams() == 0, timeout=answer_s + 30)
                        time.sleep(0.5)
                    key(term, want_stream=False)
            time.sleep(0.3)
            screen_ms, exit_ms = term.quit()
            quit_figures = _quit_figures([screen_ms] if screen_ms is not None else [],
                                         [exit_ms] if exit_ms is not None else [], int(exit_ms is None))
        saved = _saved_code(home)
    finally:
        server.close()
    s, i = _stats(streaming), _stats(idle)
    return {
        "size": f"{KEYS_SIZE[0]}x{KEYS_SIZE[1]}",
        "llm": {"ttft_ms": LLM_TTFT_MS, "tokens_per_s": LLM_TOKENS_PER_S, "answer_tokens": ANSWER_TOKENS},
        "spacing_ms": list(SPACING_MS),
        "streaming": s,
        "idle": i,
        "ratio_median": round(s["median_ms"] / i["median_ms"], 2) if s["n"] and i["n"] else None,
        "lost": lost,
        "skipped": skipped,
        "answers": answers,
        "typed_into_editor": saved is not None and all(ch in saved for ch in typed),
        "idle_output_bytes_per_s": round(idle_bytes_per_s) if idle_bytes_per_s is not None else None,
        "quit": quit_figures,
    }


def run(runs: int = 5, keys: int = 100, idle_keys: int | None = None, seed: int = 1) -> dict[str, Any]:
    """Both measures; the figures as a dict. Raises RuntimeError when the app misbehaves."""
    exe = intervu_exe()
    idle_keys = max(1, keys // 2) if idle_keys is None else idle_keys
    pids: list[int] = []
    home_root = Path(tempfile.mkdtemp(prefix="intervu-bench-tui-"))
    try:
        with _sigterm_as_interrupt():
            report: dict[str, Any] = {"problem": PROBLEM, "startup": _startup(exe, home_root, runs, pids)}
            report["keypress"] = _keypress(exe, home_root, keys, idle_keys, pids, seed)
    finally:
        shutil.rmtree(home_root, ignore_errors=True)
    report["pids"] = pids
    return report


def render(report: dict[str, Any]) -> list[str]:
    s = report["startup"]
    lines = [f"TUI benchmark: intervu practice {report['problem']} on a pseudo-terminal"]
    lines.append(f"  startup → first screen ({TITLE!r} and the clock drawn), "
                 f"{s['runs']} run{'s' if s['runs'] != 1 else ''} per size after a warm-up ({s['warmup_ms']:.0f} ms):")
    for size, r in s["sizes"].items():
        lines.append(f"    {size:<7}  median {r['median_ms']:.0f} ms  max {r['max_ms']:.0f} ms")
    lines.append("  " + _quit_line(s["quit"], "--model none, median"))
    k = report["keypress"]
    llm = k["llm"]
    lines.append(f"  keypress → screen in the editor, {k['size']}, "
                 f"keys {k['spacing_ms'][0]}-{k['spacing_ms'][1]} ms apart:")
    for label, r in (("while the interviewer streams", k["streaming"]), ("interviewer idle", k["idle"])):
        if r["n"]:
            lines.append(f"    {label:<30} median {r['median_ms']:.1f} ms  p99 {r['p99_ms']:.1f} ms  "
                         f"max {r['max_ms']:.1f} ms  (n={r['n']})")
        else:
            lines.append(f"    {label:<30} no samples")
    if k["ratio_median"] is not None:
        lines.append(f"    streaming / idle median: ×{k['ratio_median']:.2f}   (fake LLM: first token "
                     f"{llm['ttft_ms']:.0f} ms, {llm['tokens_per_s']:.0f} tokens/s, {llm['answer_tokens']} tokens "
                     f"an answer; {k['answers']} answer{'s' if k['answers'] != 1 else ''})")
    lost = k["lost"]["streaming"] + k["lost"]["idle"]
    if lost:
        lines.append(f"    {lost} key(s) never appeared on screen within {KEY_TIMEOUT_S:g} s")
    if not k["typed_into_editor"]:
        lines.append("    the saved code does not hold every key typed: they did not all reach the editor")
    if k["quit"] is not None:
        lines.append("  " + _quit_line(k["quit"], "with the LLM, after the keys"))
    if k["idle_output_bytes_per_s"] is not None:
        lines.append(f"  terminal output with nothing happening: {k['idle_output_bytes_per_s'] / 1024:.1f} KB/s")
    return lines


def _quit_line(q: dict[str, Any], what: str) -> str:
    def ms(v: float | None) -> str:
        return "-" if v is None else f"{v:.0f} ms"

    line = (f"Ctrl+Q ({what}): terminal back in {ms(q['terminal_back_ms_median'])}, "
            f"process exited in {ms(q['exited_ms_median'])}")
    if q["timeouts"]:
        line += f"; {q['timeouts']} did not exit within {QUIT_TIMEOUT_S:g} s and were stopped"
    return line
