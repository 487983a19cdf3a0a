"""The incoming copies a release made in this installation (ADR 0017): for exchange, which
tells each copy that its sender recalled, replaced or updated the original (ADR 0020)."""

from __future__ import annotations

from collections.abc import Iterable

from partydesk.documents.models import Direction, Document


def incoming_copies_of(
    source_ids: Iterable[int], organization_ids: Iterable[int]
) -> dict[tuple[int, int], Document]:
    """(released document id, recipient organization id) -> the recipient's incoming copy,
    in one query."""
    rows = Document.objects.filter(
        direction=Direction.INCOMING,
        source_document_id__in=list(source_ids),
        organization_id__in=list(organization_ids),
    ).order_by("pk")
    copies: dict[tuple[int, int], Document] = {}
    for row in rows:
        assert row.source_document_id is not None
        copies.setdefault((row.source_document_id, row.organization_id), row)
    return copies
