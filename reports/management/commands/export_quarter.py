"""`python manage.py export_quarter YEAR Q [--agency CODE]`: the quarter's figures per project as a JSON list."""

import json

from django.core.management.base import BaseCommand, CommandError

from projects.closing import settle_expired_exceptions
from projects.models import Agency
from projects.snapshots import quarter_records

from ._quarter import add_quarter_arguments, checked_quarter


class Command(BaseCommand):
    help = (
        "ส่งออกตัวเลขของไตรมาสเป็น JSON (UTF-8) ไตรมาสที่ปิดแล้วอ่านจากข้อมูลที่บันทึกไว้เมื่อปิด "
        "(ปีงบประมาณ พ.ศ. เช่น 2566 ไตรมาส 1–4)"
    )

    def add_arguments(self, parser):
        add_quarter_arguments(parser)
        parser.add_argument("--agency", help="รหัสหน่วยงาน (รวมหน่วยงานในสังกัด)")

    def handle(self, *args, fiscal_year, quarter, agency, **options):
        fiscal_year, quarter = checked_quarter(fiscal_year, quarter)
        found = None
        if agency:
            found = Agency.objects.filter(code=agency.strip()).first()
            if found is None:
                raise CommandError(f"ไม่พบหน่วยงานรหัส {agency}")
        settle_expired_exceptions(fiscal_year=fiscal_year, quarter=quarter)
        records = quarter_records(fiscal_year=fiscal_year, quarter=quarter, agency=found)
        self.stdout.write(json.dumps(records, ensure_ascii=False, indent=2))
