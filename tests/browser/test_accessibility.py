"""WCAG 2.1 AA, checked by axe-core in Chromium on the pages people use most.

axe-core comes from the npm registry (package.json); it is injected into the page for the check only.
"""

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from projects.choices import PlanStatus
from tests.factories import PASSWORD, PlanStepFactory, ProgressReportFactory, ProjectFactory, UserFactory

from .conftest import follow, settled, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture
def checked_page(browser, live_server):
    # The check is injected as a script, which our Content Security Policy rightly forbids: bypass it here only.
    context = browser.new_context(base_url=live_server.url, locale="th-TH", bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def violations(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG_AA,
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:5]}"
        for v in result["violations"]
    ]


@pytest.fixture
def reported_project():
    from tests.factories import AgencyFactory

    agency = AgencyFactory(code="43000000", name="สำนักงานเขตบางรัก")
    project = ProjectFactory(code="43000000-0001", agency=agency, fiscal_year=2566)
    PlanStepFactory(project=project, number=1, weight=Decimal("100"))
    ProgressReportFactory(
        project=project,
        number=1,
        report_date=date(2022, 11, 25),
        progress=Decimal("12.50"),
        plan_status=PlanStatus.MONITOR,
    )
    UserFactory(staff=True, agency=agency, username="somsri")
    UserFactory(head=True, agency=agency, username="prayoon")
    UserFactory(planner=True, username="wimonphan")
    return project


def test_the_heads_bulk_approval_and_its_message_meet_wcag_aa(checked_page, reported_project):
    from projects.models import ProgressReport

    ProgressReport.objects.update(approval_state="submitted")
    sign_in(checked_page, "prayoon", PASSWORD)
    checked_page.goto("/")
    assert violations(checked_page) == []
    checked_page.goto("/approvals/")
    assert violations(checked_page) == []
    checked_page.get_by_label("เลือกทุกรายงานในหน้านี้").check()
    follow(checked_page, checked_page.get_by_role("button", name="อนุมัติรายงานที่เลือก"))
    assert violations(checked_page) == []


def test_sign_in_page_meets_wcag_aa(checked_page, db):
    checked_page.goto("/accounts/login/")
    assert violations(checked_page) == []


def test_public_verification_pages_meet_wcag_aa(checked_page, settings, db):
    """The lookup form (number and check code), the page for a wrong code and the page for too many lookups."""
    settings.VERIFY_LOOKUPS_PER_ADDRESS = "1/h"
    checked_page.goto("/verify/")
    assert violations(checked_page) == []
    checked_page.goto("/verify/PF-2569-000001/?c=K7M2QX9P")
    assert checked_page.locator("h1").inner_text() == "ไม่พบเอกสาร"
    assert violations(checked_page) == []
    checked_page.goto("/verify/PF-2569-000002/?c=K7M2QX9P")
    assert checked_page.locator("h1").inner_text() == "ตรวจสอบเอกสารบ่อยเกินไป"
    assert violations(checked_page) == []


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/projects/?fiscal_year=2566",
        "/projects/2566/43000000-0001/",
        "/projects/2566/43000000-0001/reports/new/",
        "/projects/2566/43000000-0001/reports/1/edit/",
        "/projects/2566/43000000-0001/reports/1/evidence/",
        "/projects/2566/43000000-0001/plan/",
    ],
)
def test_staff_pages_meet_wcag_aa(checked_page, reported_project, path):
    sign_in(checked_page, "somsri", PASSWORD)
    checked_page.goto(path)
    settled(checked_page)
    assert violations(checked_page) == []


def test_report_form_with_errors_meets_wcag_aa(checked_page, reported_project):
    sign_in(checked_page, "somsri", PASSWORD)
    checked_page.goto("/projects/2566/43000000-0001/reports/new/")
    checked_page.get_by_label("ความก้าวหน้าสะสมของโครงการ (%)").fill("120")
    follow(checked_page, checked_page.get_by_role("button", name="บันทึกและส่งให้หัวหน้าหน่วยงานอนุมัติ", exact=True))
    assert violations(checked_page) == []


@pytest.mark.parametrize(
    "path", ["/evaluation/2566/q1/", "/evaluation/2566/q1/rollups/", "/evaluation/overdue/"]
)
def test_planning_office_pages_meet_wcag_aa(checked_page, reported_project, path):
    sign_in(checked_page, "wimonphan", PASSWORD)
    checked_page.goto(path)
    settled(checked_page)
    assert violations(checked_page) == []


@pytest.mark.parametrize(
    "path",
    [
        "/evaluation/2566/q1/",  # closed: history, versions and lock exceptions shown
        "/evaluation/2566/q1/rollups/",
        "/projects/2566/43000000-0001/",  # what changed since closing, the lock exception link
        "/projects/2566/43000000-0001/lock-exception/",
    ],
)
def test_closed_quarter_pages_meet_wcag_aa(checked_page, reported_project, path):
    from django.utils import timezone

    from projects.services.lock_exceptions import grant_lock_exception
    from reports import services

    planner = get_user_model().objects.get(username="wimonphan")
    services.close_quarter(fiscal_year=2566, quarter=1, user=planner)
    grant_lock_exception(
        project=reported_project,
        quarter=1,
        reason="แก้ยอดเบิกจ่าย",
        expires_at=timezone.now() + timezone.timedelta(days=1),
        user=planner,
    )
    reported_project.steps.update(weight=Decimal("100"), end_date=date(2022, 11, 30))
    sign_in(checked_page, "wimonphan", PASSWORD)
    checked_page.goto(path)
    settled(checked_page)
    assert violations(checked_page) == []
