"""The budget received and the project's status to a day's end (`received_on` and `status_on`, annotated by
`with_figures_on`): the values the project's change history recorded by the end of that day, Bangkok time, not
today's; what a quarter shows and freezes."""

from datetime import date
from decimal import Decimal

import pytest
from django.db.models import F

from projects.choices import ProjectStatus
from projects.models import Project, QuarterSnapshot
from projects.quarter_figures import received_on, with_figures_on, with_plan_status_on
from tests.factories import AgencyFactory, ProjectFactory, UserFactory
from tests.reports.evaluation_setup import at, budget_raised, project_behind_plan, recorded_since

pytestmark = pytest.mark.django_db

END_OF_QUARTER_1 = date(2022, 12, 31)  # FY 2566


def received(project, day=END_OF_QUARTER_1):
    return (
        Project.objects.filter(pk=project.pk)
        .annotate(q_received=received_on(day))
        .values_list("q_received", flat=True)
        .get()
    )


@pytest.mark.parametrize(
    ("raised_at", "expected"),
    [
        (at(date(2022, 12, 15)), "2000000.00"),
        (at(date(2022, 12, 31), 23, 59, 59), "2000000.00"),  # the day's last second in Bangkok
        (at(date(2023, 1, 1), 0, 0, 0), "1000000.00"),  # 17:00 on the 31st in UTC, the next day in Bangkok
        (at(date(2023, 2, 1)), "1000000.00"),
    ],
)
def test_the_budget_is_the_one_recorded_by_the_end_of_the_day_in_bangkok(raised_at, expected):
    # given a project entered on 1 October 2022 with 1,000,000 baht
    project = ProjectFactory(budget_received=Decimal("1000000.00"))
    recorded_since(project, date(2022, 10, 1))
    # when its budget is raised to 2,000,000 baht at `raised_at`
    budget_raised(project, Decimal("2000000.00"), on=raised_at)
    # then the budget to 31 December counts the raise only when it was recorded by that day's end
    assert received(project) == Decimal(expected)
    assert received(project, date(2023, 3, 31)) == Decimal("2000000.00")


def test_a_project_recorded_only_after_the_day_reads_its_oldest_recorded_budget():
    # given a project first entered in February 2023 (imported late), raised in March
    project = ProjectFactory(budget_received=Decimal("1000000.00"))
    recorded_since(project, date(2023, 2, 1))
    budget_raised(project, Decimal("2000000.00"), on=at(date(2023, 3, 1)))
    # then quarter 1 reads the budget it was entered with
    assert received(project) == Decimal("1000000.00")


def test_a_budget_recorded_as_unknown_stays_unknown_for_that_day():
    """A row that records no budget is an answer: the later value does not fill it in."""
    project = ProjectFactory(budget_received=None)
    recorded_since(project, date(2022, 10, 1))
    budget_raised(project, Decimal("2000000.00"), on=at(date(2023, 2, 1)))
    assert received(project) is None


def test_a_project_without_any_history_reads_its_budget_today():
    # given a project written without its history (a bulk insert)
    [project] = Project.objects.bulk_create([ProjectFactory.build(agency=AgencyFactory())])
    assert not Project.history.filter(id=project.pk).exists()
    # then
    assert received(project) == Decimal("1643800.00")


def test_the_used_rate_is_of_the_budget_to_the_days_end():
    """410,950 baht used by the end of quarter 1 of a 1,000,000-baht budget is 41.10 %, however much the
    budget was raised in quarter 2."""
    project = project_behind_plan(budget_received=Decimal("1000000.00"))
    recorded_since(project, date(2022, 10, 1))
    budget_raised(project, Decimal("2000000.00"), on=at(date(2023, 2, 1)))
    end = END_OF_QUARTER_1
    figures = with_plan_status_on(with_figures_on(Project.objects.all(), end), end)
    row = figures.annotate(rate=F("q_used_rate")).values("q_received", "q_used", "rate").get()
    assert row == {
        "q_received": Decimal("1000000.00"),
        "q_used": Decimal("410950.00"),
        "rate": Decimal("41.10"),
    }


def test_it_adds_no_query_whatever_the_number_of_projects(django_assert_num_queries):
    for n in range(5):
        project = ProjectFactory(budget_received=Decimal(1000 * (n + 1)))
        recorded_since(project, date(2022, 10, 1))
        budget_raised(project, Decimal(2000 * (n + 1)), on=at(date(2023, 2, 1)))
    with django_assert_num_queries(1):
        budgets = list(
            Project.objects.order_by("pk")
            .annotate(q_received=received_on(END_OF_QUARTER_1))
            .values_list("q_received", flat=True)
        )
    assert budgets == [Decimal(1000 * (n + 1)) for n in range(5)]


def cancelled(project, *, on):
    project = Project.objects.get(pk=project.pk)
    project.status = ProjectStatus.CANCELLED
    project.status_reason = "ยกเลิกตามมติคณะกรรมการ"
    project._history_date = on
    project.save()
    return project


def test_a_project_cancelled_after_the_quarter_still_runs_in_that_quarter():
    """Cancelled on 10 January 2023 (quarter 2), before quarter 1 was closed: quarter 1 counts the project by
    its figures and the months it owed, and its closing freezes it as running; quarter 2 counts it cancelled."""
    from reports import services
    from reports.documents import quarter_summary_snapshot
    from reports.selectors import quarter_projects, quarter_rows

    planner = UserFactory(planner=True)
    project = project_behind_plan()
    recorded_since(project, date(2022, 10, 1))
    cancelled(project, on=at(date(2023, 1, 10)))

    def row(quarter):
        projects = quarter_projects(user=planner, fiscal_year=2566, quarter=quarter)
        [found] = quarter_rows(projects, fiscal_year=2566, quarter=quarter, today=date(2023, 1, 20))
        return found

    assert (row(1).status, row(1).category) == ("active", "monitor")  # 30 % against 40 % planned
    assert row(1).missing_months == ["พฤศจิกายน"]  # no report in November: still owed, the project ran then
    assert (row(2).status, row(2).category) == ("cancelled", "cancelled")

    def summary_status(quarter):
        """The project's status on the agency's quarterly summary form."""
        summary = quarter_summary_snapshot(project.agency, 2566, quarter)
        return summary["groups"][0]["rows"][0]["project_status"]

    assert (summary_status(1), summary_status(2)) == ("ดำเนินการ", "ยกเลิก")

    services.close_quarter(fiscal_year=2566, quarter=1, user=planner)
    frozen = QuarterSnapshot.objects.get(project=project, fiscal_year=2566, quarter=1)
    assert (frozen.status, frozen.category) == ("active", "monitor")
    assert (row(1).status, row(1).category) == ("active", "monitor")  # read from the snapshot now
    assert summary_status(1) == "ดำเนินการ"  # the same, from the snapshot
