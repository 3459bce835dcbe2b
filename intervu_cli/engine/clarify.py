"""Answering a clarifying question: the problem's authored answers ([[clarifications]] in its file),
found by the question's topics and its words; or intervu's own answer to a question any problem
gets (may I use the standard library, what complexity do you want, which language).

Finding the authored answer, for questions put in words the file did not foresee (typed, or as a speech
recognizer writes them):
- words: the question and each entry (its ways of asking, its answer) become sets of light stems, with
  phrases and synonyms made one ("hand back" is "return"; "repeat", "dupe" and "unique" are one word),
  each word weighed by what it tells apart among the problem's entries (inverse document frequency);
- an entry scores by the weight it shares with the question: with its closest way of asking, with all
  of them together, with its answer, in that order of trust; plus a bonus when the question names the
  entry's topic (`core.lexicon.TOPICS`), and the vote of the questions most like it on the other
  built-in problems (which topic they are about);
- it is the candidate's call (no entry) below a threshold, or when the question looks more like a
  question on a topic none of the entries is on (as those other problems' questions say);
- a question said in the very words of an entry's way of asking gets that entry;
- two answers only when the question asks two things ("can it be empty, and can it repeat?"), each
  part a question of its own that finds its own entry.
Tuned on tests/corpus/questions.toml and on the files' own phrasings, each left out in turn
(tests/test_clarify.py)."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

from intervu_cli.core.lexicon import GENERIC_TOPICS, topics_in
from intervu_cli.engine.understand import normalize
from intervu_cli.problems import Clarification, Problem, builtin_problems_dir, load_problems

# --- words ----------------------------------------------------------------------------------------

_STOP = set("""
a about above against all also am an and any anything are aren't as ask asked asking at be been being both but
by can can't cannot could couldn't did didn't do does doesn't doing don't during each either else ever every
few for from further go going gonna got gotta had has have having he her here hers how i i'd i'll i'm i've if
in into is isn't it it's its itself just kind know let let's like ll may me mean might mine more most much
must my myself need needs no nor not now of off ok okay on one's only or other ought our ours out over own
please quick question questions re really said say says see seem shall she should shouldn't so some something
still such sure supposed tell than that that's the their theirs them then there there's these they they're
thing things think this those though through to too uh um under up work works worked working us ve very wanna
want wanted was wasn't way we we'd we'll we're were weren't what what's when where whether which while who
whom why will with won't would wouldn't yeah yes yet you you'd you'll you're your yours hmm alright fine
allowed acceptable possible basically actually literally understand wondering curious clarify confirm check
assume assumption safe guess gonna going wait well hey also happen happens happened handle handled
""".split())

# Spoken and typed phrases that say one thing: rewritten before the words are cut apart.
_PHRASES: tuple[tuple[str, str], ...] = (
    (r"\b(give|hand|spit|send|pass) (\w+ )?(back|out)\b|\bcome (back|out) as\b", "return"),
    (r"\bcome back (to|through)|go back (to|through)|keep (using|taking|picking|reusing|choosing)|again and again"
     r"|repeatedly\b", "reuse twice"),
    (r"\bmore than (once|one time)|multiple times|several times|many times|a second time|two times\b",
     "twice multiple"),
    (r"\b(below|under|less than) zero\b", "negative"),
    (r"\b(kick|throw|kicked|thrown|throwing|kicking|push|pushed) (\w+ )?(out|away)\b", "evict"),
    (r"\bupper ?case|capitals?|capital letters?|caps\b", "uppercase"),
    (r"\blower ?case|small letters?\b", "lowercase"),
    (r"\b(zero|0|one|1)[- ]?(based|indexed|index)|(start|starts|starting) (counting )?(from|at) (zero|one|0|1)\b"
     r"|\bcount(ing|ed)? (starting )?from (zero|one|0|1)\b", "zerobased"),
    (r"\b(32|64|thirty two|sixty four)[- ]?bits?\b", "overflow"),
    (r"\bwhole numbers?\b", "integer"),
    (r"\btoo (big|large) for\b", "overflow"),
    (r"\bwrap(s|ped|ping)? ?around\b", "wrap"),
    (r"\bnext to each other|side by side|in a row|one after (the|an)other|back to back\b", "contiguous"),
    (r"\bnot found|isn'?t (there|in|found|present)|not (there|present|in the)|doesn'?t exist|does not exist|"
     r"never (set|inserted|added|stored)|nowhere\b", "missing"),
    (r"\bat the same time|simultaneously\b", "concurrent"),
    (r"\bin place\b", "inplace"),
    (r"\bextra (space|memory)|additional (space|memory)|auxiliary\b", "extraspace"),
    (r"\bhow long (have|has|had|did|will|does|do|until|is the interview|is this)\b", "duration"),
    (r"\bhow many\b", "count"),
    (r"\bnothing (\w+ ){0,3}(adds?|sums?|works?|matches|fits|covers|groups)\b", "solution sum"),
    (r"\badd(s|ed|ing)? up\b", "sum"),
    (r"\b(version|release|day|step|row|column|node|element) (one|1)\b", "first \\1"),
    (r"\bhow (deep|tall)\b", "depth"),
    (r"\bbuilt ?in\b", "builtin"),
    (r"\btrue or false|true false|yes or no\b", "boolean"),
    (r"\bo of one|constant time\b", "constanttime"),
    (r"\bupper (bound|limit)\b", "max"),
    (r"\blower (bound|limit)\b", "min"),
    (r"\b(its|their) own|itself|themselves\b", "self"),
    (r"\bself[- ]?loops?\b", "self neighbor"),
    (r"\b(aren'?t|isn'?t|not) (the )?same\b", "different"),
    (r"\bmore than half\b", "majority half"),
    (r"\bhalf[- ]open|half[- ]closed\b", "inclusive"),
    (r"\b(nothing|none|no \w+) left over|left ?over|not covered|aren'?t covered|isn'?t covered|uncovered|unused\b",
     "leftover"),
    (r"\bless than and greater than|less than or greater than|greater than and less than\b", "angle"),
    (r"\b(prev|previous|back) pointers?\b", "doubly"),
    (r"\bas many rows as columns|same number of rows and columns\b", "square"),
    (r"\bwhere (it|they|that|this) (is|are|sits?|was)\b", "index"),
    (r"\bshare (a|an|the same|one|an equal) (value|name|email)\b", "same value"),
    (r"\bbinary search tree\b", "bst"),
    (r"\balready (there|in|present|exists?|inserted|stored|added|set)\b", "duplicate"),
    (r"\b(do|would) you want (the|a|an|just|only)\b", "return"),
    (r"\b(go|goes|going) (up|down) or (go |goes |going )?(up|down)\b", "sort"),
    (r"\b(original|existing|given|old) (node|object)s?|same node object\b", "original node"),
    (r"\bfirst node\b", "head"),
    (r"\b(count|rely|depend|bank) on\b", "guarantee"),
    (r"\bat a time|per (step|move|turn)|in one (step|move|go)|each (step|move)\b", "perstep"),
    (r"\bsame number of (elements|items|values|numbers|nodes|things)\b", "same size"),
    (r"\bnumber of\b", "count"),
)
_COMPILED_PHRASES = tuple((re.compile(rx), to) for rx, to in _PHRASES)

# Words that say one thing (as stems, see `_stem`); the first of each group names it.
_SYNONYMS: tuple[tuple[str, ...], ...] = (
    ("duplicate", "duplicates", "dupe", "dupes", "dup", "repeat", "repeated", "repeats", "repeating", "repetition",
     "unique", "distinct", "uniqueness", "identical"),
    ("same", "equal", "equally", "equals"),
    ("different", "differ", "differs", "differing", "difference"),
    ("empty", "null", "none", "nil", "nothing", "nullptr", "undefined"),
    ("negative", "negatives", "signed"),
    ("return", "returns", "returned", "output", "outputs", "result", "results", "produce", "report", "print"),
    ("index", "indices", "indexes", "position", "positions", "spot", "spots", "location", "idx"),
    ("value", "values", "number", "numbers", "element", "elements", "entry", "entries", "item", "items", "num",
     "nums", "val", "vals"),
    ("character", "characters", "char", "chars", "letter", "letters", "symbol", "symbols"),
    ("space", "spaces", "blank", "blanks", "whitespace", "tab", "tabs"),
    ("punctuation", "comma", "commas", "period", "periods", "colon", "colons", "semicolon", "apostrophe"),
    ("uppercase", "upper", "capitalized", "uppercased"),
    ("lowercase", "lower", "lowercased"),
    ("modify", "modified", "modifying", "change", "changed", "changing", "mutate", "mutated", "mutating",
     "mutation", "alter", "overwrite", "overwriting", "edit", "rewrite", "clobber", "destroy"),
    ("arrange", "rearrange", "rearranging", "reorder", "reordering", "shuffle", "permute"),
    ("sort", "sorted", "sorting", "ascending", "descending", "increasing", "decreasing", "alphabetical",
     "alphabetically", "lexicographic", "lexicographical", "lexicographically", "monotonic", "nondecreasing",
     "order", "ordered", "ordering", "orders", "jumbled", "random", "shuffled", "scrambled", "arbitrary",
     "unordered", "unsorted", "chronological"),
    ("big", "large", "huge", "bigger", "larger", "massive", "enormous", "exceed", "exceeds", "exceeding",
     "million", "millions", "billion"),
    ("max", "maximum", "largest", "biggest", "limit", "cap"),
    ("min", "minimum", "smallest"),
    ("length", "long", "longer", "len"),
    ("multiple", "several", "many", "bunch", "various"),
    ("twice", "once", "again"),
    ("overflow", "overflows", "overflowing", "overflowed", "fit", "fits"),
    ("integer", "integers", "int", "ints"),
    ("float", "floats", "decimal", "decimals", "fraction", "fractions", "fractional", "double", "doubles",
     "floating"),
    ("neighbor", "neighbors", "neighbour", "neighbours", "adjacent", "adjacency", "touch", "touching", "touches"),
    ("diagonal", "diagonally", "diagonals", "corner", "corners"),
    ("cycle", "cycles", "cyclic", "loop", "loops", "looping"),
    ("reuse", "reused", "reusing", "reuses", "recycle", "revisit", "revisited", "revisiting"),
    ("evict", "evicted", "eviction", "evicting"),
    ("thread", "threads", "threaded", "concurrent", "concurrently", "concurrency", "parallel", "locking", "lock",
     "synchronized", "multithreaded", "multithreading"),
    ("tie", "ties", "tied", "tiebreak", "tiebreaker"),
    ("missing", "exist", "exists", "present", "absent", "nonexistent"),
    ("contiguous", "consecutive", "continuous", "unbroken", "skip", "skipping", "gaps"),
    ("single", "lone", "sole", "singleton"),
    ("zero", "0", "zeros", "zeroes"),
    ("one", "1"),
    ("two", "2"),
    ("three", "3"),
    ("boolean", "bool", "true", "false", "booleans"),
    ("guarantee", "guaranteed", "promise", "promised", "guarantees"),
    ("depth", "deep", "deeper", "deepest"),
    ("height", "tall", "taller", "heights"),
    ("size", "sizes", "dimension", "dimensions"),
    ("count", "counts", "counting", "counted", "frequency", "frequencies", "frequent", "often", "occurrences"),
    ("tree", "trees"),
    ("invalid", "malformed", "garbage", "broken", "corrupt", "bad"),
    ("step", "steps", "transformation", "transformations", "transform", "hop", "hops"),
    ("error", "errors", "exception", "exceptions", "throw", "raise", "crash"),
    ("evaluate", "eval", "evaluating"),
    ("library", "libraries", "builtin", "module", "import"),
    ("wrap", "wraparound", "wrapping"),
    ("recursion", "recursive", "recursively", "recurse"),
    ("division", "divide", "divided", "dividing", "divides"),
    ("multiplication", "multiply", "multiplied", "multiplying"),
    ("depend", "depends", "depending", "dependency", "dependencies", "require", "requires", "requirement"),
    ("combination", "combinations", "combo", "combos"),
    ("colour", "color", "colours", "colors", "coloured", "colored", "recolour", "recolor"),
    ("person", "people", "guy", "user", "someone", "owner"),
    ("parameter", "parameters", "param", "params", "argument", "arguments", "arg", "args", "passed"),
    ("inclusive", "exclusive", "endpoint", "endpoints"),
    ("inside", "outside", "bounds"),
    ("cell", "cells", "square", "squares"),
    ("appear", "appears", "occur", "occurs", "show"),
    ("reach", "reachable", "unreachable", "reached"),
    ("sum", "sums", "summed", "summing", "total", "totals"),
    ("email", "emails", "address", "addresses", "mail"),
    ("merge", "merged", "merging", "combine", "combined", "collapse", "collapsed", "join", "joined"),
    ("region", "regions", "patch", "patches", "blob", "blobs", "component", "components"),
)


_IRREGULAR = {"using": "use", "used": "use", "uses": "use", "making": "make", "made": "make", "taking": "take",
              "took": "take", "taken": "take", "giving": "give", "gave": "give", "given": "give", "came": "come",
              "coming": "come", "held": "hold", "children": "child", "indices": "index", "indexes": "index",
              "vertices": "vertex", "went": "go", "gone": "go", "chose": "choose", "chosen": "choose"}


def _stem(word: str) -> str:
    """A light stem, the same for a word's usual forms: "repeated", "repeats", "repeating" -> "repeat"."""
    w = _IRREGULAR.get(word, word)
    if len(w) > 4 and w.endswith("ies"):
        w = w[:-3] + "y"
    elif len(w) > 4 and w.endswith("sses"):
        w = w[:-2]
    elif len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    if len(w) > 5 and w.endswith("ing") and re.search(r"[aeiouy]", w[:-3]):
        w = w[:-3]
    elif len(w) > 4 and w.endswith("ed"):
        w = w[:-2]
    elif len(w) > 5 and w.endswith("ly"):
        w = w[:-2]
    elif len(w) > 7 and w.endswith("able"):
        w = w[:-4]
    if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "lsz":
        w = w[:-1]  # "stopp(ing)" -> "stop"
    if len(w) > 4 and w.endswith("e"):
        w = w[:-1]
    return w


# Words around a question that say nothing about what it asks.
_FILLER = re.compile(r"^(right|so|okay|ok|and|um|uh)( (right|so|okay|ok|and|um|uh))*\b|\b(right|correct|yeah)$"
                     r"|\b(one more thing|another thing|quick question|is it possible( that)?|the whole thing"
                     r"|at all)\b")

_CANON: dict[str, str] = {}
for _group in _SYNONYMS:
    for _w in _group:
        _CANON.setdefault(_stem(_w), _stem(_group[0]))
_STOP_STEMS = {_stem(w) for w in _STOP}


def _words(text: str) -> list[str]:
    """The content words of a text, stemmed and made canonical (text already normalized or raw)."""
    t = _FILLER.sub(" ", text.lower())
    for rx, to in _COMPILED_PHRASES:
        t = rx.sub(f" {to} ", t)
    out = []
    for w in re.findall(r"[a-z0-9^]+(?:'[a-z]+)?", t):
        if w in _STOP:
            continue
        s = _stem(w.replace("'", ""))
        if s in _STOP_STEMS:
            continue
        out.append(_CANON.get(s, s))
    return out


# --- the problem's entries, indexed -------------------------------------------------------------------

@dataclass(frozen=True)
class _Index:
    asks: tuple[tuple[frozenset[str], ...], ...]  # per entry: the words of each way of asking
    union: tuple[frozenset[str], ...]  # per entry: the words of all its ways of asking
    answers: tuple[frozenset[str], ...]  # per entry: the words of its answer
    idf: dict[str, float]
    unknown: float  # the weight of a word no entry uses


@lru_cache(maxsize=256)
def _index(entries: tuple[Clarification, ...]) -> _Index:
    asks = tuple(tuple(frozenset(_words(normalize(a).text)) for a in c.ask) for c in entries)
    union = tuple(frozenset().union(*a) if a else frozenset() for a in asks)
    answers = tuple(frozenset(_words(c.answer)) | u for c, u in zip(entries, union))
    n = max(1, len(entries))
    df: dict[str, float] = {}
    for u, a in zip(union, answers):
        for w in u:
            df[w] = df.get(w, 0.0) + 1.0
        for w in a - u:
            df[w] = df.get(w, 0.0) + ANSWER_DF  # a word only in an answer tells less about what is asked
    idf = {w: math.log(1.0 + n / (1.0 + d)) for w, d in df.items()}
    return _Index(asks, union, answers, idf, UNKNOWN * math.log(1.0 + n))


def _weight(ix: _Index, words: frozenset[str]) -> float:
    return sum(ix.idf.get(w, ix.unknown) ** 2 for w in words)


def _similarity(ix: _Index, q: frozenset[str], qw: float, d: frozenset[str]) -> float:
    """The weight the question shares with a text, over both weights (the question's counting less, so
    that a long question is not lost for its other words)."""
    shared = q & d
    if not shared or not qw:
        return 0.0
    return sum(ix.idf[w] ** 2 for w in shared) / (_weight(ix, d) ** (1 - BETA) * qw ** BETA)


# --- how each topic is asked, across the built-in problems --------------------------------------------

@dataclass(frozen=True)
class _Book:
    """Every way of asking of the built-in problems' entries, with its topic: which topic a question is
    about, judged by the questions most like it on other problems."""

    asks: tuple[tuple[str, str, frozenset[str]], ...]  # (problem slug, topic, words)
    idf: dict[str, float]
    postings: dict[str, tuple[int, ...]]  # word -> the asks that use it
    norms: tuple[float, ...]


@lru_cache(maxsize=1)
def _book() -> _Book:
    asks = []
    for slug, problem in sorted(load_problems([builtin_problems_dir()]).problems.items()):
        for c in problem.clarifications:
            for a in c.ask:
                words = frozenset(_words(normalize(a).text))
                if words:
                    asks.append((slug, c.topic, words))
    df: dict[str, int] = {}
    for _, _, words in asks:
        for w in words:
            df[w] = df.get(w, 0) + 1
    idf = {w: math.log(1.0 + len(asks) / (1.0 + d)) for w, d in df.items()}
    postings: dict[str, list[int]] = {}
    for i, (_, _, words) in enumerate(asks):
        for w in words:
            postings.setdefault(w, []).append(i)
    norms = tuple(math.sqrt(sum(idf[w] ** 2 for w in words)) for _, _, words in asks)
    return _Book(tuple(asks), idf, {w: tuple(v) for w, v in postings.items()}, norms)


def _topic_votes(words: frozenset[str], slug: str) -> tuple[dict[str, float], dict[str, float]]:
    """How much the questions most like this one on other problems say it is about each topic, and how
    like it the closest of each topic is."""
    book = _book()
    if not words:
        return {}, {}
    unknown = math.log(1.0 + len(book.asks))
    qnorm = math.sqrt(sum(book.idf.get(w, unknown) ** 2 for w in words))
    shared: dict[int, float] = {}
    for w in words:
        for i in book.postings.get(w, ()):
            shared[i] = shared.get(i, 0.0) + book.idf[w] ** 2
    sims = sorted(((v / (qnorm * book.norms[i]), i) for i, v in shared.items() if book.asks[i][0] != slug),
                  reverse=True)[:NEIGHBOURS]
    votes: dict[str, float] = {}
    nearest: dict[str, float] = {}
    for sim, i in sims:
        topic = book.asks[i][1]
        votes[topic] = votes.get(topic, 0.0) + sim / NEIGHBOURS
        nearest[topic] = max(nearest.get(topic, 0.0), sim)
    return votes, nearest


# --- scoring --------------------------------------------------------------------------------------

BETA = 0.5  # how much the question's own weight counts against a match (0.5: cosine)
UNKNOWN = 1.0  # the weight of a word none of the entries uses, relative to the rarest word they use
ANSWER_DF = 0.5  # a word of an answer counts as this much of a way of asking, in the words' weights
UNION = 0.85  # trust in all the ways of asking together, against the closest one
ANSWER = 0.6  # trust in the answer's words
TOPIC_BONUS = 0.4  # the question names the entry's topic
RELATED = 0.2  # the question names a topic the problem has no entry on, and the entry's is next to it
NEIGHBOURS = 5  # the questions of other problems that vote on a question's topic
VOTES = 0.3  # trust in their vote
ELSEWHERE = 0.6  # trust in the closest question on a topic the problem has no entry on
EXACT = 1.0  # the question is one of the entry's ways of asking, word for word
THRESHOLD = 0.4  # below it no entry answers the question
MARGIN = 0.1  # an entry must not score this much below a topic the problem has no entry on
SECOND = 0.5  # each part of a two-part question must find its own entry this well


# Topics next to each other: an entry on one may answer a question on the other, when the problem has
# no entry on that one ("can I reuse the nodes?" when the file says whether to relink them in place).
_NEXT_TO: dict[str, tuple[str, ...]] = {
    "missing": ("no_answer",), "no_answer": ("missing",), "ties": ("multiple_answers",),
    "multiple_answers": ("ties",), "reuse": ("in_place",), "case": ("characters",),
}


def _near(entries: tuple[Clarification, ...], found: tuple[str, ...] | set[str]) -> set[str]:
    """The topics next to the question's, for those of its topics the problem has no entry on."""
    known = {c.topic for c in entries}
    return {t for f in found if f not in known for t in _NEXT_TO.get(f, ()) if t in known} - set(found)


def _covered(entries: tuple[Clarification, ...]) -> set[str]:
    """The topics the problem's entries answer: their own, and those next to them."""
    known = {c.topic for c in entries}
    return known | {f for f, nexts in _NEXT_TO.items() if known & set(nexts)}


def _scores(ix: _Index, entries: tuple[Clarification, ...], words: frozenset[str],
            found: tuple[str, ...], slug: str) -> tuple[list[float], float]:
    """Each entry's score for a question, and the score of its being about a topic none of them is on
    (as the questions most like it on other problems are)."""
    qw = _weight(ix, words)
    votes, nearest = _topic_votes(words, slug)
    near = _near(entries, found)
    out = []
    for i, c in enumerate(entries):
        ask = max((_similarity(ix, words, qw, a) for a in ix.asks[i]), default=0.0)
        union = _similarity(ix, words, qw, ix.union[i])
        answer = _similarity(ix, words, qw, ix.answers[i])
        lexical = max(ask, UNION * union, ANSWER * answer)
        topic = TOPIC_BONUS if c.topic in found else RELATED if c.topic in near else 0.0
        out.append(lexical + topic + VOTES * votes.get(c.topic, 0.0))
    known = _covered(entries)
    elsewhere = max((ELSEWHERE * nearest.get(t, 0.0) + (TOPIC_BONUS if t in found else 0.0)
                     + VOTES * votes.get(t, 0.0) for t in set(found) | set(votes) if t not in known), default=0.0)
    return out, elsewhere


def _best(ix: _Index, entries: tuple[Clarification, ...], text: str, found: tuple[str, ...],
          slug: str) -> tuple[int, float, float, float]:
    """The best entry for a text, its score, the runner-up's, and the score of no entry's topic."""
    words = frozenset(_words(text))
    scores, elsewhere = _scores(ix, entries, words, found, slug)
    # said in the very words of one of an entry's ways of asking: that entry
    exact = [i for i in range(len(entries)) if words and words in ix.asks[i]]
    if exact:
        scores = [s + EXACT if i in exact else s for i, s in enumerate(scores)]
        elsewhere = 0.0
    order = sorted(range(len(entries)), key=lambda i: (-scores[i], i))
    best = order[0]
    return best, scores[best], scores[order[1]] if len(order) > 1 else 0.0, elsewhere


_PARTS = re.compile(r"\s*[,;?]+\s*(?:and |also |or |plus )?|\s+and (?:also |then )?(?=(?:can|could|is|are|do|does|will|"
                    r"would|should|what|how|may|must|if|when)\b)|\s+also\s+")


_ASKS = re.compile(r"^(?:(?:and|also|or|plus|then|but|so|okay|ok|um|uh|well|like|just|hey|oh|wait|right)\W+)*"
                   r"(?:can|could|is|are|was|were|do|does|did|will|would|should|shall|what|which|how|may|might"
                   r"|must|if|when|where|who|am|any|there)\b")


def _parts(raw: str) -> list[str]:
    """The parts of a question that asks two things ("can it be empty, and can it have duplicates?"): each
    a question of its own ("is k one-based, so k equal to one is the smallest?" asks one thing)."""
    parts = [p.strip() for p in _PARTS.split(raw) if p and len(p.split()) >= 3]
    return parts if len(parts) >= 2 and all(_ASKS.match(p) for p in parts) else []


def find_clarification(text: str, problem: Problem, topics: tuple[str, ...] | None = None) -> list[Clarification]:
    """The authored answers to a question: the entry that best matches its words and topics, or two when
    it asks two things; [] when none is the answer to it (the candidate's call, then)."""
    entries = problem.clarifications
    if not entries:
        return []
    n = normalize(text)
    found = topics if topics is not None else tuple(topics_in(n.text))
    if found and n.text == " ".join(found).replace("_", " "):
        # an assumption, read as its topics ("I'll assume no duplicates"): the entries of those topics
        return [next(c for c in entries if c.topic == t) for t in found if any(c.topic == t for c in entries)][:2]
    ix = _index(entries)
    best, score, _, elsewhere = _best(ix, entries, n.text, found, problem.slug)
    if score < THRESHOLD or elsewhere > score + MARGIN:
        return []
    # a question about two things gets both answers, in its order, when each part finds its own entry
    picks: list[Clarification] = []
    for part in _parts(n.raw):
        pn = normalize(part)
        pfound = tuple(t for t in topics_in(pn.text) if topics is None or t in found)
        i, s, runner, away = _best(ix, entries, pn.text, pfound, problem.slug)
        if s >= SECOND and s - runner >= 0.05 and away <= s + MARGIN \
                and all(p.topic != entries[i].topic for p in picks):
            picks.append(entries[i])
    return picks[:2] if len(picks) >= 2 else [entries[best]]


GENERIC_ANSWERS = {
    "library": "Yes, use the standard library as you normally would; just tell me what it costs, for example "
               "that a sort is n log n.",
    "complexity_target": "Start with whatever you can get working and tell me its complexity; if there is a "
                         "better one, we'll talk about improving it.",
    "language": "Use the language you're coding in here; I care more about the reasoning than the syntax.",
}


def generic_answer(topics: tuple[str, ...]) -> str | None:
    for topic in topics:
        if topic in GENERIC_TOPICS:
            return GENERIC_ANSWERS[topic]
    return None

