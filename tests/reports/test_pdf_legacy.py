"""The imported legacy projects print with a correct text layer."""

import pytest
from django.core.management import call_command

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
