"""Reads of exchange identifiers: at a date, both ways, and the administrator's list."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone

from partydesk.core.text import fold
from partydesk.exchange.models import OrganId
from partydesk.organizations.models import Organization, path_prefix_q


def _on(day: dt.date | None) -> Q:
    on = day or timezone.localdate()
    return Q(valid_from__lte=on) & (Q(valid_to__isnull=True) | Q(valid_to__gte=on))


def organ_id_of(organization: Organization, *, on: dt.date | None = None) -> str | None:
    """The organization's exchange identifier on a day (default today), or None."""
    return (
        OrganId.objects.filter(_on(on), organization=organization)
        .values_list("code", flat=True)
        .first()
    )


def organ_ids_of(
    organizations: Sequence[Organization | int], *, on: dt.date | None = None
) -> dict[int, str]:
    """Identifiers of many organizations (or their ids) on a day, in one query (organization
    id -> code)."""
    rows = OrganId.objects.filter(_on(on), organization__in=organizations)
    return dict(rows.values_list("organization_id", "code"))


def organization_for_organ_id(code: str, *, on: dt.date | None = None) -> Organization | None:
    """The organization of this installation that the identifier named on a day, or None."""
    cleaned = "".join(code.split()).upper()
    row = OrganId.objects.filter(_on(on), code=cleaned).select_related("organization").first()
    return row.organization if row is not None else None


def organ_id_rows_for(scope: Organization, *, query: str = "") -> QuerySet[Organization]:
    """The organizations of the scope in Vietnamese order, each with `organ_id` (today's
    identifier or None); searched by name or identifier."""
    current = OrganId.objects.filter(_on(None), organization=OuterRef("pk")).values("code")[:1]
    rows = Organization.objects.filter(path_prefix_q(scope.path)).annotate(
        organ_id=Subquery(current)
    )
    text = query.strip()
    if text:
        held = OrganId.objects.filter(code__icontains=text).values("organization_id")
        rows = rows.filter(Q(search_name__contains=fold(text)) | Q(pk__in=held))
    return rows.order_by("sort_key", "pk")


def organization_for_ids_get(scope: Organization, org_id: int) -> Organization:
    """An organization of the scope whose identifiers the administrator manages, else 404."""
    found = Organization.objects.filter(path_prefix_q(scope.path), pk=org_id).first()
    if found is None:
        raise Http404("organization not found")
    return found


def organ_id_history(organization: Organization) -> list[OrganId]:
    """Every identifier the organization has carried, newest first."""
    return list(
        OrganId.objects.filter(organization=organization)
        .select_related("assigned_by")
        .order_by("-valid_from")
    )
