"""Who is reminded of what on a given day: pure functions over plain facts (no database).

The monthly due date is the `REPORT_DUE_DAY` of each month (the month's last day when it is shorter). Around it:

- from 3 days before to the due day: *due soon*, to the staff of each project's agency (or of an agency above it)
  whose project has no report for the month;
- from 1 to 6 days after: *overdue*, to the same people;
- from 7 to 13 days after: *escalation*, to the agency head(s) with their agencies' overdue projects.

A window rather than a single day: a day the scheduler missed, or a person held back by the quiet period,
is caught up the next day, and the (recipient, kind, period) constraint keeps it to one. Besides:
a returned report tells its author (within the week of the return), reports waiting for approval more than
3 days remind the head, and on Mondays the planning office gets the overdue counts by agency.

Optional kinds (`models.OPTIONAL_KINDS`) reach a person at most once per quiet period and never one who turned
them off. Everything for one person is one digest.
"""

import calendar
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from .models import OPTIONAL_KINDS, ReminderKind

DUE_SOON_DAYS = range(-3, 1)  # days relative to the due date
OVERDUE_DAYS = range(1, 7)
ESCALATION_DAYS = range(7, 14)
RETURNED_WITHIN_DAYS = 7
AWAITING_MORE_THAN_DAYS = 3
SUMMARY_WEEKDAY = 0  # Monday

STAFF = "staff"
HEAD = "head"
PLANNER = "planner"


@dataclass(frozen=True)
class ProjectRef:
    id: int
    code: str | None
    name: str | None
    fiscal_year: int
    agency_path: str

    def as_data(self) -> list:
        return [self.id, self.code, self.name, self.fiscal_year]


@dataclass(frozen=True)
class Person:
    id: int
    roles: frozenset[str]
    # The tree paths of the person's agencies; a project whose agency path starts with one is theirs.
    paths: tuple[str, ...] = ()


@dataclass(frozen=True)
class ReturnedReport:
    transition_id: int
    author_id: int
    number: int
    report_date: date
    returned_on: date
    comment: str
    by: str
    project: ProjectRef


@dataclass(frozen=True)
class WaitingReport:
    number: int
    report_date: date
    since: date
    project: ProjectRef


@dataclass
class Facts:
    day: date
    due_day: int
    # Projects without a report for the month (year, month), for each month `months_in_play` names.
    missing: dict[tuple[int, int], list[ProjectRef]] = field(default_factory=dict)
    people: list[Person] = field(default_factory=list)
    # The day each person last got an optional reminder; people who turned optional reminders off.
    last_optional: dict[int, date] = field(default_factory=dict)
    opted_out: frozenset[int] = frozenset()
    returned: list[ReturnedReport] = field(default_factory=list)
    waiting: list[WaitingReport] = field(default_factory=list)
    # For the weekly summary: the month checked and (agency code, agency name, overdue projects) rows.
    summary_month: tuple[int, int] | None = None
    overdue_by_agency: list[tuple[str, str, int]] = field(default_factory=list)


@dataclass(frozen=True)
class Planned:
    recipient_id: int
    kind: str
    period: str
    optional: bool
    data: dict


def due_date(year: int, month: int, due_day: int) -> date:
    """The month's due date. `due_date(2026, 2, 30) == date(2026, 2, 28)`."""
    return date(year, month, min(due_day, calendar.monthrange(year, month)[1]))


def previous_month(year: int, month: int) -> tuple[int, int]:
    return (year - 1, 12) if month == 1 else (year, month - 1)


def months_in_play(day: date, due_day: int) -> list[tuple[int, int]]:
    """The months whose due date is near enough to `day` for a reminder (this month, the previous one).

    >>> months_in_play(date(2026, 11, 22), 25)
    [(2026, 11)]
    >>> months_in_play(date(2026, 12, 1), 25)
    [(2026, 11)]
    """
    months = []
    for year, month in (previous_month(day.year, day.month), (day.year, day.month)):
        offset = (day - due_date(year, month, due_day)).days
        if DUE_SOON_DAYS.start <= offset < ESCALATION_DAYS.stop:
            months.append((year, month))
    return months


def week_period(day: date) -> str:
    """`week_period(date(2026, 11, 30)) == '2026-W49'`."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


class _Coverage:
    """Who works on a project: the people whose agency is the project's or one above it
    (`projects.roles.is_under_any`), indexed by path so that thousands of projects are matched at once."""

    def __init__(self, people: Iterable[Person], role: str):
        self.by_path: dict[str, list[int]] = defaultdict(list)
        for person in people:
            if role in person.roles:
                for path in person.paths:
                    self.by_path[path].append(person.id)
        self.lengths = sorted({len(path) for path in self.by_path})

    def of(self, project: ProjectRef) -> set[int]:
        found: set[int] = set()
        for length in self.lengths:
            if length > len(project.agency_path):
                break
            found.update(self.by_path.get(project.agency_path[:length], ()))
        return found


def _sorted_projects(projects: Iterable[ProjectRef]) -> list[list]:
    return [p.as_data() for p in sorted(projects, key=lambda p: (p.code or "", p.id))]


def _monthly(facts: Facts, staff: _Coverage, heads: _Coverage) -> list[Planned]:
    planned = []
    for (year, month), projects in sorted(facts.missing.items()):
        due = due_date(year, month, facts.due_day)
        offset = (facts.day - due).days
        if offset in DUE_SOON_DAYS:
            kind, coverage = ReminderKind.DUE_SOON, staff
        elif offset in OVERDUE_DAYS:
            kind, coverage = ReminderKind.OVERDUE, staff
        elif offset in ESCALATION_DAYS:
            kind, coverage = ReminderKind.ESCALATION, heads
        else:
            continue
        per_person: dict[int, list[ProjectRef]] = defaultdict(list)
        for project in projects:
            for person_id in coverage.of(project):
                per_person[person_id].append(project)
        for person_id, theirs in per_person.items():
            data = {"due": due.isoformat(), "month": [year, month], "projects": _sorted_projects(theirs)}
            planned.append(Planned(person_id, kind, f"{year}-{month:02d}", kind in OPTIONAL_KINDS, data))
    return planned


def _returned(facts: Facts) -> list[Planned]:
    planned = []
    for report in facts.returned:
        if not 0 <= (facts.day - report.returned_on).days < RETURNED_WITHIN_DAYS:
            continue
        data = {
            "projects": [report.project.as_data()],
            "report": report.number,
            "report_date": report.report_date.isoformat(),
            "comment": report.comment,
            "by": report.by,
        }
        planned.append(
            Planned(report.author_id, ReminderKind.RETURNED, f"t{report.transition_id}", False, data)
        )
    return planned


def _awaiting(facts: Facts, heads: _Coverage) -> list[Planned]:
    per_head: dict[int, list[WaitingReport]] = defaultdict(list)
    for report in facts.waiting:
        if (facts.day - report.since).days > AWAITING_MORE_THAN_DAYS:
            for head_id in heads.of(report.project):
                per_head[head_id].append(report)
    planned = []
    for head_id, reports in per_head.items():
        reports.sort(key=lambda r: (r.since, r.project.code or "", r.number))
        data = {
            "projects": [r.project.as_data() for r in reports],
            "reports": [[r.number, r.report_date.isoformat(), r.since.isoformat()] for r in reports],
        }
        kind = ReminderKind.AWAITING_APPROVAL
        planned.append(Planned(head_id, kind, facts.day.isoformat(), True, data))
    return planned


def _weekly(facts: Facts) -> list[Planned]:
    if facts.day.weekday() != SUMMARY_WEEKDAY or facts.summary_month is None or not facts.overdue_by_agency:
        return []
    year, month = facts.summary_month
    data = {
        "month": [year, month],
        "due": due_date(year, month, facts.due_day).isoformat(),
        "agencies": [list(row) for row in facts.overdue_by_agency],
        "total": sum(count for _, _, count in facts.overdue_by_agency),
    }
    return [
        Planned(person.id, ReminderKind.WEEKLY_SUMMARY, week_period(facts.day), True, data)
        for person in facts.people
        if PLANNER in person.roles
    ]


def plan(facts: Facts, *, quiet_days: int = 5) -> dict[int, list[Planned]]:
    """Each person's digest for `facts.day`: {user id: reminders}, people without any left out."""
    staff = _Coverage(facts.people, STAFF)
    heads = _Coverage(facts.people, HEAD)
    everything = [
        *_monthly(facts, staff, heads),
        *_returned(facts),
        *_awaiting(facts, heads),
        *_weekly(facts),
    ]
    quiet_since = facts.day - timedelta(days=quiet_days)
    digests: dict[int, list[Planned]] = defaultdict(list)
    for item in everything:
        if item.optional:
            if item.recipient_id in facts.opted_out:
                continue
            last = facts.last_optional.get(item.recipient_id)
            if last is not None and last > quiet_since:
                continue
        digests[item.recipient_id].append(item)
    return dict(digests)
