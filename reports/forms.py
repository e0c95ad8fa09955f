"""Forms of the quarterly evaluation. Input is read the Thai way (Thai digits allowed); messages are Thai first."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from projects.forms.fields import LONG_TEXT_MAX, TOO_LONG, input_error_message, lazy_length_hint
from projects.thai import ThaiInputError, normalize_text, parse_decimal

SCORE_HINT = _("0 ถึง 100 เช่น 85 หรือ 92.5")


class ScoreField(forms.CharField):
    """A score from 0 to 100, Thai or Arabic digits, to at most `decimal_places` places."""

    def __init__(self, *, decimal_places: int = 4, **kwargs):
        self.decimal_places = decimal_places
        kwargs.setdefault("help_text", SCORE_HINT)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal", "class": "score-input"}))
        super().__init__(**kwargs)

    def to_python(self, value) -> Decimal | None:
        text = (super().to_python(value) or "").strip()
        if not text:
            return None
        try:
            number = parse_decimal(text)
        except ThaiInputError as error:
            raise forms.ValidationError(
                gettext("%(error)s กรุณากรอกคะแนน %(hint)s")
                % {"error": input_error_message(error), "hint": SCORE_HINT}
            ) from None
        if not Decimal(0) <= number <= Decimal(100):
            raise forms.ValidationError(
                gettext("คะแนนต้องอยู่ระหว่าง 0 ถึง 100 (กรอกมา %(text)s)") % {"text": text}
            )
        if -number.as_tuple().exponent > self.decimal_places:
            raise forms.ValidationError(
                gettext("คะแนนมีทศนิยมได้ไม่เกิน %(places)s ตำแหน่ง") % {"places": self.decimal_places}
            )
        return number

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            return f"{value.normalize():f}"
        return value


class CommentField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 3}))
        kwargs.setdefault("max_length", LONG_TEXT_MAX)
        kwargs["help_text"] = lazy_length_hint(kwargs.get("help_text", ""), kwargs["max_length"])
        kwargs.setdefault("error_messages", {"max_length": TOO_LONG})
        super().__init__(**kwargs)

    def clean(self, value):
        return normalize_text(super().clean(value)) or ""


class ProjectScoreForm(forms.Form):
    """A project's quarterly score and comment, plus scores 2.1 / 2.2 for each of its indicators."""

    score = ScoreField(
        label=_("คะแนนประเมินโครงการ"), error_messages={"required": _("กรุณากรอกคะแนนประเมินโครงการ")}
    )
    comment = CommentField(label=_("ความเห็นของ สยป."))

    def __init__(self, *args, kpis=(), results=None, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        results = results or {}
        self.kpis = list(kpis)
        for kpi in self.kpis:
            result = results.get(kpi.pk)
            for part, label in ((1, "2.1"), (2, "2.2")):
                name = f"kpi_{kpi.pk}_{part}"
                self.fields[name] = ScoreField(
                    label=gettext("ผลประเมินตัวชี้วัด %(part)s: %(kpi)s") % {"part": label, "kpi": kpi},
                    required=False,
                    decimal_places=2,
                )
                if result is not None:
                    self.initial.setdefault(name, getattr(result, f"score_{part}"))

    def kpi_field_pairs(self):
        """(KPI, bound field 2.1, bound field 2.2) for the template."""
        return [(kpi, self[f"kpi_{kpi.pk}_1"], self[f"kpi_{kpi.pk}_2"]) for kpi in self.kpis]

    def kpi_scores(self) -> dict[int, tuple[Decimal | None, Decimal | None]]:
        return {
            kpi.pk: (self.cleaned_data[f"kpi_{kpi.pk}_1"], self.cleaned_data[f"kpi_{kpi.pk}_2"])
            for kpi in self.kpis
        }


class ProjectChoicesField(forms.ModelMultipleChoiceField):
    """Ticked projects by id: a value that cannot be an id (text, or past the database's largest integer) is
    the same mistake as a project not in this quarter, not a query the database refuses."""

    MAX_ID = 2**63 - 1

    def clean(self, value):
        for item in value or []:
            text = str(item)
            if not (text.isascii() and text.isdigit()) or int(text) > self.MAX_ID:
                raise forms.ValidationError(self.error_messages["invalid_pk_value"], code="invalid_pk_value")
        return super().clean(value)


class BulkScoreForm(forms.Form):
    """One score and comment for the rows ticked in the quarter table."""

    select = ProjectChoicesField(
        queryset=None,
        label=_("โครงการที่เลือก"),
        error_messages={
            "required": _("กรุณาเลือกโครงการในตารางอย่างน้อยหนึ่งโครงการ"),
            "invalid_choice": _("โครงการที่เลือกไม่อยู่ในไตรมาสนี้"),
            "invalid_pk_value": _("โครงการที่เลือกไม่อยู่ในไตรมาสนี้"),
        },
    )
    score = ScoreField(label=_("คะแนนสำหรับรายการที่เลือก"), error_messages={"required": _("กรุณากรอกคะแนน")})
    comment = CommentField(label=_("ความเห็นสำหรับรายการที่เลือก"), widget=forms.TextInput())
    replace = forms.BooleanField(
        required=False,
        label=_("แทนที่คะแนนที่บันทึกไว้แล้ว"),
        help_text=_("ถ้าไม่เลือก โครงการที่มีคะแนนอยู่แล้วจะคงคะแนนและความเห็นเดิม"),
    )

    def __init__(self, *args, projects, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        # Only the projects of the quarter's fiscal year that the user may read can be chosen.
        self.fields["select"].queryset = projects


class CloseQuarterForm(forms.Form):
    """Closing a quarter: an optional note, and a confirmation when the quarter has not ended yet."""

    reason = forms.CharField(
        label=_("หมายเหตุ"),
        required=False,
        max_length=LONG_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    # Asked (and drawn, `required` for the browser) only while the quarter has not ended; the service refuses
    # an early closing without it.
    early = forms.BooleanField(
        label=_("ยืนยันปิดไตรมาสก่อนสิ้นไตรมาส"),
        required=False,
        widget=forms.CheckboxInput(attrs={"required": True}),
    )


class ReopenQuarterForm(forms.Form):
    """Reopening a closed quarter: a reason and a confirmation, both required."""

    reason = forms.CharField(
        label=_("เหตุผลที่เปิดไตรมาสอีกครั้ง"),
        max_length=LONG_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("กรุณาระบุเหตุผลที่เปิดไตรมาสอีกครั้ง")},
    )
    confirm = forms.BooleanField(
        label=_("ยืนยันเปิดไตรมาส: หน่วยงานจะแก้ไขรายงานในไตรมาสนี้ได้อีก"),
        error_messages={"required": _("กรุณายืนยันการเปิดไตรมาส")},
    )

    def clean_reason(self):
        reason = (normalize_text(self.cleaned_data["reason"]) or "").strip()
        if not reason:
            raise forms.ValidationError(_("กรุณาระบุเหตุผลที่เปิดไตรมาสอีกครั้ง"))
        return reason


class VerifyLookupForm(forms.Form):
    """The boxes of the public verification page: the number and check code printed on the paper. Only drawn:
    `VerifyLookupView` reads and checks what is typed itself, so that every wrong input gets the same page."""

    number = forms.CharField(label=_("เลขที่เอกสาร"), max_length=32, help_text=_("เช่น PF-2569-000123"))
    code = forms.CharField(
        label=_("รหัสตรวจสอบ"),
        max_length=32,
        help_text=_("รหัส 8 ตัวที่พิมพ์ต่อจากเลขที่เอกสาร เช่น K7M2QX9P"),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
