"""Tables of the quarterly evaluation (django-tables2): the quarter's projects, overdue reports, evaluations."""

import django_tables2 as tables
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.text import Truncator
from django.utils.translation import get_language, gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django_tables2.data import TableQuerysetData

from projects import links
from projects.choices import PlanStatus, ProjectStatus
from projects.columns import NUMBER, BahtColumn, BeDateColumn, PercentColumn, signed, two_places
from projects.thai import format_baht, format_date, format_percent

from . import figures, selectors

STATUS_LABELS = dict(PlanStatus.choices)
# Short labels where the table is narrow; the export and the project page use the full ones.
SHORT_STATUS_LABELS = {
    PlanStatus.ON_PLAN: pgettext_lazy("short plan status", "ตามแผน"),
    PlanStatus.MONITOR: pgettext_lazy("short plan status", "ควรติดตาม"),
    PlanStatus.OFF_PLAN: pgettext_lazy("short plan status", "ไม่ตามแผน"),
}


def _header(bound_column) -> str:
    return str(bound_column.header)


def card_cell(td_class: str = "", *, number: bool = False) -> dict:
    """Cell attributes that name the column (`data-label`), for the phone-width cards that hide the header."""
    td_class = f"num {td_class}".strip() if number else td_class
    return {"td": {"class": td_class, "data-label": _header}, "th": {"class": "num" if number else ""}}


def project_url(record) -> str:
    return links.project_url("detail", record)


class QuarterRows(TableQuerysetData):
    """The quarter table's data: `selectors.quarter_list`'s rows, ordered, counted and paged by the database;
    each record drawn or exported is the `QuarterRow` built from one fetched row (`selectors.quarter_row`)."""

    def __iter__(self):
        return map(selectors.quarter_row, self.data)

    def __getitem__(self, key):
        if isinstance(key, slice):
            return [selectors.quarter_row(values) for values in self.data[key]]
        return selectors.quarter_row(self.data[key])


class QuarterTable(tables.Table):
    """The quarter's projects as `QuarterRows`, ordered and paged by the database on the annotated figures. Few, stacked columns so the page fits 1366 px (and becomes cards at
    phone width, each cell labelled by `data-label`): the name and agency sit under the code, the missing
    months under the last report, the evaluation link under the score. Columns hidden on screen (name,
    agency, baht used, full status labels, missing months) are still exported."""

    select = tables.CheckBoxColumn(
        accessor="pk",
        exclude_from_export=True,
        attrs={
            "th__input": {"aria-label": _("เลือกทุกแถวในหน้านี้")},
            "td__input": {
                "aria-label": lambda record: (
                    gettext("เลือก %(project)s") % {"project": record.code or record.name}
                )
            },
            "td": {"class": "select"},
        },
    )
    code = tables.Column(
        pgettext_lazy("table column", "โครงการ"),
        order_by=("q_code", "pk"),
        empty_values=(),
        attrs=card_cell("project"),
    )
    name = tables.Column(_("ชื่อโครงการ/กิจกรรม"), visible=False, order_by=("q_name", "pk"))
    agency_name = tables.Column(_("หน่วยงาน"), visible=False, order_by=("q_agency_name", "q_agency_code"))
    planned = PercentColumn(_("แผน (%)"), order_by=("q_planned",), attrs=card_cell(number=True))
    actual = PercentColumn(_("ผล (%)"), order_by=("q_actual",), attrs=card_cell(number=True))
    gap = PercentColumn(_("ผลต่าง"), order_by=("q_gap",), attrs=card_cell(number=True))
    budget_used = BahtColumn(_("งบประมาณที่ใช้ไป (บาท)"), visible=False, order_by=("q_used",))
    budget_used_rate = PercentColumn(_("ใช้งบ (%)"), order_by=("q_used_rate",), attrs=card_cell(number=True))
    plan_status = tables.Column(
        _("สถานะตามแผน"),
        accessor="computed_status",
        order_by=("q_mismatch", "q_computed_status"),
        exclude_from_export=True,
        empty_values=(),
        attrs=card_cell("plan-status"),
    )
    reported_status = tables.Column(_("สถานะที่หน่วยงานรายงาน"), visible=False, order_by=("q_plan_status",))
    computed_status = tables.Column(_("สถานะที่คำนวณ"), visible=False, order_by=("q_computed_status",))
    mismatch = tables.Column(_("ตรงกัน?"), visible=False, order_by=("q_mismatch",))
    kpi = tables.Column(
        _("ตัวชี้วัด 2.1 / 2.2"), accessor="kpi_count", attrs=card_cell(number=True), order_by=("q_kpi_count",)
    )
    last_report_date = BeDateColumn(
        _("รายงานล่าสุด"),
        order_by=("q_last_report",),
        empty_values=(),
        attrs=card_cell("reporting"),
    )
    missing_months = tables.Column(_("เดือนที่ไม่รายงาน"), visible=False, order_by=("q_missing_count",))
    # Shown under the last report on screen; its own column in the export.
    approval = tables.Column(
        _("การอนุมัติรายงานในไตรมาส"), visible=False, accessor="approval_counts", orderable=False
    )
    score = PercentColumn(
        _("คะแนน สยป."), order_by=("q_score",), empty_values=(), attrs=card_cell("score", number=True)
    )
    comment = tables.Column(_("ความเห็น สยป."), visible=False, order_by=("q_comment",))

    class Meta:
        template_name = "reports/_quarter_table.html"
        attrs = {"class": "data-table quarter-table"}
        row_attrs = {
            "class": signed(lambda record: "row-mismatch" if record.mismatch else ""),
            # The bulk form counts the ticked rows that already have a score before replacing them.
            "data-scored": signed(lambda record: "1" if record.score is not None else None),
        }
        per_page = 50
        order_by = ("code",)
        default = "–"

    @classmethod
    def export_only(cls) -> tuple[str, ...]:
        """The columns hidden on the page and shown in the export."""
        return tuple(name for name, column in cls.base_columns.items() if not column.visible)

    # How long a drawn page of a closed quarter's rows is kept (`_quarter_table.html`).
    FROZEN_ROWS_SECONDS = 3600

    def __init__(
        self, *args, fiscal_year: int, quarter: int, can_score: bool, frozen: bool = False, **kwargs
    ):
        self.fiscal_year = fiscal_year
        self.quarter = quarter
        self.can_score = can_score
        self.frozen = frozen
        self._plan_status_cells = {}
        if not can_score:
            kwargs["exclude"] = (*kwargs.get("exclude", ()), "select")
        super().__init__(*args, **kwargs)

    @property
    def frozen_rows_key(self) -> str:
        """Everything a page of rows is drawn from: the language, the columns, whether scoring links show, and
        each row's every value (`QuarterRow.fingerprint`), so the same key always draws the same rows."""
        columns = ",".join(column.name for column in self.columns)
        rows = "\n".join(row.record.fingerprint() for row in self.page.object_list)
        return f"{get_language()}|{columns}|{self.can_score}|{rows}"

    @signed
    def render_code(self, record, value):
        # Only the code is the link; the name and agency wrap under it.
        return format_html(
            '<a href="{}">{}</a><span class="project-name">{}</span><span class="sub agency">{}</span>',
            project_url(record.current),
            value or gettext("ไม่มีรหัส"),
            record.name or "",
            record.agency_name or "",
        )

    def value_score(self, value):
        return two_places(value)

    def value_code(self, value):
        return value

    def value_budget_used_rate(self, value):
        return two_places(value)

    @signed
    def render_budget_used_rate(self, record, value):
        return format_html(
            '{}<span class="sub">{}</span>',
            format_percent(value),
            gettext("%(amount)s บาท") % {"amount": format_baht(record.budget_used)},
        )

    @signed
    def render_score(self, record, value):
        # The comment sits under the score, shortened; the full text is in its title and in the export.
        comment = (
            format_html(
                '<span class="sub comment" title="{}">{}</span>',
                record.comment,
                Truncator(record.comment).chars(40),
            )
            if record.comment
            else ""
        )
        score = "–" if value is None else format_percent(value)
        return format_html("{}{}{}", score, comment, self._score_link(record))

    def _score_link(self, record):
        if not self.can_score:
            return ""
        url = reverse(
            "reports:score-project",
            kwargs={"fiscal_year": self.fiscal_year, "quarter": self.quarter, "pk": record.pk},
        )
        request = getattr(self, "request", None)
        if request is not None:
            # Back to this same filtered, sorted page after saving.
            url = f"{url}?{urlencode({'next': request.get_full_path()})}"
        return format_html('<a class="button-link score-link" href="{}">{}</a>', url, gettext("ประเมิน"))

    @signed
    def render_plan_status(self, record):
        # A page's rows share a handful of (status, reported, computed) combinations: each is drawn once.
        key = (
            record.status == ProjectStatus.CANCELLED,
            record.reported_status,
            record.computed_status,
            record.mismatch,
        )
        if key not in self._plan_status_cells:
            self._plan_status_cells[key] = self._plan_status_cell(*key)
        return self._plan_status_cells[key]

    def _plan_status_cell(self, cancelled, reported_status, computed_status, mismatch):
        if cancelled:
            # A cancelled project owes no progress: its plan status would only mislead.
            return format_html(
                '<span class="pill pill-cancelled">{}</span>', figures.CATEGORY_LABELS[figures.CANCELLED]
            )
        flag = (
            format_html(' <span class="flag flag-mismatch">{}</span>', gettext("ไม่ตรง")) if mismatch else ""
        )
        return format_html(
            '<span class="sub">{}</span><span class="pill pill-{}">{}</span>'
            '<span class="sub">{}</span><span class="pill pill-{}">{}</span>{}',
            gettext("รายงาน"),
            reported_status or "none",
            SHORT_STATUS_LABELS.get(reported_status, "–"),
            gettext("คำนวณ"),
            computed_status or "none",
            SHORT_STATUS_LABELS.get(computed_status, "–"),
            flag,
        )

    def value_reported_status(self, value):
        return STATUS_LABELS.get(value, "")

    def value_computed_status(self, record, value):
        if record.status == ProjectStatus.CANCELLED:
            return str(figures.CATEGORY_LABELS[figures.CANCELLED])
        return STATUS_LABELS.get(value, "")

    def value_mismatch(self, record):
        if record.mismatch:
            return gettext("ไม่ตรง")
        return gettext("ตรง") if record.computed_status and record.reported_status else ""

    @signed
    def render_kpi(self, record):
        if not record.kpi_count:
            return "–"
        return format_html(
            '{} <span class="unit">{}</span><br>{} / {}',
            record.kpi_count,
            pgettext_lazy("indicators", "ตัว"),
            format_percent(record.kpi_score_1),
            format_percent(record.kpi_score_2),
        )

    def value_kpi(self, record):
        if not record.kpi_count:
            return ""
        return (
            f"{record.kpi_count}: {format_percent(record.kpi_score_1)} / {format_percent(record.kpi_score_2)}"
        )

    @signed
    def render_last_report_date(self, record, value):
        return format_html(
            "{}{}{}", format_date(value) if value else "–", self._missing(record), self._approvals(record)
        )

    def _approvals(self, record):
        counts = record.approval_counts  # counted and labelled on each read: read once
        if not counts:
            return ""
        return format_html(
            '<span class="sub">{}</span><span class="approvals">{}</span>',
            gettext("การอนุมัติ"),
            format_html_join(
                " ",
                '<span class="pill pill-approval-{}">{} {}</span>',
                counts,
            ),
        )

    def value_approval(self, value):
        return ", ".join(f"{label} {count}" for _state, label, count in value)

    def value_last_report_date(self, value):
        return value

    def _missing(self, record):
        if not record.missing_months:
            return ""
        return format_html(
            '<span class="sub">{}</span>{}',
            gettext("ไม่รายงาน"),
            format_html_join(
                " ", '<span class="flag flag-missing">{}</span>', ((m,) for m in record.missing_months)
            ),
        )

    def value_missing_months(self, value):
        return ", ".join(value)


class OverdueTable(tables.Table):
    agency = tables.Column(_("หน่วยงาน"), accessor="agency", order_by=("agency__path",))
    code = tables.Column(_("รหัสโครงการ"), linkify=project_url)
    name = tables.Column(_("ชื่อโครงการ/กิจกรรม"))
    responsible = tables.Column(_("ผู้รับผิดชอบ"))
    phone = tables.Column(_("โทรศัพท์"))
    last_report_date = BeDateColumn(_("รายงานล่าสุด"))

    class Meta:
        template_name = "django_tables2/bootstrap5.html"
        attrs = {"class": "data-table overdue-table"}
        orderable = False  # grouped by agency: the order is the grouping

    def value_agency(self, value):
        return str(value)


class EvaluationTable(tables.Table):
    fiscal_year = tables.Column(_("ปีงบประมาณ"), accessor="project__fiscal_year")
    quarter = tables.Column(_("ไตรมาส"))
    code = tables.Column(
        _("รหัสโครงการ"), accessor="project__code", linkify=lambda record: project_url(record.project)
    )
    name = tables.Column(_("ชื่อโครงการ/กิจกรรม"), accessor="project__name")
    agency = tables.Column(_("หน่วยงาน"), accessor="project__agency")
    score = PercentColumn(_("คะแนน"))
    comment = tables.Column(_("ความเห็น สยป."))
    evaluated_at = tables.Column(_("วันที่ประเมิน"))

    class Meta:
        template_name = "django_tables2/bootstrap5.html"
        attrs = {"class": "data-table evaluation-table"}
        per_page = 50

    def render_evaluated_at(self, value):
        return format_date(timezone.localtime(value).date())


class CountColumn(tables.Column):
    """How many rows of a line fall in one roll-up category."""

    def __init__(self, category: str):
        self.category = category
        super().__init__(figures.CATEGORY_LABELS[category], accessor="counts", attrs=NUMBER, orderable=False)

    def render(self, record):
        return record.counts.get(self.category, 0)

    def value(self, record):
        return record.counts.get(self.category, 0)


class RollupTable(tables.Table):
    """A roll-up line per agency or strategy: status counts, average progress, budget used rate."""

    name = tables.Column("", orderable=False)
    projects = tables.Column(_("จำนวนโครงการ"), attrs=NUMBER, orderable=False)
    on_plan = CountColumn(PlanStatus.ON_PLAN.value)
    monitor = CountColumn(PlanStatus.MONITOR.value)
    off_plan = CountColumn(PlanStatus.OFF_PLAN.value)
    cancelled = CountColumn(figures.CANCELLED)
    not_reported = CountColumn(figures.NOT_REPORTED)
    no_plan = CountColumn(figures.NO_PLAN)
    average_progress = PercentColumn(_("ความก้าวหน้าเฉลี่ย (%)"), orderable=False)
    budget_used_rate = PercentColumn(_("ใช้งบประมาณ (% ของที่ได้รับ)"), orderable=False)

    class Meta:
        template_name = "django_tables2/table.html"
        attrs = {"class": "data-table rollup-table"}


class AgencyRollupTable(RollupTable):
    """Per top-level agency, with a link to print its quarterly summary (PDF)."""

    name = tables.Column(_("หน่วยงาน (รวมหน่วยงานในสังกัด)"), orderable=False)
    summary = tables.Column(
        _("แบบสรุปรายไตรมาส"), accessor="key", orderable=False, exclude_from_export=True, empty_values=()
    )

    class Meta(RollupTable.Meta):
        pass

    def __init__(self, *args, fiscal_year: int, quarter: int, codes: dict[str, str], **kwargs):
        self.fiscal_year, self.quarter, self.codes = fiscal_year, quarter, codes
        super().__init__(*args, **kwargs)

    def render_summary(self, record):
        code = self.codes.get(record.key)
        if not code:
            return "–"
        url = reverse(
            "reports:quarter-summary-pdf",
            kwargs={"fiscal_year": self.fiscal_year, "quarter": self.quarter, "agency_code": code},
        )
        return format_html('<a href="{}">{}</a>', url, gettext("PDF"))


class StrategyRollupTable(RollupTable):
    name = tables.Column(_("ยุทธศาสตร์"), orderable=False)

    class Meta(RollupTable.Meta):
        pass
