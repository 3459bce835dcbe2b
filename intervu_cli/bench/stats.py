"""The one percentile every benchmark reports with."""

from __future__ import annotations


def percentile(values: list[float], q: float) -> float:
    """The value at fraction `q` (0-1) of the sorted values, by nearest rank (no interpolation, so a
    reported P99 is a value that was measured). `values` must not be empty."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, int(round(q * (len(ordered) - 1)))))]
