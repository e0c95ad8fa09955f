"""The edit buttons of the project page, for those who may edit the project.

{% load project_actions %}
{% project_edit_links project as links %}   → None for readers; otherwise the URLs of the write pages
"""

from django import template

from projects.roles import can_edit_project
from projects.views.editing import project_url

register = template.Library()

PAGES = ["report-create", "plan-edit", "kpi-list", "status-edit", "project-edit"]


@register.simple_tag(takes_context=True)
def project_edit_links(context, project):
    request = context.get("request")
    if request is None or not can_edit_project(request.user, project):
        return None
    links = {name.replace("-", "_"): project_url(name, project) for name in PAGES}
    links["reports"] = [
        {
            "report": report,
            "edit": project_url("report-edit", project, number=report.number),
            "delete": project_url("report-delete", project, number=report.number),
        }
        for report in project.reports.order_by("-number")
    ]
    return links
