from django.urls import path

from . import converters  # noqa: F401 (registers `be_year`)
from .views import approval, detail, entry, evidence, legacy, lists, plan

app_name = "projects"

# A project is named by fiscal year and code (`projects/2566/04160000-6968/`), or by id when it has no code:
# the `-by-id` twin of each name. Build these URLs with `projects.links.project_url`.
PROJECT = "projects/<be_year:fiscal_year>/<str:code>/"
PROJECT_BY_ID = "projects/id/<int:pk>/"

urlpatterns = [
    path("", lists.HomeView.as_view(), name="home"),
    path("projects/", lists.ProjectListView.as_view(), name="list"),
    path("approvals/", approval.ApprovalListView.as_view(), name="approvals"),
    path("print/blank-report/", entry.BlankReportFormView.as_view(), name="blank-report"),
    path(PROJECT_BY_ID, detail.ProjectDetailView.as_view(), name="detail-by-id"),
    path(PROJECT, detail.ProjectDetailView.as_view(), name="detail"),
]

# Write pages for agency staff.
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
    ("reports/<int:number>/evidence/add/", evidence.EvidenceAddView, "report-evidence-add"),
    (
        "reports/<int:number>/evidence/<int:evidence_id>/remove/",
        evidence.EvidenceRemoveView,
        "report-evidence-remove",
    ),
    # Reading (those who read the project): the list, and each file only through the permission check.
    ("reports/<int:number>/evidence/", evidence.EvidenceListView, "report-evidence"),
    ("reports/<int:number>/evidence/<int:evidence_id>/", evidence.EvidenceFileView, "report-evidence-file"),
    (
        "reports/<int:number>/evidence/<int:evidence_id>/thumbnail/",
        evidence.EvidenceThumbnailView,
        "report-evidence-thumbnail",
    ),
    # The planning office's: one closed quarter opened to this project's staff until a set time.
    ("lock-exception/", plan.LockExceptionView, "lock-exception"),
]
urlpatterns += [
    path(f"{PROJECT_BY_ID}{route}", view.as_view(), name=f"{name}-by-id")
    for route, view, name in _write_pages
]
urlpatterns += [path(f"{PROJECT}{route}", view.as_view(), name=name) for route, view, name in _write_pages]

# The sign-off steps of one report (POST only): staff submit, the agency head approves, returns, withdraws.
_sign_off_steps = [
    ("reports/<int:number>/submit/", approval.SubmitView, "report-submit"),
    ("reports/<int:number>/approve/", approval.ApproveView, "report-approve"),
    ("reports/<int:number>/return/", approval.ReturnView, "report-return"),
    ("reports/<int:number>/withdraw/", approval.WithdrawView, "report-withdraw"),
]
urlpatterns += [
    path(f"{prefix}{route}", view.as_view(), name=f"{name}{suffix}")
    for route, view, name in _sign_off_steps
    for prefix, suffix in ((PROJECT, ""), (PROJECT_BY_ID, "-by-id"))
]

# Addresses by code alone (`projects/<code>/…`, before the fiscal year was part of them) live on in bookmarks
# and printed pages: they lead to the newest fiscal year's project. Included after every app's URLs
# (tracker/urls.py), so that they never shadow a real page.
legacy_urlpatterns = [
    path("projects/<str:code>/", legacy.LegacyProjectRedirectView.as_view(), name="legacy"),
    path("projects/<str:code>/<path:rest>", legacy.LegacyProjectRedirectView.as_view(), name="legacy-page"),
]
