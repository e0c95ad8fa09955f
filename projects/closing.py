"""Whether a date lies in a quarter the planning office has closed, and the lock that keeps it so.

Every write that changes what a quarter shows asks `closed_for` inside its transaction and refuses to write
into a quarter it returns. It and closing both call `lock_quarters`, which locks the quarter's closure row, so
a closing and an edit of that quarter run one after the other: an edit that started first is stored before
the quarter closes, one that starts after sees it closed. (SQLite takes the database's write lock when a
transaction starts, which serialises them the same way.)
"""

from collections.abc import Iterable
from datetime import date
from functools import reduce
from operator import or_

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from .fiscal import fiscal_quarter_of, fiscal_year_of
from .models import QuarterClosure, QuarterLockException, QuarterSnapshot, SnapshotCause
from .snapshots import write_snapshots

Quarter = tuple[int, int]  # (fiscal year BE, quarter 1–4)


def is_quarter_closed(fiscal_year: int, quarter: int) -> bool:
    return QuarterClosure.objects.filter(fiscal_year=fiscal_year, quarter=quarter, closed=True).exists()


def is_date_in_closed_quarter(day: date, project_id: int | None = None) -> bool:
    """True when reports dated `day` (of the project `project_id`, when given) may no longer be changed by
    agency staff: the quarter is closed and no lock exception opens it to that project."""
    quarter = quarter_of(day)
    if not is_quarter_closed(*quarter):
        return False
    return project_id is None or quarter not in opened_for(project_id, [quarter])


def active_exceptions(now=None):
    """Lock exceptions in force: expiry is checked whenever they are read, so editing locks again at the
    expiry itself, whether or not the relock pass (`relock_expired`) has run yet."""
    return QuarterLockException.objects.filter(expires_at__gt=now or timezone.now())


def opened_for(project_id: int, quarters: Iterable[Quarter]) -> set[Quarter]:
    """The quarters among `quarters` a lock exception opens to the project's staff right now."""
    keys = set(quarters)
    if not keys:
        return set()
    found = active_exceptions().filter(project_id=project_id).values_list("fiscal_year", "quarter")
    return set(found) & keys


def opened_projects(quarter: Quarter, project_ids: Iterable[int]) -> set[int]:
    """The projects among `project_ids` to whose staff a lock exception opens `quarter` right now: one query
    for many projects (`opened_for` asks for one)."""
    fiscal_year, number = quarter
    found = active_exceptions().filter(
        fiscal_year=fiscal_year, quarter=number, project_id__in=list(project_ids)
    )
    return set(found.values_list("project_id", flat=True))


def quarter_of(day: date) -> Quarter:
    return fiscal_year_of(day), fiscal_quarter_of(day)


def lock_quarters(quarters: Iterable[Quarter], project_id: int | None = None) -> set[Quarter]:
    """Lock the closure rows of these quarters until the transaction ends; return the closed ones (for a write
    of the project `project_id`, less those a lock exception opens to it).

    A quarter that was never closed gets an open row first, so there is always a row to lock (made with
    `bulk_create`: no history row, nobody closed or reopened anything). Rows are locked in one order
    (year, quarter), so two edits that lock several quarters cannot wait for each other.
    """
    keys = sorted(set(quarters))
    if not keys:
        return set()
    QuarterClosure.objects.bulk_create(
        [QuarterClosure(fiscal_year=year, quarter=quarter, closed=False) for year, quarter in keys],
        ignore_conflicts=True,
    )
    rows = (
        QuarterClosure.objects.select_for_update()
        .filter(reduce(or_, (Q(fiscal_year=year, quarter=quarter) for year, quarter in keys)))
        .order_by("fiscal_year", "quarter")
        .values_list("fiscal_year", "quarter", "closed")
    )
    closed = {(year, quarter) for year, quarter, closed in rows if closed}
    if project_id is not None and closed:
        closed -= opened_for(project_id, closed)
    return closed


def closed_for(user, quarters: Iterable[Quarter], project_id: int) -> set[Quarter]:
    """The quarters among `quarters` this user may not write into for the project `project_id`: closed, not
    opened to the project by a lock exception in force, and the user not one who may still change a closed
    quarter (`projects.change_closed_quarter`). Every write of a project's reports, plan, indicators, status
    or budget asks this, once, after the project lock: it locks the closure rows (`lock_quarters`) until the
    transaction ends."""
    closed = lock_quarters(quarters, project_id)
    if closed and user.has_perm("projects.change_closed_quarter"):
        return set()
    return closed


def closed_quarters() -> set[Quarter]:
    """Every closed quarter, as (fiscal year, quarter): one query."""
    return set(QuarterClosure.objects.filter(closed=True).values_list("fiscal_year", "quarter"))


def mark_closed(reports: list, closed: set[Quarter] | None = None) -> list:
    """Set `in_closed_quarter` on each report in one query, for a page that asks about many reports at once
    (`projects.rules.is_in_closed_quarter` reads it instead of asking the database per report). A caller that
    has read `closed_quarters` already passes them as `closed`, and no query is left when none is closed."""
    if closed is None:
        closed = closed_quarters()
    opened = set()
    if closed and reports:
        opened = set(
            active_exceptions()
            .filter(project_id__in={r.project_id for r in reports})
            .values_list("project_id", "fiscal_year", "quarter")
        )
    for report in reports:
        quarter = quarter_of(report.report_date)
        report.in_closed_quarter = quarter in closed and (report.project_id, *quarter) not in opened
    return reports


def _expired_unsettled(now):
    """Lock exceptions that have expired and whose project is not relocked yet, leaving out a project that
    another exception of the same quarter still opens (it relocks when that one ends)."""
    in_force = active_exceptions(now).filter(
        project=OuterRef("project"), fiscal_year=OuterRef("fiscal_year"), quarter=OuterRef("quarter")
    )
    return QuarterLockException.objects.filter(settled_at__isnull=True, expires_at__lte=now).exclude(
        Exists(in_force)
    )


def _unsettled(fiscal_year: int, quarter: int, now):
    """The quarter's lock exceptions that have expired and whose project is not relocked yet."""
    return _expired_unsettled(now).filter(fiscal_year=fiscal_year, quarter=quarter)


def settle_expired_exceptions(
    *, fiscal_year: int, quarter: int, locked: bool = False, write: bool = True, now=None
) -> int | None:
    """Relock what expired lock exceptions of the quarter opened: each project whose exception has ended (and
    has no other one in force) gets its snapshot rewritten as a new version, with the differences recorded.
    Return that version, if one was written.

    Run at expiry by the relock pass (`relock_expired`, every minute), and where a closed quarter is read or
    closed, should an expiry not have been seen yet: the lock of the quarter's closure row (taken here unless
    the caller holds it, `locked`) and the re-read under it make the rewrite happen once, however many
    passes and requests notice the expiry together. `write=False` only marks them settled (the closing that
    calls it writes every project anyway).

    The new version holds the figures as of the quarter's last day, as a closing does, and the months
    without a report owed on the day the exception ended, so a late settle writes what one on time would
    have: what differs from the version it replaces is what the exception let staff change.
    """
    now = now or timezone.now()
    expired = _unsettled(fiscal_year, quarter, now)
    if not expired.exists():
        return None
    with transaction.atomic():
        closed = lock_quarters([(fiscal_year, quarter)]) if not locked else {(fiscal_year, quarter)}
        rows = list(expired.select_for_update().order_by("pk"))
        if not rows:
            return None  # settled by another request while this one waited for the lock
        still_open = set(
            active_exceptions(now)
            .filter(fiscal_year=fiscal_year, quarter=quarter)
            .values_list("project_id", flat=True)
        )
        ended = sorted({row.project_id for row in rows} - still_open)
        frozen = QuarterSnapshot.objects.filter(fiscal_year=fiscal_year, quarter=quarter).exists()
        version = None
        if write and ended and closed and frozen:
            last_expiry = max(row.expires_at for row in rows if row.project_id in ended)
            version = write_snapshots(
                fiscal_year=fiscal_year,
                quarter=quarter,
                user=None,
                cause=SnapshotCause.EXCEPTION,
                project_ids=ended,
                today=timezone.localdate(last_expiry),
            )
        for row in rows:
            if row.project_id in still_open:
                continue
            row.settled_at = now
            row.settled_version = version
            row.save(update_fields=["settled_at", "settled_version"])
        return version


def expired_quarters(now) -> list[Quarter]:
    """The quarters with a lock exception that has expired by `now` and is not settled yet: what the relock
    pass (`manage.py relock_expired`, every minute) settles, each with `settle_expired_exceptions`, so a
    project's snapshot is rewritten when its exception ends, not when someone next reads the quarter. One
    query."""
    return list(
        _expired_unsettled(now)
        .values_list("fiscal_year", "quarter")
        .order_by("fiscal_year", "quarter")
        .distinct()
    )


def read_closed_quarter(*, fiscal_year: int, quarter: int) -> bool:
    """Whether the quarter is closed, made ready to be read from its snapshot: a lock exception that has ended
    and that the relock pass (`relock_expired`) has not settled yet relocks its project now
    (`settle_expired_exceptions`, the safety net for a pass that did not run), and a quarter closed before
    snapshots existed is frozen now, once, under the closure row's lock, so that from its first read on no
    later edit changes it either. One query when there is nothing to do (nothing to freeze, no exception ended)."""
    now = timezone.now()
    frozen = QuarterSnapshot.objects.filter(fiscal_year=fiscal_year, quarter=quarter)
    state = (
        QuarterClosure.objects.filter(fiscal_year=fiscal_year, quarter=quarter, closed=True)
        .annotate(frozen=Exists(frozen), expired=Exists(_unsettled(fiscal_year, quarter, now)))
        .values_list("frozen", "expired")
        .first()
    )
    if state is None:
        return False
    is_frozen, has_expired = state
    if not is_frozen:
        with transaction.atomic():
            closed = lock_quarters([(fiscal_year, quarter)])
            if (fiscal_year, quarter) in closed and not frozen.exists():
                write_snapshots(fiscal_year=fiscal_year, quarter=quarter, user=None)
    if has_expired:
        settle_expired_exceptions(fiscal_year=fiscal_year, quarter=quarter, now=now)
    return True
