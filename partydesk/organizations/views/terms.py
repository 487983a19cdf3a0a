"""Committee terms and positions of an organization, from its page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from partydesk.core.errors import DomainError
from partydesk.core.http import acting
from partydesk.organizations import forms, selectors, services
from partydesk.organizations.permissions import MANAGE_ORGS
from partydesk.organizations.views.common import (
    add_domain_error,
    confirm_then,
    require,
)
from partydesk.organizations.views.organizations import GET_POST, _back, _base, _org


@login_required
@GET_POST
def term_add(request: HttpRequest, org_id: int) -> HttpResponse:
    org = _org(request, org_id)
    require(request, MANAGE_ORGS, org)
    form = forms.TermForm(request.POST or None)

    def perform() -> HttpResponse:
        data = form.cleaned_data
        services.term_create(
            acting=acting(request),
            organization=org,
            name=data["name"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
        )
        messages.success(request, _("The term is recorded."))
        return _back(org)

    return confirm_then(
        request,
        form,
        "organizations/action.html",
        {
            **_base(request, org),
            "action_title": _("New committee term of %(name)s") % {"name": org.name},
            "confirm_text": _("Party documents are numbered per term from its first day."),
        },
        perform,
    )


@login_required
@GET_POST
def term_end(request: HttpRequest, org_id: int, term_id: int) -> HttpResponse:
    org = _org(request, org_id)
    require(request, MANAGE_ORGS, org)
    term = selectors.term_get_for(org, term_id)
    form = forms.TermEndForm(request.POST or None)

    def perform() -> HttpResponse:
        services.term_end(acting=acting(request), term=term, ends_on=form.cleaned_data["ends_on"])
        messages.success(request, _("The term is closed."))
        return _back(org)

    return confirm_then(
        request,
        form,
        "organizations/action.html",
        {
            **_base(request, org),
            "action_title": _("Close the term %(name)s") % {"name": term.name},
            "confirm_text": _("Close this term?"),
        },
        perform,
    )


@login_required
@GET_POST
def position_add(request: HttpRequest, org_id: int) -> HttpResponse:
    org = _org(request, org_id)
    require(request, MANAGE_ORGS, org)
    form = forms.PositionForm(request.POST or None, organization=org)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.position_assign(
                acting=acting(request),
                person=data["person"],
                organization=org,
                title=data["title"],
                title_other=data["title_other"],
                term=data["term"],
                starts_on=data["starts_on"],
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("The position is recorded."))
            return _back(org)
    return render(
        request,
        "organizations/action.html",
        {
            **_base(request, org),
            "form": form,
            "stage": "edit",
            "action_title": _("New position in %(name)s") % {"name": org.name},
        },
        status=422 if form.errors else 200,
    )


@login_required
@GET_POST
def position_end(request: HttpRequest, org_id: int, position_id: int) -> HttpResponse:
    org = _org(request, org_id)
    require(request, MANAGE_ORGS, org)
    position = selectors.position_get_for(org, position_id)
    form = forms.PositionEndForm(request.POST or None)

    def perform() -> HttpResponse:
        services.position_end(
            acting=acting(request), position=position, ends_on=form.cleaned_data["ends_on"]
        )
        messages.success(request, _("The position has ended."))
        return _back(org)

    return confirm_then(
        request,
        form,
        "organizations/action.html",
        {
            **_base(request, org),
            "action_title": _("End: %(position)s") % {"position": position},
            "confirm_text": _("End this position?"),
        },
        perform,
    )
