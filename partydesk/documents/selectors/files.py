"""Reads of document versions (stored files themselves: core.selectors)."""

from __future__ import annotations

from django.http import Http404

from partydesk.documents.models import Document, DocumentVersion


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
