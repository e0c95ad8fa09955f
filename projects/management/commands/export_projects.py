"""`python manage.py export_projects [--fiscal-year YEAR] [CODE ...]`: projects as a JSON list."""

import json

from django.core.management.base import BaseCommand

from projects.exporting import export_projects, export_queryset


class Command(BaseCommand):
    help = "ส่งออกข้อมูลโครงการเป็น JSON (UTF-8)"

    def add_arguments(self, parser):
        parser.add_argument("codes", nargs="*", help="รหัสโครงการ (ไม่ระบุ = ทุกโครงการ)")
        parser.add_argument("--fiscal-year", type=int, help="ปีงบประมาณ พ.ศ. เช่น 2566")

    def handle(self, *args, codes, fiscal_year, **options):
        projects = export_queryset(fiscal_year=fiscal_year, codes=codes)
        self.stdout.write(json.dumps(export_projects(projects), ensure_ascii=False, indent=2))
