"""Agency staff enter a monthly report in a real browser: BE date in, back on the project page, errors in Thai."""

from datetime import date
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from projects.models import ProgressReport
from projects.progress import Step, planned_progress, suggest_plan_status
from projects.thai import ThaiInputError, parse_be_date, parse_decimal
from tests.browser.conftest import sign_in
from tests.factories import AgencyFactory, PlanStepFactory, ProjectFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


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


def test_staff_enters_a_report_with_a_be_date_and_sees_it_on_the_project_page(
    page, screenshot, project_and_staff
):
    project, user = project_and_staff
    sign_in(page, user.username, "correct-horse-battery")
    page.goto(project.get_absolute_url())
    page.get_by_role("link", name="บันทึกผลการดำเนินงานประจำเดือน").click()
    assert page.get_by_text("วัน/เดือน/ปี พ.ศ. เช่น 25/10/2566").first.is_visible()

    page.get_by_label("วันที่รายงาน").fill("25/01/2566")
    page.get_by_label("ความก้าวหน้าสะสมของโครงการ (%)").fill("120")
    page.get_by_label("ผลการดำเนินงาน").fill("จัดประชุมคณะทำงานร่วมกับเมืองพี่เมืองน้อง")
    page.get_by_label("งบประมาณที่เบิกใช้ในครั้งนี้ (บาท)").fill("12,500.50")
    page.get_by_role("button", name="บันทึกและส่งให้หัวหน้าหน่วยงานอนุมัติ", exact=True).click()

    # The bad % is named in the summary and beside the field; everything typed is still there.
    summary = page.locator(".error-summary")
    assert summary.is_visible()
    assert "ร้อยละต้องอยู่ระหว่าง 0 ถึง 100" in summary.inner_text()
    assert page.locator("#id_progress-error").inner_text().endswith("ร้อยละต้องอยู่ระหว่าง 0 ถึง 100")
    assert page.get_by_label("ความก้าวหน้าสะสมของโครงการ (%)").input_value() == "120"
    assert page.get_by_label("วันที่รายงาน").input_value() == "25/01/2566"
    assert page.get_by_label("ผลการดำเนินงาน").input_value() == "จัดประชุมคณะทำงานร่วมกับเมืองพี่เมืองน้อง"
    assert page.get_by_label("งบประมาณที่เบิกใช้ในครั้งนี้ (บาท)").input_value() == "12,500.50"
    screenshot("staff-entry-form-errors")

    # The summary link takes the person to the field.
    summary.get_by_role("link").first.click()
    assert page.evaluate("document.activeElement.id") == "id_progress"

    # Typing a % picks the plan status the plan suggests (25 Jan 2023: 32.05 % planned, 30 % → to monitor).
    page.get_by_label("ความก้าวหน้าสะสมของโครงการ (%)").fill("30")
    assert page.get_by_label("เป็นไปตามแผนแต่ควรติดตาม").is_checked()
    page.get_by_role("button", name="บันทึกและส่งให้หัวหน้าหน่วยงานอนุมัติ", exact=True).click()

    page.locator(".messages").wait_for()
    assert page.url.endswith(project.get_absolute_url())
    body = page.locator("main").inner_text()
    assert "บันทึกรายงานครั้งที่ 1 วันที่ 25/01/2566 ความก้าวหน้าสะสม 30.00 % แล้ว" in body
    page.get_by_text("แก้ไขหรือลบรายงานที่บันทึกแล้ว").click()
    assert "รายงานครั้งที่ 1 · 25/01/2566 · 30.00 %" in page.locator("main").inner_text()
    screenshot("staff-entry-saved")
    report = ProgressReport.objects.get()
    assert (report.report_date, report.progress, report.disbursed, report.plan_status) == (
        date(2023, 1, 25),
        Decimal("30.00"),
        Decimal("12500.50"),
        "monitor",
    )
    assert report.history.get().history_user == user


def test_staff_reorders_plan_steps_and_sees_the_weight_total(page, screenshot, project_and_staff):
    project, user = project_and_staff
    PlanStepFactory(
        project=project,
        number=2,
        description="จัดซื้อจัดจ้าง",
        weight=Decimal("20"),
        start_date=date(2023, 1, 1),
        end_date=date(2023, 3, 31),
    )
    sign_in(page, user.username, "correct-horse-battery")
    page.goto(project.get_absolute_url())
    page.get_by_role("link", name="แก้ไขแผน/ขั้นตอน").click()
    assert "น้ำหนักรวมขณะนี้ 120.00 จาก 100.00" in page.locator("[data-weights-total]").inner_text()
    page.get_by_role("button", name="ลง ขั้นตอนที่ 1").click()
    legends = page.locator(".step-row textarea").all()
    assert [t.input_value() for t in legends] == ["จัดซื้อจัดจ้าง", "ขออนุมัติโครงการ"]
    page.locator("#id_steps-1-weight").fill("80")
    assert page.locator("[data-weights-total] strong").inner_text() == "100.00"
    page.locator("#id_steps-1-end_date").fill("30/09/2565")
    page.get_by_role("button", name="บันทึกแผน", exact=True).click()
    assert "วันสิ้นสุดต้องไม่ก่อนวันเริ่มต้น" in page.locator(".error-summary").inner_text()
    assert page.locator("#id_steps-1-end_date").input_value() == "30/09/2565"
    screenshot("staff-plan-errors")
    page.locator("#id_steps-1-end_date").fill("30/09/2566")
    page.get_by_role("button", name="บันทึกแผน", exact=True).click()
    page.locator(".messages").wait_for()
    assert "บันทึกแผน/ขั้นตอนการดำเนินงานแล้ว" in page.locator(".messages").inner_text()
    assert list(project.steps.values_list("number", "description", "weight")) == [
        (1, "จัดซื้อจัดจ้าง", Decimal("20.00")),
        (2, "ขออนุมัติโครงการ", Decimal("80.00")),
    ]


def test_second_editor_sees_what_changed_meanwhile(page, screenshot, project_and_staff):
    from projects.services.reports import ReportInput, create_report, update_report

    project, user = project_and_staff
    report = create_report(
        user=user,
        project=project,
        data=ReportInput(report_date=date(2023, 1, 25), progress=Decimal("30"), target_status="met"),
    )
    sign_in(page, user.username, "correct-horse-battery")
    page.goto("/projects/2566/01000000-2456/reports/1/edit/")
    page.get_by_label("ผลการดำเนินงาน").fill("ข้อความที่ฉันพิมพ์")
    # Someone else saves the same report while the form is open.
    update_report(
        user=user,
        report=report,
        version=1,
        data=ReportInput(
            report_date=date(2023, 1, 26),
            progress=Decimal("31"),
            text="บันทึกของเพื่อนร่วมงาน",
            target_status="met",
        ),
    )
    page.get_by_role("button", name="บันทึกและส่งให้หัวหน้าหน่วยงานอนุมัติ", exact=True).click()
    conflict = page.locator(".conflict")
    assert "ข้อมูลนี้ถูกแก้ไขระหว่างที่ท่านกำลังแก้ไข" in conflict.inner_text()
    assert "25/01/2566\t26/01/2566" in conflict.inner_text()
    assert page.get_by_label("ผลการดำเนินงาน").input_value() == "ข้อความที่ฉันพิมพ์"
    screenshot("staff-entry-conflict")


def test_indicator_and_status_forms_show_their_thai_messages(page, screenshot, project_and_staff):
    project, user = project_and_staff
    sign_in(page, user.username, "correct-horse-battery")
    page.goto(project.get_absolute_url())
    page.get_by_role("navigation", name="แก้ไขข้อมูลโครงการ").get_by_role("link", name="ตัวชี้วัด").click()
    page.get_by_role("link", name="เพิ่มตัวชี้วัด").click()
    page.get_by_label("ชื่อตัวชี้วัด").fill("ร้อยละของผู้เข้าร่วมที่พึงพอใจ")
    page.get_by_label("ไตรมาสที่ 1 ผลงาน").fill("๒๑ ก")
    # The scores 2.1 / 2.2 are the planning office's: staff are offered the results only.
    expect(page.get_by_label("ไตรมาสที่ 1 ผลประเมิน 2.1")).to_have_count(0)
    page.get_by_role("button", name="บันทึกตัวชี้วัด").click()
    assert "ไตรมาสที่ 1 ผลงาน" in page.locator(".error-summary").inner_text()
    assert page.get_by_label("ไตรมาสที่ 1 ผลงาน").input_value() == "๒๑ ก"
    screenshot("staff-kpi-errors")
    page.get_by_label("ไตรมาสที่ 1 ผลงาน").fill("๒๑")
    page.get_by_role("button", name="บันทึกตัวชี้วัด").click()
    assert "ไตรมาสที่ 1: 21.00 · – / –" in page.locator("main").inner_text()

    page.goto(project.get_absolute_url())
    page.get_by_role("link", name="สถานะโครงการ").click()
    page.get_by_label("ยกเลิกโครงการ").check()
    page.get_by_label("งบประมาณที่ส่งคืน (บาท)").fill("2,000,000")
    page.get_by_role("button", name="บันทึกสถานะ").click()
    summary = page.locator(".error-summary").inner_text()
    assert "กรุณาระบุเหตุผลที่ยกเลิกโครงการ" in summary
    assert "ต้องไม่เกินงบประมาณที่ได้รับ (1,643,800.00 บาท)" in summary
    assert page.get_by_label("ยกเลิกโครงการ").is_checked()
    screenshot("staff-status-errors")


def test_double_click_on_save_stores_one_report(page, project_and_staff):
    project, user = project_and_staff
    sign_in(page, user.username, "correct-horse-battery")
    page.goto("/projects/2566/01000000-2456/reports/new/")
    page.get_by_label("วันที่รายงาน").fill("25/01/2566")
    page.get_by_label("ความก้าวหน้าสะสมของโครงการ (%)").fill("30")
    page.get_by_label("ผลการดำเนินงาน").fill("จัดประชุม")
    page.get_by_role("button", name="บันทึกและส่งให้หัวหน้าหน่วยงานอนุมัติ", exact=True).dblclick()
    page.locator(".messages").wait_for()
    assert "บันทึกรายงานครั้งที่ 1 วันที่ 25/01/2566" in page.locator(".messages").inner_text()
    assert ProgressReport.objects.filter(project=project).count() == 1


@pytest.mark.parametrize("typed", ["45", "32.05", "32.04", "22.05", "22.04", "0", "๓๐"])
def test_the_forms_live_suggestion_is_the_servers(page, project_and_staff, typed):
    """The script reads the rule the server hands it (`plan-status-rule`), so it suggests what
    `suggest_plan_status` does, at the bounds too (25 Jan 2023: 32.05 % planned)."""
    # given
    project, user = project_and_staff
    steps = [Step(s.weight, s.start_date, s.end_date) for s in project.steps.all()]
    planned = planned_progress(steps, date(2023, 1, 25))
    assert planned == Decimal("32.05")
    sign_in(page, user.username, "correct-horse-battery")
    page.goto(project.get_absolute_url())
    page.get_by_role("link", name="บันทึกผลการดำเนินงานประจำเดือน").click()
    # The form's script listens for typing once the page has loaded; typing before that would go unheard.
    page.wait_for_url("**/reports/new/", wait_until="load")
    # when
    page.get_by_label("วันที่รายงาน").fill("25/01/2566")
    page.get_by_label("ความก้าวหน้าสะสมของโครงการ (%)").fill(typed)
    # then
    expected = suggest_plan_status(parse_decimal(typed), planned)
    # The script runs on input: wait for it rather than read the radios at once.
    expect(page.get_by_label(str(expected.label), exact=True)).to_be_checked()
    assert page.locator("input[name='plan_status']:checked").count() == 1


@pytest.mark.parametrize(
    "typed_date",
    ["25/01/2566", "25 ม.ค. 2566", "25  มกราคม 66", "๒๕ ม.ค. ๒๕๖๖", "1 ต.ค. 65", "30 ก.ย. 2566"],
)
def test_the_form_reads_a_typed_date_as_the_server_does(page, project_and_staff, typed_date):
    """The script reads dates by the grammar the server hands it (`be-date-grammar`): numbers, month names or
    their abbreviations, Thai digits."""
    project, user = project_and_staff
    steps = [Step(s.weight, s.start_date, s.end_date) for s in project.steps.all()]
    planned = planned_progress(steps, parse_be_date(typed_date))
    sign_in(page, user.username, "correct-horse-battery")
    page.goto(f"{project.get_absolute_url()}reports/new/")
    page.get_by_label("วันที่รายงาน").fill(typed_date)
    page.get_by_label("ความก้าวหน้าสะสมของโครงการ (%)").fill("22.05")
    expect(page.locator("[data-planned-note]")).to_contain_text(f"ควรก้าวหน้า {planned:.2f} %")
    expected = suggest_plan_status(Decimal("22.05"), planned)
    expect(page.get_by_label(str(expected.label), exact=True)).to_be_checked()


@pytest.mark.parametrize("typed_date", ["31/02/2566", "25/01/2023", "25 มกรา 2566", "2566-01-25"])
def test_the_form_suggests_nothing_for_a_date_the_server_refuses(page, project_and_staff, typed_date):
    project, user = project_and_staff
    with pytest.raises(ThaiInputError):
        parse_be_date(typed_date)
    sign_in(page, user.username, "correct-horse-battery")
    page.goto(f"{project.get_absolute_url()}reports/new/")
    note = page.locator("[data-planned-note]")
    # A date it reads first, so the note changes; then the refused one must leave it as it was.
    page.get_by_label("วันที่รายงาน").fill("25/01/2566")
    page.get_by_label("ความก้าวหน้าสะสมของโครงการ (%)").fill("22.05")
    expect(note).to_contain_text("ตามแผน ณ วันที่ 25/01/2566 ควรก้าวหน้า 32.05 %")
    page.get_by_label("วันที่รายงาน").fill(typed_date)
    page.get_by_label("ความก้าวหน้าสะสมของโครงการ (%)").fill("22.06")
    expect(note).to_contain_text("ตามแผน ณ วันที่ 25/01/2566 ควรก้าวหน้า 32.05 %")
