"""An index on the projects' change history by project and date: `projects.quarter_figures.received_on` reads
each project's budget received as of a quarter's end from it, one index probe per project.

Created in SQL, outside the migration state: the historical model is built by simple_history, which declares
no index of ours, so a state index would be dropped again by the next `makemigrations`."""

from django.db import migrations

INDEX = "projects_historicalproject_by_project_date"
TABLE = "projects_historicalproject"


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0010_snapshot_strategy_and_responsible"),
    ]

    operations = [
        migrations.RunSQL(
            sql=f'CREATE INDEX IF NOT EXISTS "{INDEX}" ON "{TABLE}" ("id", "history_date", "history_id")',
            reverse_sql=f'DROP INDEX IF EXISTS "{INDEX}"',
        ),
    ]
