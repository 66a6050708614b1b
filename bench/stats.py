"""Small statistics for the benchmark: min / median / max, percentiles, per-round ratios."""

from __future__ import annotations

import statistics


def spread(values: list[float]) -> dict[str, float]:
    """Minimum, median and maximum."""
    return {
        "min": min(values),
        "median": statistics.median(values),
        "max": max(values),
        "n": len(values),
    }


def percentile(values: list[float], q: float) -> float:
    """The ``q`` percentile (0-100) by linear interpolation between closest ranks."""
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q / 100
    lo = int(pos)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)


def tail(values: list[float]) -> dict[str, float]:
    """p50, p95 and maximum."""
    return {
        "p50": percentile(values, 50),
        "p95": percentile(values, 95),
        "max": max(values),
        "n": len(values),
    }


def ratios(top: list[float], bottom: list[float]) -> list[float]:
    """Per-round ratios ``top[i] / bottom[i]`` (rounds ran side by side)."""
    return [a / b for a, b in zip(top, bottom, strict=True)]
