import pytest

from projects.roles import ensure_groups
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
    return UserFactory(staff=True, username="staff", agency=agency)


@pytest.fixture
def planner(db):
    return UserFactory(planner=True, username="planner")


@pytest.fixture
def as_role(client, staff, planner):
    """`as_role("staff")` signs the client in as that role and returns it."""

    def sign_in(role: str):
        client.force_login(staff if role == "staff" else planner)
        return client

    return sign_in
