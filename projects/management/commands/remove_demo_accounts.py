"""`python manage.py remove_demo_accounts`: delete every demo account (their passwords are published)."""

from django.core.management.base import BaseCommand
from django.db import transaction

from projects.demo_accounts import demo_accounts


class Command(BaseCommand):
    help = "ลบบัญชีทดลองทั้งหมด (รหัสผ่านของบัญชีเหล่านี้เป็นที่เปิดเผย) / delete every demo account"

    @transaction.atomic
    def handle(self, *args, **options):
        users = list(demo_accounts().order_by("username"))
        for user in users:
            user.delete()  # one by one, so each removal is in the history of the memberships
        names = ", ".join(u.username for u in users) or "-"
        self.stdout.write(f"ลบบัญชีทดลอง {len(users)} บัญชี / removed {len(users)} demo accounts: {names}")
