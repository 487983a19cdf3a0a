"""API routes for meetings (/api/v1, ADR 0013), read through the same selectors as the pages
(a meeting the token's user may not see is a 404, whatever its organization), and a named
electronic vote cast through the same service; a refused rule is a JSON 400/403, a
malformed value a 422."""

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.pagination import paginate

from partydesk.accounts.actor import actor_of
from partydesk.core.api import Id, Paginated
from partydesk.core.errors import NotAllowed
from partydesk.meetings.selectors.agenda import agenda_for
from partydesk.meetings.selectors.attendance import attendance_of, site_rows
from partydesk.meetings.selectors.meetings import (
    meeting_action_get,
    meeting_get_for,
    meeting_list_for,
)
from partydesk.meetings.selectors.votes import vote_get, vote_result, votes_of
from partydesk.meetings.services.attendance import can_host, can_run_attendance
from partydesk.meetings.services.votes import vote_cast

router = Router(tags=["meetings"])

WhenIn = Literal["", "upcoming", "past"]


class SiteOut(Schema):
    id: int
    name: str
    is_main: bool
    host_id: int | None
    reported_count: int | None


class MeetingOut(Schema):
    id: int
    organization_id: int
    kind: str
    title: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    chair_id: int | None
    secretary_id: int | None
    confidential: bool
    invited_at: dt.datetime | None
    cancelled_at: dt.datetime | None
    closed_at: dt.datetime | None

    @staticmethod
    def resolve_kind(obj: Any) -> str:
        return str(obj.kind.code)


class MeetingDetailOut(MeetingOut):
    description: str
    sites: list[SiteOut]

    @staticmethod
    def resolve_sites(obj: Any) -> list[Any]:
        return list(obj.sites.all())


class AttachmentOut(Schema):
    id: int
    name: str
    document_id: int | None
    is_draft: bool


class ItemOut(Schema):
    id: int
    position: int
    title: str
    presenter_id: int | None
    starts_at: dt.datetime | None
    minutes: int | None
    attachments: list[AttachmentOut]
    hidden_attachments: int


class AgendaOut(Schema):
    materials_open: bool
    items: list[ItemOut]


class QuorumOut(Schema):
    counted: int
    present: int
    needed: int
    met: bool


class SiteAttendanceOut(Schema):
    site_id: int
    name: str
    checked_in: int
    reported: int | None


class AttendanceOut(Schema):
    checked_in_total: int
    reported_total: int
    quorum: QuorumOut | None
    sites: list[SiteAttendanceOut]


class VoteOut(Schema):
    id: int
    item_id: int
    question: str
    method: str
    opened_at: dt.datetime | None
    closed_at: dt.datetime | None
    for_count: int
    against_count: int
    abstain_count: int
    base: int
    needed: int
    passed: bool


class CastIn(Schema):
    choice: Literal["for", "against", "abstain"]


def _vote_row(vote: Any) -> VoteOut:
    result = getattr(vote, "result", None) or vote_result(vote)
    return VoteOut(
        id=vote.pk,
        item_id=vote.item_id,
        question=vote.question,
        method=vote.method,
        opened_at=vote.opened_at,
        closed_at=vote.closed_at,
        for_count=result.for_,
        against_count=result.against,
        abstain_count=result.abstain,
        base=result.base,
        needed=result.needed,
        passed=result.passed,
    )


@router.get("/meetings", response=list[MeetingOut])
@paginate(Paginated)
def meeting_list(request: HttpRequest, when: WhenIn = ""):
    """The meetings the token's user sees: their organization's (confidential ones only to
    the composition) and those they are invited to anywhere."""
    upcoming = {"": None, "upcoming": True, "past": False}[when]
    rows = meeting_list_for(actor_of(request), upcoming=upcoming)
    return rows if upcoming is not None else rows.order_by("-starts_at", "-id")


@router.get("/meetings/{meeting_id}", response=MeetingDetailOut)
def meeting_detail(request: HttpRequest, meeting_id: Id):
    return meeting_get_for(actor_of(request), meeting_id)


@router.get("/meetings/{meeting_id}/agenda", response=AgendaOut)
def meeting_agenda(request: HttpRequest, meeting_id: Id):
    """The items and the attachments the user may open (a confidential document they are
    not entitled to, or material not yet published, is only counted)."""
    actor = actor_of(request)
    items, is_open = agenda_for(actor, meeting_get_for(actor, meeting_id))
    return AgendaOut(
        materials_open=is_open,
        items=[
            ItemOut(
                id=row.item.pk,
                position=row.item.position,
                title=row.item.title,
                presenter_id=row.item.presenter_id,
                starts_at=row.item.starts_at,
                minutes=row.item.minutes,
                attachments=[
                    AttachmentOut(
                        id=a.pk, name=a.name, document_id=a.document_id, is_draft=a.is_draft
                    )
                    for a in row.attachments
                ],
                hidden_attachments=row.hidden,
            )
            for row in items
        ],
    )


@router.get("/meetings/{meeting_id}/attendance", response=AttendanceOut)
def meeting_attendance(request: HttpRequest, meeting_id: Id):
    """The live figures, for those who follow attendance on the page: the chair, the
    secretary, an organizer and the sites' hosts (others: 403)."""
    actor = actor_of(request)
    meeting = meeting_get_for(actor, meeting_id)
    if not can_run_attendance(actor, meeting) and not any(
        can_host(actor, s) for s in meeting.sites.all()
    ):
        raise NotAllowed(_("Only the chair, the secretary and the hosts follow attendance."))
    data = attendance_of(meeting)
    quorum = data.quorum
    return AttendanceOut(
        checked_in_total=data.checked_in_total,
        reported_total=data.reported_total,
        quorum=QuorumOut(
            counted=quorum.counted, present=quorum.present, needed=quorum.needed, met=quorum.met
        )
        if quorum is not None
        else None,
        sites=[
            SiteAttendanceOut(
                site_id=row.site.pk,
                name=row.site.name,
                checked_in=row.checked_in,
                reported=row.reported,
            )
            for row in site_rows(meeting)
        ],
    )


@router.get("/meetings/{meeting_id}/votes", response=list[VoteOut])
def meeting_votes(request: HttpRequest, meeting_id: Id):
    """Every vote of the meeting with its live result."""
    return [_vote_row(v) for v in votes_of(meeting_get_for(actor_of(request), meeting_id))]


@router.post("/meetings/{meeting_id}/votes/{vote_id}/cast", response=VoteOut)
def meeting_vote_cast(request: HttpRequest, meeting_id: Id, vote_id: Id, payload: CastIn):
    """A member's named electronic vote (again, replacing the earlier choice) while open."""
    actor = actor_of(request)
    vote = vote_get(meeting_action_get(actor, meeting_id), vote_id)
    vote_cast(actor=actor, vote=vote, choice=payload.choice)
    return _vote_row(vote_get(vote.item.meeting, vote.pk))
