"""The URLs of the project page's edit buttons; which of them a user sees is asked with `{% has_perm %}`.

{% load project_actions %}
{% project_edit_links project as links %}   → the URLs of the write pages and of each report's edit/delete
"""

from django import template

from projects.closing import mark_closed
from projects.views.editing import project_url

register = template.Library()

PAGES = ["report-create", "plan-edit", "kpi-list", "status-edit", "project-edit"]


@register.simple_tag
def project_edit_links(project):
    links = {name.replace("-", "_"): project_url(name, project) for name in PAGES}
    links["reports"] = [
        {
            "report": report,
            "edit": project_url("report-edit", project, number=report.number),
            "delete": project_url("report-delete", project, number=report.number),
        }
        for report in mark_closed(list(project.reports.order_by("-number")))
    ]
    return links
