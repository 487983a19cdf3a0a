"""Who sees which document, as one SQL filter (no per-row permission checks, so lists stay
fast for ordinary users). See docs/decisions/0005-documents-confidentiality.md.

- Unclassified: anyone with documents.view on the acting organization sees its subtree's
  documents; people named on a document (registered, drafted, assigned, reviewing, signing)
  see it also from a unit below; a unit sees what was assigned to it.
- Classified (Mật and above): only people named on the document whose clearance reaches
  its level, whatever their roles.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from partydesk.accounts.actor import Actor
from partydesk.documents.keeper import document_ids
from partydesk.documents.models import Document, DocumentReader
from partydesk.documents.permissions import can_view_documents
from partydesk.organizations.models import Organization


def ancestor_ids(organization: Organization) -> list[int]:
    """The ids on the organization's materialized path, itself included."""
    return [int(segment) for segment in organization.path.split(".") if segment]


def visible_documents(viewer: Actor, *, subordinates: bool = True) -> QuerySet[Document]:
    """Every document the viewer may see while acting for their scope.

    `subordinates=False` keeps the registers of organizations below the scope out: a list
    shows the acting organization's own register (and what reached it from above).

    Written so the common case stays index-friendly: documents of the scope's subtree by
    organization id (unclassified ones need documents.view; classified ones the name and
    the clearance), OR'ed with the few ancestor organizations, where only documents the
    viewer is named on, or that were assigned to a unit of the scope, count.
    """
    user, scope = viewer.user, viewer.scope
    if scope is None or not user.is_authenticated or not user.is_active:
        return Document.objects.none()
    # The subtree's ids as a literal list: the planner estimates it well and can use the
    # organization index (a sub-query here made PostgreSQL misjudge the cost a hundredfold).
    subtree = list(
        Organization.objects.filter(path__startswith=scope.path).values_list("pk", flat=True)
    )
    # Uncorrelated IN (SELECT …) rather than EXISTS: PostgreSQL hashes it once, and costs it
    # once (an OR'ed correlated EXISTS is costed per row, which wakes the JIT up for nothing).
    named = Q(pk__in=DocumentReader.objects.filter(user_id=user.pk).values("document_id"))
    cleared_and_named = Q(secrecy__gt=0, secrecy__lte=user.clearance) & named
    can_view = can_view_documents(viewer.grants, scope)
    unclassified_inside = Q(secrecy=0) if can_view else (Q(secrecy=0) & named)
    registers = subtree if subordinates else [scope.pk]
    condition = Q(organization_id__in=registers) & (unclassified_inside | cleared_and_named)
    above = [pk for pk in ancestor_ids(scope) if pk != scope.pk]
    if above:
        reached = named
        if can_view:
            reached = named | Q(pk__in=document_ids(unit_ids=subtree))
        condition |= Q(organization_id__in=above) & ((Q(secrecy=0) & reached) | cleared_and_named)
    return Document.objects.filter(condition)


def document_get_for(viewer: Actor, pk: int) -> Document:
    """One visible document, else 404 (so ids of other organizations do not leak)."""
    document = (
        visible_documents(viewer)
        .filter(pk=pk)
        .select_related(
            "organization__parent",
            "document_type",
            "signing_form",
            "signer",
            "term",
            "sender_organization",
            "register_sequence",
            "source_document",
        )
        .first()
    )
    if document is None:
        raise Http404("document not found")
    return document
