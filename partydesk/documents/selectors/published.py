"""What the portal shows of the office's documents: the published ones, for anyone (ADR 0022).

Every read repeats the whole rule (published, unclassified, outgoing, issued or later), so a
document that stops meeting it disappears from the portal at once, and an id guessed in a
URL is a 404."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet
from django.http import Http404

from partydesk.core.text import fold
from partydesk.documents.models import Direction, Document, DocumentVersion
from partydesk.documents.permissions import PUBLISHABLE_STATUSES
from partydesk.documents.selectors.files import released_files_of


def published_document_list() -> QuerySet[Document]:
    """Published documents, newest first, with what a list shows."""
    return (
        Document.objects.filter(
            published_at__isnull=False,
            secrecy=0,
            direction=Direction.OUTGOING,
            status__in=PUBLISHABLE_STATUSES,
        )
        .select_related("document_type", "organization")
        .order_by("-published_at", "-id")
    )


def published_document_search(text: str) -> QuerySet[Document]:
    """Published documents whose number, subject, issuer or signer hold every word of `text`,
    diacritics and case ignored (the folded `search_text` every list's quick filter uses)."""
    found = published_document_list()
    for word in fold(text).split():
        found = found.filter(search_text__contains=word)
    return found


def published_document_get(pk: int) -> Document:
    """One published document; anything else (draft, classified, withdrawn) is a 404."""
    document = published_document_list().filter(pk=pk).first()
    if document is None:
        raise Http404("no such published document")
    return document


def published_document_pdf(document: Document) -> DocumentVersion:
    """The signed PDF (latest sealed version) of a published document."""
    sealed, _attachments = released_files_of(document)
    if sealed is None:
        raise Http404("no signed file")
    return sealed


def published_documents_by_id(ids: Iterable[int]) -> dict[int, Document]:
    """Those of `ids` that are published documents now (one query); a withdrawn, classified
    or unknown id is simply absent, and tells nothing of what it names."""
    wanted = {pk for pk in ids if pk}
    if not wanted:
        return {}
    return {document.pk: document for document in published_document_list().filter(pk__in=wanted)}
