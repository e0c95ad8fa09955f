"""Write pages cost a fixed number of queries, whatever the number of reports, steps or indicators."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import KpiFactory, KpiQuarterResultFactory, PlanStepFactory, ProgressReportFactory

pytestmark = pytest.mark.django_db


def grow(project, size, start):
    for i in range(start, start + size):
        ProgressReportFactory(
            project=project,
            number=i + 1,
            report_date=date(2022, 10, 1) + timedelta(days=31 * i),
            progress=Decimal(i),
        )
        PlanStepFactory(project=project, number=i + 2, weight=Decimal("0.01"))
        kpi = KpiFactory(project=project)
        KpiQuarterResultFactory(kpi=kpi, quarter=1)
        KpiQuarterResultFactory(kpi=kpi, quarter=2)


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "page", ["reports/new/", "reports/1/edit/", "reports/1/delete/", "plan/", "kpis/", "status/", "edit/", ""]
)
def test_page_queries_do_not_grow_with_rows(client, staff, project, page):
    client.force_login(staff)
    url = f"/projects/{project.fiscal_year}/{project.code}/{page}"
    grow(project, 2, 0)
    small = queries(client, url)
    grow(project, 8, 2)
    assert queries(client, url) == small
