"""Every write page with every role: own agency (and a parent's staff) and administrators in; others out."""

from datetime import date

import pytest

from tests.factories import KpiFactory, ProgressReportFactory

pytestmark = pytest.mark.django_db

PAGES = [
    "reports/new/",
    "reports/1/edit/",
    "reports/1/delete/",
    "plan/",
    "kpis/",
    "kpis/new/",
    "kpis/{kpi}/edit/",
    "kpis/{kpi}/delete/",
    "status/",
    "edit/",
]


@pytest.fixture
def urls(project):
    ProgressReportFactory(project=project, number=1, report_date=date(2022, 10, 25))
    kpi = KpiFactory(project=project)
    return [f"/projects/{project.fiscal_year}/{project.code}/{page.format(kpi=kpi.pk)}" for page in PAGES]


@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_is_sent_to_sign_in(client, urls, method):
    for url in urls:
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/?next="), url


@pytest.mark.parametrize("role", ["planner", "other_staff"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_planning_office_and_other_agencies_get_403(client, urls, request, role, method, project):
    client.force_login(request.getfixturevalue(role))
    for url in urls:
        assert getattr(client, method)(url, {"token": "x"}).status_code == 403, url
    assert project.reports.count() == 1 and project.kpis.count() == 1


@pytest.mark.parametrize("role", ["staff", "admin_user"])
def test_staff_of_a_parent_agency_and_administrators_may_open_every_page(client, urls, request, role):
    # `staff` belongs to the parent agency of the project's agency.
    client.force_login(request.getfixturevalue(role))
    for url in urls:
        assert client.get(url).status_code == 200, url


def test_staff_without_agency_role_group_gets_403(client, urls, db):
    from tests.factories import UserFactory

    client.force_login(UserFactory(username="nobody"))
    for url in urls:
        assert client.get(url).status_code == 403, url


def test_id_urls_are_guarded_too(client, project, planner, staff):
    url = f"/projects/id/{project.pk}/reports/new/"
    client.force_login(planner)
    assert client.get(url).status_code == 403
    client.force_login(staff)
    assert client.get(url).status_code == 200


def test_staff_of_the_projects_own_agency_may_edit_but_not_a_parents_project(
    client, urls, sub_agency, agency
):

    from tests.factories import ProjectFactory, UserFactory

    section_staff = UserFactory(username="section", staff=True, agency=sub_agency)
    client.force_login(section_staff)
    for url in urls:
        assert client.get(url).status_code == 200, url
    parents = ProjectFactory(code="01000000-0001", agency=agency)
    assert client.get(f"/projects/{parents.fiscal_year}/{parents.code}/reports/new/").status_code == 403
