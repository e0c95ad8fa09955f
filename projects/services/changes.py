"""What changed in a record since a given version: read back from its history, formatted for people.

Used when a save is refused because someone else saved first: the person sees each field that changed,
with the value they started from and the value stored now.
"""

from datetime import date
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext as _

from projects import thai

from .errors import Change, EditConflict

NOTHING = "–"


def display_value(model: type[models.Model], field_name: str, value) -> str:
    """A stored value as the pages show it: BE dates, baht with separators, choice labels, `–` for none."""
    field = model._meta.get_field(field_name)
    if value is None or value == "":
        return NOTHING
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, date):
        return thai.format_date(value)
    if isinstance(value, Decimal):
        if field.max_digits == 15:  # money columns
            return _("%(amount)s บาท") % {"amount": thai.format_baht(value)}
        return thai.format_percent(value)
    if isinstance(value, bool):
        return _("ใช่") if value else _("ไม่ใช่")
    return str(value)


def field_changes(model: type[models.Model], before, after, fields: list[str]) -> list[Change]:
    """The fields whose values differ between two states of a record (instances or history rows)."""
    changes = []
    for name in fields:
        old, new = getattr(before, name), getattr(after, name)
        if old != new:
            label = str(model._meta.get_field(name).verbose_name)
            changes.append(Change(label, display_value(model, name, old), display_value(model, name, new)))
    return changes


def state_at_version(instance: models.Model, version: int):
    """The history row that recorded `version` of the instance, or None when the history does not have it."""
    return instance.history.filter(version=version).order_by("-history_date", "-history_id").first()


def conflict(
    instance: models.Model, version: int, fields: list[str], extra: list[Change] = ()
) -> EditConflict:
    """The refusal for a form opened at `version` of `instance`, saying what changed since and who changed it."""
    then = state_at_version(instance, version)
    changes = field_changes(type(instance), then, instance, fields) if then is not None else []
    changes += list(extra)
    latest = instance.history.order_by("-history_date", "-history_id").select_related("history_user").first()
    changed_by, changed_at = "", None
    if latest is not None:
        changed_at = latest.history_date
        user = latest.history_user
        if user is not None:
            changed_by = user.get_full_name() or user.get_username()
    return EditConflict(
        changes=changes, current_version=instance.version, changed_by=changed_by, changed_at=changed_at
    )


def _state_at(model: type[models.Model], at, **filters) -> dict[int, object]:
    """id → history row of every record matching `filters` as it stood at `at` (deleted ones left out)."""
    latest: dict[int, object] = {}
    rows = model.history.filter(history_date__lte=at, **filters).order_by(
        "id", "-history_date", "-history_id"
    )
    for row in rows:
        latest.setdefault(row.id, row)
    return {pk: row for pk, row in latest.items() if row.history_type != "-"}


def related_changes(
    model: type[models.Model], *, at, now: list, fields: list[str], name_of, **filters
) -> list[Change]:
    """Records of a project added, removed or changed since `at` (its plan steps, its indicators)."""
    then = _state_at(model, at, **filters)
    current = {obj.pk: obj for obj in now}
    changes: list[Change] = []
    for pk, obj in current.items():
        before = then.get(pk)
        if before is None:
            changes.append(Change(f"{name_of(obj)}", NOTHING, _("เพิ่มใหม่")))
            continue
        for change in field_changes(model, before, obj, fields):
            changes.append(Change(f"{name_of(obj)} · {change.label}", change.before, change.after))
    for pk, before in then.items():
        if pk not in current:
            changes.append(Change(f"{name_of(before)}", _("มีอยู่"), _("ถูกลบแล้ว")))
    return changes
