"""Every main page in English: headings, labels and choice labels are English; only the data stays Thai.

The language is chosen the three ways a person can: the language cookie the switch sets, the browser's
`Accept-Language`, and the `set_language` form itself.
"""

import re
from datetime import date
from decimal import Decimal
from html import unescape

import pytest
from django.conf import settings
from django.urls import reverse

from projects.models import Kpi
from reports import printing
from reports.views import common
from tests.factories import ProgressReportFactory, UserFactory
from tests.reports.pdf_fixtures import (
    CODE,
    COORDINATOR,
    DEPARTMENT,
    DIVISION,
    INDICATOR,
    NAME,
    OBJECTIVES,
    RATIONALE,
    REPORTS,
    STRATEGY_PATH,
    TARGETS,
    agency_tree,
    legacy_project,
)

pytest_plugins = ["tests.reports.pdf_fixtures"]

pytestmark = pytest.mark.django_db

THAI = re.compile(r"[\u0E00-\u0E7F]+(?:[\s\d.,:/()%-]*[\u0E00-\u0E7F]+)*")
# The two places Thai belongs in an English page's chrome: the language switch names Thai in Thai, and
# Buddhist Era dates written out in full use Thai month names (the official calendar, in both languages).
THAI_MONTHS = [
    "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
    "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม",
]  # fmt: skip
ALWAYS_THAI = ["ไทย", *THAI_MONTHS]


@pytest.fixture(autouse=True)
def after_quarter_one(monkeypatch):
    """The evaluation pages are looked at on 1 February 2566 BE, after quarter 1 of FY 2566."""
    monkeypatch.setattr(common, "local_today", lambda: date(2023, 2, 1))


@pytest.fixture
def project():
    return legacy_project()


@pytest.fixture
def staff(project):
    _, division = agency_tree()
    return UserFactory(
        staff=True, agency=division, username="division-staff", first_name="สมศรี", last_name="ตั้งใจ"
    )


def english(client, user):
    """The client signed in as `user`, with the language cookie the switch leaves behind set to English."""
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def visible_text(html: str) -> str:
    """What a reader sees, attributes that are read out (labels, titles, confirmations) included."""
    html = re.sub(r"<script.*?</script>", " ", html, flags=re.S)
    html = re.sub(r"<style.*?</style>", " ", html, flags=re.S)
    said = " ".join(re.findall(r'(?:aria-label|title|placeholder|data-confirm|alt)="([^"]*)"', html))
    return squeeze(unescape(re.sub(r"<[^>]+>", " ", html) + " " + said))


def squeeze(text: str) -> str:
    return " ".join(text.split())


def between(html: str, start: str, end: str) -> str:
    """The first piece of the page from `start` to the next `end`."""
    begin = html.index(start)
    return html[begin : html.index(end, begin) + len(end)]


def thai_left(html: str, *data: str) -> list[str]:
    """Thai words in the page once the project's own data (names, texts typed by people) is taken out."""
    text = visible_text(html)
    for value in sorted((squeeze(d) for d in [*data, *ALWAYS_THAI]), key=len, reverse=True):
        text = text.replace(value, " ")
    return THAI.findall(text)


def stored_texts(project) -> list[str]:
    """Everything people typed about the project (its reports, steps and indicators): shown as typed."""
    texts = []
    for report in project.reports.all():
        texts += [report.text, report.problems or "", report.obstacles or "", report.reason]
    texts += list(project.steps.values_list("description", flat=True))
    texts += list(project.kpis.values_list("name", flat=True))
    return [t for t in texts if t]


PROJECT_DATA = [
    NAME,
    DEPARTMENT,
    DIVISION,
    COORDINATOR,
    INDICATOR,
    RATIONALE,
    OBJECTIVES,
    TARGETS,
    *STRATEGY_PATH,
    *(text for *_, text in REPORTS),
    "สมศรี ตั้งใจ",
    "สมศรี",
    "ตั้งใจ",
    "วิมล ประเมินผล",
    "วิมล",
    "ประเมินผล",
]


# --- The project pages ------------------------------------------------------------------------------------
def test_project_list_in_english(client, planning_user, project):
    html = english(client, planning_user).get(reverse("projects:list")).content.decode()
    assert '<html lang="en">' in html
    assert "<h1>Projects</h1>" in html
    assert "On plan" in html  # the plan-status filter lists the choice labels
    assert thai_left(html, *PROJECT_DATA) == []


def test_an_english_browser_gets_thai_until_english_is_chosen(client, staff, project):
    """Thai first: the browser's Accept-Language does not switch the interface, the language switch does."""
    client.force_login(staff)
    html = client.get(project.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="th">' in html
    assert "บันทึกผลการดำเนินงานประจำเดือน" in html
    assert "Enter monthly progress" not in html
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(project.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="th").content.decode()
    assert '<html lang="en">' in html
    assert "Enter monthly progress" in html
    assert "On plan" in html and "Meets target" in html  # the reports' statuses
    assert "Active" in html  # the project's status
    assert "26/01/2566" in html  # Buddhist Era dates stay Buddhist Era
    # The change history names its rows in English too ("Report 3", "System"); the title is the project's
    # code and (shortened) name only.
    history = between(html, '<table class="data-table history">', "</table>")
    assert "Report 1" in history and "System" in history
    page = re.sub(r"<title>.*?</title>", "", html, flags=re.S)
    assert thai_left(page, *PROJECT_DATA, *stored_texts(project)) == []


def test_report_entry_form_with_an_error_in_english(client, staff, project):
    url = reverse("projects:report-create", kwargs={"fiscal_year": 2566, "code": CODE})
    response = english(client, staff).post(
        url,
        {
            "report_date": "",
            "progress": "120",
            "text": "งานที่พิมพ์ไว้",
            "disbursed": "1,000.50",
            "plan_status": "monitor",
            "target_status": "met",
            "token": "en-1",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html  # the error summary
    assert "Enter a date (day/month/Buddhist Era year)" in html
    assert "The percentage must be between 0 and 100" in html
    assert "Report date" in html and "Cumulative progress of the project (%)" in html
    assert "On plan but should be monitored" in html and "Does not meet target" in html
    assert "(optional)" in html
    assert "งานที่พิมพ์ไว้" in html and 'value="1,000.50"' in html  # nothing typed is lost
    assert (
        "Back to the project" in html
        and ">Save and submit for approval</button>" in html
        and ">Save as draft (do not submit yet)</button>" in html
    )
    # the hint names the Thai word people may type for "none"
    assert thai_left(html, *PROJECT_DATA, "งานที่พิมพ์ไว้", "ไม่มี") == []


def test_report_entry_refusal_from_the_service_in_english(client, staff, project):
    """A rule the service checks (one report a month) comes back in English too, BE dates kept."""
    url = reverse("projects:report-create", kwargs={"fiscal_year": 2566, "code": CODE})
    html = (
        english(client, staff)
        .post(
            url,
            {
                "report_date": "27/01/2566",
                "progress": "6",
                "text": "งานเพิ่ม",
                "plan_status": "on_plan",
                "target_status": "met",
                "token": "en-2",
            },
        )
        .content.decode()
    )
    assert "There is already a report for" in html
    assert "report no. 1 dated 26/01/2566" in html
    assert "Edit report no. 1" in html


def test_plan_page_in_english(client, staff, project):
    html = (
        english(client, staff)
        .get(reverse("projects:plan-edit", kwargs={"fiscal_year": 2566, "code": CODE}))
        .content.decode()
    )
    assert "Edit the plan and its steps" in html
    assert "Total weight now" in html
    assert "Add a step" in html and "Save plan" in html
    assert thai_left(html, *PROJECT_DATA, *project.steps.values_list("description", flat=True)) == []


def test_indicator_form_lists_english_choice_labels(client, staff, project):
    Kpi.objects.create(project=project, name="ร้อยละของผู้เข้าร่วม", unit="percent", kind="strategic")
    html = (
        english(client, staff)
        .get(reverse("projects:kpi-create", kwargs={"fiscal_year": 2566, "code": CODE}))
        .content.decode()
    )
    assert "Add an indicator" in html
    assert "Strategic indicator" in html and "Outcome" in html and "Level" in html
    assert "Quarter 1 result" in html
    assert thai_left(html, *PROJECT_DATA) == []


# --- The planning office's pages --------------------------------------------------------------------------
def test_quarter_page_in_english(client, planning_user, project):
    url = reverse("reports:quarter", kwargs={"fiscal_year": 2566, "quarter": 1})
    html = english(client, planning_user).get(url).content.decode()
    assert "Project evaluation, quarter 1, fiscal year 2566" in html
    assert "This quarter is open" in html
    assert "<strong>1</strong> project · status differs from the calculated one:" in html
    assert "Close the quarter" in html
    assert "Evaluate the selected projects together" in html
    assert "Score for the selected projects" in html
    # The table and its filters belong to the quarter page's own code; the page around them is English.
    for start, end in [
        ("<nav", "</nav>"),
        ('<section class="closure', "</section>"),
        ("<fieldset", "</fieldset>"),
        ('<details class="filter-panel"', "</details>"),
        ("<thead", "</thead>"),
        ("<tbody", "</tbody>"),
    ]:
        assert thai_left(between(html, start, end), *PROJECT_DATA) == []


def test_quarter_table_and_filters_in_english(client, planning_user, project):
    url = reverse("reports:quarter", kwargs={"fiscal_year": 2566, "quarter": 1})
    html = english(client, planning_user).get(url).content.decode()
    filters = between(html, '<details class="filter-panel"', "</details>")
    for label in [
        "Search (project code or name)",
        "Agency (including its subordinate agencies)",
        "All agencies",
        "All strategies",
        "Plan status (calculated)",
        "On plan but should be monitored",
        "Not reported yet",
        "No plan to compare with",
        "Only where the reported status differs from the calculated one",
        "Only those missing a monthly report",
    ]:
        assert label in filters
    head = between(html, "<thead", "</thead>")
    for header in [
        "Planned (%)",
        "Actual (%)",
        "Budget used (%)",
        "Plan status",
        "Last report",
        "Planning office score",
    ]:
        assert header in head
    assert 'aria-label="Select all rows on this page"' in head
    assert "Evaluate</a>" in html
    for thai in [
        "ค้นหา (รหัสหรือชื่อโครงการ)",
        "ทุกหน่วยงาน",
        "ยังไม่รายงาน",
        "ไม่มีแผนให้เทียบ",
        "แผน (%)",
        "ผล (%)",
        "เดือนที่ไม่รายงาน",
        "คะแนน สยป.",
        "ประเมิน</a>",
    ]:
        assert thai not in html


def test_overdue_page_in_english(client, planning_user, project):
    html = english(client, planning_user).get(reverse("reports:overdue")).content.decode()
    assert "Projects with no monthly report for" in html
    assert re.search(
        r"Projects with no monthly report for ?[A-Z][a-z]+ 25\d\d", html
    )  # month named in English
    assert "reports are due by day" in html
    assert "Export:" in html
    assert thai_left(between(html, "<h1>", "</p>"), *PROJECT_DATA) == []


def test_my_evaluations_in_english(client, staff, project):
    html = english(client, staff).get(reverse("reports:mine")).content.decode()
    assert "Project evaluations by the planning office" in html
    assert "Quarterly evaluations of the projects you are responsible for (read only)" in html
    assert "Evaluations of my agency" in html  # the evaluation menu


def test_verification_page_in_english_after_set_language(client, project):
    printed = printing.print_project_form(project_id=project.pk, user=None, base_url="http://testserver")
    report = project.reports.get(number=1)
    report.progress = Decimal("6.00")
    report.save()
    ProgressReportFactory(project=project, number=len(REPORTS) + 1, report_date=date(2023, 9, 30))
    # anyone holding the paper switches the page to English
    url = reverse("reports:verify", kwargs={"number": printed.document.number})
    url += f"?c={printed.document.check_code}"
    response = client.post(reverse("set_language"), {"language": "en", "next": url}, follow=True)
    html = response.content.decode()
    assert response.status_code == 200
    assert f"Verify document no. {printed.document.number}" in html
    assert "The data in the system has changed since this document was printed" in html
    assert "Project progress and information report form" in html  # the kind, named in English here
    assert "Report no. 1: changed (" in html
    assert "Document details" in html and "Data fingerprint (SHA-256)" in html
    # the names of the changed fields are those printed on the Thai form
    assert thai_left(html, *PROJECT_DATA, "ผลการดำเนินงาน", "ความก้าวหน้าของงานฯ") == []


def test_batch_page_in_english(client, staff, project):
    from reports.models import PrintBatch

    _, division = agency_tree()
    PrintBatch.objects.create(agency=division, fiscal_year=2566, total=3, requested_by=staff)
    html = english(client, staff).get(reverse("reports:batch-list")).content.decode()
    assert "Print report forms for a whole agency" in html
    assert "— Choose an agency —" in html
    assert "Fiscal year (Buddhist Era)" in html
    assert "My print jobs" in html
    assert 'data-download-label="Download PDF"' in html  # for the script that adds the link when done
    assert "Queued" in html  # the batch's state
    assert thai_left(html, *PROJECT_DATA) == []


def test_batch_status_names_its_state_in_english(client, staff, project):
    from reports.models import PrintBatch

    _, division = agency_tree()
    batch = PrintBatch.objects.create(agency=division, fiscal_year=2566, total=3, requested_by=staff)
    status = english(client, staff).get(reverse("reports:batch-status", kwargs={"pk": batch.pk})).json()
    assert status["state_label"] == "Queued"


def test_forbidden_page_in_english(client, db):
    from tests.factories import UserFactory

    nobody = UserFactory(username="nobody")
    response = english(client, nobody).get(reverse("projects:list"))
    html = response.content.decode()
    assert response.status_code == 403
    assert "You do not have access to this page" in html
    assert "No access granted yet" in html and "Sign out" in html
    assert thai_left(html, nobody.get_full_name(), nobody.first_name, nobody.last_name) == []


def test_landing_page_in_english(client, staff, project, monkeypatch):
    """Staff's landing page: the projects still due and the deadline, in English (the BE date stays BE)."""
    monkeypatch.setattr("projects.views.lists.timezone.localdate", lambda: date(2022, 12, 20))
    html = english(client, staff).get(reverse("projects:home")).content.decode()
    assert "<h1>Your work</h1>" in html
    assert "Projects not yet reported this month" in html
    assert "Due by 25 December 2565 (5 days left)" in html
    assert "Enter report" in html
    assert thai_left(html, *PROJECT_DATA, "สมศรี ตั้งใจ") == []


def test_closed_quarter_and_lock_exception_pages_in_english(client, project):
    """A closed quarter's state, history and versions; the project's changes since closing; the form opening
    one project's closed quarter, with its list: all English around the project's own data."""
    office = UserFactory(planner=True, first_name="Wimonphan", last_name="Phimsan")
    from django.utils import timezone

    from projects.services.lock_exceptions import grant_lock_exception
    from reports import services
    from tests.reports.evaluation_setup import at, budget_raised

    services.close_quarter(fiscal_year=2566, quarter=1, user=office, reason="ครบกำหนด")
    services.reopen_quarter(fiscal_year=2566, quarter=1, user=office, reason="แก้คะแนน")
    services.close_quarter(fiscal_year=2566, quarter=1, user=office)
    grant_lock_exception(
        project=project,
        quarter=1,
        reason="แก้ยอด",
        expires_at=timezone.now() + timezone.timedelta(hours=1),
        user=office,
    )
    budget_raised(project, Decimal("1.00"), on=at(date(2022, 12, 15)))  # within the quarter: a change to it
    reasons = ["ครบกำหนด", "แก้คะแนน", "แก้ยอด"]
    client = english(client, office)
    quarter = client.get(
        reverse("reports:quarter", kwargs={"fiscal_year": 2566, "quarter": 1})
    ).content.decode()
    assert "Recorded versions" in quarter and "Version 2: 1 project" in quarter
    assert thai_left(between(quarter, '<section class="closure', "</section>"), *PROJECT_DATA, *reasons) == []
    page = client.get(project.get_absolute_url()).content.decode()
    assert "Changes since closed quarters" in page
    assert thai_left(between(page, '<section id="since-closing"', "</section>"), *PROJECT_DATA) == []
    assert "Budget received" in between(page, '<section id="since-closing"', "</section>")
    form = client.get(f"/projects/2566/{project.code}/lock-exception/").content.decode()
    assert thai_left(between(form, "<main", "</main>"), *PROJECT_DATA, *reasons) == []
