"""The project progress page."""

from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from projects import charts
from projects.models import Project
from projects.selectors import project_named_by, project_page

from .access import PermissionRequiredMixin


class ProjectDetailView(PermissionRequiredMixin, TemplateView):
    """Reachable by fiscal year and code or, for projects imported without a code, by id."""

    template_name = "projects/project_detail.html"
    permission_required = "projects.view_project"
    permission_denied_message = _("ท่านไม่มีสิทธิ์ดูโครงการของหน่วยงานอื่น")

    def get_permission_object(self):
        projects = Project.objects.with_figures().select_related("agency", "strategy")
        self.project = project_named_by(self.kwargs, projects)
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
