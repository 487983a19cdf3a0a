"""Writes to the agenda: items, their documents (from the documents app, or uploaded as
meeting material), and participants' comments on drafts. Audited like every change."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from partydesk.core.audit import audit_log
from partydesk.core.errors import InvalidInput, NotAllowed
from partydesk.core.http import Acting
from partydesk.core.services.files import file_store
from partydesk.meetings.models import AgendaItem, Attachment, DraftComment, Meeting
from partydesk.meetings.permissions import is_in_composition, materials_open
from partydesk.meetings.services.meetings import meeting_check_organize, refuse_if_closed

MAX_MATERIAL_BYTES = 50 * 1024 * 1024


def _audit(actor: Acting, action: str, meeting: Meeting, **details: Any) -> None:
    audit_log(
        actor=actor.user,
        action=action,
        target=meeting,
        organization_id=meeting.organization_id,
        details=details or None,
    )


@transaction.atomic
def agenda_item_add(
    *,
    actor: Acting,
    meeting: Meeting,
    title: str,
    presenter: Any = None,
    starts_at: dt.datetime | None = None,
    minutes: int | None = None,
) -> AgendaItem:
    """Add an item at the end of the agenda."""
    meeting_check_organize(actor, meeting.organization)
    refuse_if_closed(meeting, _("The meeting is closed: its agenda can no longer change."))
    Meeting.objects.select_for_update().filter(pk=meeting.pk).first()
    title = " ".join(title.split())
    if not title:
        raise InvalidInput(_("Give the agenda item a title."), field="title")
    if starts_at is not None and not meeting.starts_at <= starts_at < meeting.ends_at:
        raise InvalidInput(_("The item's time must fall within the meeting."), field="starts_at")
    last = AgendaItem.objects.filter(meeting=meeting).aggregate(n=Max("position"))["n"] or 0
    item = AgendaItem.objects.create(
        meeting=meeting,
        position=last + 1,
        title=title[:300],
        presenter=presenter,
        starts_at=starts_at,
        minutes=minutes,
    )
    _audit(actor, "meetings.agenda.item_added", meeting, item=item.pk)
    return item


@transaction.atomic
def agenda_document_attach(
    *, actor: Acting, item: AgendaItem, document: Any, is_draft: bool = False
) -> Attachment:
    """Attach a document the actor reached through the documents app's selectors; it must
    be released (outgoing) or registered (incoming). Who may open it stays documents' rule."""
    meeting = item.meeting
    meeting_check_organize(actor, meeting.organization)
    refuse_if_closed(meeting, _("The meeting is closed: its agenda can no longer change."))
    if document.released_at is None and document.registered_at is None:
        raise InvalidInput(_("Only released or registered documents go on an agenda."))
    if Attachment.objects.filter(item=item, document=document).exists():
        raise InvalidInput(_("This document is already on this item."))
    row = Attachment.objects.create(
        item=item, document=document, name=str(document)[:300], is_draft=is_draft
    )
    _audit(actor, "meetings.agenda.document_attached", meeting, document=document.pk)
    return row


def agenda_material_upload(
    *,
    actor: Acting,
    item: AgendaItem,
    name: str,
    data: bytes,
    content_type: str,
    is_draft: bool = False,
) -> Attachment:
    """Upload meeting material (stored content-addressed by the core, before the
    transaction: writing the file is slow)."""
    meeting = item.meeting
    meeting_check_organize(actor, meeting.organization)
    refuse_if_closed(meeting, _("The meeting is closed: its agenda can no longer change."))
    if not data:
        raise InvalidInput(_("The file is empty."), field="file")
    if len(data) > MAX_MATERIAL_BYTES:
        raise InvalidInput(_("The file is larger than 50 MB."), field="file")
    stored = file_store(data=data, content_type=content_type or "application/octet-stream")
    with transaction.atomic():
        row = Attachment.objects.create(
            item=item,
            file=stored,
            name=(name.strip() or stored.sha256[:12])[:300],
            is_draft=is_draft,
        )
        _audit(actor, "meetings.agenda.material_uploaded", item.meeting, sha256=stored.sha256)
    return row


@transaction.atomic
def draft_comment_add(
    *,
    actor: Acting,
    attachment: Attachment,
    body: str,
    passage: str = "",
    now: dt.datetime | None = None,
) -> DraftComment:
    """A participant comments on a draft, on the whole or on a quoted passage, from the
    day materials are published until the meeting ends."""
    meeting = attachment.item.meeting
    if not is_in_composition(actor.user, meeting):
        raise NotAllowed(_("Only the meeting's participants comment on its drafts."))
    if not attachment.is_draft:
        raise NotAllowed(_("This document is not a draft open for comments."))
    now = now or timezone.now()
    if not materials_open(meeting, now) or now > meeting.ends_at:
        raise NotAllowed(
            _("Comments are open from the publication of materials to the end of the meeting.")
        )
    body = body.strip()
    if not body:
        raise InvalidInput(_("Write your comment."), field="body")
    row = DraftComment.objects.create(
        attachment=attachment, author=actor.user, passage=passage.strip()[:4000], body=body[:10000]
    )
    _audit(actor, "meetings.draft.commented", meeting, attachment=attachment.pk)
    return row
