"""`python manage.py attach_evidence CODE --fiscal-year Y --report N --user NAME FILE...`: attach files from disk
to a monthly report (moving the old system's scanned documents in), with the checks and Thai messages of the
upload page: all files or none."""

from contextlib import ExitStack
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError

from projects.evidence import format_size
from projects.models import ProgressReport
from projects.services.evidence import Upload, attach_files


class Command(BaseCommand):
    help = "แนบไฟล์หลักฐานจากดิสก์กับรายงานความก้าวหน้าประจำเดือน (ตรวจเหมือนการอัปโหลดทางหน้าเว็บ ทุกไฟล์หรือไม่แนบเลย)"

    def add_arguments(self, parser):
        parser.add_argument("code", help="รหัสโครงการ เช่น 04160000-6968")
        parser.add_argument("files", nargs="+", metavar="FILE", help="ไฟล์ที่จะแนบ")
        parser.add_argument("--fiscal-year", type=int, required=True, help="ปีงบประมาณ พ.ศ. เช่น 2566")
        parser.add_argument("--report", type=int, required=True, help="รายงานครั้งที่")
        parser.add_argument("--user", required=True, help="ชื่อผู้ใช้ที่บันทึกเป็นผู้แนบ (ต้องมีสิทธิ์แก้ไขโครงการ)")
        parser.add_argument("--caption", default="", help="คำอธิบายของทุกไฟล์ (ถ้ามี)")

    def handle(self, *args, code, files, fiscal_year, report, user, caption, **options):
        found = (
            ProgressReport.objects.select_related("project")
            .filter(project__code=code, project__fiscal_year=fiscal_year, number=report)
            .first()
        )
        if found is None:
            raise CommandError(f"ไม่พบรายงานครั้งที่ {report} ของโครงการ {code} ปีงบประมาณ {fiscal_year}")
        person = get_user_model().objects.filter(username=user, is_active=True).first()
        if person is None:
            raise CommandError(f"ไม่พบผู้ใช้ {user}")
        paths = [Path(name) for name in files]
        missing = [str(p) for p in paths if not p.is_file()]
        if missing:
            raise CommandError("ไม่พบไฟล์: " + ", ".join(missing))
        with ExitStack() as stack:
            uploads = [
                Upload(File(stack.enter_context(path.open("rb")), name=path.name), caption) for path in paths
            ]
            try:
                stored = attach_files(report=found, uploads=uploads, user=person)
            except ValidationError as refused:
                raise CommandError("ไม่ได้แนบไฟล์ใด:\n" + "\n".join(refused.messages)) from None
            except PermissionDenied as refused:
                raise CommandError(f"{user}: {refused}") from None
        for evidence in stored:
            self.stdout.write(
                f"แนบแล้ว: {evidence.name} · {format_size(evidence.size)} · SHA-256 {evidence.sha256[:16]}"
            )
        self.stdout.write(
            self.style.SUCCESS(f"แนบไฟล์หลักฐาน {len(stored)} ไฟล์กับรายงานครั้งที่ {report} ของโครงการ {code} แล้ว")
        )
