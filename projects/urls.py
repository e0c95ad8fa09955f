from django.urls import path

from .views import pages

app_name = "projects"

urlpatterns = [
    path("", pages.HomeView.as_view(), name="home"),
    path("projects/id/<int:pk>/", pages.ProjectDetailView.as_view(), name="detail-by-id"),
    path("projects/<str:code>/", pages.ProjectDetailView.as_view(), name="detail"),
]
