"""Problems that are not plain functions: linked lists, trees, graphs, node references, a counted API,
in-place results, class design and codecs. Each shape is built from the test's JSON and read back by
the real harness of each language, in the real sandbox; a candidate's typical mistakes get a
message that says what went wrong."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from intervu_cli.problems import load_problems, parse_problem, problem_dirs
from intervu_cli.sandbox import run_code

LANGS = ["python", "javascript"]


@pytest.fixture(autouse=True)
def _node():
    assert shutil.which("node"), "node is needed for the JavaScript half (.ci/run installs it)"


def problem(tmp_path: Path, *, params, cases, python, javascript, kind="function", types=None, returns="value",
            compare="exact", function=("f", "f")):
    """A minimal problem file with this shape; `cases` are (args, expected)."""
    lines = [
        'slug = "shape"', 'title = "Shape"', 'difficulty = "easy"', 'topics = ["test"]', 'statement = "s"',
        'constraints = ["c"]', 'follow_ups = ["f"]', '[[examples]]', 'input = "i"', 'output = "o"',
        '[complexity]', 'time = "O(n)"', 'space = "O(1)"',
        '[hints]', 'nudge = "n"', 'hint = "h"', 'reveal = "r"',
    ]
    for lang, fn, code in (("python", function[0], python), ("javascript", function[1], javascript)):
        lines += [f"[{lang}]", f'function = "{fn}"', f'signature = "{fn}"', f"starter = '''{fn}'''",
                  f"solution = '''{code}'''"]
    lines += ["[tests]", f'kind = "{kind}"', f"params = {json.dumps(params)}", f'returns = "{returns}"',
              f'compare = "{compare}"']
    if types:
        lines.append(f"types = {json.dumps(types)}")
    for i, (args, expected) in enumerate(cases):
        lines += ["[[tests.visible]]", f'name = "case {i + 1}"', f"args_json = '{json.dumps(args)}'",
                  f"expected_json = '{json.dumps(expected)}'"]
    args, expected = cases[0]  # the format wants a hidden test too; run() below runs the visible ones
    lines += ["[[tests.hidden]]", 'name = "hidden"', f"args_json = '{json.dumps(args)}'",
              f"expected_json = '{json.dumps(expected)}'"]
    path = tmp_path / "shape.toml"
    path.write_text("\n".join(lines) + "\n")
    p, errors = parse_problem(path)
    assert errors == [], errors
    return p


def run(p, language, code):
    result = run_code(p, language, code)
    assert result.error == "", result.error
    return result


def outcome(result):
    return [(t.passed, t.actual, t.error) for t in result.tests]


# --- linked lists -------------------------------------------------------------------------------------

LIST_PY = '''
def f(head, other):
    # both ways the candidate may build nodes: the class given, and fields read by name
    values = []
    for node in (head, other):
        while node is not None:
            values.append(node.val)
            node = node.next
    out = None
    for v in sorted(values, reverse=True):
        out = ListNode(v, out)
    return out
'''
LIST_JS = '''
function f(head, other) {
  const values = [];
  for (let node of [head, other]) {
    for (; node !== null; node = node.next) values.push(node.val);
  }
  values.sort((a, b) => b - a);
  let out = null;
  for (const v of values) out = new ListNode(v, out);
  return out;
}
'''


@pytest.mark.parametrize("language", LANGS)
def test_lists_in_and_out(tmp_path, language):
    p = problem(tmp_path, params=["a", "b"], types=["linked_list", "linked_list"], returns="linked_list",
                cases=[([[1, 4], [2, 3]], [1, 2, 3, 4]), ([[], []], []), ([[-1], []], [-1])],
                python=LIST_PY, javascript=LIST_JS)
    code = LIST_PY if language == "python" else LIST_JS
    assert [t.passed for t in run(p, language, code).tests] == [True, True, True]


@pytest.mark.parametrize("language, code", [
    ("python", "def f(a, b):\n    if a: a.next = a\n    return a\n"),
    ("javascript", "function f(a, b) { if (a) a.next = a; return a; }"),
])
def test_a_returned_list_that_loops_is_named(tmp_path, language, code):
    p = problem(tmp_path, params=["a", "b"], types=["linked_list", "linked_list"], returns="linked_list",
                cases=[([[1, 4], [2, 3]], [1, 2, 3, 4])], python=LIST_PY, javascript=LIST_JS)
    (passed, _, error), = outcome(run(p, language, code))
    assert not passed and "the returned list loops back on itself" in error


@pytest.mark.parametrize("language, code", [
    ("python", "class ListNode:\n    def __init__(self, v, n=None):\n        self.val, self.next = v, n\n\n"
               "def f(heads):\n    return [sum(1 for _ in walk(ListNode(0, h))) - 1 for h in heads]\n\n"
               "def walk(h):\n    while h:\n        yield h\n        h = h.next\n"),
    ("javascript", "class ListNode { constructor(v, n = null) { this.val = v; this.next = n; } }\n"
                   "function f(heads) { return heads.map((h) => { let n = -1; "
                   "for (h = new ListNode(0, h); h; h = h.next) n++; return n; }); }"),
])
def test_several_lists_and_a_class_of_the_candidates_own(tmp_path, language, code):
    """`linked_lists` gives a list of heads; a candidate who defines ListNode again is not broken."""
    p = problem(tmp_path, params=["lists"], types=["linked_lists"], cases=[([[[1, 2], [], [5, 6, 7]]], [2, 0, 3])],
                python="def f(heads):\n    pass\n", javascript="function f(heads) {}")
    assert outcome(run(p, language, code))[0][:2] == (True, [2, 0, 3])


CYCLE_PY = '''
def f(head):
    slow = fast = head
    while fast and fast.next:
        slow, fast = slow.next, fast.next.next
        if slow is fast:
            return True
    return False
'''
CYCLE_JS = '''
function f(head) {
  let slow = head, fast = head;
  while (fast && fast.next) {
    slow = slow.next; fast = fast.next.next;
    if (slow === fast) return true;
  }
  return false;
}
'''


@pytest.mark.parametrize("language", LANGS)
def test_cyclic_lists(tmp_path, language):
    cases = [({"values": [3, 2, 0, -4], "pos": 1}, True), ({"values": [1], "pos": 0}, True),
             ({"values": [1, 2], "pos": -1}, False), ({"values": [], "pos": -1}, False)]
    p = problem(tmp_path, params=["head"], types=["cyclic_list"], cases=[([a], e) for a, e in cases], python=CYCLE_PY,
                javascript=CYCLE_JS)
    assert [t.passed for t in run(p, language, CYCLE_PY if language == "python" else CYCLE_JS).tests] == [True] * 4


# --- trees ---------------------------------------------------------------------------------------------

LCA_PY = '''
def f(root, p, q):
    if root is None or root is p or root is q:
        return root
    left, right = f(root.left, p, q), f(root.right, p, q)
    return root if left and right else left or right
'''
LCA_JS = '''
function f(root, p, q) {
  if (root === null || root === p || root === q) return root;
  const left = f(root.left, p, q), right = f(root.right, p, q);
  return left && right ? root : left || right;
}
'''


@pytest.mark.parametrize("language", LANGS)
def test_node_references_into_a_tree(tmp_path, language):
    """p and q are nodes of the very tree passed as root (identity, not equal values)."""
    tree = [3, 5, 1, 6, 2, 0, 8, None, None, 7, 4]
    p = problem(tmp_path, params=["root", "p", "q"], types=["tree", "node_of:root", "node_of:root"],
                returns="tree_node",
                cases=[([tree, 5, 1], 3), ([tree, 5, 4], 5), ([tree, 7, 8], 3), ([[1, 2], 1, 2], 1)],
                python=LCA_PY, javascript=LCA_JS)
    assert [t.actual for t in run(p, language, LCA_PY if language == "python" else LCA_JS).tests] == [3, 5, 3, 1]


@pytest.mark.parametrize("language, code", [
    ("python", "def f(values):\n    root = TreeNode(values[0])\n    node = root\n    for v in values[1:]:\n"
               "        node.right = TreeNode(v)\n        node = node.right\n    return root\n"),
    ("javascript", "function f(values) {\n  const root = new TreeNode(values[0]);\n  let node = root;\n"
                   "  for (const v of values.slice(1)) { node.right = new TreeNode(v); node = node.right; }\n"
                   "  return root;\n}"),
])
def test_a_returned_tree_is_read_in_level_order_without_trailing_nulls(tmp_path, language, code):
    p = problem(tmp_path, params=["values"], returns="tree", cases=[([[1, 2, 3]], [1, None, 2, None, 3])],
                python="def f(values):\n    pass\n", javascript="function f(values) {}")
    assert outcome(run(p, language, code))[0][:2] == (True, [1, None, 2, None, 3])


@pytest.mark.parametrize("language, code", [
    ("python", "def f(root):\n    root.left = root\n    return root\n"),
    ("javascript", "function f(root) { root.left = root; return root; }"),
])
def test_a_returned_tree_that_is_not_a_tree_is_named(tmp_path, language, code):
    p = problem(tmp_path, params=["root"], types=["tree"], returns="tree", cases=[([[1, 2]], [1, 2])],
                python="def f(root):\n    return root\n", javascript="function f(root) { return root; }")
    (passed, _, error), = outcome(run(p, language, code))
    assert not passed and "reaches a node twice" in error


# --- graphs -------------------------------------------------------------------------------------------

CLONE_PY = '''
def f(node):
    copies = {}
    def copy(n):
        if n not in copies:
            copies[n] = Node(n.val)
            copies[n].neighbors = [copy(m) for m in n.neighbors]
        return copies[n]
    return copy(node) if node else None
'''
CLONE_JS = '''
function f(node) {
  const copies = new Map();
  const copy = (n) => {
    if (!copies.has(n)) {
      copies.set(n, new Node(n.val, []));
      copies.get(n).neighbors = n.neighbors.map(copy);
    }
    return copies.get(n);
  };
  return node ? copy(node) : null;
}
'''


@pytest.mark.parametrize("language", LANGS)
def test_a_graph_must_come_back_as_a_copy(tmp_path, language):
    square = [[2, 4], [1, 3], [2, 4], [1, 3]]
    p = problem(tmp_path, params=["adj"], types=["graph"], returns="graph",
                cases=[([square], square), ([[]], []), ([[[]]], [[]])], python=CLONE_PY, javascript=CLONE_JS)
    good = run(p, language, CLONE_PY if language == "python" else CLONE_JS)
    assert [t.passed for t in good.tests] == [True, True, True]
    lazy = "def f(node):\n    return node\n" if language == "python" else "function f(node) { return node; }"
    (passed, _, error), *_ = outcome(run(p, language, lazy))
    assert not passed and "shares nodes with the original graph" in error


def test_a_graph_whose_edges_do_not_go_both_ways_is_refused_when_loading(tmp_path):
    with pytest.raises(AssertionError, match="neighbours"):
        problem(tmp_path, params=["adj"], types=["graph"], returns="graph", cases=[([[[2], []]], [])], python=CLONE_PY,
                javascript=CLONE_JS)


# --- a counted API and in-place results ------------------------------------------------------------------

BISECT_PY = '''
def f(n, is_bad):
    lo, hi = 1, n
    while lo < hi:
        mid = (lo + hi) // 2
        if is_bad(mid):
            hi = mid
        else:
            lo = mid + 1
    return lo
'''
BISECT_JS = '''
function f(n, isBad) {
  let lo = 1, hi = n;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (isBad(mid)) hi = mid; else lo = mid + 1;
  }
  return lo;
}
'''


@pytest.mark.parametrize("language", LANGS)
def test_the_bad_version_api_counts_its_calls(tmp_path, language):
    big = 2**31 - 1
    p = problem(tmp_path, params=["n", "is_bad"], types=["value", "bad_version"],
                cases=[([5, 4], 4), ([1, 1], 1), ([big, big], big), ([big, 1], 1)], python=BISECT_PY,
                javascript=BISECT_JS)
    assert [t.passed for t in run(p, language, BISECT_PY if language == "python" else BISECT_JS).tests] == [True] * 4
    scan = ("def f(n, is_bad):\n    v = 1\n    while not is_bad(v):\n        v += 1\n    return v\n"
            if language == "python" else "function f(n, isBad) { let v = 1; while (!isBad(v)) v++; return v; }")
    results = run(p, language, scan).tests
    assert [t.passed for t in results] == [True, True, False, True]
    assert "called more than 64 times" in results[2].error


@pytest.mark.parametrize("language, code", [
    ("python", "def f(nums):\n    nums.sort()\n"),
    ("javascript", "function f(nums) { nums.sort((a, b) => a - b); }"),
])
def test_an_in_place_result_is_read_from_the_argument(tmp_path, language, code):
    p = problem(tmp_path, params=["nums"], returns="param:nums", cases=[([[2, 0, 1]], [0, 1, 2]), ([[]], [])],
                python="def f(nums):\n    pass\n", javascript="function f(nums) {}")
    assert [t.passed for t in run(p, language, code).tests] == [True, True]


# --- class design and codecs -------------------------------------------------------------------------

COUNTER_PY = '''
class Counter:
    def __init__(self, start):
        self.value = start

    def add_some(self, k):
        self.value += k

    def get_value(self):
        if self.value < 0:
            raise ValueError("negative")
        return self.value
'''
COUNTER_JS = '''
class Counter {
  constructor(start) { this.value = start; }
  addSome(k) { this.value += k; }
  getValue() {
    if (this.value < 0) throw new RangeError("negative");
    return this.value;
  }
}
'''


@pytest.mark.parametrize("language", LANGS)
def test_design_plays_operations_with_each_languages_method_names(tmp_path, language):
    ops = ["Counter", "add_some", "get_value", "add_some", "get_value"]
    p = problem(tmp_path, kind="design", params=["operations", "arguments"], function=("Counter", "Counter"),
                cases=[([ops, [[1], [2], [], [-10], []]], [None, None, 3, None, 0]),
                       ([["Counter", "get_value"], [[5], []]], [None, 5])],
                python=COUNTER_PY, javascript=COUNTER_JS)
    results = run(p, language, COUNTER_PY if language == "python" else COUNTER_JS).tests
    assert results[1].passed and not results[0].passed
    # the failing operation is named, with its place in the sequence and its arguments
    assert results[0].error.startswith("operation 5, ") and "negative" in results[0].error
    assert ("get_value()" if language == "python" else "getValue()") in results[0].error
    missing = (COUNTER_PY.replace("def get_value", "def value_of") if language == "python"
               else COUNTER_JS.replace("getValue()", "valueOf2()"))
    error = run(p, language, missing).tests[1].error
    assert "has no method" in error and ("get_value" if language == "python" else "getValue") in error


@pytest.mark.parametrize("language", LANGS)
def test_a_design_problem_without_its_class_says_so(tmp_path, language):
    p = problem(tmp_path, kind="design", params=["operations", "arguments"], function=("Counter", "Counter"),
                cases=[([["Counter"], [[1]]], [None])], python=COUNTER_PY, javascript=COUNTER_JS)
    result = run_code(p, language, "x = 1\n" if language == "python" else "const x = 1;")
    assert "no class named Counter is defined" in result.error


CODEC_PY = '''
class Codec:
    def serialize(self, root):
        out = []
        def walk(node):
            if node is None:
                out.append("#")
                return
            out.append(str(node.val))
            walk(node.left)
            walk(node.right)
        walk(root)
        return ",".join(out)

    def deserialize(self, data):
        items = iter(data.split(","))
        def build():
            item = next(items)
            if item == "#":
                return None
            node = TreeNode(int(item))
            node.left = build()
            node.right = build()
            return node
        return build()
'''
CODEC_JS = '''
class Codec {
  serialize(root) {
    const out = [];
    const walk = (n) => { if (!n) { out.push("#"); return; } out.push(String(n.val)); walk(n.left); walk(n.right); };
    walk(root);
    return out.join(",");
  }
  deserialize(data) {
    const items = data.split(",");
    let i = 0;
    const build = () => {
      const item = items[i++];
      if (item === "#") return null;
      const node = new TreeNode(Number(item));
      node.left = build();
      node.right = build();
      return node;
    };
    return build();
  }
}
'''


@pytest.mark.parametrize("language", LANGS)
def test_a_codec_round_trips_through_a_string_and_a_fresh_instance(tmp_path, language):
    trees = [[1, 2, 3, None, None, 4, 5], [], [-7], [1, None, 2, None, 3]]
    p = problem(tmp_path, kind="codec", params=["root"], types=["tree"], returns="tree", function=("Codec", "Codec"),
                cases=[([t], t) for t in trees], python=CODEC_PY, javascript=CODEC_JS)
    assert [t.passed for t in run(p, language, CODEC_PY if language == "python" else CODEC_JS).tests] == [True] * 4
    # keeping the tree in the instance instead of in the string is caught: deserialize gets a fresh one
    cheat = ("class Codec:\n    def serialize(self, root):\n        Codec.kept = root\n        return 'x'\n"
             "    def deserialize(self, data):\n        return getattr(self, 'mine', None)\n"
             if language == "python" else
             "class Codec { serialize(root) { this.mine = root; return 'x'; } "
             "deserialize(data) { return this.mine || null; } }")
    assert not run(p, language, cheat).tests[0].passed
    not_text = ("class Codec:\n    def serialize(self, root):\n        return [1]\n"
                "    def deserialize(self, data):\n        return None\n"
                if language == "python" else
                "class Codec { serialize(root) { return [1]; } deserialize(d) { return null; } }")
    assert "not a string" in run(p, language, not_text).tests[0].error


# --- the file format refuses what cannot be built -------------------------------------------------------

@pytest.mark.parametrize("field, value, message", [
    ("types", '["linkedlist"]', "should be one of value, linked_list"),
    ("types", '["node_of:nowhere"]', "should name an earlier parameter of type tree"),
    ("types", '["node_of:head"]', "should name an earlier parameter of type tree"),
    ("returns", '"param:other"', "should name one of tests.params"),
    ("kind", '"widget"', "should be one of function, design, codec"),
])
def test_unknown_shapes_are_named_by_field(tmp_path, field, value, message):
    source = load_problems(problem_dirs()).get("reverse-linked-list").path.read_text()
    if field == "kind":
        source = source.replace('types = ["linked_list"]', f'types = ["linked_list"]\nkind = {value}')
    else:
        source = source.replace(f'{field} = "linked_list"' if field == "returns" else f'{field} = ["linked_list"]',
                                f"{field} = {value}")
    path = tmp_path / "reverse-linked-list.toml"
    path.write_text(source)
    _, errors = parse_problem(path)
    assert any(message in str(e) and f"tests.{field}" in str(e) for e in errors), errors
