"""The project progress page."""

from django.views.generic import TemplateView

from projects import charts
from projects.selectors import project_by_code, project_by_id, project_page

from .access import RoleRequiredMixin, ensure_can_read


class ProjectDetailView(RoleRequiredMixin, TemplateView):
    """Reachable by code (newest fiscal year) or, for projects imported without a code, by id."""

    template_name = "projects/project_detail.html"

    def get_context_data(self, **kwargs):
        if "pk" in self.kwargs:
            project = project_by_id(pk=self.kwargs["pk"])
        else:
            project = project_by_code(code=self.kwargs["code"], user=self.request.user)
        ensure_can_read(self.request.user, project)
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
