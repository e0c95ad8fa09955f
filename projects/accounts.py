"""Creating and updating user accounts with their role and agencies (services: keyword-only, atomic).

A role is one of `staff`, `head`, `planner`, `admin`: staff, agency heads and planners are the groups of
`projects.roles`, an administrator is a superuser with the staff flag. Staff and heads work for at least one
agency, found by its code or its exact name.
"""

import secrets
import string
from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser, Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from .models import Agency, AgencyMembership
from .roles import ADMINISTRATOR_LABEL, AGENCY_ROLES, ROLE_LABELS, ROLES, ensure_groups
from .thai import normalize_line, thai_to_arabic_digits

ADMIN = "admin"
ROLE_NAMES = (*ROLES, ADMIN)  # staff, head, planner, admin
ROLE_DESCRIPTIONS = {
    **{role: ROLE_LABELS[group] for role, group in ROLES.items()},
    ADMIN: ADMINISTRATOR_LABEL,
}
# No look-alike characters (0/O, 1/l/I), so a password read aloud or from paper is typed right.
PASSWORD_ALPHABET = "".join(c for c in string.ascii_letters + string.digits if c not in "0O1lI")
PASSWORD_GROUPS = 4
PASSWORD_GROUP_LENGTH = 5


class AccountError(ValueError):
    """A request about an account that cannot be carried out; the message is Thai."""


@dataclass(frozen=True)
class AccountResult:
    user: AbstractUser
    created: bool
    # The password to hand over, when this call set one it generated; None otherwise.
    generated_password: str | None


def generate_password() -> str:
    """A random password of 4 groups of 5 letters and digits (about 113 bits), e.g. `aB3xk-9Qzt2-...`."""
    groups = (
        "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(PASSWORD_GROUP_LENGTH))
        for _ in range(PASSWORD_GROUPS)
    )
    return "-".join(groups)


def find_agency(identifier: str) -> Agency:
    """The agency with this code (`05000000`, Thai digits allowed) or exactly this name."""
    text = normalize_line(identifier) or ""
    if not text:
        raise AccountError("กรุณาระบุหน่วยงานด้วยรหัสหรือชื่อ")
    code = thai_to_arabic_digits(text)
    by_code = Agency.objects.filter(code=code).first()
    if by_code is not None:
        return by_code
    matches = list(Agency.objects.filter(name=text).order_by("code")[:5])
    if not matches:
        raise AccountError(f"ไม่พบหน่วยงาน “{text}” กรุณาระบุรหัสหน่วยงาน 8 หลัก หรือชื่อหน่วยงานให้ตรงทุกตัวอักษร")
    if len(matches) > 1:
        codes = ", ".join(a.code for a in matches)
        raise AccountError(f"ชื่อหน่วยงาน “{text}” ตรงกับหลายหน่วยงาน (รหัส {codes}) กรุณาระบุด้วยรหัสหน่วยงาน")
    return matches[0]


def _set_role(user: AbstractUser, role: str) -> None:
    """Leave the user in exactly the group of `role` (none for an administrator); other groups are kept."""
    ensure_groups()
    wanted = set() if role == ADMIN else {ROLES[role]}
    current = set(user.groups.filter(name__in=ROLES.values()).values_list("name", flat=True))
    if current - wanted:
        user.groups.remove(*Group.objects.filter(name__in=current - wanted))
    if wanted - current:
        user.groups.add(*Group.objects.filter(name__in=wanted - current))


def _set_agencies(user: AbstractUser, agencies: Sequence[Agency]) -> None:
    wanted = {a.pk for a in agencies}
    for membership in AgencyMembership.objects.filter(user=user).exclude(agency_id__in=wanted):
        membership.delete()  # one by one, so each removal is in the history
    have = set(AgencyMembership.objects.filter(user=user).values_list("agency_id", flat=True))
    for agency in agencies:
        if agency.pk not in have:
            membership = AgencyMembership(user=user, agency=agency)
            membership.full_clean()
            membership.save()
            have.add(agency.pk)


@transaction.atomic
def save_account(
    *,
    username: str,
    role: str,
    agencies: Sequence[str] | None = None,
    password: str | None = None,
    email: str | None = None,
    check_password_strength: bool = True,
) -> AccountResult:
    """Create the account or update the existing one with this user name; never a second account.

    `agencies` (codes or exact names) replace the user's agencies when given and are kept when None.
    A new account without `password` gets a generated one, returned once in the result; an existing
    account keeps its password unless one is given.
    """
    if role not in ROLE_NAMES:
        raise AccountError(f"บทบาท “{role}” ไม่มีในระบบ ใช้ได้: {', '.join(ROLE_NAMES)}")
    User = get_user_model()
    username = User.normalize_username(normalize_line(username) or "")
    if not username:
        raise AccountError("กรุณาระบุชื่อผู้ใช้")
    found = None if agencies is None else [find_agency(identifier) for identifier in agencies]

    user = User.objects.filter(username=username).first()
    created = user is None
    if created:
        user = User(username=username)
    if email is not None:
        user.email = User.objects.normalize_email(normalize_line(email) or "")
    if found is None and role in AGENCY_ROLES:
        found = [] if created else list(Agency.objects.filter(memberships__user=user))
    if role in AGENCY_ROLES and not found:
        raise AccountError(
            f"{ROLE_DESCRIPTIONS[role]}ต้องสังกัดอย่างน้อยหนึ่งหน่วยงาน (ระบุด้วย --agency รหัสหรือชื่อหน่วยงาน)"
        )

    generated = None
    if password is None and created:
        password = generated = generate_password()
    user.is_superuser = user.is_staff = role == ADMIN
    if password is not None:
        if check_password_strength:
            try:
                validate_password(password, user)
            except ValidationError as error:
                raise AccountError("รหัสผ่านใช้ไม่ได้: " + " ".join(error.messages)) from None
        user.set_password(password)
    try:
        user.full_clean(exclude=["password", "last_login"])
    except ValidationError as error:
        messages = "; ".join(f"{k}: {' '.join(v)}" for k, v in error.message_dict.items())
        raise AccountError(f"ข้อมูลผู้ใช้ไม่ถูกต้อง: {messages}") from None
    user.save()
    _set_role(user, role)
    if found is not None:
        _set_agencies(user, found)
    return AccountResult(user=user, created=created, generated_password=generated)
