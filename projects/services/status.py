"""The project's status (delay, cancel, complete, reactivate) and its own fields, one version at a time."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Min
from django.utils import timezone
from django.utils.translation import gettext as _

from projects import thai
from projects.budget import is_over_budget
from projects.choices import ProjectStatus
from projects.closing import closed_for, quarter_of
from projects.models import Project

from .plan import begin_project_change, closed_quarter_text, finish_project_change
from .reports import budget_used

ZERO = Decimal("0")

ACTIONS = {
    "delay": ProjectStatus.DELAYED,
    "cancel": ProjectStatus.CANCELLED,
    "complete": ProjectStatus.COMPLETED,
    "reactivate": ProjectStatus.ACTIVE,
}
# From which status each action may be taken.
ALLOWED_FROM = {
    "delay": {ProjectStatus.ACTIVE},
    "cancel": {ProjectStatus.ACTIVE, ProjectStatus.DELAYED},
    "complete": {ProjectStatus.ACTIVE, ProjectStatus.DELAYED},
    "reactivate": {ProjectStatus.DELAYED, ProjectStatus.CANCELLED, ProjectStatus.COMPLETED},
}


@dataclass(frozen=True)
class ProjectInput:
    """The fields of a project its agency keeps up to date."""

    responsible: str
    phone: str
    start_date: date | None
    end_date: date | None
    budget_received: Decimal | None
    rationale: str = ""
    objectives: str = ""
    targets: str = ""


def refuse_in_closed_quarter(*, user: AbstractBaseUser, project: Project) -> None:
    """A status or budget change takes effect today: refused while today's quarter is closed to this write
    (it may be closed early, before it ends; a lock exception may open it to the project), under the closure
    row's lock so a closing cannot slip in between."""
    today = quarter_of(timezone.localdate())
    if closed_for(user, [today], project.pk):
        raise ValidationError(
            _("%(closed)s จึงเปลี่ยนสถานะหรืองบประมาณของโครงการไม่ได้ กรุณาติดต่อ สยป. เพื่อขอเปิดไตรมาส")
            % {"closed": closed_quarter_text(today)},
            code="quarter_closed",
        )


@transaction.atomic
def change_status(
    *,
    user: AbstractBaseUser,
    project: Project,
    version: int,
    action: str,
    reason: str = "",
    budget_returned: Decimal | None = None,
    token: str = "",
) -> Project:
    """Delay (with a reason), cancel (reason and budget returned), complete, or reactivate the project."""
    project = begin_project_change(
        user=user, project=project, version=version, token=token, permission="projects.change_project"
    )
    refuse_in_closed_quarter(user=user, project=project)
    reason = thai.normalize_text(reason or "")
    errors: dict[str, list[str]] = {}
    if action not in ACTIONS:
        raise ValidationError({"action": _("กรุณาเลือกการเปลี่ยนสถานะ")})
    if project.status not in ALLOWED_FROM[action]:
        raise ValidationError(
            {
                "action": _("โครงการที่มีสถานะ “%(status)s” เปลี่ยนเป็น “%(new)s” ไม่ได้")
                % {"status": project.get_status_display(), "new": ACTIONS[action].label}
            }
        )
    if action in ("delay", "cancel") and not reason:
        errors.setdefault("reason", []).append(
            _("กรุณาระบุเหตุผลที่ขอชะลอโครงการ") if action == "delay" else _("กรุณาระบุเหตุผลที่ยกเลิกโครงการ")
        )
    if action == "cancel":
        if budget_returned is None:
            errors.setdefault("budget_returned", []).append(_("กรุณากรอกงบประมาณที่ส่งคืน (ใส่ 0 หากไม่มีการส่งคืน)"))
        elif budget_returned < ZERO:
            errors.setdefault("budget_returned", []).append(_("งบประมาณที่ส่งคืนต้องไม่ติดลบ"))
        elif project.budget_received is not None and budget_returned > project.budget_received:
            errors.setdefault("budget_returned", []).append(
                _("งบประมาณที่ส่งคืนต้องไม่เกินงบประมาณที่ได้รับ (%(received)s บาท)")
                % {"received": thai.format_baht(project.budget_received)}
            )
    if errors:
        raise ValidationError(errors)
    project.status = ACTIONS[action]
    project.status_reason = reason
    project.budget_returned = budget_returned if action == "cancel" else None
    return finish_project_change(user=user, project=project, token=token)


@transaction.atomic
def update_project(
    *, user: AbstractBaseUser, project: Project, version: int, data: ProjectInput, token: str = ""
) -> Project:
    """Save the project's own fields; its reports must stay inside its period and its budget."""
    project = begin_project_change(
        user=user, project=project, version=version, token=token, permission="projects.change_project"
    )
    if data.budget_received != project.budget_received:
        refuse_in_closed_quarter(user=user, project=project)
    errors: dict[str, list[str]] = {}
    if data.start_date and data.end_date and data.start_date > data.end_date:
        errors.setdefault("end_date", []).append(
            _("วันสิ้นสุด (%(end)s) ต้องไม่ก่อนวันเริ่มต้น (%(start)s)")
            % {"end": thai.format_date(data.end_date), "start": thai.format_date(data.start_date)}
        )
    span = project.reports.aggregate(first=Min("report_date"), last=Max("report_date"))
    if data.start_date and span["first"] and span["first"] < data.start_date:
        errors.setdefault("start_date", []).append(
            _("มีรายงานลงวันที่ %(date)s ซึ่งอยู่ก่อนวันเริ่มต้นนี้") % {"date": thai.format_date(span["first"])}
        )
    if data.end_date and span["last"] and span["last"] > data.end_date:
        errors.setdefault("end_date", []).append(
            _("มีรายงานลงวันที่ %(date)s ซึ่งอยู่หลังวันสิ้นสุดนี้") % {"date": thai.format_date(span["last"])}
        )
    used = budget_used(project)
    if data.budget_received is not None:
        if is_over_budget(data.budget_received, used):
            errors.setdefault("budget_received", []).append(
                _("งบประมาณที่ได้รับต้องไม่น้อยกว่างบประมาณที่เบิกใช้ไปแล้ว (%(used)s บาท)")
                % {"used": thai.format_baht(used)}
            )
        elif project.budget_returned is not None and data.budget_received < project.budget_returned:
            errors.setdefault("budget_received", []).append(
                _("งบประมาณที่ได้รับต้องไม่น้อยกว่างบประมาณที่ส่งคืน (%(returned)s บาท)")
                % {"returned": thai.format_baht(project.budget_returned)}
            )
    if errors:
        raise ValidationError(errors)
    project.responsible = thai.normalize_line(data.responsible) or None
    project.phone = thai.normalize_line(data.phone) or None
    project.start_date, project.end_date = data.start_date, data.end_date
    project.budget_received = data.budget_received
    project.rationale = thai.normalize_text(data.rationale) or None
    project.objectives = thai.normalize_text(data.objectives) or None
    project.targets = thai.normalize_text(data.targets) or None
    return finish_project_change(user=user, project=project, token=token)
