"""Full-text search of documents through the search app's index (metadata and PDF text,
diacritics ignored), then the same access filter as every list."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from partydesk.accounts.actor import Actor
from partydesk.documents.models import Direction, Document
from partydesk.documents.permissions import can_view_documents
from partydesk.documents.selectors.access import visible_documents
from partydesk.search.selectors import search_query


@dataclass(frozen=True)
class SearchResults:
    documents: list[Document] = field(default_factory=list)
    total: int = 0
    total_is_estimate: bool = False


def document_search(
    viewer: Actor,
    *,
    direction: str,
    text: str,
    filters: dict[str, Any],
    limit: int = 25,
    offset: int = 0,
) -> SearchResults:
    """One page of matching documents, newest first. The index applies scope, clearance and
    named readers; the access filter runs again on the page, so nothing unseen slips by."""
    scope, user = viewer.scope, viewer.user
    if scope is None or not user.is_authenticated or not can_view_documents(viewer.grants, scope):
        return SearchResults()
    kind = "documents.incoming" if direction == Direction.INCOMING else "documents.outgoing"
    page = search_query(
        kind=kind,
        scope_path=scope.path,
        user_id=user.pk,
        max_secrecy=user.clearance,
        text=text,
        filters=filters,
        limit=limit,
        offset=offset,
    )
    found = {
        d.pk: d
        for d in visible_documents(viewer)
        .filter(pk__in=page.ids)
        .select_related("document_type", "organization__parent")
    }
    return SearchResults(
        documents=[found[pk] for pk in page.ids if pk in found],
        total=page.total,
        total_is_estimate=page.total_is_estimate,
    )
