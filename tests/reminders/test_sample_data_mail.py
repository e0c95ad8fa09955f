"""Tried as a newcomer would: the sample data loaded, a project left without this month's report, the mail
folder gets the D+1 message for `staff` and the D+7 message for `head`; running again adds nothing."""

from datetime import date, timedelta
from email import message_from_bytes, policy
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from projects.choices import ProjectStatus
from projects.fiscal import fiscal_year_of
from projects.models import ProgressReport, Project
from projects.roles import visible_projects

from .conftest import IMMEDIATE

pytestmark = pytest.mark.django_db


@pytest.fixture
def mail_folder(settings, tmp_path):
    settings.DEBUG = True  # a developer's machine (pytest-django turns DEBUG off)
    settings.EMAIL_BACKEND = "tracker.mail.EmlFileBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path / "mail")
    settings.TASKS = IMMEDIATE
    settings.REPORT_DUE_DAY = 25
    return tmp_path / "mail"


def letters(folder):
    found = {}
    for path in sorted(folder.glob("*.eml")):
        message = message_from_bytes(path.read_bytes(), policy=policy.default)
        found.setdefault(str(message["To"]), []).append(message)
    return found


def send(day: date) -> str:
    out = StringIO()
    call_command("send_reminders", "--date", day.isoformat(), stdout=out)
    return out.getvalue()


def test_d_plus_1_for_staff_and_d_plus_7_for_head_in_the_mail_folder(mail_folder):
    call_command("load_sample_data", stdout=StringIO(), stderr=StringIO())
    today = timezone.localdate()
    due = date(today.year, today.month, 25)
    from django.contrib.auth import get_user_model

    staff = get_user_model().objects.get(username="staff")
    # One of staff's running projects is left without this month's report.
    running = Project.objects.filter(
        fiscal_year=fiscal_year_of(due), status=ProjectStatus.ACTIVE, start_date__lte=due, end_date__gte=due
    )
    left = visible_projects(staff, running).order_by("code").first()
    ProgressReport.objects.filter(
        project=left, report_date__year=today.year, report_date__month=today.month
    ).delete()

    output = send(due + timedelta(days=1))

    assert "staff <staff@example.org>: เลยกำหนดส่งรายงาน (overdue)" in output
    [overdue] = letters(mail_folder)["staff@example.org"]
    assert "เลยกำหนดส่งรายงานประจำเดือนแล้ว" in str(overdue["Subject"])
    assert left.code in overdue.get_body(preferencelist=("plain",)).get_content()

    send(due + timedelta(days=7))
    bodies = [
        m.get_body(preferencelist=("plain",)).get_content() for m in letters(mail_folder)["head@example.org"]
    ]
    [escalation] = [text for text in bodies if "== โครงการในหน่วยงานของท่านที่ยังไม่ส่งรายงาน ==" in text]
    assert left.code in escalation

    files = sorted(mail_folder.glob("*.eml"))
    send(due + timedelta(days=1))
    send(due + timedelta(days=7))
    assert sorted(mail_folder.glob("*.eml")) == files
