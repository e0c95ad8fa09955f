"""The sign-off pages: the head's list of reports waiting (two clicks for a month), the steps posted from the
project page, and their refusals in Thai with nothing changed."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse

from projects.choices import ApprovalState
from projects.links import project_url
from projects.models import ProgressReport, QuarterClosure, ReportTransition
from projects.services import approval
from projects.services.errors import ServiceError
from projects.templatetags.thai import be_datetime
from tests.factories import ProgressReportFactory, ProjectFactory, QuarterLockExceptionFactory
from tests.projects.test_views_entry import form_values

pytestmark = pytest.mark.django_db

A = ApprovalState
BANGKOK = ZoneInfo("Asia/Bangkok")


@pytest.fixture
def waiting(project, sub_agency, staff):
    """Two submitted reports of November 2565 in the head's sub-agency, one of October, one draft."""
    second = ProjectFactory(code="01000600-9999", agency=sub_agency, fiscal_year=project.fiscal_year)
    return {
        "nov": [
            ProgressReportFactory(
                project=p,
                number=2,
                report_date=date(2022, 11, 25),
                approval_state=A.SUBMITTED,
                created_by=staff,
            )
            for p in (project, second)
        ],
        "oct": ProgressReportFactory(
            project=project,
            number=1,
            report_date=date(2022, 10, 25),
            approval_state=A.SUBMITTED,
            created_by=staff,
        ),
        "draft": ProgressReportFactory(
            project=second, number=1, report_date=date(2022, 10, 20), created_by=staff
        ),
    }


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


def test_heads_land_on_what_waits_for_them(client, head, waiting):
    client.force_login(head)
    html = client.get(reverse("projects:home")).content.decode()
    assert "รออนุมัติ 3 รายงาน" in html
    assert f'href="{reverse("projects:approvals")}"' in html


def test_the_approvals_page_is_the_one_current_page_of_the_menu(client, head, waiting):
    client.force_login(head)
    html = client.get(reverse("projects:approvals")).content.decode()
    current = [line for line in html.splitlines() if 'aria-current="page"' in line]
    assert len(current) == 1 and "รออนุมัติ</a>" in current[0]


def test_the_list_shows_submitted_reports_of_the_heads_agencies_only(client, head, waiting, other_agency):
    elsewhere = ProgressReportFactory(project=ProjectFactory(agency=other_agency), approval_state=A.SUBMITTED)
    client.force_login(head)

    response = client.get(reverse("projects:approvals"))

    rows = [row.record for row in response.context["table"].rows]
    assert {r.pk for r in rows} == {waiting["oct"].pk, *(r.pk for r in waiting["nov"])}
    assert elsewhere.pk not in {r.pk for r in rows}
    assert "รออนุมัติ 3 รายงาน" in response.content.decode()


def test_a_month_of_an_agency_is_approved_in_two_clicks(client, head, waiting, sub_agency):
    client.force_login(head)
    url = reverse("projects:approvals") + f"?month=2022-11&agency={sub_agency.pk}"
    page = client.get(url)
    shown = [row.record.pk for row in page.context["table"].rows]
    assert sorted(shown) == sorted(r.pk for r in waiting["nov"])
    # The two clicks: the header box that ticks every row, and the approve button.
    html = page.content.decode()
    assert 'aria-label="เลือกทุกรายงานในหน้านี้"' in html and "อนุมัติรายงานที่เลือก</button>" in html

    response = client.post(url, {"select": shown}, follow=True)

    assert messages_of(response) == ["อนุมัติรายงาน 2 รายการแล้ว"]
    assert response.redirect_chain == [(url, 302)]
    assert set(ProgressReport.objects.filter(pk__in=shown).values_list("approval_state", flat=True)) == {
        A.APPROVED
    }
    assert (
        list(
            ReportTransition.objects.filter(report__in=shown).values_list(
                "from_state", "to_state", "by__username"
            )
        )
        == [(A.SUBMITTED, A.APPROVED, "head")] * 2
    )
    assert ProgressReport.objects.get(pk=waiting["oct"].pk).approval_state == A.SUBMITTED
    assert "รออนุมัติ 1 รายงาน" in client.get(reverse("projects:approvals")).content.decode()
    # Back on the same filtered page: the month is still a choice, nothing of it waits, no error is shown.
    after = response.content.decode()
    assert "รออนุมัติ 0 รายงาน" in after and "error-summary" not in after
    assert '<option value="2022-11" selected>' in after


def test_posting_the_same_approval_again_records_nothing_twice(client, head, waiting):
    client.force_login(head)
    chosen = [r.pk for r in waiting["nov"]]
    first = client.post(reverse("projects:approvals"), {"select": chosen}, follow=True)
    assert messages_of(first) == ["อนุมัติรายงาน 2 รายการแล้ว"]

    again = client.post(reverse("projects:approvals"), {"select": chosen}, follow=True)

    assert ReportTransition.objects.count() == 2
    [message] = messages_of(again)
    assert message.startswith("ไม่ได้อนุมัติรายงานใด · ข้าม 2 รายการ: ")
    assert message.count("อยู่ในสถานะ “อนุมัติแล้ว” ไม่ได้รออนุมัติ") == 2


def test_without_javascript_approve_all_shown_approves_the_filtered_rows(client, head, waiting, sub_agency):
    client.force_login(head)
    url = reverse("projects:approvals") + "?month=2022-11"

    response = client.post(url, {"all": "1"}, follow=True)

    assert messages_of(response) == ["อนุมัติรายงาน 2 รายการแล้ว"]
    assert set(
        ProgressReport.objects.filter(report_date__month=11).values_list("approval_state", flat=True)
    ) == {A.APPROVED}
    assert ProgressReport.objects.get(pk=waiting["oct"].pk).approval_state == A.SUBMITTED


def test_the_heads_own_report_is_skipped_and_the_message_says_which_and_why(client, head, waiting, project):
    own = ProgressReportFactory(
        project=project,
        number=9,
        report_date=date(2023, 6, 25),
        approval_state=A.SUBMITTED,
        created_by=head,
    )
    client.force_login(head)
    chosen = [own.pk, *(r.pk for r in waiting["nov"])]

    response = client.post(reverse("projects:approvals"), {"select": chosen}, follow=True)

    assert messages_of(response) == [
        "อนุมัติรายงาน 2 รายการแล้ว · ข้าม 1 รายการ: รายงานครั้งที่ 9 (25/06/2566) ของโครงการ 01000600-2456 — "
        "ท่านบันทึกหรือแก้ไขรายงานนี้ล่าสุดเอง ต้องให้หัวหน้าหน่วยงานท่านอื่นอนุมัติ"
    ]
    assert [m.level_tag for m in response.context["messages"]] == ["success"]
    own.refresh_from_db()
    assert own.approval_state == A.SUBMITTED and not own.transitions.exists()
    assert set(
        ProgressReport.objects.filter(pk__in=[r.pk for r in waiting["nov"]]).values_list(
            "approval_state", flat=True
        )
    ) == {A.APPROVED}


def test_only_the_heads_own_reports_chosen_approves_none_and_says_why(client, head, project):
    own = ProgressReportFactory(project=project, number=9, approval_state=A.SUBMITTED, created_by=head)
    client.force_login(head)

    response = client.post(reverse("projects:approvals"), {"select": [own.pk]}, follow=True)

    [message] = response.context["messages"]
    assert message.level_tag == "warning"
    assert str(message).startswith("ไม่ได้อนุมัติรายงานใด · ข้าม 1 รายการ: รายงานครั้งที่ 9")
    assert not ReportTransition.objects.exists()


def test_another_agencys_report_cannot_be_slipped_into_the_selection(client, head, waiting, other_agency):
    elsewhere = ProgressReportFactory(project=ProjectFactory(agency=other_agency), approval_state=A.SUBMITTED)
    client.force_login(head)

    response = client.post(
        reverse("projects:approvals"), {"select": [waiting["oct"].pk, elsewhere.pk]}, follow=True
    )

    assert messages_of(response) == ["รายงานที่เลือกบางรายการไม่ใช่รายงานของหน่วยงานของท่าน จึงไม่ได้อนุมัติรายงานใด"]
    assert not ReportTransition.objects.exists()


def test_approving_with_nothing_chosen_is_refused_in_thai(client, head, waiting):
    client.force_login(head)

    response = client.post(reverse("projects:approvals"), {}, follow=True)

    assert messages_of(response) == ["กรุณาเลือกรายงานที่จะอนุมัติอย่างน้อยหนึ่งรายการ"]
    assert not ReportTransition.objects.exists()


def test_approving_ones_own_report_is_refused_in_thai(client, head, project):
    report = ProgressReportFactory(project=project, approval_state=A.SUBMITTED, created_by=head)
    client.force_login(head)

    response = client.post(project_url("report-approve", project, number=report.number), follow=True)

    assert any("อนุมัติเองไม่ได้" in m for m in messages_of(response))
    report.refresh_from_db()
    assert report.approval_state == A.SUBMITTED and not report.transitions.exists()
    # The page says why before the head tries: no approve button, a sentence instead.
    assert "อนุมัติรายงานครั้งที่" not in response.content.decode()
    assert "จึงอนุมัติเองไม่ได้" in response.content.decode()


def test_approving_another_agencys_report_is_refused_in_thai(client, other_head, project, staff):
    report = ProgressReportFactory(project=project, approval_state=A.SUBMITTED, created_by=staff)
    client.force_login(other_head)

    response = client.post(project_url("report-approve", project, number=report.number))

    assert response.status_code == 403
    assert (
        '<p class="callout" role="alert">ท่านไม่มีสิทธิ์อนุมัติ ส่งกลับ หรือถอนการอนุมัติรายงานของโครงการนี้ '
        "เฉพาะหัวหน้าหน่วยงานเจ้าของโครงการหรือหน่วยงานที่อยู่เหนือขึ้นไปเท่านั้นที่ทำได้</p>"
    ) in response.content.decode()
    report.refresh_from_db()
    assert report.approval_state == A.SUBMITTED and not report.transitions.exists()


def test_withdrawing_an_approval_needs_a_reason_then_the_history_shows_it(client, head, staff, project):
    report = ProgressReportFactory(
        project=project, number=1, report_date=date(2022, 10, 25), approval_state=A.APPROVED, created_by=staff
    )
    client.force_login(head)
    url = project_url("report-withdraw", project, number=1)

    refused = client.post(url, {"comment": " \u200b "}, follow=True)

    assert messages_of(refused) == ["กรุณาระบุเหตุผลที่ถอนการอนุมัติ"]
    report.refresh_from_db()
    assert report.approval_state == A.APPROVED and not report.transitions.exists()

    done = client.post(url, {"comment": "ยอดเบิกจ่ายซ้ำกับเดือนกันยายน"}, follow=True)

    assert messages_of(done) == ["ถอนการอนุมัติรายงานครั้งที่ 1 (25/10/2565) แล้ว รายงานกลับไปให้ผู้บันทึกแก้ไข"]
    report.refresh_from_db()
    assert report.approval_state == A.RETURNED
    [step] = report.transitions.all()
    when = be_datetime(step.at)
    assert (
        f"<li>{when} · ประยูร หัวหน้า · อนุมัติแล้ว → ส่งกลับให้แก้ไข · "
        '<span class="prewrap">ยอดเบิกจ่ายซ้ำกับเดือนกันยายน</span></li>'
    ) in done.content.decode()


def test_the_sign_off_history_says_when_each_step_was_taken(client, staff, project):
    report = ProgressReportFactory(project=project, number=1, approval_state=A.APPROVED, created_by=staff)
    moments = [
        (datetime(2022, 10, 26, 9, 5, tzinfo=BANGKOK), A.DRAFT, A.SUBMITTED),
        (datetime(2022, 10, 28, 16, 40, tzinfo=BANGKOK), A.SUBMITTED, A.APPROVED),
    ]
    for at, before, after in moments:
        step = ReportTransition.objects.create(report=report, from_state=before, to_state=after, by=staff)
        ReportTransition.objects.filter(pk=step.pk).update(at=at)
    client.force_login(staff)

    html = client.get(project.get_absolute_url()).content.decode()

    assert "<li>26/10/2565 09:05 · สมศรี ตั้งใจ · ร่าง → ส่งแล้ว รออนุมัติ</li>" in html
    assert "<li>28/10/2565 16:40 · สมศรี ตั้งใจ · ส่งแล้ว รออนุมัติ → อนุมัติแล้ว</li>" in html


def test_returning_without_a_comment_is_refused_then_with_one_shown_to_staff(client, head, staff, project):
    report = ProgressReportFactory(project=project, approval_state=A.SUBMITTED, created_by=staff)
    client.force_login(head)
    url = project_url("report-return", project, number=report.number)

    response = client.post(url, {"comment": "  "}, follow=True)
    assert "กรุณาระบุความเห็นว่าต้องแก้ไขอะไร ก่อนส่งรายงานกลับ" in messages_of(response)
    assert ProgressReport.objects.get(pk=report.pk).approval_state == A.SUBMITTED
    # To the top of the project page, where the message shows, not down at the report.
    assert response.redirect_chain == [(project.get_absolute_url(), 302)]

    client.post(url, {"comment": "ยอดเบิกจ่ายไม่ตรงกับทะเบียนคุมงบ"})
    client.force_login(staff)
    page = client.get(project.get_absolute_url()).content.decode()
    assert "ส่งกลับให้แก้ไข" in page
    assert "ยอดเบิกจ่ายไม่ตรงกับทะเบียนคุมงบ" in page
    assert "ประยูร หัวหน้า" in page  # who returned it


def test_staff_cannot_open_an_approved_report_for_editing(client, staff, project):
    report = ProgressReportFactory(project=project, approval_state=A.APPROVED, created_by=staff)
    client.force_login(staff)

    response = client.get(project_url("report-edit", project, number=report.number), follow=True)

    assert any("ได้รับอนุมัติจากหัวหน้าหน่วยงานแล้ว" in m for m in messages_of(response))


def test_the_entry_form_saves_a_draft_or_submits(client, staff, project):
    client.force_login(staff)
    url = project_url("report-create", project)
    page = client.get(url).content.decode()
    assert "บันทึกร่าง (ยังไม่ส่ง)" in page and "บันทึกและส่งให้หัวหน้าหน่วยงานอนุมัติ" in page

    client.post(url, form_values(intent="draft"))
    report = ProgressReport.objects.get(project=project)
    assert report.approval_state == A.DRAFT

    client.post(project_url("report-submit", project, number=report.number))
    report.refresh_from_db()
    assert report.approval_state == A.SUBMITTED


def test_a_step_without_a_person_imported_or_demo_is_shown_as_the_system(client, staff, project):
    report = ProgressReportFactory(project=project, approval_state=A.APPROVED)
    ReportTransition.objects.create(report=report, from_state=A.DRAFT, to_state=A.APPROVED, comment="นำเข้า")
    client.force_login(staff)

    response = client.get(project.get_absolute_url())

    assert response.status_code == 200
    assert "ระบบ (นำเข้าหรือข้อมูลตัวอย่าง)" in response.content.decode()


SIGN_OFF_STEPS = ("report-submit", "report-approve", "report-return", "report-withdraw")


@pytest.fixture
def states(staff, project):
    """Report number → state: one report of the project in each sign-off state, all entered by staff."""
    states = {1: A.DRAFT, 2: A.SUBMITTED, 3: A.APPROVED, 4: A.RETURNED}
    for number, state in states.items():
        ProgressReportFactory(
            project=project,
            number=number,
            report_date=date(2022, 10, 20 + number),
            approval_state=state,
            created_by=staff,
        )
    return states


@pytest.mark.parametrize(
    "role, expected",
    [
        # Staff send their drafts and returned reports; the head decides on submitted ones and withdraws
        # approvals; the planning office and another agency's head only read. An administrator may take every
        # step, each only where the report's state allows it (as the service does): not, say, approve an
        # approved report, though Django's `User.has_perm` says yes to a superuser for anything.
        ("staff", {"report-submit": {1, 4}}),
        ("head", {"report-approve": {2}, "report-return": {2}, "report-withdraw": {3}}),
        ("planner", {}),
        ("other_head", {}),
        (
            "admin_user",
            {"report-submit": {1, 4}, "report-approve": {2}, "report-return": {2}, "report-withdraw": {3}},
        ),
    ],
)
def test_the_project_page_offers_each_report_the_sign_off_steps_the_user_may_take(
    request, client, staff, project, states, role, expected
):
    client.force_login(request.getfixturevalue(role))

    page = client.get(project.get_absolute_url()).content.decode()

    offered = {
        step: {n for n in states if f'action="{project_url(step, project, number=n)}"' in page}
        for step in SIGN_OFF_STEPS
    }
    assert offered == {step: expected.get(step, set()) for step in SIGN_OFF_STEPS}


@pytest.mark.parametrize("role", ["staff", "head", "planner", "other_head", "admin_user"])
def test_every_sign_off_step_the_project_page_offers_succeeds_and_no_other(
    request, client, staff, project, states, role
):
    """Each step offered is one the service takes; each one not offered, it refuses (for an administrator too,
    whom Django's `User.has_perm` grants everything)."""
    user = request.getfixturevalue(role)
    client.force_login(user)
    page = client.get(project.get_absolute_url()).content.decode()
    services = {
        "report-submit": lambda report: approval.submit_report(user=user, report=report),
        "report-approve": lambda report: approval.approve_report(user=user, report=report),
        "report-return": lambda report: approval.return_report(user=user, report=report, comment="แก้ไขยอด"),
        "report-withdraw": lambda report: approval.withdraw_approval(user=user, report=report, reason="ผิด"),
    }

    for step, take in services.items():
        for number in states:
            offered = f'action="{project_url(step, project, number=number)}"' in page
            report = ProgressReport.objects.get(project=project, number=number)
            try:
                with transaction.atomic():
                    take(report)
                    transaction.set_rollback(True)  # each step tried on the reports as they were
                taken = True
            except (ServiceError, PermissionDenied):
                taken = False
            assert offered == taken, (step, number, offered)


def test_in_a_closed_quarter_the_head_may_approve_but_not_return_and_the_page_says_why(
    client, head, staff, project
):
    report = ProgressReportFactory(
        project=project,
        number=1,
        report_date=date(2022, 10, 25),
        approval_state=A.SUBMITTED,
        created_by=staff,
    )
    QuarterClosure.objects.create(fiscal_year=2566, quarter=1)
    why = (
        "รายงานครั้งที่ 1 (25/10/2565) ของโครงการ 01000600-2456 อยู่ในไตรมาสที่ 1 ปีงบประมาณ 2566 ซึ่งปิดแล้ว "
        "จึงส่งกลับให้แก้ไขไม่ได้"
    )
    client.force_login(head)

    page = client.get(project.get_absolute_url()).content.decode()
    assert f'action="{project_url("report-approve", project, number=1)}"' in page
    assert f'action="{project_url("report-return", project, number=1)}"' not in page
    assert why in page

    response = client.post(project_url("report-return", project, number=1), {"comment": "แก้ยอด"}, follow=True)
    assert any(m.startswith(why) for m in messages_of(response))
    report.refresh_from_db()
    assert report.approval_state == A.SUBMITTED and not report.transitions.exists()


def test_in_a_closed_quarter_an_approval_is_not_withdrawn_and_the_page_says_why(client, head, staff, project):
    report = ProgressReportFactory(
        project=project, number=1, report_date=date(2022, 10, 25), approval_state=A.APPROVED, created_by=staff
    )
    QuarterClosure.objects.create(fiscal_year=2566, quarter=1)
    why = (
        "รายงานครั้งที่ 1 (25/10/2565) ของโครงการ 01000600-2456 อยู่ในไตรมาสที่ 1 ปีงบประมาณ 2566 ซึ่งปิดแล้ว "
        "จึงถอนการอนุมัติไม่ได้"
    )
    client.force_login(head)

    page = client.get(project.get_absolute_url()).content.decode()
    assert f'action="{project_url("report-withdraw", project, number=1)}"' not in page
    assert why in page

    response = client.post(
        project_url("report-withdraw", project, number=1), {"comment": "เบิกซ้ำ"}, follow=True
    )
    assert any(m.startswith(why) for m in messages_of(response))
    report.refresh_from_db()
    assert report.approval_state == A.APPROVED and not report.transitions.exists()

    # A lock exception opens the quarter to the project: the head may withdraw it, and the page offers it.
    QuarterLockExceptionFactory(project=project, fiscal_year=2566, quarter=1, reason="แก้ยอดเบิกจ่าย")
    page = client.get(project.get_absolute_url()).content.decode()
    assert f'action="{project_url("report-withdraw", project, number=1)}"' in page
    assert why not in page
