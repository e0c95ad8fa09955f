"""Notices in a real browser: the count in the header, the notices page that marks them read, the settings page;
both pages fit 1366 px and 390 px."""

from datetime import date

import pytest

from projects.fiscal import fiscal_year_of
from projects.roles import ensure_groups
from reminders import services
from tests.factories import AgencyFactory, ProjectFactory, UserFactory

from .conftest import ARTIFACTS, follow, sign_in

PASSWORD = "correct-horse-battery"
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
DAY = date(2026, 11, 26)  # the day after November's due day


@pytest.fixture
def staff(settings):
    settings.REPORT_DUE_DAY = 25
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    ensure_groups()
    agency = AgencyFactory(code="43000000", name="สำนักงานเขตสะพานสูง")
    user = UserFactory(username="staff", first_name="สมศรี", last_name="ตั้งใจ", staff=True, agency=agency)
    for n in range(1, 4):
        ProjectFactory(
            code=f"43000000-000{n}",
            agency=agency,
            fiscal_year=fiscal_year_of(DAY),
            start_date=date(2026, 10, 1),
            end_date=date(2027, 9, 30),
            name=f"โครงการปรับปรุงทางเท้าและท่อระบายน้ำริมถนนสายหลักของเขตที่ยาวมากเพื่อทดสอบการตัดบรรทัด {n}",
        )
    services.run_day(DAY)
    return user


def _overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


def test_the_header_counts_unread_notices_and_the_pages_fit(browser, live_server, staff):
    for width, height in ((1366, 768), (390, 844)):
        context = browser.new_context(
            base_url=live_server.url, locale="th-TH", viewport={"width": width, "height": height}
        )
        page = context.new_page()
        page.set_default_timeout(10_000)
        try:
            sign_in(page, "staff", PASSWORD)
            badge = page.locator(".site-header__notices .badge")
            if width == 1366:
                assert badge.inner_text() == "1"
            follow(page, page.locator(".site-header__notices"))
            assert page.locator("h1").inner_text() == "การแจ้งเตือน"
            assert page.get_by_text("เลยกำหนดส่งรายงานประจำเดือนแล้ว").count() == 1
            assert _overflow(page) <= 0, f"notices scroll sideways at {width}px"
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / f"notices-{width}.png"), full_page=True)
            page.reload()
            assert page.locator(".site-header__notices .badge").count() == 0  # read once opened
            follow(page, page.get_by_role("link", name="ตั้งค่าการแจ้งเตือน"))
            assert _overflow(page) <= 0, f"settings scroll sideways at {width}px"
            page.screenshot(path=str(ARTIFACTS / f"notice-settings-{width}.png"), full_page=True)
        finally:
            context.close()
