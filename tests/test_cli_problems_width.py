"""`intervu problems` at any terminal width from 40 columns: the slug (what you type after
`intervu practice`) is never cut, folded or wrapped by intervu; the other columns wrap or shrink, or
each problem takes two lines. The longest shipped slug has 57 characters, wider than a 40- or
60-column terminal: there it is printed whole on its own line, for the terminal to wrap."""

from __future__ import annotations

import json

import pytest

WIDTHS = (40, 60, 80, 100, 120, 200)
LISTS = ((), ("--pathway", "grind75"), ("--difficulty", "easy"), ("--topic", "tree"))


@pytest.fixture(scope="module")
def slugs_of():
    cache: dict = {}

    def get(cli, args):
        if args not in cache:
            done = cli("problems", *args, "--json")
            assert done.returncode == 0, done.stderr
            cache[args] = [p["slug"] for p in json.loads(done.stdout)]
        return cache[args]

    return get


@pytest.mark.parametrize("args", LISTS, ids=lambda a: " ".join(a) or "all")
@pytest.mark.parametrize("width", WIDTHS)
def test_every_slug_is_whole_at_every_width(cli, slugs_of, args, width):
    slugs = slugs_of(cli, args)
    assert len(slugs) >= 5
    done = cli("problems", *args, env={"COLUMNS": str(width)})
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    tokens = [line.split() for line in lines]
    for slug in slugs:
        # Whole, as one word of a line (not "balanced-binary-tr…", not folded over two lines).
        assert any(slug in words for words in tokens), (slug, width, done.stdout)
    for line in lines:
        if len(line.rstrip()) > width:  # only a slug longer than the terminal is left for it to wrap
            assert any(len(slug) > width - 12 and slug in line.split() for slug in slugs), (width, line)


def test_at_80_columns_the_long_slugs_have_lines_of_their_own(cli):
    done = cli("problems", env={"COLUMNS": "80"})
    lines = done.stdout.splitlines()
    at = next(i for i, line in enumerate(lines) if line.split()[:1] == ["balanced-binary-tree"])
    assert lines[at].split() == ["balanced-binary-tree", "easy"]
    assert lines[at + 1].startswith("    Balanced Binary Tree · tree")
    assert "intervu practice SLUG" in lines[0]


def test_when_there_is_room_it_is_a_table(cli):
    done = cli("problems", env={"COLUMNS": "200"})
    rows = [line.split() for line in done.stdout.splitlines()]
    two_sum = next(words for words in rows if words[:1] == ["two-sum"])
    assert two_sum == ["two-sum", "easy", "Two", "Sum", "array,", "hash-table"]
    header = next(words for words in rows if words[:1] == ["slug:"])
    assert header == ["slug:", "intervu", "practice", "SLUG", "level", "title", "topics"]
