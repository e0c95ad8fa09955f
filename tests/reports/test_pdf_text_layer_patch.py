"""The one patch of a library's internals: the PDF text layer, checked against the WeasyPrint it was written for."""

import subprocess
import tempfile

import pytest
import weasyprint
from weasyprint.draw import text as weasyprint_text

from projects import thai
from reports import pdf


def test_the_installed_weasyprint_is_the_one_the_text_layer_was_written_for():
    pdf.check_patch_target()
    assert weasyprint_text.draw_first_line.actual_text is True
    assert weasyprint.__version__ in pdf.PATCHED_WEASYPRINT


def test_a_changed_function_stops_it_loudly():
    def draw_first_line(stream, textbox, text_overflow, block_ellipsis, matrix):
        return []  # what a later WeasyPrint might have made of it

    with pytest.raises(pdf.TextLayerPatchOutdated, match=r"draw_first_line \(sha256 [0-9a-f]{64}\)"):
        pdf.check_patch_target(draw_first_line, weasyprint.__version__)


def test_another_weasyprint_version_stops_it_loudly_even_with_the_same_function():
    with pytest.raises(
        pdf.TextLayerPatchOutdated, match=r"^WeasyPrint 71\.0: .*checked with WeasyPrint 70\.0"
    ):
        pdf.check_patch_target(version="71.0")


def _raw_text(content: bytes) -> str:
    """`pdftotext` as a reader's copy gets it: not normalised, invisible characters kept."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(content)
        handle.flush()
        result = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", handle.name, "-"], capture_output=True, check=True
        )
    return result.stdout.decode("utf-8")


def test_copied_text_has_no_break_opportunities_only_the_text_entered():
    link = "https://example.org/" + "a1b2c3d4" * 12  # 116 characters without a space: broken every 40
    shown = thai.with_break_opportunities(f"ดูภาพถ่าย {link} ครับ")
    assert thai.ZERO_WIDTH_SPACE in shown
    html = f'<html><body style="width: 30em"><p>{shown}</p></body></html>'
    copied = _raw_text(pdf.render(html).content)
    assert "\u200b" not in copied
    assert "".join(copied.split()) == "".join(f"ดูภาพถ่าย {link} ครับ".split())
