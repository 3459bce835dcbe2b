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


# A result nested deeper than this is refused, as the test's error (MAX_DEPTH in __init__.py, which
# drops deeper lines unread): everything that reads or walks a value recurses once per level.
MAX_DEPTH = 100


def _jsonable(value, depth=0):
    if isinstance(value, (tuple, list, set, frozenset, dict)) and depth >= MAX_DEPTH:
        raise ShapeError(f"returned a value nested too deeply (over {MAX_DEPTH} levels)")
    if isinstance(value, (tuple, list)):
        return [_jsonable(v, depth + 1) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted((_jsonable(v, depth + 1) for v in value), key=repr)
    if isinstance(value, dict):
        return {str(k): _jsonable(v, depth + 1) for k, v in value.items()}
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
    # A SyntaxError's str() repeats the file and line said above: "expected ':' (solution.py, line 1)".
    text = exc.msg if isinstance(exc, SyntaxError) and exc.msg and exc.filename == "solution.py" else str(exc)
    return (f"{where}: {text}" if text else where), line


def _fallback_guard(missing, workdir, pid, readable):
    """Where a kernel layer is missing, an audit hook stands in for it, more weakly: Python code
    can do little it does not announce first (PEP 578). What would go around the hook is shut too:
    ctypes and native modules from outside the standard library, new interpreters (they start
    without the hook), and the few functions that announce nothing (os.mkfifo, os.mknod,
    os.pidfd_open, signal.pidfd_send_signal), which are taken out of their modules along with the
    way to make those modules afresh.

    The hook calls only what is bound here, never a module's attribute or a builtin by name, and
    looks only at exact str, bytes and int values: the candidate's code can replace os.path.realpath,
    a builtin or a class's methods, and code of its own run inside the hook could reach the hook's
    variables through its frame."""
    import _imp
    import _signal
    import posix
    import signal

    kind, text, raw, number, listing, module_type = type, str, bytes, int, list, type(sys)
    denied, os_error, value_error = PermissionError, OSError, ValueError
    lstat, readlink, getcwd, audit = os.lstat, os.readlink, os.getcwd, sys.audit
    namespace, encoding = type(sys.implementation), sys.getfilesystemencoding()
    create, execute = _imp.create_builtin, _imp.exec_builtin
    missing = frozenset(missing)
    workdir = os.path.realpath(workdir)
    roots = tuple(os.path.realpath(root) for root in readable)
    write_flags = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC
    processes = frozenset({"os.fork", "os.forkpty", "os.posix_spawn", "os.spawn", "os.system", "os.exec",
                           "subprocess.Popen", "os.startfile", "pty.spawn", "_posixsubprocess.fork_exec"})
    network = frozenset({"socket.__new__", "socket.connect", "socket.bind", "socket.getaddrinfo", "socket.sendto",
                         "socket.gethostbyname", "socket.gethostbyaddr", "socket.getnameinfo"})
    # A socket of its own leads nowhere until it is connected, bound or sent from by address: a Unix
    # socket's address is a path to any service on the machine. syslog() connects to /dev/log in C.
    sockets = frozenset({"socket.connect", "socket.bind", "socket.sendto", "syslog.openlog", "syslog.syslog"})
    # Each event that creates, changes or moves a path: the places of its paths and of their dir_fd.
    paths = {"os.remove": ((0, 1),), "os.rmdir": ((0, 1),), "os.mkdir": ((0, 2),), "os.rename": ((0, 2), (1, 3)),
             "os.link": ((0, 2), (1, 3)), "os.truncate": ((0, None),), "os.chmod": ((0, 2),), "os.chown": ((0, 3),),
             "os.utime": ((0, 3),), "os.chflags": ((0, None),), "os.setxattr": ((0, None),),
             "os.removexattr": ((0, None),), "shutil.rmtree": ((0, 1),), "shutil.copyfile": ((0, None), (1, None)),
             "shutil.move": ((0, None), (1, None))}
    native = frozenset({"ctypes", "_ctypes", "_ctypes_test", "_xxsubinterpreters", "_xxinterpchannels",
                        "_interpreters", "_interpchannels", "_interpqueues", "_testcapi", "_testinternalcapi",
                        "_testmultiphase", "_testsinglephase", "_posixshmem", "_dbm", "_gdbm"})
    refused = frozenset({"ctypes.dlopen", "ctypes.dlsym", "ctypes.cdata", "ctypes.addressof", "ctypes.call_function",
                         "gc.get_objects", "gc.get_referrers", "gc.get_referents", "cpython.PyInterpreterState_New",
                         "sqlite3.enable_load_extension", "sqlite3.load_extension"})

    def resolve(path, dir_fd=-1):
        """`path` (text, bytes or a file descriptor) as an absolute path free of symlinks, or None
        when that cannot be known (and it counts as outside)."""
        if kind(path) is number:
            path, dir_fd = "/proc/self/fd/%d" % path, -1
        elif kind(path) is raw:
            path = path.decode(encoding, "surrogateescape")
        elif kind(path) is not text:
            return None
        if not path.startswith("/"):
            base = getcwd() if dir_fd is None or (kind(dir_fd) is number and dir_fd == -1) else resolve(dir_fd)
            if base is None:
                return None
            path = base + "/" + path
        done, pending, hops = "", path.split("/")[::-1], 0
        while pending:
            name = pending.pop()
            if name in ("", "."):
                continue
            if name == "..":
                done = done[: done.rfind("/")] if done else ""
                continue
            here = done + "/" + name
            try:
                mode = lstat(here).st_mode
            except (os_error, value_error):
                done = here  # nothing there (yet): the rest is taken as written
                continue
            if mode & 0o170000 == 0o120000:  # a symlink
                hops += 1
                if hops > 40:
                    return None
                target = readlink(here)
                if target.startswith("/"):
                    done = ""
                pending += target.split("/")[::-1]
                continue
            done = here
        return done or "/"

    def within(real, root):
        return real is not None and (real == root or real.startswith(root + "/"))

    def check_inside(path, dir_fd=-1):
        real = resolve(path, dir_fd)
        if not within(real, workdir):
            raise denied(f"{real if real is not None else 'that path'} is outside the sandbox")

    def hook(event, args):
        if kind(event) is not text or kind(args) is not tuple:
            return  # not an event of Python's own: the candidate's code raised it with objects of its own
        if event in refused:
            raise denied("that is not available in the sandbox (ctypes, new interpreters, native extensions)")
        if event == "import":
            name = args[0]
            if kind(name) is not text or name.partition(".")[0] in native or name.rpartition(".")[2] in native:
                raise denied(f"{name if kind(name) is text else 'that module'} is not available in the sandbox")
            if "seccomp" in missing and name == "_posixsubprocess":  # its fork_exec announces nothing before 3.13
                raise denied("starting processes is not allowed in the sandbox")
            if args[1] is not None:  # a native extension module being loaded: only the standard library's
                real = resolve(args[1])
                if not any_root(real):
                    raise denied(f"{real} is a native module from outside the standard library: "
                                 "it is not available in the sandbox")
            return
        if event == "intervu.builtin":  # the stand-ins for _imp.create_builtin and _imp.exec_builtin below
            action, target, box = args
            if kind(action) is not text or kind(box) is not listing:
                raise denied("that is not available in the sandbox")
            if action == "create" and kind(target) is text and target not in ("posix", "_signal", "_imp"):
                box.append(create(namespace(name=target)))
            elif action == "exec" and kind(target) is module_type and not (
                target is posix or target is _signal or target is _imp
            ):
                box.append(execute(target))
            else:
                raise denied(f"a fresh {target if kind(target) is text else 'copy of that module'} "
                             "is not available in the sandbox")
            return
        if "seccomp" in missing:
            if event in processes:
                raise denied("starting processes is not allowed in the sandbox")
            if event in ("os.kill", "os.killpg", "signal.pthread_kill") and (
                kind(args[0]) is not number or args[0] not in (0, pid, -pid)
            ):
                raise denied("signalling other processes is not allowed in the sandbox")
            if event == "resource.prlimit" and (kind(args[0]) is not number or args[0] not in (0, pid)):
                raise denied("changing other processes' limits is not allowed in the sandbox")
        if "netns" in missing and event in network:
            raise denied("the network is not available in the sandbox")
        if ("netns" in missing or "seccomp" in missing) and (
            event in sockets or (event == "socket.sendmsg" and args[1] is not None)
        ):
            raise denied("sockets are not available in the sandbox: they could reach other programs")
        if "landlock" in missing:
            if event == "open":
                path, mode, flags = args[0], args[1], args[2]
                if kind(path) is number:
                    return  # a file descriptor it has already
                writing = kind(flags) is not number or bool(flags & write_flags) or (
                    kind(mode) is text and ("w" in mode or "a" in mode or "x" in mode or "+" in mode))
                real = resolve(path)
                if within(real, workdir):
                    return
                if writing or not any_root(real) or is_dir(real):
                    # (nor a directory outside: os.open(..., dir_fd=) would create beneath it unseen)
                    raise denied(f"{real if real is not None else 'that path'} is outside the sandbox")
            elif event == "os.symlink":  # (one inside could be pointed elsewhere between a check and its use)
                raise denied("symbolic links cannot be made in the sandbox")
            elif event == "os.chdir":  # "open" does not say its dir_fd: relative paths must mean the folder
                raise denied("changing the working directory is not allowed in the sandbox")
            elif event == "sqlite3.connect":
                database = args[0]
                if not (kind(database) is text and database in ("", ":memory:")):
                    if kind(database) is text and database.startswith("file:"):
                        raise denied("sqlite URIs are not available in the sandbox")
                    check_inside(database)
            elif event in ("os.listdir", "os.scandir"):  # (the standard library's folders too, as under Landlock)
                real = resolve("." if args[0] is None else args[0])
                if not within(real, workdir) and not any_root(real):
                    raise denied(f"{real if real is not None else 'that path'} is outside the sandbox")
            elif event in paths:
                for at, fd_at in paths[event]:
                    check_inside(args[at], -1 if fd_at is None else args[fd_at])

    def is_dir(real):
        try:
            return lstat(real).st_mode & 0o170000 == 0o040000
        except (os_error, value_error):
            return False

    def any_root(real):
        for root in roots:
            if within(real, root):
                return True
        return False

    def take(name):
        def taken(*args, **kwargs):
            raise denied(f"{name} is not available in the sandbox")
        return taken

    gone = []
    if "landlock" in missing:
        gone += [(posix, "mkfifo"), (os, "mkfifo"), (posix, "mknod"), (os, "mknod")]
    if "seccomp" in missing:
        gone += [(posix, "pidfd_open"), (os, "pidfd_open"), (_signal, "pidfd_send_signal"),
                 (signal, "pidfd_send_signal"),
                 # another process's niceness, CPUs or scheduling (intervu's): seccomp's to refuse, else gone
                 *[(module, name) for module in (posix, os)
                   for name in ("setpriority", "sched_setaffinity", "sched_setscheduler", "sched_setparam")]]
        if "_posixsubprocess" in sys.modules:  # (loaded already: its fork_exec goes too)
            gone.append((sys.modules["_posixsubprocess"], "fork_exec"))
    for module, name in gone:
        if hasattr(module, name):
            setattr(module, name, take(f"{module.__name__}.{name}"))

    def create_builtin(spec):
        name, box = spec.name, []  # read here, outside the hook, where the candidate's code may run
        audit("intervu.builtin", "create", name, box)
        return box[0]

    def exec_builtin(module):
        box = []
        audit("intervu.builtin", "exec", module, box)
        return box[0]

    _imp.create_builtin, _imp.exec_builtin = create_builtin, exec_builtin
    sys.addaudithook(hook)


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


def _flush(*streams):
    """What the code printed outside the tests (as it loaded) goes out before the last line: the
    parent ends the run once it reads {"done": true}, and os._exit drops what is still buffered."""
    for stream in streams:
        try:
            stream.flush()
        except BaseException:  # noqa: BLE001 - closed or broken by the code: nothing more to send
            pass


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
    if missing:
        _fallback_guard(missing, os.getcwd(), os.getpid(), cfg.get("read", []))
    out.write(json.dumps({"layers": applied}) + "\n")
    sys.setrecursionlimit(10000)
    namespace = {"__name__": "solution", "ListNode": ListNode, "TreeNode": TreeNode, "Node": Node}
    sys.stdout.reconfigure(line_buffering=True)  # what it prints as it loads is out even if it then hangs
    real_stdout, real_stderr = sys.stdout, sys.stderr
    stage = "compile"  # then "run" (the module's own code), "missing" (no such function): load_error's stage
    try:
        compiled = compile(source, "solution.py", "exec")
        stage = "run"
        exec(compiled, namespace)
        fn = namespace.get(function)
        if not callable(fn):
            stage = "missing"
            what = "class" if shape.get("kind", "function") != "function" else "function"
            raise NameError(f"no {what} named {function}{'' if what == 'class' else '()'} is defined")
        stage = "run"
        call = _caller(fn, shape)
    except BaseException as exc:  # noqa: BLE001 - whatever the candidate's code raises is a result
        message, line = _where(exc)
        out.write(json.dumps({"load_error": message, "line": line, "stage": stage}) + "\n")
        _flush(real_stdout, real_stderr)
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
    _flush(real_stdout, real_stderr)
    out.write('{"done": true}\n')
    out.flush()
    os._exit(0)  # threads the candidate started end here


main()
