import secrets

from django.db import migrations, models

import reports.models

# The alphabet and length as they were when this migration was written (the model's may change later).
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
LENGTH = 8


def give_existing_documents_a_code(apps, schema_editor):
    """Each document printed before gets its own random code; its paper carries none, so it is flagged
    `check_code_printed = False` (by the field's default below) and keeps verifying by number alone."""
    PrintedDocument = apps.get_model("reports", "PrintedDocument")
    for pk in PrintedDocument.objects.values_list("pk", flat=True).iterator():
        code = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
        PrintedDocument.objects.filter(pk=pk).update(check_code=code)


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0003_quarterclosure_to_projects"),
    ]

    operations = [
        # Existing rows: printed without a code.
        migrations.AddField(
            model_name="printeddocument",
            name="check_code_printed",
            field=models.BooleanField(default=False, verbose_name="พิมพ์รหัสตรวจสอบไว้บนเอกสาร"),
        ),
        migrations.AddField(
            model_name="printeddocument",
            name="check_code",
            field=models.CharField(default="", max_length=LENGTH, verbose_name="รหัสตรวจสอบ"),
            preserve_default=False,
        ),
        migrations.RunPython(give_existing_documents_a_code, migrations.RunPython.noop),
        # From now on: every new document gets a code and prints it.
        migrations.AlterField(
            model_name="printeddocument",
            name="check_code_printed",
            field=models.BooleanField(default=True, verbose_name="พิมพ์รหัสตรวจสอบไว้บนเอกสาร"),
        ),
        migrations.AlterField(
            model_name="printeddocument",
            name="check_code",
            field=models.CharField(
                default=reports.models.new_check_code, max_length=LENGTH, verbose_name="รหัสตรวจสอบ"
            ),
        ),
    ]
