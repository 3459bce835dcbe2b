"""What `intervu` tells the user, held to what the command line really is.

- `--help` of every command and subcommand: no type label on an option (`--help <bool>`), and
  descriptions that read as flowing paragraphs, not a docstring's hard line breaks.
- Advice leads somewhere: every message that suggests a command (`intervu ...`) or an option (`--x`)
  names one the real `intervu` has. A static scan of every string in intervu_cli checks each mention
  against the command tree; a registry of triggering commands runs the real console script, takes the
  advice out of what it says and follows it.

No audio device is simulated by pointing PulseAudio at nothing (PULSE_SERVER): PortAudio then sees no
device; the audio rig is never started here.
"""

from __future__ import annotations

import ast
import json
import os
import re
import socket
import subprocess
import sys
from functools import lru_cache
from pathlib import Path

import pytest
import typer
from conftest import REPO, SCRIPTS, SPEECH, intervu_exe

from intervu_cli.cli.app import app

PACKAGE = REPO / "intervu_cli"
STRONG = str(SCRIPTS / "strong-two-sum.txt")
NO_AUDIO = {"PULSE_SERVER": "unix:/nonexistent/pulse"}  # PortAudio sees no device (and never the rig)
TYPE_LABEL = re.compile(r"<(?:bool|str|int|float|path|file|dir|list|tuple|choice)\b[^>]*>", re.IGNORECASE)
BOX = "│╭╮╰╯─"


# --- the command tree -------------------------------------------------------------------------------


def _tree() -> dict[tuple[str, ...], object]:
    """Every command and group by its path ((), ("bench",), ("bench", "voice"), ...)."""
    root = typer.main.get_command(app)
    found: dict[tuple[str, ...], object] = {}

    def walk(cmd, path):
        found[path] = cmd
        for name, sub in getattr(cmd, "commands", {}).items():
            walk(sub, (*path, name))

    walk(root, ())
    return found


TREE = _tree()
COMMANDS = sorted(TREE)


def _options(path: tuple[str, ...]) -> set[str]:
    return {o for p in TREE[path].params for o in (*p.opts, *p.secondary_opts) if o.startswith("-")} | {"--help"}


def run(*args: str, env: dict | None = None, input: str | None = None, timeout: float = 120,
        home: Path | None = None) -> subprocess.CompletedProcess:
    full = {**os.environ, "COLUMNS": "100", **(env or {})}
    if home is not None:
        full["INTERVU_HOME"] = str(home)
    return subprocess.run([intervu_exe(), *args], capture_output=True, text=True, env=full, input=input,
                          timeout=timeout)


@lru_cache(maxsize=None)
def real_help(path: tuple[str, ...]) -> str:
    proc = run(*path, "--help")
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def _panel(text: str, title: str) -> list[str]:
    """The lines inside a help panel (╭─ Options ─...╮ to ╰...╯), without the borders."""
    lines, inside = [], False
    for line in text.splitlines():
        if line.lstrip().startswith("╭─") and f" {title} " in line:
            inside = True
        elif inside and line.lstrip().startswith("╰"):
            break
        elif inside:
            lines.append(line.strip().strip("│").rstrip())
    return lines


@lru_cache(maxsize=None)
def real_options(path: tuple[str, ...]) -> frozenset[str]:
    """The options the real `intervu PATH --help` lists."""
    return frozenset(re.findall(r"(?<![\w-])--[a-z][\w-]*", "\n".join(_panel(real_help(path), "Options"))))


@lru_cache(maxsize=None)
def real_subcommands(path: tuple[str, ...]) -> frozenset[str]:
    return frozenset(m.group(1) for line in _panel(real_help(path), "Commands")
                     if (m := re.match(r" ([a-z][\w-]*)\s", line)))


# --- 1. help --------------------------------------------------------------------------------------


def _greedy_breaks(lines: list[str], width: int) -> list[str]:
    """Lines of one wrapped paragraph that end although the next word would have fitted: a greedy
    wrap (rich's) never does that, a docstring's hard line break does. `width` is at most the real
    wrapping width (the longest line seen), so a line flagged here was broken early for certain."""
    bad = []
    for line, after in zip(lines, lines[1:]):
        word = after.split()[0] if after.split() else ""
        if word and len(line.rstrip()) + 1 + len(word) <= width:
            bad.append(f"{line.strip()!r} (then {word!r})")
    return bad


def _description_rows(text: str) -> list[list[str]]:
    """The Commands panel's descriptions, one list of wrapped lines per command."""
    rows: list[list[str]] = []
    lines = _panel(text, "Commands")
    column = min((len(m.group(0)) for line in lines if (m := re.match(r" [a-z][\w-]*\s+", line))), default=0)
    for line in lines:
        if line[1:2].strip():  # a command's name: a new row
            rows.append([line[column:]])
        elif rows:
            rows[-1].append(line[column:])
    return rows


def _long_help(text: str) -> list[list[str]]:
    """The paragraphs of the long help (between the usage line and the first panel)."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if "Usage:" in line) + 1
    paragraphs: list[list[str]] = [[]]
    for line in lines[start:]:
        if line.lstrip().startswith("╭"):
            break
        if line.strip():
            paragraphs[-1].append(line.rstrip())
        elif paragraphs[-1]:
            paragraphs.append([])
    return [p for p in paragraphs if p]


def _flat(text: str) -> str:
    return " ".join(text.translate({ord(c): " " for c in BOX}).split())


def _paragraphs(doc: str) -> list[str]:
    import inspect

    return [" ".join(p.split()) for p in inspect.cleandoc(doc).partition("\f")[0].split("\n\n") if p.strip()]


@pytest.mark.parametrize("path", COMMANDS, ids=lambda p: " ".join(("intervu", *p)))
def test_help_has_no_type_labels_and_reads_as_flowing_paragraphs(path):
    text = real_help(path)
    labels = sorted({m.group(0) for m in TYPE_LABEL.finditer(text)})
    assert not labels, f"`intervu {' '.join(path)} --help` labels options with their types: {labels}"
    # Long help: every paragraph of the docstring is there, whole, and wrapped only where it must be.
    cmd = TREE[path]
    if cmd.help:
        flat = _flat(text)
        for paragraph in _paragraphs(cmd.help):
            assert paragraph in flat, f"paragraph missing from the help: {paragraph!r}"
    blocks = _long_help(text)
    width = max(len(line) for block in blocks for line in block)
    broken = [b for block in blocks for b in _greedy_breaks(block, width)]
    # The list of commands of a group: one flowing description each.
    rows = _description_rows(text)
    if rows:
        width = max(len(line) for row in rows for line in row)
        broken += [b for row in rows for b in _greedy_breaks(row, width)]
    assert not broken, f"`intervu {' '.join(path)} --help` breaks lines mid-sentence: {broken}"
    # The usage line as the README writes it: `intervu run [OPTIONS] SLUG FILE`, not `{slug} {file}`.
    usage = next(line for line in text.splitlines() if "Usage:" in line)
    assert "{" not in usage and not re.search(r"\b[a-z_]+\b(?=\]?\s*$)", usage.split("[OPTIONS]")[-1]), usage


def test_every_command_and_subcommand_is_walked():
    """The walk above is the real tree: the groups' own help lists exactly these subcommands."""
    for path, cmd in TREE.items():
        if hasattr(cmd, "commands"):
            assert real_subcommands(path) == set(cmd.commands), path
    assert {("bench", "voice"), ("bench", "sandbox"), ("bench", "tui"), ("models", "list"),
            ("models", "download"), ("models", "path")} <= set(TREE)


def test_the_help_option_is_not_labelled_before_it_is_asked_for():
    """click makes --help lazily, when a command is parsed: an in-process help has no label either."""
    from typer.testing import CliRunner

    out = CliRunner().invoke(app, ["models", "download", "--help"], env={"COLUMNS": "100"}).output
    assert "--help" in out and not TYPE_LABEL.search(out), out


# --- 2. advice: the static scan -------------------------------------------------------------------

# Strings that are some other program's command line, not intervu's.
EXEMPT = {
    "intervu_cli/bench/fakellm.py": "the fake LLM server's own command line (python -m intervu_cli.bench.fakellm)",
    "intervu_cli/sandbox/__init__.py": "node's flags",
}

# Messages outside a command's own function carry no command of their own: which commands can show
# them? A bare option in one must be an option of every one of these. A new module or helper that names
# an option must be added here (the test says so), which is when to check that it fits them all.
ALL = [p for p in COMMANDS if p]
SHOWN_BY: dict[str, list[tuple[str, ...]]] = {
    # the voice layer, under the commands that open a microphone or a speaker
    "intervu_cli/voice/audio/capture.py": [("practice",), ("resume",), ("listen",), ("bench",), ("bench", "voice")],
    "intervu_cli/voice/audio/devices.py:_no_output": [("practice",), ("resume",), ("say",), ("bench",),
                                                          ("bench", "voice")],
    "intervu_cli/voice/audio/playback.py": [("practice",), ("resume",), ("say",), ("bench",), ("bench", "voice")],
    "intervu_cli/voice/speaking/say.py": [("say",)],
    "intervu_cli/voice/listening/models.py": [("models", "download"), ("models", "path"), ("practice",),
                                              ("resume",), ("listen",), ("bench",), ("bench", "voice")],
    # the spoken interview's LLM: practice and resume
    "intervu_cli/engine/llm.py": [("practice",), ("resume",)],
    # settings: every command loads them; an option is named only when it was given (config._named)
    "intervu_cli/core/config.py": [],
    # the voice bench's own modules
    "intervu_cli/bench/voice.py": [("bench",), ("bench", "voice")],
    "intervu_cli/bench/tui.py": [("practice",)],  # its report describes the `intervu practice` it times
    # `intervu doctor`'s checks
    "intervu_cli/session/doctor.py": [("doctor",)],
    # cli helpers, by the commands that call them
    "intervu_cli/cli/common.py:check_language": [("practice",), ("show",), ("run",)],
    "intervu_cli/cli/practice.py": [("practice",), ("resume",)],
    "intervu_cli/cli/bench.py": [("bench",), ("bench", "voice")],  # the voice bench's options and checks
}
OPTION = re.compile(r"(?<![\w`-])--[a-z][\w-]*")
# Another program's command line in a message ("apt install --reinstall espeak-ng"): its options are its own.
FOREIGN = re.compile(r"\b(?:apt|apt-get|pip|pip3|npm|node|python3?)\b[^`;,()\n]*")
PHRASE = re.compile(r"(`?)\bintervu((?: +(?:[a-z][\w-]*|…))+)([^`;,()\n]*)")


def _text(node) -> str:
    """A string literal, with each {placeholder} of an f-string as …."""
    if isinstance(node, ast.Constant):
        return node.value
    return "".join(v.value if isinstance(v, ast.Constant) else "…" for v in node.values)


def _strings(path: Path):
    """(text, function it is in, line) for every string literal of a module (an f-string whole; the
    docstrings of modules, classes and functions other than commands are not shown to the user)."""
    tree = ast.parse(path.read_text())
    commands = {getattr(c.callback, "__name__", "") for p, c in TREE.items()
                if c.callback is not None and c.callback.__module__ == _module(path)}
    skip: set[int] = set()
    parents: dict[int, str] = {}

    def visit(node, function):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            function = node.name
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if (body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant)
                    and not (isinstance(node, ast.FunctionDef) and node.name in commands)):
                skip.add(id(body[0].value))
        if isinstance(node, ast.JoinedStr):
            for v in node.values:
                skip.add(id(v))
        parents[id(node)] = function
        for child in ast.iter_child_nodes(node):
            visit(child, function)

    visit(tree, "")
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if (isinstance(node, ast.Constant) and isinstance(node.value, str)) or isinstance(node, ast.JoinedStr):
            yield _text(node), parents[id(node)], node.lineno, parents[id(node)] in commands


def _module(path: Path) -> str:
    return ".".join(path.relative_to(REPO).with_suffix("").parts)


def _command_of(module: str, function: str) -> tuple[str, ...] | None:
    for p, c in TREE.items():
        if c.callback is not None and c.callback.__module__ == module and c.callback.__name__ == function:
            return p
    return None


def _phrases(text: str):
    """(command path, options named after it, backticked) for each `intervu WORDS ...` in a text."""
    for m in PHRASE.finditer(text):
        words, path = m.group(2).split(), ()
        for word in words:
            if (*path, word) in TREE:
                path = (*path, word)
            else:
                break
        rest = " ".join(words[len(path):]) + m.group(3)
        yield path, words, OPTION.findall(rest.split(". ")[0]), bool(m.group(1)), m.span()


def check_text(text: str, shown_by: list[tuple[str, ...]] | None) -> list[str]:
    """What is wrong with the advice in one message, shown by the commands `shown_by` (None: not known)."""
    problems = []
    if re.fullmatch(r"-{1,2}[\w-]+(?:/--[\w-]+)?=?", text.strip()):  # an option's declaration, an argv item
        return []
    covered = []
    for path, words, options, backticked, span in _phrases(text):
        if not path:
            if backticked:
                problems.append(f"`intervu {' '.join(words)}`: no such command")
            continue  # prose: "intervu leaves it as it is"
        covered.append(span)
        if hasattr(TREE[path], "commands") and len(words) > len(path) and backticked and words[len(path)] != "…":
            problems.append(f"`intervu {' '.join(words)}`: {' '.join(path)} has no command {words[len(path)]!r}")
        problems += [f"`intervu {' '.join(path)}` has no {o}" for o in options if o not in _options(path)]
    covered += [m.span() for m in FOREIGN.finditer(text)]
    bare = [m for m in OPTION.finditer(text) if not any(a <= m.start() < b for a, b in covered)]
    if bare and shown_by is None:
        return [*problems, f"names {[m.group(0) for m in bare]}, but no command is known to show it: add it "
                           "to SHOWN_BY"]
    for m in bare or ():
        missing = [" ".join(p) or "intervu" for p in shown_by if m.group(0) not in _options(p)]
        if missing:
            problems.append(f"{m.group(0)} is not an option of {', '.join(missing)}")
    return problems


def _scan() -> tuple[list[str], set[str]]:
    problems: list[str] = []
    used: set[str] = set()
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = str(path.relative_to(REPO))
        if rel in EXEMPT:
            continue
        for text, function, line, in_command in _strings(path):
            if not (OPTION.search(text) or PHRASE.search(text)):
                continue
            if in_command:
                shown_by = [_command_of(_module(path), function)]
            elif f"{rel}:{function}" in SHOWN_BY:
                shown_by = SHOWN_BY[f"{rel}:{function}"]
                used.add(f"{rel}:{function}")
            elif rel in SHOWN_BY:
                shown_by = SHOWN_BY[rel]
                used.add(rel)
            else:
                shown_by = None
            problems += [f"{rel}:{line} ({function or 'module'}): {p}: {text!r}" for p in check_text(text, shown_by)]
    return problems, used


def test_every_command_and_option_named_in_a_message_exists():
    problems, used = _scan()
    assert not problems, "advice that leads nowhere:\n" + "\n".join(problems)
    assert used == set(SHOWN_BY), f"SHOWN_BY names what holds no option any more: {set(SHOWN_BY) - used}"


@pytest.mark.parametrize("text, shown_by, wrong", [
    ("cannot open the microphone; or use --no-audio", [("listen",)], "--no-audio is not an option of listen"),
    ("no model; pass --vosk-model PATH", [("models", "download")], "--vosk-model is not an option of models download"),
    ("list them with `intervu device`", [], "`intervu device`: no such command"),
    ("run `intervu models fetch`", [], "models has no command 'fetch'"),
    ("start one with `intervu practice SLUG --no-sound`", [], "`intervu practice` has no --no-sound"),
    ("pick one with --device", None, "no command is known to show it"),
])
def test_the_scan_catches_bad_advice(text, shown_by, wrong):
    """The scan itself can fail: each of these is the kind of advice this file exists to stop."""
    assert any(wrong in p for p in check_text(text, shown_by)), check_text(text, shown_by)


@pytest.mark.parametrize("text, shown_by", [
    ("cannot find a default input device; list them with `intervu devices`, or pick one with --device",
     [("listen",), ("practice",)]),
    ("The interview is saved; continue it with: intervu resume …", []),
    ("another intervu is downloading a model into …", []),
    ("`intervu report …` shows its feedback, `intervu history` lists your sessions", []),
])
def test_the_scan_passes_good_advice(text, shown_by):
    assert check_text(text, shown_by) == []


# --- 2. advice: triggered for real and followed ---------------------------------------------------


def _closed_port_url() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{s.getsockname()[1]}"


def _advice(said: str, command: tuple[str, ...]) -> list[tuple[tuple[str, ...], list[str]]]:
    """The commands a message suggests, each with the options it names; a bare option is advice for
    the command that said it."""
    found, covered = [], []
    for path, _words, options, _ticked, span in _phrases(said):
        if path:
            found.append((path, options))
            covered.append(span)
    bare = [m.group(0) for m in OPTION.finditer(said) if not any(a <= m.start() < b for a, b in covered)]
    if bare:
        found.append((command, bare))
    return found


def _check_real(advice) -> None:
    for path, options in advice:
        assert path[-1] in real_subcommands(path[:-1]), f"`intervu {' '.join(path)}` is not a command"
        missing = [o for o in options if o not in real_options(path)]
        assert not missing, f"`intervu {' '.join(path)}` has no {missing}"


def _one_line(proc) -> str:
    said = proc.stderr.strip()
    assert proc.returncode != 0 and said.startswith("intervu: ") and "\n" not in said, (proc.returncode, said)
    assert "Traceback" not in said
    return said


@pytest.fixture
def no_audio(home):
    """No audio device at all, as PortAudio sees it (checked: else this machine cannot show it)."""
    seen = run("devices", "--json", env=NO_AUDIO, home=home)
    assert seen.returncode == 0 and json.loads(seen.stdout) == [], seen.stdout + seen.stderr
    return NO_AUDIO


def test_no_speaker_advice_for_say_works(home, no_audio):
    said = _one_line(run("say", "hello", env=no_audio, home=home))
    advice = _advice(said, ("say",))
    assert (("devices",), []) in advice and (("say",), ["--speaker"]) in advice, said
    assert "--no-audio" not in said
    _check_real(advice)
    assert run("devices", env=no_audio, home=home).returncode == 0  # followed: it lists them (none here)


@pytest.mark.parametrize("command", [("bench",), ("bench", "voice", "--room"), ("listen", "--seconds", "1")])
def test_no_microphone_advice_works_and_comes_before_any_slow_loading(home, no_audio, command):
    said = _one_line(run(*command, env=no_audio, home=home))
    name = tuple(w for w in command if not w.startswith("-") and not w.isdigit())
    advice = _advice(said, name)
    assert (("devices",), []) in advice and (name, ["--device"]) in advice, said
    assert "--no-audio" not in said
    _check_real(advice)
    # Said before the recognizer and litellm load (their notices come first when they do).
    proc = run(*command, env=no_audio, home=home)
    assert "loading litellm" not in proc.stderr and "Speech recognition" not in proc.stderr, proc.stderr


def test_devices_with_no_microphone_points_at_a_keyboard_interview_that_works(home, no_audio):
    proc = run("devices", env=no_audio, home=home)
    assert proc.returncode == 0
    advice = _advice(proc.stderr, ("devices",))
    assert advice == [(("practice",), ["--no-audio"])], proc.stderr
    _check_real(advice)
    # Followed (SLUG: a problem), off a terminal: it says how to give the input instead ...
    said = _one_line(run("practice", "two-sum", "--no-audio", "--model", "none", home=home))
    advice = _advice(said, ("practice",))
    assert [path for path, _ in advice] == [("practice",)] and "--script" in advice[0][1], said
    _check_real(advice)
    # ... and that, followed, holds an interview by keyboard.
    done = run("practice", "two-sum", "--no-audio", "--model", "none", "--script", "-",
               input=Path(STRONG).read_text(), home=home)
    assert done.returncode == 0, done.stderr


def test_a_voice_interview_with_no_audio_device_offers_the_keyboard(home, no_audio):
    import pexpect

    env = {**os.environ, **no_audio, "INTERVU_HOME": str(home), "COLUMNS": "100", "TERM": "xterm",
           "PROMPT_TOOLKIT_NO_CPR": "1"}
    child = pexpect.spawn(intervu_exe(), ["practice", "two-sum", "--model", "none"], env=env, encoding="utf-8",
                          timeout=60, dimensions=(40, 100))
    child.expect(pexpect.EOF)
    child.close()
    said = " ".join(child.before.split())
    assert child.exitstatus == 2 and said.startswith("intervu: "), said
    advice = _advice(said, ("practice",))
    options = {o for path, named in advice if path == ("practice",) for o in named}
    assert "--no-audio" in options and options & {"--device", "--speaker"}, said
    _check_real(advice)


def test_an_offline_model_download_says_what_works_without_it(home):
    said = _one_line(run("models", "download", env={"INTERVU_MODELS_URL": _closed_port_url()}, home=home))
    assert "INTERVU_VOSK_MODEL" in said and "pocketsphinx" in said, said
    assert not OPTION.search(said), f"`models download` has no options to suggest: {said}"
    # Followed: voice already works without a download (the built-in recognizer hears real speech).
    heard = run("listen", "--file", str(SPEECH / "goforward.wav"), "--json", "--end-silence-ms", "500", home=home)
    assert heard.returncode == 0, heard.stderr
    finals = [json.loads(line)["text"] for line in heard.stdout.splitlines() if '"final"' in line]
    assert finals and "pocketsphinx" in heard.stderr, (finals, heard.stderr)


@pytest.mark.parametrize("command, follow", [
    (("history",), None),
    (("report",), None),
    (("resume",), None),
    (("models", "path"), ("models", "list")),
])
def test_nothing_yet_points_at_a_command_that_exists(home, command, follow):
    proc = run(*command, home=home)
    said = proc.stdout + proc.stderr
    advice = _advice(said, command)
    assert advice, f"`intervu {' '.join(command)}` with nothing yet suggests nothing: {said}"
    _check_real(advice)
    if follow:
        assert run(*follow, home=home).returncode == 0


def test_a_bad_setting_names_where_it_came_from_not_an_option_the_command_lacks(home):
    (home / "config.toml").write_text("tts_rate = 5\n")
    said = _one_line(run("history", home=home))
    assert "tts_rate in " in said and "--rate" not in said, said
    said = _one_line(run("problems", env={"INTERVU_RUN_TIMEOUT": "500"}, home=home))
    assert "INTERVU_RUN_TIMEOUT" in said and "--timeout" not in said, said
    (home / "config.toml").unlink()
    said = _one_line(run("say", "--rate", "5", "hi", home=home))
    assert (("say",), ["--rate"]) in _advice(said, ("say",)), said
    _check_real(_advice(said, ("say",)))


def test_an_unknown_language_advice_works_when_followed(home, tmp_path):
    solution = tmp_path / "solution.txt"
    solution.write_text("def two_sum(nums, target):\n    seen = {}\n    for i, n in enumerate(nums):\n"
                        "        if target - n in seen:\n            return [seen[target - n], i]\n"
                        "        seen[n] = i\n")
    said = _one_line(run("run", "two-sum", str(solution), home=home))
    advice = _advice(said, ("run",))
    assert (("run",), ["--language", "--language"]) in advice, said
    _check_real(advice)
    assert run("run", "two-sum", str(solution), "--language", "python", home=home).returncode == 0


# --- 3. a solution that does not load: said once ----------------------------------------------------

BAD = {
    "python": ("solution.py", "def two_sum(nums, target)\n    return []\n", "SyntaxError on line 1"),
    "javascript": ("solution.js", "function twoSum(nums, target) {\n  return [;\n}\n", "SyntaxError on line 2"),
}


@pytest.mark.parametrize("language", sorted(BAD))
def test_a_file_that_does_not_compile_is_one_line_and_bad_input(home, tmp_path, language):
    name, code, error = BAD[language]
    (tmp_path / name).write_text(code)
    proc = run("run", "two-sum", str(tmp_path / name), home=home)
    said = _one_line(proc)
    assert proc.returncode == 2 and said.count(error) == 1 and name in said, said
    assert proc.stdout == "", proc.stdout  # no test list: no test ran
    # --json: the reason once, in `error`; each test only says it did not run.
    proc = run("run", "two-sum", str(tmp_path / name), "--json", home=home)
    assert proc.returncode == 2, proc.stderr
    result = json.loads(proc.stdout)
    assert result["error"].startswith(error) and result["bad_input"] is True
    assert result["summary"] == f"does not run: {result['error']}"
    assert result["passed"] == 0 and result["total"] == 3
    assert {t["error"] for t in result["tests"]} == {"not run: the code does not load"}


@pytest.mark.parametrize("language, code", [
    ("python", "def twosum(nums, target):\n    return []\n"),
    ("javascript", "function twosum(nums, target) { return []; }\n"),
])
def test_a_file_without_the_function_is_bad_input_too(home, tmp_path, language, code):
    path = tmp_path / ("s.py" if language == "python" else "s.js")
    path.write_text(code)
    said = _one_line(run("run", "two-sum", str(path), home=home))
    assert "two_sum()" in said or "twoSum()" in said, said


@pytest.mark.parametrize("language, code", [
    ("python", "raise ValueError('boom')\n"),
    ("javascript", "throw new Error('boom');\n"),
])
def test_code_that_fails_as_it_loads_is_a_failing_run_said_once(home, tmp_path, language, code):
    """It compiles, so it is a solution that fails (exit 1), not bad input; still one line, not one per test."""
    path = tmp_path / ("s.py" if language == "python" else "s.js")
    path.write_text(code)
    proc = run("run", "two-sum", str(path), home=home)
    assert proc.returncode == 1, proc.stderr
    lines = [line.strip() for line in proc.stdout.splitlines() if line.strip()]
    assert len(lines) == 2 and re.match(r"does not run: (ValueError|Error) on line 1: boom$", lines[1]), proc.stdout
    assert proc.stdout.count("boom") == 1, proc.stdout


@pytest.mark.parametrize("language", sorted(BAD))
def test_the_interviews_test_run_shows_a_compile_error_once(language):
    """The interview's own display of a run (the REPL's renderer; the TUI's drawer skips its tests the
    same way) from a real sandbox run."""
    from rich.console import Console

    from intervu_cli.core.events import TestRunResult
    from intervu_cli.frontends.render import TextRenderer
    from intervu_cli.problems import load_problems, problem_dirs
    from intervu_cli.sandbox import run_code

    _name, code, error = BAD[language]
    problem = load_problems(problem_dirs()).get("two-sum")
    result = run_code(problem, language, code)
    renderer = TextRenderer(Console(record=True, width=100, force_terminal=False))
    renderer.test_run(TestRunResult(t=0.0, passed=result.passed, total=result.total, summary=result.summary,
                                    language=language, tests=tuple(result.to_dict()["tests"]), error=result.error))
    shown = renderer.console.export_text()
    assert shown.count(error) == 1 and "the code does not load" not in shown and "example 1" not in shown, shown


@pytest.mark.parametrize("language", sorted(BAD))
def test_the_full_screen_apps_test_results_show_a_compile_error_once(language):
    """The TUI's results drawer: the run, and the error once under it; no test lines repeating it."""
    import asyncio

    from textual.app import App

    from intervu_cli.core.events import TestRunResult
    from intervu_cli.frontends.tui.widgets import TestResults
    from intervu_cli.problems import load_problems, problem_dirs
    from intervu_cli.sandbox import run_code

    _name, code, error = BAD[language]
    result = run_code(load_problems(problem_dirs()).get("two-sum"), language, code)
    event = TestRunResult(t=0.0, passed=result.passed, total=result.total, summary=result.summary,
                          language=language, tests=tuple(result.to_dict()["tests"]), error=result.error)

    class Drawer(App):
        def compose(self):
            yield TestResults()

    async def go() -> list[str]:
        app = Drawer()
        async with app.run_test(size=(100, 30)) as pilot:
            drawer = app.query_one(TestResults)
            drawer.add_run(event)
            await pilot.pause()
            run = drawer.root.children[0]
            return [str(node.label) for node in run.children]

    shown = asyncio.run(go())
    assert len(shown) == 1 and shown[0].startswith(error), shown


# --- 4. Ctrl+C, however pytest was started ------------------------------------------------------------

IGNORING_SIGINT = ("import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_IGN); "
                   "os.execvp(sys.argv[1], sys.argv[1:])")


def test_ctrl_c_tests_pass_under_a_wrapper_that_ignores_sigint():
    """conftest.py gives SIGINT back its default before any test starts a child: under a wrapper that
    ignores it (which every child would inherit), a Ctrl+C test still sees `intervu` exit 130."""
    probe = subprocess.run([sys.executable, "-c", IGNORING_SIGINT, sys.executable, "-c",
                            "import signal; print(signal.getsignal(signal.SIGINT) is signal.SIG_IGN)"],
                           capture_output=True, text=True, timeout=60)
    assert probe.stdout.strip() == "True", "the wrapper does not ignore SIGINT: this test would prove nothing"
    proc = subprocess.run([sys.executable, "-c", IGNORING_SIGINT, sys.executable, "-m", "pytest", "-q",
                           "-p", "no:cacheprovider", "tests/test_durability.py", "-k",
                           "test_ctrl_c_leaves_a_session_that_resume_continues"],
                          capture_output=True, text=True, timeout=240, cwd=REPO)
    assert proc.returncode == 0 and "1 passed" in proc.stdout, proc.stdout[-3000:] + proc.stderr[-2000:]


if __name__ == "__main__":  # the scan alone: python tests/test_messages.py
    print("\n".join(_scan()[0]) or "no advice that leads nowhere")
    sys.exit(0)
