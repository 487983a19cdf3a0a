"""Factories for users and role grants, and clients logged in the way the app expects."""

from __future__ import annotations

import datetime as dt
import time

import pyotp
from django.test import Client
from django.utils import timezone

from partydesk.accounts.middleware import SESSION_VERIFIED_KEY
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


def totp_code(user: User, *, at: float | None = None) -> str:
    """The code the user's authenticator app shows at `at` (now by default)."""
    return pyotp.TOTP(user.totp_secret).at(time.time() if at is None else at)


def verified_client(user: User) -> Client:
    """A client logged in as `user` whose session has passed the second factor."""
    client = Client()
    client.force_login(user)
    session = client.session
    session[SESSION_VERIFIED_KEY] = True
    session.save()
    return client
