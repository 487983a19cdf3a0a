"""A party member's dashboard panels from the documents module: the documents addressed to
them or their cell, and what they must do. Someone with no desk in the office (no
documents.view) sees these instead of the office's work panels; each says so when empty."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from partydesk.accounts.actor import Actor
from partydesk.core.dashboard import Panel
from partydesk.documents.selectors.dashboard import documents_addressed_to, work_waiting_for

# The organizations module declares it; the default "member" role starts with it.
OWN_RECORD = "members.own_record"
SHOWN = 8


def is_member_desk(actor: Actor) -> bool:
    """A member's dashboard: their own record, without an office desk of their own."""
    return actor.can(OWN_RECORD) and not actor.can("documents.view")


def member_document_panels(actor: Actor) -> list[Panel]:
    """ "Documents addressed to me or my cell" and "What I must do" (4 queries or so)."""
    documents, total = documents_addressed_to(actor, limit=SHOWN)
    work = work_waiting_for(actor, today=timezone.localdate())
    return [
        Panel(
            title=_("What I must do"),
            template="documents/panels/member_tasks.html",
            context={"overdue": work.overdue[:SHOWN], "open": work.assignments[:SHOWN]},
            count=len(work.overdue) + len(work.assignments),
            order=50,
            urgent=bool(work.overdue),
            urgent_count=len(work.overdue),
        ),
        Panel(
            title=_("Documents addressed to me or my cell"),
            template="documents/panels/addressed.html",
            context={"documents": documents, "more": total - len(documents)},
            order=55,
        ),
    ]
