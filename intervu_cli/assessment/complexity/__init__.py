"""The static time-complexity estimator, as a package: its rules are at the top of ``python.py``."""

from intervu_cli.assessment.complexity.python import Estimate, estimate_time

__all__ = ["Estimate", "estimate_time"]
