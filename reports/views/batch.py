"""Batch printing: request all forms of an agency for a fiscal year, follow the progress, download.

The web requests only queue and report; the pages are laid out by the task worker.
"""

from django.contrib import messages
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View

from projects.views.access import PermissionRequiredMixin

from .. import printing
from ..batch_forms import BatchRequestForm, BatchTable
from ..models import PrintBatch


def my_batches(user):
    return (
        PrintBatch.objects.filter(requested_by=user).select_related("agency").order_by("-requested_at")[:50]
    )


class BatchListView(PermissionRequiredMixin, View):
    permission_required = "reports.print_batch"
    template_name = "reports/batch_list.html"

    def render_page(self, request, form, status=200):
        table = BatchTable(my_batches(request.user))
        return render(request, self.template_name, {"form": form, "table": table}, status=status)

    def get(self, request):
        return self.render_page(request, BatchRequestForm(user=request.user))

    def post(self, request):
        form = BatchRequestForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                batch = printing.request_batch(
                    user=request.user,
                    agency=form.cleaned_data["agency"],
                    fiscal_year=form.cleaned_data["fiscal_year"],
                    base_url=request.build_absolute_uri("/"),
                )
            except printing.NothingToPrint as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request,
                    ngettext(
                        "รับคำสั่งพิมพ์แล้ว: %(total)s โครงการ ระบบกำลังจัดพิมพ์",
                        "รับคำสั่งพิมพ์แล้ว: %(total)s โครงการ ระบบกำลังจัดพิมพ์",
                        batch.total,
                    )
                    % {"total": batch.total},
                )
                return redirect("reports:batch-list")
        return self.render_page(request, form, status=400)


class BatchMixin(PermissionRequiredMixin):
    """One batch, for those who may print its agency's forms."""

    permission_required = "reports.print_agency"
    permission_denied_message = gettext_lazy("ไม่มีสิทธิ์ในงานพิมพ์ชุดนี้")

    def get_permission_object(self):
        self.batch = get_object_or_404(PrintBatch.objects.select_related("agency"), pk=self.kwargs["pk"])
        return self.batch.agency


class BatchStatusView(BatchMixin, View):
    """Progress of one batch as JSON, polled by static/reports/batch-progress.js."""

    def get(self, request, pk: int):
        batch = self.batch
        done = batch.state == PrintBatch.State.DONE and bool(batch.file)
        return JsonResponse(
            {
                "state": batch.state,
                "state_label": str(batch.get_state_display()),
                "done": batch.done,
                "total": batch.total,
                "download_url": reverse("reports:batch-download", kwargs={"pk": batch.pk}) if done else None,
                "error": printing.failure_message(batch),
            }
        )


class BatchDownloadView(BatchMixin, View):
    def get(self, request, pk: int):
        batch = self.batch
        if batch.state != PrintBatch.State.DONE or not batch.file:
            raise Http404(_("งานพิมพ์ชุดนี้ยังไม่เสร็จ"))
        # The file holds the Thai printed forms, so its name stays Thai too.
        filename = f"แบบรายงาน-{batch.agency.code}-{batch.fiscal_year}.pdf"
        response = FileResponse(batch.file.open("rb"), content_type="application/pdf", filename=filename)
        response["Cache-Control"] = "no-store"
        return response
