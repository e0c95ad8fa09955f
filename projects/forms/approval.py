"""The head's forms: the selection of reports to approve at once, and the comment of a return or withdrawal."""

from django import forms
from django.utils.translation import gettext_lazy as _


class ApproveSelectedForm(forms.Form):
    select = forms.ModelMultipleChoiceField(
        queryset=None,
        label=_("รายงานที่เลือก"),
        error_messages={
            "required": _("กรุณาเลือกรายงานที่จะอนุมัติอย่างน้อยหนึ่งรายการ"),
            "invalid_choice": _("รายงานที่เลือกบางรายการไม่ใช่รายงานของหน่วยงานของท่าน จึงไม่ได้อนุมัติรายงานใด"),
            "invalid_pk_value": _("รายงานที่เลือกบางรายการไม่ใช่รายงานของหน่วยงานของท่าน จึงไม่ได้อนุมัติรายงานใด"),
        },
    )

    def __init__(self, *args, reports, **kwargs):
        super().__init__(*args, **kwargs)
        # Only reports of this user's projects can be chosen: another agency's id is refused here.
        self.fields["select"].queryset = reports


class SignOffCommentForm(forms.Form):
    """The comment a head writes when returning a report or withdrawing its approval, drawn once per report
    (ids `return-<report>-comment`, `withdraw-<report>-comment`). The service checks that it is not empty,
    whatever sent it."""

    LABELS = {
        "return": _("สิ่งที่ต้องแก้ไข (จำเป็น)"),
        "withdraw": _("เหตุผลที่ถอนการอนุมัติ (จำเป็น)"),
    }

    comment = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, step: str, report, **kwargs):
        super().__init__(*args, auto_id=f"{step}-{report.pk}-%s", **kwargs)
        self.fields["comment"].label = self.LABELS[step]
