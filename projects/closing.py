"""Whether a date lies in a quarter the planning office has closed."""

from datetime import date

from .fiscal import fiscal_quarter_of, fiscal_year_of
from .models import QuarterClosure


def is_quarter_closed(fiscal_year: int, quarter: int) -> bool:
    return QuarterClosure.objects.filter(fiscal_year=fiscal_year, quarter=quarter, closed=True).exists()


def is_date_in_closed_quarter(day: date) -> bool:
    """True when reports dated `day` may no longer be changed by agency staff."""
    return is_quarter_closed(fiscal_year_of(day), fiscal_quarter_of(day))


def mark_closed(reports: list) -> list:
    """Set `in_closed_quarter` on each report in one query, for a page that asks about many reports at once
    (`projects.rules.is_in_closed_quarter` reads it instead of asking the database per report)."""
    closed = set(QuarterClosure.objects.filter(closed=True).values_list("fiscal_year", "quarter"))
    for report in reports:
        day = report.report_date
        report.in_closed_quarter = (fiscal_year_of(day), fiscal_quarter_of(day)) in closed
    return reports
