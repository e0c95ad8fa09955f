"""The form to request a batch print and the table of a user's batches."""

import django_tables2 as tables
from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from projects.fiscal import fiscal_year_of
from projects.roles import visible_agencies
from projects.templatetags.thai import be_datetime

from .models import PrintBatch
from .printing import failure_message


class BatchRequestForm(forms.Form):
    agency = forms.ModelChoiceField(
        label=_("หน่วยงาน"),
        queryset=None,
        empty_label=_("— เลือกหน่วยงาน —"),
        help_text=_("พิมพ์แบบรายงานของทุกโครงการของหน่วยงานนี้และหน่วยงานในสังกัด"),
        error_messages={"required": _("กรุณาเลือกหน่วยงาน"), "invalid_choice": _("กรุณาเลือกหน่วยงานจากรายการ")},
    )
    fiscal_year = forms.IntegerField(
        label=_("ปีงบประมาณ พ.ศ."),
        min_value=2400,
        max_value=2800,
        help_text=_("ปี พ.ศ. เช่น 2566"),
        error_messages={
            "required": _("กรุณากรอกปีงบประมาณ"),
            "invalid": _("กรุณากรอกปีงบประมาณเป็นตัวเลข เช่น 2566"),
            "min_value": _("กรุณากรอกปีงบประมาณเป็นปี พ.ศ. เช่น 2566"),
            "max_value": _("กรุณากรอกปีงบประมาณเป็นปี พ.ศ. เช่น 2566"),
        },
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = visible_agencies(user).order_by("path")
        self.fields["fiscal_year"].initial = fiscal_year_of(timezone.localdate())


class BatchTable(tables.Table):
    agency = tables.Column(verbose_name=_("หน่วยงาน"), orderable=False)
    fiscal_year = tables.Column(verbose_name=_("ปีงบประมาณ"), orderable=False)
    requested_at = tables.DateTimeColumn(verbose_name=_("สั่งพิมพ์เมื่อ"), format="d/m/Y H:i", orderable=False)
    progress = tables.Column(verbose_name=_("ความคืบหน้า"), empty_values=(), orderable=False)

    class Meta:
        model = PrintBatch
        fields = ("agency", "fiscal_year", "requested_at", "progress")
        attrs = {"class": "data-table batch-table"}

    def render_requested_at(self, value):
        return be_datetime(value)

    def render_progress(self, record):
        # The static script polls the status URL while the batch runs and fills in this cell.
        download = ""
        if record.state == PrintBatch.State.DONE and record.file:
            download = format_html(
                ' <a class="batch-download" href="{}">{}</a>',
                reverse("reports:batch-download", kwargs={"pk": record.pk}),
                _("ดาวน์โหลด PDF"),
            )
        failure = failure_message(record)
        error = format_html(' <span class="batch-error">{}</span>', failure) if failure else ""
        return format_html(
            '<span class="batch-progress" data-status-url="{}" data-state="{}" data-download-label="{}">'
            '<span class="batch-state">{}</span> <span class="batch-count">{}/{}</span>'
            '<progress max="{}" value="{}"></progress></span>{}{}',
            reverse("reports:batch-status", kwargs={"pk": record.pk}),
            record.state,
            _("ดาวน์โหลด PDF"),
            record.get_state_display(),
            record.done,
            record.total,
            record.total or 1,
            record.done,
            download,
            error,
        )
