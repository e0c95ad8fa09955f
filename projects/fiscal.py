"""The Buddhist Era and the Thai government fiscal calendar. Pure functions, no ORM.

The fiscal year runs 1 October – 30 September and is named by the Buddhist Era year in which it ends:
FY 2566 = 2022-10-01 … 2023-09-30. Quarters 1–4 are Oct–Dec, Jan–Mar, Apr–Jun, Jul–Sep.
"""

from datetime import date, timedelta

BE_OFFSET = 543
FISCAL_YEAR_START_MONTH = 10


def to_be(year: int) -> int:
    """Gregorian year → Buddhist Era year.

    >>> to_be(2023)
    2566
    """
    return year + BE_OFFSET


def from_be(be_year: int) -> int:
    """Buddhist Era year → Gregorian year.

    >>> from_be(2566)
    2023
    """
    return be_year - BE_OFFSET


def fiscal_year_of(day: date) -> int:
    """The fiscal year (BE) a date falls in: October starts the next one.

    >>> fiscal_year_of(date(2022, 9, 30)), fiscal_year_of(date(2022, 10, 1))
    (2565, 2566)
    """
    year = day.year + 1 if day.month >= FISCAL_YEAR_START_MONTH else day.year
    return to_be(year)


def fiscal_quarter_of(day: date) -> int:
    """The fiscal quarter (1–4) of a date. October → 1, January → 2, April → 3, July → 4.

    >>> [fiscal_quarter_of(date(2023, month, 1)) for month in (10, 12, 1, 4, 7, 9)]
    [1, 1, 2, 3, 4, 4]
    """
    months_into_year = (day.month - FISCAL_YEAR_START_MONTH) % 12
    return months_into_year // 3 + 1


def fiscal_year_bounds(fiscal_year: int) -> tuple[date, date]:
    """First and last day of a fiscal year.

    >>> fiscal_year_bounds(2566)
    (datetime.date(2022, 10, 1), datetime.date(2023, 9, 30))
    """
    end_year = from_be(fiscal_year)
    return date(end_year - 1, 10, 1), date(end_year, 9, 30)


def quarter_bounds(fiscal_year: int, quarter: int) -> tuple[date, date]:
    """First and last day of a fiscal quarter.

    >>> quarter_bounds(2566, 2)
    (datetime.date(2023, 1, 1), datetime.date(2023, 3, 31))
    """
    if quarter not in (1, 2, 3, 4):
        raise ValueError(f"ไตรมาสต้องเป็น 1–4 (ได้ {quarter})")
    first_day, _ = fiscal_year_bounds(fiscal_year)
    start_month_index = first_day.month - 1 + 3 * (quarter - 1)  # 0-based months from January
    start = date(first_day.year + start_month_index // 12, start_month_index % 12 + 1, 1)
    next_index = start_month_index + 3
    next_start = date(first_day.year + next_index // 12, next_index % 12 + 1, 1)
    return start, next_start - timedelta(days=1)


def quarter_months(fiscal_year: int, quarter: int) -> list[tuple[int, int]]:
    """The three (year, month) pairs of a fiscal quarter, in order.

    >>> quarter_months(2566, 1)
    [(2022, 10), (2022, 11), (2022, 12)]
    """
    start, _ = quarter_bounds(fiscal_year, quarter)
    months = []
    for i in range(3):
        index = start.month - 1 + i
        months.append((start.year + index // 12, index % 12 + 1))
    return months


def current_fiscal_quarter(today: date) -> tuple[int, int]:
    """(fiscal year, quarter) of a date, the pair the evaluation pages default to."""
    return fiscal_year_of(today), fiscal_quarter_of(today)
