"""Text made safe to print on a terminal: its control characters shown, not obeyed.

What reaches a terminal comes partly from elsewhere: the candidate's words, what their code prints
and the messages of its exceptions, the model's words, the fields of a problem file. A control
character among them is an instruction to the terminal: ESC starts a sequence that can clear the
screen, retitle the window, rewrite what was printed above, or (on some terminals) answer back
into the input. So everything a front end prints as text goes through `visible` at the point it
is printed (the stored session keeps the words as they came, and --json has JSON's own escapes).
"""

from __future__ import annotations

# C0 controls but newline and tab, DEL and the C1 controls, each shown as it is conventionally
# written: ^[ for ESC, ^G for BEL, ^? for DEL, \x9b for CSI and its kind.
_TABLE = {c: f"^{chr(c + 64)}" for c in range(0x20) if chr(c) not in "\n\t"}
_TABLE[0x7F] = "^?"
_TABLE.update({c: f"\\x{c:02x}" for c in range(0x80, 0xA0)})
# Lone surrogates (a JSON "\\ud800" from a solution) cannot be encoded at all: printed, they end the
# program with UnicodeEncodeError. The bidirectional overrides and isolates reorder what follows
# them on screen (text that reads differently from what it is).
_TABLE.update({c: f"\\u{c:04x}" for c in range(0xD800, 0xE000)})
_TABLE.update({c: f"\\u{c:04x}" for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))})


def visible(text: str) -> str:
    """`text` with every terminal control character (but newline and tab), lone surrogate and
    bidirectional override replaced by a visible form (ESC becomes ^[, so "\\x1b[2J" prints as
    "^[[2J"; a lone surrogate "\\ud800")."""
    return text.translate(_TABLE)
