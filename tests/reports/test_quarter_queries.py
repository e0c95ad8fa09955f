"""The quarter page, its roll-ups and the overdue list cost the same number of queries for 10 projects as
for 1,000."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from projects.models import Evaluation, Kpi, KpiQuarterResult, PlanStep, ProgressReport, Project
from reports import selectors
from reports.views import common
from tests.factories import AgencyFactory, StrategyNodeFactory

pytestmark = pytest.mark.django_db


def create_projects(count: int, agencies, strategy, first: int = 0) -> None:
    """`count` projects with two steps, two reports, a KPI result and an evaluation each, in bulk."""
    projects = Project.objects.bulk_create(
        Project(
            code=f"Q-{n:05d}",
            name=f"โครงการ {n}",
            fiscal_year=2566,
            agency=agencies[n % len(agencies)],
            strategy=strategy if n % 2 else None,
            start_date=date(2022, 10, 1),
            end_date=date(2023, 9, 30),
            budget_received=Decimal("1000000.00"),
        )
        for n in range(first, first + count)
    )
    PlanStep.objects.bulk_create(
        PlanStep(
            project=p,
            number=number,
            description="ขั้นตอน",
            weight=Decimal("50"),
            start_date=start,
            end_date=end,
        )
        for p in projects
        for number, start, end in (
            (1, date(2022, 10, 1), date(2022, 12, 31)),
            (2, date(2023, 1, 1), date(2023, 9, 30)),
        )
    )
    ProgressReport.objects.bulk_create(
        ProgressReport(
            project=p,
            number=number,
            report_date=day,
            progress=Decimal(n % 60),
            disbursed=Decimal("1000.00"),
            plan_status="on_plan",
        )
        for n, p in enumerate(projects)
        for number, day in ((1, date(2022, 10, 20)), (2, date(2022, 12, 20)))
    )
    kpis = Kpi.objects.bulk_create(Kpi(project=p, name="ตัวชี้วัด") for p in projects)
    KpiQuarterResult.objects.bulk_create(
        KpiQuarterResult(kpi=k, quarter=1, score_1=Decimal("90"), score_2=Decimal("80")) for k in kpis
    )
    Evaluation.objects.bulk_create(Evaluation(project=p, quarter=1, score=Decimal("70")) for p in projects)


@pytest.fixture
def data():
    top = AgencyFactory(name="สำนักงานเขตบางรัก")
    agencies = [top, AgencyFactory(parent=top), AgencyFactory(name="สำนักการศึกษา")]
    strategy = StrategyNodeFactory()
    return agencies, strategy


def count_queries(func) -> int:
    with CaptureQueriesContext(connection) as queries:
        func()
    return len(queries)


def test_quarter_rows_run_one_query_whatever_the_number_of_projects(data, planner):

    def build():
        projects = selectors.quarter_projects(user=planner, fiscal_year=2566, quarter=1)
        return selectors.quarter_rows(projects, fiscal_year=2566, quarter=1, today=date(2023, 2, 1))

    create_projects(10, *data)
    build()  # the first call also looks up the user's role once
    small = count_queries(build)
    create_projects(990, *data, first=10)
    rows = build()
    large = count_queries(build)
    assert len(rows) == 1000
    # One query asks whether the quarter is frozen; figures, KPI results and evaluations are subqueries of one SELECT.
    assert small == large == 2
    assert rows[0].kpi_count == 1 and rows[0].score == Decimal("70")


@pytest.mark.parametrize(
    "url",
    [
        reverse("reports:quarter", kwargs={"fiscal_year": 2566, "quarter": 1}),
        reverse("reports:quarter", kwargs={"fiscal_year": 2566, "quarter": 1}) + "?sort=-gap&export=xlsx",
        reverse("reports:quarter", kwargs={"fiscal_year": 2566, "quarter": 1})
        + "?mismatch=on&status=off_plan",  # rows at both sizes: an empty page needs no SELECT of rows
        reverse("reports:rollups", kwargs={"fiscal_year": 2566, "quarter": 1}),
        reverse("reports:overdue"),
    ],
)
def test_pages_cost_the_same_for_10_and_1000_projects(client, data, monkeypatch, url, planner):
    monkeypatch.setattr(common, "local_today", lambda: date(2023, 2, 1))
    client.force_login(planner)
    create_projects(10, *data)
    small = count_queries(lambda: client.get(url))
    create_projects(990, *data, first=10)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    assert len(queries) == small
