"""Views of the projects app: thin, declarative; reads come from selectors, writes go through services."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, TemplateView

from projects.models import Project


class HomeView(LoginRequiredMixin, TemplateView):
    template_name = "projects/home.html"


class ProjectDetailView(LoginRequiredMixin, DetailView):
    template_name = "projects/project_detail.html"
    context_object_name = "project"

    def get_object(self, queryset=None):
        projects = Project.objects.with_figures().select_related("agency")
        if "pk" in self.kwargs:
            return get_object_or_404(projects, pk=self.kwargs["pk"])
        # A code names one project per fiscal year; the newest year is the one people look for.
        project = projects.filter(code=self.kwargs["code"]).order_by("-fiscal_year").first()
        if project is None:
            raise Http404("ไม่พบโครงการ")
        return project
