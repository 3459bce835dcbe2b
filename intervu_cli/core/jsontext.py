"""JSON as a strict reader takes it: what `--json` prints.

Python's json writes NaN and Infinity as bare words that no strict JSON reader accepts (jq, a
browser's JSON.parse, Go, Rust), and a candidate's code can return them. In printed JSON they
become the strings "NaN", "Infinity" and "-Infinity"; the stored session keeps the numbers.
"""

from __future__ import annotations

import json
import math
from typing import Any


def _finite(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(v) for v in value]
    return value


def dumps(value: Any, **options: Any) -> str:
    """json.dumps, with every non-finite float written as a string (see above)."""
    return json.dumps(_finite(value), allow_nan=False, **options)
