"""Who may print and download what, on top of `projects.roles`."""

from projects.models import Agency
from projects.roles import is_planner, visible_agencies


def can_read_agency(user, agency: Agency) -> bool:
    """The planning office reads every agency; staff their agencies and everything below them."""
    if is_planner(user):
        return True
    return visible_agencies(user).filter(pk=agency.pk).exists()
