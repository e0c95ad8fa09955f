"""Demo accounts: their passwords are published, so they exist only on developers' machines.

An account is a demo account when it belongs to the `demo_account` group: `load_sample_data` puts the accounts
it creates there, and a migration marked the ones created before, while they still had the published password.
With `DEBUG` off they cannot sign in (`DemoAwareBackend`), `check --deploy` warns while any exists and
`remove_demo_accounts` deletes them.
"""

import rules
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group
from django.core import checks
from django.db import DatabaseError

DEMO_GROUP = "demo_account"


def mark_demo(user) -> None:
    group, _ = Group.objects.get_or_create(name=DEMO_GROUP)
    user.groups.add(group)


def demo_accounts():
    return get_user_model().objects.filter(groups__name=DEMO_GROUP)


# django-rules' group predicate reads the user's groups once per request and keeps them on the user, where the
# role predicates (projects/rules.py) find them: checking an open session costs no query of its own.
is_demo_account = rules.is_group_member(DEMO_GROUP)


class DemoAwareBackend(ModelBackend):
    """Django's model backend that, outside DEBUG, refuses demo accounts: at sign-in and for open sessions.

    A permission named in `rules` (projects/rules.py) is decided there alone: this backend does not answer it,
    so a refusal costs no look-up of the user's group and model permissions. Model permissions that `rules`
    does not name still come from the permission tables."""

    def has_perm(self, user_obj, perm, obj=None):
        if rules.perm_exists(perm):
            return False
        return super().has_perm(user_obj, perm, obj)

    def user_can_authenticate(self, user):
        if not super().user_can_authenticate(user):
            return False
        return settings.DEBUG or not is_demo_account(user)


@checks.register(checks.Tags.security, deploy=True)
def check_no_demo_accounts(app_configs=None, databases=None, **kwargs):
    """`check --deploy` names the demo accounts still in the database (their passwords are published)."""
    try:
        names = sorted(demo_accounts().values_list("username", flat=True))
    except DatabaseError:
        return []  # no database yet (before the first migrate): nothing to warn about
    if not names:
        return []
    return [
        checks.Warning(
            f"มีบัญชีทดลองซึ่งรหัสผ่านเป็นที่เปิดเผยอยู่ในฐานข้อมูล: {', '.join(names)} / "
            "demo accounts with published passwords exist",
            hint="python manage.py remove_demo_accounts",
            id="projects.W001",
        )
    ]
