"""The assigner's answer to a completion report: accepted with a quality mark (met,
exceeded or below requirements, which feeds the year's record), or returned for more work."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partydesk.assignments.models import Assignment, Quality, State
from partydesk.assignments.permissions import can_return, can_review
from partydesk.assignments.services.assignments import lock, move
from partydesk.assignments.services.common import UPDATED, lead_people, record, tell
from partydesk.core.errors import InvalidInput, NotAllowed
from partydesk.core.http import Acting


def _reviewable(actor: Acting, assignment: Assignment) -> Assignment:
    assignment = lock(assignment)
    if not can_review(actor, assignment):
        if assignment.state != State.DONE:
            raise InvalidInput(_("Only work reported done is accepted or returned."))
        if assignment.accepted_at is not None:
            raise InvalidInput(_("This completion report was already accepted."))
        raise NotAllowed(_("Only the assigner accepts or returns the work."))
    return assignment


@transaction.atomic
def assignment_accept(
    *, actor: Acting, assignment: Assignment, quality: str, note: str = ""
) -> Assignment:
    """Accept the completion report with its quality mark; the lead is told."""
    if quality not in Quality.values:
        raise InvalidInput(
            _("Choose the quality mark: exceeded, met or below requirements."), field="quality"
        )
    assignment = _reviewable(actor, assignment)
    note = note.strip()
    if quality == Quality.BELOW and not note:
        raise InvalidInput(_("Say what fell below requirements."), field="note")
    assignment.quality = quality
    assignment.accepted_at = timezone.now()
    assignment.save(update_fields=["quality", "accepted_at", "updated_at"])
    record(assignment, "accepted", actor=actor.user, note=note, details={"quality": quality})
    title = _("Work accepted (%(mark)s): %(title)s") % {
        "mark": Quality(quality).label,
        "title": assignment.title,
    }
    tell(lead_people(assignment), assignment, kind=UPDATED, title=title, skip=actor.user)
    return assignment


@transaction.atomic
def assignment_return(*, actor: Acting, assignment: Assignment, note: str) -> Assignment:
    """Send the work back to the lead (it is in progress again), saying what is missing."""
    assignment = _reviewable(actor, assignment)
    if not can_return(actor, assignment):
        raise InvalidInput(_("Work handled on a document is reopened on the document's page."))
    note = note.strip()
    if not note:
        raise InvalidInput(_("Say what is missing before it is accepted."), field="note")
    move(assignment, State.IN_PROGRESS, actor=actor.user, action="returned", note=note)
    title = _("Work returned for more: %(title)s") % {"title": assignment.title}
    tell(lead_people(assignment), assignment, kind=UPDATED, title=title, skip=actor.user)
    return assignment
