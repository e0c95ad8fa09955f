"""The home page and the project list."""

import codecs

from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin
from django_tables2.export import ExportMixin, TableExport

from projects.filters import ProjectFilterSet
from projects.paging import BoundedPagesMixin
from projects.selectors import project_list
from projects.tables import ProjectTable

from .access import RoleRequiredMixin


class HomeView(RoleRequiredMixin, RedirectView):
    pattern_name = "projects:list"


class ProjectListView(RoleRequiredMixin, ExportMixin, BoundedPagesMixin, SingleTableMixin, FilterView):
    """Filters beside a sortable table; `?_export=csv|xlsx` downloads the filtered rows."""

    template_name = "projects/project_list.html"
    filterset_class = ProjectFilterSet
    table_class = ProjectTable
    table_pagination = {"per_page": 50}
    export_formats = (TableExport.CSV, TableExport.XLSX)
    dataset_kwargs = {"title": "projects"}
    title = _("โครงการ")

    def get_queryset(self):
        return project_list(user=self.request.user)

    def get_export_filename(self, export_format):
        year = self.filterset.form.cleaned_data.get("fiscal_year") if self.filterset.is_valid() else None
        return f"projects-{year or 'all'}.{export_format}"

    def create_export(self, export_format):
        response = super().create_export(export_format)
        if export_format == TableExport.CSV:
            # Excel reads a UTF-8 CSV as Thai only when it starts with a byte-order mark.
            response.content = codecs.BOM_UTF8 + response.content
        return response

    def render_to_response(self, context, **kwargs):
        # Only the formats offered on the page, whatever else tablib could write.
        if self.request.GET.get(self.export_trigger_param) not in (None, *self.export_formats):
            return super(ExportMixin, self).render_to_response(context, **kwargs)
        return super().render_to_response(context, **kwargs)
