"""The sign-off chain through the services: staff submit, the head approves or returns, withdraws with a reason;
four eyes; every step recorded; refusals change nothing."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from projects.choices import SIGN_OFF_CHANGE_REASON, ApprovalState, TargetStatus
from projects.models import ProgressReport, QuarterClosure, ReportTransition
from projects.services import approval
from projects.services.approval import (
    approve_report,
    approve_reports,
    return_report,
    submit_report,
    withdraw_approval,
)
from projects.services.errors import ServiceError
from projects.services.reports import ReportInput, create_report, delete_report, update_report
from tests.factories import ProgressReportFactory, ProjectFactory, QuarterLockExceptionFactory

pytestmark = pytest.mark.django_db

A = ApprovalState


def entry(day=date(2022, 10, 25), progress="10", **extra):
    return ReportInput(
        report_date=day,
        progress=Decimal(progress),
        text="ดำเนินการตามแผน",
        target_status=TargetStatus.MET,
        **extra,
    )


def states(report):
    return list(report.transitions.values_list("from_state", "to_state", "by__username", "comment"))


def snapshot(report):
    report.refresh_from_db()
    return (report.approval_state, report.version, report.transitions.count(), report.history.count())


def test_a_new_report_is_submitted_by_default_and_recorded(staff, project):
    report = create_report(user=staff, project=project, data=entry())

    report.refresh_from_db()
    assert report.approval_state == A.SUBMITTED
    assert report.approval_changed_at is not None
    assert states(report) == [(A.DRAFT, A.SUBMITTED, "staff", "")]
    # One history row holds the report and its state, by the person who entered it.
    assert [(h.approval_state, h.history_user) for h in report.history.all()] == [(A.SUBMITTED, staff)]


def test_a_report_saved_as_draft_waits_for_nobody_until_submitted(staff, project):
    report = create_report(user=staff, project=project, data=entry(), submit=False)
    assert report.approval_state == A.DRAFT and not report.transitions.exists()

    submit_report(user=staff, report=report)

    report.refresh_from_db()
    assert report.approval_state == A.SUBMITTED
    assert states(report) == [(A.DRAFT, A.SUBMITTED, "staff", "")]
    assert report.history.first().history_change_reason == SIGN_OFF_CHANGE_REASON


def test_the_whole_chain_submit_return_correct_resubmit_approve(staff, head, project):
    report = create_report(user=staff, project=project, data=entry())

    return_report(user=head, report=report, comment="ตัวเลขเบิกจ่ายไม่ตรงกับทะเบียน")
    report.refresh_from_db()
    assert report.approval_state == A.RETURNED

    update_report(user=staff, report=report, version=report.version, data=entry(progress="12"))
    approve_report(user=head, report=report)

    report.refresh_from_db()
    assert report.approval_state == A.APPROVED
    assert report.progress == Decimal("12.00")
    assert states(report) == [
        (A.DRAFT, A.SUBMITTED, "staff", ""),
        (A.SUBMITTED, A.RETURNED, "head", "ตัวเลขเบิกจ่ายไม่ตรงกับทะเบียน"),
        (A.RETURNED, A.SUBMITTED, "staff", ""),
        (A.SUBMITTED, A.APPROVED, "head", ""),
    ]


def test_editing_a_submitted_report_as_draft_takes_it_back_from_the_head(staff, project):
    report = create_report(user=staff, project=project, data=entry())

    update_report(user=staff, report=report, version=report.version, data=entry(progress="11"), submit=False)

    report.refresh_from_db()
    assert report.approval_state == A.DRAFT
    assert states(report)[-1] == (A.SUBMITTED, A.DRAFT, "staff", "")


def test_the_head_does_not_approve_a_report_they_entered(head, project):
    report = ProgressReportFactory(project=project, created_by=head, approval_state=A.SUBMITTED)
    before = snapshot(report)

    with pytest.raises(ServiceError, match="อนุมัติเองไม่ได้"):
        approve_report(user=head, report=report)

    assert snapshot(report) == before


def test_the_last_person_to_change_a_report_does_not_approve_it(staff, head, project):
    report = create_report(user=staff, project=project, data=entry())
    # The head's own sign-off steps (a return) do not make them its author; an edit does.
    ProgressReport.objects.filter(pk=report.pk).update(created_by=None)
    report.refresh_from_db()
    report._history_user = head
    report.text = "แก้ไขโดยหัวหน้า"
    report.save()
    before = snapshot(report)

    with pytest.raises(ServiceError, match="บันทึกหรือแก้ไขล่าสุดโดยท่านเอง"):
        approve_report(user=head, report=report)

    assert snapshot(report) == before


def test_an_administrator_does_not_approve_their_own_report_either(admin_user, project):
    report = create_report(user=admin_user, project=project, data=entry())
    with pytest.raises(ServiceError, match="อนุมัติเองไม่ได้"):
        approve_report(user=admin_user, report=report)


def test_another_agencys_report_is_refused_with_403(other_head, staff, project):
    report = create_report(user=staff, project=project, data=entry())
    before = snapshot(report)

    for step in (
        lambda: approve_report(user=other_head, report=report),
        lambda: return_report(user=other_head, report=report, comment="ไม่ผ่าน"),
        lambda: approve_reports(user=other_head, reports=[report]),
    ):
        with pytest.raises(PermissionDenied):
            step()

    assert snapshot(report) == before


@pytest.mark.parametrize("comment", ["", "   ", "\u200b"])
def test_returning_without_a_comment_is_refused(staff, head, project, comment):
    report = create_report(user=staff, project=project, data=entry())
    before = snapshot(report)

    with pytest.raises(ServiceError, match="กรุณาระบุความเห็น"):
        return_report(user=head, report=report, comment=comment)

    assert snapshot(report) == before


def test_approved_reports_are_read_only_for_staff(staff, head, project):
    report = create_report(user=staff, project=project, data=entry())
    approve_report(user=head, report=report)
    before = snapshot(report)

    with pytest.raises(ServiceError, match="ได้รับอนุมัติจากหัวหน้าหน่วยงานแล้ว"):
        update_report(user=staff, report=report, version=report.version, data=entry(progress="50"))
    with pytest.raises(ServiceError, match="ได้รับอนุมัติจากหัวหน้าหน่วยงานแล้ว"):
        delete_report(user=staff, report=report, version=report.version)
    with pytest.raises(ServiceError):
        submit_report(user=staff, report=report)

    assert snapshot(report) == before


def test_withdrawing_needs_a_reason_and_returns_the_report_to_staff(staff, head, project):
    report = create_report(user=staff, project=project, data=entry())
    approve_report(user=head, report=report)
    before = snapshot(report)

    with pytest.raises(ServiceError, match="เหตุผลที่ถอนการอนุมัติ"):
        withdraw_approval(user=head, report=report, reason=" ")
    assert snapshot(report) == before

    withdraw_approval(user=head, report=report, reason="งบประมาณเบิกจ่ายซ้ำกับเดือนก่อน")

    report.refresh_from_db()
    assert report.approval_state == A.RETURNED
    assert states(report)[-1] == (A.APPROVED, A.RETURNED, "head", "งบประมาณเบิกจ่ายซ้ำกับเดือนก่อน")
    # Staff may correct it again.
    update_report(user=staff, report=report, version=report.version, data=entry(progress="9"))
    report.refresh_from_db()
    assert report.approval_state == A.SUBMITTED


def test_a_report_not_waiting_is_not_approved(staff, head, project):
    report = create_report(user=staff, project=project, data=entry(), submit=False)
    with pytest.raises(ServiceError, match="สถานะ “ร่าง”"):
        approve_report(user=head, report=report)
    assert not report.transitions.exists()


def test_a_month_of_reports_is_approved_at_once_skipping_the_heads_own(staff, head, project, sub_agency):
    second = ProjectFactory(agency=sub_agency, fiscal_year=project.fiscal_year)
    mine = ProjectFactory(agency=sub_agency, fiscal_year=project.fiscal_year)
    reports = [
        create_report(user=staff, project=p, data=entry(date(p.start_date.year, p.start_date.month, 25)))
        for p in (project, second)
    ]
    own = ProgressReportFactory(project=mine, created_by=head, approval_state=A.SUBMITTED)

    result = approve_reports(user=head, reports=[*reports, own])

    assert [t.report_id for t in result.approved] == [r.pk for r in reports]
    assert [(r.pk, why) for r, why in result.skipped] == [
        (own.pk, "ท่านบันทึกหรือแก้ไขรายงานนี้ล่าสุดเอง ต้องให้หัวหน้าหน่วยงานท่านอื่นอนุมัติ")
    ]
    assert {r.approval_state for r in ProgressReport.objects.filter(pk__in=[r.pk for r in reports])} == {
        A.APPROVED
    }
    own.refresh_from_db()
    assert own.approval_state == A.SUBMITTED and not own.transitions.exists()

    # Pressed again: nothing is recorded twice; each report is skipped as no longer waiting.
    again = approve_reports(user=head, reports=[*reports, own])
    assert again.approved == []
    assert [why for _, why in again.skipped] == [
        "อยู่ในสถานะ “อนุมัติแล้ว” ไม่ได้รออนุมัติ",
        "อยู่ในสถานะ “อนุมัติแล้ว” ไม่ได้รออนุมัติ",
        "ท่านบันทึกหรือแก้ไขรายงานนี้ล่าสุดเอง ต้องให้หัวหน้าหน่วยงานท่านอื่นอนุมัติ",
    ]
    assert ReportTransition.objects.filter(to_state=A.APPROVED).count() == 2


def test_a_bulk_approval_that_fails_part_way_approves_none(staff, head, project, sub_agency, monkeypatch):
    reports = [
        create_report(user=staff, project=p, data=entry())
        for p in (project, ProjectFactory(agency=sub_agency, fiscal_year=project.fiscal_year))
    ]
    real_move, calls = approval.move, []

    def move_then_fail(**kwargs):
        calls.append(kwargs["report"].pk)
        if len(calls) == 2:
            raise RuntimeError("the database went away")
        return real_move(**kwargs)

    monkeypatch.setattr(approval, "move", move_then_fail)

    with pytest.raises(RuntimeError):
        approve_reports(user=head, reports=reports)

    assert len(calls) == 2  # the first was approved, then undone with the second
    assert set(ProgressReport.objects.values_list("approval_state", flat=True)) == {A.SUBMITTED}
    assert not ReportTransition.objects.filter(to_state=A.APPROVED).exists()


# --- A closed quarter ---------------------------------------------------------------------------------------
CLOSED_RETURN = (
    "รายงานครั้งที่ 1 (25/10/2565) ของโครงการ 01000600-2456 อยู่ในไตรมาสที่ 1 ปีงบประมาณ 2566 ซึ่งปิดแล้ว "
    "จึงส่งกลับให้แก้ไขไม่ได้ เพราะเจ้าหน้าที่แก้ไขหรือส่งรายงานในไตรมาสที่ปิดแล้วใหม่ไม่ได้ "
    "หากรายงานต้องแก้ไข กรุณาขอให้ สยป. เปิดไตรมาสนี้ให้โครงการนี้ก่อน"
)
CLOSED_WITHDRAW = (
    "รายงานครั้งที่ 1 (25/10/2565) ของโครงการ 01000600-2456 อยู่ในไตรมาสที่ 1 ปีงบประมาณ 2566 ซึ่งปิดแล้ว "
    "จึงถอนการอนุมัติไม่ได้ เพราะรายงานจะกลับไปให้เจ้าหน้าที่แก้ไข ซึ่งแก้ไขรายงานในไตรมาสที่ปิดแล้วไม่ได้ "
    "หากรายงานต้องแก้ไข กรุณาขอให้ สยป. เปิดไตรมาสนี้ให้โครงการนี้ก่อน"
)


def closed_quarter_report(project, staff, state):
    """A report of 25 October 2565 (quarter 1 of FY 2566), then the quarter is closed."""
    report = ProgressReportFactory(
        project=project, number=1, report_date=date(2022, 10, 25), approval_state=state, created_by=staff
    )
    QuarterClosure.objects.create(fiscal_year=2566, quarter=1)
    return report


def open_to(project):
    return QuarterLockExceptionFactory(
        project=project, fiscal_year=2566, quarter=1, reason="แก้ยอดเบิกจ่ายเดือนตุลาคม"
    )


@pytest.mark.parametrize("user", ["head", "admin_user"])
def test_a_report_of_a_closed_quarter_is_not_returned_to_staff_who_could_not_correct_it(
    request, staff, project, user
):
    report = closed_quarter_report(project, staff, A.SUBMITTED)
    before = snapshot(report)

    with pytest.raises(ServiceError) as refused:
        return_report(user=request.getfixturevalue(user), report=report, comment="แก้ยอดเบิกจ่าย")

    assert refused.value.message == CLOSED_RETURN
    assert snapshot(report) == before


@pytest.mark.parametrize("user", ["head", "admin_user"])
def test_nor_is_its_approval_withdrawn(request, staff, project, user):
    report = closed_quarter_report(project, staff, A.APPROVED)
    before = snapshot(report)

    with pytest.raises(ServiceError) as refused:
        withdraw_approval(user=request.getfixturevalue(user), report=report, reason="เบิกจ่ายซ้ำ")

    assert refused.value.message == CLOSED_WITHDRAW
    assert snapshot(report) == before


def test_a_report_of_a_closed_quarter_is_still_approved(staff, head, project):
    report = closed_quarter_report(project, staff, A.SUBMITTED)

    approve_report(user=head, report=report)

    report.refresh_from_db()
    assert report.approval_state == A.APPROVED
    assert states(report) == [(A.SUBMITTED, A.APPROVED, "head", "")]


def test_a_lock_exception_lets_the_head_return_it_and_staff_correct_and_resubmit(staff, head, project):
    report = closed_quarter_report(project, staff, A.SUBMITTED)
    open_to(project)

    return_report(user=head, report=report, comment="แก้ยอดเบิกจ่าย")
    report.refresh_from_db()
    update_report(user=staff, report=report, version=report.version, data=entry(progress="12"))

    report.refresh_from_db()
    assert (report.approval_state, report.progress) == (A.SUBMITTED, Decimal("12.00"))
    approve_report(user=head, report=report)
    withdraw_approval(user=head, report=report, reason="เบิกจ่ายซ้ำ")
    report.refresh_from_db()
    assert report.approval_state == A.RETURNED


def test_staff_do_not_resubmit_a_returned_report_of_a_closed_quarter(staff, project):
    report = closed_quarter_report(project, staff, A.RETURNED)
    before = snapshot(report)

    with pytest.raises(ServiceError) as refused:
        submit_report(user=staff, report=report)

    assert refused.value.message.startswith(
        "ไตรมาสที่ 1 ปีงบประมาณ 2566 ปิดแล้ว จึงเพิ่ม แก้ไข หรือลบรายงานที่ลงวันที่ 25/10/2565 ไม่ได้"
    )
    assert snapshot(report) == before
