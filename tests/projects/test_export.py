"""`projects.exporting`: the export's keys, its decimals as strings and a fixed number of queries."""

import json
from datetime import date, datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from projects.exporting import export_projects, export_queryset
from tests.factories import (
    AgencyFactory,
    EvaluationFactory,
    KpiFactory,
    KpiQuarterResultFactory,
    PlanStepFactory,
    ProgressReportFactory,
    ProjectFactory,
    StrategyNodeFactory,
)

pytestmark = pytest.mark.django_db

PROJECT_KEYS = {
    "code", "name", "name_tag", "fiscal_year", "agency", "agency_code", "responsible", "phone", "coordinator",
    "start_date", "end_date", "budget_received", "budget_used", "status", "progress", "rationale",
    "objectives", "targets", "strategy", "routine", "reports", "steps", "kpis", "evaluations",
}  # fmt: skip


def make_projects(count: int, department, strategy):
    division = AgencyFactory(
        parent=department, code=f"{department.code[:2]}{10 + count:02d}0000", name="กองทดสอบ"
    )
    for i in range(count):
        project = ProjectFactory(agency=division, strategy=strategy, code=f"{division.code}-{i:04d}")
        ProgressReportFactory(
            project=project, number=1, disbursed=Decimal("1000.50"), progress=Decimal("10.00")
        )
        ProgressReportFactory(
            project=project, number=2, disbursed=Decimal("250.25"), progress=Decimal("8.00")
        )
        PlanStepFactory(project=project, number=1)
        kpi = KpiFactory(project=project)
        KpiQuarterResultFactory(kpi=kpi, quarter=1)
        KpiQuarterResultFactory(kpi=kpi, quarter=2, result=Decimal("42.00"))
        EvaluationFactory(project=project, quarter=1)


def exported_with_queries():
    with CaptureQueriesContext(connection) as queries:
        data = export_projects(export_queryset())
    return data, len(queries)


def test_query_count_does_not_grow_with_the_number_of_projects():
    department = AgencyFactory(code="07000000", name="สำนักการศึกษา")
    top = StrategyNodeFactory(name="ด้านที่ ๑ – เมืองปลอดภัย")
    goal = StrategyNodeFactory(parent=top, name="๑.๑ - ลดอุบัติเหตุ", level=2)
    make_projects(2, department, goal)
    small, small_queries = exported_with_queries()
    make_projects(9, department, goal)
    large, large_queries = exported_with_queries()
    assert (len(small), len(large)) == (2, 11)
    assert small_queries == large_queries


def test_export_values_are_strings_with_their_places():
    department = AgencyFactory(code="07000000", name="สำนักการศึกษา")
    top = StrategyNodeFactory(name="ด้านที่ ๑ – เมืองปลอดภัย")
    goal = StrategyNodeFactory(parent=top, name="๑.๑ - ลดอุบัติเหตุ", level=2)
    make_projects(1, department, goal)
    [p] = export_projects(export_queryset())
    assert set(p) == PROJECT_KEYS
    assert p["agency"] == ["สำนักการศึกษา", "กองทดสอบ"]
    assert p["strategy"] == ["ด้านที่ ๑ – เมืองปลอดภัย", "๑.๑ - ลดอุบัติเหตุ"]
    assert (p["budget_received"], p["budget_used"], p["progress"]) == ("1643800.00", "1250.75", "8.00")
    assert [(r["number"], r["disbursed"]) for r in p["reports"]] == [(1, "1000.50"), (2, "250.25")]
    assert p["kpis"][0]["quarters"][1] == {
        "quarter": 2,
        "result": "42.00",
        "score_1": "100.00",
        "score_2": "100.00",
    }
    assert p["evaluations"] == [{"quarter": 1, "score": "100.0000"}]
    assert p["steps"][0]["weight"] == "100.00"


def test_budget_used_is_null_when_no_report_states_a_disbursement():
    project = ProjectFactory(strategy=None, routine=True)
    ProgressReportFactory(project=project, number=1, disbursed=None)
    [p] = export_projects(export_queryset())
    assert p["budget_used"] is None
    assert (p["strategy"], p["routine"]) == ([], True)


def test_command_prints_utf8_json_not_ascii_escaped():
    ProjectFactory(code="07000000-0001", name="โครงการห้องสมุด")
    out = StringIO()
    call_command("export_projects", stdout=out)
    assert "โครงการห้องสมุด" in out.getvalue()
    assert out.getvalue().startswith("[\n  {")
    assert json.loads(out.getvalue())[0]["name"] == "โครงการห้องสมุด"


def test_each_report_carries_its_approval_and_latest_step(staff, head, project):
    from projects.services.approval import return_report
    from projects.services.reports import ReportInput, create_report

    returned = create_report(
        user=staff,
        project=project,
        data=ReportInput(report_date=date(2022, 10, 25), progress=Decimal("5"), text="เริ่มงาน"),
    )
    return_report(user=head, report=returned, comment="แนบหลักฐานการเบิกจ่าย")
    draft = ProgressReportFactory(project=project, number=2, report_date=date(2022, 11, 25))

    [p] = export_projects(export_queryset(codes=[project.code]))

    first, second = p["reports"]
    assert (first["number"], second["number"]) == (returned.number, draft.number)
    assert first["approval"]["state"] == "returned"
    assert first["approval"]["by"] == "head"
    assert first["approval"]["comment"] == "แนบหลักฐานการเบิกจ่าย"
    assert datetime.fromisoformat(first["approval"]["at"]) == returned.transitions.last().at
    assert second["approval"] == {"state": "draft", "by": None, "at": None, "comment": None}
