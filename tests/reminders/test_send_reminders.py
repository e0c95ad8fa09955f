"""`send_reminders` against a real SMTP server: who gets which digest on D-3, D+1 and D+7, once."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command

from projects.choices import ProjectStatus
from reminders import delivery
from reminders.models import MessageStatus, Reminder, ReminderKind, ReminderMessage, ReminderPreference
from tests.factories import ProgressReportFactory, UserFactory
from tests.races import at_once

from .conftest import DUE, project_in

D_MINUS_3 = DUE - timedelta(days=3)
D_PLUS_1 = DUE + timedelta(days=1)
D_PLUS_7 = DUE + timedelta(days=7)


def send(day: date, *extra) -> str:
    out = StringIO()
    call_command("send_reminders", "--date", day.isoformat(), *extra, stdout=out)
    return out.getvalue()


@pytest.fixture
def projects(district, other_district):
    late = project_in(district, "50040000-0001", name="โครงการปรับปรุงทางเท้า ถนนสีลม")
    reported = project_in(district, "50040000-0002", name="โครงการลอกท่อระบายน้ำ")
    ProgressReportFactory(project=reported, number=1, report_date=date(2026, 11, 20))
    project_in(district, "50040000-0003", status=ProjectStatus.CANCELLED)
    project_in(district, "50040000-0004", status=ProjectStatus.COMPLETED)
    elsewhere = project_in(other_district, "50070000-0001", name="โครงการตลาดนัดชุมชน")
    return {"late": late, "reported": reported, "elsewhere": elsewhere}


def subject(message) -> str:
    # A long encoded subject is folded onto a continuation line; the parser keeps the fold's space.
    return str(message["Subject"]).strip()


def body(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def html(message) -> str:
    return message.get_body(preferencelist=("html",)).get_content()


def test_d_minus_3_reminds_the_staff_of_projects_without_the_months_report(smtp, people, projects):
    output = send(D_MINUS_3)

    assert sorted(rcpt[0] for rcpt, _ in smtp.messages) == ["somsri@bangkok.go.th", "wichai@bangkok.go.th"]
    [message] = smtp.to("somsri@bangkok.go.th")
    assert subject(message) == "[ระบบติดตามโครงการ กทม.] ใกล้ถึงกำหนดส่งรายงานประจำเดือน (1 โครงการ)"
    text = body(message)
    assert "50040000-0001 โครงการปรับปรุงทางเท้า ถนนสีลม" in text
    assert "กรุณารายงานภายในวันที่ 25/11/2569" in text
    assert "พฤศจิกายน 2569" in text
    # Reported, cancelled and completed projects are not mentioned.
    assert "50040000-0002" not in text and "50040000-0003" not in text and "50040000-0004" not in text
    entry = (
        f"https://tracker.example.go.th/projects/{projects['late'].fiscal_year}/50040000-0001/reports/new/"
    )
    assert f"บันทึกรายงาน: {entry}" in text
    assert f'href="{entry}"' in html(message)
    assert message["List-Unsubscribe"] == "<https://tracker.example.go.th/notices/settings/>"
    assert "somsri <somsri@bangkok.go.th>: ใกล้ถึงกำหนดส่งรายงาน (due_soon); 1 โครงการ" in output
    # Heads and the planning office are not reminded before the due day.
    assert smtp.to("head@bangkok.go.th") == [] and smtp.to("planner@bangkok.go.th") == []


def test_d_plus_1_says_overdue(smtp, people, projects):
    send(D_PLUS_1)

    [message] = smtp.to("somsri@bangkok.go.th")
    assert "เลยกำหนดส่งรายงานประจำเดือนแล้ว" in subject(message)
    assert "ครบกำหนดเมื่อวันที่ 25/11/2569" in body(message)
    assert [subject(m) for m in smtp.to("wichai@bangkok.go.th")] == [subject(message)]
    assert smtp.to("head@bangkok.go.th") == []


def test_d_plus_7_escalates_to_the_head_with_their_agencys_overdue_projects(smtp, people, projects):
    send(D_PLUS_7)

    [message] = smtp.to("head@bangkok.go.th")
    assert subject(message) == "[ระบบติดตามโครงการ กทม.] โครงการในหน่วยงานของท่านที่ยังไม่ส่งรายงาน (1 โครงการ)"
    text = body(message)
    assert "50040000-0001" in text and "50070000-0001" not in text
    # Heads edit nothing: the link opens the project page.
    fiscal_year = projects["late"].fiscal_year
    assert f"เปิดโครงการ: https://tracker.example.go.th/projects/{fiscal_year}/50040000-0001/\r\n" in text
    # A week after the due day it is the head's turn; staff were told on D+1.
    assert smtp.to("somsri@bangkok.go.th") == []


def test_a_second_run_sends_nothing(smtp, people, projects):
    send(D_PLUS_1)
    first = len(smtp.messages)

    output = send(D_PLUS_1)

    assert len(smtp.messages) == first == 2
    assert "รวม 0 ฉบับ" in output
    assert ReminderMessage.objects.count() == 2


def test_nobody_gets_two_optional_reminders_within_five_days(smtp, people, projects):
    send(D_MINUS_3)  # 22/11
    send(D_PLUS_1)  # 26/11: 4 days later, held back
    assert len(smtp.to("somsri@bangkok.go.th")) == 1

    send(DUE + timedelta(days=2))  # 27/11: five days after, the overdue reminder is caught up

    subjects = [subject(m) for m in smtp.to("somsri@bangkok.go.th")]
    assert len(subjects) == 2 and "เลยกำหนด" in subjects[1]
    days = sorted(Reminder.objects.filter(recipient=people["staff"]).values_list("day", flat=True))
    assert days == [D_MINUS_3, DUE + timedelta(days=2)]


def test_nothing_for_a_month_already_reported(smtp, people, projects):
    ProgressReportFactory(project=projects["late"], number=1, report_date=date(2026, 11, 24))
    ProgressReportFactory(project=projects["elsewhere"], number=1, report_date=date(2026, 11, 1))

    send(D_PLUS_1)

    assert smtp.messages == []


def test_one_digest_per_person_listing_all_their_projects(smtp, people, projects, district):
    project_in(district, "50040000-0005", name="โครงการอบรมอาสาสมัคร")

    send(D_PLUS_1)

    [message] = smtp.to("somsri@bangkok.go.th")
    assert "(2 โครงการ)" in subject(message)
    assert "50040000-0001" in body(message) and "50040000-0005" in body(message)


def test_english_for_a_user_who_chose_english(smtp, people, projects):
    ReminderPreference.objects.create(user=people["staff"], language="en")

    send(D_PLUS_1)

    [message] = smtp.to("somsri@bangkok.go.th")
    assert subject(message) == "[BMA project tracker] The monthly report is overdue (1 project)"
    assert "was due on 25/11/2569" in body(message)
    assert message["Content-Language"] == "en"


def test_optional_reminders_turned_off_are_not_sent_but_escalation_is(smtp, people, projects):
    for who in ("staff", "head"):
        ReminderPreference.objects.create(user=people[who], optional_reminders=False)

    send(D_PLUS_1)
    send(D_PLUS_7)

    assert smtp.to("somsri@bangkok.go.th") == []
    assert len(smtp.to("head@bangkok.go.th")) == 1


def test_thai_subject_and_body_survive_the_round_trip(smtp, people, projects):
    send(D_PLUS_1)

    [message] = smtp.to("wichai@bangkok.go.th")
    assert subject(message).startswith("[ระบบติดตามโครงการ กทม.] เลยกำหนดส่งรายงานประจำเดือนแล้ว")
    assert "โครงการตลาดนัดชุมชน" in body(message)
    assert "โครงการตลาดนัดชุมชน" in html(message)
    assert "เรียน สมชาย ใจดี" in body(message)


def test_a_user_without_an_address_is_skipped_and_listed(smtp, people, projects, district):
    UserFactory(username="noaddress", staff=True, agency=district, email="")

    output = send(D_PLUS_1)

    assert "ข้าม / skipped noaddress <->" in output
    assert "ไม่มีอีเมล / no e-mail address" in output
    assert len(smtp.messages) == 2  # the others still get theirs
    # The notice is still there in the app.
    assert Reminder.objects.filter(recipient__username="noaddress", kind=ReminderKind.OVERDUE).count() == 1


def test_a_rejected_address_is_recorded_and_the_others_are_sent(smtp, people, projects):
    smtp.reject_rcpt = {"somsri@bangkok.go.th"}

    send(D_PLUS_1)

    assert [rcpt for rcpt, _ in smtp.messages] == [["wichai@bangkok.go.th"]]
    refused = ReminderMessage.objects.get(address="somsri@bangkok.go.th")
    assert refused.status == MessageStatus.REJECTED
    assert "550" in refused.last_error
    preference = ReminderPreference.objects.get(user=people["staff"])
    assert preference.rejected_address == "somsri@bangkok.go.th"
    assert "mailbox unavailable" in preference.rejected_reason


def test_a_refused_message_is_retried_then_marked_failed_for_the_administrator(
    smtp, people, projects, settings
):
    settings.REMINDER_MAX_ATTEMPTS = 3
    smtp.refuse_data = 1  # the first message is answered "451 try again later"

    send(D_PLUS_1)

    waiting = ReminderMessage.objects.get(status=MessageStatus.RETRY)
    assert waiting.attempts == 1 and "451" in waiting.last_error
    assert len(smtp.messages) == 1
    # The next pass (the worker's deferred task, or the next scheduled run) sends it.
    result = delivery.deliver(now=waiting.next_attempt_at + timedelta(seconds=1))
    assert result.sent == 1 and len(smtp.messages) == 2
    waiting.refresh_from_db()
    assert waiting.status == MessageStatus.SENT and waiting.attempts == 2

    # A message the server keeps refusing ends as FAILED with the server's answer, never silently dropped.
    smtp.refuse_data = 10
    send(D_PLUS_7)
    failing = ReminderMessage.objects.get(address="head@bangkok.go.th")
    later = failing.created_at
    for _ in range(5):
        later += timedelta(hours=2)
        delivery.deliver(now=later)
    failing.refresh_from_db()
    assert failing.status == MessageStatus.FAILED and failing.attempts == 3
    assert "451 4.3.0 try again later" in failing.last_error


def test_dry_run_sends_and_records_nothing(smtp, people, projects):
    output = send(D_PLUS_1, "--dry-run")

    assert "จะส่ง / would send somsri <somsri@bangkok.go.th>: เลยกำหนดส่งรายงาน (overdue); 1 โครงการ" in output
    assert smtp.messages == [] and Reminder.objects.count() == 0


def test_a_bad_date_is_a_thai_message(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="รูปแบบ"):
        call_command("send_reminders", "--date", "26/11/2569")


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    "sqlite" in __import__("os").environ.get("DATABASE_URL", "sqlite"),
    reason="the in-memory SQLite test database locks tables instead of waiting; run on PostgreSQL",
)
def test_two_runs_at_once_send_each_digest_once(smtp, people, projects):
    outcomes = at_once(lambda: send(D_PLUS_1), lambda: send(D_PLUS_1))

    assert [o for o in outcomes if isinstance(o, Exception)] == []
    assert sorted(rcpt[0] for rcpt, _ in smtp.messages) == ["somsri@bangkok.go.th", "wichai@bangkok.go.th"]
    assert Reminder.objects.count() == 2
