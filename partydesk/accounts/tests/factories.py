"""Factories for users and role grants."""

from __future__ import annotations

import datetime as dt

from partydesk.accounts.models import Role, RoleGrant, User
from partydesk.organizations.models import Organization, Person

PASSWORD = "correct-horse-battery-9"


def make_user(
    username: str,
    *,
    organization: Organization,
    role: str = "specialist",
    person: Person | None = None,
    two_factor: bool = False,
) -> User:
    user = User.objects.create_user(
        username=username, email=f"{username}@example.test", password=PASSWORD, person=person
    )
    grant_role(user, role, organization)
    if two_factor:
        import pyotp
        from django.utils import timezone

        user.totp_secret = pyotp.random_base32()
        user.totp_confirmed_at = timezone.now()
        user.save(update_fields=["totp_secret", "totp_confirmed_at"])
    return user


def grant_role(user: User, role: str, organization: Organization) -> RoleGrant:
    return RoleGrant.objects.create(
        user=user,
        role=Role.objects.get(code=role),
        organization=organization,
        valid_from=dt.date(2020, 1, 1),
    )
