"""Generated files are never public: no `/media/` URL in any mode, unguessable names, downloads checked."""

import importlib
import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import clear_url_caches, reverse

from reports.models import PrintBatch

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media")]

RANDOM_NAME = re.compile(r"batches/[A-Za-z0-9_-]{32}\.pdf")


@pytest.fixture
def batch(agency, planner):
    batch = PrintBatch.objects.create(agency=agency, fiscal_year=2569, requested_by=planner, state="done")
    batch.file.save("batch-2-46000000-2569.pdf", ContentFile(b"%PDF-1.7 names and phones"))
    return batch


def test_a_batch_file_gets_a_name_nobody_can_guess(batch, agency):
    assert RANDOM_NAME.fullmatch(batch.file.name)
    assert agency.code not in batch.file.name and "2569" not in batch.file.name


def test_media_is_not_served_even_in_debug(client, settings, batch, planner):
    """The probe downloaded `/media/batches/batch-2-46000000-2569.pdf` anonymously from a DEBUG server."""
    import tracker.urls

    settings.DEBUG = True
    clear_url_caches()
    importlib.reload(tracker.urls)  # the URL patterns as a DEBUG server builds them
    try:
        assert client.get(f"/media/{batch.file.name}").status_code == 404
        client.force_login(planner)
        assert client.get(f"/media/{batch.file.name}").status_code == 404
        response = client.get(reverse("reports:batch-download", kwargs={"pk": batch.pk}))
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == b"%PDF-1.7 names and phones"
    finally:
        settings.DEBUG = False
        importlib.reload(tracker.urls)
        clear_url_caches()


def test_anonymous_download_goes_to_sign_in(client, batch):
    response = client.get(reverse("reports:batch-download", kwargs={"pk": batch.pk}))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_files_printed_before_are_renamed(batch):
    module = importlib.import_module("reports.migrations.0002_batch_file_unguessable_name")
    old = default_storage.save("batches/batch-2-46000000-2569.pdf", ContentFile(b"old"))
    PrintBatch.objects.filter(pk=batch.pk).update(file=old)
    from django.apps import apps

    module.rename_existing_files(apps, None)
    batch.refresh_from_db()
    assert RANDOM_NAME.fullmatch(batch.file.name)
    assert not default_storage.exists(old)
    assert batch.file.read() == b"old"
