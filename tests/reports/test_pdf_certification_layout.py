"""The certification and its signature lines are never split, nor parted from the last report, whatever
length precedes them.

The layout is read cheaply (`anchor_pages`: pages of each `id`, no PDF written) for every position of the
last report's end down a page; the PDFs of the lengths around the page break are then read back with
`pdftotext -f N -l N`, as an auditor would see them.
"""

import pytest
from weasyprint import HTML

from reports import pdf, printing
from reports.documents import project_form_snapshot
from tests.reports.pdf_fixtures import legacy_project, pdf_page_count, pdf_text, squeeze

# One line of the rationale moves everything after it down one line; an A4 page holds 36 lines of 16 pt.
POSITIONS = range(0, 36)
_LINE = "ผลการดำเนินงานที่รายงานไว้ยาวหลายบรรทัด"
# Last reports from nearly a page to nearly two: too long to go whole with the certification, they must break,
# and their end walks down the page three lines at a time.
LONG_REPORT_LINES = range(28, 64, 3)
SIGNATURE_LINES = ["ขอรับรองว่า", "ลงชื่อ ....", "(ผู้รับผิดชอบโครงการ)", "ตำแหน่ง ....", "วันที่ ...."]


def _meta():
    url = "https://tracker.example.go.th/verify/PF-2569-000001/?c=K7M2QX9P"
    return printing.PrintMeta(
        number="PF-2569-000001",
        check_code="K7M2QX9P",
        printed_at="1/10/2566 เวลา 09:00 น.",
        printed_by="สมศรี ตั้งใจ",
        fingerprint="0" * 64,
        verify_url=url,
        qr=printing.qr_data_uri(url),
    )


@pytest.fixture
def snapshot(db):
    return project_form_snapshot(legacy_project(reports=2).pk)


def _html(snapshot: dict, filler: int, last_text: str | None = None) -> str:
    form = {
        **snapshot,
        "project": dict(snapshot["project"]),
        "reports": [dict(r) for r in snapshot["reports"]],
    }
    # Short fields around the filler keep each layout small (a page or two), so many positions stay cheap.
    form["project"].update(objectives="วัตถุประสงค์", targets="เป้าหมาย")
    form["project"]["rationale"] = "\n".join(["เหตุผลประกอบโครงการ"] * (filler + 1))
    if last_text is not None:
        form["reports"][-1]["text"] = last_text
    return printing.project_form_html(form, _meta())


def anchor_pages(html: str) -> dict[str, list[int]]:
    """Lay out `html` with the PDF's own resources, without writing a PDF: the 1-based pages on which each
    element with an `id` was drawn (several pages when the element was split). Cheap enough to check a page
    break over many lengths."""
    pages: dict[str, list[int]] = {}
    document = HTML(string=html, url_fetcher=pdf.StaticFileFetcher()).render()
    for number, page in enumerate(document.pages, 1):
        for anchor in page.anchors:
            pages.setdefault(anchor, []).append(number)
    return pages


def _closing_pages(html: str) -> tuple[list[int], list[int]]:
    anchors = anchor_pages(html)
    return anchors["last-report"], anchors["certification"]


def test_short_last_report_and_certification_share_one_page_at_every_position(snapshot):
    """For every position of the last report's end down a page, the last report and the whole certification
    are drawn on one page."""
    pages_seen = set()
    for filler in POSITIONS:
        report_pages, certification_pages = _closing_pages(_html(snapshot, filler))
        assert report_pages == certification_pages, f"filler {filler}: {report_pages} {certification_pages}"
        assert len(certification_pages) == 1, f"filler {filler}"
        pages_seen.add(certification_pages[0])
    # the positions really walked the closing block over a page break
    assert len(pages_seen) == 2


def test_long_last_report_ends_on_the_page_of_the_whole_certification(snapshot):
    """A last report too long to go whole with the certification breaks inside itself: the certification is
    never split, never alone, and follows the last lines of the report on their page."""
    for lines in LONG_REPORT_LINES:
        report_pages, certification_pages = _closing_pages(_html(snapshot, 0, "\n".join([_LINE] * lines)))
        assert len(certification_pages) == 1, f"{lines} lines: certification split over {certification_pages}"
        assert report_pages[-1] == certification_pages[0], (
            f"{lines} lines: {report_pages} {certification_pages}"
        )


def _page_break_filler(snapshot) -> int:
    """The first filler length whose closing block no longer fits on the page it starts on."""
    first = _closing_pages(_html(snapshot, 0))[1][0]
    return next(f for f in POSITIONS if _closing_pages(_html(snapshot, f))[1][0] != first)


def test_printed_pages_around_the_break_hold_last_report_certification_and_signatures_together(snapshot):
    """The PDFs of the lengths that straddle the page break, read with `pdftotext -f N -l N`."""
    breaking = _page_break_filler(snapshot)
    number = snapshot["reports"][-1]["number"]
    for filler in (breaking - 2, breaking - 1, breaking):
        content = pdf.render(_html(snapshot, filler)).content
        pages = pdf_page_count(content)
        texts = {page: squeeze(pdf_text(content, page=page)) for page in range(1, pages + 1)}

        def pages_with(fragment, texts=texts):
            return [page for page, text in texts.items() if squeeze(fragment) in text]

        last_line = pages_with(f"งบประมาณที่เบิกใช้ (ครั้งที่ {number})")
        assert last_line == [pages], f"filler {filler}"
        assert pages_with(f"รายงานครั้งที่ {number} ::") == [pages], f"filler {filler}"
        for fragment in SIGNATURE_LINES:
            assert pages_with(fragment) == [pages], f"filler {filler}: {fragment}"
