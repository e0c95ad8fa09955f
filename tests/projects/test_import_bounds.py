"""The importer's probe findings, replayed: cut and shortened files are refused or reported, never silently
short; what is not a small regular file is refused before reading; every refusal names its line in Thai."""

import os
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from projects.models import Agency, ProgressReport, Project

pytestmark = pytest.mark.django_db

WEB_PAGE = "web-page-01000000-2456.txt"
PRINTED_FORM = "printed-form-04160000-6968.txt"


def run(*paths) -> tuple[str, bool]:
    """The command's whole output and whether it exited with an error."""
    out = StringIO()
    try:
        call_command("import_legacy", *map(str, paths), stdout=out, stderr=out)
    except CommandError as error:
        return out.getvalue() + str(error), True
    return out.getvalue(), False


def lines_of(legacy_dir, name) -> list[str]:
    return (legacy_dir / name).read_text(encoding="utf-8").split("\n")


def write(tmp_path, name, lines) -> os.PathLike:
    path = tmp_path / name
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def test_web_page_cut_to_27_of_264_lines_is_refused_with_its_last_line(tmp_path, legacy_dir):
    kept = lines_of(legacy_dir, WEB_PAGE)[:27]
    last = max(i for i, line in enumerate(kept, 1) if line.strip())
    output, failed = run(write(tmp_path, "cut.txt", kept))
    assert failed
    assert f"cut.txt บรรทัด {last}: หน้าความคืบหน้าจบที่บรรทัด {last} โดยไม่มีหัวข้อท้ายหน้า" in output
    assert "ไฟล์ถูกตัดหรือไม่ครบ" in output
    assert not Project.objects.exists() and not Agency.objects.exists()


def test_six_deleted_lines_that_drop_a_report_are_a_warning_in_the_summary(tmp_path, legacy_dir):
    lines = lines_of(legacy_dir, WEB_PAGE)
    header = lines.index("(5) ความคืบหน้าโครงการฯ ร้อยละ 40.00 (2020-05-27)")
    shortened = write(tmp_path, "short.txt", lines[:header] + lines[header + 6 :])
    output, failed = run(shortened)
    assert not failed
    # (5) lost its header: the page numbers 1-4 and 6-12, newest first, so the gap is report 8 of 12
    assert "ไม่พบรายงานครั้งที่ 8 จากทั้งหมด 12 ครั้ง: ไฟล์อาจถูกตัดหรือมีบรรทัดหายไป" in output
    assert "คำเตือน 1 รายการ" in output.split("สรุป:")[1]


def test_printed_form_cut_before_its_certification_is_refused(tmp_path, legacy_dir):
    lines = lines_of(legacy_dir, PRINTED_FORM)
    # the file holds several copies; only the last one reaches the certification
    last_copy = max(i for i, line in enumerate(lines) if line.startswith("1. ชื่อโครงการและหน่วยงาน"))
    single = write(tmp_path, "single.txt", lines[last_copy : last_copy + 40])
    output, failed = run(single)
    assert failed
    assert "single.txt บรรทัด" in output and "โดยไม่มีส่วนรับรอง (ขอรับรองว่า ...)" in output
    several = write(tmp_path, "several.txt", lines[: last_copy + 40])
    output, failed = run(several)
    assert not failed
    assert "โดยไม่มีส่วนรับรอง" in output and "ใช้ข้อมูลที่สำเนาอื่น" in output


def test_dev_zero_is_refused_before_reading():
    output, failed = run("/dev/zero")
    assert failed
    assert "zero: ไม่ใช่ไฟล์ข้อความธรรมดา" in output


def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    output, failed = run(fifo)
    assert failed and "pipe.txt: ไม่ใช่ไฟล์ข้อความธรรมดา" in output


def test_a_file_over_the_size_limit_is_refused_before_reading(tmp_path, legacy_dir, settings):
    settings.LEGACY_IMPORT_MAX_BYTES = 1024
    output, failed = run(legacy_dir / PRINTED_FORM)
    assert failed
    assert "ไฟล์ใหญ่ 51 KB เกินขนาดที่รับได้ 1 KB จึงไม่อ่าน" in output
    assert not Project.objects.exists()


@pytest.mark.parametrize(
    ("bad", "where"),
    [(b"\xff", "ไบต์ 0xFF ไม่ใช่อักขระ UTF-8"), (b"\x00", "มีไบต์ 0x00 (NUL)")],
    ids=["invalid-utf8", "nul"],
)
def test_one_bad_byte_is_refused_with_its_line(tmp_path, legacy_dir, bad, where):
    raw = (legacy_dir / PRINTED_FORM).read_bytes().split(b"\n")
    raw[99] = raw[99][:10] + bad + raw[99][10:]
    path = tmp_path / "byte.txt"
    path.write_bytes(b"\n".join(raw))
    output, failed = run(path)
    assert failed
    assert f"byte.txt บรรทัด 100: อ่านไฟล์ไม่ได้: {where}" in output


def test_a_value_the_database_refuses_is_a_thai_sentence_with_its_line(tmp_path, legacy_dir):
    lines = lines_of(legacy_dir, PRINTED_FORM)
    index = next(i for i, line in enumerate(lines) if line.startswith("ผู้ประสานงาน สยป"))
    lines[index] = "ผู้ประสานงาน สยป : " + "ก" * 300
    output, failed = run(write(tmp_path, "long.txt", lines))
    assert failed
    code_line = next(i for i, line in enumerate(lines, 1) if line.startswith("รหัสโครงการ"))
    assert f"long.txt บรรทัด {code_line}: บันทึกไม่ได้ ผู้ประสานงาน สยป.:" in output
    assert "{" not in output and "ValidationError" not in output
    assert not ProgressReport.objects.exists()
