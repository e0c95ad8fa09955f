"""Demo data: the seeded generator (pure, no database) and the seed_demo command."""

from collections import Counter
from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Sum

from projects.choices import AgencyKind, ApprovalState, ProjectStatus
from projects.demo.agencies import DISTRICTS, demo_agencies
from projects.demo.generator import generate_projects, project_codes
from projects.demo.loader import SEED_REASON, demo_approval
from projects.demo.strategy import demo_strategy
from projects.models import (
    Agency,
    Evaluation,
    Kpi,
    KpiQuarterResult,
    PlanStep,
    ProgressReport,
    Project,
    ReportTransition,
    StrategyNode,
)
from projects.progress import Step, planned_progress, suggest_plan_status

TODAY = date(2024, 2, 10)  # FY 2567, quarter 2
YEARS = [2565, 2566, 2567]


def generate(count=150, seed=7, today=TODAY, years=YEARS):
    return list(
        generate_projects(
            count=count,
            seed=seed,
            fiscal_years=years,
            today=today,
            agencies=demo_agencies(),
            strategies=demo_strategy(),
        )
    )


def fingerprint(projects):
    return [
        (
            p.code,
            p.fiscal_year,
            p.name,
            p.budget,
            p.status,
            [(s.weight, s.start, s.end) for s in p.steps],
            [(r.report_date, r.progress, r.disbursed, r.plan_status, r.text) for r in p.reports],
            [(k.code, k.target, [(q.quarter, q.result) for q in k.quarters]) for k in p.kpis],
            [(e.quarter, e.score) for e in p.evaluations],
        )
        for p in projects
    ]


@pytest.fixture(scope="module")
def projects():
    return generate()


# --- Agencies and the strategic plan ----------------------------------------------------------------------
def test_agencies_are_the_fifty_districts_the_departments_and_some_units():
    agencies = demo_agencies()
    kinds = [a.kind for a in agencies]

    assert 75 <= len(agencies) <= 90
    assert kinds.count(AgencyKind.DISTRICT) == 50
    assert kinds.count(AgencyKind.DEPARTMENT) >= 20
    names = {a.code: a.name for a in agencies}
    assert names["40000000"] == "สำนักงานเขตพระนคร"
    assert names["89000000"] == "สำนักงานเขตบางบอน"
    assert names["05000000"] == "สำนักการโยธา"
    assert names["06000000"] == "สำนักการระบายน้ำ"
    assert len(set(DISTRICTS)) == 50


def test_agency_codes_are_eight_digits_in_groups_under_their_parent():
    agencies = demo_agencies()
    codes = [a.code for a in agencies]
    assert len(set(codes)) == len(codes)
    seen = set()
    for agency in agencies:
        assert len(agency.code) == 8 and agency.code.isdigit()
        if agency.parent_code is None:
            assert agency.code.endswith("000000")
        else:
            assert agency.parent_code in seen  # parents come first
            # The parent's code is the child's with its last non-zero group set to 00.
            groups = [agency.code[i : i + 2] for i in range(0, 8, 2)]
            last = max(i for i, g in enumerate(groups) if g != "00")
            assert "".join(groups[:last]) + "00" * (4 - last) == agency.parent_code
        seen.add(agency.code)
    kinds = {a.code: a.kind for a in agencies}
    assert kinds["05020000"] == AgencyKind.DIVISION
    assert kinds["05020100"] == AgencyKind.SECTION


def test_strategy_tree_has_seven_strategies_named_with_thai_digits():
    specs = demo_strategy()
    roots = [s for s in specs if s.level == 1]

    assert len(roots) == 7
    assert roots[6].name == "ด้านที่ ๗ – การบริหารจัดการเมืองมหานคร : Management Strategy"
    names = {s.key: s.name for s in specs}
    assert names[(7, 2)] == "มิติที่ ๗.๒ - การบริหารแผนและประเมินผล"
    assert names[(7, 2, 1, 1)] == "เป้าประสงค์ที่ ๗.๒.๑.๑ พัฒนาระบบการติดตามและรายงานความก้าวหน้าตามแผนพัฒนา"
    assert {s.level for s in specs} == {1, 2, 3, 4}
    assert all(s.parent_key in names for s in specs if s.level > 1)


# --- Determinism ------------------------------------------------------------------------------------------
def test_same_seed_gives_identical_projects(projects):
    assert fingerprint(generate()) == fingerprint(projects)


def test_a_different_seed_gives_different_projects(projects):
    other = generate(seed=8)
    assert [p.budget for p in other] != [p.budget for p in projects]
    assert [p.name for p in other] != [p.name for p in projects]
    assert fingerprint(other) != fingerprint(projects)


def test_project_codes_predicts_the_generated_codes(projects):
    codes = project_codes(count=150, seed=7, fiscal_years=YEARS, agencies=demo_agencies())
    assert codes == [(p.code, p.fiscal_year) for p in projects]


def test_a_later_today_only_adds_reports(projects):
    later = generate(today=date(2024, 9, 30))
    assert [p.code for p in later] == [p.code for p in projects]
    for before, after in zip(projects, later, strict=True):
        assert after.reports[: len(before.reports)] == before.reports
        assert after.budget == before.budget


# --- Invariants -------------------------------------------------------------------------------------------
def test_codes_are_agency_code_and_four_digits_unique_per_fiscal_year(projects):
    pairs = [(p.code, p.fiscal_year) for p in projects]
    assert len(set(pairs)) == len(pairs)
    for p in projects:
        agency, number = p.code.split("-")
        assert agency == p.agency_code and len(number) == 4 and number.isdigit()
    assert {p.fiscal_year for p in projects} == set(YEARS)


def test_plan_steps_total_exactly_100_within_the_project_period(projects):
    for p in projects:
        assert 3 <= len(p.steps) <= 8
        assert sum(s.weight for s in p.steps) == Decimal("100.00")
        assert [s.number for s in p.steps] == list(range(1, len(p.steps) + 1))
        for s in p.steps:
            assert p.start <= s.start <= s.end <= p.end
            assert s.weight > 0 and s.weight == s.weight.quantize(Decimal("0.01"))


def test_reports_are_numbered_by_date_between_the_19th_and_30th_until_today(projects):
    reported = [p for p in projects if p.reports]
    assert len(reported) > 100
    for p in reported:
        assert [r.number for r in p.reports] == list(range(1, len(p.reports) + 1))
        dates = [r.report_date for r in p.reports]
        assert dates == sorted(dates) and len(set(dates)) == len(dates)
        assert all(19 <= d.day <= 30 for d in dates)
        assert max(dates) <= TODAY
    current = [p for p in projects if p.fiscal_year == 2567]
    # The cut-off keeps what has happened: January 2024 was reported, February's 19th is still to come.
    assert any(r.report_date.year == 2024 and r.report_date.month == 1 for p in current for r in p.reports)


def test_disbursements_never_exceed_the_budget_received(projects):
    for p in projects:
        used = sum((r.disbursed for r in p.reports), Decimal("0"))
        assert all(r.disbursed >= 0 for r in p.reports)
        assert used <= p.budget
    assert any(sum(r.disbursed for r in p.reports) > 0 for p in projects)


def test_progress_mostly_rises_and_goes_down_only_with_a_reason(projects):
    rises = downs = 0
    for p in projects:
        for before, after in zip(p.reports, p.reports[1:], strict=False):
            assert Decimal(0) <= after.progress <= Decimal(100)
            if after.progress < before.progress:
                downs += 1
                assert after.reason
            elif after.progress > before.progress:
                rises += 1
    assert rises > 5 * downs > 0


def test_plan_status_follows_the_gap_to_the_planned_curve(projects):
    for p in projects:
        steps = [Step(s.weight, s.start, s.end) for s in p.steps]
        for r in p.reports:
            planned = planned_progress(steps, r.report_date)
            assert r.planned == planned
            assert r.plan_status == suggest_plan_status(r.progress, planned) or r.reason
            assert (r.target_status == "not_met") == (r.plan_status == "off_plan")


def test_problems_are_empty_or_text(projects):
    problems = [r.problems for p in projects for r in p.reports]
    assert "" in problems
    assert all(isinstance(x, str) for x in problems)
    assert any(x for x in problems)


def test_statuses_mix_and_cancelled_projects_return_the_rest_of_their_budget():
    projects = generate(count=400, today=date(2025, 1, 1))
    statuses = {p.status for p in projects}
    assert statuses == {
        ProjectStatus.ACTIVE,
        ProjectStatus.DELAYED,
        ProjectStatus.CANCELLED,
        ProjectStatus.COMPLETED,
    }
    for p in projects:
        if p.status == ProjectStatus.CANCELLED:
            used = sum((r.disbursed for r in p.reports), Decimal("0"))
            assert p.budget_returned == p.budget - used
            assert p.status_reason.startswith("ยกเลิกโครงการ")
            assert any("ส่งคืนงบประมาณ" in r.text for r in p.reports)
        elif p.status == ProjectStatus.DELAYED:
            assert p.status_reason.startswith("ขอชะลอโครงการ")
        elif p.status == ProjectStatus.COMPLETED:
            assert p.reports[-1].progress == Decimal("100.00")
        if p.routine:
            assert p.strategy_key is None
        else:
            assert len(p.strategy_key) == 4


def test_quarter_results_and_evaluations_only_for_past_quarters(projects):
    current = [p for p in projects if p.fiscal_year == 2567]
    # On 10 February 2567 only quarter 1 (October–December) is over.
    assert {q.quarter for p in current for k in p.kpis for q in k.quarters} == {1}
    assert {e.quarter for p in current for e in p.evaluations} <= {1}
    past = [p for p in projects if p.fiscal_year == 2565]
    assert {e.quarter for p in past for e in p.evaluations} == {1, 2, 3, 4}
    for p in projects:
        for e in p.evaluations:
            assert e.evaluated_at.date() <= TODAY
            assert Decimal(0) <= e.score <= Decimal(100)


# --- The command ------------------------------------------------------------------------------------------
def seed(*args):
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


ARGS = ("--projects", "60", "--seed", "3", "--fiscal-years", "2566", "2567", "--today", "10/02/2567")


@pytest.mark.django_db
def test_seed_demo_writes_what_the_generator_makes():
    output = seed(*ARGS)

    expected = generate(count=60, seed=3, years=[2566, 2567])
    assert Project.objects.count() == 60
    assert ProgressReport.objects.count() == sum(len(p.reports) for p in expected)
    assert PlanStep.objects.count() == sum(len(p.steps) for p in expected)
    assert Kpi.objects.count() == sum(len(p.kpis) for p in expected)
    assert KpiQuarterResult.objects.count() == sum(len(k.quarters) for p in expected for k in p.kpis)
    assert Evaluation.objects.count() == sum(len(p.evaluations) for p in expected)
    first = expected[0]
    stored = Project.objects.get(code=first.code, fiscal_year=first.fiscal_year)
    assert stored.budget_received == first.budget
    assert stored.agency.code == first.agency_code
    assert list(stored.reports.values_list("progress", flat=True)) == [r.progress for r in first.reports]
    assert "โครงการ: 60" in output
    assert "ตัดรายงานที่วันที่ 10/02/2567" in output


@pytest.mark.django_db
def test_seeded_agencies_form_the_coded_tree():
    seed(*ARGS)

    section = Agency.objects.get(code="05020100")
    assert section.name == "ส่วนสำรวจและออกแบบ"
    division = Agency.objects.get_parent(section)
    assert division.code == "05020000"
    assert Agency.objects.get_parent(division).code == "05000000"
    assert Agency.objects.get(code="05000000").is_root()
    assert Agency.objects.filter(kind=AgencyKind.DISTRICT).count() == 50
    assert Agency.objects.count() == len(demo_agencies())
    node = StrategyNode.objects.get(name__startswith="เป้าประสงค์ที่ ๗.๒.๑.๑")
    assert [n.level for n in StrategyNode.objects.get_ancestors(node)] == [1, 2, 3]
    assert (
        StrategyNode.objects.get_root(node).name == "ด้านที่ ๗ – การบริหารจัดการเมืองมหานคร : Management Strategy"
    )


@pytest.mark.django_db
def test_seeded_budget_used_stays_within_budget_and_reports_end_by_today():
    seed(*ARGS)

    for project in Project.objects.with_figures():
        assert (project.budget_used or 0) <= project.budget_received
        if project.last_report_date:
            assert project.last_report_date <= date(2024, 2, 10)
    weights = PlanStep.objects.values("project").annotate(total=Sum("weight"))
    assert {row["total"] for row in weights} == {Decimal("100.00")}


@pytest.mark.django_db
def test_seeded_rows_have_history_marked_as_demo_data():
    seed(*ARGS)

    project = Project.objects.first()
    record = project.history.get()
    assert record.history_type == "+"
    assert record.history_change_reason == SEED_REASON
    assert ProgressReport.history.count() == ProgressReport.objects.count()
    agency = Agency.objects.get(code="05020100")
    assert agency.history.get().history_change_reason == SEED_REASON
    assert set(StrategyNode.history.values_list("history_change_reason", flat=True)) == {SEED_REASON}


@pytest.mark.django_db
def test_running_the_same_seed_again_is_refused_in_thai_and_changes_nothing():
    seed(*ARGS)
    counts = (Project.objects.count(), ProgressReport.objects.count(), Agency.objects.count())

    with pytest.raises(CommandError, match="มีโครงการที่ข้อมูลตัวอย่างชุดนี้จะสร้างอยู่แล้ว 60 โครงการ"):
        seed(*ARGS)

    assert (Project.objects.count(), ProgressReport.objects.count(), Agency.objects.count()) == counts


@pytest.mark.django_db
def test_another_fiscal_year_adds_projects_and_reuses_agencies():
    seed(*ARGS)
    seed("--projects", "20", "--seed", "3", "--fiscal-years", "2565", "--today", "10/02/2567")

    assert Project.objects.count() == 80
    assert Agency.objects.count() == len(demo_agencies())
    assert StrategyNode.objects.filter(depth=1).count() == 7


@pytest.mark.django_db
def test_existing_agencies_are_reused_as_they_are():
    Agency.objects.add_root({"code": "01000000", "name": "สำนักงานเลขานุการสภากรุงเทพมหานคร (นำเข้า)"})

    seed(*ARGS)

    assert Agency.objects.filter(code="01000000").count() == 1
    assert Agency.objects.get(code="01000000").name == "สำนักงานเลขานุการสภากรุงเทพมหานคร (นำเข้า)"


@pytest.mark.django_db
def test_bad_arguments_get_thai_messages():
    with pytest.raises(CommandError, match=r"ปีงบประมาณ 2024 ไม่ใช่ปี พ\.ศ\."):
        seed("--projects", "5", "--fiscal-years", "2024")
    with pytest.raises(CommandError, match="จำนวนโครงการต้องมากกว่า 0"):
        seed("--projects", "0")
    assert Project.objects.count() == 0


def test_phones_never_carry_the_word_the_pages_print_before_them(projects):
    """The page and the form print "โทร." before the phone: `โทร. โทร.4277` came from the demo data."""
    phones = [p.phone for p in projects if p.phone]
    assert phones and not [phone for phone in phones if "โทร" in phone]


@pytest.mark.django_db
def test_seeded_reports_have_a_realistic_sign_off_mix():
    seed(*ARGS)  # today: 10/02/2567 (10 February 2024)

    earlier = ProgressReport.objects.filter(report_date__lt=date(2023, 12, 1))
    this_month = ProgressReport.objects.filter(report_date__gt=date(2024, 1, 10))
    assert set(earlier.values_list("approval_state", flat=True)) == {ApprovalState.APPROVED}
    assert set(this_month.values_list("approval_state", flat=True)) == set(ApprovalState.values)
    states = Counter(ProgressReport.objects.values_list("approval_state", flat=True))
    assert states[ApprovalState.APPROVED] > sum(states.values()) / 2
    # Every state but a draft was reached by a recorded step; a returned one says what to correct.
    returned = ReportTransition.objects.filter(to_state=ApprovalState.RETURNED)
    assert returned.count() == states[ApprovalState.RETURNED]
    assert all(t.comment for t in returned)
    assert ReportTransition.objects.count() == sum(states.values()) - states[ApprovalState.DRAFT]


def test_demo_approval_is_approved_for_old_rounds_and_mixed_for_the_latest():
    today = date(2024, 2, 10)
    assert demo_approval(date(2023, 11, 25), today, key=0) == ApprovalState.APPROVED
    assert demo_approval(date(2023, 12, 25), today, key=10) == ApprovalState.SUBMITTED
    assert demo_approval(date(2023, 12, 25), today, key=11) == ApprovalState.APPROVED
    assert {demo_approval(date(2024, 1, 25), today, key=k) for k in range(10)} == set(ApprovalState.values)
