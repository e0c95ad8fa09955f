"""The public verification page: anyone holding the paper checks its number, without signing in.

It shows what identifies the document (kind, project code and name, agency, print date) and what
changed since, as field labels and report numbers, never the values: those may name people.
"""

from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views import View

from ..models import DocumentKind
from ..verification import check_document


class VerifyLookupView(View):
    """A box to type the number printed on the paper."""

    def get(self, request):
        number = request.GET.get("number", "").strip()
        if number:
            return redirect("reports:verify", number=number.upper())
        return render(request, "reports/verify_lookup.html")


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
