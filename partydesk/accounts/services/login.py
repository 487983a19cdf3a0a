"""Password logins: rate limits, counting failures, locking the account, logout, password."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from partydesk.accounts.errors import AccountLocked, InvalidCredentials
from partydesk.accounts.models import User
from partydesk.accounts.selectors import audit_organization_id
from partydesk.accounts.services.throttle import throttle_login
from partydesk.core.audit import audit_log
from partydesk.core.errors import InvalidInput


def _account_for(login: str) -> User | None:
    text = login.strip()
    if not text:
        return None
    return (
        User.objects.filter(Q(username__iexact=text) | Q(email__iexact=text)).order_by("pk").first()
    )


def login_attempt(*, login: str, password: str, ip: str | None) -> User:
    """Check a username-or-email and password. Counts failures on the account and locks it
    after PARTYDESK_LOCKOUT_THRESHOLD of them in a row.

    Not one transaction on purpose: a failure must stay recorded although the caller gets
    an exception, so each recording commits on its own.
    """
    throttle_login(ip=ip, login=login)
    user = _account_for(login)
    if user is not None and user.is_locked:
        assert user.locked_until is not None
        audit_log(
            actor=user,
            action="accounts.user.login_failed",
            target=user,
            organization_id=audit_organization_id(user),
            details={"reason": "locked"},
        )
        raise AccountLocked(user.locked_until)
    authenticated = authenticate(None, username=login.strip(), password=password)
    if not isinstance(authenticated, User):
        locked_until = login_failure_record(user=user, login=login, reason="password")
        if locked_until is not None:
            raise AccountLocked(locked_until)
        raise InvalidCredentials()
    return authenticated


@transaction.atomic
def login_failure_record(*, user: User | None, login: str, reason: str) -> dt.datetime | None:
    """Record one failed attempt; lock the account when it reaches the threshold.
    Returns the end of the lock when this failure locked the account."""
    if user is None:
        audit_log(
            actor=None,
            action="accounts.user.login_failed",
            details={"login": login.strip()[:150], "reason": "unknown_account"},
        )
        return None
    locked = User.objects.select_for_update().get(pk=user.pk)
    locked.failed_login_count += 1
    org_id = audit_organization_id(locked)
    audit_log(
        actor=locked,
        action="accounts.user.login_failed",
        target=locked,
        organization_id=org_id,
        details={"reason": reason, "failures_in_a_row": locked.failed_login_count},
    )
    until = None
    if locked.failed_login_count >= settings.PARTYDESK_LOCKOUT_THRESHOLD:
        until = timezone.now() + dt.timedelta(minutes=settings.PARTYDESK_LOCKOUT_MINUTES)
        locked.locked_until = until
        locked.failed_login_count = 0
        audit_log(
            actor=locked,
            action="accounts.user.locked",
            target=locked,
            organization_id=org_id,
            details={"until": until.isoformat(), "minutes": settings.PARTYDESK_LOCKOUT_MINUTES},
        )
    locked.save(update_fields=["failed_login_count", "locked_until"])
    return until


@transaction.atomic
def login_succeeded(*, user: User, second_factor: str = "") -> None:
    """Clear the failure count and record the login (after the second factor, if any)."""
    User.objects.filter(pk=user.pk).update(failed_login_count=0, locked_until=None)
    user.failed_login_count = 0
    user.locked_until = None
    audit_log(
        actor=user,
        action="accounts.user.logged_in",
        target=user,
        organization_id=audit_organization_id(user),
        details={"second_factor": second_factor} if second_factor else {},
    )


def logout_record(*, user: User) -> None:
    """Record a logout (the caller then ends the session)."""
    audit_log(
        actor=user,
        action="accounts.user.logged_out",
        target=user,
        organization_id=audit_organization_id(user),
    )


@transaction.atomic
def password_change(*, user: User, old_password: str, new_password: str) -> None:
    """Change one's own password: the old one proves it is the owner; the new one must pass
    the configured password validators. Other sessions of the account end with it."""
    locked = User.objects.select_for_update().get(pk=user.pk)
    if not locked.check_password(old_password):
        raise InvalidInput(_("Your current password is not correct."), field="old_password")
    try:
        validate_password(new_password, locked)
    except ValidationError as exc:
        raise InvalidInput(" ".join(exc.messages), field="new_password1") from exc
    locked.set_password(new_password)
    locked.save(update_fields=["password"])
    user.password = locked.password
    audit_log(
        actor=user,
        action="accounts.user.password_changed",
        target=user,
        organization_id=audit_organization_id(user),
    )
