"""Who may print which form, through the web and the print_form command."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.template.loader import render_to_string

from reports.models import PrintedDocument
from tests.factories import ProjectFactory, UserFactory
from tests.reports.pdf_fixtures import (
    CODE,
    NAME,
    agency_tree,
    pdf_page_count,
    pdf_text,
    squeeze,
)

pytest_plugins = ["tests.reports.pdf_fixtures"]

FORM_URL = f"/projects/2566/{CODE}/form.pdf"


def test_staff_of_the_agency_get_the_form_as_pdf(client, project_6968, division_staff):
    client.force_login(division_staff)
    response = client.get(FORM_URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "no-store"
    document = PrintedDocument.objects.get()
    assert f'filename="{document.number}.pdf"' in response["Content-Disposition"]
    assert document.printed_by == division_staff
    text = pdf_text(response.content, page=1)
    # the verification URL is absolute, built from the request
    assert squeeze(f"http://testserver/verify/{document.number}/") in squeeze(text)
    assert squeeze(NAME) in squeeze(text)


def test_staff_of_a_parent_agency_and_the_planning_office_may_print(client, project_6968, planning_user):
    department, _ = agency_tree()
    for user in [
        UserFactory(
            staff=True, agency=department, username="department-staff", first_name="สมศรี", last_name="ตั้งใจ"
        ),
        planning_user,
    ]:
        client.force_login(user)
        assert client.get(FORM_URL).status_code == 200


def test_staff_of_another_agency_are_refused(client, project_6968, finance_staff):
    client.force_login(finance_staff)
    assert client.get(FORM_URL).status_code == 403
    assert client.get(f"/projects/id/{project_6968.pk}/form.pdf").status_code == 403
    assert not PrintedDocument.objects.exists()


def test_anonymous_users_are_sent_to_sign_in(client, project_6968, sign_in_url):
    response = client.get(FORM_URL)
    assert response.status_code == 302
    assert response["Location"].startswith(f"{sign_in_url}?next=")


def test_form_by_id_and_by_code_and_fiscal_year(client, project_6968, division_staff):
    _, division = agency_tree()
    older = ProjectFactory(code=CODE, fiscal_year=2565, agency=division, name="โครงการปีก่อน")
    client.force_login(division_staff)
    by_id = client.get(f"/projects/id/{older.pk}/form.pdf")
    assert "โครงการปีก่อน" in pdf_text(by_id.content)
    by_year = client.get(f"/projects/2565/{CODE}/form.pdf")
    assert "โครงการปีก่อน" in pdf_text(by_year.content)
    this_year = client.get(FORM_URL)
    assert squeeze(NAME) in squeeze(pdf_text(this_year.content))
    assert client.get("/projects/2566/00000000-0000/form.pdf").status_code == 404


def test_print_link_on_the_project_page(project_6968, planning_user):
    context = {"project": project_6968, "user": planning_user}
    html = render_to_string("reports/_project_print_actions.html", context)
    assert f'href="/projects/2566/{CODE}/form.pdf"' in html
    project_6968.code = None
    html = render_to_string("reports/_project_print_actions.html", context)
    assert f'href="/projects/id/{project_6968.pk}/form.pdf"' in html


# --- The quarterly summary -----------------------------------------------------------------------------------
SUMMARY_URL = "/evaluation/2566/q2/agency/04000000/summary.pdf"


def test_planning_office_prints_the_quarterly_summary(client, project_6968, planning_user):
    client.force_login(planning_user)
    response = client.get(SUMMARY_URL)
    assert response.status_code == 200
    document = PrintedDocument.objects.get()
    assert document.kind == "quarter_summary"
    assert document.number.startswith("QS-")
    text = pdf_text(response.content)
    flat = " ".join(text.split())
    assert "แบบสรุปผลการดำเนินงานโครงการรายไตรมาสของหน่วยงาน" in text
    assert CODE in text
    assert "1,643,800.00" in text
    assert "495,000.00" in text  # used by the end of quarter 2
    assert squeeze("ไตรมาสที่ : 2 ข้อมูล ณ วันสิ้นไตรมาส : 31/03/2566") in squeeze(text)
    assert "รวมทั้งสิ้น (1 โครงการ)" in flat
    assert f"หน้า 1 / {pdf_page_count(response.content)}" in text
    assert squeeze("ขอรับรองว่า ข้อมูลที่ปรากฏในเอกสารฉบับนี้") in squeeze(text)
    assert squeeze(document.fingerprint) in squeeze(text)


def test_quarterly_summary_permissions(client, project_6968, division_staff, finance_staff, sign_in_url):
    department, _ = agency_tree()
    client.force_login(
        UserFactory(
            staff=True, agency=department, username="department-staff", first_name="สมศรี", last_name="ตั้งใจ"
        )
    )
    assert client.get(SUMMARY_URL).status_code == 200
    # division staff may print their division's summary, not their parent department's
    client.force_login(division_staff)
    assert client.get("/evaluation/2566/q2/agency/04160000/summary.pdf").status_code == 200
    assert client.get(SUMMARY_URL).status_code == 403
    client.force_login(finance_staff)
    assert client.get(SUMMARY_URL).status_code == 403
    client.logout()
    assert client.get(SUMMARY_URL).status_code == 302
    client.force_login(division_staff)
    assert client.get("/evaluation/2566/q5/agency/04160000/summary.pdf").status_code == 404
    assert client.get("/evaluation/2566/q1/agency/99999999/summary.pdf").status_code == 404


# --- The command ---------------------------------------------------------------------------------------------
def test_print_form_command_writes_the_pdf(project_6968, tmp_path, settings):
    settings.SITE_URL = "https://tracker.bangkok.go.th"
    out = tmp_path / "form.pdf"
    stdout = StringIO()
    call_command("print_form", CODE, "--fiscal-year", "2566", "-o", str(out), stdout=stdout)
    document = PrintedDocument.objects.get()
    content = out.read_bytes()
    assert content.startswith(b"%PDF")
    assert document.number in stdout.getvalue()
    assert squeeze(f"https://tracker.bangkok.go.th/verify/{document.number}/") in squeeze(pdf_text(content))
    assert document.printed_by is None


def test_print_form_command_takes_a_base_url_and_refuses_unknown_projects(project_6968, tmp_path):
    out = tmp_path / "form.pdf"
    call_command("print_form", CODE, "-o", str(out), "--base-url", "https://example.org/")
    assert squeeze("https://example.org/verify/") in squeeze(pdf_text(out.read_bytes()))
    with pytest.raises(CommandError, match="ไม่พบโครงการ"):
        call_command("print_form", "00000000-0000", "-o", str(out))
