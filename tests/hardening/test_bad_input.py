"""Each bad input the security probe sent, replayed: a 4xx or a Thai message beside the field, never a 500,
and nothing stored changed."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from projects.links import project_url
from projects.models import Kpi, KpiQuarterResult, PlanStep, ProgressReport, Project

from .forms import post, write_forms

pytestmark = pytest.mark.django_db

HUGE_NUMBERS = ["1e30", "1e400", "9" * 40, "-1e30", "NaN", "Infinity", "1e-400"]


def stored(project: Project) -> tuple:
    """Everything a write form can change, to compare before and after a refused post."""
    return (
        list(Project.objects.filter(pk=project.pk).values()),
        list(PlanStep.objects.filter(project=project).values()),
        list(ProgressReport.objects.filter(project=project).values()),
        list(Kpi.objects.filter(project=project).values()),
        list(KpiQuarterResult.objects.filter(kpi__project=project).values()),
    )


def assert_refused_in_thai(response, before, project, what=""):
    assert response.status_code in (200, 302, 400), (what, response.status_code)
    if response.status_code == 302:
        # The bulk score form lives in the quarter table: its refusal goes back there as a message.
        (message,) = get_messages(response.wsgi_request)
        assert message.level_tag == "error", what
        assert "ไม่ใช่ตัวเลข" in message.message or "ตัวเลขยาวเกินไป" in message.message, what
    if response.status_code == 200:
        html = response.content.decode()
        assert "error-summary" in html, what  # the Thai error summary at the top
    assert stored(project) == before, what


@pytest.mark.parametrize("value", HUGE_NUMBERS)
def test_huge_or_odd_numbers_in_every_decimal_field_are_refused_in_thai(as_role, project, value):
    for form in write_forms(project):
        client = as_role(form.role)
        for field in form.number_fields:
            if field in ("steps-TOTAL_FORMS", "select"):
                continue
            before = stored(project)
            response = post(client, form, **{field: value})
            assert_refused_in_thai(response, before, project, f"{form.name} {field}")


@pytest.mark.parametrize("digits", ["١٢", "۱۲", "１２", "𝟏𝟐"])
def test_only_ascii_and_thai_digits_are_numbers(as_role, project, digits):
    """Arabic-Indic, extended Arabic-Indic, full-width and mathematical digits are refused, Thai ๑๒ is read."""
    form = next(f for f in write_forms(project) if f.name == "report-create")
    client = as_role("staff")
    before = stored(project)
    response = post(client, form, progress=digits)
    assert_refused_in_thai(response, before, project)
    assert "ไม่ใช่ตัวเลข" in response.content.decode()
    response = post(client, form, report_date=f"{digits}/11/2565")
    assert_refused_in_thai(response, before, project)
    assert post(client, form, progress="๒๐").status_code == 302


def test_tampered_version_is_refused(as_role, project):
    for form in write_forms(project):
        if form.role != "staff":
            continue
        before = stored(project)
        response = post(as_role("staff"), form, version="abc")
        assert_refused_in_thai(response, before, project)


@pytest.mark.parametrize("total", ["-1", "abc", "100000", ""])
def test_a_plan_formset_with_a_bad_total_deletes_nothing(as_role, project, total):
    """`steps-TOTAL_FORMS=-1` once deleted every step and said saved."""
    form = next(f for f in write_forms(project) if f.name == "plan-edit")
    before = stored(project)
    response = post(as_role("staff"), form, **{"steps-TOTAL_FORMS": total})
    assert response.status_code in (200, 400)
    assert stored(project) == before
    assert PlanStep.objects.filter(project=project).count() == 1
    assert "error-summary" in response.content.decode()


@pytest.mark.parametrize("day", ["01/10/2499", "01/10/2701", "31/12/9999"])
def test_project_dates_outside_2500_to_2700_are_refused(as_role, project, day):
    form = next(f for f in write_forms(project) if f.name == "project-edit")
    before = stored(project)
    response = post(as_role("staff"), form, start_date=day)
    assert_refused_in_thai(response, before, project)
    assert "2500" in response.content.decode()


def test_a_negative_kpi_target_is_refused(as_role, project):
    form = next(f for f in write_forms(project) if f.name == "kpi-create")
    before = stored(project)
    response = post(as_role("staff"), form, target="-5")
    assert_refused_in_thai(response, before, project)
    assert "ต้องไม่น้อยกว่า 0" in response.content.decode()


@pytest.mark.parametrize("per_page", ["-1", "0", "abc", "99999999999999999999"])
def test_per_page_out_of_range_is_not_a_server_error(as_role, project, per_page):
    client = as_role("planner")
    for url in (
        reverse("projects:list"),
        reverse("reports:quarter", kwargs={"fiscal_year": 2566, "quarter": 1}),
    ):
        response = client.get(url, {"per_page": per_page})
        assert response.status_code in (200, 404), (url, response.status_code)


@pytest.mark.parametrize("path", ["/projects/%00/", "/verify/%00/", "/projects/%00/form.pdf"])
def test_a_nul_byte_in_a_path_is_not_found(as_role, project, path):
    assert as_role("planner").get(path).status_code == 404


def test_a_nul_byte_in_a_project_page_path_is_not_found(as_role, project):
    client = as_role("staff")
    url = project_url("plan-edit", project).replace(project.code, "%00")
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("year", [0, 99999])
def test_years_outside_the_calendar_in_evaluation_urls_are_not_found(as_role, project, year):
    client = as_role("planner")
    kwargs = {"fiscal_year": year, "quarter": 1}
    for name in ("reports:quarter", "reports:rollups"):
        assert client.get(reverse(name, kwargs=kwargs)).status_code == 404
    for name in ("reports:score-bulk", "reports:close", "reports:reopen"):
        assert client.post(reverse(name, kwargs=kwargs)).status_code == 404
    url = reverse("reports:quarter-summary-pdf", kwargs=kwargs | {"agency_code": project.agency.code})
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("number", ["a/b", "../x", "%00", "\x00", "ก" * 500])
def test_verify_lookup_with_odd_numbers_is_not_a_server_error(client, db, number):
    response = client.get(reverse("reports:verify-lookup"), {"number": number}, follow=True)
    assert response.status_code in (200, 404)


def test_a_null_character_is_refused_in_thai_in_a_form_and_in_a_heads_comment(client, staff, head, agency):
    """Django refuses a NUL in every form field with a message its Thai catalogue leaves in English; the
    head's comment comes straight from the post and is refused the same way. Nothing is stored."""
    from django.contrib.messages import get_messages

    from projects.choices import ApprovalState
    from projects.links import project_url
    from projects.models import ProgressReport, ReportTransition

    from .forms import project_with_plan

    project = project_with_plan(agency)
    client.force_login(staff)
    html = client.post(project_url("report-create", project), {"text": "ประชุม\x00"}).content.decode()
    assert "ข้อความมีอักขระว่าง (NUL) ซึ่งระบบรับไม่ได้" in html and "Null characters" not in html

    ProgressReport.objects.filter(project=project).update(
        approval_state=ApprovalState.SUBMITTED, created_by=staff
    )
    client.force_login(head)
    response = client.post(project_url("report-return", project, number=1), {"comment": "แก้ยอด\x00"})
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "ข้อความมีอักขระว่าง (NUL) ซึ่งระบบรับไม่ได้ กรุณาลบออกหรือพิมพ์ข้อความใหม่"
    ]
    assert ProgressReport.objects.get(project=project, number=1).approval_state == ApprovalState.SUBMITTED
    assert not ReportTransition.objects.exists()
