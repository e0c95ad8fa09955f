"""The indicator pages say before the button is pressed that an indicator the planning office has scored stays."""

from decimal import Decimal

import pytest

from projects.links import project_url
from tests.factories import KpiFactory, KpiQuarterResultFactory
from tests.hardening.forms import hidden

pytestmark = pytest.mark.django_db

REFUSAL = "สยป. ให้คะแนนตัวชี้วัดนี้แล้ว จึงลบไม่ได้ หากต้องการลบ กรุณาติดต่อ สยป. หรือผู้ดูแลระบบ"


@pytest.fixture
def scored(project):
    kpi = KpiFactory(project=project, code="0100-0807")
    KpiQuarterResultFactory(kpi=kpi, quarter=2, result=Decimal("5"), score_1=Decimal("80"), score_2=None)
    return kpi


@pytest.fixture
def unscored(project):
    kpi = KpiFactory(project=project, code="0100-0808")
    KpiQuarterResultFactory(kpi=kpi, quarter=2, result=Decimal("5"), score_1=None, score_2=None)
    return kpi


def test_the_list_offers_delete_only_for_an_indicator_staff_may_delete(
    client, staff, project, scored, unscored
):
    client.force_login(staff)
    html = client.get(project_url("kpi-list", project)).content.decode()
    assert project_url("kpi-delete", project, kpi_id=unscored.pk) in html
    assert project_url("kpi-delete", project, kpi_id=scored.pk) not in html
    assert "สยป. ให้คะแนนแล้ว ลบไม่ได้" in html


def test_the_delete_page_of_a_scored_indicator_explains_and_has_no_button(client, staff, project, scored):
    client.force_login(staff)
    url = project_url("kpi-delete", project, kpi_id=scored.pk)
    html = client.get(url).content.decode()
    assert REFUSAL in html
    assert "ตัวชี้วัดนี้ลบไม่ได้" in html
    assert "ยืนยันลบตัวชี้วัด" not in html
    # Posted anyway (as a probe would, with the project's current version): refused, nothing deleted.
    response = client.post(url, {"version": project.version, "token": "probe-token-0001"})
    assert response.status_code == 200
    assert "สยป. ให้คะแนนตัวชี้วัดนี้แล้ว (ไตรมาสที่ 2) จึงลบไม่ได้" in response.content.decode()
    assert scored.quarters.get().score_1 == Decimal("80.00")


def test_an_administrator_deletes_a_scored_indicator(client, admin_user, project, scored):
    client.force_login(admin_user)
    url = project_url("kpi-delete", project, kpi_id=scored.pk)
    html = client.get(url).content.decode()
    assert "ยืนยันลบตัวชี้วัด" in html
    response = client.post(url, {"version": hidden(html, "version"), "token": hidden(html, "token")})
    assert response.status_code == 302
    assert not project.kpis.filter(pk=scored.pk).exists()
