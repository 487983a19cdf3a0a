"""Reads of the reference data for the settings pages."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q
from django.http import Http404

from partydesk.documents.models import (
    DocumentSettings,
    DocumentType,
    Mark,
    ReviewChainStep,
    SigningForm,
)
from partydesk.organizations.models import Organization


@dataclass
class ReferenceData:
    types: list[DocumentType]
    signing_forms: list[SigningForm]
    marks: list[Mark]
    chain_steps: list[ReviewChainStep]
    settings: DocumentSettings


def reference_data_for(scope: Organization) -> ReferenceData:
    """Everything on the settings page: installation-wide tables, the chains that apply to the
    organization (its own and the defaults) and its own settings."""
    ancestors = [int(s) for s in scope.path.split(".") if s]
    return ReferenceData(
        types=list(DocumentType.objects.order_by("order", "name")),
        signing_forms=list(SigningForm.objects.order_by("system", "order")),
        marks=list(Mark.objects.order_by("kind", "level")),
        chain_steps=list(
            ReviewChainStep.objects.filter(
                Q(organization__isnull=True) | Q(organization_id__in=ancestors)
            )
            .select_related("role", "document_type", "organization")
            .order_by("organization_id", "document_type_id", "position")
        ),
        settings=DocumentSettings.objects.filter(organization=scope).first()
        or DocumentSettings(organization=scope),
    )


MODELS = {
    "type": DocumentType,
    "signing-form": SigningForm,
    "mark": Mark,
    "chain-step": ReviewChainStep,
}


def reference_get_for(scope: Organization, kind: str, pk: int) -> object:
    """One row of a settings table; a chain step of another organization is 404."""
    model = MODELS.get(kind)
    if model is None:
        raise Http404("no such table")
    row = model.objects.filter(pk=pk).first()  # type: ignore[attr-defined]
    if row is None:
        raise Http404("not found")
    owner = getattr(row, "organization", None)
    if owner is not None and not owner.is_within(scope):
        raise Http404("not found")
    return row
