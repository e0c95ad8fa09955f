from django.urls import path

from .views import detail, lists

app_name = "projects"

urlpatterns = [
    path("", lists.HomeView.as_view(), name="home"),
    path("projects/", lists.ProjectListView.as_view(), name="list"),
    path("projects/id/<int:pk>/", detail.ProjectDetailView.as_view(), name="detail-by-id"),
    path("projects/<str:code>/", detail.ProjectDetailView.as_view(), name="detail"),
]
