"""Turning a document's directive into assignments: pick passages of its text or list
items, each with its lead and deadline (domain-rules §9)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from django.db import transaction
from django.utils.translation import gettext as _

from partydesk.assignments.models import Assignment, SourceKind
from partydesk.assignments.passages import passages
from partydesk.assignments.services.assignments import Spec, assignment_create
from partydesk.core.errors import DomainError, InvalidInput
from partydesk.core.http import Acting
from partydesk.core.services.files import file_read
from partydesk.documents.selectors.assignments import DocumentForAssignments
from partydesk.documents.services.files import pdf_read
from partydesk.organizations.models import Organization


def document_passages(document: DocumentForAssignments) -> list[str]:
    """The passages of the document's text (written in the browser, else its PDF's)."""
    text = document.body_text
    if not text.strip() and document.pdf is not None:
        try:
            text = pdf_read(file_read(document.pdf))[1]
        except DomainError:
            text = ""
    return passages(text)


@dataclass(frozen=True)
class Picked:
    """One picked passage (its position on the page, for the error message)."""

    number: int
    spec: Spec


@transaction.atomic
def assignments_from_document(
    *,
    actor: Acting,
    organization: Organization,
    document: DocumentForAssignments,
    picked: Sequence[Picked],
) -> list[Assignment]:
    """Create one assignment per picked passage, all or none; working days count from the
    document's date."""
    if not picked:
        raise InvalidInput(_("Pick at least one passage and give it a lead."))
    kind = SourceKind.INCOMING if document.incoming else SourceKind.DIRECTIVE
    label = document.symbol or document.subject
    created = []
    for item in picked:
        spec = replace(
            item.spec,
            source_kind=kind,
            source_id=document.pk,
            source_label=label[:300],
            counted_from=document.date,
            restricted=document.restricted,
            details={"passage": str(item.number)},
        )
        try:
            created.append(assignment_create(actor=actor, organization=organization, spec=spec))
        except DomainError as error:
            raise type(error)(f"{item.number}. {error.message}", field=error.field) from error
    return created
