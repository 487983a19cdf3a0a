"""API routes for meetings (/api/v1, ADR 0013), read through the same selectors as the pages
(a meeting the token's user may not see is a 404, whatever its organization), and a named
electronic vote cast through the same service; a refused rule is a JSON 400/403, a
malformed value a 422."""

import datetime as dt
from typing import Annotated, Any, Literal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from partydesk.accounts.actor import actor_of
from partydesk.core.api import Id, Paginated
from partydesk.core.errors import NotAllowed
from partydesk.meetings.selectors.agenda import agenda_for
from partydesk.meetings.selectors.attendance import (
    SiteFilter,
    attendance_of,
    site_row,
    site_rows_found,
    sites_listed,
)
from partydesk.meetings.selectors.meetings import (
    meeting_get_for,
    meeting_list_for,
)
from partydesk.meetings.selectors.votes import vote_get, vote_result, votes_of
from partydesk.meetings.services.attendance import can_run_attendance
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
    """The sites are counted here and listed a page at a time at /meetings/{id}/sites (a
    national conference connects thousands)."""

    description: str
    sites_total: int
    main_site: SiteOut | None

    @staticmethod
    def resolve_sites_total(obj: Any) -> int:
        return sites_listed(obj).count()

    @staticmethod
    def resolve_main_site(obj: Any) -> Any:
        return sites_listed(obj).filter(is_main=True).first()


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
    """A site read through `site_rows_found` (its figures are annotations of the query)."""

    site_id: int
    name: str
    is_main: bool
    checked_in: int
    reported: int | None
    expected: int

    @staticmethod
    def resolve_site_id(obj: Any) -> int:
        return int(obj.pk)

    @staticmethod
    def resolve_checked_in(obj: Any) -> int:
        return site_row(obj).checked_in

    @staticmethod
    def resolve_reported(obj: Any) -> int | None:
        return site_row(obj).reported

    @staticmethod
    def resolve_expected(obj: Any) -> int:
        return site_row(obj).expected


class AttendanceOut(Schema):
    """The totals over every site; the sites themselves a page at a time at
    /meetings/{id}/attendance/sites (a national conference connects thousands)."""

    checked_in_total: int
    reported_total: int
    quorum: QuorumOut | None
    sites_total: int
    sites_reported: int


SiteState = Literal["", "reported", "unreported", "below"]


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
    """The meeting with the number of its sites and its main site (two queries more,
    whatever the number of sites)."""
    return meeting_get_for(actor_of(request), meeting_id)


@router.get("/meetings/{meeting_id}/sites", response=list[SiteOut])
@paginate(Paginated)
def meeting_sites(
    request: HttpRequest, meeting_id: Id, q: Annotated[str, Field(max_length=200)] = ""
):
    """The meeting's sites, the main site first, then in Vietnamese order; `q` finds a part
    of the name without diacritics."""
    return sites_listed(meeting_get_for(actor_of(request), meeting_id), query=q)


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


def _attendance_meeting(request: HttpRequest, meeting_id: int) -> tuple[Any, bool]:
    """The meeting, for those who follow attendance: the chair, the secretary, an organizer
    (True) and the sites' hosts (False); others: 403."""
    actor = actor_of(request)
    meeting = meeting_get_for(actor, meeting_id)
    runs = can_run_attendance(actor, meeting)
    if not runs and not meeting.sites.filter(host_id=actor.user.pk).exists():
        raise NotAllowed(_("Only the chair, the secretary and the hosts follow attendance."))
    return meeting, runs


@router.get("/meetings/{meeting_id}/attendance", response=AttendanceOut)
def meeting_attendance(request: HttpRequest, meeting_id: Id):
    """The live figures, for those who follow attendance on the page: the chair, the
    secretary, an organizer and the sites' hosts (others: 403)."""
    meeting, _runs = _attendance_meeting(request, meeting_id)
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
        sites_total=data.sites_total,
        sites_reported=data.sites_reported,
    )


@router.get("/meetings/{meeting_id}/attendance/sites", response=list[SiteAttendanceOut])
@paginate(Paginated)
def meeting_attendance_sites(
    request: HttpRequest, meeting_id: Id, q: Annotated[str, Field(max_length=200)] = "",
    state: SiteState = "",
):  # fmt: skip
    """The sites with their figures, the main site first, then in Vietnamese order; `q` finds
    a part of the name without diacritics, `state` filters by the host's count. A host who
    does not run the meeting gets their own sites only."""
    meeting, runs = _attendance_meeting(request, meeting_id)
    return site_rows_found(
        meeting,
        query=q,
        state=SiteFilter(state) if state else "",
        host_id=None if runs else actor_of(request).user.pk,
    )


@router.get("/meetings/{meeting_id}/votes", response=list[VoteOut])
def meeting_votes(request: HttpRequest, meeting_id: Id):
    """Every vote of the meeting with its live result."""
    return [_vote_row(v) for v in votes_of(meeting_get_for(actor_of(request), meeting_id))]


@router.post("/meetings/{meeting_id}/votes/{vote_id}/cast", response=VoteOut)
def meeting_vote_cast(request: HttpRequest, meeting_id: Id, vote_id: Id, payload: CastIn):
    """A member's named electronic vote (again, replacing the earlier choice) while open."""
    actor = actor_of(request)
    vote = vote_get(meeting_get_for(actor, meeting_id), vote_id)
    vote_cast(actor=actor, vote=vote, choice=payload.choice)
    return _vote_row(vote_get(vote.item.meeting, vote.pk))
