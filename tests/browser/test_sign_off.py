"""The agency head in a real browser: lands on what waits, approves a month in two clicks (select all, approve),
returns one report with a comment that staff then read on the project page; the pages fit 1366 px and 390 px,
and the list of what waits stays a table (scrolled inside its container) whose headers never break a word."""

from datetime import date

import pytest
from playwright.sync_api import expect

from projects.choices import ApprovalState
from projects.models import ProgressReport
from tests.factories import PASSWORD, AgencyFactory, ProgressReportFactory, ProjectFactory, UserFactory

from .conftest import ARTIFACTS, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def submitted_reports():
    agency = AgencyFactory(code="43000000", name="สำนักงานเขตสะพานสูง")
    staff = UserFactory(staff=True, username="staff", agency=agency, first_name="สมศรี", last_name="ตั้งใจ")
    head = UserFactory(head=True, username="head", agency=agency, first_name="ประยูร", last_name="หัวหน้า")
    projects = [
        ProjectFactory(
            code=f"43000000-000{n}", agency=agency, fiscal_year=2566, name=f"โครงการปรับปรุงทางเท้า {n}"
        )
        for n in (1, 2, 3)
    ]
    reports = [
        ProgressReportFactory(
            project=p,
            number=1,
            report_date=date(2022, 11, 25),
            approval_state=ApprovalState.SUBMITTED,
            created_by=staff,
        )
        for p in projects
    ]
    return {"staff": staff, "head": head, "projects": projects, "reports": reports}


def _overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


def _lines(page, header: str) -> int:
    """How many lines the text of a column header takes (distinct tops of the text's boxes)."""
    return page.locator(".approval-table thead th", has_text=header).first.evaluate(
        """th => {
            const range = document.createRange();
            range.selectNodeContents(th);
            return new Set([...range.getClientRects()].map(r => Math.round(r.top))).size;
        }"""
    )


def test_head_approves_a_month_in_two_clicks_and_returns_one_with_a_comment(
    browser, live_server, submitted_reports
):
    first, *rest = submitted_reports["reports"]
    for width, height in ((1366, 768), (390, 844)):
        context = browser.new_context(
            base_url=live_server.url, locale="th-TH", viewport={"width": width, "height": height}
        )
        page = context.new_page()
        page.set_default_timeout(10_000)
        try:
            sign_in(page, "head", PASSWORD)
            # The landing page says how many wait, and where.
            expect(page.get_by_text("รออนุมัติ 3 รายงาน")).to_be_visible()
            assert _overflow(page) <= 0, f"the landing page scrolls sideways at {width}px"
            page.get_by_role("link", name="ไปที่รายงานที่รออนุมัติ").click()
            assert page.url.endswith("/approvals/")
            assert page.locator("#results-title").inner_text().strip() == "รออนุมัติ 3 รายงาน"
            assert _overflow(page) <= 0, f"approvals scroll sideways at {width}px"
            # A real table, not cards: its header row is shown, its rows are table rows.
            assert page.locator(".approval-table thead").evaluate("e => getComputedStyle(e).display") == (
                "table-header-group"
            )
            assert page.locator(".approval-table tbody tr").first.evaluate(
                "e => getComputedStyle(e).display"
            ) == ("table-row")
            for header in ("หน่วยงาน", "โครงการ", "วันที่รายงาน"):
                assert _lines(page, header) == 1, f"the header {header!r} breaks at {width}px"
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / f"approvals-{width}.png"), full_page=True)
        finally:
            context.close()

    context = browser.new_context(
        base_url=live_server.url, locale="th-TH", viewport={"width": 1366, "height": 768}
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        sign_in(page, "head", PASSWORD)
        # Return one, from its project page, with what to correct.
        page.goto(first.project.get_absolute_url())
        page.get_by_text("ส่งกลับให้แก้ไข", exact=True).click()
        page.get_by_label("สิ่งที่ต้องแก้ไข (จำเป็น)").fill("แนบภาพถ่ายหน้างาน")
        page.get_by_role("button", name="ส่งกลับ", exact=True).click()
        expect(page.get_by_text("กลับให้แก้ไขแล้ว")).to_be_visible()
        assert _overflow(page) <= 0
        # Two clicks for the rest of the month: select all, approve; the message says how many.
        page.goto("/approvals/")
        page.get_by_label("เลือกทุกรายงานในหน้านี้").check()
        page.get_by_role("button", name="อนุมัติรายงานที่เลือก").click()
        expect(page.locator(".messages")).to_have_text("อนุมัติรายงาน 2 รายการแล้ว")
        expect(page.locator("#results-title")).to_have_text("รออนุมัติ 0 รายงาน")
        page.screenshot(path=str(ARTIFACTS / "approvals-done.png"), full_page=True)
    finally:
        context.close()

    states = dict(ProgressReport.objects.values_list("pk", "approval_state"))
    assert states[first.pk] == ApprovalState.RETURNED
    assert {states[r.pk] for r in rest} == {ApprovalState.APPROVED}

    context = browser.new_context(
        base_url=live_server.url, locale="th-TH", viewport={"width": 390, "height": 844}
    )
    page = context.new_page()
    try:
        sign_in(page, "staff", PASSWORD)
        page.goto(first.project.get_absolute_url())
        page.get_by_text("ประวัติการอนุมัติ").click()
        expect(page.get_by_text("แนบภาพถ่ายหน้างาน")).to_be_visible()
        assert _overflow(page) <= 0
        page.screenshot(path=str(ARTIFACTS / "project-sign-off-390.png"), full_page=True)
    finally:
        context.close()
