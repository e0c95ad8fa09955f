"""Body rows of a django-tables2 table drawn by one tag instead of a template loop per cell.

`{% table_rows table %}`: plain rows whose every cell has its column's class (the project list, 50 rows of
8 cells a page). `{% table_rows_with_attrs table %}`: rows with their `row_attrs` and cells with their column's
full attributes, as django-tables2's own templates draw them (the quarter table, whose cells carry the
`data-label` of the phone cards). Each cell is the one `BoundRow.items()` renders, shown as `{{ cell }}` would
show it (localized, escaped).
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


def _content(cell, context) -> str:
    # A text cell is only escaped; a number or an object is shown as the template would show it.
    return conditional_escape(cell) if isinstance(cell, str) else render_value_in_context(cell, context)


def _cell(bound_column, cell, context) -> str:
    start = _cell_start(bound_column.column.attrs.get("td", {}).get("class", ""))
    return f"{start}{_content(cell, context)}</td>"


@register.simple_tag(takes_context=True)
def table_rows(context, table):
    rows = (
        "<tr>" + "".join(_cell(column, cell, context) for column, cell in row.items()) + "</tr>\n"
        for row in table.paginated_rows
    )
    return mark_safe("".join(rows))


@register.simple_tag(takes_context=True)
def table_rows_with_attrs(context, table):
    """Each row opens with its `BoundRow.attrs` (the table's `row_attrs`, even/odd); each cell with its column's
    `BoundColumn.attrs["td"]`, taken once per column rather than once per cell: for tables whose cell
    attributes depend on the column only (a class, the header as `data-label`), never on the row's record."""
    starts = {column.name: format_html("<td {}>", column.attrs["td"].as_html()) for column in table.columns}
    rows = (
        format_html("<tr {}>", row.attrs.as_html())
        + "".join(f"{starts[column.name]}{_content(cell, context)}</td>" for column, cell in row.items())
        + "</tr>\n"
        for row in table.paginated_rows
    )
    return mark_safe("".join(rows))
