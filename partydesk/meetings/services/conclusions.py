"""A meeting's conclusions (kết luận): recorded and corrected by the chair, the secretary or
an organizer while the meeting is not cancelled, and made assignments through the
assignments app's service (source kind "meeting conclusion", ADR 0023/0024)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from partydesk.assignments.services.assignments import Spec, assignment_create
from partydesk.assignments.sources import MEETING_CONCLUSION, NORMAL_PRIORITY
from partydesk.core.audit import audit_log
from partydesk.core.errors import InvalidInput, NotAllowed
from partydesk.core.http import Acting
from partydesk.meetings.models import AgendaItem, Conclusion, Meeting
from partydesk.meetings.services.attendance import can_run_attendance
from partydesk.meetings.services.meetings import refuse_if_closed
from partydesk.organizations.models import Organization

if TYPE_CHECKING:  # types only: meetings reaches assignments through its services
    from partydesk.accounts.models import User
    from partydesk.assignments.models import Assignment


def can_record_conclusions(actor: Acting, meeting: Meeting) -> bool:
    """Those who run the meeting (chair, secretary, organizers), until it is cancelled."""
    return (
        meeting.cancelled_at is None
        and meeting.closed_at is None
        and can_run_attendance(actor, meeting)
    )


def can_assign_conclusions(actor: Acting, meeting: Meeting) -> bool:
    """Work is still given from the conclusions after the meeting is closed."""
    return meeting.cancelled_at is None and can_run_attendance(actor, meeting)


def _check(actor: Acting, meeting: Meeting, *, editing: bool = True) -> None:
    if meeting.cancelled_at is not None:
        raise NotAllowed(_("The meeting was cancelled: its conclusions cannot change."))
    if editing:
        refuse_if_closed(meeting, _("The meeting is closed: its conclusions can no longer change."))
    if not can_run_attendance(actor, meeting):
        raise NotAllowed(
            _("Only the chair, the secretary or an organizer records the conclusions.")
        )


def _clean(meeting: Meeting, text: str, item: AgendaItem | None) -> str:
    text = text.strip()
    if not text:
        raise InvalidInput(_("Write the conclusion."), field="text")
    if item is not None and item.meeting_id != meeting.pk:
        raise InvalidInput(_("Choose an item of this meeting's agenda."), field="item")
    return text


def _audit(actor: Acting, action: str, conclusion: Conclusion, **details: object) -> None:
    meeting = conclusion.meeting
    audit_log(
        actor=actor.user,
        action=action,
        target=meeting,
        organization_id=meeting.organization_id,
        details={"conclusion": conclusion.pk, "position": conclusion.position, **details},
    )


@transaction.atomic
def conclusion_add(
    *, actor: Acting, meeting: Meeting, text: str, item: AgendaItem | None = None
) -> Conclusion:
    """Record a conclusion after the last one (the meeting's row is locked for the number)."""
    _check(actor, meeting)
    text = _clean(meeting, text, item)
    Meeting.objects.select_for_update().filter(pk=meeting.pk).first()
    last = Conclusion.objects.filter(meeting=meeting).aggregate(n=Max("position"))["n"] or 0
    conclusion = Conclusion.objects.create(
        meeting=meeting,
        item=item,
        position=last + 1,
        text=text,
        created_by=actor.user if getattr(actor.user, "pk", None) else None,
    )
    _audit(actor, "meetings.conclusion.recorded", conclusion)
    return conclusion


@transaction.atomic
def conclusion_edit(
    *, actor: Acting, conclusion: Conclusion, text: str, item: AgendaItem | None = None
) -> Conclusion:
    """Correct a conclusion's wording or its agenda item (assignments made from it keep
    the title they were given)."""
    meeting = conclusion.meeting
    _check(actor, meeting)
    text = _clean(meeting, text, item)
    conclusion.text, conclusion.item = text, item
    conclusion.save(update_fields=["text", "item", "updated_at"])
    _audit(actor, "meetings.conclusion.edited", conclusion)
    return conclusion


@dataclass(frozen=True)
class Owners:
    """Who takes the work on and by when (one lead: a unit or a person)."""

    deadline: dt.date | None
    lead_unit: Organization | None = None
    lead_user: User | None = None
    co_units: Sequence[Organization] = ()
    priority: int = NORMAL_PRIORITY


def conclusion_label(conclusion: Conclusion) -> str:
    return _("%(meeting)s, conclusion %(n)s") % {
        "meeting": conclusion.meeting.title,
        "n": conclusion.position,
    }


@transaction.atomic
def conclusion_assign(*, actor: Acting, conclusion: Conclusion, owners: Owners) -> Assignment:
    """Make the conclusion an assignment of the meeting's organization, through the
    assignments app (which checks that the actor may give work there, the lead and the
    units, writes its history and audit event and tells the lead)."""
    meeting = conclusion.meeting
    _check(actor, meeting, editing=False)
    if owners.deadline is None:
        raise InvalidInput(_("Give the deadline."), field="deadline")
    if owners.deadline < timezone.localdate():
        raise InvalidInput(
            _("The deadline (%(day)s) is in the past: choose today or a later day.")
            % {"day": owners.deadline.strftime("%d/%m/%Y")},
            field="deadline",
        )
    spec = Spec(
        title=" ".join(conclusion.text.split())[:300],
        content=conclusion.text,
        lead_unit=owners.lead_unit,
        lead_user=owners.lead_user,
        co_units=owners.co_units,
        deadline=owners.deadline,
        priority=owners.priority,
        source_kind=MEETING_CONCLUSION,
        source_id=conclusion.pk,
        source_label=conclusion_label(conclusion)[:300],
        details={"meeting": str(meeting.pk), "conclusion": str(conclusion.pk)},
    )
    assignment = assignment_create(actor=actor, organization=meeting.organization, spec=spec)
    _audit(actor, "meetings.conclusion.assigned", conclusion, assignment=assignment.pk)
    return assignment
