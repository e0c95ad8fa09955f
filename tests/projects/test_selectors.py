"""Reads for the project pages: the list's figures, the project page's pieces, the change history."""

from datetime import date
from decimal import Decimal

import pytest

from projects.selectors import (
    newest_project_with_code,
    project_history,
    project_list,
    project_named_by,
    project_page,
)
from tests.factories import EvaluationFactory, PlanStepFactory, ProgressReportFactory, ProjectFactory


@pytest.mark.django_db
class TestProjectList:
    def test_figures_and_visibility(self, staff_a, planner, project_a, project_b):
        # given
        ProgressReportFactory(
            project=project_a, number=1, progress=Decimal("20"), disbursed=Decimal("164380.00")
        )
        ProgressReportFactory(
            project=project_a,
            number=2,
            progress=Decimal("18"),
            disbursed=None,
            report_date=date(2022, 11, 25),
        )
        # when
        rows = list(project_list(user=staff_a))
        # then
        assert rows == [project_a]
        row = rows[0]
        assert row.budget_used == Decimal("164380.00")
        assert row.latest_progress == Decimal("18.00")  # progress can go down; the latest counts
        assert row.last_report_date == date(2022, 11, 25)
        assert row.percent_used.quantize(Decimal("0.01")) == Decimal("10.00")
        assert set(project_list(user=planner)) == {project_a, project_b}

    def test_percent_used_is_none_without_budget(self, planner, project_a):
        project_a.budget_received = None
        project_a.save()
        assert project_list(user=planner).get().percent_used is None


@pytest.mark.django_db
class TestProjectPage:
    def test_a_code_names_one_project_per_fiscal_year(self, project_a):
        newer = ProjectFactory(code=project_a.code, fiscal_year=2567, agency=project_a.agency)
        assert project_named_by({"fiscal_year": 2566, "code": project_a.code}) == project_a
        assert project_named_by({"fiscal_year": 2567, "code": project_a.code}) == newer

    def test_an_old_address_by_code_leads_to_the_newest_year_or_the_year_it_names(self, project_a):
        newer = ProjectFactory(code=project_a.code, fiscal_year=2567, agency=project_a.agency)
        assert newest_project_with_code(code=project_a.code) == newer
        assert newest_project_with_code(code=project_a.code, fiscal_year="2566") == project_a
        assert newest_project_with_code(code=project_a.code, fiscal_year="2500") == newer

    def test_budget_planned_today_and_latest_evaluation(self, staff_a, project_a):
        PlanStepFactory(
            project=project_a,
            number=1,
            weight=Decimal("100"),
            start_date=date(2022, 10, 1),
            end_date=date(2022, 10, 10),
        )
        ProgressReportFactory(project=project_a, number=1, disbursed=Decimal("600000.00"))
        ProgressReportFactory(project=project_a, number=2, disbursed=Decimal("43800.00"))
        EvaluationFactory(project=project_a, quarter=1, score=Decimal("80"))
        EvaluationFactory(project=project_a, quarter=2, score=Decimal("95.5"))
        EvaluationFactory(project=project_a, quarter=3, score=None)
        page = project_page(
            user=staff_a,
            project=project_named_by({"fiscal_year": 2566, "code": project_a.code}),
            today=date(2022, 10, 5),
        )
        assert page.budget.received == Decimal("1643800.00")
        assert page.budget.used == Decimal("643800.00")
        assert page.budget.remaining == Decimal("1000000.00")
        assert page.budget.percent_used == Decimal("39.17")
        assert page.planned_today == Decimal("50.00")  # day 5 of a 10-day step
        assert page.latest_evaluation.quarter == 2
        assert [r.number for r in page.reports] == [2, 1]
        assert [a.code for a in page.agency_path] == ["01000000", "01000600"]

    def test_a_project_over_budget_shows_what_it_overspent_as_a_negative_remainder(self, staff_a, project_a):
        # given: more disbursed than received (the received budget was cut after the disbursements)
        ProgressReportFactory(project=project_a, number=1, disbursed=Decimal("1700000.00"))
        # when
        page = project_page(user=staff_a, project=project_a, today=date(2022, 10, 5))
        # then
        assert page.budget.remaining == Decimal("-56200.00")
        assert page.budget.percent_used == Decimal("103.42")


@pytest.mark.django_db
def test_history_covers_the_project_and_what_belongs_to_it(staff_a, project_a):
    step = PlanStepFactory(project=project_a, number=1, description="ขออนุมัติโครงการ")
    step._history_user = staff_a
    step.description = "ขออนุมัติโครงการและงบประมาณ"
    step.save()
    evaluation = EvaluationFactory(project=project_a, quarter=2, score=Decimal("80"))
    evaluation.evaluated_by = staff_a
    evaluation.save()
    history = project_history(project=project_a)
    assert [(c.subject, c.action) for c in history][:3] == [
        ("ผลการประเมิน สยป. ไตรมาสที่ 2", "~"),
        ("ผลการประเมิน สยป. ไตรมาสที่ 2", "+"),
        ("ขั้นตอนที่ 1", "~"),
    ]
    assert history[0].fields[0].label == "ผู้ประเมิน"
    assert (history[0].fields[0].before, history[0].fields[0].after) == (
        "–",
        "สมศรี ตั้งใจ",
    )  # a name, not an id
    assert history[2].who == "สมศรี ตั้งใจ"
    assert history[2].fields[0].after == "ขออนุมัติโครงการและงบประมาณ"


@pytest.mark.django_db
def test_saving_without_a_visible_change_is_not_listed(project_a):
    project_a.save()  # only the version and timestamps move
    assert [c.action for c in project_history(project=project_a)] == ["+"]
