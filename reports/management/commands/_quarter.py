"""What the quarter commands share: the fiscal year (Buddhist Era, as users say it) and the quarter, checked."""

from django.core.management.base import CommandError
from django.http import Http404
from django.utils.translation import gettext as _

from reports.views.common import require_quarter


def add_quarter_arguments(parser) -> None:
    parser.add_argument("fiscal_year", type=int, help=_("ปีงบประมาณ พ.ศ. เช่น 2566"))
    parser.add_argument("quarter", type=int, help=_("ไตรมาส 1–4"))


def checked_quarter(fiscal_year: int, quarter: int) -> tuple[int, int]:
    """The quarter, or a Thai `CommandError` for one outside the calendar (quarter 5, year 66 or 2023)."""
    try:
        require_quarter(fiscal_year, quarter)
    except Http404:
        raise CommandError(
            _("ไม่มีไตรมาสที่ %(quarter)s ปีงบประมาณ %(year)s (ปีงบประมาณเป็น พ.ศ. เช่น 2566 ไตรมาส 1–4)")
            % {"quarter": quarter, "year": fiscal_year}
        ) from None
    return fiscal_year, quarter
