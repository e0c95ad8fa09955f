"""A day's reminders at city scale: `send_reminders`' work for the day after September's due day, when no
project of the year has reported September yet — every project is in some digest.

Runs inside a transaction that is rolled back, so the benchmark database stays as seeded. Timed: the plan, the
recorded reminders, the composed e-mails (`services.run_day`), and sending them all through Django's in-memory
mail backend (`delivery.deliver`, what the task worker does). Counted: the queries of `run_day`, which must not
grow with the number of projects.
"""

import time
from datetime import date

from django.db import connection, transaction
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

ROLLBACK = RuntimeError("rolled back on purpose")


def ensure_reminder_users() -> int:
    """An agency staff member and a head with e-mail addresses for each top-level agency, and the planner."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from projects.models import Agency, AgencyMembership
    from projects.roles import AGENCY_HEAD, AGENCY_STAFF, ensure_groups

    ensure_groups()
    User = get_user_model()
    groups = {
        role: Group.objects.get(name=name) for role, name in (("staff", AGENCY_STAFF), ("head", AGENCY_HEAD))
    }
    roots = list(Agency.objects.filter(depth=1).order_by("code"))
    for agency in roots:
        for role, group in groups.items():
            user, created = User.objects.get_or_create(
                username=f"bench-{role}-{agency.code}",
                defaults={"email": f"{role}-{agency.code}@example.org"},
            )
            if created:
                user.groups.add(group)
                AgencyMembership.objects.get_or_create(user=user, agency=agency)
    User.objects.filter(username="bench-planner").update(email="planner@example.org")
    return len(roots)


def day_of_reminders(fiscal_year: int) -> dict:
    from projects.fiscal import from_be
    from projects.models import ProgressReport
    from reminders import delivery, services

    agencies = ensure_reminder_users()
    year = from_be(fiscal_year)  # September of the fiscal year is in the Gregorian year it is named after
    day = date(year, 9, 26)
    result = {}
    try:
        with (
            transaction.atomic(),
            override_settings(
                REPORT_DUE_DAY=25, EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"
            ),
        ):
            ProgressReport.objects.filter(report_date__year=year, report_date__month=9).delete()
            started = time.perf_counter()
            with CaptureQueriesContext(connection) as captured:
                run = services.run_day(day)
            planned = time.perf_counter() - started
            sent = delivery.deliver(run=str(run.run))
            seconds = time.perf_counter() - started
            result = {
                "label": (
                    f"การแจ้งเตือนของวันที่ 26/09: {run.messages:,} อีเมล, "
                    f"{sum(line.projects for line in run.lines):,} โครงการ, {agencies} หน่วยงาน "
                    f"(วางแผนและบันทึก {planned:.1f} s, ส่ง {sent.sent:,})"
                ),
                "seconds": round(seconds, 1),
                "median_ms": round(seconds * 1000, 1),
                "p95_ms": round(seconds * 1000, 1),
                "runs": 1,
                "queries": len(captured),
                "bytes": None,
                "projects": sum(line.projects for line in run.lines if "overdue" in line.kinds),
            }
            raise ROLLBACK
    except RuntimeError as error:
        if error is not ROLLBACK:
            raise
    return result
