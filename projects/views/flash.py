"""Form errors of a page that redirects back to itself: shown as messages, since the form is not re-rendered."""

from django.contrib import messages


def flash_form_errors(request, form) -> None:
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)
