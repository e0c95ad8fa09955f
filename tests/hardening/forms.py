"""Valid posts of every write form, so an attack test changes one field at a time and keeps the rest real.

URLs come from the views' own helpers (`project_url`, `reverse`), so the tests follow the URL patterns.
"""

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.urls import reverse

from projects.models import Kpi, ProgressReport, Project
from projects.views.editing import project_url
from tests.factories import AgencyFactory, KpiFactory, PlanStepFactory, ProgressReportFactory, ProjectFactory


def hidden(html: str, name: str) -> str:
    match = re.search(rf'name="{re.escape(name)}" value="([^"]*)"', html)
    return match.group(1) if match else ""


@dataclass
class WriteForm:
    """A page with a form: where it is, who posts it, a valid post, and how to read what it stored."""

    name: str
    url: str
    role: str  # "staff" or "planner"
    fields: dict[str, str]
    # Fields that hold free text and fields that hold numbers, for the property tests.
    text_fields: tuple[str, ...] = ()
    number_fields: tuple[str, ...] = ()


def project_with_plan(agency) -> Project:
    """FY 2566, a plan of one step, one report, one indicator with a Q1 result."""
    project = ProjectFactory(code="01000600-2456", agency=agency, fiscal_year=2566)
    PlanStepFactory(project=project, number=1, weight=Decimal("100"))
    ProgressReportFactory(project=project, number=1, report_date=date(2022, 10, 25))
    kpi = KpiFactory(project=project)
    kpi.quarters.create(quarter=1, result=Decimal("21"), score_1=Decimal("100"), score_2=Decimal("100"))
    return project


def report_values() -> dict[str, str]:
    return {
        "report_date": "25/11/2565",
        "progress": "20.00",
        "text": "จัดประชุมคณะทำงาน",
        "problems": "-",
        "obstacles": "ไม่มี",
        "disbursed": "12,500.50",
        "plan_status": "monitor",
        "target_status": "met",
        "reason": "เหตุผล",
    }


def kpi_values() -> dict[str, str]:
    values = {
        "code": "0100-0807",
        "name": "ร้อยละของผู้เข้าร่วม",
        "unit": "percent",
        "target": "80",
        "achieved": "50",
        "kind": "routine",
        "level": "output",
    }
    for q in (1, 2, 3, 4):
        values |= {f"q{q}_result": "", f"q{q}_score_1": "", f"q{q}_score_2": ""}
    values |= {"q1_result": "21", "q1_score_1": "100", "q1_score_2": "100"}
    return values


def plan_values(project: Project) -> dict[str, str]:
    step = project.steps.order_by("pk").first()
    return {
        "steps-TOTAL_FORMS": "1",
        "steps-INITIAL_FORMS": "0",
        "steps-MIN_NUM_FORMS": "0",
        "steps-MAX_NUM_FORMS": "1000",
        "steps-0-id": str(step.pk),
        "steps-0-description": "ขออนุมัติโครงการ",
        "steps-0-weight": "100",
        "steps-0-start_date": "01/10/2565",
        "steps-0-end_date": "30/09/2566",
    }


def project_values() -> dict[str, str]:
    return {
        "responsible": "นางสาวสมศรี ตั้งใจ",
        "phone": "02 123 4567",
        "start_date": "01/10/2565",
        "end_date": "30/09/2566",
        "budget_received": "1,643,800.00",
        "rationale": "หลักการ",
        "objectives": "วัตถุประสงค์",
        "targets": "เป้าหมาย",
    }


def write_forms(project: Project) -> list[WriteForm]:
    """Every write form of the application, each with a valid post for `project`."""
    report = ProgressReport.objects.get(project=project, number=1)
    kpi = Kpi.objects.filter(project=project).order_by("pk").first()
    quarter_kwargs = {"fiscal_year": project.fiscal_year, "quarter": 1}
    return [
        WriteForm(
            "report-create",
            project_url("report-create", project),
            "staff",
            report_values(),
            text_fields=("text", "problems", "obstacles", "reason", "report_date"),
            number_fields=("progress", "disbursed"),
        ),
        WriteForm(
            "report-edit",
            project_url("report-edit", project, number=report.number),
            "staff",
            report_values() | {"report_date": "25/10/2565", "report_id": str(report.pk)},
            text_fields=("text", "problems", "obstacles", "reason", "report_date"),
            number_fields=("progress", "disbursed"),
        ),
        WriteForm(
            "plan-edit",
            project_url("plan-edit", project),
            "staff",
            plan_values(project),
            text_fields=("steps-0-description", "steps-0-start_date", "steps-0-end_date"),
            number_fields=("steps-0-weight", "steps-TOTAL_FORMS"),
        ),
        WriteForm(
            "kpi-create",
            project_url("kpi-create", project),
            "staff",
            kpi_values(),
            text_fields=("code", "name"),
            number_fields=("target", "achieved", "q2_result", "q2_score_1", "q2_score_2"),
        ),
        WriteForm(
            "kpi-edit",
            project_url("kpi-edit", project, kpi_id=kpi.pk),
            "staff",
            kpi_values(),
            text_fields=("code", "name"),
            number_fields=("target", "achieved", "q1_result", "q1_score_1", "q1_score_2"),
        ),
        WriteForm(
            "status-edit",
            project_url("status-edit", project),
            "staff",
            {"action": "cancel", "reason": "งบประมาณถูกตัด", "budget_returned": "1,000"},
            text_fields=("reason",),
            number_fields=("budget_returned",),
        ),
        WriteForm(
            "project-edit",
            project_url("project-edit", project),
            "staff",
            project_values(),
            text_fields=("responsible", "phone", "rationale", "objectives", "targets", "start_date"),
            number_fields=("budget_received",),
        ),
        WriteForm(
            "score-project",
            reverse("reports:score-project", kwargs=quarter_kwargs | {"pk": project.pk}),
            "planner",
            {"score": "85", "comment": "ดี", f"kpi_{kpi.pk}_1": "90", f"kpi_{kpi.pk}_2": "80"},
            text_fields=("comment",),
            number_fields=("score", f"kpi_{kpi.pk}_1", f"kpi_{kpi.pk}_2"),
        ),
        WriteForm(
            "score-bulk",
            reverse("reports:score-bulk", kwargs=quarter_kwargs),
            "planner",
            {"select": str(project.pk), "score": "85", "comment": "ดี"},
            text_fields=("comment",),
            number_fields=("score", "select"),
        ),
    ]


def another_agency():
    return AgencyFactory(code="04160000", name="สำนักงานเขตบางรัก")


def post(client, form: WriteForm, **overrides: str):
    """Post `form` with `overrides`; a staff form is first opened so its version and token are real."""
    values = dict(form.fields)
    if form.role == "staff":
        html = client.get(form.url).content.decode()
        values |= {"version": hidden(html, "version"), "token": hidden(html, "token")}
    values |= overrides
    return client.post(form.url, values)
