"""Reading a file the user named or put in place: the config, problem and pathway files, a solution,
a script, a WAV, the code back from $EDITOR.

Every such read goes through here, so that none can hang or exhaust memory: only a regular file is
opened (a FIFO would block for ever, /dev/zero would never end, a directory is a mistake), opened
without blocking, checked against a size limit before anything is read, and then read to at most
one byte past the limit (a file that grows while it is read is caught too). A TOML file is also
checked for nesting: a few thousand brackets deep would otherwise exhaust Python's stack inside the
parser. Each refusal is a `FileLimitError` whose message names the file and says what to do; the
command line shows it as one line (README: Settings and storage, Problem files).
"""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path
from typing import Any, BinaryIO

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

KB, MB = 1024, 1024 * 1024
# The limits, documented in README.md. Each is far above what a real file needs: the largest
# problem file shipped is about 125 KB, a config a few hundred bytes, a solution a few KB.
CONFIG_LIMIT = 256 * KB
PROBLEM_LIMIT = 2 * MB  # problem and pathway files
SOLUTION_LIMIT = 1 * MB  # a solution to run, the code back from the editor
SCRIPT_LIMIT = 1 * MB  # a --script file, and one line of a script read from standard input
WAV_LIMIT = 256 * MB  # `intervu listen --file`: about 70 minutes of 16 kHz mono, 23 of 48 kHz stereo
MAX_DEPTH = 64  # tables and arrays inside each other, in a TOML file or a JSON value in one


class FileLimitError(Exception):
    """A file that is not read: not a regular file, too large, or nested too deeply. The message
    names it, says what is wrong (`problem`) and what to do (`advice`, which a caller that knows
    better replaces: `with_advice`)."""

    def __init__(self, path: Path, what: str, problem: str, advice: str) -> None:
        super().__init__(f"the {what} {path} {problem}; {advice}")
        self.path, self.what, self.problem, self.advice = path, what, problem, advice

    def with_advice(self, advice: str) -> str:
        return f"the {self.what} {self.path} {self.problem}; {advice}"


def _size(n: int) -> str:
    return f"{n // MB} MB" if n >= MB and n % MB == 0 else f"{n // KB} KB"


def _amount(n: int) -> str:
    return f"{n / MB:.1f} MB" if n >= MB else f"{-(-n // KB)} KB"


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def open_file(path: Path, what: str, limit: int) -> BinaryIO:
    """`path` opened for reading in binary, once it is known to be a regular file of at most
    `limit` bytes. Raises FileNotFoundError when there is none, OSError when it cannot be opened,
    FileLimitError otherwise."""
    # O_NONBLOCK: opening a FIFO for reading blocks until a writer comes; a regular file ignores it.
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise FileLimitError(path, what, f"is {_kind(st.st_mode)}, not a file", "give the path of a file")
        if st.st_size > limit:
            raise FileLimitError(path, what, f"is too large ({_amount(st.st_size)}; at most {_size(limit)} is read)",
                                 "give a smaller file")
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_bytes(path: Path, what: str, limit: int) -> bytes:
    """At most `limit` bytes of the regular file at `path` (see `open_file`); FileLimitError when
    it holds more (it may have grown since it was looked at)."""
    with open_file(path, what, limit) as f:
        data = f.read(limit + 1)
    if len(data) > limit:
        raise FileLimitError(path, what, f"is too large (more than {_size(limit)})", "give a smaller file")
    return data


def read_text(path: Path, what: str, limit: int) -> str:
    """The UTF-8 text of the file at `path` (see `read_bytes`); UnicodeDecodeError when it is not text."""
    return read_bytes(path, what, limit).decode("utf-8")


def depth_error(value: Any, limit: int = MAX_DEPTH) -> str:
    """Why `value` (parsed TOML or JSON) is nested too deeply ("" when it is not), walked without
    recursion so that it cannot exhaust the stack itself."""
    stack = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > limit:
            return f"nests tables or arrays more than {limit} deep"
        if isinstance(node, dict):
            stack.extend((v, depth + 1) for v in node.values() if isinstance(v, (dict, list)))
        elif isinstance(node, list):
            stack.extend((v, depth + 1) for v in node if isinstance(v, (dict, list)))
    return ""


def _deep_line(text: str, limit: int) -> int | None:
    """The line where brackets first nest more than `limit` deep (strings and comments skipped
    roughly: this only points at the place, after the parser gave up)."""
    depth, line, quote, i = 0, 1, "", 0
    while i < len(text):
        ch = text[i]
        if ch == "\n":
            line += 1
        if quote:
            if ch == "\\" and quote == '"':
                i += 1
            elif ch == quote:
                quote = ""
        elif ch in "\"'":
            quote = ch
        elif ch == "#":
            j = text.find("\n", i)
            i = len(text) if j < 0 else j
            continue
        elif ch in "[{":
            depth += 1
            if depth > limit:
                return line
        elif ch in "]}":
            depth -= 1
        i += 1
    return None


def parse_toml(text: str, path: Path, what: str) -> dict[str, Any]:
    """`text` (the `what` at `path`) parsed as TOML. Raises tomllib.TOMLDecodeError for bad TOML and
    FileLimitError for TOML nested too deeply (more than MAX_DEPTH tables and arrays)."""
    try:
        data = tomllib.loads(text)
    except RecursionError:
        line = _deep_line(text, MAX_DEPTH)
        where = f" at line {line}" if line else ""
        raise FileLimitError(path, what, f"nests arrays or tables too deeply to read{where}",
                             f"nest them at most {MAX_DEPTH} deep") from None
    why = depth_error(data)
    if why:
        raise FileLimitError(path, what, why, f"nest them at most {MAX_DEPTH} deep")
    return data


def load_toml(path: Path, what: str, limit: int) -> dict[str, Any]:
    """The TOML file at `path`, read within `limit` bytes and MAX_DEPTH (see `read_text`, `parse_toml`)."""
    return parse_toml(read_text(path, what, limit), path, what)
