"""`python manage.py import_legacy FILE...`: read the old system's pages and printed forms into the tracker."""

import logging
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from projects.importers.detect import parse_text
from projects.importers.files import read_bytes
from projects.importers.loader import load_project
from projects.importers.records import LegacyFileError
from projects.importers.text import decode

logger = logging.getLogger(__name__)


class _DryRun(Exception):
    """Raised inside the transaction to undo a dry run's writes."""


class Command(BaseCommand):
    help = "นำเข้าข้อมูลโครงการจากไฟล์ของระบบเดิม (หน้าความคืบหน้าโครงการ หรือแบบแสดงรายงานที่สแกน)"

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", type=Path, help="ไฟล์ข้อความจากระบบเดิม")
        parser.add_argument("--dry-run", action="store_true", help="อ่านและตรวจสอบทุกไฟล์ แต่ไม่บันทึกลงฐานข้อมูล")

    def handle(self, *args, files, dry_run, **options):
        imported = failed = created = updated = reports = 0
        warnings_total = 0
        for path in files:
            name = path.name
            try:
                raw = read_bytes(path, max_bytes=settings.LEGACY_IMPORT_MAX_BYTES)
                record = parse_text(decode(raw))
                outcome = None
                try:
                    with transaction.atomic():
                        outcome = load_project(record=record, source_name=name)
                        if dry_run:
                            raise _DryRun
                except _DryRun:
                    pass
            except LegacyFileError as error:
                failed += 1
                self.stderr.write(error.describe(name))
                continue
            except (
                Exception
            ):  # a failure nobody foresaw: the file is skipped (its transaction undone), the run goes on
                logger.exception("import of %s failed", path)
                failed += 1
                self.stderr.write(
                    f"{name}: นำเข้าไม่ได้เพราะข้อผิดพลาดภายในระบบ ไม่มีข้อมูลของไฟล์นี้ถูกบันทึก (ดูบันทึกของระบบ)"
                )
                continue
            imported += 1
            reports += outcome.reports
            created += outcome.created
            updated += not outcome.created
            project = outcome.project
            label = project.code or "(ไม่มีรหัส)"
            action = "สร้างใหม่" if outcome.created else "ปรับปรุง"
            self.stdout.write(
                f"{name}: โครงการ {label} ปีงบประมาณ {project.fiscal_year} {action} "
                f"รายงาน {outcome.reports} ครั้ง"
            )
            for warning in outcome.warnings:
                warnings_total += 1
                self.stdout.write(f"  คำเตือน: {warning}")
        prefix = "ทดลอง (ไม่บันทึก) " if dry_run else ""
        self.stdout.write(
            f"{prefix}สรุป: นำเข้าสำเร็จ {imported} ไฟล์ ไม่สำเร็จ {failed} ไฟล์; "
            f"โครงการใหม่ {created} ปรับปรุง {updated}; รายงาน {reports} ครั้ง; คำเตือน {warnings_total} รายการ"
        )
        if failed:
            raise CommandError(f"นำเข้าไม่สำเร็จ {failed} ไฟล์")
