"""Who may do what: every permission of the tracker, as named predicates (django-rules).

Views (`PermissionRequiredMixin`), templates (`{% has_perm %}`), services and the admin ask by name, e.g.
`request.user.has_perm("projects.change_report", report)`; nothing else decides. The quarterly evaluation's
permissions (`reports.*`) and the notices' (`reminders.*`) are at the end of this module.

Four roles, as Django groups, plus the superuser flag:

- agency staff (`agency_staff`): read and edit the projects of their agencies and of every agency below them;
- agency head (`agency_head`, หัวหน้าหน่วยงาน): read like staff, approve their agencies' reports, edit nothing;
- planning office (`planning_office`, สยป.): read every project, evaluate, score indicators, close quarters;
- administrator: a superuser. Django grants an active superuser every permission (`User.has_perm`), so the
  rules below never need to name administrators except where another rule is built from the same predicate,
  and except the sign-off steps (`SIGN_OFF_STEPS`): those depend on the report's state for everyone, so pages
  and services ask them of the rule set itself (`may_take_step`), and the rules name administrators where the
  state lets them take the step.

Sign-off of monthly reports (หัวหน้าหน่วยงาน): staff submit a report, the head of its agency (or of one above it)
approves it or returns it with a comment, and may withdraw an approval with a reason. Four eyes: whoever entered
or last changed a report does not approve it. An approved report is read-only for staff.

Closed quarters: once the planning office closes a quarter, reports dated inside it are frozen. Only an
administrator may still add, change or delete them (`projects.change_closed_quarter`), except where the
planning office has opened that quarter to one project's staff until a set time (a lock exception,
`projects.grant_lock_exception`). Nobody returns a report of a closed quarter or withdraws its approval
(unless a lock exception opens it): staff could not correct it, and it would wait on their landing page.
"""

import rules
from django.utils import timezone

from .choices import RUNNING_STATUSES, SIGN_OFF_CHANGE_REASON, ApprovalState
from .closing import is_date_in_closed_quarter
from .models import Agency, Project
from .roles import AGENCY_HEAD, AGENCY_STAFF, PLANNING_OFFICE, is_under_any, member_paths

# --- Who the user is --------------------------------------------------------------------------------------
is_signed_in = rules.is_authenticated & rules.is_active
is_administrator = is_signed_in & rules.is_superuser
is_planning_office = is_signed_in & rules.is_group_member(PLANNING_OFFICE)
is_agency_staff = is_signed_in & rules.is_group_member(AGENCY_STAFF)
is_agency_head = is_signed_in & rules.is_group_member(AGENCY_HEAD)
has_role = is_administrator | is_planning_office | is_agency_staff | is_agency_head
# The planning office reads and evaluates everything; administrators do whatever it does.
is_planner = is_planning_office | is_administrator


# --- Where the object sits --------------------------------------------------------------------------------
def _project_of(obj) -> Project | None:
    """The project a project, report, indicator or plan step belongs to."""
    if obj is None or isinstance(obj, Project):
        return obj
    return getattr(obj, "project", None)


@rules.predicate
def works_on_project(user, obj) -> bool:
    """The project's agency is one of the user's agencies or lies below one of them."""
    project = _project_of(obj)
    if project is None or not user.is_authenticated:
        return False
    return is_under_any(project.agency.path, member_paths(user))


@rules.predicate
def works_for_agency(user, agency: Agency | None) -> bool:
    """The agency is one of the user's agencies or lies below one of them."""
    if agency is None or not user.is_authenticated:
        return False
    return is_under_any(agency.path, member_paths(user))


@rules.predicate
def is_in_closed_quarter(user, report) -> bool:
    """The report is dated in a quarter the planning office has closed, and no lock exception in force opens
    that quarter to the report's project."""
    known = getattr(report, "in_closed_quarter", None)  # set by `closing.mark_closed` for a whole page
    if known is not None:
        return known
    day = getattr(report, "report_date", None)
    return day is not None and is_date_in_closed_quarter(day, getattr(report, "project_id", None))


@rules.predicate
def is_project_running(user, project) -> bool:
    """The project still owes monthly reports: neither cancelled nor completed."""
    project = _project_of(project)
    return project is not None and project.status in RUNNING_STATUSES


@rules.predicate
def is_this_month_closed(user, project) -> bool:
    """Today's quarter is closed to the project's staff: no report of this month can be entered, unless a lock
    exception in force opens the quarter to the project (the planning office may close a quarter early)."""
    project = _project_of(project)
    return is_date_in_closed_quarter(timezone.localdate(), project.pk if project is not None else None)


def _in_state(*states: str):
    @rules.predicate(name=f"report_is_{'_or_'.join(states)}")
    def in_state(user, report) -> bool:
        return getattr(report, "approval_state", None) in states

    return in_state


is_draft_or_returned = _in_state(ApprovalState.DRAFT, ApprovalState.RETURNED)
is_submitted = _in_state(ApprovalState.SUBMITTED)
is_approved = _in_state(ApprovalState.APPROVED)


@rules.predicate
def is_report_author(user, report) -> bool:
    """The user entered the report or made its last change (four eyes: they do not approve it)."""
    if report is None or not user.is_authenticated:
        return False
    if report.created_by_id == user.pk:
        return True
    # The last change of what was reported: history rows written by a sign-off step are not changes of it.
    last = (
        report.history.exclude(history_change_reason=SIGN_OFF_CHANGE_REASON)
        .order_by("-history_date", "-history_id")
        .values_list("history_user_id", flat=True)
        .first()
    )
    return last == user.pk


@rules.predicate
def is_kpi_scored(user, kpi) -> bool:
    """The planning office has given the indicator a score (2.1 or 2.2) in some quarter; read from its
    prefetched `quarters` when the caller has them."""
    if kpi is None:
        return False
    return any(r.score_1 is not None or r.score_2 is not None for r in kpi.quarters.all())


is_project_staff = is_agency_staff & works_on_project
is_project_head = is_agency_head & works_on_project
# Changing what was reported in a closed quarter: administrators only (they correct; the rest ask for a reopening).
may_change_closed_quarter = is_administrator
may_read_project = is_planner | ((is_agency_staff | is_agency_head) & works_on_project)
may_edit_project = is_administrator | is_project_staff


# --- Permissions ------------------------------------------------------------------------------------------
# Reading.
rules.add_perm("projects.view_project_list", has_role)  # the project list, the home page, own evaluations
rules.add_perm("projects.view_all_projects", is_planner)  # every agency's projects, not only one's own
# Staff's landing page: their returned reports and the projects whose report is still due this month.
rules.add_perm("projects.enter_reports", is_agency_staff)
rules.add_perm("projects.view_project", may_read_project)
# Editing a project: its fields and status, its plan, its indicators and their quarterly results.
rules.add_perm("projects.change_project", may_edit_project)
rules.add_perm("projects.change_plan", may_edit_project)
rules.add_perm("projects.change_kpi", may_edit_project)
rules.add_perm("projects.change_kpi_result", may_edit_project)
# Deleting an indicator (object: the indicator) deletes its quarterly results: once the planning office has
# scored it, staff would delete the planning office's work with it, so only an administrator does.
rules.add_perm("projects.delete_kpi", may_edit_project & (~is_kpi_scored | is_administrator))
# Monthly reports. `add_report` (object: the project) also opens the edit and delete pages of its reports;
# `change_report` / `delete_report` (object: the report) add the closed-quarter lock.
rules.add_perm("projects.add_report", may_edit_project)
# This month's report (object: the project): the entry button of the project page. A running project, in a
# quarter still open (administrators correct closed quarters).
rules.add_perm(
    "projects.add_month_report",
    may_edit_project & is_project_running & (~is_this_month_closed | may_change_closed_quarter),
)
# An approved report is read-only for staff: the head withdraws the approval first (administrators correct).
may_write_report = (
    may_edit_project & (~is_in_closed_quarter | may_change_closed_quarter) & (~is_approved | is_administrator)
)
rules.add_perm("projects.change_report", may_write_report)
rules.add_perm("projects.delete_report", may_write_report)
# Evidence of a report (photos, contracts, minutes; object: the report): read by whoever reads the project,
# attached and removed like any other change of the report (not in a closed quarter, not once approved);
# a removed file is deleted for good by an administrator only.
rules.add_perm("projects.view_evidence", may_read_project)
rules.add_perm("projects.add_evidence", may_write_report)
rules.add_perm("projects.remove_evidence", may_write_report)
rules.add_perm("projects.purge_evidence", is_administrator)
# A report dated (or moved, or renumbered) into a closed quarter, checked by date before a report exists.
rules.add_perm("projects.change_closed_quarter", may_change_closed_quarter)
# Opening one project's closed quarter to its staff until a set time (object: the project): the planning office.
# While it lasts, `is_in_closed_quarter` is false for that project's reports in that quarter.
rules.add_perm("projects.grant_lock_exception", is_planner)
# Sign-off of a monthly report (object: the report): the head of the project's agency or of one above it,
# or an administrator, each step only in the state it starts from. Asked with `may_take_step`, not
# `User.has_perm`, which says yes to an administrator whatever the state.
may_sign_off = is_project_head | is_administrator
# Staff send a draft or a returned report for approval.
rules.add_perm("projects.submit_report", may_write_report & is_draft_or_returned)
# The head approves a submitted report they neither entered nor last changed (four eyes). Also in a closed
# quarter: approving changes no figure (a closed quarter reads its snapshot, approval counts included, and an
# approved report is as read-only for staff as a closed quarter's), while refusing it would leave the report
# waiting in the head's list with nothing anyone could do about it.
rules.add_perm("projects.approve_report", may_sign_off & is_submitted & ~is_report_author)
# The head returns a submitted report for correction (with a comment, required by the service). Not in a
# closed quarter, unless a lock exception opens it to the project: staff could neither correct the report nor
# send it again (`may_write_report`), and it would sit on their landing page as something to do.
rules.add_perm("projects.return_report", may_sign_off & is_submitted & ~is_in_closed_quarter)
# The head withdraws an approval (with a reason, required by the service); the report goes back as returned,
# so not in a closed quarter either, for the same reason.
rules.add_perm("projects.withdraw_approval", may_sign_off & is_approved & ~is_in_closed_quarter)
# The head's sign-off pages of a project (object: the project); each step then asks its own permission.
rules.add_perm("projects.sign_off_reports", may_sign_off)
# The head's list of what waits for them.
rules.add_perm("projects.view_approvals", is_agency_head | is_administrator)

# The steps of a report's sign-off, which hold only in some states of the report.
SIGN_OFF_STEPS = frozenset(
    {
        "projects.submit_report",
        "projects.approve_report",
        "projects.return_report",
        "projects.withdraw_approval",
    }
)


def may_take_step(user, step: str, report) -> bool:
    """Whether `user` may take the sign-off step `step` (one of `SIGN_OFF_STEPS`) on `report` now.

    Asked of the rule set itself: `User.has_perm` grants an active superuser every permission without asking
    the rules, which would offer an administrator to approve an approved report, and the step would fail.
    """
    if step not in SIGN_OFF_STEPS:
        raise ValueError(f"{step} is not a sign-off step")
    return rules.has_perm(step, user, report)


# --- The quarterly evaluation (reports.*) -----------------------------------------------------------------
# The planning office's pages: the quarter page and its roll-ups, the overdue list.
rules.add_perm("reports.view_quarter", is_planner)
# A project's quarterly score and comment (one or many at once).
rules.add_perm("reports.evaluate_project", is_planner)
# Indicator scores 2.1 and 2.2; agency staff enter only the indicators' results.
rules.add_perm("reports.score_kpi", is_planner)
rules.add_perm("reports.close_quarter", is_planner)
# The certified project form (object: the project) follows the project's read rule.
rules.add_perm("reports.print_form", may_read_project)
# Batch printing and the agency's quarterly summary (object: the agency, or None for the batch page).
rules.add_perm("reports.print_batch", has_role)
rules.add_perm("reports.print_agency", is_planner | (has_role & works_for_agency))


# --- Notices and reminders (reminders.*) ------------------------------------------------------------------
# One's own notices (the landing page's list, the count in the header, the notices page).
rules.add_perm("reminders.view_notices", has_role)
# One's own reminder settings: turning the optional reminders off, the language of the e-mails.
rules.add_perm("reminders.change_preferences", has_role)
