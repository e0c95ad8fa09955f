"""The roles as Django groups, and which agencies' projects a user works on (the scope of lists and filters).

Who may do what is decided in `projects/rules.py`; this module only names the groups and the agencies.
"""

from django.contrib.auth.models import Group
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from .models import Agency, Project

AGENCY_STAFF = "agency_staff"
AGENCY_HEAD = "agency_head"
PLANNING_OFFICE = "planning_office"
ROLES = {
    "staff": AGENCY_STAFF,
    "head": AGENCY_HEAD,
    "planner": PLANNING_OFFICE,
}
# The roles in words, by group; an administrator is a superuser, not a group member.
ROLE_LABELS = {
    AGENCY_STAFF: _("เจ้าหน้าที่หน่วยงาน"),
    AGENCY_HEAD: _("หัวหน้าหน่วยงาน"),
    PLANNING_OFFICE: _("สำนักยุทธศาสตร์และประเมินผล (สยป.)"),
}
ADMINISTRATOR_LABEL = _("ผู้ดูแลระบบ")
# Roles that belong to agencies: they work on the projects of their agencies and of every agency below them.
AGENCY_ROLES = ("staff", "head")


def ensure_groups() -> None:
    for name in ROLES.values():
        Group.objects.get_or_create(name=name)


def member_agencies(user) -> QuerySet[Agency]:
    """The agencies a user belongs to (not their sub-agencies)."""
    if not user.is_authenticated:
        return Agency.objects.none()
    return Agency.objects.filter(memberships__user=user)


def member_paths(user) -> list[str]:
    """The tree paths of the user's agencies; a project or agency under one of them is the user's."""
    # Cached on the user object: a page asks several times, the database is asked once.
    if not hasattr(user, "_member_paths"):
        user._member_paths = list(member_agencies(user).values_list("path", flat=True))
    return user._member_paths


def is_under_any(path: str, paths: list[str]) -> bool:
    """An agency (by its tree path) is one of `paths` or lies below one of them: what "the user's agencies"
    means everywhere (`_under_any` says it in SQL; the reminders' planner indexes it by path length).

    >>> is_under_any("0001000A", ["0001"]), is_under_any("0002", ["0001"])
    (True, False)
    """
    return any(path.startswith(prefix) for prefix in paths)


def _under_any(paths: list[str], field: str = "agency__path") -> Q:
    condition = Q(pk__in=[])
    for path in paths:
        condition |= Q(**{f"{field}__startswith": path})
    return condition


def visible_projects(user, queryset: QuerySet[Project] | None = None) -> QuerySet[Project]:
    """The projects a user may read: all with `projects.view_all_projects`, else those of their agencies."""
    queryset = Project.objects.all() if queryset is None else queryset
    if user.has_perm("projects.view_all_projects"):
        return queryset
    if user.has_perm("projects.view_project_list"):
        return queryset.filter(_under_any(member_paths(user)))
    return queryset.none()


def visible_agencies(user) -> QuerySet[Agency]:
    """The agencies a user may choose in filters."""
    if user.has_perm("projects.view_all_projects"):
        return Agency.objects.all()
    if user.has_perm("projects.view_project_list"):
        return Agency.objects.filter(_under_any(member_paths(user), field="path"))
    return Agency.objects.none()
