"""Summary statistics for timings. Pure functions."""

import math
from statistics import median


def p95(values: list[float]) -> float:
    """The 95th percentile by the nearest-rank method: the smallest value ≥ 95 % of the values."""
    if not values:
        raise ValueError("no values")
    ordered = sorted(values)
    rank = math.ceil(0.95 * len(ordered))
    return ordered[rank - 1]


def summarize(seconds: list[float]) -> dict[str, float]:
    """Median and p95 in milliseconds, rounded to 0.1 ms."""
    return {
        "median_ms": round(median(seconds) * 1000, 1),
        "p95_ms": round(p95(seconds) * 1000, 1),
        "runs": len(seconds),
    }
