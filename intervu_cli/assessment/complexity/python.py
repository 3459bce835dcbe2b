"""A static, deterministic estimate of a solution's time complexity, in Python or JavaScript.

It feeds the "algorithms" score: the candidate's figure is compared with the reference solution's
figure and with the problem's authored complexity, so it aims at being *consistent* and at catching
the usual slower shapes, not at being a perfect analyser. Standard library only; never raises.

Costs are monomials ``2^n`` / ``n^a log^b n`` in one size ``n`` (the total size of the input).
Python is read with ``ast``; JavaScript with a small tokenizer (comments, strings, template literals
and regular expressions stripped) and a statement parser over ``{}``/``()`` nesting. Rules:

- Loops. A ``for`` over something input-dependent (a parameter or anything derived from it,
  ``range(len(x))``, ``range(n)``, a comprehension or generator, JS ``for...of``/``for...in``, a
  C-style ``for`` whose bound is not a constant, ``.forEach/.map/.filter/.reduce/...``,
  ``Array.from``) multiplies by n; a loop over a constant (``range(26)``, ``"abc"``, a literal
  list, ``[0] * 26``, ``new Array(26)``, ``i < 26``) does not. Nesting multiplies. What a name
  holds (a dict, a set, a constant, a number) comes from its simple assignments anywhere in the
  code. A ``while`` loop is n, unless its condition variable is halved or doubled (``//= 2``,
  ``>>= 1``, ``*= 2``, ``n = n // 2``) or assigned from a ``mid`` computed with ``// 2``, ``>> 1``
  or ``/ 2`` (binary search): log n. A C-style ``for`` stepping ``i *= 2`` is log n too.
- Amortized loops (no factor n from the enclosing loop): an inner loop over an *element* of the
  enclosing loop's collection (``for ch in word`` inside ``for word in strs``, ``buckets[count]``
  inside ``for count in ...``, ``graph[node]`` or ``node.neighbors`` for a ``node`` the loop pops
  from its queue): together they visit the input once; an inner ``while`` that moves a pointer by a
  constant, where the pointer is never reset inside the enclosing loop (sliding window), or that
  pops a stack or queue named in its condition (monotonic stack).
- Grids: ``rows = len(grid)``, ``cols = len(grid[0])`` (JS ``grid[0].length``); a loop over a row of
  the collection an outer loop runs over (``range(cols)`` inside ``range(rows)``, ``[0] * cols``,
  ``new Array(cols)``) is amortized into it: the scan is O(cells), and n is the number of cells.
- Traversals: a ``for _ in range(len(queue))`` (JS ``i < size``, ``size = queue.length - head``)
  that takes from the queue its enclosing ``while`` pops and pushes is one level: amortized; so is
  a loop over a frontier the ``while`` replaces each turn (``level = nxt`` with ``nxt = []`` filled
  there, or ``level = [c for n in level ...]``). A search ``while`` inside a loop over starts (a
  flood fill from every cell) is amortized when every push sits under a condition reading marks it
  writes (``grid[r][c]``, a ``seen`` set, in-degrees) that the outer loop keeps. An inner ``while``
  walking ``node = node.left`` that pushes onto a stack the outer loop pops (in-order) is amortized.
  ``while x != parent[x]: ... x = parent[x]`` with path compression (``parent[...]`` written there
  or in a second pass), and ``find(parent[x])`` writing ``parent``, are union-find: near-constant.
  ``if not out: while inp: out.append(inp.pop())`` (a queue from two stacks) is amortized O(1). A
  ``while True`` whose index moves to ``2 * i + 1`` (a heap's sift-down) is log n.
- Linear operations cost n where they run (times the loops around them): Python ``x in xs``
  unless ``xs`` is a dict/set/Counter/``{}``/``set()``/``dict()``/a constant/``range``;
  ``.index .count .find .remove .insert .pop(i) .split .replace .copy .reverse``;
  ``join/extend/update`` of a collection; slices ``a[i:]`` (not ``a[i:i+2]``); ``sum list tuple
  set dict Counter deque heapify copy`` of a collection; ``max/min`` of one collection; ``[0] * n``.
  JS ``.indexOf/.includes/.lastIndexOf`` unless the receiver is a ``new Set``/``new Map``;
  ``.slice .splice .shift .unshift .concat .join .split .reverse .fill .replace .substring .repeat
  .flat``; spread ``...x``; ``new Set(x)``; ``Object.keys/values/entries``; ``JSON.*``. Sorting
  (``sorted``, ``.sort``, ``.most_common``, ``heapq.nlargest``) is n log n; ``heappush/heappop``
  and ``bisect`` are log n. String concatenation is ignored.
- A call to a function defined in the code costs what that function costs, where it is called.
- Recursion, counting self-calls along one path through ``if``/``else``/``?:``: calls on both
  halves (merge sort): n log n with linear work per call, else n. Memoized (``@cache``,
  ``@lru_cache``, or a dict/map/set/grid both checked and written in the function and never removed
  from or written back after the calls, which would be backtracking state): n times the work per
  call; called from a loop with a table every call shares (a flood fill from every cell, a visited
  set passed along), the calls together cost that once. Otherwise two or more calls, or calls in a
  loop: 2^n, but calls on ``node.left``-like attributes or on the children of ``node.children``
  visit each node once (n, whatever other arguments such as ``depth + 1`` they pass), and calls
  that replace each bound by one local pivot (``build(lo, mid - 1)``, ``build(mid + 1, hi)``, or
  slices/filters around it) split the range: n times the work per call (not in a loop). Work on the
  call's own part of the input (``graph[node]``, ``node.children``) adds up over the calls to the
  input's size and is not multiplied. One call on ``n - 1``/``i + 1``/``x[1:]``: n times the work per
  call. One call on half: log n (n if the work per call is linear). Anything else, and mutual
  recursion: None, with a reason.
- Sequential parts add, so the maximum wins; the estimate is the maximum over every function and
  the top-level code. A figure between two forms of ``intent.rank`` (``n log^2 n``) is reported as
  the next form up, anything from n^3 up to 2^n as n^3; the reasons give the exact figure.
"""

from __future__ import annotations

import ast
import re
import warnings
from dataclasses import dataclass, field
from typing import NamedTuple


@dataclass(frozen=True)
class Estimate:
    time: str | None  # "1", "log n", "n", "n log n", "n^2", "n^3", "2^n"; None = cannot tell
    reasons: tuple[str, ...]  # short evidence for the figure, with line numbers


# --- costs ----------------------------------------------------------------------------------------

Cost = tuple  # (exponential 0/1, power of n, power of log n)
ONE, LOG, N, NLOGN, EXP = (0, 0, 0), (0, 0, 1), (0, 1, 0), (0, 1, 1), (1, 0, 0)
_FORMS = [("1", ONE), ("log n", LOG), ("n", N), ("n log n", NLOGN), ("n^2", (0, 2, 0)), ("n^3", (0, 3, 0)), ("2^n", EXP)]


def _mul(a: Cost, b: Cost) -> Cost:
    return (max(a[0], b[0]), a[1] + b[1], a[2] + b[2])


def _exact(c: Cost) -> str:
    if c[0]:
        return "2^n"
    p = "" if c[1] == 0 else "n" if c[1] == 1 else f"n^{c[1]}"
    lg = "" if c[2] == 0 else "log n" if c[2] == 1 else f"log^{c[2]} n"
    return " ".join(x for x in (p, lg) if x) or "1"


def _form(c: Cost) -> str:
    if c[0]:
        return "2^n"  # exponential, whatever multiplies it (a backtracking search inside loops)
    if c[1] >= 3:
        return "n^3"
    return next(name for name, cost in _FORMS if cost >= c)


class _Size(NamedTuple):
    const: bool  # constant size: iterating or scanning it is O(1)
    hashed: bool  # a dict/set/map: membership is O(1)
    absorb: frozenset = frozenset()  # loop frames it is part of (an element of what they iterate)


_UNKNOWN = _Size(False, False)
_OWN = -1  # in an ``absorb`` set: the current call's own part of the input (``graph[node]``, ``node.children``)


def _is_const(tags: set) -> bool:
    """Constant size: constant literals and ``[0] * 26``; item stores only grow dicts."""
    core = tags - {"store"}
    return bool(core) and core <= {"const", "hashedconst", "fixed"} and not {"store", "hashedconst"} <= tags


def _is_hashed(tags: set) -> bool:
    return bool(tags & {"hashed", "hashedconst"}) and tags <= {"hashed", "hashedconst", "grow", "store", "param"}


@dataclass
class _Frame:
    factor: Cost
    desc: str
    names: frozenset  # all loop variables (indices and elements)
    elems: frozenset  # loop variables that are elements of the iterated collection
    node: object
    absorbs: frozenset  # enclosing frames this loop is amortized into
    coll: str | None = None  # the collection it iterates, by index or by element
    queue: frozenset = frozenset()  # the queues or stacks its body pops (a traversal)


@dataclass
class _Tracker:
    """The running maximum of one function body, with the loops around the current point."""

    fn: str
    frames: list = field(default_factory=list)
    best: Cost = ONE
    reasons: list = field(default_factory=list)
    selfcalls: list = field(default_factory=list)  # (call, line, inside a loop)
    halving: set = field(default_factory=set)  # names assigned (lo + hi) // 2 and the like
    unknown: str | None = None
    ifs: list = field(default_factory=list)  # conditions of the ``if`` statements around the current point
    params: set = field(default_factory=set)  # the function's parameters
    own: Cost = ONE  # the costliest work on the call's own part of the input, whatever the recursion
    own_reasons: list = field(default_factory=list)
    tree_elems: set = field(default_factory=set)  # loop variables over a parameter's children (node.children)

    def find(self, name, elems=True):
        for i in range(len(self.frames) - 1, -1, -1):
            if name in (self.frames[i].elems if elems else self.frames[i].names):
                return i
        return None

    def find_coll(self, key):
        return next((i for i in range(len(self.frames) - 1, -1, -1) if key and self.frames[i].coll == key), None)

    def find_queue(self, key):
        return next((i for i in range(len(self.frames) - 1, -1, -1) if key in self.frames[i].queue), None)

    def outer_loop(self):
        return next((i for i in range(len(self.frames) - 1, -1, -1) if self.frames[i].factor[1] >= 1), None)

    def record(self, cost: Cost, what: str, line: int, absorb=frozenset()):
        skip = set(absorb).union(*(f.absorbs for f in self.frames))
        total, inside = cost, []
        for i, f in enumerate(self.frames):
            if i not in skip and f.factor != ONE:
                total = _mul(total, f.factor)
                inside.append(f.desc)
        if total == ONE:
            return
        if absorb and "amortized" not in what:
            what += (" (the call's own part of the input: amortized over the recursive calls)" if set(absorb) == {_OWN}
                     else " (on part of the enclosing loop's input: amortized)")  # fmt: skip
        text = what + "".join(" inside " + d for d in reversed(inside)) + f": {_exact(total)} (line {line})"
        if _OWN in skip:  # summed over every call, this is the size of that part: not multiplied by the recursion
            if total > self.own:
                self.own, self.own_reasons = total, [text]
            elif total == self.own and text not in self.own_reasons:
                self.own_reasons.append(text)
        elif total > self.best:
            self.best, self.reasons = total, [text]
        elif total == self.best and text not in self.reasons:
            self.reasons.append(text)

    def push(self, factor, desc, line, names=(), elems=(), node=None, absorb=frozenset(), coll=None, queue=()):
        self.record(factor, desc, line, absorb)
        self.frames.append(
            _Frame(factor, desc, frozenset(names), frozenset(elems), node, frozenset(absorb), coll, frozenset(queue))
        )


@dataclass
class _Rec:
    kinds: list  # per self-call: "half", "step", "tree", "split", "chain" or "other"
    per_path: int  # most self-calls along one path through the body
    in_loop: bool
    memo: str | None  # the memo table's name, or "@decorator"
    line: int
    compress: bool = False  # a "chain" call (``find(parent[x])``) whose table the function writes
    shared: bool = False  # the memo table outlives one top-level call (not a local or a parameter)
    table_pos: int | None = None  # the memo table is this parameter: shared when every caller passes the same one


class _Analysis:
    """What both languages share: per-function costs with helpers, recursion, and the maximum."""

    def __init__(self):
        self.funcs: dict = {}
        self._done: dict = {}
        self._active: set = set()
        self._shared: dict = {}  # memoized functions whose table is shared by all their calls -> table

    def func_cost(self, name):
        if name in self._done:
            return self._done[name]
        if name in self._active:
            return None, (f"{name}() is part of a mutual recursion, which is not classified",)
        self._active.add(name)
        t = _Tracker(name)
        fn = self.funcs[name]
        self.walk_function(fn, t)
        result = self._finish(t, self.recursion(fn, t) if t.selfcalls else None)
        self._active.discard(name)
        self._done[name] = result
        return result

    def helper(self, name, t, line, args=None):
        """The cost of a call to ``name``; ``args`` are the keys of its arguments (None when not simple)."""
        cost, reasons = self.func_cost(name)
        if cost is None:
            t.unknown = t.unknown or (reasons[0] if reasons else f"{name}() cannot be estimated")
        elif cost != ONE:
            key, desc, pos = self._shared.get(name, (None, None, None))
            if pos is not None:  # dfs(r, c, visited): the table the caller passes
                key = args[pos] if args is not None and pos < len(args) else None
                desc = f"the table {key}"
            if key and t.frames and not any(self.resets(f, key) for f in t.frames):
                # a flood fill or a memoized search started from every cell or node: the shared table
                # (visited marks, memo) makes all the calls together do the work once
                what = f"a call to {name}() ({_exact(cost)} in all: {desc} is shared by every call, amortized)"
                t.record(cost, what, line, frozenset(range(len(t.frames))))
            else:
                t.record(cost, f"a call to {name}() ({_exact(cost)})", line)

    def resets(self, frame, name) -> bool:
        """Whether the body of a loop frame assigns ``name`` afresh."""
        return False

    def _finish(self, t, rec):
        if t.unknown:
            return None, (t.unknown,)
        cost, reasons = self._recursive_cost(t, rec) if rec is not None else (t.best, tuple(t.reasons))
        if cost is None or cost[0] or t.own < cost:
            return cost, reasons
        return t.own, (tuple(t.own_reasons) if t.own > cost else reasons + tuple(t.own_reasons))

    def _recursive_cost(self, t, rec):
        body, name, kinds, many = t.best, t.fn, set(rec.kinds), rec.per_path >= 2 or rec.in_loop
        if kinds == {"half"} and many:
            cost, why = (NLOGN if body >= N else N), f"{name}() recurses on both halves of its input"
        elif kinds == {"chain"} and not many and rec.compress:
            cost, why = body, f"{name}() follows parent links with path compression (union-find): amortized near-constant"
        elif rec.memo:
            table = rec.memo if rec.memo.startswith("@") else f"the table {rec.memo}"
            cost, why = _mul(N, body), f"{name}() is recursive but memoized ({table}): each state is computed once"
            if rec.shared or rec.table_pos is not None:
                self._shared[name] = (rec.memo, table, rec.table_pos)
        elif many and kinds <= {"tree", "split"} and not ("split" in kinds and rec.in_loop):
            cost, why = _mul(N, body), (f"{name}() visits each node of the structure once" if "tree" in kinds else
                                        f"{name}() splits its range at a pivot: each element is a pivot once")  # fmt: skip
        elif many:
            how = "in a loop" if rec.in_loop else f"{rec.per_path} times"
            return EXP, (f"recursive calls without memoization: {name}() calls itself {how} per call: 2^n (line {rec.line})",)
        elif kinds == {"half"}:
            cost, why = (N if body >= N else _mul(LOG, body)), f"{name}() calls itself once on half of its range"
        elif kinds <= {"step", "tree", "split", "chain"} and not many:
            cost, why = _mul(N, body), f"{name}() calls itself once on an input smaller by one"
        else:
            return None, (f"{name}() calls itself in a way that is not classified (line {rec.line})",)
        return cost, (f"{why}: {_exact(cost)} (line {rec.line})",) + (tuple(t.reasons) if body != ONE else ())

    def estimate(self) -> Estimate:
        results = [self.func_cost(name) for name in list(self.funcs)]
        t = _Tracker("<module>")
        self.walk_module(t)
        results.append(self._finish(t, None))
        unknown = [r for cost, rs in results if cost is None for r in rs]
        if unknown:
            return Estimate(None, tuple(dict.fromkeys(unknown))[:4])
        best = max(cost for cost, _ in results)
        if best == ONE:
            return Estimate("1", ("no loop, recursion or linear-time operation depends on the input size",))
        reasons = tuple(dict.fromkeys(r for cost, rs in results if cost == best for r in rs))[:4]
        form = _form(best)
        if form != _exact(best):
            why = "the largest polynomial form" if best[1] >= 3 else "the nearest form above it"
            reasons += (f"{_exact(best)} is reported as {form}, {why}",)
        return Estimate(form, reasons)


# --- Python -------------------------------------------------------------------------------------------

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
            vals = n.value.elts if isinstance(n.value, (ast.Tuple, ast.List)) and len(n.value.elts) == len(tgt.elts) else None
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


class _Python(_Analysis):
    def __init__(self, tree):
        super().__init__()
        self.tree = tree
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                self.funcs[node.name] = node
        self.tags, self.halving = _py_tags(tree)
        counts, lens = {}, {}
        for n in ast.walk(tree):
            if isinstance(n, ast.Assign) or isinstance(n, ast.AnnAssign) and n.value is not None:
                for k, v in _pairs(n):
                    counts[k] = counts.get(k, 0) + 1
                    if _is_call(v, "len") and len(v.args) == 1:
                        lens[k] = v.args[0]
            elif isinstance(n, (ast.AugAssign, ast.NamedExpr)) and isinstance(n.target, ast.Name):
                counts[n.target.id] = counts.get(n.target.id, 0) + 2
        self.lens = {k: v for k, v in lens.items() if counts[k] == 1 and self.tags.get(k) == {"other"}}

    def _len_arg(self, e):
        """``E`` when ``e`` is ``len(E)`` or a name assigned it once (``rows = len(grid)``)."""
        if _is_call(e, "len") and len(e.args) == 1:
            return e.args[0]
        return self.lens.get(e.id) if isinstance(e, ast.Name) else None

    def _coll(self, it):
        """The key of the collection a loop header iterates (``grid`` for ``range(rows)``), if simple."""
        if _is_call(it, "range"):
            for a in it.args:
                while isinstance(a, ast.BinOp) and self._const_int(a.right):
                    a = a.left
                if (e := self._len_arg(a)) is not None:
                    return _key(e)
            return None
        if isinstance(it, ast.Call) and _callee(it) in ("enumerate", "reversed", "sorted", "list", "iter") and it.args:
            it = it.args[0]
        return _key(it)

    def resets(self, frame, name) -> bool:
        node = frame.node
        body = node.body if isinstance(node, (ast.For, ast.AsyncFor, ast.While)) else []
        for n in _walk(body):
            if isinstance(n, (ast.Assign, ast.AnnAssign)) and any(k == name for k, _ in _pairs(n)):
                return True
        return False

    def _fn_body(self, t):
        fn = self.funcs.get(t.fn)
        return fn.body if fn is not None and t.fn != "<module>" else self.tree.body

    def walk_module(self, t):
        t.halving = self.halving
        for s in self.tree.body:
            self._visit(s, t)

    def walk_function(self, fn, t):
        t.halving = self.halving
        t.params = {a.arg for a in fn.args.posonlyargs + fn.args.args} - {"self", "cls"}
        for s in fn.body:
            self._visit(s, t)

    def _size(self, e, t) -> _Size:
        if isinstance(e, ast.Constant):
            return _Size(True, False)
        if isinstance(e, (ast.List, ast.Tuple, ast.Set)):  # a fixed number of items: [node], (n.left, n.right)
            return _Size(not any(isinstance(x, ast.Starred) for x in e.elts), isinstance(e, ast.Set))
        if isinstance(e, ast.Dict):
            return _Size(None not in e.keys, True)
        if isinstance(e, _COMPS):
            return _Size(False, isinstance(e, (ast.SetComp, ast.DictComp)))
        key = _key(e)
        if key in _STRING_CONSTANTS or key and key.startswith("string.") and key[7:] in _STRING_CONSTANTS:
            if key not in self.tags:
                return _Size(True, False)
        if key:
            tags, i = self.tags.get(key, set()), t.find(key)
            if i is None and isinstance(e, ast.Attribute):  # ``node.neighbors`` for an element ``node``
                i = t.find(e.value.id)
                if i is None and e.value.id in t.params:  # ... or for the parameter ``node``
                    i = _OWN
            return _Size(_is_const(tags), _is_hashed(tags), frozenset() if i is None else frozenset({i}))
        if isinstance(e, ast.Subscript):
            base = self._size(e.value, t)
            if isinstance(e.slice, ast.Slice):
                return _Size(base.const, False, base.absorb)
            idx = {t.find(n, elems=False) for n in _names(e.slice)} - {None}
            if _number(e.slice) is not None or idx:  # ``grid[0]``: a row of the grid a loop runs over
                idx.add(t.find_coll(_key(e.value)))
            if isinstance(e.slice, ast.Name) and e.slice.id in t.params and not idx - {None}:  # graph[node]
                idx.add(_OWN)
            return _Size(base.const, False, base.absorb | (idx - {None}))
        if isinstance(e, ast.Call):
            name, f = _callee(e), e.func
            if name == "range":
                return self._range_size(e, t)
            if isinstance(f, ast.Attribute) and name in ("keys", "values", "items", "split", "copy", "strip", "lower"):
                s = self._size(f.value, t)
                return _Size(s.const, s.hashed and name in ("keys", "copy"), s.absorb)
            if e.args and name in {"enumerate", "reversed", "sorted", "list", "tuple", "iter", "zip"} | _HASHED_CTORS:
                s = self._size(e.args[0], t)
                return _Size(s.const, name in _HASHED_CTORS, s.absorb)
        return _UNKNOWN

    def _const_int(self, e) -> bool:
        if isinstance(e, ast.Name):
            return self.tags.get(e.id) == {"num"}
        if isinstance(e, ast.BinOp):
            return self._const_int(e.left) and self._const_int(e.right)
        if isinstance(e, ast.UnaryOp):
            return self._const_int(e.operand)
        return _number(e) is not None

    def _range_size(self, e, t) -> _Size:
        absorb, const, plain = set(), True, False
        for a in e.args:
            if self._const_int(a):
                continue
            inner = a
            while isinstance(inner, ast.BinOp) and self._const_int(inner.right):
                inner = inner.left
            s = self._size(x, t) if (x := self._len_arg(inner)) is not None else None
            if s is not None and s.const:
                continue
            const = False
            if s is not None and s.absorb:
                absorb |= s.absorb
            else:
                plain = True
        return _Size(const, False, frozenset() if const or plain else frozenset(absorb))

    def _visit(self, node, t):
        if isinstance(node, _DEFS):
            return
        if isinstance(node, (ast.For, ast.AsyncFor)):
            self._visit(node.iter, t)
            self._loop(t, node.target, node.iter, "a loop over ", node.lineno, node)
            for s in node.body:
                self._visit(s, t)
            t.frames.pop()
            for s in node.orelse:
                self._visit(s, t)
        elif isinstance(node, ast.While):
            self._while(node, t)
        elif isinstance(node, _COMPS):
            for g in node.generators:
                self._visit(g.iter, t)
                self._loop(t, g.target, g.iter, "a comprehension over ", node.lineno, node)
                for c in g.ifs:
                    self._visit(c, t)
            for part in (node.key, node.value) if isinstance(node, ast.DictComp) else (node.elt,):
                self._visit(part, t)
            del t.frames[-len(node.generators) :]
        elif isinstance(node, ast.If):
            self._visit(node.test, t)
            t.ifs.append((node.test, len(t.frames)))
            for s in node.body:
                self._visit(s, t)
            t.ifs.pop()
            for s in node.orelse:
                self._visit(s, t)
        else:
            self._op(node, t)
            for child in ast.iter_child_nodes(node):
                self._visit(child, t)

    def _loop(self, t, target, it, desc, line, node):
        s = self._size(it, t)
        names = _target_names(target)
        if _is_call(it, "range"):
            elems = []
        elif _is_call(it, "enumerate") and isinstance(target, ast.Tuple) and len(target.elts) == 2:
            elems = _target_names(target.elts[1])
        else:
            elems = names
        coll, absorb, why = self._coll(it), set(s.absorb), ""
        body = node.body if isinstance(node, (ast.For, ast.AsyncFor)) else []
        queue, bound = _pops(body, {coll}) if coll and _is_call(it, "range") else (set(), set())
        if queue and (w := t.find_queue(coll)) is not None:
            absorb.add(w)
            why = f" (one level of {coll}, whose elements it takes: amortized over the enclosing loop)"
        elif t.frames and isinstance(t.frames[-1].node, ast.While) and self._frontier(t.frames[-1].node, _key(it)):
            absorb.add(len(t.frames) - 1)
            why = " (one frontier of a level-by-level search: amortized over the enclosing loop)"
        elif s.absorb == {_OWN}:
            why = " (the call's own part of the input: amortized over the recursive calls)"
        elif s.absorb:
            why = " (part of the enclosing loop's input: amortized)"
        if isinstance(it, ast.Attribute) and isinstance(it.value, ast.Name) and it.value.id in t.params:
            t.tree_elems.update(elems)  # for child in node.children: dfs(child)
        desc += _src(it) + why
        t.push(ONE if s.const else N, desc, line, set(names) | bound, set(elems) | bound, node, frozenset(absorb), coll, queue)

    @staticmethod
    def _frontier(loop, key) -> bool:
        """Whether ``loop`` replaces ``key`` by the next level on each turn: a fresh collection it fills
        (``nxt = []; for node in level: nxt.append(child); level = nxt``) or a comprehension over ``key``
        (``level = [c for n in level for c in (n.left, n.right) if c]``): a level-by-level search."""
        if not key:
            return False
        fresh, swaps = set(), set()
        for n in _walk(loop.body):
            if isinstance(n, ast.Assign):
                for k, v in _pairs(n):
                    empty_call = isinstance(v, ast.Call) and _callee(v) in ("list", "set", "deque") and not v.args
                    if isinstance(v, (ast.List, ast.Set)) and not v.elts or empty_call:
                        fresh.add(k)
                    if k == key and isinstance(v, _COMPS) and _key(v.generators[0].iter) == key:
                        return True
                    if k == key and isinstance(v, ast.Name):
                        swaps.add(v.id)
        return any(_pushes(n, swaps & fresh) for n in _walk(loop.body))

    def _while(self, node, t):
        test = _keys(node.test)
        body = list(_walk(node.body))
        if not test:  # ``while True``: the names its body moves
            test = {k for n in body if isinstance(n, ast.Assign) for k, _ in _pairs(n)}
        queue, bound = _pops(node.body, test)
        queue = {q for q in queue if any(_pushes(n, {q}) for n in body)}  # a traversal pushes what it pops
        factor, desc, absorb = N, f"a while loop on {_src(node.test)}", frozenset()
        if (why := self._union_find(node, test, t)) or (why := self._transfer(node, t)):
            factor, desc = ONE, desc + f" ({why})"
        elif why := self._halves(body, test, t):
            factor, desc = LOG, desc + why
        elif (k := t.outer_loop()) is not None and (why := self._amortized(node, body, test, t.frames[k].node)):
            desc, absorb = desc + f" ({why}: amortized over the enclosing loop)", frozenset({k})
        t.push(factor, desc, node.lineno, bound, bound, node=node, absorb=absorb, queue=queue)
        self._visit(node.test, t)
        for s in node.body:
            self._visit(s, t)
        t.frames.pop()
        for s in node.orelse:
            self._visit(s, t)

    @staticmethod
    def _walks(loop, test) -> set:
        """Tables ``P`` a loop follows links through: ``x = P[x]`` for a name ``x`` in its condition."""
        return {_root(v) for n in _walk(loop.body) if isinstance(n, ast.Assign) for k, v in _pairs(n)
                if k in test and isinstance(v, ast.Subscript) and k in _names(v.slice)} - {None}  # fmt: skip

    def _union_find(self, node, test, t) -> str | None:
        walks = self._walks(node, test)
        if not walks:
            return None
        compressed = walks & set().union(*(_stored(n) for n in _walk(node.body)))
        for other in _walk(self._fn_body(t)):  # a second pass that compresses the path just walked
            if not compressed and isinstance(other, ast.While) and other is not node:
                stored = set().union(*(_stored(n) for n in _walk(other.body)))
                compressed = walks & self._walks(other, _keys(other.test)) & stored
        if compressed:
            return f"a union-find walk up {sorted(compressed)[0]} with path compression: amortized near-constant"
        return None

    @staticmethod
    def _transfer(node, t) -> str | None:
        """``if not out: while inp: out.append(inp.pop())``: a queue built from two stacks."""
        if not t.ifs or t.ifs[-1][1] != len(t.frames):
            return None

        def emptiness(e, empty):
            if isinstance(e, ast.UnaryOp) and isinstance(e.op, ast.Not):
                return emptiness(e.operand, not empty)
            if not empty and _key(e):
                return _key(e)
            if isinstance(e, ast.Compare) and len(e.ops) == 1 and _is_call(e.left, "len") and e.left.args:
                if _number(e.comparators[0]) == 0 and isinstance(e.ops[0], (ast.Eq, ast.LtE)) == empty:
                    return _key(e.left.args[0])
            return None

        src, dst = emptiness(node.test, False), emptiness(t.ifs[-1][0], True)
        calls = [n for n in _walk(node.body) if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)]
        pops = any(c.func.attr == "pop" and _key(c.func.value) == src and not c.args for c in calls)
        if src and dst and src != dst and pops and any(c.func.attr == "append" and _key(c.func.value) == dst for c in calls):
            return f"it moves {src} onto {dst} only when {dst} is empty: each element is moved once, amortized"
        return None

    def _halves(self, body, test, t) -> str | None:
        doubling = _doubling(body)
        for n in body:
            if isinstance(n, ast.AugAssign) and isinstance(n.target, ast.Name) and n.target.id in test:
                v = _number(n.value)
                if v is not None and (isinstance(n.op, (ast.FloorDiv, ast.Div, ast.Mult)) and v >= 2
                                      or isinstance(n.op, (ast.RShift, ast.LShift)) and v >= 1):  # fmt: skip
                    return " that halves its range"
            if isinstance(n, ast.Assign):
                for k, v in _pairs(n):
                    if k in test and v is not None and (_is_halving(v) or _names(v) & t.halving or (
                        isinstance(v, ast.BinOp) and isinstance(v.op, (ast.Mult, ast.LShift)) and k in _names(v)
                        and (_number(v.right) or 0) >= 1)):  # fmt: skip
                        return " that halves its range"
                    if k in test and v is not None and _names(v) & doubling:
                        return f" that moves {k} to a child at twice its index (a heap sift): log n steps"
        return None

    def _amortized(self, node, body, test, outer) -> str | None:
        reset = set(_target_names(outer.target)) if isinstance(outer, (ast.For, ast.AsyncFor)) else set()
        for n in _walk(outer.body if isinstance(getattr(outer, "body", None), list) else []):
            if isinstance(n, ast.Assign):
                reset |= {k for k, v in _pairs(n) if not _is_step(v, k)}
            elif isinstance(n, (ast.AnnAssign, ast.NamedExpr)):
                reset.add(_key(n.target))
            elif isinstance(n, (ast.For, ast.AsyncFor, ast.comprehension)):
                reset |= set(_target_names(n.target))
        popped = {n.func.value.id for n in body if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)
                  and n.func.attr in ("pop", "popleft") and isinstance(n.func.value, ast.Name)
                  and (not n.args or _number(n.args[0]) == -1)} & test  # fmt: skip
        if popped - reset:
            return f"it pops {sorted(popped - reset)[0]}, and each element is pushed once"
        steps = set()
        for n in body:
            if (isinstance(n, ast.AugAssign) and isinstance(n.target, ast.Name) and isinstance(n.op, (ast.Add, ast.Sub))
                    and _number(n.value) is not None):  # fmt: skip
                steps.add(n.target.id)
            elif isinstance(n, ast.Assign):
                steps |= {k for k, v in _pairs(n) if _is_step(v, k)}
        if steps and not steps & reset:
            return f"its pointer {sorted(steps)[0]} is never reset"
        queues = _pops(node.body, test)[0]
        if queues:  # a search from every start, its pushes guarded by marks kept across the starts
            written = set().union(*(_stored(n) for n in body)) - queues - reset
            if guards := _guarded(node.body, queues, written):
                return (f"each element enters {sorted(queues)[0]} once: every push is guarded by "
                        f"{sorted(guards)[0]}, which the enclosing loop keeps")  # fmt: skip
        if isinstance(outer, ast.While):  # iterative in-order: walk down, pushing onto a stack the outer loop pops
            walked = {k for n in body if isinstance(n, ast.Assign) for k, v in _pairs(n)
                      if k in test and isinstance(v, ast.Attribute) and _key(v.value) == k}  # fmt: skip
            stacks = {_key(n.func.value) for n in body if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)
                      and n.func.attr == "append" and any(_names(a) & walked for a in n.args)}  # fmt: skip
            stacks &= _pops(outer.body, _keys(outer.test))[0]
            if walked and stacks - reset:
                stack = sorted(stacks - reset)[0]
                return f"it pushes the nodes it walks onto {stack}, which the enclosing loop pops: each node once"
        return None

    def _op(self, node, t):
        line = getattr(node, "lineno", 0)
        if isinstance(node, ast.Compare):
            for op, right in zip(node.ops, node.comparators):
                if isinstance(op, (ast.In, ast.NotIn)) and not _is_call(right, "range"):
                    s = self._size(right, t)
                    if not (s.const or s.hashed):
                        t.record(N, f"`{_src(node)}` (a linear scan of {_src(right)})", line, s.absorb)
        elif isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Slice) and not self._short(node.slice):
            s = self._size(node.value, t)
            if not s.const:
                t.record(N, f"the slice `{_src(node)}`", line, s.absorb)
        elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mult):
            for a, b in ((node.left, node.right), (node.right, node.left)):
                if isinstance(a, (ast.List, ast.ListComp)) and not self._const_int(b):
                    x = self._len_arg(b)  # [0] * cols, cols = len(grid[0]): a row of the grid
                    t.record(N, f"`{_src(node)}`", line, self._size(x, t).absorb if x is not None else frozenset())
        elif isinstance(node, ast.Call):
            self._call(node, t, line)

    def _short(self, sl) -> bool:
        lo, hi = sl.lower, sl.upper
        if hi is None:
            return lo is not None and (_number(lo) or 0) < 0
        if (lo is None or self._const_int(lo)) and self._const_int(hi):
            return True
        return (lo is not None and isinstance(hi, ast.BinOp) and isinstance(hi.op, ast.Add)
                and ast.dump(hi.left) == ast.dump(lo) and self._const_int(hi.right))  # fmt: skip

    def _call(self, node, t, line):
        f = node.func
        name, recv = _callee(node), (f.value if isinstance(f, ast.Attribute) else None)
        if name is None:
            return
        own = recv is None or isinstance(recv, ast.Name) and recv.id in ("self", "cls")
        if own and name == t.fn:
            t.selfcalls.append((node, line, bool(t.frames)))
            return
        if own and name in self.funcs:
            self.helper(name, t, line, [_key(a) for a in node.args])
            return
        cost, s = None, _UNKNOWN
        if recv is None or isinstance(recv, ast.Name) and recv.id in _MODULES:
            if name in _FIXED_FUNCS:
                cost = _FIXED_FUNCS[name]
            elif name in _SIZED_FUNCS and node.args and not (name in ("max", "min") and len(node.args) > 1):
                cost, s = _SIZED_FUNCS[name], self._size(node.args[0], t)
        elif name in ("join", "extend", "update") and node.args:
            cost, s = N, self._size(node.args[0], t)
        elif name in _PY_METHODS or name in ("remove", "pop"):
            s = self._size(recv, t)
            cost = _PY_METHODS.get(name, N)
            if name in ("remove", "pop") and (s.hashed or name == "pop" and (not node.args or _number(node.args[0]) == -1)):
                cost = None
        if cost and not s.const:
            t.record(cost, f"`{_src(node)}`", line, s.absorb)

    def recursion(self, fn, t) -> _Rec:
        def is_self(c):
            f = c.func
            return _callee(c) == fn.name and (
                isinstance(f, ast.Name) or isinstance(f.value, ast.Name) and f.value.id in ("self", "cls")
            )

        params = [a.arg for a in fn.args.posonlyargs + fn.args.args]
        params = params[1:] if params[:1] in (["self"], ["cls"]) else params
        kinds, tables = [], set()
        for call, _, _ in t.selfcalls:
            found = set()
            for a in list(call.args) + [k.value for k in call.keywords]:
                base = a
                while isinstance(base, ast.Attribute):
                    base = base.value
                if _is_halving(a) or _names(a) & t.halving:
                    found.add("half")
                elif isinstance(a, ast.Attribute) and not (isinstance(base, ast.Name) and base.id in ("self", "cls")) or (
                    isinstance(a, ast.Name) and a.id in t.tree_elems
                ):
                    found.add("tree")  # node.left, or a child of node.children: wins over arguments such as depth + 1
                elif any(isinstance(x, ast.BinOp) and isinstance(x.op, (ast.Add, ast.Sub)) for x in _walk(a)) or (
                    isinstance(a, ast.Subscript) and isinstance(a.slice, ast.Slice)
                ):
                    found.add("step")
                elif isinstance(a, ast.Subscript) and _names(a.slice) & set(params):
                    found.add("chain")  # find(parent[x])
                    tables.add(_root(a))
            kinds.append(next((k for k in ("half", "tree", "step", "chain") if k in found), "other"))
        if "half" not in kinds and self._splits([c for c, _, _ in t.selfcalls], params):
            kinds = ["split"] * len(kinds)
        per_path = max(1, _path(fn.body, is_self))
        compress = bool(tables & set().union(*(_stored(n) for n in _walk(fn.body))))
        memo, shared = self._memo(fn, t, params)
        pos = params.index(memo) if memo in params else None
        return _Rec(kinds, per_path, any(c[2] for c in t.selfcalls), memo, t.selfcalls[0][1], compress, shared, pos)

    @staticmethod
    def _restores(value, root, nodes) -> bool:
        """Whether a write of ``value`` after the recursive calls puts back what the cell held (a falsy
        constant, a saved copy, or the value it was checked against), rather than a final state such
        as a three-colour DFS's "done"."""
        if isinstance(value, ast.Constant):
            return not value.value
        if isinstance(value, ast.Name):
            return any(isinstance(n, ast.Assign) and any(_key(x) == value.id for x in n.targets)
                       and isinstance(n.value, ast.Subscript) and _root(n.value) == root for n in nodes)  # fmt: skip
        d = ast.dump(value)
        return any(n is not value and type(n) is type(value) and ast.dump(n) == d for n in nodes)

    @staticmethod
    def _splits(calls, params) -> bool:
        """``build(lo, mid - 1)`` and ``build(mid + 1, hi)``: each call replaces a different bound by the
        same local pivot, so the calls cover disjoint parts of the range."""
        if len(calls) < 2:
            return False
        found, parts = set(), []
        for call in calls:
            if call.keywords or len(call.args) != len(params):
                return False
            changed = [(i, a) for i, a in enumerate(call.args) if not (isinstance(a, ast.Name) and a.id == params[i])]
            parts.append([a for _, a in changed])
        if all(parts) and all(isinstance(a, ast.Subscript) and isinstance(a.slice, ast.Slice) for p in parts for a in p):
            # f(pre[1:mid + 1], ino[:mid]) and f(pre[mid + 1:], ino[mid + 1:]): both sides of one local pivot
            pivots = [set().union(*(_names(a.slice) for a in p)) - set(params) for p in parts]
            return bool(set.intersection(*pivots))
        if parts and all(len(p) == 1 and isinstance(p[0], ast.ListComp) and len(p[0].generators) == 1 for p in parts):
            # quicksort(smaller) + quicksort(larger), each a filtered copy of the same list
            return len({ast.dump(p[0].generators[0].iter) for p in parts}) == 1 and all(p[0].generators[0].ifs for p in parts)
        for call in calls:
            changed = [(i, a) for i, a in enumerate(call.args) if not (isinstance(a, ast.Name) and a.id == params[i])]
            if len(changed) != 1 or len(params) < 2:
                return False
            i, a = changed[0]
            if isinstance(a, ast.BinOp) and isinstance(a.op, (ast.Add, ast.Sub)) and _number(a.right) is not None:
                a = a.left
            if not isinstance(a, ast.Name) or a.id in params:
                return False
            found.add((i, a.id))
        return len({m for _, m in found}) == 1 and len({i for i, _ in found}) >= 2

    @staticmethod
    def _memo(fn, t, params) -> tuple:
        """(the memo table: a dict/set both checked and written, never removed from or restored, or
        "@decorator"; whether the table is shared by every call, not a local or a parameter)."""
        for d in fn.decorator_list:
            if _callee(d.func if isinstance(d, ast.Call) else d) in _MEMO_DECORATORS:
                return f"@{_callee(d.func if isinstance(d, ast.Call) else d)}", True
        written, read, removed, inner, stores = set(), set(), set(), set(), []
        for n in _walk(fn.body):
            if isinstance(n, ast.Subscript) and id(n) not in inner:
                if isinstance(n.ctx, (ast.Store, ast.Del)):
                    x = n.value
                    while isinstance(x, ast.Subscript):  # grid[r][c] = ...: writes grid
                        inner.add(id(x))
                        x = x.value
                    (written if isinstance(n.ctx, ast.Store) else removed).add(_root(n))
                else:
                    read.add(_key(n.value))
            elif isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute):
                attr, key = n.func.attr, _key(n.func.value)
                if attr in ("add", "setdefault"):
                    written.add(key)
                elif attr == "get":
                    read.add(key)
                elif attr in ("remove", "discard", "pop"):
                    removed.add(key)
            elif isinstance(n, ast.Compare):
                read |= {_key(r) for op, r in zip(n.ops, n.comparators) if isinstance(op, (ast.In, ast.NotIn))}
            if isinstance(n, ast.Assign):
                has_call = any(isinstance(c, ast.Call) and any(c is sc for sc, _, _ in t.selfcalls) for c in _walk(n.value))
                stores += [(tg.lineno, tg.col_offset, ast.dump(tg), _root(tg), has_call, n.value)
                           for tg in n.targets if isinstance(tg, ast.Subscript)]  # fmt: skip
        calls = [(c.lineno, c.col_offset) for c, _, _ in t.selfcalls]
        nodes = None
        for a in stores:  # board[r][c] = "#" ... recurse ... board[r][c] = saved: backtracking, not a memo
            for b in stores:
                if a[2] == b[2] and not b[4] and a[3] not in removed and any(a[:2] < c < b[:2] for c in calls):
                    nodes = nodes if nodes is not None else list(_walk(fn.body))
                    if _Python._restores(b[5], a[3], nodes):
                        removed.add(a[3])
        memo = sorted((written & read) - removed - {None})
        if not memo:
            return None, False
        local = set(params) | {k for n in _walk(fn.body) if isinstance(n, (ast.Assign, ast.AnnAssign)) for k, _ in _pairs(n)}
        return memo[0], memo[0] not in local


# --- JavaScript ---------------------------------------------------------------------------------------

class _ParseError(Exception):
    pass


@dataclass
class _Tok:
    kind: str  # id, num, str, regex, op
    text: str
    line: int
    nl: bool  # a line break comes before it


@dataclass
class _Node:
    kind: str  # block, if, for, while, switch, return, jump, expr, func
    rng: tuple = (0, 0)  # condition, header or expression tokens
    body: object = None
    alt: object = None
    kids: list = field(default_factory=list)
    line: int = 0
    full: tuple = (0, 0)  # every token of the statement
    span: tuple = (0, 0)  # the body tokens of a loop


@dataclass
class _JsFunc:
    name: str
    body: list | None
    expr: tuple | None
    span: tuple
    params: list = field(default_factory=list)


_JS_OPS = re.compile("|".join(re.escape(op) for op in sorted(
    ">>>= ... === !== **= <<= >>= >>> &&= ||= ??= => == != <= >= && || ?? ?. ++ -- += -= *= /= %= &= |= ^= ** << >>".split(),
    key=len, reverse=True)) + "|.", re.S)  # fmt: skip
_JS_TOKEN = re.compile(
    r"(?P<num>(?:0[xXbBoO][\da-fA-F_]+|\d[\d_]*\.?[\d_]*(?:[eE][+-]?\d+)?|\.\d[\d_]*(?:[eE][+-]?\d+)?)n?)"
    r"|(?P<id>[\w$#]+)"
)
_REGEX_AFTER = {"return", "typeof", "case", "do", "else", "in", "of", "new", "delete", "void", "throw", "yield", "await"}
_KEYWORDS = {"if", "for", "while", "do", "switch", "return", "function", "catch", "typeof", "new", "await", "yield",
             "in", "of", "else", "throw", "delete", "void", "case", "const", "let", "var", "class", "instanceof"}  # fmt: skip
_OPEN, _CLOSE = {"(", "[", "{"}, {")", "]", "}"}
_ITER_METHODS = {"forEach", "map", "filter", "reduce", "reduceRight", "some", "every", "find", "findIndex",
                 "findLast", "findLastIndex", "flatMap"}  # fmt: skip
_JS_LINEAR = {"slice", "splice", "shift", "unshift", "concat", "join", "split", "reverse", "fill", "replace",
              "replaceAll", "substring", "substr", "repeat", "flat", "toReversed", "lastIndexOf", "indexOf", "includes"}  # fmt: skip
_BUILTINS = {"Math", "console", "Number", "String", "Promise", "Array", "Object", "JSON"}
_JS_WRITES = {"=", "+=", "-=", "*=", "|=", "&=", "++", "--", "||=", "&&=", "??="}
_JS_EMPTY = (["new", "Set", "(", ")"], ["new", "Array", "(", ")"], ["new", "Map", "(", ")"])


def _skip_template(src, i):
    """Index just past the template literal starting at ``src[i] == '`'``."""
    j, n = i + 1, len(src)
    while j < n:
        c = src[j]
        if c == "\\":
            j += 2
        elif c == "`":
            return j + 1
        elif src.startswith("${", j):
            depth, j = 1, j + 2
            while j < n and depth:
                c = src[j]
                if c == "`":
                    j = _skip_template(src, j)
                    continue
                if c in "'\"":
                    k = j + 1
                    while k < n and src[k] != c:
                        k += 2 if src[k] == "\\" else 1
                    j = k
                depth += (c == "{") - (c == "}")
                j += 1
        else:
            j += 1
    raise _ParseError("unterminated template literal")


def _tokenize(src: str) -> list:
    toks, i, line, nl, n = [], 0, 1, True, len(src)
    while i < n:
        c = src[i]
        if c == "\n":
            line, nl, i = line + 1, True, i + 1
            continue
        if c.isspace():
            i += 1
            continue
        if src.startswith("//", i):
            j = src.find("\n", i)
            i = n if j < 0 else j
            continue
        if src.startswith("/*", i):
            j = src.find("*/", i + 2)
            if j < 0:
                raise _ParseError(f"unterminated comment (line {line})")
            nl = nl or "\n" in src[i:j]
            line, i = line + src.count("\n", i, j), j + 2
            continue
        start, kind = i, "op"
        prev = toks[-1] if toks else None
        if c in "'\"":
            j = i + 1
            while j < n and src[j] != c and src[j] != "\n":
                j += 2 if src[j] == "\\" else 1
            if j >= n or src[j] != c:
                raise _ParseError(f"unterminated string (line {line})")
            i, kind = j + 1, "str"
        elif c == "`":
            i, kind = _skip_template(src, i), "str"
        elif c == "/" and (prev is None or prev.kind == "op" and prev.text not in (")", "]", "}")
                           or prev.text in _REGEX_AFTER):  # fmt: skip
            j, in_class = i + 1, False
            while j < n and (in_class or src[j] != "/"):
                if src[j] == "\n":
                    raise _ParseError(f"unterminated regular expression (line {line})")
                in_class = (in_class or src[j] == "[") and src[j] != "]"
                j += 2 if src[j] == "\\" else 1
            j += 1
            while j < n and src[j].isalpha():
                j += 1
            i, kind = j, "regex"
        elif m := _JS_TOKEN.match(src, i):
            i, kind = m.end(), m.lastgroup
        else:
            i = _JS_OPS.match(src, i).end()
        toks.append(_Tok(kind, src[start:i], line, nl))
        line += src.count("\n", start, i)
        nl = False
    return toks


def _match(toks) -> list:
    m, stack = [-1] * len(toks), []
    for k, tok in enumerate(toks):
        if tok.kind != "op":
            continue
        if tok.text in _OPEN:
            stack.append(k)
        elif tok.text in _CLOSE:
            if not stack or toks[stack[-1]].text + tok.text not in ("()", "[]", "{}"):
                raise _ParseError(f"unbalanced '{tok.text}' (line {tok.line})")
            o = stack.pop()
            m[o], m[k] = k, o
    if stack:
        raise _ParseError(f"'{toks[stack[-1]].text}' is never closed (line {toks[stack[-1]].line})")
    return m


class _JavaScript(_Analysis):
    def __init__(self, code):
        super().__init__()
        self.T = _tokenize(code)
        self.m = _match(self.T)
        self._parsed: dict = {}
        self.module = self._parse_list(0, len(self.T))
        self.tags: dict = {}  # what each name is assigned, across the whole code
        self.halving: set = set()  # names assigned (lo + hi) >> 1 and the like
        for name, v0, v1 in self._assigns(0, len(self.T)):
            self.tags.setdefault(name, set()).add(self._value_tag(v0, v1))
            if self._halving_expr(v0, v1):
                self.halving.add(name)
        for k, tok in enumerate(self.T):
            if tok.text in ("++", "--", "+=", "-=", "*=", "/=", "%=", "<<=", ">>=", "**=", "||=", "&&=", "??="):
                for j in (k - 1, k + 1):
                    if 0 <= j < len(self.T) and self.T[j].kind == "id":
                        self.tags.setdefault(self.T[j].text, set()).add("other")
            elif tok.text == "." and 0 < k < len(self.T) - 1 and self.T[k - 1].kind == "id":
                if self.T[k + 1].text in ("push", "unshift", "splice", "add", "set", "delete", "pop", "shift"):
                    self.tags.setdefault(self.T[k - 1].text, set()).add("grow")
        counts: dict = {}
        self.lens: dict = {}  # names assigned once ``X.length`` (``const cols = grid[0].length``) -> X's tokens
        for name, v0, v1 in self._assigns(0, len(self.T)):
            counts[name] = counts.get(name, 0) + 1
            k = next((k for k in self._top(v0, v1) if self.T[k].text in ("+", "-", "||", "??", ";")), v1)
            if k - v0 >= 3 and self.T[k - 1].text == "length" and self.T[k - 2].text in (".", "?."):
                self.lens[name] = (v0, k - 2)  # size = queue.length - head
        self.lens = {k: v for k, v in self.lens.items() if counts[k] == 1 and self.tags.get(k) == {"other"}}

    # -- parsing --

    def _text(self, k):
        return self.T[k].text if 0 <= k < len(self.T) else ""

    def _top(self, i, j):
        k = i
        while k < j:
            yield k
            k = self.m[k] + 1 if self.T[k].text in _OPEN and self.T[k].kind == "op" else k + 1

    def _ends(self, tok):
        return (tok.kind in ("num", "str", "regex") or tok.kind == "id" and tok.text not in _KEYWORDS
                or tok.text in (")", "]", "}", "++", "--"))  # fmt: skip

    def _continues(self, tok):
        return tok.kind == "op" and tok.text not in ("++", "--", "!", "~", "{", ";", "}") or tok.text in (
            "in", "of", "instanceof")  # fmt: skip

    def _end(self, i, j, commas=False):
        """(end of the expression starting at i, index of the next statement)."""
        k = i
        while k < j:
            tok = self.T[k]
            if k > i and tok.nl and self._ends(self.T[k - 1]) and not self._continues(tok):
                return k, k
            if tok.kind == "op" and tok.text in _OPEN:
                k = self.m[k] + 1
                continue
            if tok.text == ";" or commas and tok.text == ",":
                return k, k + 1
            if tok.kind == "op" and tok.text in _CLOSE:
                return k, max(k, i + 1)
            k += 1
        return j, j

    def _parse_list(self, i, j) -> list:
        if (i, j) not in self._parsed:
            out, k = [], i
            while k < j:
                node, nxt = self._parse_stmt(k, j)
                k = max(nxt, k + 1)
                if node is not None:
                    out.append(node)
            self._parsed[(i, j)] = out
        return self._parsed[(i, j)]

    def _sub(self, i, j):
        return self._parse_stmt(i, j) if i < j else (None, i)

    def _parse_stmt(self, i, j):
        T, m, x, line = self.T, self.m, self.T[i].text, self.T[i].line
        if x == ";":
            return None, i + 1
        if x == "{" and T[i].kind == "op":
            return _Node("block", kids=self._parse_list(i + 1, m[i]), full=(i, m[i] + 1)), m[i] + 1
        if x == "if" and self._text(i + 1) == "(":
            c = m[i + 1]
            body, k = self._sub(c + 1, j)
            alt = None
            if k < j and self._text(k) == "else":
                alt, k = self._sub(k + 1, j)
            return _Node("if", rng=(i + 2, c), body=body, alt=alt, line=line, full=(i, k)), k
        if x in ("for", "while"):
            h = i + 1 + (self._text(i + 1) == "await")
            if self._text(h) == "(":
                body, k = self._sub(m[h] + 1, j)
                return _Node(x, rng=(h + 1, m[h]), body=body, line=line, full=(i, k), span=(m[h] + 1, k)), k
        if x == "do":
            body, k = self._sub(i + 1, j)
            if self._text(k) == "while" and self._text(k + 1) == "(":
                c = m[k + 1]
                e = c + 1 + (self._text(c + 1) == ";")
                return _Node("while", rng=(k + 2, c), body=body, line=line, full=(i, e), span=(i + 1, k)), e
            return body, k
        if x == "function" or x == "async" and self._text(i + 1) == "function":
            k = i + 1 + (x == "async")
            k += self._text(k) == "*"
            name = T[k].text if k < j and T[k].kind == "id" else None
            k += name is not None
            if self._text(k) == "(" and self._text(m[k] + 1) == "{":
                b = m[k] + 1
                if name:
                    self._register(name, b, None)
                return _Node("func", full=(i, m[b] + 1)), m[b] + 1
        if x == "class":
            k = i
            while k < j and T[k].text != "{":
                k = m[k] + 1 if T[k].text in ("(", "[") else k + 1
            if k < j:
                self._class_body(k + 1, m[k])
                return _Node("func", full=(i, m[k] + 1)), m[k] + 1
        if x in ("const", "let", "var"):
            end, k = self._end(i, j)
            if self._arrow_decl(i + 1, end):
                return _Node("func", full=(i, k)), k
            return _Node("expr", rng=(i, end), line=line, full=(i, k)), k
        if x == "switch" and self._text(i + 1) == "(" and self._text(m[i + 1] + 1) == "{":
            b = m[i + 1] + 1
            return _Node("switch", rng=(i + 2, m[i + 1]), kids=self._parse_list(b + 1, m[b]), full=(i, m[b] + 1)), m[b] + 1
        if x in ("try", "finally", "else"):
            return self._sub(i + 1, j)
        if x == "catch":
            k = i + 1
            return self._sub(m[k] + 1 if self._text(k) == "(" else k, j)
        if x in ("case", "default"):
            k = i + 1
            while k < j and T[k].text != ":":
                k = m[k] + 1 if T[k].text in _OPEN else k + 1
            return None, k + 1
        kind = "return" if x == "return" else "jump" if x in ("break", "continue", "throw") else "expr"
        s = i + (kind != "expr")
        end, k = self._end(s, j) if s < j else (j, j)
        return _Node(kind, rng=(s, end), line=line, full=(i, k)), k

    def _register(self, name, b, expr):
        start = b if expr is None else expr[0]
        params, k = [], start - 1
        if self._text(k) == "=>":
            k -= 1
        if self._text(k) == ")" and self.T[k].kind == "op":
            params = [self.T[x].text for x in self._top(self.m[k] + 1, k)
                      if self.T[x].kind == "id" and self._text(x - 1) in ("(", ",")]  # fmt: skip
        elif 0 <= k and self.T[k].kind == "id":
            params = [self.T[k].text]
        if expr is None:
            self.funcs[name] = _JsFunc(name, self._parse_list(b + 1, self.m[b]), None, (b + 1, self.m[b]), params)
        else:
            self.funcs[name] = _JsFunc(name, None, expr, expr, params)

    def _arrow_decl(self, nm, end) -> bool:
        """``NAME = (params) => body`` / ``NAME = function (...) {...}``, registered as a function."""
        T, m = self.T, self.m
        if nm + 2 >= end or T[nm].kind != "id" or T[nm + 1].text != "=":
            return False
        v = nm + 2 + (self._text(nm + 2) == "async")
        if self._text(v) == "function":
            k = v + 1 + (self._text(v + 1) == "*")
            k += k < end and T[k].kind == "id"
            if self._text(k) == "(" and self._text(m[k] + 1) == "{":
                self._register(T[nm].text, m[k] + 1, None)
                return True
            return False
        if self._text(v) == "(" and self._text(m[v] + 1) == "=>":
            a = m[v] + 2
        elif v < end and T[v].kind == "id" and self._text(v + 1) == "=>":
            a = v + 2
        else:
            return False
        if a < end and self._text(a) == "{" and m[a] + 1 >= end:
            self._register(T[nm].text, a, None)
        else:
            self._register(T[nm].text, None, (a, end))
        return True

    def _class_body(self, i, j):
        k = i
        while k < j:
            tok = self.T[k]
            if tok.text in ("static", "async", "get", "set", "*", ";") and not (tok.text != ";" and self._text(k + 1) == "("):
                k += 1  # a modifier, unless it is the method's own name: get(key) { ... }
                continue
            if tok.kind == "id" and self._text(k + 1) == "(" and self._text(self.m[k + 1] + 1) == "{":
                b = self.m[k + 1] + 1
                self._register(tok.text, b, None)
                k = self.m[b] + 1
                continue
            end, nxt = self._end(k, j)
            self._arrow_decl(k, end)
            k = max(nxt, k + 1)

    # -- facts about tokens --

    def _src(self, i, j, limit=40) -> str:
        s = " ".join(tok.text for tok in self.T[i:j])
        s = re.sub(r" (?=[.)\],(\[])|(?<=[.(\[]) ", "", s)
        return s if len(s) <= limit else s[: limit - 1] + "…"

    def _ids(self, i, j) -> set:
        return {self.T[k].text for k in range(i, j) if self.T[k].kind == "id"}

    def _assigns(self, i, j) -> list:
        T, out = self.T, []
        for k in range(max(i, 1), j):
            if T[k].text == "=" and T[k - 1].kind == "id":
                name = T[k - 1].text
                if self._text(k - 2) in (".", "?."):
                    if self._text(k - 3) != "this":
                        continue
                    name = "this." + name
                out.append((name, k + 1, self._end(k + 1, j, commas=True)[0]))
        return out

    def _value_tag(self, v0, v1) -> str:
        T, m = self.T, self.m
        if v0 >= v1:
            return "other"
        first, inside = T[v0], T[v0 + 1 : v1 - 1]
        if first.text == "new" and self._text(v0 + 1) in ("Set", "Map", "WeakSet", "WeakMap"):
            return "hashed"
        if first.text == "{" and m[v0] == v1 - 1:
            const = inside and all(t.kind in ("str", "num") or t.text in (":", ",", "-") or
                                   t.kind == "id" and T[v0 + 2 + n].text == ":" for n, t in enumerate(inside))  # fmt: skip
            return "hashedconst" if const else "hashed"
        if first.text == "[" and m[v0] == v1 - 1 and inside:
            ok = all(t.kind in ("str", "num") or t.text in (",", "-", "[", "]") for t in inside)
            return "const" if ok else "other"
        if [t.text for t in T[v0 : v0 + 3]] in (["new", "Array", "("], ["Array", "("]) or [
            t.text for t in T[v0 : v0 + 5]
        ] == ["Array", ".", "from", "(", "{"]:
            p = v0 + 2 if first.text == "new" else v0 + 1 if T[v0 + 1].text == "(" else v0 + 4
            inside = [t for t in T[p + 1 : m[p]] if t.text not in ("length", ":")]
            return "fixed" if len(inside) == 1 and inside[0].kind == "num" else "other"
        if v1 - v0 == 1 and first.kind in ("str", "num"):
            return "const" if first.kind == "str" else "num"
        return "num" if v1 - v0 == 2 and first.text == "-" and T[v0 + 1].kind == "num" else "other"

    def _halving_expr(self, i, j) -> bool:
        for k in range(i, j):
            x = self.T[k].text
            if x in (">>", ">>>") or x == "/" and k + 1 < j and self.T[k + 1].kind == "num" and self._num(k + 1) >= 2:
                return True
        return False

    def _num(self, k) -> float:
        try:
            return float(self.T[k].text.replace("_", ""))
        except ValueError:
            return 0.0

    def _receiver(self, k):
        """The token range of the expression before the ``.`` at k."""
        T, m, j = self.T, self.m, k - 1
        while j >= 0:
            tok = T[j]
            if tok.kind == "op" and tok.text in (")", "]"):
                o = m[j]
                before = T[o - 1] if o > 0 else None
                if before and (before.kind == "id" and before.text not in _KEYWORDS or before.text in (")", "]")):
                    j = o - 1
                    continue
                return o, k
            if tok.kind in ("id", "str", "num", "regex"):
                if j >= 2 and T[j - 1].text in (".", "?."):
                    j -= 2
                    continue
                return j, k
            return k, k
        return k, k

    def _size(self, i, j, t) -> _Size:
        T, m = self.T, self.m
        if i >= j:
            return _UNKNOWN
        first = T[i]
        if first.kind == "str":
            return _Size(True, False)
        if first.text == "(" and m[i] == j - 1:
            return self._size(i + 1, j - 1, t)
        if first.text == "[" and m[i] == j - 1:  # a fixed number of items: [node], [[1, 0], [-1, 0]]
            return _Size(all(T[k].text != "..." for k in self._top(i + 1, j - 1)), False)
        if first.text == "new" and self._text(i + 1) in ("Set", "Map", "WeakSet", "WeakMap"):
            return _Size(False, True)
        if first.kind != "id":
            return _UNKNOWN
        key, nxt = first.text, i + 1
        if key == "this" and self._text(i + 1) == "." and i + 2 < j:
            key, nxt = "this." + T[i + 2].text, i + 3
        if key == "Array" and self._text(nxt) == "(":
            if (rng := self._length_of(nxt + 1, m[nxt])) is not None:  # new Array(cols): a row of the grid
                return _Size(False, False, self._size(*rng, t).absorb)
            return _Size(all(self._num(x) for x in range(nxt + 1, m[nxt])) and m[nxt] > nxt + 1, False)
        tags, absorb = self.tags.get(key, set()), set()
        if (f := t.find(key)) is not None:
            absorb.add(f)
        elif key in t.params and nxt < j and self._text(nxt) in (".", "?."):
            absorb.add(_OWN)  # node.neighbors, for the parameter node
        if nxt < j and self._text(nxt) == "[":
            ids = self._ids(nxt + 1, m[nxt])
            idx = {t.find(x, elems=False) for x in ids} - {None}
            if idx or m[nxt] == nxt + 2 and T[nxt + 1].kind == "num":  # grid[0]: a row of the grid a loop runs over
                idx.add(t.find_coll(key))
            if m[nxt] == nxt + 2 and ids & t.params and not idx - {None}:  # graph[node], for the parameter node
                idx.add(_OWN)
            absorb |= idx - {None}
        return _Size(_is_const(tags), _is_hashed(tags) and nxt == j, frozenset(absorb))

    def _length_of(self, i, j):
        """The tokens of ``X`` when [i, j) is ``X.length`` or a name assigned it once."""
        if j - i == 1 and self.T[i].text in self.lens:
            return self.lens[self.T[i].text]
        if j - i >= 3 and self.T[j - 1].text == "length" and self.T[j - 2].text in (".", "?."):
            return i, j - 2
        return None

    def _key_of(self, i, j):
        """``x`` or ``this.x`` when [i, j) is just that."""
        T = self.T
        if j - i == 1 and T[i].kind == "id":
            return T[i].text
        if j - i == 3 and T[i].text == "this" and T[i + 1].text == ".":
            return "this." + T[i + 2].text
        return None

    def _keys(self, i, j) -> set:
        out = self._ids(i, j)
        out |= {"this." + self.T[k + 2].text for k in range(i, j - 2) if self.T[k].text == "this" and self.T[k + 1].text == "."}
        return out

    def _at_key(self, k):
        """(key, index after it) for ``x`` or ``this.x`` starting at token k, not after a dot."""
        T = self.T
        if T[k].kind != "id" or self._text(k - 1) in (".", "?."):
            return None, k
        if T[k].text == "this" and self._text(k + 1) == "." and k + 2 < len(T) and T[k + 2].kind == "id":
            return "this." + T[k + 2].text, k + 3
        return T[k].text, k + 1

    def _pops(self, i, j, queues) -> tuple[set, set]:
        """(the queues in ``queues`` that [i, j) takes elements from: ``q.shift()``, ``q.pop()``, ``q[head++]``;
        the names those elements are bound to)."""
        T, m, popped, bound = self.T, self.m, set(), set()
        for k in range(i, j):
            key, e = self._at_key(k)
            if key not in queues:
                continue
            if self._text(e) == "[" and T[e].kind == "op" and any(T[x].kind == "id" for x in range(e + 1, m[e])):
                pass
            elif not (self._text(e) == "." and self._text(e + 1) in ("shift", "pop") and self._text(e + 2) == "("):
                continue
            popped.add(key)
            if self._text(k - 1) == "=" and k >= 2:
                tgt = T[k - 2]
                if tgt.kind == "id":
                    bound.add(tgt.text)
                elif tgt.text in ("]", "}") and tgt.kind == "op":
                    bound |= self._ids(m[k - 2] + 1, k - 2) - _KEYWORDS
        return popped, bound

    def _pushes(self, i, j, queues) -> set:
        out = set()
        for k in range(i, j):
            key, e = self._at_key(k)
            if key in queues and self._text(e) == "." and self._text(e + 1) in ("push", "unshift", "add"):
                if self._text(e + 2) == "(":
                    out.add(key)
        return out

    def _stored(self, i, j) -> set:
        """Names whose items [i, j) writes: ``V[x] = ...``, ``V[x] -= 1``, ``V.add(x)``, ``V.set(x, y)``."""
        T, m, out = self.T, self.m, set()
        for k in range(i, j):
            key, e = self._at_key(k)
            if key is None:
                continue
            if self._text(e) == "[" and T[e].kind == "op":
                while self._text(e) == "[" and T[e].kind == "op":
                    e = m[e] + 1
                if self._text(e) in _JS_WRITES or self._text(k - 1) in ("++", "--"):
                    out.add(key)
            elif self._text(e) == "." and self._text(e + 1) in ("add", "set", "delete") and self._text(e + 2) == "(":
                out.add(key)
        return out

    def _guarded(self, node, queues, written) -> set:
        """As the Python ``_guarded``, over a parsed JavaScript statement."""
        state = {"found": 0, "ok": True, "used": set()}

        def visit(n, guards):
            if n is None or n.kind == "func":
                return guards
            if n.kind in ("block", "switch"):
                g = guards
                for kid in n.kids:
                    g = visit(kid, g)
                return guards
            if n.kind == "if":
                g = guards | self._keys(*n.rng)
                visit(n.body, g)
                visit(n.alt, g)
                return g if self._terminates(n.body) else guards  # if (seen.has(x)) continue;
            if n.kind in ("for", "while"):
                visit(n.body, guards)
                return guards
            if self._pushes(*n.full, queues):
                state["found"] += 1
                state["ok"] = state["ok"] and bool(guards & written)
                state["used"] |= guards & written
            return guards

        visit(node, set())
        return state["used"] if state["found"] and state["ok"] else set()

    # -- walking --

    def walk_module(self, t):
        t.halving = self.halving
        self._stmts(self.module, t)

    def walk_function(self, fn, t):
        t.halving = self.halving
        t.params = set(fn.params)
        if fn.body is not None:
            self._stmts(fn.body, t)
        else:
            self._expr(*fn.expr, t)

    def _stmts(self, nodes, t):
        for n in nodes:
            self._stmt(n, t)

    def _stmt(self, n, t):
        if n is None or n.kind == "func":
            return
        if n.kind in ("block", "switch"):
            self._expr(*n.rng, t)
            self._stmts(n.kids, t)
        elif n.kind == "if":
            self._expr(*n.rng, t)
            t.ifs.append((n.rng, len(t.frames)))
            self._stmt(n.body, t)
            t.ifs.pop()
            self._stmt(n.alt, t)
        elif n.kind == "for":
            self._for(n, t)
        elif n.kind == "while":
            self._while(n, t)
        else:
            self._expr(*n.rng, t)

    def resets(self, frame, name) -> bool:
        node = frame.node
        return isinstance(node, _Node) and any(x == name for x, _, _ in self._assigns(*node.span))

    def _for(self, n, t):
        T, (h0, h1), (b0, b1) = self.T, n.rng, n.span
        semis = [k for k in self._top(h0, h1) if T[k].text == ";"]
        if len(semis) >= 2:
            init, cond, upd = (h0, semis[0]), (semis[0] + 1, semis[1]), (semis[1] + 1, h1)
            self._expr(*init, t)
            var = next((T[k].text for k in range(*init) if T[k].kind == "id" and T[k].text not in _KEYWORDS), None)
            factor, absorb, coll = self._cfor(init, cond, upd, var, t)
            queue, bound = self._pops(b0, b1, {coll}) if coll else (set(), set())
            desc = f"a loop on {self._src(*cond)}"
            if queue and factor == N and (w := t.find_queue(coll)) is not None:
                absorb = absorb | {w}
                desc += f" (one level of {coll}, whose elements it takes: amortized over the enclosing loop)"
            queue &= self._pushes(b0, b1, queue)
            t.push(factor, desc, n.line, {var} | bound, bound, n, absorb, coll, queue)
            self._expr(*cond, t)
            self._expr(*upd, t)
        else:
            k = next((k for k in self._top(h0, h1) if T[k].text in ("of", "in")), None)
            if k is None:
                self._stmt(n.body, t)
                return
            self._expr(k + 1, h1, t)
            s = self._size(k + 1, h1, t)
            names = self._ids(h0, k) - _KEYWORDS
            coll, absorb = self._key_of(k + 1, h1), set(s.absorb)
            desc = f"a loop over {self._src(k + 1, h1)}"
            if t.frames and isinstance(t.frames[-1].node, _Node) and t.frames[-1].node.kind == "while" and self._frontier(
                t.frames[-1].node, coll
            ):
                absorb.add(len(t.frames) - 1)
                desc += " (one frontier of a level-by-level search: amortized over the enclosing loop)"
            elif s.absorb == {_OWN}:
                desc += " (the call's own part of the input: amortized over the recursive calls)"
            elif s.absorb:
                desc += " (part of the enclosing loop's input: amortized)"
            if h1 - k == 4 and T[k + 1].text in t.params and T[k + 2].text in (".", "?."):
                t.tree_elems |= names  # for (const child of node.children) dfs(child)
            t.push(ONE if s.const else N, desc, n.line, names, names, n, frozenset(absorb), coll)
        self._stmt(n.body, t)
        t.frames.pop()

    def _frontier(self, loop, key) -> bool:
        """As the Python ``_frontier``: ``const next = []; for (const x of level) next.push(y); level = next;``."""
        if not key:
            return False
        T, fresh, swaps = self.T, set(), set()
        for name, v0, v1 in self._assigns(*loop.span):
            if v1 - v0 == 2 and T[v0].text == "[" or [x.text for x in T[v0:v1]] in _JS_EMPTY:
                fresh.add(name)
            if name == key and v1 - v0 == 1 and T[v0].kind == "id":
                swaps.add(T[v0].text)
        return bool(self._pushes(*loop.span, swaps & fresh))

    def _cfor(self, init, cond, upd, var, t):
        """(factor, enclosing frames it is amortized into, the collection it runs over)."""
        T = self.T
        texts = [T[k].text for k in range(*upd)]
        if {"*=", "/=", ">>=", "<<=", ">>>="} & set(texts) or "=" in texts and {"*", "/", ">>", "<<"} & set(texts):
            return LOG, frozenset(), None
        parts = list(range(*init)) + list(range(*cond))
        ids = {T[k].text for k in parts if T[k].kind == "id"} - {var} - _KEYWORDS
        if not any(T[k].text == "." for k in parts) and all(self.tags.get(x) == {"num"} for x in ids):
            return ONE, frozenset(), None
        for k in parts:
            if T[k].text == "length" and T[k - 1].text == ".":
                r0, r1 = self._receiver(k - 1)
                return N, self._size(r0, r1, t).absorb, self._key_of(r0, r1)
        for x in sorted(ids & set(self.lens)):  # c < cols, with cols = grid[0].length
            r0, r1 = self.lens[x]
            return N, self._size(r0, r1, t).absorb, self._key_of(r0, r1)
        return N, frozenset(), None

    def _fn_span(self, t):
        fn = self.funcs.get(t.fn)
        return fn.span if fn is not None and t.fn != "<module>" else (0, len(self.T))

    def _while(self, n, t):
        (c0, c1), (b0, b1) = n.rng, n.span
        test = self._keys(c0, c1) - {"true", "false"}
        if not test:  # while (true): the names its body moves
            test = {name for name, _, _ in self._assigns(b0, b1)}
        queue, bound = self._pops(b0, b1, test)
        queue &= self._pushes(b0, b1, queue)  # a traversal pushes what it pops
        factor, desc, absorb = N, f"a while loop on {self._src(c0, c1)}", frozenset()
        if (why := self._union_find(n, test, t)) or (why := self._transfer(n, t)):
            factor, desc = ONE, desc + f" ({why})"
        elif why := self._halves(b0, b1, test, t):
            factor, desc = LOG, desc + why
        elif (k := t.outer_loop()) is not None and (why := self._amortized(n, test, t.frames[k])):
            desc, absorb = desc + f" ({why}: amortized over the enclosing loop)", frozenset({k})
        t.push(factor, desc, n.line, bound, bound, node=n, absorb=absorb, queue=queue)
        self._expr(c0, c1, t)
        self._stmt(n.body, t)
        t.frames.pop()

    def _walks(self, i, j, test) -> dict:
        """Tables ``P`` that [i, j) follows links through (``x = P[x]``, ``x = P.get(x)``), with how often."""
        T, m, out = self.T, self.m, {}
        for name, v0, v1 in self._assigns(i, j):
            if name not in test or v1 - v0 < 4 or T[v0].kind != "id" or name not in self._ids(v0 + 1, v1):
                continue
            get = [x.text for x in T[v0 + 1 : v0 + 4]] == [".", "get", "("] and m[v0 + 3] == v1 - 1
            if T[v0 + 1].text == "[" and m[v0 + 1] == v1 - 1 or get:
                out[T[v0].text] = out.get(T[v0].text, 0) + 1
        return out

    def _union_find(self, n, test, t) -> str | None:
        (b0, b1), (f0, f1) = n.span, self._fn_span(t)
        walks = set(self._walks(b0, b1, test))
        if not walks:
            return None
        compressed = walks & self._stored(b0, b1)
        if not compressed:  # a second pass that compresses the path just walked
            every = self._walks(f0, f1, set(self._ids(f0, f1)))
            compressed = {p for p in walks & self._stored(f0, f1) if every.get(p, 0) >= 2}
        if compressed:
            return f"a union-find walk up {sorted(compressed)[0]} with path compression: amortized near-constant"
        return None

    def _transfer(self, n, t) -> str | None:
        """``if (out.length === 0) while (inp.length > 0) out.push(inp.pop())``: a queue from two stacks."""
        if not t.ifs or t.ifs[-1][1] != len(t.frames):
            return None
        src = re.fullmatch(r"((?:this\.)?[\w$]+)\.length(?:\s*(?:>|!==|!=)\s*0)?", self._src(*n.rng, limit=200))
        dst = re.fullmatch(r"!\s*((?:this\.)?[\w$]+)\.length|((?:this\.)?[\w$]+)\.length\s*(?:===|==|<=)\s*0",
                           self._src(*t.ifs[-1][0], limit=200))  # fmt: skip
        if not src or not dst:
            return None
        a, b = src.group(1), dst.group(1) or dst.group(2)
        body = self._src(*n.span, limit=10**6)
        if a != b and f"{a}.pop()" in body and f"{b}.push(" in body:
            return f"it moves {a} onto {b} only when {b} is empty: each element is moved once, amortized"
        return None

    def _halves(self, b0, b1, test, t) -> str | None:
        T = self.T
        for k in range(b0, b1):
            if T[k].text in (">>=", "/=", ">>>=", "*=", "<<=") and T[k - 1].text in test:
                return " that halves its range"
        assigns, doubling = self._assigns(b0, b1), set()
        for name, v0, v1 in assigns:  # left = 2 * i + 1: a heap's child
            if any(T[k].text == "<<" or T[k].text == "*" and max(self._num(k - 1), self._num(k + 1)) >= 2 for k in range(v0, v1)):
                doubling.add(name)
        grew = True
        while grew:
            grew = False
            for name, v0, v1 in assigns:
                if name not in doubling and self._ids(v0, v1) & doubling:
                    doubling.add(name)
                    grew = True
        for name, v0, v1 in assigns:
            scaled = name in self._ids(v0, v1) and any(T[k].text in ("*", "<<") for k in range(v0, v1))
            if name in test and (self._halving_expr(v0, v1) or self._ids(v0, v1) & t.halving or scaled):
                return " that halves its range"
            if name in test and self._ids(v0, v1) & doubling:
                return f" that moves {name} to a child at twice its index (a heap sift): log n steps"
        return None

    def _amortized(self, n, test, outer) -> str | None:
        T, (b0, b1) = self.T, n.span
        o0, o1 = outer.node.span if isinstance(outer.node, _Node) else (0, 0)
        reset = set(outer.elems)
        for name, v0, v1 in self._assigns(o0, o1):
            if not (v1 - v0 == 3 and T[v0].text == name and T[v0 + 1].text in ("+", "-") and T[v0 + 2].kind == "num"):
                reset.add(name)
        popped = {T[k - 2].text for k in range(b0 + 2, b1 - 2)
                  if T[k].text == "pop" and T[k - 1].text == "." and T[k + 1].text == "(" and T[k + 2].text == ")"}  # fmt: skip
        if (popped & test) - reset:
            return f"it pops {sorted((popped & test) - reset)[0]}, and each element is pushed once"
        steps = set()
        for k in range(b0, b1):
            x = T[k].text
            if x in ("++", "--"):
                steps |= {T[j].text for j in (k - 1, k + 1) if b0 <= j < b1 and T[j].kind == "id"}
            elif x in ("+=", "-=") and T[k - 1].kind == "id" and self._text(k + 1) and T[k + 1].kind == "num":
                steps.add(T[k - 1].text)
        for name, v0, v1 in self._assigns(b0, b1):
            if v1 - v0 == 3 and T[v0].text == name and T[v0 + 1].text in ("+", "-"):
                steps.add(name)
        if steps and not steps & reset:
            return f"its pointer {sorted(steps)[0]} is never reset"
        queues = self._pops(b0, b1, test)[0]
        if queues:  # a search from every start, its pushes guarded by marks kept across the starts
            written = self._stored(b0, b1) - queues - reset
            if guards := self._guarded(n.body, queues, written):
                return (f"each element enters {sorted(queues)[0]} once: every push is guarded by "
                        f"{sorted(guards)[0]}, which the enclosing loop keeps")  # fmt: skip
        if isinstance(outer.node, _Node) and outer.node.kind == "while":  # iterative in-order traversal
            walked = {name for name, v0, v1 in self._assigns(b0, b1)
                      if name in test and v1 - v0 == 3 and T[v0].text == name and T[v0 + 1].text in (".", "?.")}  # fmt: skip
            stacks = {T[k].text for k in range(b0, b1 - 4) if T[k].kind == "id" and [x.text for x in T[k + 1 : k + 4]] == [".", "push", "("]
                      and self._ids(k + 4, self.m[k + 3]) & walked}  # fmt: skip
            stacks &= self._pops(o0, o1, self._keys(*outer.node.rng))[0]
            if walked and stacks - reset:
                stack = sorted(stacks - reset)[0]
                return f"it pushes the nodes it walks onto {stack}, which the enclosing loop pops: each node once"
        return None

    def _expr(self, i, j, t):
        T, m, k = self.T, self.m, i
        while k < j:
            tok, x = T[k], T[k].text
            if x == "{" and tok.kind == "op" and self._text(k - 1) == "=>":
                self._stmts(self._parse_list(k + 1, m[k]), t)
                k = m[k] + 1
                continue
            if x == "function":
                p = next((p for p in range(k + 1, min(j, k + 4)) if T[p].text == "("), None)
                if p is not None and self._text(m[p] + 1) == "{":
                    b = m[p] + 1
                    self._stmts(self._parse_list(b + 1, m[b]), t)
                    k = m[b] + 1
                    continue
            if x in (".", "?.") and k + 2 < j and T[k + 1].kind == "id" and T[k + 2].text == "(":
                if self._method(k, t):
                    k = m[k + 2] + 1
                    continue
            elif x == "..." and k + 1 < j:
                e = k + 1
                e = m[e] + 1 if T[e].text in _OPEN else e + 1
                while e < j and (T[e].text in (".", "?.") or T[e].text in ("(", "[") and T[e].kind == "op"):
                    e = e + 2 if T[e].text in (".", "?.") else m[e] + 1
                s = self._size(k + 1, e, t)
                if not s.const:
                    t.record(N, f"the spread ...{self._src(k + 1, e)}", tok.line, s.absorb)
            elif x == "new" and self._text(k + 1) in ("Set", "Map") and self._text(k + 2) == "(" and m[k + 2] > k + 3:
                s = self._size(k + 3, m[k + 2], t)
                if not s.const:
                    t.record(N, f"new {self._src(k + 1, m[k + 2] + 1)}", tok.line, s.absorb)
            elif tok.kind == "id" and self._text(k + 1) == "(" and x not in _KEYWORDS and (
                self._text(k - 1) not in (".", "?.") or self._text(k - 2) == "this"
            ):
                if x == t.fn:
                    t.selfcalls.append((k, tok.line, bool(t.frames)))
                elif x in self.funcs:
                    args = [a for a in self._top(k + 2, m[k + 1])]
                    starts = [k + 2] + [a + 1 for a in args if T[a].text == ","]
                    ends = [a for a in args if T[a].text == ","] + [m[k + 1]]
                    self.helper(x, t, tok.line, [self._key_of(a0, a1) for a0, a1 in zip(starts, ends)])
            k += 1

    def _method(self, k, t) -> bool:
        """Cost of ``recv.meth(...)``; True when the arguments were walked (an iterating call)."""
        T, m = self.T, self.m
        meth, p, line = T[k + 1].text, k + 2, T[k].line
        r0, r1 = self._receiver(k)
        recv = self._src(r0, r1)
        what = f"{recv}.{meth}()"
        if recv in _BUILTINS:
            if recv == "Array" and meth == "from":
                first = [T[x].text for x in range(p + 1, min(m[p], p + 6))]
                const = first[:3] == ["{", "length", ":"] and len(first) == 5 and first[4] == "}" and self._num(p + 4) > 0
                coll, absorb = None, frozenset()
                if first[:3] == ["{", "length", ":"] and (rng := self._length_of(p + 4, m[p + 1])) is not None:
                    coll, absorb = self._key_of(*rng), self._size(*rng, t).absorb  # one row per row of the grid
                desc = f"Array.from({self._src(p + 1, m[p], 24)})"
                t.push(ONE if const else N, desc, line, node=None, absorb=absorb, coll=coll)
                self._expr(p + 1, m[p], t)
                t.frames.pop()
                return True
            if recv == "JSON" or recv == "Object" and meth in ("keys", "values", "entries", "assign"):
                t.record(N, what, line)
            return False
        if r0 == r1:
            return False
        s = self._size(r0, r1, t)
        if meth in _ITER_METHODS:
            params = []
            if self._text(p + 1) == "(":
                params = [T[x].text for x in self._top(p + 2, m[p + 1]) if T[x].kind == "id"]
            elif self._text(p + 2) == "=>" and T[p + 1].kind == "id":
                params = [T[p + 1].text]
            elems = params[1:2] if meth.startswith("reduce") else params[:1]
            if r1 - r0 == 3 and T[r0].text in t.params and T[r0 + 1].text in (".", "?."):
                t.tree_elems.update(elems)  # node.children.forEach((child) => dfs(child))
            t.push(ONE if s.const else N, f".{meth}() over {recv}", line, params, elems, None, s.absorb, self._key_of(r0, r1))
            self._expr(p + 1, m[p], t)
            t.frames.pop()
            return True
        if s.const:
            return False
        if meth in ("sort", "toSorted"):
            t.record(NLOGN, what, line, s.absorb)
        elif meth in _JS_LINEAR and not (meth in ("indexOf", "includes", "lastIndexOf") and s.hashed):
            t.record(N, what, line, s.absorb)
        return False

    # -- recursion --

    def recursion(self, fn, t) -> _Rec:
        T, kinds, tables, calls = self.T, [], set(), []
        params = fn.params
        for k, _, _ in t.selfcalls:
            found = set()
            args = [a for a in self._top(k + 2, self.m[k + 1])]
            starts = [k + 2] + [a + 1 for a in args if T[a].text == ","]
            ends = [a for a in args if T[a].text == ","] + [self.m[k + 1]]
            ranges = [(a0, a1) for a0, a1 in zip(starts, ends) if a0 < a1]
            calls.append(ranges)
            for a0, a1 in ranges:
                texts = [T[x].text for x in range(a0, a1)]
                if self._halving_expr(a0, a1) or self._ids(a0, a1) & t.halving:
                    found.add("half")
                elif a1 - a0 == 3 and T[a0].kind == "id" and T[a0].text != "this" and texts[1] in (".", "?.") and (
                    texts[2] != "length"
                ) or a1 - a0 == 1 and T[a0].text in t.tree_elems:
                    found.add("tree")  # node.left, or a child of node.children: wins over arguments such as depth + 1
                elif {"+", "-", "slice", "substring"} & set(texts):
                    found.add("step")
                elif T[a0].kind == "id" and self._ids(a0 + 1, a1) & set(params) and (
                    texts[1] == "[" and self.m[a0 + 1] == a1 - 1 or texts[1:4] == [".", "get", "("] and self.m[a0 + 3] == a1 - 1
                ):
                    found.add("chain")  # find(parent[x]), find(parent.get(x))
                    tables.add(T[a0].text)
            kinds.append(next((x for x in ("half", "tree", "step", "chain") if x in found), "other"))
        if "half" not in kinds and self._splits(calls, params):
            kinds = ["split"] * len(kinds)
        per_path = self._jpath(fn.body, fn.name) if fn.body is not None else self._jcount(*fn.expr, fn.name)
        memo, shared = self._memo(fn, t)
        compress = bool(tables & self._stored(*fn.span))
        pos = params.index(memo) if memo in params else None
        return _Rec(kinds, max(1, per_path), any(c[2] for c in t.selfcalls), memo, t.selfcalls[0][1], compress, shared, pos)

    def _restores(self, v0, v1, root, i, j) -> bool:
        """As the Python ``_restores``: [v0, v1) is a falsy constant, a saved copy, or appears elsewhere."""
        T, texts = self.T, [tok.text for tok in self.T[v0:v1]]
        if texts in (["false"], ["0"], ["null"], ["undefined"], ['""'], ["''"]):
            return True
        if v1 - v0 == 1 and T[v0].kind == "id":
            return any(v1b - v0b > 1 and T[v0b].text == root for name, v0b, v1b in self._assigns(i, j) if name == T[v0].text)
        n = v1 - v0
        return n > 0 and any([tok.text for tok in T[k : k + n]] == texts for k in range(i, j - n + 1) if k != v0)

    def _splits(self, calls, params) -> bool:
        """As the Python ``_splits``: ``build(lo, mid - 1)`` and ``build(mid + 1, hi)``."""
        T, m, found, parts = self.T, self.m, set(), []
        if len(calls) < 2 or any(len(ranges) != len(params) for ranges in calls):
            return False
        for ranges in calls:
            parts.append([(a0, a1) for i, (a0, a1) in enumerate(ranges) if not (a1 - a0 == 1 and T[a0].text == params[i])])

        def method(a0, a1):  # the method of recv.slice(...) / recv.filter(...) filling [a0, a1)
            if a1 - a0 >= 5 and T[a0].kind == "id" and T[a0 + 1].text == "." and T[a0 + 3].text == "(" and m[a0 + 3] == a1 - 1:
                return T[a0 + 2].text
            return None

        if all(parts) and all(method(*r) == "slice" for p in parts for r in p):
            # build(pre.slice(1, mid + 1), ino.slice(0, mid)) and build(pre.slice(mid + 1), ino.slice(mid + 1))
            pivots = [set().union(*(self._ids(a0 + 4, a1 - 1) for a0, a1 in p)) - set(params) for p in parts]
            return bool(set.intersection(*pivots))
        if all(len(p) == 1 and method(*p[0]) == "filter" for p in parts):
            return len({T[p[0][0]].text for p in parts}) == 1  # quickSort(a.filter(...)), quickSort(a.filter(...))
        if len(params) < 2:
            return False
        for ranges in calls:
            changed = [(i, a0, a1) for i, (a0, a1) in enumerate(ranges) if not (a1 - a0 == 1 and T[a0].text == params[i])]
            if len(changed) != 1:
                return False
            i, a0, a1 = changed[0]
            ok = a1 - a0 == 1 or a1 - a0 == 3 and T[a0 + 1].text in ("+", "-") and T[a0 + 2].kind == "num"
            if not ok or T[a0].kind != "id" or T[a0].text in params:
                return False
            found.add((i, T[a0].text))
        return len({x for _, x in found}) == 1 and len({i for i, _ in found}) >= 2

    def _jcount(self, i, j, name) -> int:
        """Self-calls in the tokens [i, j); a ternary counts its costlier branch."""
        T = self.T
        top = list(self._top(i, j))
        q = next((k for k in top if T[k].text == "?"), None)
        if q is not None:
            depth = 0
            for k in top:
                if k <= q:
                    continue
                if T[k].text == "?":
                    depth += 1
                elif T[k].text == ":":
                    if depth == 0:
                        return self._jcount(i, q, name) + max(self._jcount(q + 1, k, name), self._jcount(k + 1, j, name))
                    depth -= 1
        total = 0
        for k in top:
            if T[k].kind == "op" and T[k].text in _OPEN:
                total += self._jcount(k + 1, self.m[k], name)
            elif T[k].text == name and self._text(k + 1) == "(":
                total += self._text(k - 1) not in (".", "?.") or self._text(k - 2) == "this"
        return total

    def _terminates(self, n) -> bool:
        if n is None:
            return False
        if n.kind in ("return", "jump"):
            return True
        if n.kind == "block":
            return bool(n.kids) and self._terminates(n.kids[-1])
        return n.kind == "if" and self._terminates(n.body) and self._terminates(n.alt)

    def _jpath(self, nodes, name) -> int:
        total = 0
        for idx, n in enumerate(nodes):
            if n.kind == "if":
                c = self._jcount(*n.rng, name)
                b = self._jpath([n.body], name) if n.body else 0
                o = self._jpath([n.alt], name) if n.alt else 0
                if self._terminates(n.body):
                    return total + c + max(b, o + self._jpath(nodes[idx + 1 :], name))
                total += c + max(b, o)
            elif n.kind == "block":
                total += self._jpath(n.kids, name)
            elif n.kind == "switch":
                total += self._jcount(*n.rng, name) + max((self._jpath([x], name) for x in n.kids), default=0)
            elif n.kind != "func":
                total += self._jcount(*n.full, name)
        return total

    def _memo(self, fn, t) -> tuple:
        """As the Python ``_memo``: (the memo table or None, whether every call shares it)."""
        (i, j), T = fn.span, self.T
        written, read, removed, stores = set(), set(), set(), []
        calls = [k for k, _, _ in t.selfcalls]
        for k in range(i, j):
            tok = T[k]
            if tok.kind != "id":
                continue
            if tok.text == "in" and k + 1 < j and T[k + 1].kind == "id":
                read.add(T[k + 1].text)
            nxt = self._text(k + 1)
            if nxt == "." and self._text(k + 3) == "(":
                meth = self._text(k + 2)
                (written if meth in ("set", "add") else read if meth in ("has", "get") else
                 removed if meth == "delete" else set()).add(tok.text)  # fmt: skip
            elif nxt == "[" and T[k + 1].kind == "op":
                e = k + 1
                while self._text(e) == "[" and T[e].kind == "op":  # grid[r][c] = ...: writes grid
                    e = self.m[e] + 1
                if self._text(e) == "=":
                    written.add(tok.text)
                    v1 = self._end(e + 1, j, commas=True)[0]
                    stores.append((k, self._src(k, e, 10**4), tok.text, any(e < c < v1 for c in calls), e + 1, v1))
                else:
                    read.add(tok.text)
        for a in stores:  # board[r][c] = "#" ... recurse ... board[r][c] = saved: backtracking, not a memo
            for b in stores:
                if a[1] == b[1] and not b[3] and any(a[0] < c < b[0] for c in calls) and self._restores(b[4], b[5], a[2], i, j):
                    removed.add(a[2])
        memo = sorted((written & read) - removed)
        if not memo:
            return None, False
        local = set(fn.params) | {T[k + 1].text for k in range(i, j - 1) if T[k].text in ("const", "let", "var")}
        return memo[0], memo[0] not in local


# --- entry point --------------------------------------------------------------------------------------

def estimate_time(code: str, language: str) -> Estimate:
    """The time complexity of ``code`` ("python" or "javascript"); never raises."""
    try:
        if not isinstance(code, str) or not code.strip():
            return Estimate(None, ("there is no code to estimate",))
        lang = str(language or "").strip().lower()
        if lang in ("python", "py", "python3"):
            try:
                with warnings.catch_warnings():  # a candidate's "1if x" must not print to the screen
                    warnings.simplefilter("ignore", SyntaxWarning)
                    tree = ast.parse(code)
            except (SyntaxError, ValueError) as e:
                where = f" (line {e.lineno})" if getattr(e, "lineno", None) else ""
                return Estimate(None, (f"the code does not parse: {getattr(e, 'msg', e)}{where}",))
            return _Python(tree).estimate()
        if lang in ("javascript", "js", "node"):
            try:
                analysis = _JavaScript(code)
            except _ParseError as e:
                return Estimate(None, (f"the code does not parse: {e}",))
            return analysis.estimate()
        return Estimate(None, (f"unsupported language: {language!r}",))
    except (RecursionError, MemoryError):
        return Estimate(None, ("the code is nested too deeply to estimate",))
    except Exception as e:  # a bug here must never take the interview down
        return Estimate(None, (f"the estimator failed on this code ({type(e).__name__})",))
