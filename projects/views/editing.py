"""What every write page shares: find the project, let only those who may edit it in, report service refusals."""

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy

from projects.models import ProgressReport, Project
from projects.selectors import project_named_by

from .access import PermissionRequiredMixin


def find_report(project: Project, request, number: int) -> ProgressReport:
    """The report a page is about: by the id a posted form names (renumbering never changes it), else by number."""
    reports = project.reports
    posted = request.POST.get("report_id") if request.method == "POST" else None
    # ASCII digits only and short enough for the id column: `int()` reads other digits and any length.
    if posted and posted.isascii() and posted.isdigit() and len(posted) <= 18:
        found = reports.filter(pk=int(posted)).first()
        if found is not None:
            return found
    return get_object_or_404(reports, number=number)


class ProjectEditMixin(PermissionRequiredMixin):
    """A write page of one project: `permission_required` is asked about the project."""

    permission_required = "projects.change_project"
    permission_denied_message = gettext_lazy("ท่านไม่มีสิทธิ์แก้ไขข้อมูลของโครงการนี้")

    def get_permission_object(self):
        self.project = project_named_by(self.kwargs)
        return self.project

    def get_context_data(self, **kwargs):
        kwargs.setdefault("project", self.project)
        kwargs.setdefault("project_url", self.project.get_absolute_url())
        return super().get_context_data(**kwargs)


def add_service_errors(form, exc: ValidationError, messages_for=None) -> None:
    """Put a service's refusal beside the fields it names (and in the summary); the rest at the top.

    `messages_for(error)` may replace a message, e.g. to add a link to the record it names.
    """
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for field, errors in exc.error_dict.items():
        target = field if field in form.fields and not form.fields[field].widget.is_hidden else None
        for error in errors:
            form.add_error(target, messages_for(error) if messages_for else error)
