"""Lock exceptions: the planning office opens one project's closed quarter to its staff, with a reason and
an expiry, instead of reopening the quarter for everyone. Expiry is checked whenever a lock is read
(`projects.closing.opened_for`); the snapshot is rewritten once, within a minute of the expiry, by the relock
pass (`manage.py relock_expired`, `closing.settle_expired_exceptions`).
"""

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from projects.closing import lock_quarters
from projects.models import Project, QuarterLockException
from projects.thai import normalize_text


@transaction.atomic
def grant_lock_exception(
    *, project: Project, quarter: int, reason: str, expires_at: datetime, user, now: datetime | None = None
) -> QuarterLockException:
    """Open quarter `quarter` of the project's fiscal year to the project's staff until `expires_at`.

    Refused (Thai message, nothing written): without the permission, without a reason, with an expiry that is
    not in the future, and for a quarter that is not closed (there is nothing to open).
    """
    if not user.has_perm("projects.grant_lock_exception", project):
        raise PermissionDenied(_("เฉพาะสำนักยุทธศาสตร์และประเมินผลเท่านั้นที่เปิดแก้ไขเฉพาะโครงการได้"))
    reason = (normalize_text(reason or "") or "").strip()
    if not reason:
        raise ValidationError({"reason": _("กรุณาระบุเหตุผลที่เปิดให้แก้ไข")})
    if quarter not in (1, 2, 3, 4):
        raise ValidationError({"quarter": _("ไตรมาสต้องเป็น 1 ถึง 4")})
    now = now or timezone.now()
    if expires_at <= now:
        raise ValidationError({"expires_on": _("วันเวลาสิ้นสุดต้องอยู่ในอนาคต")})
    key = (project.fiscal_year, quarter)
    # Under the closure row's lock: a reopening or closing of the quarter waits, and so do edits of it.
    if key not in lock_quarters([key]):
        raise ValidationError(
            _("ไตรมาสที่ %(quarter)s ปีงบประมาณ %(year)s ยังไม่ปิด หน่วยงานแก้ไขได้อยู่แล้ว ไม่ต้องเปิดแก้ไขเฉพาะโครงการ")
            % {"quarter": quarter, "year": project.fiscal_year}
        )
    exception = QuarterLockException(
        project=project,
        fiscal_year=project.fiscal_year,
        quarter=quarter,
        reason=reason,
        expires_at=expires_at,
        granted_by=user,
    )
    exception.full_clean()
    exception._history_user = user
    exception.save()
    return exception
