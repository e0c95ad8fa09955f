"""Who gets past the door: each view names the permission it needs (decided in `projects/rules.py`)."""

from django.utils.translation import gettext_lazy as _
from rules.contrib.views import PermissionRequiredMixin as RulesPermissionRequiredMixin


class PermissionRequiredMixin(RulesPermissionRequiredMixin):
    """Anonymous people are sent to sign in; a signed-in user without the permission gets the Thai 403 page.

    A view about one object returns it from `get_permission_object`; the permission is then asked about it.
    """

    permission_required = "projects.view_project_list"
    permission_denied_message = _("ท่านไม่มีสิทธิ์ใช้หน้านี้")
