"""`python manage.py add_user USERNAME --role staff|head|planner|admin [--agency CODE_OR_NAME ...]`: onboarding."""

from django.core.management.base import BaseCommand, CommandError

from projects.accounts import ROLE_DESCRIPTIONS, ROLE_NAMES, AccountError, save_account


class Command(BaseCommand):
    help = "สร้างหรือปรับปรุงบัญชีผู้ใช้ พร้อมบทบาทและหน่วยงานที่สังกัด (เรียกซ้ำเพื่อเปลี่ยนบทบาท/หน่วยงาน)"

    def add_arguments(self, parser):
        parser.add_argument("username", help="ชื่อผู้ใช้")
        parser.add_argument(
            "--role",
            required=True,
            choices=ROLE_NAMES,
            help="staff = เจ้าหน้าที่หน่วยงาน, head = หัวหน้าหน่วยงาน, planner = สยป., admin = ผู้ดูแลระบบ",
        )
        parser.add_argument(
            "--agency",
            action="append",
            dest="agencies",
            metavar="CODE_OR_NAME",
            help="หน่วยงานที่สังกัด: รหัส 8 หลักหรือชื่อเต็ม (ระบุได้หลายครั้ง; เจ้าหน้าที่และหัวหน้าหน่วยงานต้องมีอย่างน้อยหนึ่ง)",
        )
        parser.add_argument("--password", help="รหัสผ่าน (ถ้าไม่ระบุ บัญชีใหม่จะได้รหัสผ่านที่สร้างให้)")
        parser.add_argument("--email", help="อีเมล")

    def handle(self, *args, username, role, agencies, password, email, **options):
        try:
            result = save_account(
                username=username, role=role, agencies=agencies, password=password, email=email
            )
        except AccountError as error:
            raise CommandError(str(error)) from None
        user = result.user
        action = "สร้างบัญชี" if result.created else "ปรับปรุงบัญชี"
        self.stdout.write(self.style.SUCCESS(f"{action} {user.username} แล้ว: {ROLE_DESCRIPTIONS[role]}"))
        for code, name in user.agency_memberships.order_by("agency__code").values_list(
            "agency__code", "agency__name"
        ):
            self.stdout.write(f"  หน่วยงาน: {code} {name}")
        if result.generated_password:
            self.stdout.write(f"  รหัสผ่าน (แสดงครั้งเดียว ให้ส่งมอบแก่ผู้ใช้อย่างปลอดภัย): {result.generated_password}")
        elif password is None:
            self.stdout.write("  รหัสผ่านเดิมไม่เปลี่ยน")
