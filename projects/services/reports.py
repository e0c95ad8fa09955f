"""Monthly progress reports: create, edit, delete, keeping numbers 1..n in date order.

Numbering: a report may be dated before the latest one (a month the agency forgot); numbers are then
reassigned so that 1 is always the oldest and they stay consecutive, also after a delete. A renumbered
report is saved like any edit (new version, a history row), and a change that would renumber a report
of a closed quarter is refused.
"""

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from projects import budget, thai
from projects.choices import ApprovalState
from projects.closing import Quarter, closed_for, quarter_of
from projects.fiscal import fiscal_quarter_of, fiscal_year_of
from projects.models import ProgressReport, Project
from projects.progress import Step, planned_progress, suggest_plan_status

from .approval import save_step, state_after_edit
from .changes import conflict
from .common import lock_project, mark, require, token_used
from .errors import AlreadySubmitted, QuarterClosed, ServiceError

ZERO = Decimal("0")
HUNDRED = Decimal("100")
# Numbers are moved out of the way above this while reports are renumbered (the column is a small int).
RENUMBER_OFFSET = 10000
# What agencies write when they mean "none".
NOTHING_WORDS = {"", "-", "–", "—", "ไม่มี", "ไม่มีปัญหา", "ไม่มีอุปสรรค", "ไม่พบ", "ไม่มีปัญหาอุปสรรค"}

REPORT_FIELDS = [
    "number",
    "report_date",
    "progress",
    "text",
    "problems",
    "obstacles",
    "disbursed",
    "plan_status",
    "target_status",
    "reason",
]


@dataclass(frozen=True)
class ReportInput:
    """What a person enters for one monthly report."""

    report_date: date
    progress: Decimal | None  # None only when a form's % did not read and `rule_errors` checks the rest
    text: str = ""
    problems: str = ""
    obstacles: str = ""
    disbursed: Decimal | None = None
    plan_status: str | None = None
    target_status: str | None = None
    reason: str = ""


def nothing_or_text(text: str | None) -> str:
    """Problems and obstacles: empty, `-` or `ไม่มี` mean there were none, stored as "".

    >>> nothing_or_text(" ไม่มี ")
    ''
    >>> nothing_or_text("ฝนตก")
    'ฝนตก'
    """
    normalized = thai.normalize_text(text or "")
    return "" if normalized.rstrip(" .").replace(" ", "") in NOTHING_WORDS else normalized


def closed_quarter_message(day: date) -> str:
    return _(
        "ไตรมาสที่ %(quarter)s ปีงบประมาณ %(year)s ปิดแล้ว "
        "จึงเพิ่ม แก้ไข หรือลบรายงานที่ลงวันที่ %(date)s ไม่ได้ "
        "หากจำเป็นต้องแก้ไข กรุณาติดต่อสำนักยุทธศาสตร์และประเมินผล (สยป.) เพื่อขอเปิดไตรมาส"
    ) % {"quarter": fiscal_quarter_of(day), "year": fiscal_year_of(day), "date": thai.format_date(day)}


def approved_message(report: ProgressReport) -> str:
    return _(
        "รายงานครั้งที่ %(number)s ได้รับอนุมัติจากหัวหน้าหน่วยงานแล้ว จึงแก้ไขหรือลบไม่ได้ "
        "หากต้องแก้ไข กรุณาขอให้หัวหน้าหน่วยงานถอนการอนุมัติก่อน"
    ) % {"number": report.number}


def _lock_quarters(user, project: Project, *days: date) -> set[Quarter]:
    """Lock the closure rows of every quarter this write may touch and return those closed to the user's write
    (`closing.closed_for`): the days given and those of the project's reports (renumbering may move any of
    them). Called once per write, after the project lock, so locks are always taken in the same order."""
    dates = set(project.reports.values_list("report_date", flat=True)) | set(days)
    return closed_for(user, (quarter_of(day) for day in dates), project.pk)


def planned_for(project: Project, day: date) -> Decimal | None:
    """The project's planned cumulative % on a day, from its plan steps; None without a plan."""
    steps = [Step(s.weight, s.start_date, s.end_date) for s in project.steps.all()]
    return planned_progress(steps, day) if steps else None


def period_text(project: Project) -> str:
    return f"{thai.format_date(project.start_date)} – {thai.format_date(project.end_date)}"


def _prepared(project: Project, data: ReportInput) -> ReportInput:
    """Normalise the reason; without a chosen plan status, take the one the plan suggests."""
    data = replace(data, reason=thai.normalize_text(data.reason or ""))
    if not data.plan_status and data.progress is not None and ZERO <= data.progress <= HUNDRED:
        planned = planned_for(project, data.report_date)
        if planned is not None:
            data = replace(data, plan_status=suggest_plan_status(data.progress, planned).value)
    return data


def month_taken_error(others: list[ProgressReport], day: date) -> ValidationError | None:
    """The refusal of a second report in one month (one report a month), or None."""
    same_month = next(
        (r for r in others if (r.report_date.year, r.report_date.month) == (day.year, day.month)), None
    )
    if same_month is None:
        return None
    return ValidationError(
        _(
            "เดือน%(month)s มีรายงานแล้ว (รายงานครั้งที่ %(number)s วันที่ %(date)s) "
            "รายงานได้เดือนละหนึ่งครั้ง กรุณาแก้ไขรายงานนั้นแทน"
        )
        % {
            "month": thai.format_month_year(day.year, day.month),
            "number": same_month.number,
            "date": thai.format_date(same_month.report_date),
        },
        code="month_taken",
        params={"number": same_month.number},
    )


def _rule_errors(*, project: Project, data: ReportInput, others: list[ProgressReport]) -> dict[str, list]:
    """Every rule a report must keep, against the project and its other reports. Empty when all hold. Without
    a % (`progress` None: it did not read), only the rules of the date and the money."""
    errors: dict[str, list] = {}

    def add(field, message, code):
        errors.setdefault(field, []).append(ValidationError(message, code=code))

    day, progress = data.report_date, data.progress
    if progress is not None and not ZERO <= progress <= HUNDRED:
        add("progress", _("ความก้าวหน้าสะสมต้องอยู่ระหว่าง 0 ถึง 100 %"), "progress_range")
    if (project.start_date and day < project.start_date) or (project.end_date and day > project.end_date):
        add(
            "report_date",
            _("วันที่รายงานต้องอยู่ในระยะเวลาโครงการ (%(period)s)") % {"period": period_text(project)},
            "outside_period",
        )
    if day > timezone.localdate():
        add(
            "report_date",
            _("วันที่รายงาน (%(date)s) เป็นวันในอนาคต รายงานได้ถึงวันนี้ (%(today)s) เท่านั้น")
            % {"date": thai.format_date(day), "today": thai.format_date(timezone.localdate())},
            "future_date",
        )
    taken = month_taken_error(others, day)
    if taken is not None:
        add("report_date", taken, "month_taken")
    earlier = [r for r in others if r.report_date < day]
    previous = max(earlier, key=lambda r: r.report_date) if earlier else None
    if (
        previous is not None
        and progress is not None
        and ZERO <= progress < previous.progress
        and not data.reason
    ):
        # On the % itself, where the mistake usually is; a reason makes a real drop acceptable.
        add(
            "progress",
            _(
                "ความก้าวหน้าสะสม %(progress)s %% ต่ำกว่ารายงานครั้งก่อน (%(previous)s %% เมื่อ %(date)s) "
                "กรุณาตรวจตัวเลข หรือระบุเหตุผลที่ความก้าวหน้าลดลง"
            )
            % {
                "progress": thai.format_percent(progress),
                "previous": thai.format_percent(previous.progress),
                "date": thai.format_date(previous.report_date),
            },
            "progress_down",
        )
    later = [r for r in others if r.report_date > day]
    following = min(later, key=lambda r: r.report_date) if later else None
    if (
        following is not None
        and progress is not None
        and following.progress < progress <= HUNDRED
        and not data.reason
    ):
        add(
            "progress",
            _(
                "ความก้าวหน้าสะสม %(progress)s %% สูงกว่ารายงานครั้งถัดไป (%(next)s %% เมื่อ %(date)s) "
                "ความก้าวหน้าสะสมไม่ควรลดลงภายหลัง กรุณาตรวจตัวเลข หรือระบุเหตุผล"
            )
            % {
                "progress": thai.format_percent(progress),
                "next": thai.format_percent(following.progress),
                "date": thai.format_date(following.report_date),
            },
            "progress_above_later",
        )
    if data.disbursed is not None and data.disbursed < ZERO:
        add("disbursed", _("งบประมาณที่เบิกใช้ต้องไม่ติดลบ"), "disbursed_negative")
    elif data.disbursed is not None and project.budget_received is not None:
        used_before = budget.budget_used(r.disbursed for r in others)
        if budget.is_over_budget(project.budget_received, used_before + data.disbursed):
            # What may still be disbursed: the remainder, or nothing once the project is over budget already.
            remaining = max(budget.budget_remaining(project.budget_received, used_before), ZERO)
            add(
                "disbursed",
                _("งบประมาณที่เบิกใช้รวมจะเกินงบประมาณที่ได้รับ (%(received)s บาท) เบิกได้อีกไม่เกิน %(remaining)s บาท")
                % {
                    "received": thai.format_baht(project.budget_received),
                    "remaining": thai.format_baht(remaining),
                },
                "over_budget",
            )
    planned = planned_for(project, day)
    if planned is not None and data.plan_status and progress is not None and ZERO <= progress <= HUNDRED:
        suggested = suggest_plan_status(progress, planned)
        if data.plan_status != suggested and not data.reason:
            add(
                "reason",
                _(
                    "ตามแผนควรก้าวหน้า %(planned)s %% ผลจริง %(progress)s %% "
                    "สถานะที่คำนวณได้คือ “%(status)s” หากเลือกสถานะอื่นกรุณาระบุเหตุผล"
                )
                % {
                    "planned": thai.format_percent(planned),
                    "progress": thai.format_percent(progress),
                    "status": suggested.label,
                },
                "plan_status_reason",
            )
    return errors


def rule_errors(
    *, project: Project, data: ReportInput, report: ProgressReport | None = None
) -> dict[str, list[ValidationError]]:
    """The rules `create_report` (or `update_report`, for `report`) would refuse `data` for, keyed by field,
    read without locking or saving anything: what a form with other mistakes says with them, at once."""
    others = [r for r in project.reports.all() if report is None or r.pk != report.pk]
    return _rule_errors(project=project, data=_prepared(project, data), others=others)


def _new_numbers(reports: list[ProgressReport]) -> dict[int, int]:
    """pk → number, 1 for the oldest; reports not yet saved (pk None) sort after saved ones of the same day."""
    ordered = sorted(reports, key=lambda r: (r.report_date, r.pk is None, r.pk or 0))
    return {id(r): n for n, r in enumerate(ordered, start=1)}


def _check_renumbering(reports: list[ProgressReport], numbers: dict[int, int], closed: set[Quarter]) -> None:
    for r in reports:
        if r.number != numbers[id(r)] and quarter_of(r.report_date) in closed:
            raise ValidationError(
                {
                    "report_date": _(
                        "รายงานวันที่นี้จะทำให้รายงานครั้งที่ %(number)s (%(date)s) "
                        "ต้องเปลี่ยนลำดับ แต่รายงานนั้นอยู่ในไตรมาสที่ปิดแล้ว: %(closed)s"
                    )
                    % {
                        "number": r.number,
                        "date": thai.format_date(r.report_date),
                        "closed": closed_quarter_message(r.report_date),
                    }
                },
                code="renumber_closed",
            )


def _save_numbered(
    *,
    user: AbstractBaseUser,
    token: str,
    target: ProgressReport | None,
    others: list[ProgressReport],
    numbers: dict[int, int],
) -> None:
    """Save `target` (new or edited) and give every report its number in date order.

    Reports that move are first parked above `RENUMBER_OFFSET` so the unique (project, number) holds at every
    step; each one that moves is then saved with a new version and its own history row.
    """
    moving = [r for r in others if r.number != numbers[id(r)]]
    for report in moving:
        ProgressReport.objects.filter(pk=report.pk).update(number=RENUMBER_OFFSET + numbers[id(report)])
    if target is not None:
        target.number = numbers[id(target)]
        target.full_clean()
        mark(target, user=user, token=token)
        target.save()
    for report in moving:
        report.number = numbers[id(report)]
        report.version += 1
        mark(report, user=user, token=token)
        report.save(update_fields=["number", "version", "updated_at"])


def _fill(report: ProgressReport, data: ReportInput) -> None:
    report.report_date = data.report_date
    report.progress = data.progress
    report.text = thai.normalize_text(data.text or "")
    report.problems = nothing_or_text(data.problems)
    report.obstacles = nothing_or_text(data.obstacles)
    report.disbursed = data.disbursed
    report.plan_status = data.plan_status or None
    report.target_status = data.target_status or None
    report.reason = thai.normalize_text(data.reason or "")


@transaction.atomic
def create_report(
    *, user: AbstractBaseUser, project: Project, data: ReportInput, token: str = "", submit: bool = True
) -> ProgressReport:
    """Store a new monthly report of the project and renumber its reports in date order; `submit` sends it to
    the agency head for approval, else it stays a draft.

    Raises `AlreadySubmitted` when this form was already stored, `ValidationError` (keyed by field) when a
    rule does not hold, `PermissionDenied` for someone who may not edit the project.
    """
    project = lock_project(project)
    require(user, "projects.add_report", project)
    existing = token_used(ProgressReport, token, project_id=project.pk)
    if existing is not None:
        raise AlreadySubmitted(object_id=existing)
    data = _prepared(project, data)
    closed = _lock_quarters(user, project, data.report_date)
    if quarter_of(data.report_date) in closed:
        raise ValidationError(
            {"report_date": closed_quarter_message(data.report_date)}, code="quarter_closed"
        )
    others = list(project.reports.all())
    errors = _rule_errors(project=project, data=data, others=others)
    if errors:
        raise ValidationError(errors)
    report = ProgressReport(project=project, created_by=user)
    _fill(report, data)
    step = state_after_edit(user=user, report=report, submit=submit)
    numbers = _new_numbers([*others, report])
    _check_renumbering(others, numbers, closed)
    _save_numbered(user=user, token=token, target=report, others=others, numbers=numbers)
    save_step(step, report)
    return report


@transaction.atomic
def update_report(
    *,
    user: AbstractBaseUser,
    report: ProgressReport,
    version: int,
    data: ReportInput,
    token: str = "",
    submit: bool = True,
) -> ProgressReport:
    """Save the edited report if nobody else saved it since `version`; renumber when its date moved. The edited
    report is submitted for approval again, or kept (or taken back) as a draft (`approval.state_after_edit`).

    Raises `EditConflict` (with what changed) when the stored version is newer than the form's.
    """
    project = lock_project(report.project)
    require(user, "projects.add_report", project)
    if token_used(ProgressReport, token, id=report.pk) is not None:
        raise AlreadySubmitted(object_id=report.pk)
    current = ProgressReport.objects.select_for_update().get(pk=report.pk)
    if current.version != version:
        raise conflict(current, version, REPORT_FIELDS)
    if current.approval_state == ApprovalState.APPROVED and not user.has_perm(
        "projects.change_report", current
    ):
        raise ServiceError(approved_message(current))
    data = _prepared(project, data)
    closed = _lock_quarters(user, project, data.report_date)
    for day in (current.report_date, data.report_date):
        if quarter_of(day) in closed:
            raise ValidationError({"report_date": closed_quarter_message(day)}, code="quarter_closed")
    others = list(project.reports.exclude(pk=current.pk))
    errors = _rule_errors(project=project, data=data, others=others)
    if errors:
        raise ValidationError(errors)
    _fill(current, data)
    numbers = _new_numbers([*others, current])
    _check_renumbering(others, numbers, closed)
    current.version += 1
    step = state_after_edit(user=user, report=current, submit=submit)
    _save_numbered(user=user, token=token, target=current, others=others, numbers=numbers)
    save_step(step, current)
    return current


@transaction.atomic
def delete_report(*, user: AbstractBaseUser, report: ProgressReport, version: int, token: str = "") -> None:
    """Delete a report (its history stays) and close the gap in the numbers."""
    project = lock_project(report.project)
    require(user, "projects.add_report", project)
    current = ProgressReport.objects.select_for_update().filter(pk=report.pk).first()
    if current is None:
        if token_used(ProgressReport, token, id=report.pk) is not None:
            raise AlreadySubmitted(object_id=report.pk)
        raise ServiceError(_("รายงานนี้ถูกลบไปแล้ว"))
    if current.version != version:
        raise conflict(current, version, REPORT_FIELDS)
    if current.approval_state == ApprovalState.APPROVED and not user.has_perm(
        "projects.delete_report", current
    ):
        raise ServiceError(approved_message(current))
    closed = _lock_quarters(user, project)
    if quarter_of(current.report_date) in closed:
        raise QuarterClosed(closed_quarter_message(current.report_date))
    others = list(project.reports.exclude(pk=current.pk))
    numbers = _new_numbers(others)
    _check_renumbering(others, numbers, closed)
    mark(current, user=user, token=token)
    current.delete()
    _save_numbered(user=user, token=token, target=None, others=others, numbers=numbers)


def budget_used(project: Project) -> Decimal:
    """What the project's reports disbursed so far (`budget.budget_used`)."""
    return budget.budget_used(project.reports.values_list("disbursed", flat=True))
