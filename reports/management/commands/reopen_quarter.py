"""`python manage.py reopen_quarter YEAR Q --reason TEXT`: reopen a closed quarter, for a reason."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from reports import services

from ._quarter import add_quarter_arguments, checked_quarter


class Command(BaseCommand):
    help = "เปิดไตรมาสที่ปิดแล้วอีกครั้ง ต้องระบุเหตุผล (ปีงบประมาณ พ.ศ. เช่น 2566 ไตรมาส 1–4)"

    def add_arguments(self, parser):
        add_quarter_arguments(parser)
        # Checked here rather than by argparse, so its absence is refused in Thai like every other mistake.
        parser.add_argument("--reason", default="", help="เหตุผลที่เปิดไตรมาสอีกครั้ง (ต้องระบุ)")

    def handle(self, *args, fiscal_year, quarter, reason, **options):
        fiscal_year, quarter = checked_quarter(fiscal_year, quarter)
        try:
            services.reopen_quarter(fiscal_year=fiscal_year, quarter=quarter, user=None, reason=reason)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(f"เปิดไตรมาสที่ {quarter} ปีงบประมาณ {fiscal_year} แล้ว")
