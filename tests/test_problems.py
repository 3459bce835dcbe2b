"""Every problem file is valid, and every reference solution passes every one of its tests, in the
real sandbox, in both languages; the starter code does not."""

from __future__ import annotations

import shutil

import pytest

from intervu_cli.problems import load_problems, parse_problem, problem_dirs
from intervu_cli.sandbox import matches, run_code

PROBLEMS = load_problems(problem_dirs())
SLUGS = sorted(PROBLEMS.problems)


def test_every_shipped_problem_file_is_valid():
    assert PROBLEMS.errors == []
    assert len(SLUGS) >= 12 and "two-sum" in SLUGS
    difficulties = {PROBLEMS.get(s).difficulty for s in SLUGS}
    assert {"easy", "medium"} <= difficulties


@pytest.mark.parametrize("slug", SLUGS)
def test_problem_has_everything_an_interview_needs(slug):
    p = PROBLEMS.get(slug)
    assert p.statement and p.constraints and p.examples and p.follow_ups
    assert p.complexity_time.startswith("O(") and p.complexity_space.startswith("O(")
    assert all(p.hints[level] for level in ("nudge", "hint", "reveal"))
    assert len(p.visible_tests) >= 3 and len(p.hidden_tests) >= 5
    for lang in ("python", "javascript"):
        spec = p.languages[lang]
        assert spec.function in spec.starter and spec.function in spec.solution


@pytest.mark.parametrize("language", ["python", "javascript"])
@pytest.mark.parametrize("slug", SLUGS)
def test_reference_solution_passes_every_test(slug, language):
    if language == "javascript":
        assert shutil.which("node"), "node is needed for the JavaScript half of the suite (.ci/run installs it)"
    p = PROBLEMS.get(slug)
    result = run_code(p, language, p.languages[language].solution, hidden=True)
    assert result.error == ""
    assert result.total == len(p.tests)
    failing = [(t.name, t.expected, t.actual, t.error) for t in result.tests if not t.passed]
    assert failing == [], failing


@pytest.mark.parametrize("slug", SLUGS)
def test_starter_code_does_not_pass(slug):
    p = PROBLEMS.get(slug)
    result = run_code(p, "python", p.languages["python"].starter, hidden=True)
    assert not result.all_passed


def test_invalid_file_is_reported_by_file_and_field(tmp_path):
    bad = tmp_path / "oops.toml"
    bad.write_text(
        'slug = "other"\ntitle = "T"\ndifficulty = "extreme"\ntopics = ["x"]\nstatement = "s"\n'
        'constraints = ["c"]\nfollow_ups = ["f"]\n[[examples]]\ninput = "i"\noutput = "o"\n'
        '[complexity]\ntime = "O(n)"\nspace = "O(1)"\n[hints]\nnudge = "n"\nhint = "h"\n'
        '[tests]\nparams = ["a"]\ncompare = "fuzzy"\n[[tests.visible]]\nargs = [1, 2]\nexpected = 3\n'
    )
    problem, errors = parse_problem(bad)
    assert problem is None
    text = "\n".join(str(e) for e in errors)
    assert "oops.toml: slug: is 'other' but the file is named 'oops.toml'" in text
    assert "oops.toml: difficulty: should be one of easy, medium, hard" in text
    assert "oops.toml: hints.reveal: is missing" in text
    assert "oops.toml: tests.compare: should be one of" in text
    assert "oops.toml: python.solution: is missing" in text
    assert "oops.toml: tests.visible 'visible 1': has 2 arguments but tests.params names 1" in text
    # and the good ones are still there beside it
    (tmp_path / "two-sum.toml").write_text(PROBLEMS.get("two-sum").path.read_text())
    both = load_problems([tmp_path])
    assert list(both.problems) == ["two-sum"] and len(both.errors) == len(errors)


def test_json_values_for_null(tmp_path):
    source = PROBLEMS.get("two-sum").path.read_text()
    source = source.replace("[[tests.hidden]]",
                            "[[tests.hidden]]\nname = \"null case\"\nargs_json = '[[1, 2], 99]'\n"
                            "expected_json = 'null'\n\n[[tests.hidden]]", 1)
    path = tmp_path / "two-sum.toml"
    path.write_text(source)
    problem, errors = parse_problem(path)
    assert errors == []
    case = next(t for t in problem.hidden_tests if t.name == "null case")
    assert case.args == [[1, 2], 99] and case.expected is None


@pytest.mark.parametrize(
    "rule, expected, actual, ok",
    [
        ("exact", [0, 1], [0, 1], True),
        ("exact", [0, 1], [1, 0], False),
        ("exact", True, 1, False),
        ("exact", 1, 1.0, False),
        ("unordered", [0, 1], [1, 0], True),
        ("unordered", [0, 1], [1, 1], False),
        ("unordered", [1, 2], "12", False),
        ("unordered_nested", [["ate", "eat"], ["bat"]], [["bat"], ["eat", "ate"]], True),
        ("unordered_nested", [["ate", "eat"], ["bat"]], [["bat", "eat"], ["ate"]], False),
        ("float", 0.1 + 0.2, 0.3, True),
        ("float", [1.0, 2.5], [1.0000000001, 2.5], True),
        ("float", 1.0, 1.01, False),
    ],
)
def test_comparison_rules(rule, expected, actual, ok):
    assert matches(rule, expected, actual) is ok
