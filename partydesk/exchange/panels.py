"""Exchange's panels: on the document page (documents' detail panel hook) where the
recipients of a released document are, its recall and versions, and the recipient clerk's
refusal of an arrival; on the dashboard, the office's packages still without a receipt and
its deliveries to peers that keep failing, and the packages peers delivered that wait for
its clerk to register them."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _

from partydesk.accounts.actor import Actor
from partydesk.core.dashboard import Panel
from partydesk.core.http import acting
from partydesk.documents.models import Direction, Document
from partydesk.documents.services.incoming import can_refuse_arrival
from partydesk.exchange.models import StatusCode
from partydesk.exchange.permissions import PACKAGE
from partydesk.exchange.selectors.business import (
    VersionLink,
    deliveries_failing_for,
    version_links_for,
)
from partydesk.exchange.selectors.packages import delivered_waiting_for
from partydesk.exchange.selectors.statuses import package_counts_for, packages_waiting_for

SHOWN = 8
COUNTED = 100  # "100+" beyond: the list page has them all


def document_panels(request: HttpRequest, document: Document) -> list[Panel]:
    if document.direction == Direction.OUTGOING and document.released_at is not None:
        counts = package_counts_for(document)
        links = version_links_for(document)
        can_act = bool(counts) and _can_act(request, document)
        panels = _versions_panel(document, links, can_act=can_act)
        if not counts:
            return panels
        rows = [(_("No status yet"), counts.pop("", 0))] if "" in counts else []
        rows += [(str(code.label), counts[code]) for code in StatusCode if code in counts]
        delivery = Panel(
            title=_("Delivery statuses"),
            template="exchange/panels/delivery.html",
            context={"document": document, "rows": rows},
            count=sum(n for _label, n in rows),
        )
        return [delivery, *panels]
    panels = _versions_panel(document, version_links_for(document), can_act=False)
    if request.user.is_authenticated and can_refuse_arrival(request.user, document):  # type: ignore[arg-type]
        panels.append(
            Panel(
                title=_("Refuse this arrival"),
                template="exchange/panels/refuse.html",
                context={"document": document},
            )
        )
    return panels


def _can_act(request: HttpRequest, document: Document) -> bool:
    actor = acting(request)
    return isinstance(actor, Actor) and actor.can(PACKAGE, on=document.organization)


def _versions_panel(document: Document, links: list[VersionLink], *, can_act: bool) -> list[Panel]:
    """What the sender recalled, updated or replaced, and the clerk's links to do it."""
    actions = can_act and not any(link.withdraws for link in links)
    if not links and not actions:
        return []
    return [
        Panel(
            title=_("Recall and versions"),
            template="exchange/panels/versions.html",
            context={"document": document, "links": links, "actions": actions},
        )
    ]


def waiting_panels(request: HttpRequest) -> list[Panel]:
    """Sent documents a recipient has not registered after one working day (one query)."""
    actor = acting(request)
    if not isinstance(actor, Actor) or actor.scope is None or not actor.can(PACKAGE):
        return []
    waiting = list(packages_waiting_for(actor.scope)[:COUNTED])
    if not waiting:
        return []
    return [
        Panel(
            title=_("Sent without a receipt"),
            template="exchange/panels/waiting.html",
            context={"packages": waiting[:SHOWN], "more": len(waiting) > SHOWN},
            count=len(waiting),
            order=25,
        )
    ]


def failing_panels(request: HttpRequest) -> list[Panel]:
    """Deliveries to peers that keep failing, with a retry for the clerks who can send."""
    actor = acting(request)
    if not isinstance(actor, Actor) or actor.scope is None or not actor.can(PACKAGE):
        return []
    failing = deliveries_failing_for(actor.scope, limit=COUNTED)
    if not failing:
        return []
    return [
        Panel(
            title=_("Deliveries failing"),
            template="exchange/panels/failing.html",
            context={"deliveries": failing[:SHOWN], "more": len(failing) > SHOWN},
            count=len(failing),
            order=24,
        )
    ]


def registration_panels(request: HttpRequest) -> list[Panel]:
    """Packages peers delivered that wait for the clerk to register them, oldest first
    (one query), for those who can register them."""
    actor = acting(request)
    if not isinstance(actor, Actor) or actor.scope is None or not actor.can(PACKAGE):
        return []
    waiting = list(delivered_waiting_for(actor.scope).order_by("delivered_at", "pk")[:COUNTED])
    if not waiting:
        return []
    return [
        Panel(
            title=_("Packages waiting to be registered"),
            template="exchange/panels/registration.html",
            context={"packages": waiting[:SHOWN], "more": len(waiting) > SHOWN},
            count=len(waiting),
            order=23,
        )
    ]
