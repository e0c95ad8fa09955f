"""Writes of the quarterly evaluation: scores, comments, closing and reopening a quarter.

Each function is atomic and validates every row before anything is kept, so a bad row leaves the stored
data as it was. History is kept by simple_history; `_history_user` names who changed what.
"""

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from projects.closing import lock_quarters, settle_expired_exceptions
from projects.fiscal import quarter_bounds
from projects.models import Evaluation, Kpi, KpiQuarterResult, Project, QuarterClosure
from projects.snapshots import write_snapshots
from projects.thai import format_date, normalize_text

CLOSED_MESSAGE = _("ไตรมาสที่ {quarter} ปีงบประมาณ {fiscal_year} ปิดแล้ว ต้องเปิดไตรมาสก่อนจึงจะแก้ไขผลประเมินได้")


def _check_may_score(*, user, fiscal_year: int, quarter: int, kpis: bool = False) -> None:
    """403 unless the user may evaluate (and, for `kpis`, score indicators); refused in a closed quarter."""
    if not user.has_perms(["reports.evaluate_project", *(["reports.score_kpi"] if kpis else [])]):
        raise PermissionDenied(_("เฉพาะสำนักยุทธศาสตร์และประเมินผลเท่านั้นที่บันทึกผลประเมินได้"))
    # Under the closure row's lock, so a closing that starts meanwhile waits for these scores.
    if lock_quarters([(fiscal_year, quarter)]):
        raise ValidationError(CLOSED_MESSAGE.format(quarter=quarter, fiscal_year=fiscal_year))


def _save_evaluation(
    *, project: Project, quarter: int, score: Decimal | None, comment: str, user
) -> Evaluation:
    evaluation = Evaluation.objects.select_for_update().filter(project=project, quarter=quarter).first()
    if evaluation is None:
        evaluation = Evaluation(project=project, quarter=quarter)
    evaluation.score = score
    evaluation.comment = normalize_text(comment) or ""
    evaluation.evaluated_by = user
    evaluation.evaluated_at = timezone.now()
    evaluation.full_clean()
    evaluation._history_user = user
    evaluation.save()
    return evaluation


@transaction.atomic
def score_project(
    *,
    project: Project,
    quarter: int,
    score: Decimal | None,
    comment: str,
    kpi_scores: dict[int, tuple[Decimal | None, Decimal | None]] | None = None,
    user,
) -> Evaluation:
    """Record a project's quarterly score and comment, and the scores 2.1 / 2.2 of its indicators.

    `kpi_scores` maps a KPI id of this project to (score 2.1, score 2.2).
    """
    _check_may_score(user=user, fiscal_year=project.fiscal_year, quarter=quarter, kpis=bool(kpi_scores))
    evaluation = _save_evaluation(project=project, quarter=quarter, score=score, comment=comment, user=user)
    kpi_scores = kpi_scores or {}
    kpis = {k.pk: k for k in Kpi.objects.filter(project=project, pk__in=kpi_scores)}
    for kpi_id, (score_1, score_2) in kpi_scores.items():
        if kpi_id not in kpis:
            raise ValidationError(_("ตัวชี้วัดนี้ไม่ได้เป็นของโครงการนี้"))
        result = KpiQuarterResult.objects.select_for_update().filter(kpi_id=kpi_id, quarter=quarter).first()
        if result is None:
            if score_1 is None and score_2 is None:
                continue  # nothing to record for an indicator left blank
            result = KpiQuarterResult(kpi=kpis[kpi_id], quarter=quarter)
        result.score_1 = score_1
        result.score_2 = score_2
        result.full_clean()
        result._history_user = user
        result.save()
    return evaluation


@transaction.atomic
def score_projects(
    *,
    projects: Iterable[Project],
    fiscal_year: int,
    quarter: int,
    score: Decimal | None,
    comment: str,
    user,
    replace: bool = False,
) -> list[Evaluation]:
    """Give the same score and comment to many projects of one fiscal year at once: all or nothing.
    Projects already scored this quarter keep their score and comment unless `replace`."""
    projects = list(projects)
    if not projects:
        raise ValidationError(_("กรุณาเลือกโครงการอย่างน้อยหนึ่งโครงการ"))
    if any(p.fiscal_year != fiscal_year for p in projects):
        raise ValidationError(_("โครงการที่เลือกต้องอยู่ในปีงบประมาณเดียวกับไตรมาสที่ประเมิน"))
    _check_may_score(user=user, fiscal_year=fiscal_year, quarter=quarter)
    if not replace:
        scored = set(
            Evaluation.objects.select_for_update()
            .filter(project__in=projects, quarter=quarter, score__isnull=False)
            .values_list("project_id", flat=True)
        )
        projects = [p for p in projects if p.pk not in scored]
    return [
        _save_evaluation(project=p, quarter=quarter, score=score, comment=comment, user=user)
        for p in projects
    ]


def _set_closed(*, fiscal_year: int, quarter: int, closed: bool, user, reason: str) -> QuarterClosure:
    # `user` None: the command line (`close_quarter`, `reopen_quarter`), run by whoever may run manage.py.
    if user is not None and not user.has_perm("reports.close_quarter"):
        raise PermissionDenied(_("เฉพาะสำนักยุทธศาสตร์และประเมินผลเท่านั้นที่ปิดหรือเปิดไตรมาสได้"))
    # The same lock every edit of the quarter takes: an edit in progress is stored before the closing.
    lock_quarters([(fiscal_year, quarter)])
    closure = QuarterClosure.objects.select_for_update().get(fiscal_year=fiscal_year, quarter=quarter)
    if not closed and not closure.closed and not closure.history.exists():
        raise ValidationError(_("ไตรมาสนี้ยังไม่เคยปิด"))
    if closure.closed == closed:
        raise ValidationError(_("ไตรมาสนี้ปิดอยู่แล้ว") if closed else _("ไตรมาสนี้เปิดอยู่แล้ว"))
    closure.closed = closed
    closure.changed_by = user
    closure.reason = reason
    closure.full_clean()
    closure._history_user = user
    closure.save()
    return closure


def quarter_has_ended(fiscal_year: int, quarter: int, today: date) -> bool:
    return today > quarter_bounds(fiscal_year, quarter)[1]


@transaction.atomic
def close_quarter(
    *, fiscal_year: int, quarter: int, user, reason: str = "", early: bool = False, today: date | None = None
) -> QuarterClosure:
    """Close a quarter: agency staff can no longer change reports dated inside it, and every project's figures
    are frozen as a new snapshot version (`projects.snapshots`), which the quarter's pages read from now on.

    Closing before the quarter has ended needs `early` (the user confirmed it).
    """
    today = today or timezone.localdate()
    if not early and not quarter_has_ended(fiscal_year, quarter, today):
        raise ValidationError(
            _(
                "ไตรมาสที่ %(quarter)s ปีงบประมาณ %(year)s ยังไม่สิ้นสุด (สิ้นสุดวันที่ %(end)s) "
                "กรุณายืนยันว่าต้องการปิดไตรมาสก่อนสิ้นไตรมาส"
            )
            % {
                "quarter": quarter,
                "year": fiscal_year,
                "end": format_date(quarter_bounds(fiscal_year, quarter)[1]),
            },
            code="early",
        )
    closure = _set_closed(
        fiscal_year=fiscal_year, quarter=quarter, closed=True, user=user, reason=normalize_text(reason) or ""
    )
    settle_expired_exceptions(fiscal_year=fiscal_year, quarter=quarter, locked=True)
    write_snapshots(fiscal_year=fiscal_year, quarter=quarter, user=user, today=today)
    return closure


@transaction.atomic
def reopen_quarter(*, fiscal_year: int, quarter: int, user, reason: str) -> QuarterClosure:
    """Reopen a closed quarter, for a reason; the closing and its snapshots stay in the history."""
    reason = normalize_text(reason or "").strip()
    if not reason:
        raise ValidationError(_("กรุณาระบุเหตุผลที่เปิดไตรมาสอีกครั้ง"), code="reason")
    return _set_closed(fiscal_year=fiscal_year, quarter=quarter, closed=False, user=user, reason=reason)
