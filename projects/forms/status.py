"""The project's status (delay, cancel, complete, reactivate) and its own fields."""

from django import forms
from django.utils.translation import gettext_lazy as _

from projects.services.status import ACTIONS, ALLOWED_FROM, ProjectInput

from .common import GuardedForm
from .fields import BahtField, BEDateField, ThaiTextField

ACTION_LABELS = {
    "delay": _("ขอชะลอโครงการ"),
    "cancel": _("ยกเลิกโครงการ"),
    "complete": _("โครงการแล้วเสร็จ"),
    "reactivate": _("กลับมาดำเนินการ"),
}


class StatusForm(GuardedForm):
    conditional_fields = ("reason", "budget_returned")

    action = forms.ChoiceField(
        label=_("เปลี่ยนสถานะเป็น"),
        widget=forms.RadioSelect,
        error_messages={"required": _("กรุณาเลือกสถานะที่ต้องการ")},
    )
    reason = ThaiTextField(
        label=_("เหตุผล"),
        required=False,
        help_text=_("จำเป็นเมื่อขอชะลอหรือยกเลิกโครงการ"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    budget_returned = BahtField(
        label=_("งบประมาณที่ส่งคืน (บาท)"),
        required=False,
        help_text=_("จำเป็นเมื่อยกเลิกโครงการ ใส่ 0 หากไม่มีการส่งคืน ต้องไม่เกินงบประมาณที่ได้รับ"),
    )

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [
            (action, ACTION_LABELS[action]) for action in ACTIONS if project.status in ALLOWED_FROM[action]
        ]


class ProjectForm(GuardedForm):
    responsible = ThaiTextField(label=_("ผู้รับผิดชอบ"), multiline=False, required=False)
    phone = ThaiTextField(
        label=_("โทรศัพท์"), multiline=False, required=False, max_length=64, help_text=_("เช่น 02 123 4567")
    )
    start_date = BEDateField(label=_("วันเริ่มต้นโครงการ"), required=False)
    end_date = BEDateField(label=_("วันสิ้นสุดโครงการ"), required=False)
    budget_received = BahtField(label=_("งบประมาณที่ได้รับ (บาท)"), required=False)
    rationale = ThaiTextField(
        label=_("หลักการและเหตุผล"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    objectives = ThaiTextField(label=_("วัตถุประสงค์"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    targets = ThaiTextField(label=_("เป้าหมาย"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    FIELDS = (
        "responsible",
        "phone",
        "start_date",
        "end_date",
        "budget_received",
        "rationale",
        "objectives",
        "targets",
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and start > end:
            self.add_error("end_date", _("วันสิ้นสุดต้องไม่ก่อนวันเริ่มต้น"))
        return data

    def to_input(self) -> ProjectInput:
        return ProjectInput(**{name: self.cleaned_data[name] for name in self.FIELDS})

    @classmethod
    def initial_from(cls, project) -> dict:
        return {name: getattr(project, name) for name in cls.FIELDS}
