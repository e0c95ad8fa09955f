"""Buddhist Era and fiscal calendar arithmetic (no database)."""

from datetime import date

import pytest

from projects.fiscal import (
    current_fiscal_quarter,
    fiscal_quarter_of,
    fiscal_year_bounds,
    fiscal_year_of,
    quarter_bounds,
    quarter_months,
    to_be,
)


def test_be_year_is_gregorian_plus_543():
    assert to_be(2023) == 2566


@pytest.mark.parametrize(
    ("day", "fiscal_year"),
    [
        (date(2022, 9, 30), 2565),  # last day of FY 2565
        (date(2022, 10, 1), 2566),  # first day of FY 2566
        (date(2022, 12, 31), 2566),
        (date(2023, 1, 1), 2566),
        (date(2023, 9, 30), 2566),
        (date(2023, 10, 1), 2567),
    ],
)
def test_fiscal_year_turns_over_on_1_october(day, fiscal_year):
    assert fiscal_year_of(day) == fiscal_year


@pytest.mark.parametrize(
    ("day", "quarter"),
    [
        (date(2022, 10, 1), 1),
        (date(2022, 12, 31), 1),
        (date(2023, 1, 1), 2),
        (date(2023, 3, 31), 2),
        (date(2023, 4, 1), 3),
        (date(2023, 6, 30), 3),
        (date(2023, 7, 1), 4),
        (date(2023, 9, 30), 4),
    ],
)
def test_quarter_boundaries(day, quarter):
    assert fiscal_quarter_of(day) == quarter


def test_fiscal_year_bounds():
    assert fiscal_year_bounds(2566) == (date(2022, 10, 1), date(2023, 9, 30))


@pytest.mark.parametrize(
    ("quarter", "bounds"),
    [
        (1, (date(2022, 10, 1), date(2022, 12, 31))),
        (2, (date(2023, 1, 1), date(2023, 3, 31))),
        (3, (date(2023, 4, 1), date(2023, 6, 30))),
        (4, (date(2023, 7, 1), date(2023, 9, 30))),
    ],
)
def test_quarter_bounds(quarter, bounds):
    assert quarter_bounds(2566, quarter) == bounds


def test_quarter_bounds_rejects_quarter_five():
    with pytest.raises(ValueError, match="1–4"):
        quarter_bounds(2566, 5)


def test_quarter_months_cross_the_calendar_year_only_in_q1():
    assert quarter_months(2566, 1) == [(2022, 10), (2022, 11), (2022, 12)]
    assert quarter_months(2566, 2) == [(2023, 1), (2023, 2), (2023, 3)]


def test_leap_year_february_is_inside_q2():
    assert quarter_bounds(2567, 2) == (date(2024, 1, 1), date(2024, 3, 31))
    assert fiscal_quarter_of(date(2024, 2, 29)) == 2


def test_current_fiscal_quarter():
    assert current_fiscal_quarter(date(2026, 11, 21)) == (2570, 1)
