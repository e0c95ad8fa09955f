"""The public verification page: anyone holding the paper checks its number, without signing in.

It shows what identifies the document (kind, project code and name, agency, print date) and what
changed since, as field labels and report numbers, never the values: those may name people.
"""

import re

from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views import View

from ..models import DocumentKind
from ..verification import check_document

# What a document number can look like (`PF-2569-000123`); anything else is not one of ours.
DOCUMENT_NUMBER = re.compile(r"[A-Z0-9-]{1,32}", re.ASCII)


class VerifyLookupView(View):
    """A box to type the number printed on the paper."""

    def get(self, request):
        number = request.GET.get("number", "").strip().upper()
        if not number:
            return render(request, "reports/verify_lookup.html")
        if not DOCUMENT_NUMBER.fullmatch(number):
            return render(request, "reports/verify_not_found.html", {"number": number[:40]}, status=404)
        return redirect("reports:verify", number=number)


class VerifyView(View):
    def get(self, request, number: str):
        verification = check_document(number)
        if verification is None:
            return render(request, "reports/verify_not_found.html", {"number": number}, status=404)
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
