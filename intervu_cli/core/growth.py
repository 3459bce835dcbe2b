"""What measured running times say about a solution's complexity (the measuring is the sandbox's:
`sandbox.growth`).

A sample is the best time of a call at each input size n, the sizes doubling. The growth is the
slope of log(time) against log(n) over the largest sizes measured (where fixed costs matter least):
the median of the slopes between neighbouring sizes, so that one disturbed size does not decide it;
raised when a call at the next size was still running when time ran out (its time is then at
least what had passed). The slope falls in a band:

    below 0.5   sublinear    O(1) or O(log n)
    0.5 - 1.6   linear       O(n) or O(n log n)   (timing cannot tell these two apart at these sizes)
    1.6 - 2.5   quadratic    O(n^2)
    2.5 - 3.5   cubic        O(n^3)
    3.5 and up  exponential  faster than any polynomial a problem here expects: O(2^n)

The bands are wide on purpose: on a busy machine a time can be off by a good fraction, and a
neighbouring band is a factor of n away.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any

BANDS = ("sublinear", "linear", "quadratic", "cubic", "exponential")
_EDGES = (0.5, 1.6, 2.5, 3.5)
BAND_FORMS = {"sublinear": "O(1) or O(log n)", "linear": "O(n) or O(n log n)", "quadratic": "O(n^2)",
              "cubic": "O(n^3)", "exponential": "O(2^n)"}
BAND_WORDS = {"sublinear": "barely grows (constant or logarithmic)", "linear": "grows linearly",
              "quadratic": "grows quadratically", "cubic": "grows cubically", "exponential": "grows exponentially"}
FIT_POINTS = 5  # the largest sizes the slope is read from


@dataclass(frozen=True)
class Point:
    n: int
    seconds: float  # the best time of one call
    reps: int = 1


@dataclass(frozen=True)
class Sample:
    """One measurement: the points in order of size, and why the climb stopped, if it did."""

    language: str
    points: tuple[Point, ...] = ()
    stopped: str = ""
    unfinished: int | None = None  # the size whose call was still running when time ran out
    unfinished_s: float = 0.0  # how long it had run by then (a lower bound on its time)
    wall_s: float = 0.0
    n_means: str = ""  # what n counts ("the length of nums")

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["points"] = [[p.n, p.seconds, p.reps] for p in self.points]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Sample | None":
        try:
            points = tuple(Point(int(n), float(s), int(r)) for n, s, r in data.get("points") or ())
            unfinished = data.get("unfinished")
            return cls(language=str(data.get("language") or ""), points=points, stopped=str(data.get("stopped") or ""),
                       unfinished=int(unfinished) if unfinished is not None else None,
                       unfinished_s=float(data.get("unfinished_s") or 0.0), wall_s=float(data.get("wall_s") or 0.0),
                       n_means=str(data.get("n_means") or ""))
        except (TypeError, ValueError):
            return None


@dataclass(frozen=True)
class Verdict:
    band: str | None  # one of BANDS; None: the sample cannot tell
    slope: float | None = None
    figures: str = ""  # "at n = 1k, 2k, 4k, 8k: 0.21, 0.42, 0.85, 1.7 ms"
    why: str = ""  # when the band is None, why not
    lower_bound: bool = False  # the slope is at least this (a call did not finish)

    @property
    def words(self) -> str:
        return BAND_WORDS.get(self.band or "", "could not be measured")

    def to_dict(self) -> dict[str, Any]:
        return {"band": self.band, "slope": None if self.slope is None else round(self.slope, 2),
                "figures": self.figures, "why": self.why, "lower_bound": self.lower_bound}


def band_of_slope(slope: float) -> str:
    return BANDS[sum(slope >= edge for edge in _EDGES)]


def band_of_form(form: str) -> str | None:
    """The band a complexity falls in ("O(n log n)" -> linear); None for one it cannot place."""
    inner = form.strip()
    if inner.lower().startswith("o(") and inner.endswith(")"):
        inner = inner[2:-1]
    f = " ".join(inner.lower().replace("*", " ").replace("·", " ").split())
    if "!" in f or "factorial" in f or f.startswith(("2^", "3^", "4^", "k^", "2 ^")):
        return "exponential"
    if f in ("1", "log n", "logn", "log(n)", "log k", "1 amortized"):
        return "sublinear"
    if f in ("n", "n log n", "nlogn", "n log(n)", "n log k", "n + k", "n log^2 n"):
        return "linear"
    if f in ("n^2", "n^2 log n", "n2", "n squared"):
        return "quadratic"
    if f in ("n^3", "n3"):
        return "cubic"
    return None


def _size(n: int) -> str:
    """1000 -> "1k", 2048 -> "2.05k", 4194304 -> "4.19M", 10**9 -> "1G"."""
    value, unit = float(n), ""
    for next_unit in ("k", "M", "G"):
        if value < 1000:
            break
        value, unit = value / 1000, next_unit
    if not unit:
        return str(n)
    return f"{value:.3g}{unit}" if value < 100 else f"{value:.0f}{unit}"


def _times(seconds: list[float]) -> str:
    top = max(seconds)
    if top >= 1:
        unit, scale = "s", 1.0
    elif top >= 1e-3:
        unit, scale = "ms", 1e3
    else:
        unit, scale = "µs", 1e6
    return ", ".join(f"{s * scale:.2g}" if s * scale < 10 else f"{s * scale:.0f}" for s in seconds) + f" {unit}"


def figures(sample: Sample) -> str:
    """"at n = 1k, 2k, 4k, 8k: 0.21, 0.42, 0.85, 1.7 ms" (and a call that did not finish)."""
    if not sample.points:
        return ""
    text = (f"at n = {', '.join(_size(p.n) for p in sample.points)}: "
            f"{_times([p.seconds for p in sample.points])}")
    if sample.unfinished is not None and sample.unfinished_s > 0:
        text += f"; at n = {_size(sample.unfinished)}, still running after {sample.unfinished_s:.1f} s"
    return text


def _slope(points: list[Point]) -> float:
    """The median of the slopes between neighbouring sizes: one size disturbed (a cache outgrown, a
    garbage collection) moves one slope, not the median."""
    slopes = sorted(math.log(max(b.seconds, 1e-9) / max(a.seconds, 1e-9)) / math.log(b.n / a.n)
                    for a, b in zip(points, points[1:]))
    mid = len(slopes) // 2
    return slopes[mid] if len(slopes) % 2 else (slopes[mid - 1] + slopes[mid]) / 2


def fit(sample: Sample) -> Verdict:
    """The band the sample's growth falls in, with its figures."""
    pts = sorted(sample.points, key=lambda p: p.n)
    shown = figures(sample)
    slope: float | None = _slope(pts[-FIT_POINTS:]) if len(pts) >= 2 else None
    lower = False
    if (sample.unfinished is not None and pts and sample.unfinished > pts[-1].n
            and sample.unfinished_s > pts[-1].seconds):
        bound = math.log(sample.unfinished_s / max(pts[-1].seconds, 1e-9)) / math.log(sample.unfinished / pts[-1].n)
        if slope is None or bound > slope:
            slope, lower = bound, True
    if slope is None:
        why = sample.stopped or "fewer than two sizes were measured"
        return Verdict(None, None, shown, why)
    return Verdict(band_of_slope(slope), slope, shown, "", lower)
