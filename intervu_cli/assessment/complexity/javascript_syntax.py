"""JavaScript as the JavaScript analysis (``javascript.py``) reads it: a small tokenizer (comments, strings,
template literals and regular expressions stripped, ``_tokenize``), bracket matching (``_match``), and
``_JsSource``: a statement parser over ``{}``/``()`` nesting that registers each function it meets, and facts
about token ranges (names, assignments, what a loop pops, pushes and stores, which pushes a mark guards)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field


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
    ">>>= ... === !== **= <<= >>= >>> &&= ||= ??= => == != <= >= && || ?? ?. ++ -- += -= *= /= %= &= |= ^= ** "
    "<< >>".split(),
    key=len, reverse=True)) + "|.", re.S)  # fmt: skip
_JS_TOKEN = re.compile(
    r"(?P<num>(?:0[xXbBoO][\da-fA-F_]+|\d[\d_]*\.?[\d_]*(?:[eE][+-]?\d+)?|\.\d[\d_]*(?:[eE][+-]?\d+)?)n?)"
    r"|(?P<id>[\w$#]+)"
)
_REGEX_AFTER = {"return", "typeof", "case", "do", "else", "in", "of", "new", "delete", "void", "throw", "yield",
                "await"}  # fmt: skip
_KEYWORDS = {"if", "for", "while", "do", "switch", "return", "function", "catch", "typeof", "new", "await", "yield",
             "in", "of", "else", "throw", "delete", "void", "case", "const", "let", "var", "class",
             "instanceof"}  # fmt: skip
_OPEN, _CLOSE = {"(", "[", "{"}, {")", "]", "}"}
_ITER_METHODS = {"forEach", "map", "filter", "reduce", "reduceRight", "some", "every", "find", "findIndex",
                 "findLast", "findLastIndex", "flatMap"}  # fmt: skip
_JS_LINEAR = {"slice", "splice", "shift", "unshift", "concat", "join", "split", "reverse", "fill", "replace",
              "replaceAll", "substring", "substr", "repeat", "flat", "toReversed", "lastIndexOf", "indexOf",
              "includes"}  # fmt: skip
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


class _JsSource:
    """The tokens ``T`` of the code, the index ``m`` of each bracket's match, the parsed statements ``module``,
    and facts about token ranges. Parsing registers each function it meets in ``self.funcs`` (the analysis's,
    which must exist before this ``__init__`` runs)."""

    funcs: dict

    def __init__(self, code):
        self.T = _tokenize(code)
        self.m = _match(self.T)
        self._parsed: dict = {}
        self.module = self._parse_list(0, len(self.T))

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
            return (_Node("switch", rng=(i + 2, m[i + 1]), kids=self._parse_list(b + 1, m[b]), full=(i, m[b] + 1)),
                    m[b] + 1)  # fmt: skip
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
            if tok.text in ("static", "async", "get", "set", "*", ";") and not (
                tok.text != ";" and self._text(k + 1) == "("
            ):
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
                                   t.kind == "id" and T[v0 + 2 + n].text == ":"
                                   for n, t in enumerate(inside))  # fmt: skip
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
        out |= {"this." + self.T[k + 2].text for k in range(i, j - 2)
                if self.T[k].text == "this" and self.T[k + 1].text == "."}  # fmt: skip
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

    def _terminates(self, n) -> bool:
        if n is None:
            return False
        if n.kind in ("return", "jump"):
            return True
        if n.kind == "block":
            return bool(n.kids) and self._terminates(n.kids[-1])
        return n.kind == "if" and self._terminates(n.body) and self._terminates(n.alt)
