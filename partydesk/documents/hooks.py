"""Where apps above documents plug into it without documents importing them (ADR 0018).

Exchange tracks each delivery of a released document and reports the recipient's progress
back to the sender; documents knows nothing of exchange. An app registers, in its
AppConfig.ready():
- a release observer, called inside the release's transaction with the recipients the
  release hands to the outbox (so what it writes commits or rolls back with the release);
- an incoming observer, called inside the transaction in which an incoming document of this
  installation arrives or moves along its workflow (assigned, in progress, completed,
  refused, ...). It only writes down what must follow (exchange: an outbox message), so
  that it commits with the step and is done after the commit, retried until it succeeds;
  the slow or fallible work never runs while the step is open and never undoes it;
- a detail panel provider, whose panels (core's `Panel`) the document page draws after its
  own sections, as the dashboard does;
- a delivery router, called inside the release's transaction with the recipients it is about
  to hand to the outbox: it returns the outbox kind of the recipients it takes (exchange:
  those served by another installation) and may refuse the release (a classified document
  on a route that leaves the installation). Recipients no router takes are delivered
  locally (ADR 0017); the idempotency key is the same whichever route (ADR 0020);
- an assignment keeper (ADR 0023): the assignments app, which owns every assignment. The
  handling services tell it of each assignment they make (`assignment_create`), start,
  reopen (`assignment_progress`) or complete (`assignment_complete`), inside their
  transaction, so that both commit or roll back together. Documents still keeps its own
  `IncomingAssignment` rows, which its pages read, until a later migration drops them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.http import HttpRequest
from django.utils import timezone

from partydesk.core.dashboard import Panel

if TYPE_CHECKING:
    from partydesk.accounts.models import User
    from partydesk.documents.models import Document, DocumentRecipient, IncomingAssignment


@dataclass(frozen=True)
class IncomingMoved:
    """An incoming document arrived or moved: `status` is where it is now (a documents
    `Status` value), `action` the verb of its history row (`delivered`, `assigned`,
    `handling_started`, `completed`, `refused`, ...)."""

    document_id: int
    organization_id: int
    source_document_id: int | None
    status: str
    action: str
    actor_id: int | None
    at: dt.datetime
    reason: str = ""


@dataclass(frozen=True)
class AssignmentMade:
    """An assignment made while an incoming document is handled (a leader's, or a unit's
    passed on to one of its people: then `parent_id` is the unit's)."""

    incoming_assignment_id: int
    parent_id: int | None
    document_id: int
    organization_id: int
    title: str
    source_label: str
    role: str
    unit_id: int | None
    user_id: int | None
    assigner_id: int | None
    instruction: str
    working_days: int | None
    deadline: dt.date | None
    start_date: dt.date
    restricted: bool
    state: str = "open"
    report: str = ""
    completed_at: dt.datetime | None = None
    created_at: dt.datetime | None = None


@dataclass(frozen=True)
class AssignmentChanged:
    """Assignments (documents' ids) moved to `state` (`in_progress` or `done`)."""

    incoming_assignment_ids: tuple[int, ...]
    state: str
    action: str
    actor_id: int | None
    report: str = ""


@dataclass(frozen=True)
class AssignmentKeeper:
    create: Callable[[AssignmentMade], None]
    change: Callable[[AssignmentChanged], None]


ReleaseObserver = Callable[["Document", Sequence["DocumentRecipient"], "User | None"], None]
IncomingObserver = Callable[[IncomingMoved], None]
IncomingBatchObserver = Callable[[Sequence[IncomingMoved]], None]
DetailPanelProvider = Callable[[HttpRequest, "Document"], list[Panel]]
DeliveryRouter = Callable[["Document", Sequence["DocumentRecipient"]], Mapping[int, str]]

_release_observers: list[ReleaseObserver] = []
_incoming_observers: list[IncomingObserver] = []
_incoming_batches: dict[IncomingObserver, IncomingBatchObserver] = {}
_detail_panels: list[DetailPanelProvider] = []
_delivery_routers: list[DeliveryRouter] = []
_assignment_keepers: list[AssignmentKeeper] = []


def _add(registry: list, item: object) -> None:  # type: ignore[type-arg]
    if item not in registry:  # idempotent: a reloaded app does not register twice
        registry.append(item)


def release_observe(observer: ReleaseObserver) -> ReleaseObserver:
    """Call `observer(document, recipients, actor)` in every release's transaction."""
    _add(_release_observers, observer)
    return observer


def incoming_observe(
    observer: IncomingObserver, *, many: IncomingBatchObserver | None = None
) -> IncomingObserver:
    """Tell `observer`, in its transaction, of every arrival and move of an incoming
    document; `many`, if given, takes a batch of them at once (a release registered at
    thousands of recipients) instead of one call each."""
    _add(_incoming_observers, observer)
    if many is not None:
        _incoming_batches[observer] = many
    return observer


def detail_panel_register(provider: DetailPanelProvider) -> DetailPanelProvider:
    """Add panels to the document page."""
    _add(_detail_panels, provider)
    return provider


def delivery_route_register(router: DeliveryRouter) -> DeliveryRouter:
    """Let `router(document, recipients)` choose the outbox kind of some recipients."""
    _add(_delivery_routers, router)
    return router


def delivery_kinds(document: Document, recipients: Sequence[DocumentRecipient]) -> dict[int, str]:
    """The outbox kind of each recipient organization a router takes (by organization id);
    the others are local. A router may raise a domain error to refuse the release."""
    kinds: dict[int, str] = {}
    for router in _delivery_routers:
        for organization_id, kind in router(document, recipients).items():
            kinds.setdefault(organization_id, kind)
    return kinds


def assignment_keeper_register(keeper: AssignmentKeeper) -> AssignmentKeeper:
    """The app that owns assignments (there is one: the assignments app)."""
    _add(_assignment_keepers, keeper)
    return keeper


def assignment_start(assignment: IncomingAssignment, document: Document) -> dt.date:
    """When the work began: the document's arrival (or the assignment's making), never
    after its deadline."""
    start = document.arrival_date or timezone.localdate(assignment.created_at)
    return min(start, assignment.deadline) if assignment.deadline else start


def assignment_made(assignment: IncomingAssignment, document: Document) -> AssignmentMade:
    """What the assignments app is told of one of documents' assignments."""
    return AssignmentMade(
        incoming_assignment_id=assignment.pk,
        parent_id=assignment.parent_id,
        document_id=document.pk,
        organization_id=document.organization_id,
        title=document.subject[:300],
        source_label=document.symbol or "",
        role=assignment.role,
        unit_id=assignment.organization_id,
        user_id=assignment.user_id,
        assigner_id=assignment.assigned_by_id,
        instruction=assignment.instruction,
        working_days=assignment.working_days,
        deadline=assignment.deadline,
        start_date=assignment_start(assignment, document),
        restricted=bool(document.secrecy),
        state=assignment.status,
        report=assignment.report,
        completed_at=assignment.completed_at,
        created_at=assignment.created_at,
    )


def assignment_create(made: AssignmentMade) -> None:
    """Hand a new assignment to the keeper (in the caller's transaction)."""
    for keeper in _assignment_keepers:
        keeper.create(made)


def _change(ids: Sequence[int], state: str, action: str, actor: User | None, report: str) -> None:
    if not ids:
        return
    change = AssignmentChanged(
        tuple(ids), state, action, actor.pk if actor is not None else None, report
    )
    for keeper in _assignment_keepers:
        keeper.change(change)


def assignment_progress(
    ids: Sequence[int], *, actor: User | None, action: str = "started", note: str = ""
) -> None:
    """Assignments are being worked on (again: `action="reopened"`)."""
    _change(ids, "in_progress", action, actor, note)


def assignment_complete(ids: Sequence[int], *, actor: User | None, report: str) -> None:
    """Assignments are done, with the completion report."""
    _change(ids, "done", "completed", actor, report)


def released(
    document: Document, recipients: Sequence[DocumentRecipient], actor: User | None
) -> None:
    """The release hands `recipients` to the outbox (called inside its transaction)."""
    for observer in _release_observers:
        observer(document, recipients, actor)


def incoming_moved(
    document: Document, *, action: str, actor: User | None, reason: str = ""
) -> None:
    """Tell the incoming observers that `document` arrived or moved (in the caller's
    transaction: what they write commits or rolls back with the step)."""
    if not _incoming_observers:
        return
    event = IncomingMoved(
        document_id=document.pk,
        organization_id=document.organization_id,
        source_document_id=document.source_document_id,
        status=document.status,
        action=action,
        actor_id=actor.pk if actor is not None else None,
        at=timezone.now(),
        reason=reason,
    )
    for observer in _incoming_observers:
        observer(event)


def incoming_moved_many(documents: Sequence[Document], *, action: str, actor: User | None) -> None:
    """`incoming_moved` for many documents in one step (the bulk arrival): an observer's
    batch form gets them all at once, the others one by one."""
    if not _incoming_observers or not documents:
        return
    at = timezone.now()
    events = [
        IncomingMoved(
            document_id=d.pk,
            organization_id=d.organization_id,
            source_document_id=d.source_document_id,
            status=d.status,
            action=action,
            actor_id=actor.pk if actor is not None else None,
            at=at,
        )
        for d in documents
    ]
    for observer in _incoming_observers:
        many = _incoming_batches.get(observer)
        if many is not None:
            many(events)
        else:
            for event in events:
                observer(event)


def detail_panels_for(request: HttpRequest, document: Document) -> list[Panel]:
    """Every registered panel for this document page, by order."""
    panels = [panel for provider in _detail_panels for panel in provider(request, document)]
    return sorted(panels, key=lambda p: p.order)
