"""`python manage.py schedule_reminders [--every SECONDS]`: run `send_reminders` now and then every hour.

Started beside the task worker by `make run` and `make serve`. Each run is idempotent (a reminder is recorded
once per person, kind and period), so running hourly costs nothing twice and a day the machine was off is
caught up; a failed run is logged and the loop goes on. In production a systemd timer or cron line running
`send_reminders` once a day does the same (README).
"""

import logging
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections

log = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "เรียก send_reminders ทันทีและทุกชั่วโมง (ใช้คู่กับ db_worker บนเครื่องพัฒนาหรือเครื่องเดียว)"

    def add_arguments(self, parser):
        parser.add_argument("--every", type=int, default=3600, help="วินาทีระหว่างรอบ (ค่าเริ่มต้น 3600)")

    def handle(self, *args, every, **options):
        while True:
            close_old_connections()
            try:
                call_command("send_reminders", stdout=self.stdout, stderr=self.stderr)
            except Exception:  # the loop outlives one bad run; the error is in the log
                log.exception("send_reminders failed; trying again in %s s", every)
            close_old_connections()
            time.sleep(max(every, 60))
