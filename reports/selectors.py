"""Reads for the quarterly evaluation. Every function runs a fixed number of queries, whatever the row count.

The quarter's figures are taken "as of" the quarter's last day: the latest report on or before it, the
disbursements up to it, the plan steps' planned % on it.
"""

from calendar import monthrange
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db.models import (
    Avg,
    BooleanField,
    Case,
    CharField,
    Count,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Floor, Round, Substr
from django.utils.translation import gettext, gettext_lazy

from projects.budget import used_rate
from projects.choices import ApprovalState, ProjectStatus
from projects.fiscal import fiscal_year_of, quarter_bounds, quarter_months
from projects.models import (
    Agency,
    Evaluation,
    KpiQuarterResult,
    ProgressReport,
    Project,
    QuarterClosure,
    StrategyNode,
)
from projects.planned_sql import Let, plan_status_sql, planned_on, used_rate_sql, used_total
from projects.roles import visible_projects
from projects.thai import month_name

from . import figures
from .filters import QuarterFilterSet

MONEY = DecimalField(max_digits=17, decimal_places=2)
PERCENT = DecimalField(max_digits=5, decimal_places=2)
ROUTINE_KEY = "routine"
ROUTINE_LABEL = gettext_lazy("งานประจำของหน่วยงาน")
NO_STRATEGY_LABEL = gettext_lazy("ไม่ระบุยุทธศาสตร์")


def with_figures_on(projects: QuerySet[Project], day: date) -> QuerySet[Project]:
    """Annotate the figures as they stood on `day`: actual %, reported plan status, last report date,
    budget used. Subqueries, so no extra query per project and no multiplied rows."""
    upto = ProgressReport.objects.filter(project=OuterRef("pk"), report_date__lte=day)
    latest = upto.order_by("-report_date", "-number")
    return projects.annotate(
        q_actual=Subquery(latest.values("progress")[:1], output_field=PERCENT),
        q_plan_status=Subquery(latest.values("plan_status")[:1]),
        q_last_report=Subquery(latest.values("report_date")[:1]),
        q_used=Coalesce(used_total(upto), Value(Decimal("0.00")), output_field=MONEY),
    )


def quarter_projects(*, user, fiscal_year: int, quarter: int) -> QuerySet[Project]:
    """The projects of a fiscal year the user may read, with the quarter's figures annotated in SQL: planned
    and actual %, gap, computed status, mismatch and roll-up category. The database filters, sorts, groups
    and pages on them; only the rows shown are built."""
    _, end = quarter_bounds(fiscal_year, quarter)
    projects = visible_projects(user, Project.paged.filter(fiscal_year=fiscal_year))
    return (
        with_plan_status_on(with_figures_on(projects, end), end)
        .select_related("agency")
        .annotate(strategy_path=F("strategy__path"))
        .order_by("agency__path", "code", "pk")
    )


def with_plan_status_on(projects: QuerySet[Project], day: date) -> QuerySet[Project]:
    """Planned % on `day` from the plan steps (`projects.planned_sql`, equal to `planned_progress`), the gap,
    the status it suggests (thresholds of `suggest_plan_status`), the mismatch with the reported status and
    the roll-up category (`figures.categorize`)."""
    projects = projects.annotate(q_planned=planned_on(day))
    # Aliases, not columns: the shown rows compute these from planned and actual in Python (`QuarterRow`);
    # SQL needs them only to filter, sort and count, and a page's SELECT stays short.
    projects = projects.alias(q_gap=Round(F("q_actual") - F("q_planned"), 2, output_field=PERCENT))
    # Each status expression computes the gap and the reported status once per row (`Let`): sorting or
    # filtering 10,000 projects on them would otherwise run the figures' subqueries once per mention.
    computed = plan_status_sql("{gap}")
    reported = "NULLIF({reported}, '')"
    projects = projects.alias(
        q_computed_status=Let(computed, CharField(), gap=F("q_gap")),
        q_mismatch=Let(
            f"COALESCE({reported} <> ({computed}), FALSE)",
            BooleanField(),
            gap=F("q_gap"),
            reported=F("q_plan_status"),
        ),
        q_category=Let(
            f"CASE WHEN {{status}} = '{ProjectStatus.CANCELLED.value}' THEN '{figures.CANCELLED}'"
            f" WHEN {{actual}} IS NULL THEN '{figures.NOT_REPORTED}'"
            f" ELSE COALESCE({computed}, {reported}, '{figures.NO_PLAN}') END",
            CharField(),
            status=F("status"),
            actual=F("q_actual"),
            gap=F("q_gap"),
            reported=F("q_plan_status"),
        ),
        q_used_rate=used_rate_sql("q_used"),
    )
    return projects


def with_missing_months(
    projects: QuerySet[Project], *, fiscal_year: int, quarter: int, today: date
) -> QuerySet[Project]:
    """For each month of the quarter, its number when a report was due by `today` and
    none is dated in it, else NULL; `q_missing_count` counts them. A cancelled project owes no reports."""
    due_day = settings.REPORT_DUE_DAY
    flags = {}
    for index, (year, month) in enumerate(quarter_months(fiscal_year, quarter), start=1):
        first = date(year, month, 1)
        last = date(year, month, monthrange(year, month)[1])
        if today <= date(year, month, due_day):
            flags[f"q_missing_{index}"] = Value(None, output_field=IntegerField())
            continue
        reported = ProgressReport.objects.filter(project=OuterRef("pk"), report_date__range=(first, last))
        flags[f"q_missing_{index}"] = Case(
            When(
                Q(status=ProjectStatus.CANCELLED)
                | Q(start_date__gt=last)
                | Q(end_date__lt=first)
                | Exists(reported),
                then=Value(None, output_field=IntegerField()),
            ),
            default=Value(month),
            output_field=IntegerField(),
        )
    projects = projects.annotate(**flags)
    count = sum(
        (Case(When(**{f"{name}__isnull": False}, then=Value(1)), default=Value(0)) for name in flags),
        Value(0),
    )
    return projects.alias(q_missing_count=ExpressionWrapper(count, output_field=IntegerField()))


def with_scores(projects: QuerySet[Project], *, quarter: int) -> QuerySet[Project]:
    """The quarter's KPI results (count, mean scores 2.1 / 2.2) and the planning office's evaluation."""
    kpis = KpiQuarterResult.objects.filter(kpi__project=OuterRef("pk"), quarter=quarter).order_by()
    kpis = kpis.values("kpi__project")
    evaluation = Evaluation.objects.filter(project=OuterRef("pk"), quarter=quarter).order_by("pk")
    return projects.annotate(
        q_kpi_count=Coalesce(Subquery(kpis.annotate(n=Count("pk")).values("n")), 0),
        q_kpi_score_1=Subquery(kpis.annotate(a=Avg("score_1")).values("a"), output_field=FloatField()),
        q_kpi_score_2=Subquery(kpis.annotate(a=Avg("score_2")).values("a"), output_field=FloatField()),
        q_score=Subquery(evaluation.values("score")[:1]),
        q_comment=Coalesce(Subquery(evaluation.values("comment")[:1]), Value(""), output_field=TextField()),
        q_evaluated_at=Subquery(evaluation.values("evaluated_at")[:1]),
        q_evaluator_username=Subquery(evaluation.values("evaluated_by__username")[:1]),
        q_evaluator_first=Subquery(evaluation.values("evaluated_by__first_name")[:1]),
        q_evaluator_last=Subquery(evaluation.values("evaluated_by__last_name")[:1]),
    )


# What a `QuarterRow` is built from: the project's own columns and the quarter's annotated figures.
QUARTER_ROW_VALUES = (
    "pk",
    "code",
    "name",
    "fiscal_year",
    "agency__name",
    "agency__code",
    "agency__path",
    "strategy_path",
    "status",
    "responsible",
    "budget_received",
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
        code=values["code"],
        name=values["name"],
        fiscal_year=values["fiscal_year"],
        agency_name=Agency.label(values["agency__name"], values["agency__code"]),
        agency_path=values["agency__path"],
        strategy_path=values["strategy_path"],
        status=values["status"],
        responsible=values["responsible"],
        budget_received=values["budget_received"],
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
    (`q_reports_<state>`). Shown and filtered on only: every report counts in the figures, approved or not."""
    start, end = quarter_bounds(fiscal_year, quarter)
    counts = {}
    for state in ApprovalState.values:
        reports = (
            ProgressReport.objects.filter(
                project=OuterRef("pk"), report_date__range=(start, end), approval_state=state
            )
            .order_by()
            .values("project")
            .annotate(n=Count("pk"))
            .values("n")
        )
        counts[f"q_reports_{state}"] = Coalesce(Subquery(reports, output_field=IntegerField()), 0)
    return projects.annotate(**counts)


def quarter_values(
    projects: QuerySet[Project], *, fiscal_year: int, quarter: int, today: date
) -> QuerySet[Project]:
    """The projects' `QUARTER_ROW_VALUES`, lazily: ordering, slicing and counting stay in SQL."""
    projects = with_missing_months(projects, fiscal_year=fiscal_year, quarter=quarter, today=today)
    projects = with_scores(
        with_approvals(projects, fiscal_year=fiscal_year, quarter=quarter), quarter=quarter
    )
    return projects.values(*QUARTER_ROW_VALUES)


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
    projects = with_missing_months(projects, fiscal_year=fiscal_year, quarter=quarter, today=today)
    projects = with_approvals(projects, fiscal_year=fiscal_year, quarter=quarter)
    filterset = QuarterFilterSet(filters, queryset=projects, user=user)
    rows = with_scores(filterset.qs, quarter=quarter).values(*QUARTER_ROW_VALUES)
    return filterset, rows


def quarter_summary(rows: QuerySet[Project]) -> dict[str, int]:
    """How many rows, how many with a mismatch, how many missing a report: one query."""
    return rows.order_by().aggregate(
        row_count=Count("pk"),
        mismatch_count=Count("pk", filter=Q(q_mismatch=True)),
        missing_count=Count("pk", filter=Q(q_missing_count__gt=0)),
    )


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

    @property
    def status_counts(self) -> list[int]:
        return [self.counts.get(c, 0) for c in figures.CATEGORIES]


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
            agency_key=Substr("agency__path", 1, a_len),
            strategy_key=Coalesce(Substr("strategy__path", 1, s_len), Value("")),
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
            received=Sum("budget_received"),
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
