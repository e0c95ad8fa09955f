"""Everyday use in a real browser: every main page fits 1366 and 390 px without scrolling sideways, the entry
form's new checks, bulk scoring that keeps scores people gave, and downloads that open well in Excel."""

import csv
import io
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse
from playwright.sync_api import expect

from projects.links import project_url
from projects.models import Evaluation
from reports.views import common
from tests.factories import (
    PASSWORD,
    AgencyFactory,
    EvaluationFactory,
    KpiFactory,
    PlanStepFactory,
    ProgressReportFactory,
    ProjectFactory,
    StrategyNodeFactory,
    UserFactory,
)
from tests.reports.evaluation_setup import project_behind_plan

from .conftest import ARTIFACTS, settled, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = {"desktop": (1366, 768), "phone": (390, 844)}
LONG_NAME = "โครงการพัฒนาระบบสารสนเทศเพื่อการบริหารจัดการและติดตามประเมินผลการดำเนินงานของหน่วยงานในสังกัด"


@pytest.fixture
def city(monkeypatch):
    """Quarter 1 of 2566 seen on 1/2/2566: a district with long names, a section and a department."""
    monkeypatch.setattr(common, "local_today", lambda: date(2023, 2, 1))
    district = AgencyFactory(code="50100000", name="สำนักงานเขตพระนคร")
    section = AgencyFactory(parent=district, name="ฝ่ายโยธา สำนักงานเขตพระนคร")
    medical = AgencyFactory(code="16000000", name="สำนักการแพทย์")
    strategy = StrategyNodeFactory(name="ด้านที่ ๗ - การบริหารจัดการเมืองมหานคร")
    main = project_behind_plan(
        code="50100000-2456", name=LONG_NAME, agency=district, strategy=strategy, phone="4277"
    )
    KpiFactory(project=main, target=Decimal("100"))
    for n, (agency, progress) in enumerate([(section, "35"), (medical, "10"), (medical, "60")], start=1):
        project = ProjectFactory(code=f"5010000{n}-2566", agency=agency, name=f"{LONG_NAME} ระยะที่ {n}")
        PlanStepFactory(project=project, number=1, weight=Decimal("100"))
        ProgressReportFactory(
            project=project, number=1, report_date=date(2022, 12, 20), progress=Decimal(progress)
        )
    UserFactory(planner=True, username="wimonphan")
    UserFactory(staff=True, agency=district, username="somchai")
    return main


def _context(browser, live_server, size):
    width, height = SIZES[size]
    context = browser.new_context(
        base_url=live_server.url, locale="th-TH", viewport={"width": width, "height": height}
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    return context, page


def _overflow(page) -> int:
    """How far the page reaches past the right edge of the screen (0 when nothing scrolls sideways)."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


@pytest.mark.parametrize("size", SIZES)
def test_no_main_page_scrolls_sideways(browser, live_server, city, size):
    kpi = city.kpis.get()
    staff_pages = {
        "list": reverse("projects:list") + "?fiscal_year=2566",
        "project": city.get_absolute_url(),
        "entry": project_url("report-create", city),
        "plan": project_url("plan-edit", city),
        "kpis": project_url("kpi-list", city),
        "kpi": project_url("kpi-edit", city, kpi_id=kpi.pk),
        "batches": reverse("reports:batch-list"),
        "blank": reverse("projects:blank-report"),
    }
    planner_pages = {
        "quarter": reverse("reports:quarter", kwargs={"fiscal_year": 2566, "quarter": 1}),
        "rollups": reverse("reports:rollups", kwargs={"fiscal_year": 2566, "quarter": 1}),
        "overdue": reverse("reports:overdue"),
        "score": reverse("reports:score-project", kwargs={"fiscal_year": 2566, "quarter": 1, "pk": city.pk}),
    }
    overflowing = {}
    for username, pages in (("somchai", staff_pages), ("wimonphan", planner_pages)):
        context, page = _context(browser, live_server, size)
        sign_in(page, username, PASSWORD)
        for name, url in pages.items():
            page.goto(url)
            settled(page)
            assert page.url.endswith(url), name  # the page itself, not a sign-in or error page
            if _overflow(page) > 0:
                overflowing[name] = _overflow(page)
        context.close()
    context, page = _context(browser, live_server, size)
    page.goto(reverse("reports:verify-lookup"))  # public: no sign-in
    if _overflow(page) > 0:
        overflowing["verify"] = _overflow(page)
    context.close()
    assert overflowing == {}


@pytest.mark.parametrize("size", SIZES)
def test_quarter_page_fits_with_every_column_in_view(browser, live_server, city, size):
    context, page = _context(browser, live_server, size)
    sign_in(page, "wimonphan", PASSWORD)
    page.goto(reverse("reports:quarter", kwargs={"fiscal_year": 2566, "quarter": 1}))
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"quarter-{SIZES[size][0]}.png"), full_page=True)
    assert _overflow(page) == 0
    width = SIZES[size][0]
    # The score and the evaluation link of every row are on screen, not past its right edge.
    for link in page.locator(".quarter-table a.score-link").all():
        box = link.bounding_box()
        assert box and box["x"] + box["width"] <= width
    if size == "phone":
        # a card per project, each cell naming its column
        assert page.locator(".quarter-table thead").is_hidden()
        expect(page.locator(".quarter-table td.plan-status").first).to_have_attribute(
            "data-label", "สถานะตามแผน"
        )
    else:
        # the header row stays in view while the list scrolls
        # scrolled well past the table's top, wherever the table starts (a wheel event scrolls later,
        # asynchronously; this scrolls now)
        scrolled, table_top = page.evaluate(
            """() => {
                const top = document.querySelector('.quarter-table tbody').getBoundingClientRect().top
                    + window.scrollY;
                window.scrollTo({top: top + 150, behavior: 'instant'});
                return [window.scrollY, top];
            }"""
        )
        assert scrolled > table_top  # the page is long enough to scroll past the table's top
        header = page.locator(".quarter-table thead th").first.bounding_box()
        assert header and 0 <= header["y"] < 5
    context.close()


def test_entry_form_at_phone_width_and_its_new_checks(browser, live_server, city):
    context, page = _context(browser, live_server, "phone")
    sign_in(page, "somchai", PASSWORD)
    page.goto(project_url("report-create", city))
    page.screenshot(path=str(ARTIFACTS / "entry-390.png"), full_page=True)
    assert _overflow(page) == 0
    summary_box = page.locator(".summary-list").bounding_box()
    assert summary_box and summary_box["x"] + summary_box["width"] <= 390

    # January already has a report: that is said first; the comma decimal is said beside the %
    page.get_by_label("วันที่รายงาน").fill("25/01/2566")
    page.get_by_label("ความก้าวหน้าสะสมของโครงการ (%)").fill("10,5")
    page.get_by_label("ผลการดำเนินงาน").fill("ประชุมคณะทำงาน")
    page.get_by_role("button", name="บันทึกและส่งให้หัวหน้าหน่วยงานอนุมัติ", exact=True).click()
    expect(page.locator(".error-summary li").first).to_contain_text("เดือนมกราคม 2566 มีรายงานแล้ว")
    expect(page.locator("#id_progress-error")).to_contain_text("มีจุลภาคที่ไม่ได้คั่นหลักพัน")
    reports = city.reports.count()

    # a report dated after today
    page.get_by_label("วันที่รายงาน").fill("15/12/2599")
    page.get_by_label("ความก้าวหน้าสะสมของโครงการ (%)").fill("40")
    page.get_by_role("button", name="บันทึกและส่งให้หัวหน้าหน่วยงานอนุมัติ", exact=True).click()
    expect(page.locator(".error-summary")).to_contain_text("เป็นวันในอนาคต")
    assert city.reports.count() == reports
    context.close()


def test_bulk_scoring_skips_the_rows_already_scored(browser, live_server, city):
    EvaluationFactory(project=city, quarter=1, score=Decimal("72.50"), comment="ละเอียด: ควรเร่งเบิกจ่ายงวดที่ 2")
    context, page = _context(browser, live_server, "desktop")
    sign_in(page, "wimonphan", PASSWORD)
    page.goto(reverse("reports:quarter", kwargs={"fiscal_year": 2566, "quarter": 1}))
    page.locator(".quarter-table thead input[type=checkbox]").check()  # every row, the scored one too
    page.get_by_label("คะแนนสำหรับรายการที่เลือก").fill("80")
    page.get_by_label("ความเห็นสำหรับรายการที่เลือก").fill("ตามเกณฑ์")
    page.get_by_role("button", name="บันทึกผลประเมินรายการที่เลือก").click()
    expect(page.locator(".message-success")).to_contain_text("บันทึกผลประเมิน 3 โครงการแล้ว · ข้าม 1 โครงการ")
    kept = Evaluation.objects.get(project=city, quarter=1)
    assert (kept.score, kept.comment) == (Decimal("72.5000"), "ละเอียด: ควรเร่งเบิกจ่ายงวดที่ 2")

    # replacing asks first, saying how many
    asked = []
    page.on("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    page.locator(".quarter-table thead input[type=checkbox]").check()
    page.get_by_label("คะแนนสำหรับรายการที่เลือก").fill("90")
    page.get_by_label("แทนที่คะแนนที่บันทึกไว้แล้ว").check()
    page.get_by_role("button", name="บันทึกผลประเมินรายการที่เลือก").click()
    assert asked == ["จะแทนที่คะแนนและความเห็นที่บันทึกไว้แล้วของ 4 โครงการ ยืนยันหรือไม่?"]
    assert Evaluation.objects.get(project=city, quarter=1).score == Decimal("72.5000")  # dismissed
    context.close()


def test_downloads_open_in_excel_with_thai_and_number_formats(browser, live_server, city, tmp_path):
    context, page = _context(browser, live_server, "desktop")
    sign_in(page, "wimonphan", PASSWORD)
    page.goto(reverse("reports:quarter", kwargs={"fiscal_year": 2566, "quarter": 1}))
    with page.expect_download() as csv_download:
        page.get_by_role("link", name="CSV").click()
    assert csv_download.value.suggested_filename == "evaluation-2566-q1-2566-02-01.csv"
    content = csv_download.value.path().read_bytes()
    assert content.startswith(b"\xef\xbb\xbf")
    header = next(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert "ชื่อโครงการ/กิจกรรม" in header

    with page.expect_download() as xlsx_download:
        page.get_by_role("link", name="Excel (XLSX)").click()
    xlsx_download.value.save_as(tmp_path / "evaluation.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "evaluation.xlsx").active
    columns = {cell.value: cell.column for cell in sheet[1]}
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "50100000-2456")
    used = row[columns["งบประมาณที่ใช้ไป (บาท)"] - 1]
    gap = row[columns["ผลต่าง"] - 1]
    last = row[columns["รายงานล่าสุด"] - 1]
    assert (used.value, used.number_format) == (410950, "#,##0.00")
    assert (gap.value, gap.number_format) == (-10, "0.00")
    assert last.is_date and last.value.date() == date(2022, 12, 20)
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref
    context.close()


@pytest.mark.parametrize("size", SIZES)
def test_closed_quarter_pages_do_not_scroll_sideways(browser, live_server, city, size):
    """The closed quarter's page (history, versions, an exception), the project page's changes since closing
    and the lock exception form, at desktop and phone width; screenshots kept for a look."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from projects.models import Project
    from projects.services.lock_exceptions import grant_lock_exception
    from reports import services

    planner = get_user_model().objects.get(username="wimonphan")
    services.close_quarter(fiscal_year=2566, quarter=1, user=planner, reason="ครบกำหนดส่งรายงานไตรมาส")
    grant_lock_exception(
        project=city,
        quarter=1,
        reason="หน่วยงานขอแก้ยอดเบิกจ่ายเดือนพฤศจิกายนที่บันทึกผิด",
        expires_at=timezone.now() + timezone.timedelta(days=2),
        user=planner,
    )
    Project.objects.filter(pk=city.pk).update(budget_received=Decimal("9603371.83"))
    city.steps.filter(number=1).update(end_date=date(2022, 11, 30))
    pages = {
        "closed-quarter": reverse("reports:quarter", kwargs={"fiscal_year": 2566, "quarter": 1}),
        "changes-since-closing": city.get_absolute_url(),
        "lock-exception": project_url("lock-exception", city),
    }
    context, page = _context(browser, live_server, size)
    sign_in(page, "wimonphan", PASSWORD)
    overflowing = {}
    for name, url in pages.items():
        page.goto(url)
        settled(page)
        assert page.url.endswith(url), name
        for details in page.locator("details.closure-history").all():
            details.locator("summary").click()
        if _overflow(page) > 0:
            overflowing[name] = _overflow(page)
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{name}-{size}.png"), full_page=True)
    expect(page.get_by_label("ไตรมาสที่เปิดให้แก้ไข")).to_be_visible()
    context.close()
    assert overflowing == {}
