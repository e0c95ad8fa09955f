"""Rendering helpers for `includes/field.html`, the one field template of every form: inputs that point at
their hint and error message.

{% load form_fields %}
{{ field|described }}            → the input with aria-describedby="id_x-hint id_x-error" and aria-invalid
{{ field|error_anchor }}         → where the error summary links to: the input, or the first radio button
"""

from django import template

register = template.Library()


def _described_ids(field) -> str:
    ids = []
    if field.help_text:
        ids.append(f"{field.auto_id}-hint")
    if field.errors:
        ids.append(f"{field.auto_id}-error")
    return " ".join(ids)


@register.filter
def described(field):
    """The field's widget with aria-describedby for its hint and error, and aria-invalid when in error."""
    attrs = {}
    described_by = _described_ids(field)
    if described_by:
        attrs["aria-describedby"] = described_by
    if field.errors:
        attrs["aria-invalid"] = "true"
        attrs["class"] = f"{field.field.widget.attrs.get('class', '')} input-error".strip()
    return field.as_widget(attrs=attrs)


@register.filter
def error_anchor(field) -> str:
    if field.widget_type in ("radioselect", "checkboxselectmultiple"):
        return f"{field.auto_id}_0"
    return field.auto_id


@register.filter
def is_choice_list(field) -> bool:
    return field.widget_type in ("radioselect", "checkboxselectmultiple")


@register.filter
def is_optional(field) -> bool:
    """Marked "(ถ้ามี)": not required, and not one of the fields its form asks for only in some cases
    (`conditional_fields`, e.g. the reason a report is late)."""
    return not field.field.required and field.name not in getattr(field.form, "conditional_fields", ())


@register.filter
def is_checkbox(field) -> bool:
    return field.widget_type == "checkbox"


@register.filter
def described_ids(field) -> str:
    return _described_ids(field)
