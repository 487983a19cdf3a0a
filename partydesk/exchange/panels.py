"""Exchange's panels: on the document page (documents' detail panel hook) where the
recipients of a released document are and the recipient clerk's refusal of an arrival; on
the dashboard, the office's packages still without a receipt."""

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
from partydesk.exchange.selectors.statuses import package_counts_for, packages_waiting_for

SHOWN = 8
COUNTED = 100  # "100+" beyond: the list page has them all


def document_panels(request: HttpRequest, document: Document) -> list[Panel]:
    if document.direction == Direction.OUTGOING and document.released_at is not None:
        counts = package_counts_for(document)
        if not counts:
            return []
        rows = [(_("No status yet"), counts.pop("", 0))] if "" in counts else []
        rows += [(str(code.label), counts[code]) for code in StatusCode if code in counts]
        return [
            Panel(
                title=_("Delivery statuses"),
                template="exchange/panels/delivery.html",
                context={"document": document, "rows": rows},
                count=sum(n for _label, n in rows),
            )
        ]
    if request.user.is_authenticated and can_refuse_arrival(request.user, document):  # type: ignore[arg-type]
        return [
            Panel(
                title=_("Refuse this arrival"),
                template="exchange/panels/refuse.html",
                context={"document": document},
            )
        ]
    return []


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
