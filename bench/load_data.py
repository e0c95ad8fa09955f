"""Data for the load test: `seed_demo` projects and one staff account per agency, made with `add_user`.

Run in its own process with DATABASE_URL set (`python -m bench.load_data --projects N --users U`); prints
one line of JSON: the usernames made. A database that already holds N projects is reused.
"""

import argparse
import json
import os
import sys

LOAD_PASSWORD = "load-test-password-not-for-production"


def staff_agencies(count: int) -> list[str]:
    """Codes of `count` agencies, none inside another, each with projects that have reports to edit.

    Disjoint agencies keep two simulated users from ever editing the same report: a refused save in the
    test must mean a fault in the server, not two people racing for one form.
    """
    from django.db.models import Count, Q

    from projects.models import Agency

    candidates = (
        Agency.objects.annotate(n=Count("projects", filter=Q(projects__reports__isnull=False), distinct=True))
        .filter(n__gt=0)
        .order_by("-n", "code")
    )
    chosen: list[Agency] = []
    for agency in candidates:
        if any(agency.path.startswith(c.path) or c.path.startswith(agency.path) for c in chosen):
            continue
        chosen.append(agency)
        if len(chosen) == count:
            break
    if len(chosen) < count:
        raise SystemExit(f"only {len(chosen)} separate agencies have projects with reports; {count} wanted")
    return [a.code for a in chosen]


def reopen_newest_reports() -> None:
    """Each project's newest report waits for its head, as this month's would: staff may still correct it,
    which the load mix and the cluster check do (approved reports are read-only for staff)."""
    from django.db.models import OuterRef, Subquery

    from projects.choices import ApprovalState
    from projects.models import ProgressReport

    newest = ProgressReport.objects.filter(project=OuterRef("project")).order_by("-number").values("pk")[:1]
    ProgressReport.objects.filter(pk=Subquery(newest)).exclude(approval_state=ApprovalState.SUBMITTED).update(
        approval_state=ApprovalState.SUBMITTED
    )


def ensure_data(*, projects: int, users: int, seed: int) -> list[str]:
    from django.core.management import call_command

    from projects.models import Project

    call_command("migrate", "--no-input", verbosity=0)
    total = Project.objects.count()
    if total != projects:
        if total:
            call_command("flush", "--no-input", verbosity=0)
        call_command("seed_demo", "--projects", str(projects), "--seed", str(seed), verbosity=0)
    reopen_newest_reports()
    usernames = []
    for number, code in enumerate(staff_agencies(users), start=1):
        username = f"load-staff-{number:03d}"
        call_command(
            "add_user",
            username,
            "--role",
            "staff",
            "--agency",
            code,
            "--password",
            LOAD_PASSWORD,
            verbosity=0,
        )
        usernames.append(username)
    return usernames


def ensure_planners(count: int) -> list[str]:
    """`count` planning-office accounts, made with `add_user`."""
    from django.core.management import call_command

    usernames = [f"load-planner-{number:03d}" for number in range(1, count + 1)]
    for username in usernames:
        call_command("add_user", username, "--role", "planner", "--password", LOAD_PASSWORD, verbosity=0)
    return usernames


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, required=True)
    parser.add_argument("--users", type=int, required=True)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
    import django

    django.setup()
    usernames = ensure_data(projects=args.projects, users=args.users, seed=args.seed)
    print(json.dumps(usernames))
    return 0


if __name__ == "__main__":
    sys.exit(main())
