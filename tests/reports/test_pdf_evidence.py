"""Evidence sealed into the certified project form: each report line lists its files with the first 16 hex
digits of their SHA-256, photos are printed in an appendix, and the verification page says which file was
added, replaced or removed after printing."""

import subprocess
from datetime import date

import pytest
from django.core.files.base import ContentFile

from projects.roles import ensure_groups
from projects.services.evidence import attach_evidence, remove_evidence
from reports import printing
from reports.documents import project_form_snapshot
from reports.verification import diff_evidence, fingerprint
from tests import evidence_files as files
from tests.factories import AgencyFactory, ProgressReportFactory, ProjectFactory, UserFactory
from tests.reports.pdf_fixtures import pdf_text

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media")]


@pytest.fixture
def agency():
    ensure_groups()
    return AgencyFactory(code="04160000", name="สำนักงานเขตบางรัก")


@pytest.fixture
def staff(agency):
    return UserFactory(staff=True, username="staff", agency=agency)


@pytest.fixture
def project(agency):
    return ProjectFactory(code="04160000-0001", agency=agency)


@pytest.fixture
def report(project):
    ProgressReportFactory(project=project, number=1, report_date=date(2022, 10, 25))
    return ProgressReportFactory(project=project, number=2, report_date=date(2022, 11, 25))


def attach(report, user, content, name, caption=""):
    return attach_evidence(report=report, file=ContentFile(content, name=name), caption=caption, user=user)


def print_form(project):
    return printing.print_project_form(project_id=project.pk, user=None, base_url="http://testserver")


def verify(client, printed):
    return client.get(
        f"/verify/{printed.document.number}/", {"c": printed.document.check_code}
    ).content.decode()


def test_the_form_lists_each_file_under_its_report_with_the_sha256_prefix(report, staff, tmp_path):
    photo = attach(report, staff, files.jpeg_with_gps(size=(640, 480)), "ทางเท้าหน้าตลาด.jpg", "ซ่อมเสร็จแล้ว")
    contract = attach(report, staff, files.pdf(), "สัญญาจ้างเลขที่ 12-2566.pdf")

    printed = print_form(report.project)

    text = " ".join(pdf_text(printed.pdf.content).split())
    assert (
        f"หลักฐาน 1 : ทางเท้าหน้าตลาด.jpg · {photo.size / 1024:.1f} KB · JPEG · SHA-256 {photo.sha256[:16]}"
        in text
    )
    assert f"หลักฐาน 2 : สัญญาจ้างเลขที่ 12-2566.pdf · 125 ไบต์ · PDF · SHA-256 {contract.sha256[:16]}" in text
    # Listed after report 2's line, before the certification.
    assert text.index("รายงานครั้งที่ 2 ::") < text.index("หลักฐาน 1 :") < text.index("ขอรับรองว่า")
    # The appendix prints the photo, not the PDF.
    assert "ภาคผนวก ภาพถ่ายหลักฐาน" in text and "ซ่อมเสร็จแล้ว" in text
    images = subprocess.run(["pdfimages", "-list", "-"], input=printed.pdf.content, capture_output=True)
    if images.returncode == 0:
        assert b"480" in images.stdout or b"360" in images.stdout
    # The printed snapshot holds the whole SHA-256, so the fingerprint covers each file's content.
    listed = printed.document.snapshot["reports"][1]["evidence"]
    assert [item["sha256"] for item in listed] == [photo.sha256, contract.sha256]
    assert "evidence" not in printed.document.snapshot["reports"][0]


def test_a_form_without_evidence_keeps_the_fingerprint_it_had_before_evidence_existed(report):
    snapshot = project_form_snapshot(report.project.pk)
    assert all("evidence" not in r for r in snapshot["reports"])


def test_verification_says_which_file_was_replaced_added_or_removed(client, report, staff):
    photo = attach(report, staff, files.png(color="green"), "ภาพก่อนซ่อม.png")
    minutes = attach(report, staff, files.docx(), "บันทึกการประชุม.docx")
    printed = print_form(report.project)
    assert "ข้อมูลในระบบยังตรงกับที่พิมพ์ในเอกสาร" in verify(client, printed)

    # the photo is replaced by another of the same name, the minutes removed, a contract added
    remove_evidence(evidence=photo, user=staff)
    attach(report, staff, files.png(color="blue"), "ภาพก่อนซ่อม.png")
    remove_evidence(evidence=minutes, user=staff)
    attach(report, staff, files.pdf(), "สัญญา.pdf")

    page = verify(client, printed)
    assert "ข้อมูลในระบบมีการเปลี่ยนแปลงหลังจากพิมพ์เอกสารฉบับนี้" in page
    assert "รายงานครั้งที่ 2: ไฟล์หลักฐาน “ภาพก่อนซ่อม.png” ถูกแทนที่ด้วยไฟล์อื่น" in page
    assert "รายงานครั้งที่ 2: ไฟล์หลักฐาน “บันทึกการประชุม.docx” ถูกนำออก" in page
    assert "รายงานครั้งที่ 2: เพิ่มไฟล์หลักฐาน “สัญญา.pdf” หลังจากพิมพ์" in page
    assert "รายงานครั้งที่ 1:" not in page
    assert fingerprint(project_form_snapshot(report.project.pk)) != printed.document.fingerprint


def test_diff_of_files_by_name_and_content():
    old = [{"name": "a.jpg", "sha256": "1"}, {"name": "b.pdf", "sha256": "2"}]
    new = [{"name": "a.jpg", "sha256": "1"}, {"name": "c.pdf", "sha256": "3"}]
    assert [(c.name, c.what) for c in diff_evidence("4", old, new)] == [
        ("c.pdf", "added"),
        ("b.pdf", "removed"),
    ]
    assert diff_evidence("4", old, list(old)) == []
