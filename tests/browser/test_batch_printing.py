"""The batch page in a real browser: the static script follows a running batch and shows the download."""

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from playwright.sync_api import expect

from reports.models import PrintBatch
from tests.browser.conftest import ARTIFACTS
from tests.reports.pdf_fixtures import agency_tree

pytest_plugins = ["tests.reports.pdf_fixtures"]

pytestmark = pytest.mark.browser


@pytest.fixture
def chromium_page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="th-TH")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield context, page
    context.close()


def signed_in(context, live_server, user):
    """Hand the browser a session of `user`, as if they had signed in."""
    client = Client()
    client.force_login(user)
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def test_progress_is_followed_until_the_download_link_appears(
    chromium_page, live_server, settings, tmp_path, planning_user
):
    settings.MEDIA_ROOT = tmp_path
    context, page = chromium_page
    user = planning_user
    department, _ = agency_tree()
    batch = PrintBatch.objects.create(agency=department, fiscal_year=2566, requested_by=user, total=3)
    errors, failed = [], []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("response", lambda response: response.status >= 400 and failed.append(response.url))
    signed_in(context, live_server, user)

    page.goto("/print/batches/")
    count = page.locator(".batch-count")
    assert count.text_content() == "0/3"

    # the worker moves on: the page follows without reloading
    PrintBatch.objects.filter(pk=batch.pk).update(state=PrintBatch.State.RUNNING, done=2)
    expect(count).to_have_text("2/3")
    expect(page.locator(".batch-state")).to_have_text("กำลังพิมพ์")

    batch.refresh_from_db()
    batch.file.save("batch.pdf", ContentFile(b"%PDF-1.7 test"), save=False)
    batch.state, batch.done = PrintBatch.State.DONE, 3
    batch.save()
    link = page.locator("a.batch-download")
    expect(link).to_have_attribute("href", f"/print/batches/{batch.pk}/download.pdf")
    expect(count).to_have_text("3/3")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "batch-done.png"), full_page=True)
    # no script blocked by the Content Security Policy, no failed request of the page
    assert [e for e in errors if "Content Security Policy" in e or "Refused" in e] == []
    assert failed == []


def test_verification_page_of_a_changed_document(chromium_page, live_server):
    """What someone scanning the QR code sees once a report was edited after printing."""
    from decimal import Decimal

    from projects.models import ProgressReport
    from reports import printing
    from tests.reports.pdf_fixtures import legacy_project

    _, page = chromium_page
    project = legacy_project(reports=4)
    printed = printing.print_project_form(project_id=project.pk, user=None, base_url=live_server.url)
    ProgressReport.objects.filter(project=project, number=2).update(progress=Decimal("26.00"))

    page.goto(f"/verify/{printed.document.number}/?c={printed.document.check_code}")
    expect(page.locator("#genuine")).to_contain_text("เอกสารฉบับนี้เป็นเอกสารที่พิมพ์จากระบบจริง")
    expect(page.locator("#data-status")).to_contain_text("รายงานครั้งที่ 2: แก้ไข (ความก้าวหน้าของงานฯ)")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "verify-changed.png"), full_page=True)
