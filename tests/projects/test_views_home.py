"""The landing page: staff see their returned reports (with the head's comment) and the projects still due
this month; a head sees how many reports wait for them; the planning office goes on to the project list."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from projects.choices import ApprovalState, ProjectStatus
from projects.links import project_url
from projects.models import QuarterClosure
from projects.services import approval
from tests.factories import ProgressReportFactory, ProjectFactory, QuarterLockExceptionFactory

pytestmark = pytest.mark.django_db

TODAY = date(2022, 11, 22)  # FY 2566, November 2565; the due day is the 25th


@pytest.fixture(autouse=True)
def today(monkeypatch, settings):
    settings.REPORT_DUE_DAY = 25
    monkeypatch.setattr("projects.views.lists.timezone.localdate", lambda: TODAY)


@pytest.fixture
def returned(project, staff, head):
    report = ProgressReportFactory(
        project=project,
        number=1,
        report_date=date(2022, 10, 25),
        approval_state=ApprovalState.SUBMITTED,
        created_by=staff,
    )
    approval.return_report(user=head, report=report, comment="ยอดเบิกจ่ายไม่ตรงกับฎีกา กรุณาตรวจสอบ")
    return report


def test_staff_see_a_returned_report_with_the_heads_comment_and_a_link_to_correct_it(client, staff, returned):
    client.force_login(staff)

    response = client.get(reverse("projects:home"))

    html = response.content.decode()
    assert response.status_code == 200
    assert [r.pk for r in response.context["page"].returned] == [returned.pk]
    assert "ยอดเบิกจ่ายไม่ตรงกับฎีกา กรุณาตรวจสอบ" in html
    assert "ประยูร หัวหน้า" in html  # who returned it
    assert project_url("report-edit", returned.project, number=1) in html


def test_staff_see_the_projects_still_due_this_month(client, staff, project, sub_agency):
    reported = ProjectFactory(code="01000600-0002", agency=sub_agency)
    ProgressReportFactory(project=reported, report_date=date(2022, 11, 3))
    ProjectFactory(code="01000600-0003", agency=sub_agency, status=ProjectStatus.CANCELLED)
    ProjectFactory(code="01000600-0004", agency=sub_agency, status=ProjectStatus.COMPLETED)
    ProjectFactory(
        code="01000600-0005",
        agency=sub_agency,
        fiscal_year=2565,
        start_date=date(2021, 10, 1),
        end_date=date(2022, 9, 30),
    )
    ProjectFactory(
        code="01000600-0006", agency=sub_agency, start_date=date(2023, 1, 1), end_date=date(2023, 9, 30)
    )
    ProgressReportFactory(project=project, report_date=date(2022, 10, 25))  # last month only
    ProjectFactory(code="04160000-0001")  # another agency's

    client.force_login(staff)
    response = client.get(reverse("projects:home"))

    html = response.content.decode()
    assert [p.code for p in response.context["page"].due] == ["01000600-2456"]
    assert project_url("report-create", project) in html
    assert "ส่งภายในวันที่ 25 พฤศจิกายน 2565 (อีก 3 วัน)" in html


def test_nothing_owed_is_said_plainly(client, staff):
    client.force_login(staff)
    html = client.get(reverse("projects:home")).content.decode()
    assert "ไม่มีรายงานที่ถูกส่งกลับ" in html
    assert "ทุกโครงการรายงานประจำเดือนนี้แล้ว" in html


def test_a_head_sees_how_many_reports_wait_and_where(client, head, project, staff, other_agency):
    for number in (1, 2):
        ProgressReportFactory(
            project=project, number=number, approval_state=ApprovalState.SUBMITTED, created_by=staff
        )
    ProgressReportFactory(project=ProjectFactory(agency=other_agency), approval_state=ApprovalState.SUBMITTED)
    client.force_login(head)

    response = client.get(reverse("projects:home"))

    html = response.content.decode()
    assert response.context["page"].awaiting_count == 2
    assert "รออนุมัติ 2 รายงาน" in html
    assert reverse("projects:approvals") in html
    # A head enters no reports: the staff parts are not theirs.
    assert response.context["page"].due is None and "โครงการที่ยังไม่ได้รายงาน" not in html


def test_staff_do_not_see_the_heads_part(client, staff):
    client.force_login(staff)
    response = client.get(reverse("projects:home"))
    assert response.context["page"].awaiting_count is None
    assert "รายงานที่รอท่านอนุมัติ" not in response.content.decode()


def test_the_planning_office_goes_on_to_the_project_list(client, planner):
    client.force_login(planner)
    assert client.get(reverse("projects:home"))["Location"] == reverse("projects:list")


def _fill(agency, staff, head, start: int, count: int):
    for n in range(start, start + count):
        ProjectFactory(code=f"01000600-{n:04d}", agency=agency)
        report = ProgressReportFactory(
            project=ProjectFactory(code=f"01000600-{n + 5000:04d}", agency=agency),
            report_date=date(2022, 10, 25),
            approval_state=ApprovalState.SUBMITTED,
            created_by=staff,
        )
        approval.return_report(user=head, report=report, comment=f"แก้ไขข้อ {n}")


@pytest.mark.parametrize("role", ["staff", "head"])
def test_the_landing_page_costs_the_same_queries_for_1_or_10_projects(role, client, staff, head, sub_agency):
    user = {"staff": staff, "head": head}[role]
    _fill(sub_agency, staff, head, 1, 1)
    client.force_login(user)

    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse("projects:home")).status_code == 200
    _fill(sub_agency, staff, head, 100, 10)
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("projects:home"))
    if role == "staff":
        assert len(response.context["page"].returned) == 11 and len(response.context["page"].due) == 22
    assert len(many) == len(few)


def test_a_returned_report_whose_quarter_closed_since_says_why_instead_of_a_link(client, staff, returned):
    """Returned, then its quarter closed: staff could not correct it, so the page does not ask them to, until
    the planning office opens the quarter to the project."""
    QuarterClosure.objects.update_or_create(fiscal_year=2566, quarter=1, defaults={"closed": True})
    edit = project_url("report-edit", returned.project, number=1)
    client.force_login(staff)

    html = client.get(reverse("projects:home")).content.decode()

    assert "ยอดเบิกจ่ายไม่ตรงกับฎีกา กรุณาตรวจสอบ" in html  # still listed, with the head's comment
    assert edit not in html and "แก้ไขแล้วส่งใหม่" not in html
    assert "ไตรมาสที่ 1 ปีงบประมาณ 2566 ปิดแล้ว จึงเพิ่ม แก้ไข หรือลบรายงานที่ลงวันที่ 25/10/2565 ไม่ได้" in html

    QuarterLockExceptionFactory(project=returned.project, fiscal_year=2566, quarter=1, reason="แก้ยอดเบิกจ่าย")
    html = client.get(reverse("projects:home")).content.decode()
    assert edit in html and "จึงเพิ่ม แก้ไข หรือลบรายงานที่ลงวันที่ 25/10/2565 ไม่ได้" not in html


def test_this_months_quarter_closed_early_offers_no_entry_but_says_why(client, staff, project, sub_agency):
    """The planning office closed quarter 1 before November ended: no report of November can be entered, so
    the page offers none and says why, except for a project a lock exception opens."""
    other = ProjectFactory(code="01000600-0002", agency=sub_agency)
    QuarterClosure.objects.update_or_create(fiscal_year=2566, quarter=1, defaults={"closed": True})
    client.force_login(staff)

    html = client.get(reverse("projects:home")).content.decode()
    assert "ไตรมาสที่ 1 ปีงบประมาณ 2566 ปิดแล้ว จึงบันทึกรายงานของเดือนนี้ไม่ได้" in html
    assert (
        project_url("report-create", project) not in html and project_url("report-create", other) not in html
    )
    assert "ส่งภายในวันที่" not in html and "ทุกโครงการรายงานประจำเดือนนี้แล้ว" not in html

    # An exception opening another quarter of the project does not open this month's.
    QuarterClosure.objects.update_or_create(fiscal_year=2565, quarter=4, defaults={"closed": True})
    QuarterLockExceptionFactory(project=project, fiscal_year=2565, quarter=4, reason="แก้รายงานกันยายน")
    QuarterLockExceptionFactory(project=other, fiscal_year=2566, quarter=1, reason="รายงานย้อนหลัง")
    html = client.get(reverse("projects:home")).content.decode()
    assert project_url("report-create", other) in html and project_url("report-create", project) not in html


def test_the_returned_reports_edit_page_shows_what_the_head_asked_for(client, staff, returned):
    client.force_login(staff)
    html = client.get(project_url("report-edit", returned.project, number=1)).content.decode()
    assert "หัวหน้าหน่วยงานส่งรายงานนี้กลับให้แก้ไข" in html
    assert "ประยูร หัวหน้า" in html and "ยอดเบิกจ่ายไม่ตรงกับฎีกา กรุณาตรวจสอบ" in html


def test_a_head_without_a_name_is_shown_by_user_name_without_a_stray_space(client, staff, project):
    from tests.factories import UserFactory

    nameless = UserFactory(username="head2", first_name="", last_name="", head=True, agency=project.agency)
    report = ProgressReportFactory(
        project=project, number=1, report_date=date(2022, 10, 25), approval_state=ApprovalState.SUBMITTED
    )
    approval.return_report(user=nameless, report=report, comment="แนบภาพถ่ายหน้างาน")
    client.force_login(staff)
    html = client.get(reverse("projects:home")).content.decode()
    assert '<span class="muted">(head2, ' in html
