"""Dashboard panels of the documents module: urgent incoming, overdue handling, waiting
for my review/approval/signature (unread notifications are the core's panel)."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from partydesk.accounts.actor import Actor
from partydesk.core.dashboard import Panel
from partydesk.core.http import acting
from partydesk.documents.member_panels import is_member_desk, member_document_panels
from partydesk.documents.selectors.dashboard import work_waiting_for


def document_panels(request: HttpRequest) -> list[Panel]:
    """Panels for the person's dashboard (empty panels are left out)."""
    actor = acting(request)
    if not isinstance(actor, Actor) or actor.scope is None:
        return []
    if is_member_desk(actor):
        return member_document_panels(actor)
    work = work_waiting_for(actor, today=timezone.localdate())
    panels: list[Panel] = []
    if work.urgent:
        panels.append(
            Panel(
                title=_("Urgent incoming documents"),
                template="documents/panels/documents.html",
                context={"documents": work.urgent[:8], "kind": "urgent"},
                count=len(work.urgent),
                order=5,
                urgent=True,
            )
        )
    if work.overdue:
        panels.append(
            Panel(
                title=_("Overdue handling"),
                template="documents/panels/assignments.html",
                context={"assignments": work.overdue[:8], "kind": "overdue"},
                count=len(work.overdue),
                order=10,
                urgent=True,
            )
        )
    waiting = work.to_review + work.to_sign + work.to_issue + work.to_assign
    if waiting:
        panels.append(
            Panel(
                title=_("Waiting for my review, approval or signature"),
                template="documents/panels/waiting.html",
                context={"work": work},
                count=len(waiting),
                order=20,
            )
        )
    if work.assignments:
        panels.append(
            Panel(
                title=_("Documents I am handling"),
                template="documents/panels/assignments.html",
                context={"assignments": work.assignments[:8], "kind": "mine"},
                count=len(work.assignments),
                order=30,
            )
        )
    return panels
