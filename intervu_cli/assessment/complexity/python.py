"""The Python analysis: ``_Python`` walks the AST of the code (read with ``ast``) with the facts of
``python_syntax.py`` and adds up the costs with ``_Analysis``."""

from __future__ import annotations

import ast

from intervu_cli.assessment.complexity.analysis import _OWN, _UNKNOWN, _Analysis, _is_const, _is_hashed, _Rec, _Size
from intervu_cli.assessment.complexity.cost import LOG, N, ONE
from intervu_cli.assessment.complexity.python_syntax import (
    _COMPS,
    _DEFS,
    _FIXED_FUNCS,
    _HASHED_CTORS,
    _MEMO_DECORATORS,
    _MODULES,
    _PY_METHODS,
    _SIZED_FUNCS,
    _STRING_CONSTANTS,
    _callee,
    _doubling,
    _guarded,
    _is_call,
    _is_halving,
    _is_step,
    _key,
    _keys,
    _names,
    _number,
    _pairs,
    _path,
    _pops,
    _pushes,
    _py_tags,
    _root,
    _src,
    _stored,
    _target_names,
    _walk,
)


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
        t.push(ONE if s.const else N, desc, line, set(names) | bound, set(elems) | bound, node, frozenset(absorb),
               coll, queue)  # fmt: skip

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
        if src and dst and src != dst and pops and any(
            c.func.attr == "append" and _key(c.func.value) == dst for c in calls
        ):
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
            if name in ("remove", "pop") and (
                s.hashed or name == "pop" and (not node.args or _number(node.args[0]) == -1)
            ):
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
                elif isinstance(a, ast.Attribute) and not (
                    isinstance(base, ast.Name) and base.id in ("self", "cls")
                ) or (isinstance(a, ast.Name) and a.id in t.tree_elems):  # fmt: skip
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
        if all(parts) and all(
            isinstance(a, ast.Subscript) and isinstance(a.slice, ast.Slice) for p in parts for a in p
        ):
            # f(pre[1:mid + 1], ino[:mid]) and f(pre[mid + 1:], ino[mid + 1:]): both sides of one local pivot
            pivots = [set().union(*(_names(a.slice) for a in p)) - set(params) for p in parts]
            return bool(set.intersection(*pivots))
        if parts and all(len(p) == 1 and isinstance(p[0], ast.ListComp) and len(p[0].generators) == 1 for p in parts):
            # quicksort(smaller) + quicksort(larger), each a filtered copy of the same list
            return len({ast.dump(p[0].generators[0].iter) for p in parts}) == 1 and all(
                p[0].generators[0].ifs for p in parts
            )
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
                has_call = any(
                    isinstance(c, ast.Call) and any(c is sc for sc, _, _ in t.selfcalls) for c in _walk(n.value)
                )
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
        local = set(params) | {
            k for n in _walk(fn.body) if isinstance(n, (ast.Assign, ast.AnnAssign)) for k, _ in _pairs(n)
        }
        return memo[0], memo[0] not in local
