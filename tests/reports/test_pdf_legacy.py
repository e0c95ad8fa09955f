"""The imported legacy projects print with a correct text layer."""

import subprocess
import tempfile
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from PIL import Image

from projects.models import Project
from reports import printing
from tests.reports.pdf_fixtures import body_text, pdf_page_count, pdf_text, squeeze


@pytest.mark.parametrize(
    ("filename", "code", "fiscal_year", "budget"),
    [
        ("printed-form-04160000-6968.txt", "04160000-6968", 2566, "1,643,800.00"),
        ("printed-form-01000000-2475.txt", "01000000-2475", 2565, "3,540,000.00"),
    ],
)
def test_imported_legacy_form_prints_its_own_text(db, legacy_dir, filename, code, fiscal_year, budget):
    call_command("import_legacy", str(legacy_dir / filename))
    project = Project.objects.get(code=code, fiscal_year=fiscal_year)
    reports = list(project.reports.order_by("number"))

    printed = printing.print_project_form(project_id=project.pk, user=None, base_url="http://testserver")

    text = body_text(pdf_text(printed.pdf.content, layout=True))
    assert project.name
    assert squeeze(project.name) in squeeze(text)
    assert f"งบประมาณที่ได้รับ : {budget} บาท" in " ".join(text.split())
    for report in reports:
        assert squeeze(report.text) in squeeze(text), f"report {report.number}"
    assert f"รายงานครั้งที่ {reports[-1].number} ::" in text
    assert pdf_page_count(printed.pdf.content) >= 2


SEEDS = [
    "printed-form-04160000-6968.txt",
    "printed-form-01000000-2475.txt",
    "web-page-01000000-2456.txt",
    "web-page-fragment-04160200.txt",
]
SIGNATURE_LINES = ["ขอรับรองว่า", "ลงชื่อ ....", "(ผู้รับผิดชอบโครงการ)", "ตำแหน่ง ....", "วันที่ ...."]


def _page_png(content: bytes, page: int, name: str, dpi: int) -> Path:
    """The page as PNG at `dpi` in artifacts/pdf/, for people to look at."""
    from tests.browser.conftest import ARTIFACTS

    folder = ARTIFACTS.parent / "pdf"
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(content)
        handle.flush()
        command = ["pdftoppm", "-png", "-r", str(dpi), "-f", str(page), "-l", str(page), "-singlefile"]
        subprocess.run([*command, handle.name, str(folder / name)], check=True)
    return folder / f"{name}.png"


@pytest.mark.parametrize("filename", SEEDS)
def test_seed_form_at_250_dpi_keeps_the_certification_whole_and_the_rationale_as_paragraphs(
    db, legacy_dir, filename
):
    call_command("import_legacy", str(legacy_dir / filename), stdout=StringIO())
    project = Project.objects.get()
    last = project.reports.order_by("number").last()
    content = printing.print_project_form(project_id=project.pk, user=None, base_url="http://t").pdf.content
    pages = pdf_page_count(content)
    texts = {page: squeeze(pdf_text(content, page=page)) for page in range(1, pages + 1)}

    # the last report's line, the certification and every signature line: all on the last page, only there
    for fragment in [f"รายงานครั้งที่ {last.number} ::", *SIGNATURE_LINES]:
        assert [p for p, text in texts.items() if squeeze(fragment) in text] == [pages], fragment
    # each paragraph of the rationale starts a printed line; the old layout's short lines are gone
    paragraphs = project.rationale.split("\n")
    assert len(paragraphs) <= 3
    starts = {squeeze(line)[:12] for line in body_text(pdf_text(content)).split("\n") if line.strip()}
    assert all(squeeze(p)[:12] in starts for p in paragraphs), paragraphs

    image = Image.open(_page_png(content, pages, f"seed-{filename.removesuffix('.txt')}-last", 250))
    assert image.size == (2067, 2924)  # A4 at 250 dpi
    # drawn, not only in the text layer: dark glyphs on white paper
    assert image.convert("L").getextrema() == (0, 255)
