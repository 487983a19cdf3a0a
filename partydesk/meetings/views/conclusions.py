"""Conclusion pages: record one, correct it, make it an assignment. A refusal shows the
meeting page again with what was typed and the message next to its field."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partydesk.accounts.actor import AuthenticatedRequest
from partydesk.core.errors import DomainError
from partydesk.meetings.forms import AnswerForm, ConclusionForm
from partydesk.meetings.models import AgendaItem, Meeting
from partydesk.meetings.selectors.conclusions import conclusion_get
from partydesk.meetings.selectors.meetings import meeting_get_for
from partydesk.meetings.services.conclusions import (
    Owners,
    can_assign_conclusions,
    can_record_conclusions,
    conclusion_add,
    conclusion_assign,
    conclusion_edit,
)
from partydesk.meetings.views.meetings import Owners as Choices
from partydesk.meetings.views.meetings import _detail


def _runs(request: AuthenticatedRequest, meeting: Meeting, *, assign: bool = False) -> None:
    allowed = can_assign_conclusions if assign else can_record_conclusions
    if not allowed(request.actor, meeting):
        raise PermissionDenied(
            _("Only the chair, the secretary or an organizer records the conclusions.")
        )


def _items(meeting: Meeting) -> dict[int, AgendaItem]:
    return {i.pk: i for i in meeting.items.all()}


def _form(meeting: Meeting, data: object = None) -> ConclusionForm:
    items = [(pk, f"{i.position}. {i.title}") for pk, i in _items(meeting).items()]
    return ConclusionForm(data, items=items)


def _item_chosen(meeting: Meeting, form: ConclusionForm) -> AgendaItem | None:
    """The agenda item picked in a valid form, if any (the form offers this meeting's only)."""
    pk = form.cleaned_data["item"]
    return _items(meeting).get(pk) if pk else None


def _error(form: forms.BaseForm, error: DomainError) -> None:
    form.add_error(error.field if error.field in form.fields else None, str(error.message))


@login_required
@require_POST
def add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting = meeting_get_for(request.actor, pk)
    _runs(request, meeting)
    form = _form(meeting, request.POST)
    if form.is_valid():
        try:
            made = conclusion_add(
                actor=request.actor,
                meeting=meeting,
                text=form.cleaned_data["text"],
                item=_item_chosen(meeting, form),
            )
        except DomainError as error:
            _error(form, error)
        else:
            messages.success(request, _("The conclusion is recorded."))
            return redirect(
                reverse("meetings:detail", args=[meeting.pk]) + f"#conclusion-{made.pk}"
            )
    return _detail(request, meeting, AnswerForm(initial={"attend": "1"}), 400, add_form=form)


@login_required
def edit(request: AuthenticatedRequest, pk: int, conclusion: int) -> HttpResponse:
    meeting = meeting_get_for(request.actor, pk)
    found = conclusion_get(meeting, conclusion)
    found.meeting = meeting
    _runs(request, meeting)
    if request.method == "POST":
        form = _form(meeting, request.POST)
        if form.is_valid():
            try:
                conclusion_edit(
                    actor=request.actor,
                    conclusion=found,
                    text=form.cleaned_data["text"],
                    item=_item_chosen(meeting, form),
                )
            except DomainError as error:
                _error(form, error)
            else:
                messages.success(request, _("The conclusion is corrected."))
                url = reverse("meetings:detail", args=[meeting.pk])
                return redirect(f"{url}#conclusion-{found.pk}")
        status = 400
    else:
        form = _form(meeting)
        form.initial = {"text": found.text, "item": found.item_id}
        status = 200
    context = {"meeting": meeting, "conclusion": found, "form": form}
    return render(request, "meetings/conclusion_edit.html", context, status=status)


@login_required
@require_POST
def assign(request: AuthenticatedRequest, pk: int, conclusion: int) -> HttpResponse:
    meeting = meeting_get_for(request.actor, pk)
    found = conclusion_get(meeting, conclusion)
    found.meeting = meeting
    _runs(request, meeting, assign=True)
    choices = Choices.of(meeting)
    form = choices.form(found.pk, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        owners = Owners(
            deadline=data["deadline"],
            lead_unit=choices.units.get(data["lead_unit"]) if data["lead_unit"] else None,
            lead_user=choices.people.get(data["lead_user"]) if data["lead_user"] else None,
            co_units=[choices.units[u] for u in data["co_units"]],
            priority=data["priority"],
        )
        try:
            conclusion_assign(actor=request.actor, conclusion=found, owners=owners)
        except DomainError as error:
            _error(form, error)
        else:
            messages.success(request, _("The conclusion is now an assignment."))
            url = reverse("meetings:detail", args=[meeting.pk])
            return redirect(f"{url}#conclusion-{found.pk}")
    return _detail(
        request,
        meeting,
        AnswerForm(initial={"attend": "1"}),
        400,
        assign_form=form,
        assign_for=found.pk,
    )
