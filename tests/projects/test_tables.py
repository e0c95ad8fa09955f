"""The project table: what each cell shows on the page and what it exports."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils.html import conditional_escape

from projects.columns import BahtColumn, BeDateColumn, PercentColumn
from projects.selectors import project_list
from projects.tables import ProjectTable
from tests.factories import ProgressReportFactory, ProjectFactory


def test_baht_column_shows_separators_and_exports_the_number():
    column = BahtColumn()
    assert column.render(Decimal("9603371.83")) == "9,603,371.83"
    assert column.value(Decimal("9603371.83")) == Decimal("9603371.83")


def test_percent_column_shows_and_exports_two_decimals():
    column = PercentColumn()
    assert column.render(Decimal("40")) == "40.00"
    assert column.value(Decimal("33.333333")) == Decimal("33.33")
    assert column.value(None) is None


def test_date_column_is_buddhist_era_on_the_page_and_in_exports():
    column = BeDateColumn()
    assert column.render(date(2023, 10, 25)) == "25/10/2566"
    assert column.value(date(2023, 10, 25)) == date(2023, 10, 25)  # the export writes it in the BE


@pytest.mark.django_db
def test_rows_link_to_the_project_page_and_export_plain_values(planner, sub_agency_a):
    project = ProjectFactory(code="01000000-2456", name="โครงการสภาบ้านพี่เมืองน้อง", agency=sub_agency_a)
    coded_less = ProjectFactory(code=None, name="โครงการไม่มีรหัส", agency=sub_agency_a)
    ProgressReportFactory(project=project, number=1, progress=Decimal("40"), report_date=date(2020, 9, 11))
    table = ProjectTable(project_list(user=planner))
    rows = {row.record.pk: row for row in table.rows}
    assert rows[project.pk].get_cell("code") == '<a href="/projects/2566/01000000-2456/">01000000-2456</a>'
    assert (
        rows[coded_less.pk].get_cell("name") == f'<a href="/projects/id/{coded_less.pk}/">โครงการไม่มีรหัส</a>'
    )
    assert rows[coded_less.pk].get_cell("code") == "–"
    values = list(table.as_values())
    assert values[0][:2] == ["รหัสโครงการ", "ชื่อโครงการ/กิจกรรม"]
    exported = next(v for v in values[1:] if v[0] == "01000000-2456")
    assert exported == [
        "01000000-2456",
        "โครงการสภาบ้านพี่เมืองน้อง",
        2566,
        "ส่วนส่งเสริมความสัมพันธ์ระหว่างเมือง",
        Decimal("40.00"),
        Decimal("1643800.00"),
        Decimal("0.00"),
        date(2020, 9, 11),
    ]


@pytest.mark.django_db
def test_the_drawn_body_has_the_cells_django_tables2_would_draw(rf, planner, sub_agency_a):
    from django_tables2 import RequestConfig

    ProjectFactory(code="01000000-0001", name="งาน <ถนน> & สะพาน", agency=sub_agency_a, budget_received=None)
    ProjectFactory(code=None, name=None, agency=sub_agency_a, budget_received=Decimal("0"))
    done = ProjectFactory(code="01000000-0003", agency=sub_agency_a)
    ProgressReportFactory(
        project=done,
        number=1,
        progress=Decimal("55.5"),
        disbursed=Decimal("1000"),
        report_date=date(2023, 1, 25),
    )
    table = ProjectTable(project_list(user=planner))
    RequestConfig(rf.get("/projects/"), paginate={"per_page": 50}).configure(table)
    names = [column.name for column in table.columns]
    expected = "\n".join(
        "<tr>"
        + "".join(
            f"<td {table.columns[name].attrs['td'].as_html()}>{conditional_escape(row.get_cell(name))}</td>"
            for name in names
        )
        + "</tr>"
        for row in table.paginated_rows
    )
    body = table.body_html()
    assert body == expected
    assert (
        "งาน &lt;ถนน&gt; &amp; สะพาน" in body and '<a href="/projects/2566/01000000-0003/">55.50' not in body
    )
    assert '<td class="num">55.50</td>' in body and '<td class="num">–</td>' in body
