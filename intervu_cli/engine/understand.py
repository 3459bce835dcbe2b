"""What a candidate's turn is, by rule: deterministic, fast, the same on replay.

`understand(text, problem, phase)` reads a turn as typed or as a recognizer delivers it (lowercase,
no punctuation, fillers and false starts, "o of n", "big o of n squared") and says what it is: a
clarifying question and its topics, an assumption, an approach and how good it is for this problem,
a trace, edge cases, a complexity claim parsed to a form, a request for a hint or for the answer, an
attempt to manipulate the interviewer, small talk, a question about the job, thinking aloud, handing
over, or a bare acknowledgement. A turn has one primary kind and may carry others (`also`).

The policy decides from this; with an LLM configured, the model's reading of the turn (same shape,
`source="llm"`) replaces it when it is well formed (`engine.reading`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

from intervu_cli.core.lexicon import concepts_in, topics_in
from intervu_cli.problems import Approach, Problem

# --- kinds ----------------------------------------------------------------------------------------

MANIPULATION = "manipulation"
ASK_ANSWER = "ask_answer"
ASK_HINT = "ask_hint"
QUESTION = "question"
ABOUT_ROLE = "about_role"
OFF_TOPIC = "off_topic"
ASSUMPTION = "assumption"
APPROACH = "approach"
TRACE = "trace"
EDGE_CASES = "edge_cases"
COMPLEXITY = "complexity"
THINKING = "thinking"
DONE = "done"
ACK = "ack"

# The primary kind is the first of these a turn is.
KINDS = (MANIPULATION, ASK_ANSWER, ASK_HINT, QUESTION, ABOUT_ROLE, OFF_TOPIC, ASSUMPTION, APPROACH, TRACE,
         EDGE_CASES, COMPLEXITY, THINKING, DONE, ACK)

# How good an approach is, for the problem at hand.
VAGUE, BRUTE, SLOWER, OPTIMAL, UNKNOWN = "vague", "brute", "slower", "optimal", "unknown"
QUALITIES = (VAGUE, BRUTE, SLOWER, OPTIMAL, UNKNOWN)


@dataclass(frozen=True)
class Understanding:
    kind: str
    also: tuple[str, ...] = ()
    quality: str = ""  # approaches: vague | brute | slower | optimal | unknown
    concepts: tuple[str, ...] = ()  # core.lexicon CONCEPTS named
    approach: str = ""  # the problem's approach it matches (its name)
    time: str = ""  # a complexity claim, normalized ("n log n"); for an approach, its cost if known
    space: str = ""
    claimed: bool = False  # time/space were said by the candidate (not the known cost of an approach)
    topics: tuple[str, ...] = ()  # a question's (or assumption's) topics
    edges: tuple[str, ...] = ()  # edge cases named
    source: str = "rules"  # rules | llm

    @property
    def kinds(self) -> frozenset[str]:
        return frozenset((self.kind, *self.also))

    def __contains__(self, kind: str) -> bool:
        return kind == self.kind or kind in self.also

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind}
        for name in ("also", "quality", "concepts", "approach", "time", "space", "claimed", "topics", "edges"):
            value = getattr(self, name)
            if value:
                out[name] = list(value) if isinstance(value, tuple) else value
        out["source"] = self.source
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Understanding | None":
        """A stored (or model-given) reading, or None when it is not one."""
        if not isinstance(data, dict) or data.get("kind") not in KINDS:
            return None

        def strs(name: str, allowed: tuple[str, ...] | None = None) -> tuple[str, ...]:
            value = data.get(name) or ()
            if isinstance(value, str):
                value = (value,)
            return tuple(v for v in value if isinstance(v, str) and (allowed is None or v in allowed))

        quality = data.get("quality") or ""
        return cls(
            kind=data["kind"],
            also=tuple(k for k in strs("also", KINDS) if k != data["kind"]),
            quality=quality if quality in QUALITIES else "",
            concepts=strs("concepts"),
            approach=str(data.get("approach") or ""),
            time=normalize_form(_inner(str(data.get("time")))) if data.get("time") else "",
            space=normalize_form(_inner(str(data.get("space")))) if data.get("space") else "",
            claimed=bool(data.get("claimed")),
            topics=strs("topics"),
            edges=strs("edges"),
            source=str(data.get("source") or "rules"),
        )


# --- normalizing speech ---------------------------------------------------------------------------

_NUMBER_WORDS = {"zero": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6",
                 "seven": "7", "eight": "8", "nine": "9", "ten": "10"}

# A big-O mention as typed ("O(n log n)", "O(n^2)") or as spoken ("o of n", "big o of n squared",
# "order n"): captured up to where the math ends.
_MATH_WORD = (r"(?:rows|columns|cols|cells|n|m|k|v|e|l|h|w|r|c|d|s|t|b|q|x|y|log|logn|nlogn|squared|cubed|square|"
              r"root|sqrt|times|plus|"
              r"minus|over|by|to|the|power|of|factorial|exponential|[0-9]+|one|two|three|n2|n\^2|n\^3|\^|\*|\+|\.)")
_SPOKEN_O = re.compile(rf"\b(?:big[- ]?o|o|order)(?: of)? ((?:{_MATH_WORD})(?![a-z0-9])"
                       rf"(?:[ ]*(?:{_MATH_WORD})(?![a-z0-9]))*)")
_TYPED_O = re.compile(r"\b(?:big[- ]?)?o\s*\(\s*([^)]{1,30})\)")
_WORD_FORMS = [
    (r"\bconstant (?:time|space|extra|memory|amount|additional)", "1"),
    (r"\bconstant\b(?= (?:and|for|since|because|cause|cuz|as|so|i|we|overall|extra|additional))", "1"),
    (r"(?:(?<=space is )|(?<=time is )|(?<=memory is )|(?<=space is just )|(?<=space is only )|(?<=space stays ))"
     r"constant\b", "1"),
    (r"\bconstant$", "1"),
    (r"\b(?:nothing|no) (?:extra|additional)(?: space| memory)?\b|\bno extra (?:space|memory)\b", "1"),
    (r"\b(?:n log n|nlogn|n log of n|linearithmic|log[- ]linear)\b", "n log n"),
    (r"\blog(?:arithmic)? (?:time|space)\b|\blogarithmic\b", "log n"),
    (r"\blinear(?:ly)?\b", "n"),
    (r"\bquadratic(?:ally)?\b", "n^2"),
    (r"\bcubic\b", "n^3"),
    (r"\bexponential(?:ly)?\b", "2^n"),
]
# A complexity said without "O of": a variable and an operator ("n squared", "m times n", "n log k",
# "2^n", "v plus e", "n factorial"), or "log n" alone.
_VAR = r"(?:[nmkvelhwd]|\d+|two|three|four|amount|sum|target|capacity|len)"
_BARE = re.compile(rf"(?<![a-z0-9^'])(?:{_VAR}(?: ?\^ ?{_VAR}| squared| cubed| factorial| log {_VAR}| to the {_VAR}|"
                   rf" (?:times|plus|\*|\+) {_VAR}(?: log {_VAR}| squared| factorial)?)+|log {_VAR})(?![a-z0-9^])")
_NEGATED = re.compile(r"(?:\bnot|n't|\bnever|\binstead of|\brather than|\bbetter than|\bbeat|\bworse than|\bfaster "
                      r"than|\bslower than|\bdown from|\bfrom|\bwithout|\bimprove on|\bavoid)(?: (?:even|quite|really|"
                      r"just|actually|the|a|an|that|it'?s|it is|be))* ?$")

_COUNTED = {"edges": "e", "vertices": "v", "rows": "m", "columns": "n", "words": "n", "nodes": "n"}
# Quantities named in words, as operands of a cost: "the number of coins times the amount", "n times the
# total sum", and a lone one said to be the time or the space ("the space is just the amount").
_QTY = r"(?:the )?(?:number of [a-z]+|(?:total |whole |full )?(?:amount|sum|target|capacity)|size of (?:the )?[a-z]+)"
_QTY_EXPR = re.compile(
    rf"(?<![a-z0-9^'])(?:{_QTY}|[nmkvelhwd])(?: (?:times|plus) (?:{_QTY}|[nmkvelhwd]))+(?![a-z0-9^])")
_QTY_CLAIM = re.compile(rf"\b(?:time|space|memory|runtime|table|memo)(?: complexity)? (?:is|takes|uses|needs|would be"
                        rf"|will be)(?: (?:just|only|like|roughly|basically|about|also"
                        rf"|then))* (?P<q>{_QTY})(?![a-z0-9^])")
# "O of the word length", "order of the height of the tree": a big O of a quantity in words
_SPOKEN_QTY = re.compile(rf"\b(?:big[- ]?o|o|order) of (?P<q>(?:the )?(?:(?:word|key|prefix|pattern) length"
                         rf"|length of (?:the |a |each )?(?:word|key|prefix|pattern|string|array|list)|height"
                         rf"|depth)(?: of the tree)?|{_QTY})(?![a-z0-9^])")
_COST_WORD = re.compile(r"\b(time|space|memory|runtime|complexity|costs?|takes|bigo)\b")


def normalize_form(inner: str) -> str:
    """A complexity's inside, spoken or typed, in one form: "n^2", "n log n", "m * n", "1", "2^n"."""
    s = " " + inner.lower().strip() + " "
    s = re.sub(r"\brows\b", "m", s)
    s = re.sub(r"\b(?:columns|cols)\b", "n", s)
    s = re.sub(r"\bcells\b", "m * n", s)
    # a quantity in words: "the number of coins" is n (edges e, vertices v, rows m), "the total sum" is sum
    s = re.sub(r"\b(?:the )?number of (\w+)", lambda m: _COUNTED.get(m.group(1), "n"), s)
    s = re.sub(r"\b(?:the )?(?:(?:word|key|prefix|pattern) length|length of (?:the |a |each )?(?:word|key|prefix"
               r"|pattern))\b", " l ", s)
    s = re.sub(r"\b(?:the )?length of (?:the |a )?(?:string|array|list|input|text)\b", " n ", s)
    s = re.sub(r"\b(?:the )?height(?: of the tree)?\b", " h ", s)
    s = re.sub(r"\b(?:the )?depth(?: of the tree)?\b", " d ", s)
    s = re.sub(r"\b(?:total|whole|full|size of|length of)\b", " ", s)
    for word, digit in _NUMBER_WORDS.items():
        s = re.sub(rf"\b{word}\b", digit, s)
    s = s.replace("²", "^2").replace("³", "^3").replace("·", " * ").replace("×", " * ").replace("\\", "")
    s = re.sub(r"\bsquare root of (\w)\b|\bsqrt\s*\(?\s*(\w)\s*\)?", lambda m: f"sqrt {m.group(1) or m.group(2)}", s)
    s = re.sub(r"\b(\w) squared\b", r"\1^2", s)
    s = re.sub(r"\b(\w) cubed\b", r"\1^3", s)
    s = re.sub(r"\b(\w) to the (?:power of )?(\w)(?: power)?\b", r"\1^\2", s)
    s = re.sub(r"\b(\w) factorial\b", r"\1!", s)
    s = re.sub(r"\bnlogn\b", "n log n", s)
    s = re.sub(r"\blogn\b", "log n", s)
    s = re.sub(r"\blog\s*\(\s*(\w)\s*\)", r"log \1", s)
    s = re.sub(r"\blog of (\w)\b", r"log \1", s)
    s = re.sub(r"\*\*", "^", s)
    s = re.sub(r"\bn2\b", "n^2", s)
    s = re.sub(r"\s*\^\s*", "^", s)
    s = re.sub(r"\btimes\b|\bby\b", "*", s)
    s = re.sub(r"\bplus\b", "+", s)
    s = re.sub(r"[(){}\[\],.]", " ", s)
    s = re.sub(r"\bthe\b|\bof\b", " ", s)
    s = " ".join(s.split())
    if s in ("1", "c", "k", "const", "constant"):
        return "1"
    # a product or a sum of factors is written in one order: "m * n", "e + v"
    if "+" in s:
        parts = sorted(p.strip() for p in s.split("+"))
        return " + ".join(parts)
    if "*" in s:
        factors = sorted(f.strip() for f in s.split("*") if f.strip())
        if factors.count("n") == 2 and len(factors) == 2:
            return "n^2"
        if sorted(factors) == ["log n", "n"]:
            return "n log n"
        return " * ".join(factors)
    if s == "n n":
        return "n^2"
    if re.fullmatch(r"(\w) (\w)", s) and s[0] != s[2]:  # "m n" spoken for m times n
        return " * ".join(sorted(s.split()))
    return s


# Ranks of the common growth classes in one variable; other forms get none and no judgement.
RANKS = _RANKS = {"1": 0, "log n": 1, "sqrt n": 2, "n": 3, "n log n": 4, "n^2": 5, "n^3": 6, "2^n": 7, "n!": 8}


def rank(form: str | None) -> int | None:
    if not form:
        return None
    form = normalize_form(form.removeprefix("O(").removesuffix(")") if form.startswith("O(") else form)
    if form in _RANKS:
        return _RANKS[form]
    # several variables that all stand for the input size ("m * n" on a grid is its size)
    single = {"m * n": "n", "e + v": "n", "m + n": "n", "k * n": None, "n * k": None}
    if form in single:
        return _RANKS[single[form]] if single[form] else None
    # a sum costs its largest term; a lone other letter stands for the input size ("v^2" is n^2)
    if " + " in form:
        parts = [rank(p) for p in form.split(" + ")]
        return max(parts) if parts and all(p is not None for p in parts) else None
    if " * " not in form:
        as_n = re.sub(r"\b(?!log\b)[a-mo-z]\b", "n", form)
        if as_n != form and as_n in _RANKS:
            return _RANKS[as_n]
    return None


def same_cost(a: str, b: str) -> bool | None:
    """Are two complexities the same? None when it cannot be told."""
    fa, fb = normalize_form(_inner(a)), normalize_form(_inner(b))
    if fa == fb:
        return True
    ra, rb = rank(fa), rank(fb)
    if ra is not None and rb is not None:
        return ra == rb
    return None


def _inner(form: str) -> str:
    form = form.strip()
    return form[2:-1] if form.startswith("O(") and form.endswith(")") else form


@dataclass
class Normalized:
    text: str  # lowercase words, no punctuation, fillers gone; each complexity is the word "bigo"
    raw: str  # the turn as said, lowercase, spaces collapsed
    forms: list[tuple[str, str]] = field(default_factory=list)  # (form, its label: time | space | "")
    question_mark: bool = False
    hedged: bool = False
    filler: bool = False
    literals: int = 0  # quoted or bracketed values as typed ('(', "10", [1, 3]): a trace's concrete steps


_FILLERS = re.compile(r"\b(?:u+m+|u+h+m*|e+r+m*|a+h+|h+m+|m+h*m+|mhm|uh huh|you know|i mean|kind of|sort of|"
                      r"basically|literally|actually|like(?= (?:i|we|you|it|maybe|um|uh|so|the idea|just|if|a|an|"
                      r"\w+ing)\b)|(?<=\bso )like|(?<=\band )like)\b")


def _label_forms(text: str, spans: list[tuple[int, int, str]]) -> list[tuple[str, str]]:
    """Which complexity is time and which is space, from the words around each."""
    out: list[tuple[str, str]] = []
    for i, (start, end, form) in enumerate(spans):
        prev_end = spans[i - 1][1] if i else 0
        next_start = spans[i + 1][0] if i + 1 < len(spans) else len(text)
        after = text[end:next_start][:30]
        before = text[prev_end:start][-30:]
        label = ""
        own = re.search(r"\b(time|space|memory)$", text[start:end])  # "constant space", "log time"
        # (the word after it labels a form within its sentence: "O(n) time", not "O(n). Space is ...")
        a = re.match(r"^[^\w.;!?]*(?:for |in |of |with |extra |additional |auxiliary )?(time|space|memory|runtime|"
                     r"run time|storage)\b", after)
        if own:
            label = "time" if own.group(1) == "time" else "space"
        elif re.match(r"^\W*(?:for |in )?(?:both )?(?:the )?(?:time and (?:the )?space|space and (?:the )?time)\b",
                      after) \
                or re.search(r"\b(?:time and (?:the )?space|space and (?:the )?time|both)(?: complexit(?:y"
                             r"|ies))?(?: (?:are|is|would be|will be))?(?: both)?(?: just)?\W*$", before):
            label = "both"
        elif a:
            label = "time" if a.group(1) in ("time", "runtime", "run time") else "space"
        elif form == "1" and re.match(r"^\W*(?:extra|additional)?\s*(?:space|memory)?", text[start:end]) and \
                re.search(r"\b(nothing|no) (extra|additional)", text[start:end]):
            label = "space"
        else:
            b = re.search(r".*\b(time|space|memory|runtime|run time|runs in|run in|storage|uses|takes|extra|"
                          r"nothing|no|table|memo)\b[^,.;]*$", before)  # the nearest
            if b:
                label = "time" if b.group(1) in ("time", "runtime", "run time", "runs in", "run in", "takes") \
                    else "space"
        if re.search(r"\b(look ?ups?|lookups?|checks?|access(es)?|membership|contains|in the (map|set"
                     r"|dict))\b[^,.;]{0,25}(is|are|takes?|costs?|in)?\W*$", before) and label != "space":
            label = "op"  # "each lookup takes constant time": the cost of one step, not of the solution
        if not label and (
                re.match(r"^\W*(?:overall|in total|total|altogether|all together|in the end|end to end)\b", after)
                or re.search(r"\b(?:overall|in total|altogether|all in all|so the total is)\W*$", before)):
            label = "overall"  # "n log n for the sort, linear for the merge, so n log n overall": the conclusion
        out.append((form, label))
    return out


# What a recognizer makes of interview words: "n" heard as "in" after "o of" or "log", "two" as "to" or
# "too" before a counted noun, acronyms spelled out letter by letter ("b f s", "d p").
_MISHEARD = [
    (re.compile(r"(?:(?<=\bo of )|(?<=\bn log )|(?<=\bof log )|(?<=\border ))in\b(?! (?:place|order|the|a|an|which|that"
                r"|each)\b)|(?<=\blog )in\b(?= (?:time|space|overall|total|for|because|since|and|per|each)\b|$)"), "n"),
    (re.compile(r"\b(?:to|too)(?= (?:pointers|pointer approach|loops|nested loops|passes)\b)"), "two"),
    (re.compile(r"\b([bd]) f s\b"), r"\1fs"),
    (re.compile(r"\bd p\b"), "dp"),
    (re.compile(r"\bb s t\b"), "bst"),
    (re.compile(r"\bdecks?\b(?= (?:of|for|with|to|as|and)\b)|(?<=\ba )deck\b"), "deque"),
]


def _misheard(t: str) -> str:
    for rx, repl in _MISHEARD:
        t = rx.sub(repl, t)
    return t


def normalize(text: str) -> Normalized:
    raw = " ".join(text.lower().replace("’", "'").replace("‘", "'").replace("`", "").split())
    t = _misheard(raw)
    spans: list[tuple[int, int, str]] = []

    def take(rx: re.Pattern[str] | str, form_of) -> None:
        nonlocal t
        for m in list(re.finditer(rx, t)):
            if any(s < m.end() and m.start() < e for s, e, _ in spans):
                continue
            form = form_of(m)
            if form and (form == "1" or re.search(r"[a-z]", form)):  # "2^31", "1 + 1" are numbers, not growth
                spans.append((m.start(), m.end(), form))

    take(_TYPED_O, lambda m: normalize_form(m.group(1)))
    take(_SPOKEN_O, lambda m: _spoken_form(m.group(1)))
    for rx, form in _WORD_FORMS:
        take(rx, lambda m, f=form: f)
    take(_BARE, lambda m: normalize_form(m.group(0)))
    for m in _QTY_EXPR.finditer(t):  # a product of quantities is a cost with a letter in it or said of a cost
        if re.search(r"(?<![a-z])[nmkvelhwd](?![a-z])", m.group(0)) or _COST_WORD.search(
                t[max(0, m.start() - 40):m.start()]):
            take(re.escape(m.group(0)), lambda m: normalize_form(m.group(0)))
    take(_SPOKEN_QTY, lambda m: normalize_form(m.group("q")))
    for m in _QTY_CLAIM.finditer(t):
        if not any(s < m.end("q") and m.start("q") < e for s, e, _ in spans):
            spans.append((m.start("q"), m.end("q"), normalize_form(m.group("q"))))
    spans.sort()
    # "it's not n squared, it's n log n": a form said to be wrong is not the claim (unless it is the only one)
    kept = [sp for sp in spans if not _NEGATED.search(t[max(0, sp[0] - 40):sp[0]])]
    forms = _label_forms(t, kept or spans)
    for start, end, _ in reversed(spans):
        t = t[:start] + " bigo " + t[end:]
    question_mark = raw.rstrip().endswith("?") or "?" in raw[-12:]
    filler = bool(_FILLERS.search(t))
    t = _FILLERS.sub(" ", t)
    t = re.sub(r"[^a-z0-9'^ ]+", " ", t)
    t = re.sub(r"'(?![a-z])|(?<![a-z])'", " ", t)
    t = " ".join(t.split())
    t = re.sub(r"\b(\w+)(?: \1\b)+", r"\1", t)  # false starts: "i i think", "the the"
    hedged = bool(re.search(r"\b(maybe|perhaps|probably|i guess|possibly|might|something (with|like)|some (kind|sort)"
                            r"|not sure|i think maybe)\b", t))
    literals = len(re.findall(r"'[^'\s]{1,8}'|\"[^\"]{1,12}\"|(?<![\w)\]])\[[^\]]{1,40}\]", raw))
    return Normalized(t, raw, forms, question_mark, hedged, filler, literals)


def _spoken_form(phrase: str) -> str | None:
    words = phrase.split()
    # trim words that cannot end a complexity ("of n time" -> stop at n; "o of the" is not one)
    while words and words[-1] in ("the", "of", "to", "by", "times", "plus", "minus", "over", "power", "."):
        words.pop()
    if not words:
        return None
    form = normalize_form(" ".join(words))
    return form if re.search(r"[a-z0-9]", form) else None


# --- recognizing kinds -----------------------------------------------------------------------------

def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(rf"\b(?:{pattern})\b")


_MANIPULATION = _rx(
    r"tell me (that )?(i'?m|i am) (hired|passing|through|a (strong )?hire)|"
    r"ignore (all |any |your |the |my |these |those |every )*(previous |prior |above |earlier |system )?"
    r"(instructions?|rules|prompts?|guidelines|constraints)|disregard (\w+ ){0,3}(instructions?|rules|prompt)"
    r"|forget (\w+ ){0,2}(instructions?|rules|prompt|everything)|pretend (you are|you're|to be|that you|you)"
    r"|pretend (that )?(the|this|it'?s|our) (interview|test|session|evaluation|assessment)"
    r"|you are now|you're now|from now on you|developer mode|dev mode|god mode|jailbreak\w*|system prompt|"
    r"(your|the) (instructions|prompt|rules|guidelines) (say|said|are|were|allow)|role ?play|act as (a|an|the|if)"
    r"|new instructions|override|as an ai|as a language model|you must (give|tell|write|show|reveal)"
    r"|i'?m (actually )?(the|your) (developer|admin|administrator|creator|boss|manager|owner|programmer)"
    r"|(my )?grand(ma|mother|pa|father) (used to|would)|let'?s play a game|simon says|repeat (your|the) "
    r"(instructions|prompt|rules)|print (your|the) (instructions|prompt)|reveal (your|the) (instructions|prompt|"
    r"hints?)|(switch|swap) (roles|places)|you('re| are) the candidate|be the candidate|you be the candidate"
    r"|the (test|grading|evaluation) (is over|doesn'?t count)|(it'?s|this is) (just )?(off the record|not recorded)"
    r"|(allowed|permitted|authorized) to (give|tell|share) (me )?the (answer|solution|code)|^system\b|mode (disabled|"
    r"enabled|off|on|activated)|reference solution|output the (reference |full |complete )?(solution|code|answer)|"
    r"repeat everything|word for word|above this message|large language model|you'?re required|you are required|"
    r"(ai )?interviewers? (must|have to|are required)|if you were the candidate|hypothetically|in character as|"
    r"(your|the) (hidden|secret) (hint|answer|solution)s?|print (out )?the (solution|answer|hints?)|you'?re (not|no "
    r"longer) (an?|the|my) interviewer|you'?re my (pair|assistant|helper|tutor)|pair programmers? (write|code)"
)
_ASK_ANSWER = _rx(
    r"(give|tell|show|send|write|paste|share|reveal|hand) (me |us )?(the |your )?(whole |full |complete |final "
    r"|optimal |right |correct |actual |real |model |reference |best )?(answer|solution|code|implementation|algorithm"
    r"|approach you'?d use|trick)|what'?s the (answer|solution|trick|optimal (solution|approach|algorithm)"
    r"|right (approach|answer)|correct (approach|answer|solution)|intended (solution|approach))|what is the (answer"
    r"|solution|trick|optimal (solution|approach|algorithm)|right (approach|answer)|correct (approach|answer|solution)"
    r"|intended (solution|approach))|just (tell|give|show) me|(can|could|would|will) you (just |please )?(solve|write"
    r"|code|do|finish|implement|type) (it|this|the (problem|code|solution|function|rest))|(solve|write|code|do|finish"
    r"|implement) (it|this|the (problem|code|solution)) for me|how (do|would) you solve (it|this)|how is (it"
    r"|this) solved|what would you (do|write)|spoil it|the solution please|i give up just|skip to the answer"
    r"|(write|type( out)?|code( up)?|implement|do) (the|this|that|a|my) (\w+ ){0,3}for me( please| and| so|$)|"
    r"what'?s the answer|answer please|(fill in|complete|finish|write) (the )?(rest|body|remainder|remaining part"
    r"|missing part)|(solution|code|answer|algorithm|implementation)( (for|of) (the )?(\w+ ){0,2}\w+)? (would "
    r"|should )?(look|looks) like|walk me through (the|your) (\w+ )?(solution|answer|code)|(show|tell"
    r"|give) me what the (\w+ )?(answer|solution|code)|paste (it|the)|what'?s the algorithm|what is the algorithm"
    r"|i give up|just say (it|the answer)|tell me how to solve"
)
_NOT_ANSWER = _rx(r"(don'?t|do not|never) (\w+ )?(tell|give|show|want|need) (me )?(the )?(answer|solution|code)"
                  r"|without (the |any )?(answer|solution)|not (asking|looking) for the (answer|solution)")
_ASK_HINT = _rx(
    r"hints?|clues?|nudge|i'?m stuck|i am stuck|(kind of |a bit |pretty |really |totally |completely )?stuck|"
    r"help (me|out)|(can|could|would) you help|any help|(some|a little|a bit of) help|^help$|need (some |a little |"
    r"a bit of )?help|(i have |i've got )?no (idea|clue)|not sure (how|where"
    r"|what) to|don'?t know (how|where|what) to|(don'?t|do not) know where to (start|begin)|can'?t (think of|figure|"
    r"see|come up)|point me|(right|correct) direction|any (suggestions|tips|pointers|ideas for me)|i'?m lost|i am lost"
    r"|where (do|should|would) i (even )?(start|begin)|what should i (do|try|look at) (next|here)|(give|throw) me "
    r"something|i'?m (just |totally |completely )?(blanking|blocked|stumped|confused)|drawing a blank|mind is blank|"
    r"(go|went) blank|what (data structure|structure|algorithm|technique|approach|pattern|trick) should (i|we) (be )?"
    r"(think|us|look|consider|try)\w*|is there (\w+ )?a (data structure|structure|technique|trick|pattern|algorithm) "
    r"(i|we) should|what would you (look at|try|do|start with) first|if you were me|(small|tiny|little|gentle|some|a) "
    r"(push|direction|nudge|pointer)|any pointers|push me|something to go on|where to go from here"
)
_NOT_HINT = _rx(r"type hints?|(don'?t|do not|won'?t) (\w+ )?(need|want|give)( \w+){0,2} (hints?|help|clues?)|no (hints?"
                r"|help)( please| needed| thanks)?|without (a |any )?(hints?|help)|not (stuck|asking for (a )?(hint"
                r"|help))|i'?m not stuck|(hint|help) (is|isn'?t) (not )?needed|no need for (a )?(hint|help)")
_QUESTION_START = _rx(
    r"^((can|could|is|are|does|do|did|should|shall|will|would|may|might|am|was|were|has|have|isn'?t|aren'?t|"
    r"doesn'?t|don'?t|won'?t|wouldn'?t|shouldn'?t|can'?t)(?! (just|also|then|probably|maybe|do|use|be|go|try|"
    r"sort|make|get|see|keep|work|help)\b)|what(?! (i|we)('?d| would| will|'?ll| can| could| need| want| "
    r"have|'?re| are| do)\b)|what'?s|how|how'?s|which|(when|where) (do|does|is|are|should|will|would|can|could|did)\b"
    r"|why|who|whom|whose|is there|are there)"
)
_QUESTION_ANY = _rx(
    r"i('m| am| was) wondering|i wonder (if|whether)|do you know|(but|so) (can|could|is|are|does|do|will|would"
    r"|should) (the|a|an|there|it|they|any|some|each|every|duplicates?|values?|numbers?|inputs?|words?|keys?|nodes?)\b"
    r"|quick question|i have a question|one (more )?question|my question is|(can|could) you (tell|clarify|confirm)"
    r"|tell me (if|whether)|is it (ok|okay|fine|alright|safe) (if|to)|am i allowed|are we allowed|i'?m not sure (if"
    r"|whether) (the|it|there|we|i|they|a|an)|(just )?to (clarify|confirm)|i('?d| would) like to (know|clarify|confirm)"
    r"|wanted to (ask|check|clarify|confirm)|let me ask|(?<!the )(?<!to )(?<!on )(?<!far )(?<!go )(?<!move )(?<!turn "
    r")(?<!top )(?<!bottom )(?<!and )(?<!or )(?<!left )(?<!is )right *$|(correct|or not|yes or no|is that right"
    r"|is that correct|is that ok|is that okay|is that fine|is that true|am i right|does that make sense|or is it"
    r"|or are they|or can it|or could it) *$|\b(what|which|how|where|when|why|who) (\w+ )?(do|does|did|should|would|can"
    r"|could|will|is|are|am) (i|we|it|they|you|that|this|these|those|there)\b|which (one|\w+) (do|should|would|to)\b"
)
_LEAD = re.compile(r"^(?:(?:so|okay|ok|alright|all right|well|and|also|then|but|now|right|hey|like|quick question|"
                   r"one more thing|another question|one more question|first|first of all|just|sorry|oh|yeah|"
                   r"let me ask|i have a question|question)\b\s*)+")
_PLAN_QUESTION = _rx(
    r"(does it matter|(do|would) you mind|mind|any problem|is there a problem|is that (ok|okay|fine|alright)) if "
    r"(i|we) (just )?(use|try|sort|iterate|loop|store|keep|do|go|start|make|build|put|apply|solve|run|treat|maintain"
    r"|traverse|scan|walk|precompute|count|push|pop|recurse|memoize|cache|write)|"
    r"(can|could|may|should|would|shall) (i|we) (just )?(use|try|sort|iterate|loop|store|keep|do|go|start|make|build"
    r"|put|apply|solve|run|treat|maintain|traverse|scan|walk|precompute|count|push|pop|recurse|memoize|cache)|(is it"
    r"|would it be|will it be) (ok|okay|fine|alright|allowed|acceptable|better|possible|a good idea|smart"
    r"|reasonable) (if i |to |for me to )(use|sort|iterate|store|keep|build|do|try|solve|count|put|loop|go|recurse"
    r"|memoize|cache|traverse|scan)|what if (i|we) (just )?(use|sort|store|keep|build|try|iterate|loop|count|put|go"
    r"|start|make|recurse|memoize|cache|traverse|scan)|how about (using|sorting|storing|keeping|building|a |an |two "
    r"|we )|would (a|an|the|two|some|using|sorting) \w+ (\w+ )?(work|help|be (enough|better|faster|fine|good|ok|okay))"
    r"|does (a|an|the|using|sorting) \w+ (\w+ )?(work|help)|(wouldn'?t|won'?t|doesn'?t|couldn'?t) (it|that|a|an|using"
    r"|sorting) \w* ?(work|help|be (faster|better|enough|simpler))"
)
_ABOUT_ROLE = _rx(
    r"salary|salaries|compensation|pay(s|ing)?|paid|bonus|equity|stock options|benefits|vacation|pto|remote|hybrid"
    r"|office|relocat\w*|visa|(the|your) team|team (like|size|culture)|(the|your) company|onboarding|company culture"
    r"|culture|work (here|there|at)|working (here|there|at)|your (role|job|work|favorite part|background|experience)"
    r"|tech stack"
    r"|next steps?|next round|hear back|interview process|on ?call|work[- ]life|promotion|career|mentor\w*|manager"
    r"|hiring|headcount|start date|how long have you|what do you (like|enjoy|do|work on)|interviewers? (here|at)"
    r"|what does (the|your) team|what (is|'?s) it like|who would i|the product|what projects?|the process|after (this"
    r"|today)|(this|the) (round|interview) (is over|ends)"
)
_OFF_TOPIC = _rx(
    r"weather|rain(ing|y)?|sunny|snow\w*|lunch|dinner|breakfast|coffee|tea|pizza|food|hungry|weekend|holiday|"
    r"vacation plans|sports?|football|soccer|basketball|baseball|game last night|movie|film|tv|netflix|music|song|"
    r"band|joke|funny|traffic|commute|pet|dog|cat|kids|family|birthday|how are you|how'?s (it going|your day|"
    r"your week|life)|how are things|where are you (from|based)|nice (shirt|background|room)|politics|election|"
    r"crypto|bitcoin|stock market|favorite (color|food|movie|book|language)|are you (a )?(bot|robot|human|real|an ai)"
    r"|chatgpt|what time is it|tired|sleep|hot (here|today|outside|in here)|cold (here|today|outside|in here)|"
    r"laptop|fan is|last night|my neighbou?rs?|drilling|noise|can you hear (me|that|this)|unrelated|plant|behind you|"
    r"your (day|weekend|morning|evening)|by the way|random question|off topic"
)
# Remarks about the room or the people in it, whatever words of the problem they share ("my neighbour is drilling")
_OFF_TOPIC_STRONG = _rx(r"can you hear (me|that|this|it)|(my|the) (neighbou?rs?|dog|cat|kids?|baby|roommate)( \w+)? (is"
                        r"|are|keeps?|just|won'?t)|drilling|how'?s your (day|week|weekend|morning)|(totally"
                        r"|completely) unrelated|off topic")
_ASSUMPTION = _rx(
    r"(i'?ll|i will|i'?m going to|i'?m gonna|i'?m|i am|let'?s|let me|we can|we'?ll|i can|i'?d|i would|we'?re) "
    r"(just )?(assume|assuming|suppose|presume|take it)|assuming (that )?(the|there|it|all|we|each|every|no|nums|"
    r"values|input|a|an)|^(i )?assume|my assumption|under the assumption|(i|we) can safely assume|i take it "
    r"(that )?|^let'?s say (the|all|there|it|every|no|each|values|input|we (always|never)|i (get|have|receive))\b"
    r"(?!.*\b[0-9]+\b.*\b[0-9]+\b)|i suppose (the|that|it|there|all|we)|(i'?ll|i will|i'?m going to|i'?m gonna|let'?s)"
    r" (just )?(treat|take|consider|go with) (the|it|them|this|that|all|each|every|\w+ as)|(go|going) with the "
    r"(\w+ )+(being|is|are)|i'?ll take it (that|as)|(i'?ll|i will) (just )?say (the|that|it|all)"
)
_PROCESS = _rx(
    r"iterat\w*|loop\w*|go(ing)? through|walk(ing)? (through|over|both|the|down|along|each)|scan\w*|travers\w*|"
    r"visit\w*|for each|for every|keep (track|a|an|the|two|both|count)|track(ing)? (of )?|stor(e|ing)|record\w*|"
    r"insert\w*|add(ing)? (it|each|them|the|to)|look(ing)? up|check(ing)? (if|whether|for|each|the|that)|compar\w*"
    r"|mov(e|ing)|swap\w*|merg(e|ing)|split\w*|recurs\w*|push\w*|pop\w*|build\w*|maintain\w*|updat\w*|increment\w*"
    r"|decrement\w*|skip\w*|expand\w*|shrink\w*|return(ing)? (the|when|true|false|it|as soon|early|them|a|an)|"
    r"comput\w*|calculat\w*|count(ing)? (the|each|how)|sum(ming)? (up|the)|subtract\w*|multipl\w*|divid\w*|split"
    r"|pick\w*|choos\w*|tak(e|ing) the|append\w*|remov\w*|delet\w*|replac\w*|reverse\w*|flip\w*|process\w*|"
    r"partition\w*|fill\w*|mark\w*|explor\w*|queue up|enqueue|dequeue|heapify|sort(ing)? (it|them|the|by|first)|"
    r"find(ing)? the|search\w*|fix(ing)? (the|a|one)|two (nested )?loops|nested loops?|precomput\w*|memoiz\w*|"
    r"cach(e|ing)|hash(ing)? (it|them|each|the)|map(ping)? (each|every|from|the)|group(ing)? (by|them|the)|"
    r"start(ing)? (from|at|with)|end(ing)? (at|with)|advance\w*|shift\w*|rotat\w*|link\w*|attach\w*|connect\w*|"
    r"union|unite|propagat\w*|spread\w*|relax\w*|extend\w*|collect\w*|generat\w*|try (each|every|all)"
)
_PLAN = _rx(
    r"i'?d|i would|i will|i'?ll|i'?m going to|i'?m gonna|we could|we can|we'?d|we would|we will|we'?ll|i could|i can|"
    r"my (idea|approach|plan|thought|solution)|the idea (is|would be)|what i'?d do|approach (is|would be)|"
    r"i'?m thinking|i think (we|i) (can|could|should|would|need)|(use|using) (a|an|the|two)|let'?s|first (i|we)|"
    r"then (i|we)|so (i|we)(?! (need|have|want|got) to)|here (i|we)|now (i|we)|this (loop|function|line|part|code|block"
    r")|the (loop|function|code)"
    r" (does|will|goes|checks)|i'?m (using|storing|keeping|building|iterating|looping|checking|adding|going|putting|"
    r"creating|making|setting|returning|walking|moving|writing|initializing|tracking|doing)|we'?re (using|storing|"
    r"keeping|building|iterating|looping|checking|adding|going|putting|creating|walking|moving|tracking)"
)
_TRACE = _rx(
    r"for example|for instance|let'?s (say|take|try|use|walk|trace|run|do|test) (the|an|a|with|it|this|that|"
    r"example|input|\[|[0-9])|walk(ing)? (you |it )?through (the |an |this |that |my |it with |with )?(example|"
    r"input|code|first|second|it|case)|trac(e|ing) (it|this|through|the|an|that|my)|step(ping)? through|dry run|"
    r"(first|second|third|next|last) (iteration|step|pass|element|index|number)|at index (0|1|2|zero|one|two)"
    r"|i ?= ?(0|1|2|zero|one|two)|plug(ging)? in|with the (input|example|array|list|string)|on the (example|input)"
    r"|if (the )?input is|take (the )?(example|input)|run(ning)? (it|this) (on|with|by hand)|by hand|"
    r"let'?s (try|run|test) (?!(a|an|the|using|with a|two|some) )|"
    r"example (one|two|1|2|three|3)|(then|next) we (see|get|have|check|look at|reach|hit|move to)|we (see|get|hit|"
    r"reach) \w+ (then|and then|so)"
)
_NUM = r"(-?[0-9]+|zero|one|two|three|four|five|six|seven|eight|nine|ten)"
# "For 'abcabcbb', the window grows to abc, ...": a walk that opens on the example it walks
_EXAMPLE_LEAD = re.compile(r"(so |okay |ok )?(for|with|take|on|using) (the (input|example|string|array|list|case) )?"
                           r"['\"\[]")
_NUMBERY = re.compile(r"\b(?:-?[0-9]+|zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|"
                      r"twenty)\b")
_EDGES = {
    "empty": r"empty|no elements|nothing in|null (input|head|root|list)|none (input|head|root)|zero length|length "
             r"(zero|0)|(head|root|list|tree|string|array|input|grid) (is|being) (null|none|nil|empty)|n (is|=|equals) "
             r"(0|zero)",
    "single": r"single (element|item|node|character|letter|number|value|row|column|cell|word)|one (element|item|node|"
              r"character|letter|number|value)|only one|length (one|1)|just one (element|item|node|number)",
    "duplicates": r"duplicat\w*|repeat\w*|same (value|number|element|letter|character)s?|equal (values|elements)",
    "negatives": r"negative\w*|minus",
    "zeros": r"zeros?",
    "overflow": r"overflow\w*|(very )?large (numbers|values|inputs?)|huge (numbers|values|inputs?)|int max|max int|"
                r"integer limits?|32[- ]bit",
    "all_same": r"all (the )?same|all (equal|identical)|every (element|value) (is )?(the )?same|all (water|land|zeros|"
                r"ones|twos|negative|positive)",
    "sorted_input": r"already sorted|reverse sorted|sorted (input|array|list)|descending order",
    "no_answer": r"no (answer|solution|pair|valid|match|matches|path|window|result|anagrams?|majority)|not found|"
                 r"(doesn'?t|does not) exist|impossible",
    "bounds": r"out of bounds|boundar(y|ies)|borders?|edges? of the (grid|board|matrix)|first (or|and) last|off by one|"
              r"index (0|zero|-1)|end of the (array|list|string)",
    "cycle": r"cycles?|cyclic|loops? back|self[- ]?loops?|(its|their) own (prerequisite|parent|neighbou?r)",
    "unbalanced": r"skewed|unbalanced|linked[- ]list shaped|only left|only right|degenerate",
    "whitespace": r"spaces|white ?space|leading (spaces|zeros|whitespace)|trailing (spaces|whitespace)|punctuation|"
                  r"special characters",
    "case": r"upper ?case|lower ?case|capital\w*|mixed case",
    "capacity": r"capacity (of )?(0|1|zero|one)|full cache|evict\w*",
    "parameter_limit": r"(k|capacity|amount|target) (equals|is equal to|exceeds|is (bigger|larger|greater|more|smaller|"
                       r"less) than) (the )?(length|size|number of|count|n)\b",
}
_EDGE_RX = {k: _rx(v) for k, v in _EDGES.items()}
_EDGE_TALK = _rx(
    r"edge cases?|corner cases?|special cases?|what (about|if|happens (if|when|with))|if (the|it|there|we|they|"
    r"all|nums|n|its|it'?s|head|root|k|target)|when (the|it|there|we|all|n|k|head|root)|(handle|handles|handling|"
    r"cover|covers|covered|test|tests|testing|check|checks|checking|consider|considering|worry about|think about)"
    r" (the )?(case|cases|an?|the|empty|single|duplicates?|negatives?|null|zero|overflow|large|when|if|for)|in that"
    r" case|would (still )?(return|work|handle|give)|returns? (zero|0|false|true|none|null|an empty|empty|-1|minus "
    r"one|nothing)|(has|have|needs?|ought) to (give|return|be|yield|produce|stay|work)|(should|must) (still )?(give|"
    r"return|be|yield|produce|stay|work|come back)|needs? (special |extra )?(care|attention|handling)|(need|needs|has"
    r"|have) to be (handled|checked|covered)|(shouldn'?t|won'?t|doesn'?t|can'?t|mustn'?t) (break|crash|fail|blow up)"
    r"|(handle|cover|check|consider) (that|this|these|those) (case|one|scenario)s?"
)
_EXPECT = _rx(r"(has|have|needs?|ought) to (give|return|be|yield|produce|stay)|(should|must|would) (still )?(give"
              r"|return|be|yield|produce|stay|come back)|(gives?|returns?|giving|returning) (zero|0|false|true|none"
              r"|null|an empty|empty|-1|minus one|nothing)")
_THINKING = _rx(
    r"let me (think|see|figure|consider|look|try to|just)|give me (a|one) (second|sec|moment|minute|bit)|one (second|"
    r"sec|moment)|hold on|hang on|thinking|i'?m (trying|wondering|considering|looking)|not sure yet|i don'?t know "
    r"yet|i don'?t know|hmm|so (we|i) (need|want|have) to|we need to (find|return|figure|get|make|check|know)|the "
    r"(problem|question|goal|task) (is|wants|asks|says)|(we'?re|i'?m) (looking|asked) (for|to)|i (need|have) to "
    r"(find|return|figure|think|get)|one (idea|thought|option|way)|(my )?first (thought|instinct|idea)|"
    r"i (see|notice|think)|it (seems|looks) like|interesting|okay so|the key (is|question|insight)|what if|"
    r"i wonder|maybe|perhaps|could be|might be|not sure|let'?s see|where was i"
)
_DONE = _rx(
    r"i'?m done|i am done|we'?re done|i'?m finished|i am finished|i'?ve finished|finished (coding|writing|it|now)|"
    r"done (coding|writing|now|with (it|this|the code|coding))|that'?s (it|all|my (solution|answer|code|final)|"
    r"everything|about it)|i think (that'?s|this is|it'?s|we'?re|i'?m) (it|done|correct|right|complete|good|all|"
    r"finished|working)|(this|it|that|the code) should (work|be (correct|right|good|fine|it|done))|i think it "
    r"(works|is (correct|right|done))|all done|(ready|good) to (submit|go)|i('?d| would| will|'?ll) (like to )?submit"
    r"|let me submit|let'?s submit|submit (it|this|now)|i'?m happy with (it|this|that|the (code|solution))|final "
    r"(answer|solution|version)|i think we'?re good|that (works|should do it)|(it|that|this) (is|'?s) (complete|"
    r"finished)|nothing (else|more) to add|i'?m (good|satisfied) with (it|this|that)|(it|the code|my solution) "
    r"(passes|works) (now|all)|(we|i) can (stop|wrap up)|wrap (it )?up|call (it|this) (done|a day|final|finished)|"
    r"happy with (it|this)|(fairly |pretty |quite |very )?confident (this|it|that|the code|my code|in (it|this))|^done"
    r"\b|i (just )?finished|(you can|go ahead and|feel free to) (check|run|look at|test) (it|this|now)|(is|looks) "
    r"(correct|right|good) now|handles? everything|(the )?tests? (all )?pass(ed)?|i'?m (all )?set|i think i'?m good"
    r"|(that|this) (should )?covers? (it|everything)"
)
_NOT_DONE = _rx(r"that'?s all (of )?(my|the|for|from me on) questions?|no more questions|"
                r"not (done|finished|quite|yet|ready|complete|there yet)|almost (done|there|finished)|before (i'?m|"
                r"i am|we'?re) done|nearly (done|there)|not done yet|until (i'?m|we'?re) done|(once|when|after) "
                r"(i'?m|i am|we'?re|it'?s) (done|finished)|still (working|writing|going|thinking|need)")
_ACK = re.compile(
    r"^(?:(?:ok(?:ay)?|sure|yes|yeah|yep|yup|no|nope|nah|alright|all right|right|got it|sounds good|sound good|"
    r"makes sense|that makes sense|thanks?|thank you(?: so much| very much)?|cool|great|perfect|understood|i see|"
    r"mm|mhm|fine|good|nice|awesome|will do|of course|no problem|no worries|correct|exactly|true|agreed|fair enough"
    r"|i understand|noted|sure thing|definitely|absolutely|go ahead|yes please|no thanks|not really|i'?m good|"
    r"i am good|all good|nothing|none|no (?:more |further |other )?questions?(?: from me| at the moment| right now| for"
    r" now| for you| thanks?)?"
    r"|(?:i )?(?:don'?t|do not) have any (?:more )?questions?|"
    r"that'?s all(?: from me| (?:of )?my questions?| the questions? i (?:have|had))?|nothing (?:else|from me|more)|"
    r"not at the moment|i think so|i guess so|i don'?t think so|sounds great|thanks for (?:your time|having me|"
    r"the (?:interview|time|chat))|it was (?:nice|great|good|a pleasure)(?: (?:talking|meeting|chatting)(?: to| with)? "
    r"you)?|bye|goodbye|see you)\b[ ]*)+$"
)
_CODE_NARRATION = _rx(r"(this|the|my) (line|loop|function|variable|code|helper|condition|check|base case|return)|"
                      r"i'?m (writing|adding|initializ\w*|declar\w*|defin\w*|creating|setting up)|here i|now i")


def _edges_in(t: str) -> tuple[str, ...]:
    return tuple(k for k, rx in _EDGE_RX.items() if rx.search(t))


def edges_named(text: str) -> tuple[str, ...]:
    """The edge cases a turn names, whatever else it is ("a longer list could overflow the stack,
    so I'll switch to the iterative version" names overflow while it proposes a change)."""
    return _edges_in(normalize(text).text)


_INVERSION = _rx(r"(?<!\bif )(?<!\bwhether )(?<!\bthat )(?<!\bthis )\b(is|are|was|were|does|do|did|can|could|should|"
                 r"will|would|has|have) (it|they|that|these|those|there|i|we|you|he|she)(?! (is|are|was|be|will|can|"
                 r"would|should)\b)(?!$)")
CONCEPT_STARTS = ("hash", "set", "dict", "map", "sort", "two pointer", "stack", "queue", "heap", "brute", "nested",
                  "binary search", "sliding", "window", "recurs", "dp", "dynamic", "memo", "bfs", "dfs", "greedy",
                  "prefix", "trie", "union", "check every", "try every", "every pair", "every substring")
# "I'll do it", "we did that": "do" as the main verb (not "does it update the value")
_DO_MAIN = re.compile(r"\b(do|did) (it|that|this)\b(?= (again|first|later|then|now|once|twice|recursively|iteratively|"
                      r"in|with|by|for|like|that way|the same)\b|$)")
# A main clause that states a cost: a subject that is not the candidate's plan ("the iterative version",
# "the plain recursion without memo") and a verb of cost reaching a complexity within a few words.
_COST_CLAUSE = re.compile(
    r"^(?:(?!(?:i|we|you|i'?d|we'?d|i'?ll|we'?ll|i'?m|let'?s|first|then)\b)[\w']+ ){0,7}?(?:is|are|was|it'?s|that'?s|"
    r"costs?|takes?|runs?(?: in)?|blows up(?: to)?|grows|explodes|comes (?:out )?to|ends up(?: being| at)?|becomes|"
    r"stays|remains|would be|will be|should be)(?: (?:still|just|only|like|roughly|about|around|basically|also|"
    r"probably|then|at|in|exactly|worst case|on average))*,? bigo\b")
# A yes/no question about the problem's own things ("does put count as a use", "do intervals that touch
# overlap"): its subject is not the candidate, a structure they might use, or a way of doing it.
_ABOUT_PROBLEM = re.compile(
    r"^(is|are|was|were|does|do|did|can|could|will|would|should|has|have) (?!(i|we|you|using|a|an|some|just|maybe|it|"
    r"this|that|there|two|one|my|our|your)\b)(?![a-z]+ing\b)[a-z]+\b(?!.*\b(work|help|be (enough|better|faster|fine|"
    r"good|ok|okay|acceptable|efficient|overkill|possible|allowed))\b)")
_RHETORICAL = _rx(r"what do i know|what('?s| is) (actually |really )?(being asked|the question|going on)|what am i "
                  r"(missing|doing)|where was i|what (else )?do we (have|know)|how does this (even )?work|what does "
                  r"that (give|mean)( us| me)?|now what|hmm what")
_UNCOMMITTED = _rx(r"i'?m (trying|wondering|considering|thinking about whether)|not sure (yet )?(whether|if)"
                   r"|i wonder (if|whether)|depends on|(whether|if) (this|it) is (a|an)|is (this|it) (a|an) \w+ problem"
                   r"|or (is it|maybe) (a|an)|(just )?thinking (out loud|aloud)|let me think|i need to think"
                   r"|still thinking|i don'?t (know|see) (yet|how)|not sure yet|first thought|i'?m looking for"
                   r"|let me (push|keep going|try a bit|work on|see)|(a bit|a little) more|almost|messes up"
                   r"|doesn'?t quite|not quite|organi[sz]ing|hmm|thinking (through|about) (how|what|whether|where|why"
                   r"|if)")
_VAGUE = _rx(r"maybe|perhaps|probably|i guess|possibly|might|something (with|like)|some (kind|sort) of|somehow|"
             r"i feel like|feels like|smells like|sounds like|looks like|involved|i think (we|it) (need|needs|could|"
             r"might)|could work|not sure|thing\b|stuff")
_TRACE_STEPS = _rx(r"then|so|next|now|after that|becomes|goes to|moves to|points to|returns?|gives|push(es)?|pop(s)?|"
                   r"meet|hit|see|get")


def _negated_concept(concept: str, t: str) -> bool:
    """'I'm not going to brute force it', 'we don't even need a heap': the concept is ruled out."""
    from intervu_cli.core.lexicon import _COMPILED_CONCEPTS

    hits = list(_COMPILED_CONCEPTS[concept].finditer(t))
    return bool(hits) and all(re.search(r"\b(not|don'?t|no|never|without|instead of|rather than|no need for)"
                                        r"( \w+){0,5} $", t[max(0, m.start() - 40):m.start()]) for m in hits)


# A question after a fronted clause or phrase: "in the output should the emails be sorted", "after the first
# bad one could a later version be good", "if course a needs b what happens", "does get count as a use"
_FRONTED_Q = re.compile(
    r"^does\b|^(in|within|for|on|at|with) ((the|each|every|a|an|any|my|your) )?\w+( of (the )?\w+)? (should|does|is|"
    r"are|can|could|will|would|did) (the|a|an|each|every|all|any|its|their|this|that|these|those|some)\b"
    r"|^(after|before|once|if|when|say|suppose) (\w+ ){1,12}?(should|does|can|could|will|would|did) (the|a|an|each|"
    r"every|all|any|its|their|these|those|some)\b(?! \w+ (is|are|was|were)\b)"
    # "do" also gives orders ("for each node do a dfs"): a question when what follows is a subject and its verb
    r"|^(in|within|for|on|at|with|after|before|once|if|when|say|suppose) (\w+ ){1,12}?do (the|all|any|these|those|"
    r"some|its|their) \w+( \w+)? (go|come|need|have|appear|count|matter|get|stay|end|start|overlap|repeat|contain"
    r"|include|show|touch|share|arrive|merge|collapse|wrap|change)\b"
    r"|^(if|when|once|after|say|suppose) (\w+ ){1,12}?(what|which|how|where) (happens|do|does|did|should|would|will|is"
    r"|are|can)\b|^(if|when|once|after|say|suppose) (\w+ ){1,12}?(should|does|do|can|could|will|would) (?!(then|just|"
    r"also|still|not|probably|always|never|i|we|you)\b)\w+ (return|be|give|count|work|match|update|stay|change|include"
    r"|overwrite|replace|keep|fail|throw)\b")


def _guesses(t: str, concepts: tuple[str, ...]) -> bool:
    """A concept offered as a guess ("maybe something with prefixes?", "some kind of BFS?", "what about a heap?")."""
    from intervu_cli.core.lexicon import _COMPILED_CONCEPTS

    for concept in concepts:
        for m in _COMPILED_CONCEPTS[concept].finditer(t):
            if re.search(r"\b(maybe|perhaps|something (with|like)|some (kind|sort) of|what about|how about|or maybe|"
                         r"probably)( (a|an|some|using|doing))? $", t[max(0, m.start() - 40):m.start()]):
                return True
    return False


_AUX_WH = (r"(is|are|was|were|does|do|did|can|could|should|will|would|has|have|am|isn'?t|aren'?t|doesn'?t|don'?t|"
           r"what|which|how|where|when|why|who|whose)$")


def is_question(n: Normalized) -> bool:
    body = _LEAD.sub("", n.text)
    if n.question_mark or _QUESTION_START.search(body) or _QUESTION_ANY.search(n.text) or _FRONTED_Q.match(body):
        return True
    inv = _INVERSION.search(body)
    if not inv or _DO_MAIN.match(body, inv.start()) or re.search(r"\b(this|that|there|it) is it\b|\bis it$", body):
        return False
    before = body[:inv.start()].split()
    if re.match(r"(what )?(if|when|say|suppose|in case|once|after|before) ", body):
        # "if two are equally far, do I pick either?"; typed, the main clause after the comma says which it is
        main = re.match(r"[^,]+, *([a-z']+)", n.raw)
        return not main or bool(re.match(_AUX_WH, main.group(1)))
    return len(before) <= 5 or bool(re.search(r"\b(to be sure|to clarify|to check|just checking|like|question|i mean"
                                              r"|wondering)\s*$", body[:inv.start()]))


def understand(text: str, problem: Problem | None = None, phase: str = "") -> Understanding:
    """Read one candidate turn (see the module docstring)."""
    n = normalize(text)
    t = n.text
    words = t.split()
    kinds: list[str] = []
    question = is_question(n)
    body = _LEAD.sub("", t)
    # wondering aloud about what one's own method does is thinking, not a question to the interviewer
    if question and not n.question_mark and re.match(r"(i'?m|i am|i was) wondering (whether|if)\b", body) \
            and re.search(r"\b(be|being|get|gets|getting|is|are) (checked|computed|recomputed|visited|processed|"
                          r"counted|called|evaluated|repeated|solved|done)\b|\bends? up\b|\bmy (code|approach|"
                          r"solution|algorithm|loop|idea)\b", body):
        question = False
    numbers = len(_NUMBERY.findall(t))

    manipulation = bool(_MANIPULATION.search(t))
    if manipulation:
        kinds.append(MANIPULATION)
    wants_answer = bool(_ASK_ANSWER.search(t)) and not _NOT_ANSWER.search(t)
    if wants_answer or (manipulation and re.search(r"\b(solutions?|solve|code|answers?|implementation|write (it|the)|"
                                                     r"type|algorithm|do that)\b", t)):
        kinds.append(ASK_ANSWER)
    hint_words = _ASK_HINT.search(t) and not _NOT_HINT.search(t)
    if hint_words and not re.search(r"\bhelp(s|ful|ed)? (us|me )?(to )?(find|with the|avoid|keep|make|speed)\b", t):
        kinds.append(ASK_HINT)

    concepts = tuple(c for c in concepts_in(t) if not _negated_concept(c, t))
    forms = n.forms
    plan_question = bool(_PLAN_QUESTION.search(t)) and not re.search(r"\bcount on\b", t)
    process = bool(_PROCESS.search(t))
    plan = bool(_PLAN.search(t)) and not re.fullmatch(r".*\b(i'?d|i would) (say|guess|think)\b.*", t) or \
        bool(re.search(r"\b(i|we) (then |just |also |first |simply |now )?" + _IMPERATIVE.pattern, t)) or \
        bool(re.search(r"\b(i'?d|i would|we'?d|we could|i could|i can|we can|i'?ll|i will) (use|keep|store|build|sort|"
                       r"walk|iterate|loop|go|scan|do|try|make|put|start|push|maintain|track|count|compare|merge|"
                       r"split|recurse|run|check|have|need)\b", t))
    topics = tuple(topics_in(t))
    role = bool(_ABOUT_ROLE.search(t)) and not concepts
    off = bool(_OFF_TOPIC_STRONG.search(t)) or bool(_OFF_TOPIC.search(t)) and not concepts and not (topics and question)
    rhetorical = bool(_RHETORICAL.search(t)) and not topics
    uncommitted = bool(_UNCOMMITTED.search(t)) and not plan
    asks_interviewer = question and not rhetorical
    # a question that proposes a way ("could I sort it first?", "some kind of BFS?") is an approach;
    # one about the input ("is the map ordered?") is a question
    qclause = re.sub(r"^.*\b(but|so) (?=(can|could|is|are|does|do|will|would|should) )", "", body)
    proposes = asks_interviewer and (plan_question or _guesses(t, concepts) or (
        concepts and not topics and not re.match(
        r"^(is|are|does|do|can|could|will|would|should|what|which|how|when|where|why) (the|a|an|each|every|all|"
        r"there|it|they|this|that|these|those|nums|values?|numbers?|inputs?|elements?|strings?|words?|nodes?|keys?)\b"
        r"|^(do|will|would|should|am) (i|we) (get|receive|be given|have to (pick|return|choose|handle))\b|^in the \w+"
        r" (are|is|do|does)\b", qclause) and not _ABOUT_PROBLEM.match(qclause)))
    if not asks_interviewer and topics and not plan and not process and (re.search(r"\bor\b", t) or re.search(
            r"\byeah$", t)) and len(words) <= 16 and not _ASSUMPTION.search(t) and not (
            _edges_in(t) and _edge_lead(body)) and not re.match(
            r"(i|we|i'?ll|we'?ll|i'?m|we'?re|i'?d|we'?d)\b", body):
        asks_interviewer = question = True
    # a statement of what the input may be, tagged for confirmation: "root can be null yeah"
    if not asks_interviewer and not plan and len(words) <= 10 and re.search(
            r"^(?!(i|we|you)\b)(\w+ ){1,4}(can|could|will|might|may|is allowed to) (be|have|contain|include|repeat"
            r"|appear|get)\b.*\b(yeah|yes|right|correct)$", body):
        asks_interviewer = question = True
    if asks_interviewer and not proposes and not (MANIPULATION in kinds or ASK_ANSWER in kinds):
        if role:
            kinds.append(ABOUT_ROLE)
        elif off:
            kinds.append(OFF_TOPIC)
        elif ASK_HINT in kinds and not topics:
            pass  # "can I get a hint?" asks for help, not about the problem
        elif _is_edge_probe(body, phase, topics):
            kinds.append(EDGE_CASES)
        else:
            kinds.append(QUESTION)
    elif role and not kinds and len(words) >= 3:
        kinds.append(ABOUT_ROLE)
    elif off and not kinds and len(words) >= 2:
        kinds.append(OFF_TOPIC)
    if asks_interviewer and proposes and topics and set(topics) & {"in_place", "library", "reuse", "language",
                                                                  "valid_input", "adjacency", "duplicates"} \
            and QUESTION not in kinds and not concepts:
        kinds.append(QUESTION)

    if _ASSUMPTION.search(t) and not plan_question and not (question and not re.search(r"\bassum", t)):
        kinds.append(ASSUMPTION)

    steps = len(_TRACE_STEPS.findall(t))
    trace = bool(_TRACE.search(t)) or _EXAMPLE_LEAD.match(n.raw) is not None or numbers >= 5 or (
        numbers + n.literals >= 3 and steps >= 3) or (
        steps >= 6 and len(re.findall(r"\bthen\b", t)) >= 2 and not plan)
    approach = None
    if not (uncommitted or rhetorical) or plan or (concepts and len(words) <= 6 and not rhetorical):
        approach = _read_approach(n, concepts, problem, plan_question=plan_question, process=process, plan=plan,
                                  asked=asks_interviewer and not proposes)
    if approach is not None and approach.quality == UNKNOWN and not concepts and _DONE.search(t):
        approach = None
    if approach is not None and not (kinds and kinds[0] in (QUESTION, ABOUT_ROLE, OFF_TOPIC) and not proposes):
        if not (trace and approach.quality in (UNKNOWN, VAGUE) and not concepts):
            kinds.append(APPROACH)
    # a question that also says what the candidate would do ("is it sorted? because if it is I could do two
    # pointers", "I was gonna use a hash map but can the same word show up twice?") carries that approach too
    if QUESTION in kinds and APPROACH not in kinds and re.search(
            r"\b(i|we)('d|'ll| could| can| would| might| will| was gonna| was going to| were going to| want to| plan "
            r"to) (just )?(?!(need|have|be|like|want|know|think|say|guess|get|ask|assume|mean)\b)[a-z]+", t) \
            and (concepts or re.search(r"\b(because|since|cause|so|then|if|but)\b", t)):
        kinds.append(APPROACH)
    if trace and QUESTION not in kinds:
        kinds.append(TRACE)
    # naming what the problem is about ("if there is a cycle" in linked-list-cycle) is not naming an edge case
    edges = tuple(e for e in _edges_in(t) if not (problem and e.rstrip("s") in problem.slug))
    edge_talk = bool(_EDGE_TALK.search(t)) or re.match(
        r"^(if|when|what about|and if|also|for an?|an?|the|both|zero|no|empty|single|one|we should|i should|make "
        r"sure|need to (handle|check))\b", body) or (len(edges) >= 2 and not (process and plan))
    if re.search(r"\b(handle|cover|check|consider|test) (that|this|the) (case|one|scenario)\b", t) and not edges \
            and not question:
        edges = ("named",)
    # a case and what must come out of it: "when both are 0 the result must be 0", "a string that's just one
    # closing bracket should return false"
    if not edges and not question and _EXPECT.search(t) and _edge_lead(body) and re.search(
            r"\b(only|just|both|all|nothing|none|null|nil|empty|zero|single|lone|already|entire|whole|at all|never|"
            r"no \w+)\b", " ".join(body.split()[:10])) and (phase in ("code", "verify", "wrap-up") or not concepts):
        edges = ("named",)
        edge_talk = True
    # checking the code, a list of what the input could be: "it could land before everything, after
    # everything, or swallow all of them"
    if not edges and not question and phase in ("code", "verify") and not concepts and not plan and re.search(
            r"\b(could|can|might|may)\b", t) and re.search(r"[^,]+,[^,]+,? (or|and) [^,]+$", n.raw):
        edges = ("named",)
        edge_talk = True
    if (edges or re.search(r"\b(edge|corner|special) cases?\b", t)) and EDGE_CASES not in kinds \
            and QUESTION not in kinds and ASSUMPTION not in kinds and edge_talk and not trace and not uncommitted:
        kinds.append(EDGE_CASES)
    if forms and QUESTION not in kinds:
        kinds.append(COMPLEXITY)
    if _DONE.search(t) and not _NOT_DONE.search(t) and not (question and not re.search(
            r"\b(done|finished|submit)\b", t)):
        kinds.append(DONE)
    if not kinds:
        if not words and n.filler and not re.fullmatch(r"\W*(mm+[- ]?hmm+|mhm+|uh[- ]huh)\W*", n.raw):
            # "Hmm." / "um": a pause to think ("mm hmm", "uh huh" say yes)
            kinds.append(THINKING)
        elif _ACK.match(t) or not words:
            kinds.append(ACK)
        elif asks_interviewer:
            kinds.append(QUESTION)
        elif _THINKING.search(t) or len(words) >= 4 or rhetorical:
            kinds.append(THINKING)
        else:
            kinds.append(ACK)

    if kinds == [DONE] and re.match(r"(no|nah|nope|no thanks)\b", t) and _ACK.match(re.sub(r"\bi think ", "", t)):
        kinds = [ACK]
    # thanks said first, then something else: the thanks is an acknowledgement too
    if ACK not in kinds and re.match(r"^(thanks?|thank you)( so much| very much)?\W*[!.,]", n.raw) and len(words) > 3:
        kinds.append(ACK)
    kinds = _order(kinds, n, forms, approach, plan=plan, body=body)
    time_, space, claimed = _claim(forms)
    und = Understanding(kind=kinds[0], also=tuple(kinds[1:]), topics=topics if (QUESTION in kinds or ASSUMPTION
                        in kinds or EDGE_CASES in kinds) else (), edges=edges if EDGE_CASES in kinds else (),
                        time=time_, space=space, claimed=claimed)
    if APPROACH in kinds and approach is not None:
        und = replace(und, quality=approach.quality, concepts=approach.concepts, approach=approach.approach,
                      time=time_ or approach.time, space=space or approach.space)
    return und


# What the interviewer just asked for, by its act: a plain answer to it is that kind of turn.
_ASKED_FOR = {
    "tests_pass_probe_edges": EDGE_CASES, "push_trace:edges": EDGE_CASES, "push_trace:trace": TRACE,
    "push_verify": TRACE,
}


def in_context(r: Understanding, asked: str, text: str) -> Understanding:
    """A turn read against the question it answers: "an empty list returns false" after "which edge
    cases?" names edge cases, whatever words it uses."""
    want = _ASKED_FOR.get(asked)
    if want is None or want == r.kind or r.kind in (MANIPULATION, ASK_ANSWER, ASK_HINT, QUESTION, ABOUT_ROLE, OFF_TOPIC,
                                               DONE, ACK, COMPLEXITY):
        return r
    if len(text.split()) < 4:
        return r
    edges = _edges_in(normalize(text).text) if want == EDGE_CASES else r.edges
    return replace(r, kind=want, also=tuple(k for k in (r.kind, *r.also) if k != want),
                   edges=edges or (("named",) if want == EDGE_CASES else ()))


def _order(kinds: list[str], n: Normalized, forms: list, approach: "_Read | None", *, plan: bool,
           body: str) -> list[str]:
    ordered = [k for k in KINDS if k in kinds]
    t = n.text
    # A turn about a cost ("n log n because of the sort", "the brute force one is O(n^2)") is a
    # complexity claim first, even when it names what the cost comes from.
    if COMPLEXITY in ordered and APPROACH in ordered and approach is not None:
        first_form = t.find("bigo")
        starts = [m.start() for rx in (_PLAN, _PROCESS) for m in rx.finditer(t)]
        starts += [m.start() for m in re.finditer(r"\b(" + "|".join(CONCEPT_STARTS) + r")", t)]
        plan_at = min(starts, default=len(t))
        about_cost = re.match(
            r"^(so |and |well |okay |ok |then |yeah |right |i think |i believe |i'?d say |with (the |a |an )?\w+ |for "
            r"\w+ |the (\w+ ){1,3}(one|way|version|approach|solution) )*(it'?s|it is|that'?s|that is|this is|this'?s|"
            r"bigo|the (time|space|runtime|complexity|overall|total|whole)|time|space|runtime|overall|total|complexity|"
            r"in terms of|each|every|sorting|[a-z]+ing (is|costs|takes)|roughly|about|around|worst case)\b", body) \
            or _COST_CLAUSE.match(body)
        # or it ends on one: "... so space is O(k)", "... which means it's linear overall"
        concludes = re.search(
            r"\b(so|which means|meaning|therefore|hence|thus|that means) (the )?(overall |total )?(time|space|runtime|"
            r"memory|it|that|this|everything)?( complexity)? ?(is|'s|it'?s|comes to|ends up)? ?(just |only |still |"
            r"roughly |about )?bigo( time| space| overall| in total)?$", t)
        if about_cost or concludes or (0 <= first_form < plan_at):
            ordered.remove(COMPLEXITY)
            ordered.insert(ordered.index(APPROACH), COMPLEXITY)
    if TRACE in ordered and APPROACH in ordered and ordered.index(APPROACH) < ordered.index(TRACE):
        if re.search(r"\b(for example|let'?s (say|take|try|walk|trace|run)|walk(ing)? (you )?through|trac(e|ing)|dry "
                     r"run|step(ping)? through|plug(ging)? in|with (\w+ ){0,2}" + _NUM + r"( and)? " + _NUM + r")\b",
                     t) \
                or len(_NUMBERY.findall(t)) + n.literals >= 4 or _EXAMPLE_LEAD.match(n.raw):
            ordered.remove(TRACE)
            ordered.insert(ordered.index(APPROACH), TRACE)
    if EDGE_CASES in ordered and APPROACH in ordered and ordered.index(APPROACH) < ordered.index(EDGE_CASES):
        if _edge_lead(body):
            ordered.remove(EDGE_CASES)
            ordered.insert(ordered.index(APPROACH), EDGE_CASES)
    # "if there's no fresh orange it's zero, ... and the bfs is still m times n": the cases lead, the cost is an aside
    if EDGE_CASES in ordered and COMPLEXITY in ordered and ordered.index(COMPLEXITY) < ordered.index(EDGE_CASES) \
            and re.match(r"^(if|when|what about|and if|also if|edge cases?|corner cases?)\b", body):
        ordered.remove(EDGE_CASES)
        ordered.insert(ordered.index(COMPLEXITY), EDGE_CASES)
    return ordered


def _edge_lead(body: str) -> bool:
    """Does the turn open on a case ("if the list is empty...", "an empty string gives...", "edge cases: ...")?"""
    if re.match(r"^(if|when|whenever|every time|each time) (i|we) (see|find|hit|get|reach|encounter|meet|come across"
                r"|pop|push|visit|process|read|move|add|remove)\b", body):
        return False  # "when I see a closing bracket I pop": a step of the method
    if re.match(r"^(if|when|what about|and if|also if|we should|i should|make sure|need to (handle|check)|edge cases?"
                r"|corner cases?)\b", body):
        return True
    if re.match(r"^(first |then |so )?(i|we)('ll| will| should| need to| have to)? (check|handle|test|guard against"
                r"|cover) (if|whether|for|that|the case)\b", body) and _edges_in(body):
        return True  # "first I check if the root is null and return zero"
    # an input described by what is special about it: "an array that isn't rotated", "a string of just spaces"
    if re.match(r"^(also |for |and )?(an?|the|any) (\w+ )?(array|list|string|tree|input|node|number|grid|matrix|graph"
                r"|interval|value|word|key|cache|stack|heap|queue|pair|cell|row|column)s? (that|which|with|of|where"
                r"|whose|containing|having|made of|like)\b", body):
        return True
    head = " ".join(body.split()[:6])
    return bool(re.match(r"^(also |for |and )?(an?|the|both|zero|no|empty|single|one|a lone|negative)\b", body)) \
        and bool(_edges_in(head))


def _is_edge_probe(body: str, phase: str, topics: tuple[str, ...]) -> bool:
    """'what about an empty list' said of the candidate's own code (after coding) names an edge case."""
    return phase in ("code", "verify", "complexity") and bool(re.match(
        r"^(what about|what if|what happens (if|when|with)|how about|does (it|this|my code) (handle|work))\b", body))


def _claim(forms: list[tuple[str, str]]) -> tuple[str, str, bool]:
    time_ = space = ""
    unlabeled: list[str] = []
    if any(label != "op" for _, label in forms):
        forms = [(f, label) for f, label in forms if label != "op"]
    else:
        return "", "", False
    for form, label in forms:
        if label == "overall" and not time_ and not any(lb in ("time", "both") for _, lb in forms):
            time_ = form
        elif label == "both":
            time_, space = time_ or form, space or form
        elif label == "time" and not time_:
            time_ = form
        elif label == "space" and not space:
            space = form
        elif not label or label == "overall":
            unlabeled.append(form)
    overall = any(label == "overall" for _, label in forms)
    for form in unlabeled:
        if not time_:
            time_ = form
        elif not space and not overall and form != time_:  # parts of a total are not its space, nor is
            space = form  # the same cost said again ("push is O(1), pop is amortized O(1)")
    return time_, space, bool(forms)


@dataclass(frozen=True)
class _Read:
    quality: str
    concepts: tuple[str, ...]
    approach: str = ""
    time: str = ""
    space: str = ""


# A plan said as an instruction: "track the lowest price so far and update the best profit".
_IMPERATIVE = re.compile(
    r"(first |then |just |and |basically )?(iterate|loop|go|walk|scan|traverse|visit|keep|track|store|record|insert|add"
    r"|look|check|compare|move|swap|merge|split|push|pop|build|maintain|update|increment|decrement|skip|expand|shrink"
    r"|return|compute|calculate|count|sum|subtract|multiply|divide|pick|choose|take|append|remove|delete|replace"
    r"|reverse|flip|process|partition|fill|mark|explore|start|advance|shift|rotate|link|attach|connect|collect|generate"
    r"|try|use|sort|find|search|fix|hash|map|group|put|set|make|create|initiali[sz]e|run|do|read|parse|accumulate|clamp"
    r"|convert|compress|encode|decode|serialize|pair|match)\b")


def _read_approach(n: Normalized, concepts: tuple[str, ...], problem: Problem | None, *, plan_question: bool,
                   process: bool, plan: bool, asked: bool) -> _Read | None:
    t = n.text
    words = t.split()
    body = _LEAD.sub("", t)
    ordered = _IMPERATIVE.match(body) or re.match(
        r"(if|when|whenever|once|while|as long as|until|every time|each time) (\w+ ){1,10}?(then )?"
        + _IMPERATIVE.pattern
        + r" (the|a|an|it|them|that|this|both|each|one|its|their|to|from|on|up|down|left|right|back|forward)\b", body)
    if not concepts and not (process and (plan or ordered)):
        return None  # "the rot spreads to the neighbours" tells what happens, not what the candidate would do
    if asked and not plan_question and not plan:
        # a question that names a structure ("is the map ordered?") asks about the problem
        if not re.search(r"\b(use|using|with|sort|store|keep)\b", t):
            return None
    vague = bool(_VAGUE.search(t)) and not (process and plan and len(words) >= 12)
    concrete = (process and not vague) or len(concepts) >= 3 or (len(words) >= 12 and not vague) or (
        process and len(words) >= 14)
    match = _match_approach(concepts, problem)
    stated = _claim(n.forms)[0]
    expected = rank(problem.complexity_time) if problem else None
    if ("linear_scan" in concepts or "one_pass" in concepts) and problem is not None and expected is not None \
            and expected < _RANKS["n"]:
        # walking the input to find something costs O(n) where less is expected: it is the naive search when
        # that is what the problem's O(n) approach is, and slower when a faster step follows it
        linear = [a for a in problem.approaches if rank(a.time) == _RANKS["n"]]
        if match is not None and (rank(match.time) or 0) < _RANKS["n"]:
            return _Read(SLOWER, concepts, match.name, "n")
        if match is None and any("brute_force" in a.uses for a in linear):
            return _Read(BRUTE, concepts, "", "n")
        if match is None:
            return _Read(SLOWER, concepts, linear[0].name if linear else "", "n")
    if match is not None:
        quality = _quality(match, problem)
        if (quality == OPTIMAL and not concrete) or (vague and not process and quality != BRUTE):
            quality = VAGUE
        return _Read(quality, concepts, match.name, normalize_form(_inner(match.time)),
                     normalize_form(_inner(match.space)) if match.space else "")
    if "brute_force" in concepts:
        return _Read(BRUTE, concepts)
    if stated and expected is not None and rank(stated) is not None and concrete:
        if rank(stated) > expected:
            return _Read(BRUTE if rank(stated) - expected >= 2 and rank(stated) >= 5 else SLOWER, concepts)
        return _Read(UNKNOWN, concepts)
    if not concrete:
        return _Read(VAGUE, concepts)
    return _Read(UNKNOWN, concepts)


def _quality(a: Approach, problem: Problem | None) -> str:
    if "brute_force" in a.uses:
        return BRUTE
    if problem is None:
        return UNKNOWN
    same = same_cost(a.time, problem.complexity_time)
    if same:
        return OPTIMAL
    ra, re_ = rank(a.time), rank(problem.complexity_time)
    if ra is None and _exponential(a.time) and not _exponential(problem.complexity_time):
        return BRUTE  # "plain recursion trying every coin", O(n^amount), where a polynomial is expected
    if ra is not None and re_ is not None:
        if ra < re_:
            return OPTIMAL
        return BRUTE if ra - re_ >= 2 and ra >= 5 else SLOWER
    best = problem.approaches[0] if problem.approaches else None
    return OPTIMAL if best is a or normalize_form(_inner(a.time)) == normalize_form(_inner(problem.complexity_time)) \
        else SLOWER


def _exponential(form: str) -> bool:
    """A growth with a variable in the exponent, or a factorial: "2^n", "k^n", "n^amount", "n!"."""
    f = normalize_form(_inner(form))
    return bool(re.search(r"\^\(?[a-z]|!", f))


def _match_approach(concepts: tuple[str, ...], problem: Problem | None) -> Approach | None:
    """The problem's approach a candidate names: all its concepts said, the most specific first; a
    brute force said outright is the brute force."""
    if problem is None or not concepts:
        return None
    found = set(concepts)
    if "brute_force" in found:
        brute = next((a for a in problem.approaches if "brute_force" in a.uses and set(a.uses) <= found), None)
        if brute is not None and not any(len(a.uses) >= 2 and set(a.uses) <= found and "brute_force" not in a.uses
                                         for a in problem.approaches):
            return brute
    best: Approach | None = None
    for a in problem.approaches:
        if set(a.uses) <= found and (best is None or len(a.uses) > len(best.uses)):
            best = a
    if best is None:
        # a structure only one of the problem's approaches uses names it, when what is left unsaid is only the
        # map every key-value design has ("a list of the keys in order" in a cache: the map is implied)
        for concept in found:
            having = [a for a in problem.approaches if concept in a.uses]
            if len(having) == 1 and set(having[0].uses) - found <= {"hash_map"} and concept not in (
                    "hash_map", "hash_set", "linear_scan", "one_pass", "recursion", "sorting"):
                return having[0]
    return best
