from django.urls import path

from .views import detail, entry, lists, plan

app_name = "projects"

urlpatterns = [
    path("", lists.HomeView.as_view(), name="home"),
    path("projects/", lists.ProjectListView.as_view(), name="list"),
    path("print/blank-report/", entry.BlankReportFormView.as_view(), name="blank-report"),
    path("projects/id/<int:pk>/", detail.ProjectDetailView.as_view(), name="detail-by-id"),
    path("projects/<str:code>/", detail.ProjectDetailView.as_view(), name="detail"),
]

# Write pages for agency staff. Projects without a code are reached by id: the `-by-id` twin of each name.
_write_pages = [
    ("reports/new/", entry.ReportCreateView, "report-create"),
    ("reports/<int:number>/edit/", entry.ReportUpdateView, "report-edit"),
    ("reports/<int:number>/delete/", entry.ReportDeleteView, "report-delete"),
    ("plan/", plan.PlanEditView, "plan-edit"),
    ("kpis/", plan.KpiListView, "kpi-list"),
    ("kpis/new/", plan.KpiFormView, "kpi-create"),
    ("kpis/<int:kpi_id>/edit/", plan.KpiFormView, "kpi-edit"),
    ("kpis/<int:kpi_id>/delete/", plan.KpiDeleteView, "kpi-delete"),
    ("status/", plan.StatusView, "status-edit"),
    ("edit/", plan.ProjectEditView, "project-edit"),
]
urlpatterns += [
    path(f"projects/id/<int:pk>/{route}", view.as_view(), name=f"{name}-by-id")
    for route, view, name in _write_pages
]
urlpatterns += [
    path(f"projects/<str:code>/{route}", view.as_view(), name=name) for route, view, name in _write_pages
]
