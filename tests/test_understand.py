"""The understanding of a candidate turn, measured on a labelled corpus written for it (by people
other than its author, typed and in recognizer style): its accuracy is printed, and must be 95%."""

from __future__ import annotations

import sys
from functools import lru_cache
from pathlib import Path

import pytest

from intervu_cli.engine import understand as und
from intervu_cli.problems import builtin_problems_dir, load_problems

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

CORPUS = sorted((Path(__file__).parent / "corpus").glob("utterances-*.toml"))


@lru_cache(maxsize=1)
def _problems():
    return load_problems([builtin_problems_dir()]).problems


def _items() -> list[dict]:
    out = []
    for path in CORPUS:
        for i, item in enumerate(tomllib.loads(path.read_text(encoding="utf-8"))["u"]):
            out.append({**item, "where": f"{path.name}[{i}]"})
    return out


def mistakes(item: dict) -> list[str]:
    """How the reading of one utterance differs from its label ([] when it agrees)."""
    problem = _problems().get(item.get("problem", ""))
    got = und.understand(item["text"], problem, item.get("phase", ""))
    out = []
    if got.kind != item["kind"]:
        out.append(f"kind {got.kind} (also {list(got.also)}), labelled {item['kind']}")
    for kind in item.get("also", []):
        if kind not in got:
            out.append(f"not also {kind}")
    if item["kind"] == und.APPROACH and "quality" in item and got.quality != item["quality"]:
        out.append(f"quality {got.quality or '-'}, labelled {item['quality']}")
    for facet in ("time", "space"):
        if item.get(facet) and (item["kind"] == und.COMPLEXITY or und.COMPLEXITY in item.get("also", [])):
            if und.normalize_form(item[facet]) != getattr(got, facet):
                out.append(f"{facet} {getattr(got, facet) or '-'}, labelled {item[facet]}")
    if item["kind"] == und.QUESTION and item.get("topic") and got.kind == und.QUESTION:
        if item["topic"] not in got.topics:
            out.append(f"topics {list(got.topics)}, labelled {item['topic']}")
    return out


def test_the_corpus_is_large_and_varied():
    items = _items()
    assert len(items) >= 300
    kinds = {item["kind"] for item in items}
    assert kinds == set(und.KINDS), f"labels missing from the corpus: {set(und.KINDS) - kinds}"
    for item in items:
        assert item["kind"] in und.KINDS, item["where"]
        assert item.get("problem") is None or item["problem"] in _problems(), item["where"]


def test_accuracy_on_the_corpus_is_at_least_95_percent(capsys):
    items = _items()
    wrong = [(item, m) for item in items if (m := mistakes(item))]
    accuracy = 1 - len(wrong) / len(items)
    by_kind: dict[str, list[int]] = {}
    for item in items:
        ok = not mistakes(item)
        by_kind.setdefault(item["kind"], [0, 0])
        by_kind[item["kind"]][0] += ok
        by_kind[item["kind"]][1] += 1
    with capsys.disabled():
        print(f"\nunderstanding: {len(items) - len(wrong)}/{len(items)} utterances read as labelled "
              f"({accuracy:.1%}); by kind: "
              + ", ".join(f"{k} {a}/{n}" for k, (a, n) in sorted(by_kind.items())))
        for item, m in wrong:
            print(f"  {item['where']}: {item['text']!r}: {'; '.join(m)}")
    assert accuracy >= 0.95


@pytest.mark.parametrize("spoken, form", [
    ("o of n", "n"), ("big o of n squared", "n^2"), ("O(n log n)", "n log n"), ("o of log n", "log n"),
    ("linear time", "n"), ("it's quadratic", "n^2"), ("constant space", "1"), ("o of one", "1"),
    ("O(n^2)", "n^2"), ("o of n times m", "m * n"), ("O(m*n)", "m * n"), ("big o of two to the n", "2^n"),
    ("n log n", "n log n"), ("o of v plus e", "e + v"), ("O(1)", "1"), ("o n", "n"),
])
def test_complexities_are_read_as_typed_and_as_spoken(spoken, form):
    forms = [f for f, _ in und.normalize(f"it runs in {spoken}").forms]
    assert forms and forms[0] == form, forms
