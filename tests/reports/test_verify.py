"""The public verification page and the fingerprint and diff behind it."""

from copy import deepcopy
from decimal import Decimal

import pytest

from projects.models import ProgressReport
from reports import printing
from reports.documents import project_form_snapshot, quarter_summary_snapshot
from reports.models import DocumentKind, PrintedDocument
from reports.verification import canonical_json, diff_project_form, diff_quarter_summary, fingerprint
from tests.factories import ProgressReportFactory, UserFactory
from tests.reports.pdf_fixtures import (
    CODE,
    COORDINATOR,
    NAME,
    agency_tree,
    legacy_project,
)

# --- Pure: fingerprint and diff ------------------------------------------------------------------------------
SNAPSHOT = {
    "kind": "project_form",
    "project": {
        "code": "04160000-6968",
        "name": "โครงการ",
        "budget_received": "1,643,800.00",
        "coordinator": "นาง ก",
    },
    "reports": [
        {"number": 1, "date": "26/01/2566", "text": "ก", "progress": "20.00", "disbursed": "495,000.00"},
        {"number": 2, "date": "27/02/2566", "text": "ข", "progress": "25.00", "disbursed": "0.00"},
    ],
}


def test_fingerprint_is_sha256_of_canonical_json_whatever_the_key_order():
    reordered = {
        "reports": SNAPSHOT["reports"],
        "project": dict(reversed(SNAPSHOT["project"].items())),
        "kind": "project_form",
    }
    assert canonical_json(reordered) == canonical_json(SNAPSHOT)
    assert fingerprint(reordered) == fingerprint(SNAPSHOT)
    assert len(fingerprint(SNAPSHOT)) == 64
    assert '"name":"โครงการ"' in canonical_json(SNAPSHOT)  # Thai kept as is, no spaces


def test_fingerprint_changes_with_one_satang():
    changed = deepcopy(SNAPSHOT)
    changed["reports"][0]["disbursed"] = "495,000.01"
    assert fingerprint(changed) != fingerprint(SNAPSHOT)


def test_diff_names_changed_fields_and_added_changed_removed_reports():
    # given a snapshot printed with reports 1 and 2
    today = deepcopy(SNAPSHOT)
    # when the budget and coordinator change, report 1's text and progress change, 2 goes and 3 comes
    today["project"]["budget_received"] = "1,700,000.00"
    today["project"]["coordinator"] = "นาย ข"
    today["reports"][0].update(text="ก ใหม่", progress="30.00")
    today["reports"] = [today["reports"][0], {**today["reports"][1], "number": 3}]
    # then
    changes = diff_project_form(SNAPSHOT, today)
    assert changes.fields == ["งบประมาณที่ได้รับ", "ผู้ประสานงาน สยป"]
    assert changes.added == ["3"]
    assert changes.removed == ["2"]
    assert [(c.key, c.fields) for c in changes.changed] == [("1", ["ผลการดำเนินงาน", "ความก้าวหน้าของงานฯ"])]


def test_no_diff_for_the_same_data():
    assert not diff_project_form(SNAPSHOT, deepcopy(SNAPSHOT))


# --- The page ------------------------------------------------------------------------------------------------
@pytest.fixture
def printed(db):
    user = UserFactory(username="somsri", first_name="สมศรี", last_name="ตั้งใจ")
    project = legacy_project()
    project.phone = "02 224 4666"
    project.save()
    return printing.print_project_form(project_id=project.pk, user=user, base_url="http://testserver")


def verify(client, number, code):
    return client.get(f"/verify/{number}/", {"c": code})


def test_genuine_unchanged_document_for_anyone_without_signing_in(client, printed):
    response = verify(client, printed.document.number, printed.document.check_code)
    assert response.status_code == 200
    page = response.content.decode()
    assert "เอกสารฉบับนี้เป็นเอกสารที่พิมพ์จากระบบจริง" in page
    assert "ข้อมูลในระบบยังตรงกับที่พิมพ์ในเอกสาร" in page
    assert CODE in page
    assert NAME in page
    assert "ส่วนส่งเสริมความสัมพันธ์ระหว่างเมือง" in page
    assert printed.document.fingerprint in page
    assert DocumentKind.PROJECT_FORM.label in page


def test_page_shows_no_personal_data(client, printed):
    page = verify(client, printed.document.number, printed.document.check_code).content.decode()
    for personal in [COORDINATOR, "สมศรี", "ตั้งใจ", "somsri", "02 224 4666"]:
        assert personal not in page


def test_changed_report_after_printing_is_named_without_its_values(client, printed):
    # given a report edited after the form was printed
    report = ProgressReport.objects.get(project=printed.document.project, number=3)
    report.text = "ข้อความที่แก้ไขภายหลัง"
    report.progress = Decimal("15.00")
    report.save()
    # when anyone checks the paper
    page = verify(client, printed.document.number, printed.document.check_code).content.decode()
    # then the page says the data changed and what, without the new text
    assert "ข้อมูลในระบบมีการเปลี่ยนแปลงหลังจากพิมพ์เอกสารฉบับนี้" in page
    assert "รายงานครั้งที่ 3: แก้ไข (ผลการดำเนินงาน, ความก้าวหน้าของงานฯ)" in page
    assert "ข้อความที่แก้ไขภายหลัง" not in page
    assert "เอกสารฉบับนี้เป็นเอกสารที่พิมพ์จากระบบจริง" in page


def test_added_report_and_changed_fields_are_listed(client, printed):
    project = printed.document.project
    ProgressReportFactory(project=project, number=11, disbursed=Decimal("1000.00"))
    project.coordinator = "นายสมชาย ใหม่"
    project.save()
    page = verify(client, printed.document.number, printed.document.check_code).content.decode()
    assert "รายงานครั้งที่ 11: เพิ่มหลังจากพิมพ์" in page
    assert "ข้อมูลที่เปลี่ยน: งบประมาณที่ใช้ไป, ผู้ประสานงาน สยป" in page
    assert "นายสมชาย ใหม่" not in page


def test_removed_report_is_listed(client, printed):
    ProgressReport.objects.get(project=printed.document.project, number=10).delete()
    page = verify(client, printed.document.number, printed.document.check_code).content.decode()
    assert "รายงานครั้งที่ 10: ถูกลบ" in page


def test_deleted_project_is_said_so(client, printed):
    number, code = printed.document.number, printed.document.check_code
    printed.document.project.delete()
    page = verify(client, number, code).content.decode()
    assert "ไม่พบโครงการนี้ในระบบแล้ว" in page
    assert NAME in page  # what was printed is still identified


def test_altered_record_does_not_pass_as_intact(client, printed):
    document = PrintedDocument.objects.get(pk=printed.document.pk)
    document.snapshot["project"]["budget_received"] = "9,999,999.00"
    document.save()
    page = verify(client, document.number, document.check_code).content.decode()
    assert "ไม่ตรงกับลายนิ้วมือข้อมูลที่พิมพ์ไว้" in page
    assert "เอกสารฉบับนี้เป็นเอกสารที่พิมพ์จากระบบจริง" not in page


def test_unknown_number_is_a_thai_404(client, db):
    response = verify(client, "PF-2569-999999", "K7M2QX9P")
    assert response.status_code == 404
    page = response.content.decode()
    assert "ไม่พบเอกสาร" in page
    assert "PF-2569-999999" in page
    # The number typed stays in its box to be corrected; the check code is not kept.
    assert 'name="number" value="PF-2569-999999"' in page
    assert 'name="code" value=' not in page


def test_number_and_code_are_matched_whatever_their_case_and_the_lookup_box_redirects(client, printed):
    number, code = printed.document.number, printed.document.check_code
    assert verify(client, number.lower(), code.lower()).status_code == 200
    typed = f"{code[:4].lower()}-{code[4:]} "  # as read off the paper, with a hyphen and a space
    assert verify(client, number, typed).status_code == 200
    response = client.get("/verify/", {"number": f" {number.lower()} ", "code": typed})
    assert response.status_code == 302
    assert response["Location"] == f"/verify/{number}/?c={code[:4].lower()}-{code[4:]}"
    assert client.get(response["Location"]).status_code == 200


def test_stored_snapshot_matches_a_fresh_one_right_after_printing(printed):
    assert printed.document.snapshot == project_form_snapshot(printed.document.project_id)


def test_quarter_summary_verification_names_changed_projects(client, db):
    department, _ = agency_tree()
    project = legacy_project()
    printed = printing.print_quarter_summary(
        agency=department, fiscal_year=2566, quarter=2, user=None, base_url="http://testserver"
    )
    assert printed.document.snapshot == quarter_summary_snapshot(department, 2566, 2)
    report = ProgressReport.objects.get(project=project, number=2)
    report.disbursed = Decimal("10.00")
    report.save()
    page = verify(client, printed.document.number, printed.document.check_code).content.decode()
    assert f"โครงการ {CODE}: แก้ไข (งบประมาณที่ใช้ไป)" in page
    assert "แบบสรุปผลรายไตรมาสของหน่วยงาน" in page


def test_project_moved_to_another_agency_shows_in_the_summary_diff():
    old = {
        "kind": "quarter_summary",
        "agency": {"code": "04000000", "name": "สำนักปลัดกรุงเทพมหานคร"},
        "fiscal_year": "2566",
        "quarter": "2",
        "quarter_end": "31/03/2566",
        "groups": [
            {"agency": "ก", "agency_code": "1", "rows": [{"code": "P-1", "name": "โครงการ"}], "totals": {}}
        ],
        "totals": {},
    }
    new = deepcopy(old)
    new["groups"][0]["agency"] = "ข"
    changes = diff_quarter_summary(old, new)
    assert [(c.key, c.fields) for c in changes.changed] == [("P-1", ["หน่วยงาน"])]
