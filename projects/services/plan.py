"""The project's plan: its steps (numbered in order, weights totalling exactly 100.00) and its indicators (KPIs).

The plan is part of the project record: every change to steps or KPIs increments the project's version,
so a plan form opened before someone else's change is refused and shown what changed.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from projects import thai
from projects.closing import Quarter, closed_for
from projects.fiscal import quarter_bounds
from projects.models import Kpi, KpiQuarterResult, PlanStep, Project
from projects.progress import weights_total

from .changes import conflict, related_changes
from .common import lock_project, mark, require, token_used
from .errors import AlreadySubmitted

ZERO = Decimal("0")
HUNDRED = Decimal("100")
STEP_OFFSET = 10000

PROJECT_FIELDS = [
    "responsible",
    "phone",
    "start_date",
    "end_date",
    "budget_received",
    "rationale",
    "objectives",
    "targets",
    "status",
    "status_reason",
    "budget_returned",
]
STEP_FIELDS = ["number", "description", "weight", "start_date", "end_date"]
KPI_FIELDS = ["code", "name", "unit", "target", "achieved", "kind", "level"]
QUARTER_FIELDS = ["quarter", "result", "score_1", "score_2"]


@dataclass(frozen=True)
class StepInput:
    """One step as entered; `id` is None for a new step. Steps are numbered in the order given."""

    description: str
    weight: Decimal
    start_date: date
    end_date: date
    id: int | None = None


@dataclass(frozen=True)
class KpiInput:
    name: str
    code: str = ""
    unit: str | None = None
    target: Decimal | None = None
    achieved: Decimal | None = None
    kind: str | None = None
    level: str | None = None


@dataclass(frozen=True)
class QuarterInput:
    """What agency staff enter for an indicator's quarter: its result. The scores 2.1 / 2.2 are the planning
    office's (`reports.score_kpi`, on its scoring page) and are never taken from this input."""

    result: Decimal | None = None

    def is_empty(self) -> bool:
        return self.result is None


def quarter_values(row: KpiQuarterResult | None) -> QuarterInput:
    """A stored quarter result as the form would send it back unchanged."""
    if row is None:
        return QuarterInput()
    return QuarterInput(result=row.result)


def project_conflict(project: Project, version: int):
    """The refusal for a project form opened at `version`: its own fields and its plan, what changed since."""
    # The plan as it stood just before the first change after `version`: services save the project row
    # (its new version) before they write steps or indicators.
    following = project.history.filter(version__gt=version).order_by("history_date", "history_id").first()
    extra = []
    if following is not None:
        at = following.history_date
        extra += related_changes(
            PlanStep,
            at=at,
            now=list(project.steps.all()),
            fields=STEP_FIELDS,
            name_of=lambda s: _("ขั้นตอน “%(name)s”") % {"name": thai.normalize_line(s.description)[:40]},
            project_id=project.pk,
        )
        extra += related_changes(
            Kpi,
            at=at,
            now=list(project.kpis.all()),
            fields=KPI_FIELDS,
            name_of=lambda k: _("ตัวชี้วัด “%(name)s”") % {"name": thai.normalize_line(k.name)[:40]},
            project_id=project.pk,
        )
    return conflict(project, version, PROJECT_FIELDS, extra=extra)


def begin_project_change(
    *, user: AbstractBaseUser, project: Project, version: int, token: str, permission: str
) -> Project:
    """Lock the project, check the person's `permission` and the version, recognise a repeated post.

    Returns the locked row.
    """
    locked = lock_project(project)
    require(user, permission, locked)
    if token_used(Project, token, id=locked.pk) is not None:
        raise AlreadySubmitted(object_id=locked.pk)
    if locked.version != version:
        raise project_conflict(locked, version)
    return locked


def finish_project_change(*, user: AbstractBaseUser, project: Project, token: str) -> Project:
    """Count the change in the project's version.

    Plan and indicator services call it before writing their rows, so the project's history row of a
    version comes first and the plan as of that moment is the plan before the change.
    """
    project.version += 1
    project.full_clean()
    mark(project, user=user, token=token)
    project.save()
    return project


def closed_quarters_of(*, user: AbstractBaseUser, project: Project) -> set[Quarter]:
    """The quarters of the project's fiscal year closed to this user's write (`closing.closed_for`). Called
    once per write, after the project lock."""
    return closed_for(user, ((project.fiscal_year, quarter) for quarter in (1, 2, 3, 4)), project.pk)


def closed_quarter_text(quarter: Quarter) -> str:
    return _("ไตรมาสที่ %(quarter)s ปีงบประมาณ %(year)s ปิดแล้ว") % {"quarter": quarter[1], "year": quarter[0]}


def frozen_step_errors(stored: list[PlanStep], steps: list[StepInput], closed: set[Quarter]) -> list[str]:
    """Steps that began by the end of the last closed quarter shape its planned progress: they stay as they
    are, and no new or moved step may begin that early. Renumbering them changes no figure and is allowed."""
    if not closed:
        return []
    last = max(closed)
    frozen_until = quarter_bounds(*last)[1]
    reopen = _("หากจำเป็นต้องแก้ไข กรุณาติดต่อ สยป. เพื่อขอเปิดไตรมาส")
    sent = {s.id: s for s in steps if s.id is not None}
    errors = []
    for step in stored:
        if step.start_date > frozen_until:
            continue
        entry = sent.get(step.pk)
        same = entry is not None and (
            thai.normalize_text(entry.description),
            entry.weight,
            entry.start_date,
            entry.end_date,
        ) == (step.description, step.weight, step.start_date, step.end_date)
        if not same:
            errors.append(
                _("ขั้นตอน “%(name)s” เริ่มก่อนสิ้นไตรมาสที่ปิดแล้ว (%(closed)s) จึงแก้ไขหรือลบไม่ได้ %(reopen)s")
                % {
                    "name": thai.normalize_line(step.description)[:40],
                    "closed": closed_quarter_text(last),
                    "reopen": reopen,
                }
            )
    stored_ids = {s.pk for s in stored if s.start_date <= frozen_until}
    for number, entry in enumerate(steps, start=1):
        if entry.id not in stored_ids and entry.start_date <= frozen_until:
            errors.append(
                _("ขั้นตอนที่ %(number)s: วันเริ่มต้นต้องอยู่หลัง %(date)s เพราะ%(closed)s %(reopen)s")
                % {
                    "number": number,
                    "date": thai.format_date(frozen_until),
                    "closed": closed_quarter_text(last),
                    "reopen": reopen,
                }
            )
    return errors


def step_errors(steps: list[StepInput], project: Project | None = None) -> list[str]:
    """What is wrong with a plan as a whole and step by step (numbered as they will be); with `project`,
    also steps ending after the project does."""
    errors = []
    for number, step in enumerate(steps, start=1):
        if not thai.normalize_text(step.description):
            errors.append(_("ขั้นตอนที่ %(number)s: กรุณากรอกรายละเอียด") % {"number": number})
        if not ZERO < step.weight <= HUNDRED:
            errors.append(_("ขั้นตอนที่ %(number)s: น้ำหนักต้องมากกว่า 0 และไม่เกิน 100") % {"number": number})
        if step.start_date > step.end_date:
            errors.append(
                _("ขั้นตอนที่ %(number)s: วันเริ่มต้น (%(start)s) ต้องไม่หลังวันสิ้นสุด (%(end)s)")
                % {
                    "number": number,
                    "start": thai.format_date(step.start_date),
                    "end": thai.format_date(step.end_date),
                }
            )
        if project is not None and project.end_date and step.end_date > project.end_date:
            errors.append(
                _("ขั้นตอนที่ %(number)s: วันสิ้นสุด (%(end)s) ต้องไม่หลังวันสิ้นสุดโครงการ (%(project_end)s)")
                % {
                    "number": number,
                    "end": thai.format_date(step.end_date),
                    "project_end": thai.format_date(project.end_date),
                }
            )
    total_error = total_weight_error(steps)
    if total_error:
        errors.append(total_error)
    return errors


def total_weight_error(steps: list[StepInput]) -> str | None:
    """The message when the weights of a non-empty plan do not add up to exactly 100."""
    total = weights_total(s.weight for s in steps)
    if steps and total != HUNDRED:
        return _("น้ำหนักของทุกขั้นตอนรวมกันต้องเท่ากับ 100.00 พอดี (ขณะนี้รวมได้ %(total)s)") % {
            "total": thai.format_percent(total)
        }
    return None


@transaction.atomic
def save_plan(
    *, user: AbstractBaseUser, project: Project, version: int, steps: list[StepInput], token: str = ""
) -> list[PlanStep]:
    """Replace the project's steps with `steps`, in that order: numbered 1..n, the missing ones deleted."""
    project = begin_project_change(
        user=user, project=project, version=version, token=token, permission="projects.change_plan"
    )
    closed = closed_quarters_of(user=user, project=project)
    existing = {s.pk: s for s in project.steps.all()}
    errors = step_errors(steps, project) + frozen_step_errors(list(existing.values()), steps, closed)
    if errors:
        raise ValidationError(errors, code="plan_invalid")
    unknown = [s.id for s in steps if s.id is not None and s.id not in existing]
    if unknown:
        raise ValidationError(_("ขั้นตอนบางรายการถูกลบไปแล้ว กรุณาเปิดหน้าแผนใหม่"), code="unknown_step")
    finish_project_change(user=user, project=project, token=token)
    kept = {s.id for s in steps if s.id is not None}
    for step in existing.values():
        if step.pk not in kept:
            mark(step, user=user, token=token)
            step.delete()
    # Park the kept steps' numbers out of the way so renumbering never collides with the unique number.
    for offset, pk in enumerate(sorted(kept), start=1):
        PlanStep.objects.filter(pk=pk).update(number=STEP_OFFSET + offset)
    saved = []
    for number, entry in enumerate(steps, start=1):
        step = existing.get(entry.id) or PlanStep(project=project)
        before = [getattr(step, f) for f in STEP_FIELDS] if step.pk else None
        step.number = number
        step.description = thai.normalize_text(entry.description)
        step.weight = entry.weight
        step.start_date, step.end_date = entry.start_date, entry.end_date
        if before == [getattr(step, f) for f in STEP_FIELDS]:
            # Unchanged: only back from where it was parked, no history row.
            PlanStep.objects.filter(pk=step.pk).update(number=number)
        else:
            step.full_clean()
            mark(step, user=user, token=token)
            step.save()
        saved.append(step)
    return saved


def kpi_errors(data: KpiInput, quarters: dict[int, QuarterInput]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not thai.normalize_text(data.name):
        errors.setdefault("name", []).append(_("กรุณากรอกชื่อตัวชี้วัด"))
    for quarter in quarters:
        if quarter not in (1, 2, 3, 4):
            errors.setdefault("__all__", []).append(
                _("ไตรมาสต้องเป็น 1 ถึง 4 (ได้ %(quarter)s)") % {"quarter": quarter}
            )
    return errors


@transaction.atomic
def save_kpi(
    *,
    user: AbstractBaseUser,
    project: Project,
    version: int,
    data: KpiInput,
    quarters: dict[int, QuarterInput],
    kpi: Kpi | None = None,
    token: str = "",
) -> Kpi:
    """Create or edit an indicator and its quarterly results; an empty quarter removes that quarter's result.

    The planning office's scores of a quarter are kept as they are: a quarter it has scored keeps its row.
    """
    project = begin_project_change(
        user=user, project=project, version=version, token=token, permission="projects.change_kpi"
    )
    require(user, "projects.change_kpi_result", project)
    errors = kpi_errors(data, quarters)
    if errors:
        raise ValidationError(errors)
    if kpi is None:
        kpi = Kpi(project=project)
    elif kpi.project_id != project.pk:
        raise ValidationError(_("ตัวชี้วัดนี้ไม่ใช่ของโครงการนี้"))
    closed = closed_quarters_of(user=user, project=project)
    stored = {r.quarter: r for r in kpi.quarters.all()} if kpi.pk else {}
    frozen = {
        f"q{quarter}_result": [
            _("%(closed)s จึงแก้ไขผลงานและผลประเมินของไตรมาสนี้ไม่ได้")
            % {"closed": closed_quarter_text((project.fiscal_year, quarter))}
        ]
        for quarter, entry in quarters.items()
        if (project.fiscal_year, quarter) in closed and quarter_values(stored.get(quarter)) != entry
    }
    if frozen:
        raise ValidationError(frozen, code="quarter_closed")
    finish_project_change(user=user, project=project, token=token)
    kpi.code = thai.normalize_line(data.code) or None
    kpi.name = thai.normalize_text(data.name)
    kpi.unit, kpi.kind, kpi.level = data.unit or None, data.kind or None, data.level or None
    kpi.target, kpi.achieved = data.target, data.achieved
    kpi.full_clean()
    mark(kpi, user=user, token=token)
    kpi.save()
    for quarter, entry in sorted(quarters.items()):
        row = stored.get(quarter)
        if entry.is_empty() and (row is None or (row.score_1 is None and row.score_2 is None)):
            if row is not None:
                mark(row, user=user, token=token)
                row.delete()
            continue
        row = row or KpiQuarterResult(kpi=kpi, quarter=quarter)
        row.result = entry.result
        row.full_clean()
        mark(row, user=user, token=token)
        row.save()
    return kpi


@transaction.atomic
def delete_kpi(*, user: AbstractBaseUser, project: Project, version: int, kpi: Kpi, token: str = "") -> None:
    """Delete an indicator with its quarterly results (their history stays); not one with a result in a closed
    quarter, and not one the planning office has scored unless the user is an administrator."""
    project = begin_project_change(
        user=user, project=project, version=version, token=token, permission="projects.change_kpi"
    )
    if kpi.project_id != project.pk:
        raise ValidationError(_("ตัวชี้วัดนี้ไม่ใช่ของโครงการนี้"))
    closed = closed_quarters_of(user=user, project=project)
    held = sorted(
        q for q in kpi.quarters.values_list("quarter", flat=True) if (project.fiscal_year, q) in closed
    )
    if held:
        raise ValidationError(
            _("ตัวชี้วัดนี้มีผลของ%(closed)s จึงลบไม่ได้")
            % {"closed": closed_quarter_text((project.fiscal_year, held[0]))},
            code="quarter_closed",
        )
    if not user.has_perm("projects.delete_kpi", kpi):
        scored = sorted(
            r.quarter for r in kpi.quarters.all() if r.score_1 is not None or r.score_2 is not None
        )
        raise ValidationError(
            _("สยป. ให้คะแนนตัวชี้วัดนี้แล้ว (ไตรมาสที่ %(quarters)s) จึงลบไม่ได้ หากต้องการลบ กรุณาติดต่อ สยป. หรือผู้ดูแลระบบ")
            % {"quarters": ", ".join(str(q) for q in scored)},
            code="kpi_scored",
        )
    finish_project_change(user=user, project=project, token=token)
    for row in kpi.quarters.all():
        mark(row, user=user, token=token)
        row.delete()
    mark(kpi, user=user, token=token)
    kpi.delete()
