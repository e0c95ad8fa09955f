"""The benchmark's statistics (no database)."""

import pytest

from bench.stats import p95, summarize


def test_p95_nearest_rank():
    values = [float(v) for v in range(1, 101)]  # 1..100
    assert p95(values) == 95.0
    assert p95([3.0, 1.0, 2.0]) == 3.0


def test_summarize_in_milliseconds():
    result = summarize([0.010, 0.020, 0.030, 0.040])
    assert result == {"median_ms": 25.0, "p95_ms": 40.0, "runs": 4}


def test_p95_of_nothing_is_an_error():
    with pytest.raises(ValueError):
        p95([])
