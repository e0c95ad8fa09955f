"""Reads for the quarterly evaluation. Every function runs a fixed number of queries, whatever the row count.

The quarter's figures are taken "as of" the quarter's last day: the latest report on or before it, the
disbursements up to it, the plan steps' planned % on it.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db.models import (
    Count,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, Floor, Substr
from django.utils.translation import gettext, gettext_lazy

from projects.budget import used_rate
from projects.choices import ApprovalState
from projects.closing import read_closed_quarter
from projects.fiscal import fiscal_year_of, quarter_bounds
from projects.models import (
    Agency,
    Evaluation,
    ProgressReport,
    Project,
    QuarterClosure,
    QuarterLockException,
    QuarterSnapshotVersion,
    StrategyNode,
)
from projects.quarter_figures import (
    with_figures_on,
    with_identity,
    with_missing_months,
    with_plan_status_on,
    with_report_states,
    with_scores,
)
from projects.roles import visible_projects
from projects.snapshots import is_frozen_queryset, with_frozen_figures
from projects.thai import month_name

from . import figures
from .filters import QuarterFilterSet

ROUTINE_KEY = "routine"
ROUTINE_LABEL = gettext_lazy("งานประจำของหน่วยงาน")
NO_STRATEGY_LABEL = gettext_lazy("ไม่ระบุยุทธศาสตร์")


def quarter_projects(*, user, fiscal_year: int, quarter: int) -> QuerySet[Project]:
    """The projects of a fiscal year the user may read, with the quarter's figures annotated in SQL: planned
    and actual %, gap, computed status, mismatch and roll-up category. The database filters, sorts, groups
    and pages on them; only the rows shown are built.

    A closed quarter reads the figures frozen when it closed (`projects.snapshots`) and nothing else: the
    same names, so every page, roll-up, chart and export built on this reads it unchanged."""
    projects = visible_projects(user, Project.paged.filter(fiscal_year=fiscal_year))
    if read_closed_quarter(fiscal_year=fiscal_year, quarter=quarter):
        projects = with_frozen_figures(projects, fiscal_year=fiscal_year, quarter=quarter)
    else:
        _, end = quarter_bounds(fiscal_year, quarter)
        projects = with_plan_status_on(with_figures_on(with_identity(projects), end), end)
    return projects.order_by("q_agency_path", "q_code", "pk")


# What a `QuarterRow` is built from: the project's own columns and the quarter's annotated figures.
QUARTER_ROW_VALUES = (
    "pk",
    "code",
    "q_code",
    "q_name",
    "fiscal_year",
    "q_agency_name",
    "q_agency_code",
    "q_agency_path",
    "q_strategy_path",
    "q_status",
    "q_responsible",
    "q_received",
    "q_used",
    "q_planned",
    "q_actual",
    "q_plan_status",
    "q_last_report",
    "q_missing_1",
    "q_missing_2",
    "q_missing_3",
    "q_kpi_count",
    "q_kpi_score_1",
    "q_kpi_score_2",
    "q_score",
    "q_comment",
    "q_evaluated_at",
    "q_evaluator_username",
    "q_evaluator_first",
    "q_evaluator_last",
    *(f"q_reports_{state}" for state in ApprovalState.values),
)


def quarter_row(values: dict) -> figures.QuarterRow:
    """One project as the quarter page shows it, from its `QUARTER_ROW_VALUES`."""
    months = [values["q_missing_1"], values["q_missing_2"], values["q_missing_3"]]
    full_name = f"{values['q_evaluator_first'] or ''} {values['q_evaluator_last'] or ''}".strip()
    return figures.QuarterRow(
        pk=values["pk"],
        code=values["q_code"],
        current_code=values["code"],
        name=values["q_name"],
        fiscal_year=values["fiscal_year"],
        agency_name=Agency.label(values["q_agency_name"], values["q_agency_code"]),
        agency_path=values["q_agency_path"],
        strategy_path=values["q_strategy_path"],
        status=values["q_status"],
        responsible=values["q_responsible"],
        budget_received=values["q_received"],
        budget_used=values["q_used"],
        planned=values["q_planned"],
        actual=values["q_actual"],
        reported_status=values["q_plan_status"],
        last_report_date=values["q_last_report"],
        missing_months=[month_name(m) for m in months if m],
        kpi_count=values["q_kpi_count"],
        kpi_score_1=_two_places(values["q_kpi_score_1"]),
        kpi_score_2=_two_places(values["q_kpi_score_2"]),
        score=values["q_score"],
        comment=values["q_comment"],
        evaluated_by=full_name or values["q_evaluator_username"] or "",
        evaluated_at=values["q_evaluated_at"],
        reports_by_state={state: values[f"q_reports_{state}"] for state in ApprovalState.values},
    )


def with_approvals(projects: QuerySet[Project], *, fiscal_year: int, quarter: int) -> QuerySet[Project]:
    """How many of the project's reports dated in the quarter stand in each sign-off state
    (`q_reports_<state>`): live for an open quarter; a closed one already reads them from its snapshot
    (`with_frozen_figures`), so a report approved after the closing does not change it."""
    if is_frozen_queryset(projects):
        return projects
    return with_report_states(projects, fiscal_year=fiscal_year, quarter=quarter)


def _with_months_and_scores(
    projects: QuerySet[Project], *, fiscal_year: int, quarter: int, today: date
) -> QuerySet[Project]:
    """Months without a report and the scores, unless the figures were read from a snapshot with them."""
    if is_frozen_queryset(projects):
        return projects
    projects = with_missing_months(projects, fiscal_year=fiscal_year, quarter=quarter, today=today)
    return with_scores(projects, quarter=quarter)


def quarter_values(
    projects: QuerySet[Project], *, fiscal_year: int, quarter: int, today: date
) -> QuerySet[Project]:
    """The projects' `QUARTER_ROW_VALUES`, lazily: ordering, slicing and counting stay in SQL."""
    projects = _with_months_and_scores(projects, fiscal_year=fiscal_year, quarter=quarter, today=today)
    return with_approvals(projects, fiscal_year=fiscal_year, quarter=quarter).values(*QUARTER_ROW_VALUES)


def quarter_rows(
    projects: QuerySet[Project], *, fiscal_year: int, quarter: int, today: date
) -> list[figures.QuarterRow]:
    """One row per project, in one query."""
    values = quarter_values(projects, fiscal_year=fiscal_year, quarter=quarter, today=today)
    return [quarter_row(v) for v in values]


def quarter_list(
    *, user, fiscal_year: int, quarter: int, filters, today: date
) -> tuple[QuarterFilterSet, QuerySet[Project]]:
    """The quarter table's rows after its filters, as `QUARTER_ROW_VALUES` paged by keys (`Project.paged`),
    all applied in SQL; nothing is fetched yet. `quarter_row` turns each fetched one into a `QuarterRow`."""
    projects = quarter_projects(user=user, fiscal_year=fiscal_year, quarter=quarter)
    projects = _with_months_and_scores(projects, fiscal_year=fiscal_year, quarter=quarter, today=today)
    projects = with_approvals(projects, fiscal_year=fiscal_year, quarter=quarter)
    filterset = QuarterFilterSet(filters, queryset=projects, user=user)
    rows = filterset.qs.values(*QUARTER_ROW_VALUES)
    return filterset, rows


def quarter_summary(rows: QuerySet[Project]) -> dict[str, int]:
    """How many rows, how many with a mismatch, how many missing a report: one query."""
    return rows.order_by().aggregate(
        row_count=Count("pk"),
        mismatch_count=Count("pk", filter=Q(q_mismatch=True)),
        missing_count=Count("pk", filter=Q(q_missing_count__gt=0)),
    )


@dataclass(frozen=True)
class ReportStates:
    """How many of a quarter's monthly reports stand in each sign-off state: what the planning office weighs
    before closing. Once closed, a draft or returned report can no longer be corrected or sent by staff; a
    submitted one can still be approved."""

    counts: list[tuple[str, str, int]]  # (state, label, count), in the chain's order

    @property
    def unsendable_after_closing(self) -> int:
        return sum(n for state, _, n in self.counts if state in (ApprovalState.DRAFT, ApprovalState.RETURNED))


def quarter_report_states(*, fiscal_year: int, quarter: int) -> ReportStates:
    """The sign-off states of the quarter's reports, every agency's: one query."""
    start, end = quarter_bounds(fiscal_year, quarter)
    counts = dict(
        ProgressReport.objects.filter(project__fiscal_year=fiscal_year, report_date__range=(start, end))
        .order_by()
        .values("approval_state")
        .annotate(n=Count("pk"))
        .values_list("approval_state", "n")
    )
    return ReportStates([(state, str(label), counts.get(state, 0)) for state, label in ApprovalState.choices])


def gap_bins(projects: QuerySet[Project], width: int = 10) -> list[tuple[int, int]]:
    """How many known gaps fall in each bin of `width` points (lower bound included, empty bins between listed
    with 0), counted by the database: one query."""
    counts = (
        projects.order_by()
        .filter(q_gap__isnull=False)
        .annotate(bin=Floor(F("q_gap") / width, output_field=IntegerField()))
        .values("bin")
        .annotate(n=Count("pk"))
        .values_list("bin", "n")
    )
    return figures.fill_bins({int(b) * width: n for b, n in counts}, width)


def _two_places(value) -> Decimal | None:
    return None if value is None else Decimal(value).quantize(figures.CENT)


# --- Roll-ups -------------------------------------------------------------------------------------------
@dataclass
class RollupLine:
    key: str
    name: str
    projects: int
    average_progress: Decimal | None
    budget_received: Decimal | None
    budget_used: Decimal | None
    counts: dict[str, int]

    @property
    def budget_used_rate(self) -> Decimal | None:
        return used_rate(self.budget_used, self.budget_received)


def agency_codes(paths) -> dict[str, str]:
    """Agency path → code, for links that name agencies by code."""
    return dict(Agency.objects.filter(path__in=list(paths)).values_list("path", "code"))


def rollups(projects: QuerySet[Project]) -> tuple[list[RollupLine], list[RollupLine]]:
    """Lines per top-level agency and per top-level strategy, from one GROUP BY over (agency, strategy,
    category): each project's figures are computed once, and the groups are few."""
    a_len, s_len = Agency.steplen, StrategyNode.steplen
    grouped = (
        projects.order_by()
        .annotate(
            agency_key=Substr("q_agency_path", 1, a_len),
            strategy_key=Coalesce(Substr("q_strategy_path", 1, s_len), Value("")),
        )
        .annotate(
            agency_name=Subquery(Agency.objects.filter(path=OuterRef("agency_key")).values("name")[:1]),
            strategy_name=Subquery(
                StrategyNode.objects.filter(path=OuterRef("strategy_key")).values("name")[:1]
            ),
            category=F("q_category"),
        )
        .values("agency_key", "agency_name", "strategy_key", "strategy_name", "category")
        .annotate(
            n=Count("pk"),
            reported=Count("q_actual"),
            progress=Sum("q_actual"),
            received=Sum("q_received"),
            used=Sum("q_used"),
        )
    )
    by_agency: dict[str, dict] = {}
    by_strategy: dict[str, dict] = {}
    for g in grouped:
        for lines, key, name in (
            (by_agency, g["agency_key"] or "", g["agency_name"]),
            (by_strategy, g["strategy_key"] or "", g["strategy_name"]),
        ):
            line = lines.setdefault(
                key,
                {
                    "name": name or "",
                    "n": 0,
                    "reported": 0,
                    "progress": [],
                    "received": [],
                    "used": [],
                    "counts": {},
                },
            )
            line["n"] += g["n"]
            line["reported"] += g["reported"]
            for field in ("progress", "received", "used"):
                if g[field] is not None:
                    line[field].append(Decimal(g[field]))
            line["counts"][g["category"]] = line["counts"].get(g["category"], 0) + g["n"]
    agencies, strategies = _lines(by_agency), _lines(by_strategy)
    for line in agencies:
        line.name = line.name or gettext("หน่วยงานรหัส %(code)s") % {"code": line.key}
    for line in strategies:
        if not line.key:
            line.name = f"{NO_STRATEGY_LABEL} / {ROUTINE_LABEL}"
    return agencies, strategies


def _lines(groups: dict[str, dict]) -> list[RollupLine]:
    lines = []
    for key in sorted(groups):
        g = groups[key]
        average = sum(g["progress"], Decimal(0)) / g["reported"] if g["reported"] else None
        lines.append(
            RollupLine(
                key=key,
                name=g["name"],
                projects=g["n"],
                average_progress=_two_places(average),
                budget_received=sum(g["received"], Decimal(0)) if g["received"] else None,
                budget_used=sum(g["used"], Decimal(0)) if g["used"] else None,
                counts=g["counts"],
            )
        )
    return lines


# --- Closing --------------------------------------------------------------------------------------------
def quarter_closure(*, fiscal_year: int, quarter: int):
    """The quarter's closure row (or None) and its history, newest first: two queries, whether or not the
    quarter was ever closed."""
    closure = QuarterClosure.objects.filter(fiscal_year=fiscal_year, quarter=quarter).first()
    history = list(
        QuarterClosure.history.filter(fiscal_year=fiscal_year, quarter=quarter)
        .select_related("history_user")
        .order_by("-history_date", "-history_id")
    )
    return closure, history


def snapshot_versions(*, fiscal_year: int, quarter: int) -> list[QuarterSnapshotVersion]:
    """Each frozen version of the quarter, newest first: its number, why it was written, when, by whom and
    for how many projects. One query."""
    return list(
        QuarterSnapshotVersion.objects.filter(fiscal_year=fiscal_year, quarter=quarter)
        .select_related("taken_by")
        .order_by("-version")
    )


def lock_exceptions(*, fiscal_year: int, quarter: int) -> list[QuarterLockException]:
    """The quarter's lock exceptions, newest first, with their projects and who granted them. One query."""
    return list(
        QuarterLockException.objects.filter(fiscal_year=fiscal_year, quarter=quarter)
        .select_related("project", "granted_by")
        .order_by("-granted_at", "-pk")
    )


# --- Overdue reports ------------------------------------------------------------------------------------
def overdue_month(today: date, due_day: int) -> tuple[int, int]:
    """The month whose report is checked: this month after its due day, the previous month before."""
    if today.day > due_day:
        return today.year, today.month
    if today.month == 1:
        return today.year - 1, 12
    return today.year, today.month - 1


def overdue_projects(*, user, today: date, due_day: int | None = None) -> QuerySet[Project]:
    """Running projects of the current fiscal year with no report for the month checked: one query."""
    due_day = settings.REPORT_DUE_DAY if due_day is None else due_day
    year, month = overdue_month(today, due_day)
    last = ProgressReport.objects.filter(project=OuterRef("pk")).order_by("-report_date", "-number")
    projects = Project.objects.owing_report(
        year=year, month=month, fiscal_year=fiscal_year_of(today), started_by=today, running_on=today
    )
    return (
        visible_projects(user, projects)
        .annotate(last_report_date=Subquery(last.values("report_date")[:1]))
        .select_related("agency")
        .order_by("agency__path", "code", "pk")
    )


# --- Staff's own evaluations ----------------------------------------------------------------------------
def my_evaluations(*, user) -> QuerySet[Evaluation]:
    """Evaluations of the projects the user may read, newest fiscal year and quarter first."""
    return (
        Evaluation.objects.filter(project__in=visible_projects(user).values("pk"))
        .select_related("project", "project__agency", "evaluated_by")
        .order_by("-project__fiscal_year", "-quarter", "project__code")
    )
