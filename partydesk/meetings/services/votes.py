"""Open votes (biểu quyết) on agenda items: opened and closed by the chair, the secretary
or an organizer; cast by members from their phone (named, replaceable while open) or
counted by a show of hands the secretary records."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partydesk.core.audit import audit_log
from partydesk.core.errors import InvalidInput, NotAllowed
from partydesk.core.http import Acting
from partydesk.meetings.models import AgendaItem, Cast, Choice, Participant, Role, Vote, VoteMethod
from partydesk.meetings.services.attendance import can_run_attendance
from partydesk.meetings.services.meetings import refuse_if_closed


def _audit(actor: Acting, action: str, vote: Vote, **details: object) -> None:
    meeting = vote.item.meeting
    audit_log(
        actor=actor.user,
        action=action,
        target=meeting,
        organization_id=meeting.organization_id,
        details={"vote": vote.pk, **details},
    )


@transaction.atomic
def vote_open(
    *,
    actor: Acting,
    item: AgendaItem,
    question: str,
    method: str,
    numerator: int = 1,
    denominator: int = 2,
    strict: bool = True,
    base: str = "members",
) -> Vote:
    """Put a question to the vote on an agenda item, with its majority rule."""
    if not can_run_attendance(actor, item.meeting):
        raise NotAllowed(_("Only the chair, the secretary or an organizer runs the votes."))
    refuse_if_closed(item.meeting, _("The meeting is closed: its votes can no longer change."))
    question = " ".join(question.split())
    if not question:
        raise InvalidInput(_("Write the question put to the vote."), field="question")
    if method not in VoteMethod.values:
        raise InvalidInput(_("Choose how the vote is taken."), field="method")
    if not 0 < numerator <= denominator:
        raise InvalidInput(_("The majority is a fraction of at most one."), field="numerator")
    vote = Vote.objects.create(
        item=item,
        question=question[:500],
        method=method,
        numerator=numerator,
        denominator=denominator,
        strict=strict,
        base=base,
    )
    _audit(actor, "meetings.vote.opened", vote)
    return vote


@transaction.atomic
def vote_cast(*, actor: Acting, vote: Vote, choice: str) -> Cast:
    """A member votes (again, replacing the earlier choice) while the vote is open."""
    refuse_if_closed(vote.item.meeting, _("The meeting is closed: its votes can no longer change."))
    locked = Vote.objects.select_for_update().get(pk=vote.pk)
    if locked.method != VoteMethod.ELECTRONIC or locked.closed_at is not None:
        raise NotAllowed(_("This vote is not open for electronic voting."))
    if choice not in Choice.values:
        raise InvalidInput(_("Choose for, against or abstain."), field="choice")
    user_id = getattr(actor.user, "pk", None)
    if (
        user_id is None
        or not Participant.objects.filter(
            meeting_id=vote.item.meeting_id, user_id=user_id, role=Role.MEMBER
        ).exists()
    ):
        raise NotAllowed(_("Only the meeting's members vote."))
    row, _created = Cast.objects.update_or_create(
        vote=locked, user_id=user_id, defaults={"choice": choice}
    )
    _audit(actor, "meetings.vote.cast", vote, choice=choice)
    return row


@transaction.atomic
def vote_hands_record(*, actor: Acting, vote: Vote, for_: int, against: int, abstain: int) -> Vote:
    """The secretary records the show of hands."""
    if not can_run_attendance(actor, vote.item.meeting):
        raise NotAllowed(_("Only the chair, the secretary or an organizer runs the votes."))
    refuse_if_closed(vote.item.meeting, _("The meeting is closed: its votes can no longer change."))
    if vote.method != VoteMethod.HANDS or vote.closed_at is not None:
        raise NotAllowed(_("This vote is not counted by a show of hands."))
    if min(for_, against, abstain) < 0:
        raise InvalidInput(_("A count cannot be negative."))
    Vote.objects.filter(pk=vote.pk).update(
        hands_for=for_, hands_against=against, hands_abstain=abstain
    )
    vote.refresh_from_db()
    _audit(actor, "meetings.vote.hands_recorded", vote, counts=[for_, against, abstain])
    return vote


@transaction.atomic
def vote_close(*, actor: Acting, vote: Vote) -> Vote:
    """Close the vote: the result is final."""
    if not can_run_attendance(actor, vote.item.meeting):
        raise NotAllowed(_("Only the chair, the secretary or an organizer runs the votes."))
    refuse_if_closed(vote.item.meeting, _("The meeting is closed: its votes can no longer change."))
    Vote.objects.filter(pk=vote.pk, closed_at__isnull=True).update(closed_at=timezone.now())
    vote.refresh_from_db()
    _audit(actor, "meetings.vote.closed", vote)
    return vote
