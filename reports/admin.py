"""The Django admin for printed documents and batch print jobs.

Printed documents and print batches are records of what happened: shown, never edited here.
"""

from django.contrib import admin

from .models import PrintBatch, PrintedDocument


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
