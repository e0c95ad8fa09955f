"""`attach_evidence` from the command line and `attachments` in `export_projects`."""

import json
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from projects.models import Evidence, QuarterClosure
from tests import evidence_files as files
from tests.factories import ProgressReportFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_beside_scans(settings, tmp_path):
    """Stored files go to a folder of their own, beside the scanned files the command reads (`on_disk`)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return tmp_path / "media"


@pytest.fixture
def on_disk(tmp_path):
    folder = tmp_path / "scans"
    folder.mkdir()
    (folder / "สัญญาจ้าง.pdf").write_bytes(files.pdf())
    (folder / "ภาพ.jpg").write_bytes(files.jpeg_with_gps())
    (folder / "virus.jpg").write_bytes(files.executable())
    return folder


def run(*args):
    from io import StringIO

    out = StringIO()
    call_command("attach_evidence", *args, stdout=out)
    return out.getvalue()


def test_files_from_disk_are_attached_and_exported(project, staff, on_disk, capsys):
    report = ProgressReportFactory(project=project, number=1, report_date=date(2022, 10, 25))
    output = run(
        project.code,
        "--fiscal-year",
        "2566",
        "--report",
        "1",
        "--user",
        "staff",
        str(on_disk / "สัญญาจ้าง.pdf"),
        str(on_disk / "ภาพ.jpg"),
    )
    pdf = Evidence.objects.get(name="สัญญาจ้าง.pdf")
    assert f"แนบแล้ว: สัญญาจ้าง.pdf · 125 ไบต์ · SHA-256 {pdf.sha256[:16]}" in output
    assert "แนบไฟล์หลักฐาน 2 ไฟล์กับรายงานครั้งที่ 1" in output
    assert report.evidence.count() == 2

    call_command("export_projects", project.code)
    exported = json.loads(capsys.readouterr().out)
    attachments = exported[0]["reports"][0]["attachments"]
    assert attachments[0] == {
        "name": "สัญญาจ้าง.pdf",
        "size": 125,
        "content_type": "application/pdf",
        "sha256": pdf.sha256,
    }
    assert [a["content_type"] for a in attachments] == ["application/pdf", "image/jpeg"]


def test_one_bad_file_attaches_none_with_the_thai_reason(project, staff, on_disk, media_beside_scans):
    ProgressReportFactory(project=project, number=1, report_date=date(2022, 10, 25))
    with pytest.raises(CommandError) as refused:
        run(
            project.code,
            "--fiscal-year",
            "2566",
            "--report",
            "1",
            "--user",
            "staff",
            str(on_disk / "สัญญาจ้าง.pdf"),
            str(on_disk / "virus.jpg"),
        )
    assert "ไฟล์ “virus.jpg”: ไม่ใช่ไฟล์ประเภทที่รับ" in str(refused.value)
    assert not Evidence.objects.exists()
    assert not media_beside_scans.exists() or not any(media_beside_scans.rglob("*.*"))


def test_a_closed_quarter_is_refused_like_on_the_page(project, staff, on_disk):
    ProgressReportFactory(project=project, number=1, report_date=date(2022, 10, 25))
    QuarterClosure.objects.create(fiscal_year=2566, quarter=1)
    with pytest.raises(CommandError, match="ไตรมาสที่ 1 ปีงบประมาณ 2566 ปิดแล้ว"):
        run(
            project.code,
            "--fiscal-year",
            "2566",
            "--report",
            "1",
            "--user",
            "staff",
            str(on_disk / "ภาพ.jpg"),
        )


def test_an_unknown_report_or_file_is_said_in_thai(project, staff, on_disk):
    with pytest.raises(CommandError, match="ไม่พบรายงานครั้งที่ 9"):
        run(
            project.code,
            "--fiscal-year",
            "2566",
            "--report",
            "9",
            "--user",
            "staff",
            str(on_disk / "ภาพ.jpg"),
        )
    ProgressReportFactory(project=project, number=1, report_date=date(2022, 10, 25))
    with pytest.raises(CommandError, match="ไม่พบไฟล์"):
        run(
            project.code,
            "--fiscal-year",
            "2566",
            "--report",
            "1",
            "--user",
            "staff",
            str(on_disk / "none.pdf"),
        )
