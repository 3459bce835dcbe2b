"""Runs inside the child process: confines itself, loads the candidate's solution, calls it on each case.

Arguments: RESULT_FD CONFIG_JSON CASES_JSON SOLUTION_PY FUNCTION. Results go out as JSON lines on
RESULT_FD, never on stdout, and carry only what the code returned: the parent holds the expected
values and does the comparing, so a line the candidate's code writes there itself can claim no
more than its own return value could. The last line is {"done": true}; then the process ends at
once, whatever threads the candidate left running.
"""

import copy
import io
import json
import os
import sys
import time
import traceback

OUT_CAP = 4096


class _CappedText(io.TextIOBase):
    """Keeps the first OUT_CAP characters written and counts the rest: 100 MB of print() costs
    time, not memory."""

    def __init__(self):
        self.parts, self.size = [], 0

    def writable(self):
        return True

    def write(self, s):
        if not isinstance(s, str):
            raise TypeError(f"write() argument must be str, not {type(s).__name__}")
        room = OUT_CAP - self.size
        if room > 0:
            self.parts.append(s[:room])
        self.size += len(s)
        return len(s)

    def getvalue(self):
        text = "".join(self.parts)
        return text + ("\n[output truncated]" if self.size > OUT_CAP else "")


def _jsonable(value):
    if isinstance(value, (tuple, list)):
        return [_jsonable(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted((_jsonable(v) for v in value), key=repr)
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    raise TypeError(f"returned a {type(value).__name__}, which is not a plain value")


def _where(exc):
    line = None
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename == "solution.py":
            line = frame.lineno
    if line is None and isinstance(exc, SyntaxError) and exc.filename == "solution.py":
        line = exc.lineno
    name = type(exc).__name__
    where = f"{name} on line {line}" if line else name
    text = str(exc)
    return (f"{where}: {text}" if text else where), line


def _fallback_guard(missing, workdir, pid):
    """Where a kernel layer is missing, an audit hook stands in for it, more weakly: Python code
    can do little it does not announce first (PEP 578). ctypes, which could go around it, is shut."""
    workdir = os.path.realpath(workdir)
    processes = {"os.fork", "os.forkpty", "os.posix_spawn", "os.spawn", "os.system", "os.exec", "subprocess.Popen",
                 "os.startfile", "pty.spawn", "_posixsubprocess.fork_exec"}
    network = {"socket.__new__", "socket.connect", "socket.bind", "socket.getaddrinfo", "socket.sendto",
               "socket.gethostbyname", "socket.gethostbyaddr", "socket.getnameinfo"}
    files = {"os.remove", "os.rename", "os.rmdir", "os.mkdir", "os.symlink", "os.link", "os.truncate", "os.chmod",
             "os.chown", "shutil.rmtree", "shutil.copyfile", "shutil.move", "os.utime"}

    def inside(path):
        try:
            real = os.path.realpath(os.fsdecode(path))
        except (TypeError, ValueError):
            return False
        return real == workdir or real.startswith(workdir + os.sep)

    def hook(event, args):
        if event in ("ctypes.dlopen", "ctypes.dlsym", "ctypes.cdata", "ctypes.addressof", "ctypes.call_function",
                     "gc.get_objects", "gc.get_referrers", "gc.get_referents") or (
            event == "import" and args and args[0] in ("ctypes", "_ctypes")
        ):
            raise PermissionError("ctypes is not available in the sandbox")
        if "seccomp" in missing:
            if event in processes:
                raise PermissionError("starting processes is not allowed in the sandbox")
            if event in ("os.kill", "os.killpg", "signal.pthread_kill") and args and args[0] not in (0, pid, -pid):
                raise PermissionError("signalling other processes is not allowed in the sandbox")
        if "netns" in missing and event in network:
            raise PermissionError("the network is not available in the sandbox")
        if "landlock" in missing:
            if event == "open" and args and isinstance(args[0], (str, bytes)):
                mode, flags = args[1], args[2]
                writing = (isinstance(mode, str) and any(c in mode for c in "wax+")) or bool(flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT))
                if not inside(args[0]) and (writing or not _stdlib(args[0])):
                    raise PermissionError(f"{os.fsdecode(args[0])} is outside the sandbox")
            elif event in files and args and isinstance(args[0], (str, bytes, os.PathLike)) and not inside(args[0]):
                raise PermissionError(f"{os.fsdecode(args[0])} is outside the sandbox")
            elif event in ("os.listdir", "os.scandir") and args and isinstance(args[0], (str, bytes)) and not inside(args[0]):
                raise PermissionError(f"{os.fsdecode(args[0])} is outside the sandbox")

    sys.addaudithook(hook)


_STDLIB = []


def _stdlib(path):
    real = os.path.realpath(os.fsdecode(path))
    return any(real.startswith(root + os.sep) for root in _STDLIB)


def main():
    fd, cfg = int(sys.argv[1]), json.loads(sys.argv[2])
    cases_path, solution_path, function = sys.argv[3], sys.argv[4], sys.argv[5]
    out = os.fdopen(fd, "w", buffering=1)
    with open(cases_path) as f:
        cases = json.load(f)
    with open(solution_path) as f:
        source = f.read()
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import jail  # noqa: E402 - found next to this file

    del sys.path[0]
    applied = jail.confine(cfg)
    missing = [layer for layer in jail.LAYERS if layer not in applied]
    _STDLIB.extend(cfg.get("read", []))
    if missing:
        _fallback_guard(missing, os.getcwd(), os.getpid())
    out.write(json.dumps({"layers": applied}) + "\n")
    sys.setrecursionlimit(10000)
    namespace = {"__name__": "solution"}
    real_stdout, real_stderr = sys.stdout, sys.stderr
    try:
        exec(compile(source, "solution.py", "exec"), namespace)
        fn = namespace.get(function)
        if not callable(fn):
            raise NameError(f"no function named {function}() is defined")
    except BaseException as exc:  # noqa: BLE001 - whatever the candidate's code raises is a result
        message, line = _where(exc)
        out.write(json.dumps({"load_error": message, "line": line}) + "\n")
        out.write('{"done": true}\n')
        out.flush()
        os._exit(0)
    for case in cases:
        buf = _CappedText()
        sys.stdout = sys.stderr = buf
        started = time.perf_counter()
        record = {"name": case["name"]}
        try:
            value = fn(*copy.deepcopy(case["args"]))
            record["actual"] = _jsonable(value)
        except BaseException as exc:  # noqa: BLE001
            record["error"], record["line"] = _where(exc)
        finally:
            sys.stdout, sys.stderr = real_stdout, real_stderr
        record["time_s"] = time.perf_counter() - started
        record["output"] = buf.getvalue()
        try:
            line = json.dumps(record)
        except (TypeError, ValueError) as exc:  # a value JSON cannot carry (a float nan is fine)
            line = json.dumps({"name": case["name"], "error": f"the result cannot be reported: {exc}", "time_s": record["time_s"]})
        out.write(line + "\n")
    out.write('{"done": true}\n')
    out.flush()
    os._exit(0)  # threads the candidate started end here


main()
