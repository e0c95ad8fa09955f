"""The quarter page shows where each project's reports of the quarter stand in the head's sign-off and filters
by it; every report counts in the figures whatever its state (nothing is hidden until approved)."""

import csv
import io
from dataclasses import astuple
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from projects.choices import ApprovalState
from projects.models import ProgressReport
from reports import selectors
from tests.factories import ProgressReportFactory, ProjectFactory, UserFactory

from .evaluation_setup import project_behind_plan

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("after_the_quarter")]

A = ApprovalState
TODAY = date(2023, 2, 1)


@pytest.fixture
def quarter():
    """BEHIND: October approved, December submitted (January's report is quarter 2's). DRAFTY: a draft in
    November. BACK: a returned report. SILENT: nothing reported."""
    behind = project_behind_plan(code="BEHIND")
    behind.reports.filter(number=1).update(approval_state=A.APPROVED)
    behind.reports.filter(number=2).update(approval_state=A.SUBMITTED)
    behind.reports.filter(number=3).update(approval_state=A.APPROVED)
    drafty = ProjectFactory(code="DRAFTY")
    ProgressReportFactory(project=drafty, report_date=date(2022, 11, 20), progress=Decimal("20"))
    back = ProjectFactory(code="BACK")
    ProgressReportFactory(
        project=back, report_date=date(2022, 12, 5), progress=Decimal("35"), approval_state=A.RETURNED
    )
    ProjectFactory(code="SILENT")
    return {"behind": behind, "drafty": drafty, "back": back}


def quarter_url(**params) -> str:
    url = reverse("reports:quarter", kwargs={"fiscal_year": 2566, "quarter": 1})
    if params:
        from urllib.parse import urlencode

        url += "?" + urlencode(params)
    return url


def rows_by_code(client, **params) -> dict:
    return {r.code: r for r in client.get(quarter_url(**params)).context["table"].data}


def test_each_row_counts_the_quarters_reports_by_state(planner_client, quarter):
    rows = rows_by_code(planner_client)

    assert rows["BEHIND"].reports_by_state == {"draft": 0, "submitted": 1, "approved": 1, "returned": 0}
    assert rows["DRAFTY"].reports_by_state == {"draft": 1, "submitted": 0, "approved": 0, "returned": 0}
    assert rows["BACK"].approval_counts == [("returned", "ส่งกลับให้แก้ไข", 1)]
    assert rows["SILENT"].approval_counts == []


def test_the_page_shows_the_states_under_the_last_report(planner_client, quarter):
    html = planner_client.get(quarter_url(q="BEHIND")).content.decode()
    assert "ส่งแล้ว รออนุมัติ 1" in html
    assert "อนุมัติแล้ว 1" in html


@pytest.mark.parametrize(
    ("state", "codes"),
    [
        ("approved", ["BEHIND"]),
        ("submitted", ["BEHIND"]),
        ("draft", ["DRAFTY"]),
        ("returned", ["BACK"]),
        ("", ["BACK", "BEHIND", "DRAFTY", "SILENT"]),
    ],
)
def test_the_planner_filters_by_approval_state(planner_client, quarter, state, codes):
    assert sorted(rows_by_code(planner_client, approval=state)) == codes


def test_an_unknown_state_is_a_thai_message_not_an_error(planner_client, quarter):
    response = planner_client.get(quarter_url(approval="signed"))
    assert response.status_code == 200
    assert "เลือกตัวเลือกที่ถูกต้อง" in response.content.decode()  # beside the filter, in Thai


def test_the_export_names_each_state(planner_client, quarter):
    response = planner_client.get(quarter_url(export="csv", q="BEHIND"))
    [header, row] = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert row[header.index("การอนุมัติรายงานในไตรมาส")] == "ส่งแล้ว รออนุมัติ 1, อนุมัติแล้ว 1"


def _figures(user):
    projects = selectors.quarter_projects(user=user, fiscal_year=2566, quarter=1)
    rows = selectors.quarter_rows(projects, fiscal_year=2566, quarter=1, today=TODAY)
    shown = {r.code: (r.planned, r.actual, r.gap, r.computed_status, r.category, r.budget_used, r.last_report_date,
                      tuple(r.missing_months)) for r in rows}  # fmt: skip
    by_agency, by_strategy = selectors.rollups(projects)
    return (
        shown,
        [astuple(line) for line in by_agency],
        [astuple(line) for line in by_strategy],
        selectors.gap_bins(projects),
        selectors.quarter_summary(selectors.quarter_list(
            user=user, fiscal_year=2566, quarter=1, filters=None, today=TODAY)[1]),
    )  # fmt: skip


def test_nothing_is_hidden_from_the_figures_until_approved(quarter):
    """Drafts, submitted and returned reports count exactly as approved ones do."""
    planner = UserFactory(planner=True)
    mixed = _figures(planner)

    ProgressReport.objects.update(approval_state=A.APPROVED)
    approved = _figures(planner)

    assert mixed == approved
    assert mixed[0]["DRAFTY"][1] == Decimal("20.00")  # the draft's progress is the actual %
    assert mixed[0]["BEHIND"][1] == Decimal("30.00")  # the submitted December report
    assert mixed[0]["BACK"][1] == Decimal("35.00")  # the returned report
