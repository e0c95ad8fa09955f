"""What the page header says about the signed-in user."""

from django.utils.translation import gettext as _

from .roles import is_admin, is_agency_staff, is_planner, staff_agencies


def user_role(request) -> dict:
    """`role_label`: the user's role in words; for agency staff with their agencies."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    if is_admin(user):
        label = _("ผู้ดูแลระบบ")
    elif is_planner(user):
        label = _("สำนักยุทธศาสตร์และประเมินผล (สยป.)")
    elif is_agency_staff(user):
        agencies = ", ".join(str(a) for a in staff_agencies(user).order_by("path"))
        label = _("เจ้าหน้าที่หน่วยงาน") + (f" · {agencies}" if agencies else "")
    else:
        label = _("ยังไม่ได้รับสิทธิ์ใช้งาน")
    return {"role_label": label}
