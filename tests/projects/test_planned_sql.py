"""The planned % computed in SQL equals `progress.planned_progress`, the one definition, on random plans."""

import random
from datetime import date, timedelta
from decimal import Decimal

import pytest

from projects.models import Project
from projects.planned_sql import planned_on
from projects.progress import Step, planned_progress
from tests.factories import PlanStepFactory, ProjectFactory

pytestmark = pytest.mark.django_db

YEAR_START = date(2022, 10, 1)


def random_steps(rng: random.Random) -> list[Step]:
    steps = []
    for _ in range(rng.randint(1, 6)):
        start = YEAR_START + timedelta(days=rng.randint(-30, 360))
        end = start + timedelta(days=rng.choice([0, 1, 2, 6, 29, 30, 89, 91, 180, 364, rng.randint(0, 400)]))
        # Whole, half and odd satang weights, so ties at half a satang occur and get rounded alike.
        weight = rng.choice(
            [
                Decimal(rng.randint(1, 60)),
                Decimal(rng.randint(1, 6000)) / 100,
                Decimal("33.33"),
                Decimal("10.01"),
            ]
        )
        steps.append(Step(weight, start, end))
    return steps


def test_sql_planned_progress_equals_the_python_definition():
    rng = random.Random(20240521)
    plans = {}
    for n in range(150):
        project = ProjectFactory(code=f"R-{n:03d}")
        steps = random_steps(rng)
        for number, step in enumerate(steps, start=1):
            PlanStepFactory(
                project=project, number=number, weight=step.weight, start_date=step.start, end_date=step.end
            )
        plans[project.pk] = steps
    ProjectFactory(code="NO-STEPS")
    days = [
        YEAR_START - timedelta(days=1),
        YEAR_START,
        date(2022, 12, 31),
        date(2023, 3, 31),
        date(2023, 6, 30),
    ]
    days += [YEAR_START + timedelta(days=rng.randint(0, 420)) for _ in range(5)]
    compared = 0
    for day in days:
        in_sql = dict(Project.objects.annotate(planned=planned_on(day)).values_list("pk", "planned"))
        for pk, steps in plans.items():
            assert in_sql[pk] == planned_progress(steps, day), (day, steps)
            compared += 1
        assert [v for pk, v in in_sql.items() if pk not in plans] == [None]
    assert compared == 1500


def test_a_plan_step_half_done_on_a_known_day():
    project = ProjectFactory()
    PlanStepFactory(
        project=project,
        number=1,
        weight=Decimal("40"),
        start_date=date(2023, 1, 1),
        end_date=date(2023, 1, 10),
    )
    PlanStepFactory(
        project=project,
        number=2,
        weight=Decimal("60"),
        start_date=date(2023, 2, 1),
        end_date=date(2023, 2, 1),
    )
    planned = Project.objects.annotate(p=planned_on(date(2023, 1, 5))).values_list("p", flat=True).get()
    assert planned == Decimal("20.00")
    planned = Project.objects.annotate(p=planned_on(date(2023, 2, 1))).values_list("p", flat=True).get()
    assert planned == Decimal("100.00")
