"""`python manage.py send_reminders [--date YYYY-MM-DD] [--dry-run]`: a day's reminders, safe to run again."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from projects import thai
from reminders import delivery, services
from reminders.models import ReminderKind
from reminders.tasks import deliver_reminders

SKIP_REASONS = {
    "no-address": "ไม่มีอีเมล / no e-mail address",
    "rejected-address": "เซิร์ฟเวอร์อีเมลปฏิเสธที่อยู่นี้ / address rejected by the mail server",
}


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"วันที่ “{text}” ไม่ถูกต้อง ใช้รูปแบบ ค.ศ. YYYY-MM-DD เช่น 2026-11-26") from None


class Command(BaseCommand):
    help = (
        "ส่งการแจ้งเตือนของวันหนึ่ง (กำหนดส่งรายงาน เลยกำหนด แจ้งหัวหน้าหน่วยงาน รายงานถูกส่งกลับ รออนุมัติ "
        "สรุปรายสัปดาห์) เรียกซ้ำได้โดยไม่ส่งซ้ำ"
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", type=_day, help="วันที่ของรอบ (ค.ศ. YYYY-MM-DD) ค่าเริ่มต้นคือวันนี้")
        parser.add_argument("--dry-run", action="store_true", help="แสดงว่าจะส่งอะไรถึงใคร โดยไม่บันทึกและไม่ส่ง")

    def handle(self, *args, date=None, dry_run=False, **options):
        day = date or timezone.localdate()
        result = services.run_day(day, dry_run=dry_run)
        verb = "จะส่ง / would send" if dry_run else "ส่ง / sending"
        self.stdout.write(f"การแจ้งเตือนวันที่ {thai.format_date(day)} ({day.isoformat()})")
        for line in result.lines:
            kinds = ", ".join(f"{ReminderKind(kind).label} ({kind})" for kind in line.kinds)
            what = f"{line.username} <{line.address or '-'}>: {kinds}; {line.projects} โครงการ / projects"
            if line.skipped:
                self.stdout.write(
                    self.style.WARNING(f"  ข้าม / skipped {what} — {SKIP_REASONS[line.skipped]}")
                )
            else:
                self.stdout.write(f"  {verb} {what}")
        sent = len(result.lines) - len(result.skipped)
        self.stdout.write(
            f"รวม {sent} ฉบับ, ข้าม {len(result.skipped)} คน / {sent} digests, {len(result.skipped)} people skipped"
        )
        if dry_run:
            return
        # Messages of this run, and any earlier one whose next attempt is due, go through the task worker.
        if delivery.due_messages(timezone.now()).exists():
            deliver_reminders.enqueue()
