"""Mark the demo accounts created before they were marked: those still holding their published password."""

from django.contrib.auth.hashers import check_password
from django.db import migrations

# The accounts and published passwords `load_sample_data` created before this migration.
PUBLISHED = {
    "admin": "demo-admin-bangkok",
    "planner": "demo-planner-bangkok",
    "staff": "demo-staff-bangkok",
    "staff2": "demo-staff2-bangkok",
}


def mark(apps, schema_editor):
    User = apps.get_model("auth", "User")
    Group = apps.get_model("auth", "Group")
    users = [
        u for u in User.objects.filter(username__in=PUBLISHED) if check_password(PUBLISHED[u.username], u.password)
    ]
    if users:
        group, _ = Group.objects.get_or_create(name="demo_account")
        group.user_set.add(*users)


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0003_report_approval"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(mark, migrations.RunPython.noop)]
