"""The page for an address that leads nowhere, in the reader's language.

Django's own "not found" messages (an unknown address, `get_object_or_404`) are English and name internals:
the page says only what our own refusals explain (`ExplainedNotFound`), in Thai or in the reader's language.
"""

from django.http import Http404
from django.shortcuts import render


class ExplainedNotFound(Http404):
    """A 404 whose message says why, for the person who asked (translated where it is raised)."""


def page_not_found(request, exception):
    reason = str(exception) if isinstance(exception, ExplainedNotFound) else ""
    return render(request, "404.html", {"reason": reason}, status=404)
