"""Answering clarifying questions from the problem files' [[clarifications]]: every authored way of
asking finds its own entry, questions put in other words (tests/corpus/questions.toml) find the right
one or none, and a question about something else gets no authored answer."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from intervu_cli.engine.clarify import find_clarification
from intervu_cli.engine.understand import understand
from intervu_cli.problems import Clarification, Problem, builtin_problems_dir, load_problems

CORPUS = Path(__file__).parent / "corpus" / "questions.toml"


@pytest.fixture(scope="module")
def problems() -> dict[str, Problem]:
    return load_problems([builtin_problems_dir()]).problems


def answer(text: str, problem: Problem) -> list[Clarification]:
    """What the interviewer answers, found as engine.policy `_answer` finds it."""
    r = understand(text, problem, "clarify")
    return find_clarification(text, problem, r.topics or None)


def _questions() -> list[dict]:
    return tomllib.loads(CORPUS.read_text())["q"]


def _is_meant(c: Clarification, q: dict) -> bool:
    return c.topic == q["expect"] and ("ask" not in q or q["ask"] in c.ask)


def test_every_authored_phrasing_finds_its_own_entry(problems):
    misses, total = [], 0
    for slug, problem in sorted(problems.items()):
        for c in problem.clarifications:
            for ask in c.ask:
                total += 1
                found = answer(ask, problem)
                if not found or found[0] is not c:
                    misses.append(f"{slug}: {ask!r} [{c.topic}] -> {[f.topic for f in found]}")
    rate = 1 - len(misses) / total
    print(f"\nauthored phrasings: {total - len(misses)}/{total} = {rate:.1%}")
    assert not misses, "\n".join(misses)


def test_corpus_is_well_formed(problems):
    questions = _questions()
    assert len(questions) >= 200
    assert len({q["problem"] for q in questions}) >= 40
    assert sum(q["expect"] == "none" for q in questions) >= 30
    for q in questions:
        problem = problems[q["problem"]]
        if q["expect"] == "none":
            continue
        meant = [c for c in problem.clarifications if _is_meant(c, q)]
        assert len(meant) == 1, f"{q['problem']}: {q['text']!r} names {len(meant)} entries"
        # the corpus is about other wordings than the file's own
        assert q["text"].lower().rstrip("?") not in {a.lower().rstrip("?") for a in meant[0].ask}


def test_questions_in_other_words(problems):
    questions = _questions()
    wrong, extra = [], 0
    for q in questions:
        problem = problems[q["problem"]]
        found = answer(q["text"], problem)
        if q["expect"] == "none":
            ok = not found
        else:
            ok = bool(found) and _is_meant(found[0], q)
            extra += len(found) > 1
        if not ok:
            wrong.append(f"{q['problem']}: {q['text']!r} expected {q['expect']} got {[c.topic for c in found]}")
    accuracy = 1 - len(wrong) / len(questions)
    nones = [q for q in questions if q["expect"] == "none"]
    print(f"\nquestions in other words: {len(questions) - len(wrong)}/{len(questions)} = {accuracy:.1%} "
          f"({len(nones)} with no authored answer); a second answer given {extra} times")
    print("\n".join(wrong))
    assert accuracy >= 0.90


@pytest.mark.parametrize("text", [
    "what's the weather",
    "what's the weather like where you are today",
    "did you have a good weekend",
    "how's your day going so far",
    "what's your favorite movie",
    "how long have you worked here",
])
def test_off_problem_questions_get_no_authored_answer(problems, text):
    for slug in ("two-sum", "lru-cache", "number-of-islands", "valid-parentheses", "merge-intervals",
                 "implement-trie-prefix-tree", "coin-change", "word-ladder"):
        assert answer(text, problems[slug]) == [], (slug, text)


def test_a_problems_own_entry_wins_over_the_generic_answer(problems):
    assert answer("Can I use the built-in sort?", problems["sort-colors"])[0].topic == "library"
    assert answer("is a linear scan good enough here", problems["binary-search"])[0].topic == "complexity_target"
    assert answer("can i use python's deque", problems["implement-queue-using-stacks"])[0].topic == "library"
    assert answer("can i use the standard library", problems["two-sum"]) == []


def test_two_answers_only_for_two_questions(problems):
    two = answer("can the array be empty, and can it have duplicates?", problems["contains-duplicate"])
    assert {c.topic for c in two} == {"empty", "duplicates"}
    one = answer("can the same value appear twice in the array", problems["two-sum"])
    assert [c.topic for c in one] == ["duplicates"]
