"""Monthly progress reports written through the service: rules, numbering, history, concurrency, double posts."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from projects.choices import PlanStatus, TargetStatus
from projects.models import ProgressReport
from projects.services.errors import AlreadySubmitted, EditConflict, QuarterClosed
from projects.services.reports import (
    ReportInput,
    create_report,
    delete_report,
    nothing_or_text,
    update_report,
)
from reports.models import QuarterClosure
from tests.factories import ProgressReportFactory

pytestmark = pytest.mark.django_db


def entry(day, progress, **extra):
    values = {
        "report_date": day,
        "progress": Decimal(progress),
        "text": "ดำเนินการตามแผน",
        "problems": "-",
        "obstacles": "ไม่มี",
        "disbursed": Decimal("0.00"),
        "plan_status": None,  # the service takes the one the plan suggests
        "target_status": TargetStatus.MET,
    }
    values.update(extra)
    return ReportInput(**values)


def codes(exc: ValidationError) -> dict[str, list[str]]:
    return {field: [e.code for e in errors] for field, errors in exc.error_dict.items()}


def messages(exc: ValidationError, field: str) -> str:
    return " ".join(m for e in exc.error_dict[field] for m in e.messages)


# --- pure -------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("typed", ["", "-", " ไม่มี ", "ไม่มี.", "–", None])
def test_nothing_words_mean_no_problems(typed):
    assert nothing_or_text(typed) == ""


def test_real_problems_are_kept_normalized():
    assert nothing_or_text("งบประมาณล่าช้า  ทํางานไม่ได้") == "งบประมาณล่าช้า ทำงานไม่ได้"


# --- create -----------------------------------------------------------------------------------------------
def test_create_stores_decimals_numbers_and_history_user(project, staff):
    report = create_report(
        user=staff,
        project=project,
        data=entry(date(2022, 10, 25), "5.5", disbursed=Decimal("120500.25"), problems="ไม่มี"),
    )
    report.refresh_from_db()
    assert report.number == 1
    assert report.progress == Decimal("5.50")
    assert report.disbursed == Decimal("120500.25")
    assert report.problems == ""
    assert report.obstacles == ""
    assert report.created_by == staff
    history = report.history.get()
    assert history.history_type == "+"
    assert history.history_user == staff


def test_numbers_follow_dates_when_an_older_month_is_added(project, staff):
    nov = create_report(user=staff, project=project, data=entry(date(2022, 11, 25), "10"))
    dec = create_report(user=staff, project=project, data=entry(date(2022, 12, 25), "20"))
    oct_ = create_report(user=staff, project=project, data=entry(date(2022, 10, 25), "5"))
    numbers = dict(ProgressReport.objects.values_list("report_date", "number"))
    assert numbers == {date(2022, 10, 25): 1, date(2022, 11, 25): 2, date(2022, 12, 25): 3}
    nov.refresh_from_db()
    assert nov.version == 2  # renumbered is a change like any other
    assert nov.history.latest().history_user == staff
    assert oct_.pk and dec.pk


def test_delete_closes_the_gap_and_keeps_history(project, staff, colleague):
    first = create_report(user=staff, project=project, data=entry(date(2022, 10, 25), "5"))
    create_report(user=staff, project=project, data=entry(date(2022, 11, 25), "10"))
    delete_report(user=colleague, report=first, version=1)
    assert list(ProgressReport.objects.values_list("number", "progress")) == [(1, Decimal("10.00"))]
    deleted = ProgressReport.history.filter(id=first.pk, history_type="-").get()
    assert deleted.history_user == colleague


@pytest.mark.parametrize("progress", ["-1", "100.01", "120"])
def test_progress_outside_0_to_100_is_refused(project, staff, progress):
    with pytest.raises(ValidationError) as caught:
        create_report(user=staff, project=project, data=entry(date(2022, 10, 25), progress))
    assert "ระหว่าง 0 ถึง 100" in messages(caught.value, "progress")
    assert not ProgressReport.objects.exists()


def test_progress_lower_than_previous_needs_a_reason(project, staff):
    create_report(user=staff, project=project, data=entry(date(2022, 11, 25), "10"))
    with pytest.raises(ValidationError) as caught:
        create_report(
            user=staff,
            project=project,
            data=entry(date(2022, 12, 25), "8", reason="  "),
        )
    assert codes(caught.value)["progress"] == ["progress_down"]  # beside the %, where the mistake is
    assert "10.00 %" in messages(caught.value, "progress")
    assert "25/11/2565" in messages(caught.value, "progress")
    report = create_report(
        user=staff,
        project=project,
        data=entry(date(2022, 12, 25), "8", reason="ทบทวนผลงานใหม่"),
    )
    assert report.reason == "ทบทวนผลงานใหม่"


def test_date_outside_the_project_period_says_the_period_in_be(project, staff):
    with pytest.raises(ValidationError) as caught:
        create_report(user=staff, project=project, data=entry(date(2023, 10, 2), "100"))
    assert "01/10/2565 – 30/09/2566" in messages(caught.value, "report_date")


def test_total_disbursed_above_budget_says_what_remains(project, staff):
    create_report(
        user=staff, project=project, data=entry(date(2022, 10, 25), "5", disbursed=Decimal("1500000"))
    )
    with pytest.raises(ValidationError) as caught:
        create_report(
            user=staff,
            project=project,
            data=entry(date(2022, 11, 25), "10", disbursed=Decimal("143800.01")),
        )
    assert "เบิกได้อีกไม่เกิน 143,800.00 บาท" in messages(caught.value, "disbursed")
    exact = create_report(
        user=staff, project=project, data=entry(date(2022, 11, 25), "10", disbursed=Decimal("143800.00"))
    )
    assert exact.disbursed == Decimal("143800.00")


def test_second_report_in_a_month_is_refused_and_names_the_first(project, staff):
    create_report(user=staff, project=project, data=entry(date(2022, 10, 5), "5"))
    with pytest.raises(ValidationError) as caught:
        create_report(user=staff, project=project, data=entry(date(2022, 10, 28), "6"))
    error = caught.value.error_dict["report_date"][0]
    assert error.code == "month_taken"
    assert error.params == {"number": 1}
    assert "ตุลาคม 2565" in messages(caught.value, "report_date")


def test_plan_status_other_than_computed_needs_a_reason(project, staff):
    # 25 Jan 2023 is 117 of 365 days into the only step: 32.05 % planned; 10 % is far behind.
    with pytest.raises(ValidationError) as caught:
        create_report(
            user=staff, project=project, data=entry(date(2023, 1, 25), "10", plan_status=PlanStatus.ON_PLAN)
        )
    assert codes(caught.value) == {"reason": ["plan_status_reason"]}
    assert "32.05 %" in messages(caught.value, "reason")
    assert "ไม่เป็นไปตามแผน" in messages(caught.value, "reason")
    report = create_report(
        user=staff, project=project, data=entry(date(2023, 1, 25), "10", plan_status=PlanStatus.OFF_PLAN)
    )
    assert report.plan_status == PlanStatus.OFF_PLAN


def test_closed_quarter_refuses_create_edit_and_delete(project, staff, admin_user):
    report = create_report(user=staff, project=project, data=entry(date(2022, 10, 25), "5"))
    QuarterClosure.objects.update_or_create(fiscal_year=2566, quarter=1, defaults={"closed": True})
    with pytest.raises(ValidationError) as caught:
        create_report(user=staff, project=project, data=entry(date(2022, 11, 25), "6"))
    message = messages(caught.value, "report_date")
    assert "ไตรมาสที่ 1 ปีงบประมาณ 2566 ปิดแล้ว" in message
    assert "สยป." in message
    with pytest.raises(ValidationError):
        update_report(user=staff, report=report, version=1, data=entry(date(2022, 10, 25), "7"))
    with pytest.raises(QuarterClosed):
        delete_report(user=staff, report=report, version=1)
    report.refresh_from_db()
    assert (report.progress, report.version) == (Decimal("5.00"), 1)
    # Adding an open-quarter report before it would renumber it: refused as well.
    # (administrators may still correct a closed quarter)
    updated = update_report(user=admin_user, report=report, version=1, data=entry(date(2022, 10, 25), "7"))
    assert updated.progress == Decimal("7.00")


def test_renumbering_a_closed_quarter_report_is_refused(project, staff):
    later = create_report(user=staff, project=project, data=entry(date(2023, 1, 25), "40"))
    QuarterClosure.objects.update_or_create(fiscal_year=2566, quarter=2, defaults={"closed": True})
    with pytest.raises(ValidationError) as caught:
        create_report(user=staff, project=project, data=entry(date(2022, 12, 25), "30"))
    assert "ไตรมาสที่ 2 ปีงบประมาณ 2566 ปิดแล้ว" in messages(caught.value, "report_date")
    later.refresh_from_db()
    assert (later.number, ProgressReport.objects.count()) == (1, 1)


# --- edit, concurrency, double posts ---------------------------------------------------------------------
def test_edit_increments_version_and_records_the_editor(project, staff, colleague):
    report = create_report(user=staff, project=project, data=entry(date(2022, 10, 25), "5"))
    updated = update_report(
        user=colleague, report=report, version=1, data=entry(date(2022, 10, 26), "6.25", text="แก้ไขแล้ว")
    )
    updated.refresh_from_db()
    assert (updated.version, updated.progress, updated.text) == (2, Decimal("6.25"), "แก้ไขแล้ว")
    assert updated.history.latest().history_user == colleague


def test_stale_edit_is_refused_with_what_changed_and_nothing_written(project, staff, colleague):
    report = create_report(user=staff, project=project, data=entry(date(2022, 10, 25), "5"))
    update_report(user=colleague, report=report, version=1, data=entry(date(2022, 10, 25), "7"))
    with pytest.raises(EditConflict) as caught:
        update_report(user=staff, report=report, version=1, data=entry(date(2022, 10, 25), "9", text="ของฉัน"))
    conflict = caught.value
    assert [(c.label, c.before, c.after) for c in conflict.changes] == [
        ("ความก้าวหน้าสะสม (%)", "5.00", "7.00"),
        # 6.85 % planned on 25 Oct: 5 % was to be monitored, 7 % is on plan.
        ("สถานะตามแผน", "เป็นไปตามแผนแต่ควรติดตาม", "เป็นไปตามแผน"),
    ]
    assert conflict.current_version == 2
    assert conflict.changed_by == "วิไล รักงาน"
    report.refresh_from_db()
    assert (report.progress, report.text, report.version) == (Decimal("7.00"), "ดำเนินการตามแผน", 2)
    assert report.history.count() == 2


def test_same_form_posted_twice_stores_one_report(project, staff):
    create_report(user=staff, project=project, data=entry(date(2022, 10, 25), "5"), token="abc123")
    with pytest.raises(AlreadySubmitted) as caught:
        create_report(user=staff, project=project, data=entry(date(2022, 10, 25), "5"), token="abc123")
    assert ProgressReport.objects.count() == 1
    assert caught.value.object_id == ProgressReport.objects.get().pk


def test_same_edit_posted_twice_is_not_a_conflict(project, staff):
    report = create_report(user=staff, project=project, data=entry(date(2022, 10, 25), "5"))
    update_report(user=staff, report=report, version=1, data=entry(date(2022, 10, 25), "6"), token="t1")
    with pytest.raises(AlreadySubmitted):
        update_report(user=staff, report=report, version=1, data=entry(date(2022, 10, 25), "6"), token="t1")
    report.refresh_from_db()
    assert report.version == 2


def test_staff_of_another_agency_and_planners_cannot_write(project, other_staff, planner):
    for user in (other_staff, planner):
        with pytest.raises(PermissionDenied):
            create_report(user=user, project=project, data=entry(date(2022, 10, 25), "5"))
    report = ProgressReportFactory(project=project, number=1)
    with pytest.raises(PermissionDenied):
        delete_report(user=planner, report=report, version=1)
    assert ProgressReport.objects.count() == 1
