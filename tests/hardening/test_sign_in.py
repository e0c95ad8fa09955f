"""Sign-in: a limit per address against password spraying, sessions that end, Django's password rules in Thai."""

import time
from datetime import timedelta

import pytest
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.factories import PASSWORD, UserFactory
from tracker.signin import SIGNED_IN_AT

pytestmark = pytest.mark.django_db


def sign_in(client, username, password, address="203.0.113.7"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def test_password_spraying_from_one_address_is_stopped(client, settings):
    """The probe tried twelve user names from one address and was never throttled."""
    settings.SIGN_IN_FAILURES_PER_ADDRESS = "20/15m"
    users = [UserFactory(username=f"user{n}") for n in range(12)]
    for attempt in range(20):
        response = sign_in(client, users[attempt % 12].username, f"guess-{attempt}")
        assert response.status_code == 200  # the ordinary "wrong user name or password"
    response = sign_in(client, "user0", PASSWORD)  # even the right password: the address waits
    html = response.content.decode()
    assert response.status_code == 429
    assert "ระงับการเข้าสู่ระบบชั่วคราว" in html
    assert "กรุณาลองใหม่อีกครั้งในอีก 15 นาที" in html
    assert "_auth_user_id" not in client.session
    # Someone at another address is not affected.
    assert sign_in(client, "user1", PASSWORD, address="198.51.100.9").status_code == 302


def test_a_few_failures_do_not_lock_an_address(client, settings):
    settings.SIGN_IN_FAILURES_PER_ADDRESS = "20/15m"
    UserFactory(username="somchai")
    for _ in range(3):
        sign_in(client, "somchai", "typo")
    assert sign_in(client, "somchai", PASSWORD).status_code == 302


def test_a_session_lives_a_working_day_from_the_last_request(client, settings):
    assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60
    UserFactory(username="somchai")
    sign_in(client, "somchai", PASSWORD)
    session = Session.objects.get()
    first_expiry = session.expire_date
    time.sleep(1.1)  # renewal is to the second: not a timing assertion
    client.get(reverse("projects:list"))
    session.refresh_from_db()
    assert session.expire_date > first_expiry
    assert abs(session.expire_date - (timezone.now() + timedelta(hours=8))) < timedelta(minutes=1)


def test_a_session_ends_at_its_absolute_age_however_busy(client, settings):
    settings.SESSION_ABSOLUTE_AGE = 12 * 60 * 60
    UserFactory(username="somchai")
    sign_in(client, "somchai", PASSWORD)
    assert SIGNED_IN_AT in client.session
    session = client.session
    session[SIGNED_IN_AT] = int(time.time()) - 12 * 60 * 60 - 5
    session.save()
    response = client.get(reverse("projects:list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert "_auth_user_id" not in client.session
    response = client.get(response["Location"])
    assert "หมดเวลาการใช้งานต่อเนื่องสูงสุดแล้ว กรุณาเข้าสู่ระบบอีกครั้ง" in response.content.decode()


@pytest.mark.parametrize(
    "password, message",
    [
        ("abc", "รหัสผ่านนี้สั้นเกินไป ต้องมีอย่างน้อย 8 ตัวอักษร"),
        ("12345678901", "รหัสผ่านนี้เป็นตัวเลขทั้งหมด"),
        ("password123", "รหัสผ่านนี้เป็นรหัสผ่านที่ใช้กันทั่วไป เดาได้ง่าย"),
    ],
)
def test_django_password_rules_speak_thai(password, message):
    with pytest.raises(ValidationError) as caught:
        validate_password(password)
    assert message in caught.value.messages
