"""Shared fixtures. Factories live in tests/factories.py.

People and projects: agencies with a sub-agency, their staff and heads, the planning office, an administrator
and a user without a role."""

import os
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

from projects.roles import ensure_groups
from tests.factories import AgencyFactory, PlanStepFactory, ProjectFactory, UserFactory

# Property tests run a CI-sized number of examples; `HYPOTHESIS_PROFILE=thorough` runs thousands.
hypothesis_settings.register_profile("ci", deadline=None)
hypothesis_settings.register_profile("thorough", deadline=None, max_examples=2000)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

REPO = Path(__file__).resolve().parent.parent
LEGACY_DIR = REPO / "legacy"


@pytest.fixture
def legacy_dir() -> Path:
    """The legacy files shipped with the project as sample data."""
    return LEGACY_DIR


@pytest.fixture(autouse=True, scope="session")
def collected_static_directory():
    """whitenoise serves the collected files (`collectstatic`, which `make run` and `make serve` run) and warns
    at each start of the app when their directory is missing, as it is in a fresh clone: the tests read the
    apps' own static files, so an empty directory stands in."""
    from django.conf import settings

    Path(settings.STATIC_ROOT).mkdir(exist_ok=True)


@pytest.fixture(autouse=True)
def default_language_after_each_test():
    """A request in English leaves English active in the thread (LocaleMiddleware activates, nothing resets):
    every test starts from the site's default language, Thai."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def fast_password_hashing(request, settings):
    """Argon2 is deliberately slow and the tests sign in many users; tests that check how passwords are stored
    are marked `real_password_hashing` and keep the production hasher."""
    if request.node.get_closest_marker("real_password_hashing") is None:
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def empty_cache():
    """Rate limits count in the cache: every test starts from no failed sign-ins and no lookups."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


# --- Read side: agency A (with a sub-agency) and agency B -------------------------------------------------
@pytest.fixture
def agency_a(db):
    return AgencyFactory(code="01000000", name="สำนักงานเลขานุการสภากรุงเทพมหานคร")


@pytest.fixture
def sub_agency_a(agency_a):
    return AgencyFactory(parent=agency_a, code="01000600", name="ส่วนส่งเสริมความสัมพันธ์ระหว่างเมือง")


@pytest.fixture
def agency_b(db):
    return AgencyFactory(code="04160000", name="สำนักงานเขตบางรัก")


@pytest.fixture
def staff_a(agency_a):
    return UserFactory(staff=True, username="staff_a", agency=agency_a, first_name="สมศรี", last_name="ตั้งใจ")


@pytest.fixture
def staff_b(agency_b):
    return UserFactory(staff=True, username="staff_b", agency=agency_b, first_name="สมศรี", last_name="ตั้งใจ")


@pytest.fixture
def head_a(agency_a):
    """The head of agency A (หัวหน้าหน่วยงาน): reads A's projects and those below it, edits nothing."""
    return UserFactory(head=True, username="head_a", agency=agency_a, first_name="ประยูร", last_name="หัวหน้า")


@pytest.fixture
def planner(db):
    return UserFactory(planner=True, username="planner", first_name="วิมลพรรณ", last_name="พิมสาร")


@pytest.fixture
def no_role_user(db):
    return UserFactory(username="norole")


@pytest.fixture
def admin_user(db):
    return UserFactory(admin=True, username="admin")


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


# --- Write side: one agency with a sub-agency, two colleagues, another agency's staff ----------------------
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
    return UserFactory(staff=True, username="staff", agency=agency, first_name="สมศรี", last_name="ตั้งใจ")


@pytest.fixture
def colleague(agency):
    return UserFactory(staff=True, username="colleague", agency=agency, first_name="วิไล", last_name="รักงาน")


@pytest.fixture
def head(agency):
    return UserFactory(head=True, username="head", agency=agency, first_name="ประยูร", last_name="หัวหน้า")


@pytest.fixture
def other_head(other_agency):
    return UserFactory(head=True, username="other_head", agency=other_agency)


@pytest.fixture
def other_staff(other_agency):
    return UserFactory(staff=True, username="other", agency=other_agency)


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


# --- Files and clients ------------------------------------------------------------------------------------
@pytest.fixture
def media(settings, tmp_path) -> Path:
    """Stored files (evidence, printed batches) go to the test's own folder, returned."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def planner_client(client, planner):
    """The test client signed in as the planning office."""
    client.force_login(planner)
    return client
