"""What goes on a printed form: snapshots of the data, built from the database in a fixed number of queries.

A snapshot is a JSON-ready dict of the values exactly as they are printed (BE dates, baht with
separators and satang, percentages with two decimals, Thai status labels). The PDF templates print
from the snapshot and nothing else, the server keeps it with its SHA-256 fingerprint, and the
verification page rebuilds it from today's data to say whether and what changed.
"""

import base64
from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from django.db.models import Prefetch
from django.utils import translation

from projects import thai
from projects.budget import budget_used
from projects.choices import PlanStatus, ProjectStatus, TargetStatus
from projects.closing import read_closed_quarter
from projects.evidence import format_size, kind_label
from projects.fiscal import quarter_bounds
from projects.models import (
    Agency,
    Evaluation,
    Evidence,
    PlanStep,
    ProgressReport,
    Project,
    QuarterSnapshot,
    StrategyNode,
)
from projects.progress import Step, planned_progress
from projects.quarter_figures import received_on, status_on

from .models import DocumentKind, PrintedDocument

PROJECT_FORM_TITLE = DocumentKind.PROJECT_FORM.label
QUARTER_SUMMARY_TITLE = "แบบสรุปผลการดำเนินงานโครงการรายไตรมาสของหน่วยงาน"
ROUTINE_WORK = "**** การปฏิบัติงานประจำของหน่วยงาน ****"
CERTIFICATION = "ขอรับรองว่า ข้อมูลที่ปรากฏในเอกสารฉบับนี้ หน่วยงานได้จัดพิมพ์จากระบบงานจริง เพื่อเป็นหลักฐานไว้ตรวจสอบ"
AGENCY_SEPARATOR = " / "

# The labels of the strategy path as the legacy form prints them, by depth in the plan.
STRATEGY_LABELS = {1: "ประเด็นยุทธศาสตร์", 2: "ประเด็นยุทธศาสตร์ย่อย", 3: "เป้าหมายที่", 4: "เป้าประสงค์"}

# Field → label, in the order of the form; the verification page names changed fields with these.
PROJECT_FIELDS = {
    "code": "รหัสโครงการ",
    "name": "ชื่อโครงการ/กิจกรรม",
    "name_tag": "ป้ายหน้าชื่อโครงการ",
    "fiscal_year": "ปีงบประมาณ พ.ศ.",
    "start_date": "เริ่มต้นโครงการ",
    "end_date": "สิ้นสุดโครงการ",
    "budget_received": "งบประมาณที่ได้รับ",
    "budget_used": "งบประมาณที่ใช้ไป",
    "agency": "หน่วยงานที่รับผิดชอบ",
    "responsible": "ชื่อผู้รับผิดชอบ",
    "phone": "โทรศัพท์ผู้รับผิดชอบ",
    "coordinator": "ผู้ประสานงาน สยป",
    "rationale": "หลักการและเหตุผล",
    "objectives": "วัตถุประสงค์ของโครงการ",
    "targets": "เป้าหมายของโครงการ",
    "strategy": "สนับสนุนแผนพัฒนา กทม. ระยะ 20 ปี",
    "strategy_indicator": "ตัวชี้วัดตามแผนฯ",
}
REPORT_FIELDS = {
    "date": "วันที่รายงาน",
    "text": "ผลการดำเนินงาน",
    "progress": "ความก้าวหน้าของงานฯ",
    "disbursed": "งบประมาณที่เบิกใช้",
    "plan_status": "สถานะตามแผน",
    "target_status": "สถานะตามเป้าหมาย",
}
SUMMARY_HEADER_FIELDS = {
    "agency": "หน่วยงาน",
    "fiscal_year": "ปีงบประมาณ พ.ศ.",
    "quarter": "ไตรมาส",
    "quarter_end": "วันสิ้นไตรมาส",
}
SUMMARY_ROW_FIELDS = {
    "code": "รหัสโครงการ",
    "name": "ชื่อโครงการ",
    "agency": "หน่วยงาน",
    "planned": "แผน (%)",
    "actual": "ผล (%)",
    "budget_received": "งบประมาณที่ได้รับ",
    "budget_used": "งบประมาณที่ใช้ไป",
    "project_status": "สถานะโครงการ",
    "plan_status": "สถานะตามแผน",
    "score": "คะแนนประเมิน",
}

DASH = "–"


def _text(value: str | None) -> str:
    return thai.normalize_text(value) or ""


def _label(choices, value: str | None) -> str:
    return str(choices(value).label) if value else DASH


# --- Trees: names along the path of an agency or a strategy node --------------------------------------------
def _ancestor_paths(path: str, steplen: int) -> list[str]:
    return [path[:end] for end in range(steplen, len(path) + 1, steplen)]


def _nodes_by_path(model, nodes: Iterable) -> dict[str, object]:
    """Every node on the paths to `nodes`, in one query."""
    paths = {p for node in nodes for p in _ancestor_paths(node.path, model.steplen)}
    if not paths:
        return {}
    return {node.path: node for node in model.objects.filter(path__in=paths)}


def _agency_path_names(agency: Agency, by_path: dict) -> list[str]:
    names = [by_path[p].name for p in _ancestor_paths(agency.path, Agency.steplen) if by_path[p].name]
    return names or [str(agency)]


# --- The project form ----------------------------------------------------------------------------------------
def evidence_snapshot(evidence: Evidence) -> dict:
    """One file of evidence as the form lists it; the whole SHA-256 is kept (the form prints its first 16
    hex digits), so the fingerprint tells any replaced file."""
    return {
        "name": evidence.name,
        "size": format_size(evidence.size),
        "type": kind_label(evidence.content_type),
        "sha256": evidence.sha256,
    }


def _report_snapshot(report: ProgressReport) -> dict:
    files = [evidence_snapshot(e) for e in report.evidence.all()]
    return {
        "number": report.number,
        "date": thai.format_date(report.report_date),
        "text": _text(report.text),
        "progress": thai.format_percent(report.progress),
        "disbursed": thai.format_baht(report.disbursed or Decimal("0")),
        "plan_status": _label(PlanStatus, report.plan_status),
        "target_status": _label(TargetStatus, report.target_status),
        # only when there are files: a form printed before evidence existed still verifies unchanged
        **({"evidence": files} if files else {}),
    }


def _strategy_lines(project: Project, strategies: dict) -> list[list[str]]:
    if project.routine or project.strategy is None:
        return [[STRATEGY_LABELS[depth], ROUTINE_WORK] for depth in (1, 2, 3)]
    nodes = [strategies[p] for p in _ancestor_paths(project.strategy.path, StrategyNode.steplen)]
    return [
        [STRATEGY_LABELS.get(depth, STRATEGY_LABELS[4]), node.name] for depth, node in enumerate(nodes, 1)
    ]


def _project_form_snapshot(project: Project, agencies: dict, strategies: dict) -> dict:
    reports = sorted(project.reports.all(), key=lambda r: r.number)
    used = budget_used(r.disbursed for r in reports)
    return {
        "kind": DocumentKind.PROJECT_FORM.value,
        "project": {
            "code": project.code or DASH,
            "name": _text(project.name),
            # only when there is one: a form printed before tags existed still verifies unchanged
            **({"name_tag": project.name_tag} if project.name_tag else {}),
            "fiscal_year": str(project.fiscal_year),
            "start_date": thai.format_date(project.start_date),
            "end_date": thai.format_date(project.end_date),
            "budget_received": thai.format_baht(project.budget_received),
            "budget_used": thai.format_baht(used),
            "agency": AGENCY_SEPARATOR.join(_agency_path_names(project.agency, agencies)),
            "responsible": _text(project.responsible),
            "phone": _text(project.phone),
            "coordinator": _text(project.coordinator),
            "rationale": _text(project.rationale),
            "objectives": _text(project.objectives),
            "targets": _text(project.targets),
            "strategy": _strategy_lines(project, strategies),
            "strategy_indicator": _text(project.strategy_indicator),
        },
        "reports": [_report_snapshot(r) for r in reports],
    }


def _form_projects():
    shown = Prefetch("evidence", queryset=Evidence.objects.shown().order_by("uploaded_at", "pk"))
    reports = Prefetch("reports", queryset=ProgressReport.objects.order_by("number").prefetch_related(shown))
    return Project.objects.select_related("agency", "strategy").prefetch_related(reports)


@translation.override("th")  # printed forms are Thai whatever language the page is in
def project_form_snapshots(ids: list[int]) -> dict[int, dict]:
    """Snapshots of the project form by project id, in the order of `ids` (ids of deleted projects are
    left out), in five queries whatever their number: projects, reports, their evidence, and the agencies and
    strategy nodes along their paths.

    Budget used is the sum of the reports' disbursements, as everywhere in the tracker.
    """
    loaded = {p.pk: p for p in _form_projects().filter(pk__in=ids)}
    ordered = [loaded[pk] for pk in ids if pk in loaded]
    agencies = _nodes_by_path(Agency, [p.agency for p in ordered])
    strategies = _nodes_by_path(StrategyNode, [p.strategy for p in ordered if p.strategy_id])
    return {p.pk: _project_form_snapshot(p, agencies, strategies) for p in ordered}


def project_form_snapshot(project_id: int) -> dict | None:
    """The project form's snapshot; None when the project no longer exists."""
    return project_form_snapshots([project_id]).get(project_id)


def evidence_photos(snapshots: dict[int, dict]) -> dict[int, list[dict]]:
    """The thumbnails of the photos each form lists, by project id, for the form's appendix: report number,
    name, caption, SHA-256 and the thumbnail as a PNG/JPEG data URI (read from storage, one query)."""
    listed = {
        (project_id, report["number"], item["sha256"])
        for project_id, snapshot in snapshots.items()
        for report in snapshot["reports"]
        for item in report.get("evidence", [])
    }
    photos: dict[int, list[dict]] = defaultdict(list)
    if not listed:
        return photos
    rows = (
        Evidence.objects.shown()
        .filter(report__project_id__in=list(snapshots))
        .exclude(thumbnail="")
        .select_related("report")
        .order_by("report__number", "uploaded_at", "pk")
    )
    for evidence in rows:
        key = (evidence.report.project_id, evidence.report.number, evidence.sha256)
        if key not in listed:
            continue
        with evidence.thumbnail.open("rb") as thumbnail:
            data = base64.b64encode(thumbnail.read()).decode("ascii")
        photos[evidence.report.project_id].append(
            {
                "number": evidence.report.number,
                "name": evidence.name,
                "caption": evidence.caption,
                "sha256": evidence.sha256,
                "src": f"data:image/jpeg;base64,{data}",
            }
        )
    return photos


def batch_project_ids(agency: Agency, fiscal_year: int) -> list[int]:
    """The projects of an agency and its sub-agencies in a fiscal year, in print order."""
    return list(
        Project.objects.under_agency(agency)
        .in_fiscal_year(fiscal_year)
        .order_by("agency__path", "code", "pk")
        .values_list("pk", flat=True)
    )


# --- The agency's quarterly summary ---------------------------------------------------------------------------
def _latest_on_or_before(reports: list[ProgressReport], day: date) -> ProgressReport | None:
    dated = [r for r in reports if r.report_date <= day]
    return max(dated, key=lambda r: (r.report_date, r.number)) if dated else None


def _summary_row(project: Project, quarter: int, quarter_end: date) -> tuple[dict, Decimal, Decimal]:
    reports = list(project.reports.all())
    latest = _latest_on_or_before(reports, quarter_end)
    used = budget_used(r.disbursed for r in reports if r.report_date <= quarter_end)
    steps = [Step(s.weight, s.start_date, s.end_date) for s in project.steps.all()]
    evaluation = next((e for e in project.evaluations.all() if e.quarter == quarter), None)
    row = {
        "code": project.code or DASH,
        "name": _text(project.name),
        # only when there is one: a summary printed before tags existed still verifies unchanged
        **({"name_tag": project.name_tag} if project.name_tag else {}),
        "planned": thai.format_percent(planned_progress(steps, quarter_end)) if steps else DASH,
        "actual": thai.format_percent(latest.progress) if latest else DASH,
        "budget_received": thai.format_baht(project.q_received),
        "budget_used": thai.format_baht(used),
        "project_status": str(ProjectStatus(project.q_status).label),
        "plan_status": _label(PlanStatus, latest.plan_status if latest else None),
        "score": thai.format_percent(evaluation.score)
        if evaluation and evaluation.score is not None
        else DASH,
    }
    return row, project.q_received or Decimal("0"), used


def _frozen_summary_row(s: QuarterSnapshot) -> tuple[dict, Decimal, Decimal]:
    """A project's summary line from its snapshot of a closed quarter: the same cells as `_summary_row`."""
    used = s.budget_used or Decimal("0")
    row = {
        "code": s.code or DASH,
        "name": _text(s.name),
        "planned": thai.format_percent(s.planned) if s.planned is not None else DASH,
        "actual": thai.format_percent(s.actual) if s.actual is not None else DASH,
        "budget_received": thai.format_baht(s.budget_received),
        "budget_used": thai.format_baht(used),
        "project_status": str(ProjectStatus(s.status).label),
        "plan_status": _label(PlanStatus, s.plan_status),
        "score": thai.format_percent(s.score) if s.score is not None else DASH,
    }
    return row, s.budget_received or Decimal("0"), used


def _summary_rows(agency: Agency, fiscal_year: int, quarter: int, quarter_end: date) -> dict[str, list]:
    """Summary lines grouped by agency path: from the snapshot of a closed quarter, else live."""
    grouped: dict[str, list] = defaultdict(list)
    if read_closed_quarter(fiscal_year=fiscal_year, quarter=quarter):
        snapshots = (
            QuarterSnapshot.objects.filter(
                fiscal_year=fiscal_year,
                quarter=quarter,
                current=True,
                agency__path__startswith=agency.path,
                project__isnull=False,
            )
            .select_related("agency")
            .order_by("agency__path", "code", "project_id")
        )
        for snapshot in snapshots:
            grouped[snapshot.agency.path].append(_frozen_summary_row(snapshot))
        return grouped
    projects = (
        Project.objects.under_agency(agency)
        .in_fiscal_year(fiscal_year)
        # The budget received and the status by the quarter's last day, as the quarter page and its snapshot
        # show them.
        .annotate(q_received=received_on(quarter_end), q_status=status_on(quarter_end))
        .select_related("agency")
        .prefetch_related(
            Prefetch("steps", queryset=PlanStep.objects.order_by("number")),
            Prefetch("reports", queryset=ProgressReport.objects.order_by("number")),
            Prefetch("evaluations", queryset=Evaluation.objects.filter(quarter=quarter)),
        )
        .order_by("agency__path", "code", "pk")
    )
    for project in projects:
        grouped[project.agency.path].append(_summary_row(project, quarter, quarter_end))
    return grouped


def _totals(count: int, received: Decimal, used: Decimal) -> dict:
    return {
        "projects": count,
        "budget_received": thai.format_baht(received),
        "budget_used": thai.format_baht(used),
    }


@translation.override("th")
def quarter_summary_snapshot(agency: Agency, fiscal_year: int, quarter: int) -> dict:
    """The agency's quarterly summary: its and its sub-agencies' projects, grouped by agency, with totals.

    Five queries whatever the number of projects (agencies, projects, plan steps, reports, evaluations);
    a closed quarter reads its snapshot instead (`projects.snapshots`), so its summary never changes.
    """
    _, quarter_end = quarter_bounds(fiscal_year, quarter)
    agencies = list(Agency.objects.filter(path__startswith=agency.path).order_by("path"))
    by_path = {a.path: a for a in agencies}
    grouped = _summary_rows(agency, fiscal_year, quarter, quarter_end)

    groups = []
    all_received = all_used = Decimal("0")
    count = 0
    for member in agencies:
        rows = grouped.get(member.path)
        if not rows:
            continue
        received = sum((r[1] for r in rows), Decimal("0"))
        used = sum((r[2] for r in rows), Decimal("0"))
        all_received += received
        all_used += used
        count += len(rows)
        names = [by_path[p].name for p in _ancestor_paths(member.path, Agency.steplen) if p in by_path]
        groups.append(
            {
                "agency_code": member.code,
                "agency": AGENCY_SEPARATOR.join(n for n in names if n) or str(member),
                "rows": [r[0] for r in rows],
                "totals": _totals(len(rows), received, used),
            }
        )
    return {
        "kind": DocumentKind.QUARTER_SUMMARY.value,
        "agency": {"code": agency.code, "name": str(agency)},
        "fiscal_year": str(fiscal_year),
        "quarter": str(quarter),
        "quarter_end": thai.format_date(quarter_end),
        "groups": groups,
        "totals": _totals(count, all_received, all_used),
    }


# --- Rebuilding what a printed document showed ------------------------------------------------------------
def current_snapshot(document: PrintedDocument) -> dict | None:
    """Today's snapshot of what `document` printed; None when its project or agency no longer exists."""
    if document.kind == DocumentKind.PROJECT_FORM:
        return project_form_snapshot(document.project_id) if document.project_id else None
    if document.kind == DocumentKind.QUARTER_SUMMARY and document.agency_id:
        agency = Agency.objects.filter(pk=document.agency_id).first()
        if agency is None:
            return None
        return quarter_summary_snapshot(agency, document.fiscal_year, document.quarter)
    return None
