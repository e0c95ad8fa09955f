"""Paths that can name nothing: a NUL byte (`/projects/%00/`) is not found, before any view passes it to
PostgreSQL, which refuses NUL in text with an error (a 500 otherwise)."""

from django.http import Http404
from django.utils.translation import gettext as _


class NulPathMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path:
            raise Http404(_("ไม่พบหน้านี้"))
        return self.get_response(request)
