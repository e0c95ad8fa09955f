"""The legacy parsers, without the database: the seeds and small synthetic snippets of the same formats."""

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from projects.importers import derive
from projects.importers.detect import parse_text
from projects.importers.records import PRINTED_FORM, WEB_PAGE, LegacyFileError
from projects.importers.text import decode, majority, responsible_and_phone, statuses

LEGACY = Path(__file__).resolve().parents[2] / "legacy"


def seed(name: str) -> str:
    return (LEGACY / name).read_text(encoding="utf-8")


# --- A printed form written for these tests: one copy, reports laid out the ways OCR leaves them ---------
FORM_HEAD = """\
**** แบบแสดงรายงานความก้าวหน้าและข้อมูลเกี่ยวกับโครงการ ****
1. ชื่อโครงการและหน่วยงานที่รับผิดชอบโครงการ
1.1 รหัสโครงการและชื่อโครงการ
ชื่อโครงการ/กิจกรรม : โครงการทดสอบการนําเข้า
รหัสโครงการ... : 05120000-0042	ปีงบประมาณ พ.ศ. : ๒๕๖๖
เริ่มต้นโครงการ : 2022-10-01 00:00:00	งบประมาณที่ได้รับ : ๑,๒๐๐,๐๐๐.๕๐ บาท
สิ้นสุดโครงการ : 2023-09-30 00:00:00	งบประมาณที่ใช้ไป : 1,000 บาท
1.2 หน่วยงานที่รับผิดชอบ
หน่วยงานที่รับผิดชอบ. : สำนักการโยธา / กองทดสอบ / กองทดสอบ
ชื่อผู้รับผิดชอบ... : กองทดสอบ ผู้ประสานงาน สยป : นางสาวทดสอบ ใจดี
1.3 หลักการและเหตุผล
เหตุผลบรรทัดแรก
เหตุผลบรรทัดสอง
1.4 วัตถุประสงค์ของโครงการ
1. เพื่อทดสอบ
1.5 เป้าหมายของโครงการ..
ประชาชน ๑๗ เขต
1.6 สนับสนุนแผนพัฒนา กทม. ระยะ 20 ปี (ยุทธศาสตร์-ประเด็นยุทธศาสตร์-กลยุทธ์ตามแผนฯ /ตัวชี้วัด)
ประเด็นยุทธศาสตร์ : ยุทธศาสตร์ที่ ๒ ? เมืองสีเขียว
ประเด็นยุทธศาสตร์ย่อย : ๒.๑ - ลดมลพิษ
เป้าหมายที่ : ๒.๑.๑ อากาศสะอาด
ตัวชี้วัด... : มิติที่ 2 1.1
ร้อยละของพื้นที่สีเขียว
2. รายงานความก้าวหน้าของโครงการและการใช้จ่ายงบประมาณ
"""
FORM_END = """
ขอรับรองว่า ข้อมูลที่ปรากฏในเอกสารฉบับนี้ หน่วยงานได้จัดพิมพ์จากระบบงานจริง เพื่อเป็นหลักฐานไว้ตรวจสอบ
ลงชื่อ.....(ผู้รับผิดชอบโครงการ)
"""


def form(reports: str) -> str:
    return FORM_HEAD + reports + FORM_END


def test_printed_form_header_fields_with_thai_digits_and_decomposed_sara_am():
    record = parse_text(
        form(
            "รายงานครั้งที่1 :: 25/10/2565 : เริ่มงาน :: ความก้าวหน้าของงานฯ = 10.00 % งบประมาณที่เบิกใช้ (ครั้งที่ 1) = 1,000 บาท : เป็นไปตามแผน : เป็นไปตามเป้าหมาย\n"
        )
    )
    assert record.source_format == PRINTED_FORM
    assert record.name == "โครงการทดสอบการนำเข้า"  # decomposed sara am composed
    assert record.code == "05120000-0042"
    assert record.fiscal_year == 2566  # Thai digits read
    assert record.budget_received == Decimal("1200000.50")
    assert record.start_date == date(2022, 10, 1)
    assert record.end_date == date(2023, 9, 30)
    assert record.agency_code == "05120000"
    assert record.agency_names == ["สำนักการโยธา", "กองทดสอบ"]
    assert record.responsible == "กองทดสอบ"
    assert record.coordinator == "นางสาวทดสอบ ใจดี"
    assert record.rationale == "เหตุผลบรรทัดแรก เหตุผลบรรทัดสอง"
    assert record.targets == "ประชาชน ๑๗ เขต"  # Thai digits stay as written in prose
    assert record.strategy == ["ยุทธศาสตร์ที่ ๒ - เมืองสีเขียว", "๒.๑ - ลดมลพิษ", "๒.๑.๑ อากาศสะอาด"]
    assert record.routine is False
    assert record.strategy_indicator == "มิติที่ 2 1.1 ร้อยละของพื้นที่สีเขียว"
    assert record.warnings == []  # stated budget used equals the disbursements
    [report] = record.reports
    assert (report.number, report.date, report.progress) == (1, date(2022, 10, 25), Decimal("10.00"))
    assert (report.disbursed, report.plan_status, report.target_status) == (Decimal("1000"), "on_plan", "met")
    assert report.text == "เริ่มงาน"
    assert report.problems is None and report.obstacles is None  # the form has no such field


def test_printed_form_scrambled_label_carries_previous_figures():
    reports = """\
รายงานครั้งที่1	:: 25/10/2565 : เริ่มงาน
	:: ความก้าวหน้าของงานฯ = 10.00	: งบประมาณที่เบิกใช้ (ครั้งที่ 1) = 0 บาท	: เป็นไปตามแผน : เป็นไปตามเป้าหมาย
รายงานครั้งที่2	:: 24/11/2565 : งานที่สอง
บรรทัดต่อ
รายงานครั้งที่3 :: ความก้าวหน้าของงานฯ = 20.00 % งบประมาณที่เบิกใช้ (ครั้งที่ 2) = 500 บาท : เป็นไปตามแผนแต่ควรถติ : เป็นไปตามเป้า
:: 22/12/2565 : งานที่สาม
รายงานครั้งที่4 :: ความก้าวหน้าของงานฯ = 30.00 % งบประมาณที่เบิกใช้ (ครั้งที่ 3) = 500 บาท : ไม่เป็นไปตามแผน : ไม่เป็นไปตามเป้าหมาย
23/01/2566 : งานที่สี่
:: ความก้าวหน้าของงานฯ = 40.00 : งบประมาณที่เบิกใช้ (ครั้งที่ 4) = 0 บาท : เป็นไปตามแผนแต่ควรติดตามเป็นปกติตามเป้าหมาย
"""
    record = parse_text(form(reports))
    got = {r.number: r for r in record.reports}
    assert sorted(got) == [1, 2, 3, 4]
    assert (got[1].progress, got[1].plan_status, got[1].target_status) == (Decimal("10.00"), "on_plan", "met")
    # The label `รายงานครั้งที่3` carries report 2's figures; the date after it belongs to report 3.
    assert got[2].text == "งานที่สอง บรรทัดต่อ"
    assert (got[2].date, got[2].progress, got[2].disbursed) == (
        date(2022, 11, 24),
        Decimal("20.00"),
        Decimal("500"),
    )
    assert (got[2].plan_status, got[2].target_status) == ("monitor", "met")  # truncated OCR words
    assert (got[3].date, got[3].text, got[3].progress) == (date(2022, 12, 22), "งานที่สาม", Decimal("30.00"))
    assert (got[3].plan_status, got[3].target_status) == ("off_plan", "not_met")
    # A date without the leading `::` after a label, and figures without `%`.
    assert (got[4].date, got[4].text, got[4].progress) == (date(2023, 1, 23), "งานที่สี่", Decimal("40.00"))
    assert (got[4].plan_status, got[4].target_status) == ("monitor", None)  # merged statuses: target unknown


def test_printed_form_page_header_inside_a_report_text_is_dropped():
    reports = """\
รายงานครั้งที่1 :: 25/10/2565 : ข้อความส่วนแรก



**** แบบแสดงรายงานความก้าวหน้าและข้อมูลเกี่ยวกับโครงการ ****

ข้อความส่วนหลัง
:: ความก้าวหน้าของงานฯ = 10.00 % งบประมาณที่เบิกใช้ (ครั้งที่ 1) = 1,000 บาท : เป็นไปตามแผน : เป็นไปตามเป้าหมาย
รายงานครั้งที่2

** แบบแสดงรายงานความก้าวหน้าและข้อมูลเกี่ยวกับโครงการ **
:: 24/11/2565 : ต่อจากหัวกระดาษ
:: ความก้าวหน้าของงานฯ = 15.00 % งบประมาณที่เบิกใช้ (ครั้งที่ 2) = 0 บาท : เป็นไปตามแผน : เป็นไปตามเป้าหมาย
"""
    record = parse_text(form(reports))
    assert record.reports[0].text == "ข้อความส่วนแรก ข้อความส่วนหลัง"
    assert (record.reports[1].number, record.reports[1].date) == (2, date(2022, 11, 24))
    assert record.reports[1].text == "ต่อจากหัวกระดาษ"


def test_printed_form_copies_are_merged_by_majority():
    one = "รายงานครั้งที่1 :: 25/10/2565 : เริ่มงาน :: ความก้าวหน้าของงานฯ = 10.00 % งบประมาณที่เบิกใช้ (ครั้งที่ 1) = 1,000 บาท : เป็นไปตามแผน : เป็นไปตามเป้าหมาย\n"
    ocr = one.replace("10.00", "16.00").replace("เริ่มงาน", "เริมงาน")
    text = form(one) + form(ocr).replace("นางสาวทดสอบ ใจดี", "นางสาวทดสบ ใจดี") + form(one)
    record = parse_text(text)
    assert record.coordinator == "นางสาวทดสอบ ใจดี"
    [report] = record.reports
    assert (report.progress, report.text) == (Decimal("10.00"), "เริ่มงาน")


def test_printed_form_ties_go_to_the_first_copy():
    assert majority(["คุณปริญดา", "คุณปริญา", "คุณปริญดา"]) == "คุณปริญดา"
    assert majority(["ก", "ข"]) == "ก"
    assert majority([None, "ข  ค", "ข ค"]) == "ข  ค"  # compared on collapsed whitespace
    assert majority([None, None]) is None


def test_printed_form_routine_work_variants():
    text = form("").replace(
        "ประเด็นยุทธศาสตร์ : ยุทธศาสตร์ที่ ๒ ? เมืองสีเขียว", "ประเด็นยุทธศาสตร์ : **** การดำเนินงานประจำของหน่วยงาน ****"
    )
    record = parse_text(text)
    assert record.routine is True
    assert record.strategy is None


def test_statuses_best_prefix_and_negation():
    assert statuses(": เป็นไปตามแผน : เป็นไปตามเป้าหมาย") == ("on_plan", "met")
    assert statuses(": เป็นไปตามแผนแต่ควรติดตาม\tเป็นไปตามเป้าหมาย") == ("monitor", "met")
    assert statuses(": เป็นไปตามแผนแต่ควรถติ : เป็นไปตามเป้า") == ("monitor", "met")
    assert statuses(": ไม่เป็นไปตามแผน : ไม่เป็นไปตามเป้าหมาย") == ("off_plan", "not_met")
    assert statuses(": เป็นไปตาม : เป็นไปตาม") == (None, None)


def test_printed_form_seed_2475():
    record = parse_text(seed("printed-form-01000000-2475.txt"))
    assert record.code == "01000000-2475"
    assert record.fiscal_year == 2565
    assert record.coordinator == "คุณปริญดา"
    assert record.routine is True
    assert [r.number for r in record.reports] == list(range(1, 13))
    assert [str(r.progress) for r in record.reports] == [
        "10.00", "8.00", "20.00", "30.00", "40.00", "50.00", "60.00", "68.00", "76.00", "84.00", "92.00", "92.00"
    ]  # fmt: skip
    assert record.reports[1].plan_status == "monitor"
    assert (record.reports[11].plan_status, record.reports[11].target_status) == ("off_plan", "not_met")
    assert record.reports[10].date == date(2022, 8, 22)
    assert record.reports[10].text.startswith("เสร็จสิ้นการให้การต้อนรับสมาพันธ์จังหวัดฟุกุโอกะ")
    assert "แบบแสดงรายงาน" not in "".join(r.text for r in record.reports)


def test_a_second_project_made_from_a_seed_parses_with_its_own_values():
    text = (
        seed("printed-form-04160000-6968.txt")
        .replace("04160000-6968", "05030000-7001")
        .replace("1,643,800", "2,000,000")
        .replace("สำนักปลัดกรุงเทพมหานคร", "สำนักการระบายน้ำ")
        .replace("= 495,000 บาท", "= 12,345.50 บาท")
        .replace("งบประมาณที่ใช้ไป : 495,000 บาท", "งบประมาณที่ใช้ไป : 12,345.50 บาท")
        .replace("27/03/2566", "28/03/2566")
    )
    record = parse_text(text)
    assert record.code == "05030000-7001"
    assert record.agency_code == "05030000"
    assert record.agency_names == ["สำนักการระบายน้ำ", "ส่วนส่งเสริมความสัมพันธ์ระหว่างเมือง"]
    assert record.budget_received == Decimal("2000000")
    assert record.reports[0].disbursed == Decimal("12345.50")
    assert record.reports[2].date == date(2023, 3, 28)
    assert record.warnings == []


def test_stated_budget_used_that_differs_from_the_disbursements_is_a_warning():
    text = seed("printed-form-04160000-6968.txt").replace(
        "งบประมาณที่ใช้ไป : 495,000", "งบประมาณที่ใช้ไป : 500,000"
    )
    record = parse_text(text)
    assert any("500,000.00" in w and "495,000.00" in w for w in record.warnings)


# --- The web page --------------------------------------------------------------------------------------
def test_web_page_seed_header_reports_steps_kpi_evaluation():
    record = parse_text(seed("web-page-01000000-2456.txt"))
    assert record.source_format == WEB_PAGE
    assert record.code == "01000000-2456"
    assert record.name == "โครงการสภาบ้านพี่เมืองน้องและขยายความสัมพันธ์กับสภาเมืองต่างประเทศ"
    assert record.fiscal_year == 2563
    assert record.agency_code == "01000600"
    assert record.agency_names == ["สำนักงานเลขานุการสภากรุงเทพมหานคร"]  # `สํานักงาน` composed
    assert (record.responsible, record.phone) == ("น.ส.ณริณทร์ธร โพธากุล", "1136")
    assert record.budget_received is None and record.coordinator is None
    assert record.reports[0].number == 1 and record.reports[0].date == date(2019, 10, 30)
    assert record.reports[-1].number == 12 and record.reports[-1].date == date(2020, 9, 11)
    assert record.reports[0].problems == ""  # ไม่มี
    assert record.reports[4].problems == ""  # -
    assert record.reports[-1].disbursed is None and record.reports[-1].plan_status is None
    assert [(s.number, s.weight) for s in record.steps] == [
        (1, 10), (2, 20), (3, 10), (4, 10), (5, 10), (6, 30), (7, 10)
    ]  # fmt: skip
    [kpi] = record.kpis
    assert (kpi.code, kpi.unit, kpi.target, kpi.kind, kpi.level) == (
        "0100-0807", "percent", Decimal("100.0000"), "routine", "output"
    )  # fmt: skip
    assert [q.result for q in kpi.quarters] == [
        Decimal("21.00"),
        Decimal("42.00"),
        Decimal("63.75"),
        Decimal("100.00"),
    ]
    assert [(e.quarter, e.score) for e in record.evaluations] == [(1, Decimal("100.0000"))]


def test_web_page_fragment_without_header():
    record = parse_text(seed("web-page-fragment-04160200.txt"))
    assert record.code is None and record.name is None
    assert record.fiscal_year == 2566  # from the first report, 2023-01-25
    assert any("2566" in w for w in record.warnings)
    assert record.agency_code == "04160200"
    assert (record.responsible, record.phone) == ("กลุ่มงานส่งเสริมศักยภาพของเมือง", None)
    assert record.strategy[1] == "๗.๒ - การบริหารแผนและประเมินผล"  # trailing `|` stripped
    assert record.evaluations == []  # `ไตรมาสที่ 1` without a score
    [kpi] = record.kpis
    assert kpi.code is None
    assert kpi.name.startswith("2.8 ระดับความสำเร็จ")
    assert (kpi.unit, kpi.target, kpi.achieved, kpi.kind) == (
        "level",
        Decimal("1"),
        Decimal("1"),
        "strategic",
    )


WEB_SNIPPET = """\
โครงการทดสอบหน้าเว็บ : 05120000-0099

สำนักการโยธา : (๒๕๖๖)

ความคืบหน้าโครงการ ร้อยละ 30.00

นายทดสอบ ระบบ โทร.๑๒๓๔

๐๕๑๒๐๐๐๐/๐๕๑๒๐๐๐๐

(1) ความคืบหน้าโครงการฯ ร้อยละ 30.00 (2022-11-25)

30.00

๒๕/๑๑/๒๕๖๕ : ทำต่อ
บรรทัดที่สอง

** ปัญหาของโครงการ :ฝนตก

** อุปสรรคของโครงการ :-

------------------&&&--------------------

(2) ความคืบหน้าโครงการฯ ร้อยละ ๑๐.๐๐ (2022-10-25)

25/10/2565 : เริ่มต้น

** ปัญหาของโครงการ :ไม่มี

** อุปสรรคของโครงการ :

------------------&&&--------------------
** ผลการประเมินโครงการ (รายไตรมาส) **
"""


def test_web_page_snippet_with_thai_digits_is_renumbered_oldest_first():
    record = parse_text(WEB_SNIPPET)
    assert record.fiscal_year == 2566
    assert record.agency_code == "05120000"
    assert record.phone == "๑๒๓๔"  # prose keeps its digits
    first, second = record.reports
    assert (first.number, first.date, first.progress, first.text) == (
        1,
        date(2022, 10, 25),
        Decimal("10.00"),
        "เริ่มต้น",
    )
    assert (first.problems, first.obstacles) == ("", "")
    assert (second.number, second.text, second.problems, second.obstacles) == (
        2,
        "ทำต่อ บรรทัดที่สอง",
        "ฝนตก",
        "",
    )


# --- Files that cannot be read ---------------------------------------------------------------------------
def test_unknown_format_is_refused():
    with pytest.raises(LegacyFileError) as error:
        parse_text("รายการสั่งซื้อวัสดุสำนักงาน\nกระดาษ 10 รีม\n")
    assert "ไม่ใช่ไฟล์จากระบบเดิม" in error.value.reason


def test_impossible_date_is_refused_with_its_line():
    text = form(
        "รายงานครั้งที่1 :: 31/02/2566 : เริ่มงาน :: ความก้าวหน้าของงานฯ = 10.00 % งบประมาณที่เบิกใช้ (ครั้งที่ 1) = 0 บาท : เป็นไปตามแผน : เป็นไปตามเป้าหมาย\n"
    )
    with pytest.raises(LegacyFileError) as error:
        parse_text(text)
    assert error.value.line == FORM_HEAD.count("\n") + 1
    assert "31/02/2566" in error.value.reason
    assert error.value.describe("x.txt").startswith(f"x.txt บรรทัด {error.value.line}: ")


def test_progress_over_100_is_refused_with_its_line():
    text = WEB_SNIPPET.replace("ร้อยละ 30.00 (2022-11-25)", "ร้อยละ 120.00 (2022-11-25)")
    with pytest.raises(LegacyFileError) as error:
        parse_text(text)
    assert error.value.line == 11
    assert "120.00" in error.value.reason


def test_decode_accepts_the_thai_windows_code_page():
    assert decode("สำนัก".encode("cp874")) == "สำนัก"
    assert decode("\ufeffสำนัก".encode()) == "สำนัก"


# --- Derived values ----------------------------------------------------------------------------------------
def test_agency_chain_and_kind():
    assert derive.agency_chain("04160200") == ["04000000", "04160000", "04160200"]
    assert derive.agency_chain("01000600") == ["01000000", "01000600"]
    assert derive.agency_chain("01000000") == ["01000000"]
    assert [derive.agency_kind(c) for c in ("04000000", "04160000", "04160200")] == [
        "department", "division", "section"
    ]  # fmt: skip
    with pytest.raises(LegacyFileError):
        derive.agency_chain("0416")


def test_status_from_newest_report():
    assert derive.project_status("ยกเลิกโครงการ เนื่องจาก", Decimal("40"))[0] == "cancelled"
    assert derive.project_status("ขอชะลอโครงการ", Decimal("40")) == ("delayed", "ขอชะลอโครงการ")
    assert derive.project_status("แล้วเสร็จ", Decimal("100.00")) == ("completed", "")
    assert derive.project_status("ดำเนินการ", Decimal("99.00")) == ("active", "")
    assert derive.budget_returned([None, "ส่งคืนงบประมาณ เป็นเงิน 9,603,371.83 บาท"]) == Decimal("9603371.83")


def test_legacy_key_is_stable_over_whitespace():
    one = derive.legacy_key(
        agency_code="04160200", fiscal_year=2566, first_date=date(2023, 1, 25), first_text="ก  ข"
    )
    two = derive.legacy_key(
        agency_code="04160200", fiscal_year=2566, first_date=date(2023, 1, 25), first_text="ก ข"
    )
    assert one == two and len(one) == 64


def test_web_page_dates_that_disagree_keep_the_report_date_with_a_warning():
    record = parse_text(WEB_SNIPPET.replace("๒๕/๑๑/๒๕๖๕ :", "26/11/2565 :"))
    assert record.reports[1].date == date(2022, 11, 25)
    assert any("26/11/2565" in w for w in record.warnings)


def test_printed_form_long_name_runs_on_to_the_next_line():
    text = form("").replace(
        "ชื่อโครงการ/กิจกรรม : โครงการทดสอบการนําเข้า", "ชื่อโครงการ/กิจกรรม : โครงการทดสอบ\nการนำเข้าข้อมูล"
    )
    text += "รายงานครั้งที่1 :: 25/10/2565 : ก :: ความก้าวหน้าของงานฯ = 5.00 % งบประมาณที่เบิกใช้ (ครั้งที่ 1) = 0 บาท\n"
    record = parse_text(text)
    assert record.name == "โครงการทดสอบ การนำเข้าข้อมูล"


def test_printed_form_reports_found_when_their_heading_is_lost():
    text = form(
        "รายงานครั้งที่1 :: 25/10/2565 : ก :: ความก้าวหน้าของงานฯ = 5.00 % งบประมาณที่เบิกใช้ (ครั้งที่ 1) = 0 บาท\n"
    ).replace("2. รายงานความก้าวหน้าของโครงการและการใช้จ่ายงบประมาณ\n", "")
    record = parse_text(text)
    assert record.strategy_indicator == "มิติที่ 2 1.1 ร้อยละของพื้นที่สีเขียว"
    assert [(r.number, r.progress) for r in record.reports] == [(1, Decimal("5.00"))]


def test_web_page_incomplete_step_is_left_out_with_a_warning():
    text = seed("web-page-01000000-2456.txt").replace(":30%\n", "")
    record = parse_text(text)
    assert [s.number for s in record.steps] == [1, 2, 3, 4, 5, 7]
    assert any("ขั้นตอน 6 ไม่ครบ" in w for w in record.warnings)


def test_responsible_and_phone():
    assert responsible_and_phone("น.ส.ณริณทร์ธร โพธากุล โทร.1136") == ("น.ส.ณริณทร์ธร โพธากุล", "1136")
    assert responsible_and_phone("นายสมชาย ใจดี โทรศัพท์ 02 224 1234") == ("นายสมชาย ใจดี", "02 224 1234")
    assert responsible_and_phone("กลุ่มงานส่งเสริมศักยภาพของเมือง") == ("กลุ่มงานส่งเสริมศักยภาพของเมือง", None)
    assert responsible_and_phone("ฝ่ายโทรคมนาคม") == ("ฝ่ายโทรคมนาคม", None)
