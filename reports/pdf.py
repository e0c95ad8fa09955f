"""PDF rendering with WeasyPrint. The only module of the project that imports weasyprint.

Three things here keep Thai forms right:

- Resources (fonts, the stylesheet) are read from our static files through `StaticFileFetcher`: a
  rendering never makes an HTTP request, and a missing font stops it instead of printing boxes.
- WeasyPrint maps glyphs back to characters per shaping cluster, so Thai extracts wrongly from its PDFs
  (`ทำงาน` → `ทำงำน`, tone marks lost; upstream Kozea/WeasyPrint#2841). Each drawn line is wrapped in a
  marked-content span whose `/ActualText` is the line's own text, which PDF readers (poppler's pdftotext,
  Acrobat) use for extraction, search and copy instead of the glyphs. It is the one patch of a library's
  internals in the project, checked against the WeasyPrint version and function it was written for
  (`check_patch_target`); the zero-width spaces inserted only as break opportunities are left out of it.
- Several documents can be laid out separately and written as one file (`render_many`), each keeping
  its own page numbers.

Each rendering runs in a child process and stops after `PDF_RENDER_SECONDS` per document
(`RenderTimeout`): pathological text can keep WeasyPrint busy for minutes, and neither gunicorn's timeout
nor a signal alarm (main thread only) stops it in a threaded server or the task worker, while killing a
child process always does. The child is forked, so it starts with WeasyPrint, the fonts and Django's
settings already loaded; it never touches the database (progress is reported back to the parent).
"""

import functools
import hashlib
import inspect
import logging
import mimetypes
import multiprocessing
import pickle
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.contrib.staticfiles import finders

# WeasyPrint's progress messages (one per step and page, some at import) would flood the application log.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

import weasyprint  # noqa: E402
from weasyprint import HTML  # noqa: E402
from weasyprint.draw import text as weasyprint_text  # noqa: E402
from weasyprint.urls import URLFetcher, URLFetcherResponse  # noqa: E402

from projects.thai import ZERO_WIDTH_SPACE  # noqa: E402

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
        # The break opportunities inserted into long unbroken runs (`thai.with_break_opportunities`) are for
        # the line breaker; copied text (a pasted link, a hash) comes out as it was entered.
        stream.begin_marked_content("Span", _actual_text_operand(textbox.text.replace(ZERO_WIDTH_SPACE, "")))
        try:
            return draw_first_line(stream, textbox, *args, **kwargs)
        finally:
            stream.end_marked_content()

    draw.actual_text = True
    return draw


# The WeasyPrint function the text layer wraps, as it was read when the wrapper was written: its version and
# the SHA-256 of its source. Another version, or a changed function, stops the import (`check_patch_target`)
# instead of printing forms whose Thai text would extract wrongly or not at all.
PATCHED_WEASYPRINT = {"70.0": "1bb8eae6d88e71b17096a034656f3be17da8f1f513c78536c1c38d971927638b"}


class TextLayerPatchOutdated(RuntimeError):
    """The installed WeasyPrint is not one whose `draw_first_line` the text layer was checked against."""


def check_patch_target(function=None, version: str | None = None) -> None:
    """Refuse, loudly, a WeasyPrint other than the one the text layer was written for, or whose patched
    function has changed. After reading the new function and adjusting `_with_actual_text` if needed, add
    the version and the digest this error names to `PATCHED_WEASYPRINT`."""
    function = inspect.unwrap(function or weasyprint_text.draw_first_line)
    version = version or weasyprint.__version__
    digest = hashlib.sha256(inspect.getsource(function).encode()).hexdigest()
    if PATCHED_WEASYPRINT.get(version) != digest:
        known = ", ".join(sorted(PATCHED_WEASYPRINT))
        raise TextLayerPatchOutdated(
            f"WeasyPrint {version}: weasyprint.draw.text.draw_first_line (sha256 {digest}) is not the function "
            f"the PDF text layer in reports/pdf.py wraps (checked with WeasyPrint {known}). Read the new "
            "function, adjust `_with_actual_text` if needed, then add this version and digest to "
            "PATCHED_WEASYPRINT."
        )


def _install_actual_text() -> None:
    if not getattr(weasyprint_text.draw_first_line, "actual_text", False):
        check_patch_target()
        weasyprint_text.draw_first_line = _with_actual_text(weasyprint_text.draw_first_line)


_install_actual_text()


@dataclass(frozen=True)
class RenderedPdf:
    content: bytes
    page_count: int


class RenderTimeout(Exception):
    """A document was not laid out (or the file not written) within the time limit; the child was stopped.

    `index` is the document of `render_many` that was not laid out (0 for `render`), None when every one
    was and writing the file did not finish; `seconds` the limit.
    """

    def __init__(self, *, seconds: float, index: int | None):
        super().__init__(f"document {index} not rendered within {seconds:g} s")
        self.seconds = seconds
        self.index = index


class RenderFailed(RuntimeError):
    """The child process failed with an error that could not be sent back as itself (or died)."""


def _document(html: str):
    # No base URL: templates name every resource as an absolute `static:` URL.
    return HTML(string=html, url_fetcher=StaticFileFetcher()).render()


def _lay_out_and_write(htmls: Sequence[str], report: Callable[[int], None]) -> RenderedPdf:
    """Lay out each document on its own (its own `หน้า X / Y`), then write all pages as one PDF."""
    documents = []
    for index, html in enumerate(htmls):
        documents.append(_document(html))
        report(index)
    pages = [page for document in documents for page in document.pages]
    return RenderedPdf(documents[0].copy(pages).write_pdf(), len(pages))


# --- Rendering in a child process, with a time limit -----------------------------------------------------
_LAID_OUT, _DONE, _ERROR = "laid out", "done", "error"


def _sendable(error: BaseException) -> BaseException:
    try:
        pickle.dumps(error)
        return error
    except Exception:
        return RenderFailed("".join(traceback.format_exception(error)))


def _child(sender, htmls: Sequence[str]) -> None:
    try:
        rendered = _lay_out_and_write(htmls, lambda index: sender.send((_LAID_OUT, index)))
        sender.send((_DONE, rendered))
    except BaseException as error:  # everything goes back to the parent, which raises it
        sender.send((_ERROR, _sendable(error)))
    finally:
        sender.close()


def _render_in_child(htmls: Sequence[str], on_each: Callable[[int], None] | None) -> RenderedPdf:
    seconds = settings.PDF_RENDER_SECONDS
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(sender, htmls), name="pdf-render", daemon=True)
    process.start()
    sender.close()
    try:
        laid_out = 0
        while True:
            # Each document has the limit to be laid out; writing the file, the limit once per document.
            limit = seconds if laid_out < len(htmls) else seconds * len(htmls)
            if not receiver.poll(limit):
                raise RenderTimeout(seconds=seconds, index=laid_out if laid_out < len(htmls) else None)
            try:
                kind, value = receiver.recv()
            except EOFError:
                raise RenderFailed(f"the rendering process ended with exit code {process.exitcode}") from None
            if kind == _LAID_OUT:
                laid_out = value + 1
                if on_each is not None:
                    on_each(value)
            elif kind == _DONE:
                return value
            else:
                raise value
    finally:
        if process.is_alive():
            process.kill()
        process.join()
        receiver.close()


def render(html: str) -> RenderedPdf:
    """Lay out one HTML document and write it as PDF, within `PDF_RENDER_SECONDS`."""
    return _render_in_child([html], None)


def render_many(htmls: Sequence[str], on_each=None) -> RenderedPdf:
    """Lay out each document on its own (its own `หน้า X / Y`), then write all pages as one PDF.

    `on_each(index)` is called (in this process) after each document is laid out, for progress
    reporting. Each document has `PDF_RENDER_SECONDS` to be laid out.
    """
    htmls = list(htmls)
    if not htmls:
        raise ValueError("no document to print")
    return _render_in_child(htmls, on_each)
