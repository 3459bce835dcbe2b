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


# --- structures: what a test's JSON becomes before the call, and back after it ----------------------
# The classes are in the candidate's namespace already, as on the usual interview sites; a class
# the candidate defines under the same name replaces it there, and results are read by duck typing.

NODE_CAP = 200000


class ListNode:
    def __init__(self, val=0, next=None):
        self.val = val
        self.next = next

    def __repr__(self):
        values, node = [], self
        while node is not None and len(values) < 20:
            values.append(repr(node.val))
            node = node.next
        return "ListNode(" + " -> ".join(values) + (" -> ..." if node is not None else "") + ")"


class TreeNode:
    def __init__(self, val=0, left=None, right=None):
        self.val = val
        self.left = left
        self.right = right

    def __repr__(self):
        return f"TreeNode({self.val!r})"


class Node:
    """A graph's node: its value and the list of its neighbours."""

    def __init__(self, val=0, neighbors=None):
        self.val = val
        self.neighbors = neighbors if neighbors is not None else []

    def __repr__(self):
        return f"Node({self.val!r}, neighbors={[getattr(n, 'val', n) for n in self.neighbors]})"


class ShapeError(Exception):
    """The code's result cannot be read as what the problem asks for."""


def _linked(values):
    head = None
    for v in reversed(values):
        head = ListNode(v, head)
    return head


def _tree(level):
    if not level or level[0] is None:
        return None
    root = TreeNode(level[0])
    queue, i = [root], 1
    for node in queue:
        if i >= len(level):
            break
        if level[i] is not None:
            node.left = TreeNode(level[i])
            queue.append(node.left)
        i += 1
        if i < len(level) and level[i] is not None:
            node.right = TreeNode(level[i])
            queue.append(node.right)
        i += 1
    return root


def _find(root, value):
    stack = [root]
    while stack:
        node = stack.pop()
        if node is None:
            continue
        if node.val == value:
            return node
        stack += [node.left, node.right]
    raise ShapeError(f"the test names a node {value!r} that is not in the tree")


class _BadVersions:
    """is_bad(version) for a first-bad-version problem; it counts its calls, as the real API would bill them."""

    BUDGET = 64

    def __init__(self, first):
        self.first, self.calls = first, 0

    def __call__(self, version):
        self.calls += 1
        if self.calls > self.BUDGET:
            raise ShapeError(f"is_bad() was called more than {self.BUDGET} times: "
                             "find the version with far fewer checks")
        return version >= self.first


def _build(typ, value, built, originals):
    if typ == "linked_list":
        return _linked(value)
    if typ == "linked_lists":
        return [_linked(v) for v in value]
    if typ == "cyclic_list":
        head = _linked(value["values"])
        if value["pos"] >= 0 and head is not None:
            tail, target, i = head, None, 0
            while True:
                if i == value["pos"]:
                    target = tail
                if tail.next is None:
                    break
                tail, i = tail.next, i + 1
            tail.next = target
        return head
    if typ == "tree":
        return _tree(value)
    if typ.startswith("node_of:"):
        return _find(built[typ[len("node_of:"):]], value)
    if typ == "graph":
        nodes = [Node(i + 1) for i in range(len(value))]
        for node, row in zip(nodes, value):
            node.neighbors = [nodes[j - 1] for j in row]
        originals.update((id(n), n) for n in nodes)  # the nodes themselves are kept: no id is reused
        return nodes[0] if nodes else None
    if typ == "bad_version":
        return _BadVersions(value)
    return value


def _read(typ, value, originals):
    if typ == "linked_list":
        out, seen, node = [], set(), value
        while node is not None:
            if id(node) in seen or len(out) >= NODE_CAP:
                raise ShapeError("the returned list loops back on itself")
            seen.add(id(node))
            out.append(node.val)
            node = node.next
        return out
    if typ == "tree":
        out, seen, queue = [], set(), [value]
        for node in queue:
            if node is None:
                out.append(None)
                continue
            if id(node) in seen or len(out) >= NODE_CAP:
                raise ShapeError("the returned tree reaches a node twice (it is not a tree)")
            seen.add(id(node))
            out.append(node.val)
            queue += [node.left, node.right]
        while out and out[-1] is None:
            out.pop()
        return out
    if typ == "tree_node":
        return None if value is None else value.val
    if typ == "graph":
        if value is None:
            return []
        by_val, queue = {}, [value]
        for node in queue:
            if originals.get(id(node)) is node:
                raise ShapeError("the result shares nodes with the original graph: build new ones")
            if node.val in by_val:
                if by_val[node.val] is not node:
                    raise ShapeError(f"two different nodes have the value {node.val!r}")
                continue
            by_val[node.val] = node
            queue += node.neighbors
        return [[n.val for n in by_val[v].neighbors] for v in sorted(by_val)]
    return value


_PROGRESS = []  # for a design problem: the operation being played, for an error's message


def _caller(fn, shape):
    """Wraps the candidate's function or class into call(args) -> a plain value, by the problem's shape."""
    kind = shape.get("kind", "function")
    params = shape.get("params", [])
    types = shape.get("types") or ["value"] * len(params)
    returns = shape.get("returns", "value")

    if kind == "design":
        def call(args):
            ops, arguments = args
            _PROGRESS[:] = [f"building {ops[0]}"]
            obj = fn(*arguments[0])
            out = [None]
            for i, (op, op_args) in enumerate(zip(ops[1:], arguments[1:]), 2):
                method = getattr(obj, op, None)
                if not callable(method):
                    raise ShapeError(f"{type(obj).__name__} has no method {op}() (operation {i})")
                _PROGRESS[:] = [f"operation {i}, {op}({', '.join(json.dumps(a) for a in op_args)})"]
                out.append(_jsonable(method(*op_args)))
            _PROGRESS.clear()
            return out
        return call

    def call(args):
        built, originals = {}, {}
        values = []
        for name, typ, arg in zip(params, types, args):
            built[name] = _build(typ, arg, built, originals)
            values.append(built[name])
        if kind == "codec":
            text = fn().serialize(values[0])
            if not isinstance(text, str):
                raise ShapeError(f"serialize() returned a {type(text).__name__}, not a string")
            result = fn().deserialize(text)
        else:
            result = fn(*values)
        if returns.startswith("param:"):
            name = returns[len("param:"):]
            typ = types[params.index(name)]
            return _read({"linked_list": "linked_list", "tree": "tree", "graph": "graph"}.get(typ, "value"),
                         built[name], originals)
        return _read(returns, result, originals)
    return call


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
                writing = ((isinstance(mode, str) and any(c in mode for c in "wax+"))
                           or bool(flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT)))
                if not inside(args[0]) and (writing or not _stdlib(args[0])):
                    raise PermissionError(f"{os.fsdecode(args[0])} is outside the sandbox")
            elif event in files and args and isinstance(args[0], (str, bytes, os.PathLike)) and not inside(args[0]):
                raise PermissionError(f"{os.fsdecode(args[0])} is outside the sandbox")
            elif (event in ("os.listdir", "os.scandir") and args and isinstance(args[0], (str, bytes))
                  and not inside(args[0])):
                raise PermissionError(f"{os.fsdecode(args[0])} is outside the sandbox")

    sys.addaudithook(hook)


_STDLIB = []


def _stdlib(path):
    real = os.path.realpath(os.fsdecode(path))
    return any(real.startswith(root + os.sep) for root in _STDLIB)


# --- growth: inputs of growing size made by the problem's generator, and the code timed on them ------


def _generate(out, fn, cases, seed):
    """Generate mode: the problem's generate(n, rng) called for each size (the "solution" loaded
    is the generator); each input goes out as a result line."""
    import random

    for case in cases:
        rng = random.Random(int(seed) * 1000003 + int(case["n"]))
        record = {"name": case["name"]}
        try:
            record["args"] = _jsonable(fn(int(case["n"]), rng))
        except BaseException as exc:  # noqa: BLE001 - a broken generator is reported, not raised
            record["error"], record["line"] = _where(exc)
        out.write(json.dumps(record) + "\n")
        if "error" in record:
            break


def _timed_call(fn, shape):
    """prepare(args) -> what the call needs (built fresh each time, outside the timing), and
    invoke(prepared): the call alone, the work timed."""
    kind = shape.get("kind", "function")
    if kind == "design":
        call = _caller(fn, shape)
        return (lambda args: args), call
    params = shape.get("params", [])
    types = shape.get("types") or ["value"] * len(params)

    def prepare(args):
        built, originals = {}, {}
        for name, typ, arg in zip(params, types, args):
            built[name] = _build(typ, arg, built, originals)
        return [built[name] for name in params]

    if kind == "codec":
        return prepare, lambda values: fn().deserialize(fn().serialize(values[0]))
    return prepare, lambda values: fn(*values)


def _time(out, fn, shape, cases, cfg):
    """Time mode: for each size in order, the call repeated on a fresh copy of its input until the
    size's share of time is spent (the best time kept: the least disturbed by the rest of the
    machine). A call slower than cap_s stops the climb: the next size would take too long."""
    import gc

    size_s, cap_s = float(cfg.get("size_s", 0.08)), float(cfg.get("cap_s", 0.3))
    max_reps = int(cfg.get("max_reps", 500))
    prepare, invoke = _timed_call(fn, shape)
    real_stdout, real_stderr = sys.stdout, sys.stderr
    for case in cases:
        text = json.dumps(case["args"])
        best, reps, began = None, 0, time.perf_counter()
        record = {"name": case["name"], "n": case["n"]}
        sys.stdout = sys.stderr = _CappedText()
        try:
            while True:
                values = prepare(json.loads(text))
                gc.disable()
                try:
                    started = time.perf_counter()
                    invoke(values)
                    took = time.perf_counter() - started
                finally:
                    gc.enable()
                del values
                best = took if best is None else min(best, took)
                reps += 1
                if took >= cap_s or reps >= max_reps or (reps >= 3 and time.perf_counter() - began >= size_s):
                    break
        except BaseException as exc:  # noqa: BLE001 - whatever the code raises ends the climb
            record["error"], record["line"] = _where(exc)
        finally:
            sys.stdout, sys.stderr = real_stdout, real_stderr
        if best is not None and "error" not in record:
            record.update(best_s=best, reps=reps)
        out.write(json.dumps(record) + "\n")
        if "error" in record or (best is not None and best >= cap_s):
            break


def main():
    fd, cfg = int(sys.argv[1]), json.loads(sys.argv[2])
    cases_path, solution_path, function = sys.argv[3], sys.argv[4], sys.argv[5]
    out = os.fdopen(fd, "w", buffering=1)
    with open(cases_path) as f:
        loaded = json.load(f)
    shape, cases = (loaded.get("shape", {}), loaded["cases"]) if isinstance(loaded, dict) else ({}, loaded)
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
    namespace = {"__name__": "solution", "ListNode": ListNode, "TreeNode": TreeNode, "Node": Node}
    real_stdout, real_stderr = sys.stdout, sys.stderr
    try:
        exec(compile(source, "solution.py", "exec"), namespace)
        fn = namespace.get(function)
        if not callable(fn):
            what = "class" if shape.get("kind", "function") != "function" else "function"
            raise NameError(f"no {what} named {function}{'' if what == 'class' else '()'} is defined")
        call = _caller(fn, shape)
    except BaseException as exc:  # noqa: BLE001 - whatever the candidate's code raises is a result
        message, line = _where(exc)
        out.write(json.dumps({"load_error": message, "line": line}) + "\n")
        out.write('{"done": true}\n')
        out.flush()
        os._exit(0)
    mode = loaded.get("mode", "test") if isinstance(loaded, dict) else "test"
    if mode == "generate":
        _generate(out, fn, cases, loaded.get("seed", 0))
    elif mode == "time":
        _time(out, fn, shape, cases, loaded)
    for case in cases if mode == "test" else ():
        buf = _CappedText()
        sys.stdout = sys.stderr = buf
        started = time.perf_counter()
        record = {"name": case["name"]}
        try:
            _PROGRESS.clear()
            value = call(copy.deepcopy(case["args"]))
            record["actual"] = _jsonable(value)
        except BaseException as exc:  # noqa: BLE001 - whatever the candidate's code raises is this case's result
            record["error"], record["line"] = _where(exc)
            if _PROGRESS:
                record["error"] = f"{_PROGRESS[0]}: {record['error']}"
        finally:
            sys.stdout, sys.stderr = real_stdout, real_stderr
        record["time_s"] = time.perf_counter() - started
        record["output"] = buf.getvalue()
        try:
            line = json.dumps(record)
        except (TypeError, ValueError) as exc:  # a value JSON cannot carry (a float nan is fine)
            line = json.dumps({"name": case["name"], "error": f"the result cannot be reported: {exc}",
                               "time_s": record["time_s"]})
        out.write(line + "\n")
    out.write('{"done": true}\n')
    out.flush()
    os._exit(0)  # threads the candidate started end here


main()
