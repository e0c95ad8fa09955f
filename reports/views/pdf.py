"""The certified forms as PDF: the project form and the agency's quarterly summary."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views import View

from projects.models import Agency, Project
from projects.roles import can_read_project
from projects.views.access import RoleRequiredMixin

from .. import printing
from ..access import can_read_agency
from .common import require_quarter


def pdf_response(printed: printing.PrintedForm) -> HttpResponse:
    response = HttpResponse(printed.pdf.content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{printed.filename}"'
    # Each response is a new numbered document that may name people: never cache it.
    response["Cache-Control"] = "no-store"
    return response


class ProjectFormPdfView(RoleRequiredMixin, View):
    """แบบแสดงรายงานความก้าวหน้าและข้อมูลเกี่ยวกับโครงการ, for whoever may read the project."""

    def get_project(self) -> Project:
        projects = Project.objects.select_related("agency")
        if "pk" in self.kwargs:
            return get_object_or_404(projects, pk=self.kwargs["pk"])
        projects = projects.filter(code=self.kwargs["code"])
        fiscal_year = self.request.GET.get("fiscal_year", "")
        if fiscal_year.isascii() and fiscal_year.isdigit() and len(fiscal_year) <= 4:
            projects = projects.filter(fiscal_year=int(fiscal_year))
        # A code names one project per fiscal year; without a year, the newest is the one people mean.
        project = projects.order_by("-fiscal_year").first()
        if project is None:
            raise Http404(_("ไม่พบโครงการ"))
        return project

    def get(self, request, *args, **kwargs):
        project = self.get_project()
        if not can_read_project(request.user, project):
            raise PermissionDenied(_("ไม่มีสิทธิ์พิมพ์แบบรายงานของโครงการนี้"))
        printed = printing.print_project_form(
            project_id=project.pk, user=request.user, base_url=request.build_absolute_uri("/")
        )
        return pdf_response(printed)


class QuarterSummaryPdfView(RoleRequiredMixin, View):
    """The agency's quarterly summary, for the planning office and the agency's staff."""

    def get(self, request, fiscal_year: int, quarter: int, agency_code: str):
        require_quarter(fiscal_year, quarter)
        agency = get_object_or_404(Agency, code=agency_code)
        if not can_read_agency(request.user, agency):
            raise PermissionDenied(_("ไม่มีสิทธิ์พิมพ์แบบสรุปของหน่วยงานนี้"))
        printed = printing.print_quarter_summary(
            agency=agency,
            fiscal_year=fiscal_year,
            quarter=quarter,
            user=request.user,
            base_url=request.build_absolute_uri("/"),
        )
        return pdf_response(printed)
