"""Pages for what went wrong speak Thai like every other page, whoever sees them."""

import pytest
from django.test import Client
from django.urls import path

from tracker.urls import urlpatterns as site


def _fails(request):
    raise RuntimeError("a fault, to be shown as the Thai 500 page")


urlpatterns = [*site, path("fails/", _fails)]


@pytest.mark.django_db
def test_an_unknown_address_is_a_thai_404_page_that_names_no_internals(client):
    response = client.get("/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "<h1>ไม่พบหน้านี้</h1>" in html
    assert "Resolver404" not in html and 'class="callout"' not in html


@pytest.mark.django_db
def test_a_missing_report_says_nothing_in_english_and_a_missing_project_says_so_in_thai(client):
    from tests.factories import ProjectFactory, UserFactory

    project = ProjectFactory(code="01000000-0001", fiscal_year=2566)
    client.force_login(UserFactory(staff=True, agency=project.agency))
    html = client.get("/projects/2566/01000000-0001/reports/99/edit/").content.decode()
    assert "<h1>ไม่พบหน้านี้</h1>" in html and "matches the given query" not in html
    response = client.get("/projects/2566/99999999-0000/")
    assert response.status_code == 404
    assert '<p class="callout" role="alert">ไม่พบโครงการ</p>' in response.content.decode()


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_a_server_fault_is_a_thai_500_page_that_says_stored_data_is_safe():
    response = Client(raise_request_exception=False).get("/fails/")
    html = response.content.decode()
    assert response.status_code == 500
    assert "ระบบขัดข้องชั่วคราว" in html and "ข้อมูลที่บันทึกไว้ก่อนหน้านี้ยังอยู่ครบ" in html
