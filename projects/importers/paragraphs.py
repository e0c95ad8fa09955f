"""Paragraphs back from the old layout's lines (pure, no ORM).

The printed forms are OCR text: prose keeps the hard line breaks of the old page, often with a blank line
after every line. A line is joined to the one before it unless a paragraph or list item really ends there:

- the line before ends a sentence (`.`, `!`, `?`, `:`, `;`),
- the line starts a numbered item or a bullet (`1.`, `๑.๑`, `-`, `•`, `ก.`),
- the line was indented (the OCR's `□□`, marked by `PARAGRAPH_MARK`),
- a blank line stood before it, in a text where other breaks that nothing above explains have none (where
  all of them have one, blank lines are only the layout's double spacing).

Thai has no spaces between words but puts one between phrases, and the old layout wrapped at those spaces
(the web page of 01000000-2456 has a space exactly where its printed form's lines end), so a rejoined break
gets one space, except where the break cuts a syllable or a run with no space at all, which only a wrap
inside a word does: then the halves are joined without one.
"""

import itertools
import re
from collections.abc import Iterable

# Put by `text.numbered_lines` before a line the OCR found indented; never kept in stored text.
PARAGRAPH_MARK = "¶"

_SENTENCE_END = re.compile(r"[.!?:;]$")
_ITEM_START = re.compile(
    r"^(?:[-–•▪●○*]\s*\S"  # bullet
    r"|[0-9๐-๙]{1,3}(?:\s*\.\s*[0-9๐-๙]{1,3})*\s*[.)]\s*\S"  # 1.  1)  1.2.
    r"|[0-9๐-๙]{1,3}(?:\.[0-9๐-๙]{1,3})+\s"  # ๑.๑ นคร...
    r"|[ก-ฮ][.)]\s)"  # ก. ข)
)
# A Thai line cannot start with these (vowels written after, above or below, tone marks), nor end with a vowel
# written before its consonant: a break there cut a syllable.
_FOLLOWING = set("ะัาำิีึืฺุู็่้๊๋์ํๅ")
_LEADING = set("เแโใไ")
# A wrapped line this long without a single space was cut inside a run of words, not between phrases.
_RUN_WITHOUT_SPACE = 40


def _joiner(before: str, after: str) -> str:
    """The text that replaces a line break inside a paragraph.

    >>> _joiner("และวัฒนธรรม", "ได้กลายมาเป็น")
    ' '
    >>> _joiner("การแพร่ระบาดของโรคโควิด-19 ภายในกรุงเทพมห", "านคร")
    ''
    >>> _joiner("เ", "ทศบาล")
    ''
    """
    if after[0] in _FOLLOWING or before[-1] in _LEADING:
        return ""
    if " " not in before and len(before) >= _RUN_WITHOUT_SPACE:
        return ""
    return " "


def _starts_paragraph(line: str) -> bool:
    return line.startswith(PARAGRAPH_MARK) or bool(_ITEM_START.match(line))


def rejoin(lines: Iterable[str]) -> str | None:
    """The paragraphs the old layout's `lines` were cut from, one per line; None when nothing is left.

    >>> rejoin(["ปัจจุบันความสัมพันธ์ทั้งด้านการเมือง สังคม และวัฒนธรรม", "", "ได้กลายมาเป็นความสัมพันธ์ไร้พรมแดน", ""])
    'ปัจจุบันความสัมพันธ์ทั้งด้านการเมือง สังคม และวัฒนธรรม ได้กลายมาเป็นความสัมพันธ์ไร้พรมแดน'
    >>> print(rejoin(["1. เพื่อส่งเสริมการศึกษา การให้คำปรึกษาหารือ", "รวมทั้งการแลกเปลี่ยนประสบการณ์", "2. เพื่อขยายความสัมพันธ์"]))
    1. เพื่อส่งเสริมการศึกษา การให้คำปรึกษาหารือ รวมทั้งการแลกเปลี่ยนประสบการณ์
    2. เพื่อขยายความสัมพันธ์
    >>> print(rejoin(["จึงจัดทำโครงการนี้", "¶ดังนั้น เพื่อเป็นการต่อยอด", "การดำเนินงานระยะแรก"]))
    จึงจัดทำโครงการนี้
    ดังนั้น เพื่อเป็นการต่อยอด การดำเนินงานระยะแรก
    >>> print(rejoin(["ย่อหน้าแรกจบแล้ว", "", "ย่อหน้าที่สอง", "ยังต่อกัน"]))
    ย่อหน้าแรกจบแล้ว
    ย่อหน้าที่สอง ยังต่อกัน
    >>> rejoin(["", "  "]) is None
    True
    """
    # (text, a blank line stood before it)
    entries: list[tuple[str, bool]] = []
    blank_before = False
    for raw in lines:
        line = " ".join((raw or "").split())
        if not line or line == PARAGRAPH_MARK:
            blank_before = bool(entries)
            continue
        entries.append((line, blank_before))
        blank_before = False
    if not entries:
        return None
    # Blank lines are the layout's double spacing when every break that nothing else explains has one.
    joinable = [
        blank
        for (before, _), (line, blank) in itertools.pairwise(entries)
        if not _starts_paragraph(line) and not _SENTENCE_END.search(before)
    ]
    blanks_are_breaks = any(joinable) and not all(joinable)

    paragraphs: list[str] = []
    for line, blank in entries:
        new = (
            not paragraphs
            or _starts_paragraph(line)
            or (blanks_are_breaks and blank)
            or bool(_SENTENCE_END.search(paragraphs[-1]))
        )
        line = line.removeprefix(PARAGRAPH_MARK).strip()
        if not line:
            continue
        if new:
            paragraphs.append(line)
        else:
            paragraphs[-1] += _joiner(paragraphs[-1], line) + line
    return "\n".join(paragraphs)
