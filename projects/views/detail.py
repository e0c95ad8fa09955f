"""The project progress page."""

from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from projects import charts
from projects.selectors import project_by_id, project_by_year_code, project_page

from .access import PermissionRequiredMixin


class ProjectDetailView(PermissionRequiredMixin, TemplateView):
    """Reachable by fiscal year and code or, for projects imported without a code, by id."""

    template_name = "projects/project_detail.html"
    permission_required = "projects.view_project"
    permission_denied_message = _("ท่านไม่มีสิทธิ์ดูโครงการของหน่วยงานอื่น")

    def get_permission_object(self):
        if "pk" in self.kwargs:
            self.project = project_by_id(pk=self.kwargs["pk"])
        else:
            self.project = project_by_year_code(
                fiscal_year=self.kwargs["fiscal_year"], code=self.kwargs["code"]
            )
        return self.project

    def get_context_data(self, **kwargs):
        project = self.project
        page = project_page(user=self.request.user, project=project)
        return super().get_context_data(
            project=project,
            page=page,
            chart=charts.progress_figure_json(
                reports=page.reports, steps=page.steps, today=page.today, fiscal_year=project.fiscal_year
            ),
            timeline=charts.timeline(steps=page.steps, today=page.today),
            **kwargs,
        )
