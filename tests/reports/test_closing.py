"""Closing and reopening a quarter: recorded, shown, and what agency staff are then refused."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from projects.closing import is_date_in_closed_quarter, is_quarter_closed
from projects.models import QuarterClosure, QuarterSnapshot
from reports import services
from reports.views import common
from tests.factories import AgencyFactory, ProjectFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("after_the_quarter")]


CLOSE_URL = reverse("reports:close", kwargs={"fiscal_year": 2566, "quarter": 1})
REOPEN_URL = reverse("reports:reopen", kwargs={"fiscal_year": 2566, "quarter": 1})
QUARTER_URL = reverse("reports:quarter", kwargs={"fiscal_year": 2566, "quarter": 1})


def test_close_then_reopen_keeps_both_in_the_history():
    planner = UserFactory(planner=True, username="closer")
    other = UserFactory(planner=True, username="reopener")
    services.close_quarter(fiscal_year=2566, quarter=1, user=planner)
    assert is_quarter_closed(2566, 1)
    services.reopen_quarter(fiscal_year=2566, quarter=1, user=other, reason="แก้คะแนน")
    assert not is_quarter_closed(2566, 1)
    closure = QuarterClosure.objects.get(fiscal_year=2566, quarter=1)
    assert closure.changed_by == other
    history = list(closure.history.order_by("history_date").values_list("closed", "history_user__username"))
    assert history == [(True, "closer"), (False, "reopener")]


def test_closing_twice_or_reopening_an_open_quarter_is_refused_in_thai(planner):
    with pytest.raises(ValidationError, match="ไตรมาสนี้ยังไม่เคยปิด"):
        services.reopen_quarter(fiscal_year=2566, quarter=1, user=planner, reason="แก้คะแนน")
    services.close_quarter(fiscal_year=2566, quarter=1, user=planner)
    with pytest.raises(ValidationError, match="ไตรมาสนี้ปิดอยู่แล้ว"):
        services.close_quarter(fiscal_year=2566, quarter=1, user=planner)
    assert QuarterClosure.history.count() == 1


def test_staff_cannot_close():
    staff = UserFactory(staff=True, agency=AgencyFactory())
    with pytest.raises(PermissionDenied):
        services.close_quarter(fiscal_year=2566, quarter=1, user=staff)
    assert not QuarterClosure.objects.exists()


def test_report_dates_inside_a_closed_quarter_are_frozen_for_staff(planner):
    """What report entry asks before agency staff change a report: inside quarter 1 of 2566 (Oct–Dec 2022)
    after closing, outside it not; after reopening, nothing is frozen."""
    services.close_quarter(fiscal_year=2566, quarter=1, user=planner)
    assert is_date_in_closed_quarter(date(2022, 10, 1))
    assert is_date_in_closed_quarter(date(2022, 12, 31))
    assert not is_date_in_closed_quarter(date(2022, 9, 30))  # quarter 4 of 2565
    assert not is_date_in_closed_quarter(date(2023, 1, 1))  # quarter 2 of 2566
    assert not is_date_in_closed_quarter(date(2021, 12, 1))  # quarter 1 of another year
    services.reopen_quarter(fiscal_year=2566, quarter=1, user=planner, reason="แก้คะแนน")
    assert not is_date_in_closed_quarter(date(2022, 12, 31))


def test_the_quarter_page_says_who_closed_it_and_when(client, planner):
    client.force_login(planner)
    response = client.post(CLOSE_URL, follow=True)
    html = response.content.decode()
    assert "ปิดไตรมาสที่ 1 ปีงบประมาณ 2566 แล้ว" in html
    assert "ไตรมาสนี้ปิดแล้ว" in html
    assert "ปิดโดย วิมลพรรณ พิมสาร" in html
    assert "เปิดไตรมาสอีกครั้ง" in html

    response = client.post(REOPEN_URL, {"reason": "แก้คะแนน", "confirm": "on"}, follow=True)
    html = response.content.decode()
    assert "เปิดไตรมาสที่ 1 ปีงบประมาณ 2566 แล้ว" in html
    assert "ไตรมาสนี้เปิดอยู่" in html
    assert "ประวัติการปิด/เปิดไตรมาส (2 ครั้ง)" in html


def test_closing_is_only_by_post(client, planner):
    client.force_login(planner)
    assert client.get(CLOSE_URL).status_code == 405
    assert not QuarterClosure.objects.exists()


def test_closing_and_reopening_are_confirmed_in_english_on_an_english_page(client, settings, planner):
    client.force_login(planner)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.post(CLOSE_URL, follow=True).content.decode()
    assert "Quarter 1 of fiscal year 2566 closed" in html
    html = client.post(
        REOPEN_URL, {"reason": "correct a score", "confirm": "on"}, follow=True
    ).content.decode()
    assert "Quarter 1 of fiscal year 2566 reopened" in html


def test_closing_before_the_quarter_ends_needs_a_confirmation(client, monkeypatch):
    """On 15/12/2565 quarter 1 of 2566 has not ended: the page says so and closing asks to confirm it."""
    monkeypatch.setattr(common, "local_today", lambda: date(2022, 12, 15))
    client.force_login(UserFactory(planner=True))
    html = client.get(QUARTER_URL).content.decode()
    assert "ไตรมาสนี้ยังไม่สิ้นสุด (สิ้นสุดวันที่ 31/12/2565)" in html
    # The browser asks for the tick before the closing's own confirmation, not after a refusal.
    assert '<input type="checkbox" name="early" required id="close-early">' in html

    html = client.post(CLOSE_URL, follow=True).content.decode()
    assert "ยังไม่สิ้นสุด" in html and "กรุณายืนยันว่าต้องการปิดไตรมาสก่อนสิ้นไตรมาส" in html
    assert not is_quarter_closed(2566, 1)
    assert not QuarterSnapshot.objects.exists()

    client.post(CLOSE_URL, {"early": "on"})
    assert is_quarter_closed(2566, 1)


def test_after_the_quarter_no_confirmation_is_asked(client):
    client.force_login(UserFactory(planner=True))
    assert 'name="early"' not in client.get(QUARTER_URL).content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"confirm": "on"}, "กรุณาระบุเหตุผลที่เปิดไตรมาสอีกครั้ง"),
        ({"reason": "   ", "confirm": "on"}, "กรุณาระบุเหตุผลที่เปิดไตรมาสอีกครั้ง"),
        ({"reason": "แก้คะแนน"}, "กรุณายืนยันการเปิดไตรมาส"),
    ],
)
def test_reopening_needs_a_reason_and_a_confirmation(client, data, message):
    planner = UserFactory(planner=True)
    services.close_quarter(fiscal_year=2566, quarter=1, user=planner)
    client.force_login(planner)
    html = client.post(REOPEN_URL, data, follow=True).content.decode()
    assert message in html
    assert is_quarter_closed(2566, 1)
    assert QuarterClosure.history.count() == 1


def test_reopening_without_a_reason_is_refused_by_the_service_too():
    planner = UserFactory(planner=True)
    services.close_quarter(fiscal_year=2566, quarter=1, user=planner)
    with pytest.raises(ValidationError, match="กรุณาระบุเหตุผลที่เปิดไตรมาสอีกครั้ง"):
        services.reopen_quarter(fiscal_year=2566, quarter=1, user=planner, reason=" ")
    assert is_quarter_closed(2566, 1)


def test_the_history_shows_each_closing_and_reopening_with_its_reason_and_each_version(client):
    planner = UserFactory(planner=True, first_name="วิมลพรรณ", last_name="พิมสาร")
    ProjectFactory(fiscal_year=2566)
    ProjectFactory(fiscal_year=2566)
    client.force_login(planner)
    client.post(CLOSE_URL, {"reason": "ครบกำหนดส่ง"})
    client.post(REOPEN_URL, {"reason": "หน่วยงานขอแก้รายงานธันวาคม", "confirm": "on"})
    client.post(CLOSE_URL)
    html = " ".join(client.get(QUARTER_URL).content.decode().split())
    assert "ประวัติการปิด/เปิดไตรมาส (3 ครั้ง)" in html
    assert "เหตุผล: หน่วยงานขอแก้รายงานธันวาคม" in html
    assert "เหตุผล: ครบกำหนดส่ง" in html
    assert "ฉบับที่ 2: 2 โครงการ" in html and "ฉบับที่ 1: 2 โครงการ" in html
    assert "(ฉบับที่ 2)" in html  # the page says which version it reads


def test_before_closing_the_page_counts_the_quarters_reports_by_sign_off_state(client, planner):
    """What closing would leave stranded is said beside the button: drafts and returned reports, which staff can
    no longer correct or send once the quarter is closed. Each count links to the projects holding them."""
    from tests.factories import ProgressReportFactory

    project = ProjectFactory(fiscal_year=2566)
    other = ProjectFactory(fiscal_year=2566, agency=AgencyFactory())
    for number, (day, state) in enumerate(
        [
            (date(2022, 10, 25), "approved"),
            (date(2022, 11, 25), "returned"),
            (date(2022, 12, 20), "submitted"),
        ],
        1,
    ):
        ProgressReportFactory(project=project, number=number, report_date=day, approval_state=state)
    ProgressReportFactory(project=other, number=1, report_date=date(2022, 12, 5), approval_state="approved")
    ProgressReportFactory(project=other, number=2, report_date=date(2023, 1, 5), approval_state="draft")  # Q2
    client.force_login(planner)

    html = " ".join(client.get(QUARTER_URL).content.decode().split())
    line = html.split('data-testid="report-states">')[1].split("</p>")[0]
    assert line == (
        "รายงานประจำเดือนในไตรมาสนี้: ร่าง <strong>0</strong> · "
        '<a href="?approval=submitted">ส่งแล้ว รออนุมัติ <strong>1</strong></a> · '
        '<a href="?approval=approved">อนุมัติแล้ว <strong>2</strong></a> · '
        '<a href="?approval=returned">ส่งกลับให้แก้ไข <strong>1</strong></a>'
    )
    assert "เจ้าหน้าที่จะแก้ไขหรือส่งไม่ได้" in html
    stranded = client.get(QUARTER_URL, {"approval": "returned"}).context["table"].data
    assert [row.code for row in stranded] == [project.code]

    # With nothing left to correct, no warning; once closed, no count.
    project.reports.filter(approval_state="returned").update(approval_state="approved")
    assert "เจ้าหน้าที่จะแก้ไขหรือส่งไม่ได้" not in client.get(QUARTER_URL).content.decode()
    services.close_quarter(fiscal_year=2566, quarter=1, user=planner)
    assert 'data-testid="report-states"' not in client.get(QUARTER_URL).content.decode()
