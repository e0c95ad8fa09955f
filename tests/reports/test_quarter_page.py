"""The quarter page: figures as of the quarter's last day, filters, sorting, pagination and exports."""

import csv
import io
from datetime import date, datetime
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from projects.choices import PlanStatus, ProjectStatus
from reports import selectors
from tests.factories import (
    AgencyFactory,
    EvaluationFactory,
    KpiFactory,
    KpiQuarterResultFactory,
    ProgressReportFactory,
    ProjectFactory,
    StrategyNodeFactory,
)

from .evaluation_setup import project_behind_plan

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("after_the_quarter")]


Q1_2566 = reverse_kwargs = {"fiscal_year": 2566, "quarter": 1}


def quarter_url(**params) -> str:
    url = reverse("reports:quarter", kwargs=Q1_2566)
    if params:
        from urllib.parse import urlencode

        url += "?" + urlencode(params)
    return url


def rows_of(response):
    return list(response.context["table"].data)


def test_figures_of_a_project_behind_plan(planner):
    """Steps 40 % due by 31/12/2565 and a report of 30 %: planned 40.00, actual 30.00, gap −10.00, monitor."""
    # given
    project = project_behind_plan(code="01000000-2456")
    EvaluationFactory(project=project, quarter=1, score=Decimal("85.5000"), comment="ควรเร่งรัด")
    kpi = KpiFactory(project=project)
    KpiQuarterResultFactory(kpi=kpi, quarter=1, score_1=Decimal("100"), score_2=Decimal("80"))
    KpiQuarterResultFactory(kpi=KpiFactory(project=project), quarter=1, score_1=Decimal("50"), score_2=None)
    KpiQuarterResultFactory(kpi=kpi, quarter=2, score_1=Decimal("0"), score_2=Decimal("0"))
    # when
    projects = selectors.quarter_projects(user=planner, fiscal_year=2566, quarter=1)
    [row] = selectors.quarter_rows(projects, fiscal_year=2566, quarter=1, today=date(2023, 2, 1))
    # then
    assert row.planned == Decimal("40.00")
    assert row.actual == Decimal("30.00")
    assert row.gap == Decimal("-10.00")
    assert row.computed_status == PlanStatus.MONITOR
    assert row.reported_status == PlanStatus.ON_PLAN
    assert row.mismatch is True
    assert row.budget_used == Decimal("410950.00")  # the January disbursement is not in quarter 1
    assert row.budget_used_rate == Decimal("25.00")
    assert row.last_report_date == date(2022, 12, 20)
    assert row.missing_months == ["พฤศจิกายน"]
    assert row.kpi_count == 2
    assert row.kpi_score_1 == Decimal("75.00")
    assert row.kpi_score_2 == Decimal("80.00")
    assert row.score == Decimal("85.5000")
    assert row.comment == "ควรเร่งรัด"


def test_the_project_page_and_the_quarter_agree_on_planned_progress(planner):
    """Same steps, same function: the quarter page's planned % is `planned_progress` of the project's steps."""
    from projects.progress import Step, planned_progress

    project = project_behind_plan()
    steps = [Step(s.weight, s.start_date, s.end_date) for s in project.steps.all()]
    projects = selectors.quarter_projects(user=planner, fiscal_year=2566, quarter=2)
    [row] = selectors.quarter_rows(projects, fiscal_year=2566, quarter=2, today=date(2023, 5, 1))
    assert row.planned == planned_progress(steps, date(2023, 3, 31)) == Decimal("59.78")  # 40 + 60 × 90/273
    assert row.actual == Decimal("45.00")


def test_page_shows_the_figures_in_thai_format(planner_client):
    project_behind_plan(code="01000000-2456")
    response = planner_client.get(quarter_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "01000000-2456" in html
    assert "40.00" in html and "30.00" in html and "-10.00" in html
    assert "20/12/2565" in html
    assert "410,950.00" in html
    assert "เป็นไปตามแผนแต่ควรติดตาม" in html
    assert "ไม่ตรง" in html
    assert "พฤศจิกายน" in html
    assert "ไตรมาสนี้เปิดอยู่" in html


def test_each_row_keeps_its_marks_and_each_cell_its_card_label(planner_client):
    """The phone cards label each cell with its column's header; a mismatch row is marked for its colour."""
    project_behind_plan(code="01000000-2456")
    html = planner_client.get(quarter_url()).content.decode()
    assert '<tr class="row-mismatch even">' in html
    assert '<td class="num" data-label="แผน (%)">40.00</td>' in html
    assert '<td class="num" data-label="ผล (%)">30.00</td>' in html
    assert '<td class="num" data-label="ผลต่าง">-10.00</td>' in html
    assert '<td class="project" data-label="โครงการ"><a href=' in html


def test_only_projects_of_the_fiscal_year(planner_client):
    ProjectFactory(code="A-2566", fiscal_year=2566)
    ProjectFactory(code="A-2567", fiscal_year=2567)
    response = planner_client.get(quarter_url())
    assert [r.code for r in rows_of(response)] == ["A-2566"]


def test_agency_filter_includes_sub_agencies(planner_client):
    district = AgencyFactory(name="สำนักงานเขตพระนคร")
    section = AgencyFactory(parent=district, name="ฝ่ายโยธา")
    other = AgencyFactory(name="สำนักการโยธา")
    ProjectFactory(code="P-1", agency=district)
    ProjectFactory(code="P-2", agency=section)
    ProjectFactory(code="P-3", agency=other)
    response = planner_client.get(quarter_url(agency=district.pk))
    assert sorted(r.code for r in rows_of(response)) == ["P-1", "P-2"]
    response = planner_client.get(quarter_url(agency=section.pk))
    assert [r.code for r in rows_of(response)] == ["P-2"]


def test_strategy_filter_takes_the_top_level_strategy(planner_client):
    seven = StrategyNodeFactory(name="ด้านที่ ๗ – การบริหารจัดการเมืองมหานคร")
    goal = StrategyNodeFactory(parent=seven, name="๗.๒ การบริหารงานบุคคล", level=2)
    one = StrategyNodeFactory(name="ด้านที่ ๑ – เมืองปลอดภัย")
    ProjectFactory(code="S-7", strategy=goal)
    ProjectFactory(code="S-1", strategy=one)
    ProjectFactory(code="R-1", routine=True)
    response = planner_client.get(quarter_url(strategy=seven.pk))
    assert [r.code for r in rows_of(response)] == ["S-7"]


def test_status_mismatch_and_missing_filters(planner_client):
    behind = project_behind_plan(code="BEHIND")
    on_time = ProjectFactory(code="ONTIME")
    for number, month in enumerate((10, 11, 12), start=1):
        ProgressReportFactory(
            project=on_time, number=number, report_date=date(2022, month, 20), progress=Decimal("30")
        )
    ProjectFactory(code="SILENT")
    ProjectFactory(code="CANCELLED", status=ProjectStatus.CANCELLED)

    def codes(**params):
        return sorted(r.code for r in rows_of(planner_client.get(quarter_url(**params))))

    # ONTIME: one step of 100 % over the whole year → 25.21 % planned on 31/12/2565, 30 % done.
    # A cancelled project owes no reports.
    assert codes(status="on_plan") == ["ONTIME"]
    assert codes(status="monitor") == ["BEHIND"]
    assert codes(status="not_reported") == ["SILENT"]
    assert codes(status="cancelled") == ["CANCELLED"]
    assert codes(mismatch="on") == ["BEHIND"]
    assert codes(missing="on") == ["BEHIND", "SILENT"]
    assert behind.code in codes(q="BEH")


def test_sorting_by_gap(planner_client):
    project_behind_plan(code="BEHIND")
    ahead = ProjectFactory(code="AHEAD")
    ProgressReportFactory(project=ahead, number=1, report_date=date(2022, 12, 1), progress=Decimal("90"))
    from tests.factories import PlanStepFactory

    PlanStepFactory(project=ahead, number=1, weight=Decimal("100"))
    response = planner_client.get(quarter_url(sort="gap"))
    assert [r.code for r in response.context["table"].page.object_list.data] == ["BEHIND", "AHEAD"]
    response = planner_client.get(quarter_url(sort="-gap"))
    assert [r.code for r in response.context["table"].page.object_list.data] == ["AHEAD", "BEHIND"]


def test_pagination_shows_fifty_rows_a_page(planner_client):
    agency = AgencyFactory()
    ProjectFactory.create_batch(55, agency=agency)
    first = planner_client.get(quarter_url())
    second = planner_client.get(quarter_url(page=2))
    assert len(first.context["table"].page.object_list) == 50
    assert len(second.context["table"].page.object_list) == 5
    assert first.context["row_count"] == 55


def test_csv_export_has_every_row_with_thai_headings(planner_client):
    project = project_behind_plan(code="01000000-2456")
    response = planner_client.get(quarter_url(export="csv"))
    assert response["Content-Disposition"].endswith(
        'evaluation-2566-q1-2566-02-01.csv"'
    )  # downloaded 1/2/2566
    assert response.content.startswith("\ufeff".encode())  # so that Excel reads the Thai
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header, first = lines[0], lines[1]
    record = dict(zip(header, first, strict=True))
    assert "เลือก" not in header
    assert record["โครงการ"] == "01000000-2456"
    assert record["ชื่อโครงการ/กิจกรรม"] == project.name
    assert record["แผน (%)"] == "40.00"
    assert record["ผล (%)"] == "30.00"
    assert record["ผลต่าง"] == "-10.00"
    assert record["งบประมาณที่ใช้ไป (บาท)"] == "410950.00"
    assert record["ใช้งบ (%)"] == "25.00"
    assert record["สถานะที่คำนวณ"] == "เป็นไปตามแผนแต่ควรติดตาม"
    assert record["ตรงกัน?"] == "ไม่ตรง"
    assert record["รายงานล่าสุด"] == "20/12/2565"
    assert record["เดือนที่ไม่รายงาน"] == "พฤศจิกายน"


def test_xlsx_export(planner_client):
    project_behind_plan(code="01000000-2456")
    response = planner_client.get(quarter_url(export="xlsx"))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.iter_rows(values_only=True))
    record = dict(zip(values[0], values[1], strict=True))
    assert record["โครงการ"] == "01000000-2456"
    assert record["ผลต่าง"] == -10  # a number, so the spreadsheet can sum it
    assert record["รายงานล่าสุด"] == datetime(2022, 12, 20)  # a date, shown in the Buddhist Era
    assert sheet.title == "ไตรมาส 1 ปี 2566"


def test_current_quarter_redirect(planner_client):
    response = planner_client.get(reverse("reports:current-quarter"))
    # 1 February 2023 is in quarter 2 of fiscal year 2566.
    assert response.status_code == 302
    assert response["Location"] == "/evaluation/2566/q2/"


@pytest.mark.parametrize("path", ["/evaluation/2566/q5/", "/evaluation/2566/q0/", "/evaluation/66/q1/"])
def test_a_quarter_outside_the_calendar_is_not_found(planner_client, path):
    assert planner_client.get(path).status_code == 404
