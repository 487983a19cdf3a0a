"""Reads of Party congresses: the acting organization's, for its pages (another
organization's congress is not found), and the plain values documents numbers with."""

from __future__ import annotations

import datetime as dt

from django.http import Http404

from partydesk.core.http import Acting
from partydesk.documents.congresses import CongressRef
from partydesk.meetings.models import Congress
from partydesk.meetings.permissions import VIEW


def congress_list_for(actor: Acting) -> list[Congress]:
    """The congresses of the organization the person acts for, latest first (none without
    the right to see its meetings)."""
    scope = actor.scope
    if scope is None or not actor.can(VIEW):
        return []
    return list(Congress.objects.filter(organization_id=scope.pk).order_by("-opens_on", "-pk"))


def congress_get_for(actor: Acting, pk: int) -> Congress:
    """One congress of the acting organization, else 404 (ids of others do not leak)."""
    scope = actor.scope
    congress = Congress.objects.filter(pk=pk).select_related("organization").first()
    if scope is None or congress is None or congress.organization_id != scope.pk:
        raise Http404("congress not found")
    if not actor.can(VIEW):
        raise Http404("congress not found")
    return congress


def _ref(congress: Congress) -> CongressRef:
    return CongressRef(
        pk=congress.pk,
        organization_id=congress.organization_id,
        name=congress.name,
        opens_on=congress.opens_on,
        closes_on=congress.closes_on,
    )


def congress_refs_open(organization_id: int, day: dt.date) -> list[CongressRef]:
    """For documents' drafting form: the organization's congresses not closed before `day`."""
    rows = Congress.objects.filter(organization_id=organization_id, closes_on__gte=day)
    return [_ref(c) for c in rows.order_by("-opens_on", "-pk")]


def congress_ref(pk: int) -> CongressRef | None:
    """For documents' numbering and pages: one congress by id."""
    congress = Congress.objects.filter(pk=pk).first()
    return _ref(congress) if congress is not None else None
