"""`{% row_cells row %}`: the cells of one django-tables2 row, each in a `<td>` with its column's class.

The project list draws 50 rows of 8 cells a page; one tag call per row instead of a template loop per cell.
Each cell is the one `BoundRow.items()` renders, shown as `{{ cell }}` would show it (localized, escaped).
"""

from django import template
from django.template.base import render_value_in_context
from django.utils.html import format_html_join

register = template.Library()


@register.simple_tag(takes_context=True)
def row_cells(context, row):
    return format_html_join(
        "",
        '<td class="{}">{}</td>',
        (
            (column.column.attrs.get("td", {}).get("class", ""), render_value_in_context(cell, context))
            for column, cell in row.items()
        ),
    )
