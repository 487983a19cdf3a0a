"""Accounts administered in a scope: create, change clearance or status, unlock, reset 2FA."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from partydesk.accounts.models import Clearance, RoleGrant, User
from partydesk.accounts.permissions import (
    can_manage_accounts,
    can_manage_user,
    can_set_clearance,
)
from partydesk.accounts.selectors.users import user_homes
from partydesk.accounts.services.two_factor import two_factor_clear
from partydesk.core.audit import audit_log
from partydesk.core.errors import Conflict, InvalidInput, NotAllowed
from partydesk.organizations.models import Person


def account_names(full_name: str) -> dict[str, str]:
    """An account's first and last name from a person's full name, Vietnamese order: the
    given name is the last word, the family and middle names the rest."""
    family, _, given = full_name.rpartition(" ")
    return {"first_name": given[:150], "last_name": family[:150]}


def _check_clearance(actor: User, clearance: int) -> None:
    if clearance not in Clearance.values:
        raise InvalidInput(_("Choose a clearance from the list."), field="clearance")
    if not can_set_clearance(actor, clearance):
        raise NotAllowed(_("You cannot give a clearance above your own."), field="clearance")


@transaction.atomic
def user_create(
    *,
    actor: User,
    actor_grants: Iterable[RoleGrant],
    person: Person,
    username: str,
    email: str,
    password: str,
    clearance: int = Clearance.NONE,
) -> User:
    """Open an account for a person of an organization the actor administers."""
    if not can_manage_accounts(actor_grants, person.organization):
        raise NotAllowed(
            _("You can open accounts only for people of organizations you administer."),
            field="person",
        )
    _check_clearance(actor, clearance)
    name = username.strip()
    mail = email.strip()
    if User.objects.filter(username__iexact=name).exists():
        raise InvalidInput(_("This username is taken; choose another."), field="username")
    if mail and User.objects.filter(Q(email__iexact=mail) | Q(username__iexact=mail)).exists():
        raise InvalidInput(_("Another account uses this email."), field="email")
    if User.objects.filter(person=person).exists():
        raise InvalidInput(_("This person already has an account."), field="person")
    user = User(
        username=name,
        email=mail,
        person=person,
        clearance=clearance,
        **account_names(person.full_name),
    )
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise InvalidInput(" ".join(exc.messages), field="password1") from exc
    user.set_password(password)
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError as exc:
        raise Conflict() from exc
    audit_log(
        actor=actor,
        action="accounts.user.created",
        target=user,
        organization_id=person.organization_id,
        details={"username": user.username, "person": person.pk, "clearance": clearance},
    )
    return user


def _require_manage(actor: User, actor_grants: Iterable[RoleGrant], user: User) -> int | None:
    """Check the actor may change this account; return the organization to audit under."""
    homes = user_homes(user)
    if not can_manage_user(actor_grants, actor, user, homes):
        if actor.pk == user.pk:
            raise NotAllowed(
                _("You cannot change your own account here; ask another administrator.")
            )
        raise NotAllowed(_("This account also belongs to organizations you do not administer."))
    return homes[0].pk


@transaction.atomic
def user_update(
    *,
    actor: User,
    actor_grants: Iterable[RoleGrant],
    user: User,
    email: str,
    clearance: int,
    is_active: bool,
) -> User:
    """Change an account's email, clearance or active status."""
    org_id = _require_manage(actor, actor_grants, user)
    locked = User.objects.select_for_update().get(pk=user.pk)
    mail = email.strip()
    if mail and User.objects.filter(email__iexact=mail).exclude(pk=user.pk).exists():
        raise InvalidInput(_("Another account uses this email."), field="email")
    changes: dict[str, object] = {}
    if clearance != locked.clearance:
        _check_clearance(actor, clearance)
        changes["clearance"] = [locked.clearance, clearance]
    if mail != locked.email:
        changes["email"] = [locked.email, mail]
    if is_active != locked.is_active:
        changes["is_active"] = [locked.is_active, is_active]
    if not changes:
        return user
    locked.email, locked.clearance, locked.is_active = mail, clearance, is_active
    locked.save(update_fields=["email", "clearance", "is_active"])
    user.email, user.clearance, user.is_active = mail, clearance, is_active
    audit_log(
        actor=actor,
        action="accounts.user.updated",
        target=user,
        organization_id=org_id,
        details=changes,
    )
    return user


@transaction.atomic
def user_unlock(*, actor: User, actor_grants: Iterable[RoleGrant], user: User) -> None:
    """Lift a lock after failed logins before it runs out."""
    org_id = _require_manage(actor, actor_grants, user)
    User.objects.select_for_update().filter(pk=user.pk).update(
        locked_until=None, failed_login_count=0
    )
    user.locked_until, user.failed_login_count = None, 0
    audit_log(actor=actor, action="accounts.user.unlocked", target=user, organization_id=org_id)


@transaction.atomic
def user_two_factor_reset(*, actor: User, actor_grants: Iterable[RoleGrant], user: User) -> None:
    """Turn off someone's second factor when they lost their phone and recovery codes; they
    set it up again at their next login if a role requires it."""
    org_id = _require_manage(actor, actor_grants, user)
    locked = User.objects.select_for_update().get(pk=user.pk)
    if not locked.has_two_factor:
        raise InvalidInput(_("Two-factor login is not on for this account."))
    two_factor_clear(locked)
    user.totp_secret, user.totp_confirmed_at, user.totp_last_step = "", None, 0
    audit_log(
        actor=actor, action="accounts.user.two_factor_reset", target=user, organization_id=org_id
    )
