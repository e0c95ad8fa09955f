"""Signing in and out, the locked-out page, and what users without a role see."""

import pytest
from django.urls import reverse

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_sign_in_page_has_thai_labels_and_button(client):
    response = client.get("/accounts/login/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<label class="form-label" for="id_username">ชื่อผู้ใช้</label>' in html
    assert '<label class="form-label" for="id_password">รหัสผ่าน</label>' in html
    assert ">เข้าสู่ระบบ</button>" in html
    # Typed as it is, and offered to the browser's password manager.
    assert 'autocapitalize="none"' in html and 'spellcheck="false"' in html
    assert 'autocomplete="username"' in html and 'autocomplete="current-password"' in html


def test_staff_signs_in_and_lands_on_what_they_owe(client, staff_a):
    response = client.post("/accounts/login/", {"username": "staff_a", "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("projects:home")
    assert response.status_code == 200 and "งานของท่าน" in response.content.decode()
    html = response.content.decode()
    assert "สมศรี ตั้งใจ" in html  # the user's name in the header
    assert "เจ้าหน้าที่หน่วยงาน · สำนักงานเลขานุการสภากรุงเทพมหานคร" in html  # role and agency


def test_wrong_password_shows_a_thai_error_summary(client, staff_a):
    response = client.post("/accounts/login/", {"username": "staff_a", "password": "wrong"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "มีข้อผิดพลาด" in html
    assert "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง" in html
    assert 'value="staff_a"' in html  # what was typed is kept


def test_five_failures_lock_the_account_with_a_thai_page(client, staff_a):
    for _ in range(5):
        client.post("/accounts/login/", {"username": "staff_a", "password": "wrong"})
    response = client.post("/accounts/login/", {"username": "staff_a", "password": PASSWORD})
    html = response.content.decode()
    assert response.status_code == 429
    assert "ระงับการเข้าสู่ระบบชั่วคราว" in html
    assert "กรุณาลองใหม่อีกครั้งในอีก 15 นาที" in html
    assert "_auth_user_id" not in client.session


def test_sign_out_is_a_post_and_ends_the_session(client, staff_a):
    client.force_login(staff_a)
    assert client.get("/accounts/logout/").status_code == 405  # a link cannot sign anyone out
    response = client.post("/accounts/logout/")
    assert response.status_code == 302 and response["Location"] == reverse("login")
    assert client.get(reverse("projects:list")).status_code == 302


def test_anonymous_users_are_sent_to_sign_in(client):
    response = client.get("/projects/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/projects/"


def test_home_redirects_to_the_project_list(client, planner):
    client.force_login(planner)
    response = client.get("/")
    assert response.status_code == 302 and response["Location"] == reverse("projects:list")


def test_signed_in_user_without_a_role_gets_the_thai_403_page(client, no_role_user):
    client.force_login(no_role_user)
    response = client.get("/projects/")
    html = response.content.decode()
    assert response.status_code == 403
    assert "ไม่มีสิทธิ์เข้าถึงหน้านี้" in html
    assert "ยังไม่ได้รับสิทธิ์ใช้งาน" in html  # the header says why
    assert "ออกจากระบบ" in html  # and offers a way out


def test_sessions_expire(settings):
    assert settings.SESSION_COOKIE_AGE <= 8 * 60 * 60
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE


def test_english_is_offered_through_set_language(client, planner):
    client.force_login(planner)
    response = client.post(reverse("set_language"), {"language": "en", "next": "/projects/"}, follow=True)
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "<h1>Projects</h1>" in html
    assert "Sign out" in html


def test_every_interface_string_has_an_english_translation():
    from pathlib import Path

    po = (Path(__file__).resolve().parents[2] / "locale/en/LC_MESSAGES/django.po").read_text(encoding="utf-8")
    entries = [e for e in po.split("\n\n") if "\nmsgid " in f"\n{e}" and not e.startswith("#~")]
    untranslated = [e for e in entries[1:] if e.rstrip().endswith('msgstr ""')]
    assert len(entries) > 100
    assert untranslated == []
    assert "#, fuzzy" not in po


def test_empty_boxes_are_listed_in_the_shared_error_summary_in_thai(client, staff_a):
    html = client.post("/accounts/login/", {"username": "", "password": ""}).content.decode()
    summary = html[html.index('class="error-summary"') :]
    summary = summary[: summary.index("</div>")]
    assert "data-error-summary" in summary  # focused on load, as on every form
    assert '<a href="#id_username">' in summary and "กรุณากรอกชื่อผู้ใช้" in summary
    assert '<a href="#id_password">' in summary and "กรุณากรอกรหัสผ่าน" in summary
    # Beside its box too, which points at it.
    assert 'id="id_username-error"><span class="visually-hidden">ข้อผิดพลาด:</span> กรุณากรอกชื่อผู้ใช้</p>' in html
    assert 'aria-describedby="id_username-error"' in html and 'aria-invalid="true"' in html
