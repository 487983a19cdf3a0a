"""A person's calendar feed: issue a subscribable address (a new one stops the old), or
revoke it. The feed shows exactly the list the calendar page shows them (ADR 0023)."""

from __future__ import annotations

import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partydesk.assignments.models import CalendarFeed
from partydesk.assignments.permissions import VIEW
from partydesk.assignments.selectors.assignments import VIEWS
from partydesk.core.audit import audit_log
from partydesk.core.errors import InvalidInput, NotAllowed
from partydesk.core.http import Acting


def _check(actor: Acting, view: str) -> None:
    if actor.user is None or actor.scope is None:
        raise NotAllowed(_("Choose the organization you act for first."))
    if view not in VIEWS:
        raise InvalidInput(_("Choose which work the calendar shows."))
    if view == "unit" and not actor.can(VIEW):
        raise NotAllowed(_("Your role does not allow following your unit's work."))


def _revoke(actor: Acting, view: str) -> int:
    assert actor.user is not None and actor.scope is not None
    return CalendarFeed.objects.filter(
        user_id=actor.user.pk, organization_id=actor.scope.pk, view=view, revoked_at=None
    ).update(revoked_at=timezone.now())


@transaction.atomic
def calendar_feed_issue(*, actor: Acting, view: str) -> CalendarFeed:
    """A new address for the actor's deadlines of one list; the previous one stops."""
    _check(actor, view)
    assert actor.scope is not None
    replaced = _revoke(actor, view)
    feed = CalendarFeed.objects.create(
        user=actor.user,
        organization_id=actor.scope.pk,
        view=view,
        nonce=secrets.token_urlsafe(18),
    )
    audit_log(
        actor=actor.user,
        action="assignments.feed.issued",
        target=feed,
        organization_id=actor.scope.pk,
        details={"view": view, "replaced": replaced},
    )
    return feed


@transaction.atomic
def calendar_feed_revoke(*, actor: Acting, view: str) -> int:
    """Stop the actor's address for one list; how many were stopped (0 or 1)."""
    _check(actor, view)
    assert actor.scope is not None
    revoked = _revoke(actor, view)
    if revoked:
        audit_log(
            actor=actor.user,
            action="assignments.feed.revoked",
            organization_id=actor.scope.pk,
            details={"view": view},
        )
    return revoked
