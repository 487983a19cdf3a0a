"""What every documents service records: the status move (checked against the workflow
table), a history row, an audit event, named readers, notifications and the search entry."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from partydesk.accounts.models import RoleGrant, User
from partydesk.accounts.selectors import grant_list_current
from partydesk.core.audit import audit_log
from partydesk.core.errors import NotAllowed
from partydesk.core.services.notifications import notify as core_notify
from partydesk.core.text import fold
from partydesk.documents import hooks
from partydesk.documents.models import (
    Direction,
    Document,
    DocumentEvent,
    DocumentReader,
    DocumentVersion,
)
from partydesk.documents.permissions import can_clear
from partydesk.documents.transitions import WITHDRAWN, check_transition
from partydesk.search.services import search_index_upsert

if TYPE_CHECKING:
    from partydesk.organizations.models import Organization


def grants_of(actor: User) -> list[RoleGrant]:
    return grant_list_current(actor)


def fresh(document: Document) -> Document:
    """Re-read the document without a lock: for the slow preparation (signing, layout) that
    runs before the short transaction, which locks it and checks again."""
    return Document.objects.select_related("organization", "document_type").get(pk=document.pk)


def lock(document: Document) -> Document:
    """Re-read the document with its row locked, so two people cannot move it at once."""
    return (
        Document.objects.select_for_update(of=("self",))
        .select_related("organization", "document_type")
        .get(pk=document.pk)
    )


def record_event(
    document: Document,
    *,
    action: str,
    actor: User | None,
    from_status: str = "",
    to_status: str = "",
    note: str = "",
    details: dict[str, Any] | None = None,
) -> DocumentEvent:
    return DocumentEvent.objects.create(
        document=document,
        action=action,
        actor=actor,
        from_status=from_status,
        to_status=to_status,
        note=note,
        details=details or {},
    )


def audit(actor: User | None, verb: str, document: Document, **details: Any) -> None:
    audit_log(
        actor=actor,
        action=f"documents.document.{verb}",
        target=document,
        organization_id=document.organization_id,
        details=details or None,
    )


def move(
    document: Document,
    target: str,
    *,
    actor: User | None,
    action: str,
    note: str = "",
    details: dict[str, Any] | None = None,
    withdrawal: bool = False,
) -> None:
    """Change the status along the workflow table, with a history row and an audit event.
    A `withdrawal` (the sender recalled an incoming copy) leaves the table for WITHDRAWN."""
    if withdrawal:
        if document.direction != Direction.INCOMING or target != WITHDRAWN:
            raise ValueError("only an incoming copy is withdrawn, to WITHDRAWN")
    else:
        check_transition(document.direction, document.status, target)
    previous = document.status
    document.status = target
    document.save(update_fields=["status", "updated_at"])
    record_event(
        document,
        action=action,
        actor=actor,
        from_status=previous,
        to_status=target,
        note=note,
        details=details,
    )
    audit(actor, action, document, status=target, **(details or {}))
    if document.direction == Direction.INCOMING:
        hooks.incoming_moved(document, action=action, actor=actor, reason=note)


def add_reader(document: Document, user: User, *, reason: str, added_by: User | None) -> None:
    """Name a person on the document; for a classified one their clearance must reach it."""
    if document.secrecy and not can_clear(user, document.secrecy):
        raise NotAllowed(
            _("%(name)s's clearance does not reach “%(level)s”, so they cannot be named on it.")
            % {"name": user, "level": document.get_secrecy_display()}
        )
    DocumentReader.objects.get_or_create(
        document=document, user=user, defaults={"reason": reason, "added_by": added_by}
    )


def arrival_params(register_of: Organization) -> dict[str, str]:
    """The values of an arrival's notices ("arrived", "urgent"): whose register it arrived
    in, named as lists name organizations (`label`: its parent loaded with it costs no
    query)."""
    return {"organization": register_of.label}


def notify(
    users: Iterable[User], document: Document, kind: str, params: dict[str, str] | None = None
) -> None:
    """Tell each person who may read it through the core's notifications (urgent documents
    float to the top); opening the document marks them read. `params` fill the kind's
    sentence (the arrival's: which organization's register)."""
    core_notify(
        recipients=[u for u in users if not document.secrecy or can_clear(u, document.secrecy)],
        kind=f"documents.{kind}",
        title=document.subject,
        url=reverse("documents:detail", args=[document.pk]),
        urgent=document.urgency > 0,
        organization_id=document.organization_id,
        target=document,
        params=params,
    )


def search_text_for(document: Document) -> str:
    return fold(
        " ".join(
            [
                document.subject,
                document.symbol,
                document.code_notation,
                document.organ_name,
                document.intended_recipient,
                document.signer_name,
            ]
        )
    )


def index(document: Document) -> None:
    """Refresh the quick-filter text now, and the full-text search entry (metadata + PDF
    text) after the change commits: a failure there is logged and never undoes the change;
    the next change or `reindex` brings the entry up to date."""
    document.search_text = search_text_for(document)
    Document.objects.filter(pk=document.pk).update(search_text=document.search_text)
    pk = document.pk
    transaction.on_commit(lambda: search_entry_refresh(pk), robust=True)


def search_entry_refresh(pk: int) -> None:
    """Write the document's full-text search entry (metadata + the latest PDF's text)."""
    document = Document.objects.select_related("organization", "document_type").get(pk=pk)
    latest = (
        DocumentVersion.objects.filter(document=document, file__content_type="application/pdf")
        .select_related("file")
        .order_by("-number")
        .first()
    )
    body = " ".join(
        part
        for part in [
            document.organ_name,
            document.intended_recipient,
            document.description,
            document.signer_name,
            latest.file.text if latest is not None and not document.metadata_only else "",
        ]
        if part
    )
    when = (
        document.arrival_date
        or document.issued_date
        or timezone.localtime(document.created_at).date()
    )
    readers: list[int] | None = None
    if document.secrecy:
        readers = list(document.readers.values_list("user_id", flat=True))
    search_index_upsert(
        kind=search_kind(document.direction),
        object_id=document.pk,
        organization_path=document.organization.path,
        title=f"{document.symbol} {document.subject}",
        body=body,
        year=when.year,
        type_code=document.document_type.code,
        status=document.status,
        secrecy=document.secrecy,
        reader_user_ids=readers,
        date=when,
    )


def search_kind(direction: str) -> str:
    return "documents.incoming" if direction == Direction.INCOMING else "documents.outgoing"
