"""The evidence pages: attaching files from the report's page, errors beside the input, downloads only for
those who may read the project and always as an attachment."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from projects.links import project_url
from projects.models import Evidence
from tests import evidence_files as files
from tests.factories import ProgressReportFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media")]


@pytest.fixture(autouse=True)
def served_by_django(settings):
    """Downloads are sent by Django itself unless a test puts nginx (`X-Accel-Redirect`) in front."""
    settings.EVIDENCE_X_ACCEL_PREFIX = ""


@pytest.fixture
def report(project):
    return ProgressReportFactory(project=project, number=1, report_date=date(2022, 10, 25))


def add_url(report):
    return project_url("report-evidence-add", report.project, number=report.number)


def file_url(evidence):
    report = evidence.report
    return project_url("report-evidence-file", report.project, number=report.number, evidence_id=evidence.pk)


def test_staff_attach_a_photo_with_a_caption_from_the_edit_page(client, staff, report):
    client.force_login(staff)
    edit = project_url("report-edit", report.project, number=1)
    page = client.get(edit).content.decode()
    assert 'accept="image/*,.heic' in page and "capture" not in page and "multiple" in page

    photo = SimpleUploadedFile("ทางเท้า.jpg", files.jpeg_with_gps())
    response = client.post(add_url(report), {"file": photo, "caption": "ทางเท้าหน้าตลาด", "next": edit})

    assert response.status_code == 302 and response["Location"] == edit
    evidence = Evidence.objects.get()
    assert (evidence.name, evidence.caption, evidence.uploaded_by) == ("ทางเท้า.jpg", "ทางเท้าหน้าตลาด", staff)
    page = client.get(edit).content.decode()
    assert "ทางเท้า.jpg" in page and evidence.sha256[:16] in page


def test_the_progress_bar_upload_gets_json_with_the_new_list(client, staff, report):
    client.force_login(staff)
    response = client.post(
        add_url(report),
        {
            "file": [SimpleUploadedFile("a.png", files.png()), SimpleUploadedFile("b.pdf", files.pdf())],
            "caption": ["แผนผัง", "สัญญา"],
        },
        headers={"accept": "application/json"},
    )
    answer = response.json()
    assert answer["ok"] and "แนบไฟล์หลักฐาน 2 ไฟล์" in answer["message"]
    assert "a.png" in answer["html"] and "b.pdf" in answer["html"]
    assert sorted(Evidence.objects.values_list("name", "caption")) == [("a.png", "แผนผัง"), ("b.pdf", "สัญญา")]


def test_a_bad_file_is_refused_beside_the_input_and_the_caption_is_kept(client, staff, report, media):
    client.force_login(staff)
    response = client.post(
        add_url(report), {"file": SimpleUploadedFile("photo.jpg", files.html()), "caption": "คำอธิบายที่พิมพ์ไว้"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "ไฟล์ “photo.jpg”: ไม่ใช่ไฟล์ประเภทที่รับ" in page
    assert 'value="คำอธิบายที่พิมพ์ไว้"' in page
    assert page.index("evidence-file-error") < page.index("ไม่ใช่ไฟล์ประเภทที่รับ") < page.index('type="file"')
    assert not Evidence.objects.exists() and not any(media.rglob("*.*"))
    json_answer = client.post(
        add_url(report), {"file": SimpleUploadedFile("x.jpg", b"")}, headers={"accept": "application/json"}
    ).json()
    assert json_answer == {"ok": False, "errors": ["ไฟล์ “x.jpg”: เป็นไฟล์ว่าง (0 ไบต์) กรุณาเลือกไฟล์ใหม่"]}


def test_a_download_is_an_attachment_with_the_shown_name(client, staff, head, planner, report):
    evidence = files.stored(report, files.pdf(), "สัญญาจ้าง.pdf")
    for user in (staff, head, planner):
        client.force_login(user)
        response = client.get(file_url(evidence))
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment;")
        assert "filename*=utf-8''%E0%B8%AA" in response["Content-Disposition"]
        assert response["Content-Type"] == "application/pdf"
        assert response["Cache-Control"] == "private, no-store"
        assert b"".join(response.streaming_content) == files.pdf()


def test_a_download_is_refused_across_agencies_and_to_anonymous_users(
    client, other_staff, other_head, report
):
    evidence = files.stored(report, files.pdf(), "สัญญาจ้าง.pdf")
    response = client.get(file_url(evidence))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    for user in (other_staff, other_head):
        client.force_login(user)
        response = client.get(file_url(evidence))
        assert response.status_code == 403 and b"%PDF" not in response.content


def test_behind_nginx_the_download_is_handed_over_after_the_check(client, staff, report, settings):
    settings.EVIDENCE_X_ACCEL_PREFIX = "/protected-media/"
    evidence = files.stored(report, files.pdf(), "สัญญา.pdf")
    client.force_login(staff)
    response = client.get(file_url(evidence))
    assert response["X-Accel-Redirect"] == f"/protected-media/{evidence.file.name}"
    assert response["Content-Disposition"].startswith("attachment;") and response.content == b""


def test_a_removed_file_is_no_longer_listed_or_downloaded(client, staff, report):
    evidence = files.stored(report, files.pdf(), "สัญญา.pdf")
    client.force_login(staff)
    remove = project_url("report-evidence-remove", report.project, number=1, evidence_id=evidence.pk)
    response = client.post(remove, follow=True)
    assert "นำไฟล์ “สัญญา.pdf” ออกจากรายงานแล้ว" in response.content.decode()
    assert client.get(file_url(evidence)).status_code == 404
    page = client.get(project_url("report-evidence", report.project, number=1)).content.decode()
    assert "สัญญา.pdf" not in page and "ยังไม่มีไฟล์หลักฐาน" in page


def test_an_approved_report_lists_its_files_and_says_why_none_can_be_added(client, staff, report):
    files.stored(report, files.pdf(), "สัญญา.pdf")
    report.approval_state = "approved"
    report.save()
    client.force_login(staff)
    page = client.get(project_url("report-evidence", report.project, number=1)).content.decode()
    assert "สัญญา.pdf" in page and 'type="file"' not in page and "นำออก" not in page
    assert "ได้รับอนุมัติจากหัวหน้าหน่วยงานแล้ว" in page


def test_the_evidence_page_speaks_english_when_asked(client, staff, report, settings):
    files.stored(report, files.pdf(), "สัญญา.pdf")
    client.force_login(staff)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(project_url("report-evidence", report.project, number=1)).content.decode()
    assert "Evidence of report 1" in page and "Attach evidence (photos or documents)" in page
    assert "Upload files" in page and "attached on" in page and "Remove" in page
