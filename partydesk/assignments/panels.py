"""What the assignments app adds to other pages: the document page's panel, the
dashboard's panels and its headline figure."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from partydesk.accounts.actor import Actor
from partydesk.assignments.models import Assignment, Role, SourceKind
from partydesk.assignments.permissions import ASSIGN, VIEW
from partydesk.assignments.selectors.assignments import (
    Filters,
    assignment_list_for,
    assignments_of_source,
)
from partydesk.core.calendar import add_working_days
from partydesk.core.dashboard import Figure, Panel
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


SHOWN = 8
COUNTED = 100


def _panel(title: str, rows: list[Assignment], today: dt.date, order: int) -> Panel:
    overdue = sum(1 for a in rows if a.is_overdue(today))
    return Panel(
        title=title,
        template="assignments/panels/work.html",
        context={"rows": rows[:SHOWN], "more": len(rows) > SHOWN, "today": today},
        count=len(rows),
        order=order,
        urgent=overdue > 0,
        urgent_count=overdue,
    )


def work_panels(request: HttpRequest) -> list[Panel]:
    """My work due within N working days or overdue (not work handled on a document's page:
    documents' desk lists it already); overdue work I gave (it rises to the assigner's
    dashboard). Two queries, each capped."""
    actor = acting(request)
    if not isinstance(actor, Actor) or actor.scope is None:
        return []
    today = timezone.localdate()
    soon = add_working_days(today, settings.PARTYDESK_ASSIGNMENT_WARN_DAYS)
    mine = list(
        assignment_list_for(actor, Filters(view="mine", state="active", due_before=soon))
        .exclude(role=Role.INFO)
        .exclude(on_document=True)[:COUNTED]
    )
    given = list(assignment_list_for(actor, Filters(view="by_me", state="overdue"))[:COUNTED])
    panels = []
    if mine:
        panels.append(_panel(_("My work due soon or overdue"), mine, today, 15))
    if given:
        panels.append(_panel(_("Overdue work I gave"), given, today, 16))
    return panels


def work_figures(request: HttpRequest, panels: Sequence[Panel]) -> list[Figure]:
    """The unit's overdue assignments (one count), for those who follow the unit's work."""
    actor = acting(request)
    if not isinstance(actor, Actor) or actor.scope is None or not actor.can(VIEW):
        return []
    overdue = assignment_list_for(actor, Filters(view="unit", state="overdue")).count()
    return [
        Figure(
            _("Overdue assignments in my unit"),
            overdue,
            icon="alert" if overdue else "check",
            order=40,
            tone="warn" if overdue else "ok",
        )
    ]
