"""A planning-office user evaluates a quarter in a real browser; agency staff then meet the closed quarter."""

from datetime import date
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from projects.closing import is_date_in_closed_quarter
from projects.models import Agency, Evaluation, ProgressReport
from reports.views import common
from tests.factories import (
    PASSWORD,
    AgencyFactory,
    PlanStepFactory,
    ProgressReportFactory,
    ProjectFactory,
    StrategyNodeFactory,
    UserFactory,
)
from tests.reports.evaluation_setup import project_behind_plan

from .conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def quarter(monkeypatch):
    monkeypatch.setattr(common, "local_today", lambda: date(2023, 2, 1))
    UserFactory(planner=True, username="wimonphan", first_name="วิมลพรรณ", last_name="พิมสาร")
    pranakorn = AgencyFactory(name="สำนักงานเขตพระนคร")
    section = AgencyFactory(parent=pranakorn, name="ฝ่ายโยธา")
    medical = AgencyFactory(name="สำนักการแพทย์")
    strategy = StrategyNodeFactory(name="ด้านที่ ๗ – การบริหารจัดการเมืองมหานคร")
    project_behind_plan(
        code="01000000-2456", name="โครงการพัฒนาระบบงานบุคคล", agency=pranakorn, strategy=strategy
    )
    for n, (agency, progress) in enumerate(
        [(section, "35"), (medical, "10"), (medical, "60"), (medical, "22"), (pranakorn, "28")], start=1
    ):
        project = ProjectFactory(code=f"0400000{n}-2566", agency=agency)
        PlanStepFactory(project=project, number=1, weight=Decimal("100"))
        ProgressReportFactory(
            project=project, number=1, report_date=date(2022, 12, 20), progress=Decimal(progress)
        )
    ProjectFactory(code="04160200-0001", agency=medical)  # no report yet


def test_planner_filters_scores_and_closes_a_quarter(page, screenshot, quarter, browser, live_server):
    # given a planning-office user signed in
    sign_in(page, "wimonphan", PASSWORD)

    # when they open quarter 1 of 2566
    page.goto("/evaluation/2566/q1/")
    expect(page.get_by_role("heading", name="ประเมินผลโครงการ ไตรมาสที่ 1 ปีงบประมาณ 2566")).to_be_visible()
    expect(page.locator(".table-summary strong").first).to_have_text("7")
    screenshot("evaluation-quarter")

    # and filter to one district office (its section's project included)
    page.locator(".filter-panel summary").click()  # the filters are folded until used
    page.get_by_label("หน่วยงาน (รวมหน่วยงานในสังกัด)").select_option(label="สำนักงานเขตพระนคร")
    page.get_by_role("button", name="กรอง").click()
    expect(page.locator(".table-summary strong").first).to_have_text("3")
    row = page.locator("tr", has_text="01000000-2456")
    expect(row).to_contain_text("40.00")
    expect(row).to_contain_text("-10.00")
    expect(row).to_contain_text("ไม่ตรง")
    expect(page.locator("tbody")).not_to_contain_text("สำนักการแพทย์")
    screenshot("evaluation-quarter-filtered")

    # and score the project behind plan
    row.get_by_role("link", name="ประเมิน").click()
    page.get_by_label("คะแนนประเมินโครงการ").fill("๗๕")
    page.get_by_label("ความเห็นของ สยป.").fill("ผลงานต่ำกว่าแผน ควรเร่งรัด")
    screenshot("evaluation-score-project")
    page.get_by_role("button", name="บันทึกผลประเมิน").click()

    # then the quarter page shows the score
    expect(page.get_by_role("status")).to_contain_text("บันทึกผลประเมินโครงการ 01000000-2456 แล้ว")
    expect(page.locator("tr", has_text="01000000-2456")).to_contain_text("75.00")
    evaluation = Evaluation.objects.get(project__code="01000000-2456", quarter=1)
    assert evaluation.score == Decimal("75")
    assert evaluation.evaluated_by.username == "wimonphan"

    # when they close the quarter, confirming what it means for the agencies
    dialogs = []
    page.once("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.accept()))
    page.get_by_role("button", name="ปิดไตรมาส").click()

    # then the page says it is closed, by whom, and offers no more scoring
    expect(page.locator(".closure-state")).to_have_text("ไตรมาสนี้ปิดแล้ว")
    assert dialogs == ["ปิดไตรมาสที่ 1 ปีงบประมาณ 2566? หน่วยงานจะแก้ไขรายงานที่ลงวันที่ในไตรมาสนี้ไม่ได้จนกว่าจะเปิดอีกครั้ง"]
    expect(page.locator(".closure")).to_contain_text("ปิดโดย วิมลพรรณ พิมสาร")
    expect(page.get_by_role("button", name="บันทึกผลประเมินรายการที่เลือก")).to_have_count(0)
    assert is_date_in_closed_quarter(date(2022, 12, 20))
    screenshot("evaluation-quarter-closed")

    # when staff of the district then try to change their report dated inside the closed quarter
    UserFactory(staff=True, agency=Agency.objects.get(name="สำนักงานเขตพระนคร"), username="somsri")
    staff_context = browser.new_context(base_url=live_server.url, locale="th-TH")
    staff_page = staff_context.new_page()
    sign_in(staff_page, "somsri", PASSWORD)
    staff_page.goto("/projects/2566/04000005-2566/")
    staff_page.get_by_text("แก้ไขหรือลบรายงานที่บันทึกแล้ว").click()

    # then the report offers no edit or delete link and says why
    expect(staff_page.get_by_role("link", name="แก้ไข รายงานครั้งที่ 1")).to_have_count(0)
    expect(staff_page.locator(".report-edit-list")).to_contain_text("ไตรมาสปิดแล้ว")

    # and its edit address, typed in, leads back to the project page with the reason; the report is unchanged
    staff_page.goto("/projects/2566/04000005-2566/reports/1/edit/")
    expect(staff_page).to_have_url(f"{live_server.url}/projects/2566/04000005-2566/")
    expect(staff_page.locator(".messages")).to_contain_text(
        "ไตรมาสที่ 1 ปีงบประมาณ 2566 ปิดแล้ว จึงเพิ่ม แก้ไข หรือลบรายงานที่ลงวันที่ 20/12/2565 ไม่ได้"
    )
    expect(staff_page.locator(".messages")).to_contain_text("เพื่อขอเปิดไตรมาส")
    staff_page.screenshot(
        path=str(screenshot("evaluation-quarter-closed").parent / "staff-closed-quarter.png")
    )
    report = ProgressReport.objects.get(project__code="04000005-2566", number=1)
    assert report.progress == Decimal("28")
    staff_context.close()


def test_planner_scores_several_rows_at_once(page, quarter):
    sign_in(page, "wimonphan", PASSWORD)
    page.goto("/evaluation/2566/q1/?agency=&status=on_plan")
    on_plan = page.locator("tbody tr")
    count = on_plan.count()
    assert count == 3  # 35 %, 60 % and 28 % against 25.21 % planned
    page.get_by_label("เลือกทุกแถวในหน้านี้").check()
    page.get_by_label("คะแนนสำหรับรายการที่เลือก").fill("90")
    page.get_by_role("button", name="บันทึกผลประเมินรายการที่เลือก").click()
    expect(page.get_by_role("status")).to_contain_text("บันทึกผลประเมิน 3 โครงการแล้ว")
    assert sorted(Evaluation.objects.values_list("project__code", "score")) == [
        ("04000001-2566", Decimal("90")),
        ("04000003-2566", Decimal("90")),
        ("04000005-2566", Decimal("90")),
    ]


def test_rollups_draw_their_charts(page, screenshot, quarter):
    sign_in(page, "wimonphan", PASSWORD)
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.goto("/evaluation/2566/q1/rollups/")
    expect(page.locator("[data-figure=status-chart] .main-svg").first).to_be_visible()
    expect(page.locator("[data-figure=gap-chart] .main-svg").first).to_be_visible()
    expect(page.locator(".rollup-table").first).to_contain_text("สำนักงานเขตพระนคร")
    screenshot("evaluation-rollups")
    assert errors == []  # in particular no Content Security Policy violation


def test_on_a_phone_the_agency_chart_keeps_its_bars_and_shortens_long_names(page, quarter):
    """At 390 px, agencies' full names would take the whole width from the bars: they are cut to whole letters
    (the full name shows when a bar is tapped), and the bars get most of the width."""
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, "wimonphan", PASSWORD)
    page.goto("/evaluation/2566/q1/rollups/")
    chart = page.locator("[data-figure=status-chart]")
    expect(chart.locator(".main-svg").first).to_be_visible()
    names = chart.locator(".ytick text").all_text_contents()
    # สำนักงานเขตพระนคร cut after 14 whole letters (a vowel mark stays with its letter); a short name stays whole.
    assert names == ["สำนักการแพทย์", "สำนักงานเขตพระนค…"]
    bars = chart.locator("rect.nsewdrag").first.bounding_box()  # the plotting area
    assert bars["width"] >= 0.5 * chart.bounding_box()["width"]
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") == 0
