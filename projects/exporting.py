"""Projects as plain JSON-ready dicts: the shape `export_projects` prints and the API serves.

Decimals are strings (never floats), dates ISO, names of agencies and strategy top first. A fixed number of
queries whatever the number of projects: reports, steps, KPIs (with quarters) and evaluations are
prefetched, and the agency and strategy ancestors of all projects are read in one query each.
"""

from decimal import Decimal

from django.db.models import F, Prefetch, QuerySet

from .budget import budget_used
from .models import Agency, Evidence, Kpi, ProgressReport, Project, ReportTransition, StrategyNode

SATANG = Decimal("0.01")


def export_queryset(*, fiscal_year: int | None = None, codes: list[str] | None = None) -> QuerySet:
    projects = (
        Project.objects.select_related("agency", "strategy")
        .prefetch_related(
            Prefetch(
                "reports",
                queryset=ProgressReport.objects.prefetch_related(
                    Prefetch(
                        "transitions",
                        queryset=ReportTransition.objects.select_related("by").order_by("at", "pk"),
                    ),
                    Prefetch("evidence", queryset=Evidence.objects.shown().order_by("uploaded_at", "pk")),
                ),
            ),
            "steps",
            Prefetch("kpis", queryset=Kpi.objects.prefetch_related("quarters")),
            "evaluations",
        )
        .order_by("fiscal_year", F("code").asc(nulls_last=True), "pk")
    )
    if fiscal_year is not None:
        projects = projects.filter(fiscal_year=fiscal_year)
    if codes:
        projects = projects.filter(code__in=codes)
    return projects


def _approval(report: ProgressReport) -> dict:
    """Where the report stands in the agency head's sign-off, and its latest step (null before any step)."""
    steps = list(report.transitions.all())
    latest = steps[-1] if steps else None
    return {
        "state": report.approval_state,
        "by": latest.by.username if latest and latest.by else None,
        "at": (latest.at if latest else report.approval_changed_at).isoformat()
        if (latest or report.approval_changed_at)
        else None,
        "comment": latest.comment if latest else None,
    }


def _money(value: Decimal | None) -> str | None:
    return None if value is None else str(Decimal(value).quantize(SATANG))


def _decimal(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _date(value) -> str | None:
    return None if value is None else value.isoformat()


def _ancestor_paths(nodes, steplen: int) -> set[str]:
    paths = set()
    for node in nodes:
        for depth in range(1, len(node.path) // steplen + 1):
            paths.add(node.path[: depth * steplen])
    return paths


def _names_by_path(model, nodes) -> dict[str, str]:
    paths = _ancestor_paths(nodes, model.steplen)
    return dict(model.objects.filter(path__in=paths).values_list("path", "name")) if paths else {}


def _path_names(node, names: dict[str, str], steplen: int) -> list[str]:
    found = [names.get(node.path[: depth * steplen], "") for depth in range(1, len(node.path) // steplen + 1)]
    return [name for name in found if name]


def export_projects(projects) -> list[dict]:
    """Every project of `projects` (best from `export_queryset`) as a dict with the export's keys."""
    projects = list(projects)
    agency_names = _names_by_path(Agency, [p.agency for p in projects])
    strategy_names = _names_by_path(StrategyNode, [p.strategy for p in projects if p.strategy_id])
    return [_project(p, agency_names, strategy_names) for p in projects]


def _project(project: Project, agency_names: dict, strategy_names: dict) -> dict:
    reports = sorted(project.reports.all(), key=lambda r: r.number)
    latest = reports[-1] if reports else None
    disbursed = [r.disbursed for r in reports if r.disbursed is not None]
    return {
        "code": project.code,
        "name": project.name,
        "name_tag": project.name_tag,
        "fiscal_year": project.fiscal_year,
        "agency": _path_names(project.agency, agency_names, Agency.steplen),
        "agency_code": project.agency.code,
        "responsible": project.responsible,
        "phone": project.phone,
        "coordinator": project.coordinator,
        "start_date": _date(project.start_date),
        "end_date": _date(project.end_date),
        "budget_received": _money(project.budget_received),
        "budget_used": _money(budget_used(disbursed)) if disbursed else None,
        "status": project.status,
        "progress": _decimal(latest.progress) if latest else None,
        "rationale": project.rationale,
        "objectives": project.objectives,
        "targets": project.targets,
        "strategy": (
            _path_names(project.strategy, strategy_names, StrategyNode.steplen) if project.strategy_id else []
        ),
        "routine": project.routine,
        "reports": [
            {
                "number": r.number,
                "date": _date(r.report_date),
                "progress": _decimal(r.progress),
                "text": r.text,
                "problems": r.problems,
                "obstacles": r.obstacles,
                "disbursed": _money(r.disbursed),
                "plan_status": r.plan_status,
                "target_status": r.target_status,
                "approval": _approval(r),
                "attachments": [
                    {"name": e.name, "size": e.size, "content_type": e.content_type, "sha256": e.sha256}
                    for e in r.evidence.all()
                ],
            }
            for r in reports
        ],
        "steps": [
            {
                "number": s.number,
                "description": s.description,
                "weight": _decimal(s.weight),
                "start": _date(s.start_date),
                "end": _date(s.end_date),
            }
            for s in sorted(project.steps.all(), key=lambda s: s.number)
        ],
        "kpis": [
            {
                "code": k.code,
                "name": k.name,
                "unit": k.unit,
                "target": _decimal(k.target),
                "achieved": _decimal(k.achieved),
                "kind": k.kind,
                "level": k.level,
                "quarters": [
                    {
                        "quarter": q.quarter,
                        "result": _decimal(q.result),
                        "score_1": _decimal(q.score_1),
                        "score_2": _decimal(q.score_2),
                    }
                    for q in sorted(k.quarters.all(), key=lambda q: q.quarter)
                ],
            }
            for k in project.kpis.all()
        ],
        "evaluations": [
            {"quarter": e.quarter, "score": _decimal(e.score)}
            for e in sorted(project.evaluations.all(), key=lambda e: e.quarter)
        ],
    }
