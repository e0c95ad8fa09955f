"""The loader leaves constraints to the database (no query per constraint per row): a row the database
refuses undoes the whole file and refuses it in Thai, exactly as `full_clean` would have."""

import dataclasses
import datetime as dt
from decimal import Decimal

import pytest

from projects.importers import archive
from projects.importers.detect import parse_text
from projects.importers.loader import CONSTRAINT_REFUSAL, Known, load_project
from projects.importers.records import LegacyFileError
from projects.models import Agency, ProgressReport, Project

pytestmark = pytest.mark.django_db

FORM = "printed-form-04160000-6968.txt"


@pytest.fixture
def record(legacy_dir):
    return parse_text((legacy_dir / FORM).read_text(encoding="utf-8"))


def _project_rows() -> tuple[int, int, int, int]:
    return (
        Project.objects.count(),
        Project.history.count(),
        ProgressReport.objects.count(),
        ProgressReport.history.count(),
    )


def _broken(record, kind: str):
    if kind == "start after end":
        return dataclasses.replace(record, start_date=dt.date(2023, 9, 30), end_date=dt.date(2022, 10, 1))
    if kind == "negative budget":
        return dataclasses.replace(record, budget_received=Decimal("-1"))
    # a report row inserted in bulk: the last one's disbursement below zero
    reports = [*record.reports[:-1], dataclasses.replace(record.reports[-1], disbursed=Decimal("-5"))]
    return dataclasses.replace(record, reports=reports)


@pytest.mark.parametrize("kind", ["start after end", "negative budget", "negative disbursement"])
def test_a_row_the_database_refuses_refuses_the_file_and_stores_nothing(record, kind):
    with pytest.raises(LegacyFileError) as refused:
        load_project(record=_broken(record, kind), source_name=FORM)
    assert refused.value.reason == CONSTRAINT_REFUSAL
    assert refused.value.reason.startswith("บันทึกไม่ได้ ค่าขัดกับกฎของข้อมูล")
    assert _project_rows() == (0, 0, 0, 0)
    assert not Agency.objects.exists()


@pytest.mark.parametrize("kind", ["start after end", "negative disbursement"])
def test_a_refused_file_leaves_the_stored_project_as_it_was(record, kind):
    load_project(record=record, source_name=FORM)
    before = _project_rows()
    stored = Project.objects.values().get()
    with pytest.raises(LegacyFileError, match="ค่าขัดกับกฎของข้อมูล"):
        load_project(record=_broken(record, kind), source_name="broken.txt")
    assert _project_rows() == before
    assert Project.objects.values().get() == stored


def test_new_rows_are_inserted_with_their_history(record):
    load_project(record=record, source_name=FORM)
    reports = ProgressReport.objects.count()
    assert reports == len(record.reports) > 1
    reasons = set(ProgressReport.history.values_list("history_change_reason", flat=True))
    assert reasons == {f"นำเข้าจากไฟล์ {FORM}"}
    assert ProgressReport.history.filter(history_type="+", history_user=None).count() == reports


def test_a_refused_file_leaves_nothing_the_next_file_of_the_run_points_to(record, tmp_path):
    """The agencies and strategy nodes a run keeps for its next files are forgotten with a refused file's
    writes: the next file of the same agency creates them again instead of pointing to undone rows."""
    known = Known()
    broken = archive.Read(tmp_path / "broken.txt", "0" * 64, _broken(record, "negative disbursement"))
    assert archive.store(broken, known=known).outcome == archive.REFUSED
    assert not Agency.objects.exists()
    assert archive.store(archive.Read(tmp_path / FORM, "1" * 64, record), known=known).outcome == archive.NEW
    project = Project.objects.select_related("agency", "strategy").get()
    assert project.agency.code == "04160000"
    assert project.strategy.name == record.strategy[-1]
