"""Every CSV and XLSX download of a table is written here, so each one is safe and opens well in Excel.

- Text that a spreadsheet would read as a formula (it begins with `=`, `+`, `-`, `@`, a tab or a carriage
  return: OWASP's CSV-injection rule) gets a leading `'`, so it shows as typed and never runs. Numbers and
  dates are not text and stay numbers and dates.
- CSV starts with a UTF-8 byte-order mark (Excel reads Thai only then); dates are written `25/10/2566`.
- XLSX cells carry number formats (`#,##0.00` for baht, `0.00` for percentages), dates are real dates shown in
  the Buddhist Era, the sheet has a Thai name, a frozen header row and an auto-filter.
- File names carry the day of the download in the Buddhist Era (`projects-2566-2569-11-30.csv`).

A column says how its numbers look with `export_format` (one of `BAHT`, `PERCENT`, `DATE`); views take
`SpreadsheetExportMixin` instead of django-tables2's `ExportMixin`.
"""

import csv
import io
from datetime import date, datetime

from django.http import HttpResponse
from django.utils import timezone
from django.utils.encoding import force_str
from django_tables2.export import ExportMixin
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from .fiscal import to_be
from .thai import format_date

CSV = "csv"
XLSX = "xlsx"
FORMATS = (CSV, XLSX)
CONTENT_TYPES = {
    CSV: "text/csv; charset=utf-8",
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

BAHT = "#,##0.00"
PERCENT = "0.00"
# 107 is Excel's Thai Buddhist calendar and 041E the Thai locale: the cell holds a date, shown `25/10/2566`.
DATE = "[$-107041E]dd/mm/yyyy"

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
SHEET_NAME_FORBIDDEN = str.maketrans(dict.fromkeys("[]:*?/\\", " "))
SHEET_NAME_LENGTH = 31  # Excel's limit


def neutralise(value):
    """`value` as a cell that can never run as a formula: text beginning like a formula gets a leading `'`.

    >>> neutralise('=HYPERLINK("http://x")')
    '\\'=HYPERLINK("http://x")'
    >>> from decimal import Decimal
    >>> neutralise(Decimal("-10.00"))
    Decimal('-10.00')
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _csv_cell(value):
    if isinstance(value, datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    if isinstance(value, date):
        return format_date(value)
    return "" if value is None else neutralise(value)


def _xlsx_cell(value):
    if isinstance(value, datetime) and timezone.is_aware(value):
        # Excel has no time zones: the Bangkok wall-clock time.
        return timezone.make_naive(value)
    return neutralise(value)


def write_csv(rows) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    for row in rows:
        writer.writerow([_csv_cell(value) for value in row])
    return "\ufeff".encode() + out.getvalue().encode("utf-8")


def sheet_name(title: str) -> str:
    return force_str(title).translate(SHEET_NAME_FORBIDDEN).strip()[:SHEET_NAME_LENGTH] or "Sheet1"


def write_xlsx(rows, *, title: str, formats: list[str | None]) -> bytes:
    """`rows` (the first is the header) as one sheet; `formats` gives each column's number format or None."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_name(title)
    width = 0
    for index, row in enumerate(rows):
        sheet.append([_xlsx_cell(value) for value in row])
        width = max(width, len(row))
        if index == 0:
            continue
        for column, number_format in enumerate(formats, start=1):
            cell = sheet.cell(row=index + 1, column=column)
            if number_format and cell.data_type in ("n", "d"):
                cell.number_format = number_format
    if width:
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = f"A1:{get_column_letter(width)}{sheet.max_row}"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def export_filename(name: str, export_format: str, *, day: date | None = None) -> str:
    """`projects-2566` → `projects-2566-2569-11-30.csv`: the day of the download in the Buddhist Era."""
    day = day or timezone.localdate()
    return f"{name}-{to_be(day.year)}-{day.month:02d}-{day.day:02d}.{export_format}"


class TableSpreadsheet:
    """A django-tables2 table's exported values (hidden columns included, `exclude_from_export` left out)
    as CSV or XLSX. Takes the place of django-tables2's `TableExport` (same constructor and `response`)."""

    def __init__(self, export_format: str, table, exclude_columns=(), dataset_kwargs=None):
        if not self.is_valid_format(export_format):
            raise TypeError(f'Export format "{export_format}" is not supported.')
        self.format = export_format
        self.table = table
        self.exclude_columns = exclude_columns or ()
        self.title = (dataset_kwargs or {}).get("title") or ""

    @classmethod
    def is_valid_format(cls, export_format) -> bool:
        return export_format in FORMATS

    def columns(self) -> list:
        return [
            column
            for column in self.table.columns.iterall()
            if not (column.column.exclude_from_export or column.name in self.exclude_columns)
        ]

    def content(self) -> bytes:
        # `as_values` keeps numbers and dates as they are (`force_str(..., strings_only=True)`).
        rows = self.table.as_values(exclude_columns=self.exclude_columns)
        if self.format == CSV:
            return write_csv(rows)
        formats = [getattr(column.column, "export_format", None) for column in self.columns()]
        return write_xlsx(rows, title=self.title, formats=formats)

    def response(self, filename: str) -> HttpResponse:
        response = HttpResponse(self.content(), content_type=CONTENT_TYPES[self.format])
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


class SpreadsheetExportMixin(ExportMixin):
    """django-tables2's export, written by `TableSpreadsheet`; only the formats `TableSpreadsheet.is_valid_format`
    accepts (CSV, XLSX) answer (django-tables2's own `render_to_response` asks it),
    any other `?export=` value shows the page. `export_name` and `export_sheet` name the file and the sheet."""

    export_class = TableSpreadsheet
    export_sheet = ""

    def get_export_name(self) -> str:
        return self.export_name

    def get_export_day(self) -> date:
        return timezone.localdate()

    def get_export_filename(self, export_format):
        return export_filename(self.get_export_name(), export_format, day=self.get_export_day())

    def get_dataset_kwargs(self):
        return {"title": self.export_sheet}
