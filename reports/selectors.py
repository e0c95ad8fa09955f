"""Reads for the quarterly evaluation. Every function runs a fixed number of queries, whatever the row count.

The quarter's figures are taken "as of" the quarter's last day: the latest report on or before it, the
disbursements up to it, the plan steps' planned % on it.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db.models import (
    Avg,
    Count,
    DecimalField,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, ExtractMonth, ExtractYear, Substr

from projects.choices import ProjectStatus
from projects.fiscal import fiscal_year_of, quarter_bounds
from projects.models import (
    Agency,
    Evaluation,
    KpiQuarterResult,
    PlanStep,
    ProgressReport,
    Project,
    StrategyNode,
)
from projects.progress import Step
from projects.roles import visible_projects

from . import figures
from .filters import QuarterFilterSet
from .models import QuarterClosure

MONEY = DecimalField(max_digits=17, decimal_places=2)
PERCENT = DecimalField(max_digits=5, decimal_places=2)
ROUTINE_KEY = "routine"
ROUTINE_LABEL = "งานประจำของหน่วยงาน"
NO_STRATEGY_LABEL = "ไม่ระบุยุทธศาสตร์"


def with_figures_on(projects: QuerySet[Project], day: date) -> QuerySet[Project]:
    """Annotate the figures as they stood on `day`: actual %, reported plan status, last report date,
    budget used. Subqueries, so no extra query per project and no multiplied rows."""
    upto = ProgressReport.objects.filter(project=OuterRef("pk"), report_date__lte=day)
    latest = upto.order_by("-report_date", "-number")
    used = upto.order_by().values("project").annotate(total=Sum("disbursed")).values("total")
    return projects.annotate(
        q_actual=Subquery(latest.values("progress")[:1], output_field=PERCENT),
        q_plan_status=Subquery(latest.values("plan_status")[:1]),
        q_last_report=Subquery(latest.values("report_date")[:1]),
        q_used=Coalesce(Subquery(used, output_field=MONEY), Value(Decimal("0.00")), output_field=MONEY),
    )


def quarter_projects(*, user, fiscal_year: int, quarter: int) -> QuerySet[Project]:
    """The projects of a fiscal year the user may read, with the quarter's figures annotated."""
    _, end = quarter_bounds(fiscal_year, quarter)
    projects = visible_projects(user, Project.objects.filter(fiscal_year=fiscal_year))
    return (
        with_figures_on(projects, end)
        .select_related("agency")
        .annotate(strategy_path=F("strategy__path"))
        .order_by("agency__path", "code", "pk")
    )


def quarter_rows(
    projects: QuerySet[Project], *, fiscal_year: int, quarter: int, today: date
) -> list[figures.QuarterRow]:
    """One row per project: five queries (projects, steps, KPI results, evaluations, report months)."""
    start, end = quarter_bounds(fiscal_year, quarter)
    ids = projects.values("pk")

    steps: dict[int, list[Step]] = defaultdict(list)
    for project_id, weight, step_start, step_end in PlanStep.objects.filter(project__in=ids).values_list(
        "project_id", "weight", "start_date", "end_date"
    ):
        steps[project_id].append(Step(weight, step_start, step_end))

    kpis = {
        r["kpi__project"]: r
        for r in KpiQuarterResult.objects.filter(kpi__project__in=ids, quarter=quarter)
        .values("kpi__project")
        .annotate(n=Count("pk"), s1=Avg("score_1"), s2=Avg("score_2"))
        .order_by()
    }
    evaluations = {
        e.project_id: e
        for e in Evaluation.objects.filter(project__in=ids, quarter=quarter).select_related("evaluated_by")
    }
    reported_months: dict[int, set[tuple[int, int]]] = defaultdict(set)
    for project_id, year, month in (
        ProgressReport.objects.filter(project__in=ids, report_date__range=(start, end))
        .annotate(y=ExtractYear("report_date"), m=ExtractMonth("report_date"))
        .values_list("project_id", "y", "m")
        .order_by()
        .distinct()
    ):
        reported_months[project_id].add((year, month))

    rows = []
    for p in projects:
        kpi = kpis.get(p.pk, {})
        evaluation = evaluations.get(p.pk)
        # A cancelled project owes no more reports.
        due = (
            []
            if p.status == ProjectStatus.CANCELLED
            else figures.due_months(
                fiscal_year=fiscal_year,
                quarter=quarter,
                today=today,
                due_day=settings.REPORT_DUE_DAY,
                start=p.start_date,
                end=p.end_date,
            )
        )
        rows.append(
            figures.QuarterRow(
                pk=p.pk,
                code=p.code,
                name=p.name,
                fiscal_year=p.fiscal_year,
                agency_name=str(p.agency),
                agency_path=p.agency.path,
                strategy_path=p.strategy_path,
                status=p.status,
                responsible=p.responsible,
                budget_received=p.budget_received,
                budget_used=p.q_used,
                planned=figures.planned_at(steps.get(p.pk, []), end),
                actual=p.q_actual,
                reported_status=p.q_plan_status,
                last_report_date=p.q_last_report,
                missing_months=figures.missing_month_names(due, reported_months.get(p.pk, set())),
                kpi_count=kpi.get("n", 0),
                kpi_score_1=_two_places(kpi.get("s1")),
                kpi_score_2=_two_places(kpi.get("s2")),
                score=evaluation.score if evaluation else None,
                comment=evaluation.comment if evaluation else "",
                evaluated_by=_person(evaluation.evaluated_by) if evaluation else "",
                evaluated_at=evaluation.evaluated_at if evaluation else None,
            )
        )
    return rows


def quarter_list(
    *, user, fiscal_year: int, quarter: int, filters, today: date
) -> tuple[QuarterFilterSet, list[figures.QuarterRow]]:
    """The quarter table's rows after its filters: SQL narrows the projects, the rows narrow the rest."""
    projects = quarter_projects(user=user, fiscal_year=fiscal_year, quarter=quarter)
    filterset = QuarterFilterSet(filters, queryset=projects, user=user)
    rows = quarter_rows(filterset.qs, fiscal_year=fiscal_year, quarter=quarter, today=today)
    return filterset, filterset.filter_rows(rows)


def _two_places(value) -> Decimal | None:
    return None if value is None else Decimal(value).quantize(figures.CENT)


def _person(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


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
        return figures.used_rate(self.budget_used, self.budget_received)

    @property
    def status_counts(self) -> list[int]:
        return [self.counts.get(c, 0) for c in figures.CATEGORIES]


def _rollup(projects: QuerySet[Project], key_expr, name_subquery, rows, row_key) -> list[RollupLine]:
    """GROUP BY `key_expr` in one query; the status counts come from the rows already built for the page."""
    grouped = (
        projects.order_by()
        .annotate(group_key=key_expr, group_name=name_subquery)
        .values("group_key", "group_name")
        .annotate(
            n=Count("pk"),
            avg_progress=Avg("q_actual"),
            received=Sum("budget_received"),
            used=Sum("q_used"),
        )
        .order_by("group_key")
    )
    counts = figures.count_categories(rows, row_key)
    lines = []
    for g in grouped:
        key = g["group_key"] or ""
        lines.append(
            RollupLine(
                key=key,
                name=g["group_name"] or "",
                projects=g["n"],
                average_progress=_two_places(g["avg_progress"]),
                budget_received=g["received"],
                budget_used=g["used"],
                counts=dict(counts.get(key, {})),
            )
        )
    return lines


def agency_rollup(projects: QuerySet[Project], rows: list[figures.QuarterRow]) -> list[RollupLine]:
    """Per top-level agency (department or district office), sub-agencies included."""
    steplen = Agency.steplen
    top = Substr("agency__path", 1, steplen)
    name = Subquery(Agency.objects.filter(path=OuterRef("group_key")).values("name")[:1])
    lines = _rollup(projects, top, name, rows, lambda r: r.agency_path[:steplen])
    for line in lines:
        line.name = line.name or f"หน่วยงานรหัส {line.key}"
    return lines


def strategy_rollup(projects: QuerySet[Project], rows: list[figures.QuarterRow]) -> list[RollupLine]:
    """Per top-level strategy of the development plan; routine work and unaligned projects apart."""
    steplen = StrategyNode.steplen
    top = Coalesce(Substr("strategy__path", 1, steplen), Value(""))
    name = Subquery(StrategyNode.objects.filter(path=OuterRef("group_key")).values("name")[:1])
    lines = _rollup(projects, top, name, rows, lambda r: (r.strategy_path or "")[:steplen])
    for line in lines:
        if not line.key:
            line.name = NO_STRATEGY_LABEL + " / " + ROUTINE_LABEL
    return lines


# --- Closing --------------------------------------------------------------------------------------------
def quarter_closure(*, fiscal_year: int, quarter: int):
    """The quarter's closure row (or None) and its history, newest first: two queries."""
    closure = QuarterClosure.objects.filter(fiscal_year=fiscal_year, quarter=quarter).first()
    history = (
        list(closure.history.select_related("history_user").order_by("-history_date", "-history_id"))
        if closure
        else []
    )
    return closure, history


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
    reported = ProgressReport.objects.filter(
        project=OuterRef("pk"), report_date__year=year, report_date__month=month
    )
    last = ProgressReport.objects.filter(project=OuterRef("pk")).order_by("-report_date", "-number")
    projects = Project.objects.filter(
        fiscal_year=fiscal_year_of(today),
        status__in=[ProjectStatus.ACTIVE, ProjectStatus.DELAYED],
    ).filter(
        Q(start_date__isnull=True) | Q(start_date__lte=today),
        Q(end_date__isnull=True) | Q(end_date__gte=today),
    )
    return (
        visible_projects(user, projects)
        .filter(~Exists(reported))
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
