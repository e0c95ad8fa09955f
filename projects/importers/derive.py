"""What the importer works out from a file's facts: agency code chain, project status, identity key."""

import hashlib
import re
from decimal import Decimal

from projects.choices import AgencyKind, ProjectStatus
from projects.thai import normalize_line, parse_decimal

from . import text as t
from .records import LegacyFileError


def agency_chain(code: str) -> list[str]:
    """The codes from the top department down to `code`, one per non-zero 2-digit group.

    >>> agency_chain("04160200")
    ['04000000', '04160000', '04160200']
    >>> agency_chain("01000600")
    ['01000000', '01000600']
    """
    if not re.fullmatch(r"\d{8}", code or ""):
        raise LegacyFileError(f"รหัสหน่วยงาน “{code}” ต้องเป็นตัวเลข 8 หลัก")
    groups = [code[i : i + 2] for i in range(0, 8, 2)]
    if groups[0] == "00":
        raise LegacyFileError(f"รหัสหน่วยงาน “{code}” ไม่มีรหัสสำนัก/สำนักงาน")
    chain = []
    for i, group in enumerate(groups):
        if group != "00":
            chain.append("".join(groups[: i + 1]) + "00" * (3 - i))
    return chain


def agency_kind(code: str) -> str:
    """Department for `XX000000`, division for `XXXX0000`, section for anything deeper."""
    depth = max(i for i in range(4) if code[2 * i : 2 * i + 2] != "00")
    return [AgencyKind.DEPARTMENT, AgencyKind.DIVISION, AgencyKind.SECTION, AgencyKind.SECTION][depth]


_RETURNED = re.compile(rf"ส่งคืนงบประมาณ\s*(?:เป็นเงิน|จำนวน)?\s*(?P<amount>{t.NUMBER})\s*บาท")


def project_status(newest_text: str | None, newest_progress: Decimal | None) -> tuple[str, str]:
    """Status and its reason from the newest report."""
    text = newest_text or ""
    if "ยกเลิกโครงการ" in text:
        return ProjectStatus.CANCELLED, text
    if "ขอชะลอ" in text:
        return ProjectStatus.DELAYED, text
    if newest_progress is not None and newest_progress >= Decimal("100"):
        return ProjectStatus.COMPLETED, ""
    return ProjectStatus.ACTIVE, ""


def budget_returned(texts_newest_first: list[str | None]) -> Decimal | None:
    """`ส่งคืนงบประมาณ เป็นเงิน 9,603,371.83 บาท` in any report; the newest mention wins."""
    for text in texts_newest_first:
        match = _RETURNED.search(text or "")
        if match:
            return parse_decimal(match.group("amount"))
    return None


def legacy_key(*, agency_code: str, fiscal_year: int, first_date, first_text: str | None) -> str:
    """A stable identity for a project its source gave no code for."""
    parts = [
        agency_code,
        str(fiscal_year),
        first_date.isoformat(),
        " ".join((normalize_line(first_text) or "").split()),
    ]
    return hashlib.sha256("|".join(parts).encode("utf-8")).hexdigest()
