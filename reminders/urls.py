from django.urls import path

from . import views

app_name = "reminders"

urlpatterns = [
    path("notices/", views.NoticeListView.as_view(), name="notices"),
    path("notices/settings/", views.PreferenceView.as_view(), name="settings"),
]
