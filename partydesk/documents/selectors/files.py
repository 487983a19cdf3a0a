"""Reads of document versions (stored files themselves: core.selectors)."""

from __future__ import annotations

from django.http import Http404

from partydesk.documents.models import Document, DocumentVersion, VersionKind


def version_get_for(document: Document, number: int) -> DocumentVersion:
    """A version of a document already fetched for the viewer; metadata-only ones have none."""
    version = (
        DocumentVersion.objects.filter(document=document, number=number)
        .select_related("file")
        .first()
    )
    if version is None or document.metadata_only:
        raise Http404("version not found")
    return version


def released_files_of(document: Document) -> tuple[DocumentVersion | None, list[DocumentVersion]]:
    """What a released document travels with: its latest sealed version (numbered and signed
    by the organization) and its attachments, in order. A metadata-only one has none."""
    if document.metadata_only:
        return None, []
    versions = list(
        DocumentVersion.objects.filter(
            document=document, kind__in=[VersionKind.SEALED, VersionKind.ATTACHMENT]
        )
        .select_related("file")
        .order_by("number")
    )
    sealed = [v for v in versions if v.kind == VersionKind.SEALED]
    return (sealed[-1] if sealed else None), [
        v for v in versions if v.kind == VersionKind.ATTACHMENT
    ]
