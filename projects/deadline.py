"""When this month's report is due, said before the day rather than after it. Pure: no ORM, no clock.

The due day is `settings.REPORT_DUE_DAY` (commonly the 25th); the caller passes it and today's date.

>>> from datetime import date
>>> month_due_date(date(2026, 11, 22), 25)
datetime.date(2026, 11, 25)
>>> month_due_date(date(2027, 2, 3), 31)  # a due day past the month's end is its last day
datetime.date(2027, 2, 28)
>>> month_bounds(date(2026, 11, 22))
(datetime.date(2026, 11, 1), datetime.date(2026, 11, 30))
>>> due_note(date(2026, 11, 22), 25)
'ส่งภายในวันที่ 25 พฤศจิกายน 2569 (อีก 3 วัน)'
>>> due_note(date(2026, 11, 25), 25)
'ส่งภายในวันที่ 25 พฤศจิกายน 2569 (วันนี้เป็นวันสุดท้าย)'
>>> due_note(date(2026, 11, 30), 25)
'เลยกำหนดส่งวันที่ 25 พฤศจิกายน 2569 มาแล้ว 5 วัน'
>>> is_overdue(date(2026, 11, 30), 25), is_overdue(date(2026, 11, 25), 25)
(True, False)

Where no report can be entered this month, the page says why instead of showing the entry button:

>>> no_entry_reason(status="completed", quarter_closed=None)
'โครงการนี้แล้วเสร็จแล้ว จึงไม่ต้องบันทึกผลการดำเนินงานประจำเดือนอีก'
>>> no_entry_reason(status="active", quarter_closed=(2570, 1))
'ไตรมาสที่ 1 ปีงบประมาณ 2570 ปิดแล้ว จึงบันทึกรายงานของเดือนนี้ไม่ได้ หากต้องแก้ไขให้ติดต่อ สยป.'
>>> no_entry_reason(status="active", quarter_closed=None) is None
True
"""

from calendar import monthrange
from datetime import date

from django.utils.translation import gettext, ngettext

from .choices import ProjectStatus
from .fiscal import BE_OFFSET
from .thai import month_name


def month_bounds(today: date) -> tuple[date, date]:
    """The first and last day of `today`'s month."""
    return today.replace(day=1), today.replace(day=monthrange(today.year, today.month)[1])


def month_due_date(today: date, due_day: int) -> date:
    """The day this month's report is due: the due day, or the month's last day in a shorter month."""
    return today.replace(day=min(max(due_day, 1), monthrange(today.year, today.month)[1]))


def days_left(today: date, due_day: int) -> int:
    """Days from `today` to this month's due date: 0 on the day, negative once past it."""
    return (month_due_date(today, due_day) - today).days


def is_overdue(today: date, due_day: int) -> bool:
    return days_left(today, due_day) < 0


def long_date(day: date) -> str:
    """`25 พฤศจิกายน 2569` (`25 November 2569` on English pages: the year stays Buddhist Era)."""
    return f"{day.day} {month_name(day.month)} {day.year + BE_OFFSET}"


def due_note(today: date, due_day: int) -> str:
    """The sentence the entry page and the project page show about this month's report."""
    due = month_due_date(today, due_day)
    left = (due - today).days
    when = long_date(due)
    if left > 0:
        return ngettext(
            "ส่งภายในวันที่ %(date)s (อีก %(days)s วัน)", "ส่งภายในวันที่ %(date)s (อีก %(days)s วัน)", left
        ) % {"date": when, "days": left}
    if left == 0:
        return gettext("ส่งภายในวันที่ %(date)s (วันนี้เป็นวันสุดท้าย)") % {"date": when}
    return ngettext(
        "เลยกำหนดส่งวันที่ %(date)s มาแล้ว %(days)s วัน", "เลยกำหนดส่งวันที่ %(date)s มาแล้ว %(days)s วัน", -left
    ) % {"date": when, "days": -left}


def no_entry_reason(*, status: str, quarter_closed: tuple[int, int] | None) -> str | None:
    """Why this month's report cannot be entered, or None when it can: the project is cancelled or completed,
    or the month's quarter (`(fiscal year, quarter)`, given when closed) is closed."""
    if status == ProjectStatus.CANCELLED:
        return gettext("โครงการนี้ยกเลิกแล้ว จึงไม่ต้องบันทึกผลการดำเนินงานประจำเดือนอีก")
    if status == ProjectStatus.COMPLETED:
        return gettext("โครงการนี้แล้วเสร็จแล้ว จึงไม่ต้องบันทึกผลการดำเนินงานประจำเดือนอีก")
    if quarter_closed is not None:
        year, quarter = quarter_closed
        return gettext(
            "ไตรมาสที่ %(quarter)s ปีงบประมาณ %(year)s ปิดแล้ว จึงบันทึกรายงานของเดือนนี้ไม่ได้ หากต้องแก้ไขให้ติดต่อ สยป."
        ) % {"quarter": quarter, "year": year}
    return None
