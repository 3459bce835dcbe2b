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

The package, from the bottom up (each module imports only from those listed before it):

- ``cost``: what the estimator returns (``Estimate``) and the cost algebra (the monomials and their names);
- ``analysis``: what both languages share: sizes, the loops around the current point, the running maximum of a
  function body, the classification of a recursion, and ``_Analysis``, the costs of functions and their calls;
- ``python_syntax``: facts about a Python AST; ``python``: ``_Python``, the analysis over it;
- ``javascript_syntax``: the tokenizer, the statement parser and facts about token ranges (``_JsSource``);
  ``javascript``: ``_JavaScript``, the analysis over them;
- this module: ``estimate_time``, which picks the language and never raises.
"""

from __future__ import annotations

import ast
import warnings

from intervu_cli.assessment.complexity.cost import Estimate
from intervu_cli.assessment.complexity.javascript import _JavaScript
from intervu_cli.assessment.complexity.javascript_syntax import _ParseError
from intervu_cli.assessment.complexity.python import _Python

__all__ = ["Estimate", "estimate_time"]


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
    except Exception as e:  # noqa: BLE001 - a bug here must never take the interview down
        return Estimate(None, (f"the estimator failed on this code ({type(e).__name__})",))
