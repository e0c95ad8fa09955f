"""The certified forms as PDF: the project form and the agency's quarterly summary."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy
from django.views import View

from projects.models import Agency, Project
from projects.selectors import project_named_by
from projects.views.access import PermissionRequiredMixin

from .. import printing
from ..pdf import RenderTimeout
from .common import require_quarter


class RenderTimeLimitMixin:
    """A form not laid out within `PDF_RENDER_SECONDS` gives a Thai page (nothing was stored), not an error."""

    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except RenderTimeout as stopped:
            context = {"message": printing.too_slow_message(stopped.seconds)}
            return render(request, "reports/pdf_too_slow.html", context, status=503)


def pdf_response(printed: printing.PrintedForm) -> HttpResponse:
    response = HttpResponse(printed.pdf.content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{printed.filename}"'
    # Each response is a new numbered document that may name people: never cache it.
    response["Cache-Control"] = "no-store"
    return response


class ProjectFormPdfView(PermissionRequiredMixin, RenderTimeLimitMixin, View):
    """แบบแสดงรายงานความก้าวหน้าและข้อมูลเกี่ยวกับโครงการ, for whoever may read the project."""

    permission_required = "reports.print_form"
    permission_denied_message = gettext_lazy("ไม่มีสิทธิ์พิมพ์แบบรายงานของโครงการนี้")

    def get_permission_object(self):
        self.project = self.get_project()
        return self.project

    def get_project(self) -> Project:
        return project_named_by(self.kwargs)

    def get(self, request, *args, **kwargs):
        printed = printing.print_project_form(
            project_id=self.project.pk, user=request.user, base_url=request.build_absolute_uri("/")
        )
        return pdf_response(printed)


class QuarterSummaryPdfView(PermissionRequiredMixin, RenderTimeLimitMixin, View):
    """The agency's quarterly summary, for the planning office and the agency's staff."""

    permission_required = "reports.print_agency"
    permission_denied_message = gettext_lazy("ไม่มีสิทธิ์พิมพ์แบบสรุปของหน่วยงานนี้")

    def get_permission_object(self):
        require_quarter(self.kwargs["fiscal_year"], self.kwargs["quarter"])
        self.agency = get_object_or_404(Agency, code=self.kwargs["agency_code"])
        return self.agency

    def get(self, request, fiscal_year: int, quarter: int, agency_code: str):
        printed = printing.print_quarter_summary(
            agency=self.agency,
            fiscal_year=fiscal_year,
            quarter=quarter,
            user=request.user,
            base_url=request.build_absolute_uri("/"),
        )
        return pdf_response(printed)
