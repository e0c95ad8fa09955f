"""Projects whose monthly report is overdue."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from projects.choices import ProjectStatus
from reports import selectors
from reports.views import common
from tests.factories import AgencyFactory, ProgressReportFactory, ProjectFactory, UserFactory

pytestmark = pytest.mark.django_db


URL = reverse("reports:overdue")


@pytest.fixture
def projects():
    district = AgencyFactory(name="สำนักงานเขตบางรัก")
    department = AgencyFactory(name="สำนักการแพทย์")
    reported = ProjectFactory(code="REPORTED", agency=district)
    ProgressReportFactory(project=reported, number=1, report_date=date(2023, 1, 24))
    ProgressReportFactory(project=reported, number=2, report_date=date(2023, 2, 20))
    late = ProjectFactory(
        code="LATE",
        agency=district,
        responsible="นายสมชาย ใจดี",
        phone="02 224 0001",
        status=ProjectStatus.ACTIVE,
    )
    ProgressReportFactory(project=late, number=1, report_date=date(2023, 1, 24), progress=Decimal("15"))
    ProjectFactory(code="DELAYED", agency=department, status=ProjectStatus.DELAYED, responsible="นางสาวสมศรี")
    ProjectFactory(code="CANCELLED", agency=department, status=ProjectStatus.CANCELLED)
    ProjectFactory(code="COMPLETED", agency=department, status=ProjectStatus.COMPLETED)
    ProjectFactory(code="ENDED", agency=department, end_date=date(2023, 1, 31))
    ProjectFactory(code="NEXT-YEAR", agency=department, fiscal_year=2567)


def codes(day: date, due_day: int = 25) -> list[str]:
    return [
        p.code
        for p in selectors.overdue_projects(
            user=UserFactory(planner=True, username="planner"), today=day, due_day=due_day
        )
    ]


def test_after_the_due_day_this_months_report_is_checked(projects):
    assert codes(date(2023, 2, 27)) == ["LATE", "DELAYED"]


def test_before_the_due_day_last_months_report_is_checked(projects):
    """On 10 February the February report is not yet due; January's is, and only DELAYED lacks it."""
    assert codes(date(2023, 2, 10)) == ["DELAYED"]


def test_on_the_due_day_itself_the_report_is_not_yet_late(projects):
    assert codes(date(2023, 2, 25)) == ["DELAYED"]
    assert codes(date(2023, 2, 25), due_day=20) == ["LATE", "DELAYED"]


def test_checked_month_across_the_new_year():
    assert selectors.overdue_month(date(2023, 1, 5), 25) == (2022, 12)
    assert selectors.overdue_month(date(2023, 1, 26), 25) == (2023, 1)


def test_page_groups_by_agency_with_responsible_phone_and_last_report(client, projects, monkeypatch, planner):
    monkeypatch.setattr(common, "local_today", lambda: date(2023, 2, 27))
    client.force_login(planner)
    response = client.get(URL)
    html = response.content.decode()
    assert "โครงการที่ค้างส่งรายงานประจำเดือนกุมภาพันธ์ 2566" in html
    assert "27 กุมภาพันธ์ 2566" in html
    assert "สำนักงานเขตบางรัก: <strong>1</strong> โครงการ" in html
    assert "สำนักการแพทย์: <strong>1</strong> โครงการ" in html
    assert "นายสมชาย ใจดี" in html and "02 224 0001" in html
    assert "24/01/2566" in html
    assert "REPORTED" not in html


def test_csv_export(client, projects, monkeypatch, planner):
    monkeypatch.setattr(common, "local_today", lambda: date(2023, 2, 27))
    client.force_login(planner)
    response = client.get(URL + "?export=csv")
    assert response["Content-Disposition"].endswith('overdue-2566-02-27.csv"')
    assert response.content.startswith("\ufeff".encode())  # so that Excel reads the Thai
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [(r["หน่วยงาน"], r["รหัสโครงการ"], r["รายงานล่าสุด"]) for r in rows] == [
        ("สำนักงานเขตบางรัก", "LATE", "24/01/2566"),
        ("สำนักการแพทย์", "DELAYED", ""),
    ]
    assert rows[0]["โทรศัพท์"] == "02 224 0001"


def test_due_day_comes_from_settings(client, projects, monkeypatch, settings, planner):
    settings.REPORT_DUE_DAY = 20
    monkeypatch.setattr(common, "local_today", lambda: date(2023, 2, 25))
    client.force_login(planner)
    response = client.get(URL)
    assert [p.code for p in response.context["table"].data] == ["LATE", "DELAYED"]
