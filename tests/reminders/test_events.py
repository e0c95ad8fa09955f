"""Returned reports, reports waiting for approval, the weekly summary; notices in the app; query counts."""

from datetime import date, datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from projects.choices import ApprovalState
from projects.links import project_url
from reminders import services
from reminders.models import Reminder, ReminderKind, ReminderPreference
from tests.factories import AgencyFactory, ProgressReportFactory, UserFactory

from .conftest import DUE, project_in

BANGKOK = ZoneInfo("Asia/Bangkok")


def send(day: date) -> str:
    out = StringIO()
    call_command("send_reminders", "--date", day.isoformat(), stdout=out)
    return out.getvalue()


def text_of(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def test_a_returned_report_tells_its_author_at_once_with_the_heads_comment(
    client, smtp, people, district, django_capture_on_commit_callbacks
):
    project = project_in(district, "50040000-0011", name="โครงการซ่อมสะพานคนเดินข้าม")
    report = ProgressReportFactory(
        project=project, number=1, report_date=date(2026, 10, 25), approval_state=ApprovalState.SUBMITTED,
        created_by=people["staff"],
    )  # fmt: skip
    client.force_login(people["head"])

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            project_url("report-return", project, number=report.number),
            {"comment": "ยอดเบิกจ่ายไม่ตรงกับทะเบียนคุมงบ"},
        )

    [message] = smtp.to("somsri@bangkok.go.th")
    text = text_of(message)
    assert "รายงานถูกส่งกลับให้แก้ไข" in text
    assert "รายงานครั้งที่ 1 (25/10/2569) ถูกส่งกลับโดย สมชาย ใจดี" in text
    assert "“ยอดเบิกจ่ายไม่ตรงกับทะเบียนคุมงบ”" in text
    assert "50040000-0011 โครงการซ่อมสะพานคนเดินข้าม" in text
    assert f"แก้ไขรายงาน: https://tracker.example.go.th{project_url('report-edit', project, number=1)}" in text
    # The author may have turned optional reminders off: a returned report still reaches them.
    ReminderPreference.objects.create(user=people["staff"], optional_reminders=False)
    assert Reminder.objects.get(kind=ReminderKind.RETURNED).optional is False


def test_reports_waiting_more_than_three_days_remind_the_head(smtp, people, district):
    project = project_in(district, "50040000-0021")
    ProgressReportFactory(project=project, number=1, report_date=date(2026, 10, 20))
    waiting = ProgressReportFactory(
        project=project, number=2, report_date=date(2026, 11, 3), approval_state=ApprovalState.SUBMITTED,
        approval_changed_at=datetime(2026, 11, 4, 10, 0, tzinfo=BANGKOK),
    )  # fmt: skip
    fresh = project_in(district, "50040000-0022")
    ProgressReportFactory(
        project=fresh, number=1, report_date=date(2026, 11, 6), approval_state=ApprovalState.SUBMITTED,
        approval_changed_at=datetime(2026, 11, 6, 10, 0, tzinfo=BANGKOK),
    )  # fmt: skip

    send(date(2026, 11, 8))  # 4 days after the first was submitted, 2 after the second

    [message] = smtp.to("head@bangkok.go.th")
    assert "รายงานรออนุมัติเกิน 3 วัน (1 โครงการ)" in str(message["Subject"])
    assert "50040000-0021" in text_of(message) and "50040000-0022" not in text_of(message)
    assert "· รายงานครั้งที่ 2 (03/11/2569)" in text_of(message)
    assert f"{project.get_absolute_url()}#report-2" in text_of(message)
    assert waiting.approval_state == ApprovalState.SUBMITTED


def test_the_planning_office_gets_a_weekly_summary_on_mondays(smtp, people, district, other_district):
    for n in range(3):
        project_in(district, f"50040000-003{n}")
    project_in(other_district, "50070000-0031")
    monday = date(2026, 11, 30)  # after the due day of November: November's reports are checked

    send(monday - timedelta(days=1))
    assert smtp.to("planner@bangkok.go.th") == []
    send(monday)

    [message] = smtp.to("planner@bangkok.go.th")
    text = text_of(message)
    assert "สรุปรายสัปดาห์: โครงการที่ยังไม่ส่งรายงาน" in str(message["Subject"])
    assert "ยังขาดอยู่ 4 โครงการ" in text
    assert "- 50040000 สำนักงานเขตบางรัก: 3" in text
    assert "- 50070000 สำนักงานเขตปทุมวัน: 1" in text


def test_notices_show_in_the_header_and_are_marked_read_when_opened(client, smtp, people, district):
    project_in(district, "50040000-0041", name="โครงการปลูกต้นไม้ริมคลอง")
    send(DUE + timedelta(days=1))
    client.force_login(people["staff"])

    page = client.get(reverse("reminders:settings")).content.decode()
    assert 'aria-label="ยังไม่ได้อ่าน 1 รายการ">1</span>' in page

    notices = client.get(reverse("reminders:notices")).content.decode()
    assert "เลยกำหนดส่งรายงานประจำเดือนแล้ว" in notices
    assert "โครงการปลูกต้นไม้ริมคลอง" in notices
    assert Reminder.objects.get(recipient=people["staff"]).read_at is not None
    assert 'class="badge"' not in client.get(reverse("reminders:settings")).content.decode()


def test_the_landing_include_lists_unread_notices_only(rf, smtp, people, district):
    from django.template import engines

    project_in(district, "50040000-0051")
    send(DUE + timedelta(days=1))
    request = rf.get("/")
    request.user = people["staff"]
    template = engines["django"].from_string('{% include "reminders/_landing_notices.html" %}')

    assert "การแจ้งเตือนใหม่" in template.render({"request": request})
    Reminder.objects.update(read_at=datetime(2026, 11, 27, tzinfo=BANGKOK))
    assert "การแจ้งเตือนใหม่" not in template.render({"request": request})


def test_the_settings_page_turns_optional_reminders_off(client, smtp, people, district):
    project_in(district, "50040000-0061")
    client.force_login(people["staff"])

    response = client.post(reverse("reminders:settings"), {"language": "th"})  # the box left unticked

    assert response.status_code == 302
    assert ReminderPreference.objects.get(user=people["staff"]).optional_reminders is False
    send(DUE + timedelta(days=1))
    assert smtp.to("somsri@bangkok.go.th") == []


def _world(projects: int, tag: int):
    agencies = [AgencyFactory(code=f"{tag}{n:03d}0000", name=f"สำนักงานเขตทดสอบ {n}") for n in range(5)]
    for n, agency in enumerate(agencies):
        UserFactory(
            username=f"staff{tag}{n}", staff=True, agency=agency, email=f"staff{tag}{n}@bangkok.go.th"
        )
        UserFactory(username=f"head{tag}{n}", head=True, agency=agency, email=f"head{tag}{n}@bangkok.go.th")
    for n in range(projects):
        project = project_in(agencies[n % 5], f"{tag}{n % 5:03d}0000-{n:04d}")
        if n % 3 == 0:
            ProgressReportFactory(
                project=project, number=1, report_date=date(2026, 11, 10), approval_state=ApprovalState.SUBMITTED,
                approval_changed_at=datetime(2026, 11, 10, tzinfo=BANGKOK),
            )  # fmt: skip


@pytest.mark.parametrize("day", [DUE - timedelta(days=3), DUE + timedelta(days=1), date(2026, 11, 30)])
def test_a_days_run_costs_the_same_queries_for_10_and_50_projects(db, settings, day):
    """Five agencies with a staff member and a head each; only the number of projects differs."""
    settings.REPORT_DUE_DAY = 25

    def queries(projects: int, tag: int) -> tuple[int, int]:
        _world(projects, tag)
        with CaptureQueriesContext(connection) as captured:
            result = services.run_day(day)
        listed = sum(line.projects for line in result.lines)
        # The next world's people replace this one's: only they are planned for.
        get_user_model().objects.all().update(is_active=False)
        return len(captured), listed

    small, listed_small = queries(10, 6)
    large, listed_large = queries(50, 7)
    assert listed_large > listed_small > 0
    assert large == small


def test_notices_and_settings_in_english(client, smtp, people, district):
    from tests.test_english_pages import english, thai_left

    ReminderPreference.objects.create(user=people["staff"], language="en")
    project_in(district, "50040000-0071", name="โครงการปลูกต้นไม้ริมคลอง")
    send(DUE + timedelta(days=1))
    english(client, people["staff"])

    settings_page = client.get(reverse("reminders:settings")).content.decode()
    notices = client.get(reverse("reminders:notices")).content.decode()

    assert "Reminder settings" in settings_page and "1 unread" in settings_page
    assert "The monthly report is overdue" in notices
    names = ["โครงการปลูกต้นไม้ริมคลอง", "สำนักงานเขตบางรัก", "สมชาย ใจดี", "สมชาย", "ใจดี"]
    assert thai_left(settings_page, *names) == []
    assert thai_left(notices, *names) == []


def test_a_hostile_settings_post_is_refused_with_the_form_and_changes_nothing(client, people):
    client.force_login(people["staff"])

    response = client.post(
        reverse("reminders:settings"), {"language": "de'; DROP TABLE", "optional_reminders": "x"}
    )

    assert response.status_code == 200
    assert "error-summary" in response.content.decode()
    assert not ReminderPreference.objects.filter(user=people["staff"]).exists()


@given(language=st.text(max_size=50), optional=st.text(max_size=20))
@hypothesis_settings(max_examples=50)
def test_the_settings_form_takes_only_thai_or_english(language, optional):
    from reminders.forms import PreferenceForm

    form = PreferenceForm({"language": language, "optional_reminders": optional})
    assert form.is_valid() == (language in ("th", "en"))
