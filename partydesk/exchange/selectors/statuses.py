"""Reads of tracked deliveries for the sender: the per-recipient timeline of one document,
and the packages still waiting for the recipient to register them."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Prefetch, QuerySet
from django.utils import timezone

from partydesk.core.calendar import add_working_days
from partydesk.documents.models import Document
from partydesk.exchange.models import BusinessType, OutgoingPackage, PackageStatus, StatusCode
from partydesk.organizations.models import Organization

# Statuses after which the sender is no longer waiting for a receipt.
WAITING = ("", StatusCode.ARRIVED)
RECEIPT_WORKING_DAYS = 1


def package_timeline_for(document: Document) -> list[OutgoingPackage]:
    """Every recipient of the document with its statuses (`status_list`), then its recall,
    update or replacement package if any (`replacement` loaded), in a constant
    number of queries whatever the number of recipients. The document comes from
    documents' access selector, so whoever may read it may see where it went."""
    return list(package_timeline_query(document))


def package_timeline_query(document: Document) -> QuerySet[OutgoingPackage]:
    """The timeline's rows as a query, so a page of them (the API's) loads only its own
    statuses: the prefetch runs on the slice."""
    statuses = PackageStatus.objects.select_related("by__person").order_by("at", "id")
    return (
        OutgoingPackage.objects.filter(document=document)
        .select_related("organization__parent", "peer", "replacement")
        .defer("signature")
        .prefetch_related(Prefetch("statuses", queryset=statuses, to_attr="status_list"))
        .order_by("organization__sort_key", "organization_id", "business_type")
    )


def statuses_received_for(document: Document) -> QuerySet[PackageStatus]:
    """Every business status the recipients reported on the document's packages (its
    delivery and any recall, update or replacement), oldest first."""
    return (
        PackageStatus.objects.filter(package__document=document)
        .select_related("package__organization", "by__person")
        .order_by("at", "id")
    )


def package_counts_for(document: Document) -> dict[str, int]:
    """How many recipients are at each status ("" for none yet), in one query."""
    rows = (
        OutgoingPackage.objects.filter(document=document, business_type=BusinessType.NEW)
        .values("status")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {row["status"]: row["n"] for row in rows}


def receipt_cutoff(today: dt.date) -> dt.datetime:
    """Sent before this moment with no receipt (03) yet is late: a package sent on a
    working day is registered by the end of the next one (ND30 asks for the same day)."""
    day = add_working_days(today, -RECEIPT_WORKING_DAYS)
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def packages_waiting_for(
    organization: Organization, *, today: dt.date | None = None
) -> QuerySet[OutgoingPackage]:
    """The organization's sent packages still without a receipt after one working day,
    oldest first."""
    cutoff = receipt_cutoff(today or timezone.localdate())
    return (
        OutgoingPackage.objects.filter(
            document__organization=organization,
            business_type=BusinessType.NEW,
            status__in=WAITING,
            sent_at__lt=cutoff,
        )
        .select_related("document", "document__document_type", "organization__parent")
        .order_by("sent_at", "id")
    )
