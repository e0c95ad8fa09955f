"""Writes the demo data: the agency and strategy trees, then the generated projects in bulk.

A second run with the same arguments is refused (`DemoDataExists`) rather than duplicating or silently
replacing anything: the generated project codes are computed first, and if any of them already exists for
its fiscal year nothing is written. Agencies and strategy nodes are matched by code and by name, so demo
data added next to imported legacy data reuses the agencies the import created.

Every row gets its history record (simple_history's `bulk_create_with_history`), marked with the change
reason `SEED_REASON` and no user.
"""

import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from projects.choices import ApprovalState
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

from .agencies import AgencySpec, demo_agencies
from .generator import ProjectData, generate_projects, project_codes
from .strategy import StrategySpec, demo_strategy

SEED_REASON = "ข้อมูลตัวอย่าง (seed_demo)"
PROJECTS_PER_BATCH = 500
ROWS_PER_INSERT = 1000


class DemoDataExists(Exception):
    """The projects this seed would create exist already; the message says so in Thai."""


@dataclass
class SeedSummary:
    agencies_created: int = 0
    agencies_reused: int = 0
    strategy_created: int = 0
    strategy_reused: int = 0
    rows: Counter = field(default_factory=Counter)
    statuses: Counter = field(default_factory=Counter)
    budget_total: Decimal = Decimal("0.00")
    disbursed_total: Decimal = Decimal("0.00")
    seconds: float = 0.0


def _marked(instance):
    """The instance, with the change reason its history record will carry."""
    instance._change_reason = SEED_REASON
    return instance


def ensure_agencies(specs: Sequence[AgencySpec], summary: SeedSummary) -> dict[str, Agency]:
    """The agencies of `specs` by code: existing ones reused as they are, missing ones added to the tree."""
    by_code = {a.code: a for a in Agency.objects.filter(code__in=[s.code for s in specs])}
    for spec in specs:
        if spec.code in by_code:
            summary.agencies_reused += 1
            continue
        agency = _marked(Agency(code=spec.code, name=spec.name, kind=spec.kind))
        if spec.parent_code is None:
            agency = Agency.objects.add_root(instance=agency)
        else:
            # treebeard reads the parent afresh: adding nodes in order may have moved its path.
            agency = Agency.objects.add_child(by_code[spec.parent_code], instance=agency)
        by_code[spec.code] = agency
        summary.agencies_created += 1
    fresh = Agency.objects.in_bulk([a.pk for a in by_code.values()])
    return {code: fresh[agency.pk] for code, agency in by_code.items()}


def ensure_strategy(specs: Sequence[StrategySpec], summary: SeedSummary) -> dict[tuple, StrategyNode]:
    """The strategy nodes of `specs` by key, matched by name under the same parent."""
    steplen = StrategyNode.steplen
    existing = {}
    for node in StrategyNode.objects.all():
        existing[(node.path[:-steplen], node.name)] = node
    by_key: dict[tuple, StrategyNode] = {}
    for spec in specs:
        parent = by_key.get(spec.parent_key) if spec.parent_key else None
        parent_path = parent.path if parent else ""
        node = existing.get((parent_path, spec.name))
        if node is not None:
            summary.strategy_reused += 1
        elif parent is None:
            node = StrategyNode.objects.add_root(
                instance=_marked(StrategyNode(name=spec.name, level=spec.level))
            )
            summary.strategy_created += 1
        else:
            node = _marked(StrategyNode(name=spec.name, level=spec.level))
            node = StrategyNode.objects.add_child(parent, instance=node)
            summary.strategy_created += 1
        by_key[spec.key] = node
    # Paths of nodes added earlier may have moved when later siblings were inserted in order.
    fresh = StrategyNode.objects.in_bulk([n.pk for n in by_key.values()])
    return {key: fresh[node.pk] for key, node in by_key.items()}


def existing_codes(pairs: Iterable[tuple[str, int]]) -> list[tuple[str, int]]:
    """Which of these (code, fiscal year) pairs are already taken by a project."""
    wanted = set(pairs)
    found = []
    codes = sorted({code for code, _ in wanted})
    for i in range(0, len(codes), ROWS_PER_INSERT):
        rows = Project.objects.filter(code__in=codes[i : i + ROWS_PER_INSERT]).values_list(
            "code", "fiscal_year"
        )
        found.extend(row for row in rows if row in wanted)
    return sorted(found)


@transaction.atomic
def seed_demo(
    *,
    projects: int,
    seed: int,
    fiscal_years: Sequence[int],
    today: date,
    agencies: Sequence[AgencySpec] | None = None,
) -> SeedSummary:
    """Create `projects` demo projects spread over `fiscal_years`, with agencies and the strategic plan.

    Raises `DemoDataExists` (nothing written) when any of the projects it would create exists already.
    """
    started = time.monotonic()
    summary = SeedSummary()
    agency_specs = list(agencies or demo_agencies())
    strategy_specs = demo_strategy()
    codes = project_codes(count=projects, seed=seed, fiscal_years=fiscal_years, agencies=agency_specs)
    taken = existing_codes(codes)
    if taken:
        code, year = taken[0]
        raise DemoDataExists(
            f"มีโครงการที่ข้อมูลตัวอย่างชุดนี้จะสร้างอยู่แล้ว {len(taken):,} โครงการ "
            f"(เช่น {code} ปีงบประมาณ {year}) จึงไม่สร้างซ้ำ: "
            "ใช้ฐานข้อมูลว่าง (python manage.py flush) หรือเลือกปีงบประมาณอื่น"
        )
    agencies_by_code = ensure_agencies(agency_specs, summary)
    strategy_by_key = ensure_strategy(strategy_specs, summary)

    writer = _BatchWriter(agencies_by_code, strategy_by_key, summary, today=today)
    batch: list[ProjectData] = []
    for data in generate_projects(
        count=projects,
        seed=seed,
        fiscal_years=fiscal_years,
        today=today,
        agencies=agency_specs,
        strategies=strategy_specs,
    ):
        batch.append(data)
        if len(batch) == PROJECTS_PER_BATCH:
            writer.write(batch)
            batch = []
    if batch:
        writer.write(batch)
    summary.seconds = time.monotonic() - started
    return summary


DEMO_RETURN_COMMENT = "กรุณาตรวจสอบยอดเบิกจ่ายให้ตรงกับทะเบียนคุมงบประมาณ แล้วส่งใหม่"
# The latest round of reports, by a fixed key: most wait for the head, some are approved, a few returned or drafts.
THIS_MONTH_STATES = (
    [ApprovalState.SUBMITTED] * 5
    + [ApprovalState.APPROVED] * 3
    + [
        ApprovalState.RETURNED,
        ApprovalState.DRAFT,
    ]
)


def demo_approval(report_date: date, today: date, *, key: int) -> str:
    """A realistic sign-off state for a demo report: the latest round (reported in the last 31 days) a mix
    (`THIS_MONTH_STATES`), the round before mostly approved (one in ten still waiting), older ones approved."""
    age = (today - report_date).days
    if age < 31:
        return THIS_MONTH_STATES[key % len(THIS_MONTH_STATES)]
    if age < 62 and key % 10 == 0:
        return ApprovalState.SUBMITTED
    return ApprovalState.APPROVED


class _BatchWriter:
    def __init__(self, agencies_by_code, strategy_by_key, summary: SeedSummary, *, today: date):
        self.today = today
        self.agencies = agencies_by_code
        self.strategies = strategy_by_key
        self.summary = summary
        # One timestamp for the whole seed, so its history records read as one event.
        self.history_date = timezone.now()

    def _create(self, model, objs: list) -> list:
        if not objs:
            return objs
        self.summary.rows[model] += len(objs)
        return bulk_create_with_history(
            objs,
            model,
            batch_size=ROWS_PER_INSERT,
            default_change_reason=SEED_REASON,
            default_date=self.history_date,
        )

    def write(self, batch: list[ProjectData]) -> None:
        projects = self._create(Project, [self._project(d) for d in batch])
        steps, reports, kpis, evaluations = [], [], [], []
        kpi_quarters = []
        for data, project in zip(batch, projects, strict=True):
            pid = project.pk
            self.summary.statuses[data.status] += 1
            self.summary.budget_total += data.budget
            steps.extend(
                PlanStep(
                    project_id=pid,
                    number=s.number,
                    description=s.description,
                    weight=s.weight,
                    start_date=s.start,
                    end_date=s.end,
                )
                for s in data.steps
            )
            for r in data.reports:
                self.summary.disbursed_total += r.disbursed
                reports.append(
                    ProgressReport(
                        project_id=pid,
                        number=r.number,
                        report_date=r.report_date,
                        progress=r.progress,
                        text=r.text,
                        problems=r.problems,
                        obstacles=r.obstacles,
                        disbursed=r.disbursed,
                        plan_status=r.plan_status,
                        target_status=r.target_status,
                        reason=r.reason,
                        approval_state=demo_approval(r.report_date, self.today, key=pid * 31 + r.number),
                        approval_changed_at=self.history_date,
                    )
                )
            for k in data.kpis:
                kpis.append(
                    Kpi(
                        project_id=pid,
                        code=k.code,
                        name=k.name,
                        unit=k.unit,
                        target=k.target,
                        achieved=k.achieved,
                        kind=k.kind,
                        level=k.level,
                    )
                )
                kpi_quarters.append(k.quarters)
            evaluations.extend(
                Evaluation(
                    project_id=pid,
                    quarter=e.quarter,
                    score=e.score,
                    comment=e.comment,
                    evaluated_at=e.evaluated_at,
                )
                for e in data.evaluations
            )
        self._create(PlanStep, steps)
        reports = self._create(ProgressReport, reports)
        # Each state but a draft was reached by a recorded step; a returned one says what to correct.
        ReportTransition.objects.bulk_create(
            [
                ReportTransition(
                    report_id=r.pk,
                    from_state=(
                        ApprovalState.DRAFT
                        if r.approval_state == ApprovalState.SUBMITTED
                        else ApprovalState.SUBMITTED
                    ),
                    to_state=r.approval_state,
                    comment=DEMO_RETURN_COMMENT if r.approval_state == ApprovalState.RETURNED else "",
                )
                for r in reports
                if r.approval_state != ApprovalState.DRAFT
            ],
            batch_size=ROWS_PER_INSERT,
        )
        self._create(Evaluation, evaluations)
        kpis = self._create(Kpi, kpis)
        results = [
            KpiQuarterResult(
                kpi_id=kpi.pk, quarter=q.quarter, result=q.result, score_1=q.score_1, score_2=q.score_2
            )
            for kpi, quarters in zip(kpis, kpi_quarters, strict=True)
            for q in quarters
        ]
        self._create(KpiQuarterResult, results)

    def _project(self, d: ProjectData) -> Project:
        strategy = self.strategies[d.strategy_key] if d.strategy_key else None
        return Project(
            code=d.code,
            name=d.name,
            fiscal_year=d.fiscal_year,
            agency_id=self.agencies[d.agency_code].pk,
            responsible=d.responsible,
            phone=d.phone,
            coordinator=d.coordinator,
            start_date=d.start,
            end_date=d.end,
            budget_received=d.budget,
            rationale=d.rationale,
            objectives=d.objectives,
            targets=d.targets,
            strategy_id=strategy.pk if strategy else None,
            routine=d.routine,
            strategy_indicator=d.strategy_indicator,
            status=d.status,
            status_reason=d.status_reason,
            budget_returned=d.budget_returned,
        )
