"""Which legacy format a file is in (from its content, never its name), parsed and checked."""

from projects.fiscal import fiscal_year_of

from . import printed_form, web_page
from .records import LegacyFileError, ProjectRecord
from .text import numbered_lines


def parse_text(text: str) -> ProjectRecord:
    """Parse one legacy file's text into a checked `ProjectRecord`; raises `LegacyFileError`."""
    lines = numbered_lines(text)
    if web_page.looks_like(lines):
        record = web_page.parse(lines)
    elif printed_form.looks_like(lines):
        record = printed_form.parse(lines)
    else:
        raise LegacyFileError(
            "ไม่ใช่ไฟล์จากระบบเดิม (ไม่พบหน้าความคืบหน้าโครงการ หรือแบบแสดงรายงานความก้าวหน้าและข้อมูลเกี่ยวกับโครงการ)", 1
        )
    check(record)
    return record


def check(record: ProjectRecord) -> None:
    """Refuse what cannot be stored; fill what the rules allow to be worked out, with a warning."""
    complete = []
    for report in record.reports:
        if report.date is None or report.progress is None:
            missing = "วันที่" if report.date is None else "ความก้าวหน้า"
            record.warnings.append(f"รายงานครั้งที่ {report.number} ไม่มี{missing} จึงไม่นำเข้ารายงานนี้")
            continue
        complete.append(report)
    record.reports = complete
    if not record.reports and not record.code:
        raise LegacyFileError("ไม่พบรหัสโครงการและไม่พบรายงานความก้าวหน้า")
    if record.agency_code is None:
        raise LegacyFileError("ไม่พบรหัสหน่วยงานหรือรหัสโครงการ")
    if record.fiscal_year is None:
        if not record.reports:
            raise LegacyFileError("ไม่พบปีงบประมาณ")
        earliest = min(r.date for r in record.reports)
        record.fiscal_year = fiscal_year_of(earliest)
        record.warnings.append(
            f"ไม่พบปีงบประมาณในไฟล์ ใช้ปีงบประมาณ {record.fiscal_year} ตามวันที่รายงานแรก ({earliest.isoformat()})"
        )
    if not 2400 <= record.fiscal_year <= 2800:
        raise LegacyFileError(f"ปีงบประมาณ {record.fiscal_year} ไม่ใช่ปี พ.ศ.")
    if record.start_date and record.end_date and record.start_date > record.end_date:
        raise LegacyFileError("วันเริ่มต้นโครงการอยู่หลังวันสิ้นสุดโครงการ")
    numbers = [r.number for r in record.reports]
    if len(numbers) != len(set(numbers)):
        raise LegacyFileError("มีรายงานครั้งที่ซ้ำกัน")
    if record.stated_budget_used is not None:
        stated = [r.disbursed for r in record.reports if r.disbursed is not None]
        total = sum(stated, start=type(record.stated_budget_used)(0))
        if total != record.stated_budget_used:
            record.warnings.append(
                f"งบประมาณที่ใช้ไปตามแบบฟอร์ม {record.stated_budget_used:,.2f} บาท ไม่เท่ากับผลรวมการเบิกจ่าย "
                f"{total:,.2f} บาท (ใช้ผลรวมการเบิกจ่าย)"
            )
