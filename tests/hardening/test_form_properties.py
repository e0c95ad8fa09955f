"""Property tests: any text or number-like text in any field of every write form gives a page with a Thai
message (or a saved record), never a server error, and a refused post changes nothing stored."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .forms import post, write_forms
from .test_bad_input import stored

pytestmark = pytest.mark.django_db

# Fixed examples in CI: the same inputs every run, few enough to keep the suite quick.
settings.register_profile(
    "forms",
    max_examples=30,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

DIGITS = "0123456789๐๑๒๓๔๕๖๗๘๙١٢٣۴５𝟏"
number_like = st.one_of(
    st.from_regex(r"\A[-+]?[0-9๐-๙,]{0,45}(\.[0-9๐-๙]{0,45})?([eE][-+]?[0-9]{1,4})?( ?(บาท|%))?\Z"),
    st.text(alphabet=DIGITS + ".,-+eE %", max_size=60),
    st.sampled_from(["NaN", "-Infinity", "1e400", "9" * 40, "0" * 500 + "1", "-0", ".", "๑,๐๐๐.๕๐ บาท"]),
)
any_text = st.text(max_size=300) | st.text(alphabet="ก\u0e4d\u0e32\u200b\x00\r\n\t ", max_size=50)

FORMS = [
    "report-create",
    "report-edit",
    "plan-edit",
    "kpi-create",
    "kpi-edit",
    "status-edit",
    "project-edit",
    "score-project",
    "score-bulk",
]


@pytest.mark.parametrize("name", FORMS)
@settings(settings.get_profile("forms"))
@given(data=st.data())
def test_any_input_in_any_field_fails_safely(as_role, project, name, data):
    form = next(f for f in write_forms(project) if f.name == name)
    field = data.draw(st.sampled_from(form.text_fields + form.number_fields), label="field")
    value = data.draw(number_like if field in form.number_fields else any_text, label="value")
    before = stored(project)
    response = post(as_role(form.role), form, **{field: value})
    assert response.status_code in (200, 302, 400), response.status_code
    if response.status_code == 200:
        assert "error-summary" in response.content.decode() or "มีผู้อื่นบันทึก" in response.content.decode()
        assert stored(project) == before


LOCK_EXCEPTION_FIELDS = {
    "quarter": "1",
    "reason": "แก้ยอดเบิกจ่าย",
    "expires_on": "31/12/2600",
    "expires_time": "16:30",
}


@settings(settings.get_profile("forms"))
@given(data=st.data())
def test_any_input_in_the_lock_exception_form_fails_safely(client, planner, project, data):
    """Opening a closed quarter to one project: a hostile value in any box is refused in Thai and opens
    nothing, or the exception is granted with what a person could have typed."""
    from projects.links import project_url
    from projects.models import QuarterClosure, QuarterLockException

    QuarterClosure.objects.get_or_create(
        fiscal_year=project.fiscal_year, quarter=1, defaults={"closed": True}
    )
    QuarterLockException.objects.all().delete()
    field = data.draw(st.sampled_from(sorted(LOCK_EXCEPTION_FIELDS)), label="field")
    value = data.draw(number_like | any_text, label="value")
    client.force_login(planner)
    response = client.post(project_url("lock-exception", project), {**LOCK_EXCEPTION_FIELDS, field: value})
    assert response.status_code in (200, 302, 400), response.status_code
    if response.status_code != 302:
        assert "error-summary" in response.content.decode() or response.status_code == 400
        assert not QuarterLockException.objects.exists()
    else:
        exception = QuarterLockException.objects.get()
        assert (exception.fiscal_year, exception.quarter) == (project.fiscal_year, 1)
        assert exception.reason.strip() and "\x00" not in exception.reason


@settings(settings.get_profile("forms"))
@given(comment=any_text)
def test_any_comment_on_a_return_is_refused_in_thai_or_recorded_as_typed(
    client, head, staff, project, comment
):
    """The head's comment when sending a report back: empty (or only invisible characters) is refused and
    changes nothing; anything else is recorded, normalised."""
    from projects.choices import ApprovalState
    from projects.links import project_url
    from projects.models import ProgressReport, ReportTransition

    ProgressReport.objects.filter(project=project).update(
        approval_state=ApprovalState.SUBMITTED, created_by=staff
    )
    ReportTransition.objects.all().delete()
    report = ProgressReport.objects.get(project=project, number=1)
    client.force_login(head)
    response = client.post(project_url("report-return", project, number=1), {"comment": comment})
    assert response.status_code == 302, response.status_code  # back to the project page, with a message
    report.refresh_from_db()
    if report.approval_state == ApprovalState.RETURNED:
        step = ReportTransition.objects.get(report=report)
        assert step.comment.strip() and "\x00" not in step.comment
    else:
        assert report.approval_state == ApprovalState.SUBMITTED
        assert not ReportTransition.objects.exists()


@settings(settings.get_profile("forms"))
@given(month=any_text | st.from_regex(r"\A[0-9]{4}-[0-9]{2}\Z"))
def test_any_month_in_the_approvals_filter_gives_a_page(client, head, month):
    client.force_login(head)
    response = client.get("/approvals/", {"month": month})
    assert response.status_code == 200
