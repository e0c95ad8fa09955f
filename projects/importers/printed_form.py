"""The printed certified form (แบบแสดงรายงานความก้าวหน้าและข้อมูลเกี่ยวกับโครงการ), as OCR gives it.

The scan holds the same form several times with OCR differences, page headers in the middle of records and
report lines split, merged or scrambled. Each copy is parsed on its own; the copies are then merged field by
field, the value most copies agree on winning.
"""

import re
from dataclasses import dataclass, field

from projects.thai import arabic_to_thai_digits, normalize_line, thai_to_arabic_digits

from . import text as t
from .records import PRINTED_FORM, LegacyFileError, ProjectRecord, ReportRecord


# Section headings in the order the form prints them; a heading that does not move forward starts a copy.
def _heading(number: str, words: str) -> re.Pattern:
    """`1.3 หลักการ`, `๑ . ๓ หลักการ`: the section number in either digits, spaced or not."""
    digits = r"\s*\.\s*".join(f"[{d}{arabic_to_thai_digits(d)}]" for d in number.split("."))
    # `1. ชื่อ…` keeps its dot; `1.3 หลักการ` may carry one more (`1.3. หลักการ`)
    after = r"\s*\.?\s*" if "." in number else r"\s*\.\s*"
    return re.compile(rf"^{digits}{after}{words}")


_SECTIONS = [
    ("project", _heading("1", "ชื่อโครงการและหน่วยงาน")),
    ("code", _heading("1.1", "รหัสโครงการ")),
    ("agency", _heading("1.2", "หน่วยงาน")),
    ("rationale", _heading("1.3", "หลักการ")),
    ("objectives", _heading("1.4", "วัตถุประสงค์")),
    ("targets", _heading("1.5", "เป้าหมาย")),
    ("strategy", _heading("1.6", "สนับสนุน")),
    ("reports", _heading("2", "รายงานความก้าวหน้า")),
    ("certification", re.compile(r"^ขอรับรองว่า")),
]
_ORDER = {name: i for i, (name, _) in enumerate(_SECTIONS)}

# Labelled values; several may share a line (`รหัสโครงการ... : X<tab>ปีงบประมาณ พ.ศ. : 2566`).
_LABELS = [
    ("name", r"ชื่อโครงการ\s*/\s*กิจกรรม\.*"),
    ("code", r"รหัสโครงการ\.*"),
    ("fiscal_year", r"ปีงบประมาณ(?:\s*พ\s*\.\s*ศ\s*\.?)?"),
    ("start_date", r"เริ่มต้นโครงการ\.*"),
    ("end_date", r"สิ้นสุดโครงการ\.*"),
    ("budget_received", r"งบประมาณที่ได้รับ\.*"),
    ("budget_used", r"งบประมาณที่ใช้ไป\.*"),
    ("agency", r"หน่วยงานที่รับผิดชอบ\.*"),
    ("responsible", r"ชื่อผู้รับผิดชอบ\.*"),
    ("coordinator", r"ผู้ประสานงาน\s*สยป\.?"),
    ("strategy_2", r"ประเด็นยุทธศา\S*\s*ย่อย\.*"),
    ("strategy_1", r"ประเด็นยุทธศาสตร์\.*"),
    ("strategy_3", r"เป้าหมายที่\.*"),
    ("strategy_4", r"เป้าประสงค์\S*\.*"),
    ("indicator", r"ตัวชี้วัด\.*"),
]
_LABEL_RE = re.compile("|".join(f"(?P<{key}>{pattern})\\s*{t.COLON}" for key, pattern in _LABELS))

# Report events: a label, a date that opens the report's text, the figures line.
_EVENTS = re.compile(
    r"(?P<label>รายงานครั้งที่\s*(?P<label_n>[0-9๐-๙]+))"
    rf"|(?P<date_ev>(?:(?P<colons>::)\s*|^[\s\-]*)(?P<date>{t.BE_DATE})\s*:)"
    rf"|(?P<figures>(?:::\s*)?ความก้าวหน้าของงาน\S*\s*=\s*(?P<progress>{t.NUMBER})(?P<rest>[^\n]*))",
    re.MULTILINE,
)
_DISBURSED = re.compile(
    rf"งบประมาณที่เบิกใช้\s*\(\s*ครั้งที่\s*(?P<n>[0-9๐-๙]+)\s*\)\s*=\s*(?P<amount>{t.NUMBER})\s*(?:บาท)?(?P<tail>.*)"
)

_REPORT_LINE = re.compile(r"^[\s\-]*รายงานครั้งที่\s*[0-9๐-๙]")

# A copy starts at the project heading or at its code heading.
COPY_START = (_SECTIONS[0][1], _SECTIONS[1][1])


def looks_like(lines: list[t.Line]) -> bool:
    body = "\n".join(line for _, line in lines)
    return bool(
        re.search(r"แบบแสดงรายงานความก้าวหน้าและข้อมูลเกี่ยวกับโครงการ", body)
        or (re.search(r"ความก้าวหน้าของงาน", body) and re.search(r"รายงานครั้งที่", body))
        or (re.search(r"รหัสโครงการ\.*\s*:", body) and re.search(r"ชื่อโครงการ\s*/\s*กิจกรรม", body))
    )


@dataclass
class _Copy:
    first_line: int
    sections: dict[str, list[t.Line]] = field(default_factory=dict)


def split_copies(lines: list[t.Line]) -> list[_Copy]:
    """Page headers dropped, lines grouped by section, a new copy wherever the sections go back."""
    copies: list[_Copy] = []
    current: _Copy | None = None
    section, order = "preamble", -1
    after_header = False
    for number, line in lines:
        if t.PAGE_HEADER.match(t.unmarked(line)):
            # The blank lines around a page header are the page break's, not a paragraph's.
            if current is not None:
                kept = current.sections.get(section, [])
                while kept and not kept[-1][1]:
                    kept.pop()
            after_header = True
            continue
        if after_header and not line:
            continue
        after_header = False
        heading = next((name for name, pattern in _SECTIONS if pattern.match(t.unmarked(line))), None)
        if heading is not None:
            if current is None or _ORDER[heading] <= order:
                current = _Copy(first_line=number)
                copies.append(current)
            section, order = heading, _ORDER[heading]
            current.sections.setdefault(section, [])
            # A heading line can carry a value after it (`2. รายงาน...` does not, `1.2 ...` may not either).
            continue
        if current is None:
            continue
        if order < _ORDER["reports"] and _REPORT_LINE.match(t.unmarked(line)):
            # The heading of the reports was lost to OCR: the first report line opens the section.
            section, order = "reports", _ORDER["reports"]
        current.sections.setdefault(section, []).append((number, line))
    return copies


def _labelled_values(lines: list[t.Line]) -> dict[str, tuple[str, int]]:
    values: dict[str, tuple[str, int]] = {}
    last_key = None
    for number, line in lines:
        line = t.unmarked(line)
        matches = list(_LABEL_RE.finditer(line))
        if not matches:
            # The indicator and a long project name run on over the following lines.
            if last_key in ("indicator", "name") and line:
                value, first = values[last_key]
                joiner = "\n" if last_key == "indicator" else " "
                values[last_key] = (f"{value}{joiner}{line}" if value else line, first)
            continue
        for i, match in enumerate(matches):
            key = match.lastgroup
            end = matches[i + 1].start() if i + 1 < len(matches) else len(line)
            value = line[match.end() : end].strip()
            values.setdefault(key, (value, number))
            last_key = key
    return values


# The printed forms lost the dash of `ยุทธศาสตร์ที่ ๗ - การ…` to a `?` when they were converted to text; the
# levels below keep theirs (`๗.๒ - การ…`).
LOST_DASH = re.compile(r"(?<=\S) \? (?=\S)")


def _strategy_name(value: str) -> str:
    return LOST_DASH.sub(" - ", normalize_line(value.strip().strip("|").strip()) or "")


def _parse_copy(copy: _Copy) -> ProjectRecord:
    record = ProjectRecord(source_format=PRINTED_FORM)
    head = [*copy.sections.get("preamble", []), *copy.sections.get("project", [])]
    head += copy.sections.get("code", []) + copy.sections.get("agency", [])
    values = _labelled_values(head)

    def get(key):
        return values.get(key, (None, None))

    name, _ = get("name")
    record.name = name or None
    code, code_line = get("code")
    if code:
        found = re.search(r"\d{8}-\d+", thai_to_arabic_digits(code))
        if not found:
            raise LegacyFileError(f"รหัสโครงการ “{code}” ไม่ถูกต้อง", code_line)
        record.code = found.group()
        record.lines["code"] = code_line
    year, year_line = get("fiscal_year")
    if year:
        record.fiscal_year = int(t.number(year, year_line))
        record.lines["fiscal_year"] = year_line
    for key in ("start_date", "end_date"):
        value, line = get(key)
        if value:
            setattr(record, key, t.any_date(value, line))
            record.lines[key] = line
    for key, attr in (("budget_received", "budget_received"), ("budget_used", "stated_budget_used")):
        value, line = get(key)
        if value:
            setattr(record, attr, t.number(value, line))
    agency, _ = get("agency")
    if agency:
        names: list[str] = []
        for part in (p.strip() for p in agency.split("/")):
            if part and (not names or names[-1] != part):
                names.append(part)
        record.agency_names = names
    responsible, _ = get("responsible")
    if responsible:
        record.responsible, record.phone = t.responsible_and_phone(responsible)
    coordinator, _ = get("coordinator")
    record.coordinator = coordinator or None

    record.rationale = t.join_text(line for _, line in copy.sections.get("rationale", []))
    record.objectives = t.join_text(line for _, line in copy.sections.get("objectives", []))
    record.targets = t.join_text(line for _, line in copy.sections.get("targets", []))

    strategy_values = _labelled_values(copy.sections.get("strategy", []))
    levels = [strategy_values.get(f"strategy_{i}", (None, None))[0] for i in range(1, 5)]
    if any(level and t.is_routine(level) for level in levels):
        record.routine = True
    elif any(levels):
        record.routine = False
        record.strategy = [_strategy_name(level) for level in levels if level]
    indicator, _ = strategy_values.get("indicator", (None, None))
    record.strategy_indicator = t.join_text(indicator.split("\n")) if indicator else None

    record.reports = _parse_reports(copy.sections.get("reports", []))
    return record


def _parse_reports(lines: list[t.Line]) -> list[ReportRecord]:
    """Walk the labels, dates and figures in order: figures go to the report their `(ครั้งที่ N)` names,
    a date and the text after it to the report the preceding label names (or the next one)."""
    lines = [(number, t.unmarked(line)) for number, line in lines]
    body = "\n".join(line for _, line in lines)
    starts, offset = [], 0
    for number, line in lines:
        starts.append((offset, number))
        offset += len(line) + 1

    def line_at(pos: int) -> int:
        found = starts[0][1] if starts else 0
        for start, number in starts:
            if start > pos:
                break
            found = number
        return found

    reports: dict[int, ReportRecord] = {}

    def report(n: int, pos: int) -> ReportRecord:
        if n not in reports:
            reports[n] = ReportRecord(number=n, line=line_at(pos))
        return reports[n]

    pending_label: int | None = None
    open_text: tuple[int, int] | None = None  # (report number, start offset)
    last_number = 0

    def close(at: int):
        nonlocal open_text
        if open_text is not None:
            n, start = open_text
            report(n, start).text = _report_text(body[start:at])
            open_text = None

    for match in _EVENTS.finditer(body):
        if match.group("label"):
            close(match.start())
            pending_label = int(thai_to_arabic_digits(match.group("label_n")))
        elif match.group("date_ev"):
            if not match.group("colons") and pending_label is None:
                continue  # a date at the start of a text line, not a report's
            close(match.start())
            n = pending_label if pending_label is not None else last_number + 1
            pending_label = None
            entry = report(n, match.start())
            entry.date = t.be_date(match.group("date"), line_at(match.start()))
            last_number = max(last_number, n)
            open_text = (n, match.end())
        else:
            line = line_at(match.start())
            n_open = open_text[0] if open_text else None
            close(match.start())
            rest = match.group("rest")
            disbursed = _DISBURSED.search(rest)
            if disbursed:
                n = int(thai_to_arabic_digits(disbursed.group("n")))
                tail = disbursed.group("tail")
            else:
                n = n_open or pending_label or last_number
                tail = rest
            if not n:
                raise LegacyFileError("พบผลความก้าวหน้าที่ไม่ระบุว่าเป็นรายงานครั้งที่เท่าใด", line)
            entry = report(n, match.start())
            entry.progress = t.percent(match.group("progress"), line)
            if disbursed:
                entry.disbursed = t.number(disbursed.group("amount"), line)
            entry.plan_status, entry.target_status = t.statuses(tail)
            last_number = max(last_number, n)
    close(len(body))
    return [reports[n] for n in sorted(reports)]


def _report_text(raw: str) -> str | None:
    lines = []
    for line in raw.split("\n"):
        line = line.strip().strip(":").strip()
        if line and line not in ("-", "–"):
            lines.append(line)
    return t.join_text(lines) if lines else None


# --- Merging the copies ----------------------------------------------------------------------------------
_PROJECT_FIELDS = [
    "code",
    "name",
    "fiscal_year",
    "agency_names",
    "responsible",
    "phone",
    "coordinator",
    "start_date",
    "end_date",
    "budget_received",
    "stated_budget_used",
    "rationale",
    "objectives",
    "targets",
    "strategy",
    "routine",
    "strategy_indicator",
]
_REPORT_FIELDS = ["date", "progress", "text", "disbursed", "plan_status", "target_status"]


def merge_copies(copies: list[ProjectRecord]) -> ProjectRecord:
    merged = ProjectRecord(source_format=PRINTED_FORM)
    for name in _PROJECT_FIELDS:
        values = [getattr(c, name) for c in copies]
        if name == "agency_names":
            values = [v or None for v in values]
        setattr(merged, name, t.majority(values))
    merged.agency_names = merged.agency_names or []
    for copy in reversed(copies):  # the first copy that gave a value names its line
        merged.lines.update(copy.lines)
    if merged.code:
        merged.agency_code = merged.code.split("-")[0]
    numbers = sorted({r.number for c in copies for r in c.reports})
    for n in numbers:
        versions = [r for c in copies for r in c.reports if r.number == n]
        entry = ReportRecord(number=n, line=versions[0].line)
        for name in _REPORT_FIELDS:
            setattr(entry, name, t.majority(getattr(v, name) for v in versions))
        merged.reports.append(entry)
    return merged


def parse(lines: list[t.Line]) -> ProjectRecord:
    copies = split_copies(lines)
    if not copies:
        raise LegacyFileError("ไม่พบหัวข้อของแบบแสดงรายงาน (1. ชื่อโครงการและหน่วยงานที่รับผิดชอบโครงการ)", 1)
    last_line = max((n for n, line in lines if line), default=1)
    # The form ends with its certification: a last copy without it was cut (the scan's earlier copies
    # never reach it, they run on into the next copy).
    if "certification" not in copies[-1].sections:
        cut = f"แบบแสดงรายงานจบที่บรรทัด {last_line} โดยไม่มีส่วนรับรอง (ขอรับรองว่า ...) ท้ายแบบฟอร์ม: ไฟล์ถูกตัดหรือไม่ครบ"
        if len(copies) == 1:
            raise LegacyFileError(cut, last_line)
        warning = f"{cut} ใช้ข้อมูลที่สำเนาอื่น ({len(copies) - 1} ชุด) มีด้วย"
    else:
        warning = None
    record = merge_copies([_parse_copy(c) for c in copies])
    if warning:
        record.warnings.append(warning)
    if record.agency_code is None and record.agency_names:
        record.warnings.append("ไม่มีรหัสโครงการ จึงไม่ทราบรหัสหน่วยงาน")
    return record
