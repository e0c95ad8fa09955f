"""A staff member photographs evidence into this month's report on a phone-sized Chromium; on a desktop they
drop files on the box. Files go up with a progress bar, errors come back in Thai beside the input, nothing
typed elsewhere on the page is lost, and the stored photo carries no GPS position."""

import io
from datetime import date

import pytest
from PIL import ExifTags, Image
from playwright.sync_api import expect

from projects.links import project_url
from projects.models import Evidence
from projects.roles import ensure_groups
from tests import evidence_files as files
from tests.browser.conftest import sign_in
from tests.factories import AgencyFactory, ProgressReportFactory, ProjectFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def report_and_staff(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    ensure_groups()
    agency = AgencyFactory(code="04160000", name="สำนักงานเขตบางรัก")
    user = UserFactory(username="somsri", first_name="สมศรี", last_name="ตั้งใจ", staff=True, agency=agency)
    project = ProjectFactory(code="04160000-6968", agency=agency)
    report = ProgressReportFactory(project=project, number=1, report_date=date(2023, 1, 25))
    return report, user


def _overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url,
        locale="th-TH",
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
        device_scale_factor=2,
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def test_a_phone_uploads_photos_with_captions_and_a_bad_file_is_refused_beside_the_input(
    phone, report_and_staff
):
    report, user = report_and_staff
    page = phone
    sign_in(page, user.username, "correct-horse-battery")
    page.goto(project_url("report-edit", report.project, number=1))
    file_input = page.locator("#evidence-file")
    # The camera and the gallery both open from the input: photos accepted, capture not forced.
    assert file_input.get_attribute("accept").startswith("image/*")
    assert file_input.get_attribute("capture") is None
    page.get_by_label("ผลการดำเนินงาน").fill("ซ่อมทางเท้าหน้าตลาดเสร็จแล้ว")  # typed, not saved yet

    # A renamed web page is refused in Thai beside the input; what was typed above is kept.
    file_input.set_input_files([{"name": "ภาพ.jpg", "mimeType": "image/jpeg", "buffer": files.html()}])
    page.get_by_role("button", name="อัปโหลดไฟล์").click()
    error = page.locator("#evidence-file-error")
    expect(error).to_contain_text("ไฟล์ “ภาพ.jpg”: ไม่ใช่ไฟล์ประเภทที่รับ")
    assert page.get_by_label("ผลการดำเนินงาน").input_value() == "ซ่อมทางเท้าหน้าตลาดเสร็จแล้ว"
    assert Evidence.objects.count() == 0
    page.get_by_role("button", name="ไม่แนบไฟล์นี้").click()

    file_input.set_input_files(
        [
            {
                "name": "IMG_0412.jpg",
                "mimeType": "image/jpeg",
                "buffer": files.jpeg_with_gps(size=(1600, 1200)),
            },
            {"name": "สัญญาจ้าง.pdf", "mimeType": "application/pdf", "buffer": files.pdf()},
        ]
    )
    page.get_by_label("คำอธิบายไฟล์ 1").fill("ทางเท้าหลังซ่อม")
    page.get_by_label("คำอธิบายไฟล์ 2").fill("สัญญาจ้างเลขที่ 12/2566")
    assert _overflow(page) <= 0, f"the page scrolls sideways by {_overflow(page)} px at 390 px"
    page.get_by_role("button", name="อัปโหลดไฟล์").click()

    expect(page.locator("[data-progress-text]")).to_contain_text("แนบไฟล์หลักฐาน 2 ไฟล์กับรายงานครั้งที่ 1 แล้ว")
    assert page.locator("[data-progress] progress").get_attribute("value") == "100"
    expect(page.locator("#evidence-list")).to_contain_text("IMG_0412.jpg")
    expect(page.locator("#evidence-list")).to_contain_text("สัญญาจ้างเลขที่ 12/2566")
    assert page.locator("#evidence-file-error").inner_text() == ""
    assert page.locator("[data-evidence-room]").inner_text() == "(แนบได้อีก 18 ไฟล์)"
    assert page.get_by_label("ผลการดำเนินงาน").input_value() == "ซ่อมทางเท้าหน้าตลาดเสร็จแล้ว"
    assert _overflow(page) <= 0, f"the page scrolls sideways by {_overflow(page)} px at 390 px"
    page.screenshot(path="artifacts/screenshots/evidence-phone-390.png", full_page=True)

    photo = Evidence.objects.get(name="IMG_0412.jpg")
    assert photo.caption == "ทางเท้าหลังซ่อม" and photo.uploaded_by == user
    stored = Image.open(io.BytesIO(photo.file.read()))
    assert stored.getexif().get_ifd(ExifTags.IFD.GPSInfo) == {} and stored.size == (1200, 1600)
    # The thumbnail shown in the list comes through the permission-checked view.
    thumbnail = page.locator(".evidence-item__thumb").first
    assert thumbnail.evaluate("img => img.complete && img.naturalWidth > 0")


def test_a_desktop_drops_files_on_the_box(page, report_and_staff):
    report, user = report_and_staff
    page.set_viewport_size({"width": 1366, "height": 768})
    sign_in(page, user.username, "correct-horse-battery")
    page.goto(project_url("report-evidence", report.project, number=1))
    page.evaluate(
        """bytes => {
            const data = new DataTransfer();
            data.items.add(new File([new Uint8Array(bytes)], "แผนผัง.png", {type: "image/png"}));
            document.querySelector("[data-drop-zone]").dispatchEvent(
                new DragEvent("drop", {dataTransfer: data, bubbles: true, cancelable: true}));
        }""",
        list(files.png()),
    )
    expect(page.locator("[data-chosen]")).to_contain_text("แผนผัง.png")
    page.get_by_label("คำอธิบายไฟล์ 1").fill("แผนผังจุดซ่อม")
    page.get_by_role("button", name="อัปโหลดไฟล์").click()
    expect(page.locator("#evidence-list")).to_contain_text("แผนผังจุดซ่อม")
    assert _overflow(page) <= 0
    assert Evidence.objects.get().name == "แผนผัง.png"
    page.screenshot(path="artifacts/screenshots/evidence-desktop-1366.png", full_page=True)
