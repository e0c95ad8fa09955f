"""PDF rendering with WeasyPrint. The only module of the project that imports weasyprint.

Three things here keep Thai forms right:

- Resources (fonts, the stylesheet) are read from our static files through `StaticFileFetcher`: a
  rendering never makes an HTTP request, and a missing font stops it instead of printing boxes.
- WeasyPrint maps glyphs back to characters per shaping cluster, so Thai extracts wrongly from its PDFs
  (`ทำงาน` → `ทำงำน`, tone marks lost; upstream Kozea/WeasyPrint#2841). Each drawn line is wrapped in a
  marked-content span whose `/ActualText` is the line's own text, which PDF readers (poppler's pdftotext,
  Acrobat) use for extraction, search and copy instead of the glyphs.
- Several documents can be laid out separately and written as one file (`render_many`), each keeping
  its own page numbers.
"""

import functools
import logging
import mimetypes
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.staticfiles import finders

# WeasyPrint's progress messages (one per step and page, some at import) would flood the application log.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

from weasyprint import HTML  # noqa: E402
from weasyprint.draw import text as weasyprint_text  # noqa: E402
from weasyprint.urls import URLFetcher, URLFetcherResponse  # noqa: E402

STATIC_SCHEME = "static:"


class StaticFileFetcher(URLFetcher):
    """Serves `static:<path>` from the static files and `data:` URIs; refuses every other URL."""

    def __init__(self):
        super().__init__(allowed_protocols={"data"}, fail_on_errors=True)

    def fetch(self, url, headers=None):
        if url.startswith(STATIC_SCHEME):
            relative = url.removeprefix(STATIC_SCHEME).lstrip("/")
            found = finders.find(relative)
            if not found:
                raise FileNotFoundError(f"static file not found: {relative}")
            content_type = mimetypes.guess_type(relative)[0] or "application/octet-stream"
            with open(found, "rb") as handle:
                body = handle.read()
            return URLFetcherResponse(url, body, {"Content-Type": content_type})
        return super().fetch(url, headers)


def _actual_text_operand(text: str) -> str:
    """A PDF property list carrying `text` as `/ActualText`, in UTF-16BE with its byte order mark."""
    encoded = (b"\xfe\xff" + text.encode("utf-16-be")).hex().upper()
    return f"<< /ActualText <{encoded}> >>"


def _with_actual_text(draw_first_line):
    @functools.wraps(draw_first_line)
    def draw(stream, textbox, *args, **kwargs):
        stream.begin_marked_content("Span", _actual_text_operand(textbox.text))
        try:
            return draw_first_line(stream, textbox, *args, **kwargs)
        finally:
            stream.end_marked_content()

    draw.actual_text = True
    return draw


def _install_actual_text() -> None:
    if not getattr(weasyprint_text.draw_first_line, "actual_text", False):
        weasyprint_text.draw_first_line = _with_actual_text(weasyprint_text.draw_first_line)


_install_actual_text()


@dataclass(frozen=True)
class RenderedPdf:
    content: bytes
    page_count: int


def _document(html: str):
    # No base URL: templates name every resource as an absolute `static:` URL.
    return HTML(string=html, url_fetcher=StaticFileFetcher()).render()


def render(html: str) -> RenderedPdf:
    """Lay out one HTML document and write it as PDF."""
    document = _document(html)
    return RenderedPdf(document.write_pdf(), len(document.pages))


def anchor_pages(html: str) -> dict[str, list[int]]:
    """Lay out `html` without writing a PDF: the 1-based pages on which each element with an `id` was drawn
    (several pages when the element was split). Cheap enough to check a page break over many lengths."""
    pages: dict[str, list[int]] = {}
    for number, page in enumerate(_document(html).pages, 1):
        for anchor in page.anchors:
            pages.setdefault(anchor, []).append(number)
    return pages


def render_many(htmls: Iterable[str], on_each=None) -> RenderedPdf:
    """Lay out each document on its own (its own `หน้า X / Y`), then write all pages as one PDF.

    `on_each(index)` is called after each document is laid out, for progress reporting.
    """
    documents = []
    for index, html in enumerate(htmls):
        documents.append(_document(html))
        if on_each is not None:
            on_each(index)
    if not documents:
        raise ValueError("no document to print")
    pages = [page for document in documents for page in document.pages]
    return RenderedPdf(documents[0].copy(pages).write_pdf(), len(pages))
