"""Build or reuse the benchmark database: one fiscal year of `scale` projects, and the users who request pages."""

import django

BENCH_PASSWORD = "bench-password-not-for-production"


def _setup():
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
    django.setup()


def bench_fiscal_year() -> int:
    """The last complete fiscal year: twelve months of reports, as the planning office sees at year end."""
    from django.utils import timezone

    from projects.fiscal import fiscal_year_of

    return fiscal_year_of(timezone.localdate()) - 1


def ensure_data(*, scale: int, seed: int, manage) -> int:
    _setup()
    from projects.models import Project

    fiscal_year = bench_fiscal_year()
    existing = Project.objects.filter(fiscal_year=fiscal_year).count()
    total = Project.objects.count()
    if existing != scale or total != existing:
        if total:
            print(f"Rebuilding: {total:,} projects found, {scale:,} wanted")
            manage("flush", "--no-input")
        print(f"Seeding {scale:,} projects for fiscal year {fiscal_year} …")
        manage("seed_demo", "--projects", str(scale), "--seed", str(seed), "--fiscal-years", str(fiscal_year))
    ensure_users()
    analyze()
    return fiscal_year


def analyze() -> None:
    """The state autovacuum keeps a running server in: fresh planner statistics, or right after a bulk seed the
    planner would guess a year holds a few dozen projects; and on PostgreSQL a set visibility map, without
    which counting a year or skipping to a late page reads every row from the table instead of the index."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            cursor.execute("ANALYZE")
            return
        cursor.execute("VACUUM ANALYZE")
        # Vacuuming a fresh seed dirties every page; written out now, not while the first pages are timed.
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        if cursor.fetchone()[0]:
            cursor.execute("CHECKPOINT")


def ensure_users() -> None:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.db.models import Count

    from projects.models import Agency, AgencyMembership
    from projects.roles import AGENCY_STAFF, PLANNING_OFFICE, ensure_groups

    ensure_groups()
    User = get_user_model()
    admin, _ = User.objects.get_or_create(
        username="bench-admin", defaults={"is_staff": True, "is_superuser": True}
    )
    planner, _ = User.objects.get_or_create(username="bench-planner")
    staff, _ = User.objects.get_or_create(username="bench-staff")
    for user in (admin, planner, staff):
        user.set_password(BENCH_PASSWORD)
        user.save()
    planner.groups.add(Group.objects.get(name=PLANNING_OFFICE))
    staff.groups.add(Group.objects.get(name=AGENCY_STAFF))
    busiest = Agency.objects.annotate(n=Count("projects")).order_by("-n").first()
    AgencyMembership.objects.get_or_create(user=staff, agency=busiest)
