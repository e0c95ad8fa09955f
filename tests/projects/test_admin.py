"""The Django admin: every model's pages open for an administrator, changelists cost a fixed number of queries."""

from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from projects.accounts import save_account
from projects.demo.loader import SEED_REASON
from projects.models import Agency, Evaluation, Project, QuarterClosure, StrategyNode
from reports.models import DocumentKind, PrintBatch, PrintedDocument
from tests.factories import (
    AgencyFactory,
    EvaluationFactory,
    KpiFactory,
    KpiQuarterResultFactory,
    ProgressReportFactory,
    ProjectFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

ADMIN_APPS = ("projects", "reports", "auth")


def changelist_urls():
    return {
        model: reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        for model in admin.site._registry
        if model._meta.app_label in ADMIN_APPS
    }


def seed(*args):
    call_command("seed_demo", *args, "--today", "10/02/2567", stdout=StringIO())


def add_report_records(count, offset):
    agency = Agency.objects.order_by("code").first()
    for i in range(count):
        QuarterClosure.objects.create(fiscal_year=2560 + offset + i, quarter=1)
        PrintedDocument.objects.create(
            number=f"P{offset}-{i}", kind=DocumentKind.PROJECT_FORM, agency=agency, fingerprint="0" * 64
        )
        PrintBatch.objects.create(agency=agency, fiscal_year=2567)
        save_account(
            username=f"staff{offset}-{i}", role="staff", agencies=[agency.code], password="demo-pass-long"
        )


@pytest.fixture
def superuser(client):
    user = UserFactory(username="root", is_superuser=True, is_staff=True)
    client.force_login(user)
    return user


def query_counts(client):
    counts = {}
    for model, url in changelist_urls().items():
        client.get(url)  # the first request of a session loads it; count a steady one
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, url
        counts[model._meta.label] = len(queries)
    return counts


def test_every_model_of_projects_and_reports_is_in_the_admin():
    registered = {m._meta.label for m in admin.site._registry}
    for label in [
        "projects.Agency",
        "projects.StrategyNode",
        "projects.Project",
        "projects.PlanStep",
        "projects.ProgressReport",
        "projects.Kpi",
        "projects.KpiQuarterResult",
        "projects.Evaluation",
        "projects.AgencyMembership",
        "projects.QuarterClosure",
        "reports.PrintedDocument",
        "reports.PrintBatch",
    ]:
        assert label in registered


def test_changelists_run_the_same_number_of_queries_for_few_and_many_rows(client, superuser):
    seed("--projects", "6", "--seed", "1", "--fiscal-years", "2566")
    add_report_records(2, offset=0)
    few = query_counts(client)

    seed("--projects", "60", "--seed", "2", "--fiscal-years", "2567")
    add_report_records(12, offset=10)
    many = query_counts(client)

    assert Project.objects.count() == 66
    assert many == few


def test_projects_changelist_shows_seeded_codes_and_budget_used(client, superuser):
    seed("--projects", "6", "--seed", "1", "--fiscal-years", "2566")
    project = ProjectFactory(
        code="05000000-0042",
        agency=Agency.objects.get(code="05000000"),
        budget_received=Decimal("1643800.00"),
    )
    ProgressReportFactory(project=project, number=1, disbursed=Decimal("1000.50"))
    ProgressReportFactory(
        project=project, number=2, report_date=date(2022, 11, 25), disbursed=Decimal("2000.25")
    )

    response = client.get(reverse("admin:projects_project_changelist"))

    content = response.content.decode()
    for code in Project.objects.values_list("code", flat=True):
        assert code in content
    assert "1,643,800.00" in content
    assert "3,000.75" in content  # budget used = the sum of the disbursements
    assert "25/11/2565" in content  # the last report, Buddhist Era


def test_projects_changelist_searches_code_and_thai_name_and_filters(client, superuser):
    works = AgencyFactory(code="05000000", name="สำนักการโยธา")
    ProjectFactory(code="05000000-0001", name="โครงการขุดลอกคลองแสนแสบ", agency=works)
    bangrak = AgencyFactory(code="43000000", name="สำนักงานเขตบางรัก", kind="district")
    ProjectFactory(code="43000000-0001", name="โครงการปรับปรุงทางเท้า", fiscal_year=2567, agency=bangrak)
    url = reverse("admin:projects_project_changelist")

    by_name = client.get(url, {"q": "ขุดลอกคลอง"}).content.decode()
    by_year = client.get(url, {"fiscal_year__exact": "2567"}).content.decode()
    by_code = client.get(url, {"q": "43000000"}).content.decode()
    by_kind = client.get(url, {"agency__kind__exact": "department"}).content.decode()

    assert "05000000-0001" in by_name and "43000000-0001" not in by_name
    assert "43000000-0001" in by_year and "05000000-0001" not in by_year
    assert "43000000-0001" in by_code and "05000000-0001" not in by_code
    assert "05000000-0001" in by_kind and "43000000-0001" not in by_kind
    assert "ประเภทหน่วยงาน" in by_kind


def test_project_change_page_shows_inlines_budget_used_and_history(client, superuser):
    seed("--projects", "10", "--seed", "1", "--fiscal-years", "2566")
    project = Project.objects.with_figures().filter(budget_used__gt=0).first()
    first_report = project.reports.order_by("number").first()

    response = client.get(reverse("admin:projects_project_change", args=[project.pk]))
    history = client.get(reverse("admin:projects_project_history", args=[project.pk]))

    content = response.content.decode()
    assert response.status_code == 200
    assert project.code in content
    assert f"{project.budget_used:,.2f}" in content
    assert "ขั้นตอนการดำเนินงาน" in content and "รายงานความก้าวหน้า" in content
    assert first_report.text in content
    assert history.status_code == 200
    assert SEED_REASON in history.content.decode()


def test_tree_admin_pages_open_with_the_move_form(client, superuser):
    seed("--projects", "3", "--seed", "1", "--fiscal-years", "2566")
    section = Agency.objects.get(code="05020100")
    node = StrategyNode.objects.filter(level=4).first()

    add = client.get(reverse("admin:projects_agency_add"))
    change = client.get(reverse("admin:projects_agency_change", args=[section.pk]))
    strategy = client.get(reverse("admin:projects_strategynode_change", args=[node.pk]))
    agencies = client.get(reverse("admin:projects_agency_changelist"))

    assert add.status_code == change.status_code == strategy.status_code == 200
    assert 'name="treebeard_ref_node"' in add.content.decode()
    history = client.get(reverse("admin:projects_agency_history", args=[section.pk]))
    assert history.status_code == 200 and SEED_REASON in history.content.decode()
    assert "ส่วนสำรวจและออกแบบ" in change.content.decode()
    assert "สำนักงานเขตพระนคร" in agencies.content.decode()


def test_saving_a_project_in_the_admin_bumps_its_version(rf, superuser):
    project = ProjectFactory()
    request = rf.post("/")
    request.user = superuser
    project.name = "โครงการที่แก้ไขในหน้าผู้ดูแลระบบ"

    admin.site._registry[Project].save_model(request, project, form=None, change=True)

    project.refresh_from_db()
    assert project.version == 2
    assert project.history.first().name == "โครงการที่แก้ไขในหน้าผู้ดูแลระบบ"


def test_an_evaluation_saved_in_the_admin_records_who(rf, superuser):
    evaluation = EvaluationFactory()
    request = rf.post("/")
    request.user = superuser

    admin.site._registry[Evaluation].save_model(request, evaluation, form=None, change=True)

    evaluation.refresh_from_db()
    assert evaluation.evaluated_by == superuser
    assert evaluation.evaluated_at is not None


def test_agency_staff_cannot_open_the_admin(client):
    AgencyFactory(code="05000000")
    result = save_account(username="somchai", role="staff", agencies=["05000000"], password="demo-pass-long")
    client.force_login(result.user)

    response = client.get(reverse("admin:projects_project_changelist"))

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
    assert get_user_model().objects.get(username="somchai").is_staff is False


def test_project_change_page_costs_the_same_for_few_and_many_reports(client, superuser):
    def change_page_queries(project):
        url = reverse("admin:projects_project_change", args=[project.pk])
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        return len(queries)

    small, large = ProjectFactory(), ProjectFactory()
    for number in (1, 2):
        ProgressReportFactory(project=small, number=number)
    for number in range(1, 13):
        ProgressReportFactory(project=large, number=number)
    EvaluationFactory(project=small, quarter=1, evaluated_by=superuser)
    for quarter in (1, 2, 3, 4):
        EvaluationFactory(project=large, quarter=quarter, evaluated_by=UserFactory())

    assert change_page_queries(large) == change_page_queries(small)


def test_user_admin_shows_the_agencies_of_a_staff_member(client, superuser):
    AgencyFactory(code="05000000", name="สำนักการโยธา")
    result = save_account(username="somchai", role="staff", agencies=["05000000"], password="demo-pass-long")

    response = client.get(reverse("admin:auth_user_change", args=[result.user.pk]))

    content = response.content.decode()
    assert response.status_code == 200
    assert "สังกัดหน่วยงานของผู้ใช้" in content
    assert "สำนักการโยธา" in content


def test_kpi_change_page_costs_the_same_for_one_and_four_quarters(client, superuser):
    def change_page_queries(kpi):
        url = reverse("admin:projects_kpi_change", args=[kpi.pk])
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        assert kpi.code in response.content.decode()
        return len(queries)

    one, four = KpiFactory(), KpiFactory()
    KpiQuarterResultFactory(kpi=one, quarter=1)
    for quarter in (1, 2, 3, 4):
        KpiQuarterResultFactory(kpi=four, quarter=quarter)

    assert change_page_queries(four) == change_page_queries(one)


def form_data(response):
    """What the browser would post back for the change form as shown: main form and every inline."""

    def values(form):
        data = {}
        for name in form.fields:
            value = form[name].value()
            if value is None or value is False:
                continue
            data[form.add_prefix(name)] = "on" if value is True else str(value)
        return data

    data = values(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        data.update(values(formset.management_form))
        for form in formset.forms:
            data.update(values(form))
    return data


def test_editing_a_report_in_the_project_page_bumps_versions_and_records_who(client, superuser):
    project = ProjectFactory(code="05000000-0007")
    report = ProgressReportFactory(project=project, number=1, progress=Decimal("10.00"))
    url = reverse("admin:projects_project_change", args=[project.pk])
    data = form_data(client.get(url))
    prefix = next(key for key, value in data.items() if key.endswith("-id") and value == str(report.pk))[:-3]
    data[f"{prefix}-progress"] = "15.00"

    response = client.post(url, data)

    assert response.status_code == 302, response.context and response.context["errors"]
    report.refresh_from_db()
    project.refresh_from_db()
    assert report.progress == Decimal("15.00")
    assert report.version == 2
    assert project.version == 2
    assert report.history.first().history_user == superuser
