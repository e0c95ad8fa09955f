"""What every write form carries: the version it was opened at and a one-time token against double posts."""

import secrets

from django import forms
from django.utils.translation import gettext_lazy as _

# Hidden fields only change when someone edits the page by hand; whatever the rule, one message.
_REOPEN = _("ข้อมูลที่ส่งมากับแบบฟอร์มไม่ถูกต้อง กรุณาเปิดหน้านี้ใหม่แล้วกรอกอีกครั้ง")
TAMPERED = dict.fromkeys(("invalid", "min_value", "max_value", "max_length"), _REOPEN)


def new_token() -> str:
    return secrets.token_hex(16)


class GuardedForm(forms.Form):
    """A form whose save is refused when the record changed after it was opened, and stored once only.

    `version` is the record's version when the form was rendered; `token` is new for every rendering, so a
    second post of the same page (double click, reload) is recognised by the service.
    """

    # Optional on their own, required by a choice elsewhere in the form: not labelled "(ถ้ามี)".
    conditional_fields: tuple[str, ...] = ()

    version = forms.IntegerField(
        widget=forms.HiddenInput, required=False, min_value=0, max_value=2**31 - 1, error_messages=TAMPERED
    )
    token = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64, error_messages=TAMPERED)

    def __init__(self, *args, version: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = version
        self.fields["token"].initial = new_token()

    def with_version(self, version: int) -> "GuardedForm":
        """The same typed values, now based on `version`: posting it again knowingly overwrites."""
        data = self.data.copy()
        data[self.add_prefix("version")] = str(version)
        data[self.add_prefix("token")] = new_token()
        self.data = data
        self._errors = None
        return self


class ConfirmForm(GuardedForm):
    """Confirmation of a delete: the version the person saw and the token."""
