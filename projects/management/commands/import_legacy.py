"""`python manage.py import_legacy PATH...`: read the old system's pages and printed forms into the tracker.

PATH is a file or a folder (every `.txt` file under it). Each file is one transaction; a file whose content
was already imported by this version of the importer is skipped. `--summary FILE.csv` writes each file's
outcome (new, updated, unchanged, warned, refused) with line and reason.
"""

import csv
import logging
import os
import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from projects.importers import archive
from projects.importers.loader import Known

logger = logging.getLogger(__name__)

_ACTION = {archive.NEW: "สร้างใหม่", archive.UPDATED: "ปรับปรุง", archive.WARNED: "นำเข้า (มีคำเตือน)"}
SUMMARY_COLUMNS = ["file", "outcome", "project", "fiscal_year", "reports", "line", "reason"]


class Command(BaseCommand):
    help = "นำเข้าข้อมูลโครงการจากไฟล์หรือโฟลเดอร์ไฟล์ของระบบเดิม (หน้าความคืบหน้าโครงการ หรือแบบแสดงรายงานที่สแกน)"

    def add_arguments(self, parser):
        parser.add_argument(
            "paths", nargs="+", type=Path, help="ไฟล์ข้อความ หรือโฟลเดอร์ (อ่านไฟล์ .txt ทุกไฟล์ในโฟลเดอร์ย่อย)"
        )
        parser.add_argument("--dry-run", action="store_true", help="อ่านและตรวจสอบทุกไฟล์ แต่ไม่บันทึกลงฐานข้อมูล")
        parser.add_argument("--summary", type=Path, help="เขียนสรุปผลรายไฟล์เป็น CSV ที่ไฟล์นี้")
        parser.add_argument("--force", action="store_true", help="อ่านไฟล์ที่เนื้อหาเหมือนที่นำเข้าแล้วซ้ำด้วย")
        parser.add_argument(
            "--workers",
            type=int,
            default=min(2, os.cpu_count() or 1),
            help="จำนวนโปรเซสที่อ่านไฟล์พร้อมกัน (การบันทึกทำทีละไฟล์)",
        )

    def handle(self, *args, paths, dry_run, summary, force, workers, **options):
        files = archive.legacy_files(paths)
        counts = dict.fromkeys(archive.OUTCOMES, 0)
        reports = warnings_total = 0
        summary_file = summary.open("w", newline="", encoding="utf-8-sig") if summary else None
        writer = csv.writer(summary_file) if summary_file else None
        if writer:
            writer.writerow(SUMMARY_COLUMNS)
        # The bar goes to stderr and only when it is a terminal; the outcomes go to stdout.
        progress = tqdm(total=len(files), unit="ไฟล์", disable=None, file=sys.stderr)
        known = Known()
        try:
            reads = archive.read_all(
                files,
                max_bytes=settings.LEGACY_IMPORT_MAX_BYTES,
                workers=workers,
                # what was imported before this run is only hashed, not parsed (--force parses everything)
                skip=set() if force else archive.imported_hashes(),
            )
            for result in reads:
                outcome = self._store(result, dry_run=dry_run, force=force, known=known)
                counts[outcome.outcome] += 1
                reports += outcome.reports
                warnings_total += len(outcome.warnings)
                self._report(outcome, verbose=options["verbosity"] >= 1)
                if writer:
                    writer.writerow(
                        [
                            str(outcome.path),
                            outcome.outcome,
                            outcome.project_code or "",
                            outcome.fiscal_year or "",
                            outcome.reports,
                            outcome.line or "",
                            outcome.reason,
                        ]
                    )
                progress.update()
        finally:
            progress.close()
            if summary_file:
                summary_file.close()
        imported = counts[archive.NEW] + counts[archive.UPDATED] + counts[archive.WARNED]
        prefix = "ทดลอง (ไม่บันทึก) " if dry_run else ""
        self.stdout.write(
            f"{prefix}สรุป: นำเข้าสำเร็จ {imported} ไฟล์ ไม่สำเร็จ {counts[archive.REFUSED]} ไฟล์ "
            f"ไม่เปลี่ยนแปลง {counts[archive.UNCHANGED]} ไฟล์; "
            f"โครงการใหม่ {counts[archive.NEW]} ปรับปรุง {counts[archive.UPDATED]} มีคำเตือน {counts[archive.WARNED]}; "
            f"รายงาน {reports} ครั้ง; คำเตือน {warnings_total} รายการ"
        )
        if counts[archive.REFUSED]:
            raise CommandError(f"นำเข้าไม่สำเร็จ {counts[archive.REFUSED]} ไฟล์")

    def _store(self, result, *, dry_run, force, known):
        try:
            return archive.store(result, dry_run=dry_run, force=force, known=known)
        except (
            Exception
        ):  # a failure nobody foresaw: the file is skipped (its transaction undone), the run goes on
            logger.exception("import of %s failed", result.path)
            return archive.FileOutcome(
                result.path,
                archive.REFUSED,
                reason="นำเข้าไม่ได้เพราะข้อผิดพลาดภายในระบบ ไม่มีข้อมูลของไฟล์นี้ถูกบันทึก (ดูบันทึกของระบบ)",
            )

    def _report(self, outcome, *, verbose: bool):
        name = outcome.path.name
        if outcome.outcome == archive.REFUSED:
            where = f" บรรทัด {outcome.line}" if outcome.line else ""
            self.stderr.write(f"{name}{where}: {outcome.reason}")
            return
        if not verbose or outcome.outcome == archive.UNCHANGED:
            return
        label = outcome.project_code or "(ไม่มีรหัส)"
        self.stdout.write(
            f"{name}: โครงการ {label} ปีงบประมาณ {outcome.fiscal_year} {_ACTION[outcome.outcome]} "
            f"รายงาน {outcome.reports} ครั้ง"
        )
        for warning in outcome.warnings:
            self.stdout.write(f"  คำเตือน: {warning}")
