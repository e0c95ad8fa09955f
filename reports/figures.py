"""What the planning office reads off each project in a quarter. Pure functions over plain values, no ORM.

The selectors fetch the figures in a fixed number of queries; these functions turn them into one row per
project (planned against actual, budget used rate, months without a report, the status the agency
reported against the one the figures suggest) and count rows into the roll-up categories.
"""

from dataclasses import dataclass, field, fields
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from projects.budget import used_rate
from projects.categories import CANCELLED, NO_PLAN, NOT_REPORTED, categorize
from projects.choices import ApprovalState, PlanStatus
from projects.links import ProjectKey
from projects.progress import suggest_plan_status

CENT = Decimal("0.01")
HUNDRED = Decimal("100")

# Roll-up categories, in the order the tables and charts show them.
CATEGORIES = [
    PlanStatus.ON_PLAN.value,
    PlanStatus.MONITOR.value,
    PlanStatus.OFF_PLAN.value,
    CANCELLED,
    NOT_REPORTED,
    NO_PLAN,
]
CATEGORY_LABELS = {
    PlanStatus.ON_PLAN.value: PlanStatus.ON_PLAN.label,
    PlanStatus.MONITOR.value: PlanStatus.MONITOR.label,
    PlanStatus.OFF_PLAN.value: PlanStatus.OFF_PLAN.label,
    CANCELLED: pgettext_lazy("project status", "ยกเลิก"),
    NOT_REPORTED: _("ยังไม่รายงาน"),
    NO_PLAN: _("ไม่มีแผนให้เทียบ"),
}


@dataclass
class QuarterRow:
    """One project as the quarter page shows it."""

    pk: int
    code: str | None
    name: str | None
    fiscal_year: int
    agency_name: str
    agency_path: str
    strategy_path: str | None
    status: str
    responsible: str | None = None
    budget_received: Decimal | None = None
    budget_used: Decimal | None = None
    planned: Decimal | None = None
    actual: Decimal | None = None
    reported_status: str | None = None
    last_report_date: date | None = None
    missing_months: list[str] = field(default_factory=list)
    kpi_count: int = 0
    kpi_score_1: Decimal | None = None
    kpi_score_2: Decimal | None = None
    score: Decimal | None = None
    comment: str = ""
    evaluated_by: str = ""
    evaluated_at: object = None
    # How many of the quarter's reports stand in each sign-off state (`ApprovalState` value → count).
    reports_by_state: dict[str, int] = field(default_factory=dict)
    # The code the project has today, which its pages are found by: a closed quarter shows the one it had.
    current_code: str | None = None

    @property
    def current(self) -> ProjectKey:
        return ProjectKey(self.pk, self.current_code, self.fiscal_year)

    def fingerprint(self) -> str:
        """Every value of the row as text (lists item by item: a translated month name is an object whose
        repr changes from one request to the next), so equal rows give equal text."""
        return "\x1f".join(
            "\x1e".join(map(str, value)) if isinstance(value, list) else str(value)
            for value in (getattr(self, f.name) for f in fields(self))
        )

    @property
    def gap(self) -> Decimal | None:
        """Actual − planned percentage points; unknown when either is."""
        if self.actual is None or self.planned is None:
            return None
        return (self.actual - self.planned).quantize(CENT, rounding=ROUND_HALF_UP)

    @property
    def computed_status(self) -> str | None:
        if self.actual is None or self.planned is None:
            return None
        return suggest_plan_status(self.actual, self.planned).value

    @property
    def reported_status_label(self) -> str:
        return PlanStatus(self.reported_status).label if self.reported_status else "–"

    @property
    def computed_status_label(self) -> str:
        return PlanStatus(self.computed_status).label if self.computed_status else "–"

    @property
    def mismatch(self) -> bool:
        """The agency reported a plan status other than the one its own figures suggest."""
        return bool(
            self.reported_status and self.computed_status and self.reported_status != self.computed_status
        )

    @property
    def budget_used_rate(self) -> Decimal | None:
        return used_rate(self.budget_used, self.budget_received)

    @property
    def category(self) -> str:
        return categorize(
            status=self.status,
            actual=self.actual,
            computed_status=self.computed_status,
            reported_status=self.reported_status,
        )

    @property
    def missing_count(self) -> int:
        return len(self.missing_months)

    @property
    def approval_counts(self) -> list[tuple[str, str, int]]:
        """(state, label, count) of the sign-off states the quarter's reports stand in, in the chain's order.

        >>> QuarterRow(1, "x", "", 2566, "", "", None, "active",
        ...            reports_by_state={"approved": 2, "submitted": 1, "draft": 0}).approval_counts
        [('submitted', 'ส่งแล้ว รออนุมัติ', 1), ('approved', 'อนุมัติแล้ว', 2)]
        """
        return [
            (state, str(label), self.reports_by_state[state])
            for state, label in ApprovalState.choices
            if self.reports_by_state.get(state)
        ]


def fill_bins(counts: dict[int, int], width: int = 10) -> list[tuple[int, int]]:
    """Counts per bin's lower bound, listed from the lowest to the highest bin, empty ones with 0."""
    if not counts:
        return []
    return [(lower, counts.get(lower, 0)) for lower in range(min(counts), max(counts) + width, width)]


def axis_step(largest: int, ticks: int = 6) -> int:
    """A whole-number step for a count axis, so it never shows half a project."""
    return max(1, -(-largest // ticks))
