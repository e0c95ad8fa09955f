"""A project with a known quarter, shared by the evaluation tests; its change history dated as it happened."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from projects.choices import PlanStatus
from projects.models import Project
from tests.factories import PlanStepFactory, ProgressReportFactory, ProjectFactory

BANGKOK = ZoneInfo("Asia/Bangkok")


def at(day: date, hour: int = 12, minute: int = 0, second: int = 0) -> datetime:
    """`day` at that time in Bangkok."""
    return datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=BANGKOK)


def recorded_since(project: Project, day: date) -> None:
    """Date the project's change history to `day`, as if it had been entered then (the factories record it
    now, years after the quarters the tests use)."""
    Project.history.filter(id=project.pk).update(history_date=at(day, 8))


def budget_raised(project: Project, amount: Decimal, *, on: datetime) -> Project:
    """The project's budget received set to `amount` and saved, its change recorded at `on`."""
    project = Project.objects.get(pk=project.pk)
    project.budget_received = amount
    project._history_date = on
    project.save()
    return project


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
