"""Plan steps, indicators, status and project fields through the services: rules, history, version check."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from projects.choices import ProjectStatus
from projects.models import Kpi, KpiQuarterResult, PlanStep
from projects.services.errors import AlreadySubmitted, EditConflict
from projects.services.plan import KpiInput, QuarterInput, StepInput, delete_kpi, save_kpi, save_plan
from projects.services.status import ProjectInput, change_status, update_project
from tests.factories import KpiFactory, KpiQuarterResultFactory, ProgressReportFactory

pytestmark = pytest.mark.django_db


def step(description, weight, start, end, id=None):
    return StepInput(id=id, description=description, weight=Decimal(weight), start_date=start, end_date=end)


def test_plan_is_saved_in_the_given_order_and_the_project_version_moves(project, staff):
    old = project.steps.get()
    steps = save_plan(
        user=staff,
        project=project,
        version=1,
        steps=[
            step("จัดซื้อจัดจ้าง", "60.50", date(2023, 1, 1), date(2023, 3, 31)),
            step("ขออนุมัติโครงการ", "39.50", date(2022, 10, 1), date(2022, 12, 31), id=old.pk),
        ],
    )
    assert list(PlanStep.objects.values_list("number", "description", "weight")) == [
        (1, "จัดซื้อจัดจ้าง", Decimal("60.50")),
        (2, "ขออนุมัติโครงการ", Decimal("39.50")),
    ]
    assert steps[1].pk == old.pk
    project.refresh_from_db()
    assert project.version == 2
    assert PlanStep.history.filter(id=old.pk).latest().history_user == staff
    assert project.history.latest().history_user == staff


def test_weights_must_total_exactly_100_and_the_message_says_the_total(project, staff):
    with pytest.raises(ValidationError) as caught:
        save_plan(
            user=staff,
            project=project,
            version=1,
            steps=[
                step("ก", "50", date(2022, 10, 1), date(2022, 10, 31)),
                step("ข", "49.99", date(2022, 11, 1), date(2022, 10, 31)),
            ],
        )
    text = " ".join(caught.value.messages)
    assert "ขณะนี้รวมได้ 99.99" in text
    assert "ขั้นตอนที่ 2: วันเริ่มต้น (01/11/2565) ต้องไม่หลังวันสิ้นสุด (31/10/2565)" in text
    assert list(PlanStep.objects.values_list("weight", flat=True)) == [Decimal("100.00")]
    project.refresh_from_db()
    assert project.version == 1


def test_plan_removes_steps_left_out(project, staff):
    save_plan(
        user=staff,
        project=project,
        version=1,
        steps=[step("ใหม่", "100", date(2022, 10, 1), date(2022, 10, 2))],
    )
    assert list(PlanStep.objects.values_list("description", flat=True)) == ["ใหม่"]
    assert PlanStep.history.filter(history_type="-").get().history_user == staff


def test_stale_plan_is_refused_and_says_which_step_changed(project, staff, colleague):
    only = project.steps.get()
    save_plan(
        user=colleague,
        project=project,
        version=1,
        steps=[step("ขออนุมัติโครงการและจัดจ้าง", "100", only.start_date, only.end_date, id=only.pk)],
    )
    with pytest.raises(EditConflict) as caught:
        save_plan(
            user=staff, project=project, version=1, steps=[step("อื่น", "100", only.start_date, only.end_date)]
        )
    changes = [(c.label, c.before, c.after) for c in caught.value.changes]
    assert ("ขั้นตอน “ขออนุมัติโครงการและจัดจ้าง” · รายละเอียด", "ขออนุมัติโครงการ", "ขออนุมัติโครงการและจัดจ้าง") in changes
    assert list(PlanStep.objects.values_list("description", flat=True)) == ["ขออนุมัติโครงการและจัดจ้าง"]


def test_kpi_with_quarters_created_edited_and_deleted(project, staff):
    kpi = save_kpi(
        user=staff,
        project=project,
        version=1,
        data=KpiInput(name="ร้อยละของผู้เข้าร่วม", code="0100-0807", unit="percent", target=Decimal("80")),
        quarters={
            1: QuarterInput(result=Decimal("21")),
            2: QuarterInput(),
        },
    )
    assert list(kpi.quarters.values_list("quarter", "result", "score_1", "score_2")) == [
        (1, Decimal("21.00"), None, None)
    ]
    save_kpi(
        user=staff,
        project=project,
        version=2,
        kpi=kpi,
        data=KpiInput(name="ร้อยละของผู้เข้าร่วม", target=Decimal("85")),
        quarters={1: QuarterInput(), 2: QuarterInput(result=Decimal("40"))},
    )
    kpi.refresh_from_db()
    assert kpi.target == Decimal("85.0000")
    assert list(kpi.quarters.values_list("quarter", "result")) == [(2, Decimal("40.00"))]
    delete_kpi(user=staff, project=project, version=3, kpi=kpi)
    assert not Kpi.objects.exists() and not KpiQuarterResult.objects.exists()
    assert Kpi.history.filter(history_type="-").get().history_user == staff


def test_staff_changing_results_keep_the_planning_offices_scores(project, staff):
    # given a quarter the planning office scored, and one it scored without a result
    kpi = KpiFactory(project=project)
    KpiQuarterResultFactory(
        kpi=kpi, quarter=1, result=Decimal("20"), score_1=Decimal("100"), score_2=Decimal("90")
    )
    KpiQuarterResultFactory(kpi=kpi, quarter=2, result=None, score_1=Decimal("50"), score_2=None)
    # when staff change the first result and leave the second quarter empty
    save_kpi(
        user=staff,
        project=project,
        version=1,
        kpi=kpi,
        data=KpiInput(name=kpi.name),
        quarters={1: QuarterInput(result=Decimal("25")), 2: QuarterInput()},
    )
    # then the scores are as the planning office left them
    assert list(kpi.quarters.order_by("quarter").values_list("quarter", "result", "score_1", "score_2")) == [
        (1, Decimal("25.00"), Decimal("100.00"), Decimal("90.00")),
        (2, None, Decimal("50.00"), None),
    ]


def test_cancel_needs_reason_and_budget_returned_within_budget_received(project, staff):
    with pytest.raises(ValidationError) as caught:
        change_status(
            user=staff, project=project, version=1, action="cancel", budget_returned=Decimal("2000000")
        )
    assert "กรุณาระบุเหตุผลที่ยกเลิกโครงการ" in caught.value.message_dict["reason"]
    assert (
        "งบประมาณที่ส่งคืนต้องไม่เกินงบประมาณที่ได้รับ (1,643,800.00 บาท)"
        in caught.value.message_dict["budget_returned"]
    )
    project = change_status(
        user=staff,
        project=project,
        version=1,
        action="cancel",
        reason="ไม่ได้รับอนุมัติ",
        budget_returned=Decimal("1643800.00"),
    )
    project.refresh_from_db()
    assert (project.status, project.budget_returned, project.version) == (
        ProjectStatus.CANCELLED,
        Decimal("1643800.00"),
        2,
    )
    project = change_status(user=staff, project=project, version=2, action="reactivate")
    assert (project.status, project.budget_returned) == (ProjectStatus.ACTIVE, None)
    assert project.history.latest().history_user == staff


def test_delay_needs_a_reason_and_complete_does_not(project, staff):
    with pytest.raises(ValidationError):
        change_status(user=staff, project=project, version=1, action="delay", reason=" ")
    change_status(user=staff, project=project, version=1, action="delay", reason="รองบประมาณ")
    project.refresh_from_db()
    assert (project.status, project.status_reason) == (ProjectStatus.DELAYED, "รองบประมาณ")
    change_status(user=staff, project=project, version=2, action="complete")
    project.refresh_from_db()
    assert project.status == ProjectStatus.COMPLETED
    with pytest.raises(ValidationError):
        change_status(user=staff, project=project, version=3, action="delay", reason="x")


def test_project_fields_keep_reports_inside_period_and_budget(project, staff):
    ProgressReportFactory(
        project=project, number=1, report_date=date(2023, 3, 25), disbursed=Decimal("500000")
    )
    data = ProjectInput(
        responsible="นายสมชาย ใจดี",
        phone="02 111 2222",
        start_date=date(2022, 10, 1),
        end_date=date(2023, 2, 28),
        budget_received=Decimal("499999.99"),
    )
    with pytest.raises(ValidationError) as caught:
        update_project(user=staff, project=project, version=1, data=data)
    errors = caught.value.message_dict
    assert "มีรายงานลงวันที่ 25/03/2566 ซึ่งอยู่หลังวันสิ้นสุดนี้" in errors["end_date"]
    assert "งบประมาณที่ได้รับต้องไม่น้อยกว่างบประมาณที่เบิกใช้ไปแล้ว (500,000.00 บาท)" in errors["budget_received"]
    project.refresh_from_db()
    assert project.responsible == "นางสาวสมศรี ตั้งใจ"


def test_project_fields_saved_normalized_with_history(project, staff):
    data = ProjectInput(
        responsible="  นายสมชาย  ใจดี ",
        phone="02 111 2222",
        start_date=date(2022, 10, 1),
        end_date=date(2023, 9, 30),
        budget_received=Decimal("1700000.50"),
        targets="ประชาชน ๕๐๐ คน ในสํานักงานเขต",
    )
    project = update_project(user=staff, project=project, version=1, data=data, token="once")
    project.refresh_from_db()
    assert (project.responsible, project.budget_received, project.targets) == (
        "นายสมชาย ใจดี",
        Decimal("1700000.50"),
        "ประชาชน ๕๐๐ คน ในสำนักงานเขต",
    )
    with pytest.raises(AlreadySubmitted):
        update_project(user=staff, project=project, version=1, data=data, token="once")
    assert project.history.latest().history_user == staff


def test_stale_project_edit_names_the_field(project, staff, colleague):
    change_status(user=colleague, project=project, version=1, action="delay", reason="รองบประมาณ")
    with pytest.raises(EditConflict) as caught:
        update_project(
            user=staff,
            project=project,
            version=1,
            data=ProjectInput("ก", "1", project.start_date, project.end_date, project.budget_received),
        )
    changes = {c.label: (c.before, c.after) for c in caught.value.changes}
    assert changes["สถานะโครงการ"] == ("ดำเนินการ", "ขอชะลอ")
    project.refresh_from_db()
    assert project.responsible == "นางสาวสมศรี ตั้งใจ"


def test_a_step_may_not_end_after_the_project_ends(project, staff):
    """The project runs 01/10/2565 – 30/09/2566: a step to 31/10/2566 is refused with both dates."""
    with pytest.raises(ValidationError) as caught:
        save_plan(
            user=staff,
            project=project,
            version=1,
            steps=[step("ก", "100", date(2022, 10, 1), date(2023, 10, 31))],
        )
    assert caught.value.messages == ["ขั้นตอนที่ 1: วันสิ้นสุด (31/10/2566) ต้องไม่หลังวันสิ้นสุดโครงการ (30/09/2566)"]


@pytest.mark.parametrize("scores", [(Decimal("100"), None), (None, Decimal("0"))])
def test_staff_cannot_delete_an_indicator_the_planning_office_has_scored(project, staff, admin_user, scores):
    """Deleting it would delete the planning office's scores with it: refused with a Thai message naming the
    quarter, nothing deleted; an administrator may."""
    kpi = KpiFactory(project=project)
    KpiQuarterResultFactory(kpi=kpi, quarter=1, result=Decimal("20"), score_1=None, score_2=None)
    KpiQuarterResultFactory(kpi=kpi, quarter=3, result=Decimal("30"), score_1=scores[0], score_2=scores[1])
    with pytest.raises(ValidationError) as refused:
        delete_kpi(user=staff, project=project, version=1, kpi=kpi)
    assert refused.value.messages == [
        "สยป. ให้คะแนนตัวชี้วัดนี้แล้ว (ไตรมาสที่ 3) จึงลบไม่ได้ หากต้องการลบ กรุณาติดต่อ สยป. หรือผู้ดูแลระบบ"
    ]
    assert KpiQuarterResult.objects.filter(kpi=kpi).count() == 2
    project.refresh_from_db()
    assert project.version == 1  # nothing was written
    delete_kpi(user=admin_user, project=project, version=1, kpi=kpi)
    assert not Kpi.objects.filter(pk=kpi.pk).exists()
