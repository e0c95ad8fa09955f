"""Quarter closing moves from the reports app to projects, which both apps use: only Django's record of the
models moves; the tables keep their names and rows."""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('projects', '0004_mark_demo_accounts'),
        ('reports', '0002_batch_file_unguessable_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='QuarterClosure',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('fiscal_year', models.PositiveSmallIntegerField(verbose_name='ปีงบประมาณ (พ.ศ.)')),
                        ('quarter', models.PositiveSmallIntegerField(verbose_name='ไตรมาส')),
                        ('closed', models.BooleanField(default=True, verbose_name='ปิดไตรมาสแล้ว')),
                        ('changed_at', models.DateTimeField(auto_now=True, verbose_name='เมื่อ')),
                        ('changed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='ผู้ดำเนินการ')),
                    ],
                    options={
                        'db_table': 'reports_quarterclosure',
                        'verbose_name': 'การปิดไตรมาส',
                        'verbose_name_plural': 'การปิดไตรมาส',
                        'constraints': [models.UniqueConstraint(fields=('fiscal_year', 'quarter'), name='closure_unique_per_quarter'), models.CheckConstraint(condition=models.Q(('quarter__gte', 1), ('quarter__lte', 4)), name='closure_quarter_1_to_4')],
                    },
                ),
                migrations.CreateModel(
                    name='HistoricalQuarterClosure',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('fiscal_year', models.PositiveSmallIntegerField(verbose_name='ปีงบประมาณ (พ.ศ.)')),
                        ('quarter', models.PositiveSmallIntegerField(verbose_name='ไตรมาส')),
                        ('closed', models.BooleanField(default=True, verbose_name='ปิดไตรมาสแล้ว')),
                        ('changed_at', models.DateTimeField(blank=True, editable=False, verbose_name='เมื่อ')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('changed_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='ผู้ดำเนินการ')),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'reports_historicalquarterclosure',
                        'verbose_name': 'historical การปิดไตรมาส',
                        'verbose_name_plural': 'historical การปิดไตรมาส',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
            ],
            database_operations=[],
        ),
    ]
