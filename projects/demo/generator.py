"""Seeded generation of demo projects: plain data, no ORM.

Everything comes from one `random.Random(seed)`: the same count, seed and fiscal years give the same
projects, codes, budgets, steps and reports. The only other input is `today`, which cuts off what has not
happened yet (reports, quarter results, evaluations, a cancellation planned for next month); the random
draws do not depend on it, so a later `today` only adds the reports that have happened since.
"""

import calendar
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from projects.choices import (
    AgencyKind,
    KpiKind,
    KpiLevel,
    KpiUnit,
    PlanStatus,
    ProjectStatus,
    TargetStatus,
)
from projects.fiscal import fiscal_year_bounds, quarter_bounds
from projects.progress import Step, planned_progress, suggest_plan_status
from projects.thai import format_baht

from . import words
from .agencies import DISTRICTS, AgencySpec
from .strategy import StrategySpec

BANGKOK = ZoneInfo("Asia/Bangkok")
CENT = Decimal("0.01")
ZERO = Decimal("0.00")
HUNDRED = Decimal("100.00")

# Relative number of projects an agency of each kind runs.
PROJECTS_PER_KIND = {
    AgencyKind.DEPARTMENT: 4,
    AgencyKind.DISTRICT: 2,
    AgencyKind.DIVISION: 2,
    AgencyKind.SECTION: 1,
}
# Budget ranges in baht (low, high), drawn log-uniformly.
BUDGET_RANGE = {
    AgencyKind.DEPARTMENT: (200_000, 150_000_000),
    AgencyKind.DISTRICT: (50_000, 20_000_000),
    AgencyKind.DIVISION: (100_000, 50_000_000),
    AgencyKind.SECTION: (50_000, 5_000_000),
}
FIRST_REPORT_DAY = 19
LAST_REPORT_DAY = 30


@dataclass(slots=True)
class StepData:
    number: int
    description: str
    weight: Decimal
    start: date
    end: date


@dataclass(slots=True)
class ReportData:
    number: int
    report_date: date
    progress: Decimal
    text: str
    problems: str
    obstacles: str
    disbursed: Decimal
    plan_status: str
    target_status: str
    reason: str
    # The planned progress on the report date, kept so checks need not recompute it.
    planned: Decimal


@dataclass(slots=True)
class KpiQuarterData:
    quarter: int
    result: Decimal
    score_1: Decimal
    score_2: Decimal


@dataclass(slots=True)
class KpiData:
    code: str
    name: str
    unit: str
    target: Decimal
    achieved: Decimal | None
    kind: str
    level: str
    quarters: list[KpiQuarterData]


@dataclass(slots=True)
class EvaluationData:
    quarter: int
    score: Decimal
    comment: str
    evaluated_at: datetime


@dataclass(slots=True)
class ProjectData:
    index: int
    code: str
    fiscal_year: int
    agency_code: str
    name: str
    responsible: str
    phone: str
    coordinator: str
    start: date
    end: date
    budget: Decimal
    rationale: str
    objectives: str
    targets: str
    strategy_key: tuple[int, ...] | None
    routine: bool
    strategy_indicator: str | None
    status: str = ProjectStatus.ACTIVE
    status_reason: str = ""
    budget_returned: Decimal | None = None
    # The report date on which a delay or cancellation was announced.
    status_date: date | None = None
    steps: list[StepData] = field(default_factory=list)
    reports: list[ReportData] = field(default_factory=list)
    kpis: list[KpiData] = field(default_factory=list)
    evaluations: list[EvaluationData] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class _Slot:
    index: int
    agency: AgencySpec
    fiscal_year: int
    code: str


def _skeleton(
    rng: random.Random, count: int, fiscal_years: Sequence[int], agencies: Sequence[AgencySpec]
) -> list[_Slot]:
    """Agency, fiscal year and code of every project: codes number each agency's projects in order."""
    years = sorted(set(fiscal_years))
    weights = [PROJECTS_PER_KIND[a.kind] for a in agencies]
    chosen = rng.choices(agencies, weights=weights, k=count)
    numbers: dict[str, int] = {}
    slots = []
    for index, agency in enumerate(chosen):
        numbers[agency.code] = numbers.get(agency.code, 0) + 1
        year = years[index * len(years) // count]
        slots.append(_Slot(index, agency, year, f"{agency.code}-{numbers[agency.code]:04d}"))
    return slots


def project_codes(
    *, count: int, seed: int, fiscal_years: Sequence[int], agencies: Sequence[AgencySpec]
) -> list[tuple[str, int]]:
    """(code, fiscal year) of every project `generate_projects` makes with the same arguments, cheaply."""
    slots = _skeleton(random.Random(seed), count, fiscal_years, agencies)
    return [(slot.code, slot.fiscal_year) for slot in slots]


def generate_projects(
    *,
    count: int,
    seed: int,
    fiscal_years: Sequence[int],
    today: date,
    agencies: Sequence[AgencySpec],
    strategies: Sequence[StrategySpec],
) -> Iterator[ProjectData]:
    """Yield `count` projects one by one, so that a caller can write them in batches."""
    rng = random.Random(seed)
    slots = _skeleton(rng, count, fiscal_years, agencies)
    objectives = [s for s in strategies if s.level == 4]
    for slot in slots:
        yield _project(rng, slot, today, objectives)


# --- One project ------------------------------------------------------------------------------------------
def _money(value: float) -> Decimal:
    return Decimal(f"{value:.2f}")


def _fraction(value: float) -> Decimal:
    return Decimal(f"{value:.6f}")


def _budget(rng: random.Random, kind: str) -> Decimal:
    low, high = BUDGET_RANGE[kind]
    amount = low * (high / low) ** rng.random()
    style = rng.random()
    if style < 0.05:
        return ZERO
    if style < 0.45:
        return _money(round(amount, -3))
    if style < 0.85:
        return _money(round(amount, -2))
    return _money(amount)  # to the satang, as budgets often are after transfers


def _person(rng: random.Random) -> str:
    if rng.random() < 0.45:
        first = words.MALE_TITLE + rng.choice(words.MALE_NAMES)
    else:
        first = rng.choice(words.FEMALE_TITLES) + rng.choice(words.FEMALE_NAMES)
    return f"{first} {rng.choice(words.LAST_NAMES)}"


def _phone(rng: random.Random) -> str:
    style = rng.random()
    if style < 0.4:
        return f"02 {rng.randint(200, 999)} {rng.randint(1000, 9999)}"
    if style < 0.7:
        # An internal extension; the pages print "โทร." before it, so the number itself never repeats it.
        return str(rng.randint(1000, 9999))
    return f"08{rng.randint(0, 9)} {rng.randint(100, 999)} {rng.randint(1000, 9999)}"


def _name(rng: random.Random, agency: AgencySpec, theme: str, routine: bool) -> str:
    if routine:
        return rng.choice(words.ROUTINE_NAMES)
    if agency.kind == AgencyKind.DISTRICT:
        place = agency.name.removeprefix("สำนักงานเขต")
    else:
        place = rng.choice(DISTRICTS)
    name = rng.choice(words.PROJECT_THEMES[theme]).format(
        road=rng.choice(words.ROADS),
        canal=rng.choice(words.CANALS),
        community=rng.choice(words.COMMUNITIES),
        school=rng.choice(words.SCHOOLS),
        hospital=rng.choice(words.HOSPITALS),
        park=rng.choice(words.PARKS),
        course=rng.choice(words.COURSES),
        place=place,
    )
    if rng.random() < 0.1:
        of = rng.randint(1, 4)
        name = f"{rng.choice(words.NAME_TAGS)}{rng.randint(1, of)}/{of} {name}"
    return name


def _period(rng: random.Random, fiscal_year: int) -> tuple[date, date]:
    first, last = fiscal_year_bounds(fiscal_year)
    start = first
    if rng.random() < 0.4:
        start = _add_months(first, rng.randint(0, 3)) + timedelta(days=rng.randint(0, 27))
    end = last
    style = rng.random()
    if style < 0.15:
        end = _month_end(_add_months(first, rng.randint(8, 10)))  # June to August
    elif style < 0.3:
        end = _month_end(_add_months(last, rng.randint(1, 4)))  # runs into the next fiscal year
    return start, end


def _add_months(day: date, months: int) -> date:
    index = day.month - 1 + months
    return date(day.year + index // 12, index % 12 + 1, 1)


def _month_end(day: date) -> date:
    return date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])


def _weights(rng: random.Random, count: int) -> list[Decimal]:
    """`count` positive weights that total exactly 100.00."""
    if rng.random() < 0.8:
        # Multiples of 5, as most plans are written.
        units = [1] * count
        for _ in range(20 - count):
            units[rng.randrange(count)] += 1
        return [Decimal(5 * u).quantize(CENT) for u in units]
    raw = [rng.random() + 0.2 for _ in range(count)]
    total = sum(raw)
    weights = [(Decimal(f"{r / total * 100:.2f}")) for r in raw]
    weights[-1] += HUNDRED - sum(weights)
    return weights


def _steps(rng: random.Random, start: date, end: date) -> list[StepData]:
    count = rng.randint(3, 8)
    middle = sorted(rng.sample(range(len(words.STEPS_MIDDLE)), count - 2))
    descriptions = [
        rng.choice(words.STEPS_FIRST),
        *(words.STEPS_MIDDLE[i] for i in middle),
        rng.choice(words.STEPS_LAST),
    ]
    weights = _weights(rng, count)
    days = (end - start).days + 1
    cuts = [0, *sorted(rng.sample(range(1, days), count - 1)), days]
    steps = []
    for number in range(1, count + 1):
        step_start = start + timedelta(days=cuts[number - 1])
        step_end = start + timedelta(days=cuts[number] - 1)
        style = rng.random()
        if style < 0.25:
            step_end = step_start  # a one-day milestone, as the legacy plans often have
        elif style < 0.45:
            step_end = min(end, step_end + timedelta(days=rng.randint(5, 45)))  # overlaps the next step
        steps.append(StepData(number, descriptions[number - 1], weights[number - 1], step_start, step_end))
    return steps


def _report_dates(rng: random.Random, start: date, end: date) -> list[date]:
    """One date per month between the 19th and the 30th, from the project's start to its end month."""
    month = date(start.year, start.month, 1)
    if start.day > FIRST_REPORT_DAY:
        month = _add_months(month, 1)
    dates = []
    while month <= end:
        last_day = min(LAST_REPORT_DAY, calendar.monthrange(month.year, month.month)[1])
        day = date(month.year, month.month, rng.randint(FIRST_REPORT_DAY, last_day))
        if rng.random() >= 0.06 or not dates:  # now and then a month goes unreported
            dates.append(day)
        month = _add_months(month, 1)
    return dates


def _stage_text(rng: random.Random, progress: Decimal) -> str:
    for bound, texts in words.REPORT_TEXTS:
        if progress <= bound:
            return rng.choice(texts).format(p=f"{progress:.2f}")
    return rng.choice(words.REPORT_TEXTS[-1][1])


def _round_progress(value: float, whole: bool) -> Decimal:
    value = max(0.0, min(100.0, value))
    if whole:
        return Decimal(round(value)).quantize(CENT)
    return Decimal(f"{value:.2f}")


# How each kind of project tracks its plan: (share of projects, function of planned % and a random draw).
PROFILES = [
    (0.30, lambda planned, r: planned + 8 * r),  # ahead of plan
    (0.35, lambda planned, r: planned - 4 * r),  # on plan or just behind
    (0.20, lambda planned, r: planned - 5 - 10 * r),  # behind: to be monitored or off plan
    (0.15, lambda planned, r: planned * (0.3 + 0.4 * r)),  # lagging far behind
]


def _reports(rng: random.Random, project: ProjectData, steps: list[Step]) -> None:
    dates = _report_dates(rng, project.start, project.end)
    track = rng.choices([t for _, t in PROFILES], weights=[share for share, _ in PROFILES])[0]
    completes = track is not PROFILES[-1][1]
    whole = rng.random() < 0.5
    fate = rng.random()
    event_at = rng.randint(2, max(2, len(dates) - 2)) if len(dates) > 3 else None
    delayed = event_at is not None and fate < 0.05
    cancelled = event_at is not None and 0.05 <= fate < 0.09
    delay_reason = rng.choice(words.DELAY_REASONS)
    cancel_reason = rng.choice(words.CANCEL_REASONS)
    spend_share = 0.85 + 0.15 * rng.random()
    budget = project.budget

    previous = ZERO
    paid = ZERO
    text = ""
    problems = obstacles = ""
    reports = project.reports
    for i, day in enumerate(dates):
        number = i + 1
        planned = planned_progress(steps, day)
        reason = ""
        copied = i > 0 and rng.random() < 0.07
        r = rng.random()
        stopped = (delayed or cancelled) and i >= event_at
        if stopped or copied:
            progress = previous
        elif i > 0 and rng.random() < 0.03 and previous >= Decimal(5):
            progress = _round_progress(float(previous) - 1 - 4 * r, whole)
            reason = words.LOWER_PROGRESS_REASON
        elif planned >= HUNDRED and completes and (day >= project.end or r < 0.5):
            progress = HUNDRED
        else:
            target = track(float(planned), r)
            progress = max(previous, _round_progress(target, whole))
            if progress >= HUNDRED and not completes:
                progress = Decimal("95.00")

        # Disbursements follow the work: nothing while procuring, instalments once work is under way.
        if progress >= HUNDRED or (progress > 25 and rng.random() < 0.45):
            share = spend_share * min(1.0, max(0.0, (float(progress) - 25) / 75))
            due = (budget * _fraction(share)).quantize(CENT, rounding=ROUND_DOWN)
            disbursed = max(ZERO, due - paid)
        else:
            disbursed = ZERO
        if cancelled and stopped:
            disbursed = ZERO
        paid += disbursed

        if not copied:
            text = _stage_text(rng, progress)
            problems = rng.choice(words.PROBLEMS) if rng.random() < 0.25 else ""
            obstacles = rng.choice(words.OBSTACLES) if rng.random() < 0.15 else ""
        if delayed and stopped:
            text = f"ขอชะลอโครงการ เนื่องจาก{delay_reason}"
            problems = obstacles = delay_reason
        if cancelled and i == event_at:
            text = (
                f"ยกเลิกโครงการและส่งคืนงบประมาณ เป็นเงิน {format_baht(budget - paid)} บาท เนื่องจาก{cancel_reason}"
            )
            problems = obstacles = cancel_reason
        elif cancelled and i > event_at:
            text = f"ยกเลิกโครงการ เนื่องจาก{cancel_reason}"

        plan_status = suggest_plan_status(progress, planned)
        if plan_status == PlanStatus.OFF_PLAN and not (delayed or cancelled) and rng.random() < 0.05:
            plan_status = PlanStatus.MONITOR
            reason = reason or words.STATUS_OVERRIDE_REASON
        target_status = TargetStatus.NOT_MET if plan_status == PlanStatus.OFF_PLAN else TargetStatus.MET
        reports.append(
            ReportData(
                number,
                day,
                progress,
                text,
                problems,
                obstacles,
                disbursed,
                plan_status,
                target_status,
                reason,
                planned,
            )
        )
        previous = progress
        if progress >= HUNDRED:
            project.status = ProjectStatus.COMPLETED
            break
        if cancelled and i >= event_at + 1:
            break

    if project.status == ProjectStatus.COMPLETED or len(reports) <= (event_at or 0):
        return
    if delayed:
        project.status = ProjectStatus.DELAYED
        project.status_reason = f"ขอชะลอโครงการ เนื่องจาก{delay_reason}"
    elif cancelled:
        project.status = ProjectStatus.CANCELLED
        project.status_reason = f"ยกเลิกโครงการ เนื่องจาก{cancel_reason}"
        project.budget_returned = budget - sum((r.disbursed for r in reports), ZERO)
    # When the status changed: the report that said so.
    if delayed or cancelled:
        project.status_date = reports[event_at].report_date


def _kpis(rng: random.Random, project: ProjectData, agency: AgencySpec) -> None:
    for _ in range(rng.randint(1, 3)):
        unit = rng.choices([KpiUnit.PERCENT, KpiUnit.LEVEL, KpiUnit.NUMBER], weights=[6, 2, 2])[0]
        target = {KpiUnit.PERCENT: Decimal(rng.choice([80, 90, 100])), KpiUnit.LEVEL: Decimal(5)}.get(
            unit, Decimal(rng.choice([10, 20, 50, 100, 500]))
        )
        quarters = []
        reached = 0.0
        for quarter in range(1, 5):
            reached = min(1.0, reached + rng.uniform(0.1, 0.4))
            if unit == KpiUnit.LEVEL:
                result = Decimal(max(1, round(5 * reached)))
            else:
                result = (target * _fraction(reached)).quantize(CENT, rounding=ROUND_HALF_UP)
            score_1 = Decimal(100) if rng.random() < 0.7 else Decimal(rng.randint(50, 99))
            score_2 = Decimal(100) if rng.random() < 0.7 else Decimal(rng.randint(50, 99))
            quarters.append(KpiQuarterData(quarter, result, score_1.quantize(CENT), score_2.quantize(CENT)))
        project.kpis.append(
            KpiData(
                code=f"{agency.code[:4]}-{rng.randint(1, 9999):04d}",
                name=rng.choice(words.KPI_NAMES[unit]),
                unit=unit,
                target=target,
                achieved=None,
                kind=KpiKind.ROUTINE if project.routine else KpiKind.STRATEGIC,
                level=rng.choice([KpiLevel.OUTPUT, KpiLevel.OUTCOME]),
                quarters=quarters,
            )
        )


def _evaluations(rng: random.Random, project: ProjectData) -> None:
    for quarter in range(1, 5):
        _, last = quarter_bounds(project.fiscal_year, quarter)
        evaluated_on = last + timedelta(days=rng.randint(10, 40))
        in_quarter = [r for r in project.reports if r.report_date <= last]
        draw = rng.random()
        if not in_quarter or project.start > last:
            continue
        status = in_quarter[-1].plan_status
        if status == PlanStatus.ON_PLAN:
            score = Decimal(100) if draw < 0.7 else _fraction(90 + 10 * draw)
        elif status == PlanStatus.MONITOR:
            score = _fraction(70 + 20 * draw)
        else:
            score = _fraction(40 + 30 * draw)
        comment = "" if status == PlanStatus.ON_PLAN else rng.choice(words.EVALUATION_COMMENTS)
        project.evaluations.append(
            EvaluationData(
                quarter,
                score.quantize(Decimal("0.0001")),
                comment,
                datetime.combine(evaluated_on, time(10, 0), tzinfo=BANGKOK),
            )
        )


def _project(rng: random.Random, slot: _Slot, today: date, objectives: list[StrategySpec]) -> ProjectData:
    agency = slot.agency
    theme = rng.choice(agency.themes)
    routine = rng.random() < 0.15
    name = _name(rng, agency, theme, routine)
    # Often a person, sometimes only the unit, as in the legacy forms.
    responsible = _person(rng) if rng.random() < 0.75 else agency.name
    start, end = _period(rng, slot.fiscal_year)
    strategy_key = None
    indicator = None
    if not routine:
        fitting = [s for s in objectives if theme in s.themes] or objectives
        strategy_key = rng.choice(fitting).key
        indicator = rng.choice(words.STRATEGY_INDICATORS)
    project = ProjectData(
        index=slot.index,
        code=slot.code,
        fiscal_year=slot.fiscal_year,
        agency_code=agency.code,
        name=name,
        responsible=responsible,
        phone=_phone(rng),
        coordinator=rng.choice(words.COORDINATORS),
        start=start,
        end=end,
        budget=_budget(rng, agency.kind),
        rationale=words.RATIONALES[theme],
        objectives=rng.choice(words.OBJECTIVES),
        targets=rng.choice(words.TARGETS).format(n=rng.choice([5, 10, 17, 50, 120, 500, 1500])),
        strategy_key=strategy_key,
        routine=routine,
        strategy_indicator=indicator,
    )
    project.steps = _steps(rng, start, end)
    steps = [Step(s.weight, s.start, s.end) for s in project.steps]
    _reports(rng, project, steps)
    _kpis(rng, project, agency)
    _evaluations(rng, project)
    _cut_at(project, today)
    return project


def _cut_at(project: ProjectData, today: date) -> None:
    """Drop what has not happened by `today`, and the status changes that have not happened yet."""
    project.reports = [r for r in project.reports if r.report_date <= today]
    status_date = project.status_date
    if project.status == ProjectStatus.COMPLETED:
        done = project.reports and project.reports[-1].progress >= HUNDRED
        if not done:
            project.status = ProjectStatus.ACTIVE
    elif project.status != ProjectStatus.ACTIVE and (status_date is None or status_date > today):
        project.status = ProjectStatus.ACTIVE
        project.status_reason = ""
        project.budget_returned = None
    for kpi in project.kpis:
        kpi.quarters = [q for q in kpi.quarters if quarter_bounds(project.fiscal_year, q.quarter)[1] < today]
        kpi.achieved = kpi.quarters[-1].result if kpi.quarters else None
    project.evaluations = [e for e in project.evaluations if e.evaluated_at.date() <= today]
