"""The printed forms are Thai government documents: Thai even when the person reads the site in English."""

from datetime import date

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from reports import printing
from reports.documents import CERTIFICATION
from reports.models import PrintedDocument
from reports.views import common
from tests.reports.evaluation_setup import project_behind_plan
from tests.reports.pdf_fixtures import CODE, TITLE, agency_tree, body_text, pdf_text, squeeze

pytest_plugins = ["tests.reports.pdf_fixtures"]


def in_english(client, user):
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_project_form_printed_from_an_english_page_is_thai(client, project_6968, division_staff):
    # given someone reading the site in English (the project page is English)
    client = in_english(client, division_staff)
    assert "Enter monthly progress" in client.get(project_6968.get_absolute_url()).content.decode()
    # when they print the project's form
    response = client.get(f"/projects/2566/{CODE}/form.pdf")
    # then the form is the Thai form: its title, labels, status texts and certification
    assert response.status_code == 200
    text = pdf_text(response.content)
    squeezed = squeeze(body_text(text), hyphens=True)
    assert TITLE in text
    assert "เป็นไปตามแผน : เป็นไปตามเป้าหมาย" in text
    assert "รายงานครั้งที่ 10" in text
    assert squeeze("งบประมาณที่ได้รับ : 1,643,800.00 บาท", hyphens=True) in squeezed
    assert squeeze(CERTIFICATION, hyphens=True) in squeezed
    assert "26/01/2566" in text  # Buddhist Era dates
    for english in ["On plan", "Meets target", "Active", "Report no.", "Project progress"]:
        assert english not in text
    # and what was stored and fingerprinted is the Thai snapshot
    snapshot = PrintedDocument.objects.get().snapshot
    assert snapshot["reports"][0]["plan_status"] == "เป็นไปตามแผน"
    assert snapshot["reports"][0]["target_status"] == "เป็นไปตามเป้าหมาย"


def test_printing_inside_an_english_request_keeps_the_thai_status_labels(project_6968, division_staff):
    """The printing code itself holds Thai whatever language is active when it is called."""
    with translation.override("en"):
        printed = printing.print_project_form(
            project_id=project_6968.pk, user=division_staff, base_url="http://testserver"
        )
        assert translation.get_language() == "en"  # the caller's language is left as it was
    text = pdf_text(printed.pdf.content)
    assert printed.document.snapshot["reports"][-1]["plan_status"] == "เป็นไปตามแผน"
    assert "เป็นไปตามแผน : เป็นไปตามเป้าหมาย" in text
    assert "On plan" not in text


def test_quarter_summary_printed_from_an_english_page_is_thai(client, monkeypatch, planning_user):
    monkeypatch.setattr(common, "local_today", lambda: date(2023, 2, 1))
    _, division = agency_tree()
    project_behind_plan(agency=division, code="04160000-0001", name="โครงการทดสอบสรุปไตรมาส")
    url = reverse(
        "reports:quarter-summary-pdf",
        kwargs={"fiscal_year": 2566, "quarter": 1, "agency_code": division.code},
    )
    response = in_english(client, planning_user).get(url)
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert "แบบสรุปผลการดำเนินงานโครงการรายไตรมาสของหน่วยงาน" in text
    # the row's used budget, the project's status and its reported plan status (wrapped in its cell)
    assert squeeze("410,950.00 ดำเนินการ เป็นไปตามแผน") in squeeze(text)
    for english in ["Active", "On plan", "Quarter"]:
        assert english not in text
