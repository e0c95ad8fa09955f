"""The project list as a django-tables2 table: sortable, linkified, exportable with raw numbers."""

import django_tables2 as tables
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from . import thai
from .models import Project

NUMBER = {"th": {"class": "num"}, "td": {"class": "num"}}


class BahtColumn(tables.Column):
    """Baht with separators on the page, a number in exports."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("attrs", NUMBER)
        super().__init__(*args, **kwargs)

    def render(self, value):
        return thai.format_baht(value)

    def value(self, value):
        return value


class PercentColumn(BahtColumn):
    """A percentage with two decimals on the page, a number in exports."""

    def render(self, value):
        return thai.format_percent(value)

    def value(self, value):
        return None if value is None else value.quantize(thai.SATANG)


class BeDateColumn(tables.Column):
    """A Buddhist Era date, on the page and in exports (`25/10/2566`)."""

    def render(self, value):
        return thai.format_date(value)

    def value(self, value):
        return thai.format_date(value) if value else None


class ProjectTable(tables.Table):
    code = tables.Column(verbose_name=_("รหัสโครงการ"), linkify=True, attrs={"td": {"class": "nowrap"}})
    name = tables.Column(
        verbose_name=_("ชื่อโครงการ/กิจกรรม"), linkify=True, attrs={"td": {"class": "col-name"}}
    )
    fiscal_year = tables.Column(verbose_name=_("ปีงบประมาณ"), attrs=NUMBER)
    agency = tables.Column(
        verbose_name=_("หน่วยงาน"),
        order_by=("agency__name", "agency__code"),
        attrs={"td": {"class": "col-agency"}},
    )
    latest_progress = PercentColumn(verbose_name=_("ความก้าวหน้า (%)"))
    budget_received = BahtColumn(verbose_name=_("งบประมาณที่ได้รับ (บาท)"))
    percent_used = PercentColumn(verbose_name=_("ใช้ไป (%)"))
    last_report_date = BeDateColumn(verbose_name=_("รายงานล่าสุด"), attrs={"td": {"class": "nowrap"}})

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

    def body_html(self):
        """The rows of the shown page as HTML, each cell's attributes worked out once per column.

        The same cells django-tables2's template would draw, without its per-cell template work: this page
        draws 400 cells on every visit.
        """
        columns = [(column.name, column.attrs["td"].as_html()) for column in self.columns]
        rows = (
            "<tr>"
            + "".join(f"<td {attrs}>{conditional_escape(row.get_cell(name))}</td>" for name, attrs in columns)
            + "</tr>"
            for row in self.paginated_rows
        )
        return mark_safe("\n".join(rows))  # every part above is escaped

    def render_code(self, value):
        return value or "–"

    def value_code(self, value):
        return value or ""

    def render_name(self, value):
        return value or "–"

    def value_agency(self, record):
        return str(record.agency)
