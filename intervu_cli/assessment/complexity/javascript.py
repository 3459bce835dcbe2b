"""The JavaScript analysis: ``_JavaScript`` walks the statements and tokens of ``_JsSource``
(``javascript_syntax.py``) and adds up the costs with ``_Analysis``."""

from __future__ import annotations

import re

from intervu_cli.assessment.complexity.analysis import _OWN, _UNKNOWN, _Analysis, _is_const, _is_hashed, _Rec, _Size
from intervu_cli.assessment.complexity.cost import LOG, N, NLOGN, ONE
from intervu_cli.assessment.complexity.javascript_syntax import (
    _BUILTINS,
    _ITER_METHODS,
    _JS_EMPTY,
    _JS_LINEAR,
    _KEYWORDS,
    _OPEN,
    _JsSource,
    _Node,
)


class _JavaScript(_JsSource, _Analysis):
    def __init__(self, code):
        _Analysis.__init__(self)  # first: parsing registers the functions it meets in self.funcs
        _JsSource.__init__(self, code)
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
            if t.frames and isinstance(t.frames[-1].node, _Node) and t.frames[-1].node.kind == "while" and (
                self._frontier(t.frames[-1].node, coll)
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
            if any(
                T[k].text == "<<" or T[k].text == "*" and max(self._num(k - 1), self._num(k + 1)) >= 2
                for k in range(v0, v1)
            ):
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
        popped = {T[k - 2].text for k in range(b0 + 2, b1 - 2) if T[k].text == "pop" and T[k - 1].text == "."
                  and T[k + 1].text == "(" and T[k + 2].text == ")"}  # fmt: skip
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
            walked = {name for name, v0, v1 in self._assigns(b0, b1) if name in test
                      and v1 - v0 == 3 and T[v0].text == name and T[v0 + 1].text in (".", "?.")}  # fmt: skip
            stacks = {T[k].text for k in range(b0, b1 - 4)
                      if T[k].kind == "id" and [x.text for x in T[k + 1 : k + 4]] == [".", "push", "("]
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
                const = (
                    first[:3] == ["{", "length", ":"] and len(first) == 5 and first[4] == "}" and self._num(p + 4) > 0
                )
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
            t.push(ONE if s.const else N, f".{meth}() over {recv}", line, params, elems, None, s.absorb,
                   self._key_of(r0, r1))  # fmt: skip
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
                    texts[1] == "[" and self.m[a0 + 1] == a1 - 1
                    or texts[1:4] == [".", "get", "("] and self.m[a0 + 3] == a1 - 1
                ):  # fmt: skip
                    found.add("chain")  # find(parent[x]), find(parent.get(x))
                    tables.add(T[a0].text)
            kinds.append(next((x for x in ("half", "tree", "step", "chain") if x in found), "other"))
        if "half" not in kinds and self._splits(calls, params):
            kinds = ["split"] * len(kinds)
        per_path = self._jpath(fn.body, fn.name) if fn.body is not None else self._jcount(*fn.expr, fn.name)
        memo, shared = self._memo(fn, t)
        compress = bool(tables & self._stored(*fn.span))
        pos = params.index(memo) if memo in params else None
        return _Rec(
            kinds, max(1, per_path), any(c[2] for c in t.selfcalls), memo, t.selfcalls[0][1], compress, shared, pos
        )

    def _restores(self, v0, v1, root, i, j) -> bool:
        """As the Python ``_restores``: [v0, v1) is a falsy constant, a saved copy, or appears elsewhere."""
        T, texts = self.T, [tok.text for tok in self.T[v0:v1]]
        if texts in (["false"], ["0"], ["null"], ["undefined"], ['""'], ["''"]):
            return True
        if v1 - v0 == 1 and T[v0].kind == "id":
            return any(
                v1b - v0b > 1 and T[v0b].text == root for name, v0b, v1b in self._assigns(i, j) if name == T[v0].text
            )
        n = v1 - v0
        return n > 0 and any([tok.text for tok in T[k : k + n]] == texts for k in range(i, j - n + 1) if k != v0)

    def _splits(self, calls, params) -> bool:
        """As the Python ``_splits``: ``build(lo, mid - 1)`` and ``build(mid + 1, hi)``."""
        T, m, found, parts = self.T, self.m, set(), []
        if len(calls) < 2 or any(len(ranges) != len(params) for ranges in calls):
            return False
        for ranges in calls:
            parts.append(
                [(a0, a1) for i, (a0, a1) in enumerate(ranges) if not (a1 - a0 == 1 and T[a0].text == params[i])]
            )

        def method(a0, a1):  # the method of recv.slice(...) / recv.filter(...) filling [a0, a1)
            if (a1 - a0 >= 5 and T[a0].kind == "id" and T[a0 + 1].text == "." and T[a0 + 3].text == "("
                    and m[a0 + 3] == a1 - 1):  # fmt: skip
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
            changed = [
                (i, a0, a1) for i, (a0, a1) in enumerate(ranges) if not (a1 - a0 == 1 and T[a0].text == params[i])
            ]
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
                        return self._jcount(i, q, name) + max(
                            self._jcount(q + 1, k, name), self._jcount(k + 1, j, name)
                        )
                    depth -= 1
        total = 0
        for k in top:
            if T[k].kind == "op" and T[k].text in _OPEN:
                total += self._jcount(k + 1, self.m[k], name)
            elif T[k].text == name and self._text(k + 1) == "(":
                total += self._text(k - 1) not in (".", "?.") or self._text(k - 2) == "this"
        return total

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
                if a[1] == b[1] and not b[3] and any(a[0] < c < b[0] for c in calls) and self._restores(
                    b[4], b[5], a[2], i, j
                ):
                    removed.add(a[2])
        memo = sorted((written & read) - removed)
        if not memo:
            return None, False
        local = set(fn.params) | {T[k + 1].text for k in range(i, j - 1) if T[k].text in ("const", "let", "var")}
        return memo[0], memo[0] not in local
