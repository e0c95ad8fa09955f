"""`import_legacy` then `export_projects` on the legacy files: the values a person would check, field by field."""

import json
import shutil
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from projects.models import Agency, PlanStep, ProgressReport, Project, StrategyNode

pytestmark = pytest.mark.django_db

SEEDS = [
    "web-page-01000000-2456.txt",
    "web-page-fragment-04160200.txt",
    "printed-form-01000000-2475.txt",
    "printed-form-04160000-6968.txt",
]


def run_import(*paths, dry_run=False, force=False) -> str:
    out = StringIO()
    args = [str(p) for p in paths] + (["--dry-run"] if dry_run else []) + (["--force"] if force else [])
    call_command("import_legacy", *args, stdout=out, stderr=out)
    return out.getvalue()


def export(*args) -> list[dict]:
    out = StringIO()
    call_command("export_projects", *args, stdout=out)
    return json.loads(out.getvalue())


def by_code(projects: list[dict]) -> dict:
    return {p["code"]: p for p in projects}


@pytest.fixture
def imported(legacy_dir):
    output = run_import(*(legacy_dir / name for name in SEEDS))
    return output, by_code(export())


def test_summary_counts_files_projects_reports_and_warnings(imported):
    output, _ = imported
    assert (
        "นำเข้าสำเร็จ 4 ไฟล์ ไม่สำเร็จ 0 ไฟล์ ไม่เปลี่ยนแปลง 0 ไฟล์; โครงการใหม่ 3 ปรับปรุง 0 มีคำเตือน 1; "
        "รายงาน 44 ครั้ง; คำเตือน 1 รายการ"
    ) in output
    assert "ใช้ปีงบประมาณ 2566 ตามวันที่รายงานแรก" in output


def test_printed_form_6968(imported):
    _, projects = imported
    p = projects["04160000-6968"]
    assert p["name"] == "โครงการส่งเสริมความร่วมมือจากแนวปฏิบัติที่ดีที่สุดในเมืองที่เมืองน้อง"
    assert p["fiscal_year"] == 2566
    assert p["agency"] == ["สำนักปลัดกรุงเทพมหานคร", "ส่วนส่งเสริมความสัมพันธ์ระหว่างเมือง"]
    assert p["agency_code"] == "04160000"
    assert (p["responsible"], p["phone"]) == ("ส่วนส่งเสริมความสัมพันธ์ระหว่างเมือง", None)
    assert p["coordinator"] == "นางวิมลพรรณ พิมสาร"
    assert (p["start_date"], p["end_date"]) == ("2022-10-01", "2023-09-30")
    assert (p["budget_received"], p["budget_used"]) == ("1643800.00", "495000.00")
    assert (p["status"], p["progress"]) == ("completed", "100.00")
    assert p["strategy"] == [
        "ยุทธศาสตร์ที่ ๗ - การสร้างความเป็นมืออาชีพในการบริหารจัดการมหานคร",  # the lost dash restored
        "๗.๒ - การบริหารแผนและประเมินผล",
        "๗.๒.๒ กรุงเทพมหานครมีระบบการติดตามและรายงานความก้าวหน้าผลการดำเนินงานตามแผนพัฒนากรุงเทพ",
    ]
    assert p["routine"] is False
    assert p["objectives"].startswith("1. เพื่อกระชับความสัมพันธ์ระหว่างเมือง")
    assert p["targets"].startswith("ประสานงาน เชื่อมโยง/สร้างโอกาสในการเรียนรู้")
    reports = p["reports"]
    assert [(r["number"], r["date"], r["progress"], r["disbursed"]) for r in reports] == [
        (1, "2023-01-26", "20.00", "495000.00"),
        (2, "2023-02-27", "25.00", "0.00"),
        (3, "2023-03-27", "10.00", "0.00"),
        (4, "2023-04-25", "28.00", "0.00"),
        (5, "2023-05-31", "30.00", "0.00"),
        (6, "2023-06-27", "40.00", "0.00"),
        (7, "2023-07-24", "50.00", "0.00"),
        (8, "2023-08-21", "80.00", "0.00"),
        (9, "2023-09-19", "95.00", "0.00"),
        (10, "2023-09-29", "100.00", "0.00"),
    ]
    assert {(r["plan_status"], r["target_status"]) for r in reports} == {("on_plan", "met")}
    assert {(r["problems"], r["obstacles"]) for r in reports} == {(None, None)}
    assert reports[9]["text"] == "ดำเนินการในปีงบประมาณ พ.ศ. 2566 แล้วเสร็จ"
    # Report 9's text crossed a page: the header is gone, the two halves joined.
    assert "แบบแสดงรายงาน" not in reports[8]["text"]
    assert reports[8]["text"].endswith("เดินทางเข้าร่วมงานเสร็จสิ้นแล้ว อยู่ในระหว่างการจัดทำรายงานการเดินทาง")
    assert (p["steps"], p["kpis"], p["evaluations"]) == ([], [], [])


def test_printed_form_2475(imported):
    _, projects = imported
    p = projects["01000000-2475"]
    # the old system's tag is kept apart: the name starts with its first word
    assert (p["name_tag"], p["name"]) == (
        "สส.สทท. ปจ. 1/4",
        "โครงการให้การต้อนรับคณะผู้แทนจากต่างประเทศในฐานะแขกของสภากรุงเทพมหานคร",
    )
    assert p["fiscal_year"] == 2565
    assert (p["agency"], p["agency_code"]) == (["สำนักงานเลขานุการสภากรุงเทพมหานคร"], "01000000")
    assert p["responsible"] == "สำนักงานเลขานุการสภากรุงเทพมหานคร"
    assert p["coordinator"] == "คุณปริญดา"  # two copies of three say so
    assert (p["start_date"], p["end_date"]) == ("2021-10-01", "2023-01-30")
    assert (p["budget_received"], p["budget_used"]) == ("3540000.00", "0.00")
    assert (p["routine"], p["strategy"]) == (True, [])
    assert p["status"] == "cancelled"
    assert p["progress"] == "92.00"
    reports = p["reports"]
    assert [(r["number"], r["date"], r["progress"]) for r in reports] == [
        (1, "2021-10-25", "10.00"),
        (2, "2021-11-24", "8.00"),
        (3, "2021-12-21", "20.00"),
        (4, "2022-01-25", "30.00"),
        (5, "2022-02-22", "40.00"),
        (6, "2022-03-23", "50.00"),
        (7, "2022-04-26", "60.00"),
        (8, "2022-05-20", "68.00"),
        (9, "2022-06-22", "76.00"),
        (10, "2022-07-23", "84.00"),
        (11, "2022-08-22", "92.00"),
        (12, "2022-09-27", "92.00"),
    ]
    assert {r["disbursed"] for r in reports} == {"0.00"}
    assert (reports[0]["plan_status"], reports[0]["target_status"]) == ("on_plan", "met")
    assert (reports[1]["plan_status"], reports[1]["target_status"]) == ("monitor", "met")
    assert all(r["plan_status"] == "monitor" for r in reports[1:11])
    assert (reports[11]["plan_status"], reports[11]["target_status"]) == ("off_plan", "not_met")
    assert reports[11]["text"].startswith(
        "ยกเลิกโครงการ เนื่องจากการเปลี่ยนแปลงคณะผู้บริหารของสภากรุงเทพมหานคร ร่วมกับสถานการณ์การแพร่ระบาด"
    )
    assert "\n" not in reports[11]["text"]
    assert reports[0]["text"] == "อยู่ระหว่างจัดทำแผนปฏิบัติการ"
    project = Project.objects.get(code="01000000-2475")
    assert project.status_reason == reports[11]["text"]
    assert project.strategy_indicator == "มิติที่ 1 ป.1ความสำเร็จในการดำเนินโครงการงานประจำของหน่วยงาน"


def test_web_page_2456(imported):
    _, projects = imported
    p = projects["01000000-2456"]
    assert p["name"] == "โครงการสภาบ้านพี่เมืองน้องและขยายความสัมพันธ์กับสภาเมืองต่างประเทศ"
    assert p["fiscal_year"] == 2563
    assert (p["agency"], p["agency_code"]) == (["สำนักงานเลขานุการสภากรุงเทพมหานคร"], "01000600")
    assert (p["responsible"], p["phone"], p["coordinator"]) == ("น.ส.ณริณทร์ธร โพธากุล", "1136", None)
    assert (p["start_date"], p["end_date"], p["budget_received"], p["budget_used"]) == (
        None,
        None,
        None,
        None,
    )
    assert (p["status"], p["progress"]) == ("cancelled", "40.00")
    assert p["strategy"] == [
        "ด้านที่ ๗ – การบริหารจัดการเมืองมหานคร : Management Strategy",
        "มิติที่ ๗.๒ - การบริหารแผนและประเมินผล",
        "เป้าหมายที่ ๗.๒.๑ กรุงเทพมหานครมีระบบการติดตามและรายงานความก้าวหน้าผลการดำเนินงานตามแผนพัฒนากรุงเทพ%",
        "เป้าประสงค์ที่ ๗.๒.๑.๑ พัฒนาระบบการติดตามและรายงานความก้าวหน้าตามแผนพัฒนา",
    ]
    reports = p["reports"]
    assert len(reports) == 12
    assert [(r["number"], r["date"], r["progress"]) for r in reports] == [
        (1, "2019-10-30", "8.00"),
        (2, "2019-11-19", "16.00"),
        (3, "2019-12-23", "24.00"),
        (4, "2020-01-30", "32.00"),
        (5, "2020-02-24", "40.00"),
        (6, "2020-03-27", "40.00"),
        (7, "2020-04-27", "40.00"),
        (8, "2020-05-27", "40.00"),
        (9, "2020-06-24", "40.00"),
        (10, "2020-07-24", "40.00"),
        (11, "2020-08-24", "40.00"),
        (12, "2020-09-11", "40.00"),
    ]
    assert {(r["disbursed"], r["plan_status"], r["target_status"]) for r in reports} == {(None, None, None)}
    assert (reports[0]["problems"], reports[0]["obstacles"]) == ("", "")  # ไม่มี
    assert (reports[4]["problems"], reports[4]["obstacles"]) == ("", "")  # -
    assert reports[11]["problems"].startswith("สถานการณ์การระบาดของโรค Covid-19")
    assert reports[11]["text"].startswith("ยกเลิกโครงการ เนื่องจากสถานการณ์การระบาดของโรค Covid-19")
    assert [(s["number"], s["weight"], s["start"], s["end"]) for s in p["steps"]] == [
        (1, "10.00", "2019-10-01", "2019-10-01"),
        (2, "20.00", "2019-12-01", "2019-12-01"),
        (3, "10.00", "2020-02-01", "2020-02-01"),
        (4, "10.00", "2020-03-01", "2020-03-01"),
        (5, "10.00", "2020-04-01", "2020-04-01"),
        (6, "30.00", "2020-05-01", "2020-05-01"),
        (7, "10.00", "2020-08-01", "2020-08-01"),
    ]
    assert p["steps"][0]["description"] == "ขออนุมัติโครงการสภาบ้านพี่เมืองน้องฯตามงบประมาณที่ได้รับ"
    assert p["kpis"] == [
        {
            "code": "0100-0807",
            "name": "ร้อยละของโครงการที่เป็นงานประจำของหน่วยงานที่ดำเนินการสำเร็จตามเป้าหมาย",
            "unit": "percent",
            "target": "100.0000",
            "achieved": "100.0000",
            "kind": "routine",
            "level": "output",
            "quarters": [
                {"quarter": 1, "result": "21.00", "score_1": "100.00", "score_2": "100.00"},
                {"quarter": 2, "result": "42.00", "score_1": "100.00", "score_2": "100.00"},
                {"quarter": 3, "result": "63.75", "score_1": "100.00", "score_2": "100.00"},
                {"quarter": 4, "result": "100.00", "score_1": "100.00", "score_2": "100.00"},
            ],
        }
    ]
    assert p["evaluations"] == [{"quarter": 1, "score": "100.0000"}]
    project = Project.objects.get(code="01000000-2456")
    assert project.budget_returned == Decimal("9603371.83")
    assert project.status_reason == reports[11]["text"]


def test_web_page_fragment_04160200(imported):
    _, projects = imported
    p = projects[None]
    assert (p["name"], p["fiscal_year"]) == (None, 2566)
    assert p["agency_code"] == "04160200"
    assert p["agency"] == ["สำนักปลัดกรุงเทพมหานคร", "ส่วนส่งเสริมความสัมพันธ์ระหว่างเมือง"]  # ancestors' names
    assert (p["responsible"], p["phone"]) == ("กลุ่มงานส่งเสริมศักยภาพของเมือง", None)
    assert (p["status"], p["progress"]) == ("completed", "100.00")
    assert p["strategy"] == [
        "ด้านที่ ๗ – การบริหารจัดการเมืองมหานคร : Management Strategy",
        "๗.๒ - การบริหารแผนและประเมินผล",
        "๗.๒.๒ กรุงเทพมหานครมีระบบการติดตามและรายงานความก้าวหน้าผลการดำเนินงานตามแผนพัฒนากรุงเทพ%",
        "๗.๒.๑.๑ การสร้างความร่วมมือในการบริหารแผนพัฒนากรุงเทพมหานคร และแผนแม่บทต่างๆ และแผนเฉพาะด้าน",
    ]
    assert [(r["number"], r["date"], r["progress"]) for r in p["reports"]] == [
        (1, "2023-01-25", "61.00"),
        (2, "2023-03-21", "65.00"),
        (3, "2023-04-21", "75.00"),
        (4, "2023-05-30", "78.00"),
        (5, "2023-06-13", "80.00"),
        (6, "2023-06-27", "85.00"),
        (7, "2023-07-21", "90.00"),
        (8, "2023-08-21", "95.00"),
        (9, "2023-09-19", "99.00"),
        (10, "2023-09-29", "100.00"),
    ]
    assert p["reports"][0]["text"] == "เพิ่มงบประมาณที่ใช้ไป (MGMAC 2022 พนมเปญ)"
    assert p["reports"][4]["problems"] == "สถานการณ์โรคระบาดและภัยพิบัติอาจทำให้เจ้าภาพเลื่อนหรือยกเลิกการจัดประชุมได้"
    assert p["steps"] == [] and p["evaluations"] == []
    assert p["kpis"] == [
        {
            "code": None,
            "name": "2.8 ระดับความสำเร็จในการส่งเสริมผลงานที่โดดเด่นของกรุงเทพมหานครสู่แพลตฟอร์มต่างประเทศ หรือเวทีระดับโลก",
            "unit": "level",
            "target": "1.0000",
            "achieved": "1.0000",
            "kind": "strategic",
            "level": "output",
            "quarters": [],
        }
    ]
    assert Project.objects.get(code=None).legacy_key


def is_child(node, parent) -> bool:
    return node.depth == parent.depth + 1 and node.path[: -node.steplen] == parent.path


def test_agency_tree_built_with_parents_and_kinds(imported):
    rows = {a.code: a for a in Agency.objects.all()}
    assert set(rows) == {"01000000", "01000600", "04000000", "04160000", "04160200"}
    assert (rows["01000000"].name, rows["01000000"].kind) == ("สำนักงานเลขานุการสภากรุงเทพมหานคร", "department")
    assert (rows["01000600"].name, rows["01000600"].kind) == ("", "section")
    assert is_child(rows["01000600"], rows["01000000"])
    assert (rows["04160000"].name, rows["04160000"].kind) == ("ส่วนส่งเสริมความสัมพันธ์ระหว่างเมือง", "division")
    assert is_child(rows["04160200"], rows["04160000"])
    assert is_child(rows["04160000"], rows["04000000"])
    assert rows["04000000"].depth == 1


def test_reimport_updates_instead_of_duplicating(legacy_dir):
    paths = [legacy_dir / name for name in SEEDS]
    run_import(*paths)
    first = export()
    counts = (Project.objects.count(), ProgressReport.objects.count(), PlanStep.objects.count())
    history = (Project.history.count(), ProgressReport.history.count())
    # unchanged files are skipped by their content; --force reads them again, and they change nothing
    assert "ไม่เปลี่ยนแปลง 4 ไฟล์" in run_import(*paths)
    output = run_import(*paths, force=True)
    assert "โครงการใหม่ 0 ปรับปรุง 3 มีคำเตือน 1" in output
    assert (
        (Project.objects.count(), ProgressReport.objects.count(), PlanStep.objects.count())
        == counts
        == (4, 44, 7)
    )
    assert (
        Project.history.count(),
        ProgressReport.history.count(),
    ) == history  # nothing changed, nothing recorded
    assert export() == first
    assert StrategyNode.objects.filter(depth=1).count() == 2


def test_history_records_the_file_without_a_user(legacy_dir):
    run_import(legacy_dir / "printed-form-04160000-6968.txt")
    record = Project.objects.get(code="04160000-6968").history.first()
    assert record.history_change_reason == "นำเข้าจากไฟล์ printed-form-04160000-6968.txt"
    assert record.history_user is None


WEB_PAGE_6968 = """\
ความคืบหน้าโครงการ/กิจกรรม

โครงการส่งเสริมความร่วมมือจากแนวปฏิบัติที่ดีที่สุดในเมืองที่เมืองน้อง : 04160000-6968

สำนักปลัดกรุงเทพมหานคร : (2566)

ความคืบหน้าโครงการ ร้อยละ 25.00

นางสาวผู้รับผิดชอบ ทดสอบ โทร.1234

04160000/04160000

(1) ความคืบหน้าโครงการฯ ร้อยละ 25.00 (2023-02-27)

25.00

27/02/2566 : ดำเนินการจัดนิทรรศการประชาสัมพันธ์ข้อมูลและการบริหารจัดการเมืองระหว่างกรุงเทพมหานคร และกรุงฮัสตานา สาธารณรัฐคาซัคสถาน ระหว่างวันที่ 7 - 12 กุมภาพันธ์ 2566 ณ หอสมุดเมืองกรุงเทพมหานคร เรียบร้อยแล้ว

** ปัญหาของโครงการ :ค่าเดินทางสูงขึ้น

** อุปสรรคของโครงการ :ไม่มี

------------------&&&--------------------

(2) ความคืบหน้าโครงการฯ ร้อยละ 20.00 (2023-01-26)

20.00

26/01/2566 : นิทรรศการประชาสัมพันธ์ข้อมูลและการบริหารจัดการเมืองระหว่างกรุงเทพมหานคร และกรุงฮัสตานา สาธารณรัฐคาซัคสถาน ระหว่างวันที่ 7 - 12 กุมภาพันธ์ 2566 ณ หอสมุดเมืองกรุงเทพมหานคร อยู่ในระหว่างการดำเนินการตามที่ได้รับอนุมัติ

** ปัญหาของโครงการ :-

** อุปสรรคของโครงการ :-

------------------&&&--------------------
** ผลการประเมินโครงการ (รายไตรมาส) **
"""


@pytest.mark.parametrize("web_first", [True, False])
def test_web_page_and_printed_form_of_one_project_merge(legacy_dir, tmp_path, web_first):
    web = tmp_path / "web-6968.txt"
    web.write_text(WEB_PAGE_6968, encoding="utf-8")
    form = legacy_dir / "printed-form-04160000-6968.txt"
    run_import(*((web, form) if web_first else (form, web)))
    [p] = export("04160000-6968")
    assert Project.objects.count() == 1
    # Both sources name the responsible: the file imported last is the newer word.
    expected = "ส่วนส่งเสริมความสัมพันธ์ระหว่างเมือง" if web_first else "นางสาวผู้รับผิดชอบ ทดสอบ"
    assert p["responsible"] == expected
    # Only the web page gives a phone and problems:
    assert p["phone"] == "1234"
    assert (p["reports"][1]["problems"], p["reports"][1]["obstacles"]) == ("ค่าเดินทางสูงขึ้น", "")
    assert (p["reports"][0]["problems"], p["reports"][0]["obstacles"]) == ("", "")
    # From the printed form, never erased by the other source's NULLs:
    assert p["coordinator"] == "นางวิมลพรรณ พิมสาร"
    assert (p["budget_received"], p["budget_used"]) == ("1643800.00", "495000.00")
    assert (p["reports"][0]["disbursed"], p["reports"][0]["plan_status"]) == ("495000.00", "on_plan")
    assert len(p["reports"]) == 10
    assert p["agency"] == ["สำนักปลัดกรุงเทพมหานคร", "ส่วนส่งเสริมความสัมพันธ์ระหว่างเมือง"]


def test_decomposed_sara_am_is_stored_composed(legacy_dir):
    run_import(legacy_dir / "web-page-01000000-2456.txt")
    assert Agency.objects.get(code="01000000").name == "สำนักงานเลขานุการสภากรุงเทพมหานคร"
    assert not Project.objects.filter(rationale__contains="\u0e4d\u0e32").exists()
    assert StrategyNode.objects.filter(name__contains="ผลการดำเนินงาน").count() == 1


def test_thai_digits_are_read_as_numbers(tmp_path, legacy_dir):
    text = (legacy_dir / "printed-form-04160000-6968.txt").read_text(encoding="utf-8")
    text = (
        text.replace("1,643,800 บาท", "๑,๖๔๓,๘๐๐ บาท")
        .replace(": 2566", ": ๒๕๖๖")
        .replace("26/01/2566", "๒๖/๐๑/๒๕๖๖")
    )
    path = tmp_path / "thai-digits.txt"
    path.write_text(text, encoding="utf-8")
    run_import(path)
    [p] = export()
    assert (p["fiscal_year"], p["budget_received"], p["reports"][0]["date"]) == (
        2566,
        "1643800.00",
        "2023-01-26",
    )


BAD_FILES = {
    "unknown.txt": ("รายการสั่งซื้อวัสดุสำนักงาน\nกระดาษ 10 รีม\n", "ไม่ใช่ไฟล์จากระบบเดิม"),
    "bad-date.txt": (None, "31/02/2566"),
    "bad-progress.txt": (None, "120.00"),
}


def _bad_files(tmp_path, legacy_dir):
    form = (legacy_dir / "printed-form-04160000-6968.txt").read_text(encoding="utf-8")
    contents = {
        "unknown.txt": BAD_FILES["unknown.txt"][0],
        "bad-date.txt": form.replace("27/03/2566", "31/02/2566"),
        "bad-progress.txt": form.replace("= 28.00 %", "= 120.00 %"),
    }
    paths = []
    for name, text in contents.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        paths.append(tmp_path / name)
    return paths


def test_bad_files_are_reported_and_nothing_of_them_is_written(tmp_path, legacy_dir):
    bad = _bad_files(tmp_path, legacy_dir)
    good = legacy_dir / "printed-form-01000000-2475.txt"
    out = StringIO()
    with pytest.raises(CommandError, match="ไม่สำเร็จ 3 ไฟล์"):
        call_command("import_legacy", *map(str, [*bad, good]), stdout=out, stderr=out)
    output = out.getvalue()
    assert "unknown.txt บรรทัด 1: ไม่ใช่ไฟล์จากระบบเดิม" in output
    assert "bad-date.txt บรรทัด 143: ไม่มีวันที่ “31/02/2566” ในปฏิทิน" in output
    assert "bad-progress.txt บรรทัด 146: ร้อยละ 120.00 ต้องอยู่ระหว่าง 0 ถึง 100" in output
    assert "นำเข้าสำเร็จ 1 ไฟล์ ไม่สำเร็จ 3 ไฟล์" in output
    assert list(Project.objects.values_list("code", flat=True)) == ["01000000-2475"]
    assert not Agency.objects.filter(code__startswith="04").exists()


def test_a_bad_file_leaves_a_stored_project_untouched(tmp_path, legacy_dir):
    form = legacy_dir / "printed-form-04160000-6968.txt"
    run_import(form)
    before = export()
    broken = tmp_path / "broken.txt"
    broken.write_text(form.read_text(encoding="utf-8").replace("= 28.00 %", "= 120.00 %"), encoding="utf-8")
    with pytest.raises(CommandError):
        run_import(broken)
    assert export() == before


def test_dry_run_writes_nothing(legacy_dir):
    output = run_import(*(legacy_dir / name for name in SEEDS), dry_run=True)
    assert "ทดลอง (ไม่บันทึก) สรุป: นำเข้าสำเร็จ 4 ไฟล์" in output
    assert Project.objects.count() == 0 and Agency.objects.count() == 0


def test_copied_file_name_does_not_matter(tmp_path, legacy_dir):
    renamed = tmp_path / "scan.txt"
    shutil.copy(legacy_dir / "web-page-01000000-2456.txt", renamed)
    run_import(renamed)
    assert Project.objects.get().code == "01000000-2456"


def test_export_filters_by_fiscal_year_and_code(imported):
    assert {p["code"] for p in export("--fiscal-year", "2566")} == {"04160000-6968", None}
    assert [p["code"] for p in export("01000000-2475")] == ["01000000-2475"]


def test_cut_page_then_whole_page_of_the_same_project_is_one_project(tmp_path, legacy_dir):
    fragment = legacy_dir / "web-page-fragment-04160200.txt"
    whole = tmp_path / "whole.txt"
    header = "โครงการความร่วมมือระหว่างเมือง : 04160200-1111\n\nสำนักปลัดกรุงเทพมหานคร : (2566)\n\n"
    whole.write_text(header + fragment.read_text(encoding="utf-8"), encoding="utf-8")
    run_import(fragment)
    output = run_import(whole)
    assert "โครงการใหม่ 0 ปรับปรุง 1" in output
    project = Project.objects.get()
    assert (project.code, project.name, project.fiscal_year) == (
        "04160200-1111",
        "โครงการความร่วมมือระหว่างเมือง",
        2566,
    )
    assert project.reports.count() == 10
    assert Agency.objects.get(code="04000000").name == "สำนักปลัดกรุงเทพมหานคร"


def test_another_web_page_of_the_same_system_imports_as_its_own_project(tmp_path, legacy_dir):
    seed = (legacy_dir / "web-page-01000000-2456.txt").read_text(encoding="utf-8")
    other = (
        seed.replace("01000000-2456", "02000000-3001")
        .replace("01000600/01000600", "02010000/02010000")
        .replace("สํานักงานเลขานุการสภากรุงเทพมหานคร : (2563)", "สำนักงานเลขานุการผู้ว่าราชการกรุงเทพมหานคร : (2563)")
        .replace("โทร.1136", "โทร.2201")
        .replace("ร้อยละ 8.00 (2019-10-30)", "ร้อยละ 9.50 (2019-10-30)")
        .replace("ไตรมาสที่ 1 100.0000", "ไตรมาสที่ 1 87.5000")
    )
    path = tmp_path / "other.txt"
    path.write_text(other, encoding="utf-8")
    run_import(legacy_dir / "web-page-01000000-2456.txt", path)
    projects = by_code(export())
    p = projects["02000000-3001"]
    assert (p["agency_code"], p["agency"]) == ("02010000", ["สำนักงานเลขานุการผู้ว่าราชการกรุงเทพมหานคร"])
    assert p["phone"] == "2201"
    assert p["reports"][0]["progress"] == "9.50"
    assert p["evaluations"] == [{"quarter": 1, "score": "87.5000"}]
    assert projects["01000000-2456"]["reports"][0]["progress"] == "8.00"


def test_a_known_agency_name_is_not_overwritten_silently(tmp_path, legacy_dir):
    run_import(legacy_dir / "printed-form-04160000-6968.txt")
    renamed = tmp_path / "renamed.txt"
    text = (legacy_dir / "printed-form-04160000-6968.txt").read_text(encoding="utf-8")
    renamed.write_text(text.replace("สำนักปลัดกรุงเทพมหานคร /", "สำนักปลัด กทม. /"), encoding="utf-8")
    output = run_import(renamed)
    assert "หน่วยงานรหัส 04000000 ชื่อ “สำนักปลัดกรุงเทพมหานคร” อยู่แล้ว ไม่เปลี่ยนเป็น “สำนักปลัด กทม.”" in output
    assert Agency.objects.get(code="04000000").name == "สำนักปลัดกรุงเทพมหานคร"


def test_seed_rationales_read_as_paragraphs_not_the_old_layout_lines(imported):
    """The printed forms' prose comes back as paragraphs and list items, not the scan's short lines."""
    _, projects = imported
    rationale_2475 = projects["01000000-2475"]["rationale"]
    # the old page's 19 lines (each followed by a blank line) are rejoined with a space where they broke
    assert rationale_2475.startswith(
        "ปัจจุบันความสัมพันธ์ระหว่างประเทศทั้งด้านการเมือง เศรษฐกิจ สังคม และวัฒนธรรม "
        "ได้กลายมาเป็นความสัมพันธ์ในลักษณะไร้พรมแดนและพึ่งพาอาศัยกันมากขึ้น ดังจะเห็นได้ว่า"
    )
    assert len(rationale_2475.split("\n")) <= 3
    rationale_6968 = projects["04160000-6968"]["rationale"].split("\n")
    # the scan's indented lines (□□) start the paragraphs; the paragraph `เนื่องด้วย...` has no indent and
    # follows a cut line in the scan, so nothing tells it apart and it stays joined
    assert [p[:30] for p in rationale_6968] == [
        "สำนักงานการต่างประเทศได้จัดการ",
        "สำนักงานการต่างประเทศได้รายงาน",
        "ดังนั้น เพื่อเป็นการต่อยอดการด",
    ]
    assert "¶" not in projects["04160000-6968"]["rationale"]
    objectives = projects["01000000-2475"]["objectives"].split("\n")
    assert [o[:2] for o in objectives] == ["1.", "2.", "3.", "4."]
    assert objectives[1].endswith(
        "แนะนำแนวทางแก้ไขปัญหา รวมทั้งการแลกเปลี่ยนประสบการณ์ในฐานะสภานิติบัญญัติ"
        "ระดับท้องถิ่นระหว่างสภากรุงเทพมหานครกับสภามิตรประเทศไทยต่าง ๆ"
    )
    targets = projects["01000000-2475"]["targets"].split("\n")
    assert targets[0].startswith("1. ดำเนินการให้การต้อนรับ")
    assert "จากต่างประเทศ ตามข้อตกลงที่มีการลงนาม" in targets[0]
    assert targets[1:4] == [
        "๑.๑ นครคุนหมิง สาธารณรัฐประชาชนจีน",
        "๑.๒ เทศบาลรากุนด์า ราชอาณาจักรสวีเดน",
        "๑.๓ กรุงอูลานบาตอร์ ประเทศมองโกเลีย",
    ]


def test_imported_reports_were_approved_in_the_old_system(imported):
    _, projects = imported
    approvals = [r["approval"] for p in projects.values() for r in p["reports"]]
    assert approvals
    assert {(a["state"], a["by"], a["comment"]) for a in approvals} == {
        ("approved", None, "อนุมัติแล้วในระบบเดิม (นำเข้าข้อมูล)")
    }


def test_importing_again_keeps_the_sign_off_as_it_is(imported, legacy_dir):
    from projects.models import ReportTransition

    steps = ReportTransition.objects.count()
    assert steps
    run_import(*(legacy_dir / name for name in SEEDS), force=True)
    assert ReportTransition.objects.count() == steps
