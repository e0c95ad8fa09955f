"""A project's address names its fiscal year and code: two projects with one code in two years never mix.

Every link and form on each page of a project acts on that project; old addresses by code alone lead to the
newest year's page.
"""

import re
from datetime import date

import pytest
from django.urls import resolve

from projects.models import Project
from tests.factories import KpiFactory, PlanStepFactory, ProgressReportFactory, ProjectFactory

pytestmark = pytest.mark.django_db

CODE = "01000600-2456"
LINK = re.compile(r'(?:href|action)="(/projects/[^"#?][^"#]*)"')


@pytest.fixture
def two_years(sub_agency):
    """One code in fiscal years 2565 and 2566, each with a plan step, a report and an indicator."""
    projects = {}
    for year, name in ((2565, "โครงการปีก่อน"), (2566, "โครงการปีนี้")):
        project = ProjectFactory(
            code=CODE,
            fiscal_year=year,
            name=name,
            agency=sub_agency,
            start_date=date(year - 544, 10, 1),
            end_date=date(year - 543, 9, 30),
        )
        PlanStepFactory(project=project, number=1, start_date=project.start_date, end_date=project.end_date)
        ProgressReportFactory(project=project, number=1, report_date=date(year - 544, 10, 25))
        KpiFactory(project=project)
        projects[year] = project
    return projects


def project_links(html: str) -> list[str]:
    """Every address of a project page that the page links to or posts to (not the list of projects)."""
    return sorted(set(LINK.findall(html)))


def named_project(url: str) -> Project:
    """The project an address acts on, as the URL resolver reads it."""
    kwargs = resolve(url.split("?")[0]).kwargs
    assert "fiscal_year" in kwargs or "pk" in kwargs, url
    if "pk" in kwargs:
        return Project.objects.get(pk=kwargs["pk"])
    return Project.objects.get(fiscal_year=kwargs["fiscal_year"], code=kwargs["code"])


def test_a_project_address_names_its_year_and_code(two_years):
    assert two_years[2565].get_absolute_url() == f"/projects/2565/{CODE}/"
    assert two_years[2566].get_absolute_url() == f"/projects/2566/{CODE}/"


SIGN_OFF_STEPS = ("/submit/", "/approve/", "/return/", "/withdraw/")
# Forms that only post: the sign-off steps and attaching or removing evidence.
POST_ONLY = (*SIGN_OFF_STEPS, "/evidence/add/", "/remove/")


@pytest.mark.parametrize("year", [2565, 2566])
def test_every_link_of_every_page_acts_on_its_own_project(client, staff, two_years, year):
    project = two_years[year]
    kpi = project.kpis.get()
    client.force_login(staff)
    pages = [
        project.get_absolute_url(),
        *(
            f"/projects/{year}/{CODE}/{page}"
            for page in (
                "reports/new/",
                "reports/1/edit/",
                "reports/1/delete/",
                "plan/",
                "kpis/",
                f"kpis/{kpi.pk}/edit/",
                f"kpis/{kpi.pk}/delete/",
                "status/",
                "edit/",
            )
        ),
    ]
    other_years = {p.pk for p in two_years.values()} - {project.pk}
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        assert response.context["project"] == project, page
        links = project_links(response.content.decode())
        assert links, page
        for url in links:
            target = named_project(url)
            # The detail page also links the project's other years, by their own addresses.
            if target.pk in other_years and page == project.get_absolute_url():
                assert url == target.get_absolute_url()
                continue
            assert target == project, f"{page} links {url}"
            # The sign-off steps and evidence uploads are forms that post (a GET is 405); the rest are pages.
            if url.endswith(POST_ONLY):
                assert client.get(url).status_code == 405, url
            elif not url.endswith("form.pdf"):
                assert client.get(url).status_code == 200, url
    detail = client.get(project.get_absolute_url()).content.decode()
    assert f'href="/projects/{year}/{CODE}/form.pdf"' in detail
    assert f'href="/projects/{year}/{CODE}/reports/1/edit/"' in detail


def test_a_form_posted_on_an_older_years_page_changes_that_years_project(client, staff, two_years):
    older, newer = two_years[2565], two_years[2566]
    client.force_login(staff)
    url = f"/projects/2565/{CODE}/edit/"
    page = client.get(url).content.decode()
    values = dict(re.findall(r'name="(version|token)" value="([^"]*)"', page))
    response = client.post(url, {**values, "responsible": "ผู้รับผิดชอบปีก่อน"})
    assert response.status_code == 302 and response["Location"] == older.get_absolute_url()
    older.refresh_from_db()
    newer.refresh_from_db()
    assert (older.responsible, newer.responsible) == ("ผู้รับผิดชอบปีก่อน", "นางสาวสมศรี ตั้งใจ")


def test_quarter_page_links_score_and_open_each_years_project(client, planner, two_years):
    client.force_login(planner)
    for year, project in two_years.items():
        html = client.get(f"/evaluation/{year}/q1/").content.decode()
        assert f'href="/projects/{year}/{CODE}/"' in html
        score_url = f"/evaluation/{year}/q1/projects/{project.pk}/"
        assert f'href="{score_url}' in html  # (followed by where to return to)
        response = client.get(score_url)
        assert response.context["project"] == project
        assert f'href="{project.get_absolute_url()}"' in response.content.decode()


# --- Old addresses by code alone ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("old", "new"),
    [
        (f"/projects/{CODE}/", f"/projects/2566/{CODE}/"),
        (f"/projects/{CODE}/reports/1/edit/", f"/projects/2566/{CODE}/reports/1/edit/"),
        (f"/projects/{CODE}/kpis/", f"/projects/2566/{CODE}/kpis/"),
        (f"/projects/{CODE}/form.pdf", f"/projects/2566/{CODE}/form.pdf"),
        # The print link of old pages named its year.
        (f"/projects/{CODE}/form.pdf?fiscal_year=2565", f"/projects/2565/{CODE}/form.pdf?fiscal_year=2565"),
    ],
)
def test_an_old_address_redirects_permanently_to_the_newest_years_page(client, two_years, old, new):
    response = client.get(old)
    assert response.status_code == 301
    assert response["Location"] == new


def test_a_form_posted_to_an_old_address_is_refused_in_thai_and_changes_nothing(client, staff, two_years):
    """Sent on, it would change the newest year's project, which need not be the one the form was drawn for."""
    client.force_login(staff)
    response = client.post(f"/projects/{CODE}/edit/", {"responsible": "x"})
    assert response.status_code == 404
    assert "ที่อยู่เดิมของโครงการใช้เปิดดูได้อย่างเดียว" in response.content.decode()
    assert "Location" not in response
    assert Project.objects.filter(responsible="x").count() == 0


def test_an_old_address_of_an_unknown_code_or_page_is_404_in_thai(client, two_years):
    response = client.get("/projects/99999999-0000/")
    assert response.status_code == 404
    assert "<h1>ไม่พบหน้านี้</h1>" in response.content.decode()
    assert client.get(f"/projects/{CODE}/no-such-page/").status_code == 404
