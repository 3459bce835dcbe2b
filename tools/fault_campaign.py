"""The fault campaign of issue 21, within a time budget, for CI (tests/test_fault_campaign.py runs it):

    python tools/fault_campaign.py [--budget SECONDS] [--seed N]

(a) kill -9 at random moments of scripted interviews (by keyboard, `--script - --json`; with no
    model, and with a model streaming its words from the fake LLM server): every event shown is in
    the store, in order, the words of an utterance cut short by the kill too; `intervu resume`
    then finishes the session (or says it is complete, when the kill came after its end), and it
    has its signal.
(b) a soak: one interview of many turns (up to 2,000, as many as its share of the budget holds),
    with a model: the intervu process's RSS, the reply time and the CPU time per turn at the start,
    the middle and the end. It fails if RSS grows by more than 25% after the warm-up, or the CPU
    time per turn of the last tenth is more than twice the first tenth's. (The CPU time is the
    engine's own work; the reply time is printed beside it, but on a shared machine it measures
    the machine as much as intervu, so it is not a criterion.)
(c) a full disk: a 2 MB tmpfs as INTERVU_HOME, in a mount namespace of its own (`unshare -m`: root
    only, as in CI), filled at a random moment of an interview: one line on stderr (no traceback),
    exit 1, every event shown in the store; once the space is freed, `intervu resume` finishes it.

Prints its figures; exits 1 on any failure. Real console script, real SQLite, real subprocesses.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from intervu_cli.bench.fakellm import FakeLLMServer

EXE = (str(Path(sys.executable).parent / "intervu") if (Path(sys.executable).parent / "intervu").exists()
       else shutil.which("intervu"))
CODE = ["/code", "def two_sum(nums, target):", "    seen = {}", "    for i, x in enumerate(nums):",
        "        if target - x in seen:", "            return [seen[target - x], i]", "        seen[x] = i", "/endcode"]
SCRIPT = ["Can the numbers be negative?", "Is there always exactly one answer?",
          "I'd use a hash map from value to index, one pass, O(n).", *CODE, "/run",
          "It is O(n) time and O(n) space.", "/hint", "/submit", "/finish"]
TURNS = ["Can the numbers be negative?", "Is there always exactly one answer?",
         "I'd use a hash map from value to index, one pass, O(n).", "Can I return the indices in any order?",
         "What should I return if there is no pair?", "It is O(n) time and O(n) space."]


class Failures(list):
    def check(self, ok: bool, what: str) -> bool:
        if not ok:
            self.append(what)
            print(f"  FAIL: {what}", flush=True)
        return ok


class Live:
    """`intervu ARGS --script - --json`, fed and read one line at a time (`prefix`: e.g. nsenter)."""

    def __init__(self, home: Path, *args: str, prefix: tuple[str, ...] = ()) -> None:
        self.proc = subprocess.Popen([*prefix, EXE, *args, "--script", "-", "--json"], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, bufsize=1,
                                     env={**os.environ, "INTERVU_HOME": str(home)})
        self.shown: list[dict] = []

    def read(self) -> dict | None:
        """The next event printed; None once the process has closed its output."""
        line = self.proc.stdout.readline()
        if not line:
            return None
        event = json.loads(line)
        self.shown.append(event)
        return event

    def read_until(self, predicate) -> dict:
        while (event := self.read()) is not None:
            if predicate(event):
                return event
        raise RuntimeError(f"intervu ended early: {self.proc.stderr.read()}")

    def read_to(self, count: int) -> None:
        """Read until `count` events have been shown, or the interview's last (its feedback)."""
        while len(self.shown) < count and not any(e["type"] == "feedback" for e in self.shown[-1:]):
            if self.read() is None:
                return

    def send(self, *lines: str) -> None:
        for line in lines:
            self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()

    def rest(self) -> str:
        """Close its input and read what it still prints, to its end (through the same buffered
        reader: lines it already holds would be lost to `communicate`); its stderr."""
        self.proc.stdin.close()
        while self.read() is not None:
            pass
        self.proc.wait(timeout=120)
        return self.proc.stderr.read()

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(timeout=10)
        for f in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
            try:
                f.close()
            except OSError:
                pass


def stored(db_file: Path, session_id: str) -> list[tuple[dict, int]]:
    db = sqlite3.connect(str(db_file))
    try:
        rows = db.execute("SELECT data, complete FROM events WHERE session_id = ? ORDER BY seq",
                          (session_id,)).fetchall()
    finally:
        db.close()
    return [(json.loads(d), c) for d, c in rows]


def shown_is_stored(shown: list[dict], rows: list[tuple[dict, int]], fails: Failures, label: str) -> None:
    """Every event shown is stored, in order; the words of an utterance shown only as deltas (cut
    short) are the start of its stored text."""
    data = [d for d, _ in rows]
    whole = [e for e in shown if e["type"] != "interviewer_delta"]
    if data[: len(whole)] != whole:
        at = next((i for i, (a, b) in enumerate(zip(data, whole)) if a != b), min(len(data), len(whole)))
        fails.check(False, f"{label}: the events shown are not the store's, in order: from event {at}, shown "
                           f"{json.dumps(whole[at:at + 2])[:300]}, stored {json.dumps(data[at:at + 2])[:300]}")
    said = {d["gen"]: d["text"] for d in data if d["type"] == "interviewer_said"}
    streamed: dict[int, str] = {}
    for e in shown:
        if e["type"] == "interviewer_delta":
            streamed[e["gen"]] = streamed.get(e["gen"], "") + e["text"]
    for gen, text in streamed.items():
        fails.check(said.get(gen, "").startswith(text.strip()) or said.get(gen, "").startswith(text),
                    f"{label}: utterance {gen} shown as {text[:60]!r}... is stored as {said.get(gen)!r}")


def run(home: Path, *args: str, input: str = "", prefix: tuple[str, ...] = ()) -> subprocess.CompletedProcess:
    return subprocess.run([*prefix, EXE, *args], input=input, capture_output=True, text=True, timeout=300,
                          env={**os.environ, "INTERVU_HOME": str(home), "COLUMNS": "200"})


def finishes(home: Path, session_id: str, fails: Failures, label: str, prefix: tuple[str, ...] = ()) -> None:
    """`intervu resume` finishes the session (or says it is complete), and it has its signal."""
    done = run(home, "resume", session_id, "--script", "-", "--json", "--model", "none", input="/finish\n",
               prefix=prefix)
    if done.returncode == 2 and "already complete" in done.stderr:
        pass  # killed after its end
    elif fails.check(done.returncode == 0, f"{label}: resume exited {done.returncode}: {done.stderr.strip()}"):
        kinds = [json.loads(line)["type"] for line in done.stdout.splitlines()]
        fails.check("ended" in kinds and kinds[-1] == "feedback", f"{label}: resume did not finish it: {kinds[-3:]}")
    report = run(home, "report", session_id, "--json", prefix=prefix)
    if fails.check(report.returncode == 0, f"{label}: report exited {report.returncode}: {report.stderr.strip()}"):
        data = json.loads(report.stdout)
        fails.check(data["status"] == "completed" and bool(data.get("signal")), f"{label}: no signal after resume")


# --- (a) kill -9 at random moments --------------------------------------------------------------

def kill_trial(n: int, rng: random.Random, server: FakeLLMServer, fails: Failures) -> str:
    home = Path(tempfile.mkdtemp(prefix="intervu-kill-"))
    try:
        model = ("--model", "none") if n % 2 == 0 else ("--model", "openai/fake", "--api-base", server.base_url)
        live = Live(home, "practice", "two-sum", "--no-audio", *model)
        at = rng.randint(1, 45 if n % 2 == 0 else 110)  # the event read when the kill comes: the script prints
        # about 45 with no model, about 120 with one (each word of its utterances an event of its own)
        try:
            live.read_until(lambda e: e["type"] == "interviewer_said")
            live.send(*SCRIPT)
            live.read_to(at)
            time.sleep(rng.uniform(0, 0.03))  # and a little after it: between two lines, or mid-write
            live.proc.send_signal(signal.SIGKILL)
            live.proc.wait(timeout=10)
        finally:
            live.close()
        session_id = live.shown[0]["session_id"]
        label = f"kill {n} ({model[1]}, after event {at})"
        before = len(fails)
        shown_is_stored(live.shown, stored(home / "sessions.sqlite3", session_id), fails, label)
        finishes(home, session_id, fails, label)
        last = live.shown[-1]
        return (f"  {label}: {'ok' if len(fails) == before else 'FAILED'}; last shown: {last['type']}"
                f"{' gen ' + str(last['gen']) if 'gen' in last else ''}")
    finally:
        shutil.rmtree(home, ignore_errors=True)


# --- (b) the soak -------------------------------------------------------------------------------

def _proc(pid: int) -> tuple[int, float]:
    """RSS (kB) and CPU time (s) of a process."""
    rss = next(int(line.split()[1]) for line in Path(f"/proc/{pid}/status").read_text().splitlines()
               if line.startswith("VmRSS:"))
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    cpu = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime
    return rss, cpu


def soak(deadline: float, max_turns: int, fails: Failures, distinct: bool = False) -> None:
    home = Path(tempfile.mkdtemp(prefix="intervu-soak-"))
    try:
        with FakeLLMServer("Sure, that sounds reasonable. Tell me more about how you would do it.") as server:
            live = Live(home, "practice", "two-sum", "--no-audio", "--model", "openai/fake", "--api-base",
                        server.base_url, "--minutes", "240")
            try:
                live.read_until(lambda e: e["type"] == "interviewer_said")
                marks = []  # per turn: (wall s, rss kB, cpu s after it, prompt chars)
                for i in range(max_turns):
                    if i >= 100 and time.monotonic() > deadline:
                        break
                    line = TURNS[i % len(TURNS)] + (f" ({i})" if distinct else "")
                    t0 = time.perf_counter()
                    live.send(line)
                    live.read_until(lambda e: e["type"] == "candidate_said")
                    reply = live.read_until(lambda e: e["type"] in ("interviewer_said", "ended"))
                    wall = time.perf_counter() - t0
                    if not fails.check(reply["type"] == "interviewer_said", f"soak: the interview ended at turn {i}"):
                        return
                    rss, cpu = _proc(live.proc.pid)
                    messages = server.requests[-1]["messages"] if i % 50 == 0 else None
                    marks.append((wall, rss, cpu, sum(len(m.get("content") or "") for m in messages or [])))
                    live.shown.clear()
                live.send("/finish")
                t0 = time.perf_counter()
                live.read_until(lambda e: e["type"] == "feedback")
                finish_s = time.perf_counter() - t0
            finally:
                live.close()
        turns = len(marks)
        warm = max(10, turns // 20)  # the first turns load the reading index and litellm's first call
        body = marks[warm:]
        tenth = max(1, len(body) // 10)
        first, last = body[:tenth], body[-tenth:]

        def cpu_per_turn(window, before):
            return (window[-1][2] - before) / len(window)

        cpu_first = cpu_per_turn(first, marks[warm - 1][2])
        cpu_last = cpu_per_turn(last, body[-tenth - 1][2])
        wall_first, wall_last = statistics.median(m[0] for m in first), statistics.median(m[0] for m in last)
        rss_start, rss_mid, rss_end = marks[warm - 1][1], marks[turns // 2][1], marks[-1][1]
        prompts = [m[3] for m in marks if m[3]]
        print(f"  {turns} turns (warm-up {warm}), /finish and feedback in {finish_s:.1f} s")
        print(f"  RSS: {rss_start / 1024:.0f} MB after the warm-up, {rss_mid / 1024:.0f} MB at the middle, "
              f"{rss_end / 1024:.0f} MB at the end ({(rss_end / rss_start - 1) * 100:+.1f}%)")
        print(f"  reply time (median of a tenth): {wall_first * 1000:.1f} ms first, "
              f"{statistics.median(m[0] for m in body[len(body) // 2 - tenth // 2:][:tenth]) * 1000:.1f} ms middle, "
              f"{wall_last * 1000:.1f} ms last (ratio {wall_last / wall_first:.2f})")
        print(f"  CPU per turn: {cpu_first * 1000:.1f} ms first tenth, {cpu_last * 1000:.1f} ms last "
              f"(ratio {cpu_last / max(cpu_first, 1e-9):.2f})")
        if prompts:
            print(f"  prompt: {prompts[0]} chars at the start, {prompts[len(prompts) // 2]} at the middle, "
                  f"{prompts[-1]} at the end")
        fails.check(turns >= 100, f"soak: only {turns} turns")
        fails.check(rss_end <= rss_start * 1.25, f"soak: RSS grew {rss_start} -> {rss_end} kB")
        fails.check(cpu_last <= 2 * max(cpu_first, 0.001),
                    f"soak: CPU per turn grew {cpu_first:.4f} -> {cpu_last:.4f} s")
    finally:
        shutil.rmtree(home, ignore_errors=True)


# --- (c) a full disk ----------------------------------------------------------------------------

def fill(folder: Path) -> None:
    """Fill the disk `folder` is on, to the last byte it takes."""
    with open(folder / "filler", "wb", buffering=0) as f:
        for chunk in (1 << 16, 4096, 512, 1):
            try:
                while True:
                    f.write(b"\0" * chunk)
            except OSError:
                continue


def stored_in(pid: int, db_file: Path, session_id: str) -> list[tuple[dict, int]]:
    """`stored`, read inside the mount namespace of `pid` (SQLite resolves /proc/PID/root to its own /)."""
    read = ("import json, sqlite3, sys; db = sqlite3.connect(sys.argv[1]); print(json.dumps(db.execute("
            "'SELECT data, complete FROM events WHERE session_id = ? ORDER BY seq', (sys.argv[2],)).fetchall()))")
    done = subprocess.run(["nsenter", "-t", str(pid), "-m", "--", sys.executable, "-c", read, str(db_file),
                           session_id], capture_output=True, text=True, timeout=60, check=True)
    return [(json.loads(d), c) for d, c in json.loads(done.stdout)]


def full_disk_trial(n: int, rng: random.Random, fails: Failures) -> str:
    home = Path(tempfile.mkdtemp(prefix="intervu-full-"))
    holder = subprocess.Popen(["unshare", "-m", "sh", "-c",
                               'mount -t tmpfs -o size=2m tmpfs "$0" && echo ready && exec cat', str(home)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        if holder.stdout.readline().strip() != "ready":
            fails.check(False, "full disk: cannot mount a tmpfs in a mount namespace (needs root and unshare)")
            return "  full disk: not run"
        inside = Path(f"/proc/{holder.pid}/root") / str(home).lstrip("/")
        prefix = ("nsenter", "-t", str(holder.pid), "-m", "--")
        live = Live(home, "practice", "two-sum", "--no-audio", "--model", "none", prefix=prefix)
        at = rng.randint(3, 30)
        try:
            live.read_until(lambda e: e["type"] == "interviewer_said")
            live.send(*SCRIPT)
            live.read_to(at)
            fill(inside)
            err = live.rest()
        finally:
            live.close()
        session_id = live.shown[0]["session_id"]
        label = f"full disk {n} (after event {at})"
        before = len(fails)
        lines = [line for line in err.splitlines() if line.strip()]
        if live.proc.returncode == 0:  # it ended before it had to write again: nothing to see
            outcome = "ended before the next write"
        else:
            fails.check(live.proc.returncode == 1, f"{label}: exit {live.proc.returncode}")
            fails.check(len(lines) == 1 and "Traceback" not in err, f"{label}: {len(lines)} lines on stderr")
            fails.check(bool(lines) and lines[0].startswith("intervu: disk full: ")
                        and f"intervu resume {session_id}" in lines[0], f"{label}: {lines[:1]}")
            outcome = f"exit {live.proc.returncode}: {lines[0][:70] if lines else ''}..."
        (inside / "filler").unlink()
        shown_is_stored(live.shown, stored_in(holder.pid, home / "sessions.sqlite3", session_id), fails, label)
        finishes(home, session_id, fails, label, prefix=prefix)
        return f"  {label}: {'ok' if len(fails) == before else 'FAILED'}; {outcome}"
    finally:
        holder.stdin.close()
        holder.wait(timeout=10)
        shutil.rmtree(home, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--budget", type=float, default=240, help="seconds for the whole campaign (default 240)")
    parser.add_argument("--seed", type=int, default=None, help="for the random moments (default: the time)")
    parser.add_argument("--turns", type=int, default=2000, help="the soak's turns at most (default 2000)")
    parser.add_argument("--distinct", action="store_true",
                        help="the soak's turns all different (numbered): every question is a new one for the ledger")
    args = parser.parse_args()
    seed = args.seed if args.seed is not None else int(time.time())
    rng = random.Random(seed)
    start = time.monotonic()
    fails = Failures()
    print(f"fault campaign: budget {args.budget:.0f} s, seed {seed}", flush=True)

    print("(a) kill -9 at random moments", flush=True)
    kills = 0
    with FakeLLMServer("Right, and how would you check that on the example?", token_delay_ms=5) as server:
        while kills < 10 or time.monotonic() < start + 0.3 * args.budget:
            print(kill_trial(kills, rng, server, fails), flush=True)
            kills += 1
    print(f"  {kills} trials in {time.monotonic() - start:.0f} s", flush=True)

    print("(b) soak", flush=True)
    t = time.monotonic()
    soak(t + 0.45 * args.budget, args.turns, fails, args.distinct)
    print(f"  in {time.monotonic() - t:.0f} s", flush=True)

    print("(c) full disk", flush=True)
    t, trials = time.monotonic(), 0
    while trials < 3 or time.monotonic() < start + args.budget:
        print(full_disk_trial(trials, rng, fails), flush=True)
        trials += 1
    print(f"  {trials} trials in {time.monotonic() - t:.0f} s", flush=True)

    print(f"fault campaign: {len(fails)} failure(s) in {time.monotonic() - start:.0f} s (seed {seed})")
    for what in fails:
        print(f"  {what}")
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
