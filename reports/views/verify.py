"""The public verification page: anyone holding the paper checks its number and check code, without signing in.

It shows what identifies the document (kind, project code and name, agency, print date) and what
changed since, as field labels and report numbers, never the values: those may name people.

Numbers run in sequence, so a number alone finds nothing (except on papers printed before check codes,
whose QR code carries only the number): a wrong code and an unknown number give the same page. Each
address may look up `VERIFY_LOOKUPS_PER_ADDRESS` documents per period (django-ratelimit, in the cache),
then gets a Thai 429 page.
"""

import re

from django.conf import settings
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.views import View
from django_ratelimit.decorators import ratelimit

from tracker.ratelimits import window

from ..forms import VerifyLookupForm
from ..models import DocumentKind
from ..printing import CHECK_CODE_PARAMETER
from ..verification import check_document

# What a document number can look like (`PF-2569-000123`); anything else is not one of ours.
DOCUMENT_NUMBER = re.compile(r"[A-Z0-9-]{1,32}", re.ASCII)
# What a typed check code may be before it is compared (spaces and hyphens allowed, case ignored).
CHECK_CODE = re.compile(r"[A-Za-z0-9 -]{0,32}", re.ASCII)


def not_found(request, number: str):
    """One page for an unknown number, a wrong check code and a malformed input."""
    # The number typed stays in its box, to be corrected; the check code is typed again.
    context = {"number": number[:40], "verify_form": VerifyLookupForm(initial={"number": number[:32]})}
    return render(request, "reports/verify_not_found.html", context, status=404)


class VerifyLookupView(View):
    """Boxes for the number and the check code printed on the paper; looks nothing up itself."""

    def get(self, request):
        number = request.GET.get("number", "").strip().upper()
        code = request.GET.get("code", "").strip()
        if not number:
            return render(request, "reports/verify_lookup.html", {"verify_form": VerifyLookupForm()})
        if not DOCUMENT_NUMBER.fullmatch(number) or not CHECK_CODE.fullmatch(code):
            return not_found(request, number)
        url = reverse("reports:verify", kwargs={"number": number})
        return redirect(f"{url}?{urlencode({CHECK_CODE_PARAMETER: code})}")


def verify_rate(group, request) -> str:
    return settings.VERIFY_LOOKUPS_PER_ADDRESS


@method_decorator(ratelimit(group="verify", key="ip", rate=verify_rate, block=False), name="get")
class VerifyView(View):
    def get(self, request, number: str):
        if getattr(request, "limited", False):
            context = {"cooloff_timedelta": window(settings.VERIFY_LOOKUPS_PER_ADDRESS)}
            return render(request, "reports/verify_limited.html", context, status=429)
        code = request.GET.get(CHECK_CODE_PARAMETER, "")
        verification = check_document(number, code) if CHECK_CODE.fullmatch(code) else None
        if verification is None:
            return not_found(request, number)
        document = verification.document
        snapshot = document.snapshot
        context = {
            "verification": verification,
            "document": document,
            "kind_label": gettext(
                DocumentKind(document.kind).label
            ),  # in the reader's language; the paper stays Thai
            "is_project_form": document.kind == DocumentKind.PROJECT_FORM,
            "project": snapshot.get("project", {}),
            "summary": snapshot if document.kind == DocumentKind.QUARTER_SUMMARY else None,
        }
        return render(request, "reports/verify.html", context)
