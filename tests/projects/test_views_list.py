"""The project list: filters, search, sorting, paging, exports and its fixed query count."""

import csv
import io
from datetime import date, datetime
from decimal import Decimal

import openpyxl
import pytest
from django import forms
from django.db import connection
from django.db.models import QuerySet
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from projects.choices import PlanStatus, ProjectStatus
from projects.filters import ProjectFilterSet
from projects.fiscal import fiscal_year_of
from projects.models import ProgressReport, Project
from tests.factories import AgencyFactory, ProgressReportFactory, ProjectFactory

pytestmark = pytest.mark.django_db
URL = reverse("projects:list")


def codes(response) -> list[str]:
    return [row.record.code for row in response.context["table"].paginated_rows]


@pytest.fixture
def this_year():
    return fiscal_year_of(timezone.localdate())


def test_defaults_to_the_current_fiscal_year(client, planner, sub_agency_a, this_year):
    ProjectFactory(code="01000000-0001", fiscal_year=this_year, agency=sub_agency_a)
    ProjectFactory(code="01000000-0002", fiscal_year=this_year - 1, agency=sub_agency_a)
    client.force_login(planner)
    response = client.get(URL)
    assert codes(response) == ["01000000-0001"]
    html = response.content.decode()
    assert f'<option value="{this_year}" selected>{this_year}</option>' in html
    assert f'<option value="{this_year - 1}">{this_year - 1}</option>' in html  # years that exist
    assert codes(client.get(URL, {"fiscal_year": ""})) == ["01000000-0001", "01000000-0002"]  # all years


def test_staff_see_only_their_agencies_projects_and_agencies(client, staff_a, project_a, project_b):
    client.force_login(staff_a)
    response = client.get(URL, {"fiscal_year": "2566"})
    assert codes(response) == [project_a.code]
    agency_choices = [str(a) for a in response.context["filter"].form.fields["agency"].queryset]
    assert agency_choices == ["สำนักงานเลขานุการสภากรุงเทพมหานคร", "ส่วนส่งเสริมความสัมพันธ์ระหว่างเมือง"]
    # Choosing another agency is refused, not silently widened.
    refused = client.get(URL, {"fiscal_year": "2566", "agency": project_b.agency.pk})
    assert codes(refused) == []
    assert "เลือกตัวเลือกที่ถูกต้อง" in refused.content.decode() or refused.context["filter"].errors


def test_agency_filter_includes_sub_agencies(client, planner, agency_a, sub_agency_a, agency_b):
    ProjectFactory(code="A-TOP", agency=agency_a)
    ProjectFactory(code="A-SUB", agency=sub_agency_a)
    ProjectFactory(code="B", agency=agency_b)
    client.force_login(planner)
    assert codes(client.get(URL, {"fiscal_year": "2566", "agency": agency_a.pk})) == ["A-SUB", "A-TOP"]
    assert codes(client.get(URL, {"fiscal_year": "2566", "agency": sub_agency_a.pk})) == ["A-SUB"]


def test_the_agency_select_lists_the_tree_read_without_a_streaming_cursor(
    client, planner, agency_a, sub_agency_a, agency_b, monkeypatch
):
    # `QuerySet.iterator()` is a server-side cursor on PostgreSQL: three round trips where one query will do.
    def refuse(*args, **kwargs):
        raise AssertionError("the agency choices streamed through QuerySet.iterator()")

    monkeypatch.setattr(QuerySet, "iterator", refuse)
    client.force_login(planner)
    html = client.get(URL, {"fiscal_year": "2566", "agency": sub_agency_a.pk}).content.decode()
    select = html[
        html.index('<select name="agency"') : html.index("</select>", html.index('<select name="agency"'))
    ]
    assert f'<option value="{sub_agency_a.pk}" selected>\u00a0\u00a0{sub_agency_a}</option>' in select
    assert select.index(str(agency_a)) < select.index(str(sub_agency_a)) < select.index(str(agency_b))


def test_the_agency_select_is_the_html_of_djangos_own_select(rf, planner, agency_a, sub_agency_a, agency_b):
    request = rf.get(URL, {"fiscal_year": "2566", "agency": sub_agency_a.pk})
    request.user = planner
    field = ProjectFilterSet(request.GET, queryset=Project.objects.all(), request=request).form["agency"]

    djangos = forms.Select(choices=field.field.choices).render(
        field.html_name, field.value(), {"id": field.auto_id}
    )

    assert str(field) == djangos
    assert f'<option value="{sub_agency_a.pk}" selected>' in djangos


def test_status_and_latest_plan_status_filters(client, planner, agency_a):
    cancelled = ProjectFactory(code="C", agency=agency_a, status=ProjectStatus.CANCELLED)
    on_track = ProjectFactory(code="D", agency=agency_a)
    # The older report was off plan, the latest is on plan: only the latest counts.
    ProgressReportFactory(project=on_track, number=1, plan_status=PlanStatus.OFF_PLAN)
    ProgressReportFactory(project=on_track, number=2, plan_status=PlanStatus.ON_PLAN)
    ProgressReportFactory(project=cancelled, number=1, plan_status=PlanStatus.OFF_PLAN)
    client.force_login(planner)
    assert codes(client.get(URL, {"fiscal_year": "2566", "status": "cancelled"})) == ["C"]
    assert codes(client.get(URL, {"fiscal_year": "2566", "plan_status": "off_plan"})) == ["C"]
    assert codes(client.get(URL, {"fiscal_year": "2566", "plan_status": "on_plan"})) == ["D"]


def test_search_by_code_or_name_with_decomposed_sara_am(client, planner, agency_a):
    ProjectFactory(code="01000000-2456", name="โครงการสภาบ้านพี่เมืองน้อง", agency=agency_a)
    ProjectFactory(code="04160000-6968", name="โครงการทำความสะอาดคลอง", agency=agency_a)
    client.force_login(planner)
    assert codes(client.get(URL, {"fiscal_year": "2566", "q": "2456"})) == ["01000000-2456"]
    assert codes(client.get(URL, {"fiscal_year": "2566", "q": "บ้านพี่"})) == ["01000000-2456"]
    # "ทํา" typed with nikhahit + sara aa, as the old system wrote it.
    assert codes(client.get(URL, {"fiscal_year": "2566", "q": " ท\u0e4d\u0e32ความสะอาด "})) == [
        "04160000-6968"
    ]


def test_figures_are_formatted_and_sortable(client, planner, agency_a):
    a = ProjectFactory(code="A", agency=agency_a, budget_received=Decimal("1643800.00"))
    b = ProjectFactory(code="B", agency=agency_a, budget_received=Decimal("1000.00"))
    ProgressReportFactory(
        project=a,
        number=1,
        report_date=date(2022, 10, 25),
        progress=Decimal("40"),
        disbursed=Decimal("411000.00"),
    )
    ProgressReportFactory(
        project=b, number=1, report_date=date(2023, 1, 30), progress=Decimal("8"), disbursed=Decimal("999.99")
    )
    client.force_login(planner)
    response = client.get(URL, {"fiscal_year": "2566"})
    html = response.content.decode()
    assert '<td class="num">1,643,800.00</td>' in html
    assert '<td class="num">40.00</td>' in html
    assert '<td class="num">25.00</td>' in html  # 411,000 of 1,643,800 used
    assert '<td class="num">100.00</td>' in html  # 999.99 of 1,000 rounds to 100.00
    assert '<td class="nowrap">25/10/2565</td>' in html
    assert codes(client.get(URL, {"fiscal_year": "2566", "sort": "-percent_used"})) == ["B", "A"]
    assert codes(client.get(URL, {"fiscal_year": "2566", "sort": "latest_progress"})) == ["B", "A"]
    assert codes(client.get(URL, {"fiscal_year": "2566", "sort": "-last_report_date"})) == ["B", "A"]
    assert codes(client.get(URL, {"fiscal_year": "2566", "sort": "-code"})) == ["B", "A"]


def test_fifty_rows_a_page_and_the_count_shown(client, planner, agency_a):
    ProjectFactory.create_batch(51, agency=agency_a)
    client.force_login(planner)
    first = client.get(URL, {"fiscal_year": "2566"})
    assert len(codes(first)) == 50
    assert "แสดง 1–50 จาก 51 โครงการ" in first.content.decode()
    second = client.get(URL, {"fiscal_year": "2566", "page": 2})
    assert len(codes(second)) == 1
    assert "แสดง 51–51 จาก 51 โครงการ" in second.content.decode()


def _exported(agency_a):
    project = ProjectFactory(
        code="01000000-2456",
        name="โครงการสภาบ้านพี่เมืองน้อง",
        agency=agency_a,
        budget_received=Decimal("9603371.83"),
    )
    ProgressReportFactory(
        project=project,
        number=1,
        report_date=date(2020, 9, 11),
        progress=Decimal("40.00"),
        disbursed=Decimal("960337.18"),
    )
    ProjectFactory(code="OTHER", agency=agency_a, name="โครงการอื่น")
    return project


def test_csv_export_has_thai_headers_and_raw_numbers_of_the_filtered_rows(client, planner, agency_a):
    _exported(agency_a)
    client.force_login(planner)
    response = client.get(URL, {"fiscal_year": "2566", "q": "2456", "_export": "csv"})
    today = timezone.localdate()
    be_today = f"{today.year + 543}-{today:%m-%d}"
    assert response["Content-Disposition"] == f'attachment; filename="projects-2566-{be_today}.csv"'
    assert response.content.startswith("\ufeff".encode())  # so that Excel reads the Thai
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == [
        "รหัสโครงการ",
        "ชื่อโครงการ/กิจกรรม",
        "ปีงบประมาณ",
        "หน่วยงาน",
        "ความก้าวหน้า (%)",
        "งบประมาณที่ได้รับ (บาท)",
        "ใช้ไป (%)",
        "รายงานล่าสุด",
    ]
    assert rows[1:] == [
        [
            "01000000-2456",
            "โครงการสภาบ้านพี่เมืองน้อง",
            "2566",
            "สำนักงานเลขานุการสภากรุงเทพมหานคร",
            "40.00",
            "9603371.83",
            "10.00",
            "11/09/2563",
        ]
    ]


def test_xlsx_export_has_numbers_as_numbers(client, planner, agency_a):
    _exported(agency_a)
    client.force_login(planner)
    response = client.get(URL, {"fiscal_year": "2566", "q": "2456", "_export": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    header, row = list(sheet.values)
    assert header[5] == "งบประมาณที่ได้รับ (บาท)"
    assert row[0] == "01000000-2456"
    assert row[4] == pytest.approx(40.0) and isinstance(row[4], float | int)
    assert row[5] == pytest.approx(9603371.83)
    assert row[6] == pytest.approx(10.0)
    assert row[7] == datetime(2020, 9, 11)  # a real date, shown in the Buddhist Era
    assert sheet.cell(row=2, column=8).number_format == "[$-107041E]dd/mm/yyyy"
    assert sheet.cell(row=2, column=6).number_format == "#,##0.00"
    assert sheet.cell(row=2, column=5).number_format == "0.00"
    assert sheet.title == "โครงการ"
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:H2"


def test_only_the_offered_export_formats(client, planner, agency_a):
    _exported(agency_a)
    client.force_login(planner)
    response = client.get(URL, {"fiscal_year": "2566", "_export": "yaml"})
    assert response["Content-Type"].startswith("text/html")


def _projects_with_reports(agency, count, prefix="Q"):
    projects = Project.objects.bulk_create(
        Project(
            code=f"{prefix}-{i:04d}",
            name=f"โครงการ {i}",
            fiscal_year=2566,
            agency=agency,
            budget_received=Decimal("1000.00"),
        )
        for i in range(count)
    )
    ProgressReport.objects.bulk_create(
        ProgressReport(
            project=p,
            number=n,
            report_date=date(2022, 10 + n, 25),
            progress=Decimal(10 * n),
            disbursed=Decimal("10.00"),
        )
        for p in projects
        for n in (1, 2)
    )


@pytest.mark.parametrize("who", ["planner", "staff_a"])
def test_the_list_costs_the_same_queries_for_1_and_500_projects(client, request, agency_a, who):
    user = request.getfixturevalue(who)
    client.force_login(user)
    _projects_with_reports(agency_a, 1)
    with CaptureQueriesContext(connection) as small:
        assert client.get(URL, {"fiscal_year": "2566"}).status_code == 200
    _projects_with_reports(AgencyFactory(parent=agency_a), 499, prefix="R")
    with CaptureQueriesContext(connection) as large:
        response = client.get(URL, {"fiscal_year": "2566"})
    assert "แสดง 1–50 จาก 500 โครงการ" in response.content.decode()
    assert len(large) == len(small), [q["sql"] for q in large]


def test_export_of_500_projects_costs_the_same_queries_as_of_1(
    client, planner, agency_a, django_assert_num_queries
):
    client.force_login(planner)
    _projects_with_reports(agency_a, 1)
    with CaptureQueriesContext(connection) as small:
        client.get(URL, {"fiscal_year": "2566", "_export": "csv"})
    _projects_with_reports(AgencyFactory(parent=agency_a), 499, prefix="R")
    with django_assert_num_queries(len(small)):
        response = client.get(URL, {"fiscal_year": "2566", "_export": "csv"})
    assert response.content.decode("utf-8-sig").count("\n") == 501


def test_a_late_page_shows_the_rows_of_its_place_in_the_order_and_costs_what_page_one_does(
    client, planner, agency_a
):
    client.force_login(planner)
    _projects_with_reports(agency_a, 120)
    with CaptureQueriesContext(connection) as first:
        client.get(URL, {"fiscal_year": "2566"})
    with CaptureQueriesContext(connection) as late:
        response = client.get(URL, {"fiscal_year": "2566", "page": 3})
    assert codes(response) == [f"Q-{i:04d}" for i in range(100, 120)]
    # The figures are those of the page's own projects, not of the first ones.
    row = response.context["table"].paginated_rows[0].record
    assert row.latest_progress == Decimal("20.00") and row.budget_used == Decimal("20.00")
    assert len(late) == len(first)
    response = client.get(URL, {"fiscal_year": "2566", "page": 2, "sort": "-code"})
    assert codes(response)[:2] == ["Q-0069", "Q-0068"]


def test_a_search_that_finds_nothing_this_year_says_where_it_matches(
    client, planner, sub_agency_a, this_year
):
    """The search hid other fiscal years without a word; now it names them with a link."""
    ProjectFactory(code="01000000-0777", name="โครงการถนนสวย", fiscal_year=this_year - 2, agency=sub_agency_a)
    client.force_login(planner)
    html = client.get(URL, {"q": "ถนนสวย"}).content.decode()
    assert "ไม่พบในปีงบประมาณที่เลือก แต่พบในปีงบประมาณอื่น:" in html
    assert (
        f'<a href="?q=%E0%B8%96%E0%B8%99%E0%B8%99%E0%B8%AA%E0%B8%A7%E0%B8%A2&amp;fiscal_year={this_year - 2}">'
        in html
    )
    assert f"ปี {this_year - 2} (1 โครงการ)" in html
    assert "ไม่พบในปีงบประมาณที่เลือก" not in client.get(URL, {"q": "ไม่มีที่ไหนเลย"}).content.decode()


def test_staff_find_batch_printing_from_the_project_list(client, staff_a, project_a):
    client.force_login(staff_a)
    html = client.get(URL).content.decode()
    assert f'href="{reverse("reports:batch-list")}"' in html


def test_a_refused_filter_is_listed_in_the_forms_one_error_summary(client, staff_a, project_a, project_b):
    """The shared summary (`includes/form_errors.html`): focused on load, each problem linked to its field."""
    client.force_login(staff_a)
    html = client.get(URL, {"fiscal_year": "2566", "agency": project_b.agency.pk}).content.decode()
    summary = html[html.index('class="error-summary"') :]
    summary = summary[: summary.index("</div>")]
    assert "data-error-summary" in summary and 'tabindex="-1"' in summary
    assert '<a href="#id_agency">' in summary
    assert "ไม่พบหน่วยงานที่เลือก กรุณาเลือกหน่วยงานจากรายการ" in summary
    assert "projects/forms.js" in html  # the script that focuses it
