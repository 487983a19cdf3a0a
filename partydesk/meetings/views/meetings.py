"""Meeting pages: the list, scheduling one, its page, invitations, answers, the .ics file."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partydesk.accounts.actor import AuthenticatedRequest
from partydesk.accounts.selectors.users import user_list_for
from partydesk.core.errors import DomainError
from partydesk.core.http import file_response
from partydesk.meetings.forms import (
    AgendaItemForm,
    AnswerForm,
    AttachDocumentForm,
    CommentForm,
    ConclusionAssignForm,
    ConclusionForm,
    MaterialForm,
    MeetingForm,
)
from partydesk.meetings.models import Meeting, Role
from partydesk.meetings.permissions import ORGANIZE, materials_open_at
from partydesk.meetings.selectors.agenda import agenda_for
from partydesk.meetings.selectors.attendance import sites_listed
from partydesk.meetings.selectors.conclusions import conclusions_for
from partydesk.meetings.selectors.meetings import (
    kind_list_for,
    meeting_list_for,
    meeting_with_people_get_for,
    participant_of,
)
from partydesk.meetings.selectors.minutes import minutes_of
from partydesk.meetings.services.attendance import can_run_attendance
from partydesk.meetings.services.conclusions import (
    can_assign_conclusions,
    can_record_conclusions,
)
from partydesk.meetings.services.invitations import (
    invitation_answer,
    meeting_calendar,
    meeting_invite,
)
from partydesk.meetings.services.meetings import meeting_create
from partydesk.organizations.models import Organization
from partydesk.organizations.selectors.organizations import organization_subtree

PEOPLE_SHOWN = 500
SITES_SHOWN = 30  # the main site and the first others; the attendance page pages them all


@login_required
def meeting_list(request: AuthenticatedRequest) -> HttpResponse:
    actor = request.actor
    context = {
        "upcoming": list(meeting_list_for(actor, upcoming=True)[:100]),
        "past": list(meeting_list_for(actor, upcoming=False)[:30]),
        "can_organize": actor.can(ORGANIZE),
    }
    return render(request, "meetings/list.html", context)


@login_required
def meeting_new(request: AuthenticatedRequest) -> HttpResponse:
    scope = request.actor.require(ORGANIZE)
    kinds = {k.pk: k for k in kind_list_for(scope)}
    users = {u.pk: u for u in user_list_for(scope)[:PEOPLE_SHOWN]}
    form = MeetingForm(
        request.POST or None,
        kinds=[(pk, k.label) for pk, k in kinds.items()],
        people=[(pk, str(u)) for pk, u in users.items()],
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            made = meeting_create(
                actor=request.actor,
                organization=scope,
                kind=kinds[data["kind"]],
                title=data["title"],
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                main_site=data["main_site"],
                sites=data["sites"].splitlines(),
                chair=users.get(data["chair"]) if data["chair"] else None,
                secretary=users.get(data["secretary"]) if data["secretary"] else None,
                members=[users[pk] for pk in data["members"]],
                guests=[users[pk] for pk in data["guests"]],
                confidential=data["confidential"] or None,
                description=data["description"],
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))
        else:
            messages.success(request, _("The meeting was scheduled. Send the invitations."))
            return redirect("meetings:detail", made.pk)
    status = 400 if form.is_bound else 200
    return render(request, "meetings/new.html", {"form": form}, status=status)


def people_of(meeting: Meeting) -> dict[int, Any]:
    """The meeting's participants' accounts, by id (presenters are chosen among them)."""
    return {p.user_id: p.user for p in meeting.participants.all()}


@dataclass
class Owners:
    """The units and people a conclusion may be given to (the organizer's subtree)."""

    units: dict[int, Organization]
    people: dict[int, Any]

    @classmethod
    def of(cls, meeting: Meeting) -> Owners:
        units = organization_subtree(meeting.organization).order_by("path")
        people = user_list_for(meeting.organization)[:PEOPLE_SHOWN]
        return cls({u.pk: u for u in units}, {u.pk: u for u in people})

    def form(self, conclusion_pk: int, data: Any = None) -> ConclusionAssignForm:
        return ConclusionAssignForm(
            data,
            prefix=f"c{conclusion_pk}",
            units=[(pk, str(u)) for pk, u in self.units.items()],
            people=[(pk, str(u)) for pk, u in self.people.items()],
        )


def conclusions_context(
    request: AuthenticatedRequest,
    meeting: Meeting,
    *,
    add_form: ConclusionForm | None = None,
    assign_form: ConclusionAssignForm | None = None,
    assign_for: int | None = None,
) -> dict[str, Any]:
    """The conclusions with, for those who record them, the forms (a bound one after a
    refusal, so what was typed stays)."""
    records = can_record_conclusions(request.actor, meeting)
    owners = Owners.of(meeting) if can_assign_conclusions(request.actor, meeting) else None
    rows = []
    for shown in conclusions_for(request.actor, meeting):
        form = None
        if owners is not None:
            pk = shown.conclusion.pk
            form = assign_form if assign_for == pk else owners.form(pk)
        rows.append((shown, form))
    items = [(i.pk, f"{i.position}. {i.title}") for i in meeting.items.all()]
    return {
        "conclusions": rows,
        "records_conclusions": records,
        "today": timezone.localdate(),
        "conclusion_form": add_form or ConclusionForm(items=items),
    }


def _detail(
    request: AuthenticatedRequest,
    meeting: Meeting,
    form: AnswerForm,
    status: int = 200,
    **conclusions: Any,
) -> HttpResponse:
    people = list(meeting.participants.all())
    sites = sites_listed(meeting)
    sites_total = sites.count()
    agenda, materials_open = agenda_for(request.actor, meeting)
    open_ = meeting.closed_at is None
    organizes = request.actor.can(ORGANIZE, on=meeting.organization)
    context = {
        **conclusions_context(request, meeting, **conclusions),
        "agenda": agenda,
        "runs_votes": open_ and can_run_attendance(request.actor, meeting),
        "materials_open": materials_open,
        "opens_at": materials_open_at(meeting),
        "item_form": AgendaItemForm(people=[(p.user_id, str(p.user)) for p in people]),
        "attach_form": AttachDocumentForm(),
        "material_form": MaterialForm(),
        "comment_form": CommentForm(),
        "meeting": meeting,
        "sites": sites[:SITES_SHOWN],
        "sites_total": sites_total,
        "sites_more": max(sites_total - SITES_SHOWN, 0),
        "mine": participant_of(meeting, request.user.pk),
        "answer_form": form,
        "can_organize": open_ and organizes,
        "can_close": open_ and organizes and meeting.cancelled_at is None,
        "minutes": minutes_of(meeting),
        "organizes": organizes,
        "runs_meeting": can_run_attendance(request.actor, meeting),
        "members": [p for p in people if p.role == Role.MEMBER],
        "guests": [p for p in people if p.role == Role.GUEST],
    }
    return render(request, "meetings/detail.html", context, status=status)


@login_required
def meeting_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting = meeting_with_people_get_for(request.actor, pk)
    return _detail(request, meeting, AnswerForm(initial={"attend": "1"}))


@login_required
@require_POST
def meeting_invite_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting = meeting_with_people_get_for(request.actor, pk)
    try:
        count = meeting_invite(actor=request.actor, meeting=meeting)
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("Invitations sent to %(n)s people.") % {"n": count})
    return redirect("meetings:detail", meeting.pk)


@login_required
@require_POST
def meeting_answer(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting = meeting_with_people_get_for(request.actor, pk)
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            invitation_answer(
                actor=request.actor,
                meeting=meeting,
                attend=form.cleaned_data["attend"],
                reason=form.cleaned_data["reason"],
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))
        else:
            messages.success(request, _("Your answer was recorded."))
            return redirect("meetings:detail", meeting.pk)
    return _detail(request, meeting, form, status=400)


@login_required
def meeting_ics(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting = meeting_with_people_get_for(request.actor, pk)
    name = f"meeting-{meeting.pk}.ics"
    return file_response(meeting_calendar(meeting), name, "text/calendar; charset=utf-8")
