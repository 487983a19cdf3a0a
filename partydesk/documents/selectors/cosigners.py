"""Who co-signs a document, and whose turn it is."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, QuerySet

from partydesk.accounts.models import User
from partydesk.documents.models import CoSigner, Document


def co_signers_of(document: Document) -> list[CoSigner]:
    """The document's co-signers in their order (none for most documents: no query then)."""
    if not document.co_signer_count:
        return []
    return list(CoSigner.objects.filter(document=document).select_related("user"))


def next_co_signer(document: Document) -> CoSigner | None:
    """The first co-signer who has not signed yet."""
    if not document.co_signer_count:
        return None
    return (
        CoSigner.objects.filter(document=document, signed_at__isnull=True)
        .select_related("user")
        .order_by("position")
        .first()
    )


def co_signing_turns(user: User) -> QuerySet[CoSigner, int]:
    """The documents (ids) on which it is the user's turn to co-sign."""
    earlier = CoSigner.objects.filter(
        document=OuterRef("document"), signed_at__isnull=True, position__lt=OuterRef("position")
    )
    return (
        CoSigner.objects.filter(user=user, signed_at__isnull=True)
        .exclude(Exists(earlier))
        .values_list("document", flat=True)
    )
