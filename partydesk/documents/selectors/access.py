"""Who sees which document, as one SQL filter (no per-row permission checks, so lists stay
fast for ordinary users). See docs/decisions/0005-documents-confidentiality.md.

- Unclassified: anyone with documents.view on the acting organization sees its subtree's
  documents; people named on a document (registered, drafted, assigned, reviewing, signing)
  see it also from a unit below; a unit sees what was assigned to it.
- Classified (Mật and above): only people named on the document whose clearance reaches
  its level, whatever their roles.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404, HttpRequest

from partydesk.accounts.models import RoleGrant, User
from partydesk.documents.models import Document, DocumentReader, IncomingAssignment
from partydesk.documents.permissions import can_view_documents
from partydesk.organizations.models import Organization


@dataclass(frozen=True)
class Viewer:
    """The person reading, their current grants and the organization they act for."""

    user: User
    grants: list[RoleGrant] = field(default_factory=list)
    scope: Organization | None = None


def viewer_from(request: HttpRequest) -> Viewer:
    user: Any = request.user
    return Viewer(
        user=user,
        grants=list(getattr(request, "grants", [])),
        scope=getattr(request, "acting_organization", None),
    )


def ancestor_ids(organization: Organization) -> list[int]:
    """The ids on the organization's materialized path, itself included."""
    return [int(segment) for segment in organization.path.split(".") if segment]


def visible_documents(viewer: Viewer) -> QuerySet[Document]:
    """Every document the viewer may see while acting for their scope."""
    user, scope = viewer.user, viewer.scope
    if scope is None or not user.is_authenticated or not user.is_active:
        return Document.objects.none()
    in_scope = Q(organization__path__startswith=scope.path)
    near = in_scope | Q(organization_id__in=ancestor_ids(scope))
    named = Exists(DocumentReader.objects.filter(document=OuterRef("pk"), user_id=user.pk))
    unclassified = near & named
    if can_view_documents(viewer.grants, scope):
        to_unit = Exists(
            IncomingAssignment.objects.filter(
                document=OuterRef("pk"), organization__path__startswith=scope.path
            )
        )
        unclassified = unclassified | in_scope | to_unit
    classified = Q(secrecy__gt=0, secrecy__lte=user.clearance) & near & named
    return Document.objects.filter((Q(secrecy=0) & unclassified) | classified)


def document_get_for(viewer: Viewer, pk: int) -> Document:
    """One visible document, else 404 (so ids of other organizations do not leak)."""
    document = (
        visible_documents(viewer)
        .filter(pk=pk)
        .select_related(
            "organization",
            "document_type",
            "signing_form",
            "signer",
            "term",
            "congress",
            "sender_organization",
            "register_sequence",
            "source_document",
        )
        .first()
    )
    if document is None:
        raise Http404("document not found")
    return document
