"""Planned progress from weighted plan steps, and the plan status it suggests. Pure functions, Decimal in and out.

A step of weight W that runs from its start to its end day contributes W × (days elapsed / days of the
step), counting both ends: on its start day a one-day step is complete, a ten-day step one tenth done.
Summed over the steps this gives the planned cumulative % of the whole project on any date.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from .choices import PlanStatus

ZERO = Decimal("0")
HUNDRED = Decimal("100")
CENT = Decimal("0.01")

# Behind plan by at most this many percentage points: on plan, but should be monitored.
MONITOR_TOLERANCE = Decimal("10")
# The plan-status rule as data, read top to bottom: the first status whose lowest gap (actual − planned)
# the gap reaches; below every bound, `BELOW_PLAN`. `suggest_plan_status`, its SQL (`planned_sql`) and the
# report form's script (handed these through `json_script`) all read this one table.
PLAN_STATUS_BOUNDS: tuple[tuple[Decimal, PlanStatus], ...] = (
    (ZERO, PlanStatus.ON_PLAN),
    (-MONITOR_TOLERANCE, PlanStatus.MONITOR),
)
BELOW_PLAN = PlanStatus.OFF_PLAN


@dataclass(frozen=True)
class Step:
    """What planned progress needs of a plan step."""

    weight: Decimal
    start: date
    end: date


def step_fraction(step: Step, on: date) -> Decimal:
    """How much of one step is planned done on a date, 0 to 1."""
    if on < step.start:
        return ZERO
    if on >= step.end:
        return Decimal(1)
    days_total = (step.end - step.start).days + 1
    days_done = (on - step.start).days + 1
    return Decimal(days_done) / Decimal(days_total)


def planned_progress(steps: Iterable[Step], on: date) -> Decimal:
    """The planned cumulative % of the project on a date, to two decimals, never above 100.

    >>> s = [Step(Decimal(40), date(2023, 1, 1), date(2023, 1, 10)), Step(Decimal(60), date(2023, 2, 1), date(2023, 2, 1))]
    >>> planned_progress(s, date(2023, 1, 5))
    Decimal('20.00')
    """
    total = sum((step.weight * step_fraction(step, on) for step in steps), ZERO)
    return min(total, HUNDRED).quantize(CENT, rounding=ROUND_HALF_UP)


def planned_curve(steps: Iterable[Step]) -> list[tuple[date, Decimal]]:
    """The points where the planned curve bends: enough to draw it exactly as straight segments."""
    steps = list(steps)
    if not steps:
        return []
    days = set()
    for step in steps:
        days.update({step.start - timedelta(days=1), step.start, step.end})
    return [(day, planned_progress(steps, day)) for day in sorted(days)]


def suggest_plan_status(actual: Decimal, planned: Decimal) -> PlanStatus:
    """The plan status that the actual against the planned % suggests.

    On plan when actual ≥ planned; to monitor when behind by at most `MONITOR_TOLERANCE` points;
    otherwise not on plan.

    >>> suggest_plan_status(Decimal("35"), Decimal("40")).value
    'monitor'
    """
    return plan_status_of_gap(actual - planned)


def plan_status_of_gap(gap: Decimal) -> PlanStatus:
    """The plan status of a gap (actual − planned, in percentage points): the first of `PLAN_STATUS_BOUNDS`
    it reaches, else `BELOW_PLAN`.

    >>> [plan_status_of_gap(Decimal(gap)).value for gap in ("0", "-10", "-10.01")]
    ['on_plan', 'monitor', 'off_plan']
    """
    for lowest, status in PLAN_STATUS_BOUNDS:
        if gap >= lowest:
            return status
    return BELOW_PLAN


def plan_status_rule() -> dict:
    """`PLAN_STATUS_BOUNDS` as JSON for the report form's script, which suggests as the server does.

    >>> plan_status_rule()
    {'bounds': [['0', 'on_plan'], ['-10', 'monitor']], 'below': 'off_plan'}
    """
    return {
        "bounds": [[f"{lowest:f}", status.value] for lowest, status in PLAN_STATUS_BOUNDS],
        "below": BELOW_PLAN.value,
    }


def weights_total(weights: Iterable[Decimal]) -> Decimal:
    """Sum of step weights, to two decimals; a valid plan totals exactly 100.00."""
    return sum(weights, ZERO).quantize(CENT, rounding=ROUND_HALF_UP)
