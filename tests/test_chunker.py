"""SentenceChunker: a streamed LLM reply cut into speakable chunks.

Every sample is fed in many splittings (every single split point, one character at a time, and
random splittings with a fixed seed): the chunks must not depend on how the reply was split.
Then: the first chunk comes out as early as the rules allow (at an exact piece index), no cut
falls inside a protected span, no Markdown or code reaches the speech, and the chunks' sources
concatenate back to the reply.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

import pytest

from intervu_cli.voice.speaking.chunker import Chunk, SentenceChunker, chunk_text
from intervu_cli.voice.speaking.speech import CODE_PHRASE, speakable

P = CODE_PHRASE


@dataclass
class Sample:
    name: str
    text: str
    expected: list[str] | None  # the spoken chunks, exactly (None: checked by properties only)
    protected: list[str] = field(default_factory=list)  # no cut strictly inside any of these
    code: list[str] = field(default_factory=list)  # never in the speech (lowercase, as spoken)
    blocks: int = 0  # fenced code blocks: the code phrase is said exactly this often


LONG = " ".join(["we keep going"] * 40)
COMMAS = "First, " + ", ".join(f"item number {k}" for k in range(30)) + "."

SAMPLES = [
    Sample(
        "plain",
        "Great. Let me think about this problem. We can use a hash map to store the values we've seen.",
        ["Great.", "Let me think about this problem.", "We can use a hash map to store the values we've seen."],
    ),
    Sample(
        "first_clause",
        "Sure, let me walk you through my approach, step by step. First we sort the input array.",
        ["Sure, let me walk you through my approach,", "step by step. First we sort the input array."],
    ),
    Sample(
        "numbers",
        "The complexity is O(n log n), which is fine for 1,000 items. With 3.5 GB of memory it's "
        "10.5% faster than v1.2.3 was.",
        [
            "The complexity is O of n log n,",
            "which is fine for 1,000 items.",
            "With 3.5 GB of memory it's 10.5% faster than v1.2.3 was.",
        ],
        protected=["O(n log n)", "1,000", "3.5", "10.5%", "v1.2.3"],
    ),
    Sample(
        "latin",
        "We could use e.g. a heap, i.e. a priority queue, etc. and then pop. It works in approx. 5 ms overall.",
        [
            "We could use for example a heap,",
            "that is a priority queue, et cetera and then pop.",
            "It works in approximately 5 ms overall.",
        ],
        protected=["e.g. a", "i.e. a", "etc. and", "approx. 5"],
    ),
    Sample(
        "titles",
        "Dr. Smith and Mr. Jones disagree vs. the U.S. team on this point. Then we move on to the next topic.",
        ["Dr. Smith and Mr. Jones disagree versus the U.S. team on this point.", "Then we move on to the next topic."],
        protected=["Dr. Smith", "Mr. Jones", "vs. the", "U.S. team"],
    ),
    Sample(
        "quotes",
        'He said, "stop." Then he left the room very quietly. She asked, "Is it sorted?" and I nodded slowly.',
        ['He said, "stop."', "Then he left the room very quietly.", 'She asked, "Is it sorted?" and I nodded slowly.'],
        protected=['"Is it sorted?" and', '"stop."'],
    ),
    Sample(
        "quote_question",
        'The prompt asks "what is the max? or min?" before anything else is said. Right?',
        ['The prompt asks "what is the max? or min?" before anything else is said.', "Right?"],
        protected=['"what is the max? or min?" before'],
    ),
    Sample(
        "ellipsis",
        "Hmm... let me think about that for a moment. Okay… so the answer is yes! Really?! Yes, I'm sure of it.",
        ["Hmm... let me think about that for a moment.", "Okay... so the answer is yes!",
         "Really?! Yes, I'm sure of it."],
        protected=["Hmm... let", "Okay… so", "Really?!"],
    ),
    Sample(
        "markdown_list",
        "Here's the plan:\n\n1. Sort the array.\n2. Use **two pointers** to scan.\n- *Edge case*: empty input\n"
        "* Bullet with `nums[i]`\n",
        ["Here's the plan:", "Sort the array.", "Use two pointers to scan.", "Edge case: empty input",
         "Bullet with nums at i"],
        protected=["1. Sort", "2. Use"],
    ),
    Sample(
        "nested_emphasis",
        "This is ***very*** important, **really _quite_ important** indeed. Next, we check the __edge__ cases.",
        ["This is very important,", "really quite important indeed. Next, we check the edge cases."],
    ),
    Sample(
        "unterminated_fence",
        "Here's the code:\n```python\ndef two_sum(nums, target):\n    seen = {}\n    return []\n",
        ["Here's the code:", P],
        code=["def", "two sum", "seen", "return"],
        blocks=1,
    ),
    Sample(
        "only_code",
        "```python\nclass LRUCache:\n    def get(self, key):\n        return self.cache[key]\n```",
        [P],
        code=["class", "lru", "cache", "return", "self", "key"],
        blocks=1,
    ),
    Sample(
        "fence_then_text",
        "Try this:\n```py\nprint('hi. There')\n```\nThat prints a greeting. Then it exits.",
        ["Try this:", P, "That prints a greeting. Then it exits."],
        protected=["print('hi. There')"],
        code=["print(", "hi. there", "py"],
        blocks=1,
    ),
    Sample(
        "two_fences",
        "A:\n```\nx = 1\n```\nB:\n~~~js\nlet y = 2;\n~~~\nDone.",
        ["A:", P, "B:", P, "Done."],
        code=["equals", "let", "js"],
        blocks=2,
    ),
    Sample(
        "identifiers",
        "Check nums.length and self.cache before arr[i].val is read. Then return the result to the caller.",
        ["Check nums.length and self.cache before arr at i.val is read.", "Then return the result to the caller."],
        protected=["nums.length", "self.cache", "arr[i].val"],
    ),
    Sample(
        "links_html_table",
        "See [the docs](https://docs.python.org/3/library/heapq.html) for <b>heapq</b>.<br>\n| Op | Cost |\n"
        "|---|---|\n| push | O(log n) |\n",
        ["See the docs for heapq.", "Op, Cost", "push, O of log n"],
        protected=["https://docs.python.org/3/library/heapq.html"],
        code=["https", "python.org", "library"],
    ),
    Sample(
        "symbols",
        "If i != j and a <= b then x -> y => z; also a >= b and a == b holds. Done.",
        [
            "If i not equal to j and a at most b then x to y to z;",
            "also a at least b and a equals b holds.",
            "Done.",
        ],
    ),
    Sample(
        "headings_blockquote",
        "# Approach\n\n> Note: this is tricky.\n\n## Complexity\nO(n^2) time and O(1) space.",
        ["Approach", "Note: this is tricky.", "Complexity", "O of n squared time and O of 1 space."],
        protected=["O(n^2)", "O(1)"],
    ),
    Sample(
        "arithmetic_snake_case",
        "Compute 2 * 3 and n*m; the hash_map and max_len variables stay. OK then, let's go.",
        ["Compute 2 times 3 and n times m;", "the hash map and max len variables stay.", "OK then, let's go."],
        protected=["2 * 3", "hash_map", "max_len"],
    ),
    Sample(
        "inline_code",
        "Call `sorted(nums, key=lambda x: -x)` then `i + 1` and `hash_map`. Great, that's it.",
        ["Call this code then i plus 1 and hash map.", "Great, that's it."],
        protected=["`sorted(nums, key=lambda x: -x)`", "`i + 1`"],
        code=["lambda", "sorted", "key"],
    ),
    Sample("markup_only", "**\n\n---\n", []),
    Sample(
        "url_and_time",
        "Meet at 3:30 at https://example.com/a.b?c=1. Thanks for joining the call today.",
        ["Meet at 3:30 at example.com.", "Thanks for joining the call today."],
        protected=["3:30", "https://example.com/a.b?c=1"],
    ),
    Sample(
        "parentheses",
        "We can (as noted. Above) skip it for now. (This is an aside.) Next one is harder.",
        ["We can (as noted. Above) skip it for now.", "(This is an aside.) Next one is harder."],
        protected=["(as noted. Above)", "(This is an aside.)"],
    ),
    Sample(
        "emoji",
        "Nice work 🎉! Your solution passes ✅ all of the tests. 👍",
        ["Nice work!", "Your solution passes all of the tests."],
    ),
    Sample("long_without_punctuation", LONG, None),
    Sample("empty", "", []),
    Sample("whitespace_only", "   \n\n  \t ", []),
    Sample(
        "etc_ends_sentence",
        "We need sets, maps, etc. Then we can start writing the main loop.",
        ["We need sets, maps,", "et cetera. Then we can start writing the main loop."],
    ),
    Sample(
        "decimals",
        "Pi is 3.14159 and e is 2.71828. The ratio is 1.5x here, not 2.0x.",
        ["Pi is 3.14159 and e is 2.71828.", "The ratio is 1.5x here, not 2.0x."],
        protected=["3.14159", "2.71828", "1.5x", "2.0x"],
    ),
    Sample(
        "crlf",
        "First line here.\r\nSecond line is here too.\r\n",
        ["First line here.", "Second line is here too."],
    ),
    Sample(
        "fence_in_list",
        "1. Step one:\n   ```python\n   x = 1\n   ```\n2. Done with it.",
        ["Step one:", P, "Done with it."],
        code=["python", "equals"],
        blocks=1,
    ),
    Sample(
        "dashes",
        "Okay — so here's the thing, we sort first. Right - then we scan it - twice. We compute n - 1 too.",
        ["Okay, so here's the thing,", "we sort first. Right, then we scan it, twice.", "We compute n minus 1 too."],
        protected=["n - 1"],
    ),
    Sample(
        "acronym_ends_sentence",
        "It started in the U.S. Then it spread everywhere quickly.",
        ["It started in the U.S.", "Then it spread everywhere quickly."],
    ),
    Sample(
        "emphasis_around_sentence_end",
        "**This is the key idea.** We never revisit an index in the loop. _Really._ That's all there is to say.",
        ["This is the key idea.", "We never revisit an index in the loop.", "Really. That's all there is to say."],
        protected=["**This is the key idea.**"],
    ),
    Sample(
        "number_ends_sentence",
        "The answer is 42. Then 7 more come after it in the list.",
        ["The answer is 42.", "Then 7 more come after it in the list."],
    ),
    Sample("many_commas", COMMAS, None, protected=[f"item number {k}" for k in range(30)]),
    Sample(
        "question_marks_in_quotes",
        'Ask yourself "why?" and "how?" first. "Does it terminate?" That matters most of all.',
        ['Ask yourself "why?" and "how?" first.', '"Does it terminate?" That matters most of all.'],
        protected=['"why?" and', '"how?" first'],
    ),
]
IDS = [s.name for s in SAMPLES]


# --- helpers ----------------------------------------------------------------------------------


def feed(pieces, **kw) -> list[Chunk]:
    chunker = SentenceChunker(**kw)
    out: list[Chunk] = []
    for piece in pieces:
        out += chunker.feed(piece)
    return out + chunker.flush()


def emitted_at(pieces, **kw) -> list[tuple[int | str, str]]:
    """(index of the piece whose feed returned it, or "flush"; spoken text) for every chunk."""
    chunker = SentenceChunker(**kw)
    out: list[tuple[int | str, str]] = []
    for i, piece in enumerate(pieces):
        out += [(i, c.text) for c in chunker.feed(piece)]
    return out + [("flush", c.text) for c in chunker.flush()]


def splittings(text: str, seed: int = 1234):
    """Every split into two, one character at a time, and random splittings."""
    for k in range(len(text) + 1):
        yield [text[:k], text[k:]]
    yield list(text)
    rng = random.Random(seed)
    for _ in range(60):
        if len(text) < 2:
            break
        cuts = sorted(rng.sample(range(1, len(text)), rng.randint(1, min(len(text) - 1, 25))))
        yield [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)])]
    yield [text[i : i + 3] for i in range(0, len(text), 3)]


def cut_offsets(chunks: list[Chunk]) -> list[int]:
    offsets, pos = [], 0
    for c in chunks:
        pos += len(c.source)
        offsets.append(pos)
    return offsets


# --- every sample, every splitting ------------------------------------------------------------


def test_enough_adversarial_samples():
    assert len(SAMPLES) >= 25
    assert len(set(IDS)) == len(IDS)


EXACT = [s for s in SAMPLES if s.expected is not None]


@pytest.mark.parametrize("sample", EXACT, ids=[s.name for s in EXACT])
def test_expected_chunks(sample):
    assert [c.text for c in chunk_text(sample.text)] == sample.expected


@pytest.mark.parametrize("sample", SAMPLES, ids=IDS)
def test_same_chunks_however_the_reply_is_split(sample):
    whole = chunk_text(sample.text)
    for pieces in splittings(sample.text):
        assert "".join(pieces) == sample.text
        assert feed(pieces) == whole, pieces


@pytest.mark.parametrize("sample", SAMPLES, ids=IDS)
def test_sources_concatenate_back_to_the_reply(sample):
    chunks = chunk_text(sample.text)
    spoken = "".join(c.source for c in chunks)
    assert sample.text.startswith(spoken)
    assert speakable(sample.text[len(spoken) :]) == ""  # what is left over has nothing to say
    assert [c.first for c in chunks] == [i == 0 for i in range(len(chunks))]
    for c in chunks:
        assert c.text and c.text == c.text.strip() and "  " not in c.text
        assert c.source


@pytest.mark.parametrize("sample", SAMPLES, ids=IDS)
def test_no_markup_in_speech(sample):
    for c in chunk_text(sample.text):
        assert not set(c.text) & set("`*#_|<>[]{}\\"), c
        assert "\n" not in c.text and "\t" not in c.text


@pytest.mark.parametrize("sample", [s for s in SAMPLES if s.protected], ids=[s.name for s in SAMPLES if s.protected])
def test_no_cut_inside_protected_spans(sample):
    chunks = chunk_text(sample.text)
    assert len(chunks) >= 1
    cuts = cut_offsets(chunks)
    for span in sample.protected:
        start = sample.text.find(span)
        assert start >= 0, span
        while start >= 0:
            inside = [c for c in cuts if start < c < start + len(span)]
            assert not inside, (span, [c.source for c in chunks])
            start = sample.text.find(span, start + 1)


@pytest.mark.parametrize("sample", [s for s in SAMPLES if s.code], ids=[s.name for s in SAMPLES if s.code])
def test_code_is_never_read_aloud(sample):
    chunks = chunk_text(sample.text)
    speech = " ".join(c.text for c in chunks).lower()
    for word in sample.code:
        assert word not in speech, word
    assert speech.count(P.lower()) == sample.blocks


@pytest.mark.parametrize("sample", SAMPLES, ids=IDS)
def test_chunk_speech_is_its_source_spoken(sample):
    """A chunk that starts a line says exactly what `speakable` makes of its source."""
    chunks = chunk_text(sample.text)
    for c, end in zip(chunks, cut_offsets(chunks)):
        start = end - len(c.source)
        if start == 0 or sample.text[start] == "\n" or sample.text[start - 1] == "\n":
            assert c.text == speakable(c.source)


# --- when the first chunk goes out ------------------------------------------------------------

FIRST = [
    # a sentence end is decided on the space after it
    (["Great", ".", " ", "Let", " me"], 2),
    # ... and "3." might be "3.5"
    (["It costs 3", ".", " ", "Then"], 2),
    (["The answer is 3", ".", "5", " percent", ".", " Next"], 5),
    # a clause boundary once there are first_min_words (4) words: "Sure," is too short
    (["Sure", ",", " let", " me", " think", " about", " it", ",", " and", " then"], 8),
    (["Okay", " —", " so", " here", "'s", " the", " thing", ",", " we", " sort"], 8),
    (["Here", " we", " go", " again", " —", "so", " fast"], 4),
    # "e.g." split across pieces is never a sentence end
    (["Use a set, e", ".", "g", ".", " for", " lookups", ".", " Done"], 7),
    # titles never end a sentence; acronyms and "etc." wait for the next word
    (["Talk to Dr", ".", " ", "Smith", " now", ".", " "], 6),
    (["It is the U.S", ".", " ", "Then"], 3),
    (["It is the U.S", ".", " ", "team", " wins", ".", " "], 6),
    (["It needs sets", " etc", ".", " ", "Then"], 4),
    (["It needs sets", " etc", ".", " ", "and", " maps", ".", " "], 7),
    # a quotation decides on the word after it
    (['He said, "stop', '."', " ", "Then", " he left."], 3),
    (['He said, "stop', '."', " ", "then", " left", ".", " "], 6),
    # an ellipsis followed by a lowercase word goes on
    (["Hmm", "...", " ", "maybe", " later", ".", " "], 6),
    # emphasis around a label: "Note:" is one word
    (["**", "Note", ":**", " this", " is", " key", ".", " "], 7),
    # a line break ends the chunk at once
    (["Here's the plan", ":", "\n", "1. Sort"], 2),
    # a lone "1." at a line start is a list marker, not a sentence
    (["1", ".", " Sort", " the array", ".", " "], 5),
]


@pytest.mark.parametrize("pieces,index", FIRST, ids=[repr("".join(p))[:40] for p, _ in FIRST])
def test_first_chunk_goes_out_as_early_as_the_rules_allow(pieces, index):
    got = emitted_at(pieces)
    assert got, "no chunk at all"
    assert got[0][0] == index, got


def test_fence_split_across_pieces():
    pieces = ["Try this:\n``", "`py\nx = 1. Y = 2\n``", "`", "\nDone."]
    assert emitted_at(pieces) == [(0, "Try this:"), (3, P), ("flush", "Done.")]


def test_code_block_closed_at_the_very_end_is_spoken_on_flush():
    pieces = ["```", "py\nprint(1)\n", "```"]
    assert emitted_at(pieces) == [("flush", P)]
    assert [c.source for c in feed(pieces)] == ["```py\nprint(1)\n```"]


def test_code_phrase_said_once_while_the_block_streams():
    code = "```python\n" + "".join(f"x{k} = {k}. Next = {k}!\n" for k in range(40)) + "```\nThat is all."
    got = emitted_at(list(code))
    assert [t for _, t in got] == [P, "That is all."]
    assert got[0][0] == code.index("```\nThat") + 3  # on the line break after the closing fence


def test_nothing_before_it_is_needed():
    """A chunk is never held for text that cannot change it."""
    chunker = SentenceChunker()
    assert chunker.feed("Good question") == []
    assert [c.text for c in chunker.feed("! ")] == ["Good question!"]
    assert chunker.feed("Let me think about the edge cases first") == []
    assert [c.text for c in chunker.feed(". ")] == ["Let me think about the edge cases first."]
    assert chunker.flush() == []


# --- options and limits -----------------------------------------------------------------------


def test_long_text_without_punctuation_is_cut_at_whitespace_within_max_chars():
    chunks = chunk_text(LONG, max_chars=60)
    assert len(chunks) >= 8
    assert "".join(c.source for c in chunks) == LONG
    for c in chunks:
        assert len(c.source.strip()) <= 60
    for end in cut_offsets(chunks)[:-1]:
        assert LONG[end] == " "  # no word is split
    assert " ".join(c.text for c in chunks).split() == LONG.split()


def test_long_text_is_cut_at_the_last_clause_boundary():
    chunks = chunk_text(COMMAS, max_chars=80)
    assert len(chunks) > 5
    for c in chunks[:-1]:
        assert c.source.endswith(","), c.source
        assert len(c.source.strip()) <= 80
    assert chunks[-1].text.endswith("item number 29.")


def test_a_word_longer_than_max_chars_is_not_split():
    word = "x" * 50
    chunks = chunk_text(f"see {word} and more words here", max_chars=20)
    assert any(word in c.text for c in chunks)
    assert "".join(c.source for c in chunks) == f"see {word} and more words here"


def test_short_later_sentences_are_joined_unless_min_words_is_zero():
    text = "Right. Yes. No. This one is long enough to stand alone. Ok."
    assert [c.text for c in chunk_text(text)] == [
        "Right.", "Yes. No. This one is long enough to stand alone.", "Ok."
    ]
    assert [c.text for c in chunk_text(text, min_words=0)] == [
        "Right.", "Yes.", "No.", "This one is long enough to stand alone.", "Ok."
    ]


def test_first_min_words():
    text = "So, in short, we sort. Then scan."
    assert chunk_text(text)[0].text == "So, in short, we sort."
    assert chunk_text(text, first_min_words=1)[0].text == "So,"
    assert chunk_text(text, first_min_words=3)[0].text == "So, in short,"


def test_code_blocks_can_be_dropped_and_their_source_goes_with_the_next_chunk():
    text = "Look:\n```\nx = 1\n```\nSo that is it."
    chunks = chunk_text(text, code_phrase="")
    assert [c.text for c in chunks] == ["Look:", "So that is it."]
    assert chunks[1].source == "\n```\nx = 1\n```\nSo that is it."


def test_unspeakable_text_is_folded_into_the_next_chunk():
    chunks = chunk_text("**\n---\n🎉\nHello there. ")
    assert [(c.text, c.source, c.first) for c in chunks] == [("Hello there.", "**\n---\n🎉\nHello there.", True)]


def test_empty_and_blank_streams_say_nothing():
    for pieces in ([], [""], ["", ""], ["  ", "\n", "\t"], ["**", "__", "\n"]):
        chunker = SentenceChunker()
        assert [c for p in pieces for c in chunker.feed(p)] == []
        assert chunker.flush() == []


def test_flush_ends_the_utterance_and_the_chunker_starts_afresh():
    chunker = SentenceChunker()
    first = chunker.feed("One more thing. ") + chunker.flush()
    second = chunker.feed("Second reply here, with more words. ") + chunker.flush()
    assert [(c.text, c.first) for c in first] == [("One more thing.", True)]
    assert [(c.text, c.first) for c in second] == [("Second reply here, with more words.", True)]


def test_unterminated_quote_or_paren_still_cut_by_max_chars_and_line_breaks():
    text = 'He wrote "this is open. ' + "more words here. " * 20 + "\nNew line."
    chunks = chunk_text(text)
    assert all(len(c.source.strip()) <= 220 for c in chunks)
    assert chunks[-1].text == "New line."


def test_invalid_options():
    with pytest.raises(ValueError):
        SentenceChunker(max_chars=0)
    with pytest.raises(ValueError):
        SentenceChunker(first_min_words=-1)


# --- speakable --------------------------------------------------------------------------------

SPOKEN = [
    ("**bold** and *italic* and ***both***", "bold and italic and both"),
    ("__bold__ and _italic_", "bold and italic"),
    ("2 * 3 = 6 and n*m", "2 times 3 equals 6 and n times m"),
    ("the hash_map and snake_case_name", "the hash map and snake case name"),
    ("# Heading\n## Sub heading ##", "Heading. Sub heading"),
    ("- item one\n- item two\n  * nested", "item one. item two. nested"),
    ("1. first\n2) second\n10. tenth", "first. second. tenth"),
    ("- [ ] todo\n- [x] done", "todo. done"),
    ("See [the docs](https://example.com/x) and ![a graph](g.png).", "See the docs and a graph."),
    ("Go to https://www.example.com/path?q=1.", "Go to example.com."),
    ("> quoted\n>> deeper", "quoted. deeper"),
    ("<b>bold</b> text<br>more &amp; less", "bold text more and less"),
    ("| a | b |\n|---|:---:|\n| 1 | 2 |", "a, b. 1, 2"),
    ("a -> b => c", "a to b to c"),
    ("x != y, x <= y, x >= y, x == y", "x not equal to y, x at most y, x at least y, x equals y"),
    ("O(n log n) and O(n^2) and O(1)", "O of n log n and O of n squared and O of 1"),
    ("e.g. this, i.e. that, etc. and so on", "for example this, that is that, et cetera and so on"),
    ("C# is #1", "C sharp is number 1"),
    ("~~old~~ new", "old new"),
    ("Done 🎉✅👍🏽", "Done"),
    ("`nums`", "nums"),
    ("`i + 1`", "i plus 1"),
    ("`hash_map`", "hash map"),
    ("`nums[i]`", "nums at i"),
    ("`self.cache`", "self dot cache"),
    ("`len(nums)`", "len of nums"),
    ("`maxLen`", "max Len"),
    ("`left <= right`", "left at most right"),
    ("use `len(nums) - 1` here", "use this code here"),
    ("use `for i in range(n):` here", "use this code here"),
    ("```python\nprint(1)\n```", P),
    ("```python\nprint(1)\n", P),
    ("Look:\n```\na\n```\nand\n~~~\nb\n~~~", f"Look: {P} and. {P}"),
    ("n - 1 and i - j, but great - fine", "n minus 1 and i minus j, but great, fine"),
    ("Wait — what?", "Wait, what?"),
    ("**", ""),
    ("---", ""),
    ("", ""),
    ("  \n ", ""),
]


@pytest.mark.parametrize("text,spoken", SPOKEN, ids=[t[:30] for t, _ in SPOKEN])
def test_speakable(text, spoken):
    assert speakable(text) == spoken
