"""What the page header says about the signed-in user."""

from django.utils.translation import gettext as _

from .roles import member_agencies
from .rules import is_administrator, is_agency_head, is_agency_staff, is_planning_office


def user_role(request) -> dict:
    """`role_label`: the user's role in words; for agency staff and heads with their agencies."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    if is_administrator(user):
        label = _("ผู้ดูแลระบบ")
    elif is_planning_office(user):
        label = _("สำนักยุทธศาสตร์และประเมินผล (สยป.)")
    elif is_agency_head(user) or is_agency_staff(user):
        role = _("หัวหน้าหน่วยงาน") if is_agency_head(user) else _("เจ้าหน้าที่หน่วยงาน")
        agencies = ", ".join(str(a) for a in member_agencies(user).order_by("path"))
        label = role + (f" · {agencies}" if agencies else "")
    else:
        label = _("ยังไม่ได้รับสิทธิ์ใช้งาน")
    return {"role_label": label}
