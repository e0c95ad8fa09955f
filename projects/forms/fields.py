"""Form fields for how Thai civil servants write: Buddhist Era dates, baht with commas, Thai digits.

Django's own DateField with `%d/%m/%Y` would store `25/10/2566` as the year 2566 CE; these read the year
as Buddhist Era and render stored dates back the same way.
"""

import re
from datetime import date
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from projects import thai
from projects.fiscal import BE_OFFSET

PERCENT_HINT = _("ร้อยละ 0 ถึง 100 ทศนิยมได้ 2 ตำแหน่ง เช่น 45.50")
BAHT_HINT = _("บาท ใส่จุลภาคและสตางค์ได้ เช่น 12,500.50")
# The years a date of this system's work can fall in; anything else is a typing slip (`2056`, `25666`).
MIN_BE_YEAR, MAX_BE_YEAR = 2500, 2700


# A comma after a digit that is not followed by exactly three digits cannot separate thousands: `10,5` is
# a decimal written the European way, and reading it as 105 would store a wrong number.
MISPLACED_COMMA = re.compile(r"\d,(?!\d{3}(?!\d))")


def input_error_message(error: thai.ThaiInputError) -> str:
    """Why typed input could not be read, in the reader's language (Thai unless they chose English)."""
    return gettext(error.template) % error.params if error.params else gettext(error.template)


class BEDateInput(forms.TextInput):
    """A text box that shows a date as `25/10/2566` and leaves whatever was typed untouched."""

    def __init__(self, attrs=None):
        super().__init__(
            {"autocomplete": "off", "spellcheck": "false", "class": "input-date", **(attrs or {})}
        )

    def format_value(self, value):
        if isinstance(value, date):
            return thai.format_date(value)
        return super().format_value(value)


class BEDateField(forms.Field):
    """A date typed in the Buddhist Era (`25/10/2566`, `25 ต.ค. 66`, Thai digits); a Gregorian year is refused."""

    widget = BEDateInput
    default_error_messages = {"required": _("กรุณากรอกวันที่ (วัน/เดือน/ปี พ.ศ.)")}

    def __init__(self, *, min_year: int = MIN_BE_YEAR, max_year: int = MAX_BE_YEAR, **kwargs):
        self.min_year, self.max_year = min_year, max_year
        kwargs.setdefault("help_text", _(thai.BE_HINT))
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, date):
            return value
        if value in self.empty_values or not str(value).strip():
            return None
        try:
            day = thai.parse_be_date(str(value))
        except thai.ThaiInputError as exc:
            raise ValidationError(input_error_message(exc), code="invalid") from None
        if not self.min_year <= day.year + BE_OFFSET <= self.max_year:
            raise ValidationError(
                gettext("ปี พ.ศ. ต้องอยู่ระหว่าง %(min)s ถึง %(max)s (กรอกมา %(year)s)")
                % {"min": self.min_year, "max": self.max_year, "year": day.year + BE_OFFSET},
                code="year_range",
            )
        return day

    def prepare_value(self, value):
        return value


class ThaiDecimalInput(forms.TextInput):
    """A number box for decimals: a numeric keyboard on phones, values shown with two decimals."""

    def __init__(self, attrs=None, *, grouped: bool = False):
        self.grouped = grouped
        super().__init__(
            {"inputmode": "decimal", "autocomplete": "off", "class": "input-number", **(attrs or {})}
        )

    def format_value(self, value):
        if isinstance(value, Decimal):
            return thai.format_baht(value) if self.grouped else thai.format_percent(value)
        return super().format_value(value)


class ThaiDecimalField(forms.Field):
    """A number typed with Thai or Arabic digits, thousands separators, `บาท` or `%`; at most two decimals."""

    default_error_messages = {
        "required": _("กรุณากรอกตัวเลข"),
        "decimals": _("ใส่ทศนิยมได้ไม่เกิน {places} ตำแหน่ง"),
        "min_value": _("ต้องไม่น้อยกว่า {limit}"),
        "max_value": _("ต้องไม่เกิน {limit}"),
        "max_digits": _("ตัวเลขยาวเกินไป ใส่ได้ไม่เกิน {digits} หลักก่อนจุดทศนิยม"),
    }
    grouped = False

    def __init__(
        self, *, decimal_places: int = 2, max_digits: int = 15, min_value=None, max_value=None, **kwargs
    ):
        """`max_digits` and `decimal_places` are those of the model field the value is stored in."""
        self.decimal_places = decimal_places
        self.max_digits = max_digits
        self.min_value = None if min_value is None else Decimal(min_value)
        self.max_value = None if max_value is None else Decimal(max_value)
        kwargs.setdefault("widget", ThaiDecimalInput(grouped=self.grouped))
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, Decimal):
            return value
        if value in self.empty_values or not str(value).strip():
            return None
        if MISPLACED_COMMA.search(thai.thai_to_arabic_digits(str(value))):
            raise ValidationError(
                gettext("“%(text)s” มีจุลภาคที่ไม่ได้คั่นหลักพัน หากเป็นทศนิยมให้ใช้จุด เช่น 10.5")
                % {"text": str(value).strip()},
                code="comma",
            )
        try:
            number = thai.parse_decimal(str(value))
        except thai.ThaiInputError as exc:
            raise ValidationError(input_error_message(exc), code="invalid") from None
        if -number.as_tuple().exponent > self.decimal_places and number != number.quantize(
            Decimal(1).scaleb(-self.decimal_places)
        ):
            raise ValidationError(
                self.error_messages["decimals"].format(places=self.decimal_places), code="decimals"
            )
        if number.adjusted() >= self.max_digits - self.decimal_places:
            raise ValidationError(
                self.error_messages["max_digits"].format(digits=self.max_digits - self.decimal_places),
                code="max_digits",
            )
        return number.quantize(Decimal(1).scaleb(-self.decimal_places))

    def validate(self, value):
        super().validate(value)
        if value is None:
            return
        if self.min_value is not None and value < self.min_value:
            raise ValidationError(
                self.error_messages["min_value"].format(limit=self._show(self.min_value)), code="min_value"
            )
        if self.max_value is not None and value > self.max_value:
            raise ValidationError(
                self.error_messages["max_value"].format(limit=self._show(self.max_value)), code="max_value"
            )

    def _show(self, limit: Decimal) -> str:
        return thai.format_baht(limit) if self.grouped else f"{limit.normalize():f}"


class PercentField(ThaiDecimalField):
    """A percentage 0–100 with two decimals (`45.5`, `๔๕.๕๐`, `45.50%`)."""

    default_error_messages = {
        "required": _("กรุณากรอกร้อยละ"),
        "min_value": _("ร้อยละต้องอยู่ระหว่าง 0 ถึง 100"),
        "max_value": _("ร้อยละต้องอยู่ระหว่าง 0 ถึง 100"),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", 100)
        kwargs.setdefault("help_text", PERCENT_HINT)
        super().__init__(**kwargs)


class BahtField(ThaiDecimalField):
    """An amount of baht to the satang (`1,643,800.50`, `๑,๖๔๓,๘๐๐ บาท`); never negative."""

    grouped = True
    default_error_messages = {
        "required": _("กรุณากรอกจำนวนเงิน (บาท)"),
        "decimals": _("สตางค์ใส่ได้ไม่เกิน 2 ตำแหน่ง"),
        "min_value": _("จำนวนเงินต้องไม่ติดลบ"),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("help_text", BAHT_HINT)
        super().__init__(**kwargs)


TOO_LONG = _("ยาวเกินไป ใส่ได้ไม่เกิน %(limit_value)s ตัวอักษร (ขณะนี้ %(show_value)s ตัวอักษร)")

# Longer than anyone writes in a form (a report's text is a few paragraphs), short enough that no text can make
# a printed form slow: a limit is stated under every text box.
LONG_TEXT_MAX = 5000
LINE_TEXT_MAX = 255


def with_length_hint(help_text, max_length: int) -> str:
    """The field's hint followed by its limit: `… · ไม่เกิน 5,000 ตัวอักษร`."""
    limit = gettext("ไม่เกิน %(limit)s ตัวอักษร") % {"limit": f"{max_length:,}"}
    return f"{help_text} · {limit}" if help_text else limit


lazy_length_hint = lazy(with_length_hint, str)


class ThaiTextField(forms.CharField):
    """Free text, normalised (sara am, invisible characters, line ends) before anyone compares or stores it.

    Every one has a length limit, stated in its hint; the model field's when it has one.
    """

    def __init__(self, *, multiline: bool = True, **kwargs):
        self.multiline = multiline
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 3}) if multiline else forms.TextInput())
        kwargs.setdefault("max_length", LONG_TEXT_MAX if multiline else LINE_TEXT_MAX)
        kwargs["help_text"] = lazy_length_hint(kwargs.get("help_text", ""), kwargs["max_length"])
        kwargs.setdefault("error_messages", {})
        kwargs["error_messages"].setdefault("max_length", TOO_LONG)
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        return (thai.normalize_text(value) if self.multiline else thai.normalize_line(value)) or ""
