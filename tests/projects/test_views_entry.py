"""The monthly report pages as people use them: status codes, Thai messages beside fields, typed values kept."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from projects.models import ProgressReport, QuarterClosure
from tests.factories import ProgressReportFactory, ProjectFactory

pytestmark = pytest.mark.django_db

NEW = "/projects/2566/01000600-2456/reports/new/"


def form_values(**overrides):
    values = {
        "report_date": "25/10/2565",
        "progress": "5.50",
        "text": "จัดประชุมคณะทำงาน",
        "problems": "-",
        "obstacles": "ไม่มี",
        "disbursed": "12,500.50",
        "plan_status": "monitor",
        "target_status": "met",
        "reason": "",
        "version": "",
        "token": "t-" + str(len(overrides)) + "-" + "-".join(sorted(overrides)),
    }
    values.update(overrides)
    return values


def hidden(html: str, name: str) -> str:
    return re.search(rf'name="{name}" value="([^"]*)"', html).group(1)


def test_new_report_form_defaults_today_in_be_and_suggests_a_plan_status(client, staff, project):
    client.force_login(staff)
    response = client.get(NEW)
    html = response.content.decode()
    assert response.status_code == 200
    assert "วัน/เดือน/ปี พ.ศ. เช่น 25/10/2566" in html
    today = date.today()
    assert f'value="{today.day:02d}/{today.month:02d}/{today.year + 543}"' in html
    assert "ระบบคำนวณ" in html
    assert 'id="planned-curve"' in html
    assert "<script>" not in html.replace('<script id="planned-curve" type="application/json">', "")


def test_saving_a_report_goes_back_to_the_project_with_its_date_and_percent(client, staff, project):
    client.force_login(staff)
    response = client.post(NEW, form_values(), follow=True)
    assert response.redirect_chain[-1][0] == project.get_absolute_url()
    report = ProgressReport.objects.get()
    assert (report.report_date, report.progress, report.disbursed) == (
        date(2022, 10, 25),
        Decimal("5.50"),
        Decimal("12500.50"),
    )
    html = response.content.decode()
    assert "บันทึกรายงานครั้งที่ 1 วันที่ 25/10/2565 ความก้าวหน้าสะสม 5.50 % แล้ว" in html
    assert report.history.get().history_user == staff


def test_bad_percent_is_shown_beside_the_field_and_in_the_summary_and_values_are_kept(client, staff, project):
    client.force_login(staff)
    response = client.post(NEW, form_values(progress="120", text="งานที่ฉันพิมพ์ไว้"))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'href="#id_progress"' in html  # the summary links to the field
    assert html.count("ร้อยละต้องอยู่ระหว่าง 0 ถึง 100") == 2  # summary and beside the field
    assert 'id="id_progress-error"' in html
    assert 'value="120"' in html
    assert "งานที่ฉันพิมพ์ไว้" in html
    assert 'value="12,500.50"' in html
    assert not ProgressReport.objects.exists()


def test_gregorian_year_is_refused_in_thai(client, staff, project):
    client.force_login(staff)
    html = client.post(NEW, form_values(report_date="25/10/2022")).content.decode()
    assert "ปี 2022 ดูเหมือนเป็นปี ค.ศ. กรุณากรอกปี พ.ศ. (เช่น 2565)" in html
    assert 'value="25/10/2022"' in html


def test_service_rules_appear_beside_their_fields(client, staff, project):
    client.force_login(staff)
    html = client.post(NEW, form_values(report_date="02/10/2566", disbursed="2,000,000")).content.decode()
    assert "วันที่รายงานต้องอยู่ในระยะเวลาโครงการ (01/10/2565 – 30/09/2566)" in html
    assert "เบิกได้อีกไม่เกิน 1,643,800.00 บาท" in html
    assert 'href="#id_report_date"' in html and 'href="#id_disbursed"' in html
    assert 'value="2,000,000"' in html


def test_second_report_in_a_month_links_to_the_first(client, staff, project):
    ProgressReportFactory(project=project, number=1, report_date=date(2022, 10, 5))
    client.force_login(staff)
    html = client.post(NEW, form_values()).content.decode()
    assert "เดือนตุลาคม 2565 มีรายงานแล้ว" in html
    assert 'href="/projects/2566/01000600-2456/reports/1/edit/">แก้ไขรายงานครั้งที่ 1</a>' in html


def test_closed_quarter_message_names_the_quarter_and_the_planning_office(client, staff, project):
    QuarterClosure.objects.create(fiscal_year=2566, quarter=1)
    client.force_login(staff)
    html = client.post(NEW, form_values()).content.decode()
    assert "ไตรมาสที่ 1 ปีงบประมาณ 2566 ปิดแล้ว" in html
    assert "สยป." in html
    assert not ProgressReport.objects.exists()


def test_closed_quarter_report_cannot_be_opened_for_editing(client, staff, project):
    ProgressReportFactory(project=project, number=1, report_date=date(2022, 10, 25))
    QuarterClosure.objects.create(fiscal_year=2566, quarter=1)
    client.force_login(staff)
    response = client.get("/projects/2566/01000600-2456/reports/1/edit/", follow=True)
    assert response.redirect_chain[-1][0] == project.get_absolute_url()
    assert "ไตรมาสที่ 1 ปีงบประมาณ 2566 ปิดแล้ว" in response.content.decode()


def test_double_posted_form_stores_one_report(client, staff, project):
    client.force_login(staff)
    values = form_values(token="same-token")
    first = client.post(NEW, values)
    second = client.post(NEW, values, follow=True)
    assert first.status_code == 302
    assert second.redirect_chain[-1][0] == project.get_absolute_url()
    assert "รายงานนี้บันทึกไว้แล้ว" in second.content.decode()
    assert ProgressReport.objects.count() == 1


def test_edit_form_shows_stored_values_in_be(client, staff, project):
    ProgressReportFactory(
        project=project,
        number=1,
        report_date=date(2022, 10, 25),
        progress=Decimal("40"),
        disbursed=Decimal("1500"),
    )
    client.force_login(staff)
    html = client.get("/projects/2566/01000600-2456/reports/1/edit/").content.decode()
    assert 'value="25/10/2565"' in html
    assert 'value="40.00"' in html
    assert 'value="1,500.00"' in html


def test_stale_edit_shows_what_changed_and_keeps_typed_values(client, staff, colleague, project):
    report = ProgressReportFactory(
        project=project, number=1, report_date=date(2022, 10, 25), progress=Decimal("5")
    )
    url = "/projects/2566/01000600-2456/reports/1/edit/"
    client.force_login(staff)
    mine = client.get(url).content.decode()
    version = hidden(mine, "version")
    # The colleague saves first.
    other = client.__class__()
    other.force_login(colleague)
    theirs = other.get(url).content.decode()
    other.post(
        url,
        form_values(
            progress="7", plan_status="on_plan", version=hidden(theirs, "version"), report_id=str(report.pk)
        ),
    )
    report.refresh_from_db()
    assert report.progress == Decimal("7.00")
    # Then me, from the form I opened before.
    response = client.post(
        url, form_values(progress="9", text="ข้อความของฉัน", version=version, report_id=str(report.pk))
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "มีผู้อื่นบันทึกการแก้ไขรายการนี้" in html
    assert re.search(r"ความก้าวหน้าสะสม \(%\)</th><td>5.00</td><td>7.00</td>", html)
    assert "วิไล รักงาน" in html
    assert 'value="9"' in html and "ข้อความของฉัน" in html
    assert hidden(html, "version") == "2"  # saving again now knowingly replaces the colleague's values
    report.refresh_from_db()
    assert (report.progress, report.version) == (Decimal("7.00"), 2)


def test_delete_asks_then_deletes_and_renumbers(client, staff, project):
    ProgressReportFactory(project=project, number=1, report_date=date(2022, 10, 25))
    ProgressReportFactory(project=project, number=2, report_date=date(2022, 11, 25), progress=Decimal("20"))
    client.force_login(staff)
    url = "/projects/2566/01000600-2456/reports/1/delete/"
    page = client.get(url).content.decode()
    assert "ลบรายงานครั้งที่ 1?" in page
    response = client.post(
        url,
        {"version": hidden(page, "version"), "token": "x", "report_id": hidden(page, "report_id")},
        follow=True,
    )
    assert "ลบรายงานครั้งที่ 1 วันที่ 25/10/2565 แล้ว" in response.content.decode()
    assert list(ProgressReport.objects.values_list("number", "progress")) == [(1, Decimal("20.00"))]


def test_project_without_code_uses_id_urls(client, staff, sub_agency):
    project = ProjectFactory(code=None, agency=sub_agency)
    client.force_login(staff)
    url = reverse("projects:report-create-by-id", kwargs={"pk": project.pk})
    assert url == f"/projects/id/{project.pk}/reports/new/"
    response = client.post(url, form_values())
    assert response.status_code == 302
    assert response["Location"] == f"/projects/id/{project.pk}/"
    assert project.reports.count() == 1


def test_project_page_shows_edit_buttons_only_to_those_who_may_edit(client, staff, planner, project):
    client.force_login(staff)
    assert "บันทึกผลการดำเนินงานประจำเดือน" in client.get(project.get_absolute_url()).content.decode()
    client.force_login(planner)
    html = client.get(project.get_absolute_url()).content.decode()
    assert "บันทึกผลการดำเนินงานประจำเดือน" not in html


def test_edit_opened_before_an_older_report_was_added_edits_the_same_report(
    client, staff, colleague, project
):
    november = ProgressReportFactory(
        project=project, number=1, report_date=date(2022, 11, 25), progress=Decimal("10")
    )
    client.force_login(staff)
    page = client.get("/projects/2566/01000600-2456/reports/1/edit/").content.decode()
    # Meanwhile a colleague adds the forgotten October report: November becomes number 2.
    other = client.__class__()
    other.force_login(colleague)
    other.post(NEW, form_values(report_date="25/10/2565", progress="5", plan_status="monitor", token="oct"))
    november.refresh_from_db()
    assert (november.number, november.version) == (2, 2)
    html = client.post(
        "/projects/2566/01000600-2456/reports/1/edit/",
        form_values(
            report_date="25/11/2565",
            progress="12",
            version=hidden(page, "version"),
            report_id=hidden(page, "report_id"),
        ),
    ).content.decode()
    assert re.search(r"รายงานครั้งที่</th><td>1</td><td>2</td>", html)
    assert ProgressReport.objects.get(number=1).progress == Decimal("5.00")
    assert ProgressReport.objects.get(number=2).progress == Decimal("10.00")


def test_edit_and_delete_record_the_request_user(client, staff, colleague, project):
    report = ProgressReportFactory(
        project=project, number=1, report_date=date(2022, 10, 25), progress=Decimal("5")
    )
    client.force_login(colleague)
    page = client.get("/projects/2566/01000600-2456/reports/1/edit/").content.decode()
    client.post(
        "/projects/2566/01000600-2456/reports/1/edit/",
        form_values(
            progress="7", plan_status="on_plan", version=hidden(page, "version"), report_id=str(report.pk)
        ),
    )
    assert report.history.latest().history_user == colleague
    client.force_login(staff)
    page = client.get("/projects/2566/01000600-2456/reports/1/delete/").content.decode()
    client.post(
        "/projects/2566/01000600-2456/reports/1/delete/",
        {"version": hidden(page, "version"), "token": "d", "report_id": str(report.pk)},
    )
    assert not ProgressReport.objects.exists()
    assert ProgressReport.history.filter(id=report.pk, history_type="-").get().history_user == staff


def test_closed_quarter_report_cannot_be_deleted(client, staff, project):
    report = ProgressReportFactory(project=project, number=1, report_date=date(2022, 10, 25))
    QuarterClosure.objects.create(fiscal_year=2566, quarter=1)
    client.force_login(staff)
    url = "/projects/2566/01000600-2456/reports/1/delete/"
    response = client.get(url, follow=True)
    assert "ไตรมาสที่ 1 ปีงบประมาณ 2566 ปิดแล้ว" in response.content.decode()
    response = client.post(url, {"version": "1", "token": "d", "report_id": str(report.pk)}, follow=True)
    assert "ไตรมาสที่ 1 ปีงบประมาณ 2566 ปิดแล้ว" in response.content.decode()
    assert ProgressReport.objects.count() == 1


def test_a_report_dated_in_the_future_is_refused(client, staff, project, monkeypatch):
    """15/12/2569 was saved on 30/11/2569 and became the latest report."""
    monkeypatch.setattr("projects.services.reports.timezone.localdate", lambda: date(2022, 11, 30))
    client.force_login(staff)
    html = client.post(NEW, form_values(report_date="15/12/2565")).content.decode()
    assert "วันที่รายงาน (15/12/2565) เป็นวันในอนาคต รายงานได้ถึงวันนี้ (30/11/2565) เท่านั้น" in html
    assert not project.reports.exists()


def test_an_earlier_report_above_a_later_one_needs_a_reason(client, staff, project):
    """20 % on an earlier date than a report of 12 % is a mistake unless a reason says why."""
    ProgressReportFactory(project=project, number=1, report_date=date(2022, 11, 25), progress=Decimal("12"))
    client.force_login(staff)
    html = client.post(NEW, form_values(report_date="25/10/2565", progress="20")).content.decode()
    assert "ความก้าวหน้าสะสม 20.00 % สูงกว่ารายงานครั้งถัดไป (12.00 % เมื่อ 25/11/2565)" in html
    assert 'href="#id_progress"' in html
    assert project.reports.count() == 1
    client.post(NEW, form_values(report_date="25/10/2565", progress="20", reason="รายงานเดือนพ.ย. พิมพ์ผิด"))
    assert project.reports.count() == 2


def test_a_comma_decimal_is_refused_not_read_as_105(client, staff, project):
    client.force_login(staff)
    html = client.post(NEW, form_values(progress="10,5")).content.decode()
    assert "“10,5” มีจุลภาคที่ไม่ได้คั่นหลักพัน หากเป็นทศนิยมให้ใช้จุด เช่น 10.5" in html
    assert not project.reports.exists()


def test_the_lower_percent_message_is_beside_the_percent_field(client, staff, project):
    ProgressReportFactory(project=project, number=1, report_date=date(2022, 10, 5), progress=Decimal("30"))
    client.force_login(staff)
    html = client.post(NEW, form_values(report_date="25/11/2565", progress="20")).content.decode()
    assert 'href="#id_progress">ความก้าวหน้าสะสมของโครงการ (%): ความก้าวหน้าสะสม 20.00 % ต่ำกว่า' in html


def test_the_second_report_in_a_month_is_said_first_even_with_other_mistakes(client, staff, project):
    ProgressReportFactory(project=project, number=1, report_date=date(2022, 10, 5))
    client.force_login(staff)
    html = client.post(NEW, form_values(text="", progress="abc")).content.decode()
    assert "เดือนตุลาคม 2565 มีรายงานแล้ว" in html
    summary = html[html.index("error-summary") :]
    assert summary.index('href="#id_report_date"') < summary.index('href="#id_progress"')


def test_the_plan_status_says_what_calculated_means_with_the_tolerance_in_force(client, staff, project):
    client.force_login(staff)
    html = client.get(NEW).content.decode()
    assert "“ระบบคำนวณ” คือสถานะที่ระบบเทียบความก้าวหน้าสะสมกับแผน" in html
    assert "ต่ำกว่าแผนไม่เกิน 10 จุด = ควรติดตาม" in html  # progress.MONITOR_TOLERANCE
    assert 'href="/print/blank-report/"' in html


def test_a_blank_paper_form_has_every_field_and_choice_of_the_web_form(client, staff):
    from projects.choices import PlanStatus, TargetStatus
    from projects.forms.reports import ReportForm

    client.force_login(staff)
    html = client.get("/print/blank-report/").content.decode()
    for field in ReportForm().visible_fields():
        assert f"<h2>{field.label}</h2>" in html
    for _value, label in [*PlanStatus.choices, *TargetStatus.choices]:
        assert f'<span class="box" aria-hidden="true"></span> {label}' in html
    assert 'name="' not in html.split('<div class="blank-form">')[1]  # nothing to type into: it is for paper


def test_every_mistake_is_said_in_one_round(client, staff, project):
    """A field that does not read and the rules the rest breaks, together: fixing the one must not reveal the
    other only on the next press of the button."""
    ProgressReportFactory(project=project, number=1, report_date=date(2022, 10, 5), progress=Decimal("40"))
    client.force_login(staff)
    html = client.post(
        NEW,
        form_values(report_date="25/11/2565", progress="30", text="", disbursed="9,999,999"),
    ).content.decode()
    assert "กรุณากรอกผลการดำเนินงาน" in html  # the field left empty
    assert "ความก้าวหน้าสะสม 30.00 % ต่ำกว่ารายงานครั้งก่อน (40.00 % เมื่อ 05/10/2565)" in html
    assert "งบประมาณที่เบิกใช้รวมจะเกินงบประมาณที่ได้รับ" in html
    summary = html[html.index("error-summary") :]
    assert {'href="#id_progress"', 'href="#id_text"', 'href="#id_disbursed"'} <= set(
        re.findall(r'href="#id_\w+"', summary)
    )
    assert ProgressReport.objects.filter(project=project).count() == 1  # nothing stored


def test_a_rule_is_not_said_over_a_field_that_does_not_read(client, staff, project):
    """A % that does not read is said as such, not also compared with the previous report."""
    ProgressReportFactory(project=project, number=1, report_date=date(2022, 10, 5), progress=Decimal("40"))
    client.force_login(staff)
    html = client.post(NEW, form_values(report_date="25/11/2565", progress="สามสิบ", text="")).content.decode()
    assert "ต่ำกว่ารายงานครั้งก่อน" not in html
    assert "กรุณากรอกผลการดำเนินงาน" in html
