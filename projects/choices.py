"""Fixed vocabularies of the domain, with the Thai wording the legacy system used."""

from django.db import models


class ProjectStatus(models.TextChoices):
    ACTIVE = "active", "ดำเนินการ"
    DELAYED = "delayed", "ขอชะลอ"
    CANCELLED = "cancelled", "ยกเลิก"
    COMPLETED = "completed", "แล้วเสร็จ"


class PlanStatus(models.TextChoices):
    ON_PLAN = "on_plan", "เป็นไปตามแผน"
    MONITOR = "monitor", "เป็นไปตามแผนแต่ควรติดตาม"
    OFF_PLAN = "off_plan", "ไม่เป็นไปตามแผน"


class TargetStatus(models.TextChoices):
    MET = "met", "เป็นไปตามเป้าหมาย"
    NOT_MET = "not_met", "ไม่เป็นไปตามเป้าหมาย"


class KpiUnit(models.TextChoices):
    PERCENT = "percent", "ร้อยละ"
    LEVEL = "level", "ระดับ"
    NUMBER = "number", "จำนวน"


class KpiKind(models.TextChoices):
    STRATEGIC = "strategic", "ตัวชี้วัดเชิงยุทธศาสตร์"
    ROUTINE = "routine", "ตัวชี้วัดงานประจำ"


class KpiLevel(models.TextChoices):
    OUTPUT = "output", "ผลผลิต (output)"
    OUTCOME = "outcome", "ผลลัพธ์ (outcome)"


class AgencyKind(models.TextChoices):
    DEPARTMENT = "department", "สำนัก/สำนักงาน"
    DISTRICT = "district", "สำนักงานเขต"
    DIVISION = "division", "กอง/ส่วน"
    SECTION = "section", "กลุ่มงาน/ฝ่าย"


class StrategyLevel(models.IntegerChoices):
    STRATEGY = 1, "ยุทธศาสตร์"
    SUB_STRATEGY = 2, "ประเด็นยุทธศาสตร์ย่อย/มิติ"
    GOAL = 3, "เป้าหมาย"
    OBJECTIVE = 4, "เป้าประสงค์/ตัวชี้วัด"
