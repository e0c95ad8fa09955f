"""Whether a date lies in a quarter the planning office has closed, and the lock that keeps it so.

Every write that changes what a quarter shows calls `lock_quarters` inside its transaction and refuses to
write into a closed one; closing calls it too. Both lock the same closure row, so a closing and an edit of
that quarter run one after the other: an edit that started first is stored before the quarter closes, one
that starts after sees it closed. (SQLite takes the database's write lock when a transaction starts, which
serialises them the same way.)
"""

from collections.abc import Iterable
from datetime import date
from functools import reduce
from operator import or_

from django.db.models import Q

from projects.fiscal import fiscal_quarter_of, fiscal_year_of

from .models import QuarterClosure

Quarter = tuple[int, int]  # (fiscal year BE, quarter 1–4)


def is_quarter_closed(fiscal_year: int, quarter: int) -> bool:
    return QuarterClosure.objects.filter(fiscal_year=fiscal_year, quarter=quarter, closed=True).exists()


def is_date_in_closed_quarter(day: date) -> bool:
    """True when reports dated `day` may no longer be changed by agency staff."""
    return is_quarter_closed(fiscal_year_of(day), fiscal_quarter_of(day))


def quarter_of(day: date) -> Quarter:
    return fiscal_year_of(day), fiscal_quarter_of(day)


def lock_quarters(quarters: Iterable[Quarter]) -> set[Quarter]:
    """Lock the closure rows of these quarters until the transaction ends; return the closed ones.

    A quarter that was never closed gets an open row first, so there is always a row to lock (made with
    `bulk_create`: no history row, nobody closed or reopened anything). Rows are locked in one order
    (year, quarter), so two edits that lock several quarters cannot wait for each other.
    """
    keys = sorted(set(quarters))
    if not keys:
        return set()
    QuarterClosure.objects.bulk_create(
        [QuarterClosure(fiscal_year=year, quarter=quarter, closed=False) for year, quarter in keys],
        ignore_conflicts=True,
    )
    rows = (
        QuarterClosure.objects.select_for_update()
        .filter(reduce(or_, (Q(fiscal_year=year, quarter=quarter) for year, quarter in keys)))
        .order_by("fiscal_year", "quarter")
        .values_list("fiscal_year", "quarter", "closed")
    )
    return {(year, quarter) for year, quarter, closed in rows if closed}
