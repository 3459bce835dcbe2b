"""What the Python and the JavaScript analyses share: what a name's size says (``_Size``, from the tags of its
assignments), the loops around the current point and the running maximum of one function body (``_Frame``,
``_Tracker``), how a recursion is classified (``_Rec``), and ``_Analysis``: the cost of every function, of a call
to one, of its recursion, and the maximum over the whole code. Each language subclasses ``_Analysis`` with
``walk_module``, ``walk_function``, ``recursion`` and ``resets``."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from intervu_cli.assessment.complexity.cost import EXP, LOG, N, NLOGN, ONE, Cost, Estimate, _exact, _form, _mul


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
            cost, why = body, (f"{name}() follows parent links with path compression (union-find): "
                               "amortized near-constant")  # fmt: skip
        elif rec.memo:
            table = rec.memo if rec.memo.startswith("@") else f"the table {rec.memo}"
            cost, why = _mul(N, body), f"{name}() is recursive but memoized ({table}): each state is computed once"
            if rec.shared or rec.table_pos is not None:
                self._shared[name] = (rec.memo, table, rec.table_pos)
        elif many and kinds <= {"tree", "split"} and not ("split" in kinds and rec.in_loop):
            cost, why = _mul(N, body), (
                f"{name}() visits each node of the structure once" if "tree" in kinds else
                f"{name}() splits its range at a pivot: each element is a pivot once")  # fmt: skip
        elif many:
            how = "in a loop" if rec.in_loop else f"{rec.per_path} times"
            return EXP, (f"recursive calls without memoization: {name}() calls itself {how} per call: 2^n "
                         f"(line {rec.line})",)  # fmt: skip
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
