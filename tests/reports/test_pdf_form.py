"""The certified project form as PDF: its text layer, pages, running title, certification and fonts."""

import itertools
import subprocess
import tempfile

import pytest
from django.utils import timezone

from projects import thai
from reports import printing
from reports.models import PrintedDocument
from reports.verification import fingerprint
from tests.reports.pdf_fixtures import (
    BUDGET,
    CODE,
    COORDINATOR,
    NAME,
    RATIONALE_SENTENCE,
    REPORTS,
    TITLE,
    body_text,
    legacy_project,
    pdf_page_count,
    pdf_text,
    squeeze,
)

BASE_URL = "https://tracker.example.go.th"
CERTIFICATION = "ขอรับรองว่า ข้อมูลที่ปรากฏในเอกสารฉบับนี้ หน่วยงานได้จัดพิมพ์จากระบบงานจริง เพื่อเป็นหลักฐานไว้ตรวจสอบ"


def print_form(project, user=None):
    return printing.print_project_form(project_id=project.pk, user=user, base_url=BASE_URL)


@pytest.fixture
def printed(db):
    return print_form(legacy_project())


@pytest.mark.parametrize("layout", [False, True], ids=["plain", "layout"])
def test_text_layer_gives_each_field_exact_thai_text(printed, layout):
    """pdftotext (with and without -layout) gives back the exact text of the fields and report lines."""
    # given the legacy project printed with its 10 reports
    text = body_text(pdf_text(printed.pdf.content, layout=layout))

    # then every field's text is there, character for character (Thai lines wrap without spaces)
    squeezed = squeeze(text, hyphens=not layout)

    def has(expected):
        return squeeze(expected, hyphens=not layout) in squeezed

    assert has(NAME)
    assert has(RATIONALE_SENTENCE)
    for number, (_, progress, _, report_text) in enumerate(REPORTS, 1):
        assert has(report_text), f"report {number}"
        assert has(f"ความก้าวหน้าของงานฯ = {progress} % งบประมาณที่เบิกใช้ (ครั้งที่ {number})")
    assert has("งบประมาณที่เบิกใช้ (ครั้งที่ 1) = 495,000.00 บาท")
    assert has("งบประมาณที่ได้รับ : 1,643,800.00 บาท")
    assert has("งบประมาณที่ใช้ไป : 495,000.00 บาท")
    assert has(CERTIFICATION)
    # short items that never wrap keep their spaces too
    for expected in ["รายงานครั้งที่ 10", "26/01/2566", "29/09/2566", "01/10/2565", "30/09/2566", CODE]:
        assert expected in text
    assert "เป็นไปตามแผน : เป็นไปตามเป้าหมาย" in text


def test_sara_am_and_tone_marks_extract_without_normalising(printed):
    """The text layer is right as it comes out: no `ทำงำน`, no lost tone marks, no decomposed sara am."""
    raw = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=printed.pdf.content, capture_output=True, check=True
    ).stdout.decode("utf-8")
    assert "รายงานครั้งที่ 10 :: 29/09/2566 : ดำเนินการในปีงบประมาณ" in raw
    assert "ดำเนินกำร" not in raw
    assert "\u0e4d" not in raw  # nikhahit: would mean a split sara am
    assert "ที่ดีที่สุด" in raw
    assert "ผู้ประสานงาน สยป : นางวิมลพรรณ พิมสาร" in raw


def test_reports_print_oldest_first_in_the_legacy_line_format(printed):
    text = body_text(pdf_text(printed.pdf.content))
    flat = " ".join(text.split())
    positions = [flat.index(f"รายงานครั้งที่ {n} ::") for n in range(1, 11)]
    assert positions == sorted(positions)
    assert "รายงานครั้งที่ 1 :: 26/01/2566 : นิทรรศการประชาสัมพันธ์" in flat


def test_long_form_runs_over_pages_numbered_x_of_y_with_title_on_each(printed):
    """10 long reports need several pages; pdfinfo agrees with `หน้า X / N`; the title heads every page."""
    pages = pdf_page_count(printed.pdf.content)
    assert pages >= 2
    assert printed.pdf.page_count == pages
    for page in range(1, pages + 1):
        text = pdf_text(printed.pdf.content, page=page)
        assert text.split("\n")[0] == TITLE, f"page {page}"
        assert f"หน้า {page} / {pages}" in text
        assert f"เลขที่เอกสาร {printed.document.number}" in text


@pytest.mark.parametrize("reports", [4, 7, 10])
def test_certification_and_signature_stay_on_the_page_of_the_last_report(db, reports):
    printed = print_form(legacy_project(reports=reports))
    pages = pdf_page_count(printed.pdf.content)
    texts = {page: squeeze(pdf_text(printed.pdf.content, page=page)) for page in range(1, pages + 1)}

    def pages_with(fragment):
        return [page for page, text in texts.items() if squeeze(fragment) in text]

    last_report_page = pages_with(f"รายงานครั้งที่ {reports} ::")
    assert len(last_report_page) == 1
    assert pages_with("ลงชื่อ") == last_report_page
    assert pages_with("(ผู้รับผิดชอบโครงการ)") == last_report_page
    assert pages_with("ตำแหน่ง") == last_report_page
    assert pages_with(CERTIFICATION) == last_report_page
    # the last report's figures are on that page too, not left on the one before
    assert pages_with(f"งบประมาณที่เบิกใช้ (ครั้งที่ {reports})") == last_report_page


def test_form_carries_number_print_time_printer_and_verification_url(db):
    from tests.factories import UserFactory

    user = UserFactory(username="printer", first_name="สมศรี", last_name="ตั้งใจ")
    printed = print_form(legacy_project(), user=user)
    document = printed.document
    text = pdf_text(printed.pdf.content, page=1)
    assert document.number.startswith("PF-25")
    assert len(document.number) == len("PF-2569-000123")
    # the check code beside the number, in the header and in every page's footer, and in the URL
    assert len(document.check_code) == 8
    assert text.count(f"เลขที่เอกสาร {document.number} รหัสตรวจสอบ {document.check_code}") == 2
    assert "ผู้พิมพ์ สมศรี ตั้งใจ" in text
    assert squeeze(f"{BASE_URL}/verify/{document.number}/?c={document.check_code}") in squeeze(text)
    assert squeeze(document.fingerprint) in squeeze(text)
    printed_at = timezone.localtime(document.printed_at)  # Bangkok time, BE date
    assert f"พิมพ์เมื่อ {thai.format_date(printed_at.date())} เวลา {printed_at:%H:%M} น." in text


def test_printed_document_stores_the_snapshot_it_printed_and_its_fingerprint(printed):
    document = PrintedDocument.objects.get(number=printed.document.number)
    snapshot = document.snapshot
    assert document.kind == "project_form"
    assert snapshot["project"]["code"] == CODE
    assert snapshot["project"]["budget_received"] == "1,643,800.00"
    assert snapshot["project"]["budget_used"] == "495,000.00"
    assert snapshot["project"]["coordinator"] == COORDINATOR
    assert [r["number"] for r in snapshot["reports"]] == list(range(1, 11))
    assert snapshot["reports"][0]["date"] == "26/01/2566"
    assert snapshot["reports"][0]["disbursed"] == "495,000.00"
    assert document.fingerprint == fingerprint(snapshot)
    assert len(document.fingerprint) == 64
    assert document.project.budget_received == BUDGET


def test_qr_code_is_an_embedded_png_image(printed):
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(printed.pdf.content)
        handle.flush()
        listing = subprocess.run(["pdfimages", "-list", handle.name], capture_output=True, text=True).stdout
    images = [line for line in listing.splitlines()[2:] if line.strip()]
    assert len(images) == 1
    assert images[0].split()[0] == "1"  # on page 1
    assert printing.qr_data_uri("https://x/verify/PF-2569-000001/").startswith("data:image/png;base64,")


def test_both_laksaman_weights_are_embedded(printed):
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(printed.pdf.content)
        handle.flush()
        fonts = subprocess.run(["pdffonts", handle.name], capture_output=True, text=True).stdout
    names = [line.split()[0].split("+")[-1] for line in fonts.splitlines()[2:]]
    assert sorted(names) == ["Laksaman", "Laksaman-Bold"]


def test_form_without_reports_still_prints_the_certification(db):
    printed = print_form(legacy_project(reports=0))
    text = pdf_text(printed.pdf.content)
    assert "ยังไม่มีรายงานความก้าวหน้า" in text
    assert "ลงชื่อ" in text
    assert "งบประมาณที่ใช้ไป : 0.00 บาท" in " ".join(text.split())


def test_every_character_has_a_glyph(db, caplog):
    """WeasyPrint warns when it draws a .notdef box (tofu) or cannot load a resource: nothing of it here."""
    caplog.set_level("WARNING", logger="weasyprint")
    print_form(legacy_project())
    assert [r.getMessage() for r in caplog.records if r.name.startswith("weasyprint")] == []


def test_resources_come_from_static_files_and_never_over_http():
    from reports.pdf import StaticFileFetcher

    fetcher = StaticFileFetcher()
    font = fetcher.fetch("static:fonts/laksaman/Laksaman.ttf")
    assert font.read(4) == b"\x00\x01\x00\x00"  # a TrueType file
    with pytest.raises(ValueError, match="disallowed protocol"):
        fetcher.fetch("https://fonts.example.com/Laksaman.ttf")
    with pytest.raises(FileNotFoundError):
        fetcher.fetch("static:fonts/missing.ttf")


# Thai characters that cannot begin a line (they follow a consonant) or end one (they precede it).
FOLLOWING = set("ะัาำิีึืุู็่้๊๋์ฯๆ")
LEADING = set("เแโใไ")


def test_long_thai_text_wraps_between_words(printed):
    """Pango breaks Thai lines at word boundaries: no line starts with a vowel sign or tone mark, none ends
    with a leading vowel, and the rationale runs over many lines."""
    lines = [
        line for line in body_text(pdf_text(printed.pdf.content, layout=True)).split("\n") if line.strip()
    ]
    assert len(lines) > 60
    for before, after in itertools.pairwise(lines):
        assert after.strip()[0] not in FOLLOWING, (before, after)
        assert before.strip()[-1] not in LEADING, (before, after)


def test_first_page_renders_as_an_a4_image_for_people_to_look_at(printed):
    """Page 1 as PNG at 60 dpi in artifacts/pdf/ (A4: 497 × 702 px), with ink where the title is."""
    from PIL import Image

    from tests.browser.conftest import ARTIFACTS

    folder = ARTIFACTS.parent / "pdf"
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(printed.pdf.content)
        handle.flush()
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "60",
                "-f",
                "1",
                "-l",
                "1",
                "-singlefile",
                handle.name,
                str(folder / "form-page-1"),
            ],
            check=True,
        )
    image = Image.open(folder / "form-page-1.png").convert("L")
    assert image.size == (497, 702)  # 210 × 297 mm at 60 dpi, rounded up by pdftoppm
    title_band = image.crop((0, 20, 497, 60))  # the running title in the top margin
    assert title_band.getextrema()[0] < 100  # dark glyphs on white paper
