"""URL configuration: each app brings its own urls module."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from projects.urls import legacy_urlpatterns

from .health import healthz
from .signin import SignInForm

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    # Only signing in and out: passwords are set by administrators.
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True, authentication_form=SignInForm),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("projects.urls")),
    path("", include("reports.urls")),
    path("", include("reminders.urls")),
    # Old project addresses by code alone: redirected to the newest fiscal year, after every real page.
    path("", include((legacy_urlpatterns, "projects"), namespace="projects-legacy")),
]
# Media files (batch PDFs naming people) are never served by URL, not even in DEBUG: only through the
# permission-checked download view.

# Not found: a Thai page (`templates/404.html`) that says why where our refusal does.
handler404 = "tracker.errors.page_not_found"
