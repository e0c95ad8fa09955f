"""`import_legacy DIR ...`: folders walked, a summary CSV of each file's outcome, unchanged files skipped by
their content hash."""

import contextlib
import csv
import random
import shutil
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from projects.models import LegacyFile, Project
from tests import legacy_writer as writer

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = StringIO()
    with contextlib.suppress(CommandError):
        call_command("import_legacy", *map(str, args), stdout=out, stderr=out)
    return out.getvalue()


def summary_rows(path) -> list[dict]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def archive(tmp_path, legacy_dir):
    """Two years' folders of legacy files: the seeds, a generated page, a cut file and a stray non-text file."""
    first, second = tmp_path / "2565", tmp_path / "2566" / "nested"
    first.mkdir()
    second.mkdir(parents=True)
    shutil.copy(legacy_dir / "printed-form-01000000-2475.txt", first)
    shutil.copy(legacy_dir / "web-page-fragment-04160200.txt", first)
    rng = random.Random(7)
    (second / "generated.txt").write_text(writer.web_page(writer.random_project(rng), rng), encoding="utf-8")
    lines = (legacy_dir / "web-page-01000000-2456.txt").read_text(encoding="utf-8").split("\n")
    (second / "cut.txt").write_text("\n".join(lines[:27]), encoding="utf-8")
    (second / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    return tmp_path


def test_folders_are_walked_and_each_file_has_its_outcome_line_and_reason(archive, tmp_path):
    summary = tmp_path / "summary.csv"
    output = run(archive, "--summary", summary)
    rows = {row["file"].split("/")[-1]: row for row in summary_rows(summary)}
    assert set(rows) == {
        "printed-form-01000000-2475.txt",
        "web-page-fragment-04160200.txt",
        "generated.txt",
        "cut.txt",
    }
    assert rows["printed-form-01000000-2475.txt"]["outcome"] == "new"
    assert rows["printed-form-01000000-2475.txt"]["project"] == "01000000-2475"
    assert rows["printed-form-01000000-2475.txt"]["reports"] == "12"
    assert rows["generated.txt"]["outcome"] == "new"
    fragment = rows["web-page-fragment-04160200.txt"]
    assert (fragment["outcome"], fragment["project"]) == ("warned", "")
    assert "ใช้ปีงบประมาณ 2566 ตามวันที่รายงานแรก" in fragment["reason"]
    cut = rows["cut.txt"]
    assert (cut["outcome"], cut["line"]) == ("refused", "26")
    assert "ไฟล์ถูกตัดหรือไม่ครบ" in cut["reason"]
    assert "นำเข้าสำเร็จ 3 ไฟล์ ไม่สำเร็จ 1 ไฟล์ ไม่เปลี่ยนแปลง 0 ไฟล์" in output


def test_a_rerun_skips_unchanged_files_by_content_and_reads_changed_ones(archive, tmp_path):
    run(archive)
    assert LegacyFile.objects.count() == 3  # the refused file is not remembered
    changed = archive / "2565" / "printed-form-01000000-2475.txt"
    changed.write_text(
        changed.read_text(encoding="utf-8").replace("คุณปริญดา", "คุณปริญดา ใจดี"), encoding="utf-8"
    )
    # a copy under another name is the same content
    shutil.copy(archive / "2566" / "nested" / "generated.txt", archive / "2566" / "renamed.txt")
    summary = tmp_path / "again.csv"
    output = run(archive, "--summary", summary)
    outcomes = {row["file"].split("/")[-1]: row["outcome"] for row in summary_rows(summary)}
    assert outcomes == {
        "printed-form-01000000-2475.txt": "updated",
        "web-page-fragment-04160200.txt": "unchanged",
        "generated.txt": "unchanged",
        "renamed.txt": "unchanged",
        "cut.txt": "refused",
    }
    assert "นำเข้าสำเร็จ 1 ไฟล์ ไม่สำเร็จ 1 ไฟล์ ไม่เปลี่ยนแปลง 3 ไฟล์" in output
    assert Project.objects.get(code="01000000-2475").coordinator == "คุณปริญดา ใจดี"


def test_a_dry_run_remembers_no_hash(archive):
    run(archive, "--dry-run")
    assert not LegacyFile.objects.exists() and not Project.objects.exists()
