"""Plan, indicator, status and project pages: moves without script, totals, messages, typed values kept."""

import re
from datetime import date
from decimal import Decimal

import pytest

from projects.choices import ProjectStatus
from projects.models import Kpi, PlanStep
from tests.factories import KpiFactory, KpiQuarterResultFactory, PlanStepFactory

pytestmark = pytest.mark.django_db

PLAN = "/projects/2566/01000600-2456/plan/"


def hidden(html, name):
    return re.search(rf'name="{name}" value="([^"]*)"', html).group(1)


def plan_post(html, rows, **extra):
    values = {
        "version": hidden(html, "version"),
        "token": hidden(html, "token"),
        "steps-TOTAL_FORMS": str(len(rows)),
        "steps-INITIAL_FORMS": "0",
        "steps-MIN_NUM_FORMS": "0",
        "steps-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(rows):
        for key, value in row.items():
            values[f"steps-{i}-{key}"] = value
    values.update(extra)
    return values


@pytest.fixture
def two_steps(project):
    first = project.steps.get()
    first.weight, first.end_date = Decimal("40"), date(2022, 12, 31)
    first.save()
    second = PlanStepFactory(
        project=project,
        number=2,
        description="จัดซื้อจัดจ้าง",
        weight=Decimal("60"),
        start_date=date(2023, 1, 1),
        end_date=date(2023, 9, 30),
    )
    return first, second


def rows_of(first, second):
    return [
        {
            "id": first.pk,
            "description": "ขออนุมัติโครงการ",
            "weight": "40",
            "start_date": "01/10/2565",
            "end_date": "31/12/2565",
        },
        {
            "id": second.pk,
            "description": "จัดซื้อจัดจ้าง",
            "weight": "60",
            "start_date": "01/01/2566",
            "end_date": "30/09/2566",
        },
    ]


def test_plan_page_shows_steps_in_be_and_the_total(client, staff, project, two_steps):
    client.force_login(staff)
    html = client.get(PLAN).content.decode()
    assert 'value="31/12/2565"' in html
    assert "น้ำหนักรวมขณะนี้ <strong>100.00</strong>" in html


def test_move_down_reorders_without_saving_and_keeps_typed_text(client, staff, project, two_steps):
    client.force_login(staff)
    page = client.get(PLAN).content.decode()
    rows = rows_of(*two_steps)
    rows[0]["description"] = "ขออนุมัติ (แก้ไขแล้ว)"
    html = client.post(PLAN, plan_post(page, rows, move="down-0")).content.decode()
    assert html.index("จัดซื้อจัดจ้าง") < html.index("ขออนุมัติ (แก้ไขแล้ว)")
    assert list(PlanStep.objects.values_list("description", flat=True)) == ["ขออนุมัติโครงการ", "จัดซื้อจัดจ้าง"]


def test_saving_a_reordered_plan_numbers_steps_in_the_new_order(client, staff, project, two_steps):
    client.force_login(staff)
    page = client.get(PLAN).content.decode()
    first, second = rows_of(*two_steps)
    response = client.post(PLAN, plan_post(page, [second, first], save="1"), follow=True)
    assert "บันทึกแผน/ขั้นตอนการดำเนินงานแล้ว" in response.content.decode()
    assert list(PlanStep.objects.values_list("number", "description")) == [
        (1, "จัดซื้อจัดจ้าง"),
        (2, "ขออนุมัติโครงการ"),
    ]


def test_weights_not_100_says_the_total_and_keeps_rows(client, staff, project, two_steps):
    client.force_login(staff)
    page = client.get(PLAN).content.decode()
    rows = rows_of(*two_steps)
    rows[1]["weight"] = "50"
    rows[1]["end_date"] = "30/09/2023"
    html = client.post(PLAN, plan_post(page, rows, save="1")).content.decode()
    assert "ปี 2023 ดูเหมือนเป็นปี ค.ศ." in html
    assert 'value="30/09/2023"' in html
    rows[1]["end_date"] = "30/09/2566"
    html = client.post(PLAN, plan_post(page, rows, save="1")).content.decode()
    assert "ขณะนี้รวมได้ 90.00" in html
    assert "น้ำหนักรวมขณะนี้ <strong>90.00</strong>" in html
    assert 'href="#formset-top"' in html
    assert PlanStep.objects.get(number=2).weight == Decimal("60.00")


def test_add_row_then_a_blank_row_is_ignored_on_save(client, staff, project, two_steps):
    client.force_login(staff)
    page = client.get(PLAN).content.decode()
    rows = rows_of(*two_steps)
    html = client.post(PLAN, plan_post(page, rows, add="1")).content.decode()
    assert "ขั้นตอนที่ 3" in html
    blank = {"id": "", "description": "", "weight": "", "start_date": "", "end_date": ""}
    response = client.post(PLAN, plan_post(page, [*rows, blank], save="1"))
    assert response.status_code == 302
    assert PlanStep.objects.count() == 2


def test_kpi_form_offers_staff_results_only_and_ignores_posted_scores(client, staff, project):
    """Scores 2.1 / 2.2 are the planning office's: the form has no field for them, and posted ones are dropped."""
    client.force_login(staff)
    url = "/projects/2566/01000600-2456/kpis/new/"
    page = client.get(url).content.decode()
    assert 'name="q1_result"' in page
    assert "score_1" not in page and "score_2" not in page
    response = client.post(
        url,
        {
            "version": hidden(page, "version"),
            "token": hidden(page, "token"),
            "name": "ร้อยละของผู้เข้าร่วมที่พึงพอใจ",
            "code": "0100-0807",
            "unit": "percent",
            "target": "80",
            "q1_result": "21",
            "q1_score_1": "100",
            "q1_score_2": "๑๐๐",
        },
        follow=True,
    )
    assert "บันทึกตัวชี้วัดแล้ว" in response.content.decode()
    kpi = Kpi.objects.get()
    assert list(kpi.quarters.values_list("quarter", "result", "score_1", "score_2")) == [
        (1, Decimal("21.00"), None, None)
    ]


def test_kpi_form_keeps_scores_the_planning_office_gave(client, staff, project):
    kpi = KpiFactory(project=project, name="ตัวชี้วัด")
    KpiQuarterResultFactory(
        kpi=kpi, quarter=1, result=Decimal("20"), score_1=Decimal("100"), score_2=Decimal("80")
    )
    client.force_login(staff)
    url = f"/projects/2566/01000600-2456/kpis/{kpi.pk}/edit/"
    page = client.get(url).content.decode()
    response = client.post(
        url,
        {
            "version": hidden(page, "version"),
            "token": hidden(page, "token"),
            "name": "ตัวชี้วัด",
            "q1_result": "30",
            "q1_score_1": "0",
            "q1_score_2": "0",
        },
    )
    assert response.status_code == 302
    assert list(kpi.quarters.values_list("result", "score_1", "score_2")) == [
        (Decimal("30.00"), Decimal("100.00"), Decimal("80.00"))
    ]


def test_cancel_with_too_much_budget_returned(client, staff, project):
    client.force_login(staff)
    url = "/projects/2566/01000600-2456/status/"
    page = client.get(url).content.decode()
    values = {
        "version": hidden(page, "version"),
        "token": "s",
        "action": "cancel",
        "reason": "",
        "budget_returned": "2,000,000",
    }
    html = client.post(url, values).content.decode()
    assert "กรุณาระบุเหตุผลที่ยกเลิกโครงการ" in html
    assert "งบประมาณที่ส่งคืนต้องไม่เกินงบประมาณที่ได้รับ (1,643,800.00 บาท)" in html
    values.update(reason="ไม่ได้รับอนุมัติ", budget_returned="100,000")
    response = client.post(url, values, follow=True)
    assert "เปลี่ยนสถานะโครงการเป็น “ยกเลิก” แล้ว" in response.content.decode()
    project.refresh_from_db()
    assert (project.status, project.budget_returned) == (ProjectStatus.CANCELLED, Decimal("100000.00"))


def test_project_edit_conflict_shows_the_other_change(client, staff, colleague, project):
    client.force_login(staff)
    url = "/projects/2566/01000600-2456/edit/"
    page = client.get(url).content.decode()
    other = client.__class__()
    other.force_login(colleague)
    other_page = other.get(url).content.decode()
    other.post(
        url,
        {
            "version": hidden(other_page, "version"),
            "token": "o",
            "responsible": "นายวิชัย",
            "phone": "02",
            "start_date": "01/10/2565",
            "end_date": "30/09/2566",
            "budget_received": "1,643,800.00",
        },
    )
    html = client.post(
        url,
        {
            "version": hidden(page, "version"),
            "token": "m",
            "responsible": "นางสมใจ",
            "phone": "02",
            "start_date": "01/10/2565",
            "end_date": "30/09/2566",
            "budget_received": "1,643,800.00",
        },
    ).content.decode()
    assert "ผู้รับผิดชอบ</th><td>นางสาวสมศรี ตั้งใจ</td><td>นายวิชัย</td>" in html
    assert 'value="นางสมใจ"' in html
    project.refresh_from_db()
    assert project.responsible == "นายวิชัย"
