"""What goes on the forms: snapshots built from the database in a fixed number of queries."""

from datetime import date
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from projects.choices import PlanStatus, ProjectStatus
from reports import services
from reports.documents import (
    ROUTINE_WORK,
    project_form_snapshot,
    project_form_snapshots,
    quarter_summary_snapshot,
)
from tests.factories import (
    AgencyFactory,
    EvaluationFactory,
    PlanStepFactory,
    ProgressReportFactory,
    ProjectFactory,
    UserFactory,
)
from tests.reports.pdf_fixtures import (
    COORDINATOR,
    DEPARTMENT,
    DIVISION,
    INDICATOR,
    NAME,
    STRATEGY_PATH,
    agency_tree,
    legacy_project,
)


def test_project_form_snapshot_holds_the_values_as_printed(db):
    project = legacy_project()
    snapshot = project_form_snapshot(project.pk)
    fields = snapshot["project"]
    assert fields["code"] == "04160000-6968"
    assert fields["name"] == NAME
    assert fields["fiscal_year"] == "2566"
    assert fields["start_date"] == "01/10/2565"
    assert fields["end_date"] == "30/09/2566"
    assert fields["budget_received"] == "1,643,800.00"
    assert fields["budget_used"] == "495,000.00"
    assert fields["agency"] == f"{DEPARTMENT} / {DIVISION}"
    assert fields["coordinator"] == COORDINATOR
    assert fields["strategy"] == [
        ["ประเด็นยุทธศาสตร์", STRATEGY_PATH[0]],
        ["ประเด็นยุทธศาสตร์ย่อย", STRATEGY_PATH[1]],
        ["เป้าหมายที่", STRATEGY_PATH[2]],
    ]
    assert fields["strategy_indicator"] == INDICATOR
    first, last = snapshot["reports"][0], snapshot["reports"][-1]
    assert first == {
        "number": 1,
        "date": "26/01/2566",
        "text": first["text"],
        "progress": "20.00",
        "disbursed": "495,000.00",
        "plan_status": "เป็นไปตามแผน",
        "target_status": "เป็นไปตามเป้าหมาย",
    }
    assert first["text"].startswith("นิทรรศการประชาสัมพันธ์ข้อมูล")
    assert (last["number"], last["date"], last["progress"]) == (10, "29/09/2566", "100.00")


def test_routine_work_prints_the_routine_lines(db):
    project = ProjectFactory(routine=True, strategy=None, strategy_indicator="มิติที่ 1 ป.1")
    snapshot = project_form_snapshot(project.pk)
    assert [line[1] for line in snapshot["project"]["strategy"]] == [ROUTINE_WORK] * 3


def test_missing_statuses_and_amounts_print_as_dash_and_zero(db):
    report = ProgressReportFactory(disbursed=None, plan_status=None, target_status=None)
    snapshot = project_form_snapshot(report.project_id)
    assert snapshot["reports"][0]["disbursed"] == "0.00"
    assert snapshot["reports"][0]["plan_status"] == "–"
    assert snapshot["project"]["budget_used"] == "0.00"


def test_deleted_project_has_no_snapshot(db):
    assert project_form_snapshot(987654) is None


def _queries(function):
    with CaptureQueriesContext(connection) as captured:
        function()
    return len(captured.captured_queries)


def test_project_form_snapshots_cost_the_same_queries_for_1_or_12_projects(db):
    agency_tree()
    few = [legacy_project(reports=3, code="04160000-0001").pk]
    many = few + [legacy_project(reports=5, code=f"04160000-{n:04d}").pk for n in range(2, 13)]
    # projects, reports, their evidence, agencies, strategy nodes
    assert _queries(lambda: project_form_snapshots(few)) == 5
    assert _queries(lambda: project_form_snapshots(many)) == 5
    assert list(project_form_snapshots(many)) == many


# --- The quarterly summary ----------------------------------------------------------------------------------
def _summary_data():
    department = AgencyFactory(code="06000000", name="สำนักการโยธา")
    division = AgencyFactory(code="06010000", name="กองสำรวจและแผนที่", parent=department)
    project = ProjectFactory(
        code="06000000-0001", agency=department, budget_received=Decimal("1000000.00"), fiscal_year=2566
    )
    # plan: 40 % in October–December 2022, 60 % in January–March 2023
    PlanStepFactory(
        project=project,
        number=1,
        weight=Decimal("40"),
        start_date=date(2022, 10, 1),
        end_date=date(2022, 12, 31),
    )
    PlanStepFactory(
        project=project,
        number=2,
        weight=Decimal("60"),
        start_date=date(2023, 1, 1),
        end_date=date(2023, 3, 31),
    )
    ProgressReportFactory(
        project=project,
        number=1,
        report_date=date(2022, 11, 25),
        progress=Decimal("20"),
        disbursed=Decimal("100000.50"),
    )
    ProgressReportFactory(
        project=project,
        number=2,
        report_date=date(2022, 12, 26),
        progress=Decimal("35"),
        disbursed=Decimal("200000.25"),
        plan_status=PlanStatus.MONITOR,
    )
    # after the end of quarter 1: not counted in its summary
    ProgressReportFactory(
        project=project,
        number=3,
        report_date=date(2023, 1, 25),
        progress=Decimal("50"),
        disbursed=Decimal("5"),
    )
    EvaluationFactory(project=project, quarter=1, score=Decimal("87.5"))
    EvaluationFactory(project=project, quarter=2, score=Decimal("10"))
    other = ProjectFactory(
        code="06010000-0002",
        agency=division,
        budget_received=Decimal("250000.00"),
        fiscal_year=2566,
        status=ProjectStatus.DELAYED,
    )
    ProjectFactory(code="06010000-0003", agency=division, fiscal_year=2567)  # another fiscal year
    return department, division, project, other


def test_quarter_summary_rows_and_totals_per_agency(db):
    department, _, _, _ = _summary_data()
    summary = quarter_summary_snapshot(department, 2566, 1)
    assert summary["quarter_end"] == "31/12/2565"
    assert [g["agency_code"] for g in summary["groups"]] == ["06000000", "06010000"]
    row = summary["groups"][0]["rows"][0]
    assert row["code"] == "06000000-0001"
    assert row["planned"] == "40.00"
    assert row["actual"] == "35.00"
    assert row["budget_received"] == "1,000,000.00"
    assert row["budget_used"] == "300,000.75"
    assert row["plan_status"] == "เป็นไปตามแผนแต่ควรติดตาม"
    assert row["score"] == "87.50"
    other_row = summary["groups"][1]["rows"][0]
    assert (other_row["code"], other_row["actual"], other_row["planned"]) == ("06010000-0002", "–", "–")
    assert other_row["project_status"] == "ขอชะลอ"
    assert summary["groups"][1]["agency"] == "สำนักการโยธา / กองสำรวจและแผนที่"
    assert summary["groups"][0]["totals"] == {
        "projects": 1,
        "budget_received": "1,000,000.00",
        "budget_used": "300,000.75",
    }
    assert summary["totals"] == {
        "projects": 2,
        "budget_received": "1,250,000.00",
        "budget_used": "300,000.75",
    }


def test_quarter_summary_of_quarter_2_takes_later_reports_and_plan(db):
    department, _, _, _ = _summary_data()
    row = quarter_summary_snapshot(department, 2566, 2)["groups"][0]["rows"][0]
    assert (row["planned"], row["actual"], row["budget_used"], row["score"]) == (
        "100.00",
        "50.00",
        "300,005.75",
        "10.00",
    )


def test_quarter_summary_of_a_division_leaves_out_its_parent(db):
    _, division, _, _ = _summary_data()
    summary = quarter_summary_snapshot(division, 2566, 1)
    assert [r["code"] for g in summary["groups"] for r in g["rows"]] == ["06010000-0002"]


def test_quarter_summary_costs_the_same_queries_whatever_the_number_of_projects(db):
    department, division, _, _ = _summary_data()
    small = _queries(lambda: quarter_summary_snapshot(department, 2566, 1))
    for n in range(10):
        project = ProjectFactory(code=f"06010000-1{n:03d}", agency=division, fiscal_year=2566)
        PlanStepFactory(project=project, number=1)
        ProgressReportFactory(project=project, number=1)
        EvaluationFactory(project=project, quarter=1)
    # Agencies, whether the quarter is frozen, projects, plan steps, reports, evaluations.
    assert _queries(lambda: quarter_summary_snapshot(department, 2566, 1)) == small == 6


def test_a_closed_quarters_summary_reads_its_snapshot_in_a_fixed_number_of_queries(db):
    department, division, _, _ = _summary_data()
    services.close_quarter(fiscal_year=2566, quarter=1, user=UserFactory(planner=True))
    small = _queries(lambda: quarter_summary_snapshot(department, 2566, 1))
    before = quarter_summary_snapshot(department, 2566, 1)["totals"]["projects"]
    for n in range(10):
        ProjectFactory(code=f"06010000-1{n:03d}", agency=division, fiscal_year=2566)
    assert quarter_summary_snapshot(department, 2566, 1)["totals"]["projects"] == before  # frozen
    services.reopen_quarter(fiscal_year=2566, quarter=1, user=None, reason="เพิ่มโครงการ")
    services.close_quarter(fiscal_year=2566, quarter=1, user=None)
    summary = quarter_summary_snapshot(department, 2566, 1)
    # Agencies, whether the quarter is frozen and whether an exception has ended (one query), the snapshots.
    assert _queries(lambda: quarter_summary_snapshot(department, 2566, 1)) == small == 3
    assert summary["totals"]["projects"] == before + 10
