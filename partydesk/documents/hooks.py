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
The assignments app, which owns every assignment, registers its keeper in `keeper.py`.
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
    from partydesk.documents.models import Document, DocumentRecipient


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
