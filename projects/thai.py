"""Thai text and numbers: normalisation on the way in, Buddhist Era dates and baht on the way out.

Pure functions, no ORM, no Django. Every piece of user or legacy text goes through `normalize_text`
before it is stored or compared.
"""

import re
import unicodedata
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils import dates, translation

from .fiscal import BE_OFFSET, from_be

THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
_TO_ARABIC = str.maketrans(THAI_DIGITS, "0123456789")
_TO_THAI = str.maketrans("0123456789", THAI_DIGITS)

MONTHS = [
    "มกราคม",
    "กุมภาพันธ์",
    "มีนาคม",
    "เมษายน",
    "พฤษภาคม",
    "มิถุนายน",
    "กรกฎาคม",
    "สิงหาคม",
    "กันยายน",
    "ตุลาคม",
    "พฤศจิกายน",
    "ธันวาคม",
]
MONTHS_ABBR = [
    "ม.ค.",
    "ก.พ.",
    "มี.ค.",
    "เม.ย.",
    "พ.ค.",
    "มิ.ย.",
    "ก.ค.",
    "ส.ค.",
    "ก.ย.",
    "ต.ค.",
    "พ.ย.",
    "ธ.ค.",
]

NIKHAHIT = "\u0e4d"  # ํ
SARA_AA = "\u0e32"  # า
SARA_AM = "\u0e33"  # ำ
TONE_MARKS = "\u0e48\u0e49\u0e4a\u0e4b"  # ่ ้ ๊ ๋

# ํ (+ optional tone mark) + า → (tone mark) + ำ : the decomposed sara am, in either order.
_DECOMPOSED_AM = re.compile(f"{NIKHAHIT}([{TONE_MARKS}]?){SARA_AA}")
# ำ followed by a stray า: the old system's double encoding (`ดำาเนิน` for `ดำเนิน`).
_AM_WITH_STRAY_AA = re.compile(f"{SARA_AM}{SARA_AA}")
_INVISIBLE = re.compile("[\u200b\u200c\u200d\ufeff\u00ad]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u3000]+")


def gettext_noop(message: str) -> str:
    """Marks a message for the translation catalogue (`makemessages` finds it by this name); no Django here."""
    return message


class ThaiInputError(ValueError):
    """Input that cannot be read; the message is Thai and meant for the person who typed it.

    `template` and `params` let a page say it in the reader's language: `gettext(template) % params`.
    """

    def __init__(self, template: str, **params):
        self.template = template
        self.params = params
        super().__init__(template % params if params else template)


def normalize_text(text: str | None) -> str | None:
    """Normalise Thai text for storing and comparing.

    Composes the decomposed sara am (`ํ` + `า` → `ำ`, also with a tone mark between), removes invisible
    characters, unifies line ends and strips each line's trailing spaces. Thai digits are kept as written.

    >>> normalize_text("สํานักงาน")
    'สำนักงาน'
    >>> normalize_text("น\u0e4d\u0e49\u0e32")
    'น้ำ'
    """
    if text is None:
        return None
    text = unicodedata.normalize("NFC", text)
    text = _INVISIBLE.sub("", text)
    text = _DECOMPOSED_AM.sub(lambda m: m.group(1) + SARA_AM, text)
    text = _AM_WITH_STRAY_AA.sub(SARA_AM, text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return "\n".join(lines).strip()


def normalize_line(text: str | None) -> str | None:
    """`normalize_text`, then everything on one line with single spaces."""
    text = normalize_text(text)
    if text is None:
        return None
    return " ".join(text.split())


ZERO_WIDTH_SPACE = "\u200b"
# Characters between inserted break opportunities, and the run without spaces or Thai that gets them.
BREAK_EVERY = 40
_UNBROKEN_RUN = re.compile(rf"[^\s\u0e00-\u0e7f]{{{BREAK_EVERY + 1},}}")


def with_break_opportunities(text: str) -> str:
    """Insert a zero-width space every `BREAK_EVERY` characters of a long run without spaces (a pasted URL,
    hash or mashed key), so a line breaker can break it without laying out the whole run for each line.
    Thai is left alone: its line breaker finds the breaks between words.

    >>> with_break_opportunities("ab " + "y" * 45) == "ab " + "y" * 40 + "\u200b" + "yyyyy"
    True
    """
    return _UNBROKEN_RUN.sub(
        lambda m: ZERO_WIDTH_SPACE.join(
            m.group(0)[i : i + BREAK_EVERY] for i in range(0, len(m.group(0)), BREAK_EVERY)
        ),
        text,
    )


def thai_to_arabic_digits(text: str) -> str:
    """`'๑๗'` → `'17'`."""
    return text.translate(_TO_ARABIC)


def arabic_to_thai_digits(text: str) -> str:
    """`'17'` → `'๑๗'`."""
    return text.translate(_TO_THAI)


def _digits(text: str, thai_digits: bool) -> str:
    return arabic_to_thai_digits(text) if thai_digits else text


# --- Numbers ----------------------------------------------------------------------------------------------
SATANG = Decimal("0.01")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)", re.ASCII)
# More than any amount of baht the city handles (trillions have 13 digits); a longer number is a typing slip.
MAX_INTEGER_DIGITS = 15


def parse_decimal(text: str) -> Decimal:
    """Read a number as people write it: Thai or Arabic digits, thousands separators, `บาท`, `%`.

    >>> parse_decimal("๑,๖๔๓,๘๐๐ บาท")
    Decimal('1643800')
    """
    cleaned = thai_to_arabic_digits(text).replace(",", "").replace("บาท", "").replace("%", "").strip()
    # Only ASCII and Thai digits, a sign and a decimal point: `Decimal` alone would also read `1e400`, `NaN`
    # and Arabic-Indic or full-width digits.
    if not _PLAIN_NUMBER.fullmatch(cleaned):
        raise ThaiInputError(gettext_noop("“%(text)s” ไม่ใช่ตัวเลข"), text=_shown(text))
    if len(cleaned.lstrip("+-").split(".")[0].lstrip("0")) > MAX_INTEGER_DIGITS:
        raise ThaiInputError(
            gettext_noop("ตัวเลขยาวเกินไป (ไม่เกิน %(digits)s หลักก่อนจุดทศนิยม)"), digits=MAX_INTEGER_DIGITS
        )
    try:
        return Decimal(cleaned)
    except InvalidOperation:  # pragma: no cover - the pattern admits only what Decimal reads
        raise ThaiInputError(gettext_noop("“%(text)s” ไม่ใช่ตัวเลข"), text=_shown(text)) from None


def _shown(text: str) -> str:
    """What was typed, cut short for a message."""
    return text if len(text) <= 40 else text[:40] + "…"


def format_baht(amount: Decimal | None, *, thai_digits: bool = False) -> str:
    """Baht with thousands separators and satang. `format_baht(Decimal('9603371.83')) == '9,603,371.83'`."""
    if amount is None:
        return "–"
    quantised = Decimal(amount).quantize(SATANG, rounding=ROUND_HALF_UP)
    return _digits(f"{quantised:,.2f}", thai_digits)


def format_percent(value: Decimal | None, *, thai_digits: bool = False) -> str:
    """A percentage with two decimals. `format_percent(Decimal('40')) == '40.00'`."""
    if value is None:
        return "–"
    return _digits(f"{Decimal(value).quantize(SATANG, rounding=ROUND_HALF_UP):.2f}", thai_digits)


# --- Dates ------------------------------------------------------------------------------------------------
def format_date(day: date | None, *, thai_digits: bool = False) -> str:
    """Short BE date, as on the forms. `format_date(date(2023, 10, 25)) == '25/10/2566'`."""
    if day is None:
        return "–"
    return _digits(f"{day.day:02d}/{day.month:02d}/{day.year + BE_OFFSET}", thai_digits)


def format_date_long(day: date | None, *, thai_digits: bool = False) -> str:
    """Long BE date. `format_date_long(date(2022, 3, 14)) == '14 มีนาคม 2565'`."""
    if day is None:
        return "–"
    return _digits(f"{day.day} {MONTHS[day.month - 1]} {day.year + BE_OFFSET}", thai_digits)


def format_date_abbr(day: date | None, *, thai_digits: bool = False) -> str:
    """Abbreviated BE date for tables. `format_date_abbr(date(2022, 3, 14)) == '14 มี.ค. 2565'`."""
    if day is None:
        return "–"
    return _digits(f"{day.day} {MONTHS_ABBR[day.month - 1]} {day.year + BE_OFFSET}", thai_digits)


def month_name(month: int, *, abbreviated: bool = False) -> str:
    """The month's name in the reader's language: Thai (`ต.ค.`), or Django's own names on English pages
    (`Oct.`). Printed forms are drawn in Thai, so they keep the Thai names."""
    if not (translation.get_language() or "th").startswith("en"):
        return (MONTHS_ABBR if abbreviated else MONTHS)[month - 1]
    return str((dates.MONTHS_AP if abbreviated else dates.MONTHS)[month])


def format_month_year(year: int, month: int) -> str:
    """`format_month_year(2023, 1) == 'มกราคม 2566'` (`January 2566` on English pages)."""
    return f"{month_name(month)} {year + BE_OFFSET}"


# ASCII digits only (Thai digits are translated first): `\d` alone would also take Arabic-Indic digits.
_NUMERIC_DATE = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{2}|\d{4})$", re.ASCII)
_WORD_DATE = re.compile(r"^(\d{1,2})\s+(\S+?)\s*(\d{2}|\d{4})$", re.ASCII)
_MONTH_LOOKUP = {name: i + 1 for i, name in enumerate(MONTHS)} | {
    abbr.replace(".", ""): i + 1 for i, abbr in enumerate(MONTHS_ABBR)
}

SHORT_YEAR_BASE = 2500  # a two-digit year: `66` is 2566
EARLIEST_BE_YEAR = 2400  # a smaller year looks Gregorian, and is refused

BE_HINT = gettext_noop("วัน/เดือน/ปี พ.ศ. เช่น 25/10/2566")


def _be_year(raw: str) -> int:
    year = int(raw)
    if len(raw) == 2:
        return SHORT_YEAR_BASE + year
    return year


def be_date_grammar() -> dict:
    """How `parse_be_date` reads a typed date, as data for the report form's script (through `json_script`),
    so its live suggestion reads `25 ม.ค. 66` as the server will. Both patterns are valid JavaScript too.

    >>> grammar = be_date_grammar()
    >>> grammar["months"]["มค"], grammar["months"]["มกราคม"], grammar["short_year_base"]
    (1, 1, 2500)
    """
    return {
        "numeric": _NUMERIC_DATE.pattern,
        "word": _WORD_DATE.pattern,
        "months": _MONTH_LOOKUP,
        "short_year_base": SHORT_YEAR_BASE,
        "earliest_year": EARLIEST_BE_YEAR,
        "offset": BE_OFFSET,
    }


def parse_be_date(text: str) -> date:
    """Read a Buddhist Era date as typed: `25/10/2566`, `25-10-66`, `๒๕/๑๐/๒๕๖๖`, `14 มีนาคม 2565`, `14 มี.ค. 65`.

    The year is always Buddhist Era; a year that looks Gregorian is refused with a message saying so.

    >>> parse_be_date("25/10/2566")
    datetime.date(2023, 10, 25)
    """
    cleaned = " ".join(thai_to_arabic_digits(normalize_line(text) or "").split())
    if not cleaned:
        raise ThaiInputError(gettext_noop("กรุณากรอกวันที่ (วัน/เดือน/ปี พ.ศ. เช่น 25/10/2566)"))
    match = _NUMERIC_DATE.match(cleaned)
    if match:
        day_s, month_s, year_s = match.groups()
        month = int(month_s)
    else:
        match = _WORD_DATE.match(cleaned)
        if not match:
            raise ThaiInputError(
                gettext_noop("อ่านวันที่ “%(text)s” ไม่ได้ กรุณากรอกเป็นวัน/เดือน/ปี พ.ศ. เช่น 25/10/2566"), text=text
            )
        day_s, month_name, year_s = match.groups()
        month = _MONTH_LOOKUP.get(month_name.replace(".", ""))
        if month is None:
            raise ThaiInputError(
                gettext_noop("ไม่รู้จักเดือน “%(month)s” กรุณากรอกเป็นวัน/เดือน/ปี พ.ศ. เช่น 25/10/2566"),
                month=month_name,
            )
    be_year = _be_year(year_s)
    if be_year < EARLIEST_BE_YEAR:
        raise ThaiInputError(
            gettext_noop("ปี %(year)s ดูเหมือนเป็นปี ค.ศ. กรุณากรอกปี พ.ศ. (เช่น %(be_year)s)"),
            year=be_year,
            be_year=be_year + BE_OFFSET,
        )
    try:
        return date(from_be(be_year), month, int(day_s))
    except ValueError:
        raise ThaiInputError(gettext_noop("ไม่มีวันที่ “%(text)s” ในปฏิทิน"), text=text) from None
