"""`python manage.py schedule_reminders [--every SECONDS] [--relock-every SECONDS]`: the app's scheduler loop.

Runs `send_reminders` now and then every hour, and `relock_expired` now and then every minute, so a lock
exception's project is relocked and its snapshot rewritten within a minute of the expiry. Started beside the
task worker by `make run` and `make serve`. Each run is idempotent (a reminder is recorded once per person,
kind and period; an exception is settled once), so running often costs nothing twice and a day the machine
was off is caught up; a failed run is logged and the loop goes on. In production a systemd timer or cron
lines running the two commands do the same (README).
"""

import logging
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections

log = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "เรียก send_reminders ทันทีและทุกชั่วโมง และ relock_expired ทันทีและทุกนาที"
        " (ใช้คู่กับ db_worker บนเครื่องพัฒนาหรือเครื่องเดียว)"
    )

    def add_arguments(self, parser):
        parser.add_argument("--every", type=int, default=3600, help="วินาทีระหว่างรอบการแจ้งเตือน (ค่าเริ่มต้น 3600)")
        parser.add_argument(
            "--relock-every",
            type=int,
            default=60,
            help="วินาทีระหว่างรอบการปิดแก้ไขอีกครั้งเมื่อการเปิดแก้ไขเฉพาะโครงการสิ้นสุด (ค่าเริ่มต้น 60)",
        )

    def handle(self, *args, every, relock_every, **options):
        intervals = {"relock_expired": max(relock_every, 10), "send_reminders": max(every, 60)}
        due = dict.fromkeys(intervals, time.monotonic())
        while True:
            for name, interval in intervals.items():
                if time.monotonic() >= due[name]:
                    self.run(name)
                    due[name] = time.monotonic() + interval
            time.sleep(max(min(due.values()) - time.monotonic(), 0))

    def run(self, name: str) -> None:
        close_old_connections()
        try:
            call_command(name, stdout=self.stdout, stderr=self.stderr)
        except Exception:  # the loop outlives one bad run; the error is in the log
            log.exception("%s failed; trying again at its next run", name)
        close_old_connections()
