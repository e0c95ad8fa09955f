"""Roll-ups by agency and by strategy, and the charts drawn from them."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from projects.choices import PlanStatus, ProjectStatus
from projects.models import Agency
from reports import charts, selectors
from reports.views import common
from tests.factories import (
    AgencyFactory,
    PlanStepFactory,
    ProgressReportFactory,
    ProjectFactory,
    StrategyNodeFactory,
)

from .evaluation_setup import project_behind_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def quarter():
    """District (with a section) and a department; five projects of FY 2566 with known quarter-1 figures."""
    district = AgencyFactory(name="สำนักงานเขตพระนคร")
    section = AgencyFactory(parent=district, name="ฝ่ายโยธา")
    department = AgencyFactory(name="สำนักการโยธา")
    seven = StrategyNodeFactory(name="ด้านที่ ๗ – การบริหารจัดการเมืองมหานคร")
    goal = StrategyNodeFactory(parent=seven, name="๗.๒", level=2)

    project_behind_plan(code="BEHIND", agency=district, strategy=goal)  # monitor, 30 %, 410,950 used
    on_time = ProjectFactory(code="ONTIME", agency=section, budget_received=Decimal("1000000.00"))
    PlanStepFactory(project=on_time, number=1, weight=Decimal("100"))
    ProgressReportFactory(
        project=on_time,
        number=1,
        report_date=date(2022, 12, 1),
        progress=Decimal("50"),
        disbursed=Decimal("89050"),
    )
    ProjectFactory(code="CANCELLED", agency=district, status=ProjectStatus.CANCELLED)
    ProjectFactory(code="SILENT", agency=department, routine=True)
    off = ProjectFactory(code="OFF", agency=department, strategy=seven)
    PlanStepFactory(project=off, number=1, weight=Decimal("100"), end_date=date(2022, 11, 30))
    ProgressReportFactory(
        project=off,
        number=1,
        report_date=date(2022, 12, 1),
        progress=Decimal("20"),
        plan_status=PlanStatus.OFF_PLAN,
    )
    return district, department, seven


def build(user):
    projects = selectors.quarter_projects(user=user, fiscal_year=2566, quarter=1)
    rows = selectors.quarter_rows(projects, fiscal_year=2566, quarter=1, today=date(2023, 2, 1))
    return projects, rows


def test_agency_rollup_counts_sub_agencies_with_their_department(quarter, planner):

    projects, _ = build(planner)
    lines = {line.name: line for line in selectors.rollups(projects)[0]}
    assert set(lines) == {"สำนักงานเขตพระนคร", "สำนักการโยธา"}

    pranakorn = lines["สำนักงานเขตพระนคร"]
    assert pranakorn.projects == 3
    assert pranakorn.counts == {"monitor": 1, "on_plan": 1, "cancelled": 1}
    assert pranakorn.average_progress == Decimal("40.00")  # (30 + 50) / 2; no report, no average
    assert pranakorn.budget_received == Decimal("4287600.00")
    assert pranakorn.budget_used == Decimal("500000.00")
    assert pranakorn.budget_used_rate == Decimal("11.66")

    yotha = lines["สำนักการโยธา"]
    assert yotha.projects == 2
    assert yotha.counts == {"not_reported": 1, "off_plan": 1}
    assert yotha.average_progress == Decimal("20.00")


def test_strategy_rollup_by_top_level_strategy(quarter, planner):

    projects, _ = build(planner)
    lines = {line.name: line for line in selectors.rollups(projects)[1]}
    assert lines["ด้านที่ ๗ – การบริหารจัดการเมืองมหานคร"].projects == 2
    assert lines["ด้านที่ ๗ – การบริหารจัดการเมืองมหานคร"].counts == {"monitor": 1, "off_plan": 1}
    unaligned = lines["ไม่ระบุยุทธศาสตร์ / งานประจำของหน่วยงาน"]
    assert unaligned.projects == 3
    assert unaligned.counts == {"on_plan": 1, "cancelled": 1, "not_reported": 1}


def test_stacked_bar_chart_per_agency(quarter, planner):
    projects, _ = build(planner)
    figure = charts.status_by_agency(selectors.rollups(projects)[0])
    assert figure["layout"]["barmode"] == "stack"
    traces = {trace["name"]: trace for trace in figure["data"]}
    assert {trace["orientation"] for trace in figure["data"]} == {"h"}  # names read across, never rotated
    assert traces["เป็นไปตามแผนแต่ควรติดตาม"]["y"] == ["สำนักงานเขตพระนคร", "สำนักการโยธา"]
    assert traces["เป็นไปตามแผนแต่ควรติดตาม"]["x"] == [1, 0]
    assert traces["ไม่เป็นไปตามแผน"]["x"] == [0, 1]


def test_agency_bars_are_sorted_by_size_and_the_rest_grouped():
    lines = [
        selectors.RollupLine(key=str(n), name=f"เขต {n}", projects=n, average_progress=None,
                             budget_received=None, budget_used=None, counts={"on_plan": n, "off_plan": 1})
        for n in range(1, 6)
    ]  # fmt: skip
    bars = charts.agency_bars(lines, top=2)
    assert [name for name, _ in bars] == ["เขต 5", "เขต 4", "หน่วยงานอื่น (3 หน่วยงาน)"]
    assert bars[-1][1] == {"on_plan": 1 + 2 + 3, "off_plan": 3}


def test_gap_bins_are_coloured_by_the_plan_status_of_their_lowest_gap():
    """The plan-status rule decides the colours: a gap of −10 still reaches "to monitor", below it is not on
    plan, from 0 on it is on plan."""
    figure = charts.gap_chart([(-30, 1), (-20, 2), (-10, 3), (0, 4), (10, 5)])
    on, monitor, off = (
        charts.CATEGORY_COLOURS[s] for s in (PlanStatus.ON_PLAN, PlanStatus.MONITOR, PlanStatus.OFF_PLAN)
    )
    assert figure["data"][0]["marker"]["color"] == [off, off, monitor, on, on]


def test_rollup_page_passes_charts_as_json_and_draws_them_with_a_static_script(
    client, quarter, monkeypatch, planner
):
    monkeypatch.setattr(common, "local_today", lambda: date(2023, 2, 1))
    client.force_login(planner)
    response = client.get(reverse("reports:rollups", kwargs={"fiscal_year": 2566, "quarter": 1}))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<script id="status-chart" type="application/json">' in html
    assert '<script id="gap-chart" type="application/json">' in html
    assert "/static/plotly/plotly.min.js" in html
    assert "/static/projects/chart.js" in html
    assert "Plotly.newPlot" not in html  # nothing inline: the CSP allows only our own scripts
    assert "สำนักงานเขตพระนคร" in html
    assert "11.66" in html


def test_each_agency_row_links_to_its_quarterly_summary_pdf_and_batch_printing_is_in_the_menu(
    client, quarter, monkeypatch, planner
):
    monkeypatch.setattr(common, "local_today", lambda: date(2023, 2, 1))
    client.force_login(planner)
    html = client.get(reverse("reports:rollups", kwargs={"fiscal_year": 2566, "quarter": 1})).content.decode()
    district = Agency.objects.get(name="สำนักงานเขตพระนคร")
    summary = reverse(
        "reports:quarter-summary-pdf",
        kwargs={"fiscal_year": 2566, "quarter": 1, "agency_code": district.code},
    )
    assert f'<a href="{summary}">PDF</a>' in html
    assert f'href="{reverse("reports:batch-list")}"' in html
    quarter_page = client.get(
        reverse("reports:quarter", kwargs={"fiscal_year": 2566, "quarter": 1}), {"agency": district.pk}
    ).content.decode()
    assert f'href="{summary}"' in quarter_page
    assert "พิมพ์แบบสรุปรายไตรมาสของสำนักงานเขตพระนคร (PDF)" in quarter_page
