"""This month's report, said before the deadline: the entry page and the project page say when it is due;
where it is entered already the button opens it; where none can be entered, a sentence says why."""

from datetime import date

import pytest

from projects.choices import ApprovalState, ProjectStatus
from projects.links import project_url
from projects.models import QuarterClosure
from tests.factories import ProgressReportFactory, QuarterLockExceptionFactory

pytestmark = pytest.mark.django_db

TODAY = date(2022, 11, 22)  # quarter 1 of FY 2566


@pytest.fixture(autouse=True)
def today(monkeypatch, settings):
    settings.REPORT_DUE_DAY = 25
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: TODAY)


def page(client, user, url):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_project_page_says_when_this_months_report_is_due(client, staff, project):
    html = page(client, staff, project.get_absolute_url())
    assert "ส่งภายในวันที่ 25 พฤศจิกายน 2565 (อีก 3 วัน)" in html
    assert f'href="{project_url("report-create", project)}">บันทึกผลการดำเนินงานประจำเดือน' in html


def test_the_entry_page_says_it_too_and_when_it_is_late(client, staff, project, monkeypatch):
    assert "ส่งภายในวันที่ 25 พฤศจิกายน 2565 (อีก 3 วัน)" in page(
        client, staff, project_url("report-create", project)
    )
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: date(2022, 11, 28))
    assert "เลยกำหนดส่งวันที่ 25 พฤศจิกายน 2565 มาแล้ว 3 วัน" in page(
        client, staff, project_url("report-create", project)
    )


def test_a_month_already_reported_opens_that_report(client, staff, project):
    ProgressReportFactory(project=project, number=1, report_date=date(2022, 10, 25))
    ProgressReportFactory(project=project, number=2, report_date=date(2022, 11, 3))

    html = page(client, staff, project.get_absolute_url())

    assert f'href="{project_url("report-edit", project, number=2)}">แก้ไขรายงานประจำเดือนนี้ (ครั้งที่ 2)' in html
    assert f'href="{project_url("report-create", project)}"' not in html
    assert "เดือนนี้บันทึกรายงานครั้งที่ 2 แล้ว" in page(client, staff, project_url("report-create", project))


def test_an_approved_month_says_so_instead_of_a_button(client, staff, project):
    ProgressReportFactory(
        project=project, number=1, report_date=date(2022, 11, 3), approval_state=ApprovalState.APPROVED
    )

    html = page(client, staff, project.get_absolute_url())

    assert "รายงานประจำเดือนนี้ (ครั้งที่ 1) ได้รับอนุมัติแล้ว จึงแก้ไขไม่ได้" in html
    assert "แก้ไขรายงานประจำเดือนนี้" not in html
    assert f'href="{project_url("report-create", project)}"' not in html


@pytest.mark.parametrize(
    ("status", "sentence"),
    [
        (ProjectStatus.CANCELLED, "โครงการนี้ยกเลิกแล้ว จึงไม่ต้องบันทึกผลการดำเนินงานประจำเดือนอีก"),
        (ProjectStatus.COMPLETED, "โครงการนี้แล้วเสร็จแล้ว จึงไม่ต้องบันทึกผลการดำเนินงานประจำเดือนอีก"),
    ],
)
def test_a_finished_project_has_no_entry_button_but_says_why(client, staff, project, status, sentence):
    project.status = status
    project.save()

    html = page(client, staff, project.get_absolute_url())

    assert sentence in html
    assert f'href="{project_url("report-create", project)}"' not in html
    assert "ส่งภายในวันที่" not in html
    assert sentence in page(client, staff, project_url("report-create", project))


def test_a_closed_quarter_has_no_entry_button_but_says_why(client, staff, project):
    QuarterClosure.objects.create(fiscal_year=2566, quarter=1)

    html = page(client, staff, project.get_absolute_url())

    assert "ไตรมาสที่ 1 ปีงบประมาณ 2566 ปิดแล้ว จึงบันทึกรายงานของเดือนนี้ไม่ได้" in html
    assert f'href="{project_url("report-create", project)}"' not in html


def test_the_entry_page_says_why_too_when_the_quarter_is_closed(client, staff, project):
    QuarterClosure.objects.create(fiscal_year=2566, quarter=1)

    html = page(client, staff, project_url("report-create", project))

    assert (
        '<p class="callout" role="note">ไตรมาสที่ 1 ปีงบประมาณ 2566 ปิดแล้ว จึงบันทึกรายงานของเดือนนี้ไม่ได้ '
        "หากต้องแก้ไขให้ติดต่อ สยป.</p>"
    ) in html
    assert "ส่งภายในวันที่" not in html


def test_a_lock_exception_for_an_early_closed_quarter_brings_back_the_entry_button(client, staff, project):
    """The planning office closed quarter 1 before it ended, then opened it to this project: its staff enter
    November's report as usual, from the project page and the entry page."""
    QuarterClosure.objects.create(fiscal_year=2566, quarter=1)
    QuarterLockExceptionFactory(project=project, fiscal_year=2566, quarter=1, reason="ขอบันทึกผลเดือนพฤศจิกายน")

    html = page(client, staff, project.get_absolute_url())
    assert f'href="{project_url("report-create", project)}">บันทึกผลการดำเนินงานประจำเดือน' in html
    assert "ส่งภายในวันที่ 25 พฤศจิกายน 2565 (อีก 3 วัน)" in html
    assert "ปิดแล้ว จึงบันทึกรายงานของเดือนนี้ไม่ได้" not in html

    entry = page(client, staff, project_url("report-create", project))
    assert "ส่งภายในวันที่ 25 พฤศจิกายน 2565 (อีก 3 วัน)" in entry
    assert "ปิดแล้ว จึงบันทึกรายงานของเดือนนี้ไม่ได้" not in entry


def test_the_deadline_follows_the_due_day_setting(client, staff, project, settings, monkeypatch):
    settings.REPORT_DUE_DAY = 10

    # 22 November: the 10th has passed.
    late = "เลยกำหนดส่งวันที่ 10 พฤศจิกายน 2565 มาแล้ว 12 วัน"
    assert late in page(client, staff, project.get_absolute_url())
    assert late in page(client, staff, project_url("report-create", project))
    assert "25 พฤศจิกายน" not in page(client, staff, project.get_absolute_url())

    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: date(2022, 11, 7))
    due = "ส่งภายในวันที่ 10 พฤศจิกายน 2565 (อีก 3 วัน)"
    assert due in page(client, staff, project.get_absolute_url())
    assert due in page(client, staff, project_url("report-create", project))


def test_a_project_that_has_ended_owes_this_month_nothing(client, staff, project, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: date(2026, 11, 22))
    html = page(client, staff, project.get_absolute_url())
    assert "ส่งภายในวันที่" not in html and "เลยกำหนดส่ง" not in html


def test_readers_who_enter_nothing_see_neither_button_nor_deadline(client, head, planner, project):
    for user in (head, planner):
        html = page(client, user, project.get_absolute_url())
        assert "ส่งภายในวันที่" not in html
        assert "บันทึกผลการดำเนินงานประจำเดือน" not in html
