"""Closing a quarter freezes every project's figures: snapshots written once per closing, read by the closed
quarter's page, roll-ups, exports and printed summary, and never changed by a later edit."""

import io
import re
from datetime import date, timedelta
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from projects.choices import ApprovalState, PlanStatus, TargetStatus
from projects.models import (
    Agency,
    PlanStep,
    ProgressReport,
    Project,
    QuarterClosure,
    QuarterSnapshot,
    QuarterSnapshotVersion,
)
from projects.services.reports import ReportInput, update_report
from projects.services.status import ProjectInput, update_project
from projects.snapshots import SETTLING, changes_since_closing
from reports import services
from tests.factories import (
    EvaluationFactory,
    KpiFactory,
    KpiQuarterResultFactory,
    PlanStepFactory,
    UserFactory,
)
from tests.reports.pdf_fixtures import pdf_text

from .evaluation_setup import at, budget_raised, project_behind_plan, recorded_since

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("after_the_quarter")]

# The budget raise a test records after quarter 1 has ended (in quarter 2).
AFTER_THE_QUARTER = at(date(2023, 1, 10))
QUARTER_URL = reverse("reports:quarter", kwargs={"fiscal_year": 2566, "quarter": 1})
ROLLUPS_URL = reverse("reports:rollups", kwargs={"fiscal_year": 2566, "quarter": 1})
FOOTER = re.compile(r"verify/|QS-|เลขที่เอกสาร|รหัสตรวจสอบ|พิมพ์เมื่อ|SHA-256|^\s*[0-9a-f ]{16,}\s*$")


@pytest.fixture
def project():
    project = project_behind_plan(code="01000000-0001", budget_received=Decimal("1000000.00"))
    recorded_since(project, date(2022, 10, 1))
    ProgressReport.objects.filter(project=project, number=1).update(approval_state=ApprovalState.APPROVED)
    ProgressReport.objects.filter(project=project, number=2).update(
        approval_state=ApprovalState.SUBMITTED, target_status=TargetStatus.MET
    )
    kpi = KpiFactory(project=project, code="0100-0807")
    KpiQuarterResultFactory(
        kpi=kpi, quarter=1, result=Decimal("12.00"), score_1=Decimal("80"), score_2=Decimal("90")
    )
    EvaluationFactory(project=project, quarter=1, score=Decimal("70"), comment="ควรเร่งรัด")
    return project


def test_closing_writes_one_snapshot_per_project_with_the_quarters_figures(project):
    planner = UserFactory(planner=True)
    services.close_quarter(fiscal_year=2566, quarter=1, user=planner)
    snapshot = QuarterSnapshot.objects.get()
    assert (snapshot.project, snapshot.version, snapshot.current) == (project, 1, True)
    assert snapshot.planned == Decimal("40.00")
    assert snapshot.actual == Decimal("30.00")
    assert snapshot.gap == Decimal("-10.00")
    assert snapshot.plan_status == PlanStatus.ON_PLAN
    assert snapshot.computed_status == PlanStatus.MONITOR
    assert snapshot.target_status == TargetStatus.MET
    assert snapshot.budget_received == Decimal("1000000.00")
    assert snapshot.budget_used == Decimal("410950.00")  # the January report is after the quarter
    assert snapshot.kpi_results == [
        {
            "code": "0100-0807",
            "name": project.kpis.get().name,
            "result": "12.00",
            "score_1": "80.00",
            "score_2": "90.00",
        }
    ]
    assert (snapshot.score, snapshot.comment) == (Decimal("70.0000"), "ควรเร่งรัด")
    assert (snapshot.reports_approved, snapshot.reports_pending) == (1, 1)
    assert snapshot.last_report_date == date(2022, 12, 20)
    assert snapshot.missing_count == 1  # November has no report
    assert snapshot.taken_by == planner


def test_closing_again_writes_a_new_version_and_keeps_the_old_one(project):
    planner = UserFactory(planner=True)
    services.close_quarter(fiscal_year=2566, quarter=1, user=planner)
    services.reopen_quarter(fiscal_year=2566, quarter=1, user=planner, reason="แก้รายงานเดือนธันวาคม")
    ProgressReport.objects.filter(project=project, number=2).update(progress=Decimal("35.00"))
    services.close_quarter(fiscal_year=2566, quarter=1, user=planner)
    versions = list(QuarterSnapshot.objects.order_by("version").values_list("version", "current", "actual"))
    assert versions == [(1, False, Decimal("30.00")), (2, True, Decimal("35.00"))]


def _table(html: str) -> str:
    return re.search(r"<table.*?</table>", html, re.S).group(0)


def _summary_text(content: bytes) -> str:
    return "\n".join(line for line in pdf_text(content).splitlines() if not FOOTER.search(line))


def _xlsx_cells(content: bytes) -> list[tuple]:
    """Every cell of the export's sheet: the workbook's own bytes carry the time it was written."""
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    return list(sheet.iter_rows(values_only=True))


def _what_is_shown(client, agency_code: str | None = None) -> dict:
    page = client.get(QUARTER_URL).content.decode()
    rollups = client.get(ROLLUPS_URL).content.decode()
    agency_code = agency_code or Project.objects.get().agency.code
    summary = client.get(f"/evaluation/2566/q1/agency/{agency_code}/summary.pdf")
    return {
        "table": _table(page),
        "rollups": re.findall(r"<table.*?</table>", rollups, re.S),
        # The charts' data, as the page hands it to plotly.
        "charts": re.findall(
            r'<script id="(?:status|gap)-chart" type="application/json">.*?</script>', rollups
        ),
        "csv": client.get(QUARTER_URL, {"export": "csv"}).content,
        "xlsx": _xlsx_cells(client.get(QUARTER_URL, {"export": "xlsx"}).content),
        "summary": _summary_text(summary.content),
    }


def test_later_edits_by_the_administrator_do_not_change_the_closed_quarter(
    client, project, django_user_model
):
    planner = UserFactory(planner=True)
    client.force_login(planner)
    services.close_quarter(fiscal_year=2566, quarter=1, user=planner)
    before = _what_is_shown(client)
    assert "40.00" in before["table"] and "-10.00" in before["table"]
    assert "410,950.00" in before["summary"]

    # The administrator may change a closed quarter: a plan step, the budget and a report's date.
    PlanStep.objects.filter(project=project, number=1).update(
        weight=Decimal("20"), end_date=date(2022, 11, 30)
    )
    PlanStep.objects.filter(project=project, number=2).update(weight=Decimal("80"))
    budget_raised(project, Decimal("2000000.00"), on=AFTER_THE_QUARTER)
    ProgressReport.objects.filter(project=project, number=2).update(report_date=date(2023, 1, 5))
    PlanStepFactory(
        project=project,
        number=3,
        weight=Decimal("0"),
        start_date=date(2022, 10, 1),
        end_date=date(2022, 10, 2),
    )

    after = _what_is_shown(client)
    assert after == before
    # Live, the same quarter now reads otherwise: the figures above come from the snapshot.
    changes = changes_since_closing(project)
    assert [c["snapshot"].quarter for c in changes] == [1]
    assert changes[0]["changes"]["planned"] == ["40.00", "20.00"]
    assert changes[0]["changes"]["last_report_date"] == ["2022-12-20", "2022-10-25"]
    # The budget was raised in quarter 2: quarter 1's budget to its end has not changed.
    assert "budget_received" not in changes[0]["changes"]


def test_a_project_renamed_recoded_or_moved_after_the_closing_stays_as_the_closed_quarter_counted_it(
    client, project
):
    """Who a project was is frozen with its figures: a new code, name, agency, strategy or person responsible
    changes neither the closed quarter's page, filters, roll-ups, charts and exports, nor where it is counted."""
    from projects.snapshots import quarter_records
    from tests.factories import AgencyFactory, StrategyNodeFactory

    old_agency = project.agency
    old_strategy = StrategyNodeFactory(name="มหานครปลอดภัย")
    Project.objects.filter(pk=project.pk).update(strategy=old_strategy, responsible="นายสมชาย ใจดี")
    planner = UserFactory(planner=True)
    client.force_login(planner)
    services.close_quarter(fiscal_year=2566, quarter=1, user=planner)
    before = _what_is_shown(client, old_agency.code)
    assert "01000000-0001" in before["table"] and "มหานครปลอดภัย" in " ".join(before["rollups"])
    exported = quarter_records(fiscal_year=2566, quarter=1)

    new_agency = AgencyFactory(code="99000000", name="สำนักงานใหม่")
    Project.objects.filter(pk=project.pk).update(
        code="99000000-0099",
        name="ชื่อใหม่หลังปิดไตรมาส",
        agency=new_agency,
        strategy=StrategyNodeFactory(name="มหานครสีเขียว"),
        responsible="นางสาวสมหญิง รักงาน",
    )

    after = _what_is_shown(client, old_agency.code)
    # The one thing that follows the project: its link, to the page it has now.
    assert 'href="/projects/2566/01000000-0001/"' in before["table"]
    assert 'href="/projects/2566/99000000-0099/"' in after["table"]
    after["table"] = after["table"].replace("/2566/99000000-0099/", "/2566/01000000-0001/")
    assert after == before
    assert client.get("/projects/2566/99000000-0099/").status_code == 200
    assert quarter_records(fiscal_year=2566, quarter=1) == exported
    # Found where it was counted, not where it is now.
    found = client.get(QUARTER_URL, {"agency": old_agency.pk}).context["table"].data
    assert [row.code for row in found] == ["01000000-0001"]
    assert list(client.get(QUARTER_URL, {"agency": new_agency.pk}).context["table"].data) == []
    assert [row.code for row in client.get(QUARTER_URL, {"q": "0001"}).context["table"].data] == [
        "01000000-0001"
    ]
    assert list(client.get(QUARTER_URL, {"q": "ชื่อใหม่"}).context["table"].data) == []
    assert [
        row.code for row in client.get(QUARTER_URL, {"strategy": old_strategy.pk}).context["table"].data
    ] == ["01000000-0001"]


def test_an_agency_renamed_after_the_closing_keeps_its_name_on_the_closed_quarters_rows(client, project):
    """The project's rows (page, CSV, XLSX, export) keep the agency's name as it was at the closing; the
    group headings of roll-ups and summaries follow today's tree."""
    planner = UserFactory(planner=True)
    client.force_login(planner)
    old_name = project.agency.name
    services.close_quarter(fiscal_year=2566, quarter=1, user=planner)
    before = _what_is_shown(client)
    assert old_name.encode("utf-8") in before["csv"]

    Agency.objects.filter(pk=project.agency_id).update(name="ชื่อหน่วยงานที่เปลี่ยนหลังปิดไตรมาส")

    after = _what_is_shown(client)
    for shown in ("table", "csv", "xlsx"):
        assert after[shown] == before[shown], shown
    assert "ชื่อหน่วยงานที่เปลี่ยนหลังปิดไตรมาส".encode() not in after["csv"]
    assert "ชื่อหน่วยงานที่เปลี่ยนหลังปิดไตรมาส" in " ".join(after["rollups"])  # the heading follows the tree
    snapshot = QuarterSnapshot.objects.get(project=project)
    assert snapshot.agency_name == old_name


def test_reopened_quarter_reads_live_figures_again(client, project):
    planner = UserFactory(planner=True)
    client.force_login(planner)
    services.close_quarter(fiscal_year=2566, quarter=1, user=planner)
    services.reopen_quarter(fiscal_year=2566, quarter=1, user=planner, reason="แก้แผน")
    budget_raised(project, Decimal("2000000.00"), on=at(date(2022, 12, 15)))
    csv = client.get(QUARTER_URL, {"export": "csv"}).content.decode("utf-8-sig")
    assert ",410950.00,20.55," in csv  # budget used rate against the new budget (41.10 % before)


def test_the_project_page_lists_what_changed_since_each_closed_quarter(client, project):
    planner = UserFactory(planner=True)
    client.force_login(planner)
    services.close_quarter(fiscal_year=2566, quarter=1, user=planner)
    html = " ".join(client.get(project.get_absolute_url()).content.decode().split())
    assert "ไม่มีตัวเลขใดเปลี่ยนไปหลังปิดไตรมาส" in html

    PlanStep.objects.filter(project=project, number=1).update(
        weight=Decimal("20"), end_date=date(2022, 11, 30)
    )
    PlanStep.objects.filter(project=project, number=2).update(weight=Decimal("80"))
    budget_raised(project, Decimal("2000000.00"), on=AFTER_THE_QUARTER)
    html = " ".join(client.get(project.get_absolute_url()).content.decode().split())
    assert "สิ่งที่เปลี่ยนไปหลังปิดไตรมาส" in html
    assert "ไตรมาสที่ 1 ปีงบประมาณ 2566 (ฉบับที่ 1)" in html
    assert '<th scope="row">แผน (%)</th><td>40.00</td><td>20.00</td>' in html
    assert '<th scope="row">ผล (%)</th>' not in html  # unchanged fields are not listed
    assert '<th scope="row">งบประมาณที่ได้รับ</th>' not in html  # raised in quarter 2, not a change to 1


def test_the_closed_quarters_recorded_totals_are_what_counting_gives(client, project):
    """Unfiltered, a closed quarter's page reads the totals recorded with its snapshot; filtered, it counts.
    Both agree, after an exception's rewrite too."""
    from reports import selectors

    project_behind_plan(code="01000000-0002")  # reported on plan, figures say otherwise: a mismatch
    planner = UserFactory(planner=True)
    client.force_login(planner)
    services.close_quarter(fiscal_year=2566, quarter=1, user=planner)
    context = client.get(QUARTER_URL).context
    rows = selectors.quarter_list(
        user=planner, fiscal_year=2566, quarter=1, filters=None, today=date(2023, 2, 1)
    )[1]
    counted = selectors.quarter_summary(rows)
    assert counted == {"row_count": 2, "mismatch_count": 2, "missing_count": 2}
    assert {k: context[k] for k in counted} == counted


def _approval_cell(client, **params) -> str:
    """The closed quarter's table row of the project, whitespace folded: where its sign-off counts show."""
    return " ".join(_table(client.get(QUARTER_URL, params).content.decode()).split())


def test_a_report_approved_after_the_closing_leaves_the_closed_quarters_counts(client, project):
    """The head may still approve a report dated in a closed quarter; the quarter's page, filter and export
    keep the counts frozen at the closing, the project page lists the difference, and a new closing takes it."""
    from projects.services.approval import approve_report

    planner = UserFactory(planner=True)
    head = UserFactory(head=True, agency=project.agency)
    client.force_login(planner)
    services.close_quarter(fiscal_year=2566, quarter=1, user=planner)
    snapshot = QuarterSnapshot.objects.get()
    assert (snapshot.reports_submitted, snapshot.reports_approved, snapshot.reports_pending) == (1, 1, 1)
    assert (snapshot.reports_draft, snapshot.reports_returned) == (0, 0)

    approve_report(user=head, report=project.reports.get(number=2))
    assert project.reports.get(number=2).approval_state == ApprovalState.APPROVED

    table = _approval_cell(client)
    assert "ส่งแล้ว รออนุมัติ 1" in table and "อนุมัติแล้ว 1" in table
    assert "อนุมัติแล้ว 2" not in table
    # The filter reads the frozen counts too: still one submitted report, no project with two approved.
    assert client.get(QUARTER_URL, {"approval": "submitted"}).context["table"].data[0].code == project.code
    assert [r.reports_by_state for r in client.get(QUARTER_URL).context["table"].data] == [
        {"draft": 0, "submitted": 1, "approved": 1, "returned": 0}
    ]
    csv = client.get(QUARTER_URL, {"export": "csv"}).content.decode("utf-8-sig")
    assert "ส่งแล้ว รออนุมัติ 1, อนุมัติแล้ว 1" in csv
    [record] = services_export()
    assert (record["reports_approved"], record["reports_pending"]) == (1, 1)

    changes = changes_since_closing(project)[0]["changes"]
    assert changes == {"reports_submitted": [1, 0], "reports_approved": [1, 2], "reports_pending": [1, 0]}
    html = " ".join(client.get(project.get_absolute_url()).content.decode().split())
    assert '<th scope="row">รายงานที่อนุมัติแล้ว</th><td>1</td><td>2</td>' in html
    assert '<th scope="row">รายงานที่ส่งแล้ว รออนุมัติ</th><td>1</td><td>0</td>' in html

    services.reopen_quarter(fiscal_year=2566, quarter=1, user=planner, reason="รับการอนุมัติรายงานเดือนธันวาคม")
    services.close_quarter(fiscal_year=2566, quarter=1, user=planner)
    table = _approval_cell(client)
    assert "อนุมัติแล้ว 2" in table and "ส่งแล้ว รออนุมัติ" not in table
    assert list(client.get(QUARTER_URL, {"approval": "submitted"}).context["table"].data) == []
    [record] = services_export()
    assert (record["reports_approved"], record["reports_pending"], record["version"]) == (2, 0, 2)


def services_export() -> list[dict]:
    from projects.snapshots import quarter_records

    return quarter_records(fiscal_year=2566, quarter=1)


def test_a_closed_quarter_does_not_count_reports_live(project, django_assert_num_queries):
    """The frozen queryset carries the snapshot's counts; `with_approvals` adds no subquery over reports."""
    from reports import selectors

    planner = UserFactory(planner=True)
    services.close_quarter(fiscal_year=2566, quarter=1, user=planner)
    rows = selectors.quarter_list(
        user=planner, fiscal_year=2566, quarter=1, filters={"approval": "approved"}, today=date(2023, 2, 1)
    )[1]
    sql = str(rows.query)
    assert "projects_progressreport" not in sql
    assert [r["q_reports_approved"] for r in rows] == [1]


def test_a_quarter_closed_before_snapshots_existed_is_frozen_by_its_first_read(client, project):
    """A closure row left closed by an older version (no snapshot): the first read writes version 1 under the
    closure's lock, and from then on a later edit changes nothing the closed quarter shows."""
    QuarterClosure.objects.update_or_create(fiscal_year=2566, quarter=1, defaults={"closed": True})
    assert not QuarterSnapshot.objects.exists()
    client.force_login(UserFactory(planner=True))
    before = client.get(QUARTER_URL).content.decode()
    snapshot = QuarterSnapshot.objects.get()
    assert (snapshot.project, snapshot.version, snapshot.actual) == (project, 1, Decimal("30.00"))
    assert QuarterSnapshotVersion.objects.get().taken_by is None
    ProgressReport.objects.filter(project=project, number=2).update(progress=Decimal("95.00"))
    Project.objects.filter(pk=project.pk).update(budget_received=Decimal("2.00"))
    after = client.get(QUARTER_URL).content.decode()
    assert _table(after) == _table(before)
    assert QuarterSnapshot.objects.count() == 1  # read again, not frozen again


def _prefetched_kpis(project):
    from django.db.models import Prefetch

    from projects.models import KpiQuarterResult

    return list(
        project.kpis.order_by("id").prefetch_related(
            Prefetch("quarters", KpiQuarterResult.objects.order_by("quarter"))
        )
    )


def test_changes_since_two_closings_are_read_together_and_match_the_snapshots(project):
    """Just after the closings nothing differs; then each quarter lists only its own changes, the same whether
    the indicators are read here or handed over by the page."""
    planner = UserFactory(planner=True)
    kpi = project.kpis.get()
    KpiQuarterResultFactory(kpi=kpi, quarter=2, result=Decimal("5.00"), score_1=None, score_2=None)
    EvaluationFactory(project=project, quarter=2, score=Decimal("60"), comment="ตามแผน")
    services.close_quarter(fiscal_year=2566, quarter=1, user=planner)
    services.close_quarter(fiscal_year=2566, quarter=2, user=planner, early=True)
    project.refresh_from_db()
    closed = {(2566, 1), (2566, 2)}

    nothing = changes_since_closing(project)
    assert [(c["snapshot"].quarter, c["changes"]) for c in nothing] == [(1, {}), (2, {})]

    kpi.quarters.filter(quarter=1).update(result=Decimal("15.00"))
    project.evaluations.filter(quarter=2).update(comment="ล่าช้า")
    project = budget_raised(project, Decimal("2000000.00"), on=at(date(2023, 2, 15)))

    read_here = changes_since_closing(project)
    handed_over = changes_since_closing(project, closed=closed, kpis=_prefetched_kpis(project))
    assert read_here == handed_over
    first, second = (c["changes"] for c in read_here)
    # Raised in February, inside quarter 2: a change to quarter 2's budget to its end, none to quarter 1's.
    assert "budget_received" not in first
    assert second["budget_received"] == ["1000000.00", "2000000.00"]
    assert [k["result"] for k in first["kpi_results"][1]] == ["15.00"]
    assert "kpi_results" not in second and "comment" not in first
    assert second["comment"] == ["ตามแผน", "ล่าช้า"]
    # Only the closed quarters the caller names are compared.
    assert [c["snapshot"].quarter for c in changes_since_closing(project, closed={(2566, 2)})] == [2]


def test_the_project_page_costs_the_same_queries_with_one_closed_quarter_or_two(client, project):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    planner = UserFactory(planner=True)
    client.force_login(planner)
    services.close_quarter(fiscal_year=2566, quarter=1, user=planner)
    client.get(project.get_absolute_url())  # the session and caches settle
    with CaptureQueriesContext(connection) as one:
        assert client.get(project.get_absolute_url()).status_code == 200
    services.close_quarter(fiscal_year=2566, quarter=2, user=planner, early=True)
    with CaptureQueriesContext(connection) as two:
        response = client.get(project.get_absolute_url())
    assert [c["snapshot"].quarter for c in response.context["page"].changes_since_closing] == [1, 2]
    assert len(two) == len(one), "\n".join(q["sql"] for q in two)
    # The closed quarters are read once for the whole page.
    assert sum('FROM "reports_quarterclosure"' in q["sql"] for q in two) == 1


def _taken_at(project):
    return QuarterSnapshot.objects.get(project=project, current=True).taken_at


def test_a_snapshot_taken_well_after_the_projects_last_recorded_change_is_not_compared_again(
    project, django_assert_num_queries
):
    """The page hands over its change history: when every recorded change is older than the snapshot (by more
    than `SETTLING`), the figures cannot differ, and only the snapshot is read."""
    services.close_quarter(fiscal_year=2566, quarter=1, user=UserFactory(planner=True))
    taken_at = _taken_at(project)
    kpis = _prefetched_kpis(project)
    with django_assert_num_queries(1):
        found = changes_since_closing(
            project,
            closed={(2566, 1)},
            kpis=kpis,
            last_recorded=taken_at - SETTLING - timedelta(seconds=1),
            history_read=True,
        )
    assert [(c["snapshot"].quarter, c["changes"]) for c in found] == [(1, {})]


@pytest.mark.parametrize("recorded_before", [timedelta(seconds=1), timedelta(0), None])
def test_a_change_recorded_close_to_or_after_the_snapshot_is_still_compared(project, recorded_before):
    """A change recorded within `SETTLING` before the snapshot, or after it, is compared: December's progress
    written behind the history's back here shows as the difference it is."""
    services.close_quarter(fiscal_year=2566, quarter=1, user=UserFactory(planner=True))
    taken_at = _taken_at(project)
    ProgressReport.objects.filter(project=project, number=2).update(progress=Decimal("35.00"))
    last = taken_at + timedelta(minutes=5) if recorded_before is None else taken_at - recorded_before
    [found] = changes_since_closing(project, closed={(2566, 1)}, last_recorded=last, history_read=True)
    assert found["changes"]["actual"] == ["30.00", "35.00"]


def test_the_project_page_shows_a_change_saved_after_the_closing(client, project):
    """End to end: December's report corrected through its service after the closing is in the history, so
    the page compares again and shows the progress and the gap it moved."""
    planner = UserFactory(planner=True)
    services.close_quarter(fiscal_year=2566, quarter=1, user=planner)
    client.force_login(planner)
    [before] = client.get(project.get_absolute_url()).context["page"].changes_since_closing
    assert before["lines"] == []
    december = project.reports.get(number=2)
    update_report(
        user=UserFactory(admin=True),
        report=december,
        version=december.version,
        data=ReportInput(
            report_date=december.report_date,
            progress=Decimal("35.00"),
            text=december.text,
            disbursed=december.disbursed,
            plan_status=december.plan_status,
            target_status=december.target_status,
            reason="หน่วยงานยืนยันว่าเป็นไปตามแผน",
        ),
    )
    [after] = client.get(project.get_absolute_url()).context["page"].changes_since_closing
    assert [(line["before"], line["after"]) for line in after["lines"]] == [
        ("30.00", "35.00"),
        ("-10.00", "-5.00"),
    ]


def _raise_through_the_service(project, amount):
    project = Project.objects.get(pk=project.pk)
    update_project(
        user=UserFactory(admin=True),
        project=project,
        version=project.version,
        data=ProjectInput(
            responsible=project.responsible or "",
            phone=project.phone or "",
            start_date=project.start_date,
            end_date=project.end_date,
            budget_received=amount,
            rationale=project.rationale or "",
            objectives=project.objectives or "",
            targets=project.targets or "",
        ),
    )


def test_a_budget_raised_through_the_service_after_the_quarter_is_no_change_to_it(client, project):
    """The budget received to a quarter's end is the one the history recorded by then: raised today (years
    after quarter 1 of 2566), it is recorded and shown on the project, but the closed quarter lists no
    change, and closing it again freezes the budget it had."""
    planner = UserFactory(planner=True)
    services.close_quarter(fiscal_year=2566, quarter=1, user=planner)
    client.force_login(planner)
    _raise_through_the_service(project, Decimal("2000000.00"))
    assert Project.objects.get(pk=project.pk).budget_received == Decimal("2000000.00")
    [found] = client.get(project.get_absolute_url()).context["page"].changes_since_closing
    assert found["lines"] == []
    services.reopen_quarter(fiscal_year=2566, quarter=1, user=planner, reason="ทบทวนไตรมาส")
    services.close_quarter(fiscal_year=2566, quarter=1, user=planner)
    assert list(QuarterSnapshot.objects.order_by("version").values_list("version", "budget_received")) == [
        (1, Decimal("1000000.00")),
        (2, Decimal("1000000.00")),
    ]


@pytest.mark.parametrize(
    ("raised_at", "frozen"),
    [
        (at(date(2022, 12, 15)), "2000000.00"),
        (at(date(2022, 12, 31), 23, 59, 59), "2000000.00"),  # the quarter's last second, Bangkok time
        (at(date(2023, 1, 1), 0, 0, 0), "1000000.00"),  # still 31 December in UTC, but quarter 2 in Bangkok
        (AFTER_THE_QUARTER, "1000000.00"),
    ],
)
def test_closing_again_takes_a_budget_raised_within_the_quarter_not_one_raised_after_it(
    project, raised_at, frozen
):
    """Closed early on 10 December and closed again after a raise: the new version holds the raise when it
    was recorded by the quarter's last day, else the budget as it stood then."""
    planner = UserFactory(planner=True)
    services.close_quarter(fiscal_year=2566, quarter=1, user=planner, early=True, today=date(2022, 12, 10))
    services.reopen_quarter(fiscal_year=2566, quarter=1, user=planner, reason="รับงบประมาณเพิ่ม")
    budget_raised(project, Decimal("2000000.00"), on=raised_at)
    services.close_quarter(fiscal_year=2566, quarter=1, user=planner)
    assert list(QuarterSnapshot.objects.order_by("version").values_list("version", "budget_received")) == [
        (1, Decimal("1000000.00")),
        (2, Decimal(frozen)),
    ]


def test_a_closing_larger_than_a_batch_freezes_every_project_with_its_own_figures(monkeypatch):
    """The closing reads and writes `BATCH_SIZE` projects at a time: across the batches' edges each project
    keeps its own budget and indicator results, and the version counts them all."""
    from projects import snapshots

    monkeypatch.setattr(snapshots, "BATCH_SIZE", 2)
    projects = [
        project_behind_plan(code=f"01000000-10{n:02d}", budget_received=Decimal(1000 * (n + 1)))
        for n in range(5)
    ]
    for n, project in enumerate(projects):
        kpi = KpiFactory(project=project, code=f"K-{n}")
        KpiQuarterResultFactory(kpi=kpi, quarter=1, result=Decimal(n), score_1=None, score_2=None)
    services.close_quarter(fiscal_year=2566, quarter=1, user=UserFactory(planner=True))
    frozen = {s.project.code: s for s in QuarterSnapshot.objects.select_related("project")}
    assert len(frozen) == 5
    for n, project in enumerate(projects):
        snapshot = frozen[project.code]
        assert snapshot.budget_received == Decimal(1000 * (n + 1))
        assert [(k["code"], k["result"]) for k in snapshot.kpi_results] == [(f"K-{n}", f"{n}.00")]
    assert QuarterSnapshotVersion.objects.get().projects == 5


def test_a_closed_quarters_rows_are_drawn_once_and_drawn_again_when_a_row_changes(
    client, project, monkeypatch
):
    """A page of a closed quarter's rows is kept once drawn: the same rows are not drawn again, the page is the
    same, and a new closing with another figure draws the new one (the kept page is never shown for it)."""
    from django.core.cache import caches

    from reports import tables

    caches["default"].clear()
    caches["fragments"].clear()
    drawn = []
    link = tables.project_url
    monkeypatch.setattr(tables, "project_url", lambda record: drawn.append(record.pk) or link(record))
    planner = UserFactory(planner=True)
    client.force_login(planner)

    client.get(QUARTER_URL)
    assert drawn == [project.pk]  # open: drawn at every request
    client.get(QUARTER_URL)
    assert drawn == [project.pk] * 2

    services.close_quarter(fiscal_year=2566, quarter=1, user=planner)
    drawn.clear()
    first = _table(client.get(QUARTER_URL).content.decode())
    again = _table(client.get(QUARTER_URL).content.decode())
    assert (drawn, again) == ([project.pk], first)
    assert "30.00" in first

    services.reopen_quarter(fiscal_year=2566, quarter=1, user=planner, reason="แก้รายงานเดือนธันวาคม")
    ProgressReport.objects.filter(project=project, number=2).update(progress=Decimal("35.00"))
    services.close_quarter(fiscal_year=2566, quarter=1, user=planner)
    drawn.clear()
    table = _table(client.get(QUARTER_URL).content.decode())
    assert drawn == [project.pk]
    assert "35.00" in table and "30.00" not in table
    # In English the same rows are drawn in English, not taken from the Thai page.
    client.cookies["django_language"] = "en"
    english = _table(client.get(QUARTER_URL).content.decode())
    assert drawn == [project.pk] * 2 and english != table
    # Kept in a cache of its own, apart from the rate limits' counters, which a full cache would otherwise drop
    # to make room: emptying the default cache leaves the drawn rows, emptying the fragments draws them again.
    caches["default"].clear()
    client.get(QUARTER_URL)
    assert drawn == [project.pk] * 2
    caches["fragments"].clear()
    client.get(QUARTER_URL)
    assert drawn == [project.pk] * 3
