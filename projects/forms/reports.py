"""The monthly progress report form: few fields, BE date, cumulative %, baht, plan and target status."""

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from projects.choices import PlanStatus, TargetStatus
from projects.progress import MONITOR_TOLERANCE
from projects.services.reports import ReportInput

from .common import ConfirmForm, GuardedForm
from .fields import BahtField, BEDateField, PercentField, ThaiTextField


class ReportForm(GuardedForm):
    conditional_fields = ("reason",)

    report_date = BEDateField(label=_("วันที่รายงาน"))
    progress = PercentField(
        label=_("ความก้าวหน้าสะสมของโครงการ (%)"),
        help_text=_("ร้อยละของงานทั้งโครงการที่ทำแล้วจนถึงวันนี้ (สะสม) 0 ถึง 100 เช่น 45.50"),
    )
    text = ThaiTextField(
        label=_("ผลการดำเนินงาน"),
        help_text=_("สิ่งที่ทำในช่วงนี้"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("กรุณากรอกผลการดำเนินงาน")},
    )
    problems = ThaiTextField(
        label=_("ปัญหา"),
        required=False,
        help_text=_("เว้นว่าง หรือใส่ - หรือ ไม่มี หากไม่มีปัญหา"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    obstacles = ThaiTextField(
        label=_("อุปสรรค"),
        required=False,
        help_text=_("เว้นว่าง หรือใส่ - หรือ ไม่มี หากไม่มีอุปสรรค"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    disbursed = BahtField(
        label=_("งบประมาณที่เบิกใช้ในครั้งนี้ (บาท)"),
        required=False,
        help_text=_("เฉพาะที่เบิกในรายงานครั้งนี้ ไม่ใช่ยอดสะสม ใส่จุลภาคและสตางค์ได้ เช่น 12,500.50"),
    )
    plan_status = forms.ChoiceField(
        label=_("สถานะตามแผน"),
        choices=PlanStatus.choices,
        # The rule of `progress.suggest_plan_status`, said in words, with its own tolerance.
        help_text=format_lazy(
            _(
                "“ระบบคำนวณ” คือสถานะที่ระบบเทียบความก้าวหน้าสะสมกับแผน ณ วันที่รายงาน: ไม่ต่ำกว่าแผน = "
                "เป็นไปตามแผน, ต่ำกว่าแผนไม่เกิน {tolerance} จุด = ควรติดตาม, ต่ำกว่านั้น = ไม่เป็นไปตามแผน "
                "เลือกต่างจากที่ระบบคำนวณได้ โดยระบุเหตุผล"
            ),
            tolerance=f"{MONITOR_TOLERANCE:f}",
        ),
        widget=forms.RadioSelect,
        error_messages={"required": _("กรุณาเลือกสถานะตามแผน")},
    )
    target_status = forms.ChoiceField(
        label=_("สถานะตามเป้าหมาย"),
        choices=TargetStatus.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("กรุณาเลือกสถานะตามเป้าหมาย")},
    )
    reason = ThaiTextField(
        label=_("เหตุผลประกอบ"),
        required=False,
        help_text=_("จำเป็นเมื่อความก้าวหน้าลดลงจากครั้งก่อน หรือเลือกสถานะตามแผนต่างจากที่ระบบคำนวณ"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    report_id = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["report_date"].widget.attrs["data-planned-for"] = "1"
        self.fields["progress"].widget.attrs["data-progress"] = "1"

    def to_input(self) -> ReportInput:
        data = self.cleaned_data
        return ReportInput(
            report_date=data["report_date"],
            progress=data["progress"],
            text=data["text"],
            problems=data["problems"],
            obstacles=data["obstacles"],
            disbursed=data["disbursed"],
            plan_status=data["plan_status"],
            target_status=data["target_status"],
            reason=data["reason"],
        )

    def readable_input(self) -> ReportInput | None:
        """What was typed that reads, when the date does (any other field that does not read counts as left
        empty, the % as unknown): so a form with mistakes can also say which rules the rest breaks."""
        data = self.cleaned_data
        if data.get("report_date") is None:
            return None
        return ReportInput(
            report_date=data["report_date"],
            progress=data.get("progress"),
            disbursed=data.get("disbursed"),
            plan_status=data.get("plan_status") or None,
            reason=data.get("reason") or "",
        )

    @classmethod
    def initial_from(cls, report) -> dict:
        return {
            "report_date": report.report_date,
            "progress": report.progress,
            "text": report.text,
            "problems": report.problems,
            "obstacles": report.obstacles,
            "disbursed": report.disbursed,
            "plan_status": report.plan_status,
            "target_status": report.target_status,
            "reason": report.reason,
            "report_id": report.pk,
        }


class DeleteForm(ConfirmForm):
    """Confirmation of a report's delete: also which report, since renumbering may move the one shown."""

    report_id = forms.IntegerField(widget=forms.HiddenInput, required=False)
