"""Quarter closing now lives in the projects app (projects 0005): the reports app forgets its record of the
models without touching the tables, and the admin's content types follow the model."""

from django.db import migrations


def move_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in ("quarterclosure", "historicalquarterclosure"):
        if not ContentType.objects.filter(app_label="projects", model=model).exists():
            ContentType.objects.filter(app_label="reports", model=model).update(app_label="projects")


def move_content_types_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in ("quarterclosure", "historicalquarterclosure"):
        if not ContentType.objects.filter(app_label="reports", model=model).exists():
            ContentType.objects.filter(app_label="projects", model=model).update(app_label="reports")


class Migration(migrations.Migration):

    dependencies = [
        ("reports", "0002_batch_file_unguessable_name"),
        ("projects", "0005_quarterclosure_from_reports"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="HistoricalQuarterClosure"),
                migrations.DeleteModel(name="QuarterClosure"),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
