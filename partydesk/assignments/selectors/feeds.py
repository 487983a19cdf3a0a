"""The deadlines of a list of work as iCalendar events, and the person a feed's signed
token acts as: the same list, scoped as the calendar page is for that person acting for
the feed's organization today (a role lost since is a feed that stops answering)."""

from __future__ import annotations

import dataclasses
import datetime as dt

from django.conf import settings
from django.core import signing
from django.db.models import QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from partydesk.accounts.actor import Actor
from partydesk.accounts.models import User
from partydesk.accounts.permissions import requires_two_factor
from partydesk.accounts.selectors import actor_for
from partydesk.assignments.models import Assignment, CalendarFeed, State
from partydesk.assignments.permissions import VIEW
from partydesk.core.http import Acting
from partydesk.core.ical import Event

SALT = "assignments.calendar-feed"
PAST_DAYS = 92  # deadlines this far back stay in a feed (last quarter's work)
AHEAD_DAYS = 400
MAX_EVENTS = 1000


def feed_token(feed: CalendarFeed) -> str:
    """The signed token of a feed's address."""
    return signing.dumps({"f": feed.pk, "n": feed.nonce}, salt=SALT)


def feed_active_for(actor: Acting, view: str) -> CalendarFeed | None:
    """The actor's live feed of one list in the acting organization, if any."""
    if actor.user is None or actor.scope is None:
        return None
    return CalendarFeed.objects.filter(
        user_id=actor.user.pk, organization_id=actor.scope.pk, view=view, revoked_at=None
    ).first()


def feed_resolve(token: str) -> tuple[CalendarFeed, Actor]:
    """The live feed a token names and its person acting for its organization; 404 for a
    bad, forged or revoked token, an inactive account, or a scope no longer theirs."""
    try:
        claim = signing.loads(token, salt=SALT)
        feed = (
            CalendarFeed.objects.select_related("user", "organization")
            .filter(pk=int(claim["f"]), nonce=str(claim["n"]), revoked_at=None)
            .first()
        )
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        feed = None
    if feed is None or not feed.user.is_active:
        raise Http404("feed not found")
    actor = actor_for(feed.user)
    organization = feed.organization
    if organization.valid_to is not None or not any(
        organization.is_within(g.organization) for g in actor.grants
    ):
        raise Http404("feed not found")
    if requires_two_factor(actor.grants) and not feed.user.has_two_factor:
        raise Http404("feed not found")
    actor = dataclasses.replace(actor, scope=organization)
    if feed.view == "unit" and not actor.can(VIEW):
        raise Http404("feed not found")
    return feed, actor


def _summary(row: Assignment) -> str:
    if row.restricted:
        # Work from a classified document: its title does not leave the installation.
        return _("Restricted assignment no. %(pk)s") % {"pk": row.pk}
    return row.title


def deadline_events(rows: QuerySet[Assignment], today: dt.date) -> list[Event]:
    """The (already scoped) rows' deadlines as all-day events, from last quarter on."""
    due = (
        rows.filter(deadline__gte=today - dt.timedelta(days=PAST_DAYS))
        .filter(deadline__lte=today + dt.timedelta(days=AHEAD_DAYS))
        .exclude(state=State.CANCELLED)
        .select_related("lead_unit", "lead_user")
        .order_by("deadline", "id")[:MAX_EVENTS]
    )
    host = settings.SITE_URL.split("://", 1)[1].split("/", 1)[0].split(":", 1)[0]
    events = []
    for row in due:
        assert row.deadline is not None
        flags = [str(row.get_state_display())]
        if row.is_overdue(today):
            flags.append(_("Overdue"))
        lines = [_("Lead: %(lead)s") % {"lead": row.lead_label}, " · ".join(flags)]
        if row.source_label and not row.restricted:
            lines.append(row.source_label)
        events.append(
            Event(
                uid=f"assignment-{row.pk}@{host}",
                starts_at=row.deadline,
                summary=_summary(row),
                description="\n".join(lines),
                url=settings.SITE_URL + reverse("assignments:detail", args=[row.pk]),
                categories=tuple(flags),
            )
        )
    return events


def feed_name(user: User, title: str) -> str:
    return f"{title} · {getattr(user, 'person', None) or user}"
