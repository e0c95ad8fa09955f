"""What the page header says about the signed-in user."""

from django.utils.translation import gettext as _

from .roles import (
    ADMINISTRATOR_LABEL,
    AGENCY_HEAD,
    AGENCY_STAFF,
    PLANNING_OFFICE,
    ROLE_LABELS,
    member_agencies,
)
from .rules import is_administrator, is_agency_head, is_agency_staff, is_planning_office


def user_role(request) -> dict:
    """`role_label`: the user's role in words; for agency staff and heads with their agencies."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    if is_administrator(user):
        label = str(ADMINISTRATOR_LABEL)
    elif is_planning_office(user):
        label = str(ROLE_LABELS[PLANNING_OFFICE])
    elif is_agency_head(user) or is_agency_staff(user):
        role = ROLE_LABELS[AGENCY_HEAD] if is_agency_head(user) else ROLE_LABELS[AGENCY_STAFF]
        agencies = ", ".join(str(a) for a in member_agencies(user).order_by("path"))
        label = str(role) + (f" · {agencies}" if agencies else "")
    else:
        label = _("ยังไม่ได้รับสิทธิ์ใช้งาน")
    return {"role_label": label}
