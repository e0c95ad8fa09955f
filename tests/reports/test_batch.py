"""Batch printing: every form of an agency for a fiscal year in one PDF, laid out by the task worker."""

import re

import pytest
from django.utils import translation
from django_tasks_db.models import DBTaskResult

from reports import pdf, printing
from reports.models import PrintBatch, PrintedDocument
from reports.tasks import print_batch
from tests.factories import AgencyFactory, ProgressReportFactory, ProjectFactory
from tests.reports.pdf_fixtures import (
    NAME,
    TITLE,
    agency_tree,
    legacy_project,
    pdf_page_count,
    pdf_text,
    squeeze,
)

pytest_plugins = ["tests.reports.pdf_fixtures"]
pytestmark = pytest.mark.usefixtures("media")

IMMEDIATE = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": ["default"]}
}


@pytest.fixture
def agency_projects(db):
    """Three projects of สำนักปลัดกรุงเทพมหานคร and its division in FY 2566, and two that are not in the batch."""
    department, division = agency_tree()
    big = legacy_project()
    small = ProjectFactory(code="04160000-7001", agency=division, name="โครงการอบรมภาษาอังกฤษสำหรับบุคลากร")
    ProgressReportFactory(project=small, number=1, text="จัดอบรมรุ่นที่ 1 แล้วเสร็จ")
    top = ProjectFactory(code="04000000-7002", agency=department, name="โครงการจัดทำแผนปฏิบัติราชการประจำปี")
    ProjectFactory(code="04160000-7003", agency=division, fiscal_year=2567, name="โครงการปีหน้า")
    ProjectFactory(code="06000000-7004", agency=AgencyFactory(code="06000000"), name="โครงการหน่วยงานอื่น")
    return department, [top, big, small]


def forms_in(content: bytes) -> list[tuple[int, int]]:
    """(first page, page count) of each form in a batch PDF, read from the `หน้า X / Y` footers."""
    forms = []
    for page in range(1, pdf_page_count(content) + 1):
        match = re.search(r"หน้า (\d+) / (\d+)", pdf_text(content, page=page))
        if match.group(1) == "1":
            forms.append((page, int(match.group(2))))
    return forms


def test_task_prints_every_form_of_the_agency_into_one_pdf(agency_projects, planning_user):
    department, projects = agency_projects
    batch = PrintBatch.objects.create(
        agency=department, fiscal_year=2566, requested_by=planning_user, total=3
    )

    assert print_batch.call(batch.pk, "http://testserver") == 3

    batch.refresh_from_db()
    assert batch.state == PrintBatch.State.DONE
    assert (batch.done, batch.total) == (3, 3)
    assert batch.finished_at is not None
    content = batch.file.read()
    # each form is numbered on its own, and the pages add up
    forms = forms_in(content)
    assert len(forms) == 3
    assert sum(count for _, count in forms) == pdf_page_count(content)
    assert forms[1][1] >= 2  # the legacy project's ten reports run over several pages
    # each form's first page carries the title, its project and its own document number
    documents = list(PrintedDocument.objects.order_by("pk"))
    assert [d.project_id for d in documents] == [p.pk for p in projects]
    names = [projects[0].name, NAME, projects[2].name]
    for (first_page, _), name, document in zip(forms, names, documents, strict=True):
        text = pdf_text(content, page=first_page)
        assert text.split("\n")[0] == TITLE
        assert squeeze(name) in squeeze(text)
        assert f"เลขที่เอกสาร {document.number} รหัสตรวจสอบ {document.check_code}" in text
        assert document.printed_by == planning_user
        url = f"http://testserver/verify/{document.number}/?c={document.check_code}"
        assert squeeze(url) in squeeze(text)
    assert "โครงการปีหน้า" not in pdf_text(content)
    assert "โครงการหน่วยงานอื่น" not in pdf_text(content)


def test_progress_counts_forms_as_they_are_laid_out(agency_projects, planning_user, monkeypatch):
    department, _ = agency_projects
    batch = PrintBatch.objects.create(
        agency=department, fiscal_year=2566, requested_by=planning_user, total=3
    )
    seen = []
    render_many = pdf.render_many

    def spy(htmls, on_each):
        # Forms are laid out in a child process; progress is written here, as each one is reported.
        def each(index):
            on_each(index)
            seen.append(PrintBatch.objects.values_list("state", "done").get(pk=batch.pk))

        return render_many(htmls, on_each=each)

    monkeypatch.setattr(pdf, "render_many", spy)
    printing.run_batch(batch_id=batch.pk, base_url="http://testserver")
    assert seen == [("running", 1), ("running", 2), ("running", 3)]


def test_failed_batch_is_marked_and_leaves_no_documents(agency_projects, planning_user, monkeypatch):
    department, _ = agency_projects
    batch = PrintBatch.objects.create(
        agency=department, fiscal_year=2566, requested_by=planning_user, total=3
    )

    def broken(html):
        raise OSError("disk full")

    monkeypatch.setattr(pdf, "_document", broken)
    with pytest.raises(OSError):
        printing.run_batch(batch_id=batch.pk, base_url="http://testserver")
    batch.refresh_from_db()
    assert batch.state == PrintBatch.State.FAILED
    # People read what to do, in their page's language; the technical detail is kept for the administrator.
    assert printing.failure_message(batch) == (
        "พิมพ์ไม่สำเร็จ: เกิดข้อผิดพลาดในระบบ ไม่ได้ออกเลขที่เอกสาร กรุณาสั่งพิมพ์ใหม่ หากยังไม่สำเร็จให้แจ้งผู้ดูแลระบบ"
    )
    with translation.override("en"):
        assert printing.failure_message(batch).startswith("Printing failed: a system error")
    assert "disk full" not in printing.failure_message(batch)
    assert batch.error == "OSError: disk full"
    assert not PrintedDocument.objects.exists()


# --- The pages -----------------------------------------------------------------------------------------------
def post_batch(client, agency, fiscal_year="2566"):
    return client.post("/print/batches/", {"agency": agency.pk, "fiscal_year": fiscal_year})


def test_web_request_only_queues_the_task(
    client, agency_projects, planning_user, django_capture_on_commit_callbacks
):
    department, _ = agency_projects
    client.force_login(planning_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = post_batch(client, department)
    assert response.status_code == 302
    batch = PrintBatch.objects.get()
    assert (batch.state, batch.total, batch.done) == ("queued", 3, 0)
    assert not PrintedDocument.objects.exists()  # no page was laid out by the web request
    queued = DBTaskResult.objects.get()
    assert batch.task_id == str(queued.id)
    assert queued.args_kwargs["args"][0] == batch.pk


def test_requested_batch_runs_and_is_downloaded(
    client, agency_projects, division_staff, finance_staff, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = IMMEDIATE
    _, division = agency_tree()
    client.force_login(division_staff)
    with django_capture_on_commit_callbacks(execute=True):
        post_batch(client, division)
    batch = PrintBatch.objects.get()
    assert batch.requested_by == division_staff

    status = client.get(f"/print/batches/{batch.pk}/status.json").json()
    assert status == {
        "state": "done",
        "state_label": "เสร็จแล้ว",
        "done": 2,
        "total": 2,
        "download_url": f"/print/batches/{batch.pk}/download.pdf",
        "error": "",
    }
    download = client.get(status["download_url"])
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    content = b"".join(download.streaming_content)
    assert len(forms_in(content)) == 2

    page = client.get("/print/batches/").content.decode()
    assert "ดาวน์โหลด PDF" in page
    assert "2/2" in page

    client.force_login(finance_staff)
    assert client.get(f"/print/batches/{batch.pk}/status.json").status_code == 403
    assert client.get(status["download_url"]).status_code == 403


def test_anonymous_users_are_sent_to_sign_in(client, agency_projects, planning_user, sign_in_url):
    department, _ = agency_projects
    batch = PrintBatch.objects.create(
        agency=department, fiscal_year=2566, requested_by=planning_user, total=3
    )
    for url in [
        "/print/batches/",
        f"/print/batches/{batch.pk}/status.json",
        f"/print/batches/{batch.pk}/download.pdf",
    ]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(sign_in_url)


def test_page_has_the_form_my_batches_and_no_inline_script(
    client, agency_projects, division_staff, planning_user
):
    department, _ = agency_projects
    _, division = agency_tree()
    PrintBatch.objects.create(agency=department, fiscal_year=2566, requested_by=planning_user, total=3)
    mine = PrintBatch.objects.create(
        agency=division, fiscal_year=2565, requested_by=division_staff, total=2, done=1
    )
    client.force_login(division_staff)
    page = client.get("/print/batches/").content.decode()
    assert f'data-status-url="/print/batches/{mine.pk}/status.json"' in page
    assert page.count('batch-progress"') == 1  # only my batch
    assert "1/2" in page
    assert '<script src="/static/reports/batch-progress.js" defer></script>' in page
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", page) == []
    # staff choose among their own agencies only
    assert f'<option value="{division.pk}">' in page
    assert f'<option value="{department.pk}">' not in page


def test_bad_requests_get_thai_messages_and_queue_nothing(client, agency_projects, division_staff):
    department, _ = agency_projects
    _, division = agency_tree()
    client.force_login(division_staff)
    response = post_batch(client, department)  # the parent department is not theirs
    assert response.status_code == 400
    assert "กรุณาเลือกหน่วยงานจากรายการ" in response.content.decode()
    response = post_batch(client, division, fiscal_year="2020")
    assert "กรุณากรอกปีงบประมาณเป็นปี พ.ศ. เช่น 2566" in response.content.decode()
    response = post_batch(client, division, fiscal_year="2550")
    assert "ไม่มีโครงการของส่วนส่งเสริมความสัมพันธ์ระหว่างเมือง ในปีงบประมาณ 2550" in response.content.decode()
    assert not PrintBatch.objects.exists()


def test_batch_page_costs_the_same_queries_for_1_or_8_batches(client, agency_projects, planning_user):
    department, _ = agency_projects
    client.force_login(planning_user)

    def count_queries():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            assert client.get("/print/batches/").status_code == 200
        return len(captured.captured_queries)

    PrintBatch.objects.create(agency=department, fiscal_year=2566, requested_by=planning_user, total=3)
    one = count_queries()
    for year in range(2560, 2567):
        PrintBatch.objects.create(agency=department, fiscal_year=year, requested_by=planning_user, total=3)
    assert count_queries() == one
