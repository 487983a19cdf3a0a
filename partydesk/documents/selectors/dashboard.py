"""What waits for a person, and an organization's document statistics."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import ExtractMonth

from partydesk.accounts.actor import Actor
from partydesk.documents import keeper
from partydesk.documents.keeper import HandlingAssignment
from partydesk.documents.models import (
    Direction,
    Document,
    DocumentReader,
    DocumentRecipient,
    ReviewStep,
    Status,
)
from partydesk.documents.permissions import (
    can_assign_documents,
    can_issue_documents,
    can_register_documents,
)
from partydesk.documents.selectors.access import visible_documents
from partydesk.documents.selectors.cosigners import co_signing_turns
from partydesk.documents.selectors.lists import reviews_waiting_for
from partydesk.documents.transitions import OPEN_INCOMING


@dataclass
class WorkWaiting:
    urgent: list[Document] = field(default_factory=list)
    overdue: list[HandlingAssignment] = field(default_factory=list)
    assignments: list[HandlingAssignment] = field(default_factory=list)
    to_review: list[ReviewStep] = field(default_factory=list)
    to_sign: list[Document] = field(default_factory=list)
    to_issue: list[Document] = field(default_factory=list)
    to_assign: list[Document] = field(default_factory=list)


def _open_mine(
    viewer: Actor, visible: QuerySet[Document], limit: int = 200
) -> list[HandlingAssignment]:
    """Open handling work of the viewer, or of a unit inside their scope where they give
    work: urgent documents first, then by deadline (three queries)."""
    scope = viewer.scope
    assert scope is not None
    path = scope.path if can_assign_documents(viewer.grants, scope) else None
    open_for = keeper.keeper().open_for
    urgent = visible.filter(urgency__gt=0)
    rows = open_for(viewer.user.pk, path, urgent.values("pk"), limit)
    rows += open_for(
        viewer.user.pk, path, visible.filter(urgency=0).values("pk"), limit - len(rows)
    )
    documents = Document.objects.select_related("document_type").in_bulk(
        {a.document_id for a in rows}
    )
    for assignment in rows:
        assignment.document = documents[assignment.document_id]
    return sorted(rows, key=lambda a: -a.document.urgency)  # stable: deadlines stay in order


def work_waiting_for(viewer: Actor, *, today: dt.date) -> WorkWaiting:
    """Everything on the viewer's desk, urgent first (a handful of queries)."""
    scope = viewer.scope
    work = WorkWaiting()
    if scope is None:
        return work
    visible = visible_documents(viewer)
    leads = can_assign_documents(viewer.grants, scope) or can_register_documents(
        viewer.grants, scope
    )
    urgent = visible.filter(
        direction=Direction.INCOMING, urgency__gt=0, status__in=OPEN_INCOMING
    ).select_related("document_type")
    if not leads:
        urgent = urgent.filter(
            Exists(keeper.document_ids(document=OuterRef("pk"), user_id=viewer.user.pk))
        )
    work.urgent = list(urgent.order_by("-urgency", "-arrival_date", "-id")[:50])
    rows = _open_mine(viewer, visible)
    work.overdue = [a for a in rows if a.deadline is not None and a.deadline < today]
    work.assignments = [a for a in rows if not (a.deadline is not None and a.deadline < today)]
    work.to_review = reviews_waiting_for(viewer)
    work.to_sign = list(
        visible.filter(direction=Direction.OUTGOING)
        .filter(
            Q(status=Status.APPROVED, co_signer_count=0, signer=viewer.user)
            | Q(status=Status.CO_SIGNED, signer=viewer.user)
            | Q(status=Status.APPROVED, pk__in=co_signing_turns(viewer.user))
        )
        .select_related("document_type")
        .order_by("-urgency", "id")[:50]
    )
    if can_issue_documents(viewer.grants, scope):
        work.to_issue = list(
            visible.filter(direction=Direction.OUTGOING)
            .filter(Q(status=Status.SIGNED) | Q(status=Status.APPROVED, secrecy__gt=0))
            .select_related("document_type")
            .order_by("-urgency", "id")[:50]
        )
    if can_assign_documents(viewer.grants, scope):
        work.to_assign = list(
            visible.filter(direction=Direction.INCOMING, status=Status.REGISTERED)
            .select_related("document_type")
            .order_by("-urgency", "arrival_date", "id")[:50]
        )
    return work


def documents_addressed_to(viewer: Actor, *, limit: int = 8) -> tuple[list[Document], int]:
    """The newest documents addressed to the viewer or to the organization they act for, and
    how many there are: incoming ones in its register or named to the viewer, released ones
    sent to it. `visible_documents` narrowed, never widened: what the viewer may not read
    (another cell's, a classified one beyond their clearance) never shows (2 queries)."""
    if viewer.scope is None:
        return [], 0
    scope_id = viewer.scope.pk
    named = Q(pk__in=DocumentReader.objects.filter(user_id=viewer.user.pk).values("document_id"))
    sent_here = Q(
        pk__in=DocumentRecipient.objects.filter(organization_id=scope_id).values("document_id")
    )
    incoming = Q(direction=Direction.INCOMING) & (Q(organization_id=scope_id) | named)
    released = Q(direction=Direction.OUTGOING, status__in=[Status.RELEASED, Status.ARCHIVED]) & (
        sent_here | named
    )
    addressed = visible_documents(viewer).filter(incoming | released)
    rows = list(
        addressed.select_related("document_type", "organization__parent").order_by(
            "-created_at", "-id"
        )[:limit]
    )
    return rows, (len(rows) if len(rows) < limit else addressed.count())


@dataclass
class OrganizationStats:
    """Counts for the documents dashboard of one organization's subtree and one year."""

    year: int
    incoming: int = 0
    outgoing: int = 0
    incoming_by_month: list[int] = field(default_factory=lambda: [0] * 12)
    outgoing_by_month: list[int] = field(default_factory=lambda: [0] * 12)
    overdue: int = 0
    open_handling: int = 0
    digitized: int = 0
    digitizable: int = 0
    signed: int = 0
    signable: int = 0
    by_type: list[tuple[str, int]] = field(default_factory=list)

    @property
    def percent_digitized(self) -> int:
        return round(100 * self.digitized / self.digitizable) if self.digitizable else 0

    @property
    def percent_signed(self) -> int:
        return round(100 * self.signed / self.signable) if self.signable else 0


def organization_stats(viewer: Actor, *, year: int, today: dt.date) -> OrganizationStats:
    """Incoming/outgoing counts per month, overdue handling, % digitized and % digitally
    signed (classified documents are left out of both percentages: they stay on paper)."""
    stats = OrganizationStats(year=year)
    visible = visible_documents(viewer)
    incoming = visible.filter(direction=Direction.INCOMING, arrival_date__year=year)
    outgoing = visible.filter(
        direction=Direction.OUTGOING, issued_date__year=year, issued_at__isnull=False
    )
    for row in (
        incoming.annotate(m=ExtractMonth("arrival_date")).values("m").annotate(n=Count("id"))
    ):
        stats.incoming_by_month[row["m"] - 1] = row["n"]
    for row in outgoing.annotate(m=ExtractMonth("issued_date")).values("m").annotate(n=Count("id")):
        stats.outgoing_by_month[row["m"] - 1] = row["n"]
    stats.incoming = sum(stats.incoming_by_month)
    stats.outgoing = sum(stats.outgoing_by_month)
    inc = incoming.aggregate(
        digitizable=Count("id", filter=Q(secrecy=0)),
        digitized=Count("id", filter=Q(secrecy=0, has_file=True)),
        open_handling=Count("id", filter=Q(status__in=OPEN_INCOMING)),
    )
    out = outgoing.aggregate(
        signable=Count("id", filter=Q(secrecy=0)),
        signed=Count("id", filter=Q(secrecy=0, digitally_signed=True)),
    )
    stats.digitizable, stats.digitized = inc["digitizable"], inc["digitized"]
    stats.open_handling = inc["open_handling"]
    stats.signable, stats.signed = out["signable"], out["signed"]
    stats.overdue = (
        keeper.document_ids(
            documents=incoming.values("pk"), overdue_on=today, top_only=True, handling_only=True
        )
        .distinct()
        .count()
    )
    stats.by_type = [
        (row["document_type__name"], row["n"])
        for row in incoming.values("document_type__name").annotate(n=Count("id")).order_by("-n")[:8]
    ]
    return stats
