"""The planning office's form opening one project's closed quarter to its staff until a day and time."""

from datetime import datetime, time

from django import forms
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .fields import BEDateField, ThaiTextField

# Lazy, so the label follows the language of each request, not the one at import.
quarter_label = lazy(lambda q: gettext("ไตรมาสที่ %(quarter)s") % {"quarter": q}, str)
QUARTERS = [(q, quarter_label(q)) for q in (1, 2, 3, 4)]


class LockExceptionForm(forms.Form):
    quarter = forms.TypedChoiceField(
        label=_("ไตรมาสที่เปิดให้แก้ไข"),
        choices=QUARTERS,
        coerce=int,
        error_messages={"required": _("กรุณาเลือกไตรมาส")},
    )
    reason = ThaiTextField(
        label=_("เหตุผล"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("กรุณาระบุเหตุผลที่เปิดให้แก้ไข")},
    )
    expires_on = BEDateField(label=_("เปิดให้แก้ไขถึงวันที่"))
    expires_time = forms.TimeField(
        label=_("เวลา"),
        initial=time(16, 30),
        # Shown as the hint asks for it (16:30), not with the seconds Django adds by default (16:30:00).
        widget=forms.TimeInput(format="%H:%M"),
        help_text=_("ชั่วโมง:นาที เช่น 16:30"),
        error_messages={"invalid": _("กรุณากรอกเวลาเป็น ชั่วโมง:นาที เช่น 16:30")},
    )

    def __init__(self, *args, closed: list[int] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        # Only a closed quarter can be opened to one project: the others are not offered.
        if closed is not None:
            self.fields["quarter"].choices = [(q, quarter_label(q)) for q in sorted(closed)]

    def expires_at(self) -> datetime:
        """The expiry as an aware datetime in Bangkok time."""
        data = self.cleaned_data
        return timezone.make_aware(datetime.combine(data["expires_on"], data["expires_time"]))
