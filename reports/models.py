"""Printed documents and batch print jobs."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop


class DocumentKind(models.TextChoices):
    # The titles of Thai government forms, printed in Thai: kept as plain str here (and so on paper),
    # translated where a page names them (`gettext(kind.label)`).
    PROJECT_FORM = "project_form", gettext_noop("แบบแสดงรายงานความก้าวหน้าและข้อมูลเกี่ยวกับโครงการ")
    QUARTER_SUMMARY = "quarter_summary", gettext_noop("แบบสรุปผลรายไตรมาสของหน่วยงาน")


# Check codes: no 0/O, 1/I/L, so a code read off paper is typed right; 8 of 31 characters is about 40 bits.
CHECK_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CHECK_CODE_LENGTH = 8


def new_check_code() -> str:
    """A random check code, printed beside the document number and needed with it to verify the paper."""
    return "".join(secrets.choice(CHECK_CODE_ALPHABET) for _ in range(CHECK_CODE_LENGTH))


class PrintedDocument(models.Model):
    """A document printed from the system: who printed what, when, and a fingerprint of exactly what it said.

    `snapshot` holds the data the document was made from, so the verification page can say what changed.
    Numbers run in sequence, so the page also needs `check_code`, printed beside the number and carried in
    the QR code: knowing numbers alone lists nothing. Papers printed before check codes existed carry only
    the number (`check_code_printed` is false) and still verify by it.
    """

    number = models.CharField(_("เลขที่เอกสาร"), max_length=32, unique=True)
    check_code = models.CharField(_("รหัสตรวจสอบ"), max_length=CHECK_CODE_LENGTH, default=new_check_code)
    check_code_printed = models.BooleanField(_("พิมพ์รหัสตรวจสอบไว้บนเอกสาร"), default=True)
    kind = models.CharField(_("ประเภท"), max_length=32, choices=DocumentKind.choices)
    project = models.ForeignKey(
        "projects.Project", models.SET_NULL, null=True, blank=True, related_name="printed_documents"
    )
    agency = models.ForeignKey("projects.Agency", models.SET_NULL, null=True, blank=True, related_name="+")
    fiscal_year = models.PositiveSmallIntegerField(_("ปีงบประมาณ (พ.ศ.)"), null=True, blank=True)
    quarter = models.PositiveSmallIntegerField(_("ไตรมาส"), null=True, blank=True)
    printed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ผู้พิมพ์"),
    )
    printed_at = models.DateTimeField(_("พิมพ์เมื่อ"), auto_now_add=True)
    fingerprint = models.CharField(_("ลายนิ้วมือข้อมูล (SHA-256)"), max_length=64)
    snapshot = models.JSONField(_("ข้อมูลที่พิมพ์"), default=dict)

    class Meta:
        verbose_name = _("เอกสารที่พิมพ์")
        verbose_name_plural = _("เอกสารที่พิมพ์")
        ordering = ["-printed_at"]

    def __str__(self):
        return self.number


def batch_file_name(batch: "PrintBatch", filename: str) -> str:
    """`batches/<random>.pdf`: a name nobody can guess from the agency, year or batch number."""
    return f"batches/{secrets.token_urlsafe(24)}.pdf"


class PrintBatch(models.Model):
    """All forms of an agency for a fiscal year, printed into one PDF by a background task."""

    class State(models.TextChoices):
        QUEUED = "queued", _("รอคิว")
        RUNNING = "running", _("กำลังพิมพ์")
        DONE = "done", _("เสร็จแล้ว")
        FAILED = "failed", _("ไม่สำเร็จ")

    agency = models.ForeignKey("projects.Agency", models.CASCADE, related_name="+", verbose_name=_("หน่วยงาน"))
    fiscal_year = models.PositiveSmallIntegerField(_("ปีงบประมาณ (พ.ศ.)"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    state = models.CharField(max_length=16, choices=State.choices, default=State.QUEUED)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    file = models.FileField(upload_to=batch_file_name, blank=True)
    # Why it failed, as data, so each page says it in its own language (`printing.failure_message`):
    # {"kind": "too_slow", "seconds": 30, "code": "…"} or {"kind": "error"}.
    failure = models.JSONField(default=dict, blank=True)
    # The technical detail of a failure, for the administrator (the admin site and the log), never shown on
    # the pages.
    error = models.TextField(blank=True, default="")
    task_id = models.CharField(max_length=64, blank=True, default="")
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("งานพิมพ์ชุด")
        verbose_name_plural = _("งานพิมพ์ชุด")
        ordering = ["-requested_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(done__lte=models.F("total")), name="batch_done_not_above_total"
            ),
        ]

    def __str__(self):
        return f"{self.agency} {self.fiscal_year}"
