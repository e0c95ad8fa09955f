"""Whether a date lies in a quarter the planning office has closed."""

from datetime import date

from .fiscal import fiscal_quarter_of, fiscal_year_of
from .models import QuarterClosure


def is_quarter_closed(fiscal_year: int, quarter: int) -> bool:
    return QuarterClosure.objects.filter(fiscal_year=fiscal_year, quarter=quarter, closed=True).exists()


def is_date_in_closed_quarter(day: date) -> bool:
    """True when reports dated `day` may no longer be changed by agency staff."""
    return is_quarter_closed(fiscal_year_of(day), fiscal_quarter_of(day))
