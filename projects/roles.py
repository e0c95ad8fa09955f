"""Who may do what. Three roles, as Django groups, plus the superuser flag for administrators.

- agency staff (`AGENCY_STAFF`): read and edit the projects of their agencies and of every agency below them;
- planning office (`PLANNING_OFFICE`, สยป.): read every project, evaluate, close and reopen quarters;
- administrator: a superuser; everything, including the Django admin.
"""

from django.contrib.auth.models import AnonymousUser, Group
from django.db.models import Q, QuerySet

from .models import Agency, Project

AGENCY_STAFF = "agency_staff"
PLANNING_OFFICE = "planning_office"
ROLES = {
    "staff": AGENCY_STAFF,
    "planner": PLANNING_OFFICE,
}
ROLE_LABELS = {
    AGENCY_STAFF: "เจ้าหน้าที่หน่วยงาน",
    PLANNING_OFFICE: "สำนักยุทธศาสตร์และประเมินผล (สยป.)",
}


def ensure_groups() -> None:
    for name in ROLES.values():
        Group.objects.get_or_create(name=name)


def _group_names(user) -> set[str]:
    # Cached on the user object: a page asks several times, the database is asked once.
    if not hasattr(user, "_role_groups"):
        user._role_groups = (
            set(user.groups.values_list("name", flat=True)) if user.is_authenticated else set()
        )
    return user._role_groups


def is_admin(user) -> bool:
    return user.is_authenticated and user.is_active and user.is_superuser


def is_planner(user) -> bool:
    return (
        user.is_authenticated and user.is_active and (PLANNING_OFFICE in _group_names(user) or is_admin(user))
    )


def is_agency_staff(user) -> bool:
    return user.is_authenticated and user.is_active and AGENCY_STAFF in _group_names(user)


def has_any_role(user) -> bool:
    return is_admin(user) or is_planner(user) or is_agency_staff(user)


def staff_agencies(user) -> QuerySet[Agency]:
    """The agencies a staff member belongs to (not their sub-agencies)."""
    if isinstance(user, AnonymousUser) or not user.is_authenticated:
        return Agency.objects.none()
    return Agency.objects.filter(memberships__user=user)


def _under_any(paths: list[str], field: str = "agency__path") -> Q:
    condition = Q(pk__in=[])
    for path in paths:
        condition |= Q(**{f"{field}__startswith": path})
    return condition


def _staff_paths(user) -> list[str]:
    if not hasattr(user, "_staff_paths"):
        user._staff_paths = list(staff_agencies(user).values_list("path", flat=True))
    return user._staff_paths


def visible_projects(user, queryset: QuerySet[Project] | None = None) -> QuerySet[Project]:
    """The projects a user may read: all for the planning office and administrators, their agencies' for staff."""
    queryset = Project.objects.all() if queryset is None else queryset
    if is_planner(user):
        return queryset
    if is_agency_staff(user):
        return queryset.filter(_under_any(_staff_paths(user)))
    return queryset.none()


def visible_agencies(user) -> QuerySet[Agency]:
    """The agencies a user may choose in filters."""
    if is_planner(user):
        return Agency.objects.all()
    if is_agency_staff(user):
        return Agency.objects.filter(_under_any(_staff_paths(user), field="path"))
    return Agency.objects.none()


def can_read_project(user, project: Project) -> bool:
    if is_planner(user):
        return True
    return can_edit_project(user, project)


def can_edit_project(user, project: Project) -> bool:
    """Staff edit the projects of their agencies and sub-agencies; administrators edit everything.

    The planning office reads and evaluates, it does not change an agency's reports.
    """
    if is_admin(user):
        return True
    if not is_agency_staff(user):
        return False
    agency_path = project.agency.path
    return any(agency_path.startswith(path) for path in _staff_paths(user))


def can_evaluate(user) -> bool:
    return is_planner(user)
