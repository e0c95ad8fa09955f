"""Line-level helpers shared by the legacy parsers: numbered normalised lines, numbers, dates, statuses."""

import functools
import re
from collections import Counter
from collections.abc import Callable, Iterable
from datetime import date
from decimal import Decimal
from typing import TypeVar

from django.utils import translation

from projects.choices import PlanStatus, TargetStatus
from projects.thai import (
    ThaiInputError,
    normalize_line,
    normalize_text,
    parse_be_date,
    parse_decimal,
    thai_to_arabic_digits,
)

from .paragraphs import PARAGRAPH_MARK, rejoin
from .records import LegacyFileError

T = TypeVar("T")

DIGIT = "[0-9๐-๙]"
NUMBER = f"{DIGIT}[0-9๐-๙,]*(?:\\.{DIGIT}+)?"
BE_DATE = f"{DIGIT}{{1,2}}\\s*/\\s*{DIGIT}{{1,2}}\\s*/\\s*{DIGIT}{{4}}"
ISO_DATE = f"{DIGIT}{{4}}-{DIGIT}{{2}}-{DIGIT}{{2}}"
HUNDRED = Decimal("100")
# The colons OCR and other typing leave after a label: ASCII, full-width, ratio, modifier letter.
COLON = "[:：∶꞉]"

# The agency's routine work, by its class rather than one wording: a line (often framed in `*`) that says
# `<some> งานประจำ (ของหน่วยงาน)`, whatever verb comes before (ปฏิบัติ, ดำเนิน, ทำ ...). Anchored to the whole
# line, so a strategy or an indicator that only mentions routine work is not taken for it.
ROUTINE = re.compile(r"^\**\s*(?:การ)?\s*[ก-๙]{0,12}?\s*งาน\s*ประจำ\s*(?:ของ\s*หน่วย\s*งาน\s*)?\**$")

# The short tag the old system put before a project's name (`สส.สทท. ปจ. 1/4`, `อ.2/2`): Thai abbreviations
# ending in dots, then a `part/parts` number.
_NAME_TAG = re.compile(
    rf"^(?P<tag>(?:[ก-ฮ][ก-๙]{{0,6}}\.\s*)+{DIGIT}+\s*/\s*{DIGIT}+)\s*(?P<name>\S.*)$", re.DOTALL
)

# The printed form's title, repeated at the top of every page with any number of `*`.
PAGE_HEADER = re.compile(r"^\**\s*แบบแสดงรายงานความก้าวหน้าและข้อมูลเกี่ยวกับโครงการ\s*\**$")
# Square glyphs OCR leaves for paragraph indents: kept as `PARAGRAPH_MARK` for the prose they start.
_INDENT_GLYPHS = re.compile(r"^\s*[□■▯][□■▯\s]*")

Line = tuple[int, str]


# Thai letters in UTF-8 start with these two bytes; a file holding them was written as UTF-8.
_UTF8_THAI = (b"\xe0\xb8", b"\xe0\xb9")


def _bad_byte(raw: bytes, error: UnicodeDecodeError, encoding: str) -> LegacyFileError:
    line = raw.count(b"\n", 0, error.start) + 1
    byte = raw[error.start]
    return LegacyFileError(f"อ่านไฟล์ไม่ได้: ไบต์ 0x{byte:02X} ไม่ใช่อักขระ {encoding} ที่ถูกต้อง", line)


def decode(raw: bytes) -> str:
    """The text of a legacy file: UTF-8 (with or without BOM), else the Thai Windows code page; a bad byte is
    refused with its line."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        if any(marker in raw for marker in _UTF8_THAI):
            raise _bad_byte(raw, error, "UTF-8") from None
        try:
            text = raw.decode("cp874")
        except UnicodeDecodeError as error:
            raise _bad_byte(raw, error, "TIS-620") from None
    if "\x00" in text:
        # A NUL is never text, and the database refuses it: the line is named rather than a save failing.
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise LegacyFileError("อ่านไฟล์ไม่ได้: มีไบต์ 0x00 (NUL) ซึ่งไม่ใช่ข้อความ", line)
    return text


def numbered_lines(text: str) -> list[Line]:
    """Every line with its 1-based number, normalised (sara am, spaces); an indented line starts with
    `PARAGRAPH_MARK` instead of the indent glyphs."""
    raw_lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return [(i, _indent_marked(normalize_line(raw) or "")) for i, raw in enumerate(raw_lines, start=1)]


def _indent_marked(line: str) -> str:
    match = _INDENT_GLYPHS.match(line)
    if not match:
        return line
    rest = line[match.end() :]
    return PARAGRAPH_MARK + rest if rest else ""


def is_routine(line: str) -> bool:
    """A strategy line that stands for the agency's routine work (`ROUTINE`), `|` or spaces around it."""
    return bool(ROUTINE.match(line.strip().strip("|").strip()))


def split_name_tag(name: str) -> tuple[str, str]:
    """(tag, name): `สส.สทท. ปจ. 1/4โครงการให้การต้อนรับ` → (`สส.สทท. ปจ. 1/4`, `โครงการให้การต้อนรับ`), so the
    name sorts and searches from its first word; ("", name) when it has no tag."""
    match = _NAME_TAG.match(name.strip())
    if not match:
        return "", name
    tag = " ".join(thai_to_arabic_digits(match.group("tag")).split())
    return re.sub(r"\s*/\s*", "/", tag), match.group("name")


def unmarked(line: str) -> str:
    """A line without the indent mark, for values that are not prose."""
    return line.removeprefix(PARAGRAPH_MARK)


def join_text(lines: Iterable[str]) -> str | None:
    """Lines of one piece of prose, rejoined into its paragraphs (`paragraphs.rejoin`); None when empty."""
    return normalize_text(rejoin(normalize_line(x) or "" for x in lines))


def collapsed(value) -> object:
    """The key copies are compared on: text with its whitespace collapsed, anything else as is."""
    if isinstance(value, str):
        return " ".join(value.split())
    if isinstance(value, list):
        return tuple(collapsed(v) for v in value)
    return value


def majority(values: Iterable[T | None], key: Callable[[T], object] = collapsed) -> T | None:
    """The value most copies agree on; ties go to the first copy that has one of the tied values."""
    present = [v for v in values if v is not None]
    if not present:
        return None
    counts = Counter(key(v) for v in present)
    best = max(counts.values())
    return next(v for v in present if counts[key(v)] == best)


def number(text: str, line: int | None) -> Decimal:
    try:
        return parse_decimal(text)
    except ThaiInputError:
        raise LegacyFileError(f"“{text}” ไม่ใช่ตัวเลข", line) from None


def percent(text: str, line: int | None) -> Decimal:
    value = number(text, line)
    if value < 0 or value > HUNDRED:
        raise LegacyFileError(f"ร้อยละ {text} ต้องอยู่ระหว่าง 0 ถึง 100", line)
    return value


def be_date(text: str, line: int | None) -> date:
    """`25/10/2564`, `11/9/2563`, `14 มี.ค. 2565`: a Buddhist Era date, read as a person's typing is
    (`projects.thai.parse_be_date`), so an old file written either way is understood the same."""
    try:
        return parse_be_date(text)
    except ThaiInputError as error:
        raise LegacyFileError(str(error), line) from None


def iso_date(text: str, line: int | None) -> date:
    """`2021-10-01` or `2021-10-01 00:00:00`: Gregorian."""
    match = re.match(r"(\d{4})-(\d{1,2})-(\d{1,2})", thai_to_arabic_digits(text.strip()))
    if not match:
        raise LegacyFileError(f"อ่านวันที่ “{text}” ไม่ได้", line)
    year, month, day = (int(g) for g in match.groups())
    if year > 2400:
        raise LegacyFileError(f"วันที่ “{text}” ควรเป็นปี ค.ศ.", line)
    try:
        return date(year, month, day)
    except ValueError:
        raise LegacyFileError(f"ไม่มีวันที่ “{text}” ในปฏิทิน", line) from None


def any_date(text: str, line: int | None) -> date:
    """A date in either of the legacy notations."""
    if re.match(rf"\s*{ISO_DATE}", text):
        return iso_date(text, line)
    return be_date(text, line)


# The phone must hold a digit, so a unit named `...โทรคมนาคม` is not split.
_PHONE = re.compile(rf"^(?P<who>.*?\S)\s*โทร(?:ศัพท์)?\.?\s*{COLON}?\s*(?P<phone>(?=.*[0-9๐-๙]).+)$")


def responsible_and_phone(line: str) -> tuple[str, str | None]:
    """`น.ส.ณริณทร์ธร โพธากุล โทร.1136` → (name, `1136`); without `โทร` the phone is unknown (None)."""
    match = _PHONE.match(line)
    if match:
        return match.group("who").strip(), match.group("phone").strip()
    return line.strip(), None


def none_if_empty(text: str | None) -> str | None:
    """Problems/obstacles: `-`, `ไม่มี` or nothing mean none (""); other text is kept."""
    if text is None:
        return None
    cleaned = normalize_text(text) or ""
    if cleaned.strip(" -–.") == "" or cleaned.strip(" .") in ("ไม่มี", "-ไม่มี-"):
        return ""
    return cleaned


# --- Plan and target status, as OCR leaves them ----------------------------------------------------------
@functools.cache
def _status_labels() -> list[tuple[str, tuple[str, str]]]:
    # The legacy forms print the Thai labels, whatever language the person importing reads the site in.
    with translation.override("th"):
        return [(str(c.label), ("plan", c.value)) for c in PlanStatus] + [
            (str(c.label), ("target", c.value)) for c in TargetStatus
        ]


_STATUS_START = re.compile(r"(?:ไม่\s*)?เป็นไปตาม")
_NEUTRAL_PREFIX = len("เป็นไปตาม")


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def statuses(tail: str) -> tuple[str | None, str | None]:
    """Plan and target status from what follows the disbursement: each piece starting at `(ไม่)เป็นไปตาม`
    is matched to the label it shares the longest prefix with (truncated OCR words still map), and a piece
    that only says `เป็นไปตาม` is left unknown."""
    plan = target = None
    starts = [m.start() for m in _STATUS_START.finditer(tail)]
    for i, start in enumerate(starts):
        end = starts[i + 1] if i + 1 < len(starts) else len(tail)
        piece = re.sub(r"\s+", "", tail[start:end]).rstrip(":")
        best, best_len = None, 0
        for label, meaning in _status_labels():
            length = _common_prefix(piece, label.replace(" ", ""))
            neutral = _NEUTRAL_PREFIX + (3 if piece.startswith("ไม่") else 0)
            if length > neutral and length > best_len:
                best, best_len = meaning, length
        if best is None:
            continue
        kind, value = best
        if kind == "plan" and plan is None:
            plan = value
        elif kind == "target" and target is None:
            target = value
    return plan, target
