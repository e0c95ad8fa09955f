"""The project list as a django-tables2 table: sortable, linkified, exportable with raw numbers."""

import django_tables2 as tables
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from . import thai
from .columns import NUMBER, BahtColumn, BeDateColumn, PercentColumn, PlainColumn, signed
from .models import ProgressReport, Project


class ProjectTable(tables.Table):
    # The code and the name link to the project's page (`render_code`, `render_name`).
    code = tables.Column(verbose_name=_("รหัสโครงการ"), attrs={"td": {"class": "nowrap"}})
    name = tables.Column(verbose_name=_("ชื่อโครงการ/กิจกรรม"), attrs={"td": {"class": "col-name"}})
    fiscal_year = PlainColumn(verbose_name=_("ปีงบประมาณ"), attrs=NUMBER)
    agency = PlainColumn(
        verbose_name=_("หน่วยงาน"),
        order_by=("agency__name", "agency__code"),
        attrs={"td": {"class": "col-agency"}},
    )
    latest_progress = PercentColumn(verbose_name=_("ความก้าวหน้า (%)"))
    budget_received = BahtColumn(verbose_name=_("งบประมาณที่ได้รับ (บาท)"))
    percent_used = PercentColumn(verbose_name=_("ใช้ไป (%)"))
    last_report_date = BeDateColumn(verbose_name=_("รายงานล่าสุด"))

    class Meta:
        model = Project
        fields = [
            "code",
            "name",
            "fiscal_year",
            "agency",
            "latest_progress",
            "budget_received",
            "percent_used",
            "last_report_date",
        ]
        template_name = "projects/_table.html"
        attrs = {"class": "data-table project-table"}
        empty_text = _("ไม่พบโครงการตามเงื่อนไขที่เลือก")
        default = "–"
        order_by = ("code",)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._urls = {}

    def project_url(self, record) -> str:
        """The record's page, reversed once for the two cells of its row that link to it."""
        if record.pk not in self._urls:
            self._urls[record.pk] = record.get_absolute_url()
        return self._urls[record.pk]

    @signed
    def render_code(self, value, record):
        return format_html('<a href="{}">{}</a>', self.project_url(record), value)

    def value_code(self, value):
        return value or ""

    @signed
    def render_name(self, value, record):
        # the old system's tag before the name is shown as a tag, so the name itself starts with its first word
        if record.name_tag:
            value = format_html('<span class="tag tag--name">{}</span> {}', record.name_tag, value)
        return format_html('<a href="{}">{}</a>', self.project_url(record), value)

    def value_name(self, value, record):
        return " ".join(x for x in (record.name_tag, value) if x)

    def value_agency(self, record):
        return str(record.agency)


class ApprovalTable(tables.Table):
    """The reports waiting for the head's approval: tick the rows (or all of them) and approve at once."""

    select = tables.CheckBoxColumn(
        accessor="pk",
        attrs={
            "th__input": {"aria-label": _("เลือกทุกรายงานในหน้านี้")},
            "td__input": {
                "aria-label": lambda record: (
                    gettext("เลือกรายงานครั้งที่ %(number)s ของ %(project)s")
                    % {"number": record.number, "project": record.project.code or record.project.name}
                )
            },
            "td": {"class": "select"},
        },
    )
    project = tables.Column(
        verbose_name=_("โครงการ"),
        linkify=lambda record: f"{record.project.get_absolute_url()}#report-{record.number}",
        order_by=("project__code", "pk"),
        attrs={"td": {"class": "col-name"}},
    )
    agency = tables.Column(
        verbose_name=_("หน่วยงาน"),
        accessor="project__agency",
        order_by=("project__agency__path",),
        attrs={"td": {"class": "col-agency"}},
    )
    number = tables.Column(verbose_name=_("รายงานครั้งที่"), attrs=NUMBER)
    report_date = BeDateColumn(verbose_name=_("วันที่รายงาน"), attrs={"td": {"class": "nowrap"}})
    progress = PercentColumn(verbose_name=_("ความก้าวหน้าสะสม (%)"))
    approval_changed_at = BeDateColumn(verbose_name=_("ส่งเมื่อ"), attrs={"td": {"class": "nowrap"}})

    class Meta:
        model = ProgressReport
        fields = ["select", "project", "agency", "number", "report_date", "progress", "approval_changed_at"]
        template_name = "projects/_approval_table.html"
        attrs = {"class": "data-table approval-table"}
        empty_text = _("ไม่มีรายงานที่รออนุมัติ")
        default = "–"

    def render_approval_changed_at(self, value):
        return thai.format_date(timezone.localtime(value).date())
