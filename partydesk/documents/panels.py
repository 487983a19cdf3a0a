"""Dashboard panels of the documents module: urgent incoming, overdue handling, waiting
for my review/approval/signature (unread notifications are the core's panel)."""

from __future__ import annotations

from collections.abc import Sequence

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
    # (items, title, template, what the template lists them as, kind, order, urgent)
    lists: list[tuple[Sequence[object], str, str, str, int, bool]] = [
        (work.urgent, _("Urgent incoming documents"), "documents", "urgent", 5, True),
        (work.overdue, _("Overdue handling"), "assignments", "overdue", 10, True),
        (work.assignments, _("Documents I am handling"), "assignments", "mine", 30, False),
    ]
    panels = [
        Panel(
            title=title,
            template=f"documents/panels/{name}.html",
            context={name: items[:8], "kind": kind},
            count=len(items),
            order=order,
            urgent=urgent,
        )
        for items, title, name, kind, order, urgent in lists
        if items
    ]
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
    return panels
