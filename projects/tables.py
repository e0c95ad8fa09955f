"""The project list as a django-tables2 table: sortable, linkified, exportable with raw numbers."""

import django_tables2 as tables
from django.core.exceptions import FieldDoesNotExist
from django.utils import timezone
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_tables2 import utils as tables_utils

from . import thai
from .columns import NUMBER, BahtColumn, BeDateColumn, PercentColumn
from .models import ProgressReport, Project


class _OnceUrl:
    """A record's page address, reversed once for all the linked cells of its row."""

    def __init__(self, record):
        self.record = record
        self.url = None

    def __call__(self) -> str:
        if self.url is None:
            self.url = self.record.get_absolute_url()
        return self.url


def _painter(bound_column, model):
    """How to draw a column's cell from a row: directly for a plain attribute shown by a render that takes the
    value alone, linked (or not) to the record's own page; through django-tables2 for anything else."""
    name, column, link = bound_column.name, bound_column.column, bound_column.link
    render = bound_column.render
    field = _model_field(model, name)
    direct = (
        bound_column.accessor == name
        and "." not in name
        and "__" not in name
        and not getattr(field, "choices", None)
        and tables_utils.signature(render) == (("value",), None)
        and (
            link is None
            or (link.url is None and not link.reverse_args and not link.attrs and link.accessor is None)
        )
    )
    if not direct:
        return lambda row, url: conditional_escape(row.get_cell(name))
    default, empty = conditional_escape(bound_column.default), column.empty_values

    def paint(row, url):
        value = getattr(row.record, name)
        if value in empty:
            return default
        if link is None:
            return conditional_escape(render(value=value))
        return format_html('<a href="{}">{}</a>', url(), render(value=value))

    return paint


def _model_field(model, name: str):
    try:
        return model._meta.get_field(name) if model is not None else None
    except FieldDoesNotExist:
        return None


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

    def body_html(self):
        """The rows of the shown page as HTML: the cells django-tables2's `get_cell` would draw (a test holds
        them equal), without its per-cell work — accessor parsing, signature matching, a `reverse()` per
        link. This page draws 400 cells on every visit."""
        painters = [
            (column.attrs["td"].as_html(), _painter(column, self._meta.model)) for column in self.columns
        ]
        rows = []
        for row in self.paginated_rows:
            url = _OnceUrl(row.record)
            rows.append(
                "<tr>" + "".join(f"<td {attrs}>{paint(row, url)}</td>" for attrs, paint in painters) + "</tr>"
            )
        return mark_safe("\n".join(rows))  # every cell is escaped by its painter

    def render_code(self, value):
        return value or "–"

    def value_code(self, value):
        return value or ""

    def render_name(self, value, record):
        # the old system's tag before the name is shown as a tag, so the name itself starts with its first word
        if record.name_tag:
            return format_html('<span class="tag tag--name">{}</span> {}', record.name_tag, value or "–")
        return value or "–"

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
