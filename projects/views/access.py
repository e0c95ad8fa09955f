"""Who gets past the door: every page needs a signed-in user with a role; project pages need the project."""

from django.contrib.auth.mixins import AccessMixin
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from projects.roles import can_read_project, has_any_role


class RoleRequiredMixin(AccessMixin):
    """Anonymous users are sent to sign in; a signed-in user without a role gets 403."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not has_any_role(request.user):
            raise PermissionDenied(_("ผู้ใช้นี้ยังไม่ได้รับสิทธิ์ใช้งานระบบ"))
        return super().dispatch(request, *args, **kwargs)


def ensure_can_read(user, project) -> None:
    """403 unless the user may read this project (own agencies for staff, everything for the planning office)."""
    if not can_read_project(user, project):
        raise PermissionDenied(_("ท่านไม่มีสิทธิ์ดูโครงการของหน่วยงานอื่น"))
