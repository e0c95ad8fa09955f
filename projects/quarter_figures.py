"""A fiscal quarter's figures of each project, annotated in SQL: what the quarter page shows while the quarter
is open, and what closing it freezes into snapshots (`projects.snapshots`).

The figures are taken "as of" the quarter's last day: the latest report on or before it, the disbursements
up to it, the plan steps' planned % on it, the budget received as the project's history recorded it then.
Every function adds subqueries, so the row count never changes the number of queries.
"""

from calendar import monthrange
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.conf import settings
from django.db.models import (
    Avg,
    BooleanField,
    Case,
    CharField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Round
from django.utils import timezone

from .categories import category_sql
from .choices import ApprovalState, ProjectStatus
from .fiscal import quarter_bounds, quarter_months
from .models import Evaluation, KpiQuarterResult, ProgressReport, Project
from .planned_sql import MONEY, PERCENT, Let, plan_status_sql, planned_on, used_rate_sql, used_total


def with_identity(projects: QuerySet[Project]) -> QuerySet[Project]:
    """Who each project is, under the names a closed quarter reads from its snapshot
    (`snapshots.with_frozen_figures`): code, name, agency, strategy and who is responsible, as they are now."""
    return projects.annotate(
        q_code=F("code"),
        q_name=F("name"),
        q_agency_name=F("agency__name"),
        q_agency_code=F("agency__code"),
        q_agency_path=F("agency__path"),
        q_strategy_path=F("strategy__path"),
        q_responsible=F("responsible"),
    )


def with_figures_on(projects: QuerySet[Project], day: date) -> QuerySet[Project]:
    """Annotate the figures as they stood on `day`: actual %, reported plan status, last report date,
    budget used, and the budget received and the project's status as its history recorded them then
    (`received_on`, `status_on`), so a budget raised or a cancellation in a later quarter does not change an
    earlier one. Subqueries, so no extra query per project and no multiplied rows."""
    upto = ProgressReport.objects.filter(project=OuterRef("pk"), report_date__lte=day)
    latest = upto.order_by("-report_date", "-number")
    return projects.annotate(
        q_actual=Subquery(latest.values("progress")[:1], output_field=PERCENT),
        q_plan_status=Subquery(latest.values("plan_status")[:1]),
        q_last_report=Subquery(latest.values("report_date")[:1]),
        q_used=Coalesce(used_total(upto), Value(Decimal("0.00")), output_field=MONEY),
        q_received=received_on(day),
        q_status=status_on(day),
    )


def _history_rows(day: date) -> tuple[QuerySet, QuerySet, QuerySet]:
    """The project's historical rows; those recorded by the end of `day` (Bangkok time), newest first; all of
    them, oldest first."""
    until = datetime.combine(day + timedelta(days=1), time.min, tzinfo=timezone.get_default_timezone())
    rows = Project.history.model.objects.filter(id=OuterRef("pk"))
    upto = rows.filter(history_date__lt=until).order_by("-history_date", "-history_id")
    return rows, upto, rows.order_by("history_date", "history_id")


def recorded_on(name: str, day: date, output_field) -> Case:
    """The project's field `name` as it stood at the end of `day`, Bangkok time (the site's time zone), read
    from the project's change history: the newest historical row recorded before the next day began; for a
    project with no row that old (imported or created later), its oldest recorded value; for one with no
    history at all, its value today. A correlated subquery, one index probe or two per project (the index
    `projects_historicalproject_by_project_date`), so it adds no query."""
    rows, upto, oldest = _history_rows(day)
    # Not `Coalesce`: a row that records no value (NULL) is an answer, not a missing row.
    return Case(
        When(Exists(upto), then=Subquery(upto.values(name)[:1])),
        When(Exists(rows), then=Subquery(oldest.values(name)[:1])),
        default=F(name),
        output_field=output_field,
    )


def received_on(day: date) -> Case:
    """The budget received as it stood at the end of `day` (`recorded_on`)."""
    return recorded_on("budget_received", day, MONEY)


def status_on(day: date) -> Coalesce:
    """The project's status (active, delayed, cancelled, completed) as it stood at the end of `day`, read as
    `recorded_on` reads a field: a project cancelled after a quarter ended still counts as running in that
    quarter. A status is never NULL, so the first value found is the answer: one index probe for most
    projects, where `recorded_on` makes two."""
    _, upto, oldest = _history_rows(day)
    return Coalesce(
        Subquery(upto.values("status")[:1]),
        Subquery(oldest.values("status")[:1]),
        F("status"),
        output_field=CharField(),
    )


def with_plan_status_on(projects: QuerySet[Project], day: date) -> QuerySet[Project]:
    """Planned % on `day` from the plan steps (`projects.planned_sql`, equal to `planned_progress`), the gap,
    the status it suggests (thresholds of `suggest_plan_status`), the mismatch with the reported status, the
    roll-up category (`categories.category_sql`) and the budget used rate. After
    `with_figures_on`, whose figures these are computed from."""
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
            category_sql(
                status="{status}", actual="{actual}", computed_status=computed, reported_status="{reported}"
            ),
            CharField(),
            status=F("q_status"),
            actual=F("q_actual"),
            gap=F("q_gap"),
            reported=F("q_plan_status"),
        ),
        q_used_rate=used_rate_sql("q_used", "q_received"),
    )
    return projects


def with_missing_months(
    projects: QuerySet[Project], *, fiscal_year: int, quarter: int, today: date
) -> QuerySet[Project]:
    """For each month of the quarter, its number when a report was due by `today` and
    none is dated in it, else NULL; `q_missing_count` counts them. A project cancelled by the quarter's end
    owes no reports. After `with_figures_on`, whose status (`q_status`) it reads."""
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
                Q(start_date__gt=last)
                | Q(end_date__lt=first)
                | Exists(reported)
                # Last: the status as recorded then is read from the history, the dearest test.
                | Q(q_status=ProjectStatus.CANCELLED),
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


def _evaluation(quarter: int) -> QuerySet[Evaluation]:
    return Evaluation.objects.filter(project=OuterRef("pk"), quarter=quarter).order_by("pk")


def with_evaluation_score(projects: QuerySet[Project], *, quarter: int) -> QuerySet[Project]:
    """The planning office's evaluation of the quarter: its score and comment."""
    evaluation = _evaluation(quarter)
    return projects.annotate(
        q_score=Subquery(evaluation.values("score")[:1]),
        q_comment=Coalesce(Subquery(evaluation.values("comment")[:1]), Value(""), output_field=TextField()),
    )


def with_scores(projects: QuerySet[Project], *, quarter: int) -> QuerySet[Project]:
    """The quarter's KPI results (count, mean scores 2.1 / 2.2) and the planning office's evaluation."""
    kpis = KpiQuarterResult.objects.filter(kpi__project=OuterRef("pk"), quarter=quarter).order_by()
    kpis = kpis.values("kpi__project")
    evaluation = _evaluation(quarter)
    return with_evaluation_score(projects, quarter=quarter).annotate(
        q_kpi_count=Coalesce(Subquery(kpis.annotate(n=Count("pk")).values("n")), 0),
        q_kpi_score_1=Subquery(kpis.annotate(a=Avg("score_1")).values("a"), output_field=FloatField()),
        q_kpi_score_2=Subquery(kpis.annotate(a=Avg("score_2")).values("a"), output_field=FloatField()),
        q_evaluated_at=Subquery(evaluation.values("evaluated_at")[:1]),
        q_evaluator_username=Subquery(evaluation.values("evaluated_by__username")[:1]),
        q_evaluator_first=Subquery(evaluation.values("evaluated_by__first_name")[:1]),
        q_evaluator_last=Subquery(evaluation.values("evaluated_by__last_name")[:1]),
    )


def with_report_states(projects: QuerySet[Project], *, fiscal_year: int, quarter: int) -> QuerySet[Project]:
    """How many of the project's reports dated in the quarter stand in each sign-off state
    (`q_reports_<state>`), counted live. Shown and filtered on only: every report counts in the figures,
    approved or not."""
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
