"""Planned progress from weighted steps and the plan-status suggestion (no database)."""

from datetime import date
from decimal import Decimal

from projects.choices import PlanStatus
from projects.progress import Step, planned_curve, planned_progress, suggest_plan_status, weights_total

# The plan of 01000000-2456 as the legacy page gives it: one-day steps.
LEGACY_STEPS = [
    Step(Decimal(10), date(2019, 10, 1), date(2019, 10, 1)),
    Step(Decimal(20), date(2019, 12, 1), date(2019, 12, 1)),
    Step(Decimal(10), date(2020, 2, 1), date(2020, 2, 1)),
    Step(Decimal(10), date(2020, 3, 1), date(2020, 3, 1)),
    Step(Decimal(10), date(2020, 4, 1), date(2020, 4, 1)),
    Step(Decimal(30), date(2020, 5, 1), date(2020, 5, 1)),
    Step(Decimal(10), date(2020, 8, 1), date(2020, 8, 1)),
]


def test_one_day_steps_count_fully_from_their_day():
    assert planned_progress(LEGACY_STEPS, date(2019, 9, 30)) == Decimal("0.00")
    assert planned_progress(LEGACY_STEPS, date(2019, 10, 1)) == Decimal("10.00")
    assert planned_progress(LEGACY_STEPS, date(2019, 12, 31)) == Decimal("30.00")
    assert planned_progress(LEGACY_STEPS, date(2020, 3, 31)) == Decimal("50.00")
    assert planned_progress(LEGACY_STEPS, date(2020, 9, 30)) == Decimal("100.00")


def test_a_long_step_grows_linearly_counting_both_ends():
    steps = [
        Step(Decimal(40), date(2023, 1, 1), date(2023, 1, 10)),
        Step(Decimal(60), date(2023, 1, 11), date(2023, 1, 30)),
    ]
    assert planned_progress(steps, date(2023, 1, 1)) == Decimal("4.00")
    assert planned_progress(steps, date(2023, 1, 5)) == Decimal("20.00")
    assert planned_progress(steps, date(2023, 1, 10)) == Decimal("40.00")
    assert planned_progress(steps, date(2023, 1, 20)) == Decimal("70.00")  # 40 + 60 × 10/20
    assert planned_progress(steps, date(2023, 2, 1)) == Decimal("100.00")


def test_overlapping_steps_add_up():
    steps = [
        Step(Decimal(50), date(2023, 1, 1), date(2023, 1, 4)),
        Step(Decimal(50), date(2023, 1, 3), date(2023, 1, 4)),
    ]
    assert planned_progress(steps, date(2023, 1, 3)) == Decimal("62.50")


def test_no_steps_plan_nothing():
    assert planned_progress([], date(2023, 1, 1)) == Decimal("0.00")


def test_planned_progress_never_exceeds_100_even_with_bad_weights():
    steps = [
        Step(Decimal(80), date(2023, 1, 1), date(2023, 1, 1)),
        Step(Decimal(80), date(2023, 1, 1), date(2023, 1, 1)),
    ]
    assert planned_progress(steps, date(2023, 1, 2)) == Decimal("100.00")


def test_planned_curve_has_the_bend_points():
    curve = planned_curve(LEGACY_STEPS[:2])
    assert curve[0] == (date(2019, 9, 30), Decimal("0.00"))
    assert (date(2019, 10, 1), Decimal("10.00")) in curve
    assert curve[-1] == (date(2019, 12, 1), Decimal("30.00"))


def test_plan_status_suggestion():
    assert suggest_plan_status(Decimal("40"), Decimal("40")) == PlanStatus.ON_PLAN
    assert suggest_plan_status(Decimal("45"), Decimal("40")) == PlanStatus.ON_PLAN
    assert suggest_plan_status(Decimal("30"), Decimal("40")) == PlanStatus.MONITOR
    assert suggest_plan_status(Decimal("29.99"), Decimal("40")) == PlanStatus.OFF_PLAN


def test_weights_total():
    assert weights_total([Decimal("33.33"), Decimal("33.33"), Decimal("33.34")]) == Decimal("100.00")
