"""Verification without enumeration: sequential numbers list nothing without their check codes, papers printed
before check codes keep verifying from their QR code, and each address may look up only so many documents."""

import re

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from reports import printing
from reports.models import CHECK_CODE_ALPHABET, PrintedDocument
from tests.reports.pdf_fixtures import NAME, legacy_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def documents(db):
    project = legacy_project(reports=2)
    return [
        printing.print_project_form(project_id=project.pk, user=None, base_url="http://testserver").document
        for _ in range(3)
    ]


def look_up(client, number, code=None, address="203.0.113.7"):
    query = {} if code is None else {"c": code}
    return client.get(reverse("reports:verify", kwargs={"number": number}), query, REMOTE_ADDR=address)


def without_number(response, number: str) -> str:
    """The page's content with the number taken out, to compare pages for different numbers."""
    main = re.search(r"<main.*</main>", response.content.decode(), re.S).group(0)
    return main.replace(number, "NUMBER")


def test_numbers_in_sequence_without_their_codes_find_nothing(client, documents):
    """The probe listed every printed document's code, name and agency by counting up the numbers."""
    unknown = look_up(client, "PF-2569-999999", "K7M2QX9P")
    assert unknown.status_code == 404
    for document in documents:
        wrong_code = "".join(reversed(document.check_code))
        for response in (look_up(client, document.number), look_up(client, document.number, wrong_code)):
            # then the same page as for a number never issued: nothing tells the two apart
            assert response.status_code == 404
            assert without_number(response, document.number) == without_number(unknown, "PF-2569-999999")
            assert NAME not in response.content.decode()
        assert look_up(client, document.number, document.check_code).status_code == 200


def test_the_lookup_form_asks_for_number_and_code(client, documents):
    page = client.get(reverse("reports:verify-lookup")).content.decode()
    assert 'name="number"' in page and 'name="code"' in page
    assert "รหัสตรวจสอบ" in page
    document = documents[0]
    response = client.get(
        reverse("reports:verify-lookup"), {"number": document.number, "code": ""}, follow=True
    )
    assert response.status_code == 404
    assert "เลขที่หรือรหัสตรวจสอบไม่ถูกต้อง" in response.content.decode()
    response = client.get(
        reverse("reports:verify-lookup"),
        {"number": document.number, "code": document.check_code},
        follow=True,
    )
    assert response.status_code == 200
    assert "เอกสารฉบับนี้เป็นเอกสารที่พิมพ์จากระบบจริง" in response.content.decode()


def test_each_document_gets_its_own_random_code_from_the_unambiguous_alphabet(documents):
    codes = [d.check_code for d in documents]
    assert len(set(codes)) == len(codes)
    assert all(re.fullmatch(f"[{CHECK_CODE_ALPHABET}]{{8}}", code) for code in codes)
    assert all(d.check_code_printed for d in documents)


def test_paper_printed_before_check_codes_still_verifies_from_its_qr_code(client, documents):
    # given a document printed before this change: its QR code carries /verify/<number>/ only
    old = documents[0]
    PrintedDocument.objects.filter(pk=old.pk).update(check_code_printed=False)
    # then its QR code still opens the page, as does the code the system gave it since
    response = look_up(client, old.number)
    assert response.status_code == 200
    assert "เอกสารฉบับนี้เป็นเอกสารที่พิมพ์จากระบบจริง" in response.content.decode()
    assert look_up(client, old.number, old.check_code).status_code == 200
    # but a code typed for it must be its code, and newer papers still need theirs
    assert look_up(client, old.number, "K7M2QX9P").status_code == 404
    assert look_up(client, documents[1].number).status_code == 404


def test_the_migration_gives_each_document_printed_before_a_code_and_flags_it(transactional_db):
    executor = MigrationExecutor(connection)
    before = [("reports", "0003_quarterclosure_to_projects")]
    after = [("reports", "0004_printed_document_check_code")]
    executor.migrate(before)
    try:
        old_models = executor.loader.project_state(before).apps
        OldDocument = old_models.get_model("reports", "PrintedDocument")
        for n in range(1, 4):
            OldDocument.objects.create(number=f"PF-2568-{n:06d}", kind="project_form", fingerprint="0" * 64)
        executor = MigrationExecutor(connection)
        executor.migrate(after)
        migrated = executor.loader.project_state(after).apps.get_model("reports", "PrintedDocument")
        rows = list(migrated.objects.order_by("number").values_list("check_code", "check_code_printed"))
        assert len({code for code, _ in rows}) == 3
        assert all(re.fullmatch(f"[{CHECK_CODE_ALPHABET}]{{8}}", code) for code, _ in rows)
        assert [printed for _, printed in rows] == [False, False, False]
    finally:
        MigrationExecutor(connection).migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def test_lookups_from_one_address_are_limited_with_a_thai_page(client, documents, settings):
    settings.VERIFY_LOOKUPS_PER_ADDRESS = "5/10m"
    document = documents[0]
    # five lookups, of any numbers, right or wrong, are answered
    for n in range(4):
        assert look_up(client, f"PF-2569-{n:06d}", "K7M2QX9P").status_code == 404
    assert look_up(client, document.number, document.check_code).status_code == 200
    # the sixth is refused, even with the right number and code
    response = look_up(client, document.number, document.check_code)
    html = response.content.decode()
    assert response.status_code == 429
    assert "ตรวจสอบเอกสารบ่อยเกินไป" in html
    assert "กรุณาลองใหม่อีกครั้งในอีก 10 นาที" in html
    assert NAME not in html
    # someone at another address is not affected
    assert look_up(client, document.number, document.check_code, address="198.51.100.9").status_code == 200


def test_the_limit_reads_the_client_address_from_the_configured_header(client, documents, settings):
    """Behind a load balancer every request comes from the balancer: the limit follows CLIENT_ADDRESS_HEADER."""
    settings.VERIFY_LOOKUPS_PER_ADDRESS = "2/m"
    settings.RATELIMIT_IP_META_KEY = "HTTP_X_REAL_IP"
    document = documents[0]
    url = reverse("reports:verify", kwargs={"number": document.number})
    for _ in range(2):
        assert client.get(url, {"c": document.check_code}, HTTP_X_REAL_IP="203.0.113.7").status_code == 200
    assert client.get(url, {"c": document.check_code}, HTTP_X_REAL_IP="203.0.113.7").status_code == 429
    assert client.get(url, {"c": document.check_code}, HTTP_X_REAL_IP="203.0.113.8").status_code == 200
