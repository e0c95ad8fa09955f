"""Printing certified documents: record what is printed, then lay it out as PDF.

Each printed document gets a number (`PF-2569-000123`) and a random check code printed beside it, is
stored with its snapshot and fingerprint before it is rendered, and carries a QR code of its public
verification URL (number and check code).
"""

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlencode
from uuid import uuid4

import segno
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from projects import thai
from projects.fiscal import to_be
from projects.models import Agency

from . import pdf
from .documents import (
    CERTIFICATION,
    PROJECT_FORM_TITLE,
    QUARTER_SUMMARY_TITLE,
    batch_project_ids,
    evidence_photos,
    project_form_snapshot,
    project_form_snapshots,
    quarter_summary_snapshot,
)
from .models import DocumentKind, PrintBatch, PrintedDocument
from .verification import fingerprint

NUMBER_PREFIXES = {DocumentKind.PROJECT_FORM: "PF", DocumentKind.QUARTER_SUMMARY: "QS"}
PRINTED_BY_SYSTEM = "ระบบ (พิมพ์จากคำสั่ง)"


class NothingToPrint(ValueError):
    """The request names no data: the message is Thai and shown to the user."""


def too_slow_message(seconds: float) -> str:
    """What people are told when a document was not laid out within the time limit of `seconds`
    (`pdf.RenderTimeout.seconds`, or as a failed batch recorded it)."""
    return _(
        "ระบบจัดหน้าเอกสารไม่เสร็จภายใน %(seconds)s วินาที จึงหยุดการพิมพ์และไม่ได้ออกเลขที่เอกสาร "
        "ข้อความบางช่องของโครงการอาจยาวผิดปกติ (เช่น ข้อความที่ไม่มีการเว้นวรรคยาวมาก) "
        "กรุณาตรวจแก้ข้อความแล้วพิมพ์ใหม่ หรือแจ้งผู้ดูแลระบบ"
    ) % {"seconds": f"{seconds:g}"}


def document_number(kind: str, printed_at: datetime, sequence: int) -> str:
    """`PF-2569-000123`: kind, BE year of printing (Bangkok time), running number."""
    year = to_be(timezone.localtime(printed_at).year)
    return f"{NUMBER_PREFIXES[kind]}-{year}-{sequence:06d}"


def site_url() -> str:
    """The address printed documents point to when there is no request to build it from."""
    return settings.SITE_URL.rstrip("/")


# The query parameter that carries the check code in the verification URL (and the QR code).
CHECK_CODE_PARAMETER = "c"


def verify_url(base_url: str, number: str, check_code: str) -> str:
    path = reverse("reports:verify", kwargs={"number": number})
    return f"{base_url.rstrip('/')}{path}?{urlencode({CHECK_CODE_PARAMETER: check_code})}"


def qr_data_uri(url: str) -> str:
    """The URL as a QR code, a PNG data URI (WeasyPrint draws PNG reliably; no SVG)."""
    return segno.make(url, error="m").png_data_uri(scale=4, border=2)


def printed_by_name(user) -> str:
    if user is None:
        return PRINTED_BY_SYSTEM
    return user.get_full_name() or user.get_username()


@transaction.atomic
def record_document(
    *,
    kind: str,
    snapshot: dict,
    user,
    project_id: int | None = None,
    agency: Agency | None = None,
    fiscal_year: int | None = None,
    quarter: int | None = None,
) -> PrintedDocument:
    """Store a printed document with its snapshot and fingerprint, numbered from its row id."""
    document = PrintedDocument(
        number=f"new-{uuid4().hex[:24]}",
        kind=kind,
        project_id=project_id,
        agency=agency,
        fiscal_year=fiscal_year,
        quarter=quarter,
        printed_by=user,
        fingerprint=fingerprint(snapshot),
        snapshot=snapshot,
    )
    document.full_clean()
    document.save()
    document.number = document_number(kind, document.printed_at, document.pk)
    document.save(update_fields=["number"])
    return document


@dataclass(frozen=True)
class PrintMeta:
    """What makes a printed form checkable: printed in its header and beside its QR code."""

    number: str
    check_code: str
    printed_at: str
    printed_by: str
    fingerprint: str
    verify_url: str
    qr: str


def print_meta(document: PrintedDocument, base_url: str) -> PrintMeta:
    local = timezone.localtime(document.printed_at)
    url = verify_url(base_url, document.number, document.check_code)
    return PrintMeta(
        number=document.number,
        check_code=document.check_code,
        printed_at=f"{thai.format_date(local.date())} เวลา {local:%H:%M} น.",
        printed_by=printed_by_name(document.printed_by),
        fingerprint=document.fingerprint,
        verify_url=url,
        qr=qr_data_uri(url),
    )


def breakable(value):
    """The snapshot with break opportunities in long unbroken runs of its texts (for laying out only: the
    stored snapshot and its fingerprint keep the text as typed)."""
    if isinstance(value, str):
        return thai.with_break_opportunities(value)
    if isinstance(value, dict):
        # A file's SHA-256 is printed by its first 16 hex digits: kept whole here.
        return {key: item if key == "sha256" else breakable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [breakable(item) for item in value]
    return value


# The certified forms are Thai government documents: Thai even when the person reads the site in English.
@translation.override("th")
def project_form_html(snapshot: dict, meta: PrintMeta, photos: list[dict] = ()) -> str:
    return render_to_string(
        "reports/pdf/project_form.html",
        {
            "form": breakable(snapshot),
            "photos": photos,
            "meta": meta,
            "title": PROJECT_FORM_TITLE,
            "certification": CERTIFICATION,
        },
    )


@translation.override("th")
def quarter_summary_html(snapshot: dict, meta: PrintMeta) -> str:
    return render_to_string(
        "reports/pdf/quarter_summary.html",
        {
            "summary": breakable(snapshot),
            "meta": meta,
            "title": QUARTER_SUMMARY_TITLE,
            "certification": CERTIFICATION,
        },
    )


@dataclass(frozen=True)
class PrintedForm:
    document: PrintedDocument
    pdf: pdf.RenderedPdf

    @property
    def filename(self) -> str:
        return f"{self.document.number}.pdf"


def _render_or_forget(document: PrintedDocument, html: str) -> PrintedForm:
    try:
        return PrintedForm(document, pdf.render(html))
    except Exception:
        # A document that was never produced must not verify as genuine.
        document.delete()
        raise


def print_project_form(*, project_id: int, user, base_url: str) -> PrintedForm:
    """Print one project's certified form."""
    snapshot = project_form_snapshot(project_id)
    if snapshot is None:
        raise NothingToPrint(_("ไม่พบโครงการ"))
    document = record_document(
        kind=DocumentKind.PROJECT_FORM,
        snapshot=snapshot,
        user=user,
        project_id=project_id,
        agency=None,
        fiscal_year=int(snapshot["project"]["fiscal_year"]),
    )
    photos = evidence_photos({project_id: snapshot}).get(project_id, [])
    return _render_or_forget(document, project_form_html(snapshot, print_meta(document, base_url), photos))


def print_quarter_summary(
    *, agency: Agency, fiscal_year: int, quarter: int, user, base_url: str
) -> PrintedForm:
    """Print an agency's quarterly summary (its projects and its sub-agencies')."""
    snapshot = quarter_summary_snapshot(agency, fiscal_year, quarter)
    document = record_document(
        kind=DocumentKind.QUARTER_SUMMARY,
        snapshot=snapshot,
        user=user,
        agency=agency,
        fiscal_year=fiscal_year,
        quarter=quarter,
    )
    return _render_or_forget(document, quarter_summary_html(snapshot, print_meta(document, base_url)))


# --- Batches ---------------------------------------------------------------------------------------------------
@transaction.atomic
def request_batch(*, user, agency: Agency, fiscal_year: int, base_url: str) -> PrintBatch:
    """Queue the printing of every form of an agency (and its sub-agencies) for a fiscal year."""
    from .tasks import print_batch

    if not user.has_perm("reports.print_agency", agency):
        raise PermissionDenied(_("ไม่มีสิทธิ์พิมพ์แบบรายงานของหน่วยงานนี้"))
    total = len(batch_project_ids(agency, fiscal_year))
    if total == 0:
        raise NothingToPrint(
            _("ไม่มีโครงการของ%(agency)s ในปีงบประมาณ %(year)s") % {"agency": agency, "year": fiscal_year}
        )
    batch = PrintBatch(agency=agency, fiscal_year=fiscal_year, requested_by=user, total=total)
    batch.full_clean()
    batch.save()

    def enqueue():
        result = print_batch.enqueue(batch.pk, base_url)
        PrintBatch.objects.filter(pk=batch.pk).update(task_id=result.id)

    # The worker must find the batch: enqueue once it is committed.
    transaction.on_commit(enqueue)
    return batch


def run_batch(*, batch_id: int, base_url: str) -> PrintBatch:
    """Print a batch: one PrintedDocument per form, all forms in one PDF, progress in `done/total`.

    Documents are recorded one by one in short transactions, so the web application keeps writing
    while the pages are laid out.
    """
    batch = PrintBatch.objects.select_related("agency", "requested_by").get(pk=batch_id)
    ids = batch_project_ids(batch.agency, batch.fiscal_year)
    PrintBatch.objects.filter(pk=batch.pk).update(
        state=PrintBatch.State.RUNNING, total=len(ids), done=0, error=""
    )
    documents = []
    try:
        htmls = []
        snapshots = project_form_snapshots(ids)
        photos = evidence_photos(snapshots)
        for project_id, snapshot in snapshots.items():
            document = record_document(
                kind=DocumentKind.PROJECT_FORM,
                snapshot=snapshot,
                user=batch.requested_by,
                project_id=project_id,
                fiscal_year=batch.fiscal_year,
            )
            documents.append(document)
            htmls.append(
                project_form_html(snapshot, print_meta(document, base_url), photos.get(project_id, []))
            )

        def progress(index: int) -> None:
            PrintBatch.objects.filter(pk=batch.pk).update(done=index + 1)

        rendered = pdf.render_many(htmls, on_each=progress)
        batch.refresh_from_db()
        batch.file.save(
            f"batch-{batch.pk}-{batch.agency.code}-{batch.fiscal_year}.pdf",
            ContentFile(rendered.content),
            save=False,
        )
        batch.state = PrintBatch.State.DONE
        batch.done = batch.total = len(ids)
        batch.finished_at = timezone.now()
        batch.save(update_fields=["file", "state", "done", "total", "finished_at"])
    except Exception as error:
        if isinstance(error, pdf.RenderTimeout):
            failure = {"kind": "too_slow", "seconds": error.seconds}
            if error.index is not None:
                failure["code"] = documents[error.index].snapshot["project"]["code"]
        else:
            failure = {"kind": "error"}
        for document in documents:
            document.delete()
        PrintBatch.objects.filter(pk=batch.pk).update(
            state=PrintBatch.State.FAILED,
            failure=failure,
            error=f"{type(error).__name__}: {error}",
            finished_at=timezone.now(),
        )
        raise
    return batch


def failure_message(batch: PrintBatch) -> str:
    """Why a batch failed, in the active language: empty unless it failed. The technical detail stays in
    `batch.error`, for the administrator."""
    if batch.state != PrintBatch.State.FAILED:
        return ""
    failure = batch.failure or {}
    if failure.get("kind") == "too_slow":
        reason = too_slow_message(failure["seconds"])
        if failure.get("code"):
            reason = _("แบบรายงานของโครงการ %(code)s: %(message)s") % {
                "code": failure["code"],
                "message": reason,
            }
    else:
        reason = _("เกิดข้อผิดพลาดในระบบ ไม่ได้ออกเลขที่เอกสาร กรุณาสั่งพิมพ์ใหม่ หากยังไม่สำเร็จให้แจ้งผู้ดูแลระบบ")
    return _("พิมพ์ไม่สำเร็จ: %(reason)s") % {"reason": reason}
