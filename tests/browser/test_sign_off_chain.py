"""The whole sign-off chain in a real browser, as the three roles meet it on 5 January 2566 BE (quarter 1 of
FY 2566 has just ended): staff enter and submit December's report; the head returns it with a comment; staff
read the comment on their landing page, correct and resubmit; the head approves the month in two clicks and a
confirmation; the planning office sees the approved states on the quarter page, filters by them, scores and
closes the quarter."""

from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from projects.choices import ApprovalState
from projects.closing import is_date_in_closed_quarter
from projects.models import AgencyMembership, Evaluation, ProgressReport
from projects.roles import AGENCY_HEAD, AGENCY_STAFF, ensure_groups
from tests.factories import (
    PASSWORD,
    AgencyFactory,
    PlanStepFactory,
    ProgressReportFactory,
    ProjectFactory,
    UserFactory,
)

from .conftest import ARTIFACTS, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TODAY = date(2023, 1, 5)
A = ApprovalState


def _member(username, group, agency, **names):
    user = UserFactory(username=username, **names)
    user.groups.add(Group.objects.get(name=group))
    AgencyMembership.objects.create(user=user, agency=agency)
    return user


@pytest.fixture
def world(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: TODAY)
    ensure_groups()
    agency = AgencyFactory(code="43000000", name="สำนักงานเขตสะพานสูง")
    staff = _member("staff", AGENCY_STAFF, agency, first_name="สมศรี", last_name="ตั้งใจ")
    _member("head", AGENCY_HEAD, agency, first_name="ประยูร", last_name="หัวหน้า")
    UserFactory(planner=True, username="planner", first_name="วิมลพรรณ", last_name="พิมสาร")
    projects = {}
    for n in (1, 2, 3, 4):
        project = ProjectFactory(
            code=f"43000000-000{n}", agency=agency, fiscal_year=2566, name=f"โครงการปรับปรุงทางเท้า ซอย {n}"
        )
        PlanStepFactory(project=project, number=1, weight=Decimal("100"))
        projects[n] = project
    for n in (1, 2):  # December, already sent by staff
        ProgressReportFactory(
            project=projects[n],
            number=1,
            report_date=date(2022, 12, 26),
            progress=Decimal("30.00"),
            approval_state=A.SUBMITTED,
            created_by=staff,
        )
    # Project 4: November's report still a draft.
    ProgressReportFactory(
        project=projects[4],
        number=1,
        report_date=date(2022, 11, 24),
        progress=Decimal("15.00"),
        created_by=staff,
    )
    return projects


def _overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


def _as(browser, live_server, username, width=1366, height=768):
    context = browser.new_context(
        base_url=live_server.url, locale="th-TH", viewport={"width": width, "height": height}
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    sign_in(page, username, PASSWORD)
    return context, page


def _shot(page, name):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_the_whole_sign_off_chain(browser, live_server, world):
    third = world[3]

    # Staff: the project page says when the report is due; they enter December's late and submit it.
    context, page = _as(browser, live_server, "staff")
    page.goto(third.get_absolute_url())
    expect(page.locator(".due-note")).to_have_text("ส่งภายในวันที่ 25 มกราคม 2566 (อีก 20 วัน)")
    page.get_by_role("link", name="บันทึกผลการดำเนินงานประจำเดือน").click()
    page.get_by_label("วันที่รายงาน").fill("28/12/2565")
    page.get_by_label("ความก้าวหน้าสะสมของโครงการ (%)").fill("25")
    page.get_by_label("ผลการดำเนินงาน").fill("สำรวจทางเท้าที่ชำรุดครบทั้งซอย")
    page.get_by_label("งบประมาณที่เบิกใช้ในครั้งนี้ (บาท)").fill("12,000")
    page.get_by_role("button", name="บันทึกและส่งให้หัวหน้าหน่วยงานอนุมัติ", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("ส่งแล้ว รออนุมัติ")
    report = ProgressReport.objects.get(project=third)
    assert report.approval_state == A.SUBMITTED
    context.close()

    # Head: the landing page counts three waiting; they return the new one with what to correct.
    context, page = _as(browser, live_server, "head")
    expect(page.get_by_text("รออนุมัติ 3 รายงาน")).to_be_visible()
    page.goto(third.get_absolute_url())
    page.get_by_text("ส่งกลับให้แก้ไข", exact=True).click()
    page.get_by_label("สิ่งที่ต้องแก้ไข (จำเป็น)").fill("แนบภาพถ่ายก่อนและหลังซ่อม และแก้ยอดเบิกจ่ายเป็น 12,500 บาท")
    page.get_by_role("button", name="ส่งกลับ", exact=True).click()
    expect(page.get_by_text("กลับให้แก้ไขแล้ว")).to_be_visible()
    context.close()
    report.refresh_from_db()
    assert report.approval_state == A.RETURNED

    # Staff: the landing page shows the returned report with the head's comment, at phone and desk width.
    for width, height in ((390, 844), (1366, 768)):
        context, page = _as(browser, live_server, "staff", width, height)
        returned = page.locator("#home-returned").locator("..")
        expect(returned).to_contain_text("แนบภาพถ่ายก่อนและหลังซ่อม และแก้ยอดเบิกจ่ายเป็น 12,500 บาท")
        expect(returned).to_contain_text("ประยูร หัวหน้า")
        due = page.locator("#home-due").locator("..")
        expect(due).to_contain_text("ส่งภายในวันที่ 25 มกราคม 2566 (อีก 20 วัน)")
        for n in (1, 2, 3, 4):  # nobody has reported January yet
            expect(due).to_contain_text(f"43000000-000{n}")
        assert _overflow(page) <= 0, f"the landing page scrolls sideways at {width}px"
        _shot(page, f"chain-staff-landing-{width}")
        if width == 1366:
            # Correct and resubmit, from the landing page.
            returned.get_by_role("link", name="แก้ไขแล้วส่งใหม่").click()
            page.get_by_label("งบประมาณที่เบิกใช้ในครั้งนี้ (บาท)").fill("12,500")
            page.get_by_role("button", name="บันทึกและส่งให้หัวหน้าหน่วยงานอนุมัติ", exact=True).click()
            expect(page.locator(".messages")).to_contain_text("ส่งแล้ว รออนุมัติ")
            page.goto("/")
            expect(page.locator("#home-returned").locator("..")).to_contain_text("ไม่มีรายงานที่ถูกส่งกลับ")
        context.close()
    report.refresh_from_db()
    assert report.approval_state == A.SUBMITTED and report.disbursed == Decimal("12500.00")

    # Head: select all, approve, confirm.
    context, page = _as(browser, live_server, "head")
    page.get_by_role("link", name="ไปที่รายงานที่รออนุมัติ").click()
    page.get_by_label("เลือกทุกรายงานในหน้านี้").check()
    page.get_by_role("button", name="อนุมัติรายงานที่เลือก").click()
    expect(page.get_by_role("heading", name="อนุมัติ 3 รายงาน?")).to_be_visible()
    page.get_by_role("button", name="ยืนยัน อนุมัติ 3 รายงาน").click()
    expect(page.get_by_text("อนุมัติรายงาน 3 รายการแล้ว")).to_be_visible()
    context.close()
    assert sorted(ProgressReport.objects.values_list("project__code", "approval_state")) == [
        ("43000000-0001", A.APPROVED),
        ("43000000-0002", A.APPROVED),
        ("43000000-0003", A.APPROVED),
        ("43000000-0004", A.DRAFT),
    ]

    # Planning office: the quarter shows each project's sign-off state and filters by it.
    context, page = _as(browser, live_server, "planner")
    page.goto("/evaluation/2566/q1/")
    row = page.locator("tr", has_text="43000000-0003")
    expect(row).to_contain_text("อนุมัติแล้ว 1")
    expect(row).to_contain_text("25.00")  # the corrected report's progress
    expect(page.locator("tr", has_text="43000000-0004")).to_contain_text("ร่าง 1")
    _shot(page, "chain-quarter")
    page.locator(".filter-panel summary").click()
    page.get_by_label("มีรายงานในไตรมาสที่อยู่ในสถานะการอนุมัติ").select_option(label="อนุมัติแล้ว")
    page.get_by_role("button", name="กรอง").click()
    expect(page.locator(".table-summary strong").first).to_have_text("3")
    expect(page.locator("tbody")).not_to_contain_text("43000000-0004")
    page.get_by_label("มีรายงานในไตรมาสที่อยู่ในสถานะการอนุมัติ").select_option(label="ร่าง")
    page.get_by_role("button", name="กรอง").click()
    expect(page.locator(".table-summary strong").first).to_have_text("1")
    expect(page.locator("tbody")).to_contain_text("43000000-0004")
    _shot(page, "chain-quarter-draft")

    # Scores the corrected project, then closes the quarter.
    page.goto("/evaluation/2566/q1/")
    page.locator("tr", has_text="43000000-0003").get_by_role("link", name="ประเมิน").click()
    page.get_by_label("คะแนนประเมินโครงการ").fill("80")
    page.get_by_label("ความเห็นของ สยป.").fill("ดำเนินการตามแผน")
    page.get_by_role("button", name="บันทึกผลประเมิน").click()
    expect(page.locator("tr", has_text="43000000-0003")).to_contain_text("80.00")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="ปิดไตรมาส").click()
    expect(page.locator(".closure-state")).to_have_text("ไตรมาสนี้ปิดแล้ว")
    _shot(page, "chain-quarter-closed")
    context.close()
    assert Evaluation.objects.get(project=third, quarter=1).score == Decimal("80")
    assert is_date_in_closed_quarter(date(2022, 12, 28))
