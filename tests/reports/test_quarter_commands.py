"""`close_quarter`, `reopen_quarter` and `export_quarter`: what the planning office scripts."""

import json
import subprocess
import sys
from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from projects.closing import is_quarter_closed
from projects.fiscal import current_fiscal_quarter
from projects.models import QuarterClosure, QuarterSnapshot
from tests.factories import AgencyFactory, EvaluationFactory

from .evaluation_setup import at, budget_raised, project_behind_plan

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.fixture
def project():
    project = project_behind_plan(code="01000000-0001", budget_received=Decimal("1000000.00"))
    EvaluationFactory(project=project, quarter=1, score=Decimal("70"), comment="ควรเร่งรัด")
    return project


def test_close_export_reopen(project):
    assert "ปิดไตรมาสที่ 1 ปีงบประมาณ 2566 แล้ว" in run("close_quarter", "2566", "1", "--reason", "ครบกำหนด")
    assert is_quarter_closed(2566, 1)
    assert QuarterClosure.objects.get().reason == "ครบกำหนด"
    # The budget received to the quarter's end corrected after the closing (recorded as of 15 December).
    budget_raised(project, Decimal("5.00"), on=at(date(2022, 12, 15)))

    [record] = json.loads(run("export_quarter", "2566", "1"))
    assert record == {
        "code": "01000000-0001",
        "fiscal_year": 2566,
        "agency_code": project.agency.code,
        "planned": "40.00",
        "actual": "30.00",
        "gap": "-10.00",
        "plan_status": "on_plan",
        "computed_status": "monitor",
        "budget_received": "1000000.00",
        "budget_used": "410950.00",
        "score": "70.0000",
        "comment": "ควรเร่งรัด",
        "reports_approved": 0,
        "reports_pending": 2,
        "frozen": True,
        "version": 1,
    }

    assert "เปิดไตรมาสที่ 1" in run("reopen_quarter", "2566", "1", "--reason", "แก้งบประมาณ")
    [record] = json.loads(run("export_quarter", "2566", "1"))
    assert (record["frozen"], record["version"], record["budget_received"]) == (False, None, "5.00")


def test_export_by_agency_takes_its_sub_agencies(project):
    other = project_behind_plan(code="02000000-0002", agency=AgencyFactory(code="02000000"))
    codes = [r["code"] for r in json.loads(run("export_quarter", "2566", "1", "--agency", other.agency.code))]
    assert codes == ["02000000-0002"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("close_quarter", "2566", "5"), "ไม่มีไตรมาสที่ 5 ปีงบประมาณ 2566"),
        (("close_quarter", "2023", "1"), "ปีงบประมาณเป็น พ.ศ."),
        (("export_quarter", "66", "1"), "ไม่มีไตรมาสที่ 1 ปีงบประมาณ 66"),
        (("export_quarter", "2566", "1", "--agency", "99999999"), "ไม่พบหน่วยงานรหัส 99999999"),
        (("reopen_quarter", "2566", "1", "--reason", "แก้"), "ไตรมาสนี้ยังไม่เคยปิด"),
    ],
)
def test_bad_input_is_refused_in_thai_and_changes_nothing(project, args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)
    assert not QuarterClosure.objects.filter(closed=True).exists()
    assert not QuarterSnapshot.objects.exists()


def test_reopening_without_a_reason_is_refused_and_the_quarter_stays_closed(project):
    run("close_quarter", "2566", "1")
    for args in (("reopen_quarter", "2566", "1"), ("reopen_quarter", "2566", "1", "--reason", "  ")):
        with pytest.raises(CommandError, match="กรุณาระบุเหตุผลที่เปิดไตรมาสอีกครั้ง"):
            run(*args)
    assert is_quarter_closed(2566, 1)


def test_closing_before_the_quarter_ends_needs_early(project):
    today = date.today()
    year, quarter = current_fiscal_quarter(today)
    with pytest.raises(CommandError, match=r"ยังไม่สิ้นสุด.*--early"):
        run("close_quarter", str(year), str(quarter))
    assert not is_quarter_closed(year, quarter)
    run("close_quarter", str(year), str(quarter), "--early")
    assert is_quarter_closed(year, quarter)


def test_the_commands_exit_non_zero_with_the_message_on_stderr():
    result = subprocess.run(
        [sys.executable, "manage.py", "reopen_quarter", "2566", "9"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "ไม่มีไตรมาสที่ 9 ปีงบประมาณ 2566" in result.stderr
