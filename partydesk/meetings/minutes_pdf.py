"""The minutes (biên bản) as a PDF in the Party layout, through the documents app's renderer
(as the vote-counting board's report). Always in Vietnamese: it is the official paper. Two
signing blocks close it, the secretary's (THƯ KÝ) on the left and the chair's (CHỦ TRÌ) on
the right, each with an empty signature field between the position and the name: the
secretary co-signs into the first (documents' co-signer field), the chair signs into the
second (the signer's field)."""

from __future__ import annotations

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from partydesk.documents.services.render import Layout, clean_body, place_date_line, render_pdf
from partydesk.meetings.minutes_text import person_name
from partydesk.meetings.models import Meeting


def minutes_pdf(meeting: Meeting, body: str, *, draft: bool = False) -> bytes:
    """Lay out the minutes' text (sanitized again here: a paragraph per line, no markup)."""
    organization = meeting.organization
    parent = organization.parent
    with translation.override("vi"):
        paragraphs = clean_body(body)
        layout = Layout(
            system="party",
            superior=parent.name.upper() if parent is not None else "",
            issuer=organization.name.upper(),
            # Numbered at issue: the office's seal fills the number into this field (as for
            # documents drafted in the documents app), so the sealed minutes print it.
            number_line="",
            number_slot=not draft,
            place_date=place_date_line(
                organization.place_name, timezone.localdate(meeting.starts_at)
            ),
            type_name=_("MINUTES"),
            subject=meeting.title,
            paragraphs=paragraphs,
            signer_position=_("CHAIR OF THE MEETING"),
            signer_name=person_name(meeting.chair) if meeting.chair_id else "",
            archive_line="",
            draft=draft,
            signature_slot=not draft,
            left_signer_position=_("SECRETARY"),
            left_signer_name=person_name(meeting.secretary) if meeting.secretary_id else "",
        )
        return render_pdf(layout)
