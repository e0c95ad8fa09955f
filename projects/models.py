"""The domain model: agencies, the strategic plan, projects and what is reported about them.

Money is `Decimal` to the satang, percentages `Decimal` with two places, years of the fiscal calendar
Buddhist Era integers, dates Gregorian. Every invariant the database can hold is a named constraint;
every table that holds project data keeps its history (who, when, before and after).
"""

import secrets
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from treebeard.mp_tree import MP_Node

from .choices import (
    AgencyKind,
    ApprovalState,
    KpiKind,
    KpiLevel,
    KpiUnit,
    PlanStatus,
    ProjectStatus,
    StrategyLevel,
    TargetStatus,
)
from .links import project_url
from .querysets import PagedProjectQuerySet, ProjectQuerySet

ZERO = Decimal("0")
HUNDRED = Decimal("100")
# A file name as shown and a caption of evidence (projects/evidence.py shortens longer ones).
EVIDENCE_NAME_MAX_LENGTH = 120
EVIDENCE_CAPTION_MAX_LENGTH = 300


def lineage(node: MP_Node) -> list:
    """The node and every node above it, top first, in one query whatever its depth.

    treebeard's `get_ancestors` runs no query for a top-level node, so a page using it would cost one query
    more or less depending on where its agency sits; this always costs one.
    """
    step = node.steplen
    paths = [node.path[:end] for end in range(step, len(node.path) + 1, step)]
    return list(type(node).objects.filter(path__in=paths).order_by("depth"))


def _percent_between(field: str) -> Q:
    return Q(**{f"{field}__gte": ZERO, f"{field}__lte": HUNDRED})


class Agency(MP_Node):
    """A unit of the city administration: department or district office, division, section.

    The tree is a materialised path (django-treebeard), so "this agency and everything under it" is one
    indexed `path LIKE 'xxxx%'` query.
    """

    code = models.CharField(_("รหัสหน่วยงาน"), max_length=16, unique=True)
    # Blank when a source gives only the code; shown as the code until someone names it.
    name = models.CharField(_("ชื่อหน่วยงาน"), max_length=255, blank=True, default="")
    kind = models.CharField(
        _("ประเภท"), max_length=16, choices=AgencyKind.choices, default=AgencyKind.DEPARTMENT
    )

    history = HistoricalRecords()
    node_order_by = ["code"]

    class Meta:
        verbose_name = _("หน่วยงาน")
        verbose_name_plural = _("หน่วยงาน")

    def __str__(self):
        return self.label(self.name, self.code)

    @staticmethod
    def label(name: str, code: str) -> str:
        """How pages name an agency: its name, or its code when it has none (also for `.values()` rows)."""
        return name or gettext("หน่วยงานรหัส %(code)s") % {"code": code}

    def path_names(self) -> list[str]:
        """Known names from the top department down to this agency."""
        return [a.name for a in lineage(self) if a.name]


class StrategyNode(MP_Node):
    """One node of the BMA 20-year development plan: strategy > sub-strategy > goal > objective.

    Names are kept as the plan writes them (`ด้านที่ ๗ – การบริหารจัดการเมืองมหานคร`), Thai digits included.
    """

    name = models.CharField(_("ชื่อ"), max_length=500)
    level = models.PositiveSmallIntegerField(_("ระดับ"), choices=StrategyLevel.choices)

    history = HistoricalRecords()
    node_order_by = ["name"]

    class Meta:
        verbose_name = _("ยุทธศาสตร์ตามแผนพัฒนา")
        verbose_name_plural = _("ยุทธศาสตร์ตามแผนพัฒนา")
        constraints = [
            models.CheckConstraint(condition=Q(level__gte=1, level__lte=4), name="strategy_level_1_to_4"),
        ]

    def __str__(self):
        return self.name

    def path_names(self) -> list[str]:
        return [n.name for n in lineage(self)]


class Project(models.Model):
    """A project or activity (โครงการ/กิจกรรม) of one agency in one fiscal year.

    Budget used is not a column: it is the sum of the disbursements of the project's reports
    (see `ProjectQuerySet.with_figures`).
    """

    code = models.CharField(_("รหัสโครงการ"), max_length=32, null=True, blank=True)
    name = models.TextField(_("ชื่อโครงการ/กิจกรรม"), null=True, blank=True)
    # The old system's short tag before the name (`อ.2/2`, `สส.สทท. ปจ. 1/4`), kept apart so the name sorts and
    # searches from its first word; shown as a tag beside the name.
    name_tag = models.CharField(_("ป้ายหน้าชื่อโครงการ"), max_length=64, blank=True, default="")
    fiscal_year = models.PositiveSmallIntegerField(_("ปีงบประมาณ (พ.ศ.)"))
    agency = models.ForeignKey(Agency, models.PROTECT, related_name="projects", verbose_name=_("หน่วยงาน"))
    responsible = models.CharField(_("ผู้รับผิดชอบ"), max_length=255, null=True, blank=True)
    phone = models.CharField(_("โทรศัพท์"), max_length=64, null=True, blank=True)
    coordinator = models.CharField(_("ผู้ประสานงาน สยป."), max_length=255, null=True, blank=True)
    start_date = models.DateField(_("วันเริ่มต้นโครงการ"), null=True, blank=True)
    end_date = models.DateField(_("วันสิ้นสุดโครงการ"), null=True, blank=True)
    budget_received = models.DecimalField(
        _("งบประมาณที่ได้รับ (บาท)"), max_digits=15, decimal_places=2, null=True, blank=True
    )
    rationale = models.TextField(_("หลักการและเหตุผล"), null=True, blank=True)
    objectives = models.TextField(_("วัตถุประสงค์"), null=True, blank=True)
    targets = models.TextField(_("เป้าหมาย"), null=True, blank=True)
    strategy = models.ForeignKey(
        StrategyNode,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="projects",
        verbose_name=_("สนับสนุนยุทธศาสตร์"),
    )
    routine = models.BooleanField(_("งานประจำของหน่วยงาน"), default=False)
    strategy_indicator = models.TextField(_("ตัวชี้วัดตามแผนฯ"), null=True, blank=True)
    status = models.CharField(
        _("สถานะโครงการ"), max_length=16, choices=ProjectStatus.choices, default=ProjectStatus.ACTIVE
    )
    status_reason = models.TextField(_("เหตุผลของสถานะ"), blank=True, default="")
    budget_returned = models.DecimalField(
        _("งบประมาณที่ส่งคืน (บาท)"), max_digits=15, decimal_places=2, null=True, blank=True
    )
    # Identifies an imported project that its source gave no code for, so a re-import updates it.
    legacy_key = models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False)
    # Optimistic locking: every save increments it; a form posted with an older value is refused.
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProjectQuerySet.as_manager()
    paged = PagedProjectQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("โครงการ")
        verbose_name_plural = _("โครงการ")
        ordering = ["-fiscal_year", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "fiscal_year"],
                condition=Q(code__isnull=False),
                name="project_code_unique_per_fiscal_year",
            ),
            models.CheckConstraint(
                condition=Q(fiscal_year__gte=2400, fiscal_year__lte=2800), name="project_fiscal_year_is_be"
            ),
            models.CheckConstraint(
                condition=Q(budget_received__isnull=True) | Q(budget_received__gte=ZERO),
                name="project_budget_received_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(budget_returned__isnull=True) | Q(budget_returned__gte=ZERO),
                name="project_budget_returned_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(end_date__isnull=True)
                | Q(start_date__lte=F("end_date")),
                name="project_start_not_after_end",
            ),
            models.CheckConstraint(
                condition=Q(routine=False) | Q(strategy__isnull=True),
                name="project_routine_has_no_strategy",
            ),
        ]
        indexes = [
            models.Index(fields=["fiscal_year", "agency"], name="project_year_agency_idx"),
            # A year's list in code order: the first page reads 50 index entries instead of sorting the year.
            models.Index(fields=["fiscal_year", "code", "id"], name="project_year_code_idx"),
        ]

    def __str__(self):
        return f"{self.code or '—'} {self.name or ''}".strip()

    def get_absolute_url(self):
        return project_url("detail", self)


class PlanStep(models.Model):
    """A numbered step of the project's plan (ขั้นตอน); the weights of a project add up to 100."""

    project = models.ForeignKey(Project, models.CASCADE, related_name="steps", verbose_name=_("โครงการ"))
    number = models.PositiveSmallIntegerField(_("ขั้นตอนที่"))
    description = models.TextField(_("รายละเอียด"))
    weight = models.DecimalField(_("น้ำหนัก (%)"), max_digits=5, decimal_places=2)
    start_date = models.DateField(_("เริ่มต้น"))
    end_date = models.DateField(_("สิ้นสุด"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ขั้นตอนการดำเนินงาน")
        verbose_name_plural = _("ขั้นตอนการดำเนินงาน")
        ordering = ["project", "number"]
        constraints = [
            models.UniqueConstraint(fields=["project", "number"], name="plan_step_number_unique_per_project"),
            models.CheckConstraint(condition=_percent_between("weight"), name="plan_step_weight_0_to_100"),
            models.CheckConstraint(
                condition=Q(start_date__lte=F("end_date")), name="plan_step_start_not_after_end"
            ),
        ]

    def __str__(self):
        return f"{self.number}. {self.description}"


class ProgressReport(models.Model):
    """One monthly progress report (รายงานครั้งที่ N); number 1 is the oldest.

    `problems` and `obstacles` are empty when the agency reported none (`-`, `ไม่มี`) and null when the
    source did not say.
    """

    project = models.ForeignKey(Project, models.CASCADE, related_name="reports", verbose_name=_("โครงการ"))
    number = models.PositiveSmallIntegerField(_("รายงานครั้งที่"))
    report_date = models.DateField(_("วันที่รายงาน"))
    progress = models.DecimalField(_("ความก้าวหน้าสะสม (%)"), max_digits=5, decimal_places=2)
    text = models.TextField(_("ผลการดำเนินงาน"), blank=True, default="")
    problems = models.TextField(_("ปัญหา"), null=True, blank=True)
    obstacles = models.TextField(_("อุปสรรค"), null=True, blank=True)
    disbursed = models.DecimalField(
        _("งบประมาณที่เบิกใช้ในครั้งนี้ (บาท)"), max_digits=15, decimal_places=2, null=True, blank=True
    )
    plan_status = models.CharField(
        _("สถานะตามแผน"), max_length=16, choices=PlanStatus.choices, null=True, blank=True
    )
    target_status = models.CharField(
        _("สถานะตามเป้าหมาย"), max_length=16, choices=TargetStatus.choices, null=True, blank=True
    )
    # Why progress went down, or why the plan status differs from the computed one.
    reason = models.TextField(_("เหตุผลประกอบ"), blank=True, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    # The agency head's sign-off; every change of state is a ReportTransition row.
    approval_state = models.CharField(
        _("สถานะการอนุมัติ"),
        max_length=16,
        choices=ApprovalState.choices,
        default=ApprovalState.DRAFT,
        editable=False,
    )
    approval_changed_at = models.DateTimeField(
        _("เปลี่ยนสถานะการอนุมัติเมื่อ"), null=True, blank=True, editable=False
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("รายงานความก้าวหน้า")
        verbose_name_plural = _("รายงานความก้าวหน้า")
        ordering = ["project", "number"]
        constraints = [
            models.UniqueConstraint(fields=["project", "number"], name="report_number_unique_per_project"),
            models.CheckConstraint(condition=_percent_between("progress"), name="report_progress_0_to_100"),
            models.CheckConstraint(
                condition=Q(disbursed__isnull=True) | Q(disbursed__gte=ZERO),
                name="report_disbursed_not_negative",
            ),
        ]
        indexes = [
            models.Index(fields=["project", "report_date"], name="report_project_date_idx"),
            # The latest report on or before a day (`-report_date, -number`), read straight off the index.
            models.Index(fields=["project", "-report_date", "-number"], name="report_project_latest_idx"),
            # What waits for a head: reports of a state, oldest change first.
            models.Index(fields=["approval_state", "approval_changed_at"], name="report_approval_state_idx"),
        ]

    def __str__(self):
        return gettext("รายงานครั้งที่ %(number)s") % {"number": self.number}


class ReportTransition(models.Model):
    """One step of a report's sign-off: who moved it from one approval state to another, when, and why."""

    report = models.ForeignKey(
        ProgressReport, models.CASCADE, related_name="transitions", verbose_name=_("รายงานความก้าวหน้า")
    )
    from_state = models.CharField(_("จากสถานะ"), max_length=16, choices=ApprovalState.choices)
    to_state = models.CharField(_("เป็นสถานะ"), max_length=16, choices=ApprovalState.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("โดย"),
    )
    at = models.DateTimeField(_("เมื่อ"), auto_now_add=True)
    comment = models.TextField(_("ความเห็น"), blank=True, default="")

    class Meta:
        verbose_name = _("การเปลี่ยนสถานะการอนุมัติรายงาน")
        verbose_name_plural = _("การเปลี่ยนสถานะการอนุมัติรายงาน")
        ordering = ["report", "at", "pk"]
        indexes = [models.Index(fields=["report", "at"], name="transition_report_at_idx")]

    def __str__(self):
        return f"{self.report}: {self.from_state} → {self.to_state}"


class Kpi(models.Model):
    """An indicator (ตัวชี้วัด) the project supports, with its target and what was achieved."""

    project = models.ForeignKey(Project, models.CASCADE, related_name="kpis", verbose_name=_("โครงการ"))
    code = models.CharField(_("รหัสตัวชี้วัด"), max_length=32, null=True, blank=True)
    name = models.TextField(_("ตัวชี้วัด"))
    unit = models.CharField(_("หน่วยนับ"), max_length=16, choices=KpiUnit.choices, null=True, blank=True)
    target = models.DecimalField(_("ค่าเป้าหมาย"), max_digits=14, decimal_places=4, null=True, blank=True)
    achieved = models.DecimalField(_("ผลงานที่ทำได้"), max_digits=14, decimal_places=4, null=True, blank=True)
    kind = models.CharField(_("ประเภทตัวชี้วัด"), max_length=16, choices=KpiKind.choices, null=True, blank=True)
    level = models.CharField(_("ระดับตัวชี้วัด"), max_length=16, choices=KpiLevel.choices, null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ตัวชี้วัด")
        verbose_name_plural = _("ตัวชี้วัด")
        ordering = ["project", "id"]

    def __str__(self):
        return f"{self.code or ''} {self.name}".strip()


class KpiQuarterResult(models.Model):
    """An indicator's result in one fiscal quarter, with the planning office's scores 2.1 and 2.2."""

    kpi = models.ForeignKey(Kpi, models.CASCADE, related_name="quarters", verbose_name=_("ตัวชี้วัด"))
    quarter = models.PositiveSmallIntegerField(_("ไตรมาส"))
    result = models.DecimalField(_("ผลงาน"), max_digits=14, decimal_places=2, null=True, blank=True)
    score_1 = models.DecimalField(_("ผลประเมิน 2.1"), max_digits=7, decimal_places=2, null=True, blank=True)
    score_2 = models.DecimalField(_("ผลประเมิน 2.2"), max_digits=7, decimal_places=2, null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ผลตัวชี้วัดรายไตรมาส")
        verbose_name_plural = _("ผลตัวชี้วัดรายไตรมาส")
        ordering = ["kpi", "quarter"]
        constraints = [
            models.UniqueConstraint(fields=["kpi", "quarter"], name="kpi_result_unique_per_quarter"),
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4), name="kpi_result_quarter_1_to_4"
            ),
            models.CheckConstraint(
                condition=Q(score_1__isnull=True) | _percent_between("score_1"),
                name="kpi_result_score_1_0_to_100",
            ),
            models.CheckConstraint(
                condition=Q(score_2__isnull=True) | _percent_between("score_2"),
                name="kpi_result_score_2_0_to_100",
            ),
        ]

    def __str__(self):
        return gettext("%(kpi)s ไตรมาสที่ %(quarter)s") % {"kpi": self.kpi, "quarter": self.quarter}


class Evaluation(models.Model):
    """The planning office's score (0–100) and comment for a project in one quarter of its fiscal year."""

    project = models.ForeignKey(
        Project, models.CASCADE, related_name="evaluations", verbose_name=_("โครงการ")
    )
    quarter = models.PositiveSmallIntegerField(_("ไตรมาส"))
    score = models.DecimalField(_("คะแนน"), max_digits=7, decimal_places=4, null=True, blank=True)
    comment = models.TextField(_("ความเห็น"), blank=True, default="")
    evaluated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ผู้ประเมิน"),
    )
    evaluated_at = models.DateTimeField(_("วันที่ประเมิน"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ผลการประเมินรายไตรมาส")
        verbose_name_plural = _("ผลการประเมินรายไตรมาส")
        ordering = ["project", "quarter"]
        constraints = [
            models.UniqueConstraint(fields=["project", "quarter"], name="evaluation_unique_per_quarter"),
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4), name="evaluation_quarter_1_to_4"
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | _percent_between("score"), name="evaluation_score_0_to_100"
            ),
        ]

    def __str__(self):
        return gettext("%(project)s ไตรมาสที่ %(quarter)s") % {"project": self.project, "quarter": self.quarter}


class AgencyMembership(models.Model):
    """Agency staff belong to one or more agencies and work on the projects of those and their sub-agencies."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="agency_memberships")
    agency = models.ForeignKey(Agency, models.CASCADE, related_name="memberships", verbose_name=_("หน่วยงาน"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("สังกัดหน่วยงานของผู้ใช้")
        verbose_name_plural = _("สังกัดหน่วยงานของผู้ใช้")
        constraints = [models.UniqueConstraint(fields=["user", "agency"], name="membership_unique")]

    def __str__(self):
        return f"{self.user} — {self.agency}"


class QuarterClosure(models.Model):
    """A fiscal quarter the planning office has closed: reports dated inside it are frozen for agency staff.

    Reopening keeps the row (closed = False) and the history records who closed and reopened it, when.
    """

    fiscal_year = models.PositiveSmallIntegerField(_("ปีงบประมาณ (พ.ศ.)"))
    quarter = models.PositiveSmallIntegerField(_("ไตรมาส"))
    closed = models.BooleanField(_("ปิดไตรมาสแล้ว"), default=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ผู้ดำเนินการ"),
    )
    changed_at = models.DateTimeField(_("เมื่อ"), auto_now=True)
    # Why it was last closed or reopened (a reopening needs one); the history keeps each.
    reason = models.TextField(_("เหตุผล"), blank=True, default="")

    # The tables keep the names they had when the model lived in the reports app.
    history = HistoricalRecords(table_name="reports_historicalquarterclosure")

    class Meta:
        db_table = "reports_quarterclosure"
        verbose_name = _("การปิดไตรมาส")
        verbose_name_plural = _("การปิดไตรมาส")
        constraints = [
            models.UniqueConstraint(fields=["fiscal_year", "quarter"], name="closure_unique_per_quarter"),
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4), name="closure_quarter_1_to_4"
            ),
        ]

    def __str__(self):
        return gettext("ปีงบประมาณ %(year)s ไตรมาสที่ %(quarter)s") % {
            "year": self.fiscal_year,
            "quarter": self.quarter,
        }


class SnapshotCause(models.TextChoices):
    CLOSING = "closing", _("ปิดไตรมาส")
    EXCEPTION = "exception", _("สิ้นสุดการเปิดแก้ไขเฉพาะโครงการ")


class QuarterSnapshot(models.Model):
    """One project's figures in a closed quarter, frozen when the quarter closed: what the closed quarter's
    pages, exports and printed summaries read, so no later edit changes them.

    Each closing writes a new version for every project of the quarter and keeps the older ones; the
    relocking of a lock exception writes a new version for its one project, with the `changes` it brought.
    Versions are numbered per quarter; `current` marks each project's newest.
    """

    # Indexed by the constraint and indexes below (each leads with the project or the quarter): a closing
    # writes thousands of rows, and every index slows it.
    project = models.ForeignKey(
        Project,
        models.SET_NULL,
        null=True,
        related_name="quarter_snapshots",
        verbose_name=_("โครงการ"),
        db_index=False,
    )
    fiscal_year = models.PositiveSmallIntegerField(_("ปีงบประมาณ (พ.ศ.)"))
    quarter = models.PositiveSmallIntegerField(_("ไตรมาส"))
    version = models.PositiveIntegerField(_("ฉบับที่"))
    current = models.BooleanField(_("ฉบับล่าสุด"), default=True)
    cause = models.CharField(_("ที่มา"), max_length=16, choices=SnapshotCause.choices)
    taken_at = models.DateTimeField(_("บันทึกเมื่อ"))
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", db_index=False
    )
    # Who the project was when the quarter closed.
    code = models.CharField(_("รหัสโครงการ"), max_length=32, null=True, blank=True)
    name = models.TextField(_("ชื่อโครงการ/กิจกรรม"), null=True, blank=True)
    agency = models.ForeignKey(Agency, models.SET_NULL, null=True, related_name="+", db_index=False)
    agency_code = models.CharField(_("รหัสหน่วยงาน"), max_length=16, blank=True, default="")
    agency_name = models.CharField(_("ชื่อหน่วยงาน"), max_length=255, blank=True, default="")
    strategy = models.ForeignKey(
        StrategyNode, models.SET_NULL, null=True, blank=True, related_name="+", db_index=False
    )
    responsible = models.CharField(_("ผู้รับผิดชอบ"), max_length=255, null=True, blank=True)
    status = models.CharField(_("สถานะโครงการ"), max_length=16, choices=ProjectStatus.choices)
    # Its figures as of the quarter's last day.
    planned = models.DecimalField(_("แผน (%)"), max_digits=5, decimal_places=2, null=True)
    actual = models.DecimalField(_("ผล (%)"), max_digits=5, decimal_places=2, null=True)
    gap = models.DecimalField(_("ผลต่าง"), max_digits=5, decimal_places=2, null=True)
    plan_status = models.CharField(_("สถานะที่หน่วยงานรายงาน"), max_length=16, null=True, blank=True)
    computed_status = models.CharField(_("สถานะที่คำนวณ"), max_length=16, null=True, blank=True)
    category = models.CharField(_("กลุ่มสถานะ"), max_length=16)
    target_status = models.CharField(_("สถานะตามเป้าหมาย"), max_length=16, null=True, blank=True)
    budget_received = models.DecimalField(_("งบประมาณที่ได้รับ"), max_digits=15, decimal_places=2, null=True)
    budget_used = models.DecimalField(_("งบประมาณที่ใช้ไป"), max_digits=17, decimal_places=2, null=True)
    kpi_results = models.JSONField(_("ผลตัวชี้วัดของไตรมาส"), default=list)
    kpi_count = models.PositiveIntegerField(default=0)
    kpi_score_1 = models.DecimalField(max_digits=7, decimal_places=2, null=True)
    kpi_score_2 = models.DecimalField(max_digits=7, decimal_places=2, null=True)
    score = models.DecimalField(_("คะแนน สยป."), max_digits=7, decimal_places=4, null=True)
    comment = models.TextField(_("ความเห็น สยป."), blank=True, default="")
    evaluated_by = models.CharField(max_length=255, blank=True, default="")
    evaluated_at = models.DateTimeField(null=True)
    # The quarter's reports by sign-off state (`ApprovalState`), as the quarter page shows and filters them;
    # `reports_pending` is every one not approved (draft + submitted + returned), what the export lists.
    reports_draft = models.PositiveIntegerField(_("รายงานฉบับร่าง"), default=0)
    reports_submitted = models.PositiveIntegerField(_("รายงานที่ส่งแล้ว รออนุมัติ"), default=0)
    reports_approved = models.PositiveIntegerField(_("รายงานที่อนุมัติแล้ว"), default=0)
    reports_returned = models.PositiveIntegerField(_("รายงานที่ส่งกลับให้แก้ไข"), default=0)
    reports_pending = models.PositiveIntegerField(_("รายงานที่ยังไม่อนุมัติ"), default=0)
    last_report_date = models.DateField(_("รายงานล่าสุด"), null=True)
    # The quarter's months without a report, by month number (1–12), first to third month of the quarter.
    missing_1 = models.PositiveSmallIntegerField(null=True)
    missing_2 = models.PositiveSmallIntegerField(null=True)
    missing_3 = models.PositiveSmallIntegerField(null=True)
    missing_count = models.PositiveSmallIntegerField(_("จำนวนเดือนที่ไม่รายงาน"), default=0)
    # For a version written at a lock exception's end: field → [before, after].
    changes = models.JSONField(_("สิ่งที่เปลี่ยน"), default=dict, blank=True)

    class Meta:
        verbose_name = _("ภาพข้อมูลไตรมาสที่ปิดแล้ว")
        verbose_name_plural = _("ภาพข้อมูลไตรมาสที่ปิดแล้ว")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "fiscal_year", "quarter", "version"], name="snapshot_unique_version"
            ),
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4), name="snapshot_quarter_1_to_4"
            ),
            models.CheckConstraint(
                condition=Q(
                    reports_pending=F("reports_draft") + F("reports_submitted") + F("reports_returned")
                ),
                name="snapshot_pending_is_not_approved",
            ),
        ]
        indexes = [
            models.Index(fields=["fiscal_year", "quarter", "current", "project"], name="snapshot_current"),
            models.Index(fields=["project", "current"], name="snapshot_project_current"),
            # A closed quarter's page in its default order (by code) reads its first rows off this index
            # instead of sorting every project of the year.
            models.Index(
                fields=["fiscal_year", "quarter", "code", "project"],
                condition=Q(current=True),
                name="snapshot_current_by_code",
            ),
        ]

    def __str__(self):
        return gettext("%(project)s ไตรมาสที่ %(quarter)s/%(year)s ฉบับที่ %(version)s") % {
            "project": self.code or self.name,
            "quarter": self.quarter,
            "year": self.fiscal_year,
            "version": self.version,
        }


class QuarterSnapshotVersion(models.Model):
    """One version of a quarter's snapshots: why and when it was written, by whom, for how many projects, and
    the quarter's totals over every project's newest snapshot once it was written (what the closed quarter's
    page shows unfiltered, read here instead of counted over every project on each request)."""

    fiscal_year = models.PositiveSmallIntegerField(_("ปีงบประมาณ (พ.ศ.)"))
    quarter = models.PositiveSmallIntegerField(_("ไตรมาส"))
    version = models.PositiveIntegerField(_("ฉบับที่"))
    cause = models.CharField(_("ที่มา"), max_length=16, choices=SnapshotCause.choices)
    taken_at = models.DateTimeField(_("บันทึกเมื่อ"))
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    projects = models.PositiveIntegerField(default=0)
    current_rows = models.PositiveIntegerField(default=0)
    current_mismatch = models.PositiveIntegerField(default=0)
    current_missing = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("ฉบับข้อมูลไตรมาสที่ปิดแล้ว")
        verbose_name_plural = _("ฉบับข้อมูลไตรมาสที่ปิดแล้ว")
        constraints = [
            models.UniqueConstraint(
                fields=["fiscal_year", "quarter", "version"], name="snapshot_version_unique"
            ),
        ]

    def __str__(self):
        return f"{self.fiscal_year}/{self.quarter} v{self.version}"


class QuarterLockException(models.Model):
    """One project's closed quarter opened to its agency's staff until `expires_at`, with a reason.

    Checked at read time: once expired the quarter is closed again for the project, whatever has run.
    The relock pass (`manage.py relock_expired`, every minute) then rewrites the project's snapshot, once
    (`projects.closing.settle_expired_exceptions`); a read of the quarter does it if the pass has not yet.
    """

    project = models.ForeignKey(
        Project, models.CASCADE, related_name="lock_exceptions", verbose_name=_("โครงการ")
    )
    fiscal_year = models.PositiveSmallIntegerField(_("ปีงบประมาณ (พ.ศ.)"))
    quarter = models.PositiveSmallIntegerField(_("ไตรมาส"))
    reason = models.TextField(_("เหตุผล"))
    expires_at = models.DateTimeField(_("เปิดให้แก้ไขถึง"))
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ผู้อนุญาต"),
    )
    granted_at = models.DateTimeField(_("อนุญาตเมื่อ"), auto_now_add=True)
    # Set when the exception is settled after its expiry (by the relock pass, or the first read of the quarter
    # before it): the quarter relocked and, if it was still closed, the project's snapshot rewritten as
    # `settled_version`.
    settled_at = models.DateTimeField(_("ปิดอีกครั้งเมื่อ"), null=True, blank=True)
    settled_version = models.PositiveIntegerField(_("ฉบับที่บันทึกเมื่อปิดอีกครั้ง"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("การเปิดแก้ไขเฉพาะโครงการ")
        verbose_name_plural = _("การเปิดแก้ไขเฉพาะโครงการ")
        constraints = [
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4), name="lock_exception_quarter_1_to_4"
            ),
        ]
        indexes = [models.Index(fields=["fiscal_year", "quarter", "expires_at"], name="lock_exception_open")]

    def __str__(self):
        return gettext("%(project)s ไตรมาสที่ %(quarter)s/%(year)s") % {
            "project": self.project,
            "quarter": self.quarter,
            "year": self.fiscal_year,
        }


class LegacyFile(models.Model):
    """A legacy file's content already imported by this version of the importer: a re-run skips it.

    Keyed by content, not name: a copied or renamed file is the same file. Refused files are not kept, so
    they are read again next time.
    """

    sha256 = models.CharField(_("SHA-256 ของเนื้อหา"), max_length=64)
    importer_version = models.PositiveIntegerField(_("รุ่นของตัวนำเข้า"))
    name = models.CharField(_("ชื่อไฟล์ล่าสุด"), max_length=1000)
    project = models.ForeignKey(
        Project, on_delete=models.SET_NULL, null=True, blank=True, related_name="legacy_files"
    )
    imported_at = models.DateTimeField(_("นำเข้าเมื่อ"), auto_now=True)

    class Meta:
        verbose_name = _("ไฟล์จากระบบเดิมที่นำเข้าแล้ว")
        constraints = [
            models.UniqueConstraint(fields=["sha256", "importer_version"], name="legacy_file_content_once"),
        ]

    def __str__(self):
        return f"{self.name} ({self.sha256[:12]})"


def evidence_key(evidence: "Evidence", filename: str) -> str:
    """`evidence/<random>.<ext>`: nothing of the project, the report or the person's file name in it, so a
    stored file's name gives nothing away and cannot be guessed."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"evidence/{secrets.token_urlsafe(24)}.{extension}"


class EvidenceQuerySet(models.QuerySet):
    def shown(self):
        """Files not removed: removed ones stay, hidden, until an administrator purges them."""
        return self.filter(removed_at__isnull=True)


class Evidence(models.Model):
    """A file attached to a monthly report as proof of what it says: a photo, a contract, minutes.

    The bytes live in Django's storage (the local media folder or an object store) under a random key; the
    person's file name is kept only for display and downloads. `sha256` is of the stored bytes (photos are
    re-encoded without their metadata first), and is what printed forms and their verification compare.
    """

    report = models.ForeignKey(
        ProgressReport, models.CASCADE, related_name="evidence", verbose_name=_("รายงานความก้าวหน้า")
    )
    name = models.CharField(_("ชื่อไฟล์"), max_length=EVIDENCE_NAME_MAX_LENGTH)
    file = models.FileField(_("ไฟล์"), upload_to=evidence_key, max_length=200)
    thumbnail = models.FileField(_("ภาพย่อ"), upload_to=evidence_key, max_length=200, blank=True)
    size = models.PositiveBigIntegerField(_("ขนาด (ไบต์)"))
    content_type = models.CharField(_("ประเภทไฟล์"), max_length=100)
    sha256 = models.CharField(_("SHA-256 ของไฟล์"), max_length=64)
    caption = models.CharField(_("คำอธิบาย"), max_length=EVIDENCE_CAPTION_MAX_LENGTH, blank=True, default="")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ผู้แนบ"),
    )
    uploaded_at = models.DateTimeField(_("แนบเมื่อ"), auto_now_add=True)
    removed_at = models.DateTimeField(_("นำออกเมื่อ"), null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ผู้นำออก"),
    )

    objects = EvidenceQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ไฟล์หลักฐาน")
        verbose_name_plural = _("ไฟล์หลักฐาน")
        ordering = ["report", "uploaded_at", "pk"]
        indexes = [models.Index(fields=["report", "removed_at"], name="evidence_report_shown_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(size__gt=0), name="evidence_not_empty"),
        ]

    def __str__(self):
        return self.name
