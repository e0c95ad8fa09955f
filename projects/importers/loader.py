"""Writes one parsed legacy file into the database: upsert, never duplicate, never erase a known fact.

One file is one transaction. Every save is recorded in the history with no user and the file's name as the
reason.

Speed (thousands of files per run): `full_clean()` here checks fields only. Unique and check constraints are
left to the database, which enforces exactly the same ones, instead of one query per constraint per row; a
violation raises `IntegrityError`, which rolls the file's transaction back and refuses it with a Thai message
(`load_project`). Foreign keys are the database's too: `full_clean` would look each one up. New rows of a
project (reports, steps, KPIs and their results, evaluations) are inserted in bulk with their history rows, a
new project's own rows are not looked for, and the project is saved once, its status included. Across the
files of one run, `Known` keeps the agencies and strategy nodes already read.
"""

import functools
from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone, translation
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

from . import derive
from .records import LegacyFileError, ProjectRecord

# Stored with the step, in the data's language (Thai) like the imported texts themselves.
IMPORTED_APPROVAL_COMMENT = "อนุมัติแล้วในระบบเดิม (นำเข้าข้อมูล)"


@dataclass
class ImportOutcome:
    project: Project
    created: bool
    reports: int
    warnings: list[str] = field(default_factory=list)


def refusal(error: ValidationError, model) -> str:
    """A Thai sentence for what the model refused (Django's messages in Thai, field names as labelled)."""
    parts = []
    with translation.override("th"):
        for name, messages in error.message_dict.items():
            if name == NON_FIELD_ERRORS:
                # constraint messages have no Thai translation: say what they mean
                parts.append("ค่าขัดกับกฎของข้อมูล (เช่น วันที่ ปี หรือร้อยละอยู่นอกช่วงที่รับได้)")
            else:
                label = str(model._meta.get_field(name).verbose_name)
                parts.append(f"{label}: {' '.join(str(m) for m in messages)}")
    return "บันทึกไม่ได้ " + "; ".join(parts)


# The refusal for a row the database's constraints rejected (the same rules `full_clean` would have checked).
CONSTRAINT_REFUSAL = "บันทึกไม่ได้ ค่าขัดกับกฎของข้อมูล (เช่น รหัสซ้ำ วันที่ ปี หรือร้อยละอยู่นอกช่วงที่รับได้)"


@functools.cache
def _foreign_keys(model) -> tuple[str, ...]:
    return tuple(f.name for f in model._meta.concrete_fields if f.many_to_one)


def _check(instance, *, exclude: list[str] | None, line: int | None) -> None:
    try:
        # Constraints, uniqueness and foreign keys are the database's (see the module note): no query per
        # constraint or per related row.
        instance.full_clean(
            exclude=[*(exclude or ()), *_foreign_keys(type(instance))],
            validate_unique=False,
            validate_constraints=False,
        )
    except ValidationError as error:
        raise LegacyFileError(refusal(error, type(instance)), line or 1) from None


def _save(instance, reason: str, *, exclude: list[str] | None = None, line: int | None = None) -> None:
    """Validated and saved with its history reason; a refusal names the file line the values came from
    (line 1, the header, for values of the project itself)."""
    instance._history_user = None
    instance._change_reason = reason
    _check(instance, exclude=exclude, line=line)
    instance.save()


def _insert(instances: list, model, reason: str, lines: list[int | None]) -> None:
    """New rows validated one by one (a refusal names its line), then inserted with their history rows in
    two statements rather than two per row."""
    for instance, line in zip(instances, lines, strict=True):
        _check(instance, exclude=None, line=line)
    if instances:
        bulk_create_with_history(instances, model, default_user=None, default_change_reason=reason)


def _assign(instance, values: dict) -> bool:
    """Set the known values (None never overwrites); True when something changed."""
    changed = False
    for name, value in values.items():
        if value is None:
            continue
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed = True
    return changed


_TREE_FIELDS = ["path", "depth", "numchild"]


@dataclass
class Known:
    """What the files of one run share and need not read again: agencies by code, strategy nodes by their
    names from the top. All is forgotten when a file's transaction is undone (`forget`); the agencies also
    whenever one is added (the tree keeps its nodes sorted, so adding one can renumber the paths of others,
    and an agency's path is compared and built on). A strategy node is only pointed to, never walked from:
    a new one does not make the others wrong."""

    agencies: dict[str, Agency] = field(default_factory=dict)
    strategies: dict[tuple[str, ...], StrategyNode] = field(default_factory=dict)

    def forget(self) -> None:
        self.agencies.clear()
        self.strategies.clear()


def _agency(*, code: str, names: list[str], reason: str, warnings: list[str], known: Known) -> Agency:
    """The agency with this code, its ancestors created as needed and named top-down from `names`."""
    chain = derive.agency_chain(code)
    if len(names) > len(chain):
        warnings.append(
            f"ชื่อหน่วยงานมี {len(names)} ระดับ แต่รหัส {code} มี {len(chain)} ระดับ: ไม่ใช้ชื่อ "
            + " / ".join(names[len(chain) :])
        )
    if any(level_code not in known.agencies for level_code in chain):
        known.agencies.update((a.code, a) for a in Agency.objects.filter(code__in=chain))
    added = False
    parent = None
    for level, level_code in enumerate(chain):
        name = names[level] if level < len(names) else ""
        agency = known.agencies.get(level_code)
        if agency is None:
            agency = Agency(code=level_code, name=name, kind=derive.agency_kind(level_code))
            agency._history_user = None
            agency._change_reason = reason
            _check(agency, exclude=_TREE_FIELDS, line=None)
            agency = (
                Agency.objects.add_child(parent, instance=agency)
                if parent
                else Agency.objects.add_root(instance=agency)
            )
            added = True
        elif name and not agency.name:
            agency.name = name
            _save(agency, reason, exclude=_TREE_FIELDS)
        elif name and agency.name != name:
            warnings.append(f"หน่วยงานรหัส {level_code} ชื่อ “{agency.name}” อยู่แล้ว ไม่เปลี่ยนเป็น “{name}”")
        parent = agency
    if added:
        known.agencies.clear()
    return parent


def _strategy(*, names: list[str], reason: str, known: Known) -> StrategyNode:
    found = known.strategies.get(tuple(names))
    if found is not None:
        return found
    parent = None
    for level, name in enumerate(names, start=1):
        if parent is None:
            node = StrategyNode.objects.get_root_nodes().filter(name=name).first()
        else:
            node = StrategyNode.objects.get_children(parent).filter(name=name).first()
        if node is None:
            node = StrategyNode(name=name, level=level)
            node._history_user = None
            node._change_reason = reason
            _check(node, exclude=_TREE_FIELDS, line=None)
            node = (
                StrategyNode.objects.add_child(parent, instance=node)
                if parent
                else StrategyNode.objects.add_root(instance=node)
            )
        parent = node
    known.strategies[tuple(names)] = parent
    return parent


def _find_project(record: ProjectRecord, key: str | None) -> Project | None:
    """By (code, fiscal year); else the code-less project with the same legacy key (a cut page of it). One
    query for both."""
    wanted = Q()
    if record.code:
        wanted |= Q(code=record.code)
    if key:
        wanted |= Q(legacy_key=key, code__isnull=True)
    if not wanted:
        return None
    # (code, fiscal year) and the legacy key are each unique: two rows at most
    found = list(Project.objects.filter(wanted, fiscal_year=record.fiscal_year)[:2])
    by_code = next((p for p in found if record.code and p.code == record.code), None)
    return by_code or next((p for p in found if p.code is None), None)


def load_project(*, record: ProjectRecord, source_name: str, known: Known | None = None) -> ImportOutcome:
    """Create or update the project a parsed file describes, with its reports, steps, KPIs and evaluations;
    a row the database's constraints reject undoes the whole file and refuses it in Thai. `known` carries
    what earlier files of the same run read (the caller forgets it when a file is undone)."""
    try:
        return _load_project(record=record, source_name=source_name, known=known or Known())
    except IntegrityError:
        # raised after the atomic block below has rolled back: nothing of the file is stored
        raise LegacyFileError(CONSTRAINT_REFUSAL, 1) from None


@transaction.atomic
def _load_project(*, record: ProjectRecord, source_name: str, known: Known) -> ImportOutcome:
    reason = f"นำเข้าจากไฟล์ {source_name}"
    warnings = list(record.warnings)
    agency = _agency(
        code=record.agency_code, names=record.agency_names, reason=reason, warnings=warnings, known=known
    )

    key = None
    if record.reports:
        first = min(record.reports, key=lambda r: r.number)
        key = derive.legacy_key(
            agency_code=record.agency_code,
            fiscal_year=record.fiscal_year,
            first_date=first.date,
            first_text=first.text,
        )
    project = _find_project(record, key)
    created = project is None
    if created:
        # Only a project without a code needs the key to be found again.
        project = Project(
            fiscal_year=record.fiscal_year, agency=agency, legacy_key=None if record.code else key
        )
    values = {
        "code": record.code,
        "name": record.name,
        "name_tag": record.name_tag,
        "responsible": record.responsible,
        "phone": record.phone,
        "coordinator": record.coordinator,
        "start_date": record.start_date,
        "end_date": record.end_date,
        "budget_received": record.budget_received,
        "rationale": record.rationale,
        "objectives": record.objectives,
        "targets": record.targets,
        "strategy_indicator": record.strategy_indicator,
    }
    changed = _assign(project, values)
    if not created and project.agency_id != agency.pk:
        current = project.agency
        # A source naming a sub-agency of the stored one is more precise; one naming an ancestor is less.
        if agency.path.startswith(current.path):
            project.agency = agency
            changed = True
        elif not current.path.startswith(agency.path):
            warnings.append(f"หน่วยงานของโครงการเปลี่ยนจากรหัส {current.code} เป็น {agency.code}")
            project.agency = agency
            changed = True
    if record.routine:
        changed |= _assign(project, {"routine": True}) | (project.strategy_id is not None)
        project.strategy = None
    elif record.strategy:
        node = _strategy(names=record.strategy, reason=reason, known=known)
        changed |= project.routine or project.strategy_id != node.pk
        project.routine, project.strategy = False, node
    # The reports as they will stand (a new project has none yet): the status follows from all of them and
    # is saved with the project's other values, once.
    reports, new_reports, new_lines = _merge_reports(project, record, reason, created=created)
    changed |= _assign(project, _status_values(reports))
    if created or changed:
        if not created:
            project.version += 1
        _save(project, reason, line=record.lines.get("code"))

    _insert(new_reports, ProgressReport, reason, new_lines)
    ReportTransition.objects.bulk_create(
        ReportTransition(
            report=report,
            from_state=ApprovalState.DRAFT,
            to_state=ApprovalState.APPROVED,
            comment=IMPORTED_APPROVAL_COMMENT,
        )
        for report in new_reports
    )
    _load_steps(project, record, reason, created=created)
    _load_kpis(project, record, reason, created=created)
    _load_evaluations(project, record, reason, created=created)
    return ImportOutcome(project=project, created=created, reports=len(record.reports), warnings=warnings)


def _merge_reports(
    project: Project, record: ProjectRecord, reason: str, *, created: bool
) -> tuple[list[ProgressReport], list[ProgressReport], list[int | None]]:
    """Every report of the project with the file's values; a changed stored one is saved, the new ones
    (returned apart, with their lines) wait for the project to be saved."""
    existing = {} if created else {r.number: r for r in project.reports.all()}
    new, lines = [], []
    for entry in record.reports:
        report = existing.get(entry.number) or ProgressReport(project=project, number=entry.number)
        changed = _assign(
            report,
            {
                "report_date": entry.date,
                "progress": entry.progress,
                "text": entry.text,
                "problems": entry.problems,
                "obstacles": entry.obstacles,
                "disbursed": entry.disbursed,
                "plan_status": entry.plan_status,
                "target_status": entry.target_status,
            },
        )
        if report.pk is None:
            # The old system's reports were signed off there: they arrive approved, and say so.
            report.approval_state = ApprovalState.APPROVED
            report.approval_changed_at = timezone.now()
            new.append(report)
            lines.append(entry.line)
        elif changed:
            report.version += 1
            _save(report, reason, line=entry.line)
    return [*existing.values(), *new], new, lines


def _status_values(reports: list[ProgressReport]) -> dict:
    """Status, its reason and budget returned follow from all the project's reports, whatever the source."""
    if not reports:
        return {}
    newest_first = sorted(reports, key=lambda r: r.number, reverse=True)
    status, status_reason = derive.project_status(newest_first[0].text, newest_first[0].progress)
    values = {"status": status, "status_reason": status_reason}
    returned = derive.budget_returned([r.text for r in newest_first])
    if returned is not None:
        values["budget_returned"] = returned
    return values


def _load_steps(project: Project, record: ProjectRecord, reason: str, *, created: bool) -> None:
    existing = {} if created else {s.number: s for s in project.steps.all()}
    new, lines = [], []
    for entry in record.steps:
        step = existing.get(entry.number) or PlanStep(project=project, number=entry.number)
        values = {
            "description": entry.description,
            "weight": entry.weight,
            "start_date": entry.start,
            "end_date": entry.end,
        }
        if _assign(step, values) and step.pk is not None:
            _save(step, reason, line=entry.line)
        elif step.pk is None:
            new.append(step)
            lines.append(entry.line)
    _insert(new, PlanStep, reason, lines)


def _load_kpis(project: Project, record: ProjectRecord, reason: str, *, created: bool) -> None:
    """KPIs matched by code (else by name); new KPIs, then all new quarter results, inserted in bulk."""
    existing = [] if created else list(project.kpis.prefetch_related("quarters"))
    new_kpis, kpi_lines = [], []
    # per KPI (by identity: new ones have no key yet): its stored results and the new ones, by quarter
    stored: dict[int, dict[int, KpiQuarterResult]] = {
        id(k): {q.quarter: q for q in k.quarters.all()} for k in existing
    }
    added: dict[int, dict[int, tuple[KpiQuarterResult, int | None]]] = {}
    for entry in record.kpis:
        kpi = next(
            (
                k
                for k in existing
                if (entry.code and k.code == entry.code) or (not entry.code and k.name == entry.name)
            ),
            None,
        )
        if kpi is None:
            kpi = Kpi(project=project)
            existing.append(kpi)
            new_kpis.append(kpi)
            kpi_lines.append(entry.line)
            stored[id(kpi)] = {}
        values = {
            "code": entry.code,
            "name": entry.name,
            "unit": entry.unit,
            "target": entry.target,
            "achieved": entry.achieved,
            "kind": entry.kind,
            "level": entry.level,
        }
        if _assign(kpi, values) and kpi.pk is not None:
            _save(kpi, reason, line=entry.line)
        new = added.setdefault(id(kpi), {})
        for q in entry.quarters:
            result = stored[id(kpi)].get(q.quarter) or (new[q.quarter][0] if q.quarter in new else None)
            if result is None:
                result = KpiQuarterResult(kpi=kpi, quarter=q.quarter)
                new[q.quarter] = (result, entry.line)
            values = {"result": q.result, "score_1": q.score_1, "score_2": q.score_2}
            if _assign(result, values) and result.pk is not None:
                _save(result, reason, line=entry.line)
    _insert(new_kpis, Kpi, reason, kpi_lines)
    results = [pair for new in added.values() for pair in new.values()]
    _insert([r for r, _ in results], KpiQuarterResult, reason, [line for _, line in results])


def _load_evaluations(project: Project, record: ProjectRecord, reason: str, *, created: bool) -> None:
    existing = {} if created else {e.quarter: e for e in project.evaluations.all()}
    new: dict[int, Evaluation] = {}
    for entry in record.evaluations:
        evaluation = existing.get(entry.quarter) or new.get(entry.quarter)
        if evaluation is None:
            # a quarter given twice in one file: the last score stands, one row
            new[entry.quarter] = evaluation = Evaluation(project=project, quarter=entry.quarter)
        if _assign(evaluation, {"score": entry.score}) and evaluation.pk is not None:
            _save(evaluation, reason)
    _insert(list(new.values()), Evaluation, reason, [None] * len(new))
