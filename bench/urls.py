"""The app's URLs plus the framework-floor baseline: a bare view returning HTML of a given size."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import path

from tracker.urls import urlpatterns as app_urlpatterns

_CHUNK = "<p>กรุงเทพมหานคร</p>\n"


@login_required
def bare(request, size: int):
    """No query of its own, no template: what any page costs before it does anything."""
    body = (_CHUNK * (size // len(_CHUNK.encode()) + 1)).encode()[:size]
    return HttpResponse(body, content_type="text/html; charset=utf-8")


urlpatterns = [*app_urlpatterns, path("bench/bare/<int:size>/", bare, name="bench-bare")]
