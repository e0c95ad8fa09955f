"""User onboarding: the accounts service and the add_user command."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from projects.accounts import AccountError, find_agency, generate_password, save_account
from projects.models import AgencyMembership
from projects.roles import AGENCY_HEAD, AGENCY_STAFF, PLANNING_OFFICE, visible_projects
from projects.rules import is_agency_head, is_agency_staff, is_planner
from tests.factories import AgencyFactory, ProgressReportFactory, ProjectFactory

User = get_user_model()
# These tests check how passwords are stored, so they keep the production hasher.
pytestmark = [pytest.mark.django_db, pytest.mark.real_password_hashing]


def add_user(*args):
    out = StringIO()
    call_command("add_user", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def works():
    return AgencyFactory(code="05000000", name="สำนักการโยธา")


@pytest.fixture
def bangrak():
    return AgencyFactory(code="43000000", name="สำนักงานเขตบางรัก")


def test_staff_by_agency_code_gets_the_group_the_agency_and_a_printed_password(works):
    output = add_user("somchai", "--role", "staff", "--agency", "05000000")

    user = User.objects.get(username="somchai")
    assert list(user.groups.values_list("name", flat=True)) == [AGENCY_STAFF]
    assert [m.agency.code for m in user.agency_memberships.all()] == ["05000000"]
    assert not user.is_superuser and not user.is_staff
    assert is_agency_staff(user)
    password = output.split("แสดงครั้งเดียว ให้ส่งมอบแก่ผู้ใช้อย่างปลอดภัย): ")[1].strip()
    assert user.check_password(password)
    assert user.password.startswith("argon2$")
    assert "หน่วยงาน: 05000000 สำนักการโยธา" in output


def test_staff_sees_only_their_agencies_projects(works, bangrak):
    own = ProjectFactory(agency=works, code="05000000-0001")
    ProjectFactory(agency=bangrak, code="43000000-0001")
    add_user("somchai", "--role", "staff", "--agency", "05000000")

    user = User.objects.get(username="somchai")
    assert list(visible_projects(user)) == [own]


def test_agency_by_exact_name_even_typed_with_decomposed_sara_am(works, bangrak):
    add_user("somsri", "--role", "staff", "--agency", "ส\u0e4d\u0e32นักการโยธา", "--agency", "สำนักงานเขตบางรัก")

    user = User.objects.get(username="somsri")
    codes = sorted(user.agency_memberships.values_list("agency__code", flat=True))
    assert codes == ["05000000", "43000000"]


def test_agency_code_in_thai_digits(works):
    assert find_agency("๐๕๐๐๐๐๐๐") == works


def test_unknown_agency_is_a_thai_error_and_creates_no_user(works):
    with pytest.raises(CommandError, match="ไม่พบหน่วยงาน “สำนักการบิน”"):
        add_user("somchai", "--role", "staff", "--agency", "สำนักการบิน")
    assert not User.objects.filter(username="somchai").exists()


def test_ambiguous_agency_name_asks_for_the_code():
    AgencyFactory(code="05010000", name="ฝ่ายโยธา")
    AgencyFactory(code="06010000", name="ฝ่ายโยธา")

    with pytest.raises(CommandError, match=r"ตรงกับหลายหน่วยงาน \(รหัส 05010000, 06010000\)"):
        add_user("somchai", "--role", "staff", "--agency", "ฝ่ายโยธา")
    assert not User.objects.exists()


def test_staff_without_an_agency_is_refused(works):
    with pytest.raises(CommandError, match="ต้องสังกัดอย่างน้อยหนึ่งหน่วยงาน"):
        add_user("somchai", "--role", "staff")
    assert not User.objects.exists()


def test_planner_is_in_the_planning_office_group():
    add_user("wimon", "--role", "planner", "--email", "wimon@bangkok.go.th", "--password", "ตรวจติดตาม-2567")

    user = User.objects.get(username="wimon")
    assert list(user.groups.values_list("name", flat=True)) == [PLANNING_OFFICE]
    assert is_planner(user)
    assert user.email == "wimon@bangkok.go.th"
    assert user.check_password("ตรวจติดตาม-2567")


def test_admin_is_superuser_and_staff_without_role_groups():
    add_user("root", "--role", "admin", "--password", "long-enough-admin-pass")

    user = User.objects.get(username="root")
    assert user.is_superuser and user.is_staff
    assert not user.groups.exists()


def test_rerun_updates_role_and_agencies_without_a_second_user(works, bangrak):
    add_user("somchai", "--role", "staff", "--agency", "05000000", "--password", "first-password-ok")

    output = add_user("somchai", "--role", "staff", "--agency", "43000000")
    user = User.objects.get(username="somchai")
    assert [m.agency.code for m in user.agency_memberships.all()] == ["43000000"]
    assert user.check_password("first-password-ok")  # kept: no --password given
    assert "รหัสผ่านเดิมไม่เปลี่ยน" in output
    assert "ปรับปรุงบัญชี somchai" in output

    add_user("somchai", "--role", "planner")
    user = User.objects.get(username="somchai")
    assert User.objects.filter(username="somchai").count() == 1
    assert list(user.groups.values_list("name", flat=True)) == [PLANNING_OFFICE]
    assert not user.is_superuser

    add_user("somchai", "--role", "admin")
    add_user("somchai", "--role", "staff")  # back to staff: keeps the agency it had
    user = User.objects.get(username="somchai")
    assert (user.is_superuser, user.is_staff) == (False, False)
    assert list(user.groups.values_list("name", flat=True)) == [AGENCY_STAFF]
    assert [m.agency.code for m in user.agency_memberships.all()] == ["43000000"]


def test_membership_changes_are_recorded_in_history(works, bangrak):
    add_user("somchai", "--role", "staff", "--agency", "05000000", "--password", "first-password-ok")
    add_user("somchai", "--role", "staff", "--agency", "43000000")

    types = sorted(AgencyMembership.history.values_list("history_type", flat=True))
    assert types == ["+", "+", "-"]


def test_weak_password_is_refused_in_thai_and_nothing_is_stored(works):
    with pytest.raises(CommandError, match="รหัสผ่านใช้ไม่ได้"):
        add_user("somchai", "--role", "staff", "--agency", "05000000", "--password", "12345")
    assert not User.objects.exists()
    assert not AgencyMembership.objects.exists()


def test_unknown_role_in_the_service_is_a_thai_error():
    with pytest.raises(AccountError, match="บทบาท “boss” ไม่มีในระบบ"):
        save_account(username="x", role="boss")


def test_generated_passwords_are_long_and_different():
    first, second = generate_password(), generate_password()
    assert first != second
    assert len(first) == 23 and first.count("-") == 3
    assert not set(first) & set("0O1lI")


def test_agency_head_reads_their_agencies_projects_and_may_approve_but_not_edit(works, bangrak):
    # (agencies are ordered by code in the tree: created in that order so no stored path moves afterwards)
    others = ProjectFactory(agency=AgencyFactory(code="05000100"))
    own = ProjectFactory(
        agency=AgencyFactory(parent=bangrak, code="43000100", name="ฝ่ายโยธา สำนักงานเขตบางรัก")
    )

    output = add_user("head-bangrak", "--role", "head", "--agency", "สำนักงานเขตบางรัก")

    user = User.objects.get(username="head-bangrak")
    assert list(user.groups.values_list("name", flat=True)) == [AGENCY_HEAD]
    assert is_agency_head(user) and not is_agency_staff(user)
    assert "หัวหน้าหน่วยงาน" in output and "หน่วยงาน: 43000000 สำนักงานเขตบางรัก" in output
    assert list(visible_projects(user)) == [own]
    report = ProgressReportFactory(project=own, approval_state="submitted")
    assert user.has_perm("projects.view_project", own) and not user.has_perm("projects.view_project", others)
    assert user.has_perm("projects.approve_report", report)
    assert not user.has_perm(
        "projects.approve_report", ProgressReportFactory(project=others, approval_state="submitted")
    )
    assert not user.has_perm("projects.change_project", own)
    assert not user.has_perm("projects.add_report", own)
    assert not user.has_perm("projects.change_report", report)


def test_agency_head_needs_an_agency(works):
    with pytest.raises(CommandError, match="หัวหน้าหน่วยงานต้องสังกัดอย่างน้อยหนึ่งหน่วยงาน"):
        add_user("head-nowhere", "--role", "head")
    assert not User.objects.filter(username="head-nowhere").exists()
