"""Markdown to speech: the interviewer's text as the plain words the TTS (eSpeak NG) says.

`speakable(text)` turns a span of an LLM reply into speech. A fenced code block (closed or not)
becomes `CODE_PHRASE` ("I've put some code on screen."), once per block. Inline code that is a
short expression (at most 3 identifiers, numbers and operators, not counting brackets and dots)
is read out ("`hash_map`" -> "hash map", "`i + 1`" -> "i plus 1", "`nums[i]`" -> "nums at i");
longer inline code becomes `INLINE_CODE_PHRASE` ("this code"). Headings, emphasis,
strikethrough, list markers, task boxes, blockquotes, rules, tables (cells joined by commas),
HTML tags and entities, link and image syntax (the text stays, the URL goes; a bare URL is read as
its host) are removed; emoji are dropped; operators become words ("->" "=>" "to", "!=" "not
equal to", "<=" "at most", ">=" "at least", "==" "equals", "2 * 3" "2 times 3", "n^2" "n squared",
"O(n)" "O of n", "e.g." "for example"); snake_case reads as words. Lines become sentences (a
heading or list item gets its pause), and whitespace is normalised. Text with nothing to say
(e.g. just "**" or "---") becomes "".

This module knows nothing of streaming: where a streamed reply is cut into chunks is
`chunker.py`, which calls `speakable` on each chunk's raw text.

Not handled: indented (4-space) code blocks are read as prose; a backtick fence must start its
line.
"""

from __future__ import annotations

import html
import re

__all__ = ["CODE_PHRASE", "INLINE_CODE_PHRASE", "speakable"]

CODE_PHRASE = "I've put some code on screen."
INLINE_CODE_PHRASE = "this code"
_HSPACE = " \t"


def speakable(text: str, *, code_phrase: str = CODE_PHRASE, at_line_start: bool = True) -> str:
    """Markdown -> plain speech for a span of text (see the module docstring); "" if nothing to say.

    `code_phrase` is what a fenced code block becomes ("" drops code blocks from speech).
    `at_line_start`: the span starts at the beginning of a line, so line-start Markdown (a
    heading, a list marker, a fence) is recognised on its first line too."""
    parts: list[str] = []
    fence = ""
    for idx, line in enumerate(text.split("\n")):
        at_start = at_line_start or idx > 0
        if fence:
            m = _FENCE_CLOSE.fullmatch(line)
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence):
                fence = ""
            continue
        if at_start:
            m = _FENCE_OPEN.match(line)
            if m:
                fence = m.group(1)
                if code_phrase:
                    parts.append(code_phrase)
                continue
            line = _line_markup(line)
        line = _tidy(_inline(line))
        if line:
            parts.append(line)
    out = ""
    for part in parts:  # lines become sentences: a heading or list item gets its pause
        if out and out[-1] not in ".!?,;:":
            out += "."
        out = f"{out} {part}" if out else part
    return _tidy(out)


# --- the parts --------------------------------------------------------------------------------

_FENCE_OPEN = re.compile(r"[ \t]*(`{3,}|~{3,})")
_FENCE_CLOSE = re.compile(r"[ \t]*(`{3,}|~{3,})[ \t\r]*")
_BLOCKQUOTE = re.compile(r"^[ \t]*(?:>(?!=)[ \t]?)+")
_HEADING = re.compile(r"^[ \t]*#{1,6}(?:[ \t]+|$)")
_RULE = re.compile(r"[ \t]*([-*_=])(?:[ \t]*\1){2,}[ \t]*")
_TABLE_SEP = re.compile(r"[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)+\|?[ \t]*")
_LIST_MARK = re.compile(r"^[ \t]*(?:[-*+•]|\d{1,3}[.)])[ \t]+(?:\[[ xX]\][ \t]+)?")
_INLINE_CODE = re.compile(r"(`+)(?!`)(.+?)(?<!`)\1(?!`)")
_HTML_TAG = re.compile(
    r"</?(?:a|abbr|b|blockquote|br|code|del|details|div|em|h[1-6]|hr|i|img|ins|kbd|li|mark|ol|p|pre|"
    r"s|small|span|strike|strong|sub|summary|sup|table|tbody|td|th|thead|tr|u|ul)"
    r"(?:\s+[\w-]+=(?:\"[^\"]*\"|'[^']*'|[^\s>]+))*\s*/?>",
    re.IGNORECASE,
)
_URL = re.compile(r"\bhttps?://[^\s<>()\[\]]*[^\s<>()\[\].,;:!?'\"]")
_EMOJI = re.compile(
    "[\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff\u2190-\u21ff\u2300-\u23ff"
    "\ufe0f\u200d\u20e3\U000e0000-\U000e007f]"
)
_SYMBOLS = [  # longest first
    ("!==", " not equal to "), ("===", " equals "), ("!=", " not equal to "), ("==", " equals "),
    ("<=", " at most "), (">=", " at least "), ("->", " to "), ("=>", " to "), ("<-", " from "),
    ("&&", " and "), ("||", " or "), ("≤", " at most "), ("≥", " at least "), ("≠", " not equal to "),
    ("→", " to "), ("⇒", " to "), ("←", " from "), ("×", " times "), ("÷", " divided by "),
    ("≈", " about "), ("±", " plus or minus "), ("∞", " infinity "), ("√", " square root of "),
    ("&", " and "), ("+", " plus "), ("=", " equals "), ("<", " less than "), (">", " greater than "),
    ("|", " "), ("…", "..."),
]
_ABBREVIATIONS = [
    (re.compile(r"\b[eE]\.g\.(?!\w)"), "for example"),
    (re.compile(r"\b[iI]\.e\.(?!\w)"), "that is"),
    (re.compile(r"\bvs\.?(?=\s)"), "versus"),
    (re.compile(r"\bapprox\.(?!\w)"), "approximately"),
    (re.compile(r"\betc\.(?=\s+[A-Z]|\s*$)"), "et cetera."),
    (re.compile(r"\betc\.(?!\w)"), "et cetera"),
]
_CODE_TOKEN = re.compile(
    r"[A-Za-z_][A-Za-z0-9_]*|\d+(?:\.\d+)?|==|!=|<=|>=|->|=>|\*\*|//|\+=|-=|\*=|/=|&&|\|\||\S"
)
_CODE_OPS = {
    "+": "plus", "-": "minus", "*": "times", "/": "over", "//": "floor divided by", "%": "mod",
    "**": "to the power of", "^": "to the power of", "=": "equals", "==": "equals",
    "!=": "not equal to", "<": "less than", ">": "greater than", "<=": "at most", ">=": "at least",
    "->": "to", "=>": "to", "+=": "plus equals", "-=": "minus equals", "*=": "times equals",
    "/=": "over equals", "&&": "and", "||": "or", "!": "not", "&": "and", "|": "or", "~": "not",
}
_CODE_SILENT = frozenset("()[]{}.,:;\"'")


def _line_markup(line: str) -> str:
    """Block-level Markdown at the start of a line: quotes, headings, rules, tables, lists."""
    line = _BLOCKQUOTE.sub("", line)
    m = _HEADING.match(line)
    if m:
        line = re.sub(r"[ \t]+#+[ \t]*$", "", line[m.end() :])
    if _RULE.fullmatch(line) or _TABLE_SEP.fullmatch(line):
        return ""
    if line.lstrip().startswith("|"):
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        return ", ".join(cell for cell in cells if cell)
    return _LIST_MARK.sub("", line)


def _inline(s: str) -> str:
    """Inline Markdown, HTML, symbols and emoji -> words."""
    s = s.replace("\r", " ")
    s = _INLINE_CODE.sub(lambda m: f" {_speak_code(m.group(2))} ", s)
    s = re.sub(r"\\([^\w\s])", r"\1", s)  # backslash escapes
    s = re.sub(r"!\[([^\]]*)\]\([^)]*\)", r"\1", s)  # images: the alt text
    s = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", s)  # links: the text
    s = re.sub(r"\[\^[^\]]*\]", "", s)  # footnote marks
    s = re.sub(r"(?<=\w)\[(\w+)\]", r" at \1", s)  # nums[i]
    s = re.sub(r"\[([^\]]+)\]\[[^\]]*\]", r"\1", s)  # reference links
    s = re.sub(r"<(https?://[^>\s]+)>", r"\1", s)
    s = _URL.sub(lambda m: _host(m.group(0)), s)
    s = re.sub(r"<br\s*/?>", " ", s, flags=re.IGNORECASE)
    s = _HTML_TAG.sub("", s)
    s = html.unescape(s)
    s = s.replace("~~", "")
    s = re.sub(r"\*+", _star, s)
    s = re.sub(r"(?<=[^\W_])_+(?=[^\W_])", " ", s)  # snake_case -> words
    s = s.replace("_", "")  # emphasis
    for pattern, words in _ABBREVIATIONS:
        s = pattern.sub(words, s)
    s = re.sub(r"(?<![\w.])([OΘΩ])\(([^()]*)\)", r"\1 of \2", s)  # O(n log n)
    s = re.sub(r"\^\s*2\b", " squared", s)
    s = re.sub(r"\^\s*3\b", " cubed", s)
    s = re.sub(r"\^\s*(\w+)", r" to the power of \1", s)
    s = re.sub(r"~\s*(?=\d)", "about ", s)
    s = re.sub(r"(?<=\w)\s+%\s+(?=\w)", " mod ", s)
    s = re.sub(r"(?<![\w/])(\w)\s*/\s*(\w)(?![\w/])", r"\1 over \2", s)  # n/2
    s = re.sub(r"\b([A-Za-z])#", r"\1 sharp", s)  # C#
    s = re.sub(r"#(?=\d)", "number ", s)
    s = re.sub(r"\s*—\s*", ", ", s)
    s = re.sub(r"(?<=\d)–(?=\d)", " to ", s)  # 1–5
    s = re.sub(r"\s*–\s*", ", ", s)
    s = re.sub(r"(\S*)([ \t]+)--?[ \t]+(?=(\S?))", _spaced_dash, s)
    for sym, words in _SYMBOLS:
        s = s.replace(sym, words)
    s = re.sub(r"\$(?!\d)", "", s)  # TeX math delimiters
    s = _EMOJI.sub(" ", s)
    return s


def _star(m: re.Match) -> str:
    """A run of asterisks: emphasis (removed), or multiplication and power (spoken)."""
    s, run = m.string, m.group(0)
    before = s[m.start() - 1] if m.start() > 0 else ""
    after = s[m.end()] if m.end() < len(s) else ""
    spaced = before in _HSPACE and after in _HSPACE and before and after
    tight = (before.isalnum() or before == ")") and (after.isalnum() or after == "(")
    if len(run) == 1 and (spaced or tight):
        return " times "
    if len(run) == 2 and (spaced or (tight and (before.isdigit() or after.isdigit()))):
        return " to the power of "
    return ""


def _spaced_dash(m: re.Match) -> str:
    """" - " between operands is minus ("n - 1"), between words a pause ("great - let's")."""
    word, nxt = m.group(1), m.group(3)
    word_core = word.strip("()[]")
    if nxt.isdigit() or (word_core[-1:].isdigit()) or (len(word_core) == 1 and word_core.isalpha()):
        return f"{word} minus "
    return f"{word}, "


def _host(url: str) -> str:
    host = re.sub(r"^https?://", "", url).split("/")[0].split("?")[0].split("#")[0]
    return re.sub(r"^www\.", "", host)


def _speak_code(code: str) -> str:
    """Inline code: a short expression read out, anything longer as INLINE_CODE_PHRASE."""
    code = code.strip()
    tokens = _CODE_TOKEN.findall(code)
    counted = [t for t in tokens if t not in _CODE_SILENT and t not in "\"'`"]
    if not counted or len(counted) > 3 or len(code) > 40:
        return INLINE_CODE_PHRASE
    words: list[str] = []
    prev = ""
    for idx, tok in enumerate(tokens):
        nxt = tokens[idx + 1] if idx + 1 < len(tokens) else ""
        if re.fullmatch(r"[A-Za-z_]\w*", tok):
            if re.fullmatch(r"[OΘΩ]", tok) and nxt == "(":
                words.append(tok)
            else:
                ident = re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", " ", tok)
                ident = " ".join(ident.replace("_", " ").split())
                if ident:
                    words.append(ident)
        elif tok[0].isdigit():
            words.append(tok)
        elif tok == "(":
            if prev and (prev[0].isalnum() or prev == "_") and nxt != ")":
                words.append("of")
        elif tok == "[":
            if prev and (prev[0].isalnum() or prev in ")]") and nxt != "]":
                words.append("at")
        elif tok == ".":
            words.append("dot")
        elif tok == "," and words:
            words[-1] += ","
        elif tok in _CODE_OPS:
            words.append(_CODE_OPS[tok])
        prev = tok
    spoken = " ".join(words).strip(" ,")
    return spoken or INLINE_CODE_PHRASE


def _tidy(s: str) -> str:
    """Whitespace and stray punctuation; "" when nothing is left to say."""
    s = re.sub(r"[*`#_~\\\[\]{}]", " ", s)
    s = re.sub(r"\(\s*\)", " ", s)
    s = re.sub(r"\s+", " ", s).strip()
    s = re.sub(r" (?=[,.;:!?)])", "", s)
    s = re.sub(r"(?<=\() ", "", s)
    s = re.sub(r"([,;:])(?:\s*[,;:])+", r"\1", s)
    s = re.sub(r"^(?:[\s,;:)]|\.(?!\d))+", "", s)
    if not re.search(r"[^\W_]", s):
        return ""
    return s
