"""The home page and the project list."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from projects.filters import ProjectFilterSet
from projects.paging import BoundedPagesMixin
from projects.selectors import project_list
from projects.spreadsheets import SpreadsheetExportMixin
from projects.tables import ProjectTable

from .access import PermissionRequiredMixin


class HomeView(PermissionRequiredMixin, RedirectView):
    """Agency heads land on what waits for their approval; everyone else on the project list."""

    def get_redirect_url(self, *args, **kwargs):
        user = self.request.user
        if user.has_perm("projects.view_approvals") and not user.has_perm("projects.view_all_projects"):
            return reverse("projects:approvals")
        return reverse("projects:list")


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
