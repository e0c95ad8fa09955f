from django.urls import path

from . import views

app_name = "projects"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("projects/id/<int:pk>/", views.ProjectDetailView.as_view(), name="detail-by-id"),
    path("projects/<str:code>/", views.ProjectDetailView.as_view(), name="detail"),
]
