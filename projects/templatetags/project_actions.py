"""The URLs of a project's pages; which of them a user sees is asked with `{% has_perm %}`, and which sign-off
steps of a report with `{% may_take_step %}`.

{% load project_actions %}
{% project_edit_links project as links %}   → the URLs of the write pages and of each report's edit/delete
{% project_url "reports:project-form-pdf" project %}   → one page of the project (`projects.links.project_url`)
{% may_take_step "projects.approve_report" user report as may_approve %}   → `projects.rules.may_take_step`
{% closed_quarter_note report %}   → why staff cannot correct a report of a closed quarter
{% sign_off_closed_note report %}   → why the head cannot send a report of a closed quarter back to staff
"""

from django import template

from projects import rules
from projects.closing import mark_closed
from projects.forms.approval import SignOffCommentForm
from projects.links import project_url
from projects.services.approval import closed_quarter_refusal
from projects.services.reports import closed_quarter_message

register = template.Library()

PAGES = ["report-create", "plan-edit", "kpi-list", "status-edit", "project-edit"]


register.simple_tag(project_url, name="project_url")


@register.simple_tag
def may_take_step(step: str, user, report) -> bool:
    """`{% has_perm %}` for a sign-off step: asked of the rules, so an administrator is offered only the steps
    the report's state allows (`User.has_perm` would offer them every step)."""
    return rules.may_take_step(user, step, report)


@register.simple_tag
def sign_off_comment(step: str, report):
    """The comment box of a head's step on a report (`return` or `withdraw`), for `includes/field.html`."""
    return SignOffCommentForm(step=step, report=report)["comment"]


@register.simple_tag
def closed_quarter_note(report) -> str:
    """What the report's edit page would say to staff: its quarter is closed (`closed_quarter_message`)."""
    return closed_quarter_message(report.report_date)


@register.simple_tag
def sign_off_closed_note(report) -> str:
    """What the service would say to a head returning the report or withdrawing its approval in a closed
    quarter (`closed_quarter_refusal`)."""
    return closed_quarter_refusal(report)


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
