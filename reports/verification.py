"""Fingerprints of printed data and what changed since: the checks behind the public verification page.

`canonical_json`, `fingerprint` and the `diff_*` functions are pure (no ORM); `check_document` reads
the stored document and today's data.
"""

import hashlib
import json
import secrets
from dataclasses import dataclass, field

from .documents import (
    PROJECT_FIELDS,
    REPORT_FIELDS,
    SUMMARY_HEADER_FIELDS,
    SUMMARY_ROW_FIELDS,
    current_snapshot,
)
from .models import DocumentKind, PrintedDocument


def canonical_json(snapshot: dict) -> str:
    """One text for one content: keys sorted, no insignificant spaces, Thai kept as UTF-8."""
    return json.dumps(snapshot, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def fingerprint(snapshot: dict) -> str:
    """SHA-256 of the canonical JSON, as 64 hex digits."""
    return hashlib.sha256(canonical_json(snapshot).encode("utf-8")).hexdigest()


@dataclass
class ItemChange:
    """One numbered item (a report, a project row) whose printed fields changed."""

    key: str
    fields: list[str]


@dataclass
class FileChange:
    """A file of evidence under a report that was added, replaced (same name, other content) or removed."""

    report: str
    name: str
    what: str  # "added", "replaced", "removed"


@dataclass
class Changes:
    """What differs between a printed snapshot and today's: field labels and item keys only, no values.

    Values are left out on purpose: the page is public and the fields may name people.
    """

    fields: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    changed: list[ItemChange] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    files: list[FileChange] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.fields or self.added or self.changed or self.removed or self.files)


def _changed_fields(old: dict, new: dict, labels: dict[str, str]) -> list[str]:
    return [label for key, label in labels.items() if old.get(key) != new.get(key)]


def _diff_items(old_items: dict, new_items: dict, labels: dict[str, str], changes: Changes) -> None:
    changes.added = [key for key in new_items if key not in old_items]
    changes.removed = [key for key in old_items if key not in new_items]
    for key, old in old_items.items():
        if key in new_items:
            fields = _changed_fields(old, new_items[key], labels)
            if fields:
                changes.changed.append(ItemChange(key, fields))


def diff_evidence(number: str, old: list[dict], new: list[dict]) -> list[FileChange]:
    """The files of one report that were added, replaced or removed, told apart by name: a file of the same
    name with another SHA-256 was replaced.

    >>> diff_evidence("2", [{"name": "a.jpg", "sha256": "1"}], [{"name": "a.jpg", "sha256": "2"}])
    [FileChange(report='2', name='a.jpg', what='replaced')]
    """
    before = {item["name"]: item["sha256"] for item in old}
    after = {item["name"]: item["sha256"] for item in new}
    found = [FileChange(number, name, "added") for name in after if name not in before]
    found += [
        FileChange(number, name, "replaced")
        for name in after
        if name in before and after[name] != before[name]
    ]
    found += [FileChange(number, name, "removed") for name in before if name not in after]
    return found


def diff_project_form(old: dict, new: dict) -> Changes:
    """Changed project fields, which report numbers were added, changed or removed, and which files of the
    reports on both were added, replaced or removed."""
    changes = Changes(fields=_changed_fields(old["project"], new["project"], PROJECT_FIELDS))
    old_reports = {str(r["number"]): r for r in old["reports"]}
    new_reports = {str(r["number"]): r for r in new["reports"]}
    _diff_items(old_reports, new_reports, REPORT_FIELDS, changes)
    for number, report in old_reports.items():
        if number in new_reports:
            changes.files += diff_evidence(
                number, report.get("evidence", []), new_reports[number].get("evidence", [])
            )
    return changes


def _summary_rows(snapshot: dict) -> dict[str, dict]:
    # Projects are told apart by code; one without a code (legacy data) by its name. A row carries the
    # agency it is printed under, so a project that moved or an agency renamed shows as a change.
    return {
        row["code"] if row["code"] != "–" else row["name"]: {**row, "agency": group["agency"]}
        for group in snapshot["groups"]
        for row in group["rows"]
    }


def diff_quarter_summary(old: dict, new: dict) -> Changes:
    """Changed header fields, and which projects (by code) were added, changed or removed."""
    changes = Changes(fields=_changed_fields(old, new, SUMMARY_HEADER_FIELDS))
    _diff_items(_summary_rows(old), _summary_rows(new), SUMMARY_ROW_FIELDS, changes)
    return changes


def diff(old: dict, new: dict) -> Changes:
    if old.get("kind") == DocumentKind.QUARTER_SUMMARY:
        return diff_quarter_summary(old, new)
    return diff_project_form(old, new)


@dataclass
class Verification:
    document: PrintedDocument
    # The stored snapshot still has the fingerprint stored with it: the record was not altered.
    intact: bool
    # Today's data no longer exists (the project was deleted).
    source_gone: bool
    # Today's data has another fingerprint than the printed one.
    data_changed: bool
    changes: Changes

    @property
    def unchanged(self) -> bool:
        return self.intact and not self.source_gone and not self.data_changed


def normalize_check_code(code: str) -> str:
    """A check code as typed: case, spaces and hyphens do not matter."""
    return "".join(code.split()).replace("-", "").upper()


def code_matches(document: PrintedDocument, code: str) -> bool:
    """The check code is the document's; a paper printed before codes existed also passes without one."""
    if not code:
        return not document.check_code_printed
    return secrets.compare_digest(normalize_check_code(code).encode(), document.check_code.encode())


def check_document(number: str, code: str = "") -> Verification | None:
    """Look up a printed document by number and check code, and compare what it printed with today's data.

    None when there is no such document or the code is not its code: the two are told apart nowhere,
    so trying numbers in sequence lists nothing.
    """
    document = PrintedDocument.objects.filter(number=number.strip().upper()).first()
    if document is None or not code_matches(document, code):
        return None
    intact = fingerprint(document.snapshot) == document.fingerprint
    today = current_snapshot(document)
    if today is None:
        return Verification(document, intact, source_gone=True, data_changed=True, changes=Changes())
    return Verification(
        document,
        intact,
        source_gone=False,
        data_changed=fingerprint(today) != document.fingerprint,
        changes=diff(document.snapshot, today),
    )
