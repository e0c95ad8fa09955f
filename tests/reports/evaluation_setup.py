"""A project with a known quarter, shared by the evaluation tests."""

from datetime import date
from decimal import Decimal

from projects.choices import PlanStatus
from tests.factories import PlanStepFactory, ProgressReportFactory, ProjectFactory


def project_behind_plan(**kwargs):
    """FY 2566: 40 % of the plan is due by the end of quarter 1 (31/12/2565); the agency reported 30 %
    on 20/12/2565 and called it on plan."""
    project = ProjectFactory(**kwargs)
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
        end_date=date(2023, 9, 30),
    )
    ProgressReportFactory(
        project=project,
        number=1,
        report_date=date(2022, 10, 25),
        progress=Decimal("10.00"),
        disbursed=Decimal("100000.00"),
        plan_status=PlanStatus.ON_PLAN,
    )
    ProgressReportFactory(
        project=project,
        number=2,
        report_date=date(2022, 12, 20),
        progress=Decimal("30.00"),
        disbursed=Decimal("310950.00"),
        plan_status=PlanStatus.ON_PLAN,
    )
    # After the quarter: must not count in quarter 1's figures.
    ProgressReportFactory(
        project=project,
        number=3,
        report_date=date(2023, 1, 25),
        progress=Decimal("45.00"),
        disbursed=Decimal("500000.00"),
        plan_status=PlanStatus.ON_PLAN,
    )
    return project
