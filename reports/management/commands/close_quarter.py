"""`python manage.py close_quarter YEAR Q [--reason TEXT] [--early]`: close a quarter and freeze its figures."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from reports import services

from ._quarter import add_quarter_arguments, checked_quarter


class Command(BaseCommand):
    help = "ปิดไตรมาสและบันทึกตัวเลขของทุกโครงการไว้ (ปีงบประมาณ พ.ศ. เช่น 2566 ไตรมาส 1–4)"

    def add_arguments(self, parser):
        add_quarter_arguments(parser)
        parser.add_argument("--reason", default="", help="หมายเหตุการปิดไตรมาส")
        parser.add_argument("--early", action="store_true", help="ยืนยันปิดไตรมาสก่อนสิ้นไตรมาส")

    def handle(self, *args, fiscal_year, quarter, reason, early, **options):
        fiscal_year, quarter = checked_quarter(fiscal_year, quarter)
        try:
            services.close_quarter(
                fiscal_year=fiscal_year, quarter=quarter, user=None, reason=reason, early=early
            )
        except ValidationError as error:
            hint = " (ใช้ --early เพื่อยืนยัน)" if getattr(error, "code", None) == "early" else ""
            raise CommandError(" ".join(error.messages) + hint) from None
        self.stdout.write(f"ปิดไตรมาสที่ {quarter} ปีงบประมาณ {fiscal_year} แล้ว")
