"""Fixtures for the project pages: two agencies, their staff, the planning office, a user without a role."""

import pytest
from django.contrib.auth.models import Group

from projects.models import AgencyMembership
from projects.roles import AGENCY_STAFF, PLANNING_OFFICE, ensure_groups
from tests.factories import AgencyFactory, ProjectFactory, UserFactory

PASSWORD = "correct-horse-battery"


@pytest.fixture
def agency_a(db):
    return AgencyFactory(code="01000000", name="สำนักงานเลขานุการสภากรุงเทพมหานคร")


@pytest.fixture
def sub_agency_a(agency_a):
    return AgencyFactory(parent=agency_a, code="01000600", name="ส่วนส่งเสริมความสัมพันธ์ระหว่างเมือง")


@pytest.fixture
def agency_b(db):
    return AgencyFactory(code="04160000", name="สำนักงานเขตบางรัก")


def make_staff(username, *agencies):
    ensure_groups()
    user = UserFactory(username=username, first_name="สมศรี", last_name="ตั้งใจ")
    user.groups.add(Group.objects.get(name=AGENCY_STAFF))
    for agency in agencies:
        AgencyMembership.objects.create(user=user, agency=agency)
    return user


@pytest.fixture
def staff_a(agency_a):
    return make_staff("staff_a", agency_a)


@pytest.fixture
def staff_b(agency_b):
    return make_staff("staff_b", agency_b)


@pytest.fixture
def planner(db):
    ensure_groups()
    user = UserFactory(username="planner", first_name="วิมลพรรณ", last_name="พิมสาร")
    user.groups.add(Group.objects.get(name=PLANNING_OFFICE))
    return user


@pytest.fixture
def no_role_user(db):
    return UserFactory(username="norole")


@pytest.fixture
def project_a(sub_agency_a):
    return ProjectFactory(
        code="01000000-2456",
        name="โครงการสภาบ้านพี่เมืองน้องและขยายความสัมพันธ์กับสภาเมืองต่างประเทศ",
        agency=sub_agency_a,
    )


@pytest.fixture
def project_b(agency_b):
    return ProjectFactory(code="04160000-6968", name="โครงการพัฒนาคลองบางรัก", agency=agency_b)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Argon2 is deliberately slow; these tests sign in many users and do not test hashing."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
