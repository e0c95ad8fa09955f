"""What every write service does first: lock the project, check who asks, recognise a form sent twice."""

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext as _

from projects.models import Project

TOKEN_PREFIX = "form:"


def lock_project(project: Project) -> Project:
    """Re-read the project with a row lock, so writes to one project (numbering, totals) run one at a time.

    The lock is PostgreSQL's FOR NO KEY UPDATE on the project's row alone: it excludes other writers of the
    project, yet lets a closing insert snapshot rows that refer to the project or its agency (their foreign-key
    checks take KEY SHARE locks). A plain FOR UPDATE, which would also lock the agency row read alongside,
    made an edit and a closing wait for each other: the edit holding the project and waiting for the
    quarter's closure row, the closing holding that row and waiting for the project."""
    return (
        Project.objects.select_for_update(no_key=True, of=("self",))
        .select_related("agency")
        .get(pk=project.pk)
    )


def require(user, permission: str, obj: models.Model) -> None:
    """Refuse (403) unless `user` holds `permission` on `obj` (decided in `projects/rules.py`)."""
    if not user.has_perm(permission, obj):
        raise PermissionDenied(_("ท่านไม่มีสิทธิ์แก้ไขข้อมูลของโครงการนี้"))


def change_reason(token: str) -> str | None:
    """The history change reason that marks the rows written by one form submission."""
    return f"{TOKEN_PREFIX}{token}" if token else None


def mark(instance: models.Model, *, user: AbstractBaseUser, token: str) -> None:
    """Record who made the change and which form submission it came from (checked by `token_used`)."""
    instance._history_user = user
    instance._change_reason = change_reason(token)


def token_used(model: type[models.Model], token: str, **filters) -> int | None:
    """The id of the record a form submission with this token already wrote, or None.

    Callers hold the project lock, so two copies of one submission cannot both pass this check.
    """
    if not token:
        return None
    row = (
        model.history.filter(history_change_reason=change_reason(token), **filters)
        .order_by("history_id")
        .values_list("id", flat=True)
        .first()
    )
    return row
