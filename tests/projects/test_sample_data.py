"""load_sample_data: legacy files, a demo data set and demo accounts, idempotent."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command, get_commands
from django.core.management.base import CommandError
from django.utils import timezone

from projects.demo_accounts import DEMO_GROUP, demo_accounts
from projects.fiscal import fiscal_year_of
from projects.management.commands import load_sample_data
from projects.management.commands.load_sample_data import display_width
from projects.models import (
    Agency,
    AgencyMembership,
    Evaluation,
    Kpi,
    PlanStep,
    ProgressReport,
    Project,
    StrategyNode,
)
from projects.roles import AGENCY_STAFF, PLANNING_OFFICE, visible_projects

User = get_user_model()
pytestmark = pytest.mark.django_db


def load():
    out, err = StringIO(), StringIO()
    call_command("load_sample_data", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def snapshot():
    models = [
        Project,
        ProgressReport,
        PlanStep,
        Kpi,
        Evaluation,
        Agency,
        StrategyNode,
        AgencyMembership,
        User,
    ]
    counts = {m.__name__: m.objects.count() for m in models}
    counts["group memberships"] = User.groups.through.objects.count()
    counts["project history"] = Project.history.count()
    counts["membership history"] = AgencyMembership.history.count()
    counts["max project id"] = Project.objects.order_by("-pk").values_list("pk", flat=True).first()
    return counts


@pytest.fixture(autouse=True)
def debug(settings):
    """A developer's machine, where `make run` loads the sample data (pytest-django turns DEBUG off)."""
    settings.DEBUG = True


@pytest.fixture
def without_legacy_import(monkeypatch):
    """The legacy part on its own is tested below; here the demo set and accounts alone."""
    commands = {name: app for name, app in get_commands().items() if name != "import_legacy"}
    monkeypatch.setattr(load_sample_data, "get_commands", lambda: commands)


def test_loads_demo_projects_for_this_and_last_fiscal_year(without_legacy_import):
    load()

    current = fiscal_year_of(timezone.localdate())
    assert Project.objects.count() == load_sample_data.DEMO_PROJECTS
    assert set(Project.objects.values_list("fiscal_year", flat=True)) == {current - 1, current}
    assert not ProgressReport.objects.filter(report_date__gt=timezone.localdate()).exists()
    assert Agency.objects.filter(kind="district").count() == 50


def test_second_run_creates_nothing_new(without_legacy_import):
    load()
    before = snapshot()

    output, _ = load()

    assert snapshot() == before
    assert "ข้อมูลโครงการตัวอย่างมีอยู่แล้ว / demo projects already loaded" in output


def test_demo_accounts_have_their_roles_agencies_and_printed_passwords(without_legacy_import):
    output, _ = load()

    admin = User.objects.get(username="admin")
    planner = User.objects.get(username="planner")
    staff = User.objects.get(username="staff")
    staff2 = User.objects.get(username="staff2")
    assert admin.is_superuser and admin.is_staff
    assert list(planner.groups.exclude(name=DEMO_GROUP).values_list("name", flat=True)) == [PLANNING_OFFICE]
    assert list(staff.groups.exclude(name=DEMO_GROUP).values_list("name", flat=True)) == [AGENCY_STAFF]
    # Marked, so that a production server refuses them (see tests/projects/test_demo_accounts.py).
    assert set(demo_accounts().values_list("username", flat=True)) == {"admin", "planner", "staff", "staff2"}
    assert [m.agency.name for m in staff.agency_memberships.all()] == ["สำนักงานเขตบางรัก"]
    assert [m.agency.name for m in staff2.agency_memberships.all()] == ["สำนักงานเขตปทุมวัน"]
    for account in load_sample_data.DEMO_ACCOUNTS:
        user = User.objects.get(username=account.username)
        assert user.check_password(account.password)
        assert account.password in output
    assert "43000000 สำนักงานเขตบางรัก" in output
    assert "ชื่อผู้ใช้ / user" in output and "รหัสผ่าน / password" in output
    # Two districts, so that each staff member meets the other's projects as forbidden.
    assert not set(visible_projects(staff)) & set(visible_projects(staff2))


def test_a_changed_demo_password_is_kept_and_not_printed(without_legacy_import):
    load()
    staff = User.objects.get(username="staff")
    staff.set_password("my-own-secret-phrase")
    staff.save()

    output, _ = load()

    staff.refresh_from_db()
    assert staff.check_password("my-own-secret-phrase")
    assert "demo-staff-bangkok" not in output
    assert "(เปลี่ยนแล้ว / changed)" in output


def test_refused_when_debug_is_off(settings, without_legacy_import):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="ไม่สร้างข้อมูลและบัญชีตัวอย่างเมื่อ DEBUG ปิดอยู่"):
        load()

    assert not User.objects.exists()
    assert not Project.objects.exists()


def test_without_the_import_command_it_says_so_and_goes_on(without_legacy_import):
    _, errors = load()

    assert "ยังไม่มีคำสั่ง import_legacy" in errors
    assert User.objects.filter(username="staff").exists()


def test_table_columns_count_thai_marks_as_no_width():
    assert display_width("ชื่อผู้ใช้") == 5  # ช อ ผ ใ ช; ื ่ ู ้ ้ sit above or below
    assert display_width("staff") == 5


def test_legacy_files_are_imported_and_staff_gets_the_legacy_agency():
    load()
    before = snapshot()
    load()

    project = Project.objects.get(code="01000000-2475")
    assert f"{project.budget_received:,.2f}" == "3,540,000.00"
    staff = User.objects.get(username="staff")
    assert project in visible_projects(staff)
    assert Project.objects.filter(code="04160000-6968").exists()
    assert snapshot()["Project"] == before["Project"]
    assert snapshot()["ProgressReport"] == before["ProgressReport"]


def test_a_failing_legacy_import_is_reported_and_the_rest_still_loads(monkeypatch):
    def failing(name, *args, **kwargs):
        assert name == "import_legacy"
        assert sorted(a.rsplit("/", 1)[-1] for a in args) == [
            "printed-form-01000000-2475.txt",
            "printed-form-04160000-6968.txt",
            "web-page-01000000-2456.txt",
            "web-page-fragment-04160200.txt",
        ]
        raise CommandError("อ่านไฟล์ไม่ได้")

    monkeypatch.setattr(load_sample_data, "get_commands", lambda: {"import_legacy": "projects"})
    monkeypatch.setattr(load_sample_data, "call_command", failing)

    _, errors = load()

    assert "นำเข้าไฟล์จากระบบเดิมไม่สำเร็จ / legacy import failed: อ่านไฟล์ไม่ได้" in errors
    assert Project.objects.count() == load_sample_data.DEMO_PROJECTS
    assert User.objects.filter(username="staff2").exists()
