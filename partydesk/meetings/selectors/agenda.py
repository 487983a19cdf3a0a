"""The agenda as a person sees it: every item; the documents of the documents app only when
documents' own access lets them read each one (a confidential document they are not
entitled to is left out, only counted); materials only once published (organizers before)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.http import Http404
from django.utils import timezone

from partydesk.accounts.actor import Actor
from partydesk.documents.selectors.access import visible_documents
from partydesk.meetings.models import AgendaItem, Attachment, DraftComment, Meeting
from partydesk.meetings.permissions import ORGANIZE, materials_open
from partydesk.meetings.selectors.votes import vote_result


@dataclass
class ShownItem:
    item: AgendaItem
    attachments: list[Attachment] = field(default_factory=list)
    hidden: int = 0


def agenda_for(actor: Actor, meeting: Meeting) -> tuple[list[ShownItem], bool]:
    """The items with the attachments the actor may open; and whether materials are open."""
    items = list(
        AgendaItem.objects.filter(meeting=meeting)
        .select_related("presenter")
        .prefetch_related(
            "votes",
            Prefetch(
                "attachments",
                queryset=Attachment.objects.prefetch_related(
                    Prefetch("comments", queryset=DraftComment.objects.select_related("author"))
                ),
            ),
        )
    )
    is_open = materials_open(meeting, timezone.now()) or actor.can(
        ORGANIZE, on=meeting.organization
    )
    doc_ids = {a.document_id for i in items for a in i.attachments.all() if a.document_id}
    readable = (
        set(visible_documents(actor).filter(pk__in=doc_ids).values_list("pk", flat=True))
        if doc_ids and is_open
        else set()
    )
    shown: list[ShownItem] = []
    for item in items:
        row = ShownItem(item)
        for attachment in item.attachments.all():
            if not is_open:
                row.hidden += 1
            elif attachment.document_id is None or attachment.document_id in readable:
                row.attachments.append(attachment)
            else:
                row.hidden += 1
        for vote in item.votes.all():
            vote.item = item
            vote.result = vote_result(vote)  # type: ignore[attr-defined]
        shown.append(row)
    return shown, is_open


def attachment_get_for(actor: Actor, meeting: Meeting, pk: int) -> Attachment:
    """An attachment of the meeting the actor may open, else 404."""
    items, _open = agenda_for(actor, meeting)
    for row in items:
        for attachment in row.attachments:
            if attachment.pk == pk:
                return attachment
    raise Http404("attachment not found")


def item_get(meeting: Meeting, pk: int) -> AgendaItem:
    found = (
        AgendaItem.objects.filter(meeting=meeting, pk=pk).select_related("meeting__kind").first()
    )
    if found is None:
        raise Http404("agenda item not found")
    return found
