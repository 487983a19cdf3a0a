"""The minutes (biên bản): generated once the meeting is closed, edited by the secretary as
text, rendered in the Party layout and filed in the documents app's register as an outgoing
document through documents' own services (the secretary its co-signer and the chair its
signer, so it goes through documents' review, co-signature and signature steps). Every
step is audited."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from partydesk.core.audit import audit_log
from partydesk.core.errors import InvalidInput, NotAllowed
from partydesk.core.http import Acting
from partydesk.documents.selectors.reference import reference_data_for
from partydesk.documents.services.files import Upload, upload_prepare
from partydesk.documents.services.outgoing import DraftFields, outgoing_draft_create
from partydesk.documents.services.render import clean_body
from partydesk.meetings.minutes_pdf import minutes_pdf
from partydesk.meetings.minutes_text import minutes_draft
from partydesk.meetings.models import Meeting, Minutes
from partydesk.meetings.permissions import ORGANIZE
from partydesk.meetings.selectors.minutes import minutes_of

MINUTES_TYPE = "bien-ban"  # documents' default type "Biên bản" (BB)
MAX_CHARS = 100_000


def can_write_minutes(actor: Acting, meeting: Meeting) -> bool:
    """The secretary writes the minutes; an organizer does when the meeting has none."""
    user_id = getattr(actor.user, "pk", None)
    if meeting.secretary_id is not None:
        return user_id == meeting.secretary_id
    return actor.can(ORGANIZE, on=meeting.organization)


def _check(actor: Acting, meeting: Meeting) -> None:
    if not can_write_minutes(actor, meeting):
        raise NotAllowed(_("Only the secretary of the meeting writes its minutes."))
    if meeting.closed_at is None:
        raise NotAllowed(_("Close the meeting before writing its minutes."))


def _refuse_if_filed(minutes: Minutes | None) -> None:
    if minutes is not None and minutes.document_id is not None:
        raise NotAllowed(
            _("The minutes were filed: any change goes through their document's versions.")
        )


def minutes_body(meeting: Meeting) -> str:
    """The secretary's text, or the generated first draft when nothing is stored yet."""
    stored = minutes_of(meeting)
    return stored.body if stored is not None else minutes_draft(meeting)


def sanitize(body: str) -> str:
    """No markup, one paragraph per line (what the PDF lays out)."""
    if len(body) > MAX_CHARS:
        raise InvalidInput(_("The minutes are longer than 100,000 characters."), field="body")
    text = "\n".join(clean_body(body))
    if not text:
        raise InvalidInput(_("The minutes are empty."), field="body")
    return text


def _audit(actor: Acting, action: str, meeting: Meeting, **details: Any) -> None:
    audit_log(
        actor=actor.user,
        action=action,
        target=meeting,
        organization_id=meeting.organization_id,
        details=details or None,
    )


@transaction.atomic
def minutes_save(*, actor: Acting, meeting: Meeting, body: str) -> Minutes:
    """Store the secretary's text (sanitized) until the minutes are filed."""
    _check(actor, meeting)
    text = sanitize(body)
    existing = Minutes.objects.select_for_update().filter(meeting=meeting).first()
    _refuse_if_filed(existing)
    if existing is None:
        existing = Minutes.objects.create(meeting=meeting, body=text, edited_by=actor.user)
    else:
        existing.body, existing.edited_by = text, actor.user
        existing.save(update_fields=["body", "edited_by", "edited_at"])
    _audit(actor, "meetings.minutes.edited", meeting, chars=len(text))
    return existing


def _minutes_type(meeting: Meeting) -> Any:
    for kind in reference_data_for(meeting.organization).types:
        if kind.code == MINUTES_TYPE:
            return kind
    raise InvalidInput(_("The documents app has no “Minutes” document type."))


def minutes_file(*, actor: Acting, meeting: Meeting) -> Any:
    """File the minutes as an outgoing document of the organizer, its PDF laid out here, the
    secretary its co-signer and the chair its signer. The layout and reading the PDF run before
    the transaction; the documents app checks that the actor may draft and the chair sign."""
    _check(actor, meeting)
    _refuse_if_filed(minutes_of(meeting))
    if meeting.chair is None:
        raise InvalidInput(_("The meeting has no chair to sign its minutes."))
    body = sanitize(minutes_body(meeting))
    name = f"bien-ban-{slugify(meeting.title)[:60] or meeting.pk}.pdf"
    prepared = upload_prepare([Upload(name=name, data=minutes_pdf(meeting, body))])
    # The secretary co-signs before the chair (documents' co-signer step); a secretary who
    # chairs signs once, as the signer.
    secretary = meeting.secretary
    co_signers = [secretary] if secretary is not None and secretary != meeting.chair else []
    with translation.override("vi"):
        origin = _("Minutes of the meeting of %(day)s, filed from the meetings app.") % {
            "day": timezone.localdate(meeting.starts_at).strftime("%d/%m/%Y")
        }
    fields = DraftFields(
        document_type=_minutes_type(meeting),
        subject=meeting.title,
        signer=meeting.chair,
        co_signers=co_signers,
        description=origin,
    )
    with transaction.atomic():
        locked = Minutes.objects.select_for_update().filter(meeting=meeting).first()
        _refuse_if_filed(locked)
        document = outgoing_draft_create(
            actor=actor.user, organization=meeting.organization, fields=fields, file=prepared
        )
        now = timezone.now()
        if locked is None:
            locked = Minutes(meeting=meeting, body=body, edited_by=actor.user)
        locked.document, locked.filed_at = document, now
        locked.save()
        _audit(actor, "meetings.minutes.filed", meeting, document=document.pk)
    return document
