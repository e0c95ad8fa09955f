"""The language switch in a real browser: English on the quarter page and the report form, then Thai again."""

from datetime import date

import pytest
from playwright.sync_api import expect

from reports.views import common
from tests.browser.conftest import follow, sign_in
from tests.factories import PASSWORD, AgencyFactory, PlanStepFactory, ProjectFactory, UserFactory
from tests.reports.evaluation_setup import project_behind_plan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def switch_language(page, code: str, button: str) -> None:
    """Pick the language in the header's switch and press its button, as a person would."""
    page.locator("#language-select").select_option(code)
    follow(page, page.get_by_role("button", name=button))


@pytest.fixture
def quarter(monkeypatch):
    monkeypatch.setattr(common, "local_today", lambda: date(2023, 2, 1))
    UserFactory(planner=True, username="wimonphan", first_name="วิมลพรรณ", last_name="พิมสาร")
    project_behind_plan(
        code="01000000-2456", name="โครงการพัฒนาระบบงานบุคคล", agency=AgencyFactory(name="สำนักงานเขตพระนคร")
    )


def test_planner_reads_the_quarter_page_in_english_and_back_in_thai(page, screenshot, quarter):
    sign_in(page, "wimonphan", PASSWORD)
    page.goto("/evaluation/2566/q1/")
    expect(page.get_by_role("heading", name="ประเมินผลโครงการ ไตรมาสที่ 1 ปีงบประมาณ 2566")).to_be_visible()

    switch_language(page, "en", "เปลี่ยนภาษา")
    assert page.url.endswith("/evaluation/2566/q1/")  # the same page, now in English
    assert page.locator("html").get_attribute("lang") == "en"
    expect(
        page.get_by_role("heading", name="Project evaluation, quarter 1, fiscal year 2566")
    ).to_be_visible()
    expect(page.get_by_role("heading", name="This quarter is open")).to_be_visible()
    expect(page.get_by_role("button", name="Close the quarter")).to_be_visible()
    expect(
        page.get_by_role("navigation", name="Evaluation").get_by_role("link", name="Overdue reports")
    ).to_be_visible()
    expect(page.locator(".bulk-score legend")).to_have_text("Evaluate the selected projects together")
    # the project's data stays as it was typed
    expect(page.get_by_text("โครงการพัฒนาระบบงานบุคคล").first).to_be_visible()
    screenshot("quarter-in-english")

    # a page opened next keeps the language
    page.get_by_role("link", name="Summary by agency and strategy").click()
    expect(page.get_by_role("heading", name="Summary of quarter 1, fiscal year 2566")).to_be_visible()

    switch_language(page, "th", "Change language")
    assert page.locator("html").get_attribute("lang") == "th"
    expect(page.get_by_role("heading", name="สรุปผลไตรมาสที่ 1 ปีงบประมาณ 2566")).to_be_visible()
    page.goto("/evaluation/2566/q1/")
    expect(page.get_by_role("heading", name="ไตรมาสนี้เปิดอยู่")).to_be_visible()


@pytest.fixture
def project_and_staff():
    agency = AgencyFactory(code="01000000", name="สำนักปลัดกรุงเทพมหานคร")
    user = UserFactory(staff=True, username="somsri", agency=agency, first_name="สมศรี", last_name="ตั้งใจ")
    project = ProjectFactory(
        code="01000000-2456",
        name="โครงการส่งเสริมความสัมพันธ์ระหว่างเมือง",
        agency=agency,
        start_date=date(2022, 10, 1),
        end_date=date(2023, 9, 30),
    )
    PlanStepFactory(project=project, number=1, start_date=date(2022, 10, 1), end_date=date(2023, 9, 30))
    return project, user


def test_staff_fill_the_report_form_in_english_and_switch_back_to_thai(page, screenshot, project_and_staff):
    project, user = project_and_staff
    sign_in(page, user.username, "correct-horse-battery")
    page.goto(f"/projects/{project.fiscal_year}/{project.code}/reports/new/")
    switch_language(page, "en", "เปลี่ยนภาษา")

    expect(page.get_by_role("heading", name="Enter monthly progress")).to_be_visible()
    expect(page.get_by_text("day/month/Buddhist Era year, e.g. 25/10/2566").first).to_be_visible()
    page.get_by_label("Report date").fill("25/01/2566")
    page.get_by_label("Cumulative progress of the project (%)").fill("30")
    # the script suggests the plan status with the page's words (25 Jan 2023: 32.05 % planned, 30 % done)
    expect(page.get_by_label("On plan but should be monitored")).to_be_checked()
    expect(page.locator("[data-suggested-tag]")).to_have_text("Calculated")
    expect(page.locator("[data-planned-note]")).to_have_text(
        "By the plan, progress on 25/01/2566 should be 32.05 %"
    )

    # a mistake is explained in English, and what was typed stays
    page.get_by_label("Cumulative progress of the project (%)").fill("120")
    page.get_by_role("button", name="Save and submit for approval", exact=True).click()
    summary = page.locator(".error-summary")
    expect(summary.get_by_role("heading")).to_have_text("There is a problem")
    assert "The percentage must be between 0 and 100" in summary.inner_text()
    assert "Enter the results" in summary.inner_text()
    assert page.get_by_label("Report date").input_value() == "25/01/2566"
    screenshot("report-form-in-english")

    switch_language(page, "th", "Change language")
    expect(page.get_by_role("heading", name="บันทึกผลการดำเนินงานประจำเดือน")).to_be_visible()
    expect(page.get_by_label("วันที่รายงาน")).to_be_visible()
    expect(page.get_by_label("เป็นไปตามแผน", exact=True)).to_be_visible()
