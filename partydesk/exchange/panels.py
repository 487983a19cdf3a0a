"""Exchange's panels on the document page (documents' detail panel hook): where the
recipients of a released document are, and the recipient clerk's refusal of an arrival."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _

from partydesk.core.dashboard import Panel
from partydesk.documents.models import Direction, Document
from partydesk.documents.services.incoming import can_refuse_arrival
from partydesk.exchange.models import StatusCode
from partydesk.exchange.selectors.statuses import package_counts_for


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
