"""Reads for reminders: the facts a day's plan is made of, each in one query whatever the number of projects."""

from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.db.models import Count, Max, QuerySet
from django.utils import timezone

from projects.choices import RUNNING_STATUSES, ApprovalState
from projects.fiscal import fiscal_year_of
from projects.models import AgencyMembership, ProgressReport, Project, ReportTransition
from projects.roles import AGENCY_HEAD, AGENCY_STAFF, PLANNING_OFFICE

from . import planning
from .models import Reminder, ReminderPreference

ROLE_OF_GROUP = {AGENCY_STAFF: planning.STAFF, AGENCY_HEAD: planning.HEAD, PLANNING_OFFICE: planning.PLANNER}


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def missing_report_projects(year: int, month: int, due: date) -> QuerySet[Project]:
    """Running projects of the due date's fiscal year with no report dated in the month (not cancelled or
    completed, started by the due date, not ended before the month)."""
    return Project.objects.owing_report(
        year=year,
        month=month,
        fiscal_year=fiscal_year_of(due),
        started_by=due,
        running_on=date(year, month, 1),
    )


def _refs(queryset: QuerySet[Project]) -> list[planning.ProjectRef]:
    rows = queryset.values_list("pk", "code", "name", "fiscal_year", "agency__path")
    return [planning.ProjectRef(*row) for row in rows]


def people() -> dict[int, dict]:
    """Active users with a role: {id: {roles, paths, email, name, language, optional, rejected}}; three queries."""
    User = get_user_model()
    found: dict[int, dict] = {}
    rows = (
        User.objects.filter(is_active=True, groups__name__in=list(ROLE_OF_GROUP))
        .values_list("pk", "groups__name", "username", "email", "first_name", "last_name")
        .order_by("pk")
    )
    for pk, group, username, email, first, last in rows:
        person = found.setdefault(
            pk,
            {
                "roles": set(),
                "paths": [],
                "username": username,
                "email": email,
                "name": f"{first} {last}".strip() or username,
                "language": "th",
                "optional": True,
                "rejected": "",
            },
        )
        person["roles"].add(ROLE_OF_GROUP[group])
    for user_id, path in AgencyMembership.objects.filter(user_id__in=found).values_list(
        "user_id", "agency__path"
    ):
        found[user_id]["paths"].append(path)
    for user_id, language, optional, rejected in ReminderPreference.objects.filter(
        user_id__in=found
    ).values_list("user_id", "language", "optional_reminders", "rejected_address"):
        found[user_id].update(language=language, optional=optional, rejected=rejected)
    return found


def last_optional_days(day: date, quiet_days: int) -> dict[int, date]:
    """The day each person last got an optional reminder, within the quiet period before `day`."""
    rows = (
        Reminder.objects.filter(optional=True, day__gt=day - timedelta(days=quiet_days), day__lte=day)
        .values("recipient_id")
        .annotate(last=Max("day"))
        .values_list("recipient_id", "last")
    )
    return dict(rows)


def returned_reports(day: date) -> list[planning.ReturnedReport]:
    """Reports returned to their authors in the week up to `day` and still returned."""
    since = _start_of(day - timedelta(days=planning.RETURNED_WITHIN_DAYS - 1))
    rows = (
        ReportTransition.objects.filter(
            to_state=ApprovalState.RETURNED,
            at__gte=since,
            at__lt=_start_of(day + timedelta(days=1)),
            report__approval_state=ApprovalState.RETURNED,
            report__created_by__isnull=False,
        )
        .select_related("by", "report__project__agency")
        .order_by("at", "pk")
    )
    found = []
    for transition in rows:
        report = transition.report
        project = report.project
        by = transition.by.get_full_name() or transition.by.get_username() if transition.by else ""
        found.append(
            planning.ReturnedReport(
                transition_id=transition.pk,
                author_id=report.created_by_id,
                number=report.number,
                report_date=report.report_date,
                returned_on=timezone.localdate(transition.at),
                comment=transition.comment,
                by=by,
                project=planning.ProjectRef(
                    project.pk, project.code, project.name, project.fiscal_year, project.agency.path
                ),
            )
        )
    return found


def waiting_reports(day: date) -> list[planning.WaitingReport]:
    """Reports submitted for approval more than the allowed days before `day`, oldest first."""
    before = _start_of(day - timedelta(days=planning.AWAITING_MORE_THAN_DAYS))
    rows = (
        ProgressReport.objects.filter(approval_state=ApprovalState.SUBMITTED, approval_changed_at__lt=before)
        .filter(project__status__in=RUNNING_STATUSES)
        .values_list(
            "number",
            "report_date",
            "approval_changed_at",
            "project_id",
            "project__code",
            "project__name",
            "project__fiscal_year",
            "project__agency__path",
        )
        .order_by("approval_changed_at", "pk")
    )
    return [
        planning.WaitingReport(number, report_date, timezone.localdate(since), planning.ProjectRef(*project))
        for number, report_date, since, *project in rows
    ]


def overdue_by_agency(year: int, month: int, due: date) -> list[tuple[str, str, int]]:
    """(agency code, name, projects without the month's report), most first: one aggregate query."""
    rows = (
        missing_report_projects(year, month, due)
        .values("agency__code", "agency__name")
        .annotate(count=Count("pk"))
        .order_by("-count", "agency__code")
        .values_list("agency__code", "agency__name", "count")
    )
    return [tuple(row) for row in rows]


def facts_for(day: date, *, due_day: int, quiet_days: int) -> tuple[planning.Facts, dict[int, dict]]:
    """Everything `planning.plan` needs for `day`, and the people's details for the messages."""
    found = people()
    missing = {}
    for year, month in planning.months_in_play(day, due_day):
        missing[(year, month)] = _refs(
            missing_report_projects(year, month, planning.due_date(year, month, due_day))
        )
    facts = planning.Facts(
        day=day,
        due_day=due_day,
        missing=missing,
        people=[
            planning.Person(pk, frozenset(person["roles"]), tuple(person["paths"]))
            for pk, person in found.items()
        ],
        last_optional=last_optional_days(day, quiet_days),
        opted_out=frozenset(pk for pk, person in found.items() if not person["optional"]),
        returned=returned_reports(day),
        waiting=waiting_reports(day),
    )
    if day.weekday() == planning.SUMMARY_WEEKDAY:
        # The month whose report is checked on the day: this month after its due day, the previous before.
        year, month = (day.year, day.month)
        if day <= planning.due_date(year, month, due_day):
            year, month = planning.previous_month(year, month)
        facts.summary_month = (year, month)
        facts.overdue_by_agency = overdue_by_agency(year, month, planning.due_date(year, month, due_day))
    return facts, found


def unread_count(user) -> int:
    return Reminder.objects.filter(recipient=user, read_at__isnull=True).count()


def notices(user) -> QuerySet[Reminder]:
    return Reminder.objects.filter(recipient=user).order_by("-day", "-pk")
