"""The interface opens in Thai whatever the browser asks for; English only when chosen."""

import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_an_english_browser_still_gets_thai(client):
    response = client.get(reverse("login"), headers={"accept-language": "en-US,en;q=0.9"})
    html = response.content.decode()
    assert '<html lang="th">' in html
    assert "ชื่อผู้ใช้" in html


@pytest.mark.django_db
def test_english_after_choosing_it_with_the_language_switch(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("login")}, follow=True)
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "User name" in html
    assert "ชื่อผู้ใช้" not in html
