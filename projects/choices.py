"""Fixed vocabularies of the domain, with the Thai wording the legacy system used (English in locale/en)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ProjectStatus(models.TextChoices):
    ACTIVE = "active", _("ดำเนินการ")
    DELAYED = "delayed", _("ขอชะลอ")
    CANCELLED = "cancelled", pgettext_lazy("project status", "ยกเลิก")
    COMPLETED = "completed", _("แล้วเสร็จ")


# A project still owes monthly reports while it runs: neither cancelled nor completed.
RUNNING_STATUSES = (ProjectStatus.ACTIVE, ProjectStatus.DELAYED)


class PlanStatus(models.TextChoices):
    ON_PLAN = "on_plan", _("เป็นไปตามแผน")
    MONITOR = "monitor", _("เป็นไปตามแผนแต่ควรติดตาม")
    OFF_PLAN = "off_plan", _("ไม่เป็นไปตามแผน")


class TargetStatus(models.TextChoices):
    MET = "met", _("เป็นไปตามเป้าหมาย")
    NOT_MET = "not_met", _("ไม่เป็นไปตามเป้าหมาย")


# The history change reason of a report row saved by a sign-off step (submit, approve, return, withdraw): such a
# row changes no reported figure, so four eyes (`projects.rules.is_report_author`) looks past it.
SIGN_OFF_CHANGE_REASON = "sign-off"


class ApprovalState(models.TextChoices):
    """Where a monthly report stands in the agency head's sign-off."""

    DRAFT = "draft", _("ร่าง")
    SUBMITTED = "submitted", _("ส่งแล้ว รออนุมัติ")
    APPROVED = "approved", _("อนุมัติแล้ว")
    RETURNED = "returned", _("ส่งกลับให้แก้ไข")


class KpiUnit(models.TextChoices):
    PERCENT = "percent", _("ร้อยละ")
    LEVEL = "level", _("ระดับ")
    NUMBER = "number", _("จำนวน")


class KpiKind(models.TextChoices):
    STRATEGIC = "strategic", _("ตัวชี้วัดเชิงยุทธศาสตร์")
    ROUTINE = "routine", _("ตัวชี้วัดงานประจำ")


class KpiLevel(models.TextChoices):
    OUTPUT = "output", _("ผลผลิต (output)")
    OUTCOME = "outcome", _("ผลลัพธ์ (outcome)")


class AgencyKind(models.TextChoices):
    DEPARTMENT = "department", _("สำนัก/สำนักงาน")
    DISTRICT = "district", _("สำนักงานเขต")
    DIVISION = "division", _("กอง/ส่วน")
    SECTION = "section", _("กลุ่มงาน/ฝ่าย")


class StrategyLevel(models.IntegerChoices):
    STRATEGY = 1, _("ยุทธศาสตร์")
    SUB_STRATEGY = 2, _("ประเด็นยุทธศาสตร์ย่อย/มิติ")
    GOAL = 3, pgettext_lazy("strategy level", "เป้าหมาย")
    OBJECTIVE = 4, _("เป้าประสงค์/ตัวชี้วัด")
