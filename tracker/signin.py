"""Signing in: the form's Thai messages, limits beyond django-axes' per-account lockout (failures per address),
and how long a session lives.

- axes locks one user name from one address after a few failures; password spraying tries many user names
  from one address, so failed sign-ins are also counted per address (django-ratelimit, in the cache) and
  that address is refused for a while once it has failed `SIGN_IN_FAILURES_PER_ADDRESS` times.
- `SESSION_COOKIE_AGE` ends a session after a working day without a request; `SessionLimitMiddleware` also
  ends it `SESSION_ABSOLUTE_AGE` seconds after signing in, however busy it was.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.contrib.auth.views import redirect_to_login
from django.dispatch import receiver
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_ratelimit import ALL
from django_ratelimit.core import get_usage

from .ratelimits import window

SIGNED_IN_AT = "signed_in_at"


class SignInForm(AuthenticationForm):
    """Django's sign-in form, saying in Thai what to do: which box is empty, or that the name and password
    do not match (never which of the two is wrong)."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": gettext_lazy("ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง กรุณาลองใหม่ (ตัวพิมพ์เล็ก–ใหญ่มีผล)"),
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].error_messages["required"] = gettext_lazy("กรุณากรอกชื่อผู้ใช้")
        self.fields["password"].error_messages["required"] = gettext_lazy("กรุณากรอกรหัสผ่าน")


FAILURES_GROUP = "sign-in-failures"


def _failures(request, *, increment: bool) -> dict:
    return get_usage(
        request,
        group=FAILURES_GROUP,
        key="ip",
        rate=settings.SIGN_IN_FAILURES_PER_ADDRESS,
        method=ALL,
        increment=increment,
    )


def address_refused(request) -> bool:
    """The address has used up its failed sign-ins for the current window."""
    usage = _failures(request, increment=False)
    return usage is not None and usage["count"] >= usage["limit"]


@receiver(user_login_failed)
def count_failure(sender, credentials, request=None, **kwargs):
    if request is not None:
        _failures(request, increment=True)


@receiver(user_logged_in)
def remember_sign_in(sender, request, user, **kwargs):
    request.session[SIGNED_IN_AT] = int(time.time())


class SignInLimitMiddleware:
    """Refuses sign-in from an address with too many failures, and ends sessions past their absolute age."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and request.path == reverse("login") and address_refused(request):
            context = {"cooloff_timedelta": window(settings.SIGN_IN_FAILURES_PER_ADDRESS)}
            return render(request, "registration/locked_out.html", context, status=429)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            signed_in_at = request.session.setdefault(SIGNED_IN_AT, int(time.time()))
            if time.time() - signed_in_at > settings.SESSION_ABSOLUTE_AGE:
                logout(request)
                messages.info(request, _("หมดเวลาการใช้งานต่อเนื่องสูงสุดแล้ว กรุณาเข้าสู่ระบบอีกครั้ง"))
                return redirect_to_login(request.get_full_path())
        return self.get_response(request)
