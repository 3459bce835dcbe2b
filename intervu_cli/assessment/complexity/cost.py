"""What the estimator returns (``Estimate``) and its cost algebra: a cost is one monomial in the input size n,
``(exponential 0/1, power of n, power of log n)``, multiplied by ``_mul``, named exactly by ``_exact`` and by the
nearest form of ``intent.rank`` at or above it by ``_form``."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Estimate:
    time: str | None  # "1", "log n", "n", "n log n", "n^2", "n^3", "2^n"; None = cannot tell
    reasons: tuple[str, ...]  # short evidence for the figure, with line numbers


Cost = tuple  # (exponential 0/1, power of n, power of log n)
ONE, LOG, N, NLOGN, EXP = (0, 0, 0), (0, 0, 1), (0, 1, 0), (0, 1, 1), (1, 0, 0)
_FORMS = [("1", ONE), ("log n", LOG), ("n", N), ("n log n", NLOGN),
          ("n^2", (0, 2, 0)), ("n^3", (0, 3, 0)), ("2^n", EXP)]  # fmt: skip


def _mul(a: Cost, b: Cost) -> Cost:
    return (max(a[0], b[0]), a[1] + b[1], a[2] + b[2])


def _exact(c: Cost) -> str:
    if c[0]:
        return "2^n"
    p = "" if c[1] == 0 else "n" if c[1] == 1 else f"n^{c[1]}"
    lg = "" if c[2] == 0 else "log n" if c[2] == 1 else f"log^{c[2]} n"
    return " ".join(x for x in (p, lg) if x) or "1"


def _form(c: Cost) -> str:
    if c[0]:
        return "2^n"  # exponential, whatever multiplies it (a backtracking search inside loops)
    if c[1] >= 3:
        return "n^3"
    return next(name for name, cost in _FORMS if cost >= c)
