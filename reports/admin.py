"""The Django admin for quarter closing, printed documents and batch print jobs.

Printed documents and print batches are records of what happened: shown, never edited here.
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import PrintBatch, PrintedDocument, QuarterClosure


@admin.register(QuarterClosure)
class QuarterClosureAdmin(SimpleHistoryAdmin):
    list_display = ("fiscal_year", "quarter", "closed", "changed_by", "changed_at")
    list_select_related = ("changed_by",)
    list_filter = ("fiscal_year", "closed")
    search_fields = ("fiscal_year",)
    readonly_fields = ("changed_by", "changed_at")

    def save_model(self, request, obj, form, change):
        obj.changed_by = request.user
        super().save_model(request, obj, form, change)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(PrintedDocument)
class PrintedDocumentAdmin(ReadOnlyAdmin):
    list_display = (
        "number",
        "kind",
        "project",
        "agency",
        "fiscal_year",
        "quarter",
        "printed_by",
        "printed_at",
    )
    list_select_related = ("project", "agency", "printed_by")
    list_filter = ("kind", "fiscal_year", "quarter")
    search_fields = ("number", "project__code", "project__name", "agency__code", "agency__name")
    date_hierarchy = "printed_at"


@admin.register(PrintBatch)
class PrintBatchAdmin(ReadOnlyAdmin):
    list_display = (
        "agency",
        "fiscal_year",
        "state",
        "done",
        "total",
        "requested_by",
        "requested_at",
        "finished_at",
    )
    list_select_related = ("agency", "requested_by")
    list_filter = ("state", "fiscal_year")
    search_fields = ("agency__code", "agency__name")
