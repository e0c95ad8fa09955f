"""The permission matrix, read in one place: every permission (all in `projects/rules.py`) with the
roles that hold it. A permission added without a row here fails `test_every_permission_is_in_the_matrix`.

Columns, all about a project (its report, submitted for approval, its agency) of agency A's sub-agency, in an
open quarter:
anonymous · no role · staff of A · staff of B · head of A · head of B · planning office · administrator.

The sign-off steps (`SIGN_OFF_STEPS`) are asked as pages and services ask them, of the rule set itself
(`may_take_step`): an administrator holds each only in the states it starts from.
"""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from rules.permissions import permissions as registered

from projects.choices import SIGN_OFF_CHANGE_REASON, ApprovalState
from projects.models import QuarterClosure
from projects.rules import SIGN_OFF_STEPS, may_take_step
from tests.factories import (
    KpiFactory,
    KpiQuarterResultFactory,
    ProgressReportFactory,
    ProjectFactory,
    QuarterLockExceptionFactory,
)

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "no_role", "staff", "other_staff", "head", "other_head", "planner", "admin_user"]

# fmt: off
MATRIX = {                                # anon none staff staffB head headB planner admin
    "projects.view_project_list":          "-    -    x     x      x    x     x       x",
    "projects.view_all_projects":          "-    -    -     -      -    -     x       x",
    "projects.enter_reports":              "-    -    x     x      -    -     -       x",
    "projects.view_project":               "-    -    x     -      x    -     x       x",
    "projects.change_project":             "-    -    x     -      -    -     -       x",
    "projects.change_plan":                "-    -    x     -      -    -     -       x",
    "projects.change_kpi":                 "-    -    x     -      -    -     -       x",
    "projects.change_kpi_result":          "-    -    x     -      -    -     -       x",
    "projects.delete_kpi":                 "-    -    x     -      -    -     -       x",
    "projects.add_report":                 "-    -    x     -      -    -     -       x",
    "projects.add_month_report":           "-    -    x     -      -    -     -       x",
    "projects.change_report":              "-    -    x     -      -    -     -       x",
    "projects.delete_report":              "-    -    x     -      -    -     -       x",
    "projects.view_evidence":              "-    -    x     -      x    -     x       x",
    "projects.add_evidence":               "-    -    x     -      -    -     -       x",
    "projects.remove_evidence":            "-    -    x     -      -    -     -       x",
    "projects.purge_evidence":             "-    -    -     -      -    -     -       x",
    "projects.change_closed_quarter":      "-    -    -     -      -    -     -       x",
    "projects.grant_lock_exception":       "-    -    -     -      -    -     x       x",
    "projects.submit_report":              "-    -    -     -      -    -     -       -",
    "projects.approve_report":             "-    -    -     -      x    -     -       x",
    "projects.return_report":              "-    -    -     -      x    -     -       x",
    "projects.withdraw_approval":          "-    -    -     -      -    -     -       -",
    "projects.view_approvals":             "-    -    -     -      x    x     -       x",
    "projects.sign_off_reports":           "-    -    -     -      x    -     -       x",
    "reports.view_quarter":                "-    -    -     -      -    -     x       x",
    "reports.evaluate_project":            "-    -    -     -      -    -     x       x",
    "reports.score_kpi":                   "-    -    -     -      -    -     x       x",
    "reports.close_quarter":               "-    -    -     -      -    -     x       x",
    "reports.print_form":                  "-    -    x     -      x    -     x       x",
    "reports.print_batch":                 "-    -    x     x      x    x     x       x",
    "reports.print_agency":                "-    -    x     -      x    -     x       x",
    "reminders.view_notices":              "-    -    x     x      x    x     x       x",
    "reminders.change_preferences":        "-    -    x     x      x    x     x       x",
}
# A report dated in a closed quarter: only an administrator still changes it.
CLOSED_QUARTER = {
    "projects.change_report":              "-    -    -     -      -    -     -       x",
    "projects.delete_report":              "-    -    -     -      -    -     -       x",
    "projects.add_evidence":               "-    -    -     -      -    -     -       x",
    "projects.remove_evidence":            "-    -    -     -      -    -     -       x",
}
# The sign-off of a report dated in a closed quarter (by its state): approving changes no figure and stays;
# returning it or withdrawing its approval would hand staff a report they cannot correct, so nobody does...
CLOSED_QUARTER_SIGN_OFF = {
    ("submitted", "projects.approve_report"):    "-    -    -     -      x    -     -       x",
    ("submitted", "projects.return_report"):     "-    -    -     -      -    -     -       -",
    ("approved", "projects.withdraw_approval"):  "-    -    -     -      -    -     -       -",
}
# ...unless a lock exception opens the quarter to the report's project.
OPENED_QUARTER_SIGN_OFF = {
    ("submitted", "projects.return_report"):     "-    -    -     -      x    -     -       x",
    ("approved", "projects.withdraw_approval"):  "-    -    -     -      x    -     -       x",
}
# An indicator the planning office has scored (2.1 or 2.2): staff would delete that work with it.
SCORED_INDICATOR = {
    "projects.delete_kpi":                 "-    -    -     -      -    -     -       x",
    "projects.change_kpi":                 "-    -    x     -      -    -     -       x",
}
# The sign-off by the report's state (the submitted report is the matrix above).
BY_STATE = {
    "draft": {
        "projects.change_report":          "-    -    x     -      -    -     -       x",
        "projects.submit_report":          "-    -    x     -      -    -     -       x",
        "projects.approve_report":         "-    -    -     -      -    -     -       -",
        "projects.return_report":          "-    -    -     -      -    -     -       -",
        "projects.withdraw_approval":      "-    -    -     -      -    -     -       -",
    },
    "returned": {
        "projects.change_report":          "-    -    x     -      -    -     -       x",
        "projects.submit_report":          "-    -    x     -      -    -     -       x",
        "projects.approve_report":         "-    -    -     -      -    -     -       -",
    },
    # Read-only for staff; only the head takes the approval back.
    "approved": {
        "projects.change_report":          "-    -    -     -      -    -     -       x",
        "projects.delete_report":          "-    -    -     -      -    -     -       x",
        "projects.add_evidence":           "-    -    -     -      -    -     -       x",
        "projects.remove_evidence":        "-    -    -     -      -    -     -       x",
        "projects.submit_report":          "-    -    -     -      -    -     -       -",
        "projects.approve_report":         "-    -    -     -      -    -     -       -",
        "projects.return_report":          "-    -    -     -      -    -     -       -",
        "projects.withdraw_approval":      "-    -    -     -      x    -     -       x",
    },
}
# fmt: on


def holds(user, permission: str, obj) -> bool:
    """As the application asks: a sign-off step of the rule set itself, anything else with `User.has_perm`."""
    if permission in SIGN_OFF_STEPS:
        return may_take_step(user, permission, obj)
    return user.has_perm(permission, obj)


def holders(row: str) -> set[str]:
    marks = row.split()
    assert len(marks) == len(ROLES)
    return {role for role, mark in zip(ROLES, marks, strict=True) if mark == "x"}


ABOUT_A_REPORT = {
    "projects.view_evidence",
    "projects.add_evidence",
    "projects.remove_evidence",
    "projects.purge_evidence",
    "projects.change_report",
    "projects.delete_report",
    "projects.submit_report",
    "projects.approve_report",
    "projects.return_report",
    "projects.withdraw_approval",
}
ABOUT_AN_AGENCY = {"reports.print_agency"}
ABOUT_AN_INDICATOR = {"projects.delete_kpi"}
ABOUT_NOTHING = {
    "projects.view_project_list",
    "projects.view_all_projects",
    "projects.enter_reports",
    "projects.change_closed_quarter",
    "projects.view_approvals",
    "reports.view_quarter",
    "reports.evaluate_project",
    "reports.score_kpi",
    "reports.close_quarter",
    "reports.print_batch",
    "reminders.view_notices",
    "reminders.change_preferences",
}


def the_object(permission: str, project, report):
    """What each permission is asked about: the report, the agency, an indicator (with a result the planning
    office has not scored), nothing, or else the project."""
    if permission in ABOUT_A_REPORT:
        return report
    if permission in ABOUT_AN_INDICATOR:
        kpi = KpiFactory(project=project)
        KpiQuarterResultFactory(kpi=kpi, quarter=1, result=Decimal("5"), score_1=None, score_2=None)
        return kpi
    if permission in ABOUT_AN_AGENCY:
        return project.agency
    if permission in ABOUT_NOTHING:
        return None
    return project


@pytest.fixture
def users(staff, other_staff, head, other_head, planner, admin_user):
    from django.contrib.auth.models import AnonymousUser

    from tests.factories import UserFactory

    return {
        "anonymous": AnonymousUser(),
        "no_role": UserFactory(username="norole"),
        "staff": staff,
        "other_staff": other_staff,
        "head": head,
        "other_head": other_head,
        "planner": planner,
        "admin_user": admin_user,
    }


def test_every_permission_is_in_the_matrix():
    assert set(registered) == set(MATRIX)


@pytest.mark.parametrize("permission", sorted(MATRIX))
def test_who_holds_each_permission(permission, users, project):
    report = ProgressReportFactory(
        project=project, number=1, report_date=date(2022, 10, 25), approval_state=ApprovalState.SUBMITTED
    )
    obj = the_object(permission, project, report)
    held = {role for role, user in users.items() if holds(user, permission, obj)}
    assert held == holders(MATRIX[permission])


@pytest.mark.parametrize("permission", sorted(CLOSED_QUARTER))
def test_who_may_change_a_report_dated_in_a_closed_quarter(permission, users, project):
    report = ProgressReportFactory(project=project, number=1, report_date=date(2022, 10, 25))
    QuarterClosure.objects.create(fiscal_year=2566, quarter=1)
    held = {role for role, user in users.items() if holds(user, permission, report)}
    assert held == holders(CLOSED_QUARTER[permission])


@pytest.mark.parametrize(("state", "permission"), sorted(CLOSED_QUARTER_SIGN_OFF))
def test_who_may_sign_off_a_report_dated_in_a_closed_quarter(state, permission, users, project):
    report = ProgressReportFactory(
        project=project, number=1, report_date=date(2022, 10, 25), approval_state=state
    )
    QuarterClosure.objects.create(fiscal_year=2566, quarter=1)
    held = {role for role, user in users.items() if holds(user, permission, report)}
    assert held == holders(CLOSED_QUARTER_SIGN_OFF[(state, permission)])


@pytest.mark.parametrize(("state", "permission"), sorted(OPENED_QUARTER_SIGN_OFF))
def test_a_lock_exception_lets_the_head_send_a_closed_quarters_report_back(state, permission, users, project):
    report = ProgressReportFactory(
        project=project, number=1, report_date=date(2022, 10, 25), approval_state=state
    )
    QuarterClosure.objects.create(fiscal_year=2566, quarter=1)
    QuarterLockExceptionFactory(project=project, fiscal_year=2566, quarter=1, reason="แก้ยอดเบิกจ่าย")
    held = {role for role, user in users.items() if holds(user, permission, report)}
    assert held == holders(OPENED_QUARTER_SIGN_OFF[(state, permission)])


@pytest.mark.parametrize("permission", sorted(SCORED_INDICATOR))
def test_who_may_delete_an_indicator_the_planning_office_has_scored(permission, users, project):
    kpi = KpiFactory(project=project)
    KpiQuarterResultFactory(kpi=kpi, quarter=2, result=Decimal("5"), score_1=None, score_2=Decimal("80"))
    held = {role for role, user in users.items() if user.has_perm(permission, kpi)}
    assert held == holders(SCORED_INDICATOR[permission])


@pytest.mark.parametrize(
    ("state", "permission"), [(state, p) for state, rows in BY_STATE.items() for p in sorted(rows)]
)
def test_who_holds_each_sign_off_permission_by_the_reports_state(state, permission, users, project):
    report = ProgressReportFactory(
        project=project, number=1, report_date=date(2022, 10, 25), approval_state=state
    )
    held = {role for role, user in users.items() if holds(user, permission, report)}
    assert held == holders(BY_STATE[state][permission])


def test_whoever_entered_or_last_changed_a_report_does_not_approve_it(users, project):
    head = users["head"]
    entered = ProgressReportFactory(project=project, number=1, approval_state="submitted", created_by=head)
    changed = ProgressReportFactory(project=project, number=2, approval_state="submitted")
    changed._history_user = head
    changed.save()
    assert not head.has_perm("projects.approve_report", entered)
    assert not head.has_perm("projects.approve_report", changed)
    # A sign-off step (here, the head returning it once) is not a change of what was reported.
    fresh = ProgressReportFactory(project=project, number=3, approval_state="submitted")
    fresh._history_user, fresh._change_reason = head, SIGN_OFF_CHANGE_REASON
    fresh.save()
    assert head.has_perm("projects.approve_report", fresh)


@pytest.mark.parametrize("status", ["cancelled", "completed"])
def test_a_finished_project_takes_no_more_monthly_reports(status, users, project):
    project.status = status
    assert not users["staff"].has_perm("projects.add_month_report", project)
    assert users["staff"].has_perm("projects.add_report", project)  # earlier reports are still corrected


def test_no_monthly_report_is_entered_into_a_closed_quarter(users, project, monkeypatch):
    monkeypatch.setattr("projects.rules.timezone.localdate", lambda: date(2022, 11, 22))
    assert users["staff"].has_perm("projects.add_month_report", project)
    QuarterClosure.objects.create(fiscal_year=2566, quarter=1)
    assert not users["staff"].has_perm("projects.add_month_report", project)


def test_a_lock_exception_opens_this_months_entry_of_an_early_closed_quarter(users, project, monkeypatch):
    """Closed on 22 November, before the quarter ends: the project the planning office opened takes this
    month's report again, until the exception ends; another project of the agency does not."""
    monkeypatch.setattr("projects.rules.timezone.localdate", lambda: date(2022, 11, 22))
    neighbour = ProjectFactory(agency=project.agency, fiscal_year=project.fiscal_year)
    QuarterClosure.objects.create(fiscal_year=2566, quarter=1)
    exception = QuarterLockExceptionFactory(
        project=project, fiscal_year=2566, quarter=1, reason="ขอบันทึกผลเดือนพฤศจิกายน"
    )

    assert users["staff"].has_perm("projects.add_month_report", project)
    assert not users["staff"].has_perm("projects.add_month_report", neighbour)

    exception.expires_at = timezone.now() - timedelta(seconds=1)
    exception.save()
    assert not users["staff"].has_perm("projects.add_month_report", project)


def test_an_inactive_account_holds_nothing(staff, project):
    staff.is_active = False
    assert not any(staff.has_perm(permission, project) for permission in MATRIX)


def test_a_permission_named_in_rules_is_decided_there_alone(users, project):
    """Granted in Django's permission table, a permission `rules` names is still refused where `rules`
    refuses it, and the refusal reads no group or model permissions."""
    from django.contrib.auth.models import Permission
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    other_staff = users["other_staff"]
    other_staff.user_permissions.add(Permission.objects.get(codename="change_project"))
    with CaptureQueriesContext(connection) as queries:
        assert not other_staff.has_perm("projects.change_project", project)
        assert not other_staff.has_perm("projects.change_project")
        assert not users["planner"].has_perm("projects.view_approvals")
    assert not [q["sql"] for q in queries.captured_queries if "auth_permission" in q["sql"]]


def test_a_model_permission_rules_does_not_name_comes_from_the_permission_table(users):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission

    planner = users["planner"]
    assert not planner.has_perm("projects.add_agency")
    planner.user_permissions.add(Permission.objects.get(codename="add_agency"))
    planner = get_user_model().objects.get(pk=planner.pk)  # a fresh permission cache
    assert planner.has_perm("projects.add_agency")
    assert planner.has_module_perms("projects")
