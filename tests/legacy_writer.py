"""A test-only writer of the old system's two formats, from random projects, with the noise real files have.

`random_project(rng)` makes a project as plain data; `web_page(p, rng)` and `printed_form(p, rng)` write it
the way the old system (and the OCR of its printouts) did: Thai digits, decomposed sara am, prose wrapped at
the old layout's width, page headers inside records, several OCR copies of which a minority carry character
errors, `-` and `ไม่มี` for "no problems", report lines out of order. The round-trip tests and the archive
benchmark use it; the application never does.
"""

import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import Decimal

from projects.fiscal import to_be
from projects.thai import arabic_to_thai_digits

_WORDS = [
    "การ",
    "ดำเนิน",
    "งาน",
    "โครงการ",
    "พัฒนา",
    "เมือง",
    "ประชาชน",
    "ชุมชน",
    "ความ",
    "ร่วมมือ",
    "ระหว่าง",
    "หน่วยงาน",
    "สำนัก",
    "เขต",
    "ส่งเสริม",
    "บริการ",
    "สาธารณะ",
    "ปรับปรุง",
    "ระบบ",
    "ข้อมูล",
    "ติดตาม",
    "ประเมินผล",
    "แผน",
    "งบประมาณ",
    "จัดซื้อ",
    "จัดจ้าง",
    "อบรม",
    "บุคลากร",
    "สิ่งแวดล้อม",
    "ความปลอดภัย",
    "ถนน",
    "คลอง",
    "สวน",
    "สาธารณสุข",
    "การศึกษา",
    "เยาวชน",
    "ผู้สูงอายุ",
    "ท่องเที่ยว",
    "วัฒนธรรม",
]
_STRATEGIES = [
    "เมืองปลอดภัย",
    "เมืองสีเขียว",
    "เมืองสำหรับทุกคน",
    "เมืองกระชับ",
    "เมืองประชาธิปไตย",
    "เมืองแห่งเศรษฐกิจ",
    "การบริหารจัดการเมือง",
]
_PLAN = ["เป็นไปตามแผน", "เป็นไปตามแผนแต่ควรติดตาม", "ไม่เป็นไปตามแผน"]
_PLAN_VALUES = ["on_plan", "monitor", "off_plan"]
_TARGET = ["เป็นไปตามเป้าหมาย", "ไม่เป็นไปตามเป้าหมาย"]
_TARGET_VALUES = ["met", "not_met"]
# Routine work as the old system and its printouts word it: the class is the same, the verb and frame vary.
_ROUTINES = [
    "**** การปฏิบัติงานประจำของหน่วยงาน ****",
    "**** การดำเนินงานประจำของหน่วยงาน ****",
    "** การทำงานประจำของหน่วยงาน **",
    "****การปฏิบัติงาน ประจำของหน่วยงาน****",
    "งานประจำของหน่วยงาน",
]
# The tags the old system put before a name; the importer gives them back apart, digits as Arabic.
NAME_TAGS = ["", "", "อ.2/2", "สส.สทท. ปจ. 1/4", "ปจ.3/5", "ก.ค. 10/12"]
# The colon after a label, as OCR and other typing leave it.
_COLONS = [":", ":", " :", "：", " ∶"]
PAGE_HEADER = "**** แบบแสดงรายงานความก้าวหน้าและข้อมูลเกี่ยวกับโครงการ ****"
_WRAP = 60


@dataclass
class Report:
    number: int
    date: dt.date
    progress: Decimal
    text: str
    disbursed: Decimal
    plan: int
    target: int
    problems: str  # "" = none
    obstacles: str


@dataclass
class Project:
    code: str
    name: str
    name_tag: str  # "" = none
    fiscal_year: int
    agency_code: str
    agency_names: list[str]
    responsible: str
    phone: str
    coordinator: str
    start: dt.date
    end: dt.date
    budget: Decimal
    rationale: list[str]  # paragraphs
    objectives: list[str]  # numbered items, without their numbers
    targets: list[str]
    strategy: list[str] | None  # None = routine work
    indicator: str
    reports: list[Report] = field(default_factory=list)


def _phrase(rng: random.Random) -> str:
    """A few words without a space (Thai writes a phrase solid), short enough never to be mistaken for a run
    cut inside a word."""
    phrase = ""
    while len(phrase) < 6 or (len(phrase) < 30 and rng.random() < 0.6):
        phrase += rng.choice(_WORDS)
    return phrase[:36]


def _sentence(rng: random.Random, phrases: int) -> str:
    return " ".join(_phrase(rng) for _ in range(phrases))


def random_project(rng: random.Random, *, serial: int | None = None) -> Project:
    fiscal_year = rng.randint(2560, 2570)
    start = dt.date(fiscal_year - 544, 10, 1)
    # An agency code always goes with the same name, as in the old system.
    department = rng.randint(1, 60)
    agency = f"{department:02d}000000"
    number = serial if serial is not None else rng.randint(1, 99999)
    reports = []
    progress = Decimal(0)
    day = start + dt.timedelta(days=rng.randint(20, 28))
    for n in range(1, rng.randint(1, 12) + 1):
        progress = min(Decimal(100), progress + Decimal(rng.randint(0, 1500)) / 100)
        problems = rng.choice(["", "", _sentence(rng, 2)])
        reports.append(
            Report(
                number=n,
                date=day,
                progress=progress.quantize(Decimal("0.01")),
                text=_sentence(rng, rng.randint(1, 14)),
                disbursed=Decimal(rng.randint(0, 5_000_000_00)) / 100,
                plan=rng.randrange(3),
                target=rng.randrange(2),
                problems=problems,
                obstacles=rng.choice(["", _sentence(rng, 1)]),
            )
        )
        day += dt.timedelta(days=rng.randint(25, 35))
    strategy = None
    if rng.random() < 0.7:
        # one path of the city's plan, which has a handful of strategies, each a few levels deep
        a, b, c = rng.randint(1, 7), rng.randint(1, 3), rng.randint(1, 3)
        strategy = [
            f"ยุทธศาสตร์ที่ {a} {_STRATEGIES[a - 1]}",
            f"{a}.{b} - ประเด็นที่ {b} ของ{_STRATEGIES[a - 1]}",
            f"{a}.{b}.{c} เป้าหมายที่ {c} ของประเด็นที่ {b}",
        ]
    return Project(
        code=f"{agency}-{number}",
        name=f"โครงการ{_phrase(rng)}",
        name_tag=rng.choice(NAME_TAGS),
        fiscal_year=fiscal_year,
        agency_code=agency,
        agency_names=[f"สำนักงานทดสอบที่ {department}"],
        responsible=f"นางสาว{_phrase(rng)} {_phrase(rng)}",
        phone=str(rng.randint(1000, 9999)),
        coordinator=f"นาย{_phrase(rng)} {_phrase(rng)}",
        start=start,
        end=start + dt.timedelta(days=rng.randint(30, 700)),
        budget=Decimal(rng.randint(0, 90_000_000_00)) / 100,
        rationale=[_sentence(rng, rng.randint(3, 30)) for _ in range(rng.randint(1, 3))],
        objectives=[_sentence(rng, rng.randint(1, 8)) for _ in range(rng.randint(1, 4))],
        targets=[_sentence(rng, rng.randint(1, 8)) for _ in range(rng.randint(1, 3))],
        strategy=strategy,
        indicator=_sentence(rng, rng.randint(1, 3)),
        reports=reports,
    )


# --- Noise -------------------------------------------------------------------------------------------------
def _thai_digits(rng: random.Random, text: str) -> str:
    return arabic_to_thai_digits(text) if rng.random() < 0.3 else text


def _decomposed(rng: random.Random, text: str) -> str:
    """The old system often stored `ำ` as `ํ` + `า`."""
    return text.replace("ำ", "\u0e4dา") if rng.random() < 0.3 else text


def _ocr_errors(rng: random.Random, text: str) -> str:
    """Characters the OCR got wrong in the prose of a copy the others outvote (headings and labels are
    left readable: a copy whose headings are lost is another test's matter)."""
    lines = text.split("\n")
    prose = [
        i
        for i, line in enumerate(lines)
        if line and not any(c in line for c in ":：∶") and not line[0].isdigit() and "งานประจำ" not in line
    ]
    for i in rng.sample(prose, min(len(prose), 3)):
        chars = list(lines[i])
        at = rng.randrange(len(chars))
        chars[at] = rng.choice("กขคงจฉ")
        lines[i] = "".join(chars)
    return "\n".join(lines)


def _wrapped(text: str) -> list[str]:
    """The old layout's lines: cut at the last space before the width."""
    lines, line = [], ""
    for word in text.split(" "):
        if line and len(line) + 1 + len(word) > _WRAP:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    return [*lines, line]


def _baht(value: Decimal) -> str:
    return f"{value:,.2f}".removesuffix(".00")


def _be(day: dt.date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{to_be(day.year)}"


def _tagged_name(p: Project, rng: random.Random) -> str:
    """The name as the old system showed it: its tag first, joined to it or spaced, in either digits."""
    if not p.name_tag:
        return p.name
    return _thai_digits(rng, p.name_tag) + rng.choice(["", " "]) + p.name


def _routine(rng: random.Random) -> str:
    return rng.choice(_ROUTINES)


def _section(rng: random.Random, heading: str) -> str:
    """A section heading (`1.3 หลักการ...`), its number sometimes in Thai digits or spaced out."""
    number, words = heading.split(" ", 1)
    number = _thai_digits(rng, number)
    return f"{number.replace('.', rng.choice(['.', ' . ']))} {words}"


# --- The web page ------------------------------------------------------------------------------------------
def web_page(p: Project, rng: random.Random) -> str:
    newest = p.reports[-1].progress if p.reports else Decimal(0)
    lines = [
        "ความคืบหน้าโครงการ/กิจกรรม",
        "",
        "Back Home",
        "FusionCharts will render here",
        "",
        f"{_tagged_name(p, rng)} : {p.code}",
        "",
        f"{p.agency_names[0]} : ({p.fiscal_year})",
        "",
        f"{newest:.2f}",
        "",
        f"ความคืบหน้าโครงการ ร้อยละ {newest:.2f}",
        "",
        f"{p.responsible} โทร.{p.phone}",
        "",
        "ดูโครงการแผนปีฯ : พิมพ์ข้อมูล",
        "",
        "หลักการและเหตุผล",
        "",
        " ".join(p.rationale),
        "",
        f"{p.agency_code}/{p.agency_code}",
        "",
        "วัตถุประสงค์ของโครงการ",
        "",
        " ".join(f"{i}. {o}" for i, o in enumerate(p.objectives, 1)),
        "",
        "เป้าหมายของโครงการ",
        "",
        " ".join(p.targets),
        "",
        "สนับสนุนยุทธศาสตร์กรุงเทพมหานครฯ",
        "",
        *(p.strategy or [_routine(rng)]),
        "",
        "ผลการดำเนินงาน",
        "",
    ]
    # Newest first, numbered (1) for the newest.
    for shown, report in enumerate(reversed(p.reports), 1):
        day = report.date
        lines += [
            f"({shown}) ความคืบหน้าโครงการฯ ร้อยละ {report.progress:.2f} ({day.isoformat()})",
            "",
            f"{report.progress:.2f}",
            "",
            f"{_thai_digits(rng, f'{day.day}/{day.month}/{to_be(day.year)}')} : {_decomposed(rng, report.text)}",
            "",
            f"** ปัญหาของโครงการ :{report.problems or rng.choice(['ไม่มี', '-', ''])}",
            "",
            f"** อุปสรรคของโครงการ :{report.obstacles or rng.choice(['ไม่มี', '-', ''])}",
            "",
            "------------------&&&--------------------",
            "",
        ]
    lines += ["สนับสนุนตัวชี้วัดตามแผนฯ", "", "** ผลการประเมินโครงการ (รายไตรมาส) **"]
    return "\n".join(lines)


# --- The printed form, as OCR gives it -----------------------------------------------------------------------
def _report_line(r: Report, rng: random.Random) -> list[str]:
    text = _decomposed(rng, r.text)
    figures = (
        f":: ความก้าวหน้าของงานฯ = {r.progress:.2f} % งบประมาณที่เบิกใช้ (ครั้งที่ {r.number}) = "
        f"{_baht(r.disbursed)} บาท\t: {_PLAN[r.plan]}\t: {_TARGET[r.target]}"
    )
    if rng.random() < 0.5:
        return [f"รายงานครั้งที่{r.number}\t:: {_be(r.date)} : {text} {figures}"]
    # split as the scan leaves long reports: the text wrapped, the figures on their own line
    return (
        [f"รายงานครั้งที่{r.number}\t:: {_be(r.date)} : {_wrapped(text)[0]}"]
        + [f"\t{line}" for line in _wrapped(text)[1:]]
        + [f"\t{figures}"]
    )


def _prose(paragraphs: list[str], rng: random.Random, *, numbered: bool = False) -> list[str]:
    lines = []
    for i, paragraph in enumerate(paragraphs, 1):
        wrapped = _wrapped(f"{i}. {paragraph}" if numbered else paragraph)
        if not numbered and i > 1:
            wrapped[0] = "□□" + wrapped[0]  # the OCR's mark of an indented paragraph
        lines += wrapped
    return lines


def _copy(p: Project, rng: random.Random) -> list[str]:
    used = sum((r.disbursed for r in p.reports), Decimal(0))
    strategy = p.strategy or [_routine(rng) for _ in range(3)]
    reports = [_report_line(r, rng) for r in p.reports]
    if len(reports) > 2 and rng.random() < 0.3:
        i = rng.randrange(len(reports) - 1)
        reports[i], reports[i + 1] = reports[i + 1], reports[i]  # out of order, as some scans are
    lines = [
        "1. ชื่อโครงการและหน่วยงานที่รับผิดชอบโครงการ",
        _section(rng, "1.1 รหัสโครงการและชื่อโครงการ"),
        f"ชื่อโครงการ/กิจกรรม{rng.choice(_COLONS)} {_tagged_name(p, rng)}",
        f"รหัสโครงการ...{rng.choice(_COLONS)} {p.code}\tปีงบประมาณ พ.ศ.{rng.choice(_COLONS)} "
        f"{_thai_digits(rng, str(p.fiscal_year))}",
        f"เริ่มต้นโครงการ : {p.start.isoformat()} 00:00:00\tงบประมาณที่ได้รับ : {_baht(p.budget)} บาท",
        f"สิ้นสุดโครงการ : {p.end.isoformat()} 00:00:00\tงบประมาณที่ใช้ไป : {_baht(used)} บาท",
        _section(rng, "1.2 หน่วยงานที่รับผิดชอบ"),
        f"หน่วยงานที่รับผิดชอบ. : {' / '.join(p.agency_names)}",
        f"ชื่อผู้รับผิดชอบ...{rng.choice(_COLONS)} {p.responsible} โทร.{p.phone}",
        f"ผู้ประสานงาน สยป : {p.coordinator}",
        _section(rng, "1.3 หลักการและเหตุผล"),
        *_prose([_decomposed(rng, x) for x in p.rationale], rng),
        _section(rng, "1.4 วัตถุประสงค์ของโครงการ"),
        *_prose(p.objectives, rng, numbered=True),
        _section(rng, "1.5 เป้าหมายของโครงการ.."),
        *_prose(p.targets, rng, numbered=True),
        "1.6 สนับสนุนแผนพัฒนา กทม. ระยะ 20 ปี (ยุทธศาสตร์-ประเด็นยุทธศาสตร์-กลยุทธ์ตามแผนฯ /ตัวชี้วัด)",
        f"ประเด็นยุทธศาสตร์{rng.choice(_COLONS)} {strategy[0]}",
        f" ประเด็นยุทธศาสตร์ย่อย : {strategy[1]}",
        f" เป้าหมายที่ : {strategy[2]}",
        f" ตัวชี้วัด... : {p.indicator}",
        "2. รายงานความก้าวหน้าของโครงการและการใช้จ่ายงบประมาณ",
        *(line for report in reports for line in report),
    ]
    # A page header lands somewhere inside the records, as the scan's page breaks do.
    at = rng.randrange(1, len(lines))
    lines[at:at] = ["", "", PAGE_HEADER, ""]
    return lines


def printed_form(p: Project, rng: random.Random) -> str:
    copies = rng.choice([1, 3])
    texts = ["\n".join(_copy(p, rng)) for _ in range(copies)]
    if copies == 3:
        texts[1] = _ocr_errors(rng, texts[1])  # one noisy copy, outvoted by the two clean ones
    ending = [
        "",
        "ขอรับรองว่า ข้อมูลที่ปรากฏในเอกสารฉบับนี้ หน่วยงานได้จัดพิมพ์จากระบบงานจริง เพื่อเป็นหลักฐานไว้ตรวจสอบ",
        "",
        "ลงชื่อ.....(ผู้รับผิดชอบโครงการ)",
        " ตำแหน่ง",
    ]
    return PAGE_HEADER + "\n\n" + "\n\n".join(texts) + "\n".join(ending) + "\n"


# --- What each format carries, as the importer should give it back -----------------------------------------
def expected_statuses(r: Report) -> tuple[str, str]:
    return _PLAN_VALUES[r.plan], _TARGET_VALUES[r.target]


def record_facts(record) -> tuple:
    """What a short file would lose, of a parsed `ProjectRecord`: identity, prose, strategy and each report.
    A cut file whose facts equal the whole file's lost nothing."""
    return (
        record.code,
        record.name_tag,
        record.name,
        record.fiscal_year,
        record.rationale,
        record.objectives,
        record.targets,
        record.strategy,
        record.strategy_indicator,
        tuple((r.number, r.date, r.progress, r.text, r.disbursed, r.plan_status) for r in record.reports),
        len(record.steps),
        len(record.kpis),
    )
