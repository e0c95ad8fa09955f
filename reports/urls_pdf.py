"""Printed forms, their public verification and batch printing."""

from django.urls import path

from projects import converters  # noqa: F401 (registers `be_year`)

from .views import batch, pdf, verify

urlpatterns = [
    path("projects/id/<int:pk>/form.pdf", pdf.ProjectFormPdfView.as_view(), name="project-form-pdf-by-id"),
    path(
        "projects/<be_year:fiscal_year>/<str:code>/form.pdf",
        pdf.ProjectFormPdfView.as_view(),
        name="project-form-pdf",
    ),
    path(
        "evaluation/<int:fiscal_year>/q<int:quarter>/agency/<str:agency_code>/summary.pdf",
        pdf.QuarterSummaryPdfView.as_view(),
        name="quarter-summary-pdf",
    ),
    path("verify/", verify.VerifyLookupView.as_view(), name="verify-lookup"),
    path("verify/<str:number>/", verify.VerifyView.as_view(), name="verify"),
    path("print/batches/", batch.BatchListView.as_view(), name="batch-list"),
    path("print/batches/<int:pk>/status.json", batch.BatchStatusView.as_view(), name="batch-status"),
    path("print/batches/<int:pk>/download.pdf", batch.BatchDownloadView.as_view(), name="batch-download"),
]
