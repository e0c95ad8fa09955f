"""Demo accounts (published passwords) cannot sign in to a production server, are reported and removable."""

import importlib

import pytest
from django.apps import apps as global_apps
from django.contrib.auth.models import Group
from django.core.management import call_command

from projects.demo_accounts import DEMO_GROUP, check_no_demo_accounts, demo_accounts, mark_demo
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_admin(db):
    """An administrator made by `load_sample_data`: a marked demo account."""
    user = UserFactory(username="admin", is_superuser=True, is_staff=True)
    user.set_password(PASSWORD)
    user.save()
    mark_demo(user)
    return user


def sign_in(client, username):
    return client.post("/accounts/login/", {"username": username, "password": PASSWORD})


def test_with_debug_off_a_demo_account_cannot_sign_in_nor_open_the_admin(client, settings, demo_admin):
    settings.DEBUG = False
    response = sign_in(client, "admin")
    assert response.status_code == 200
    assert "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302  # to the sign-in page


def test_with_debug_off_an_open_demo_session_ends(client, settings, demo_admin):
    settings.DEBUG = True
    sign_in(client, "admin")
    assert client.get("/admin/").status_code == 200
    settings.DEBUG = False
    assert client.get("/admin/").status_code == 302


def test_with_debug_off_other_accounts_still_sign_in(client, settings, staff_a):
    settings.DEBUG = False
    response = sign_in(client, "staff_a")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(staff_a.pk)


def test_with_debug_on_demo_accounts_sign_in(client, settings, demo_admin):
    settings.DEBUG = True
    assert sign_in(client, "admin").status_code == 302


def test_deploy_check_warns_while_a_demo_account_exists(demo_admin):
    (warning,) = check_no_demo_accounts()
    assert warning.id == "projects.W001"
    assert "admin" in warning.msg
    assert warning.hint == "python manage.py remove_demo_accounts"


def test_deploy_check_is_registered_as_a_deployment_check(demo_admin):
    from django.core.checks.registry import registry

    assert check_no_demo_accounts in registry.get_checks(include_deployment_checks=True)
    assert check_no_demo_accounts not in registry.get_checks(include_deployment_checks=False)


def test_deploy_check_is_silent_without_demo_accounts(staff_a):
    assert check_no_demo_accounts() == []


def test_remove_demo_accounts_deletes_only_demo_accounts(demo_admin, staff_a, capsys):
    call_command("remove_demo_accounts")
    assert not demo_accounts().exists()
    assert not type(demo_admin).objects.filter(username="admin").exists()
    assert type(staff_a).objects.filter(username="staff_a").exists()
    assert "ลบบัญชีทดลอง 1 บัญชี" in capsys.readouterr().out
    assert check_no_demo_accounts() == []


def test_migration_marks_earlier_accounts_still_holding_the_published_password(django_user_model):
    module = importlib.import_module("projects.migrations.0004_mark_demo_accounts")
    kept = django_user_model.objects.create_user("planner", password="demo-planner-bangkok")
    changed = django_user_model.objects.create_user("staff", password="a-password-someone-chose")
    module.mark(global_apps, None)
    assert list(demo_accounts()) == [kept]
    assert not changed.groups.filter(name=DEMO_GROUP).exists()
    assert Group.objects.filter(name=DEMO_GROUP).count() == 1
