"""Reads for the project pages. Each function decides its joins and prefetches, so a page costs a fixed
number of queries whatever the number of rows."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.conf import settings
from django.db.models import DecimalField, OuterRef, Prefetch, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext, pgettext

from tracker.errors import ExplainedNotFound

from . import deadline, thai
from .budget import budget_remaining, budget_used, used_rate
from .choices import ApprovalState, ProjectStatus
from .closing import (
    active_exceptions,
    closed_quarters,
    is_quarter_closed,
    mark_closed,
    opened_for,
    opened_projects,
    quarter_of,
)
from .fiscal import fiscal_year_of
from .models import (
    Agency,
    Evaluation,
    Evidence,
    Kpi,
    KpiQuarterResult,
    PlanStep,
    ProgressReport,
    Project,
    QuarterLockException,
    ReportTransition,
    StrategyNode,
    lineage,
)
from .planned_sql import used_rate_sql
from .progress import Step, planned_progress
from .roles import visible_projects
from .snapshots import changes_for_display

CENT = Decimal("0.01")
HISTORY_LIMIT = 50
_PERCENT = DecimalField(max_digits=9, decimal_places=2)


# --- The list -------------------------------------------------------------------------------------------
LIST_COLUMNS = (
    "code",
    "name",
    "name_tag",
    "fiscal_year",
    "budget_received",
    "agency__code",
    "agency__name",
)


def project_list(*, user) -> QuerySet[Project]:
    """The projects the user may see, with budget used, latest progress and report, and % of budget used."""
    # Only the columns the table shows or links with: a project has many long texts the list never draws.
    queryset = Project.paged.only(*LIST_COLUMNS).with_figures().select_related("agency")
    queryset = queryset.annotate(percent_used=used_rate_sql("budget_used"))
    return visible_projects(user, queryset).order_by("-fiscal_year", "code", "pk")


# --- One project ----------------------------------------------------------------------------------------
def project_named_by(kwargs, projects: QuerySet[Project] | None = None) -> Project:
    """The project a page's address names (`links.project_url`): by fiscal year and code, or by id for a
    project imported without a code. `projects` narrows or annotates what is read (every project by default)."""
    projects = Project.objects.select_related("agency") if projects is None else projects
    if "pk" in kwargs:
        project = projects.filter(pk=kwargs["pk"]).first()
    else:
        project = projects.filter(fiscal_year=kwargs["fiscal_year"], code=kwargs["code"]).first()
    if project is None:
        raise ExplainedNotFound(gettext("ไม่พบโครงการ"))
    return project


def newest_project_with_code(*, code: str, fiscal_year: str | None = None) -> Project:
    """Where an old address by code alone leads: the project of `fiscal_year` when it names one (old print
    links carried `?fiscal_year=`), else the newest fiscal year's. Permissions are the target page's."""
    projects = Project.objects.filter(code=code).order_by("-fiscal_year").only("pk", "code", "fiscal_year")
    project = None
    if fiscal_year and fiscal_year.isdigit():
        project = projects.filter(fiscal_year=int(fiscal_year)).first()
    project = project or projects.first()
    if project is None:
        raise ExplainedNotFound(gettext("ไม่พบโครงการ"))
    return project


@dataclass
class Budget:
    received: Decimal | None
    used: Decimal
    remaining: Decimal | None
    percent_used: Decimal | None


@dataclass
class MonthEntry:
    """This month's report as the project page and the entry page offer it."""

    due_note: str  # when it is due (or how late it is); empty when the project does not run this month
    report: ProgressReport | None  # this month's report, when one is entered already
    reason: str | None  # why none can be entered (project finished, quarter closed), else None


def month_entry(
    *,
    project: Project,
    reports: list[ProgressReport],
    today: date,
    due_day: int,
    closed: set[tuple[int, int]] | None = None,
    opened: set[tuple[int, int]] | None = None,
) -> MonthEntry:
    """Whether this month's report is still to enter, entered already (then edited), or cannot be: one query,
    none when the caller passes the closed quarters (`closed_quarters`), and one more when this month's quarter
    is closed, for a lock exception that opens it to the project (none when the caller passes the quarters
    the project's exceptions open, `opened`)."""
    this_month = [
        r for r in reports if (r.report_date.year, r.report_date.month) == (today.year, today.month)
    ]
    quarter = quarter_of(today)
    quarter_closed = quarter in closed if closed is not None else is_quarter_closed(*quarter)
    if quarter_closed and project.pk is not None:
        opened = opened if opened is not None else opened_for(project.pk, [quarter])
        quarter_closed = quarter not in opened
    first, last = deadline.month_bounds(today)
    runs_this_month = (project.start_date is None or project.start_date <= last) and (
        project.end_date is None or project.end_date >= first
    )
    return MonthEntry(
        # A project that has not started or has ended owes this month nothing: no deadline to say.
        due_note=deadline.due_note(today, due_day) if runs_this_month else "",
        report=max(this_month, key=lambda r: (r.report_date, r.number)) if this_month else None,
        reason=deadline.no_entry_reason(
            status=project.status, quarter_closed=quarter if quarter_closed else None
        ),
    )


@dataclass
class ProjectPage:
    """Everything the project progress page shows, read in a fixed number of queries: one more while a closed
    quarter's snapshot is younger than the project's newest recorded change (or than `SETTLING` after it),
    when its figures are compared again."""

    project: Project
    agency_path: list[Agency]
    strategy_path: list[StrategyNode]
    other_years: list[Project]
    budget: Budget
    steps: list[PlanStep]
    reports: list[ProgressReport]  # newest first
    kpis: list[Kpi]
    evaluations: list[Evaluation]
    latest_evaluation: Evaluation | None
    planned_today: Decimal | None
    history: list["Change"]
    history_total: int
    entry: MonthEntry | None = None
    # Lock exceptions in force for the project: its closed quarters open to its staff, until when, and why.
    lock_exceptions: list[QuarterLockException] = field(default_factory=list)
    # For each closed quarter: what differs today from the figures frozen when it closed.
    changes_since_closing: list[dict] = field(default_factory=list)
    today: date = field(default_factory=timezone.localdate)


def project_page(*, user, project: Project, today: date | None = None) -> ProjectPage:
    today = today or timezone.localdate()
    steps = list(project.steps.order_by("number"))
    # Read once for the reports, this month's entry and what changed since each closing.
    closed = closed_quarters()
    # Marked closed here: the page asks each report's sign-off permissions.
    reports = mark_closed(
        list(
            project.reports.order_by("-number").prefetch_related(
                Prefetch("transitions", ReportTransition.objects.select_related("by").order_by("at", "pk"))
            )
        ),
        closed,
    )
    kpis = list(
        project.kpis.order_by("id").prefetch_related(
            Prefetch("quarters", KpiQuarterResult.objects.order_by("quarter"))
        )
    )
    evaluations = list(project.evaluations.select_related("evaluated_by").order_by("quarter"))
    scored = [e for e in evaluations if e.score is not None]
    other_years = []
    if project.code:
        other_years = list(
            visible_projects(user, Project.objects.filter(code=project.code).exclude(pk=project.pk))
            .order_by("-fiscal_year")
            .only("pk", "code", "fiscal_year")
        )
    used = budget_used(r.disbursed for r in reports)
    received = project.budget_received
    records = _history_records(project)
    history = project_history(project=project, records=records)
    exceptions = list(
        active_exceptions()
        .filter(project=project)
        .select_related("granted_by")
        .order_by("fiscal_year", "quarter", "expires_at")
    )
    return ProjectPage(
        project=project,
        agency_path=lineage(project.agency),
        strategy_path=lineage(project.strategy) if project.strategy else [],
        other_years=other_years,
        budget=Budget(
            received=received,
            used=used,
            remaining=budget_remaining(received, used),
            percent_used=used_rate(used, received),
        ),
        steps=steps,
        reports=reports,
        kpis=kpis,
        evaluations=evaluations,
        latest_evaluation=scored[-1] if scored else None,
        planned_today=(
            planned_progress([Step(s.weight, s.start_date, s.end_date) for s in steps], today)
            if steps
            else None
        ),
        history=history[:HISTORY_LIMIT],
        history_total=len(history),
        entry=month_entry(
            project=project,
            reports=reports,
            today=today,
            due_day=settings.REPORT_DUE_DAY,
            closed=closed,
            opened={(e.fiscal_year, e.quarter) for e in exceptions},
        ),
        lock_exceptions=exceptions,
        changes_since_closing=changes_for_display(
            project,
            closed=closed,
            kpis=kpis,
            last_recorded=max((r.history_date for r in records), default=None),
            history_read=True,
        ),
        today=today,
    )


# --- Change history -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class FieldChange:
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class Change:
    """One recorded change of the project or of something that belongs to it."""

    when: datetime
    who: str
    action: str  # "+" created, "~" changed, "-" deleted (simple_history's history_type)
    subject: str
    fields: tuple[FieldChange, ...] = ()


# Bookkeeping columns nobody needs to read about.
_NOT_SHOWN = {
    "version",
    "created_at",
    "updated_at",
    "legacy_key",
    "project",
    "kpi",
    "created_by",
    # evidence: where its bytes are stored says nothing to a reader
    "file",
    "thumbnail",
    "report",
}


def _who(record) -> str:
    user = record.history_user
    if user is None:
        return gettext("ระบบ")
    return user.get_full_name() or user.get_username()


def _subject(record, kpi_names: dict[int, str], report_numbers: dict[int, int] | None = None) -> str:
    model = record.instance_type
    if model is Evidence:
        # A file added or removed is a change of its report.
        number = (report_numbers or {}).get(record.report_id, "?")
        return gettext("รายงานครั้งที่ %(number)s: ไฟล์หลักฐาน %(name)s") % {"number": number, "name": record.name}
    if model is Project:
        return pgettext("change history", "โครงการ")
    if model is PlanStep:
        return gettext("ขั้นตอนที่ %(number)s") % {"number": record.number}
    if model is ProgressReport:
        return gettext("รายงานครั้งที่ %(number)s") % {"number": record.number}
    if model is Kpi:
        return gettext("ตัวชี้วัด %(name)s") % {"name": record.code or record.name}
    if model is KpiQuarterResult:
        name = kpi_names.get(record.kpi_id, "")
        return gettext("ตัวชี้วัด %(name)s ไตรมาสที่ %(quarter)s") % {"name": name, "quarter": record.quarter}
    if model is Evaluation:
        return gettext("ผลการประเมิน สยป. ไตรมาสที่ %(quarter)s") % {"quarter": record.quarter}
    return str(model._meta.verbose_name)


def _show(model_field, value, names: dict) -> str:
    if value is None or value == "":
        return "–"
    if model_field.is_relation:
        return names.get((model_field.related_model, value), str(value))
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return gettext("ใช่") if value else gettext("ไม่ใช่")
    if isinstance(value, datetime):
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        return f"{thai.format_date(local.date())} {local:%H:%M}"
    if isinstance(value, date):
        return thai.format_date(value)
    if isinstance(value, Decimal):
        return f"{value:,}"
    return str(value)


# Columns the history never reads: bookkeeping that is not diffed (`_NOT_SHOWN`, the owner's key aside: it names
# the report of a file and the indicator of a result), and of the editor only what names them (`_who`).
_UNREAD = ("version", "created_at", "updated_at", "legacy_key", "created_by", "file", "thumbnail")
_UNREAD_OF_EDITOR = (
    "password",
    "last_login",
    "is_superuser",
    "email",
    "is_staff",
    "is_active",
    "date_joined",
)


def _readable(queryset):
    fields = {f.name for f in queryset.model._meta.fields}
    return (
        queryset.select_related("history_user")
        .defer(
            "history_change_reason",
            *(name for name in _UNREAD if name in fields),
            *(f"history_user__{name}" for name in _UNREAD_OF_EDITOR),
        )
        .order_by("history_date", "history_id")
    )


def _history_records(project: Project) -> list:
    """Every historical row of the project and of what belongs to it, deleted things included."""
    by_project = [
        Project.history.filter(id=project.pk),
        PlanStep.history.filter(project_id=project.pk),
        ProgressReport.history.filter(project_id=project.pk),
        Kpi.history.filter(project_id=project.pk),
        Evaluation.history.filter(project_id=project.pk),
    ]
    records = []
    for queryset in by_project:
        records.extend(_readable(queryset))
    report_ids = {r.id for r in records if r.instance_type is ProgressReport}
    records.extend(_readable(Evidence.history.filter(report_id__in=sorted(report_ids) or [0])))
    kpi_ids = {r.id for r in records if r.instance_type is Kpi}
    records.extend(_readable(KpiQuarterResult.history.filter(kpi_id__in=sorted(kpi_ids) or [0])))
    return records


def _related_names(deltas) -> dict:
    """Readable names for the foreign keys that changed, one query per related model."""
    from django.contrib.auth import get_user_model

    wanted = defaultdict(set)
    for record, delta in deltas:
        for change in delta.changes:
            model_field = record.instance_type._meta.get_field(change.field)
            if model_field.is_relation:
                wanted[model_field.related_model].update(v for v in (change.old, change.new) if v is not None)
    names = {}
    for model, ids in wanted.items():
        for obj in model._default_manager.filter(pk__in=ids):
            label = obj.get_full_name() or obj.get_username() if model is get_user_model() else str(obj)
            names[(model, obj.pk)] = label
    return names


def project_history(*, project: Project, records: list | None = None) -> list[Change]:
    """Who changed what and when, newest first, field by field ("before → after"); from the project's
    historical rows (`_history_records`) when the caller has read them."""
    records = _history_records(project) if records is None else records
    kpi_names = {r.id: r.code or r.name for r in records if r.instance_type is Kpi}
    report_numbers = {r.id: r.number for r in records if r.instance_type is ProgressReport}
    previous = {}
    pairs = []  # (record, previous record of the same object or None)
    for record in sorted(records, key=lambda r: (r.history_date, r.history_id)):
        key = (record.instance_type, record.id)
        pairs.append((record, previous.get(key)))
        previous[key] = record
    deltas = [
        (record, record.diff_against(prev, excluded_fields=_NOT_SHOWN))
        for record, prev in pairs
        if record.history_type == "~" and prev is not None
    ]
    names = _related_names(deltas)
    delta_of = {id(record): delta for record, delta in deltas}
    changes = []
    for record, prev in pairs:
        fields: tuple[FieldChange, ...] = ()
        if record.history_type == "~" and prev is not None:
            delta = delta_of[id(record)]
            if not delta.changes:
                continue  # saved without a visible change
            meta = record.instance_type._meta
            fields = tuple(
                FieldChange(
                    label=str(meta.get_field(c.field).verbose_name),
                    before=_show(meta.get_field(c.field), c.old, names),
                    after=_show(meta.get_field(c.field), c.new, names),
                )
                for c in delta.changes
            )
        changes.append(
            Change(
                when=record.history_date,
                who=_who(record),
                action=record.history_type,
                subject=_subject(record, kpi_names, report_numbers),
                fields=fields,
            )
        )
    changes.reverse()
    return changes


def reports_for_sign_off(*, user) -> QuerySet[ProgressReport]:
    """Every report, in any state, of the projects a user reads (a head: their agencies and those below)."""
    return ProgressReport.objects.filter(
        project__in=visible_projects(user, Project.objects.all())
    ).select_related("project__agency")


def reports_awaiting_approval(*, user) -> QuerySet[ProgressReport]:
    """The submitted reports of the projects a user reads, oldest month first, grouped by agency."""
    return (
        reports_for_sign_off(user=user)
        .filter(approval_state=ApprovalState.SUBMITTED)
        .order_by("report_date", "project__agency__path", "project__code", "pk")
    )


# --- The landing page -----------------------------------------------------------------------------------
def _returns(report) -> QuerySet[ReportTransition]:
    """The steps that sent `report` (a report, or `OuterRef("pk")`) back to staff, newest first."""
    return ReportTransition.objects.filter(report=report, to_state=ApprovalState.RETURNED).order_by(
        "-at", "-pk"
    )


def last_return(report: ProgressReport) -> ReportTransition | None:
    """The head's step that last sent the report back: who, when, and what they asked to correct. One query."""
    return _returns(report).select_related("by").first()


def returned_reports(*, user) -> QuerySet[ProgressReport]:
    """The reports of the user's projects that a head sent back, with the head's comment, who and when: one
    query."""
    returned = _returns(OuterRef("pk"))
    return (
        ProgressReport.objects.filter(
            approval_state=ApprovalState.RETURNED, project__in=visible_projects(user, Project.objects.all())
        )
        .select_related("project__agency")
        .annotate(
            returned_comment=Subquery(returned.values("comment")[:1]),
            returned_at=Subquery(returned.values("at")[:1]),
            returned_by_first=Subquery(returned.values("by__first_name")[:1]),
            returned_by_last=Subquery(returned.values("by__last_name")[:1]),
            returned_by_username=Subquery(returned.values("by__username")[:1]),
        )
        .order_by("report_date", "project__agency__path", "project__code", "pk")
    )


def projects_due(*, user, today: date) -> QuerySet[Project]:
    """Running projects of the user's agencies (this fiscal year, running this month) without a report dated
    in this month yet: one query."""
    first, last = deadline.month_bounds(today)
    projects = Project.objects.owing_report(
        year=today.year,
        month=today.month,
        fiscal_year=fiscal_year_of(today),
        started_by=last,
        running_on=first,
    )
    return visible_projects(user, projects).select_related("agency").order_by("agency__path", "code", "pk")


@dataclass
class Landing:
    """What the landing page lists for the signed-in user; a part the user has no permission for is None."""

    today: date
    due_note: str
    returned: list[ProgressReport] | None = None
    due: list[Project] | None = None
    awaiting_count: int | None = None
    # Why this month's reports cannot be entered: its quarter was closed early (the due list then holds only
    # the projects a lock exception opens).
    closed_note: str | None = None


def landing_page(*, user, today: date, due_day: int) -> Landing:
    """Staff: their returned reports and the projects still due this month. Heads: how many reports wait for
    them. A fixed number of queries whatever the number of projects."""
    page = Landing(today=today, due_note=deadline.due_note(today, due_day))
    if user.has_perm("projects.enter_reports"):
        # Marked closed: a report returned before its quarter closed cannot be corrected, and the page says so.
        page.returned = mark_closed(list(returned_reports(user=user)))
        page.due = list(projects_due(user=user, today=today))
        quarter = quarter_of(today)
        if is_quarter_closed(*quarter):
            opened = opened_projects(quarter, (project.pk for project in page.due))
            page.due = [project for project in page.due if project.pk in opened]
            page.closed_note = deadline.no_entry_reason(status=ProjectStatus.ACTIVE, quarter_closed=quarter)
            page.due_note = ""
    if user.has_perm("projects.view_approvals"):
        page.awaiting_count = reports_awaiting_approval(user=user).count()
    return page
