"""The planning office's scores: one project at a time or many at once; bad input changes nothing."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from projects.models import Evaluation, KpiQuarterResult
from reports import services
from reports.forms import ProjectScoreForm
from tests.factories import (
    AgencyFactory,
    EvaluationFactory,
    KpiFactory,
    KpiQuarterResultFactory,
    ProjectFactory,
    UserFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("after_the_quarter")]


def score_url(project, quarter=1):
    return reverse(
        "reports:score-project", kwargs={"fiscal_year": 2566, "quarter": quarter, "pk": project.pk}
    )


BULK_URL = reverse("reports:score-bulk", kwargs={"fiscal_year": 2566, "quarter": 1})


# --- Services -------------------------------------------------------------------------------------------
def test_score_project_records_score_comment_who_and_when(planner):
    project = ProjectFactory()
    evaluation = services.score_project(
        project=project, quarter=1, score=Decimal("92.5"), comment="ดำเนินการได้ดี  ", user=planner
    )
    evaluation.refresh_from_db()
    assert evaluation.score == Decimal("92.5000")
    assert evaluation.comment == "ดำเนินการได้ดี"
    assert evaluation.evaluated_by == planner
    assert evaluation.evaluated_at is not None
    assert evaluation.history.first().history_user == planner


def test_a_second_score_keeps_the_first_in_the_history(planner):
    project = ProjectFactory()
    services.score_project(project=project, quarter=1, score=Decimal("60"), comment="ครั้งแรก", user=planner)
    services.score_project(project=project, quarter=1, score=Decimal("80"), comment="ทบทวน", user=planner)
    evaluation = Evaluation.objects.get(project=project, quarter=1)
    assert evaluation.score == Decimal("80")
    assert [h.score for h in evaluation.history.order_by("history_date")] == [Decimal("60"), Decimal("80")]


def test_kpi_scores_are_recorded_with_the_evaluation(planner):
    project = ProjectFactory()
    kpi = KpiFactory(project=project)
    other = KpiFactory(project=project)
    KpiQuarterResultFactory(kpi=kpi, quarter=1, result=Decimal("21"), score_1=None, score_2=None)
    services.score_project(
        project=project,
        quarter=1,
        score=Decimal("90"),
        comment="",
        kpi_scores={kpi.pk: (Decimal("100"), Decimal("75.5")), other.pk: (None, None)},
        user=planner,
    )
    result = KpiQuarterResult.objects.get(kpi=kpi, quarter=1)
    assert (result.result, result.score_1, result.score_2) == (Decimal("21"), Decimal("100"), Decimal("75.5"))
    assert not KpiQuarterResult.objects.filter(kpi=other).exists()  # left blank: nothing recorded


def test_a_kpi_of_another_project_writes_nothing_at_all(planner):
    project = ProjectFactory()
    foreign = KpiFactory()
    with pytest.raises(ValidationError):
        services.score_project(
            project=project,
            quarter=1,
            score=Decimal("90"),
            comment="",
            kpi_scores={foreign.pk: (Decimal("100"), Decimal("100"))},
            user=planner,
        )
    assert not Evaluation.objects.exists()  # the evaluation saved first was rolled back


def test_staff_cannot_score():
    agency = AgencyFactory()
    project = ProjectFactory(agency=agency)
    with pytest.raises(PermissionDenied):
        services.score_project(
            project=project,
            quarter=1,
            score=Decimal("100"),
            comment="",
            user=UserFactory(staff=True, agency=agency),
        )
    assert not Evaluation.objects.exists()


def test_bulk_scoring_is_all_or_nothing(planner):
    p1 = ProjectFactory()
    p2 = ProjectFactory(fiscal_year=2567)
    EvaluationFactory(project=p1, quarter=1, score=Decimal("50"), comment="เดิม")
    with pytest.raises(ValidationError):
        services.score_projects(
            projects=[p1, p2], fiscal_year=2566, quarter=1, score=Decimal("90"), comment="", user=planner
        )
    assert Evaluation.objects.get(project=p1).score == Decimal("50")
    assert not Evaluation.objects.filter(project=p2).exists()


def test_no_score_in_a_closed_quarter(planner):
    project = ProjectFactory()
    services.close_quarter(fiscal_year=2566, quarter=1, user=planner)
    with pytest.raises(ValidationError, match="ปิดแล้ว"):
        services.score_project(project=project, quarter=1, score=Decimal("90"), comment="", user=planner)
    services.score_project(project=project, quarter=2, score=Decimal("90"), comment="", user=planner)
    assert list(Evaluation.objects.values_list("quarter", flat=True)) == [2]


# --- Form -----------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("typed", "expected"),
    [("85", Decimal("85")), ("๙๒.๕", Decimal("92.5")), (" 100 ", Decimal("100")), ("0", Decimal("0"))],
)
def test_score_accepts_thai_and_arabic_digits(typed, expected):
    form = ProjectScoreForm(data={"score": typed, "comment": ""})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["score"] == expected


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "กรุณากรอกคะแนนประเมินโครงการ"),
        ("ดีมาก", "“ดีมาก” ไม่ใช่ตัวเลข กรุณากรอกคะแนน 0 ถึง 100 เช่น 85 หรือ 92.5"),
        ("101", "คะแนนต้องอยู่ระหว่าง 0 ถึง 100 (กรอกมา 101)"),
        ("-5", "คะแนนต้องอยู่ระหว่าง 0 ถึง 100 (กรอกมา -5)"),
        ("85.12345", "คะแนนมีทศนิยมได้ไม่เกิน 4 ตำแหน่ง"),
    ],
)
def test_bad_scores_get_a_thai_message(typed, message):
    form = ProjectScoreForm(data={"score": typed, "comment": ""})
    assert not form.is_valid()
    assert form.errors["score"] == [message]


# --- Pages ----------------------------------------------------------------------------------------------
def test_score_one_project_from_its_form(client, planner):
    client.force_login(planner)
    project = ProjectFactory(code="01000000-2456")
    kpi = KpiFactory(project=project)
    response = client.post(
        score_url(project),
        {"score": "88", "comment": "ควรเร่งเบิกจ่าย", f"kpi_{kpi.pk}_1": "100", f"kpi_{kpi.pk}_2": "๙๐"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/evaluation/2566/q1/"
    evaluation = Evaluation.objects.get(project=project, quarter=1)
    assert (evaluation.score, evaluation.comment) == (Decimal("88"), "ควรเร่งเบิกจ่าย")
    result = KpiQuarterResult.objects.get(kpi=kpi, quarter=1)
    assert (result.score_1, result.score_2) == (Decimal("100"), Decimal("90"))
    page = client.get("/evaluation/2566/q1/").content.decode()
    assert "88.00" in page and "ควรเร่งเบิกจ่าย" in page


def test_bad_input_redisplays_the_form_with_an_error_summary_and_keeps_what_was_typed(client, planner):
    client.force_login(planner)
    project = ProjectFactory()
    kpi = KpiFactory(project=project)
    EvaluationFactory(project=project, quarter=1, score=Decimal("70"), comment="เดิม")
    response = client.post(
        score_url(project), {"score": "88", "comment": "ความเห็นใหม่", f"kpi_{kpi.pk}_1": "120"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "มีข้อผิดพลาดที่ต้องแก้ไข" in html
    assert f'href="#id_kpi_{kpi.pk}_1"' in html
    assert "คะแนนต้องอยู่ระหว่าง 0 ถึง 100 (กรอกมา 120)" in html
    assert "ความเห็นใหม่" in html
    evaluation = Evaluation.objects.get(project=project)
    assert (evaluation.score, evaluation.comment) == (Decimal("70"), "เดิม")


def test_score_page_shows_the_history(client, planner):
    client.force_login(planner)
    project = ProjectFactory()
    services.score_project(project=project, quarter=1, score=Decimal("60"), comment="ครั้งแรก", user=planner)
    services.score_project(project=project, quarter=1, score=Decimal("80"), comment="ทบทวน", user=planner)
    html = client.get(score_url(project)).content.decode()
    assert "60.00" in html and "ครั้งแรก" in html and "80.00" in html
    assert "วิมลพรรณ พิมสาร" in html


def test_bulk_score_from_the_table(client, planner):
    client.force_login(planner)
    chosen = [ProjectFactory(), ProjectFactory()]
    left = ProjectFactory()
    response = client.post(
        BULK_URL,
        {
            "select": [p.pk for p in chosen],
            "score": "75",
            "comment": "ตามเกณฑ์",
            "next": "/evaluation/2566/q1/?page=1",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/evaluation/2566/q1/?page=1"
    assert sorted(Evaluation.objects.values_list("project_id", "score", "comment")) == sorted(
        (p.pk, Decimal("75"), "ตามเกณฑ์") for p in chosen
    )
    assert not Evaluation.objects.filter(project=left).exists()
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages == ["บันทึกผลประเมิน 2 โครงการแล้ว"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"score": "75"}, "กรุณาเลือกโครงการในตารางอย่างน้อยหนึ่งโครงการ"),
        ({"select": ["PROJECT"], "score": "abc"}, "“abc” ไม่ใช่ตัวเลข กรุณากรอกคะแนน 0 ถึง 100 เช่น 85 หรือ 92.5"),
        ({"select": ["PROJECT", "OTHER_YEAR"], "score": "75"}, "โครงการที่เลือกไม่อยู่ในไตรมาสนี้"),
    ],
)
def test_bulk_score_refuses_bad_input_and_writes_nothing(client, data, message, planner):
    client.force_login(planner)
    project = ProjectFactory()
    other_year = ProjectFactory(fiscal_year=2567)
    ids = {"PROJECT": project.pk, "OTHER_YEAR": other_year.pk}
    if "select" in data:
        data = data | {"select": [ids[name] for name in data["select"]]}
    response = client.post(BULK_URL, data, follow=True)
    assert message in response.content.decode()
    assert not Evaluation.objects.exists()


def test_closed_quarter_shows_no_scoring_form(client, planner):
    client.force_login(planner)
    project = ProjectFactory()
    EvaluationFactory(project=project, quarter=1, score=Decimal("70"))
    services.close_quarter(fiscal_year=2566, quarter=1, user=planner)
    quarter_page = client.get("/evaluation/2566/q1/").content.decode()
    assert 'name="select"' not in quarter_page
    assert "บันทึกผลประเมินรายการที่เลือก" not in quarter_page
    score_page = client.get(score_url(project)).content.decode()
    assert "ไตรมาสนี้ปิดแล้ว" in score_page
    assert '<form method="post" novalidate' not in score_page
    response = client.post(score_url(project), {"score": "99"})
    assert "ไตรมาสที่ 1 ปีงบประมาณ 2566 ปิดแล้ว" in response.content.decode()
    assert Evaluation.objects.get(project=project).score == Decimal("70")


def test_a_closed_quarters_score_page_shows_the_frozen_score_not_a_later_correction(client, planner):
    client.force_login(planner)
    project = ProjectFactory()
    EvaluationFactory(project=project, quarter=1, score=Decimal("70"), comment="ควรเร่งรัด")
    services.close_quarter(fiscal_year=2566, quarter=1, user=planner)
    # An administrator corrects the evaluation afterwards (the admin may): the closed quarter keeps its own.
    Evaluation.objects.filter(project=project).update(score=Decimal("95"), comment="แก้ภายหลัง")
    html = " ".join(client.get(score_url(project)).content.decode().split())
    assert '<dd class="num">70.00</dd>' in html and "ควรเร่งรัด" in html
    assert "95.00" not in html and "แก้ภายหลัง" not in html


def test_a_project_of_another_fiscal_year_cannot_be_scored_in_this_quarter(client, planner):
    client.force_login(planner)
    project = ProjectFactory(fiscal_year=2567)
    assert client.get(score_url(project)).status_code == 404
    assert client.post(score_url(project), {"score": "90"}).status_code == 404
    assert not Evaluation.objects.exists()


def test_bulk_scoring_skips_projects_already_scored_unless_told_to_replace(client, planner):
    """An individual 72.50 with its detailed comment is never silently replaced by a bulk 80."""
    client.force_login(planner)
    scored, fresh = ProjectFactory(), ProjectFactory()
    EvaluationFactory(project=scored, quarter=1, score=Decimal("72.50"), comment="ละเอียด: ควรเร่งเบิกจ่าย")
    response = client.post(BULK_URL, {"select": [scored.pk, fresh.pk], "score": "80", "comment": "ตามเกณฑ์"})
    assert Evaluation.objects.get(project=scored).score == Decimal("72.50")
    assert Evaluation.objects.get(project=scored).comment == "ละเอียด: ควรเร่งเบิกจ่าย"
    assert Evaluation.objects.get(project=fresh).score == Decimal("80")
    [message] = [str(m) for m in response.wsgi_request._messages]
    assert message.startswith("บันทึกผลประเมิน 1 โครงการแล้ว · ข้าม 1 โครงการที่มีคะแนนอยู่แล้ว")
    # when the user ticks "replace existing scores"
    client.post(BULK_URL, {"select": [scored.pk], "score": "80", "comment": "ตามเกณฑ์", "replace": "on"})
    assert Evaluation.objects.get(project=scored).score == Decimal("80")


def test_the_quarter_page_marks_scored_rows_for_the_replace_confirmation(client, planner):
    client.force_login(planner)
    scored = ProjectFactory(code="SCORED")
    ProjectFactory(code="FRESH")
    EvaluationFactory(project=scored, quarter=1, score=Decimal("72.50"))
    html = client.get("/evaluation/2566/q1/").content.decode()
    assert html.count('data-scored="1"') == 1
    assert "data-confirm-replace=" in html and "แทนที่คะแนนที่บันทึกไว้แล้ว" in html


def test_after_scoring_one_project_the_user_returns_to_the_same_list(client, planner):
    client.force_login(planner)
    project = ProjectFactory(code="01000000-2456")
    back = "/evaluation/2566/q1/?q=2456&sort=-gap&page=1"
    page = client.get(back).content.decode()
    assert "?next=%2Fevaluation%2F2566%2Fq1%2F%3Fq%3D2456%26sort%3D-gap%26page%3D1" in page
    response = client.post(score_url(project) + "?next=" + back.replace("&", "%26"), {"score": "88"})
    assert response["Location"] == back
    outside = client.post(score_url(project) + "?next=https://evil.example/", {"score": "88"})
    assert outside["Location"] == "/evaluation/2566/q1/"


def test_a_cancelled_project_shows_as_cancelled_not_to_be_monitored(client, planner):
    from projects.choices import ProjectStatus

    client.force_login(planner)
    ProjectFactory(code="CANCELLED-1", status=ProjectStatus.CANCELLED)
    html = client.get("/evaluation/2566/q1/").content.decode()
    cell = html[html.index('class="plan-status"') :]
    cell = cell[: cell.index("</td>")]
    assert "ยกเลิก" in cell and "ควรติดตาม" not in cell


def test_a_kpi_target_shows_two_decimals_not_four(client, planner):
    client.force_login(planner)
    project = ProjectFactory()
    KpiFactory(project=project, target=Decimal("100"))
    html = client.get(score_url(project)).content.decode()
    assert '<td class="num">100.00</td>' in html and "100.0000" not in html
