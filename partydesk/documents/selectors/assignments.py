"""What the assignments app reads of documents (ADR 0023): a document whose text is turned
into assignments."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from partydesk.accounts.actor import Actor
from partydesk.core.models import StoredFile
from partydesk.documents.models import Direction, DocumentVersion
from partydesk.documents.selectors.access import document_get_for


@dataclass(frozen=True)
class DocumentForAssignments:
    """What the assignments app needs of a document to turn its text into assignments."""

    pk: int
    organization_id: int
    incoming: bool
    subject: str
    symbol: str
    date: dt.date | None
    restricted: bool
    body_text: str
    pdf: StoredFile | None


def document_for_assignments(viewer: Actor, pk: int) -> DocumentForAssignments:
    """A document the viewer sees (else 404), with its latest text or PDF."""
    document = document_get_for(viewer, pk)
    latest = (
        DocumentVersion.objects.filter(document=document)
        .select_related("file")
        .order_by("-number")
        .first()
    )
    pdf = (
        latest.file
        if latest is not None and latest.file.content_type == "application/pdf"
        else None
    )
    return DocumentForAssignments(
        pk=document.pk,
        organization_id=document.organization_id,
        incoming=document.direction == Direction.INCOMING,
        subject=document.subject,
        symbol=document.symbol or "",
        date=document.issued_date or document.arrival_date,
        restricted=bool(document.secrecy),
        body_text=latest.body_text if latest is not None else "",
        pdf=pdf,
    )
