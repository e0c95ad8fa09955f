from django.urls import path

from .urls_pdf import urlpatterns as pdf_urlpatterns
from .views import mine, overdue, quarter, rollups

app_name = "reports"

urlpatterns = [
    path("evaluation/", quarter.CurrentQuarterView.as_view(), name="current-quarter"),
    path("evaluation/mine/", mine.MyEvaluationsView.as_view(), name="mine"),
    path("evaluation/overdue/", overdue.OverdueView.as_view(), name="overdue"),
    path("evaluation/<int:fiscal_year>/q<int:quarter>/", quarter.QuarterView.as_view(), name="quarter"),
    path(
        "evaluation/<int:fiscal_year>/q<int:quarter>/rollups/", rollups.RollupView.as_view(), name="rollups"
    ),
    path(
        "evaluation/<int:fiscal_year>/q<int:quarter>/score/",
        quarter.BulkScoreView.as_view(),
        name="score-bulk",
    ),
    path(
        "evaluation/<int:fiscal_year>/q<int:quarter>/projects/<int:pk>/",
        quarter.ProjectScoreView.as_view(),
        name="score-project",
    ),
    path(
        "evaluation/<int:fiscal_year>/q<int:quarter>/close/", quarter.CloseQuarterView.as_view(), name="close"
    ),
    path(
        "evaluation/<int:fiscal_year>/q<int:quarter>/reopen/",
        quarter.ReopenQuarterView.as_view(),
        name="reopen",
    ),
]

# Printed forms, their public verification and batch printing.
urlpatterns += pdf_urlpatterns
