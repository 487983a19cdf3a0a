"""Who is named on a document, and the record of every look at a classified one."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from partydesk.accounts.models import User
from partydesk.core.audit import audit_log
from partydesk.core.errors import InvalidInput, NotAllowed
from partydesk.core.services.notifications import notifications_read_about
from partydesk.documents.models import Document, ReaderReason
from partydesk.documents.permissions import (
    can_assign_documents,
    can_issue_documents,
    can_register_documents,
)
from partydesk.documents.services import records


@transaction.atomic
def document_viewed(*, actor: User, document: Document, what: str = "detail") -> None:
    """Mark the person's notifications about it read; audit every view of a classified
    document (ND30 Phụ lục VI: the access history is part of the record)."""
    notifications_read_about(user=actor, target=document)
    if document.secrecy:
        records.record_event(document, action="viewed", actor=actor, details={"what": what})
        records.audit(actor, "viewed", document, what=what, secrecy=document.secrecy)


@transaction.atomic
def document_readers_add(*, actor: User, document: Document, users: list[User]) -> None:
    """Name more people on a classified document (each must hold the clearance)."""
    document = records.lock(document)
    grants = records.grants_of(actor)
    org = document.organization
    allowed = (
        can_register_documents(grants, org)
        or can_assign_documents(grants, org)
        or can_issue_documents(grants, org)
        or document.created_by_id == actor.pk
    )
    if not allowed:
        raise NotAllowed(_("Only the clerk, a leader or the drafter names people on it."))
    if not users:
        raise InvalidInput(_("Choose at least one person."), field="users")
    for user in users:
        records.add_reader(document, user, reason=ReaderReason.NAMED, added_by=actor)
    records.record_event(
        document, action="readers_added", actor=actor, details={"users": [u.pk for u in users]}
    )
    records.audit(actor, "readers_added", document, users=[u.pk for u in users])
    records.index(document)


def register_exported(*, actor: User, register: object, kind: str) -> None:
    """Audit every export of a register; a classified entry in it is a view of that document."""
    ids = list(getattr(register, "ids", []))
    classified = list(
        Document.objects.filter(pk__in=ids, secrecy__gt=0).select_related("organization")
    )
    with transaction.atomic():
        for document in classified:
            records.record_event(document, action="viewed", actor=actor, details={"what": kind})
        audit_log(
            actor=actor,
            action="documents.register.exported",
            organization_id=actor.acting_organization_id,
            details={
                "direction": getattr(register, "direction", ""),
                "year": getattr(register, "year", None),
                "format": kind,
                "rows": len(ids),
                "classified": [d.pk for d in classified],
            },
        )
