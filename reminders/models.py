"""Reminders: what was decided for whom (one row per person, kind and period), the e-mails that carry them,
and each person's choices.

A `Reminder` row is written before anything is sent, and the unique constraint on (recipient, kind, period) is
what makes a run idempotent: a second run, or a run on another machine at the same moment, finds the row there
and sends nothing. The same rows are the notices shown in the app.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReminderKind(models.TextChoices):
    DUE_SOON = "due_soon", _("ใกล้ถึงกำหนดส่งรายงาน")
    OVERDUE = "overdue", _("เลยกำหนดส่งรายงาน")
    ESCALATION = "escalation", _("โครงการในหน่วยงานที่ยังไม่ส่งรายงาน")
    RETURNED = "returned", _("รายงานถูกส่งกลับให้แก้ไข")
    AWAITING_APPROVAL = "awaiting", _("รายงานรออนุมัติเกิน 3 วัน")
    WEEKLY_SUMMARY = "weekly", _("สรุปรายสัปดาห์: โครงการที่ยังไม่ส่งรายงาน")


# The kinds a person may turn off (settings page) and that reach a person at most once in REMINDER_QUIET_DAYS.
# An escalation to the agency head and a report returned to its author always go out.
OPTIONAL_KINDS = frozenset(
    {ReminderKind.DUE_SOON, ReminderKind.OVERDUE, ReminderKind.AWAITING_APPROVAL, ReminderKind.WEEKLY_SUMMARY}
)


class MessageStatus(models.TextChoices):
    PENDING = "pending", _("รอส่ง")
    RETRY = "retry", _("ส่งไม่สำเร็จ จะลองใหม่")
    SENT = "sent", _("ส่งแล้ว")
    FAILED = "failed", _("ส่งไม่สำเร็จ")
    REJECTED = "rejected", _("เซิร์ฟเวอร์ปฏิเสธที่อยู่อีเมล")


class ReminderMessage(models.Model):
    """One e-mail: the digest of everything one person is reminded of in one run."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="reminder_messages", verbose_name=_("ผู้รับ")
    )
    run = models.UUIDField(_("รอบการส่ง"), db_index=True, editable=False)
    day = models.DateField(_("วันที่ของรอบ"))
    address = models.EmailField(_("อีเมล"), max_length=254)
    language = models.CharField(_("ภาษา"), max_length=8, default="th")
    subject = models.CharField(_("เรื่อง"), max_length=255)
    text = models.TextField(_("เนื้อความ"))
    html = models.TextField(_("เนื้อความ HTML"))
    status = models.CharField(
        _("สถานะ"), max_length=16, choices=MessageStatus.choices, default=MessageStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("จำนวนครั้งที่ลองส่ง"), default=0)
    last_error = models.TextField(_("ข้อผิดพลาดล่าสุด"), blank=True, default="")
    next_attempt_at = models.DateTimeField(_("ลองส่งใหม่เมื่อ"), null=True, blank=True)
    created_at = models.DateTimeField(_("สร้างเมื่อ"), auto_now_add=True)
    sent_at = models.DateTimeField(_("ส่งเมื่อ"), null=True, blank=True)

    class Meta:
        verbose_name = _("อีเมลแจ้งเตือน")
        verbose_name_plural = _("อีเมลแจ้งเตือน")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["run", "recipient"], name="reminder_message_once_per_run"),
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="reminder_message_status_idx")]

    def __str__(self):
        return f"{self.address}: {self.subject}"


class Reminder(models.Model):
    """What one person is reminded of, once per kind and period; also the notice shown in the app."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="reminders", verbose_name=_("ผู้รับ")
    )
    kind = models.CharField(_("ประเภท"), max_length=16, choices=ReminderKind.choices)
    # The month (`2026-11`), week (`2026-W48`), day or report step the reminder is about.
    period = models.CharField(_("งวด"), max_length=32)
    optional = models.BooleanField(_("ปิดรับได้"), default=True)
    day = models.DateField(_("วันที่ของรอบ"))
    # The run that wrote the row: rows already there keep their run, so a run sends only what it wrote.
    run = models.UUIDField(_("รอบการส่ง"), db_index=True, editable=False)
    # What the message lists: due date, projects (id, code, name, fiscal year), comment, counts.
    data = models.JSONField(_("รายละเอียด"), default=dict)
    created_at = models.DateTimeField(_("สร้างเมื่อ"), auto_now_add=True)
    read_at = models.DateTimeField(_("อ่านเมื่อ"), null=True, blank=True)

    class Meta:
        verbose_name = _("การแจ้งเตือน")
        verbose_name_plural = _("การแจ้งเตือน")
        ordering = ["-day", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "kind", "period"], name="reminder_once_per_period"),
        ]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="reminder_recipient_read_idx"),
            models.Index(fields=["recipient", "optional", "day"], name="reminder_recipient_day_idx"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.period}"


class ReminderPreference(models.Model):
    """A person's choices about reminders, and what the mail server said about their address."""

    class Language(models.TextChoices):
        THAI = "th", "ไทย"
        ENGLISH = "en", "English"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="reminder_preference", verbose_name=_("ผู้ใช้")
    )
    optional_reminders = models.BooleanField(
        _("รับอีเมลแจ้งเตือนกำหนดส่งรายงาน รายงานรออนุมัติ และสรุปรายสัปดาห์"), default=True
    )
    language = models.CharField(
        _("ภาษาของอีเมล"), max_length=8, choices=Language.choices, default=Language.THAI
    )
    # The address the mail server refused for good, and its answer; e-mail resumes once the user has another address.
    rejected_address = models.EmailField(_("อีเมลที่เซิร์ฟเวอร์ปฏิเสธ"), max_length=254, blank=True, default="")
    rejected_reason = models.TextField(_("เหตุผลที่ปฏิเสธ"), blank=True, default="")
    rejected_at = models.DateTimeField(_("ปฏิเสธเมื่อ"), null=True, blank=True)

    class Meta:
        verbose_name = _("การตั้งค่าการแจ้งเตือน")
        verbose_name_plural = _("การตั้งค่าการแจ้งเตือน")

    def __str__(self):
        return str(self.user)
