"""The problem library as a candidate meets it: the Grind 75 pathway in order with its weeks,
`intervu problems --validate` over every file, and whole scripted interviews on problems that are
not plain functions (a linked list, a class design, a grid), through the installed CLI, the real
engine, sandbox and store."""

from __future__ import annotations

import json
import re

from intervu_cli.problems import load_problems, problem_dirs

PROBLEMS = load_problems(problem_dirs())
GRIND = PROBLEMS.pathways["grind75"]
WEEK_SIZES = [13, 12, 8, 8, 8, 9, 8, 9]  # the published plan's default: 8 weeks, 75 questions


def test_the_grind75_pathway_is_whole():
    assert PROBLEMS.errors == []
    assert [sum(1 for s in GRIND.steps if s.week == w) for w in range(1, 9)] == WEEK_SIZES
    slugs = [s.slug for s in GRIND.steps]
    assert len(slugs) == len(set(slugs)) == 75
    assert all(PROBLEMS.get(slug) is not None for slug in slugs), [s for s in slugs if PROBLEMS.get(s) is None]
    assert slugs[:3] == ["two-sum", "valid-parentheses", "merge-two-sorted-lists"]
    assert slugs[-1] == "largest-rectangle-in-histogram"
    kinds = {PROBLEMS.get(s).kind for s in slugs}
    types = {t for s in slugs for t in PROBLEMS.get(s).types} | {PROBLEMS.get(s).returns.split(":")[0] for s in slugs}
    assert kinds == {"function", "design", "codec"}
    assert {"linked_list", "linked_lists", "cyclic_list", "tree", "graph", "bad_version", "tree_node", "param"} <= types
    assert {PROBLEMS.get(s).difficulty for s in slugs} == {"easy", "medium", "hard"}


def test_problems_pathway_lists_them_in_order_with_the_week(cli):
    done = cli("problems", "--pathway", "grind75", "--json")
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)
    assert [r["slug"] for r in rows] == [s.slug for s in GRIND.steps]
    assert [r["position"] for r in rows] == list(range(1, 76))
    assert [r["week"] for r in rows] == [w for w, n in enumerate(WEEK_SIZES, 1) for _ in range(n)]
    text = cli("problems", "--pathway", "grind75", env={"COLUMNS": "120"}).stdout
    assert "Grind 75: 75 of 75 problems over 8 weeks" in text
    lines = [line.split() for line in text.splitlines()]
    first = next(cells for cells in lines if "two-sum" in cells)
    assert first[:3] == ["1", "1", "two-sum"]  # position, week, slug
    week3 = next(cells for cells in lines if "insert-interval" in cells)
    assert week3[:3] == ["26", "3", "insert-interval"]
    # filters still apply, in the pathway's order
    hard = json.loads(cli("problems", "--pathway", "grind75", "--difficulty", "hard", "--json").stdout)
    assert [r["slug"] for r in hard] == [s.slug for s in GRIND.steps if PROBLEMS.get(s.slug).difficulty == "hard"]
    unknown = cli("problems", "--pathway", "grind76")
    assert (unknown.returncode == 2
            and unknown.stderr.strip() == "intervu: no pathway named 'grind76'; the pathways are: grind75")


def test_validate_checks_every_file_and_names_what_is_wrong(cli, tmp_path):
    """One run over the shipped problems and a folder of broken ones: every shipped reference solution
    passes every test in both languages (no finding names a shipped file), and each broken thing is
    named by file and field, with a non-zero exit."""
    folder = tmp_path / "mine"
    (folder / "pathways").mkdir(parents=True)
    two_sum = PROBLEMS.get("two-sum").path.read_text()
    wrong = (two_sum.replace('slug = "two-sum"', 'slug = "wrong-answer"')
             .replace("expected = [4, 5]", "expected = [4, 6]"))
    (folder / "wrong-answer.toml").write_text(wrong)
    leaky = two_sum.replace('slug = "two-sum"', 'slug = "leaky-hint"').replace(
        'nudge = "', 'nudge = "Try def helper(x): return x. ', 1)
    (folder / "leaky-hint.toml").write_text(leaky)
    weak = two_sum.replace('slug = "two-sum"', 'slug = "weak-tests"').split("[[tests.hidden]]")
    (folder / "weak-tests.toml").write_text(weak[0] + "[[tests.hidden]]" + weak[1])  # 3 visible + 1 hidden
    (folder / "broken.toml").write_text('slug = "broken"\ntitle = ')
    # a generator that does not bear out its time (two-sum's reference is linear), and one that fails
    claims_constant = two_sum.replace('slug = "two-sum"', 'slug = "constant-claim"').replace(
        '[scale]\nn = "the length of nums"', '[scale]\ntime = "O(1)"\nn = "the length of nums"')
    (folder / "constant-claim.toml").write_text(claims_constant)
    broken_generator = two_sum.replace('slug = "two-sum"', 'slug = "broken-generator"').replace(
        "def generate(n, rng):", "def generate(n, rng):\n    raise ValueError('oops')")
    (folder / "broken-generator.toml").write_text(broken_generator)
    (folder / "pathways" / "mine.toml").write_text(
        'name = "mine"\ntitle = "Mine"\n[[weeks]]\nweek = 1\nproblems = ["two-sum", "no-such-problem"]\n')
    done = cli("problems", "--validate", "--problems-dir", str(folder), timeout=600)
    assert done.returncode == 1, (done.stdout, done.stderr)
    findings = [line for line in done.stdout.splitlines() if line.startswith("invalid: ")]
    assert all(str(folder) in line for line in findings), [f for f in findings if str(folder) not in f]
    text = "\n".join(findings)
    assert "wrong-answer.toml: python.solution: fails test 'pair at the end': expected [4, 6], got [4, 5]" in text
    assert "wrong-answer.toml: javascript.solution: fails test 'pair at the end'" in text
    assert "leaky-hint.toml: hints.nudge: looks like code" in text
    assert "weak-tests.toml: tests: has 4 tests; a problem needs at least 8" in text
    assert re.search(r"constant-claim\.toml: scale \(python\): the reference solution measures linear \(at n = "
                     r".*\), but scale\.time O\(1\) is sublinear", text), text
    assert re.search(r"broken-generator\.toml: scale\.generate: the generator failed for n = \d+: ValueError", text)
    # every shipped reference solution was timed, in both languages, and grew as its [scale] says
    growth = [line for line in done.stdout.splitlines() if line.startswith("growth: ")]
    print("\n".join(growth))
    assert len([g for g in growth if "(python)" in g]) >= len(PROBLEMS.problems)
    assert len([g for g in growth if "(javascript)" in g]) >= len(PROBLEMS.problems)
    assert "broken.toml: is not valid TOML" in text
    assert "pathways/mine.toml: week 1: lists 'no-such-problem', which is not a valid problem here" in text
    assert len(findings) == 9, findings  # constant-claim: once per language; broken-generator: once
    assert done.stderr.strip().splitlines()[-1].startswith("intervu: 9 problems in 7 of ")


def interview(cli, tmp_path, slug: str, script: str, *extra: str) -> dict:
    path = tmp_path / f"{slug}.txt"
    path.write_text(script)
    done = cli("practice", slug, "--no-audio", "--script", str(path), "--model", "none", "--json", *extra)
    assert done.returncode == 0, done.stderr
    events = [json.loads(line) for line in done.stdout.splitlines()]
    assert events[-1]["type"] == "feedback"
    return {"events": events, "report": events[-1]["report"]}


def evidence(report: dict, pillar: str, item: str) -> dict:
    return next(e for e in report["pillars"][pillar]["evidence"] if e["id"] == item)


def test_a_linked_list_interview_in_javascript(cli, tmp_path):
    """The candidate's list code runs on lists built from the tests, the interviewer hears the
    results, and the feedback scores it like any other problem."""
    script = """Can the list be empty?
I'll walk the list once and turn each pointer around, keeping the previous node. O(n) time and O(1) space.
/code
function reverseList(head) {
  let previous = null;
  while (head !== null) {
    const next = head.next;
    head.next = previous;
    previous = head;
    head = next;
  }
  return previous;
}
/endcode
Let me trace 1, 2: previous becomes 1, then 2 points at 1, and we return 2.
/run
/finish
"""
    got = interview(cli, tmp_path, "reverse-linked-list", script, "--language", "javascript")
    runs = [e for e in got["events"] if e["type"] == "test_run"]
    assert runs and runs[0]["language"] == "javascript" and runs[0]["passed"] == runs[0]["total"] == 3
    final = runs[-1]
    assert final["hidden"] and final["passed"] == final["total"] == len(PROBLEMS.get("reverse-linked-list").tests)
    report = got["report"]
    assert evidence(report, "algorithms", "complexity_reached")["met"] is True
    assert evidence(report, "algorithms", "complexity_stated")["met"] is True
    assert report["pillars"]["coding"]["score"] == 10


def test_a_design_interview_plays_the_operations(cli, tmp_path):
    """A class design (min stack): a bug in one method shows up as the operation that failed."""
    script = """/code
class MinStack:
    def __init__(self):
        self.items = []

    def push(self, val):
        self.items.append(val)

    def pop(self):
        self.items.pop()

    def top(self):
        return self.items[-1]

    def get_min(self):
        return min(self.items[:-1])
/endcode
/run
/finish
"""
    got = interview(cli, tmp_path, "min-stack", script)
    first = next(e for e in got["events"] if e["type"] == "test_run")
    assert first["passed"] < first["total"]
    failing = [t for t in first["tests"] if not t["passed"]]
    assert any(t["error"].startswith("operation 4, get_min()") for t in failing), failing  # min of an empty list
    assert got["report"]["pillars"]["coding"]["score"] < 10


def test_a_grid_problem_stated_in_its_own_sizes(cli, tmp_path):
    """Flood fill's complexity is O(m * n): a candidate who says so is right (two sizes have no single
    rank, so they are compared term by term), and one who says O(n^2) is not."""
    code = """/code
def flood_fill(image, sr, sc, color):
    original = image[sr][sc]
    if original == color:
        return image
    rows, cols = len(image), len(image[0])
    stack = [(sr, sc)]
    image[sr][sc] = color
    while stack:
        r, c = stack.pop()
        for dr, dc in ((1, 0), (-1, 0), (0, 1), (0, -1)):
            nr, nc = r + dr, c + dc
            if 0 <= nr < rows and 0 <= nc < cols and image[nr][nc] == original:
                image[nr][nc] = color
                stack.append((nr, nc))
    return image
/endcode
/run
"""
    right = interview(cli, tmp_path, "flood-fill",
                      "A stack of cells to visit. It's O(m * n) time and O(m * n) space.\n" + code + "/finish\n")
    wrong = interview(cli, tmp_path, "flood-fill",
                      "A stack of cells to visit. It's O(n^2) time.\n" + code + "/finish\n")
    for got in (right, wrong):
        assert evidence(got["report"], "algorithms", "complexity_reached")["met"] is True
    assert evidence(right["report"], "algorithms", "complexity_stated")["met"] is True
    assert evidence(right["report"], "algorithms", "space_stated")["met"] is True
    assert evidence(wrong["report"], "algorithms", "complexity_stated")["met"] is False
