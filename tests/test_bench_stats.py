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


def test_growth_lines_compare_the_smallest_and_the_largest_scale():
    from bench.report import growth_lines

    def case(ms, queries, projects=None):
        return {"median_ms": ms, "queries": queries, **({"projects": projects} if projects else {})}

    runs = {
        1_000: {
            "project_page": case(20.0, 12),
            "quarter_city": case(30.0, 12),
            "quarter_agency": case(40.0, 13, projects=20),
        },
        10_000: {
            "project_page": case(32.0, 13),
            "quarter_city": case(250.0, 12),
            "quarter_agency": case(90.0, 13, projects=30),
        },
    }
    lines = {line["target"]: line for line in growth_lines(runs)}
    assert lines["project_page: same queries 1,000 → 10,000"]["met"] is False
    assert lines["project_page: time ×1.5 at most 1,000 → 10,000"]["measured"] == 1.6
    assert lines["project_page: time ×1.5 at most 1,000 → 10,000"]["met"] is False
    # Without a count of the projects shown (an older run), the scales' ratio stands in for it.
    quarter = lines["quarter_city: time grows ≤ its projects (1,000 → 10,000)"]
    assert (quarter["measured"], quarter["limit"], quarter["met"]) == (8.33, 10.0, True)
    # One agency's 20 projects became 30: its page may take 1.5 times as long, not 2.25.
    agency = lines["quarter_agency: time grows ≤ its projects (20 → 30)"]
    assert (agency["measured"], agency["limit"], agency["met"]) == (2.25, 1.5, False)
    assert lines["quarter_agency: same queries 1,000 → 10,000"]["met"] is True
    assert growth_lines({1_000: runs[1_000]}) == []
