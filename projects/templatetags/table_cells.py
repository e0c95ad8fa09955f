"""`{% table_rows table %}`: the body rows of a django-tables2 table whose every cell has its column's class.

The project list draws 50 rows of 8 cells a page: one tag for the body instead of a template loop per cell.
Each cell is the one `BoundRow.items()` renders, shown as `{{ cell }}` would show it (localized, escaped),
in a `<td>` with the class of its column's `attrs["td"]`.
"""

from functools import lru_cache

from django import template
from django.template.base import render_value_in_context
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

register = template.Library()


@lru_cache(maxsize=64)
def _cell_start(css_class: str) -> str:
    """`<td class="…">`, escaped once per class rather than once per cell."""
    return format_html('<td class="{}">', css_class)


def _cell(bound_column, cell, context) -> str:
    start = _cell_start(bound_column.column.attrs.get("td", {}).get("class", ""))
    # A text cell is only escaped; a number or an object is shown as the template would show it.
    content = conditional_escape(cell) if isinstance(cell, str) else render_value_in_context(cell, context)
    return f"{start}{content}</td>"


@register.simple_tag(takes_context=True)
def table_rows(context, table):
    rows = (
        "<tr>" + "".join(_cell(column, cell, context) for column, cell in row.items()) + "</tr>\n"
        for row in table.paginated_rows
    )
    return mark_safe("".join(rows))
