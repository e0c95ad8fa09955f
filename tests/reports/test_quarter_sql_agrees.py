"""The quarter's statuses computed in SQL (to filter, sort and count) agree with the row's own Python
properties (`figures.QuarterRow`, `suggest_plan_status`, `categorize`) on varied random projects."""

import random
from collections import Counter
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db.models import F

from projects.choices import PlanStatus, ProjectStatus
from reports import selectors
from tests.factories import PlanStepFactory, ProgressReportFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def random_project(rng: random.Random, n: int) -> None:
    project = ProjectFactory(
        code=f"X-{n:03d}",
        status=rng.choice([ProjectStatus.ACTIVE, ProjectStatus.ACTIVE, ProjectStatus.CANCELLED]),
        budget_received=rng.choice([None, Decimal("0"), Decimal("1000000.00"), Decimal("333333.33")]),
    )
    if rng.random() < 0.8:
        start = date(2022, 10, 1) + timedelta(days=rng.randint(0, 60))
        PlanStepFactory(
            project=project,
            number=1,
            weight=Decimal("100"),
            start_date=start,
            end_date=start + timedelta(days=rng.randint(0, 200)),
        )
    for number in range(1, rng.randint(0, 3) + 1):
        ProgressReportFactory(
            project=project,
            number=number,
            report_date=date(2022, 9 + number, rng.randint(1, 28)),
            # Around the plan, so gaps fall on both sides of 0 and −10, and on them.
            progress=Decimal(rng.choice([0, 5, 10, 15, 20, 25, 30, 35, 40, 50]))
            + Decimal(rng.choice(["0", "0.21", "0.5"])),
            disbursed=Decimal(rng.randint(0, 50000)),
            plan_status=rng.choice([None, "", *PlanStatus.values]),
        )


def test_sql_status_gap_mismatch_and_category_equal_the_rows_own(planner):
    rng = random.Random(9)
    for n in range(60):
        random_project(rng, n)
    projects = selectors.quarter_projects(user=planner, fiscal_year=2566, quarter=1)
    rows = {
        r.pk: r for r in selectors.quarter_rows(projects, fiscal_year=2566, quarter=1, today=date(2023, 2, 1))
    }
    names = ["q_gap", "q_computed_status", "q_mismatch", "q_category", "q_used_rate"]
    # Aliases (used only to filter, sort and count), promoted here to be read.
    promoted = projects.annotate(**{f"{n}_": F(n) for n in names})
    in_sql = promoted.values_list("pk", *[f"{n}_" for n in names])
    categories = Counter()
    for pk, gap, computed, mismatch, category, used_rate in in_sql:
        row = rows[pk]
        assert (gap, computed, bool(mismatch), category, used_rate) == (
            row.gap,
            row.computed_status,
            row.mismatch,
            row.category,
            row.budget_used_rate,
        ), row.code
        categories[category] += 1
    assert len(rows) == 60
    assert {"on_plan", "monitor", "off_plan", "cancelled", "not_reported"} <= set(categories)
