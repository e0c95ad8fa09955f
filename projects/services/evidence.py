"""Evidence on monthly reports: attach files, remove them (kept hidden), purge them for good.

Attaching or removing a file is a change of the report: refused in a closed quarter and on an approved
report exactly like an edit (`projects.add_evidence` / `projects.remove_evidence` in projects/rules.py, the
quarter lock of `projects.closing`), and recorded in the history. Files are checked and cleaned before the
project is locked (`projects.evidence`); several files go in together or not at all.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from projects.choices import ApprovalState
from projects.closing import lock_quarters, quarter_of
from projects.evidence import CheckedFile, EvidenceRefused, check_file, clean_caption, too_large
from projects.models import Evidence, ProgressReport

from .common import lock_project, mark, require
from .reports import approved_message, closed_quarter_message

# The form field the messages belong beside.
FIELD = "file"


@dataclass(frozen=True)
class Upload:
    """One file as it arrives: an uploaded file or a file opened from disk, with the caption typed for it."""

    file: object  # has .name, .size and .read() (Django's UploadedFile, File)
    caption: str = ""


def max_bytes() -> int:
    return settings.EVIDENCE_MAX_BYTES


def max_files() -> int:
    return settings.EVIDENCE_MAX_FILES


def _read(upload: Upload) -> bytes:
    name = getattr(upload.file, "name", "") or ""
    size = getattr(upload.file, "size", None)
    if size is not None and size > max_bytes():
        # Refused before it is read: an oversized file is never held in memory.
        raise too_large(name, size, max_bytes())
    return upload.file.read(max_bytes() + 1)


def check_uploads(uploads: Iterable[Upload]) -> list[tuple[CheckedFile, str]]:
    """Every file checked and cleaned, with its caption; `ValidationError` with every file's message."""
    checked, errors = [], []
    for upload in uploads:
        name = getattr(upload.file, "name", "") or ""
        try:
            caption = clean_caption(upload.caption)
            content = _read(upload)
            checked.append(
                (
                    check_file(content, name, max_bytes=max_bytes(), max_pixels=settings.EVIDENCE_MAX_PIXELS),
                    caption,
                )
            )
        except EvidenceRefused as refused:
            errors.append(ValidationError(refused.message, code=refused.code))
    if not checked and not errors:
        errors.append(ValidationError(_("กรุณาเลือกไฟล์หลักฐานอย่างน้อยหนึ่งไฟล์"), code="no_file"))
    if errors:
        raise ValidationError({FIELD: errors})
    return checked


def refusal_reason(user, report: ProgressReport, permission: str) -> str | None:
    """Why the user may not change the report's evidence now, in Thai; None when they may."""
    if user.has_perm(permission, report):
        return None
    if not user.has_perm("projects.add_report", report.project):
        raise PermissionDenied(_("ท่านไม่มีสิทธิ์แก้ไขข้อมูลของโครงการนี้"))
    if report.approval_state == ApprovalState.APPROVED and not user.has_perm(
        "projects.change_report", report
    ):
        return approved_message(report)
    return closed_quarter_message(report.report_date)


def _locked_report(user, report: ProgressReport, permission: str) -> ProgressReport:
    """Lock the project and the report's quarter as a report edit does, then ask the permission again."""
    project = lock_project(report.project)
    current = ProgressReport.objects.select_for_update().get(pk=report.pk)
    current.project = project
    lock_quarters([quarter_of(current.report_date)])
    _may(user, current, permission)
    return current


def _may(user, report: ProgressReport, permission: str) -> None:
    refusal = refusal_reason(user, report, permission)
    if refusal:
        raise ValidationError({FIELD: refusal}, code="refused")


def _store(report: ProgressReport, item: CheckedFile, caption: str, user) -> Evidence:
    evidence = Evidence(
        report=report,
        name=item.name,
        size=item.size,
        content_type=item.kind.content_type,
        sha256=item.sha256,
        caption=caption,
        uploaded_by=user,
    )
    evidence.file.save(f"file.{item.kind.extension}", ContentFile(item.content), save=False)
    if item.thumbnail:
        evidence.thumbnail.save("thumbnail.jpg", ContentFile(item.thumbnail), save=False)
    return evidence


def _forget(stored: list[Evidence]) -> None:
    """Delete the files of rows that were never saved (an attachment refused or rolled back)."""
    for evidence in stored:
        for field in (evidence.file, evidence.thumbnail):
            if field:
                field.storage.delete(field.name)


def attach_files(*, report: ProgressReport, uploads: list[Upload], user: AbstractBaseUser) -> list[Evidence]:
    """Attach files to a report, all or none.

    Raises `ValidationError` keyed by `file` (each bad file's Thai message; too many files; a closed quarter
    or an approved report), `PermissionDenied` for someone who may not edit the project.
    """
    _may(user, report, "projects.add_evidence")  # said before any file is read
    checked = check_uploads(uploads)
    stored: list[Evidence] = []
    try:
        with transaction.atomic():
            current = _locked_report(user, report, "projects.add_evidence")
            present = current.evidence.shown().count()
            if present + len(checked) > max_files():
                raise ValidationError(
                    {
                        FIELD: _(
                            "รายงานหนึ่งครั้งแนบไฟล์ได้ไม่เกิน %(limit)s ไฟล์ รายงานนี้มีแล้ว %(present)s ไฟล์ "
                            "จึงแนบเพิ่มได้อีก %(room)s ไฟล์ (เลือกมา %(chosen)s ไฟล์)"
                        )
                        % {
                            "limit": max_files(),
                            "present": present,
                            "room": max(max_files() - present, 0),
                            "chosen": len(checked),
                        }
                    },
                    code="too_many",
                )
            for item, caption in checked:
                evidence = _store(current, item, caption, user)
                stored.append(evidence)
                evidence.full_clean()
                mark(evidence, user=user, token="")
                evidence.save()
    except BaseException:
        _forget(stored)
        raise
    return stored


def attach_evidence(*, report: ProgressReport, file, caption: str = "", user: AbstractBaseUser) -> Evidence:
    """Attach one file (see `attach_files`)."""
    return attach_files(report=report, uploads=[Upload(file, caption)], user=user)[0]


@transaction.atomic
def remove_evidence(*, evidence: Evidence, user: AbstractBaseUser) -> Evidence:
    """Take a file off its report: hidden from pages and printed forms, kept until an administrator purges
    it. Refused like an edit of the report."""
    current = _locked_report(user, evidence.report, "projects.remove_evidence")
    row = Evidence.objects.select_for_update().get(pk=evidence.pk)
    if row.removed_at is not None:
        return row
    row.report = current
    row.removed_at = timezone.now()
    row.removed_by = user
    mark(row, user=user, token="")
    row.save(update_fields=["removed_at", "removed_by"])
    return row


def purge_evidence(*, evidence: Evidence, user: AbstractBaseUser) -> None:
    """Delete a removed file and its row for good (administrators; its history rows stay)."""
    require(user, "projects.purge_evidence", evidence.report)
    if evidence.removed_at is None:
        raise ValidationError(_("นำไฟล์ออกจากรายงานก่อน จึงลบถาวรได้"), code="not_removed")
    with transaction.atomic():
        mark(evidence, user=user, token="")
        evidence.delete()  # its files leave storage when this commits (django-cleanup)
