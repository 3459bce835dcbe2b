"""Runs inside the child process: loads the candidate's solution and calls it on each case.

Arguments: RESULT_FD CASES_JSON SOLUTION_PY FUNCTION. Results go out as JSON lines on RESULT_FD,
never on stdout, and carry only what the code returned: the parent holds the expected values and
does the comparing.
"""

import copy
import io
import json
import os
import sys
import time
import traceback

OUT_CAP = 4096


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
    return (f"{name} on line {line}: {exc}" if line else f"{name}: {exc}"), line


def main():
    fd, cases_path, solution_path, function = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
    out = os.fdopen(fd, "w", buffering=1)
    sys.setrecursionlimit(10000)
    with open(cases_path) as f:
        cases = json.load(f)
    with open(solution_path) as f:
        source = f.read()
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
        return
    for case in cases:
        buf = io.StringIO()
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
        record["output"] = buf.getvalue()[:OUT_CAP]
        out.write(json.dumps(record) + "\n")


main()
