"""Roles granted on organization subtrees, and the organization a user acts for."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from functools import partial

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partydesk.accounts.models import Role, RoleGrant, User
from partydesk.accounts.permissions import can_act_for, can_grant_role
from partydesk.core.audit import audit_log
from partydesk.core.errors import Conflict, InvalidInput, NotAllowed
from partydesk.organizations.models import Organization

# Apps above accounts that keep something derived from the grants (the portal's editorial
# groups, ADR 0022) subscribe here; accounts cannot import them. Each callback gets the
# user's id once the transaction that changed a grant has committed; a failing one is
# logged and does not undo the grant (robust on_commit).
_grant_change_callbacks: list[Callable[[int], None]] = []


def grant_change_subscribe(callback: Callable[[int], None]) -> None:
    """Call `callback(user_id)` after each committed grant or revocation."""
    if callback not in _grant_change_callbacks:
        _grant_change_callbacks.append(callback)


def _announce_grant_change(user_id: int) -> None:
    for callback in _grant_change_callbacks:
        transaction.on_commit(partial(callback, user_id), robust=True)


def _grant_details(grant: RoleGrant) -> dict[str, object]:
    return {
        "user": grant.user.username,
        "role": grant.role.code,
        "organization": grant.organization.name,
        "valid_from": grant.valid_from,
        "valid_to": grant.valid_to,
    }


@transaction.atomic
def role_grant(
    *,
    actor: User,
    actor_grants: Iterable[RoleGrant],
    user: User,
    role: Role,
    organization: Organization,
    valid_from: dt.date | None = None,
    valid_to: dt.date | None = None,
) -> RoleGrant:
    """Give `user` the role on `organization` and everything below it. Only an administrator
    of that organization may, and not to themselves."""
    if not can_grant_role(actor_grants, actor, user, organization):
        if actor.pk == user.pk:
            raise NotAllowed(_("You cannot change your own roles; ask another administrator."))
        raise NotAllowed(
            _("You can grant roles only on organizations you administer."), field="organization"
        )
    if organization.valid_to is not None:
        raise InvalidInput(
            _("This organization has ended; grant the role on its successor."),
            field="organization",
        )
    starts = valid_from or timezone.localdate()
    if valid_to is not None and valid_to < starts:
        raise InvalidInput(_("The end date is before the start date."), field="valid_to")
    User.objects.select_for_update().filter(pk=user.pk).first()
    if RoleGrant.objects.filter(user=user, role=role, organization=organization).exists():
        raise InvalidInput(
            _("%(user)s already holds this role on this organization.") % {"user": user},
            field="role",
        )
    try:
        with transaction.atomic():
            grant = RoleGrant.objects.create(
                user=user,
                role=role,
                organization=organization,
                valid_from=starts,
                valid_to=valid_to,
                granted_by=actor,
            )
    except IntegrityError as exc:  # a concurrent identical grant
        raise Conflict() from exc
    audit_log(
        actor=actor,
        action="accounts.grant.created",
        target=grant,
        organization_id=organization.pk,
        details=_grant_details(grant),
    )
    _announce_grant_change(user.pk)
    return grant


@transaction.atomic
def role_revoke(*, actor: User, actor_grants: Iterable[RoleGrant], grant: RoleGrant) -> None:
    """Take a role back. The grant row goes; the audit trail keeps what it was."""
    row = (
        RoleGrant.objects.select_for_update()
        .select_related("user", "role", "organization")
        .filter(pk=grant.pk)
        .first()
    )
    if row is None:
        return
    if not can_grant_role(actor_grants, actor, row.user, row.organization):
        if actor.pk == row.user_id:
            raise NotAllowed(_("You cannot change your own roles; ask another administrator."))
        raise NotAllowed(_("You can revoke roles only on organizations you administer."))
    details = _grant_details(row)
    audit_log(
        actor=actor,
        action="accounts.grant.revoked",
        target=row,
        organization_id=row.organization_id,
        details=details,
    )
    row.delete()
    _announce_grant_change(row.user_id)


@transaction.atomic
def acting_organization_switch(
    *, user: User, grants: Iterable[RoleGrant], organization: Organization
) -> None:
    """Act for another organization that one of the user's current grants covers; the
    choice is kept on the account for the next login."""
    if not can_act_for(grants, organization):
        raise NotAllowed(_("You hold no role on this organization."), field="organization")
    locked = User.objects.select_for_update().get(pk=user.pk)
    previous = locked.acting_organization_id
    locked.acting_organization = organization
    locked.save(update_fields=["acting_organization"])
    user.acting_organization = organization
    audit_log(
        actor=user,
        action="accounts.user.organization_switched",
        target=user,
        organization_id=organization.pk,
        details={"from": previous, "to": organization.pk},
    )


@transaction.atomic
def role_grant_by_operator(*, user: User, role: Role, organization: Organization) -> RoleGrant:
    """Grant a role from the command line (bootstrapping the first administrator); audited
    with the system as actor."""
    if organization.valid_to is not None:
        raise InvalidInput(_("This organization has ended; grant the role on its successor."))
    grant, created = RoleGrant.objects.get_or_create(
        user=user,
        role=role,
        organization=organization,
        defaults={"valid_from": timezone.localdate()},
    )
    if created:
        audit_log(
            actor=None,
            action="accounts.grant.created",
            target=grant,
            organization_id=organization.pk,
            details={**_grant_details(grant), "by": "operator"},
        )
    return grant
