"""The agency head's sign-off of monthly reports: submit, approve, return, withdraw.

draft ──submit──▶ submitted ──approve──▶ approved
  ▲                 │   ▲                    │
  └─(staff edit)────┤   └──submit── returned ◀┘ withdraw (reason)
                    └──return (comment)──▶ returned

Who may take each step is `projects/rules.py`; the refusals a head can act on (their own report, a report not
waiting for them, a report of a closed quarter that staff could not correct, no comment) are said here in Thai
before the rule is asked, and nothing changes. Each step
writes a `ReportTransition` (who, when, comment) and a history row of the report marked `SIGN_OFF_CHANGE_REASON`.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from projects import rules as project_rules
from projects import thai
from projects.choices import SIGN_OFF_CHANGE_REASON, ApprovalState
from projects.closing import closed_for, lock_quarters, quarter_of
from projects.models import ProgressReport, ReportTransition

from .common import require
from .errors import QuarterClosed, ServiceError


def _require_step(user, step: str, report: ProgressReport) -> None:
    """Refuse (403) unless the rules let `user` take the sign-off `step` on `report` in its state: asked of
    the rule set itself, which an administrator does not pass by being one (`rules.may_take_step`)."""
    if not project_rules.may_take_step(user, step, report):
        raise PermissionDenied(_("ท่านไม่มีสิทธิ์แก้ไขข้อมูลของโครงการนี้"))


def move(*, user: AbstractBaseUser, report: ProgressReport, to: str, comment: str = "") -> ReportTransition:
    """Put a locked report into state `to` and record the step; the caller has checked that it may."""
    transition = ReportTransition(
        report=report, from_state=report.approval_state, to_state=to, by=user, comment=comment
    )
    transition.full_clean()
    transition.save()
    report.approval_state = to
    report.approval_changed_at = timezone.now()
    report._history_user = user
    report._change_reason = SIGN_OFF_CHANGE_REASON
    report.save(update_fields=["approval_state", "approval_changed_at", "updated_at"])
    # The marks stay on the instance otherwise, and a later save of it would pass for a sign-off step.
    del report._history_user, report._change_reason
    return transition


def _locked(report: ProgressReport) -> ProgressReport:
    return ProgressReport.objects.select_for_update().select_related("project__agency").get(pk=report.pk)


def _name(report: ProgressReport) -> str:
    return _("รายงานครั้งที่ %(number)s (%(date)s) ของโครงการ %(project)s") % {
        "number": report.number,
        "date": thai.format_date(report.report_date),
        "project": report.project.code or report.project.name,
    }


def _state_refusal(report: ProgressReport, *expected: str) -> None:
    if report.approval_state not in expected:
        raise ServiceError(
            _("%(report)s อยู่ในสถานะ “%(state)s” จึงทำรายการนี้ไม่ได้")
            % {"report": _name(report), "state": ApprovalState(report.approval_state).label}
        )


def closed_quarter_refusal(report: ProgressReport) -> str:
    """Why the head may not send `report` (of a closed quarter) back to staff: returning it when submitted,
    withdrawing its approval when approved. Also said on the project page instead of those steps."""
    year, quarter = quarter_of(report.report_date)
    values = {"quarter": quarter, "year": year, "report": _name(report)}
    if report.approval_state == ApprovalState.APPROVED:
        return (
            _(
                "%(report)s อยู่ในไตรมาสที่ %(quarter)s ปีงบประมาณ %(year)s ซึ่งปิดแล้ว จึงถอนการอนุมัติไม่ได้ "
                "เพราะรายงานจะกลับไปให้เจ้าหน้าที่แก้ไข ซึ่งแก้ไขรายงานในไตรมาสที่ปิดแล้วไม่ได้ "
                "หากรายงานต้องแก้ไข กรุณาขอให้ สยป. เปิดไตรมาสนี้ให้โครงการนี้ก่อน"
            )
            % values
        )
    return (
        _(
            "%(report)s อยู่ในไตรมาสที่ %(quarter)s ปีงบประมาณ %(year)s ซึ่งปิดแล้ว จึงส่งกลับให้แก้ไขไม่ได้ "
            "เพราะเจ้าหน้าที่แก้ไขหรือส่งรายงานในไตรมาสที่ปิดแล้วใหม่ไม่ได้ "
            "หากรายงานต้องแก้ไข กรุณาขอให้ สยป. เปิดไตรมาสนี้ให้โครงการนี้ก่อน"
        )
        % values
    )


def _closed_for_staff(report: ProgressReport) -> bool:
    """Whether the report's quarter is closed to the project's staff (no lock exception opens it), its
    closure row locked until the transaction ends, so a closing waits for this step or this step sees it."""
    return bool(lock_quarters([quarter_of(report.report_date)], report.project_id))


def _comment(comment: str | None) -> str:
    """A head's comment as typed, normalised. It comes straight from the post, not through a form, so the
    check every form field makes (Django's `ProhibitNullCharactersValidator`) is made here: a NUL would
    otherwise reach the database, which refuses it."""
    try:
        ProhibitNullCharactersValidator()(comment or "")
    except ValidationError as error:
        raise ServiceError(error.messages[0]) from None
    return thai.normalize_text(comment or "")


def _required_comment(comment: str, message: str) -> str:
    comment = _comment(comment)
    if not comment:
        raise ServiceError(message)
    return comment


def _require_head(user, report: ProgressReport) -> None:
    """Another agency's report is a 403; the head's own agency's report goes on to the Thai refusals."""
    require(user, "projects.view_project", report.project)
    require(user, "projects.sign_off_reports", report.project)


@transaction.atomic
def submit_report(*, user: AbstractBaseUser, report: ProgressReport) -> ReportTransition:
    """Staff send a draft or a returned (corrected) report to the head."""
    report = _locked(report)
    require(user, "projects.add_report", report.project)
    _state_refusal(report, ApprovalState.DRAFT, ApprovalState.RETURNED)
    if closed_for(user, [quarter_of(report.report_date)], report.project_id):
        from .reports import closed_quarter_message  # `reports` imports this module

        raise QuarterClosed(closed_quarter_message(report.report_date))
    _require_step(user, "projects.submit_report", report)
    return move(user=user, report=report, to=ApprovalState.SUBMITTED)


# What may stand between a head of the report's agency and approving it, in the order asked: one approval and
# a whole month's share the checks (`_approval_obstacle`) and differ only in how they say it.
NOT_WAITING, OWN_REPORT, NOT_ALLOWED = "not_waiting", "own_report", "not_allowed"


def _approval_obstacle(user, report: ProgressReport) -> str | None:
    """The first thing that keeps `user` from approving `report` now; None when nothing does."""
    if report.approval_state != ApprovalState.SUBMITTED:
        return NOT_WAITING
    # Four eyes, for administrators too (Django grants a superuser every permission without asking the rule).
    if project_rules.is_report_author(user, report):
        return OWN_REPORT
    if not project_rules.may_take_step(user, "projects.approve_report", report):
        return NOT_ALLOWED
    return None


def _check_approvable(user, report: ProgressReport) -> None:
    """Refuse one approval with its full sentence (a 403 when the rules refuse it)."""
    _require_head(user, report)
    obstacle = _approval_obstacle(user, report)
    if obstacle == NOT_WAITING:
        _state_refusal(report, ApprovalState.SUBMITTED)
    if obstacle == OWN_REPORT:
        raise ServiceError(
            _("%(report)s บันทึกหรือแก้ไขล่าสุดโดยท่านเอง จึงอนุมัติเองไม่ได้ ต้องให้หัวหน้าหน่วยงานท่านอื่นอนุมัติ")
            % {"report": _name(report)}
        )
    if obstacle == NOT_ALLOWED:
        _require_step(user, "projects.approve_report", report)


@transaction.atomic
def approve_report(*, user: AbstractBaseUser, report: ProgressReport, comment: str = "") -> ReportTransition:
    """The head approves a submitted report."""
    report = _locked(report)
    _check_approvable(user, report)
    return move(user=user, report=report, to=ApprovalState.APPROVED, comment=_comment(comment))


@dataclass(frozen=True)
class BulkApproval:
    """What one press of the head's approve button did: the steps recorded, and the reports left as they were,
    each with why (in Thai)."""

    approved: list[ReportTransition]
    skipped: list[tuple[ProgressReport, str]]


def _why_not_approvable(user, report: ProgressReport) -> str | None:
    """Why `user` may not approve `report` now, in a few Thai words for a list; None when they may."""
    obstacle = _approval_obstacle(user, report)
    if obstacle == NOT_WAITING:
        return _("อยู่ในสถานะ “%(state)s” ไม่ได้รออนุมัติ") % {"state": ApprovalState(report.approval_state).label}
    if obstacle == OWN_REPORT:
        return _("ท่านบันทึกหรือแก้ไขรายงานนี้ล่าสุดเอง ต้องให้หัวหน้าหน่วยงานท่านอื่นอนุมัติ")
    if obstacle == NOT_ALLOWED:
        return _("ท่านไม่มีสิทธิ์อนุมัติรายงานนี้")
    return None


@transaction.atomic
def approve_reports(*, user: AbstractBaseUser, reports: Iterable[ProgressReport]) -> BulkApproval:
    """Approve many reports at once (a month of an agency): those the user may approve (`projects.approve_report`,
    asked per report under its lock), all in one transaction, so a step that fails undoes them all. The rest
    (the user's own reports under four eyes, reports no longer waiting) are skipped and said, so pressing the
    button again records nothing twice. Another agency's report among them refuses them all (403)."""
    ids = sorted({r.pk for r in reports})
    if not ids:
        raise ServiceError(_("กรุณาเลือกรายงานที่จะอนุมัติอย่างน้อยหนึ่งรายการ"))
    locked = list(
        ProgressReport.objects.select_for_update()
        .select_related("project__agency")
        .filter(pk__in=ids)
        .order_by("pk")
    )
    for report in locked:
        _require_head(user, report)
    approvable, skipped = [], []
    for report in locked:
        why = _why_not_approvable(user, report)
        if why is None:
            approvable.append(report)
        else:
            skipped.append((report, why))
    approved = [move(user=user, report=report, to=ApprovalState.APPROVED) for report in approvable]
    return BulkApproval(approved=approved, skipped=skipped)


def bulk_approval_message(result: BulkApproval) -> str:
    """What the head reads after pressing approve: how many were approved, and which were skipped and why."""
    done = ngettext(
        "อนุมัติรายงาน %(count)s รายการแล้ว", "อนุมัติรายงาน %(count)s รายการแล้ว", len(result.approved)
    ) % {"count": len(result.approved)}
    if not result.approved:
        done = _("ไม่ได้อนุมัติรายงานใด")
    if not result.skipped:
        return done
    skipped = ngettext(
        "ข้าม %(count)s รายการ: %(reports)s", "ข้าม %(count)s รายการ: %(reports)s", len(result.skipped)
    ) % {
        "count": len(result.skipped),
        "reports": "; ".join(f"{_name(report)} — {why}" for report, why in result.skipped),
    }
    return f"{done} · {skipped}"


@transaction.atomic
def return_report(*, user: AbstractBaseUser, report: ProgressReport, comment: str) -> ReportTransition:
    """The head sends a submitted report back for correction, saying what to correct."""
    report = _locked(report)
    _require_head(user, report)
    _state_refusal(report, ApprovalState.SUBMITTED)
    if _closed_for_staff(report):
        raise ServiceError(closed_quarter_refusal(report))
    comment = _required_comment(comment, _("กรุณาระบุความเห็นว่าต้องแก้ไขอะไร ก่อนส่งรายงานกลับ"))
    _require_step(user, "projects.return_report", report)
    return move(user=user, report=report, to=ApprovalState.RETURNED, comment=comment)


@transaction.atomic
def withdraw_approval(*, user: AbstractBaseUser, report: ProgressReport, reason: str) -> ReportTransition:
    """The head takes back an approval; the report goes back to staff as returned, the reason as its comment.

    Returned rather than submitted: a withdrawn approval means something in the report must change, and
    staff are the ones who change it.
    """
    report = _locked(report)
    _require_head(user, report)
    _state_refusal(report, ApprovalState.APPROVED)
    if _closed_for_staff(report):
        raise ServiceError(closed_quarter_refusal(report))
    reason = _required_comment(reason, _("กรุณาระบุเหตุผลที่ถอนการอนุมัติ"))
    _require_step(user, "projects.withdraw_approval", report)
    return move(user=user, report=report, to=ApprovalState.RETURNED, comment=reason)


def state_after_edit(
    *, user: AbstractBaseUser, report: ProgressReport, submit: bool
) -> ReportTransition | None:
    """Staff are saving `report`: set its state (submitted when they chose to submit, else draft) on the unsaved
    instance, so one history row holds the edit and its state, and return the step to `save_step` after it.

    Editing a submitted report without submitting takes it back to draft (the head no longer sees it as
    waiting); an approved report is only edited by an administrator, and then needs approving again.
    """
    to = ApprovalState.SUBMITTED if submit else ApprovalState.DRAFT
    if report.approval_state == to:
        return None
    step = ReportTransition(from_state=report.approval_state, to_state=to, by=user)
    report.approval_state = to
    report.approval_changed_at = timezone.now()
    return step


def save_step(step: ReportTransition | None, report: ProgressReport) -> None:
    if step is not None:
        step.report = report
        step.full_clean()
        step.save()
