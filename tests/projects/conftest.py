"""People and projects for the write-side tests: one agency with a sub-agency, staff, planners, an administrator."""

from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group

from projects.models import AgencyMembership
from projects.roles import AGENCY_STAFF, PLANNING_OFFICE, ensure_groups
from tests.factories import AgencyFactory, PlanStepFactory, ProjectFactory, UserFactory


def _member(username, group, agency=None, **extra):
    user = UserFactory(username=username, **extra)
    if group:
        user.groups.add(Group.objects.get(name=group))
    if agency is not None:
        AgencyMembership.objects.create(user=user, agency=agency)
    return user


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Argon2 is deliberately slow; these tests create many users and never attack a password.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def agency(db):
    ensure_groups()
    return AgencyFactory(code="01000000", name="สำนักปลัดกรุงเทพมหานคร")


@pytest.fixture
def sub_agency(agency):
    return AgencyFactory(code="01000600", name="ส่วนส่งเสริมความสัมพันธ์ระหว่างเมือง", parent=agency)


@pytest.fixture
def other_agency(db):
    ensure_groups()
    return AgencyFactory(code="04160000", name="สำนักงานเขตบางรัก")


@pytest.fixture
def staff(agency):
    return _member("staff", AGENCY_STAFF, agency, first_name="สมศรี", last_name="ตั้งใจ")


@pytest.fixture
def colleague(agency):
    return _member("colleague", AGENCY_STAFF, agency, first_name="วิไล", last_name="รักงาน")


@pytest.fixture
def other_staff(other_agency):
    return _member("other", AGENCY_STAFF, other_agency)


@pytest.fixture
def planner(db):
    ensure_groups()
    return _member("planner", PLANNING_OFFICE)


@pytest.fixture
def admin_user(db):
    ensure_groups()
    return _member("admin", None, is_superuser=True, is_staff=True)


@pytest.fixture
def project(sub_agency):
    """FY 2566 (1 Oct 2022 – 30 Sep 2023), budget 1,643,800.00, one plan step over the whole year."""
    project = ProjectFactory(
        code="01000600-2456",
        agency=sub_agency,
        start_date=date(2022, 10, 1),
        end_date=date(2023, 9, 30),
        budget_received=Decimal("1643800.00"),
    )
    PlanStepFactory(
        project=project,
        number=1,
        weight=Decimal("100.00"),
        start_date=date(2022, 10, 1),
        end_date=date(2023, 9, 30),
    )
    return project
