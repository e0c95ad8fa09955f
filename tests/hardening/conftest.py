import pytest

from projects.models import AgencyMembership
from projects.roles import AGENCY_STAFF, PLANNING_OFFICE, ensure_groups
from tests.factories import AgencyFactory, UserFactory

from .forms import project_with_plan


@pytest.fixture
def agency(db):
    ensure_groups()
    return AgencyFactory(code="01000000", name="สำนักปลัดกรุงเทพมหานคร")


@pytest.fixture
def project(agency):
    return project_with_plan(agency)


@pytest.fixture
def staff(agency):
    from django.contrib.auth.models import Group

    user = UserFactory(username="staff")
    user.groups.add(Group.objects.get(name=AGENCY_STAFF))
    AgencyMembership.objects.create(user=user, agency=agency)
    return user


@pytest.fixture
def planner(db):
    from django.contrib.auth.models import Group

    ensure_groups()
    user = UserFactory(username="planner")
    user.groups.add(Group.objects.get(name=PLANNING_OFFICE))
    return user


@pytest.fixture
def as_role(client, staff, planner):
    """`as_role("staff")` signs the client in as that role and returns it."""

    def sign_in(role: str):
        client.force_login(staff if role == "staff" else planner)
        return client

    return sign_in
