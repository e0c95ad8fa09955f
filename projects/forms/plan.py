"""Plan steps (one formset page, reordered with up/down buttons) and indicators with their quarterly results."""

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from projects.choices import KpiKind, KpiLevel, KpiUnit
from projects.services.plan import KpiInput, QuarterInput, StepInput, total_weight_error

from .common import GuardedForm
from .fields import BEDateField, PercentField, ThaiDecimalField, ThaiTextField

STEP_FIELDS = ["id", "description", "weight", "start_date", "end_date", "DELETE"]
# More steps than any plan has; also the most rows the page re-renders from a post.
MAX_STEPS = 200
INCOMPLETE = _("แบบฟอร์มแผนที่ส่งมาไม่ครบทุกขั้นตอน จึงยังไม่บันทึก กรุณาเปิดหน้าแผนใหม่แล้วแก้ไขอีกครั้ง")


class PlanForm(GuardedForm):
    """The version of the project the plan page was opened at, and its one-time token."""


class StepForm(forms.Form):
    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    description = ThaiTextField(
        label=_("รายละเอียดขั้นตอน"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("กรุณากรอกรายละเอียดขั้นตอน")},
    )
    weight = PercentField(label=_("น้ำหนัก (%)"), help_text="")
    start_date = BEDateField(label=_("วันเริ่มต้น"), help_text="")
    end_date = BEDateField(label=_("วันสิ้นสุด"), help_text="")

    def clean_weight(self):
        weight = self.cleaned_data["weight"]
        if weight is not None and weight <= 0:
            raise forms.ValidationError(_("น้ำหนักต้องมากกว่า 0"))
        return weight

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and start > end:
            self.add_error("end_date", _("วันสิ้นสุดต้องไม่ก่อนวันเริ่มต้น"))
        return data


class BaseStepFormSet(forms.BaseFormSet):
    """Steps in the order shown; rows ticked for deletion or added and left blank are left out.

    Every stored step must come back, kept or ticked for deletion: a post that lost rows (a tampered
    `TOTAL_FORMS`, a page cut short) would otherwise delete the steps it does not mention.
    """

    def __init__(self, *args, stored_ids=(), **kwargs):
        self.stored_ids = set(stored_ids)
        super().__init__(*args, **kwargs)

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        # A new row nobody typed into is ignored rather than reported as missing everything.
        if not (form.initial or {}).get("id") and not form.data.get(form.add_prefix("id")):
            form.empty_permitted = True
        form.use_required_attribute = False
        return form

    def kept_forms(self):
        return [
            f
            for f in self.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE") and f.cleaned_data.get("description")
        ]

    def clean(self):
        if self.is_bound and not 0 <= self.management_form.cleaned_data.get("TOTAL_FORMS", 0) <= MAX_STEPS:
            raise forms.ValidationError(INCOMPLETE, code="total_forms")
        sent = {f.cleaned_data.get("id") for f in self.forms if f.cleaned_data}
        if self.stored_ids - sent:
            raise forms.ValidationError(INCOMPLETE, code="missing_steps")
        if any(self.errors):
            return
        steps = self.to_inputs()
        total_error = total_weight_error(steps)
        if total_error:
            raise forms.ValidationError(total_error)

    def to_inputs(self) -> list[StepInput]:
        return [
            StepInput(
                id=f.cleaned_data.get("id"),
                description=f.cleaned_data["description"],
                weight=f.cleaned_data["weight"],
                start_date=f.cleaned_data["start_date"],
                end_date=f.cleaned_data["end_date"],
            )
            for f in self.kept_forms()
        ]


StepFormSet = forms.formset_factory(
    StepForm, formset=BaseStepFormSet, extra=0, can_delete=True, max_num=MAX_STEPS, absolute_max=MAX_STEPS
)


def rows_from_post(data, prefix: str = "steps") -> list[dict]:
    """The rows as typed, raw, so a move or an added row re-renders exactly what was there."""
    try:
        total = int(data.get(f"{prefix}-TOTAL_FORMS", 0))
    except ValueError:
        total = 0
    rows = []
    for i in range(min(total, MAX_STEPS)):
        row = {name: data.get(f"{prefix}-{i}-{name}", "") for name in STEP_FIELDS}
        row["DELETE"] = bool(row["DELETE"])
        rows.append(row)
    return rows


def moved(rows: list[dict], instruction: str) -> list[dict]:
    """`up-2` swaps row 2 with the one above, `down-0` with the one below (0-based)."""
    direction, _, index = instruction.partition("-")
    if not index.isdigit():
        return rows
    i = int(index)
    j = i - 1 if direction == "up" else i + 1
    if 0 <= i < len(rows) and 0 <= j < len(rows):
        rows = list(rows)
        rows[i], rows[j] = rows[j], rows[i]
    return rows


class KpiForm(GuardedForm):
    QUARTERS = (1, 2, 3, 4)

    code = ThaiTextField(
        label=_("รหัสตัวชี้วัด"), multiline=False, required=False, max_length=32, help_text=_("เช่น 0100-0807")
    )
    name = ThaiTextField(
        label=_("ชื่อตัวชี้วัด"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("กรุณากรอกชื่อตัวชี้วัด")},
    )
    unit = forms.ChoiceField(label=_("หน่วยนับ"), choices=[("", "—"), *KpiUnit.choices], required=False)
    target = ThaiDecimalField(
        label=_("ค่าเป้าหมาย"), decimal_places=4, max_digits=14, min_value=0, required=False
    )
    achieved = ThaiDecimalField(label=_("ผลงานที่ทำได้"), decimal_places=4, max_digits=14, required=False)
    kind = forms.ChoiceField(label=_("ประเภทตัวชี้วัด"), choices=[("", "—"), *KpiKind.choices], required=False)
    level = forms.ChoiceField(label=_("ระดับตัวชี้วัด"), choices=[("", "—"), *KpiLevel.choices], required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for q in self.QUARTERS:
            self.fields[f"q{q}_result"] = ThaiDecimalField(
                label=gettext("ไตรมาสที่ %(quarter)s ผลงาน") % {"quarter": q}, max_digits=14, required=False
            )
            for n, label in ((1, "2.1"), (2, "2.2")):
                self.fields[f"q{q}_score_{n}"] = PercentField(
                    label=gettext("ไตรมาสที่ %(quarter)s ผลประเมิน %(part)s") % {"quarter": q, "part": label},
                    required=False,
                    help_text="",
                )

    def quarter_rows(self):
        return [
            (q, self[f"q{q}_result"], self[f"q{q}_score_1"], self[f"q{q}_score_2"]) for q in self.QUARTERS
        ]

    def main_fields(self):
        return [self[name] for name in ("code", "name", "unit", "target", "achieved", "kind", "level")]

    def to_input(self) -> KpiInput:
        d = self.cleaned_data
        return KpiInput(
            name=d["name"],
            code=d["code"],
            unit=d["unit"] or None,
            target=d["target"],
            achieved=d["achieved"],
            kind=d["kind"] or None,
            level=d["level"] or None,
        )

    def quarter_inputs(self) -> dict[int, QuarterInput]:
        d = self.cleaned_data
        return {
            q: QuarterInput(result=d[f"q{q}_result"], score_1=d[f"q{q}_score_1"], score_2=d[f"q{q}_score_2"])
            for q in self.QUARTERS
        }

    @classmethod
    def initial_from(cls, kpi) -> dict:
        initial = {
            name: getattr(kpi, name)
            for name in ("code", "name", "unit", "target", "achieved", "kind", "level")
        }
        for row in kpi.quarters.all():
            initial.update(
                {
                    f"q{row.quarter}_result": row.result,
                    f"q{row.quarter}_score_1": row.score_1,
                    f"q{row.quarter}_score_2": row.score_2,
                }
            )
        return initial
