"""Paging a list: every row on exactly one page in any sort, and late pages read from the list's end."""

from decimal import Decimal

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from projects.models import Project
from tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def projects():
    """45 projects in three agencies of 15; some share a budget, some have none, a few have no code."""
    agencies = [AgencyFactory(code=f"0{n}000000", name=f"สำนัก {n}") for n in (1, 2, 3)]
    return Project.objects.bulk_create(
        Project(
            code=None if i % 11 == 0 else f"P-{i:03d}",
            name=f"โครงการ {i}",
            fiscal_year=2566,
            agency=agencies[i % 3],
            budget_received=None if i % 7 == 0 else Decimal(1000 * (i % 4)),
        )
        for i in range(45)
    )


ORDERS = [
    ("code",),
    ("-code",),
    ("agency__name",),
    ("-budget_received", "agency__name"),
    ("budget_received",),
]


@pytest.mark.parametrize("order", ORDERS)
def test_every_project_is_on_exactly_one_page_in_the_order_asked(projects, order):
    paginator = Paginator(Project.paged.order_by(*order), 10)
    assert paginator.count == 45
    pages = [[p.pk for p in paginator.page(n).object_list] for n in paginator.page_range]
    assert [len(page) for page in pages] == [10, 10, 10, 10, 5]
    # The same order the database gives for the whole list, ties broken by the key.
    expected = list(Project.objects.order_by(*order, "pk").values_list("pk", flat=True))
    assert [pk for page in pages for pk in page] == expected


def test_a_page_past_the_middle_is_read_from_the_end(projects):
    paged = Project.paged.order_by("code")
    assert paged.count() == 45
    with CaptureQueriesContext(connection) as queries:
        page = list(paged[30:40])
    assert [p.code for p in page] == list(
        Project.objects.order_by("code", "pk").values_list("code", flat=True)[30:40]
    )
    (sql,) = [q["sql"] for q in queries]
    # Reversed, the page starts 5 rows from the end: the 30 rows before it are not walked.
    assert "OFFSET 5" in sql and "DESC" in sql and "OFFSET 30" not in sql


def test_without_a_count_a_late_page_is_read_from_the_start(projects):
    with CaptureQueriesContext(connection) as queries:
        page = list(Project.paged.order_by("code")[40:50])
    assert len(page) == 5
    assert "OFFSET 40" in queries[0]["sql"]


def test_the_list_sorted_by_agency_shows_each_project_once_across_its_pages(client, planner):
    agency = AgencyFactory(code="05000000", name="สำนักการโยธา")
    Project.objects.bulk_create(
        Project(code=f"Y-{i:03d}", name=f"ถนน {i}", fiscal_year=2566, agency=agency) for i in range(120)
    )
    client.force_login(planner)
    seen = []
    for page in (1, 2, 3):
        response = client.get(
            reverse("projects:list"), {"fiscal_year": "2566", "sort": "agency", "page": page}
        )
        seen += [row.record.code for row in response.context["table"].paginated_rows]
    assert len(seen) == 120 and len(set(seen)) == 120
    assert seen == sorted(seen)  # one agency: the key orders the ties, as the codes were created
