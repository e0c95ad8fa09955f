"""Agency staff read their projects in a real browser: sign in, find a project, read its page and chart."""

from datetime import timedelta
from decimal import Decimal
from urllib.parse import urlparse

import pytest
from django.utils import timezone

from projects.fiscal import fiscal_year_bounds, fiscal_year_of
from projects.thai import format_date
from tests.factories import (
    PASSWORD,
    AgencyFactory,
    PlanStepFactory,
    ProgressReportFactory,
    ProjectFactory,
    UserFactory,
)

from .conftest import ARTIFACTS, follow, settled, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def readable_project():
    """A project of agency A in the current fiscal year with a plan and two reports; staff of A and of B."""
    today = timezone.localdate()
    year = fiscal_year_of(today)
    first_day, last_day = fiscal_year_bounds(year)
    agency_a = AgencyFactory(code="01000000", name="สำนักงานเลขานุการสภากรุงเทพมหานคร")
    agency_b = AgencyFactory(code="04160000", name="สำนักงานเขตบางรัก")
    project = ProjectFactory(
        code="01000000-2456",
        name="โครงการสภาบ้านพี่เมืองน้องและขยายความสัมพันธ์กับสภาเมืองต่างประเทศ",
        fiscal_year=year,
        agency=agency_a,
        start_date=first_day,
        end_date=last_day,
        budget_received=Decimal("9603371.83"),
    )
    for n in range(2, 30):  # other projects of the agency, so that the search has something to narrow
        ProjectFactory(code=f"01000000-{3000 + n}", fiscal_year=year, agency=agency_a)
    PlanStepFactory(
        project=project,
        number=1,
        weight=Decimal("40"),
        start_date=first_day,
        end_date=first_day + timedelta(days=60),
    )
    PlanStepFactory(
        project=project,
        number=2,
        weight=Decimal("60"),
        start_date=first_day + timedelta(days=61),
        end_date=last_day,
    )
    first_report = first_day
    second_report = max(first_day, today - timedelta(days=1))
    ProgressReportFactory(
        project=project,
        number=1,
        report_date=first_report,
        progress=Decimal("8.00"),
        disbursed=Decimal("1500.00"),
    )
    ProgressReportFactory(
        project=project,
        number=2,
        report_date=second_report,
        progress=Decimal("32.50"),
        disbursed=Decimal("2500.25"),
    )
    return {
        "project": project,
        "staff_a": UserFactory(
            staff=True, username="staff_a", agency=agency_a, first_name="สมศรี", last_name="ตั้งใจ"
        ),
        "staff_b": UserFactory(
            staff=True, username="staff_b", agency=agency_b, first_name="สมศรี", last_name="ตั้งใจ"
        ),
        "dates": (first_report, second_report),
    }


def _watch_console(page):
    problems = []
    page.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    return problems


def test_staff_finds_project_and_reads_its_page(page, readable_project, screenshot):
    problems = _watch_console(page)
    sign_in(page, "staff_a", PASSWORD)
    # Staff land on what they owe, one click from their projects.
    assert urlparse(page.url).path == "/"
    assert page.get_by_role("heading", name="งานของท่าน", exact=True).is_visible()
    page.get_by_role("link", name="ดูโครงการทั้งหมดของหน่วยงาน").click()
    assert page.url.endswith("/projects/")
    page.get_by_label("ค้นหา").fill("01000000-2456")
    follow(page, page.get_by_role("button", name="แสดงผล"))
    assert "แสดง 1–1 จาก 1 โครงการ" in page.locator(".list-results__count").inner_text()
    screenshot("project-list")

    follow(page, page.get_by_role("link", name="โครงการสภาบ้านพี่เมืองน้อง"))
    assert page.url.endswith(readable_project["project"].get_absolute_url())
    assert page.locator("[data-testid=progress]").inner_text() == "32.50"
    body = page.locator("main").inner_text()
    first, second = readable_project["dates"]
    assert format_date(first) in body and format_date(second) in body  # BE dates, e.g. 25/10/2569
    assert "9,603,371.83" in body
    page.locator("#progress-chart .main-svg").first.wait_for()
    assert page.locator("#progress-chart .scatterlayer .trace").count() == 2  # planned and reported
    # No plotly tool bar: its buttons are English and one offers to send the figure to plotly's cloud.
    page.locator("#progress-chart").hover()
    assert page.locator("#progress-chart .modebar").count() == 0
    screenshot("project-page")
    assert problems == []


def test_csp_header_is_strict_and_chart_draws_without_violations(page, readable_project):
    problems = _watch_console(page)
    sign_in(page, "staff_a", PASSWORD)
    response = page.goto(readable_project["project"].get_absolute_url())
    policy = response.headers["content-security-policy"]
    assert (
        "script-src 'self'" in policy and "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    )
    page.locator("#progress-chart .main-svg").first.wait_for()
    assert not [p for p in problems if "Content Security Policy" in p or "Refused" in p]
    assert problems == []


def test_staff_of_another_agency_gets_the_403_page(page, readable_project):
    sign_in(page, "staff_b", PASSWORD)
    response = page.goto(readable_project["project"].get_absolute_url())
    assert response.status == 403
    assert page.get_by_role("heading", name="ไม่มีสิทธิ์เข้าถึงหน้านี้").is_visible()


def test_language_switch_shows_english(page, readable_project):
    sign_in(page, "staff_a", PASSWORD)
    page.get_by_label("ภาษา").select_option("en")
    follow(page, page.get_by_role("button", name="เปลี่ยนภาษา"))
    assert page.get_by_role("heading", name="Your work", exact=True).is_visible()
    assert page.get_by_role("button", name="Sign out").is_visible()


def test_usable_at_phone_width(browser, live_server, readable_project):
    context = browser.new_context(
        base_url=live_server.url, locale="th-TH", viewport={"width": 375, "height": 800}
    )
    phone = context.new_page()
    try:
        sign_in(phone, "staff_a", PASSWORD)
        for path, name in (
            ("/projects/", "project-list-375"),
            (readable_project["project"].get_absolute_url(), "project-page-375"),
        ):
            phone.goto(path)
            settled(phone)
            overflow = phone.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at 375px"
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            phone.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
        phone.goto("/projects/")
        assert phone.locator(".table-scroll").first.evaluate("e => e.scrollWidth > e.clientWidth")
    finally:
        context.close()


def test_keyboard_users_get_a_visible_skip_link_first(page, readable_project):
    sign_in(page, "staff_a", PASSWORD)
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "ข้ามไปยังเนื้อหา"
    box = page.locator(".skip-link").bounding_box()
    assert box["x"] >= 0 and box["y"] >= 0  # moved on screen when focused
    background = page.locator(".skip-link").evaluate("e => getComputedStyle(e).backgroundColor")
    assert background == "rgb(255, 221, 0)"  # the focus yellow
