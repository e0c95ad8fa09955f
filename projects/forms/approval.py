"""The head's selection of reports to approve at once."""

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
