"""Template filters for Thai display: Buddhist Era dates, baht, percentages.

{% load thai %}
{{ report.report_date|be_date }}        → 25/10/2566
{{ report.report_date|be_date_long }}   → 25 ตุลาคม 2566
{{ report.report_date|be_date_abbr }}   → 25 ต.ค. 2566
{{ project.budget_received|baht }}      → 1,643,800.00
{{ report.progress|percent }}           → 40.00
{{ project.fiscal_year|thai_digits }}   → ๒๕๖๖
"""

from datetime import datetime

from django import template
from django.utils import timezone

from projects import thai

register = template.Library()


def _as_date(value):
    if isinstance(value, datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


@register.filter
def be_date(value):
    """`date(2023, 10, 25)` → `25/10/2566`; empty → `–`."""
    return thai.format_date(_as_date(value)) if value else "–"


@register.filter
def be_date_long(value):
    """`date(2022, 3, 14)` → `14 มีนาคม 2565`."""
    return thai.format_date_long(_as_date(value)) if value else "–"


@register.filter
def be_date_abbr(value):
    """`date(2022, 3, 14)` → `14 มี.ค. 2565`."""
    return thai.format_date_abbr(_as_date(value)) if value else "–"


@register.filter
def be_datetime(value):
    """An aware datetime in Bangkok time: `25/10/2566 14:05`."""
    if not value:
        return "–"
    local = timezone.localtime(value)
    return f"{thai.format_date(local.date())} {local:%H:%M}"


@register.filter
def baht(value):
    """`Decimal('1643800')` → `1,643,800.00`; None → `–`."""
    return thai.format_baht(None if value == "" else value)


@register.filter
def percent(value):
    """`Decimal('40')` → `40.00`; None → `–` (also a missing template variable, which renders as "")."""
    return thai.format_percent(None if value == "" else value)


@register.filter
def thai_digits(value):
    """`2566` → `๒๕๖๖`."""
    return thai.arabic_to_thai_digits(str(value))
