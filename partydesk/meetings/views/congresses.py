"""Congress pages (ADR 0024): the acting organization's congresses, recording one and
correcting it. Documents offers them to drafters and numbers their documents."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from partydesk.accounts.actor import AuthenticatedRequest
from partydesk.core.errors import DomainError
from partydesk.meetings.forms import CongressForm
from partydesk.meetings.models import Congress
from partydesk.meetings.permissions import ORGANIZE, VIEW
from partydesk.meetings.selectors.congresses import congress_get_for, congress_list_for
from partydesk.meetings.services.congresses import (
    CongressFields,
    congress_create,
    congress_update,
)


@login_required
def congress_list(request: AuthenticatedRequest) -> HttpResponse:
    actor = request.actor
    actor.require(VIEW)
    context = {"congresses": congress_list_for(actor), "can_organize": actor.can(ORGANIZE)}
    return render(request, "meetings/congresses.html", context)


def _fields(form: CongressForm) -> CongressFields:
    data = form.cleaned_data
    return CongressFields(name=data["name"], opens_on=data["opens_on"], closes_on=data["closes_on"])


def _save(request: AuthenticatedRequest, congress: Congress | None) -> HttpResponse:
    actor = request.actor
    scope = actor.require(ORGANIZE)
    initial = None
    if congress is not None:
        initial = {
            "name": congress.name,
            "opens_on": congress.opens_on,
            "closes_on": congress.closes_on,
        }
    form = CongressForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                if congress is None:
                    congress_create(actor=actor, organization=scope, fields=_fields(form))
                else:
                    congress_update(actor=actor, congress=congress, fields=_fields(form))
            except DomainError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))
            else:
                messages.success(request, _("Saved."))
                return redirect("meetings:congresses")
    context = {"form": form, "congress": congress}
    return render(request, "meetings/congress_edit.html", context, status=status)


@login_required
def congress_new(request: AuthenticatedRequest) -> HttpResponse:
    return _save(request, None)


@login_required
def congress_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _save(request, congress_get_for(request.actor, pk))
