"""The home page and the project list."""

from django.conf import settings
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from projects.filters import ProjectFilterSet
from projects.paging import BoundedPagesMixin
from projects.selectors import landing_page, project_list
from projects.spreadsheets import SpreadsheetExportMixin
from projects.tables import ProjectTable

from .access import PermissionRequiredMixin


class HomeView(PermissionRequiredMixin, TemplateView):
    """Agency staff land on what they owe (returned reports, projects still due this month), agency heads on
    how many reports wait for them; the planning office and administrators go on to the project list."""

    template_name = "projects/home.html"

    def get(self, request, *args, **kwargs):
        if request.user.has_perm("projects.view_all_projects"):
            return redirect("projects:list")
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        page = landing_page(
            user=self.request.user, today=timezone.localdate(), due_day=settings.REPORT_DUE_DAY
        )
        return super().get_context_data(page=page, **kwargs)


class ProjectListView(
    PermissionRequiredMixin, SpreadsheetExportMixin, BoundedPagesMixin, SingleTableMixin, FilterView
):
    """Filters beside a sortable table; `?_export=csv|xlsx` downloads the filtered rows."""

    template_name = "projects/project_list.html"
    filterset_class = ProjectFilterSet
    table_class = ProjectTable
    table_pagination = {"per_page": 50}
    export_sheet = _("โครงการ")
    title = _("โครงการ")

    def get_queryset(self):
        return project_list(user=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if not context["table"].paginator.count:
            query = self.request.GET.copy()
            context["other_years"] = [
                (year, count, self._with_year(query, year))
                for year, count in self.filterset.other_years(project_list(user=self.request.user))
            ]
        return context

    @staticmethod
    def _with_year(query, year: int) -> str:
        query["fiscal_year"] = str(year)
        query.pop("page", None)
        return "?" + query.urlencode()

    def get_export_name(self):
        year = self.filterset.form.cleaned_data.get("fiscal_year") if self.filterset.is_valid() else None
        return f"projects-{year or 'all'}"
