"""Frozen quarters: each project's figures written down when its quarter closes, read back while it stays closed.

`write_snapshots` takes the figures from the same annotations the open quarter page shows
(`projects.quarter_figures`) and writes them in one set-based bulk insert, a new version each time; the older
versions stay. `with_frozen_figures` annotates projects with their newest version under the names the live
annotations use (`q_actual`, `q_gap`, `q_category`, …), so the quarter page, its filters, roll-ups, charts and
exports read a closed quarter exactly as they read an open one, and nothing they show can change afterwards.
`changes_since_closing` compares a project's newest versions with its figures today.
"""

from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import date, datetime, timedelta
from decimal import Decimal
from itertools import islice

from django.db import connection
from django.db.models import (
    Case,
    Count,
    F,
    FilteredRelation,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.utils import timezone

from .choices import ApprovalState, PlanStatus, TargetStatus
from .fiscal import quarter_bounds
from .models import (
    Kpi,
    KpiQuarterResult,
    ProgressReport,
    Project,
    QuarterClosure,
    QuarterSnapshot,
    QuarterSnapshotVersion,
    SnapshotCause,
)
from .planned_sql import used_rate_sql
from .quarter_figures import (
    with_evaluation_score,
    with_figures_on,
    with_missing_months,
    with_plan_status_on,
    with_report_states,
    with_scores,
)
from .thai import format_baht, format_date

# Figures a snapshot holds, in the order the project page lists what changed since a closing.
COMPARED_FIELDS = [
    "planned",
    "actual",
    "gap",
    "plan_status",
    "computed_status",
    "target_status",
    "budget_received",
    "budget_used",
    "kpi_results",
    "score",
    "comment",
    "reports_draft",
    "reports_submitted",
    "reports_approved",
    "reports_returned",
    "reports_pending",
    "last_report_date",
    "missing_count",
]
# The quarter's reports counted per sign-off state (`with_report_states`), as a snapshot stores them.
REPORT_STATE_VALUES = tuple(f"q_reports_{state}" for state in ApprovalState.values)
BATCH_SIZE = 2000
# A closing of at least this many projects refreshes the table's planner statistics (PostgreSQL).
ANALYZE_AFTER = 500


def _mismatch(prefix: str = "") -> Q:
    """The agency reported a plan status other than the one its figures suggest (`QuarterRow.mismatch`)."""
    return Q(**{f"{prefix}plan_status__isnull": False, f"{prefix}computed_status__isnull": False}) & ~Q(
        **{f"{prefix}plan_status": F(f"{prefix}computed_status")}
    )


MISMATCH = _mismatch()


def is_frozen_queryset(projects: QuerySet) -> bool:
    """The projects' figures were read from a snapshot (`with_frozen_figures`)."""
    return "q_snapshot_version" in projects.query.annotations


# --- Writing ----------------------------------------------------------------------------------------------
# The values of a row of `live_figures` and `compared_figures` that `_compared_values` reads.
COMPARED_VALUES = (
    "q_received",
    "q_used",
    "q_planned",
    "q_actual",
    "s_gap",
    "q_plan_status",
    "s_computed_status",
    "q_target_status",
    "q_last_report",
    "q_score",
    "q_comment",
    *REPORT_STATE_VALUES,
)


def _with_compared(projects: QuerySet[Project], *, fiscal_year: int, quarter: int) -> QuerySet[Project]:
    """The quarter's figures as of its last day that a snapshot holds and `changes_since_closing` compares
    (`COMPARED_VALUES`), the evaluation's score and comment aside. The budget received too is the one recorded
    at the quarter's end (`with_figures_on`), not today's: a raise in a later quarter is no change to this one."""
    _, end = quarter_bounds(fiscal_year, quarter)
    projects = with_plan_status_on(with_figures_on(projects, end), end)
    projects = with_report_states(projects, fiscal_year=fiscal_year, quarter=quarter)
    latest = ProgressReport.objects.filter(project=OuterRef("pk"), report_date__lte=end).order_by(
        "-report_date", "-number"
    )
    return projects.annotate(
        q_target_status=Subquery(latest.values("target_status")[:1]),
        s_gap=F("q_gap"),
        s_computed_status=F("q_computed_status"),
    )


def live_figures(projects: QuerySet[Project], *, fiscal_year: int, quarter: int, today: date) -> QuerySet:
    """Every figure a snapshot holds, as of the quarter's last day, as one row of values per project."""
    projects = _with_compared(projects, fiscal_year=fiscal_year, quarter=quarter)
    projects = with_scores(
        with_missing_months(projects, fiscal_year=fiscal_year, quarter=quarter, today=today), quarter=quarter
    )
    return projects.annotate(s_category=F("q_category"), s_missing_count=F("q_missing_count")).values(
        "pk",
        "code",
        "name",
        "agency_id",
        "agency__code",
        "agency__name",
        "strategy_id",
        "responsible",
        "q_status",
        *COMPARED_VALUES,
        "s_category",
        "q_missing_1",
        "q_missing_2",
        "q_missing_3",
        "s_missing_count",
        "q_kpi_count",
        "q_kpi_score_1",
        "q_kpi_score_2",
        "q_evaluated_at",
        "q_evaluator_first",
        "q_evaluator_last",
        "q_evaluator_username",
    )


def compared_figures(projects: QuerySet[Project], *, fiscal_year: int, quarter: int) -> QuerySet:
    """Only the figures `changes_since_closing` compares with a snapshot, computed as `live_figures` computes
    them: one row of values per project, tagged with its fiscal year and quarter."""
    projects = with_evaluation_score(
        _with_compared(projects, fiscal_year=fiscal_year, quarter=quarter), quarter=quarter
    )
    return projects.annotate(s_fiscal_year=Value(fiscal_year), s_quarter=Value(quarter)).values(
        "pk", "s_fiscal_year", "s_quarter", *COMPARED_VALUES
    )


def _plain(value):
    """A JSON-safe copy of a figure: decimals and dates as text."""
    if isinstance(value, Decimal | date):
        return str(value)
    return value


def kpi_results(project_ids: Iterable[int] | None, *, fiscal_year: int, quarter: int) -> dict[int, list]:
    """The quarter's indicator results per project, one query: code, name, result and scores 2.1 / 2.2."""
    results = KpiQuarterResult.objects.filter(kpi__project__fiscal_year=fiscal_year, quarter=quarter)
    if project_ids is not None:
        results = results.filter(kpi__project__in=list(project_ids))
    by_project: dict[int, list] = defaultdict(list)
    for r in results.order_by("kpi__project", "kpi_id").values(
        "kpi__project", "kpi__code", "kpi__name", "result", "score_1", "score_2"
    ):
        by_project[r["kpi__project"]].append(
            _kpi_result(r["kpi__code"], r["kpi__name"], r["result"], r["score_1"], r["score_2"])
        )
    return by_project


def _kpi_result(code: str, name: str, result, score_1, score_2) -> dict:
    """One indicator's quarter result as a snapshot stores it (JSON-safe)."""
    return {
        "code": code,
        "name": name,
        "result": _plain(result),
        "score_1": _plain(score_1),
        "score_2": _plain(score_2),
    }


def _two_places(value) -> Decimal | None:
    return None if value is None else Decimal(value).quantize(Decimal("0.01"))


def _compared_values(row: dict) -> dict:
    """The figures of a row of `compared_figures` (or `live_figures`) under a snapshot's field names: every
    compared field but the indicator results (`kpi_results`) and the months without a report."""
    return {
        "planned": row["q_planned"],
        "actual": row["q_actual"],
        "gap": row["s_gap"],
        "plan_status": row["q_plan_status"] or None,
        "computed_status": row["s_computed_status"],
        "target_status": row["q_target_status"] or None,
        "budget_received": row["q_received"],
        "budget_used": row["q_used"],
        "score": row["q_score"],
        "comment": row["q_comment"],
        **{f"reports_{state}": row[f"q_reports_{state}"] for state in ApprovalState.values},
        "reports_pending": sum(
            row[f"q_reports_{s}"] for s in ApprovalState.values if s != ApprovalState.APPROVED
        ),
        "last_report_date": row["q_last_report"],
    }


def _snapshot(row: dict, kpis: list, **common) -> QuarterSnapshot:
    evaluator = f"{row['q_evaluator_first'] or ''} {row['q_evaluator_last'] or ''}".strip()
    return QuarterSnapshot(
        project_id=row["pk"],
        code=row["code"],
        name=row["name"],
        agency_id=row["agency_id"],
        agency_code=row["agency__code"],
        agency_name=row["agency__name"],
        strategy_id=row["strategy_id"],
        responsible=row["responsible"],
        status=row["q_status"],
        **_compared_values(row),
        category=row["s_category"],
        kpi_results=kpis,
        kpi_count=row["q_kpi_count"],
        kpi_score_1=_two_places(row["q_kpi_score_1"]),
        kpi_score_2=_two_places(row["q_kpi_score_2"]),
        evaluated_by=evaluator or row["q_evaluator_username"] or "",
        evaluated_at=row["q_evaluated_at"],
        missing_1=row["q_missing_1"],
        missing_2=row["q_missing_2"],
        missing_3=row["q_missing_3"],
        missing_count=row["s_missing_count"],
        **common,
    )


def _batches(items: Iterable, size: int) -> Iterator[list]:
    """`items` in lists of `size` (the last one shorter)."""
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def write_snapshots(
    *,
    fiscal_year: int,
    quarter: int,
    user,
    cause: str = SnapshotCause.CLOSING,
    project_ids: list[int] | None = None,
    today: date | None = None,
) -> int:
    """Freeze the figures of the quarter's projects (or of `project_ids` only) as a new version; return it.

    Called by the closing (every project) and by a lock exception's end (its one project), under the lock of
    the quarter's closure row, so two writers never number the same version. The earlier versions stay; the
    new one becomes `current`, and for a single project records what changed since the one it replaces.
    Read, frozen and inserted `BATCH_SIZE` projects at a time, so a closing of the whole city holds one batch
    in memory, not every project: a fixed number of queries per batch.
    """
    today = today or timezone.localdate()
    quarter_rows = QuarterSnapshot.objects.filter(fiscal_year=fiscal_year, quarter=quarter)
    versions = QuarterSnapshotVersion.objects.filter(fiscal_year=fiscal_year, quarter=quarter)
    version = (versions.aggregate(v=Max("version"))["v"] or 0) + 1
    projects = Project.objects.filter(fiscal_year=fiscal_year)
    replaced = quarter_rows.filter(current=True)
    previous: dict[int, QuarterSnapshot] = {}
    if project_ids is not None:
        projects = projects.filter(pk__in=project_ids)
        replaced = replaced.filter(project__in=project_ids)
        previous = {s.project_id: s for s in replaced}
    common = {
        "fiscal_year": fiscal_year,
        "quarter": quarter,
        "version": version,
        "current": True,
        "cause": cause,
        "taken_at": timezone.now(),
        "taken_by": user if getattr(user, "pk", None) else None,
    }
    replaced.update(current=False)
    figures = live_figures(projects.order_by("pk"), fiscal_year=fiscal_year, quarter=quarter, today=today)
    written = 0
    for batch in _batches(figures.iterator(chunk_size=BATCH_SIZE), BATCH_SIZE):
        kpis = kpi_results([row["pk"] for row in batch], fiscal_year=fiscal_year, quarter=quarter)
        rows = [_snapshot(row, kpis.get(row["pk"], []), **common) for row in batch]
        for snapshot in rows:
            if snapshot.project_id in previous:
                snapshot.changes = differences(previous[snapshot.project_id], snapshot)
        QuarterSnapshot.objects.bulk_create(rows)
        written += len(rows)
    if connection.vendor == "postgresql" and written >= ANALYZE_AFTER:
        # Fresh statistics now, not when autovacuum gets to them: with the thousands of rows just written
        # unknown to it, the planner would read every snapshot of the quarter to show one page of it.
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {QuarterSnapshot._meta.db_table}")
    totals = quarter_rows.filter(current=True).aggregate(
        rows=Count("pk"),
        mismatch=Count("pk", filter=MISMATCH),
        missing=Count("pk", filter=Q(missing_count__gt=0)),
    )
    QuarterSnapshotVersion.objects.create(
        fiscal_year=fiscal_year,
        quarter=quarter,
        version=version,
        cause=cause,
        taken_at=common["taken_at"],
        taken_by=common["taken_by"],
        projects=written,
        current_rows=totals["rows"],
        current_mismatch=totals["mismatch"],
        current_missing=totals["missing"],
    )
    return version


def version_totals(version: QuarterSnapshotVersion) -> dict[str, int]:
    """The closed quarter's unfiltered totals as a version recorded them (`quarter_summary`'s keys): read with
    the version, whatever the number of projects."""
    return {
        "row_count": version.current_rows,
        "mismatch_count": version.current_mismatch,
        "missing_count": version.current_missing,
    }


# --- Reading --------------------------------------------------------------------------------------------
def with_frozen_figures(projects: QuerySet[Project], *, fiscal_year: int, quarter: int) -> QuerySet[Project]:
    """Only the projects frozen in the quarter, annotated from their newest snapshot under the names of the
    live annotations (`projects.quarter_figures`): one join, no subquery, so a page of a closed quarter costs
    the same whatever the number of projects."""
    projects = projects.annotate(
        snap=FilteredRelation(
            "quarter_snapshots",
            condition=Q(
                quarter_snapshots__fiscal_year=fiscal_year,
                quarter_snapshots__quarter=quarter,
                quarter_snapshots__current=True,
            ),
        )
    ).filter(snap__isnull=False)
    projects = projects.annotate(
        # Who the project was at the closing: renamed, recoded or moved since, it stays where it was counted.
        q_code=F("snap__code"),
        q_name=F("snap__name"),
        q_agency_name=F("snap__agency_name"),
        q_agency_code=F("snap__agency_code"),
        q_agency_path=F("snap__agency__path"),
        q_strategy_path=F("snap__strategy__path"),
        q_responsible=F("snap__responsible"),
        q_received=F("snap__budget_received"),
        q_status=F("snap__status"),
        q_actual=F("snap__actual"),
        q_plan_status=F("snap__plan_status"),
        q_last_report=F("snap__last_report_date"),
        q_used=F("snap__budget_used"),
        q_planned=F("snap__planned"),
        q_missing_1=F("snap__missing_1"),
        q_missing_2=F("snap__missing_2"),
        q_missing_3=F("snap__missing_3"),
        q_kpi_count=F("snap__kpi_count"),
        q_kpi_score_1=F("snap__kpi_score_1"),
        q_kpi_score_2=F("snap__kpi_score_2"),
        q_score=F("snap__score"),
        q_comment=F("snap__comment"),
        q_evaluated_at=F("snap__evaluated_at"),
        q_evaluator_first=F("snap__evaluated_by"),
        q_evaluator_last=Value(""),
        q_evaluator_username=Value(""),
        q_snapshot_version=F("snap__version"),
        **{f"q_reports_{state}": F(f"snap__reports_{state}") for state in ApprovalState.values},
    )
    return projects.alias(
        q_gap=F("snap__gap"),
        q_computed_status=F("snap__computed_status"),
        q_category=F("snap__category"),
        q_missing_count=F("snap__missing_count"),
        q_mismatch=Case(When(_mismatch("snap__"), then=Value(True)), default=Value(False)),
        q_used_rate=used_rate_sql("q_used", "q_received"),
    )


# --- What changed since -------------------------------------------------------------------------------------
def _comparable(snapshot: QuarterSnapshot) -> dict:
    """The compared figures as JSON-safe values, decimals to their field's places (SQL may hand back `20`
    for `20.00`)."""
    values = {}
    for name in COMPARED_FIELDS:
        value = getattr(snapshot, name)
        places = getattr(QuarterSnapshot._meta.get_field(name), "decimal_places", None)
        if isinstance(value, Decimal) and places is not None:
            value = value.quantize(Decimal(1).scaleb(-places))
        values[name] = _plain(value)
    return values


def differences(before: QuarterSnapshot, after: QuarterSnapshot) -> dict[str, list]:
    """Field → [before, after] for each figure that differs, as JSON-safe values."""
    old, new = _comparable(before), _comparable(after)
    return {name: [old[name], new[name]] for name in COMPARED_FIELDS if old[name] != new[name]}


def _kpi_results_by_quarter(project: Project, kpis: list[Kpi] | None) -> dict[int, list]:
    """The project's indicator results per quarter, as `kpi_results` lists them: from `kpis` when the caller
    has them with their `quarters` prefetched, else one query."""
    by_quarter: dict[int, list] = defaultdict(list)
    if kpis is not None:
        for kpi in sorted(kpis, key=lambda k: k.pk):
            for r in kpi.quarters.all():
                by_quarter[r.quarter].append(_kpi_result(kpi.code, kpi.name, r.result, r.score_1, r.score_2))
        return by_quarter
    results = KpiQuarterResult.objects.filter(kpi__project=project).order_by("kpi_id", "quarter")
    for r in results.values("quarter", "kpi__code", "kpi__name", "result", "score_1", "score_2"):
        by_quarter[r["quarter"]].append(
            _kpi_result(r["kpi__code"], r["kpi__name"], r["result"], r["score_1"], r["score_2"])
        )
    return by_quarter


# How long before a snapshot was taken a recorded change may still have been committed after it (an edit that
# does not wait for the closing's lock, a clock a little apart on another server): such changes are compared.
SETTLING = timedelta(minutes=2)


def changes_since_closing(
    project: Project,
    *,
    closed: set[tuple[int, int]] | None = None,
    kpis: list[Kpi] | None = None,
    last_recorded: datetime | None = None,
    history_read: bool = False,
) -> list[dict]:
    """For each closed quarter with a snapshot of the project: its version, when it was taken, and each
    figure that differs today, old → new. At most four queries whatever the number of closed quarters, fewer
    when the caller passes the closed quarters (`closed`) or the project's indicators with their results
    (`kpis`, `quarters` prefetched); none when no quarter is closed.

    A caller that has read the project's change history (`history_read`, its newest entry `last_recorded`,
    None when there is none) saves the comparison for snapshots taken well after that entry: every write to a
    project's data is recorded there, so nothing can have changed since."""
    if closed is None:
        closed = set(QuarterClosure.objects.filter(closed=True).values_list("fiscal_year", "quarter"))
    if not closed:
        return []
    snapshots = [
        s
        for s in project.quarter_snapshots.filter(current=True).order_by("fiscal_year", "quarter")
        if (s.fiscal_year, s.quarter) in closed
    ]
    if not snapshots:
        return []
    if history_read:
        unchanged = [s for s in snapshots if last_recorded is None or last_recorded < s.taken_at - SETTLING]
        if len(unchanged) == len(snapshots):
            return [{"snapshot": s, "changes": {}} for s in snapshots]
    one = Project.objects.filter(pk=project.pk).order_by()
    parts = [compared_figures(one, fiscal_year=s.fiscal_year, quarter=s.quarter) for s in snapshots]
    rows = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    live = {(row["s_fiscal_year"], row["s_quarter"]): row for row in rows}
    kpi_results = _kpi_results_by_quarter(project, kpis)
    found = []
    for snapshot in snapshots:
        row = live.get((snapshot.fiscal_year, snapshot.quarter))
        if row is None:
            continue
        now = QuarterSnapshot(**_compared_values(row), kpi_results=kpi_results.get(snapshot.quarter, []))
        # Months without a report grow while time passes; they are what was owed when the quarter closed.
        changed = {k: v for k, v in differences(snapshot, now).items() if k != "missing_count"}
        found.append({"snapshot": snapshot, "changes": changed})
    return found


STATUS_FIELDS = {"plan_status", "computed_status", "target_status"}


def _display(name: str, value) -> str:
    """A compared figure as the project page prints it."""
    if value is None or value == "" or value == []:
        return "–"
    if name in STATUS_FIELDS:
        choices = TargetStatus if name == "target_status" else PlanStatus
        return str(choices(value).label) if value in choices.values else str(value)
    if name == "last_report_date":
        return format_date(date.fromisoformat(value))
    if name in ("budget_received", "budget_used"):
        return format_baht(Decimal(value))
    if name == "kpi_results":
        return "; ".join(
            f"{k['code'] or k['name']}: {k['result'] or '–'} ({k['score_1'] or '–'} / {k['score_2'] or '–'})"
            for k in value
        )
    return str(value)


def changes_for_display(
    project: Project,
    *,
    closed: set[tuple[int, int]] | None = None,
    kpis: list[Kpi] | None = None,
    last_recorded: datetime | None = None,
    history_read: bool = False,
) -> list[dict]:
    """`changes_since_closing` with each field's label and its old and new values formatted: for each closed
    quarter, its version, when it was frozen and the lines old → new (only the fields that differ)."""

    def lines(changes: dict) -> list[dict]:
        return [
            {
                "label": str(QuarterSnapshot._meta.get_field(name).verbose_name),
                "before": _display(name, before),
                "after": _display(name, after),
            }
            for name, (before, after) in changes.items()
        ]

    # A version written at a lock exception's end also lists what that exception changed.
    return [
        {
            "snapshot": found["snapshot"],
            "lines": lines(found["changes"]),
            "recorded": lines(found["snapshot"].changes),
        }
        for found in changes_since_closing(
            project, closed=closed, kpis=kpis, last_recorded=last_recorded, history_read=history_read
        )
    ]


# --- Exporting ------------------------------------------------------------------------------------------------
def _text_number(value, places: int = 2) -> str | None:
    return None if value is None else str(Decimal(value).quantize(Decimal(1).scaleb(-places)))


def quarter_records(*, fiscal_year: int, quarter: int, agency=None) -> list[dict]:
    """The quarter's figures per project as plain values (decimals as text), for `export_quarter`: read from
    the newest snapshot of a closed quarter (`frozen`, with its `version`), else computed live."""
    from .closing import read_closed_quarter  # closing writes through this module

    frozen = read_closed_quarter(fiscal_year=fiscal_year, quarter=quarter)
    if frozen:
        rows = QuarterSnapshot.objects.filter(fiscal_year=fiscal_year, quarter=quarter, current=True)
        if agency is not None:
            rows = rows.filter(agency__path__startswith=agency.path)
        rows = list(rows.order_by("agency_code", "code", "project_id"))
    else:
        projects = Project.objects.filter(fiscal_year=fiscal_year)
        if agency is not None:
            projects = projects.under_agency(agency)
        rows = [
            _snapshot(row, [], fiscal_year=fiscal_year, quarter=quarter, version=None)
            for row in live_figures(
                projects.order_by("agency__code", "code", "pk"),
                fiscal_year=fiscal_year,
                quarter=quarter,
                today=timezone.localdate(),
            )
        ]
    return [
        {
            "code": s.code,
            "fiscal_year": s.fiscal_year,
            "agency_code": s.agency_code,
            "planned": _text_number(s.planned),
            "actual": _text_number(s.actual),
            "gap": _text_number(s.gap),
            "plan_status": s.plan_status,
            "computed_status": s.computed_status,
            "budget_received": _text_number(s.budget_received),
            "budget_used": _text_number(s.budget_used),
            "score": _text_number(s.score, 4),
            "comment": s.comment,
            "reports_approved": s.reports_approved,
            "reports_pending": s.reports_pending,
            "frozen": frozen,
            "version": s.version,
        }
        for s in rows
    ]
