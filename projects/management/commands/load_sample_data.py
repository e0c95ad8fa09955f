"""`python manage.py load_sample_data`: the legacy files, a modest demo data set and demo accounts.

Run by `make run` on every start, so it is idempotent and quick the second time: the legacy import
updates what it imported before, the demo set is only generated when it is not there yet, and existing
demo accounts are only checked. Demo accounts have fixed, published passwords: refused unless DEBUG.
"""

import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from projects.accounts import ROLE_DESCRIPTIONS, save_account
from projects.demo.agencies import DISTRICTS, district_code
from projects.demo.loader import DemoDataExists, seed_demo
from projects.demo_accounts import mark_demo
from projects.fiscal import fiscal_year_of
from projects.models import Agency, Project

LEGACY_DIR = settings.BASE_DIR / "legacy"
DEMO_PROJECTS = 300
DEMO_SEED = 2566
# The project whose agency the demo staff member (and their head) also belongs to, when the legacy files are loaded.
LEGACY_PROJECT_CODE = "01000000-2475"
STAFF_DISTRICT = district_code(DISTRICTS.index("บางรัก"))
STAFF2_DISTRICT = district_code(DISTRICTS.index("ปทุมวัน"))

# Demo accounts' addresses: example.org never receives mail (RFC 2606); on a developer's machine mail is written to
# the `mail/` folder anyway.
DEMO_EMAIL_DOMAIN = "example.org"

ROLE_ENGLISH = {
    "admin": "administrator",
    "planner": "planning office",
    "head": "agency head",
    "staff": "agency staff",
}


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    password: str
    agency_codes: tuple[str, ...] = ()


DEMO_ACCOUNTS = [
    DemoAccount("admin", "admin", "demo-admin-bangkok"),
    DemoAccount("planner", "planner", "demo-planner-bangkok"),
    DemoAccount("staff", "staff", "demo-staff-bangkok", (STAFF_DISTRICT,)),
    DemoAccount("staff2", "staff", "demo-staff2-bangkok", (STAFF2_DISTRICT,)),
    # Head of the agency `staff` works for: reads the same projects, approves their reports.
    DemoAccount("head", "head", "demo-head-bangkok", (STAFF_DISTRICT,)),
]


def display_width(text: str) -> int:
    """Columns a text takes in a terminal: Thai vowel and tone marks above or below take none."""
    return sum(0 if unicodedata.category(c) in ("Mn", "Me", "Cf") else 1 for c in text)


def pad(text: str, width: int) -> str:
    return text + " " * (width - display_width(text))


class Command(BaseCommand):
    help = "โหลดข้อมูลตัวอย่าง: ไฟล์จากระบบเดิม ข้อมูลโครงการตัวอย่าง และบัญชีผู้ใช้สำหรับทดลอง (เฉพาะ DEBUG)"

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "ไม่สร้างข้อมูลและบัญชีตัวอย่างเมื่อ DEBUG ปิดอยู่ (รหัสผ่านตัวอย่างเป็นที่เปิดเผย) / "
                "Demo data and accounts are refused when DEBUG is off: their passwords are public."
            )
        self._import_legacy()
        self._seed()
        rows = self._accounts()
        self._print_accounts(rows)

    def _import_legacy(self) -> None:
        paths = sorted(str(p) for p in LEGACY_DIR.iterdir() if p.is_file())
        if "import_legacy" not in get_commands():
            self.stderr.write(
                "ยังไม่มีคำสั่ง import_legacy: ข้ามการนำเข้าไฟล์จากระบบเดิม / "
                "the import_legacy command is not installed: legacy files skipped"
            )
            return
        self.stdout.write(f"นำเข้าไฟล์จากระบบเดิม {len(paths)} ไฟล์ / importing {len(paths)} legacy files")
        try:
            call_command("import_legacy", *paths, stdout=self.stdout, stderr=self.stderr)
        except CommandError as error:
            # The demo stays usable without the legacy projects; the reason is shown, not hidden.
            self.stderr.write(f"นำเข้าไฟล์จากระบบเดิมไม่สำเร็จ / legacy import failed: {error}")

    def _seed(self) -> None:
        today = timezone.localdate()
        current = fiscal_year_of(today)
        try:
            summary = seed_demo(
                projects=DEMO_PROJECTS, seed=DEMO_SEED, fiscal_years=[current - 1, current], today=today
            )
        except DemoDataExists:
            self.stdout.write("ข้อมูลโครงการตัวอย่างมีอยู่แล้ว / demo projects already loaded")
            return
        self.stdout.write(
            f"สร้างโครงการตัวอย่าง {summary.rows[Project]:,} โครงการ / created {summary.rows[Project]:,} demo projects"
        )

    def _accounts(self) -> list[tuple[str, str, str, str]]:
        legacy = Project.objects.filter(code=LEGACY_PROJECT_CODE).select_related("agency").first()
        rows = []
        for account in DEMO_ACCOUNTS:
            codes = list(account.agency_codes)
            if account.username in ("staff", "head") and legacy is not None:
                codes.append(legacy.agency.code)
            result = save_account(
                username=account.username,
                role=account.role,
                agencies=codes or None,
                password=None if self._exists(account.username) else account.password,
                email=f"{account.username}@{DEMO_EMAIL_DOMAIN}",
            )
            user = result.user
            mark_demo(user)
            # Someone may have changed a demo password since: then the published one is not shown.
            unchanged = result.created or user.check_password(account.password)
            password = account.password if unchanged else "(เปลี่ยนแล้ว / changed)"
            agencies = Agency.objects.filter(memberships__user=user).order_by("code")
            names = ", ".join(f"{a.code} {a.name}".strip() for a in agencies) or "-"
            role = f"{ROLE_DESCRIPTIONS[account.role]} / {ROLE_ENGLISH[account.role]}"
            rows.append((user.username, role, names, password))
        return rows

    @staticmethod
    def _exists(username: str) -> bool:
        return get_user_model().objects.filter(username=username).exists()

    def _print_accounts(self, rows: list[tuple[str, str, str, str]]) -> None:
        header = ("ชื่อผู้ใช้ / user", "บทบาท / role", "หน่วยงาน / agencies", "รหัสผ่าน / password")
        widths = [max(display_width(row[i]) for row in [header, *rows]) for i in range(4)]
        rule = "-+-".join("-" * w for w in widths)
        self.stdout.write("")
        self.stdout.write("บัญชีผู้ใช้สำหรับทดลอง / demo accounts (เข้าสู่ระบบที่ /accounts/login/)")
        self.stdout.write(" | ".join(pad(text, w) for text, w in zip(header, widths, strict=True)).rstrip())
        self.stdout.write(rule)
        for row in rows:
            self.stdout.write(" | ".join(pad(text, w) for text, w in zip(row, widths, strict=True)).rstrip())
