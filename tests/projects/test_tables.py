"""The project table: what each cell shows on the page and what it exports."""

from datetime import date
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.urls import reverse

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


class TableBody(HTMLParser):
    """The list page's table body as a user reads it: per row, each cell's text, class and link."""

    def __init__(self):
        super().__init__()
        self.rows: list[list[dict]] = []
        self.inside = False
        self.cell: dict | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "tbody":
            self.inside = True
        elif self.inside and tag == "tr":
            self.rows.append([])
        elif self.inside and tag == "td":
            self.cell = {"text": "", "class": attrs.get("class"), "href": None}
            self.rows[-1].append(self.cell)
        elif self.cell is not None and tag == "a":
            self.cell["href"] = attrs["href"]

    def handle_endtag(self, tag):
        if tag == "tbody":
            self.inside = False
        elif tag == "td":
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell["text"] += data


def table_rows(response) -> list[list[dict]]:
    body = TableBody()
    body.feed(response.content.decode())
    return body.rows


@pytest.mark.django_db
def test_the_list_page_shows_each_cell_formatted_escaped_and_linked(client, planner, sub_agency_a):
    ProjectFactory(code="01000000-0001", name="งาน <ถนน> & สะพาน", agency=sub_agency_a, budget_received=None)
    ProjectFactory(code=None, name=None, agency=sub_agency_a, budget_received=Decimal("0"))
    done = ProjectFactory(
        code="01000000-0003", agency=sub_agency_a, name="ซ่อมทางเท้า", budget_received=Decimal("200000")
    )
    ProgressReportFactory(
        project=done,
        number=1,
        progress=Decimal("55.5"),
        disbursed=Decimal("1000"),
        report_date=date(2023, 1, 25),
    )
    client.force_login(planner)

    response = client.get(reverse("projects:list"), {"fiscal_year": "2566"})

    agency = "ส่วนส่งเสริมความสัมพันธ์ระหว่างเมือง"
    rows = [[cell["text"].strip() for cell in row] for row in table_rows(response)]
    # where a project without a code sorts depends on the database; an unknown figure shows a dash
    assert sorted(rows) == [
        ["01000000-0001", "งาน <ถนน> & สะพาน", "2566", agency, "–", "–", "–", "–"],
        ["01000000-0003", "ซ่อมทางเท้า", "2566", agency, "55.50", "200,000.00", "0.50", "25/01/2566"],
        ["–", "–", "2566", agency, "–", "0.00", "–", "–"],
    ]
    html = response.content.decode()
    assert "งาน &lt;ถนน&gt; &amp; สะพาน" in html and "<ถนน>" not in html
    cells = {row[0]["text"]: row for row in table_rows(response)}
    # the code and the name link to the project's own page; the figures link nowhere
    assert [cell["href"] for cell in cells["01000000-0003"]] == [
        "/projects/2566/01000000-0003/",
        "/projects/2566/01000000-0003/",
    ] + [None] * 6
    assert [cell["class"] for cell in cells["01000000-0003"][4:]] == ["num", "num", "num", "nowrap"]


@pytest.mark.django_db
def test_a_list_without_matches_says_so_in_one_row_across_the_table(client, planner, sub_agency_a):
    ProjectFactory(code="01000000-0001", name="ซ่อมทางเท้า", agency=sub_agency_a)
    client.force_login(planner)

    response = client.get(reverse("projects:list"), {"fiscal_year": "2566", "q": "สะพานลอย"})

    assert table_rows(response) == [[{"text": "ไม่พบโครงการตามเงื่อนไขที่เลือก", "class": None, "href": None}]]
    assert '<td colspan="8">ไม่พบโครงการตามเงื่อนไขที่เลือก</td>' in response.content.decode()
