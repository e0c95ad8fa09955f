"""The project progress web page (ความคืบหน้าโครงการ/กิจกรรม), whole or cut.

A cut page lacks the header lines (name, code, agency, fiscal year), the section headings and the plan steps,
and joins the strategy lines with `|`; what is there is read by its patterns, what is not stays None.
"""

import re

from projects.choices import KpiKind, KpiLevel, KpiUnit
from projects.thai import normalize_line, thai_to_arabic_digits

from . import text as t
from .records import (
    WEB_PAGE,
    EvaluationRecord,
    KpiQuarterRecord,
    KpiRecord,
    LegacyFileError,
    ProjectRecord,
    ReportRecord,
    StepRecord,
)

# Labels are known by their class, not one wording: `ความคืบหน้า` or `ความก้าวหน้า`, `(ของ)โครงการ(/กิจกรรม)ฯ`,
# `(วัน)เริ่มต้น`, and any colon OCR or typing leaves (`t.COLON`), spaced or not.
_OF_PROJECT = r"(?:ของ)?\s*(?:โครงการ|กิจกรรม)(?:\s*/\s*กิจกรรม)?\s*ฯ?"
_PROGRESS_WORD = rf"ความ(?:คืบ|ก้าว)\s*หน้า\s*{_OF_PROJECT}"
_REPORT_HEADER = re.compile(
    rf"^\((?P<n>{t.DIGIT}+)\)\s*{_PROGRESS_WORD}\s*ร้อยละ\s*{t.COLON}?\s*(?P<progress>{t.NUMBER})\s*"
    rf"(?:\((?P<date>{t.ISO_DATE})[^)]*\))?"
)
_REPORT_SEPARATOR = re.compile(r"^-{3,}\s*&+\s*-{3,}$")


def _problem_label(word: str) -> re.Pattern:
    """`** ปัญหาของโครงการ :`, `ปัญหาของกิจกรรม：`, `* ปัญหา :`: the word, of the project or not, framed or not;
    the short word needs its colon (a report's text may start with it)."""
    return re.compile(
        rf"^\**\s*{word}(?:\s*(?:ของ|ใน)\s*(?:โครงการ|กิจกรรม)(?:\s*/\s*กิจกรรม)?\s*ฯ?\s*{t.COLON}?|\s*{t.COLON})"
        r"\s*(?P<value>.*)$"
    )


_PROBLEMS = _problem_label("ปัญหา")
_OBSTACLES = _problem_label("อุปสรรค")
_TEXT_DATE = re.compile(rf"^(?P<date>{t.BE_DATE})\s*{t.COLON}\s*(?P<text>.*)$")
_NAME_CODE = re.compile(rf"^(?P<name>.*\S)\s*{t.COLON}\s*(?P<code>[0-9๐-๙]{{8}}-[0-9๐-๙]+)$")
_AGENCY_YEAR = re.compile(rf"^(?P<agency>.*\S)\s*{t.COLON}\s*\((?P<year>[0-9๐-๙]{{4}})\)$")
_AGENCY_CODE = re.compile(r"^(?P<code>[0-9๐-๙]{8})\s*/\s*(?P<code2>[0-9๐-๙]{8})$")
_OVERALL_PROGRESS = re.compile(rf"^{_PROGRESS_WORD}\s*ร้อยละ")
_VIEW_LINKS = re.compile(r"^ดูโครงการแผนปี")
_EVALUATION = re.compile(
    rf"สยป\.?\s*ประเมิน(?:ผล)?\s*{_OF_PROJECT}\s*{t.COLON}?\s*ไตรมาส(?:ที่)?\s*(?P<q>[1-4๑-๔])"
    rf"(?:\s+(?P<score>{t.NUMBER}))?"
)
_BARE_NUMBER = re.compile(rf"^{t.NUMBER}$")


def _heading_line(words: str) -> re.Pattern:
    """A heading of the whole page alone on its line, of the project or not, with or without a colon."""
    return re.compile(rf"^\**\s*{words}(?:\s*{_OF_PROJECT})?\s*{t.COLON}?\s*\**$")


_H_RATIONALE = _heading_line(r"หลักการ\s*และ\s*เหตุผล")
_H_OBJECTIVES = _heading_line("วัตถุประสงค์")
_H_TARGETS = _heading_line("เป้าหมาย")
_H_STRATEGY = re.compile(r"^สนับสนุน\s*ยุทธศาสตร์")
_H_RESULTS = _heading_line("ผลการดำเนินงาน")
_H_PLAN = re.compile(r"^แผนการดำเนินงาน")
_H_KPIS = re.compile(r"^สนับสนุน\s*ตัวชี้วัด")
_H_EVALUATIONS = re.compile(r"^\**\s*ผลการประเมินโครงการ")
_HEADINGS = [
    _H_RATIONALE,
    _H_OBJECTIVES,
    _H_TARGETS,
    _H_STRATEGY,
    _H_RESULTS,
    _H_PLAN,
    _H_KPIS,
    _H_EVALUATIONS,
]
_NOISE = re.compile(r"^(Back Home|FusionCharts will render here|ความคืบหน้าโครงการ/กิจกรรม)$|^\((ทดสอบ|คลิก)\)")

_STEP = re.compile(rf"^ขั้นตอน(?:ที่)?\s*(?P<n>{t.DIGIT}+)\s*{t.COLON}?$")
_STEP_WEIGHT = re.compile(rf"^{t.COLON}\s*(?P<w>{t.NUMBER})\s*%$")
_STEP_DESCRIPTION = re.compile(rf"^{t.COLON}\s*(?P<text>.*)$")
_STEP_START = re.compile(rf"^(?:วัน(?:ที่)?\s*)?เริ่ม(?:ต้น)?\s*{t.COLON}\s*(?P<d>.+)$")
_STEP_END = re.compile(rf"^(?:วัน(?:ที่)?\s*)?สิ้นสุด\s*{t.COLON}\s*(?P<d>.+)$")

_KPI_CODE = re.compile(rf"^(?:รายละเอียด|รหัส)\s*(?:เกี่ยวกับ\s*)?ตัวชี้วัด\s*{t.COLON}\s*(?P<code>.*)$")
_KPI_NAME = re.compile(rf"^(?:ชื่อ\s*)?ตัวชี้วัด\s*{t.COLON}\s*(?P<name>.+)$")
# the unit between the label and the colon: `ค่าเป้าหมาย ร้อยละ :`
_UNIT = rf"(?P<unit>[^\s{t.COLON[1:-1]}]*)"
_KPI_TARGET = re.compile(rf"^ค่า\s*เป้าหมาย\s*{_UNIT}\s*{t.COLON}\s*(?P<value>{t.NUMBER})")
_KPI_ACHIEVED = re.compile(
    rf"^ผล(?:งาน|การดำเนินงาน)\s*ที่\s*ทำ\s*ได้\s*{_UNIT}\s*{t.COLON}\s*(?P<value>{t.NUMBER})"
)
_KPI_SCORES = re.compile(rf"^(?P<s1>{t.NUMBER}|-)\s*/\s*(?P<s2>{t.NUMBER}|-)$")
_KPI_QUARTER = re.compile(r"^[1-4๑-๔]$")


def looks_like(lines: list[t.Line]) -> bool:
    return any(_REPORT_HEADER.match(line) or _AGENCY_CODE.match(line) for _, line in lines)


def _int(text: str) -> int:
    return int(thai_to_arabic_digits(text))


def _unit(word: str) -> str:
    if word.startswith("ร้อยละ"):
        return KpiUnit.PERCENT
    if word.startswith("ระดับ"):
        return KpiUnit.LEVEL
    return KpiUnit.NUMBER


def parse(lines: list[t.Line]) -> ProjectRecord:
    record = ProjectRecord(source_format=WEB_PAGE)
    # The web page is not OCR: an indent mark carries nothing here.
    lines = [(n, t.unmarked(line)) for n, line in lines]
    content = [(n, line) for n, line in lines if line and not _NOISE.search(line)]
    first_report = next(
        (i for i, (_, line) in enumerate(content) if _REPORT_HEADER.match(line)), len(content)
    )
    last_line = content[-1][0] if content else 1
    # The page ends with the quarterly evaluation heading: without it the file was cut.
    if not any(_H_EVALUATIONS.match(line) for _, line in content):
        raise LegacyFileError(
            f"หน้าความคืบหน้าจบที่บรรทัด {last_line} โดยไม่มีหัวข้อท้ายหน้า “** ผลการประเมินโครงการ (รายไตรมาส) **”: "
            "ไฟล์ถูกตัดหรือไม่ครบ",
            last_line,
        )
    _parse_header(record, content[:first_report])
    end = _parse_reports(record, content, first_report)
    _parse_tail(record, content[end:])
    for n, line in lines:
        match = _EVALUATION.search(line)
        if match and match.group("score"):
            score = t.percent(match.group("score"), n)
            record.evaluations.append(EvaluationRecord(quarter=_int(match.group("q")), score=score))
    return record


def _parse_header(record: ProjectRecord, lines: list[t.Line]) -> None:
    code_index = None
    responsible_after = None
    prelude_end = -1
    for i, (n, line) in enumerate(lines):
        if match := _NAME_CODE.match(line):
            record.name = match.group("name")
            record.code = thai_to_arabic_digits(match.group("code"))
            record.lines["code"] = n
            prelude_end = i
        elif match := _AGENCY_YEAR.match(line):
            record.agency_names = [match.group("agency")]
            record.fiscal_year = _int(match.group("year"))
            record.lines["fiscal_year"] = n
            prelude_end = i
        elif match := _AGENCY_CODE.match(line):
            code_index = i
            record.agency_code = thai_to_arabic_digits(match.group("code"))
            if match.group("code") != match.group("code2"):
                record.warnings.append(f"บรรทัด {n}: รหัสหน่วยงานสองค่าไม่ตรงกัน ใช้ {record.agency_code}")
        elif _OVERALL_PROGRESS.match(line):
            responsible_after = i
            prelude_end = i
        elif code_index is None and (
            _VIEW_LINKS.match(line) or _EVALUATION.search(line) or _BARE_NUMBER.match(line)
        ):
            prelude_end = i
    if responsible_after is not None:
        for _, line in lines[responsible_after + 1 :]:
            if _VIEW_LINKS.match(line) or _EVALUATION.search(line) or any(h.match(line) for h in _HEADINGS):
                break
            _set_responsible(record, line)
            break
    elif responsible := next((line for _, line in lines if "โทร" in line), None):
        _set_responsible(record, responsible)

    blocks = _blocks(lines[prelude_end + 1 :])
    if blocks.get("headed"):
        record.rationale = t.join_text(blocks.get(_H_RATIONALE.pattern, []))
        record.objectives = t.join_text(blocks.get(_H_OBJECTIVES.pattern, []))
        record.targets = t.join_text(blocks.get(_H_TARGETS.pattern, []))
        strategy_lines = blocks.get(_H_STRATEGY.pattern, [])
    else:
        # Without headings the page keeps its order: rationale, agency code, objectives, targets, strategy.
        plain = [(n, line) for n, line in lines[prelude_end + 1 :] if not _AGENCY_CODE.match(line)]
        before = [line for n, line in lines[prelude_end + 1 : code_index] if not _AGENCY_CODE.match(line)]
        after = [line for _, line in lines[(code_index + 1 if code_index is not None else len(lines)) :]]
        strategy_lines = [line for line in after if line.endswith("|") or _is_strategy_line(line)]
        prose = [line for line in after if line not in strategy_lines]
        if code_index is None:
            before = [line for _, line in plain if line not in strategy_lines]
            prose = []
        record.rationale = t.join_text(before)
        if prose:
            record.objectives = t.join_text(prose[:1])
            record.targets = t.join_text(prose[1:])
    _set_strategy(record, strategy_lines)


def _is_strategy_line(line: str) -> bool:
    return bool(re.match(r"^(ด้านที่|ยุทธศาสตร์ที่|มิติที่|เป้าหมายที่|เป้าประสงค์ที่)", line)) or t.is_routine(line)


def _blocks(lines: list[t.Line]) -> dict:
    blocks: dict = {}
    current = None
    for _, line in lines:
        heading = next((h for h in _HEADINGS if h.match(line)), None)
        if heading is not None:
            current = heading.pattern
            blocks["headed"] = True
            blocks.setdefault(current, [])
            continue
        if current is not None and not _AGENCY_CODE.match(line):
            blocks[current].append(line)
    return blocks


def _set_responsible(record: ProjectRecord, line: str) -> None:
    record.responsible, record.phone = t.responsible_and_phone(line)


def _set_strategy(record: ProjectRecord, lines: list[str]) -> None:
    names = [normalize_line(line.rstrip("|").strip()) or "" for line in lines]
    names = [name for name in names if name]
    if not names:
        return
    if any(t.is_routine(name) for name in names):
        record.routine = True
        return
    record.routine = False
    record.strategy = names[:4]
    if len(names) > 4:
        record.warnings.append("แนวทางยุทธศาสตร์มีเกิน 4 ระดับ ใช้ 4 ระดับแรก")


def _parse_reports(record: ProjectRecord, lines: list[t.Line], start: int) -> int:
    """Reports from the first `(N) ความคืบหน้าโครงการฯ` header on; returns the index after the last one."""
    raw: list[tuple[int, ReportRecord, list[t.Line]]] = []
    i = start
    current = None
    closed = True  # each report ends with its `---&&&---` separator
    while i < len(lines):
        n, line = lines[i]
        header = _REPORT_HEADER.match(line)
        if header and not closed:
            record.warnings.append(f"บรรทัด {n}: รายงานก่อนหน้าไม่มีเส้นคั่นปิดท้าย อาจมีบรรทัดหายไป ตรวจรายงานนี้กับต้นฉบับ")
        if header:
            closed = False
            entry = ReportRecord(number=_int(header.group("n")), line=n)
            entry.progress = t.percent(header.group("progress"), n)
            if header.group("date"):
                entry.date = t.iso_date(header.group("date"), n)
            current = (n, entry, [])
            raw.append(current)
            # The progress is repeated alone on the next line.
            if i + 1 < len(lines) and _BARE_NUMBER.match(lines[i + 1][1]):
                i += 1
        elif (
            current is None
            or any(h.match(line) for h in _HEADINGS)
            or _STEP.match(line)
            or _KPI_NAME.match(line)
            or _KPI_CODE.match(line)
        ):
            break
        elif _REPORT_SEPARATOR.match(line):
            closed = True
        else:
            current[2].append((n, line))
        i += 1
    if not closed:
        record.warnings.append(f"บรรทัด {lines[i - 1][0]}: รายงานสุดท้ายไม่มีเส้นคั่นปิดท้าย อาจมีบรรทัดหายไป")
    highest = max((entry.number for _, entry, _ in raw), default=0)
    for n, entry, body in raw:
        warning = _fill_report(entry, body, n)
        if warning:
            record.warnings.append(warning)
        # The page lists newest first as (1), (2), ...: number 1 is the oldest.
        entry.number = highest + 1 - entry.number
    record.reports = sorted((entry for _, entry, _ in raw), key=lambda r: r.number)
    dates = [r.date for r in record.reports if r.date]
    if dates != sorted(dates):
        record.warnings.append("วันที่ของรายงานไม่เรียงตามลำดับครั้งที่")
    return i


def _fill_report(entry: ReportRecord, body: list[t.Line], line: int) -> str | None:
    """Text, problems and obstacles of one report; returns a warning when its two dates disagree."""
    text: list[t.Line] = []
    problems: list[t.Line] | None = None
    obstacles: list[t.Line] | None = None
    target = text
    for n, part in body:
        if match := _PROBLEMS.match(part):
            problems = [(n, match.group("value"))]
            target = problems
        elif match := _OBSTACLES.match(part):
            obstacles = [(n, match.group("value"))]
            target = obstacles
        else:
            target.append((n, part))
    warning = None
    if text and (match := _TEXT_DATE.match(text[0][1])):
        stated = t.be_date(match.group("date"), text[0][0])
        if entry.date is None:
            entry.date = stated
        elif stated != entry.date:
            warning = (
                f"บรรทัด {text[0][0]}: วันที่ในข้อความ {match.group('date')} ไม่ตรงกับวันที่ของรายงาน "
                f"({entry.date.isoformat()}) ใช้วันที่ของรายงาน"
            )
        text[0] = (text[0][0], match.group("text"))
    entry.text = t.join_text(part for _, part in text) or ""
    if problems is not None:
        entry.problems = t.none_if_empty("\n".join(part for _, part in problems))
    if obstacles is not None:
        entry.obstacles = t.none_if_empty("\n".join(part for _, part in obstacles))
    if entry.date is None:
        raise LegacyFileError("รายงานไม่มีวันที่", line)
    return warning


def _parse_tail(record: ProjectRecord, lines: list[t.Line]) -> None:
    """Plan steps, indicators and their quarterly table."""
    step: StepRecord | None = None
    kpi: KpiRecord | None = None
    quarter: KpiQuarterRecord | None = None
    for n, line in lines:
        if match := _STEP.match(line):
            step = StepRecord(number=_int(match.group("n")), line=n)
            record.steps.append(step)
            kpi = None
            continue
        if match := _KPI_CODE.match(line):
            kpi = KpiRecord(code=match.group("code").strip() or None, line=n)
            record.kpis.append(kpi)
            step = quarter = None
            continue
        if match := _KPI_NAME.match(line):
            if kpi is None or kpi.name is not None:
                kpi = KpiRecord(line=n)
                record.kpis.append(kpi)
            kpi.name = match.group("name").strip()
            step = quarter = None
            continue
        if step is not None:
            _fill_step(step, line, n)
        elif kpi is not None:
            quarter = _fill_kpi(kpi, quarter, line, n)
    complete = []
    for step in record.steps:
        if step.description is None or step.weight is None or step.start is None or step.end is None:
            record.warnings.append(
                f"บรรทัด {step.line}: ขั้นตอน {step.number} ไม่ครบ (รายละเอียด น้ำหนัก วันเริ่มต้น วันสิ้นสุด) จึงไม่นำเข้า"
            )
        elif step.start > step.end:
            record.warnings.append(f"บรรทัด {step.line}: ขั้นตอน {step.number} เริ่มหลังวันสิ้นสุด จึงไม่นำเข้า")
        else:
            complete.append(step)
    record.steps = complete


def _fill_step(step: StepRecord, line: str, n: int) -> None:
    if match := _STEP_WEIGHT.match(line):
        step.weight = t.percent(match.group("w"), n)
    elif match := _STEP_START.match(line):
        step.start = t.any_date(match.group("d"), n)
    elif match := _STEP_END.match(line):
        step.end = t.any_date(match.group("d"), n)
    elif match := _STEP_DESCRIPTION.match(line):
        description = match.group("text").strip()
        step.description = f"{step.description}\n{description}" if step.description else description


def _fill_kpi(kpi: KpiRecord, quarter: KpiQuarterRecord | None, line: str, n: int):
    if match := _KPI_TARGET.match(line):
        kpi.unit = _unit(match.group("unit"))
        kpi.target = t.number(match.group("value"), n)
    elif match := _KPI_ACHIEVED.match(line):
        kpi.unit = kpi.unit or _unit(match.group("unit"))
        kpi.achieved = t.number(match.group("value"), n)
    if "เชิงยุทธศาสตร์" in line:
        kpi.kind = KpiKind.STRATEGIC
    elif "ตัวชี้วัดงานประจำ" in line:
        kpi.kind = KpiKind.ROUTINE
    if re.search(r"ผลผลิต|\(output\)", line):
        kpi.level = KpiLevel.OUTPUT
    elif re.search(r"ผลลัพธ์|\(outcome\)", line):
        kpi.level = KpiLevel.OUTCOME
    if _KPI_QUARTER.match(line):
        quarter = KpiQuarterRecord(quarter=_int(line))
        kpi.quarters.append(quarter)
    elif quarter is not None and (match := _KPI_SCORES.match(line)):
        s1, s2 = match.group("s1"), match.group("s2")
        quarter.score_1 = None if s1 == "-" else t.percent(s1, n)
        quarter.score_2 = None if s2 == "-" else t.percent(s2, n)
        quarter = None
    elif quarter is not None and quarter.result is None and _BARE_NUMBER.match(line):
        quarter.result = t.number(line, n)
    return quarter
