"""Problem files: one TOML file per problem, loaded and validated field by field.

An invalid file is reported by file and field (`ProblemError`) and never hides the valid ones.
The format is documented in README.md ("Problem files").
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from intervu_cli.core.files import MAX_DEPTH, PROBLEM_LIMIT, FileLimitError, depth_error, load_toml

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

LANGUAGES = ("python", "javascript")
DIFFICULTIES = ("easy", "medium", "hard")
COMPARE_RULES = ("exact", "unordered", "unordered_nested", "float")

# How a test's arguments reach the code, and how its result comes back (README: "Problem files").
# kind: "function" calls one function; "design" builds a class and plays a sequence of operations on
# it (LeetCode's ["MinStack", "push", ...] / [[], [1], ...] form); "codec" round-trips a value
# through a class's serialize() and a fresh instance's deserialize().
KINDS = ("function", "design", "codec")
# A parameter's type: what the JSON argument becomes before the call (the harnesses build them).
PARAM_TYPES = ("value", "linked_list", "linked_lists", "cyclic_list", "tree", "graph", "bad_version")
# node_of:<param> is a value naming a node of the tree passed as <param> (e.g. p and q of a
# lowest-common-ancestor problem).
# What the code returns becomes JSON again by its type; param:<name> reports that argument after
# the call instead (in-place problems).
RETURN_TYPES = ("value", "linked_list", "tree", "tree_node", "graph")


@dataclass(frozen=True)
class ProblemError:
    path: Path
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}: {self.field}" if self.field else str(self.path)
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class TestCase:
    __test__ = False  # not a pytest test class
    name: str
    args: list[Any]
    expected: Any
    compare: str
    hidden: bool


@dataclass(frozen=True)
class LanguageSpec:
    function: str
    signature: str
    starter: str
    solution: str


@dataclass(frozen=True)
class Clarification:
    """A question candidates really ask, answered: `topic` is one of `core.lexicon.TOPICS`, `ask` the
    ways it is put (for matching), `answer` what the interviewer says (true to the tests)."""

    topic: str
    ask: tuple[str, ...]
    answer: str


@dataclass(frozen=True)
class Approach:
    """A way to solve the problem, as a candidate would describe it: `uses` names the concepts of
    `core.lexicon.CONCEPTS` that identify it (all of them), with its cost."""

    name: str
    uses: tuple[str, ...]
    time: str
    space: str = ""


@dataclass(frozen=True)
class Scale:
    """How to make inputs of growing size, to measure how a solution's time grows (`[scale]`):
    `generate` is Python defining generate(n, rng) -> a test's args for size n (rng is a seeded
    random.Random); `n` says what n counts, in words; `time` is the reference solution's growth in
    that n (the problem's complexity, unless n counts something else); `sizes` are the sizes tried,
    in order."""

    generate: str
    n: str
    time: str
    sizes: tuple[int, ...] = (500, 1000, 2000, 4000, 8000, 16000)
    # where the growth seen at these sizes differs by language ("word-break": Python's slices cost a
    # fixed overhead more than a copy, so its O(n^3) grows as n^2 here): {"python": "O(n^2)"}
    by_language: tuple[tuple[str, str], ...] = ()

    def time_for(self, language: str) -> str:
        return dict(self.by_language).get(language, self.time)


MIN_CLARIFICATIONS = 6


@dataclass(frozen=True)
class Problem:
    slug: str
    title: str
    difficulty: str
    topics: tuple[str, ...]
    pathways: tuple[str, ...]
    statement: str
    constraints: tuple[str, ...]
    examples: tuple[dict[str, str], ...]
    follow_ups: tuple[str, ...]
    complexity_time: str
    complexity_space: str
    hints: dict[str, str]
    params: tuple[str, ...]
    languages: dict[str, LanguageSpec]
    tests: tuple[TestCase, ...]
    path: Path = field(compare=False)
    kind: str = "function"
    types: tuple[str, ...] = ()
    returns: str = "value"
    clarifications: tuple[Clarification, ...] = ()
    approaches: tuple[Approach, ...] = ()
    scale: Scale | None = None

    @property
    def shape(self) -> dict[str, Any]:
        """What the sandbox's harnesses need to build the arguments and read the result."""
        return {"kind": self.kind, "params": list(self.params),
                "types": list(self.types) or ["value"] * len(self.params), "returns": self.returns}

    @property
    def visible_tests(self) -> list[TestCase]:
        return [t for t in self.tests if not t.hidden]

    @property
    def hidden_tests(self) -> list[TestCase]:
        return [t for t in self.tests if t.hidden]

    def summary(self) -> dict[str, Any]:
        return {
            "slug": self.slug,
            "title": self.title,
            "difficulty": self.difficulty,
            "topics": list(self.topics),
            "pathways": list(self.pathways),
            "languages": [lang for lang in LANGUAGES if lang in self.languages],
            "tests": {"visible": len(self.visible_tests), "hidden": len(self.hidden_tests)},
            "path": str(self.path),
        }


class _Reader:
    """Pulls typed fields out of parsed TOML, collecting every error instead of stopping."""

    def __init__(self, path: Path, data: dict[str, Any]) -> None:
        self.path = path
        self.data = data
        self.errors: list[ProblemError] = []

    @classmethod
    def of(cls, path: Path) -> "_Reader":
        """A reader of the TOML file at `path`; one that cannot be read or parsed holds that error."""
        try:
            return cls(path, load_toml(path, "problem file", PROBLEM_LIMIT))
        except FileLimitError as exc:  # a FIFO, a huge file, brackets thousands deep: never read whole
            message = f"{exc.problem}; fix it or move it out of the folder"
        except (OSError, UnicodeDecodeError) as exc:
            message = f"cannot be read ({exc})"
        except tomllib.TOMLDecodeError as exc:
            message = f"is not valid TOML ({exc})"
        reader = cls(path, {})
        reader.errors.append(ProblemError(path, "", message))
        return reader

    def error(self, name: str, message: str) -> None:
        self.errors.append(ProblemError(self.path, name, message))

    def get(self, name: str, kind: type | tuple[type, ...], *, required: bool = True, default: Any = None) -> Any:
        node: Any = self.data
        for part in name.split("."):
            if not isinstance(node, dict) or part not in node:
                if required:
                    self.error(name, "is missing")
                return default
            node = node[part]
        if not isinstance(node, kind):
            expected = kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)
            self.error(name, f"should be a {expected}, not {type(node).__name__}")
            return default
        if required and isinstance(node, (str, list, dict)) and not node:
            self.error(name, "is empty")
            return default
        return node

    def strings(self, name: str, *, required: bool = True) -> tuple[str, ...]:
        value = self.get(name, list, required=required, default=[])
        if any(not isinstance(v, str) for v in value):
            self.error(name, "should be a list of strings")
            return ()
        return tuple(value)


def _json_or(reader: _Reader, where: str, raw: dict[str, Any], key: str) -> tuple[bool, Any]:
    if key in raw:
        return True, raw[key]
    if f"{key}_json" in raw:
        try:
            value = json.loads(raw[f"{key}_json"])
        except (TypeError, ValueError) as exc:
            reader.error(f"{where}.{key}_json", f"is not valid JSON ({exc})")
            return False, None
        except RecursionError:
            reader.error(f"{where}.{key}_json", f"nests arrays or objects too deeply to read; nest them at most "
                                                f"{MAX_DEPTH} deep")
            return False, None
        why = depth_error(value)
        if why:
            reader.error(f"{where}.{key}_json", f"{why}; nest them at most {MAX_DEPTH} deep")
            return False, None
        return True, value
    reader.error(f"{where}.{key}", "is missing")
    return False, None


def _read_tests(reader: _Reader, default_compare: str) -> list[TestCase]:
    cases: list[TestCase] = []
    for group in ("visible", "hidden"):
        raw_cases = reader.get(f"tests.{group}", list, default=[])
        for i, raw in enumerate(raw_cases):
            where = f"tests.{group}[{i}]"
            if not isinstance(raw, dict):
                reader.error(where, "should be a table")
                continue
            ok_args, args = _json_or(reader, where, raw, "args")
            ok_exp, expected = _json_or(reader, where, raw, "expected")
            if ok_args and not isinstance(args, list):
                reader.error(f"{where}.args", "should be a list of positional arguments")
                ok_args = False
            compare = raw.get("compare", default_compare)
            if compare not in COMPARE_RULES:
                reader.error(f"{where}.compare", f"should be one of {', '.join(COMPARE_RULES)}")
                continue
            if ok_args and ok_exp:
                name = str(raw.get("name") or f"{group} {i + 1}")
                cases.append(TestCase(name, args, expected, compare, group == "hidden"))
    return cases


def parse_problem(path: Path) -> tuple[Problem | None, list[ProblemError]]:
    """Read one problem file. Returns the problem, or None with every error found."""
    r = _Reader.of(path)
    if r.errors:
        return None, r.errors
    slug = r.get("slug", str, default="")
    if slug and slug != path.stem:
        r.error("slug", f"is {slug!r} but the file is named {path.name!r}; they must match")
    title = r.get("title", str, default="")
    difficulty = r.get("difficulty", str, default="")
    if difficulty and difficulty not in DIFFICULTIES:
        r.error("difficulty", f"should be one of {', '.join(DIFFICULTIES)}, not {difficulty!r}")
    topics = r.strings("topics")
    pathways = r.strings("pathways", required=False)
    statement = r.get("statement", str, default="")
    constraints = r.strings("constraints")
    follow_ups = r.strings("follow_ups")
    examples = r.get("examples", list, default=[])
    for i, ex in enumerate(examples):
        if not isinstance(ex, dict) or not isinstance(ex.get("input"), str) or not isinstance(ex.get("output"), str):
            r.error(f"examples[{i}]", "needs string fields input and output")
    c_time = r.get("complexity.time", str, default="")
    c_space = r.get("complexity.space", str, default="")
    hints = {level: r.get(f"hints.{level}", str, default="") for level in ("nudge", "hint", "reveal")}
    params = r.strings("tests.params")
    compare = r.get("tests.compare", str, required=False, default="exact")
    if compare not in COMPARE_RULES:
        r.error("tests.compare", f"should be one of {', '.join(COMPARE_RULES)}")
        compare = "exact"
    kind, types, returns = _read_shape(r, params)

    languages: dict[str, LanguageSpec] = {}
    for lang in LANGUAGES:
        spec = LanguageSpec(
            function=r.get(f"{lang}.function", str, default=""),
            signature=r.get(f"{lang}.signature", str, default=""),
            starter=r.get(f"{lang}.starter", str, default=""),
            solution=r.get(f"{lang}.solution", str, default=""),
        )
        languages[lang] = spec

    clarifications = _read_clarifications(r)
    approaches = _read_approaches(r)
    scale = _read_scale(r, c_time)
    tests = _read_tests(r, compare)
    if not any(not t.hidden for t in tests):
        r.error("tests.visible", "needs at least one test")
    for t in tests:
        group = "hidden" if t.hidden else "visible"
        if params and len(t.args) != len(params):
            r.error(f"tests.{group} {t.name!r}", f"has {len(t.args)} arguments but tests.params names {len(params)}")
        elif kind == "design":
            problem_with = _design_case_error(t)
            if problem_with:
                r.error(f"tests.{group} {t.name!r}", problem_with)
        elif types:
            for name, typ, arg in zip(params, types, t.args):
                problem_with = _argument_error(typ, arg)
                if problem_with:
                    r.error(f"tests.{group} {t.name!r}", f"argument {name}: {problem_with}")

    if r.errors:
        return None, r.errors
    problem = Problem(
        slug=slug,
        title=title,
        difficulty=difficulty,
        topics=topics,
        pathways=pathways,
        statement=statement.strip(),
        constraints=constraints,
        examples=tuple(examples),
        follow_ups=follow_ups,
        complexity_time=c_time,
        complexity_space=c_space,
        hints=hints,
        params=params,
        languages=languages,
        tests=tuple(tests),
        path=path,
        kind=kind,
        types=types,
        returns=returns,
        clarifications=clarifications,
        approaches=approaches,
        scale=scale,
    )
    return problem, []


def _read_clarifications(r: _Reader) -> tuple[Clarification, ...]:
    from intervu_cli.core.lexicon import TOPICS

    out: list[Clarification] = []
    for i, raw in enumerate(r.get("clarifications", list, required=False, default=[])):
        where = f"clarifications[{i}]"
        if not isinstance(raw, dict):
            r.error(where, "should be a table with topic, ask and answer")
            continue
        topic, ask, answer = raw.get("topic"), raw.get("ask"), raw.get("answer")
        if topic not in TOPICS:
            r.error(f"{where}.topic", f"should be one of {', '.join(TOPICS)}, not {topic!r}")
            continue
        if isinstance(ask, str):
            ask = [ask]
        if not (isinstance(ask, list) and ask and all(isinstance(a, str) and a.strip() for a in ask)):
            r.error(f"{where}.ask", "should be a question, or a list of the ways it is asked")
            continue
        if not (isinstance(answer, str) and answer.strip()):
            r.error(f"{where}.answer", "should be the interviewer's answer")
            continue
        unknown = set(raw) - {"topic", "ask", "answer"}
        if unknown:
            r.error(where, f"has unknown keys {', '.join(sorted(unknown))} (topic, ask, answer)")
        out.append(Clarification(topic, tuple(a.strip() for a in ask), " ".join(answer.split())))
    return tuple(out)


def _read_approaches(r: _Reader) -> tuple[Approach, ...]:
    from intervu_cli.core.lexicon import CONCEPTS

    out: list[Approach] = []
    for i, raw in enumerate(r.get("approaches", list, required=False, default=[])):
        where = f"approaches[{i}]"
        if not isinstance(raw, dict):
            r.error(where, "should be a table with name, uses, time (and space)")
            continue
        name, uses, time_, space = raw.get("name"), raw.get("uses"), raw.get("time"), raw.get("space", "")
        if not (isinstance(name, str) and name.strip()):
            r.error(f"{where}.name", "should name the approach")
            continue
        if not (isinstance(uses, list) and uses and all(isinstance(u, str) for u in uses)):
            r.error(f"{where}.uses", "should list the concepts that identify it")
            continue
        bad = [u for u in uses if u not in CONCEPTS]
        if bad:
            r.error(f"{where}.uses", f"{', '.join(map(repr, bad))} should be among {', '.join(CONCEPTS)}")
            continue
        if not (isinstance(time_, str) and time_.startswith("O(") and time_.endswith(")")):
            r.error(f"{where}.time", "should be a complexity like O(n log n)")
            continue
        if not isinstance(space, str) or (space and not (space.startswith("O(") and space.endswith(")"))):
            r.error(f"{where}.space", "should be a complexity like O(1)")
            continue
        out.append(Approach(name.strip(), tuple(uses), time_, space))
    return tuple(out)


def _read_scale(r: _Reader, c_time: str) -> Scale | None:
    raw = r.get("scale", dict, required=False, default=None)
    if raw is None:
        return None
    unknown = set(raw) - {"generate", "n", "time", "sizes", *(f"time_{lang}" for lang in LANGUAGES)}
    if unknown:
        r.error("scale", f"has unknown keys {', '.join(sorted(unknown))} (generate, n, time, time_python, "
                         "time_javascript, sizes)")
    by_language = []
    for lang in LANGUAGES:
        if f"time_{lang}" in raw:
            value = raw[f"time_{lang}"]
            if not (isinstance(value, str) and value.startswith("O(") and value.endswith(")")):
                r.error(f"scale.time_{lang}", "should be a complexity like O(n^2)")
            else:
                by_language.append((lang, value))
    generate, n, time_ = raw.get("generate"), raw.get("n"), raw.get("time", c_time)
    sizes = raw.get("sizes", list(Scale.sizes))
    ok = True
    if not (isinstance(generate, str) and "def generate(" in generate):
        r.error("scale.generate", "should be Python defining generate(n, rng), which returns a test's args")
        ok = False
    if not (isinstance(n, str) and n.strip()):
        r.error("scale.n", "should say what n counts, like \"the length of nums\"")
        ok = False
    if not (isinstance(time_, str) and time_.startswith("O(") and time_.endswith(")")):
        r.error("scale.time", "should be a complexity like O(n), the reference's growth in this n")
        ok = False
    if not (isinstance(sizes, list) and 3 <= len(sizes) <= 12 and all(isinstance(x, int) and not isinstance(x, bool)
                                                                     and x >= 1 for x in sizes)
            and all(b > a for a, b in zip(sizes, sizes[1:]))):
        r.error("scale.sizes", "should be 3 to 12 growing whole numbers, like [1000, 2000, 4000, 8000]")
        ok = False
    if not ok:
        return None
    return Scale(generate=generate, n=" ".join(n.split()), time=time_, sizes=tuple(sizes),
                 by_language=tuple(by_language))


def completeness(problem: Problem) -> list[ProblemError]:
    """What a built-in problem must have beyond a valid file: the clarifications a candidate asks
    for and the approaches the interviewer recognizes (`problems --validate` reports these)."""
    errors = []
    if len(problem.clarifications) < MIN_CLARIFICATIONS:
        errors.append(ProblemError(problem.path, "clarifications",
                                   f"has {len(problem.clarifications)}; a problem needs at least "
                                   f"{MIN_CLARIFICATIONS} questions candidates ask, with answers"))
    if problem.scale is None:
        errors.append(ProblemError(problem.path, "scale", "needs an input generator, to measure how a solution's "
                                                          "time grows (README: Problem files)"))
    if not problem.approaches:
        errors.append(ProblemError(problem.path, "approaches", "needs at least the expected approach"))
    elif not any(a.time.replace(" ", "") == problem.complexity_time.replace(" ", "") for a in problem.approaches):
        errors.append(ProblemError(problem.path, "approaches",
                                   f"none runs in the expected {problem.complexity_time}"))
    return errors


def _read_shape(r: _Reader, params: tuple[str, ...]) -> tuple[str, tuple[str, ...], str]:
    kind = r.get("tests.kind", str, required=False, default="function")
    if kind not in KINDS:
        r.error("tests.kind", f"should be one of {', '.join(KINDS)}, not {kind!r}")
        kind = "function"
    types = r.strings("tests.types", required=False)
    returns = r.get("tests.returns", str, required=False, default="value")
    if types and len(types) != len(params):
        r.error("tests.types", f"names {len(types)} types but tests.params names {len(params)} parameters")
        types = ()
    trees: set[str] = set()  # the tree parameters before this one: a node is looked up in a tree already built
    for name, typ in zip(params, types):
        if typ == "tree":
            trees.add(name)
        if typ.startswith("node_of:"):
            if typ[len("node_of:"):] not in trees:
                r.error("tests.types", f"{name}: {typ} should name an earlier parameter of type tree")
        elif typ not in PARAM_TYPES:
            r.error("tests.types", f"{name}: {typ!r} should be one of {', '.join(PARAM_TYPES)} or node_of:<param>")
    if returns.startswith("param:"):
        if returns[len("param:"):] not in params:
            r.error("tests.returns", f"{returns} should name one of tests.params")
    elif returns not in RETURN_TYPES:
        r.error("tests.returns", f"should be one of {', '.join(RETURN_TYPES)} or param:<name>, not {returns!r}")
    if kind == "design" and (len(params) != 2 or types):
        r.error("tests.params", "a design problem takes two: the operations and their arguments (and no types)")
    if kind == "codec" and len(params) != 1:
        r.error("tests.params", "a codec problem takes one value to round-trip")
    return kind, types, returns


def _argument_error(typ: str, arg: Any) -> str:
    """Why a test's argument cannot be built as `typ` ("" when it can)."""
    def ints(v: Any) -> bool:
        return isinstance(v, list) and all(isinstance(x, int) and not isinstance(x, bool) for x in v)

    if typ == "linked_list" and not isinstance(arg, list):
        return "a linked list is written as the list of its values"
    if typ == "linked_lists" and not (isinstance(arg, list) and all(isinstance(x, list) for x in arg)):
        return "linked lists are written as a list of lists of values"
    if typ == "cyclic_list":
        if not (isinstance(arg, dict) and isinstance(arg.get("values"), list) and isinstance(arg.get("pos"), int)):
            return 'a cyclic list is written as {"values": [...], "pos": k} (k = -1 for no cycle)'
        if not -1 <= arg["pos"] < len(arg["values"]):
            return f"pos {arg['pos']} is outside the list (-1 for no cycle)"
    if typ == "tree" and not isinstance(arg, list):
        return "a tree is written as its level-order list of values, null for a missing child"
    if typ == "graph" and not (isinstance(arg, list) and all(ints(x) for x in arg)):
        return "a graph is written as its adjacency lists, nodes numbered from 1"
    if typ == "graph":
        n = len(arg)
        for i, row in enumerate(arg, 1):
            if any(not 1 <= j <= n or i not in arg[j - 1] for j in row):
                return f"node {i}'s neighbours {row} are not all nodes whose lists name {i} back"
    if typ == "bad_version" and not (isinstance(arg, int) and not isinstance(arg, bool) and arg >= 1):
        return "the first bad version is a positive integer"
    return ""


def _design_case_error(t: TestCase) -> str:
    ops, arguments = t.args
    if not (isinstance(ops, list) and ops and all(isinstance(o, str) for o in ops)):
        return "operations should be a non-empty list of names, the class's first"
    if not (isinstance(arguments, list) and len(arguments) == len(ops) and all(isinstance(a, list) for a in arguments)):
        return "arguments should hold one list of arguments per operation"
    if not (isinstance(t.expected, list) and len(t.expected) == len(ops)):
        return "expected should hold one result per operation (null for the constructor and for none)"
    return ""


def builtin_problems_dir() -> Path:
    """The problems shipped with intervu: inside the wheel, or the repository's problems/ folder."""
    here = Path(__file__).resolve().parent
    packaged = here / "data" / "problems"
    if packaged.is_dir():
        return packaged
    return here.parent / "problems"


def problem_dirs(extra: list[Path] | None = None) -> list[Path]:
    """Built-in problems first, then the user's folders (INTERVU_PROBLEMS_DIR, config, --problems-dir).

    A user's problem with the same slug as a built-in one replaces it.
    """
    dirs = [builtin_problems_dir()]
    env = os.environ.get("INTERVU_PROBLEMS_DIR")
    if env:
        dirs.extend(Path(p).expanduser() for p in env.split(os.pathsep) if p)
    for p in extra or []:
        dirs.append(Path(p).expanduser())
    return dirs


@dataclass(frozen=True)
class PathwayStep:
    position: int  # 1-based, in the pathway's order
    week: int
    slug: str


@dataclass(frozen=True)
class Pathway:
    """An ordered study plan: `pathways/<name>.toml` beside the problem files, weeks of slugs."""

    name: str
    title: str
    description: str
    source: str
    steps: tuple[PathwayStep, ...]
    path: Path = field(compare=False)

    def week_of(self, slug: str) -> int | None:
        return next((s.week for s in self.steps if s.slug == slug), None)


def parse_pathway(path: Path) -> tuple[Pathway | None, list[ProblemError]]:
    """Read one pathway file:

        name = "grind75"            # must match the file name
        title = "Grind 75"
        description = "..."
        source = "https://..."      # optional
        [[weeks]]
        week = 1
        problems = ["two-sum", ...]
    """
    r = _Reader.of(path)
    if r.errors:
        return None, r.errors
    name = r.get("name", str, default="")
    if name and name != path.stem:
        r.error("name", f"is {name!r} but the file is named {path.name!r}; they must match")
    title = r.get("title", str, default="")
    description = r.get("description", str, required=False, default="")
    source = r.get("source", str, required=False, default="")
    steps: list[PathwayStep] = []
    seen: dict[str, int] = {}
    last_week = 0
    for i, raw in enumerate(r.get("weeks", list, default=[])):
        where = f"weeks[{i}]"
        week, slugs = (raw.get("week"), raw.get("problems")) if isinstance(raw, dict) else (None, None)
        if not isinstance(week, int) or isinstance(week, bool) or week < 1:
            r.error(f"{where}.week", "should be a week number from 1")
            continue
        if week < last_week:
            r.error(f"{where}.week", f"week {week} comes after week {last_week}; list the weeks in order")
        last_week = week
        if not isinstance(slugs, list) or not slugs or not all(isinstance(x, str) for x in slugs):
            r.error(f"{where}.problems", "should be a non-empty list of problem slugs")
            continue
        for slug in slugs:
            if slug in seen:
                r.error(f"{where}.problems", f"{slug!r} is already in week {seen[slug]}")
                continue
            seen[slug] = week
            steps.append(PathwayStep(len(steps) + 1, week, slug))
    if r.errors:
        return None, r.errors
    return Pathway(name, title, description.strip(), source, tuple(steps), path), []


@dataclass
class ProblemSet:
    problems: dict[str, Problem]
    errors: list[ProblemError]
    missing_dirs: list[Path]
    pathways: dict[str, Pathway] = field(default_factory=dict)

    def get(self, slug: str) -> Problem | None:
        return self.problems.get(slug)

    def pathway_names(self) -> list[str]:
        """Pathways with a file, and those problem files name without one."""
        return sorted(set(self.pathways) | {w for p in self.problems.values() for w in p.pathways})

    def filter(self, difficulty: str | None = None, topic: str | None = None,
               pathway: str | None = None) -> list[Problem]:
        """The problems that match, by difficulty then slug; on a pathway, in the pathway's order
        (then any problem that names the pathway itself but is not in its file)."""
        out = []
        for p in self.problems.values():
            if difficulty and p.difficulty != difficulty.lower():
                continue
            if topic and topic.lower() not in p.topics:
                continue
            if pathway and pathway.lower() not in p.pathways and self.position(pathway, p.slug) is None:
                continue
            out.append(p)
        order = {d: i for i, d in enumerate(DIFFICULTIES)}
        if pathway:
            return sorted(out, key=lambda p: (self.position(pathway, p.slug) or 10**9, order.get(p.difficulty, 9),
                                              p.slug))
        return sorted(out, key=lambda p: (order.get(p.difficulty, 9), p.slug))

    def position(self, pathway: str, slug: str) -> int | None:
        plan = self.pathways.get(pathway.lower())
        return next((s.position for s in plan.steps if s.slug == slug), None) if plan else None

    def closest(self, slug: str) -> list[str]:
        import difflib

        return difflib.get_close_matches(slug, list(self.problems), n=3, cutoff=0.5)


def load_problems(dirs: list[Path]) -> ProblemSet:
    """Every problem file (`<dir>/*.toml`) and pathway file (`<dir>/pathways/*.toml`) of `dirs`;
    a later folder's file replaces an earlier one's of the same name."""
    problems: dict[str, Problem] = {}
    pathways: dict[str, Pathway] = {}
    errors: list[ProblemError] = []
    missing: list[Path] = []
    for d in dirs:
        if not d.is_dir():
            missing.append(d)
            continue
        for path in sorted(d.glob("*.toml")):
            problem, errs = parse_problem(path)
            errors.extend(errs)
            if problem is not None:
                problems[problem.slug] = problem
        for path in sorted((d / "pathways").glob("*.toml")):
            plan, errs = parse_pathway(path)
            errors.extend(errs)
            if plan is not None:
                pathways[plan.name] = plan
    return ProblemSet(problems, errors, missing, pathways)
