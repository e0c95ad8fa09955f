"""A lock exception opens one project's closed quarter to its staff until a set time, then relocks by itself and
rewrites that project's snapshot once, with what changed: editing locks at the expiry itself, and the relock
pass (`relock_expired`, every minute) rewrites the snapshot without waiting for anyone to read the quarter."""

import json
import time
from datetime import date, timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from projects.choices import ProjectStatus
from projects.closing import is_date_in_closed_quarter, settle_expired_exceptions
from projects.models import ProgressReport, QuarterLockException, QuarterSnapshot
from projects.services.lock_exceptions import grant_lock_exception
from projects.services.plan import closed_quarters_of
from projects.services.reports import ReportInput, create_report, update_report
from projects.services.status import ProjectInput, change_status, update_project
from reports import services
from tests.factories import ProjectFactory, UserFactory
from tests.races import at_once
from tests.reports.evaluation_setup import budget_raised, project_behind_plan

pytestmark = pytest.mark.django_db

IN_QUARTER_1 = date(2022, 11, 25)  # FY 2566, quarter 1


@pytest.fixture
def planner():
    return UserFactory(planner=True)


@pytest.fixture
def project():
    return project_behind_plan(code="01000000-0001")


@pytest.fixture
def neighbour(project):
    """Another project of the same agency and year: the exception must not open it."""
    return ProjectFactory(fiscal_year=2566, agency=project.agency, code="01000000-0002")


@pytest.fixture
def staff(project):
    return UserFactory(staff=True, agency=project.agency)


@pytest.fixture
def closed(planner, project, neighbour):
    services.close_quarter(fiscal_year=2566, quarter=1, user=planner)


def grant(project, planner, *, hours=2, quarter=1, reason="แก้ยอดเบิกจ่ายเดือนพฤศจิกายน"):
    return grant_lock_exception(
        project=project,
        quarter=quarter,
        reason=reason,
        expires_at=timezone.now() + timedelta(hours=hours),
        user=planner,
    )


def november(progress="20.00"):
    return ReportInput(report_date=IN_QUARTER_1, progress=Decimal(progress), text="ประชุมคณะทำงาน")


def december_to(staff, project, progress):
    """Staff correct December's report (dated 20/12/2565, in quarter 1)."""
    report = project.reports.get(report_date=date(2022, 12, 20))
    data = ReportInput(report_date=report.report_date, progress=Decimal(progress), text="แก้ไขผลเดือนธันวาคม")
    return update_report(user=staff, report=report, version=report.version, data=data)


def expire(exception):
    """Time moves past the exception's expiry (the expiry is moved to the past rather than waited for)."""
    QuarterLockException.objects.filter(pk=exception.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )


def relock() -> str:
    """The relock pass, as the scheduler runs it every minute: what it prints."""
    out = StringIO()
    call_command("relock_expired", stdout=out)
    return out.getvalue()


def test_staff_write_into_the_opened_quarter_of_that_project_only(closed, project, neighbour, staff, planner):
    with pytest.raises(ValidationError, match="ปิดแล้ว"):
        create_report(user=staff, project=project, data=november())
    grant(project, planner)
    report = create_report(user=staff, project=project, data=november())
    assert report.number == 2  # between 25/10 and 20/12
    assert staff.has_perm("projects.change_report", report)
    assert not is_date_in_closed_quarter(IN_QUARTER_1, project.pk)
    assert is_date_in_closed_quarter(IN_QUARTER_1, neighbour.pk)
    with pytest.raises(ValidationError, match="ปิดแล้ว"):
        create_report(user=staff, project=neighbour, data=november())


def test_at_expiry_it_relocks_and_the_relock_pass_rewrites_the_projects_snapshot_once(
    closed, project, neighbour, staff, planner
):
    exception = grant(project, planner)
    report = create_report(user=staff, project=project, data=november("20.00"))
    december_to(staff, project, "36")
    assert relock() == ""  # nothing has ended yet
    expire(exception)

    # Relocked as soon as the expiry is read, before anything has run.
    report.refresh_from_db()
    assert not staff.has_perm("projects.change_report", report)
    with pytest.raises(ValidationError, match="ปิดแล้ว"):
        update_report(user=staff, report=report, version=report.version, data=november("25.00"))

    # The relock pass rewrites the snapshot with nobody reading the quarter; run again, it writes nothing.
    assert not QuarterSnapshot.objects.filter(version=2).exists()
    assert relock() == "ไตรมาสที่ 1 ปีงบประมาณ 2566: ปิดการแก้ไขอีกครั้งแล้ว บันทึกเป็นฉบับที่ 2\n"
    assert relock() == ""
    assert settle_expired_exceptions(fiscal_year=2566, quarter=1) is None  # a later read finds it settled
    assert QuarterSnapshot.objects.filter(version__gt=2).count() == 0
    rewritten = QuarterSnapshot.objects.get(version=2)
    assert rewritten.project == project and rewritten.cause == "exception" and rewritten.current
    assert rewritten.actual == Decimal("36.00")
    assert rewritten.changes["actual"] == ["30.00", "36.00"]
    assert rewritten.changes["reports_pending"] == [2, 3]  # November's report was added
    assert "planned" not in rewritten.changes
    assert QuarterSnapshot.objects.get(project=project, version=1).current is False
    assert QuarterSnapshot.objects.get(project=neighbour, version=1).current is True  # the others keep theirs
    exception.refresh_from_db()
    assert (exception.settled_version, exception.settled_at is not None) == (2, True)
    with pytest.raises(ValidationError, match="ปิดแล้ว"):  # and staff stay locked out
        create_report(user=staff, project=project, data=november("22.00"))
    # The project page lists what the exception changed, as recorded with the new version.
    client = Client()
    client.force_login(planner)
    html = " ".join(client.get(project.get_absolute_url()).content.decode().split())
    assert "ไตรมาสที่ 1 ปีงบประมาณ 2566 (ฉบับที่ 2)" in html
    assert "ฉบับนี้บันทึกเมื่อสิ้นสุดการเปิดแก้ไขเฉพาะโครงการ" in html
    assert "<li>ผล (%): 30.00 → 36.00</li>" in html


def test_the_quarter_page_and_export_notice_the_expiry_and_read_the_new_version(
    client, closed, project, staff, planner, capsys
):
    """The safety net: when the relock pass has not run since the expiry (the scheduler was down), the first
    read of the quarter rewrites the snapshot."""
    exception = grant(project, planner)
    december_to(staff, project, "36")
    expire(exception)
    call_command("export_quarter", "2566", "1")
    records = {r["code"]: r for r in json.loads(capsys.readouterr().out)}
    assert (records["01000000-0001"]["actual"], records["01000000-0001"]["version"]) == ("36.00", 2)
    assert records["01000000-0002"]["version"] == 1
    client.force_login(planner)
    html = " ".join(client.get("/evaluation/2566/q1/").content.decode().split())
    assert "สิ้นสุดการเปิดแก้ไขเฉพาะโครงการ" in html and "ฉบับที่ 2: 1 โครงการ" in html


def test_the_relock_writes_the_quarters_figures_not_what_changed_after_the_quarter(
    closed, project, staff, planner
):
    """The new version is of the figures as of the quarter's last day, as a closing's: it takes December's
    correction made during the exception, not a later quarter's report or a budget raised after the quarter,
    however late the pass runs."""
    exception = grant(project, planner)
    december_to(staff, project, "36")
    expire(exception)
    # After the expiry, before the pass runs: a report of quarter 2 (open) and a budget raise.
    create_report(
        user=staff,
        project=project,
        data=ReportInput(report_date=date(2023, 2, 20), progress=Decimal("50.00"), text="ส่งมอบงานงวดที่ 2"),
    )
    budget_raised(project, Decimal("2000000.00"), on=timezone.now())

    relock()
    before = QuarterSnapshot.objects.get(project=project, version=1)
    rewritten = QuarterSnapshot.objects.get(project=project, version=2)
    assert rewritten.actual == Decimal("36.00")
    assert rewritten.changes["actual"] == ["30.00", "36.00"]
    assert rewritten.budget_received == before.budget_received
    assert rewritten.last_report_date == before.last_report_date == date(2022, 12, 20)
    assert rewritten.missing_count == before.missing_count
    assert {"budget_received", "last_report_date", "missing_count"}.isdisjoint(rewritten.changes)


def test_the_relock_pass_settles_every_quarter_and_waits_for_an_exception_still_in_force(
    closed, project, neighbour, planner
):
    """One pass settles the ended exceptions of every closed quarter; a project another exception still opens
    is left until that one ends, then rewritten once."""
    services.close_quarter(fiscal_year=2566, quarter=2, user=planner, early=True)
    first = grant(project, planner)
    later = grant(project, planner, hours=4)
    expire(first)
    expire(grant(neighbour, planner, quarter=2))
    assert relock() == "ไตรมาสที่ 2 ปีงบประมาณ 2566: ปิดการแก้ไขอีกครั้งแล้ว บันทึกเป็นฉบับที่ 2\n"
    assert list(QuarterSnapshot.objects.filter(quarter=2, version=2).values_list("project", flat=True)) == [
        neighbour.pk
    ]
    assert not QuarterSnapshot.objects.filter(quarter=1, version=2).exists()  # `later` still opens project
    expire(later)
    assert relock() == "ไตรมาสที่ 1 ปีงบประมาณ 2566: ปิดการแก้ไขอีกครั้งแล้ว บันทึกเป็นฉบับที่ 2\n"
    assert relock() == ""
    assert set(QuarterLockException.objects.values_list("settled_version", flat=True)) == {2}


def test_an_exception_of_a_reopened_quarter_is_settled_without_a_new_version(closed, project, planner):
    exception = grant(project, planner)
    services.reopen_quarter(fiscal_year=2566, quarter=1, user=planner, reason="แก้ทั้งไตรมาส")
    expire(exception)
    assert "ไม่มีฉบับใหม่ที่ต้องบันทึก" in relock()
    assert relock() == ""
    assert not QuarterSnapshot.objects.filter(version=2).exists()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"hours": -1}, "วันเวลาสิ้นสุดต้องอยู่ในอนาคต"),
        ({"hours": 0}, "วันเวลาสิ้นสุดต้องอยู่ในอนาคต"),
        ({"quarter": 2}, "ไตรมาสที่ 2 ปีงบประมาณ 2566 ยังไม่ปิด"),
        ({"reason": "  "}, "กรุณาระบุเหตุผลที่เปิดให้แก้ไข"),
    ],
)
def test_bad_exceptions_are_refused_in_thai_and_nothing_is_written(closed, project, planner, kwargs, message):
    with pytest.raises(ValidationError, match=message):
        grant(project, planner, **kwargs)
    assert not QuarterLockException.objects.exists()


def test_only_the_planning_office_grants_exceptions(closed, project, staff):
    with pytest.raises(PermissionDenied):
        grant(project, staff)
    assert not QuarterLockException.objects.exists()


def test_the_planner_grants_one_on_the_page_and_a_past_expiry_is_refused(client, closed, project, planner):
    client.force_login(planner)
    url = f"/projects/2566/{project.code}/lock-exception/"
    assert "เปิดไตรมาสที่ปิดแล้วให้แก้ไขเฉพาะโครงการนี้" in client.get(project.get_absolute_url()).content.decode()
    # Only the closed quarter is offered; the time as its hint writes it (16:30), without seconds.
    form = client.get(url).content.decode()
    assert 'name="expires_time" value="16:30"' in form
    assert '<option value="1">ไตรมาสที่ 1</option>' in form and '<option value="2">' not in form
    response = client.post(
        url, {"quarter": "1", "reason": "แก้ยอด", "expires_on": "01/01/2566", "expires_time": "16:30"}
    )
    assert response.status_code == 200
    assert "วันเวลาสิ้นสุดต้องอยู่ในอนาคต" in response.content.decode()
    assert not QuarterLockException.objects.exists()

    tomorrow = timezone.localdate() + timedelta(days=1)
    response = client.post(
        url,
        {
            "quarter": "1",
            "reason": "แก้ยอดเบิกจ่าย",
            "expires_on": f"{tomorrow.day:02d}/{tomorrow.month:02d}/{tomorrow.year + 543}",
            "expires_time": "16:30",
        },
        follow=True,
    )
    assert "เปิดไตรมาสที่ 1 ให้หน่วยงานแก้ไขโครงการนี้ได้ถึง" in response.content.decode()
    exception = QuarterLockException.objects.get()
    assert timezone.localtime(exception.expires_at).date() == tomorrow
    assert (exception.granted_by, exception.reason) == (planner, "แก้ยอดเบิกจ่าย")


def test_an_exception_that_ends_after_a_reopening_writes_nothing(closed, project, planner):
    exception = grant(project, planner)
    services.reopen_quarter(fiscal_year=2566, quarter=1, user=planner, reason="แก้ทั้งไตรมาส")
    expire(exception)
    assert settle_expired_exceptions(fiscal_year=2566, quarter=1) is None
    assert not QuarterSnapshot.objects.filter(version=2).exists()
    assert QuarterLockException.objects.get().settled_at is not None


def test_the_plan_of_the_opened_project_may_change(closed, project, staff, planner):
    assert closed_quarters_of(user=staff, project=project) == {(2566, 1)}
    grant(project, planner)
    assert closed_quarters_of(user=staff, project=project) == set()
    assert ProgressReport.objects.filter(project=project).count() == 3


def test_the_status_and_budget_of_the_opened_project_may_change(closed, project, staff, planner, monkeypatch):
    """A status or budget change takes effect today: while today's quarter is closed it is refused, unless a
    lock exception opens that quarter to the project."""
    monkeypatch.setattr("projects.services.status.timezone.localdate", lambda: IN_QUARTER_1)
    refused = "จึงเปลี่ยนสถานะหรืองบประมาณของโครงการไม่ได้"
    more_budget = ProjectInput(
        project.responsible, project.phone, project.start_date, project.end_date, Decimal("2000000.00")
    )
    with pytest.raises(ValidationError, match=refused):
        change_status(user=staff, project=project, version=1, action="delay", reason="รองบประมาณ")
    with pytest.raises(ValidationError, match=refused):
        update_project(user=staff, project=project, version=1, data=more_budget)
    grant(project, planner)
    change_status(user=staff, project=project, version=1, action="delay", reason="รองบประมาณ")
    update_project(user=staff, project=project, version=2, data=more_budget)
    project.refresh_from_db()
    assert (project.status, project.budget_received) == (ProjectStatus.DELAYED, Decimal("2000000.00"))


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: SQLite takes its write lock when a transaction begins (transaction_mode "
    "IMMEDIATE), so there is no race to fire; run with DATABASE_URL=postgres://…",
)
@pytest.mark.django_db(transaction=True)
def test_requests_that_notice_an_expiry_together_rewrite_the_snapshot_once(planner):
    """Four requests see the same expired exception at once: the closure row's lock and the re-read under it
    let exactly one write version 2."""
    project = project_behind_plan(code="01000000-0001")
    ProjectFactory(fiscal_year=2566, agency=project.agency, code="01000000-0002")
    services.close_quarter(fiscal_year=2566, quarter=1, user=planner)
    expire(grant(project, planner))

    def notice():
        return settle_expired_exceptions(fiscal_year=2566, quarter=1)

    written = at_once(notice, notice, notice, notice)
    assert sorted(written, key=str) == [2, None, None, None]
    assert list(QuarterSnapshot.objects.filter(version=2).values_list("project", flat=True)) == [project.pk]
    assert QuarterSnapshot.objects.filter(current=True).count() == 2


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (see above)")
@pytest.mark.django_db(transaction=True)
def test_two_relock_passes_at_once_write_one_version(planner):
    """The scheduler on two machines (or a pass and a cron run) notice the same expiry together: one writes
    version 2, the other nothing."""
    project = project_behind_plan(code="01000000-0001")
    ProjectFactory(fiscal_year=2566, agency=project.agency, code="01000000-0002")
    services.close_quarter(fiscal_year=2566, quarter=1, user=planner)
    expire(grant(project, planner))
    printed = at_once(relock, relock)
    assert all(isinstance(out, str) for out in printed), printed  # neither pass failed
    assert list(QuarterSnapshot.objects.filter(version=2).values_list("project", flat=True)) == [project.pk]
    assert QuarterSnapshot.objects.filter(current=True).count() == 2
    assert sum("บันทึกเป็นฉบับที่ 2" in out for out in printed) == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (see above)")
@pytest.mark.django_db(transaction=True)
def test_a_staff_edit_racing_the_expiry_is_stored_before_the_rewrite_or_refused(planner):
    """An edit of the opened project and the rewrite at expiry take the same lock: the edit is either in the
    rewritten snapshot or refused, never stored after it unseen."""
    project = project_behind_plan(code="01000000-0001")
    staff = UserFactory(staff=True, agency=project.agency)
    services.close_quarter(fiscal_year=2566, quarter=1, user=planner)
    exception = grant(project, planner, hours=1)
    QuarterLockException.objects.filter(pk=exception.pk).update(
        expires_at=timezone.now() + timedelta(milliseconds=300)
    )

    def edit():
        return create_report(user=staff, project=project, data=november())

    def settle():
        time.sleep(0.35)
        return settle_expired_exceptions(fiscal_year=2566, quarter=1)

    edited, settled = at_once(edit, settle)
    assert not isinstance(settled, Exception), settled
    refused = isinstance(edited, ValidationError)
    assert refused or isinstance(edited, ProgressReport), edited  # stored, or refused with the closed quarter
    rewritten = QuarterSnapshot.objects.get(version=2)
    stored = ProgressReport.objects.filter(project=project, report_date=IN_QUARTER_1).exists()
    assert stored != refused
    assert rewritten.reports_pending == (3 if stored else 2)


def test_with_no_quarter_of_the_year_closed_the_page_offers_nothing_to_open(client, project, planner):
    client.force_login(planner)
    html = client.get(f"/projects/{project.fiscal_year}/{project.code}/lock-exception/").content.decode()
    assert f"ยังไม่มีไตรมาสใดของปีงบประมาณ {project.fiscal_year} ที่ปิดแล้ว" in html
    assert 'name="quarter"' not in html


def test_the_project_page_says_which_closed_quarter_is_open_until_when_and_why(
    client, closed, project, neighbour, staff, planner
):
    planner.first_name, planner.last_name = "วิมลพรรณ", "ศรีสุข"
    planner.save()
    exception = grant(project, planner, reason="แก้ยอดเบิกจ่ายเดือนพฤศจิกายนตามหนังสือ กค.")
    until = timezone.localtime(exception.expires_at)
    client.force_login(staff)

    html = " ".join(client.get(project.get_absolute_url()).content.decode().split())
    assert "ไตรมาสที่ 1/2566 ปิดแล้ว แต่เปิดให้แก้ไขเฉพาะโครงการนี้" in html
    assert f"แก้ไขได้ถึง {until.day:02d}/{until.month:02d}/{until.year + 543} {until:%H:%M}" in html
    assert "อนุญาตโดย วิมลพรรณ ศรีสุข" in html
    assert "เหตุผล: แก้ยอดเบิกจ่ายเดือนพฤศจิกายนตามหนังสือ กค." in html
    # Only on the project it opens, and only while it is in force.
    assert "เปิดให้แก้ไขเฉพาะโครงการนี้</h2>" not in client.get(neighbour.get_absolute_url()).content.decode()
    expire(exception)
    assert "เปิดให้แก้ไขเฉพาะโครงการนี้</h2>" not in client.get(project.get_absolute_url()).content.decode()


def test_the_project_pages_notice_of_an_open_quarter_reads_in_english(
    client, closed, project, staff, planner
):
    grant(project, planner, reason="แก้ยอดเบิกจ่าย")
    client.force_login(staff)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = " ".join(client.get(project.get_absolute_url()).content.decode().split())
    notice = html.split('data-testid="lock-exception">')[1].split("</div>")[0]
    assert "Quarter 1/2566 is closed, but open to changes for this project only" in notice
    assert "Granted by" in notice
    assert "แก้ไขได้ถึง" not in notice and "อนุญาตโดย" not in notice
