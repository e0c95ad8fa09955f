"""`python manage.py relock_expired`: relock every project whose lock exception has ended, at once.

Editing locks again at the expiry itself (the expiry is checked whenever a lock is read); this rewrites each
such project's snapshot of the closed quarter as a new version, with what the exception changed
(`projects.closing.settle_expired_exceptions`), without waiting for someone to read the quarter. Run every
minute by `schedule_reminders` (`make run`, `make serve`) or by cron or a systemd timer (README). Safe to run
again, and on several machines at once: an exception is settled once, under the quarter's closure lock.
Prints one line per quarter settled, nothing when no exception has ended.
"""

import logging

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from projects.closing import expired_quarters, settle_expired_exceptions

log = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "ปิดการแก้ไขอีกครั้งทุกโครงการที่การเปิดแก้ไขเฉพาะโครงการสิ้นสุดแล้ว และบันทึกข้อมูลไตรมาสของโครงการนั้นเป็นฉบับใหม่"

    def handle(self, *args, **options):
        now = timezone.now()
        failed = []
        for fiscal_year, quarter in expired_quarters(now):
            name = f"ไตรมาสที่ {quarter} ปีงบประมาณ {fiscal_year}"
            try:
                version = settle_expired_exceptions(fiscal_year=fiscal_year, quarter=quarter, now=now)
            except Exception:  # the other quarters are still relocked; this one is tried again next run
                log.exception("relocking quarter %s/%s failed", quarter, fiscal_year)
                failed.append(name)
                continue
            if version is None:
                self.stdout.write(f"{name}: ปิดการแก้ไขอีกครั้งแล้ว ไม่มีฉบับใหม่ที่ต้องบันทึก (ไตรมาสเปิดอยู่ หรือบันทึกไปแล้ว)")
            else:
                self.stdout.write(f"{name}: ปิดการแก้ไขอีกครั้งแล้ว บันทึกเป็นฉบับที่ {version}")
        if failed:
            raise CommandError("ปิดการแก้ไขอีกครั้งไม่สำเร็จ: " + ", ".join(failed))
