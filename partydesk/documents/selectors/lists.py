"""The queues and lists of documents a person works from."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from partydesk.accounts.actor import Actor
from partydesk.core.text import fold
from partydesk.documents import keeper
from partydesk.documents.models import (
    Decision,
    Direction,
    Document,
    DocumentEvent,
    DocumentVersion,
    ReviewStep,
    Status,
)
from partydesk.documents.permissions import can_draft_documents, holds_role
from partydesk.documents.selectors.access import visible_documents
from partydesk.documents.transitions import OPEN_INCOMING, OPEN_OUTGOING
from partydesk.signatures.selectors import signature_summary


@dataclass(frozen=True)
class ListFilters:
    """What the person narrowed the list to (all optional)."""

    q: str = ""
    status: str = ""
    year: int | None = None
    document_type: int | None = None
    secrecy: int | None = None
    urgent_only: bool = False
    overdue_only: bool = False
    mine_only: bool = False
    # The registers of organizations below the acting one are a choice, not the default.
    subordinates: bool = False


def _overdue(today: dt.date) -> Exists:
    return Exists(keeper.document_ids(document=OuterRef("pk"), overdue_on=today, top_only=True))


def document_list_for(
    viewer: Actor, *, direction: str, filters: ListFilters | None = None
) -> QuerySet[Document]:
    """A register's documents the viewer may see: urgent first, then newest."""
    f = filters or ListFilters()
    today = timezone.localdate()
    qs = visible_documents(viewer, subordinates=f.subordinates).filter(direction=direction)
    if f.q:
        for word in fold(f.q).split():
            qs = qs.filter(search_text__contains=word)
    if f.status == "open":
        qs = qs.filter(
            status__in=OPEN_INCOMING if direction == Direction.INCOMING else OPEN_OUTGOING
        )
    elif f.status:
        qs = qs.filter(status=f.status)
    if f.year:
        # A range, not __year, so the date indexes serve it.
        first, last = dt.date(f.year, 1, 1), dt.date(f.year, 12, 31)
        if direction == Direction.INCOMING:
            qs = qs.filter(arrival_date__range=(first, last))
        else:
            qs = qs.filter(created_at__date__range=(first, last))
    if f.document_type:
        qs = qs.filter(document_type_id=f.document_type)
    if f.secrecy is not None:
        qs = qs.filter(secrecy=f.secrecy)
    if f.urgent_only:
        qs = qs.filter(urgency__gt=0)
    if f.overdue_only:
        qs = qs.filter(_overdue(today))
    if f.mine_only:
        mine = Exists(keeper.document_ids(document=OuterRef("pk"), user_id=viewer.user.pk))
        qs = qs.filter(mine | Q(created_by_id=viewer.user.pk) | Q(signer_id=viewer.user.pk))
    # Types come in a second small query: joining them before the sort would join every
    # matching row, not just the page.
    qs = qs.annotate(is_overdue=_overdue(today)).prefetch_related(
        "document_type", "organization__parent"
    )
    if direction == Direction.INCOMING:
        return qs.order_by("-arrival_date", "-register_number", "-id")
    return qs.order_by("-created_at", "-id")


def urgent_open_for(
    viewer: Actor, *, direction: str, subordinates: bool = False, limit: int = 20
) -> list[Document]:
    """Urgent documents still in hand: pinned above every queue, most urgent first."""
    open_statuses = OPEN_INCOMING if direction == Direction.INCOMING else OPEN_OUTGOING
    return list(
        visible_documents(viewer, subordinates=subordinates)
        .filter(direction=direction, urgency__gt=0, status__in=open_statuses)
        .annotate(is_overdue=_overdue(timezone.localdate()))
        .select_related("document_type", "organization")
        .order_by("-urgency", "-created_at", "-id")[:limit]
    )


def report_summary(report: dict[str, Any]) -> str:
    """A stored signature check's verdict in the reader's language. The arrival is registered
    in the sender's or the worker's language, so the sentence is rebuilt from the stored
    counts; only an unreadable file's reason (and a check stored before the counts) keeps its
    text."""
    signatures = report.get("signatures") or []
    if not signatures and report.get("unreadable") is not False:
        return str(report.get("summary", ""))
    bad = 0 if report.get("all_valid") else sum(1 for s in signatures if not s.get("ok"))
    return signature_summary(count=len(signatures), bad=bad)


def document_detail_related(document: Document) -> Document:
    """Load what the detail page shows in a fixed number of queries."""
    document.version_list = list(  # type: ignore[attr-defined]
        DocumentVersion.objects.filter(document=document)
        .select_related("file", "created_by")
        .order_by("-number")
    )
    for version in document.version_list:  # type: ignore[attr-defined]
        version.signature_summary = (
            report_summary(version.signature_report) if version.signature_report else ""
        )
    document.assignment_list = keeper.assignments_of(document)  # type: ignore[attr-defined]
    document.review_list = list(  # type: ignore[attr-defined]
        ReviewStep.objects.filter(document=document)
        .select_related("role", "decided_by")
        .order_by("-round", "position")
    )
    document.event_list = list(  # type: ignore[attr-defined]
        DocumentEvent.objects.filter(document=document).select_related("actor").order_by("at", "id")
    )
    document.recipient_list = list(  # type: ignore[attr-defined]
        document.recipients.select_related("organization__parent", "delivered")
    )
    document.reader_list = list(  # type: ignore[attr-defined]
        document.readers.select_related("user")
    )
    return document


def reply_links(viewer: Actor, document: Document) -> dict[str, object]:
    """Both ends of a reply, as far as the viewer may see them: the incoming document an
    outgoing one answers, the replies to an incoming one, and whether the viewer may draft
    one more."""
    visible = visible_documents(viewer)
    if document.direction == Direction.OUTGOING:
        answered = (
            visible.filter(pk=document.in_reply_to_id).first() if document.in_reply_to_id else None
        )
        return {"answered": answered}
    replies = list(
        visible.filter(in_reply_to=document).select_related("document_type").order_by("created_at")
    )
    may_reply = viewer.scope is not None and can_draft_documents(
        viewer.grants, document.organization
    )
    return {"replies": replies, "can_reply": may_reply and document.status != Status.FILED}


def current_review_step(document: Document) -> ReviewStep | None:
    """The first undecided step of the latest round, if the draft is in review."""
    if document.status != Status.IN_REVIEW:
        return None
    return (
        ReviewStep.objects.filter(document=document, decision=Decision.PENDING)
        .select_related("role", "document__organization")
        .order_by("-round", "position")
        .first()
    )


def reviews_waiting_for(viewer: Actor) -> list[ReviewStep]:
    """Pending review steps whose role the viewer holds, first pending step of each draft."""
    docs = visible_documents(viewer).filter(status=Status.IN_REVIEW).values("pk")
    steps = (
        ReviewStep.objects.filter(document__in=docs, decision=Decision.PENDING)
        .select_related("document", "document__organization", "role")
        .order_by("document_id", "-round", "position")
    )
    first_per_doc: dict[int, ReviewStep] = {}
    for step in steps:
        first_per_doc.setdefault(step.document_id, step)
    return [
        s
        for s in first_per_doc.values()
        if holds_role(viewer.grants, s.role_id, s.document.organization)
    ]


def versions_prefetch() -> Prefetch:
    return Prefetch("versions", queryset=DocumentVersion.objects.select_related("file"))
