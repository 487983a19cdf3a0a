"""What the assignments app adds to other pages: the document page's panel."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from partydesk.accounts.actor import Actor
from partydesk.assignments.models import SourceKind
from partydesk.assignments.permissions import ASSIGN
from partydesk.assignments.selectors.assignments import assignments_of_source
from partydesk.core.dashboard import Panel
from partydesk.core.http import acting

if TYPE_CHECKING:
    from partydesk.documents.models import Document


def document_panels(request: HttpRequest, document: Document) -> list[Panel]:
    """The document's assignments and their state, and the way to give more from it."""
    actor = acting(request)
    if not isinstance(actor, Actor) or actor.scope is None:
        return []
    kind = SourceKind.INCOMING if document.direction == "incoming" else SourceKind.DIRECTIVE
    rows = list(assignments_of_source(actor, kind, document.pk))
    can_give = actor.can(ASSIGN)
    if not rows and not can_give:
        return []
    return [
        Panel(
            title=_("Assignments from this document"),
            template="assignments/panels/document.html",
            context={
                "rows": rows,
                "document": document,
                "can_give": can_give,
                "today": timezone.localdate(),
            },
            count=len(rows),
            order=50,
        )
    ]
