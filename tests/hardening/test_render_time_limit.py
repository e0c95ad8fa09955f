"""A PDF that cannot be laid out in time stops with a Thai message, stores nothing, and frees the process.

The probe: one unbroken 30 KB string made every print of a form take 63 s of CPU, and gunicorn's timeout
did not stop it. Rendering runs in a child process that is killed after `PDF_RENDER_SECONDS`.
"""

import threading
import time
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from reports import pdf, printing
from reports.models import PrintBatch, PrintedDocument
from tests.factories import ProjectFactory
from tests.reports.pdf_fixtures import CODE, agency_tree, legacy_project

pytest_plugins = ["tests.reports.pdf_fixtures"]
pytestmark = pytest.mark.django_db
SLOW = "<!-- lays out forever -->"


@pytest.fixture
def slow_layout(monkeypatch):
    """Documents whose HTML contains SLOW never finish laying out (the child process sleeps)."""
    lay_out = pdf._document

    def document(html):
        if SLOW in html:
            time.sleep(3600)
        return lay_out(html)

    monkeypatch.setattr(pdf, "_document", document)


def test_a_form_not_laid_out_in_time_gives_a_thai_page_and_no_document(
    client, settings, planning_user, project_6968
):
    settings.PDF_RENDER_SECONDS = 0.01  # far less than any form takes
    client.force_login(planning_user)
    response = client.get(f"/projects/id/{project_6968.pk}/form.pdf")
    html = response.content.decode()
    assert response.status_code == 503
    assert response["Content-Type"].startswith("text/html")
    assert "พิมพ์เอกสารไม่สำเร็จ" in html
    assert "ระบบจัดหน้าเอกสารไม่เสร็จภายใน 0.01 วินาที" in html
    # a document that was never produced must not verify as genuine
    assert not PrintedDocument.objects.exists()


def test_the_quarter_summary_has_the_same_limit(client, settings, planning_user):
    department, _ = agency_tree()
    legacy_project()
    settings.PDF_RENDER_SECONDS = 0.01
    client.force_login(planning_user)
    response = client.get(f"/evaluation/2566/q2/agency/{department.code}/summary.pdf")
    assert response.status_code == 503
    assert "ระบบจัดหน้าเอกสารไม่เสร็จภายใน 0.01 วินาที" in response.content.decode()
    assert not PrintedDocument.objects.exists()


def test_a_hung_layout_is_stopped_and_the_same_process_prints_the_next_form(settings, slow_layout):
    settings.PDF_RENDER_SECONDS = 1
    with pytest.raises(pdf.RenderTimeout) as stopped:
        pdf.render(f"<p>{SLOW}</p>")
    assert (stopped.value.seconds, stopped.value.index) == (1, 0)
    settings.PDF_RENDER_SECONDS = 30
    rendered = pdf.render("<p>ตามปกติ</p>")
    assert rendered.content.startswith(b"%PDF") and rendered.page_count == 1


def test_errors_of_the_layout_reach_the_caller_as_themselves(monkeypatch):
    def broken(html):
        raise OSError("disk full")

    monkeypatch.setattr(pdf, "_document", broken)
    with pytest.raises(OSError, match="disk full"):
        pdf.render("<p>x</p>")


def test_a_batch_item_not_laid_out_in_time_fails_the_batch_in_thai_naming_the_project(
    settings, slow_layout, planning_user, monkeypatch, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    department, _ = agency_tree()
    ProjectFactory(code="04000000-7002", agency=department, name="โครงการจัดทำแผนปฏิบัติราชการประจำปี")
    legacy_project()  # in the division: printed second
    # given the second form of the batch never finishes laying out
    form_html = printing.project_form_html

    def second_is_slow(snapshot, meta, photos=()):
        html = form_html(snapshot, meta, photos)
        return html + SLOW if snapshot["project"]["code"] == CODE else html

    monkeypatch.setattr(printing, "project_form_html", second_is_slow)
    settings.PDF_RENDER_SECONDS = 2
    batch = PrintBatch.objects.create(
        agency=department, fiscal_year=2566, requested_by=planning_user, total=2
    )
    with pytest.raises(pdf.RenderTimeout):
        printing.run_batch(batch_id=batch.pk, base_url="http://testserver")
    batch.refresh_from_db()
    assert batch.state == PrintBatch.State.FAILED
    assert batch.done == 1  # the first form was laid out
    assert printing.failure_message(batch).startswith(
        f"พิมพ์ไม่สำเร็จ: แบบรายงานของโครงการ {CODE}: ระบบจัดหน้าเอกสารไม่เสร็จภายใน 2 วินาที"
    )
    with translation.override("en"):  # said in the language of the page that reads it
        assert printing.failure_message(batch).startswith(
            f"Printing failed: Form of project {CODE}: The document"
        )
    assert not batch.file
    assert not PrintedDocument.objects.exists()


def test_print_form_command_says_so_in_thai(settings, project_6968, tmp_path):
    settings.PDF_RENDER_SECONDS = 0.01
    with pytest.raises(CommandError, match=r"ระบบจัดหน้าเอกสารไม่เสร็จภายใน 0\.01 วินาที"):
        call_command("print_form", CODE, "-o", str(tmp_path / "form.pdf"), stdout=StringIO())
    assert not PrintedDocument.objects.exists()


def test_the_limit_holds_outside_the_main_thread(settings, slow_layout):
    """Threaded servers (runserver, gunicorn's threads) render in other threads, where a signal alarm cannot go."""
    settings.PDF_RENDER_SECONDS = 1
    outcome = []

    def print_in_a_thread():
        try:
            pdf.render(f"<p>{SLOW}</p>")
        except pdf.RenderTimeout as stopped:
            outcome.append(stopped.seconds)

    thread = threading.Thread(target=print_in_a_thread)
    thread.start()
    thread.join(timeout=60)
    assert outcome == [1]
