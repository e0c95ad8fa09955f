"""The Django admin for the projects app: every model, Thai labels from the models, history on each.

Changelists run a fixed number of queries whatever the number of rows: related objects come through
`list_select_related`, the project figures (budget used, latest progress) through
`Project.objects.with_figures()` subqueries, never a query per row.
"""

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy
from simple_history.admin import SimpleHistoryAdmin
from treebeard.admin import TreeAdmin
from treebeard.forms import movenodeform_factory

from .models import (
    Agency,
    AgencyMembership,
    Evaluation,
    Evidence,
    Kpi,
    KpiQuarterResult,
    PlanStep,
    ProgressReport,
    Project,
    QuarterClosure,
    StrategyNode,
)
from .services.evidence import purge_evidence
from .thai import format_baht, format_date, format_percent

NAME_LENGTH = 80


def _short(text: str | None) -> str:
    text = text or ""
    return text if len(text) <= NAME_LENGTH else text[: NAME_LENGTH - 1] + "…"


class AgencyKindFilter(admin.ChoicesFieldListFilter):
    """Filters by the kind of the owning agency; the field's own label (ประเภท) would not say whose kind."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.title = gettext("ประเภทหน่วยงาน")


class VersionedAdmin(SimpleHistoryAdmin):
    """Bumps `version` on every save, so a form someone opened before this edit is refused as stale."""

    def save_model(self, request, obj, form, change):
        if change:
            obj.version += 1
        super().save_model(request, obj, form, change)


# --- Trees ------------------------------------------------------------------------------------------------
@admin.register(Agency)
class AgencyAdmin(SimpleHistoryAdmin, TreeAdmin):
    form = movenodeform_factory(Agency)
    list_display = ("__str__", "code", "kind")
    list_filter = ("kind",)
    search_fields = ("code", "name")


@admin.register(StrategyNode)
class StrategyNodeAdmin(SimpleHistoryAdmin, TreeAdmin):
    form = movenodeform_factory(StrategyNode)
    list_display = ("name", "level")
    list_filter = ("level",)
    search_fields = ("name",)


# --- Projects ---------------------------------------------------------------------------------------------
class PlanStepInline(admin.TabularInline):
    model = PlanStep
    extra = 0
    fields = ("number", "description", "weight", "start_date", "end_date")


class ProgressReportInline(admin.TabularInline):
    model = ProgressReport
    extra = 0
    fields = ("number", "report_date", "progress", "disbursed", "plan_status", "target_status", "text")
    show_change_link = True


class KpiInline(admin.TabularInline):
    model = Kpi
    extra = 0
    fields = ("code", "name", "unit", "target", "achieved", "kind", "level")
    show_change_link = True  # quarter results are edited on the indicator's own page


class EvaluationInline(admin.TabularInline):
    model = Evaluation
    extra = 0
    fields = ("quarter", "score", "comment", "evaluated_by", "evaluated_at")
    # Who evaluated and when is a record, not an input; a user list per row would also cost a query each.
    readonly_fields = ("evaluated_by", "evaluated_at")

    def get_queryset(self, request):
        # Each row's title names the project (Evaluation.__str__) and shows who evaluated.
        return super().get_queryset(request).select_related("project", "evaluated_by")


@admin.register(Project)
class ProjectAdmin(VersionedAdmin):
    list_display = (
        "code",
        "short_name",
        "fiscal_year",
        "agency",
        "status",
        "budget_received_baht",
        "budget_used_baht",
        "latest_progress_percent",
        "last_report",
    )
    list_display_links = ("code", "short_name")
    list_select_related = ("agency",)
    list_filter = ("fiscal_year", "status", "routine", ("agency__kind", AgencyKindFilter))
    search_fields = ("code", "name", "name_tag", "agency__code", "agency__name", "responsible")
    autocomplete_fields = ("agency", "strategy")
    readonly_fields = ("budget_used_baht", "version", "legacy_key", "created_at", "updated_at")
    inlines = (PlanStepInline, ProgressReportInline, KpiInline, EvaluationInline)
    fieldsets = (
        (None, {"fields": ("code", "name_tag", "name", "fiscal_year", "agency", "status", "status_reason")}),
        (gettext_lazy("ผู้รับผิดชอบ"), {"fields": ("responsible", "phone", "coordinator")}),
        (
            gettext_lazy("ระยะเวลาและงบประมาณ"),
            {"fields": ("start_date", "end_date", "budget_received", "budget_used_baht", "budget_returned")},
        ),
        (gettext_lazy("รายละเอียดโครงการ"), {"fields": ("rationale", "objectives", "targets")}),
        (gettext_lazy("ความสอดคล้องกับแผนพัฒนา"), {"fields": ("routine", "strategy", "strategy_indicator")}),
        (gettext_lazy("บันทึกของระบบ"), {"fields": ("version", "legacy_key", "created_at", "updated_at")}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).with_figures()

    def save_formset(self, request, form, formset, change):
        # A report changed in the inline is a new version of it, as when it is changed on its own page.
        if formset.model is ProgressReport:
            for inline_form in formset.forms:
                if inline_form.instance.pk and inline_form.has_changed():
                    inline_form.instance.version += 1
        super().save_formset(request, form, formset, change)

    @admin.display(description=gettext_lazy("ชื่อโครงการ/กิจกรรม"), ordering="name")
    def short_name(self, project):
        return _short(project.name)

    @admin.display(description=gettext_lazy("งบประมาณที่ได้รับ (บาท)"), ordering="budget_received")
    def budget_received_baht(self, project):
        return format_baht(project.budget_received)

    @admin.display(description=gettext_lazy("งบประมาณที่ใช้ไป (บาท)"), ordering="budget_used")
    def budget_used_baht(self, project):
        return format_baht(getattr(project, "budget_used", None))

    @admin.display(description=gettext_lazy("ความก้าวหน้าล่าสุด (%)"), ordering="latest_progress")
    def latest_progress_percent(self, project):
        return format_percent(getattr(project, "latest_progress", None))

    @admin.display(description=gettext_lazy("รายงานล่าสุด"), ordering="last_report_date")
    def last_report(self, project):
        return format_date(getattr(project, "last_report_date", None))


@admin.register(PlanStep)
class PlanStepAdmin(SimpleHistoryAdmin):
    list_display = ("project", "number", "description", "weight", "start_date", "end_date")
    list_select_related = ("project",)
    list_filter = ("project__fiscal_year",)
    search_fields = ("project__code", "project__name", "description")
    autocomplete_fields = ("project",)


@admin.register(ProgressReport)
class ProgressReportAdmin(VersionedAdmin):
    list_display = (
        "project",
        "number",
        "report_date",
        "progress",
        "disbursed",
        "plan_status",
        "target_status",
    )
    list_select_related = ("project",)
    list_filter = ("plan_status", "target_status", "project__fiscal_year")
    search_fields = ("project__code", "project__name", "text")
    autocomplete_fields = ("project",)
    readonly_fields = ("created_by", "version", "created_at", "updated_at")


class KpiQuarterResultInline(admin.TabularInline):
    model = KpiQuarterResult
    extra = 0
    fields = ("quarter", "result", "score_1", "score_2")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("kpi")  # each row's title names the indicator


@admin.register(Kpi)
class KpiAdmin(SimpleHistoryAdmin):
    list_display = ("code", "name", "project", "unit", "target", "achieved", "kind", "level")
    list_select_related = ("project",)
    list_filter = ("kind", "level", "unit", "project__fiscal_year")
    search_fields = ("code", "name", "project__code", "project__name")
    autocomplete_fields = ("project",)
    inlines = (KpiQuarterResultInline,)


@admin.register(KpiQuarterResult)
class KpiQuarterResultAdmin(SimpleHistoryAdmin):
    list_display = ("kpi", "quarter", "result", "score_1", "score_2")
    list_select_related = ("kpi",)
    list_filter = ("quarter",)
    search_fields = ("kpi__code", "kpi__name", "kpi__project__code")
    autocomplete_fields = ("kpi",)


@admin.register(Evaluation)
class EvaluationAdmin(SimpleHistoryAdmin):
    list_display = ("project", "quarter", "score", "evaluated_by", "evaluated_at")
    list_select_related = ("project", "evaluated_by")
    list_filter = ("quarter", "project__fiscal_year")
    search_fields = ("project__code", "project__name", "comment")
    autocomplete_fields = ("project",)
    readonly_fields = ("evaluated_by", "evaluated_at")

    def save_model(self, request, obj, form, change):
        # An evaluation entered here is the administrator's, like one entered on the evaluation page.
        obj.evaluated_by = request.user
        obj.evaluated_at = timezone.now()
        super().save_model(request, obj, form, change)


# --- Quarter closing --------------------------------------------------------------------------------------
@admin.register(QuarterClosure)
class QuarterClosureAdmin(SimpleHistoryAdmin):
    list_display = ("fiscal_year", "quarter", "closed", "changed_by", "changed_at", "reason")
    list_select_related = ("changed_by",)
    list_filter = ("fiscal_year", "closed")
    search_fields = ("fiscal_year",)
    readonly_fields = ("changed_by", "changed_at")

    # Read-only here: closing freezes every project's figures and reopening needs a reason, which only the
    # quarter page and the `close_quarter` / `reopen_quarter` commands do (reports/services.py).
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # reopening keeps the row and its history


@admin.register(Evidence)
class EvidenceAdmin(SimpleHistoryAdmin):
    """Evidence is attached and removed on the report's page; here an administrator sees every file, removed
    ones included, and deletes removed ones for good (`purge`)."""

    list_display = ("name", "report", "content_type", "size", "uploaded_by", "uploaded_at", "removed_at")
    list_select_related = ("report", "uploaded_by")
    list_filter = ("content_type", ("removed_at", admin.EmptyFieldListFilter))
    search_fields = ("name", "sha256", "report__project__code")
    readonly_fields = [f.name for f in Evidence._meta.fields]
    actions = ["purge"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # files go through `purge`, which deletes the stored bytes too

    @admin.action(description=gettext_lazy("ลบไฟล์ที่นำออกแล้วอย่างถาวร"))
    def purge(self, request, queryset):
        purged = 0
        for evidence in queryset.filter(removed_at__isnull=False).select_related("report__project"):
            purge_evidence(evidence=evidence, user=request.user)
            purged += 1
        messages.info(
            request,
            gettext("ลบไฟล์ถาวร %(count)s ไฟล์ (ไฟล์ที่ยังไม่ได้นำออกจากรายงานไม่ถูกลบ)") % {"count": purged},
        )


# --- People -----------------------------------------------------------------------------------------------
@admin.register(AgencyMembership)
class AgencyMembershipAdmin(SimpleHistoryAdmin):
    list_display = ("user", "agency")
    list_select_related = ("user", "agency")
    list_filter = (("agency__kind", AgencyKindFilter),)
    search_fields = ("user__username", "user__first_name", "user__last_name", "agency__code", "agency__name")
    autocomplete_fields = ("user", "agency")


class AgencyMembershipInline(admin.TabularInline):
    model = AgencyMembership
    extra = 0
    autocomplete_fields = ("agency",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user", "agency")


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class UserWithAgenciesAdmin(UserAdmin):
    """Django's user admin, with the agencies a staff member belongs to."""

    inlines = (AgencyMembershipInline,)
    list_filter = (*UserAdmin.list_filter, "agency_memberships__agency__kind")
