"""What every write page shares: find the project, let only those who may edit it in, report service refusals."""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _

from projects.models import Project
from projects.roles import can_edit_project


def project_url(name: str, project: Project, **kwargs) -> str:
    """The URL of one of the project's pages: by code when it has one, by id when not."""
    if project.code:
        return reverse(f"projects:{name}", kwargs={"code": project.code, **kwargs})
    return reverse(f"projects:{name}-by-id", kwargs={"pk": project.pk, **kwargs})


def find_project(kwargs) -> Project:
    projects = Project.objects.select_related("agency")
    if "pk" in kwargs:
        return get_object_or_404(projects, pk=kwargs["pk"])
    # A code names one project per fiscal year; the newest year is the one people work on.
    project = projects.filter(code=kwargs["code"]).order_by("-fiscal_year").first()
    if project is None:
        raise Http404(_("ไม่พบโครงการ"))
    return project


class ProjectEditMixin:
    """Anonymous people are sent to sign in; anyone who may not edit this project gets 403."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        self.project = find_project(kwargs)
        if not can_edit_project(request.user, self.project):
            raise PermissionDenied(_("ท่านไม่มีสิทธิ์แก้ไขข้อมูลของโครงการนี้"))
        return super().dispatch(request, *args, **kwargs)

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
