"""Print a project's certified form to a PDF file: `python manage.py print_form CODE -o FILE`."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from projects.models import Project
from reports import pdf, printing


class Command(BaseCommand):
    help = "พิมพ์แบบแสดงรายงานความก้าวหน้าและข้อมูลเกี่ยวกับโครงการเป็นไฟล์ PDF"

    def add_arguments(self, parser):
        parser.add_argument("code", help="รหัสโครงการ เช่น 04160000-6968")
        parser.add_argument("--fiscal-year", type=int, help="ปีงบประมาณ พ.ศ. (ไม่ระบุ = ปีล่าสุดของรหัสนี้)")
        parser.add_argument("-o", "--output", required=True, help="ไฟล์ PDF ที่จะเขียน")
        parser.add_argument(
            "--base-url",
            help="ที่อยู่ของระบบสำหรับลิงก์ตรวจสอบใน QR code (ค่าเริ่มต้น: setting SITE_URL)",
        )
        parser.add_argument("--user", help="ชื่อผู้ใช้ที่บันทึกเป็นผู้พิมพ์")

    def handle(self, *args, code, fiscal_year, output, base_url, user, **options):
        projects = Project.objects.filter(code=code)
        if fiscal_year:
            projects = projects.filter(fiscal_year=fiscal_year)
        project = projects.order_by("-fiscal_year").first()
        if project is None:
            year = f" ปีงบประมาณ {fiscal_year}" if fiscal_year else ""
            raise CommandError(f"ไม่พบโครงการรหัส {code}{year}")
        printer = None
        if user:
            printer = get_user_model().objects.filter(username=user).first()
            if printer is None:
                raise CommandError(f"ไม่พบผู้ใช้ {user}")
        try:
            printed = printing.print_project_form(
                project_id=project.pk, user=printer, base_url=base_url or printing.site_url()
            )
        except pdf.RenderTimeout as stopped:
            raise CommandError(printing.too_slow_message(stopped.seconds)) from None
        Path(output).write_bytes(printed.pdf.content)
        self.stdout.write(
            f"{printed.document.number}: {printed.pdf.page_count} หน้า → {output} "
            f"(SHA-256 ของข้อมูล {printed.document.fingerprint})"
        )
