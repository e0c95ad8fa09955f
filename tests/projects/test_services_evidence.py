"""Evidence on monthly reports: what is stored (type from the content, photos cleaned), what is refused
(each with a Thai message and nothing stored), and who may attach or remove files when."""

import hashlib
import io
from datetime import date
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from PIL import ExifTags, Image

from projects.choices import ApprovalState
from projects.models import Evidence, QuarterClosure
from projects.services.evidence import Upload, attach_evidence, attach_files, purge_evidence, remove_evidence
from tests import evidence_files as files
from tests.factories import ProgressReportFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media")]


@pytest.fixture
def report(project):
    return ProgressReportFactory(project=project, number=1, report_date=date(2022, 10, 25))


def upload(content: bytes, name: str) -> ContentFile:
    """A file as the service receives it; names are as sent, unfiltered (Django's upload parser strips
    folders itself, a file opened from disk by the command does not)."""
    return ContentFile(content, name=name)


def stored_files(media: Path) -> list[Path]:
    return [p for p in media.rglob("*") if p.is_file()]


def refusal(exc: pytest.ExceptionInfo) -> str:
    return " ".join(exc.value.message_dict["file"])


def test_a_phone_photo_is_stored_upright_without_gps_or_camera(report, staff, media):
    original = files.jpeg_with_gps(size=(64, 48), orientation=6)

    evidence = attach_evidence(
        report=report, file=upload(original, "ทางเท้า.jpg"), caption="ซ่อมแล้ว", user=staff
    )

    stored = Path(evidence.file.path).read_bytes()
    image = Image.open(io.BytesIO(stored))
    exif = image.getexif()
    assert exif.get_ifd(ExifTags.IFD.GPSInfo) == {}
    assert ExifTags.Base.Make not in exif and ExifTags.Base.Model not in exif
    assert b"Canon" not in stored and b"GPS" not in stored
    # Orientation 6 means "rotate 90°": the stored photo is already turned, 48 wide and 64 high.
    assert image.size == (48, 64)
    assert (evidence.name, evidence.content_type, evidence.caption) == ("ทางเท้า.jpg", "image/jpeg", "ซ่อมแล้ว")
    assert evidence.sha256 == hashlib.sha256(stored).hexdigest()
    assert evidence.size == len(stored)
    thumbnail = Image.open(evidence.thumbnail.path)
    assert thumbnail.format == "JPEG" and max(thumbnail.size) <= 480
    # Stored under a random key: nothing of the name, the project or the report.
    assert "ทางเท้า" not in evidence.file.name and report.project.code not in evidence.file.name
    assert evidence.history.count() == 1 and evidence.history.get().history_user == staff


@pytest.mark.parametrize(
    ("content", "name", "shown", "content_type"),
    [
        (files.png(), "แผนผัง.png", "แผนผัง.png", "image/png"),
        (files.heic(), "IMG_0001.HEIC", "IMG_0001.jpg", "image/jpeg"),
        (files.pdf(), "สัญญาจ้าง.pdf", "สัญญาจ้าง.pdf", "application/pdf"),
        (
            files.docx(),
            "บันทึกการประชุม.docx",
            "บันทึกการประชุม.docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (
            files.xlsx(),
            "เบิกจ่าย.xlsx",
            "เบิกจ่าย.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        # Renamed files: the content decides, the name gets the right extension.
        (files.pdf(), "scan.jpg", "scan.pdf", "application/pdf"),
        (files.png(), "photo.jpg", "photo.png", "image/png"),
        (
            files.xlsx(),
            "minutes.docx",
            "minutes.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
    ],
)
def test_the_type_is_read_from_the_content(report, staff, content, name, shown, content_type):
    evidence = attach_evidence(report=report, file=upload(content, name), user=staff)
    assert (evidence.name, evidence.content_type) == (shown, content_type)


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (files.html(), "ภาพ.jpg", "ไม่ใช่ไฟล์ประเภทที่รับ"),
        (files.executable(), "photo.jpg", "ไม่ใช่ไฟล์ประเภทที่รับ"),
        (files.elf(), "photo.png", "ไม่ใช่ไฟล์ประเภทที่รับ"),
        (files.plain_zip(), "report.docx", "ไม่ใช่ไฟล์ประเภทที่รับ"),
        (files.docm(), "minutes.docx", "ไม่ใช่ไฟล์ประเภทที่รับ"),
        (b"", "empty.pdf", "เป็นไฟล์ว่าง (0 ไบต์)"),
        (files.image_bomb(), "small.png", "ใหญ่เกินกว่าที่ระบบรับได้"),
        (files.broken_jpeg(), "cut.jpg", "ไฟล์ภาพเสียหรือไม่สมบูรณ์"),
    ],
)
def test_bad_files_are_refused_in_thai_and_nothing_is_stored(report, staff, media, content, name, message):
    with pytest.raises(ValidationError) as refused:
        attach_evidence(report=report, file=upload(content, name), user=staff)
    assert message in refusal(refused)
    assert f"“{name}”" in refusal(refused)
    assert Evidence.objects.count() == 0 and Evidence.history.count() == 0
    assert stored_files(media) == []


def test_a_file_over_the_limit_is_refused_before_it_is_read(report, staff, media, settings):
    settings.EVIDENCE_MAX_BYTES = 1000
    with pytest.raises(ValidationError) as refused:
        attach_evidence(report=report, file=upload(b"%PDF-1.4" + b"0" * 2000, "big.pdf"), user=staff)
    assert "เกินขนาดที่รับได้ต่อไฟล์ (1000 ไบต์)" in refusal(refused)
    assert stored_files(media) == []


def test_one_bad_file_stores_none_of_them_and_says_which(report, staff, media):
    uploads = [Upload(upload(files.png(), "ดี.png"), "ภาพ"), Upload(upload(files.html(), "ร้าย.jpg"), "")]
    with pytest.raises(ValidationError) as refused:
        attach_files(report=report, uploads=uploads, user=staff)
    assert "“ร้าย.jpg”" in refusal(refused) and "“ดี.png”" not in refusal(refused)
    assert Evidence.objects.count() == 0 and stored_files(media) == []


def test_too_many_files_are_refused_with_the_room_left(report, staff, media, settings):
    settings.EVIDENCE_MAX_FILES = 2
    attach_evidence(report=report, file=upload(files.png(), "1.png"), user=staff)
    kept = stored_files(media)
    uploads = [Upload(upload(files.png(), f"{n}.png")) for n in (2, 3)]
    with pytest.raises(ValidationError) as refused:
        attach_files(report=report, uploads=uploads, user=staff)
    assert "แนบไฟล์ได้ไม่เกิน 2 ไฟล์ รายงานนี้มีแล้ว 1 ไฟล์ จึงแนบเพิ่มได้อีก 1 ไฟล์" in refusal(refused)
    assert Evidence.objects.count() == 1 and sorted(stored_files(media)) == sorted(kept)


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("../../../etc/passwd.pdf", "passwd.pdf"),
        ("..\\..\\windows\\system32.pdf", "system32.pdf"),
        ("ภาพถ่ายการซ่อมแซมทางเท้าบริเวณหน้าสำนักงานเขต.pdf", "ภาพถ่ายการซ่อมแซมทางเท้าบริเวณหน้าสำนักงานเขต.pdf"),
        ("สํานักงาน.pdf", "สำนักงาน.pdf"),  # decomposed sara am, composed
        ("../", "หลักฐาน.pdf"),
        ("a\x00b<script>.pdf", "ab_script.pdf"),
    ],
)
def test_file_names_are_cleaned_for_display(report, staff, media, name, shown):
    evidence = attach_evidence(report=report, file=upload(files.pdf(), name), user=staff)
    assert evidence.name == shown
    assert [p.parent for p in stored_files(media)] == [media / "evidence"]


def test_a_300_character_name_is_shortened_keeping_its_extension(report, staff):
    evidence = attach_evidence(report=report, file=upload(files.pdf(), "ก" * 300 + ".pdf"), user=staff)
    assert evidence.name == "ก" * 116 + ".pdf"
    assert len(evidence.name) == 120


@hsettings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.text(max_size=400), caption=st.text(max_size=400))
def test_hostile_names_and_captions_are_stored_clean_or_refused_in_thai(report, staff, media, name, caption):
    try:
        evidence = attach_evidence(
            report=report, file=upload(files.pdf(), name or "x"), caption=caption, user=staff
        )
    except ValidationError as refused:
        assert "คำอธิบายยาว" in " ".join(refused.message_dict["file"])
        return
    assert evidence.name.endswith(".pdf") and len(evidence.name) <= 120
    assert "/" not in evidence.name and "\\" not in evidence.name and "\x00" not in evidence.name
    assert "\n" not in evidence.caption and len(evidence.caption) <= 300
    assert Path(evidence.file.path).parent == media / "evidence"
    evidence.delete()


def test_nothing_is_attached_in_a_closed_quarter(report, staff, media):
    QuarterClosure.objects.create(fiscal_year=2566, quarter=1)
    with pytest.raises(ValidationError) as refused:
        attach_evidence(report=report, file=upload(files.png(), "a.png"), user=staff)
    assert "ไตรมาสที่ 1 ปีงบประมาณ 2566 ปิดแล้ว" in refusal(refused)
    assert stored_files(media) == [] and Evidence.objects.count() == 0


def test_nothing_is_attached_to_an_approved_report(report, staff, media):
    report.approval_state = ApprovalState.APPROVED
    report.save()
    with pytest.raises(ValidationError) as refused:
        attach_evidence(report=report, file=upload(files.png(), "a.png"), user=staff)
    assert "ได้รับอนุมัติจากหัวหน้าหน่วยงานแล้ว" in refusal(refused)
    assert stored_files(media) == []


@pytest.mark.parametrize("who", ["other_staff", "head", "planner"])
def test_those_who_may_not_edit_the_project_are_refused(report, who, request, media):
    user = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        attach_evidence(report=report, file=upload(files.png(), "a.png"), user=user)
    assert stored_files(media) == []


def test_a_removed_file_is_hidden_kept_and_recorded_until_purged(
    report, staff, admin_user, media, django_capture_on_commit_callbacks
):
    evidence = attach_evidence(report=report, file=upload(files.png(), "a.png"), user=staff)

    remove_evidence(evidence=evidence, user=staff)

    evidence.refresh_from_db()
    assert evidence.removed_by == staff and evidence.removed_at is not None
    assert list(report.evidence.shown()) == []
    assert Path(evidence.file.path).exists()
    assert [h.history_type for h in evidence.history.order_by("history_id")] == ["+", "~"]
    with pytest.raises(PermissionDenied):
        purge_evidence(evidence=evidence, user=staff)

    pk = evidence.pk
    with django_capture_on_commit_callbacks(execute=True):
        purge_evidence(evidence=evidence, user=admin_user)

    assert not Evidence.objects.exists() and stored_files(media) == []
    assert Evidence.history.filter(id=pk, history_type="-").get().history_user == admin_user


def test_removing_is_refused_once_approved(report, staff):
    evidence = attach_evidence(report=report, file=upload(files.png(), "a.png"), user=staff)
    report.approval_state = ApprovalState.APPROVED
    report.save()
    with pytest.raises(ValidationError) as refused:
        remove_evidence(evidence=evidence, user=staff)
    assert "ได้รับอนุมัติ" in refusal(refused)
    assert Evidence.objects.shown().count() == 1


def test_adding_and_removing_files_show_in_the_projects_change_history(report, staff):
    from projects.selectors import project_history

    evidence = attach_evidence(report=report, file=upload(files.pdf(), "สัญญา.pdf"), user=staff)
    remove_evidence(evidence=evidence, user=staff)

    history = [c for c in project_history(project=report.project) if "ไฟล์หลักฐาน" in c.subject]
    assert [(c.action, c.subject, c.who) for c in history] == [
        ("~", "รายงานครั้งที่ 1: ไฟล์หลักฐาน สัญญา.pdf", "สมศรี ตั้งใจ"),
        ("+", "รายงานครั้งที่ 1: ไฟล์หลักฐาน สัญญา.pdf", "สมศรี ตั้งใจ"),
    ]
    assert {f.label for f in history[0].fields} == {"นำออกเมื่อ", "ผู้นำออก"}


def test_deleting_a_project_deletes_its_evidence_files_once_committed(
    report, staff, media, django_capture_on_commit_callbacks
):
    attach_evidence(report=report, file=upload(files.png(), "a.png"), user=staff)
    attach_evidence(report=report, file=upload(files.pdf(), "b.pdf"), user=staff)
    other = ProgressReportFactory(project__agency=report.project.agency, number=1)
    kept = attach_evidence(report=other, file=upload(files.png(), "c.png"), user=staff)
    assert len(stored_files(media)) == 5  # two files, a photo's thumbnail; and the other project's two

    with django_capture_on_commit_callbacks(execute=True):
        report.project.delete()  # as the admin site does, rows cascading

    assert sorted(stored_files(media)) == sorted(Path(f.path) for f in (kept.file, kept.thumbnail))


def test_a_deletion_rolled_back_keeps_the_files(report, staff, media, django_capture_on_commit_callbacks):
    attach_evidence(report=report, file=upload(files.png(), "a.png"), user=staff)
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        report.project.delete()
        raise RuntimeError("the deletion fails after the rows are gone")
    assert len(stored_files(media)) == 2 and Evidence.objects.count() == 1
