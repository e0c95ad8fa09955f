"""The whole sign-off chain in a real browser, as the three roles meet it on 5 January 2566 BE (quarter 1 of
FY 2566 has just ended): staff enter and submit December's report; the head returns it with a comment; staff
read the comment on their landing page, correct and resubmit; the head approves the month in two clicks (select
all, approve); the planning office sees the approved states on the quarter page, filters by them, scores and
closes the quarter. The administrator's later corrections leave the closed quarter's page, export and printed
summary as they were; a lock exception opens one project to its staff until it ends, and its end freezes that
project again as a new version listing what changed."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from projects import thai
from projects.choices import ApprovalState
from projects.closing import is_date_in_closed_quarter
from projects.links import project_url
from projects.models import (
    Evaluation,
    ProgressReport,
    Project,
    QuarterLockException,
    QuarterSnapshot,
    QuarterSnapshotVersion,
    SnapshotCause,
)
from projects.roles import ensure_groups
from projects.services.plan import StepInput, save_plan
from projects.services.status import ProjectInput, update_project
from projects.snapshots import changes_since_closing
from reports.models import PrintedDocument
from reports.printing import print_meta
from tests.factories import (
    PASSWORD,
    AgencyFactory,
    PlanStepFactory,
    ProgressReportFactory,
    ProjectFactory,
    UserFactory,
)
from tests.reports.pdf_fixtures import pdf_text

from .conftest import ARTIFACTS, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TODAY = date(2023, 1, 5)
A = ApprovalState
QUARTER_PAGE = "/evaluation/2566/q1/"
# Generous: a PDF is laid out by the live server while other tests load the machine.
SLOW = 120_000


@pytest.fixture
def sign_off_projects(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: TODAY)
    ensure_groups()
    agency = AgencyFactory(code="43000000", name="สำนักงานเขตสะพานสูง")
    staff = UserFactory(username="staff", first_name="สมศรี", last_name="ตั้งใจ", staff=True, agency=agency)
    UserFactory(username="head", first_name="ประยูร", last_name="หัวหน้า", head=True, agency=agency)
    UserFactory(planner=True, username="planner", first_name="วิมลพรรณ", last_name="พิมสาร")
    projects = {}
    for n in (1, 2, 3, 4):
        project = ProjectFactory(
            code=f"43000000-000{n}", agency=agency, fiscal_year=2566, name=f"โครงการปรับปรุงทางเท้า ซอย {n}"
        )
        PlanStepFactory(project=project, number=1, weight=Decimal("100"))
        projects[n] = project
    for n in (1, 2):  # December, already sent by staff
        ProgressReportFactory(
            project=projects[n],
            number=1,
            report_date=date(2022, 12, 26),
            progress=Decimal("30.00"),
            approval_state=A.SUBMITTED,
            created_by=staff,
        )
    # Project 4: November's report still a draft.
    ProgressReportFactory(
        project=projects[4],
        number=1,
        report_date=date(2022, 11, 24),
        progress=Decimal("15.00"),
        created_by=staff,
    )
    return projects


def _overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


def _as(browser, live_server, username, width=1366, height=768):
    context = browser.new_context(
        base_url=live_server.url, locale="th-TH", viewport={"width": width, "height": height}
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    sign_in(page, username, PASSWORD)
    return context, page


def _shot(page, name):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def _quarter_table(page) -> str:
    """The closed quarter's table as the planner reads it."""
    page.goto(QUARTER_PAGE)
    table = page.locator("table", has_text="43000000-0001")
    expect(table).to_be_visible(timeout=SLOW)
    return table.inner_text()


def _rows(page) -> dict[str, str]:
    """Each project's row of the quarter table on the page, by project code."""
    rows = page.locator("table", has_text="43000000-0001").locator("tbody tr").all_inner_texts()
    return {f"43000000-000{n}": next(r for r in rows if f"43000000-000{n}" in r) for n in (1, 2, 3, 4)}


def _summary_text(page, live_server) -> str:
    """The agency's quarterly summary PDF as `pdftotext` reads it, less what differs on every print.

    Each print is a new numbered document: its number and random check code (beside the QR code, in the
    verification URL and in every page's footer) and its print time (Bangkok time, to the minute) are
    replaced by placeholders, nothing else. Who printed it stays, and so does the SHA-256 line: it is the
    fingerprint of the data printed, so it must be the same when the figures are."""
    response = page.request.get("/evaluation/2566/q1/agency/43000000/summary.pdf", timeout=SLOW)
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    text = pdf_text(response.body())
    document = PrintedDocument.objects.latest("pk")
    meta = print_meta(document, live_server.url)
    for value, placeholder in (
        (meta.number, "<number>"),
        (meta.check_code, "<check code>"),
        (meta.printed_at, "<printed at>"),
    ):
        assert value in text, f"{value} is not printed as expected"
        text = text.replace(value, placeholder)
    assert text.count("<number>") >= 2 and text.count("<printed at>") >= 2  # beside the QR and in the footer
    return text


def _closed_quarter_as_shown(page, live_server) -> dict:
    csv = page.request.get(f"{QUARTER_PAGE}?export=csv", timeout=SLOW)
    assert csv.status == 200
    return {
        "table": _quarter_table(page),
        "csv": csv.body(),
        "summary": _summary_text(page, live_server),
    }


def _refused_as_closed(staff, edit_url: str) -> None:
    """The report's edit page sends staff back to the project page saying the quarter is closed."""
    staff.goto(edit_url)
    expect(staff.locator(".messages")).to_contain_text("ไตรมาสที่ 1 ปีงบประมาณ 2566 ปิดแล้ว")
    assert not staff.url.endswith(edit_url)
    expect(staff.get_by_label("ความก้าวหน้าสะสมของโครงการ (%)")).to_have_count(0)


def _administrator_corrects(project: Project) -> None:
    """Through the services the administrator's pages call: a plan step's weight and dates and a new step,
    then the budget received. The administrator may change a closed quarter."""
    admin = UserFactory(admin=True, username="admin")
    first = project.steps.get(number=1)
    save_plan(
        user=admin,
        project=project,
        version=Project.objects.get(pk=project.pk).version,
        steps=[
            StepInput(
                id=first.pk,
                description=first.description,
                weight=Decimal("60"),
                start_date=date(2022, 10, 1),
                end_date=date(2022, 12, 31),
            ),
            StepInput(
                description="ซ่อมทางเท้าช่วงที่เหลือ",
                weight=Decimal("40"),
                start_date=date(2023, 1, 1),
                end_date=date(2023, 9, 30),
            ),
        ],
    )
    project = Project.objects.get(pk=project.pk)
    update_project(
        user=admin,
        project=project,
        version=project.version,
        data=ProjectInput(
            responsible=project.responsible or "",
            phone=project.phone or "",
            start_date=project.start_date,
            end_date=project.end_date,
            budget_received=Decimal("2500000.00"),
            rationale=project.rationale or "",
            objectives=project.objectives or "",
            targets=project.targets or "",
        ),
    )


def test_the_whole_sign_off_chain(browser, live_server, sign_off_projects):
    third = sign_off_projects[3]

    # Staff: the project page says when the report is due; they enter December's late and submit it.
    context, page = _as(browser, live_server, "staff")
    page.goto(third.get_absolute_url())
    expect(page.locator(".due-note")).to_have_text("ส่งภายในวันที่ 25 มกราคม 2566 (อีก 20 วัน)")
    page.get_by_role("link", name="บันทึกผลการดำเนินงานประจำเดือน").click()
    page.get_by_label("วันที่รายงาน").fill("28/12/2565")
    page.get_by_label("ความก้าวหน้าสะสมของโครงการ (%)").fill("25")
    page.get_by_label("ผลการดำเนินงาน").fill("สำรวจทางเท้าที่ชำรุดครบทั้งซอย")
    page.get_by_label("งบประมาณที่เบิกใช้ในครั้งนี้ (บาท)").fill("12,000")
    page.get_by_role("button", name="บันทึกและส่งให้หัวหน้าหน่วยงานอนุมัติ", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("ส่งแล้ว รออนุมัติ")
    report = ProgressReport.objects.get(project=third)
    assert report.approval_state == A.SUBMITTED
    context.close()

    # Head: the landing page counts three waiting; they return the new one with what to correct.
    context, page = _as(browser, live_server, "head")
    expect(page.get_by_text("รออนุมัติ 3 รายงาน")).to_be_visible()
    page.goto(third.get_absolute_url())
    page.get_by_text("ส่งกลับให้แก้ไข", exact=True).click()
    page.get_by_label("สิ่งที่ต้องแก้ไข (จำเป็น)").fill("แนบภาพถ่ายก่อนและหลังซ่อม และแก้ยอดเบิกจ่ายเป็น 12,500 บาท")
    page.get_by_role("button", name="ส่งกลับ", exact=True).click()
    expect(page.get_by_text("กลับให้แก้ไขแล้ว")).to_be_visible()
    context.close()
    report.refresh_from_db()
    assert report.approval_state == A.RETURNED

    # Staff: the landing page shows the returned report with the head's comment, at phone and desk width.
    for width, height in ((390, 844), (1366, 768)):
        context, page = _as(browser, live_server, "staff", width, height)
        returned = page.locator("#home-returned").locator("..")
        expect(returned).to_contain_text("แนบภาพถ่ายก่อนและหลังซ่อม และแก้ยอดเบิกจ่ายเป็น 12,500 บาท")
        expect(returned).to_contain_text("ประยูร หัวหน้า")
        due = page.locator("#home-due").locator("..")
        expect(due).to_contain_text("ส่งภายในวันที่ 25 มกราคม 2566 (อีก 20 วัน)")
        for n in (1, 2, 3, 4):  # nobody has reported January yet
            expect(due).to_contain_text(f"43000000-000{n}")
        assert _overflow(page) <= 0, f"the landing page scrolls sideways at {width}px"
        _shot(page, f"chain-staff-landing-{width}")
        if width == 1366:
            # Correct and resubmit, from the landing page.
            returned.get_by_role("link", name="แก้ไขแล้วส่งใหม่").click()
            page.get_by_label("งบประมาณที่เบิกใช้ในครั้งนี้ (บาท)").fill("12,500")
            page.get_by_role("button", name="บันทึกและส่งให้หัวหน้าหน่วยงานอนุมัติ", exact=True).click()
            expect(page.locator(".messages")).to_contain_text("ส่งแล้ว รออนุมัติ")
            page.goto("/")
            expect(page.locator("#home-returned").locator("..")).to_contain_text("ไม่มีรายงานที่ถูกส่งกลับ")
        context.close()
    report.refresh_from_db()
    assert report.approval_state == A.SUBMITTED and report.disbursed == Decimal("12500.00")

    # Head: select all, approve.
    context, page = _as(browser, live_server, "head")
    page.get_by_role("link", name="ไปที่รายงานที่รออนุมัติ").click()
    page.get_by_label("เลือกทุกรายงานในหน้านี้").check()
    page.get_by_role("button", name="อนุมัติรายงานที่เลือก").click()
    expect(page.locator(".messages")).to_have_text("อนุมัติรายงาน 3 รายการแล้ว")
    context.close()
    assert sorted(ProgressReport.objects.values_list("project__code", "approval_state")) == [
        ("43000000-0001", A.APPROVED),
        ("43000000-0002", A.APPROVED),
        ("43000000-0003", A.APPROVED),
        ("43000000-0004", A.DRAFT),
    ]

    # Planning office: the quarter shows each project's sign-off state and filters by it.
    context, page = _as(browser, live_server, "planner")
    page.goto("/evaluation/2566/q1/")
    row = page.locator("tr", has_text="43000000-0003")
    expect(row).to_contain_text("อนุมัติแล้ว 1")
    expect(row).to_contain_text("25.00")  # the corrected report's progress
    expect(page.locator("tr", has_text="43000000-0004")).to_contain_text("ร่าง 1")
    _shot(page, "chain-quarter")
    page.locator(".filter-panel summary").click()
    page.get_by_label("มีรายงานในไตรมาสที่อยู่ในสถานะการอนุมัติ").select_option(label="อนุมัติแล้ว")
    page.get_by_role("button", name="กรอง").click()
    expect(page.locator(".table-summary strong").first).to_have_text("3")
    expect(page.locator("tbody")).not_to_contain_text("43000000-0004")
    page.get_by_label("มีรายงานในไตรมาสที่อยู่ในสถานะการอนุมัติ").select_option(label="ร่าง")
    page.get_by_role("button", name="กรอง").click()
    expect(page.locator(".table-summary strong").first).to_have_text("1")
    expect(page.locator("tbody")).to_contain_text("43000000-0004")
    _shot(page, "chain-quarter-draft")

    # Scores the corrected project, then closes the quarter.
    page.goto("/evaluation/2566/q1/")
    page.locator("tr", has_text="43000000-0003").get_by_role("link", name="ประเมิน").click()
    page.get_by_label("คะแนนประเมินโครงการ").fill("80")
    page.get_by_label("ความเห็นของ สยป.").fill("ดำเนินการตามแผน")
    page.get_by_role("button", name="บันทึกผลประเมิน").click()
    expect(page.locator("tr", has_text="43000000-0003")).to_contain_text("80.00")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="ปิดไตรมาส").click()
    expect(page.locator(".closure-state")).to_have_text("ไตรมาสนี้ปิดแล้ว")
    _shot(page, "chain-quarter-closed")
    assert Evaluation.objects.get(project=third, quarter=1).score == Decimal("80")
    assert is_date_in_closed_quarter(date(2022, 12, 28))

    # The closed quarter as the planner reads, exports and prints it; then the administrator corrects
    # project 4's plan and budget. The quarter reads the same; live, the project's plan has moved (the budget
    # was raised after the quarter's end, so quarter 1's budget to its end has not).
    fourth = sign_off_projects[4]
    page.set_default_timeout(60_000)
    before = _closed_quarter_as_shown(page, live_server)
    rows_before = _rows(page)
    assert "43000000-0004" in before["table"] and "ร่าง 1" in before["table"]
    # Project 4 as closed: planned 25.21 % on 31 December (one step over the year), budget 1,643,800.00.
    assert "43000000-0004" in before["csv"].decode("utf-8-sig")
    assert ",25.21,15.00,-10.21," in before["csv"].decode("utf-8-sig")
    assert "1,643,800.00" in before["summary"] and "25.21" in before["summary"]
    _administrator_corrects(fourth)
    after = _closed_quarter_as_shown(page, live_server)
    assert after["table"] == before["table"]
    assert after["csv"] == before["csv"]
    assert after["summary"] == before["summary"]
    [changed] = changes_since_closing(fourth)
    assert changed["changes"]["planned"] == ["25.21", "60.00"]
    # The budget was raised after the quarter's end: quarter 1's budget to its end is unchanged.
    assert "budget_received" not in changed["changes"]

    # Staff may not touch November's draft of the closed quarter...
    edit_url = project_url("report-edit", fourth, number=1)
    staff_context, staff = _as(browser, live_server, "staff")
    staff.set_default_timeout(60_000)
    _refused_as_closed(staff, edit_url)

    # ...until the planner opens the quarter to project 4 alone, until tomorrow afternoon.
    page.goto(project_url("lock-exception", fourth))
    page.get_by_label("ไตรมาสที่เปิดให้แก้ไข").select_option(label="ไตรมาสที่ 1")
    page.get_by_label("เหตุผล").fill("หน่วยงานขอแก้ผลความก้าวหน้าเดือนพฤศจิกายนที่บันทึกผิด")
    tomorrow = timezone.localtime().date() + timedelta(days=1)
    page.get_by_label("เปิดให้แก้ไขถึงวันที่").fill(thai.format_date(tomorrow))
    page.get_by_label("เวลา").fill("16:30")
    page.get_by_role("button", name="เปิดให้แก้ไข").click()
    expect(page.locator(".messages")).to_contain_text("เปิดไตรมาสที่ 1 ให้หน่วยงานแก้ไขโครงการนี้ได้ถึง")
    exception = QuarterLockException.objects.get(project=fourth)
    assert (exception.fiscal_year, exception.quarter, exception.settled_at) == (2566, 1, None)

    staff.goto(edit_url)
    assert staff.url.endswith(edit_url)
    staff.get_by_label("ความก้าวหน้าสะสมของโครงการ (%)").fill("20")
    staff.get_by_role("button", name="บันทึกร่าง (ยังไม่ส่ง)").click()
    expect(staff.locator(".messages")).to_be_visible()
    assert ProgressReport.objects.get(project=fourth, number=1).progress == Decimal("20.00")
    # The closed quarter still reads its snapshot while the exception lasts.
    assert _quarter_table(page) == before["table"]

    # The exception ends (its expiry moved to the past rather than waited for): project 4 is locked again,
    # and, the relock pass (`relock_expired`) not running in this test, the first read of the closed quarter
    # freezes it anew, recording what changed.
    QuarterLockException.objects.filter(pk=exception.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    _refused_as_closed(staff, edit_url)
    staff_context.close()
    table = _quarter_table(page)
    assert list(
        QuarterSnapshotVersion.objects.filter(fiscal_year=2566, quarter=1)
        .order_by("version")
        .values_list("version", "cause", "projects")
    ) == [(1, SnapshotCause.CLOSING, 4), (2, SnapshotCause.EXCEPTION, 1)]
    snapshot = QuarterSnapshot.objects.get(project=fourth, current=True)
    assert snapshot.version == 2
    assert snapshot.changes["actual"] == ["15.00", "20.00"]
    assert snapshot.changes["planned"] == ["25.21", "60.00"]
    assert "budget_received" not in snapshot.changes
    exception.refresh_from_db()
    assert exception.settled_version == 2
    # Only project 4's row moved: its corrected progress and the plan as the administrator left it.
    assert table != before["table"]
    rows = _rows(page)
    assert {code: row for code, row in rows.items() if code != "43000000-0004"} == {
        code: row for code, row in rows_before.items() if code != "43000000-0004"
    }
    assert "20.00" in rows["43000000-0004"] and "60.00" in rows["43000000-0004"]
    assert "25.21" in rows_before["43000000-0004"] and "15.00" in rows_before["43000000-0004"]
    page.goto(fourth.get_absolute_url())
    recorded = page.locator(".recorded-changes")
    expect(recorded).to_contain_text("ผล (%): 15.00 → 20.00")
    expect(recorded).not_to_contain_text("งบประมาณที่ได้รับ")
    _shot(page, "chain-after-lock-exception")
    context.close()
