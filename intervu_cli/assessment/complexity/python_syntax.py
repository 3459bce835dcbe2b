"""Facts about a Python AST for the Python analysis (``python.py``): what the standard library's calls cost,
names and keys under an expression, what a loop pops, pushes and stores, which pushes a visited mark guards,
halving and doubling, what each name is assigned across the code, and self-calls along one path."""

from __future__ import annotations

import ast

from intervu_cli.assessment.complexity.cost import LOG, N, NLOGN


_DEFS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)
_COMPS = (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp)
_HASHED_CTORS = {"dict", "set", "frozenset", "Counter", "defaultdict", "OrderedDict", "fromkeys"}
_HASHED_ANNOTATIONS = {"set", "dict", "frozenset", "Set", "Dict", "FrozenSet", "Mapping", "Counter", "defaultdict"}
_SIZED_FUNCS = {"sorted": NLOGN, "sum": N, "list": N, "tuple": N, "set": N, "frozenset": N, "dict": N,
                "Counter": N, "deque": N, "heapify": N, "copy": N, "deepcopy": N, "max": N, "min": N,
                "nlargest": NLOGN, "nsmallest": NLOGN}  # fmt: skip
_FIXED_FUNCS = {"heappush": LOG, "heappop": LOG, "heappushpop": LOG, "heapreplace": LOG, "bisect": LOG,
                "bisect_left": LOG, "bisect_right": LOG, "insort": N, "insort_left": N, "insort_right": N}  # fmt: skip
_PY_METHODS = {"sort": NLOGN, "index": N, "count": N, "find": N, "rfind": N, "rindex": N, "replace": N,
               "split": N, "insert": N, "copy": N, "reverse": N, "most_common": NLOGN}  # fmt: skip
_MODULES = {"heapq", "bisect", "collections", "copy", "itertools", "functools", "math"}
_MEMO_DECORATORS = {"cache", "lru_cache", "memoize", "memoized", "cached"}
_STRING_CONSTANTS = {"ascii_lowercase", "ascii_uppercase", "ascii_letters", "digits", "hexdigits", "octdigits",
                     "punctuation", "whitespace", "printable"}  # fmt: skip


def _walk(nodes):
    """Every node under ``nodes``, not descending into nested functions, classes or lambdas."""
    stack = list(nodes) if isinstance(nodes, list) else [nodes]
    while stack:
        n = stack.pop()
        yield n
        stack.extend(c for c in ast.iter_child_nodes(n) if not isinstance(c, _DEFS))


def _src(node, limit=40) -> str:
    s = " ".join(ast.unparse(node).split())
    return s if len(s) <= limit else s[: limit - 1] + "…"


def _key(e):
    if isinstance(e, ast.Name):
        return e.id
    if isinstance(e, ast.Attribute) and isinstance(e.value, ast.Name):
        return f"{e.value.id}.{e.attr}"
    return None


def _names(e) -> set:
    return {n.id for n in _walk(e) if isinstance(n, ast.Name)}


def _keys(e) -> set:
    """Names and ``a.b`` attributes under ``e``."""
    return {k for n in _walk(e) if isinstance(n, (ast.Name, ast.Attribute)) and (k := _key(n))}


def _root(e):
    """The name under subscripts: ``grid`` for ``grid[r][c]``."""
    while isinstance(e, ast.Subscript):
        e = e.value
    return _key(e)


def _stored(n) -> set:
    """Names whose items statement ``n`` writes: ``V[x] = ...``, ``V[x] -= 1``, ``V.add(x)``, ``V.discard(x)``."""
    out = set()
    if isinstance(n, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
        for tgt in n.targets if isinstance(n, ast.Assign) else [n.target]:
            out |= {_root(x) for x in ast.walk(tgt) if isinstance(x, ast.Subscript)}
    elif isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute):
        if n.func.attr in ("add", "discard", "remove", "update", "setdefault"):
            out.add(_key(n.func.value))
    return out - {None}


def _popped_from(v, queues):
    """The queue or stack in ``queues`` that value ``v`` takes an element from, if any."""
    if isinstance(v, ast.Call):
        f = v.func
        if isinstance(f, ast.Attribute) and f.attr in ("pop", "popleft") and _key(f.value) in queues:
            return _key(f.value)
        if _callee(v) == "heappop" and v.args and _key(v.args[0]) in queues:
            return _key(v.args[0])
    if isinstance(v, ast.Subscript) and isinstance(v.slice, ast.Name) and _key(v.value) in queues:
        return _key(v.value)
    return None


def _pops(stmts, queues) -> tuple[set, set]:
    """(the queues in ``queues`` that ``stmts`` take elements from, the names those elements are bound to)."""
    popped, bound = set(), set()
    for n in _walk(stmts):
        if isinstance(n, ast.Call) and (q := _popped_from(n, queues)):
            popped.add(q)
        elif isinstance(n, ast.Assign) and (q := _popped_from(n.value, queues)):
            popped.add(q)
            bound |= {x for tgt in n.targets for x in _target_names(tgt)}
    return popped, bound


def _pushes(n, queues) -> bool:
    f = getattr(n, "func", None)
    if isinstance(n, ast.Call) and isinstance(f, ast.Attribute) and f.attr in ("append", "appendleft", "extend", "add"):
        return _key(f.value) in queues
    return isinstance(n, ast.Call) and _callee(n) == "heappush" and bool(n.args) and _key(n.args[0]) in queues


def _guarded(stmts, queues, written) -> set:
    """The names among ``written`` (a visited set or mark, an in-degree count) that guard the pushes onto
    ``queues`` in ``stmts``: empty unless there is a push and every push sits under a condition reading one."""
    found, ok, used = [0], [True], set()

    def reads(test) -> set:
        return _names(test) | {_root(x) for x in _walk(test) if isinstance(x, ast.Subscript)}

    def visit(body, guards):
        for s in body:
            if isinstance(s, ast.If):
                g = guards | reads(s.test)
                visit(s.body, g)
                visit(s.orelse, g)
                if _terminates(s.body):  # ``if seen: continue`` guards what follows
                    guards = g
            elif isinstance(s, (ast.For, ast.AsyncFor, ast.While)):
                visit(s.body, guards)
                visit(s.orelse, guards)
            elif isinstance(s, (ast.With, ast.Try)):
                visit(s.body, guards)
            else:
                for n in _walk(s):
                    if _pushes(n, queues):
                        found[0] += 1
                        ok[0] = ok[0] and bool(guards & written)
                        used.update(guards & written)

    visit(stmts, set())
    return used if found[0] and ok[0] else set()


def _doubling(body) -> set:
    """Names a loop body assigns ``2 * i + 1`` (a heap's child), or a name so assigned."""
    out, assigns = set(), [(k, v) for n in body if isinstance(n, ast.Assign) for k, v in _pairs(n) if v is not None]
    for k, v in assigns:
        for x in _walk(v):
            if isinstance(x, ast.BinOp) and (isinstance(x.op, ast.LShift) or isinstance(x.op, ast.Mult) and max(
                _number(x.left) or 0, _number(x.right) or 0) >= 2):  # fmt: skip
                out.add(k)
    changed = True
    while changed:
        changed = False
        for k, v in assigns:
            if k not in out and _names(v) & out:
                out.add(k)
                changed = True
    return out


def _callee(call):
    f = call.func if isinstance(call, ast.Call) else call
    return f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else None


def _is_call(e, name) -> bool:
    return isinstance(e, ast.Call) and _callee(e) == name


def _number(e):
    if isinstance(e, ast.UnaryOp) and isinstance(e.op, ast.USub):
        v = _number(e.operand)
        return None if v is None else -v
    ok = isinstance(e, ast.Constant) and isinstance(e.value, (int, float)) and not isinstance(e.value, bool)
    return e.value if ok else None


def _const_literal(e) -> bool:
    if isinstance(e, ast.Constant):
        return True
    if isinstance(e, (ast.List, ast.Tuple, ast.Set)):
        return bool(e.elts) and all(_const_literal(x) for x in e.elts)
    if isinstance(e, ast.Dict):
        return bool(e.keys) and all(k is not None and _const_literal(k) for k in e.keys) and all(
            _const_literal(v) for v in e.values
        )
    return isinstance(e, ast.UnaryOp) and _const_literal(e.operand)


def _is_halving(e) -> bool:
    for n in _walk(e):
        if isinstance(n, ast.BinOp) and (v := _number(n.right)) is not None:
            if isinstance(n.op, (ast.FloorDiv, ast.Div)) and v >= 2 or isinstance(n.op, ast.RShift) and v >= 1:
                return True
    return False


def _is_step(v, name) -> bool:
    return (isinstance(v, ast.BinOp) and isinstance(v.op, (ast.Add, ast.Sub)) and isinstance(v.left, ast.Name)
            and v.left.id == name and _number(v.right) is not None)  # fmt: skip


def _pairs(n):
    """(name, value) for each simple name an assignment binds, zipping ``a, b = x, y``."""
    targets = n.targets if isinstance(n, ast.Assign) else [n.target]
    out = []
    for tgt in targets:
        if isinstance(tgt, (ast.Tuple, ast.List)):
            vals = (n.value.elts if isinstance(n.value, (ast.Tuple, ast.List)) and len(n.value.elts) == len(tgt.elts)
                    else None)  # fmt: skip
            out += [(_key(a), vals[i] if vals else None) for i, a in enumerate(tgt.elts)]
        else:
            out.append((_key(tgt), n.value))
    return [(k, v) for k, v in out if k]


def _target_names(t) -> list:
    return [n.id for n in ast.walk(t) if isinstance(n, ast.Name)]


def _py_tag(v) -> str:
    if isinstance(v, (ast.Dict, ast.Set)):
        return "hashedconst" if _const_literal(v) else "hashed"
    if isinstance(v, (ast.DictComp, ast.SetComp)) or isinstance(v, ast.Call) and _callee(v) in _HASHED_CTORS:
        return "hashed"
    if v is not None and _number(v) is not None:
        return "num"
    if isinstance(v, ast.BinOp) and isinstance(v.op, ast.Mult) and any(
        isinstance(a, ast.List) and _const_literal(a) and _number(b) is not None
        for a, b in ((v.left, v.right), (v.right, v.left))
    ):
        return "fixed"
    return "const" if v is not None and _const_literal(v) else "other"


def _py_tags(tree) -> tuple[dict, set]:
    """What each name is assigned (by name, across the whole code), and the names assigned a halving."""
    tags: dict = {}
    halving: set = set()

    def add(key, tag):
        if key:
            tags.setdefault(key, set()).add(tag)

    for n in ast.walk(tree):
        if isinstance(n, ast.Assign) or isinstance(n, ast.AnnAssign) and n.value is not None:
            for k, v in _pairs(n):
                add(k, _py_tag(v))
                if v is not None and _is_halving(v):
                    halving.add(k)
        elif isinstance(n, (ast.AugAssign, ast.NamedExpr)):
            add(_key(n.target), "other")
        elif isinstance(n, (ast.For, ast.AsyncFor, ast.comprehension)):
            for k in _target_names(n.target):
                add(k, "other")
        elif isinstance(n, (ast.arg, ast.AnnAssign)):
            ann = n.annotation
            root = ann.value if isinstance(ann, ast.Subscript) else ann
            root = _callee(root) if isinstance(root, (ast.Name, ast.Attribute)) else None
            # an unannotated parameter says nothing about hashing (a visited set passed along) but is no constant
            tag = "hashed" if root in _HASHED_ANNOTATIONS else "param" if ann is None else "other"
            add(n.arg if isinstance(n, ast.arg) else _key(n.target), tag)
        elif isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute):
            if n.func.attr in ("append", "extend", "insert", "add", "update", "appendleft"):
                add(_key(n.func.value), "grow")
        elif isinstance(n, ast.Subscript) and isinstance(n.ctx, ast.Store):
            add(_key(n.value), "store")
    return tags, halving


def _terminates(stmts) -> bool:
    if not stmts:
        return False
    last = stmts[-1]
    if isinstance(last, ast.If):
        return _terminates(last.body) and _terminates(last.orelse)
    return isinstance(last, (ast.Return, ast.Raise, ast.Continue, ast.Break))


def _count(node, is_self) -> int:
    """Self-calls on the costliest path through ``node``."""
    if isinstance(node, _DEFS):
        return 0
    if isinstance(node, ast.IfExp):
        return _count(node.test, is_self) + max(_count(node.body, is_self), _count(node.orelse, is_self))
    if isinstance(node, ast.If):
        return _count(node.test, is_self) + max(_path(node.body, is_self), _path(node.orelse, is_self))
    own = 1 if isinstance(node, ast.Call) and is_self(node) else 0
    return own + sum(_count(c, is_self) for c in ast.iter_child_nodes(node))


def _path(stmts, is_self) -> int:
    total = 0
    for i, s in enumerate(stmts):
        if isinstance(s, ast.If) and _terminates(s.body):
            rest = _path(stmts[i + 1 :], is_self)
            return total + _count(s.test, is_self) + max(_path(s.body, is_self), _path(s.orelse, is_self) + rest)
        total += _count(s, is_self)
    return total
