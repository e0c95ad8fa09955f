"""Invariants the database itself holds, whatever code writes to it."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from projects.models import Project
from tests.factories import (
    AgencyFactory,
    EvaluationFactory,
    KpiQuarterResultFactory,
    PlanStepFactory,
    ProgressReportFactory,
    ProjectFactory,
)

pytestmark = pytest.mark.django_db


def refused(factory, **kwargs) -> bool:
    try:
        with transaction.atomic():
            factory(**kwargs)
    except IntegrityError:
        return True
    return False


def test_project_code_is_unique_within_a_fiscal_year_only():
    ProjectFactory(code="01000000-2456", fiscal_year=2563)
    assert refused(ProjectFactory, code="01000000-2456", fiscal_year=2563)
    assert not refused(ProjectFactory, code="01000000-2456", fiscal_year=2564)


def test_projects_without_code_do_not_collide():
    ProjectFactory(code=None, fiscal_year=2566)
    assert not refused(ProjectFactory, code=None, fiscal_year=2566)


@pytest.mark.parametrize(
    "fields",
    [
        {"budget_received": Decimal("-0.01")},
        {"budget_returned": Decimal("-1")},
        {"fiscal_year": 2023},  # a Gregorian year where a BE one belongs
        {"start_date": date(2023, 10, 1), "end_date": date(2023, 9, 30)},
    ],
)
def test_project_invariants(fields):
    assert refused(ProjectFactory, **fields)


def test_routine_work_supports_no_strategy():
    from tests.factories import StrategyNodeFactory

    assert refused(ProjectFactory, routine=True, strategy=StrategyNodeFactory())


@pytest.mark.parametrize("progress", [Decimal("-0.01"), Decimal("100.01")])
def test_report_progress_is_a_percentage(progress):
    assert refused(ProgressReportFactory, progress=progress)


def test_report_progress_bounds_are_allowed():
    assert not refused(ProgressReportFactory, progress=Decimal("0"))
    assert not refused(ProgressReportFactory, progress=Decimal("100"))


def test_report_disbursement_is_not_negative():
    assert refused(ProgressReportFactory, disbursed=Decimal("-5.00"))


def test_report_number_is_unique_per_project():
    report = ProgressReportFactory(number=1)
    assert refused(ProgressReportFactory, project=report.project, number=1)
    assert not refused(ProgressReportFactory, number=1)  # another project


def test_plan_step_weight_and_dates():
    assert refused(PlanStepFactory, weight=Decimal("100.01"))
    assert refused(PlanStepFactory, start_date=date(2023, 2, 1), end_date=date(2023, 1, 31))
    step = PlanStepFactory(number=1)
    assert refused(PlanStepFactory, project=step.project, number=1)


@pytest.mark.parametrize("quarter", [0, 5])
def test_quarters_are_1_to_4(quarter):
    assert refused(EvaluationFactory, quarter=quarter)
    assert refused(KpiQuarterResultFactory, quarter=quarter)


def test_scores_are_0_to_100():
    assert refused(EvaluationFactory, score=Decimal("100.0001"))
    assert refused(KpiQuarterResultFactory, score_1=Decimal("101"))
    assert refused(KpiQuarterResultFactory, score_2=Decimal("-1"))


def test_one_evaluation_per_project_and_quarter():
    evaluation = EvaluationFactory(quarter=2)
    assert refused(EvaluationFactory, project=evaluation.project, quarter=2)


def test_budget_used_is_the_sum_of_disbursements():
    project = ProjectFactory()
    ProgressReportFactory(project=project, number=1, disbursed=Decimal("495000.00"))
    ProgressReportFactory(project=project, number=2, disbursed=Decimal("0.00"), progress=Decimal("25"))
    ProgressReportFactory(project=project, number=3, disbursed=Decimal("1234.56"), progress=Decimal("30"))
    annotated = Project.objects.with_figures().get(pk=project.pk)
    assert annotated.budget_used == Decimal("496234.56")
    assert annotated.latest_progress == Decimal("30.00")


def test_budget_used_is_unknown_when_no_report_states_a_disbursement():
    project = ProjectFactory()
    ProgressReportFactory(project=project, number=1, disbursed=None)
    assert Project.objects.with_figures().get(pk=project.pk).budget_used is None


def test_agency_subtree_query():
    bureau = AgencyFactory(code="04000000", name="สำนักปลัดกรุงเทพมหานคร")
    division = AgencyFactory(code="04160000", name="ส่วนส่งเสริมความสัมพันธ์ระหว่างเมือง", parent=bureau)
    other = AgencyFactory(code="05000000", name="สำนักการโยธา")
    inside = ProjectFactory(agency=division)
    ProjectFactory(agency=other)
    bureau.refresh_from_db()
    assert list(Project.objects.under_agency(bureau)) == [inside]
    assert division.path_names() == ["สำนักปลัดกรุงเทพมหานคร", "ส่วนส่งเสริมความสัมพันธ์ระหว่างเมือง"]


def test_every_change_keeps_history_with_before_and_after():
    project = ProjectFactory(responsible="นางสาวสมศรี ตั้งใจ")
    project.responsible = "นายสมชาย ใจดี"
    project.save()
    newest, previous = project.history.all()[:2]
    delta = newest.diff_against(previous)
    assert [(c.field, c.old, c.new) for c in delta.changes] == [
        ("responsible", "นางสาวสมศรี ตั้งใจ", "นายสมชาย ใจดี")
    ]
